//! Builds the interpreter snippets run in: RustPython with its stdlib, the `_memplay`
//! bridge, Memplay's prelude (stdout capture, the `posix` stand-in, import hooks) and the
//! platform's clocks; then the warm-up, which loads what snippets commonly import.

use crate::{bridge, limits, platform, stdlib};
use rustpython_vm::{Interpreter, Settings, VirtualMachine};

const PRELUDE: &str = include_str!("py/prelude.py");
const WARM_UP: &str = include_str!("py/warm_up.py");

/// A fixed hash seed makes set/dict layouts, and so byte figures, repeat run to run.
const HASH_SEED: u32 = 0;

pub fn build() -> Interpreter {
    let mut settings = Settings::default();
    settings.hash_seed = Some(HASH_SEED);
    settings.install_signal_handlers = false;
    let builder = Interpreter::builder(settings);
    let defs = rustpython_stdlib::stdlib_module_defs(&builder.ctx);
    let interp = builder
        .add_native_modules(&defs)
        .add_frozen_modules(stdlib::FROZEN)
        .build();
    stdlib::load_index();
    limits::install_recursion_limit();
    interp.enter(|vm| {
        limits::install_stack_budget(vm);
        bridge::install(vm);
        bridge::expect_ok(vm, "prelude", platform::install(vm));
        bridge::run_internal(vm, "prelude", PRELUDE);
    });
    interp
}

/// Imports what snippets commonly use (see py/warm_up.py). Must run once before the
/// first snippet; it is apart from `build` so a host can say it is ready before this.
pub fn warm_up(vm: &VirtualMachine) {
    bridge::run_internal(vm, "warm-up", WARM_UP);
}
