//! The CPython 3.11 model: how many bytes CPython 3.11 allocates for an object the census
//! counts, as tracemalloc reports them (GC header included), from the object's type and
//! what RustPython can tell about it. The formulas, and where they were measured, are in
//! the project's `cpython-3.11-sizes.md`; the tests compare whole snippets with python3.
//!
//! Only the object's own bytes: what it refers to is counted as its own object. Everything
//! here reads without locks that could be held (try-locks, or data fixed at creation) and
//! creates no Python object, because it runs inside the census.

use rustpython_vm::builtins::{
    PyBytes, PyCoroutine, PyDict, PyGenerator, PyInt, PyList, PyRange, PyStr, PyTuple, PyType,
};
use rustpython_vm::protocol::{BufferFlags, PyBuffer};
use rustpython_vm::types::PyTypeFlags;
use rustpython_vm::{AsObject, Context, Py, PyObject, VirtualMachine};

/// How the model prices the objects of one class (decided once per class and census).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Shared singletons, and what CPython does not hold as an object of its own (the
    /// frame of a generator lives inside the generator).
    Free,
    /// The same size for every object of the class.
    Fixed(u32),
    Int,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    /// An instance of a class with a `__dict__`: its attributes live in the instance.
    Instance,
    /// An instance of a `__slots__` class: `slots` pointers (+8 with `__weakref__`).
    Slots(u32),
    Generator,
    Range,
    Map,
    Zip,
    Deque,
    /// `array.array`: a header and its items.
    Array,
    Class,
    /// An instance of a class derived from a built-in type: the built-in's formula plus
    /// the instance's dict and weakref pointers.
    Subclass(Base),
    /// Not modelled: code objects and modules exist before the snippet's figures start.
    NotModelled,
}

/// The built-in types a class may derive from, for [`Kind::Subclass`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    Int,
    Str,
    Tuple,
    List,
    Dict,
    Set,
    Other,
}

/// What the census saw of an object's references while traversing it: the length of a
/// container that reports exactly its items, and whether a dict's keys are all `str`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Children {
    pub count: usize,
    pub non_str_keys: bool,
}

/// Measured with python3 3.11.7 (tracemalloc, per object), for types without a formula.
const FIXED_BY_NAME: &[(&str, u32)] = &[
    ("object", 16),
    ("cell", 40),
    ("function", 152),
    ("method", 64),
    ("builtin_function_or_method", 72),
    ("weakref", 80),
    ("getset_descriptor", 64),
    ("member_descriptor", 64),
    ("property", 80),
    ("classmethod", 56),
    ("staticmethod", 56),
    ("slice", 56),
    ("mappingproxy", 40),
    ("dict_keys", 40),
    ("dict_values", 40),
    ("dict_items", 40),
    ("list_iterator", 48),
    ("list_reverseiterator", 48),
    ("tuple_iterator", 48),
    ("str_ascii_iterator", 48),
    ("str_iterator", 48),
    ("bytes_iterator", 48),
    ("bytearray_iterator", 48),
    ("range_iterator", 48),
    ("longrange_iterator", 48),
    ("iterator", 48),
    ("reversed", 48),
    ("filter", 48),
    ("callable_iterator", 48),
    ("set_iterator", 64),
    ("dict_keyiterator", 72),
    ("dict_valueiterator", 72),
    ("dict_reversekeyiterator", 72),
    ("dict_reversevalueiterator", 72),
    ("dict_itemiterator", 128),
    ("dict_reverseitemiterator", 128),
    ("enumerate", 128),
    ("count", 56),
    ("float", 24),
    ("complex", 32),
    ("NoneType", 0),
    ("bool", 0),
    ("ellipsis", 0),
    ("NotImplementedType", 0),
];

/// How a class's objects are priced.
pub(crate) fn kind_of(class: &Py<PyType>) -> Kind {
    let types = &Context::genesis().types;
    let is = |t: &'static Py<PyType>| std::ptr::eq(class, t);
    if is(types.int_type) {
        Kind::Int
    } else if is(types.str_type) {
        Kind::Str
    } else if is(types.tuple_type) {
        Kind::Tuple
    } else if is(types.list_type) {
        Kind::List
    } else if is(types.dict_type) {
        Kind::Dict
    } else if is(types.set_type) {
        Kind::Set
    } else if is(types.frozenset_type) {
        Kind::FrozenSet
    } else if is(types.bytes_type) {
        Kind::Bytes
    } else if is(types.bytearray_type) {
        Kind::ByteArray
    } else if is(types.range_type) {
        Kind::Range
    } else if is(types.generator_type) || is(types.coroutine_type) {
        Kind::Generator
    } else if is(types.frame_type) {
        Kind::Free
    } else if is(types.code_type) || is(types.module_type) {
        Kind::NotModelled
    } else if is(types.map_type) {
        Kind::Map
    } else if is(types.zip_type) {
        Kind::Zip
    } else if class.heaptype_ext.is_some() {
        heap_kind(class)
    } else if class.slots.flags.has_feature(PyTypeFlags::HEAPTYPE) || is(types.type_type) {
        Kind::Class
    } else if &*class.slot_name() == "collections.deque" {
        Kind::Deque
    } else if &*class.name() == "array" {
        Kind::Array
    } else {
        let name = class.name();
        let fixed = FIXED_BY_NAME.iter().find(|(n, _)| *n == &*name);
        // An unmeasured native type: a small object with a GC header.
        Kind::Fixed(fixed.map_or(48, |(_, bytes)| *bytes))
    }
}

/// A class defined in Python: instances of it, or of a subclass of a built-in.
fn heap_kind(class: &Py<PyType>) -> Kind {
    let types = &Context::genesis().types;
    let derives = |t: &'static Py<PyType>| class.fast_issubclass(t.as_object());
    if derives(types.type_type) {
        return Kind::Class;
    }
    let base = if derives(types.int_type) {
        Base::Int
    } else if derives(types.str_type) {
        Base::Str
    } else if derives(types.tuple_type) {
        Base::Tuple
    } else if derives(types.list_type) {
        Base::List
    } else if derives(types.dict_type) {
        Base::Dict
    } else if derives(types.set_type) {
        Base::Set
    } else if derives(Context::genesis().exceptions.base_exception_type) {
        Base::Other
    } else if class.slots.flags.has_feature(PyTypeFlags::HAS_DICT) {
        return Kind::Instance;
    } else {
        let weakref = class.slots.flags.has_feature(PyTypeFlags::HAS_WEAKREF);
        return Kind::Slots(class.slots.member_count as u32 + u32::from(weakref));
    };
    Kind::Subclass(base)
}

/// CPython 3.11's bytes for `obj`, priced as `kind`.
///
/// The kinds a census meets by the hundred thousand (ints, strs, fixed-size objects,
/// tuples) are priced here, inline in the census's loop; the rest out of line. As one
/// function the call's set-up and the `match` cost as much as pricing an int.
#[inline(always)]
pub(crate) fn bytes_of(obj: &PyObject, kind: Kind, children: Children, vm: &VirtualMachine) -> u64 {
    match kind {
        Kind::Free | Kind::NotModelled => 0,
        Kind::Fixed(bytes) => u64::from(bytes),
        Kind::Int => obj.downcast_ref::<PyInt>().map_or(0, int_bytes),
        Kind::Str => obj.downcast_ref::<PyStr>().map_or(0, str_bytes),
        Kind::Tuple => obj
            .downcast_ref::<PyTuple>()
            .map_or(0, |t| match t.as_slice().len() {
                0 => 0,
                n => tuple_bytes(n),
            }),
        _ => bytes_of_any(obj, kind, children, vm),
    }
}

#[inline(never)]
fn bytes_of_any(obj: &PyObject, kind: Kind, children: Children, vm: &VirtualMachine) -> u64 {
    match kind {
        Kind::Free | Kind::NotModelled | Kind::Fixed(_) | Kind::Int | Kind::Str | Kind::Tuple => {
            bytes_of(obj, kind, children, vm)
        }
        Kind::Bytes => obj
            .downcast_ref::<PyBytes>()
            .map_or(0, |b| match b.as_bytes().len() {
                // b'' and one-byte bytes are shared singletons.
                0 | 1 => 0,
                n => 33 + n as u64,
            }),
        Kind::ByteArray => obj
            .downcast_ref::<rustpython_vm::builtins::PyByteArray>()
            .and_then(|b| b.try_len())
            .map_or(56, |n| 56 + if n == 0 { 0 } else { n as u64 + 1 }),
        Kind::List => obj.downcast_ref::<PyList>().map_or(56, list_bytes),
        Kind::Dict => obj
            .downcast_ref::<PyDict>()
            .map_or(64, |d| dict_bytes(d, !children.non_str_keys)),
        Kind::Set => set_bytes(children.count),
        Kind::FrozenSet => set_bytes(
            obj.downcast_ref::<rustpython_vm::builtins::PyFrozenSet>()
                .and_then(|s| s.try_len())
                .unwrap_or(0),
        ),
        Kind::Instance => instance_bytes(obj.dict().and_then(|d| d.try_len()).unwrap_or(0)),
        Kind::Slots(pointers) => 32 + 8 * u64::from(pointers),
        Kind::Generator => generator_bytes(obj),
        Kind::Range => range_bytes(obj),
        // The k iterators sit in a tuple; zip also caches a result tuple of k.
        Kind::Map => 48 + tuple_bytes(children.count.saturating_sub(1)),
        Kind::Zip => 64 + 2 * tuple_bytes(children.count),
        Kind::Deque => 232 + 528 * deque_blocks(children.count),
        Kind::Array => array_bytes(obj, vm),
        Kind::Class => class_bytes(obj),
        Kind::Subclass(base) => subclass_bytes(obj, base, children),
    }
}

fn tuple_bytes(n: usize) -> u64 {
    40 + 8 * n as u64
}

/// Small ints (-5..=256) are shared; others 32 B up to one 30-bit digit (the medium-int
/// allocation, padding included), 24 + 4 per digit above.
#[inline(always)]
fn int_bytes(int: &Py<PyInt>) -> u64 {
    let bits = int.as_bigint().bits();
    if bits <= 9 && (-5..=256).contains(&(int.as_u64_mask() as i64)) {
        return 0;
    }
    // Most ints fit one digit: no division for them.
    if bits <= 30 {
        32
    } else {
        24 + 4 * bits.div_ceil(30)
    }
}

/// Compact strings: ASCII 49 + n, then 73 + n, 74 + 2n or 76 + 4n by the widest code
/// point. `''` and one-character latin-1 strings are shared.
fn str_bytes(s: &Py<PyStr>) -> u64 {
    if s.isascii() {
        let n = s.byte_len() as u64;
        return if n <= 1 { 0 } else { 49 + n };
    }
    // WTF-8: count code points and find the widest from the lead bytes.
    let (mut chars, mut widest_lead) = (0u64, 0u8);
    for &byte in s.as_bytes() {
        if !(0x80..=0xBF).contains(&byte) {
            chars += 1;
            widest_lead = widest_lead.max(byte);
        }
    }
    match widest_lead {
        0..=0xC3 if chars <= 1 => 0,
        0..=0xC3 => 73 + chars,
        0xC4..=0xEF => 74 + 2 * chars,
        _ => 76 + 4 * chars,
    }
}

/// 56 + 8 per slot. RustPython's capacity equal to the length means the list was built
/// at its size (`list(x)` and constant displays, which CPython rounds up to an even
/// size; `[x] * n` and slices, which it does not); otherwise it grew by appends, priced
/// with CPython's over-allocation.
fn list_bytes(list: &Py<PyList>) -> u64 {
    let Some((len, capacity)) = list.try_len_capacity() else {
        return 56;
    };
    let slots = if capacity == len {
        len + (len & 1)
    } else {
        append_capacity(len)
    };
    56 + 8 * slots as u64
}

/// CPython's list capacity after `len` appends from empty: `(m + (m >> 3) + 6) & !3`
/// with `m` the size asked for, whenever the capacity runs out.
pub(crate) fn append_capacity(len: usize) -> usize {
    let mut capacity = 0usize;
    while capacity < len {
        let m = capacity + 1;
        capacity = (m + (m >> 3) + 6) & !3;
    }
    capacity
}

/// 64 + the key table: 32 + S index bytes (1, 2 or 4 each) + ⌊2S/3⌋ entries of 16 B (all
/// keys `str`) or 24 B, S the smallest power of two from 8 with room for every entry
/// (deleted ones included until a resize). A dict that never held anything is 64.
fn dict_bytes(dict: &Py<PyDict>, str_keys: bool) -> u64 {
    let Some((used, entries)) = dict.try_model_info() else {
        return 64;
    };
    if entries == 0 && used == 0 {
        return 64;
    }
    64 + keys_bytes(entries, str_keys)
}

fn keys_bytes(entries: usize, str_keys: bool) -> u64 {
    let mut size = 8usize;
    while size * 2 / 3 < entries {
        size *= 2;
    }
    let index_width = if size < 1 << 8 {
        1
    } else if size < 1 << 16 {
        2
    } else {
        4
    };
    let entry = if str_keys { 16 } else { 24 };
    (32 + size * index_width + size * 2 / 3 * entry) as u64
}

/// 216, plus 16 per table slot once the 8-slot small table is outgrown; the table grown
/// element by element (CPython's `set.add` rule).
pub(crate) fn set_bytes(len: usize) -> u64 {
    let mut table = 8usize;
    loop {
        let fill_to_resize = (3 * (table - 1)).div_ceil(5);
        if len < fill_to_resize {
            break;
        }
        let used = fill_to_resize;
        let asked = if used > 50_000 { used * 2 } else { used * 4 };
        table = (asked + 1).next_power_of_two();
    }
    216 + if table > 8 { 16 * table as u64 } else { 0 }
}

/// 56 + the values array of a shared-keys instance: V = names + 1 slots (at most 29)
/// behind a header rounded to 8; past 29 names the instance holds a dict of its own.
pub(crate) fn instance_bytes(names: usize) -> u64 {
    if names > 29 {
        return 56 + 64 + keys_bytes(names.max(85), true);
    }
    let v = (names + 1).min(29) as u64;
    56 + 8 * (v + 2).div_ceil(8) + 8 * v
}

/// 168 + 8 per local, cell and stack slot of the code (its frame lives inside it).
fn generator_bytes(obj: &PyObject) -> u64 {
    let coro = if let Some(g) = obj.downcast_ref::<PyGenerator>() {
        g.as_coro()
    } else if let Some(c) = obj.downcast_ref::<PyCoroutine>() {
        c.as_coro()
    } else {
        return 168;
    };
    let code = coro.code();
    let slots = code.localspluskinds.len() as u64 + u64::from(code.max_stackdepth);
    168 + 8 * slots
}

/// 48, plus the length's int when it is not a small one.
fn range_bytes(obj: &PyObject) -> u64 {
    let Some(range) = obj.downcast_ref::<PyRange>() else {
        return 48;
    };
    let value = |i: &Py<PyInt>| (i.as_bigint().bits() < 63).then(|| i.as_u64_mask() as i64 as i128);
    let (Some(start), Some(stop), Some(step)) =
        (value(&range.start), value(&range.stop), value(&range.step))
    else {
        return 48 + 36;
    };
    let len = if step > 0 && stop > start {
        (stop - start + step - 1) / step
    } else if step < 0 && start > stop {
        (start - stop - step - 1) / -step
    } else {
        0
    };
    48 + if len > 256 { 32 } else { 0 }
}

/// 80 + the items, as an array built at its size holds them (from a list, bytes or
/// another array; one grown by appends holds 3-7% more).
fn array_bytes(obj: &PyObject, vm: &VirtualMachine) -> u64 {
    // The array's own buffer export reads its length and item size under its read lock
    // and runs no Python; an array is never write-locked while Python code runs.
    let Ok(buffer) = PyBuffer::from_object(vm, obj, BufferFlags::FULL_RO) else {
        return 80;
    };
    80 + buffer.desc.len as u64
}

/// Blocks of 64 items, the first one holding 32 after the centre (append-only growth).
fn deque_blocks(len: usize) -> u64 {
    1 + len.saturating_sub(32).div_ceil(64) as u64
}

/// The type object with its shared-keys table (none with `__slots__`) and what CPython
/// keeps beside it, plus the `__mro__` tuple RustPython keeps as a vector.
fn class_bytes(obj: &PyObject) -> u64 {
    let Some(class) = obj.downcast_ref::<PyType>() else {
        return 920;
    };
    let has_slots = class
        .heaptype_ext
        .as_ref()
        .is_some_and(|ext| ext.slots.is_some());
    let mro = class.mro.try_read().map_or(2, |mro| mro.len() + 1);
    920 + 244 + if has_slots { 0 } else { 768 } + tuple_bytes(mro)
}

/// A built-in's formula plus the dict and weakref pointers of the subclass instance.
fn subclass_bytes(obj: &PyObject, base: Base, children: Children) -> u64 {
    let own = match base {
        Base::Int => obj.downcast_ref::<PyInt>().map_or(32, int_bytes).max(32),
        Base::Str => obj.downcast_ref::<PyStr>().map_or(49, str_bytes) + 24,
        Base::Tuple => obj
            .downcast_ref::<PyTuple>()
            .map_or(40, |t| tuple_bytes(t.as_slice().len())),
        Base::List => obj.downcast_ref::<PyList>().map_or(56, list_bytes),
        Base::Dict => obj
            .downcast_ref::<PyDict>()
            .map_or(64, |d| dict_bytes(d, !children.non_str_keys)),
        Base::Set => set_bytes(children.count),
        Base::Other => 56,
    };
    own + 16
}

/// What `sys.getsizeof` answers in CPython 3.11 for `obj`: the object's own size with
/// its GC header, like the model, except that shared singletons have their real size, a
/// one-digit int is its 28-byte struct (the model counts the 32 bytes allocated for it)
/// and a plain instance leaves out its values array. `None` when the model does not
/// cover the type.
pub(crate) fn getsizeof(obj: &PyObject, children: Children, vm: &VirtualMachine) -> Option<u64> {
    let class = obj.class();
    let kind = kind_of(class);
    Some(match kind {
        Kind::Free | Kind::NotModelled => return None,
        Kind::Int => {
            // Zero has no digits but is sized as one, like every one-digit int.
            let bits = obj.downcast_ref::<PyInt>()?.as_bigint().bits();
            24 + 4 * bits.div_ceil(30).max(1)
        }
        Kind::Str => {
            let s = obj.downcast_ref::<PyStr>()?;
            match str_bytes(s) {
                // The shared '' and one-character strings have their usual size.
                0 => 49 + s.byte_len() as u64 + if s.isascii() { 0 } else { 23 },
                n => n,
            }
        }
        Kind::Bytes => 33 + obj.downcast_ref::<PyBytes>()?.as_bytes().len() as u64,
        Kind::Tuple => tuple_bytes(obj.downcast_ref::<PyTuple>()?.as_slice().len()),
        Kind::Instance => 56,
        Kind::Class => {
            let has_slots = obj
                .downcast_ref::<PyType>()?
                .heaptype_ext
                .as_ref()
                .is_some_and(|ext| ext.slots.is_some());
            if has_slots {
                920
            } else {
                1688
            }
        }
        Kind::Fixed(0) => match &*class.name() {
            "bool" => 28,
            _ => 16,
        },
        _ => bytes_of(obj, kind, children, vm),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_capacity_grows_as_cpython_appends() {
        let caps: Vec<usize> = [0, 1, 5, 9, 17, 25, 33, 41, 53, 65, 77, 93, 109]
            .iter()
            .map(|&n| append_capacity(n))
            .collect();
        assert_eq!(caps, [0, 4, 8, 16, 24, 32, 40, 52, 64, 76, 92, 108, 128]);
        assert_eq!(append_capacity(1_000_000), 1_056_084);
    }

    #[test]
    fn dict_tables_match_measured_sizes() {
        // cpython-3.11-sizes.md: str keys 184/272/464/832/1584, int keys 224/352/632/1168.
        let str_sizes: Vec<u64> = [1, 6, 11, 22, 43]
            .iter()
            .map(|&n| 64 + keys_bytes(n, true))
            .collect();
        assert_eq!(str_sizes, [184, 272, 464, 832, 1584]);
        let int_sizes: Vec<u64> = [1, 6, 11, 22]
            .iter()
            .map(|&n| 64 + keys_bytes(n, false))
            .collect();
        assert_eq!(int_sizes, [224, 352, 632, 1168]);
    }

    #[test]
    fn instances_and_sets_match_measured_sizes() {
        assert_eq!(
            [1, 2, 5, 10, 29].map(instance_bytes),
            [80, 88, 112, 160, 320]
        );
        assert_eq!(instance_bytes(30), 1640);
        assert_eq!(
            [0, 4, 5, 18, 19, 157_286].map(set_bytes),
            [216, 216, 728, 728, 2264, 8_388_824]
        );
    }
}
