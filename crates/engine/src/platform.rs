//! What the browser's wasm32 lacks and the engine supplies: `time`'s clocks (they call
//! `SystemTime::now()`, which traps on wasm32) backed by the host's clock, local time
//! from the host's time zone, an `open()` that says the page has no files, and a
//! `time.sleep` that the run's time limit ends (on every platform).

use crate::{bridge, clock, recorder, steps};
use rustpython_vm::function::ArgIntoFloat;
use rustpython_vm::{PyResult, VirtualMachine};

/// Replaces `time`'s clocks with the platform clock (on wasm32 only: natively the
/// stdlib's own work) and `time.sleep` everywhere.
pub(crate) fn install(vm: &VirtualMachine) -> PyResult<()> {
    let time = vm.import("time", 0)?;
    time.set_attr("sleep", vm.new_function("sleep", sleep), vm)?;
    if cfg!(target_arch = "wasm32") {
        install_clocks(vm)?;
        bridge::run_internal(vm, "browser", BROWSER);
    }
    Ok(())
}

/// Local time from the host's zone offset, and open() without files (py/browser.py).
const BROWSER: &str = include_str!("py/browser.py");

/// `time.sleep(secs)`: waits, but never past the run's time limit; a sleep the limit cuts
/// short ends in the limit's `KeyboardInterrupt` at the next instruction.
fn sleep(secs: ArgIntoFloat, vm: &VirtualMachine) -> PyResult<()> {
    let secs = secs.into_float();
    if secs.is_nan() {
        return Err(vm.new_value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.new_value_error("sleep length must be non-negative"));
    }
    // CPython's limit (a 64-bit count of nanoseconds); also past what Duration holds.
    if secs > 9.2e9 {
        return Err(vm.new_overflow_error("timestamp too large to convert to C _PyTime_t"));
    }
    // What was printed before the pause shows during it.
    recorder::flush_output();
    let wanted_ms = secs * 1000.0;
    let left_ms =
        recorder::with(|rec| rec.limits.time_ms as f64 - (clock::now_ms() - rec.start_ms))
            .unwrap_or(f64::INFINITY)
            .max(0.0);
    if wanted_ms >= left_ms {
        wait_ms(left_ms);
        steps::request_probe();
    } else {
        wait_ms(wanted_ms);
    }
    Ok(())
}

/// Blocks this thread: a browser worker may block, but has no sleep, so it watches the
/// clock (the page's Stop ends the worker).
fn wait_ms(ms: f64) {
    if cfg!(target_arch = "wasm32") {
        let until = clock::now_ms() + ms;
        while clock::now_ms() < until {}
    } else {
        std::thread::sleep(std::time::Duration::from_secs_f64(ms / 1000.0));
    }
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
    Ok(())
}
