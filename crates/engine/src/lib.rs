//! Memplay's measurement engine: runs Python snippets in RustPython and records how much
//! memory they hold and how many objects are alive while they run.
//!
//! Pure Rust with no browser dependency: the Web Worker and the native CLI are thin hosts.
//! Hosts must install [`CountingAllocator`] as their `#[global_allocator]`.

mod address_set;
pub mod allocator;
mod census;
pub mod clock;
mod interp;
mod report;
mod sampler;
mod stdlib;

pub use allocator::CountingAllocator;
pub use census::LIVE_OBJECT_DEFINITION;
pub use memplay_protocol as protocol;
pub use memplay_protocol::format;
pub use sampler::{request_stop, EventSink};
pub use stdlib::{set_stdlib_fetcher, StdlibFetcher};

use memplay_protocol::{RunEvent, RunReport, RunRequest};
use rustpython_vm::Interpreter;
use std::cell::Cell;

/// Where figures come from: RustPython's heap differs from CPython's and by platform.
pub const PLATFORM: &str = if cfg!(target_arch = "wasm32") {
    "rustpython-0.6.0/wasm32"
} else {
    "rustpython-0.6.0/native"
};

static RUN_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One interpreter, reused across runs; each run gets a fresh scope and its own baseline.
pub struct Engine {
    interp: Interpreter,
    warm: Cell<bool>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// Builds the interpreter and Memplay's prelude, leaving the warm-up to
    /// [`Engine::warm_up`] or the first run.
    pub fn new() -> Self {
        Engine {
            interp: interp::build(),
            warm: Cell::new(false),
        }
    }

    /// Imports the modules snippets commonly use, once; the first run does it if the host
    /// did not. Every run starts from the warmed-up state, so figures never depend on it.
    pub fn warm_up(&self) {
        if !self.warm.replace(true) {
            self.interp.enter(interp::warm_up);
        }
    }

    /// Runs one snippet, streaming events to `sink`, and returns its report (which is
    /// also sent as the last event, `RunEvent::Finished`).
    pub fn run(&self, request: &RunRequest, sink: &mut EventSink<'_>) -> RunReport {
        // The VM probe is process-wide: one measured run at a time.
        let _one_at_a_time = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        self.warm_up();
        let report = self.interp.enter(|vm| report::run(vm, request, sink));
        sink(RunEvent::Finished {
            run_id: request.run_id,
            report: Box::new(report.clone()),
        });
        report
    }

    /// Runs `code` with no instrumentation at all and returns its wall time in ms, or
    /// the error text; the baseline for the overhead benchmark.
    pub fn run_unmeasured(&self, code: &str) -> Result<f64, String> {
        let _one_at_a_time = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        self.warm_up();
        self.interp.enter(|vm| report::run_unmeasured(vm, code))
    }

    /// Runs one snippet and only returns its report.
    pub fn run_quietly(&self, request: &RunRequest) -> RunReport {
        self.run(request, &mut |_| {})
    }
}
