"""objgraph for Memplay: counts of live objects by type, and their growth.

Like the real objgraph, it looks at the objects the cycle collector tracks
(gc.get_objects()): containers, instances and functions, not ints or strs. With the
page showing CPython's figures (the default) it counts as CPython 3.11 does: a plain
instance keeps its attributes in itself, so its `__dict__` is not a `dict` of its own,
and neither is a function's empty one or a generator's frame. With RustPython's heap
shown, it counts RustPython's objects as they are.
"""
import gc as _gc
import operator as _operator

import _memplay

_peak_stats = {}


def _memplay_reset():
    """Each run starts as a fresh process would: show_growth() has no earlier call."""
    _peak_stats.clear()


def _type_name(obj):
    return type(obj).__name__


def _cpython_objects(objects):
    """The objects CPython would have as objects of their own (see the module's doc)."""
    if _memplay.MEASURE != "cpython":
        return objects
    folded = set(_memplay.folded_ids())
    return [o for o in objects if id(o) not in folded]


def typestats(objects=None, shortnames=True, filter=None):
    """{type name: count} over the tracked objects."""
    if objects is None:
        objects = _cpython_objects(_gc.get_objects())
    stats = {}
    for o in objects:
        if filter is not None and not filter(o):
            continue
        name = _type_name(o)
        stats[name] = stats.get(name, 0) + 1
    return stats


def most_common_types(limit=10, objects=None, shortnames=True, filter=None):
    """[(type name, count)], the most common first."""
    stats = sorted(typestats(objects, shortnames, filter).items(),
                   key=_operator.itemgetter(1), reverse=True)
    if limit:
        stats = stats[:limit]
    return stats


def show_most_common_types(limit=10, objects=None, shortnames=True, file=None, filter=None):
    """Prints the most common types, as objgraph does."""
    import sys
    file = file or sys.stdout
    stats = most_common_types(limit, objects, shortnames, filter)
    width = max((len(name) for name, count in stats), default=0)
    for name, count in stats:
        file.write("%-*s %i\n" % (width, name, count))


def count(typename, objects=None):
    """How many tracked objects have this type name."""
    if objects is None:
        objects = _cpython_objects(_gc.get_objects())
    return sum(1 for o in objects if _type_name(o) == typename)


def by_type(typename, objects=None):
    """The tracked objects of this type name."""
    if objects is None:
        objects = _cpython_objects(_gc.get_objects())
    return [o for o in objects if _type_name(o) == typename]


def growth(limit=10, peak_stats=None, shortnames=True, filter=None):
    """[(type name, count, increase)] for types whose count rose past its previous peak."""
    if peak_stats is None:
        peak_stats = _peak_stats
    _gc.collect()
    # The page's census series gets this moment too (its type chart, its moments).
    _memplay.census_here()
    stats = typestats(shortnames=shortnames, filter=filter)
    deltas = {}
    for name, n in stats.items():
        old = peak_stats.get(name, 0)
        if n > old:
            deltas[name] = n - old
            peak_stats[name] = n
    result = [(name, stats[name], delta) for name, delta in deltas.items()]
    result.sort(key=lambda row: (-row[2], row[0]))
    if limit:
        result = result[:limit]
    return result


def show_growth(limit=10, peak_stats=None, shortnames=True, file=None, filter=None):
    """Prints the types that grew since the last call, as objgraph does."""
    import sys
    rows = growth(limit, peak_stats, shortnames, filter)
    file = file or sys.stdout
    width = max((len(name) for name, _, _ in rows), default=0)
    for name, n, delta in rows:
        file.write("%-*s%9d %+9d\n" % (width, name, n, delta))
