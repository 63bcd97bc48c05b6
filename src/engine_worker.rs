//! The engine's Web Worker, owned by the page: spawn, send run requests, terminate.
//!
//! A plain `web_sys::Worker` rather than gloo-worker: Stop must kill a worker that is busy
//! running Python, and only `Worker::terminate` does that (dropping this handle does it).

use std::rc::Rc;

use memplay_protocol::{
    LineFigures, ObjectCensus, RunEvent, RunRequest, RunSummary, Sample, Stream, WorkerMessage,
};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, MessageEvent, PageTransitionEvent, Worker, WorkerOptions, WorkerType};

/// The classic-script loader Trunk copies next to the worker's wasm.
const LOADER_URL: &str = "./engine-loader.js";

pub struct EngineWorker {
    worker: Worker,
    on_message_fn: Rc<dyn Fn(MessageEvent)>,
    on_error_fn: Rc<dyn Fn(ErrorEvent)>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
    on_pagehide: Closure<dyn FnMut(PageTransitionEvent)>,
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
        // Leaving the page ends its engine now rather than whenever the browser gets to
        // it: a run in progress stops, and its wasm memory (gigabytes of reserved address
        // space each) is given back before the next page starts its own. A page kept for
        // the back button (`persisted`) comes back with its engine.
        let leaving = worker.clone();
        let on_pagehide =
            Closure::<dyn FnMut(PageTransitionEvent)>::new(move |e: PageTransitionEvent| {
                if !e.persisted() {
                    leaving.terminate();
                }
            });
        if let Some(window) = web_sys::window() {
            // Cannot fail for a function listener.
            let _ = window
                .add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        }
        EngineWorker {
            worker,
            on_message_fn,
            on_error_fn,
            _on_message: on_message_closure,
            _on_error: on_error_closure,
            on_pagehide,
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
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "pagehide",
                self.on_pagehide.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Each kind of message, read field by field once its `type` is known. Deserialising a
/// `WorkerMessage` (tagged twice, by `type`) first copies the whole message into serde's
/// buffer of untyped content: 1,500 samples took the page 10-35 ms that way, this half of
/// it; and that generic path alone was ~40 KB of the page's wasm.
#[derive(Deserialize)]
struct SamplesMessage {
    run_id: u32,
    batch: Vec<Sample>,
    #[serde(default)]
    censuses: Vec<ObjectCensus>,
    #[serde(default)]
    lines: Vec<LineFigures>,
}

#[derive(Deserialize)]
struct OutputMessage {
    run_id: u32,
    text: String,
    stream: Stream,
}

#[derive(Deserialize)]
struct FinishedMessage {
    run_id: u32,
    summary: Box<RunSummary>,
}

#[derive(Deserialize)]
struct ProgressMessage {
    loaded: f64,
    total: f64,
}

#[derive(Deserialize)]
struct ReadyMessage {
    platform: String,
    init_ms: f64,
}

#[derive(Deserialize)]
struct FatalMessage {
    message: String,
}

fn read_message(data: JsValue) -> Result<WorkerMessage, serde_wasm_bindgen::Error> {
    let kind = js_sys::Reflect::get(&data, &JsValue::from_str("type"))
        .ok()
        .and_then(|kind| kind.as_string())
        .unwrap_or_default();
    read_as(&kind, serde_wasm_bindgen::Deserializer::from(data))
}

/// The message of type `kind` in `data` (the `type` field itself is ignored there).
fn read_as<'de, D: Deserializer<'de>>(kind: &str, data: D) -> Result<WorkerMessage, D::Error> {
    let event = |event: RunEvent| WorkerMessage::Run(event);
    Ok(match kind {
        "samples" => {
            let SamplesMessage {
                run_id,
                batch,
                censuses,
                lines,
            } = Deserialize::deserialize(data)?;
            event(RunEvent::Samples {
                run_id,
                batch,
                censuses,
                lines,
            })
        }
        "output" => {
            let OutputMessage {
                run_id,
                text,
                stream,
            } = Deserialize::deserialize(data)?;
            event(RunEvent::Output {
                run_id,
                text,
                stream,
            })
        }
        "finished" => {
            let FinishedMessage { run_id, summary } = Deserialize::deserialize(data)?;
            event(RunEvent::Finished { run_id, summary })
        }
        "progress" => {
            let ProgressMessage { loaded, total } = Deserialize::deserialize(data)?;
            WorkerMessage::Progress { loaded, total }
        }
        "ready" => {
            let ReadyMessage { platform, init_ms } = Deserialize::deserialize(data)?;
            WorkerMessage::Ready { platform, init_ms }
        }
        "fatal" => {
            let FatalMessage { message } = Deserialize::deserialize(data)?;
            WorkerMessage::Fatal { message }
        }
        other => return Err(D::Error::custom(format!("no message type {other:?}"))),
    })
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

    /// Every kind of message reads back as the message the engine (or its loader) sent.
    #[test]
    fn each_message_reads_as_the_one_sent() {
        let sample = Sample {
            step: 7,
            t_ms: 1.5,
            line: 2,
            bytes: 4096,
            objects: Some(12),
            high_before: Some(5000),
            cpython_bytes: Some(2048),
            cpython_objects: None,
            collected: true,
            net_objects: None,
        };
        let lines = vec![LineFigures {
            line: 2,
            hits: 3,
            net_bytes: 4096,
            max_increment: 4096,
            objects_made: 7,
        }];
        let census = ObjectCensus {
            step: 7,
            total: 12,
            by_type: [("Session".to_string(), 10)].into(),
            other: 2,
            ..ObjectCensus::default()
        };
        let mut summary = RunSummary::empty(9, "list", memplay_protocol::Outcome::Completed, "p");
        summary.peak_bytes = 4096;
        summary.census_at_peak = census.clone();
        summary.lines = lines.clone();
        let messages = [
            WorkerMessage::Run(RunEvent::Samples {
                run_id: 9,
                batch: vec![sample],
                censuses: vec![census],
                lines,
            }),
            // Most batches carry no census and no line figures: the engine leaves them out.
            WorkerMessage::Run(RunEvent::Samples {
                run_id: 9,
                batch: vec![sample],
                censuses: Vec::new(),
                lines: Vec::new(),
            }),
            WorkerMessage::Run(RunEvent::Output {
                run_id: 9,
                text: "hi\n".into(),
                stream: Stream::Stderr,
            }),
            WorkerMessage::Run(RunEvent::Finished {
                run_id: 9,
                summary: Box::new(summary),
            }),
            WorkerMessage::Progress {
                loaded: 10.0,
                total: 20.0,
            },
            WorkerMessage::Ready {
                platform: "rustpython".into(),
                init_ms: 3.5,
            },
            WorkerMessage::Fatal {
                message: "gone".into(),
            },
        ];
        // Every kind of message is in the list above (a new one fails to compile here).
        let kinds: Vec<&str> = messages
            .iter()
            .map(|m| match m {
                WorkerMessage::Run(RunEvent::Samples { .. }) => "samples",
                WorkerMessage::Run(RunEvent::Output { .. }) => "output",
                WorkerMessage::Run(RunEvent::Finished { .. }) => "finished",
                WorkerMessage::Progress { .. } => "progress",
                WorkerMessage::Ready { .. } => "ready",
                WorkerMessage::Fatal { .. } => "fatal",
            })
            .collect();
        for kind in [
            "samples", "output", "finished", "progress", "ready", "fatal",
        ] {
            assert!(kinds.contains(&kind), "no {kind} message tested");
        }
        for message in messages {
            let sent = serde_json::to_value(&message).unwrap();
            let kind = sent["type"].as_str().unwrap().to_string();
            assert_eq!(read_as(&kind, sent).unwrap(), message);
        }
        let unknown = read_as("nonsense", serde_json::json!({})).unwrap_err();
        assert!(unknown.to_string().contains("nonsense"), "{unknown}");
    }
}
