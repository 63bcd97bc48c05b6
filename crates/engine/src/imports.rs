//! What a snippet imports, read from its compiled code before it runs: whether the run
//! could import anything beyond the warm-up's first part. Only then does the engine load
//! the warm-up's common imports before the run's baseline (see `interp::WarmUp`), as it
//! always did; a snippet that imports nothing else starts without waiting for them.

use rustpython_vm::builtins::{PyCode, PyDict};
use rustpython_vm::bytecode::{Instruction, OpArgState};
use rustpython_vm::{Py, PyObjectRef, VirtualMachine};
use std::borrow::Borrow;

/// The modules the warm-up's first part loads whose use was checked to give the same
/// figures with or without the common imports loaded (in the engine's tests:
/// `figures_do_not_depend_on_whether_the_common_imports_were_loaded`). Not the others,
/// whose work depends on what the common imports left warm or on the whole heap:
/// `objgraph` walks every object the interpreter has (its `show_growth` took 5.52 M
/// instead of 5.76 M steps without them), `gc.collect()` maps every tracked object,
/// `collections`' ABCs cache the classes `isinstance` checked (`Counter(generator)`
/// held 984 bytes less once the common imports had checked a generator), `re` and
/// `string.Template` find patterns compiled, and `random`, `functools.lru_cache` and
/// `memory_profiler` differed by an allocation or two (2026-11-28).
const FREE_MODULES: &[&str] = &[
    "sys",
    "time",
    "math",
    "itertools",
    "array",
    "os",
    "tracemalloc",
];

/// Names through which code can import without an import statement (or run code that
/// does): a snippet that mentions one is taken to need the common imports. Other ways
/// (`importlib.reload`, `runpy`, `pickle`) need an import of another module first.
const IMPORTS_BY_CALL: &[&str] = &[
    "__import__",
    "import_module",
    "exec",
    "eval",
    "help",
    "breakpoint",
];

/// True when `code` (or a function or class it defines) imports a module outside
/// [`FREE_MODULES`] or not in `sys.modules`, imports from a module a name it does not
/// have (a submodule), or names one of [`IMPORTS_BY_CALL`].
pub(crate) fn needs_common_imports(vm: &VirtualMachine, code: &Py<PyCode>) -> bool {
    let Some(modules) = vm
        .sys_module
        .get_attr("modules", vm)
        .ok()
        .and_then(|m| m.downcast::<PyDict>().ok())
    else {
        return true;
    };
    imports_beyond_free_modules(vm, &modules, code)
}

fn imports_beyond_free_modules(
    vm: &VirtualMachine,
    modules: &Py<PyDict>,
    code: &Py<PyCode>,
) -> bool {
    let names = &code.code.names;
    if names.iter().any(|name| {
        IMPORTS_BY_CALL
            .iter()
            .any(|call| name.as_bytes() == call.as_bytes())
    }) {
        return true;
    }
    let loaded = |name: &str| {
        modules
            .get_item_opt(name, vm)
            .is_ok_and(|module| module.is_some())
    };
    // The modules the last `import` loaded (the package and the module named), for the
    // `from ... import` names after it: `from a.b import c` looks `c` up in `a.b`, and
    // `import a.b as c` looks `b` up in `a`.
    let mut imported: Vec<PyObjectRef> = Vec::new();
    let mut arg_state = OpArgState::default();
    for unit in code.code.instructions.iter() {
        let (instruction, arg) = arg_state.get(*unit);
        match instruction {
            Instruction::ImportName { namei } => {
                let name = names[namei.get(arg) as usize].to_string();
                // `import a.b.c` loads a, a.b and a.b.c; a relative import's name is
                // empty, so not a free module's.
                let top = name.split('.').next().unwrap_or_default();
                if !FREE_MODULES.contains(&top) {
                    return true;
                }
                let mut prefix = String::new();
                for part in name.split('.') {
                    if !prefix.is_empty() {
                        prefix.push('.');
                    }
                    prefix.push_str(part);
                    if !loaded(&prefix) {
                        return true;
                    }
                }
                imported = [top, name.as_str()]
                    .into_iter()
                    .filter_map(|module| modules.get_item_opt(module, vm).ok().flatten())
                    .collect();
            }
            Instruction::ImportFrom { namei } => {
                let name = names[namei.get(arg) as usize];
                let has_it = imported.iter().any(|module| {
                    vm.get_attribute_opt(module, name)
                        .is_ok_and(|attr| attr.is_some())
                });
                if !has_it {
                    return true;
                }
            }
            _ => {}
        }
    }
    code.code.constants.iter().any(|constant| {
        let object: &rustpython_vm::PyObject = constant.borrow();
        object
            .downcast_ref::<PyCode>()
            .is_some_and(|inner| imports_beyond_free_modules(vm, modules, inner))
    })
}
