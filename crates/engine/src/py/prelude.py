# Memplay's interpreter set-up, run once before any snippet (its objects are in the baseline).
import sys as _sys
import _memplay


class _Posix:
    """A stand-in for the `posix` module: there is no OS in the sandbox (wasm32 has none),
    but `os` must import so that `random`, `dataclasses`, `inspect`, `statistics` do."""


def _unsupported(name):
    def call(*args, **kwargs):
        raise OSError(38, f"os.{name}() is not available in the Memplay sandbox")
    call.__name__ = name
    return call


def _fspath(path):
    if isinstance(path, (str, bytes)):
        return path
    try:
        result = type(path).__fspath__(path)
    except AttributeError:
        raise TypeError("expected str, bytes or os.PathLike object, not " + type(path).__name__) from None
    if isinstance(result, (str, bytes)):
        return result
    raise TypeError("expected __fspath__() to return str or bytes")


_urandom_state = [0x2545F491]


def _urandom(size):
    # Deterministic on purpose: the same snippet must give the same figures every run.
    out = bytearray()
    state = _urandom_state[0]
    for _ in range(size):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(state >> 16 & 0xFF)
    _urandom_state[0] = state
    return bytes(out)


_posix = type(_sys)("posix")
for _name in ("stat", "lstat", "fstat", "listdir", "scandir", "open", "close", "read", "write",
              "mkdir", "rmdir", "remove", "unlink", "rename", "replace", "chdir", "access",
              "readlink", "symlink", "putenv", "unsetenv", "kill", "system", "utime", "chmod",
              "waitpid", "waitstatus_to_exitcode", "get_terminal_size", "isatty", "dup", "pipe"):
    setattr(_posix, _name, _unsupported(_name))
_posix.environ = {}
_posix._have_functions = []
_posix.error = OSError
_posix.fspath = _fspath
_posix.urandom = _urandom
_posix.getcwd = lambda: "/"
_posix.getcwdb = lambda: b"/"
_posix.getpid = lambda: 1
_posix.cpu_count = lambda: 1
_posix.strerror = lambda code: f"error {code}"
_posix.device_encoding = lambda fd: None
_posix.F_OK, _posix.R_OK, _posix.W_OK, _posix.X_OK = 0, 4, 2, 1
_posix.O_RDONLY, _posix.O_WRONLY, _posix.O_RDWR = 0, 1, 2
_posix.O_APPEND, _posix.O_CREAT, _posix.O_EXCL, _posix.O_TRUNC = 1024, 64, 128, 512
_posix.SEEK_SET, _posix.SEEK_CUR, _posix.SEEK_END = 0, 1, 2


class stat_result(tuple):
    """os.stat_result's shape (shutil, pathlib and tempfile name it at import); no file
    has one here, since os.stat() raises."""

    n_sequence_fields = n_fields = 10
    n_unnamed_fields = 0

    def __new__(cls, sequence, dict=None):
        return super().__new__(cls, tuple(sequence)[:10])


for _index, _field in enumerate(("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid",
                                 "st_size", "st_atime", "st_mtime", "st_ctime")):
    setattr(stat_result, _field, property(lambda self, i=_index: self[i]))
stat_result.__module__ = "os"
_posix.stat_result = stat_result
del stat_result, _index, _field


def _exit(code=0):
    raise SystemExit(code)


_posix._exit = _exit
if "posix" not in _sys.modules and "posix" not in _sys.builtin_module_names:
    _sys.modules["posix"] = _posix
    _sys.builtin_module_names = tuple(_sys.builtin_module_names) + ("posix",)


_signal = type(_sys)("_signal")
_signal.__doc__ = """A stand-in for `_signal`: no signal ever arrives in the sandbox, so
handlers are recorded and never called (`signal`, `subprocess`, `unittest` and `asyncio`
import it)."""
_signal.SIG_DFL, _signal.SIG_IGN, _signal.NSIG = 0, 1, 65
for _name, _number in (("SIGHUP", 1), ("SIGINT", 2), ("SIGQUIT", 3), ("SIGILL", 4),
                       ("SIGTRAP", 5), ("SIGABRT", 6), ("SIGFPE", 8), ("SIGKILL", 9),
                       ("SIGSEGV", 11), ("SIGPIPE", 13), ("SIGALRM", 14), ("SIGTERM", 15),
                       ("SIGCHLD", 17), ("SIGUSR1", 10), ("SIGUSR2", 12)):
    setattr(_signal, _name, _number)


def _default_int_handler(signum, frame):
    raise KeyboardInterrupt


_signal_handlers = {2: _default_int_handler}


def _signal_signal(signalnum, handler):
    if not 1 <= signalnum < 65:
        raise ValueError("signal number out of range")
    previous = _signal_handlers.get(signalnum, 0)
    _signal_handlers[signalnum] = handler
    return previous


_signal.default_int_handler = _default_int_handler
_signal.signal = _signal_signal
_signal.getsignal = lambda signalnum: _signal_handlers.get(signalnum, 0)
_signal.set_wakeup_fd = lambda fd, *, warn_on_full_buffer=True: -1
_signal.siginterrupt = lambda signalnum, flag: None
_signal.valid_signals = lambda: set(range(1, 65))
_signal.strsignal = lambda signalnum: None
_signal.alarm = lambda seconds: 0


def _raise_signal(signalnum):
    handler = _signal_handlers.get(signalnum, 0)
    if callable(handler):
        handler(signalnum, None)


_signal.raise_signal = _raise_signal
if "_signal" not in _sys.modules and "_signal" not in _sys.builtin_module_names:
    _sys.modules["_signal"] = _signal


def _no_processes(*args, **kwargs):
    raise OSError(38, "subprocesses cannot start in the Memplay sandbox")


_posixsubprocess = type(_sys)("_posixsubprocess")
_posixsubprocess.fork_exec = _no_processes


def _select(rlist, wlist, xlist, timeout=None):
    """Nothing is ever ready in the sandbox: with nothing to watch, waits the timeout."""
    if rlist or wlist or xlist:
        raise OSError(38, "select() has no files or sockets to watch in the Memplay sandbox")
    if timeout is None:
        raise OSError(38, "select() would wait for ever: nothing can become ready here")
    import time

    time.sleep(timeout)
    return [], [], []


_select_module = type(_sys)("select")
_select_module.select = _select
_select_module.error = OSError
for _name, _module in (("_posixsubprocess", _posixsubprocess), ("select", _select_module)):
    if _name not in _sys.modules and _name not in _sys.builtin_module_names:
        _sys.modules[_name] = _module


class _MemplayStream:
    """sys.stdout / sys.stderr: text goes to the host in chunks (at once on flush())."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def __init__(self, fd, name):
        self._fd = fd
        self.name = name

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        _memplay.write(self._fd, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        _memplay.flush()

    def isatty(self):
        return False

    def readable(self):
        return False

    def writable(self):
        return True

    def fileno(self):
        raise OSError(9, "no file descriptor in the Memplay sandbox")


class _NoStdin:
    """sys.stdin: the page has no keyboard input to read, so `input()` ends as at the end
    of input, with a message that says so and what to do instead."""

    encoding = "utf-8"
    errors = "strict"
    closed = False
    name = "<stdin>"

    def _none(self, *args):
        raise EOFError(
            "Memplay has no standard input: input() cannot read in the page. "
            "Put the value in the code instead (name = 'Ada')."
        )

    read = readline = readlines = _none

    def __iter__(self):
        return iter(())

    def isatty(self):
        return False

    def readable(self):
        return True

    def fileno(self):
        raise OSError(9, "no file descriptor in the Memplay sandbox")


_sys.stdin = _sys.__stdin__ = _NoStdin()

# Sizes as CPython 3.11 reports them (Memplay's model), set before any module binds it.
_sys.getsizeof = _memplay.getsizeof

_sys.stdout = _sys.__stdout__ = _MemplayStream(1, "<stdout>")
_sys.stderr = _sys.__stderr__ = _MemplayStream(2, "<stderr>")

# Loaded with the engine: `_memplay.register_source` puts every snippet in its cache.
import linecache  # noqa

_NUMPY_MESSAGE = (
    "numpy cannot run in Memplay: the page runs Python in RustPython, which has no "
    "numpy. For packed numeric storage try array.array (see the gallery example "
    "'array.array vs a list of floats')."
)


class _NoNumpy:
    """Ends `import numpy` with a message that says what to use instead."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError(_NUMPY_MESSAGE, name=name)
        return None


_sys.meta_path.insert(0, _NoNumpy)


class _StdlibOnDemand:
    """Imports the stdlib modules the engine does not freeze: their source is fetched
    (next to the page in the browser) on first import and compiled here."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        found = _memplay.stdlib_source(name)
        if found is None:
            return None
        source, origin, is_package = found
        import _frozen_importlib

        spec = _frozen_importlib.ModuleSpec(
            name, _StdlibOnDemand, origin=origin, loader_state=source, is_package=is_package
        )
        return spec

    @staticmethod
    def create_module(spec):
        return None

    @staticmethod
    def exec_module(module):
        spec = module.__spec__
        module.__file__ = spec.origin
        code = compile(spec.loader_state, spec.origin, "exec")
        spec.loader_state = None
        exec(code, module.__dict__)


_sys.meta_path.append(_StdlibOnDemand)

del _name
