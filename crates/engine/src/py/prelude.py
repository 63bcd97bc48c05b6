# Memplay's interpreter set-up, run once before any snippet (its objects are in the baseline).
import sys as _sys
import _memplay

# ENOSYS, "function not implemented": the errno of what the sandbox cannot do.
_ENOSYS = 38


class _Posix:
    """A stand-in for the `posix` module: there is no OS in the sandbox (wasm32 has none),
    but `os` must import so that `random`, `dataclasses`, `inspect`, `statistics` do."""


def _unsupported(name):
    def call(*args, **kwargs):
        raise OSError(_ENOSYS, f"os.{name}() is not available in the Memplay sandbox")
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
# Wait statuses as Linux packs them (asyncio and subprocess name these at import).
_posix.WNOHANG, _posix.WUNTRACED, _posix.WCONTINUED = 1, 2, 8
_posix.WIFEXITED = lambda status: status & 0x7F == 0
_posix.WEXITSTATUS = lambda status: (status >> 8) & 0xFF
_posix.WIFSIGNALED = lambda status: status & 0x7F not in (0, 0x7F)
_posix.WTERMSIG = lambda status: status & 0x7F
_posix.WIFSTOPPED = lambda status: status & 0xFF == 0x7F
_posix.WSTOPSIG = lambda status: (status >> 8) & 0xFF


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


# errno on wasm32 lacks most of Linux's codes, which asyncio, subprocess and shutil name
# at import or in their error paths: fill in those missing, with Linux's numbers.
import errno as _errno

_LINUX_ERRNOS = (
    "EPERM=1 ENOENT=2 ESRCH=3 EINTR=4 EIO=5 ENXIO=6 E2BIG=7 ENOEXEC=8 EBADF=9 ECHILD=10 "
    "EAGAIN=11 EWOULDBLOCK=11 ENOMEM=12 EACCES=13 EFAULT=14 EBUSY=16 EEXIST=17 EXDEV=18 "
    "ENODEV=19 ENOTDIR=20 EISDIR=21 EINVAL=22 ENFILE=23 EMFILE=24 ENOTTY=25 ETXTBSY=26 "
    "EFBIG=27 ENOSPC=28 ESPIPE=29 EROFS=30 EMLINK=31 EPIPE=32 EDOM=33 ERANGE=34 EDEADLK=35 "
    "ENAMETOOLONG=36 ENOLCK=37 ENOSYS=38 ENOTEMPTY=39 ELOOP=40 ENODATA=61 ETIME=62 "
    "EPROTO=71 EOVERFLOW=75 EBADFD=77 EILSEQ=84 ENOTSOCK=88 EDESTADDRREQ=89 EMSGSIZE=90 "
    "EPROTOTYPE=91 ENOPROTOOPT=92 EPROTONOSUPPORT=93 EOPNOTSUPP=95 ENOTSUP=95 "
    "EAFNOSUPPORT=97 EADDRINUSE=98 EADDRNOTAVAIL=99 ENETDOWN=100 ENETUNREACH=101 "
    "ENETRESET=102 ECONNABORTED=103 ECONNRESET=104 ENOBUFS=105 EISCONN=106 ENOTCONN=107 "
    "ESHUTDOWN=108 ETIMEDOUT=110 ECONNREFUSED=111 EHOSTDOWN=112 EHOSTUNREACH=113 "
    "EALREADY=114 EINPROGRESS=115"
)
for _entry in _LINUX_ERRNOS.split():
    _name, _, _code = _entry.partition("=")
    if not hasattr(_errno, _name):
        setattr(_errno, _name, int(_code))
        if isinstance(getattr(_errno, "errorcode", None), dict):
            _errno.errorcode.setdefault(int(_code), _name)
del _errno, _LINUX_ERRNOS, _entry, _name, _code


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
    raise OSError(_ENOSYS, "subprocesses cannot start in the Memplay sandbox")


_posixsubprocess = type(_sys)("_posixsubprocess")
_posixsubprocess.fork_exec = _no_processes


_socket = type(_sys)("_socket")
_socket.__doc__ = """A stand-in for `_socket`: there is no network in the sandbox, so a socket
cannot be made, but `socket` imports (asyncio, http and email name it) and socketpair()
gives two connected in-memory ends, which asyncio's event loop wakes itself with."""
_socket_ends = {}  # fileno -> [inbox bytearray, peer fileno, timeout: None waits, 0.0 never]
_next_socket_fd = [1000]


def _no_network(*args, **kwargs):
    raise OSError(101, "Network is unreachable: Memplay runs without a network")


class _SandboxSocket:
    __slots__ = ("_fd", "_family", "_type", "_proto")

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None or fileno not in _socket_ends:
            _no_network()
        self._fd, self._family, self._type, self._proto = fileno, family, type, proto

    family = property(lambda self: self._family)
    type = property(lambda self: self._type)
    proto = property(lambda self: self._proto)

    def fileno(self):
        return self._fd

    def detach(self):
        fd, self._fd = self._fd, -1
        return fd

    def close(self):
        end = _socket_ends.pop(self._fd, None)
        self._fd = -1
        if end is not None and end[1] in _socket_ends:
            _socket_ends[end[1]][1] = None

    def _end(self):
        end = _socket_ends.get(self._fd)
        if end is None:
            raise OSError(9, "Bad file descriptor")
        return end

    def setblocking(self, flag):
        self._end()[2] = None if flag else 0.0

    def settimeout(self, value):
        if value is not None:
            if not isinstance(value, (int, float)):
                raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an integer")
            value = float(value)
            if value != value:
                raise ValueError("Invalid value NaN (not a number)")
            if value < 0:
                raise ValueError("Timeout value out of range")
        self._end()[2] = value

    def gettimeout(self):
        return self._end()[2]

    def getblocking(self):
        return self._end()[2] != 0.0

    def send(self, data, flags=0):
        peer = self._end()[1]
        if peer is None or peer not in _socket_ends:
            raise BrokenPipeError(32, "Broken pipe")
        data = bytes(data)
        _socket_ends[peer][0].extend(data)
        return len(data)

    def sendall(self, data, flags=0):
        self.send(data, flags)

    def recv(self, size, flags=0):
        inbox, peer, timeout = self._end()
        if not inbox:
            if peer is None:
                return b""
            if timeout is None:
                raise OSError(_ENOSYS, "recv() would wait for ever: nothing else runs to send to it here")
            if timeout == 0.0:
                raise BlockingIOError(11, "Resource temporarily unavailable")
            # Nothing else runs that could send meanwhile: wait out the timeout, as
            # CPython would, and time out.
            import time

            time.sleep(timeout)
            raise TimeoutError("timed out")
        data = bytes(inbox[:size])
        del inbox[:size]
        return data

    def recv_into(self, buffer, nbytes=0, flags=0):
        view = memoryview(buffer).cast("B")
        if view.readonly:
            raise TypeError("recv_into() argument 1 must be read-write bytes-like object, "
                            f"not {type(buffer).__name__}")
        if nbytes < 0:
            raise ValueError("negative buffersize in recv_into")
        if nbytes > len(view):
            raise ValueError("buffer too small for requested bytes")
        data = self.recv(nbytes or len(view), flags)
        view[: len(data)] = data
        return len(data)

    def getsockname(self):
        return ""

    getpeername = getsockname

    def setsockopt(self, *args):
        pass

    def shutdown(self, how):
        pass


def _socketpair(family=1, type=1, proto=0):
    fds = _next_socket_fd[0], _next_socket_fd[0] + 1
    _next_socket_fd[0] += 2
    _socket_ends[fds[0]] = [bytearray(), fds[1], None]
    _socket_ends[fds[1]] = [bytearray(), fds[0], None]
    return _SandboxSocket(family, type, proto, fds[0]), _SandboxSocket(family, type, proto, fds[1])


class _herror(OSError):
    pass


class _gaierror(OSError):
    pass


_SandboxSocket.__name__ = _SandboxSocket.__qualname__ = "socket"
_SandboxSocket.__module__ = "_socket"
_socket.socket = _socket.SocketType = _SandboxSocket
_socket.socketpair = _socketpair
_socket.error, _socket.timeout = OSError, TimeoutError
_socket.herror, _socket.gaierror = _herror, _gaierror
_socket.has_ipv6 = False
for _name, _number in (("AF_UNSPEC", 0), ("AF_UNIX", 1), ("AF_INET", 2), ("AF_INET6", 10),
                       ("SOCK_STREAM", 1), ("SOCK_DGRAM", 2), ("SOCK_RAW", 3),
                       ("SOCK_NONBLOCK", 2048), ("SOCK_CLOEXEC", 524288),
                       ("SOL_SOCKET", 1), ("SO_REUSEADDR", 2), ("SO_ERROR", 4),
                       ("SO_KEEPALIVE", 9), ("SO_REUSEPORT", 15), ("SOMAXCONN", 4096),
                       ("IPPROTO_IP", 0), ("IPPROTO_TCP", 6), ("IPPROTO_UDP", 17),
                       ("IPPROTO_IPV6", 41), ("IPV6_V6ONLY", 26), ("TCP_NODELAY", 1),
                       ("AI_PASSIVE", 1), ("AI_CANONNAME", 2), ("AI_NUMERICHOST", 4),
                       ("NI_NUMERICHOST", 1), ("NI_NUMERICSERV", 2),
                       ("MSG_PEEK", 2), ("SHUT_RD", 0), ("SHUT_WR", 1), ("SHUT_RDWR", 2)):
    setattr(_socket, _name, _number)
for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
              "gethostname", "getnameinfo", "getservbyname", "getservbyport",
              "getprotobyname", "inet_aton", "inet_ntoa", "inet_pton", "inet_ntop",
              "if_nameindex", "if_nametoindex", "if_indextoname", "dup"):
    setattr(_socket, _name, _no_network)
_socket.getdefaulttimeout = lambda: None
_socket.setdefaulttimeout = lambda timeout: None
_socket.htons = _socket.ntohs = lambda x: ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)
_socket.htonl = _socket.ntohl = lambda x: int.from_bytes(x.to_bytes(4, "little"), "big")
def _select(rlist, wlist, xlist, timeout=None):
    """Only socketpair()'s in-memory ends can become ready here; with none ready, waits the
    timeout (nothing else runs that could make one ready sooner)."""
    def fd(obj):
        return obj if isinstance(obj, int) else obj.fileno()

    for obj in (*rlist, *wlist, *xlist):
        if fd(obj) not in _socket_ends:
            raise OSError(_ENOSYS, "select() can watch only socketpair() ends in the Memplay sandbox")
    readable = [obj for obj in rlist if _socket_ends[fd(obj)][0] or _socket_ends[fd(obj)][1] is None]
    writable = list(wlist)
    if readable or writable:
        return readable, writable, []
    if timeout is None:
        raise OSError(_ENOSYS, "select() would wait for ever: nothing else runs to make a file ready here")
    import time

    time.sleep(timeout)
    return [], [], []


_select_module = type(_sys)("select")
# A staticmethod, as the builtin is no descriptor: selectors.SelectSelector keeps it as a
# class attribute and calls it through self.
_select_module.select = staticmethod(_select)
_select_module.error = OSError


def _has_sockets():
    try:
        import _socket as native
    except ImportError:
        return False
    # wasm32's `_socket` is a shell with no socketpair and no way to make a socket.
    return hasattr(native, "socketpair")


# `select` goes with `_socket`: the stand-in's ends have no real file descriptor.
if not _has_sockets():
    _sys.modules["_socket"] = _socket
    _sys.modules["select"] = _select_module
if "_posixsubprocess" not in _sys.modules and "_posixsubprocess" not in _sys.builtin_module_names:
    _sys.modules["_posixsubprocess"] = _posixsubprocess


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

# Modules a reader may paste that cannot run here, each with what to use instead. A
# module listed with its native part is only refused where that part is missing.
_MISSING_MODULES = {
    "numpy": (None, "numpy cannot run in Memplay: the page runs Python in RustPython, which "
              "has no numpy. For packed numeric storage try array.array (see the gallery "
              "example 'array.array vs a list of floats')."),
    "sqlite3": ("_sqlite3", "sqlite3 cannot run in Memplay: its database engine is a C "
                "library the sandbox cannot load. For rows in memory, compare a list of "
                "tuples, of dicts and of __slots__ objects (see the gallery)."),
    "ctypes": ("_ctypes", "ctypes cannot run in Memplay: it reaches native memory, which "
               "the sandbox does not expose. For compact numbers try array.array, for raw "
               "bytes bytearray and memoryview, for sizes sys.getsizeof."),
    "bz2": ("_bz2", "bz2 cannot run in Memplay: its compressor is left out of the engine "
            "to keep the page's download small. To compress in memory try zlib "
            "(zlib.compress and zlib.decompress)."),
    "lzma": ("_lzma", "lzma cannot run in Memplay: its compressor is left out of the engine "
             "to keep the page's download small. To compress in memory try zlib "
             "(zlib.compress and zlib.decompress)."),
}


class _MissingModules:
    """Ends the import of a module that cannot run here with what to use instead."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        top = name.partition(".")[0]
        missing = _MISSING_MODULES.get(top)
        if missing is None:
            return None
        native, message = missing
        if native is not None and native in _sys.builtin_module_names:
            return None
        raise ModuleNotFoundError(message, name=name)


_sys.meta_path.insert(0, _MissingModules)


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
