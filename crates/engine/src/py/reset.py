# Every run starts from the same interpreter state, so panes are comparable and the
# figures repeat: automatic GC back on with its thresholds, `random` seeded, the
# compatibility modules' state cleared (objgraph's last counts, tracemalloc's tracing:
# the py/compat modules with a `_memplay_reset`)
# and `re`'s compiled-pattern cache emptied (a later run would skip the compiling),
# the module table noted (the run's imports are undone after it, so a module the
# snippet imports costs every run the same, as in a fresh process), garbage collected,
# and the per-type freelists drained (into a stash held until the run ends) so that
# every object the snippet creates is a counted allocation.
#
# This script's code object is freed after the stash is made, and its constants (such as
# the tuple below) go back to the freelists the snippet then draws from: changing them
# moves every run's figures by a few bytes. bench/figures.sh shows whether they moved.
import gc, random, re, sys, _memplay
for name in ('objgraph', 'tracemalloc'):
    sys.modules[name]._memplay_reset()
re.purge()
_memplay.MODULES = dict(sys.modules)
gc.enable()
gc.set_threshold(*_memplay.GC_THRESHOLD)
random.seed(0)
_memplay.STASH = None
gc.collect()
def _memplay_gen():
    yield
_memplay.STASH = (
    [(i, None) for i in range(2000)],
    [{} for _ in range(80)],
    [[] for _ in range(80)],
    [i + 0.5 for i in range(100)],
    [i + 100_000 for i in range(100)],
    [complex(i, 1) for i in range(100)],
    [range(i) for i in range(6)],
    [slice(i) for i in range(1)],
    [_memplay_gen() for _ in range(200)],
)
