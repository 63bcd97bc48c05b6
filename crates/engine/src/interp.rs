//! Builds the interpreter snippets run in: RustPython with its stdlib, Memplay's prelude
//! (stdout capture, the `posix` stand-in, pre-imported modules) and, on wasm32, `time`
//! clocks backed by the platform clock.

use crate::{clock, sampler};
use memplay_protocol::Stream;
use rustpython_vm::builtins::PyStrRef;
use rustpython_vm::compiler::Mode;
use rustpython_vm::{Interpreter, PyResult, Settings, VirtualMachine};

const PRELUDE: &str = include_str!("py/prelude.py");
const WARM_UP: &str = include_str!("py/warm_up.py");

/// Modules the article's readers import, written for Memplay's figures; loaded by the
/// warm-up, so importing them costs a snippet nothing and every run the same.
const COMPAT_MODULES: &[(&str, &str)] = &[
    ("objgraph", include_str!("py/compat/objgraph.py")),
    (
        "memory_profiler",
        include_str!("py/compat/memory_profiler.py"),
    ),
    ("tracemalloc", include_str!("py/compat/tracemalloc.py")),
];

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
        .add_frozen_modules(crate::stdlib::FROZEN)
        .build();
    crate::stdlib::load_index();
    interp.enter(|vm| {
        expect_ok(vm, "prelude", prepare(vm));
        run_internal(vm, "prelude", PRELUDE);
    });
    interp
}

/// Imports what snippets commonly use (see py/warm_up.py). Must run once before the
/// first snippet; it is apart from `build` so a host can say it is ready before this.
pub fn warm_up(vm: &VirtualMachine) {
    run_internal(vm, "warm-up", WARM_UP);
}

/// Runs Memplay's own Python (`stage` names it in the panic): it must not fail.
pub(crate) fn run_internal(vm: &VirtualMachine, stage: &str, source: &str) {
    let result = vm
        .compile(source, Mode::Exec, format!("<memplay-{stage}>"))
        .map_err(|err| err.into_pyexception(vm, Some(source)))
        .and_then(|code| vm.run_code_obj(code, vm.new_scope_with_builtins()));
    expect_ok(vm, stage, result.map(drop));
}

/// Panics with the Python traceback when Memplay's own code failed.
pub(crate) fn expect_ok(vm: &VirtualMachine, stage: &str, result: PyResult<()>) {
    if let Err(exc) = result {
        let mut text = String::new();
        let _ = vm.write_exception(&mut text, &exc);
        panic!("Memplay {stage} failed:\n{text}");
    }
}

fn prepare(vm: &VirtualMachine) -> PyResult<()> {
    let module = vm.new_module("_memplay", vm.ctx.new_dict(), None);
    let write = vm.new_function("write", |fd: i32, text: PyStrRef| {
        let stream = if fd == 2 {
            Stream::Stderr
        } else {
            Stream::Stdout
        };
        sampler::emit_output(text.to_string_lossy().into_owned(), stream);
    });
    module.set_attr("write", write, vm)?;
    module.set_attr(
        "live_bytes",
        vm.new_function("live_bytes", crate::allocator::live),
        vm,
    )?;
    module.set_attr(
        "peak_bytes",
        vm.new_function("peak_bytes", crate::allocator::resettable_peak),
        vm,
    )?;
    module.set_attr(
        "reset_peak",
        vm.new_function("reset_peak", crate::allocator::reset_peak),
        vm,
    )?;
    module.set_attr(
        "line_figures",
        vm.new_function("line_figures", |vm: &VirtualMachine| {
            let rows = sampler::line_figures()
                .into_iter()
                .map(|(file, line, net, hits)| vm.new_tuple((file, line, net, hits)).into())
                .collect();
            vm.ctx.new_list(rows)
        }),
        vm,
    )?;
    module.set_attr(
        "stdlib_source",
        vm.new_function("stdlib_source", |name: PyStrRef, vm: &VirtualMachine| {
            crate::stdlib::find_on_demand(&name.to_string_lossy())
                .map(|found| vm.new_tuple((found.source, found.origin, found.is_package)))
        }),
        vm,
    )?;
    let sources = vm.ctx.new_dict();
    for (name, source) in COMPAT_MODULES {
        sources.set_item(*name, vm.ctx.new_str(*source).into(), vm)?;
    }
    module.set_attr("COMPAT_SOURCES", sources, vm)?;
    let sys_modules = vm.sys_module.get_attr("modules", vm)?;
    sys_modules.set_item("_memplay", module.into(), vm)?;
    #[cfg(target_arch = "wasm32")]
    install_platform_clocks(vm)?;
    Ok(())
}

/// `time`'s clocks call `SystemTime::now()`, which traps on wasm32: replace them.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn install_platform_clocks(vm: &VirtualMachine) -> PyResult<()> {
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
