//! The engine's Web Worker, owned by the page: spawn, send run requests, terminate.
//!
//! A plain `web_sys::Worker` rather than gloo-worker: Stop must kill a worker that is busy
//! running Python, and only `Worker::terminate` does that (dropping this handle does it).

use std::rc::Rc;

use memplay_protocol::{LineFigures, ObjectCensus, RunEvent, RunRequest, Sample, WorkerMessage};
use serde::{Deserialize, Serialize};
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
        let on_message_fn: Rc<dyn Fn(MessageEvent)> = Rc::new(move |e: MessageEvent| {
            let message = read_message(e.data()).unwrap_or_else(|error| WorkerMessage::Fatal {
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

/// A `samples` message, read field by field. Reading it as a `WorkerMessage` (tagged
/// twice, by `type`) first copies the whole message into serde's buffer of untyped
/// content: 1,500 samples took the page 10-35 ms that way, this half of it.
#[derive(Deserialize)]
struct SamplesMessage {
    run_id: u32,
    batch: Vec<Sample>,
    #[serde(default)]
    censuses: Vec<ObjectCensus>,
    #[serde(default)]
    lines: Vec<LineFigures>,
}

fn read_message(data: JsValue) -> Result<WorkerMessage, serde_wasm_bindgen::Error> {
    let kind = js_sys::Reflect::get(&data, &JsValue::from_str("type")).ok();
    if kind.and_then(|k| k.as_string()).as_deref() == Some("samples") {
        let SamplesMessage {
            run_id,
            batch,
            censuses,
            lines,
        } = serde_wasm_bindgen::from_value(data)?;
        return Ok(WorkerMessage::Run(RunEvent::Samples {
            run_id,
            batch,
            censuses,
            lines,
        }));
    }
    serde_wasm_bindgen::from_value(data)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path reads what the engine sends: a `RunEvent::Samples`, as JSON here.
    #[test]
    fn a_samples_message_reads_as_the_event_it_was() {
        let sample = Sample {
            step: 7,
            t_ms: 1.5,
            line: 2,
            bytes: 4096,
            objects: Some(12),
            high_before: Some(5000),
            cpython_bytes: Some(2048),
            collected: true,
        };
        let lines = vec![LineFigures {
            line: 2,
            hits: 3,
            net_bytes: 4096,
            max_increment: 4096,
        }];
        let census = ObjectCensus {
            step: 7,
            total: 12,
            by_type: [("Session".to_string(), 10)].into(),
            other: 2,
            ..ObjectCensus::default()
        };
        let event = RunEvent::Samples {
            run_id: 9,
            batch: vec![sample],
            censuses: vec![census.clone()],
            lines: lines.clone(),
        };
        let sent = serde_json::to_value(WorkerMessage::Run(event)).unwrap();
        assert_eq!(sent["type"], "samples");
        let read: SamplesMessage = serde_json::from_value(sent).unwrap();
        assert_eq!(
            (read.run_id, read.batch, read.censuses, read.lines),
            (9, vec![sample], vec![census], lines)
        );
    }
}
