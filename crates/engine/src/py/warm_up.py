# Memplay's warm-up, run once after the prelude and before the first snippet: what every
# run needs (py/reset.py uses gc, random, re and the compat modules) and small modules
# snippets commonly import, and Memplay's own objgraph, memory_profiler and tracemalloc
# (crates/engine/src/py/compat), loaded now so that importing them costs no run anything
# (their objects are in every baseline). The larger common imports are in
# py/common_imports.py, loaded only for a snippet that imports anything beyond a few
# modules checked not to need them (see imports.rs).
import sys, types, _memplay  # noqa
import gc, time, math, itertools, functools, collections, array, string, re  # noqa
import random  # noqa

for name, source in _memplay.COMPAT_SOURCES.items():
    module = types.ModuleType(name)
    module.__file__ = "<memplay:%s>" % name
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    sys.modules[name] = module
_memplay.COMPAT_SOURCES = None
