//! Builds the interpreter snippets run in: RustPython with its stdlib, the `_memplay`
//! bridge, Memplay's prelude (stdout capture, the `posix` stand-in, import hooks) and the
//! platform's clocks; then the warm-up, which loads what snippets commonly import.

use crate::{bridge, imports, limits, platform, stdlib};
use rustpython_vm::builtins::PyCode;
use rustpython_vm::{Interpreter, Py, Settings, VirtualMachine};
use std::cell::Cell;

const PRELUDE: &str = include_str!("py/prelude.py");
const WARM_UP: &str = include_str!("py/warm_up.py");
const COMMON_IMPORTS: &str = include_str!("py/common_imports.py");

/// A fixed hash seed makes set/dict layouts, and so byte figures, repeat run to run.
const HASH_SEED: u32 = 0;

pub fn build() -> Interpreter {
    unicode_names2::set_loader(stdlib::load_unicode_names);
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

/// The warm-up, in two parts: what every run needs (py/warm_up.py), which must run
/// before the first snippet and is apart from `build` so a host can say it is ready
/// before this; and the larger common imports (py/common_imports.py), loaded before the
/// first run whose code imports anything beyond a few free modules (imports.rs).
///
/// Whether the common imports were loaded does not move the figures of a run whose code
/// imports only modules checked to be free of them (imports.rs): their objects are all
/// older than its baseline, and nothing it runs reaches them (`bash bench/figures.sh`
/// and the engine's tests compare both ways). Any other run gets them first, so a module
/// they load costs it nothing and its figures are those of the whole warm-up, as before
/// the warm-up was split.
#[derive(Default)]
pub(crate) struct WarmUp {
    core: Cell<bool>,
    common: Cell<bool>,
}

impl WarmUp {
    /// What every run needs; once.
    pub fn core(&self, vm: &VirtualMachine) {
        if !self.core.replace(true) {
            bridge::run_internal(vm, "warm-up", WARM_UP);
        }
    }

    /// The common imports (once), when `code` needs them.
    pub fn for_code(&self, vm: &VirtualMachine, code: &Py<PyCode>) {
        self.core(vm);
        if !self.common.get() && imports::needs_common_imports(vm, code) {
            self.common.set(true);
            bridge::run_internal(vm, "common imports", COMMON_IMPORTS);
        }
    }
}
