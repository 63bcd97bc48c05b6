//! The object census: how many Python objects a snippet keeps alive, by type.
//!
//! **Live object** (the definition used everywhere in Memplay): every object the cycle
//! GC tracks (containers, instances, functions, frames, ...) that was created after the
//! baseline taken just before the snippet started, plus every object such an object
//! references directly (which is how untracked ints, floats and strs are found, shared
//! small ints included), each counted once.

use rustc_hash::{FxHashMap, FxHashSet};
use rustpython_vm::gc_state::{current_owner, gc_state};
use rustpython_vm::object::Traverse;
use rustpython_vm::{AsObject, PyObject, VirtualMachine};
use std::collections::BTreeMap;

/// The tracked objects alive before the snippet started, by address.
pub struct Baseline {
    tracked: FxHashSet<usize>,
}

/// Walks the GC lists. Take it inside an `EngineZone`, before the snippet's namespace exists.
pub fn baseline() -> Baseline {
    let tracked = gc_state().get_objects(None, current_owner());
    Baseline {
        tracked: tracked.iter().map(|o| address(o)).collect(),
    }
}

fn address(obj: &PyObject) -> usize {
    obj as *const PyObject as usize
}

/// The snippet's live objects: (total, type name → count). Call inside an `EngineZone`.
pub fn take(_vm: &VirtualMachine, baseline: &Baseline) -> (u64, BTreeMap<String, u64>) {
    let tracked = gc_state().get_objects(None, current_owner());
    let mut seen: FxHashSet<usize> = FxHashSet::default();
    let mut by_class: FxHashMap<usize, u64> = FxHashMap::default();
    let mut count = |obj: &PyObject, seen: &mut FxHashSet<usize>| {
        if seen.insert(address(obj)) {
            *by_class
                .entry(obj.class() as *const _ as usize)
                .or_insert(0) += 1;
        }
    };
    for obj in tracked
        .iter()
        .filter(|o| !baseline.tracked.contains(&address(o)))
    {
        count(obj, &mut seen);
        obj.as_object()
            .traverse(&mut |child: &PyObject| count(child, &mut seen));
    }
    let mut by_type = BTreeMap::new();
    for (class, n) in by_class {
        // SAFETY: the address is the class of an object this census still holds a
        // reference to (`tracked`), so the type object is alive.
        let class =
            unsafe { &*(class as *const rustpython_vm::Py<rustpython_vm::builtins::PyType>) };
        *by_type.entry(class.name().to_string()).or_insert(0) += n;
    }
    (seen.len() as u64, by_type)
}

/// The definition above, for help texts and the UI.
pub const LIVE_OBJECT_DEFINITION: &str = "GC-tracked objects (containers, instances, functions, \
frames) created since the baseline taken just before the snippet starts, plus every object \
they reference directly (how ints, floats and strs are found), each counted once";
