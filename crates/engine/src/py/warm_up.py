# Memplay's warm-up, run once after the prelude and before the first snippet: the modules
# snippets commonly import, and Memplay's own objgraph, memory_profiler and tracemalloc
# (crates/engine/src/py/compat), loaded now so that importing them costs no run anything
# (their objects are in every baseline) and every run starts from the same module table.
import sys, types, _memplay  # noqa
import gc, time, math, itertools, functools, collections, json, array, string, re  # noqa
import random, dataclasses, statistics  # noqa

for name, source in _memplay.COMPAT_SOURCES.items():
    module = types.ModuleType(name)
    module.__file__ = "<memplay:%s>" % name
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    sys.modules[name] = module
_memplay.COMPAT_SOURCES = None
