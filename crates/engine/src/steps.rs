//! The step counter: bytecode instructions executed by the measured run, kept from the
//! VM probe's countdown, and the one way to make the probe fire early.
//!
//! Shared by the allocator (which asks for a probe when memory moves or the cap is hit)
//! and the session (which re-arms the countdown); it imports neither, so neither imports
//! the other.

use rustpython_vm::probe;
use std::cell::Cell;

/// Steps = `base` + the part of the current countdown (`armed` long) already run.
struct Steps {
    active: Cell<bool>,
    base: Cell<u64>,
    armed: Cell<u32>,
}

thread_local! {
    static STEPS: Steps = const { Steps { active: Cell::new(false), base: Cell::new(0), armed: Cell::new(0) } };
}

fn now_in(s: &Steps) -> u64 {
    let left = probe::remaining();
    s.base.get() + u64::from(s.armed.get().saturating_sub(left))
}

/// Starts counting from zero with the first countdown `instructions` long.
pub(crate) fn start(instructions: u32) {
    STEPS.with(|s| {
        s.base.set(0);
        s.armed.set(instructions);
        s.active.set(true);
    });
}

/// Stops counting: later allocator requests no longer arm the probe.
pub(crate) fn stop() {
    STEPS.with(|s| s.active.set(false));
}

/// Steps executed so far in the run.
pub(crate) fn now() -> u64 {
    STEPS.with(now_in)
}

/// The probe fired: its whole countdown ran (all but the last instruction, when it
/// fired between two items of a builtin's iteration). Returns the steps executed so far.
pub(crate) fn countdown_ran_out() -> u64 {
    let between_items = probe::between_items();
    STEPS.with(|s| {
        let ran = s.armed.get().saturating_sub(u32::from(between_items));
        s.base.set(s.base.get() + u64::from(ran));
        s.armed.set(0);
        s.base.get()
    })
}

/// The probe fires again after `instructions` more instructions.
pub(crate) fn arm(instructions: u32) {
    STEPS.with(|s| {
        s.base.set(now_in(s));
        s.armed.set(instructions);
        probe::arm(instructions);
    });
}

/// Makes the probe fire before the next instruction or item. Allocation-free: the allocator
/// calls it from inside `alloc`.
pub(crate) fn request_probe() {
    STEPS.with(|s| {
        if !s.active.get() {
            return;
        }
        s.base.set(now_in(s));
        s.armed.set(1);
        probe::request();
    });
}
