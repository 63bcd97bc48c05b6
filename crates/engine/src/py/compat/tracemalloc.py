"""A tracemalloc subset for Memplay: the bytes CPython 3.11 would hold (Memplay's model).

get_traced_memory() counts the snippet's live objects as CPython 3.11 sizes them (a
census per call); its peak adds RustPython's exact peak since start(), scaled by
CPython's ratio now. Snapshots attribute memory to the snippet's lines with the
engine's per-line figures (bytes each line added and kept, scaled the same way), not
to every allocation's traceback.
"""
import _memplay

_tracing = False
# RustPython's live bytes and the model's bytes at start() or clear_traces().
_start_bytes = 0
_start_cpython = 0
# The highest current figure reported since start() or reset_peak(): the peak is never
# below what was seen (the scaled estimate can be, by a rounding of the ratio).
_seen = 0


def _memplay_reset():
    """Each run starts as a fresh process would: not tracing."""
    stop()


def start(nframe=1):
    global _tracing
    _tracing = True
    clear_traces()


def stop():
    global _tracing
    _tracing = False


def is_tracing():
    return _tracing


def clear_traces():
    global _start_bytes, _start_cpython, _seen
    _seen = 0
    _start_cpython = _memplay.cpython_now()[0]
    _start_bytes = _memplay.live_bytes()
    _memplay.reset_peak()


def get_traced_memory():
    """(current, peak) bytes since start(), as CPython 3.11 would report them."""
    global _seen
    if not _tracing:
        return (0, 0)
    now, ratio = _memplay.cpython_now()
    current = max(now - _start_cpython, 0)
    # The exact peak is RustPython's: what it held above today's bytes, in CPython's.
    above_now = _memplay.peak_bytes() - _memplay.live_bytes()
    _seen = max(_seen, current)
    peak = max(current + int(max(above_now, 0) * ratio), _seen)
    return (current, peak)


def reset_peak():
    global _seen
    _seen = 0
    _memplay.reset_peak()


def get_tracemalloc_memory():
    return 0


class Frame:
    __slots__ = ("filename", "lineno")

    def __init__(self, filename, lineno):
        self.filename = filename
        self.lineno = lineno

    def __eq__(self, other):
        return (self.filename, self.lineno) == (other.filename, other.lineno)

    def __hash__(self):
        return hash((self.filename, self.lineno))

    def __repr__(self):
        return "<Frame filename=%r lineno=%r>" % (self.filename, self.lineno)


class Traceback(tuple):
    def __str__(self):
        return str(self[0])

    def format(self, limit=None, most_recent_first=False):
        import linecache
        lines = []
        for frame in self:
            lines.append('  File "%s", line %s' % (frame.filename, frame.lineno))
            text = linecache.getline(frame.filename, frame.lineno).strip()
            if text:
                lines.append("    %s" % text)
        return lines


def _size(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1024


class Statistic:
    __slots__ = ("traceback", "size", "count")

    def __init__(self, traceback, size, count):
        self.traceback = traceback
        self.size = size
        self.count = count

    def __str__(self):
        frame = self.traceback[0]
        return "%s:%s: size=%s, count=%i, average=%s" % (
            frame.filename, frame.lineno, _size(self.size), self.count,
            _size(self.size / self.count if self.count else 0))

    def __repr__(self):
        return "<Statistic traceback=%r size=%i count=%i>" % (self.traceback, self.size, self.count)


class StatisticDiff:
    __slots__ = ("traceback", "size", "size_diff", "count", "count_diff")

    def __init__(self, traceback, size, size_diff, count, count_diff):
        self.traceback = traceback
        self.size = size
        self.size_diff = size_diff
        self.count = count
        self.count_diff = count_diff

    def __str__(self):
        frame = self.traceback[0]
        return "%s:%s: size=%s (%s%s), count=%i (%+i)" % (
            frame.filename, frame.lineno, _size(self.size),
            "+" if self.size_diff >= 0 else "-", _size(abs(self.size_diff)),
            self.count, self.count_diff)


class Snapshot:
    def __init__(self, lines):
        # {(filename, lineno): (bytes kept, executions)}
        self._lines = lines

    def statistics(self, key_type, cumulative=False):
        if key_type not in ("lineno", "filename", "traceback"):
            raise ValueError("unknown key_type: %r" % (key_type,))
        stats = [Statistic(Traceback((Frame(f, n),)), size, count)
                 for (f, n), (size, count) in self._lines.items() if size > 0]
        stats.sort(key=lambda s: (-s.size, s.traceback[0].lineno))
        return stats

    def compare_to(self, old_snapshot, key_type, cumulative=False):
        keys = set(self._lines) | set(old_snapshot._lines)
        diffs = []
        for key in keys:
            size, count = self._lines.get(key, (0, 0))
            old_size, old_count = old_snapshot._lines.get(key, (0, 0))
            if size == old_size and count == old_count:
                continue
            diffs.append(StatisticDiff(Traceback((Frame(*key),)), max(size, 0),
                                       size - old_size, count, count - old_count))
        diffs.sort(key=lambda d: (-abs(d.size_diff), d.traceback[0].lineno))
        return diffs


def take_snapshot():
    if not _tracing:
        raise RuntimeError("the tracemalloc module must be tracing memory allocations to take a snapshot")
    _memplay.census_here()
    ratio = _memplay.cpython_now()[1]
    lines = {}
    for filename, lineno, net_bytes, hits in _memplay.line_figures():
        lines[(filename, lineno)] = (int(net_bytes * ratio), hits)
    return Snapshot(lines)
