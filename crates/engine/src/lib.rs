//! Memplay's measurement engine: runs Python snippets in RustPython and records how much
//! memory they hold and how many objects are alive while they run.
//!
//! Pure Rust with no browser dependency: the Web Worker and the native CLI are thin hosts.
//! Hosts must install [`CountingAllocator`] as their `#[global_allocator]`; a browser host
//! also supplies the clock ([`set_host_clock`]) and the on-demand stdlib
//! ([`set_stdlib_fetcher`]).

mod address_set;
mod allocator;
mod bridge;
mod census;
mod clock;
mod cpython;
mod events;
mod frames;
mod imports;
mod interp;
mod limits;
mod line_ledger;
mod platform;
mod recorder;
mod run;
mod session;
#[cfg(any(target_arch = "wasm32", feature = "small-blocks", test))]
mod small_blocks;
mod stdlib;
mod steps;
mod traceback;

pub use allocator::{refusal_report, CountingAllocator};
pub use census::LIVE_OBJECT_DEFINITION;
pub use clock::{set_host_clock, HostClock};
pub use events::EventSink;
pub use limits::request_stop;
/// The messages and figures, at the version this engine speaks.
pub use memplay_protocol as protocol;
pub use stdlib::{set_stdlib_fetcher, StdlibFetcher};

use memplay_protocol::{ReportAssembler, RunEvent, RunReport, RunRequest};
use rustpython_vm::Interpreter;

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
    warm: interp::WarmUp,
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
            warm: interp::WarmUp::default(),
        }
    }

    /// Imports what every run needs, once; the first run does it if the host did not.
    /// Each run then loads the larger common imports first if its code imports anything
    /// beyond a few modules checked not to need them (see `interp::WarmUp`): figures
    /// never depend on when either happened.
    pub fn warm_up(&self) {
        self.interp.enter(|vm| self.warm.core(vm));
    }

    /// Runs one snippet, streaming its events to `sink`: sample batches and output while
    /// it runs, then `RunEvent::Finished` with the summary. Each sample and each piece of
    /// output is sent once, in order.
    pub fn stream(&self, request: &RunRequest, sink: &mut EventSink<'_>) {
        // The VM probe is process-wide: one measured run at a time.
        let _one_at_a_time = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        self.warm_up();
        let summary = self
            .interp
            .enter(|vm| run::run(vm, request, sink, &self.warm));
        sink(RunEvent::Finished {
            run_id: request.run_id,
            summary: Box::new(summary),
        });
    }

    /// Runs one snippet, streaming to `sink` as [`Engine::stream`] does, and returns the
    /// whole report assembled from those events.
    pub fn run(&self, request: &RunRequest, sink: &mut EventSink<'_>) -> RunReport {
        let mut report = ReportAssembler::default();
        self.stream(request, &mut |event| {
            report.add(&event);
            sink(event);
        });
        report.finish().expect("every run ends with its summary")
    }

    /// Runs one snippet and only returns its report.
    pub fn run_quietly(&self, request: &RunRequest) -> RunReport {
        self.run(request, &mut |_| {})
    }

    /// Runs `code` with no instrumentation at all and returns its wall time in ms, or
    /// the error text; the baseline for the overhead benchmark.
    pub fn run_unmeasured(&self, code: &str) -> Result<f64, String> {
        let _one_at_a_time = RUN_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        self.warm_up();
        self.interp
            .enter(|vm| run::run_unmeasured(vm, code, &self.warm))
    }
}
