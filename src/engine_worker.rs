//! The engine's Web Worker, owned by the page: spawn, send run requests, terminate.
//!
//! A plain `web_sys::Worker` rather than gloo-worker: Stop must kill a worker that is busy
//! running Python, and only `Worker::terminate` does that (dropping this handle does it).

use std::rc::Rc;

use memplay_protocol::{RunRequest, WorkerMessage};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The classic-script loader Trunk copies next to the worker's wasm.
const LOADER_URL: &str = "./engine-loader.js";

pub struct EngineWorker {
    worker: Worker,
    on_message_fn: Rc<dyn Fn(MessageEvent)>,
    on_error_fn: Rc<dyn Fn(ErrorEvent)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl EngineWorker {
    /// The engine for the page's first run: the worker www/engine-start.js started before
    /// the UI loaded (its early messages replayed to `on_message`), or a new one.
    pub fn adopt_or_spawn(on_message: impl Fn(WorkerMessage) + 'static) -> Result<Self, String> {
        let Some((worker, early)) = take_early_worker() else {
            return Self::spawn(on_message);
        };
        let adopted = Self::listen(worker, on_message);
        for event in early {
            if let Some(message) = event.dyn_ref::<MessageEvent>() {
                (adopted.on_message_fn)(message.clone());
            } else if let Ok(error) = event.dyn_into::<ErrorEvent>() {
                (adopted.on_error_fn)(error);
            }
        }
        Ok(adopted)
    }

    /// Starts a worker; every message it posts (and its death) reaches `on_message`.
    pub fn spawn(on_message: impl Fn(WorkerMessage) + 'static) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker = Worker::new_with_options(LOADER_URL, &options)
            .map_err(|e| format!("cannot start the engine worker: {e:?}"))?;
        Ok(Self::listen(worker, on_message))
    }

    fn listen(worker: Worker, on_message: impl Fn(WorkerMessage) + 'static) -> Self {
        let on_message = Rc::new(on_message);
        let deliver = on_message.clone();
        let on_message_fn: Rc<dyn Fn(MessageEvent)> =
            Rc::new(move |e: MessageEvent| {
                let message = serde_wasm_bindgen::from_value::<WorkerMessage>(e.data())
                    .unwrap_or_else(|error| WorkerMessage::Fatal {
                        message: format!("unreadable message from the engine: {error}"),
                    });
                deliver(message);
            });
        let on_error_fn: Rc<dyn Fn(ErrorEvent)> = Rc::new(move |e: ErrorEvent| {
            let detail = e.message();
            on_message(WorkerMessage::Fatal {
                message: if detail.is_empty() {
                    "the engine stopped unexpectedly".to_string()
                } else {
                    format!("the engine stopped: {detail}")
                },
            });
        });
        let message_fn = on_message_fn.clone();
        let on_message_closure =
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| message_fn(e));
        let error_fn = on_error_fn.clone();
        let on_error_closure =
            Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| error_fn(e));
        worker.set_onmessage(Some(on_message_closure.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error_closure.as_ref().unchecked_ref()));
        EngineWorker {
            worker,
            on_message_fn,
            on_error_fn,
            _on_message: on_message_closure,
            _on_error: on_error_closure,
        }
    }

    pub fn send(&self, request: &RunRequest) -> Result<(), String> {
        let value = request
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| e.to_string())?;
        self.worker
            .post_message(&value)
            .map_err(|e| format!("cannot reach the engine: {e:?}"))
    }
}

impl Drop for EngineWorker {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Takes (once) the worker www/engine-start.js left on `window.memplayEarlyEngine`, with
/// the events it received before the UI was there to listen.
fn take_early_worker() -> Option<(Worker, Vec<JsValue>)> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("memplayEarlyEngine");
    let early = js_sys::Reflect::get(&window, &key).ok()?;
    if early.is_undefined() || early.is_null() {
        return None;
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let worker = js_sys::Reflect::get(&early, &JsValue::from_str("worker"))
        .ok()?
        .dyn_into::<Worker>()
        .ok()?;
    let events = js_sys::Reflect::get(&early, &JsValue::from_str("early"))
        .ok()
        .and_then(|events| events.dyn_into::<js_sys::Array>().ok())
        .map(|events| events.to_vec())
        .unwrap_or_default();
    Some((worker, events))
}
