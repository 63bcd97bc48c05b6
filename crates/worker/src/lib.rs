//! The engine's Web Worker: builds the interpreter once, then runs each `RunRequest` it
//! receives and posts the run's events back as `WorkerMessage`s.
//!
//! The page stops a run by terminating this worker (a busy worker reads no messages), so
//! there is no stop message. Messages travel as structured-clone objects made by
//! serde-wasm-bindgen, the same shape the embed API hands to parent pages.

use memplay_engine::protocol::{RunRequest, WorkerMessage};
use memplay_engine::{CountingAllocator, Engine};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, XmlHttpRequest};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Called by the JavaScript loader (www/engine-loader.js) once the module is instantiated.
#[wasm_bindgen]
pub fn start_engine() {
    std::panic::set_hook(Box::new(|info| {
        post(&WorkerMessage::Fatal {
            message: format!("the engine crashed: {info}"),
        })
    }));
    memplay_engine::set_host_clock(memplay_engine::HostClock {
        monotonic_ms: performance_now,
        epoch_ms: date_now,
        utc_offset_s,
    });
    memplay_engine::set_stdlib_fetcher(fetch_stdlib_file);

    let started = performance_now();
    let engine = std::rc::Rc::new(Engine::new());
    let init_ms = performance_now() - started;
    let runner = engine.clone();

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        match serde_wasm_bindgen::from_value::<RunRequest>(event.data()) {
            Ok(request) => {
                runner.stream(&request, &mut |event| post(&WorkerMessage::from(event)));
            }
            Err(error) => post(&WorkerMessage::Fatal {
                message: format!("the worker got a malformed request: {error}"),
            }),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();

    post(&WorkerMessage::Ready {
        platform: memplay_engine::PLATFORM.to_string(),
        init_ms,
    });
    // The page can enable Run now: a request that arrives during the warm-up waits for
    // it in the message queue, and no run's figures depend on when it happened. The
    // warm-up's larger common imports wait for a run whose code imports beyond a few
    // modules checked not to need them (the engine's `interp::WarmUp`).
    let started = performance_now();
    engine.warm_up();
    web_sys::console::debug_1(
        &format!(
            "memplay: interpreter built in {init_ms:.0} ms, warm-up {:.0} ms",
            performance_now() - started
        )
        .into(),
    );
}

/// Why the engine trapped, when it was an allocation refused past the memory cap; the
/// loader asks after a trap (www/engine-loader.js) and tells the page.
#[wasm_bindgen]
pub fn refusal_report() -> Option<String> {
    memplay_engine::refusal_report()
}

/// A file of the on-demand stdlib, served in `stdlib/` next to this worker. Synchronous,
/// because `import` is; a worker may block, and the page stays responsive.
fn fetch_stdlib_file(path: &str) -> Option<String> {
    let request = XmlHttpRequest::new().ok()?;
    request
        .open_with_async("GET", &format!("stdlib/{path}"), false)
        .ok()?;
    request.send().ok()?;
    if request.status().ok()? != 200 {
        return None;
    }
    request.response_text().ok().flatten()
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &WorkerMessage) {
    // Maps become plain objects so the page (and an embedding page) reads them as JSON.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    match message.serialize(&serializer) {
        Ok(value) => {
            let _ = scope().post_message(&value);
        }
        Err(error) => web_sys::console::error_1(&format!("unsendable message: {error}").into()),
    }
}

fn performance_now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn date_now() -> f64 {
    js_sys::Date::now()
}

/// The reader's zone offset at `epoch_ms`, in seconds east of UTC (JavaScript counts
/// minutes west).
fn utc_offset_s(epoch_ms: f64) -> f64 {
    -js_sys::Date::new(&JsValue::from_f64(epoch_ms)).get_timezone_offset() * 60.0
}
