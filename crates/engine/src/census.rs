//! The object census: how many Python objects a snippet keeps alive, by type.
//!
//! **Live object** (the definition used everywhere in Memplay): every object the cycle
//! GC tracks (containers, instances, functions, frames, ...) that was created after the
//! baseline taken just before the snippet started, plus every untracked object (ints,
//! floats, strs, ...) such an object references directly, each counted once.

use crate::address_set::AddressSet;
use rustc_hash::FxHashMap;
use rustpython_vm::builtins::PyType;
use rustpython_vm::gc_state::{current_owner, gc_state};
use rustpython_vm::object::Traverse;
use rustpython_vm::{Py, PyObject, VirtualMachine};
use std::collections::BTreeMap;

/// The tracked objects alive before the snippet started, by address.
pub struct Baseline {
    tracked: AddressSet,
}

/// Walks the GC lists. Take it inside an `EngineZone`, before the snippet's namespace exists.
pub fn baseline() -> Baseline {
    let mut set = AddressSet::default();
    gc_state().for_each_object(current_owner(), |obj| {
        set.insert(address(obj));
    });
    Baseline { tracked: set }
}

fn address(obj: &PyObject) -> usize {
    obj as *const PyObject as usize
}

/// Counts by class. Counts of recently seen classes are kept in a small direct-mapped
/// cache and moved to the map when evicted, so runs of one class (a list of ints) and
/// alternations of a few (a tuple and its ints, a dict's str keys and int values) cost
/// a compare and an add.
struct ClassCounts {
    recent: [(usize, u64); RECENT_CLASSES],
    evicted: FxHashMap<usize, u64>,
}

/// Eight slots: the top three bits of the hash in `add`.
const RECENT_CLASSES: usize = 8;

impl ClassCounts {
    fn new() -> Self {
        ClassCounts {
            recent: [(0, 0); RECENT_CLASSES],
            evicted: FxHashMap::default(),
        }
    }

    #[inline]
    fn add(&mut self, obj: &PyObject) {
        let class = obj.class() as *const Py<PyType> as usize;
        // Fibonacci hashing: built-in types sit in arrays at power-of-two strides, which
        // plain low address bits would map to one slot.
        let slot = ((class as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 61) as usize;
        let cached = &mut self.recent[slot];
        if cached.0 != class {
            if cached.1 > 0 {
                *self.evicted.entry(cached.0).or_insert(0) += cached.1;
            }
            *cached = (class, 0);
        }
        cached.1 += 1;
    }

    /// (class address, count) of every class seen.
    fn into_counts(mut self) -> FxHashMap<usize, u64> {
        for (class, n) in self.recent {
            if n > 0 {
                *self.evicted.entry(class).or_insert(0) += n;
            }
        }
        self.evicted
    }
}

/// The snippet's live objects: (total, type name → count). Call inside an `EngineZone`,
/// from the probe: no Python code runs while the GC's lists are walked, so each object is
/// visited once, in place, without taking a reference to it.
pub fn take(_vm: &VirtualMachine, baseline: &mut Baseline) -> (u64, BTreeMap<String, u64>) {
    let mut untracked = AddressSet::default();
    let mut classes = ClassCounts::new();
    let mut total = 0u64;
    gc_state().for_each_object(current_owner(), |obj| {
        if baseline.tracked.contains(address(obj)) {
            return;
        }
        // Each tracked object is listed once by the GC, so it needs no de-duplication.
        classes.add(obj);
        total += 1;
        obj.traverse(&mut |child: &PyObject| {
            if child.is_gc_tracked() {
                return;
            }
            // Traversal reports owned references, so a child with one reference is held
            // only here and no other object can list it: it needs no de-duplication.
            if child.strong_count() == 1 || untracked.insert(address(child)) {
                classes.add(child);
                total += 1;
            }
        });
    });
    let mut by_type = BTreeMap::new();
    for (class, n) in classes.into_counts() {
        // SAFETY: the address is the class of an object that is still alive: the census
        // ran no Python code and freed nothing since it saw that object.
        let class = unsafe { &*(class as *const Py<PyType>) };
        *by_type.entry(class.name().to_string()).or_insert(0) += n;
    }
    (total, by_type)
}

/// The definition above, for help texts and the UI.
pub const LIVE_OBJECT_DEFINITION: &str = "GC-tracked objects (containers, instances, functions, \
frames) created since the baseline taken just before the snippet starts, plus the untracked \
objects (ints, floats, strs) they reference directly, each counted once";
