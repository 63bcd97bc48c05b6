//! The object census: how many Python objects a snippet keeps alive, by type, and what
//! CPython 3.11 would hold for them (the model in `cpython.rs`).
//!
//! **Live object** (the definition used everywhere in Memplay): every object the cycle
//! GC tracks (containers, instances, functions, frames, ...) that was created after the
//! baseline taken just before the snippet started, plus every untracked object (ints,
//! floats, strs, ...) such an object references directly, each counted once.
//!
//! CPython counts some of them differently: a plain instance keeps its attributes inside
//! itself (no `dict` until `__dict__` is read), a function or an exception has no dict
//! until one is needed, and a generator's frame lives inside the generator. The CPython
//! view leaves those out of its counts and puts their bytes where CPython has them.

use crate::address_set::AddressSet;
use crate::cpython::{self, Children, Kind};
use memplay_protocol::{CpythonCensus, TypeFigures};
use rustc_hash::FxHashMap;
use rustpython_vm::builtins::{PyTuple, PyType};
use rustpython_vm::gc_state::{current_owner, gc_state};
use rustpython_vm::object::Traverse;
use rustpython_vm::{AsObject, Context, Py, PyObject, VirtualMachine};
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

/// One census: the live objects by type, and CPython's view of them.
pub struct Census {
    pub total: u64,
    pub by_type: BTreeMap<String, u64>,
    pub cpython: CpythonCensus,
}

/// What one class's objects add up to in a census.
#[derive(Clone, Copy)]
struct Tally {
    kind: Kind,
    count: u64,
    cpython_count: u64,
    cpython_bytes: i64,
}

/// Tallies by class. Recently seen classes are kept in a small direct-mapped cache and
/// moved to the map when evicted (and back when seen again), so runs of one class (a list
/// of ints) and alternations of a few (a tuple and its ints, a dict's str keys and int
/// values) cost a compare and an add; a class's pricing is decided once per census.
struct ClassTallies {
    recent: [(usize, Tally); RECENT_CLASSES],
    evicted: FxHashMap<usize, Tally>,
}

/// Eight slots: the top three bits of the hash in `tally`.
const RECENT_CLASSES: usize = 8;

const EMPTY: Tally = Tally {
    kind: Kind::Free,
    count: 0,
    cpython_count: 0,
    cpython_bytes: 0,
};

impl ClassTallies {
    fn new() -> Self {
        ClassTallies {
            recent: [(0, EMPTY); RECENT_CLASSES],
            evicted: FxHashMap::default(),
        }
    }

    /// The tally of `obj`'s class.
    #[inline]
    fn of(&mut self, obj: &PyObject) -> &mut Tally {
        let class = obj.class();
        let key = class as *const Py<PyType> as usize;
        // Fibonacci hashing: built-in types sit in arrays at power-of-two strides, which
        // plain low address bits would map to one slot.
        let slot = ((key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 61) as usize;
        let cached = &mut self.recent[slot];
        if cached.0 != key {
            if cached.0 != 0 {
                self.evicted.insert(cached.0, cached.1);
            }
            let tally = self.evicted.remove(&key).unwrap_or_else(|| Tally {
                kind: cpython::kind_of(class),
                ..EMPTY
            });
            *cached = (key, tally);
        }
        &mut cached.1
    }

    /// (class address, tally) of every class seen.
    fn into_tallies(mut self) -> FxHashMap<usize, Tally> {
        for (class, tally) in self.recent {
            if class != 0 {
                self.evicted.insert(class, tally);
            }
        }
        self.evicted
    }
}

/// What a census has counted so far, and what it needs to count an object's children.
struct Walk<'vm> {
    tallies: ClassTallies,
    /// The untracked objects already counted (those more than one object refers to).
    untracked: AddressSet,
    total: u64,
    str_type: &'static Py<PyType>,
    vm: &'vm VirtualMachine,
}

impl Walk<'_> {
    /// One reference the object being traversed holds: noted in its `children`, and
    /// counted when it is an untracked object not counted yet. Inlined into the walk
    /// over a tuple's items, where most children of a big census are met.
    #[inline(always)]
    fn child(&mut self, child: &PyObject, children: &mut Children, exact_dict: bool) {
        // An exact dict reports key, value, key, value...
        if exact_dict && children.count.is_multiple_of(2) && !child.class().is(self.str_type) {
            children.non_str_keys = true;
        }
        children.count += 1;
        if child.is_gc_tracked() {
            return;
        }
        // Traversal reports owned references, so a child with one reference is held
        // only here and no other object can list it: it needs no de-duplication.
        if child.strong_count() == 1 || self.untracked.insert(address(child)) {
            count(&mut self.tallies, child, Children::default(), self.vm);
            self.total += 1;
        }
    }
}

/// Adds one counted object to its class's tally, priced by the model: its pricing and
/// CPython bytes. Inlined: it runs once per object counted (a million in a big census),
/// and as a call its set-up cost a quarter of the census.
#[inline(always)]
fn count(
    tallies: &mut ClassTallies,
    obj: &PyObject,
    children: Children,
    vm: &VirtualMachine,
) -> (Kind, i64) {
    let tally = tallies.of(obj);
    tally.count += 1;
    let kind = tally.kind;
    if kind == Kind::Free {
        return (kind, 0);
    }
    let bytes = cpython::bytes_of(obj, kind, children, vm) as i64;
    tally.cpython_count += 1;
    tally.cpython_bytes += bytes;
    (kind, bytes)
}

/// The snippet's live objects. Call inside an `EngineZone`, from the probe: no Python
/// code runs while the GC's lists are walked, so each object is visited once, in place,
/// without taking a reference to it.
pub fn take(vm: &VirtualMachine, baseline: &mut Baseline) -> Census {
    let dict_type = Context::genesis().types.dict_type;
    let tuple_type = Context::genesis().types.tuple_type;
    let mut walk = Walk {
        tallies: ClassTallies::new(),
        untracked: AddressSet::default(),
        total: 0,
        str_type: Context::genesis().types.str_type,
        vm,
    };
    // Dicts CPython would not have as objects of their own (see the module docs), and
    // the model's price of every tracked dict, settled once all are seen.
    let mut owned_dicts = AddressSet::default();
    let mut dicts: Vec<(usize, i64)> = Vec::new();
    gc_state().for_each_object(current_owner(), |obj| {
        if baseline.tracked.contains(address(obj)) {
            return;
        }
        let exact_dict = obj.class().is(dict_type);
        let mut children = Children::default();
        // Each tracked object is listed once by the GC, so it needs no de-duplication.
        walk.total += 1;
        // An exact tuple reports exactly its items (no dict, no heap type): walked here,
        // each costs no call through the traversal's `dyn` callback.
        match obj.downcast_ref::<PyTuple>() {
            Some(tuple) if obj.class().is(tuple_type) => {
                for item in tuple.as_slice() {
                    walk.child(item, &mut children, false);
                }
            }
            _ => obj.traverse(&mut |child: &PyObject| walk.child(child, &mut children, exact_dict)),
        }
        let (kind, bytes) = count(&mut walk.tallies, obj, children, vm);
        if exact_dict {
            dicts.push((address(obj), bytes));
        } else if let Some(dict) = obj.dict() {
            // A plain instance's attributes are priced in the instance; any other
            // object's dict exists in CPython only once something is stored in it.
            if kind == Kind::Instance || dict.try_len() == Some(0) {
                owned_dicts.insert(address(dict.as_object()));
            }
        }
    });
    let Walk { tallies, total, .. } = walk;
    let mut folded = TypeFigures::default();
    for (dict, bytes) in dicts {
        if owned_dicts.contains(dict) {
            folded.count += 1;
            folded.bytes += bytes;
        }
    }
    let mut by_type = BTreeMap::new();
    let mut cpython = CpythonCensus::default();
    for (class, tally) in tallies.into_tallies() {
        // SAFETY: the address is the class of an object that is still alive: the census
        // ran no Python code and freed nothing since it saw that object.
        let class = unsafe { &*(class as *const Py<PyType>) };
        let name = class.name().to_string();
        let mut figures = TypeFigures {
            count: tally.cpython_count,
            bytes: tally.cpython_bytes,
        };
        if std::ptr::eq(class, dict_type) {
            figures.count -= folded.count;
            figures.bytes -= folded.bytes;
        }
        *by_type.entry(name.clone()).or_insert(0) += tally.count;
        if figures.count > 0 {
            cpython.total += figures.count;
            cpython.bytes += figures.bytes;
            let entry = cpython.by_type.entry(name).or_default();
            entry.count += figures.count;
            entry.bytes += figures.bytes;
        }
    }
    Census {
        total,
        by_type,
        cpython,
    }
}

/// The definition above, for help texts and the UI.
pub const LIVE_OBJECT_DEFINITION: &str = "GC-tracked objects (containers, instances, functions, \
frames) created since the baseline taken just before the snippet starts, plus the untracked \
objects (ints, floats, strs) they reference directly, each counted once";

/// `sys.getsizeof` for `obj` as CPython 3.11 answers it (`None` where the model does not
/// cover the type).
pub fn getsizeof(obj: &PyObject, vm: &VirtualMachine) -> Option<u64> {
    let dict_type = Context::genesis().types.dict_type;
    let str_type = Context::genesis().types.str_type;
    let exact_dict = obj.class().is(dict_type);
    let mut children = Children::default();
    obj.traverse(&mut |child: &PyObject| {
        if exact_dict && children.count % 2 == 0 && !child.class().is(str_type) {
            children.non_str_keys = true;
        }
        children.count += 1;
    });
    cpython::getsizeof(obj, children, vm)
}

/// The addresses (`id()`s) of the interpreter's GC-tracked objects that CPython would not
/// have as objects of their own: plain instances' and empty function dicts, generator
/// frames. Memplay's objgraph leaves them out when the page shows CPython's view.
pub fn folded_addresses() -> Vec<usize> {
    let mut folded = Vec::new();
    gc_state().for_each_object(current_owner(), |obj| {
        let kind = cpython::kind_of(obj.class());
        if kind == Kind::Free {
            folded.push(address(obj));
        } else if let Some(dict) = obj.dict() {
            if kind == Kind::Instance || dict.try_len() == Some(0) {
                folded.push(address(dict.as_object()));
            }
        }
    });
    folded
}
