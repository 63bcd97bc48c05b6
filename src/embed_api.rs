//! The `postMessage` API between an embed and the page that embeds it (the embed's alone:
//! the full playground never listens).
//! in: `{type: "memplay:run", id?, panes: [{title, code}]}`;
//! `{type: "memplay:theme", theme: "auto" | "light" | "dark"}` (follows the host's switch);
//! out: `{type: "memplay:ready"}` once the engine is loaded;
//! `{type: "memplay:result", id?, runs: [RunResult]}` when the requested runs end;
//! `{type: "memplay:busy", id?}` at once for a request that arrives while runs go on;
//! `{type: "memplay:resize", height}` when the content's height (CSS px) changes;
//! `{type: "memplay:error", id?, reason}` at once for a `memplay:` message it cannot act on
//! (an unknown type, a `memplay:run` without readable panes).
//!
//! Only the parent window is heard (not a sibling frame, not a window that opened this
//! page), and only the parent is answered, addressed to its origin where the browser
//! tells it, so a parent navigated elsewhere in the meantime gets nothing.

use crate::page::Theme;
use memplay_protocol::export::RunResult;
use memplay_protocol::share::{SharedPane, MAX_PANES, MAX_TITLE_CHARS};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

/// The body of a `memplay:run` (its `type` is read before).
#[derive(Deserialize)]
struct RunMessage {
    #[serde(default)]
    panes: Vec<SharedPane>,
}

#[derive(Serialize)]
struct ResultMessage<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    runs: &'a [RunResult],
}

/// A `memplay:run` the parent sent: the panes (at most four, titles cut to 40 characters)
/// and the `id` to echo in the answer (a string or a number; `None` without one).
pub struct ApiRequest {
    pub panes: Vec<SharedPane>,
    pub id: Option<JsValue>,
}

/// Listens for `memplay:run` from the parent window. Dropping it stops listening.
pub struct ApiListener {
    closure: Closure<dyn FnMut(MessageEvent)>,
}

impl ApiListener {
    /// `None` when this page is not in a frame: nothing may drive it then.
    pub fn start(
        on_run: impl Fn(ApiRequest) + 'static,
        on_theme: impl Fn(Theme) + 'static,
    ) -> Option<Self> {
        let window = web_sys::window()?;
        let parent = parent()?;
        let parent_origin = parent_origin();
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let from_parent = event
                .source()
                .is_some_and(|source| js_sys::Object::is(&source, &parent));
            let origin_matches = parent_origin
                .as_deref()
                .is_none_or(|origin| event.origin() == origin);
            if !from_parent || !origin_matches {
                return;
            }
            match read_message(&event.data()) {
                Heard::Run(request) => on_run(request),
                Heard::Theme(theme) => on_theme(theme),
                Heard::Unreadable { id, reason } => send_error(id.as_ref(), &reason),
                Heard::NotOurs => {}
            }
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

/// What the parent sent, as the embed reads it.
enum Heard {
    /// Not addressed to Memplay (its `type` is not a `memplay:` one, or is one the embed
    /// itself sends): other scripts' messages are left alone.
    NotOurs,
    Run(ApiRequest),
    Theme(Theme),
    /// A `memplay:` message the embed cannot act on: answered `memplay:error` with why,
    /// so the page's author sees what to fix.
    Unreadable {
        id: Option<JsValue>,
        reason: String,
    },
}

/// The message types, as the parent page sends and reads them.
const RUN: &str = "memplay:run";
const THEME: &str = "memplay:theme";
const READY: &str = "memplay:ready";
const BUSY: &str = "memplay:busy";
const RESULT: &str = "memplay:result";
const ERROR: &str = "memplay:error";
const RESIZE: &str = "memplay:resize";
/// What every type starts with: other messages are left alone.
const PREFIX: &str = "memplay:";

/// The longest reason sent back (a serde message can quote a whole 100 KB string).
const MAX_REASON_CHARS: usize = 300;

const WHAT_RUN_TAKES: &str =
    "send {type: \"memplay:run\", id, panes: [{title, code}]} with 1 to 4 panes";
const WHAT_THEME_TAKES: &str =
    "send {type: \"memplay:theme\", theme} with theme \"auto\", \"light\" or \"dark\"";

fn read_message(data: &JsValue) -> Heard {
    let kind = data
        .is_object()
        .then(|| js_sys::Reflect::get(data, &"type".into()).ok())
        .flatten()
        .and_then(|kind| kind.as_string());
    let Some(kind) = kind.filter(|kind| kind.starts_with(PREFIX)) else {
        return Heard::NotOurs;
    };
    // Our own answers (another embed's, on the same page) are not requests.
    if [READY, BUSY, RESULT, ERROR, RESIZE].contains(&kind.as_str()) {
        return Heard::NotOurs;
    }
    // Only plain values are echoed: an object could be large, or not cloneable.
    let id = js_sys::Reflect::get(data, &"id".into())
        .ok()
        .filter(|id| id.is_string() || id.as_f64().is_some_and(f64::is_finite));
    let unreadable = |reason: String| Heard::Unreadable {
        id: id.clone(),
        reason: reason.chars().take(MAX_REASON_CHARS).collect(),
    };
    if kind == THEME {
        let theme = js_sys::Reflect::get(data, &"theme".into())
            .ok()
            .and_then(|t| t.as_string());
        return match theme.as_deref().and_then(Theme::parse) {
            Some(theme) => Heard::Theme(theme),
            None => unreadable(format!("memplay:theme not understood: {WHAT_THEME_TAKES}")),
        };
    }
    if kind != RUN {
        let kind: String = kind.chars().take(40).collect();
        return unreadable(format!(
            "unknown message type {kind:?}: the embed understands memplay:run ({WHAT_RUN_TAKES}) and memplay:theme ({WHAT_THEME_TAKES})"
        ));
    }
    let message = match serde_wasm_bindgen::from_value::<RunMessage>(data.clone()) {
        Ok(message) => message,
        Err(error) => {
            return unreadable(format!(
                "memplay:run not understood: {error}; {WHAT_RUN_TAKES}"
            ))
        }
    };
    if message.panes.is_empty() {
        return unreadable(format!("memplay:run has no panes: {WHAT_RUN_TAKES}"));
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
    Heard::Run(ApiRequest { panes, id })
}

/// The embedding page, if this page is in a frame.
fn parent() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// The parent's origin, where the browser tells it: `location.ancestorOrigins` (Chromium,
/// Safari), else the referrer (the page that loaded the frame, unless its referrer policy
/// hides it). `None` leaves messages addressed to whatever the parent window holds.
fn parent_origin() -> Option<String> {
    let window = web_sys::window()?;
    let ancestors = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into()).ok();
    let nearest = ancestors
        .and_then(|list| js_sys::Reflect::get(&list, &0.into()).ok())
        .and_then(|origin| origin.as_string());
    let origin = nearest.or_else(|| {
        let referrer = window.document()?.referrer();
        Some(web_sys::Url::new(&referrer).ok()?.origin())
    })?;
    // A sandboxed parent's origin is "null", which postMessage cannot address.
    (origin != "null" && !origin.is_empty()).then_some(origin)
}

/// Posts `message` to the parent, addressed to its origin when known.
fn post_to_parent(message: &JsValue) {
    let Some(parent) = parent() else {
        return;
    };
    let target = parent_origin().unwrap_or_else(|| "*".into());
    let _ = parent.post_message(message, &target);
}

fn message_of(kind: &str, id: Option<&JsValue>) -> js_sys::Object {
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(id) = id {
        let _ = js_sys::Reflect::set(&message, &"id".into(), id);
    }
    message
}

pub fn announce_ready() {
    post_to_parent(&message_of(READY, None));
}

/// Tells the host the content's height, for it to size the iframe.
pub fn send_resize(height: u32) {
    let message = message_of(RESIZE, None);
    let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
    post_to_parent(&message);
}

/// Answers a request that came while runs were going on: it was not run.
pub fn send_busy(id: Option<&JsValue>) {
    post_to_parent(&message_of(BUSY, id));
}

/// Answers a `memplay:` message that could not be acted on, with why.
fn send_error(id: Option<&JsValue>, reason: &str) {
    let message = message_of(ERROR, id);
    let _ = js_sys::Reflect::set(&message, &"reason".into(), &reason.into());
    post_to_parent(&message);
}

pub fn send_results(id: Option<&JsValue>, runs: &[RunResult]) {
    let message = ResultMessage { kind: RESULT, runs };
    if let Ok(value) = message.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
        if let Some(id) = id {
            let _ = js_sys::Reflect::set(&value, &"id".into(), id);
        }
        post_to_parent(&value);
    }
}
