//! The engine's Web Worker, owned by the page: spawn, send run requests, terminate.
//!
//! A plain `web_sys::Worker` rather than gloo-worker: Stop must kill a worker that is busy
//! running Python, and only `Worker::terminate` does that (dropping this handle does it).

use memplay_protocol::{RunRequest, WorkerMessage};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The classic-script loader Trunk copies next to the worker's wasm.
const LOADER_URL: &str = "./engine-loader.js";

pub struct EngineWorker {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl EngineWorker {
    /// Starts a worker; every message it posts (and its death) reaches `on_message`.
    pub fn spawn(on_message: impl Fn(WorkerMessage) + 'static) -> Result<Self, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        let worker = Worker::new_with_options(LOADER_URL, &options)
            .map_err(|e| format!("cannot start the engine worker: {e:?}"))?;
        let on_message = std::rc::Rc::new(on_message);

        let deliver = on_message.clone();
        let on_message_closure =
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let message = serde_wasm_bindgen::from_value::<WorkerMessage>(e.data())
                    .unwrap_or_else(|error| WorkerMessage::Fatal {
                        message: format!("unreadable message from the engine: {error}"),
                    });
                deliver(message);
            });
        let on_error_closure = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            let detail = e.message();
            on_message(WorkerMessage::Fatal {
                message: if detail.is_empty() {
                    "the engine stopped unexpectedly".to_string()
                } else {
                    format!("the engine stopped: {detail}")
                },
            });
        });
        worker.set_onmessage(Some(on_message_closure.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error_closure.as_ref().unchecked_ref()));
        Ok(EngineWorker {
            worker,
            _on_message: on_message_closure,
            _on_error: on_error_closure,
        })
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
