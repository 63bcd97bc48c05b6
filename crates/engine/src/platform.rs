//! What the browser's wasm32 lacks and the engine supplies: `time`'s clocks (they call
//! `SystemTime::now()`, which traps on wasm32) backed by the host's clock.

use crate::clock;
use rustpython_vm::{PyResult, VirtualMachine};

/// Replaces `time`'s clocks with the platform clock (on wasm32 only: natively the
/// stdlib's own work).
pub(crate) fn install(vm: &VirtualMachine) -> PyResult<()> {
    if cfg!(target_arch = "wasm32") {
        install_clocks(vm)?;
    }
    Ok(())
}

fn install_clocks(vm: &VirtualMachine) -> PyResult<()> {
    let time = vm.import("time", 0)?;
    fn seconds() -> f64 {
        clock::now_ms() / 1000.0
    }
    fn nanos() -> i64 {
        (clock::now_ms() * 1e6) as i64
    }
    for name in ["perf_counter", "monotonic", "process_time", "thread_time"] {
        time.set_attr(name, vm.new_function(name, seconds), vm)?;
    }
    for name in [
        "perf_counter_ns",
        "monotonic_ns",
        "process_time_ns",
        "thread_time_ns",
    ] {
        time.set_attr(name, vm.new_function(name, nanos), vm)?;
    }
    time.set_attr(
        "time",
        vm.new_function("time", || clock::epoch_ms() / 1000.0),
        vm,
    )?;
    time.set_attr(
        "time_ns",
        vm.new_function("time_ns", || (clock::epoch_ms() * 1e6) as i64),
        vm,
    )?;
    // A worker cannot block, so sleep spins on the clock (the time limit still applies
    // to the code after it).
    time.set_attr(
        "sleep",
        vm.new_function("sleep", |secs: f64| {
            let until = clock::now_ms() + secs.max(0.0) * 1000.0;
            while clock::now_ms() < until {}
        }),
        vm,
    )?;
    Ok(())
}
