# The Python half of `_memplay`, Memplay's bridge between the engine and Python
# (crates/engine/src/bridge.rs makes the module, adds its Rust functions and runs this
# file in it). Run once, while the interpreter is built.
import gc as _gc

# Automatic collection as the interpreter starts with it; every run starts from it.
GC_THRESHOLD = _gc.get_threshold()
# Set by each reset: the module table before the run, and the objects that drain the
# per-type freelists (see reset.py).
MODULES = None
STASH = None


def register_source(file_name, source):
    """Lets linecache (tracebacks, inspect, memory_profiler) read the snippet's lines."""
    import linecache

    linecache.cache[file_name] = (len(source), None, source.splitlines(True), file_name)
