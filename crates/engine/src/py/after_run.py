# Once a run is measured: the stash goes back to the freelists and the module table back
# to what it was before the run.
import sys, _memplay
_memplay.STASH = None
for name in [name for name in sys.modules if name not in _memplay.MODULES]:
    del sys.modules[name]
sys.modules.update(_memplay.MODULES)
_memplay.MODULES = None
