//! The run's limits: which one a run has crossed, the exception Python gets for it, and
//! the error the report shows (where the limit first struck).

use crate::frames;
use memplay_protocol::{format, Limits, Outcome, RunError};
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::{AsObject, VirtualMachine};
use std::sync::atomic::{AtomicU64, Ordering};

/// The highest `sys.setrecursionlimit` a snippet gets, on every platform (so the CLI and
/// the page agree): the browser worker's stack overflows deeper than this (measured by
/// bench/recursion-depth.mjs), and an overflowed stack ends the engine where
/// `RecursionError` ends only the snippet. A build for that measurement raises it with
/// `MEMPLAY_MAX_RECURSION_LIMIT`.
pub(crate) const MAX_RECURSION_LIMIT: usize = match option_env!("MEMPLAY_MAX_RECURSION_LIMIT") {
    Some(digits) => parse_digits(digits),
    None => 3000,
};

/// How many bytes of wasm32's shadow stack Python may use below where the engine starts
/// it. Past them any recursion, through Python calls or native code (`__add__`, sort
/// keys, `yield from`, `repr`), raises `RecursionError`. The browser's own stack, which
/// holds the same frames and cannot be measured from inside, is what overflows (and kills
/// the engine); it ran out when the shadow stack held 546-954 KB, whatever the shape of
/// the recursion (Chromium, bench/recursion-depth.mjs, whose builds set this with
/// `MEMPLAY_NATIVE_STACK_BUDGET`), so 384 KB keeps 30% clear of the tightest shape.
/// Natively the VM reads the thread's real stack bounds instead.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) const NATIVE_STACK_BUDGET: usize = match option_env!("MEMPLAY_NATIVE_STACK_BUDGET") {
    Some(digits) => parse_digits(digits),
    None => 384 * 1024,
};

/// What each level of native recursion that pushes no Python frame (`repr` or `==` of
/// nested lists, `__call__` of an instance) is charged against `NATIVE_STACK_BUDGET` on
/// top of the shadow bytes it uses, which are few (~120 for `repr`, ~200 for `==`) for
/// what it takes of the browser's stack: comparing nested lists overflowed it between
/// 1,000 and 1,200 levels, printing them between 2,000 and 2,500
/// (bench/recursion-depth.mjs). Charged 320 bytes, `==` stops near 750 levels and `repr`
/// near 890 (CPython 3.11 stops both at its recursion limit, 1,000 by default).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) const NATIVE_LEVEL_BYTES: usize = 320;

const fn parse_digits(digits: &str) -> usize {
    let bytes = digits.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i].is_ascii_digit(), "MEMPLAY_*: digits only");
        value = value * 10 + (bytes[i] - b'0') as usize;
        i += 1;
    }
    value
}

/// Puts the highest recursion limit in force (sys.setrecursionlimit lowers what is
/// above it).
pub(crate) fn install_recursion_limit() {
    rustpython_vm::probe::set_max_recursion_limit(MAX_RECURSION_LIMIT);
}

/// Bounds native recursion on wasm32 by `NATIVE_STACK_BUDGET`; call it where runs start
/// from (the bottom of the engine's stack).
pub(crate) fn install_stack_budget(vm: &VirtualMachine) {
    #[cfg(target_arch = "wasm32")]
    vm.set_native_stack_budget(NATIVE_STACK_BUDGET, NATIVE_LEVEL_BYTES);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = vm;
}

/// A new run: no limit was lowered yet.
pub(crate) fn forget_recursion_limit() {
    rustpython_vm::probe::lowered_recursion_limit(true);
}

/// What a `RecursionError` adds when the snippet's recursion limit was lowered.
pub(crate) fn recursion_note() -> Option<String> {
    let asked = rustpython_vm::probe::lowered_recursion_limit(false);
    (asked > 0).then(|| {
        format!(
            "Memplay lowered sys.setrecursionlimit({asked}) to {MAX_RECURSION_LIMIT}: \
             deeper recursion would overflow the engine's stack"
        )
    })
}

/// The run id a host asked to stop (`NO_RUN` when none).
static STOP_REQUESTED: AtomicU64 = AtomicU64::new(NO_RUN);
const NO_RUN: u64 = u64::MAX;

/// Asks run `run_id` to stop at its next probe (safe from any thread). A request for a
/// run that has already finished has no effect on later runs.
pub fn request_stop(run_id: u32) {
    STOP_REQUESTED.store(u64::from(run_id), Ordering::Relaxed);
}

/// The limit run `run_id` has crossed, if any, `t_ms` and `steps` into it.
pub(crate) fn crossed(
    run_id: u32,
    limits: &Limits,
    cap_hit: bool,
    steps: u64,
    t_ms: f64,
) -> Option<Outcome> {
    if cap_hit {
        Some(Outcome::MemoryLimit)
    } else if STOP_REQUESTED.load(Ordering::Relaxed) == u64::from(run_id) {
        Some(Outcome::Stopped)
    } else if t_ms >= limits.time_ms as f64 {
        Some(Outcome::TimeLimit)
    } else if steps >= limits.steps {
        Some(Outcome::StepLimit)
    } else {
        None
    }
}

/// What Python raises for `outcome`: `MemoryError` for the cap, `KeyboardInterrupt`
/// (which a bare `except Exception` does not catch) for the rest.
pub(crate) fn exception(
    vm: &VirtualMachine,
    outcome: Outcome,
    limits: &Limits,
) -> PyBaseExceptionRef {
    let interrupt = |message: String| {
        vm.new_exception_msg(
            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
            message.into(),
        )
    };
    match outcome {
        Outcome::MemoryLimit => vm.new_memory_error(format!(
            "memory cap of {} reached (Memplay limit, on RustPython's own heap)",
            format::bytes(limits.memory_bytes as i64)
        )),
        Outcome::TimeLimit => interrupt(format!(
            "time limit of {} s reached (Memplay limit)",
            limits.time_ms as f64 / 1000.0
        )),
        Outcome::StepLimit => interrupt(format!(
            "step limit of {} reached (Memplay limit)",
            limits.steps
        )),
        _ => interrupt("stopped (Memplay)".to_owned()),
    }
}

/// The limit's error where it first struck: the snippet's line and a traceback of the
/// frames then running (innermost last, as Python prints them).
pub(crate) fn error(
    vm: &VirtualMachine,
    exception: &PyBaseExceptionRef,
    file_name: &str,
) -> RunError {
    let frames = frames::stack();
    let kind = exception.class().name().to_string();
    let message = exception
        .as_object()
        .str(vm)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut traceback = String::from("Traceback (most recent call last):\n");
    for frame in &frames {
        traceback.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            frame.file, frame.line, frame.function
        ));
    }
    traceback.push_str(&format!("{kind}: {message}\n"));
    let line = frames
        .iter()
        .rev()
        .find(|frame| frame.file == file_name)
        .map(|frame| frame.line)
        .filter(|line| *line > 0);
    RunError {
        kind,
        message,
        line,
        column: None,
        traceback,
    }
}
