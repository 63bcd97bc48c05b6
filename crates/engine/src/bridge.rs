//! `_memplay`, the one module between Memplay's Rust and its Python: the engine's
//! functions Python calls (output, live bytes, per-line figures, the on-demand stdlib),
//! the Python half of the module (py/bridge.py), and the Python Memplay runs around each
//! snippet (py/reset.py before it, py/after_run.py after it).

use crate::{allocator, census, clock, recorder, stdlib};
use memplay_protocol::share::Measure;
use memplay_protocol::Stream;
use rustpython_vm::builtins::{PyFunction, PyStrRef};
use rustpython_vm::compiler::Mode;
use rustpython_vm::function::OptionalArg;
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

const BRIDGE: &str = include_str!("py/bridge.py");
const RESET: &str = include_str!("py/reset.py");
const AFTER_RUN: &str = include_str!("py/after_run.py");

/// Modules the article's readers import, written for Memplay's figures (py/compat/),
/// loaded by the warm-up; py/reset.py clears the state of those that keep any.
const COMPAT_MODULES: &[(&str, &str)] = &[
    ("objgraph", include_str!("py/compat/objgraph.py")),
    (
        "memory_profiler",
        include_str!("py/compat/memory_profiler.py"),
    ),
    ("tracemalloc", include_str!("py/compat/tracemalloc.py")),
];

/// Creates `_memplay` in `sys.modules`; run before any other Memplay Python.
pub(crate) fn install(vm: &VirtualMachine) {
    expect_ok(vm, "bridge", make_module(vm));
}

fn make_module(vm: &VirtualMachine) -> PyResult<()> {
    let namespace = vm.ctx.new_dict();
    let module = vm.new_module("_memplay", namespace.clone(), None);
    let write = vm.new_function("write", |fd: i32, text: PyStrRef| {
        // The captured copy is the engine's, not the snippet's: CPython's print costs a
        // snippet the string it formats, nothing more.
        let _zone = allocator::EngineZone::enter();
        let stream = if fd == 2 {
            Stream::Stderr
        } else {
            Stream::Stdout
        };
        recorder::emit_output(&text.to_string_lossy(), stream);
    });
    module.set_attr("write", write, vm)?;
    module.set_attr(
        "flush",
        vm.new_function("flush", recorder::flush_output),
        vm,
    )?;
    module.set_attr(
        "live_bytes",
        vm.new_function("live_bytes", allocator::live),
        vm,
    )?;
    module.set_attr(
        "peak_bytes",
        vm.new_function("peak_bytes", allocator::resettable_peak),
        vm,
    )?;
    module.set_attr(
        "reset_peak",
        vm.new_function("reset_peak", allocator::reset_peak),
        vm,
    )?;
    module.set_attr(
        "line_figures",
        vm.new_function("line_figures", |vm: &VirtualMachine| {
            let rows = recorder::line_figures()
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
            stdlib::find_on_demand(&name.to_string_lossy())
                .map(|found| vm.new_tuple((found.source, found.origin, found.is_package)))
        }),
        vm,
    )?;
    module.set_attr(
        "cpython_now",
        vm.new_function("cpython_now", |vm: &VirtualMachine| {
            let (bytes, ratio) = recorder::cpython_now(vm).unwrap_or((0, 1.0));
            vm.new_tuple((bytes, ratio))
        }),
        vm,
    )?;
    module.set_attr(
        "census_here",
        vm.new_function("census_here", recorder::census_here),
        vm,
    )?;
    module.set_attr("getsizeof", vm.new_function("getsizeof", getsizeof), vm)?;
    module.set_attr(
        "utc_offset",
        vm.new_function("utc_offset", clock::utc_offset_s),
        vm,
    )?;

    module.set_attr(
        "folded_ids",
        vm.new_function("folded_ids", |vm: &VirtualMachine| {
            let ids: Vec<PyObjectRef> = census::folded_addresses()
                .into_iter()
                .map(|id| vm.ctx.new_int(id).into())
                .collect();
            vm.ctx.new_tuple(ids)
        }),
        vm,
    )?;
    module.set_attr("MEASURE", vm.ctx.new_str("cpython"), vm)?;
    let sources = vm.ctx.new_dict();
    for (name, source) in COMPAT_MODULES {
        sources.set_item(*name, vm.ctx.new_str(*source).into(), vm)?;
    }
    module.set_attr("COMPAT_SOURCES", sources, vm)?;
    let sys_modules = vm.sys_module.get_attr("modules", vm)?;
    sys_modules.set_item("_memplay", module.into(), vm)?;
    let code = vm
        .compile(BRIDGE, Mode::Exec, "<memplay-bridge>".to_owned())
        .map_err(|err| err.into_pyexception(vm, Some(BRIDGE)))?;
    vm.run_code_obj(
        code,
        rustpython_vm::scope::Scope::with_builtins(None, namespace, vm),
    )
    .map(drop)
}

/// Puts the snippet's lines in linecache (before the baseline, so it is not the
/// snippet's memory): tracebacks, inspect and memory_profiler can show them.
pub(crate) fn register_source(vm: &VirtualMachine, file_name: &str, code: &str) {
    let result = vm.import("_memplay", 0).and_then(|m| {
        let register = m.get_attr("register_source", vm)?;
        register.call((file_name.to_owned(), code.to_owned()), vm)
    });
    expect_ok(vm, "source registration", result.map(drop));
}

/// `sys.getsizeof` as CPython 3.11 answers it: a `__sizeof__` the snippet defines, plus
/// the GC header; otherwise the model's size of the object itself.
fn getsizeof(
    obj: PyObjectRef,
    default: OptionalArg<PyObjectRef>,
    vm: &VirtualMachine,
) -> PyResult<PyObjectRef> {
    let own_sizeof = obj
        .class()
        .get_attr(vm.ctx.intern_str("__sizeof__"))
        .is_some_and(|sizeof| sizeof.downcastable::<PyFunction>());
    if !own_sizeof {
        if let Some(size) = census::getsizeof(&obj, vm) {
            return Ok(vm.ctx.new_int(size).into());
        }
    }
    let size = vm.call_method(&obj, "__sizeof__", ());
    match (size, default) {
        (Ok(size), _) => {
            let gc_header = if obj.is_gc_tracked() { 16 } else { 0 };
            let size = size.try_into_value::<i64>(vm)?;
            if size < 0 {
                return Err(vm.new_value_error("__sizeof__() should return >= 0".to_owned()));
            }
            Ok(vm.ctx.new_int(size + gc_header).into())
        }
        (Err(_), OptionalArg::Present(default)) => Ok(default),
        (Err(error), OptionalArg::Missing) => Err(error),
    }
}

/// Which measure the page shows, for Memplay's objgraph (`_memplay.MEASURE`).
pub(crate) fn set_measure(vm: &VirtualMachine, measure: Measure) {
    let name = match measure {
        Measure::Cpython => "cpython",
        Measure::Rustpython => "rustpython",
    };
    let result = vm
        .import("_memplay", 0)
        .and_then(|m| m.set_attr("MEASURE", vm.ctx.new_str(name), vm));
    expect_ok(vm, "measure", result);
}

/// The recursion limit every run starts with, as CPython's.
const DEFAULT_RECURSION_LIMIT: usize = 1000;

/// Brings the interpreter to the state every run starts from (see py/reset.py), the
/// recursion limit included (a snippet's `sys.setrecursionlimit` is its own).
pub(crate) fn reset(vm: &VirtualMachine) {
    vm.recursion_limit.set(DEFAULT_RECURSION_LIMIT);
    run_internal(vm, "reset", RESET);
}

/// Undoes what only the run needed (see py/after_run.py).
pub(crate) fn after_run(vm: &VirtualMachine) {
    run_internal(vm, "reset", AFTER_RUN);
}

/// Runs Memplay's own Python (`stage` names it in the panic): it must not fail.
pub(crate) fn run_internal(vm: &VirtualMachine, stage: &str, source: &str) {
    // A snippet that set a tiny recursion limit (`sys.setrecursionlimit(2)`) must not
    // fail the engine's own code after it.
    let snippets_limit = vm.recursion_limit.get();
    vm.recursion_limit
        .set(snippets_limit.max(DEFAULT_RECURSION_LIMIT));
    let result = vm
        .compile(source, Mode::Exec, format!("<memplay-{stage}>"))
        .map_err(|err| err.into_pyexception(vm, Some(source)))
        .and_then(|code| vm.run_code_obj(code, vm.new_scope_with_builtins()));
    vm.recursion_limit.set(snippets_limit);
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
