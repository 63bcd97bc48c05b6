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

/// Counts by class, with a fast path for runs of one class (a list of ints).
struct ClassCounts {
    last: usize,
    last_slot: usize,
    slots: FxHashMap<usize, usize>,
    counts: Vec<(usize, u64)>,
}

impl ClassCounts {
    fn new() -> Self {
        ClassCounts {
            last: 0,
            last_slot: 0,
            slots: FxHashMap::default(),
            counts: Vec::new(),
        }
    }

    #[inline]
    fn add(&mut self, obj: &PyObject) {
        let class = obj.class() as *const Py<PyType> as usize;
        if class != self.last {
            let next = self.counts.len();
            let slot = *self.slots.entry(class).or_insert(next);
            if slot == next {
                self.counts.push((class, 0));
            }
            self.last = class;
            self.last_slot = slot;
        }
        self.counts[self.last_slot].1 += 1;
    }
}

/// The snippet's live objects: (total, type name → count). Call inside an `EngineZone`,
/// from the probe: no Python code runs while the GC's lists are walked, so each object is
/// visited once, in place, without taking a reference to it.
pub fn take(_vm: &VirtualMachine, baseline: &mut Baseline) -> (u64, BTreeMap<String, u64>) {
    let mut untracked = AddressSet::default();
    // Tracked objects and the untracked ones they hold alternate (a tuple, its ints, the
    // next tuple): counted apart, each side keeps its own run of one class.
    let mut tracked_classes = ClassCounts::new();
    let mut untracked_classes = ClassCounts::new();
    let mut total = 0u64;
    gc_state().for_each_object(current_owner(), |obj| {
        if baseline.tracked.contains(address(obj)) {
            return;
        }
        // Each tracked object is listed once by the GC, so it needs no de-duplication.
        tracked_classes.add(obj);
        total += 1;
        obj.traverse(&mut |child: &PyObject| {
            if child.is_gc_tracked() {
                return;
            }
            // Traversal reports owned references, so a child with one reference is held
            // only here and no other object can list it: it needs no de-duplication.
            if child.strong_count() == 1 || untracked.insert(address(child)) {
                untracked_classes.add(child);
                total += 1;
            }
        });
    });
    let mut by_type = BTreeMap::new();
    for (class, n) in tracked_classes
        .counts
        .into_iter()
        .chain(untracked_classes.counts)
    {
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
