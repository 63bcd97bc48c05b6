//! The `postMessage` API for pages that embed Memplay in an iframe:
//! in: `{type: "memplay:run", panes: [{title, code}]}`;
//! out: `{type: "memplay:ready"}` once the engine is loaded, and
//! `{type: "memplay:result", runs: [{title, ok, error, peak_bytes, final_bytes,
//! peak_objects, wall_ms, steps}]}` when the requested runs end.
//! Results are posted to the window that asked (any origin: they hold nothing private).

use memplay_protocol::export::RunResult;
use memplay_protocol::share::{SharedPane, MAX_PANES, MAX_TITLE_CHARS};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

#[derive(Deserialize)]
struct RunMessage {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    panes: Vec<SharedPane>,
}

#[derive(Serialize)]
struct ResultMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    runs: &'a [RunResult],
}

/// Listens for `memplay:run`; `on_run` gets the panes (at most four, titles cut to 40
/// characters). Dropping the listener stops listening.
pub struct ApiListener {
    closure: Closure<dyn FnMut(MessageEvent)>,
}

impl ApiListener {
    pub fn start(on_run: impl Fn(Vec<SharedPane>, JsValue) + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let Ok(message) = serde_wasm_bindgen::from_value::<RunMessage>(event.data()) else {
                return;
            };
            if message.kind != "memplay:run" || message.panes.is_empty() {
                return;
            }
            let panes = message
                .panes
                .into_iter()
                .take(MAX_PANES)
                .map(|p| SharedPane {
                    title: p.title.chars().take(MAX_TITLE_CHARS).collect(),
                    code: p.code,
                })
                .collect();
            let reply_to = event.source().map(JsValue::from).unwrap_or(JsValue::NULL);
            on_run(panes, reply_to);
        });
        window
            .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(ApiListener { closure })
    }
}

impl Drop for ApiListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "message",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// The embedding page, if this page is in a frame.
fn parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

fn post(target: &JsValue, message: &JsValue) {
    // `postMessage(message, "*")` on a Window or a MessagePort-like source.
    if let Ok(post) = js_sys::Reflect::get(target, &"postMessage".into()) {
        if let Some(post) = post.dyn_ref::<js_sys::Function>() {
            let _ = post.call2(target, message, &"*".into());
        }
    }
}

pub fn announce_ready() {
    if let Some(parent) = parent() {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"memplay:ready".into());
        post(&parent, &message);
    }
}

pub fn send_results(reply_to: &JsValue, runs: &[RunResult]) {
    let target = if reply_to.is_null() || reply_to.is_undefined() {
        match parent() {
            Some(parent) => parent.into(),
            None => return,
        }
    } else {
        reply_to.clone()
    };
    let message = ResultMessage {
        kind: "memplay:result",
        runs,
    };
    if let Ok(value) = message.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        post(&target, &value);
    }
}
