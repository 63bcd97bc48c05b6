"""memory_profiler for Memplay: @profile prints memory_profiler's line-by-line table.

"Mem usage" is the memory the snippet holds (RustPython heap bytes above the run's
baseline), not the process's RSS, so it starts near zero; "Increment" and
"Occurrences" mean what they mean in memory_profiler. RustPython's object sizes are not
CPython's, so the MiB differ from a CPython run of the same code: CPython's figures
would need a census at every line, which costs more than the run, so the table says
which measure it shows in its first line.
"""
import functools as _functools
import linecache as _linecache
import sys as _sys

import _memplay

_MIB = 1024.0 * 1024.0


def _mib(n):
    return n / _MIB


class _LineRecorder:
    """Memory after each line of one function, through a line trace."""

    def __init__(self, code):
        self.code = code
        # lineno -> [max memory after it (None until it finishes), total increment, occurrences]
        self.lines = {}
        self.current = None
        self.before = 0

    def _close(self, now):
        if self.current is not None:
            entry = self.lines.setdefault(self.current, [None, 0, 0])
            entry[0] = now if entry[0] is None else max(entry[0], now)
            entry[1] += now - self.before
            self.current = None

    def trace(self, frame, event, arg):
        if frame.f_code is not self.code:
            return None
        return self._local

    def _local(self, frame, event, arg):
        if event == "line":
            now = _memplay.live_bytes()
            self._close(now)
            self.current = frame.f_lineno
            self.before = now
            self.lines.setdefault(frame.f_lineno, [None, 0, 0])[2] += 1
        elif event == "return":
            self._close(_memplay.live_bytes())
        return self._local


def _show(func, recorder, entry_bytes, stream, precision):
    code = func.__code__
    filename = code.co_filename
    lines = _linecache.getlines(filename)
    first = code.co_firstlineno
    # The decorator lines sit above `def`; memory_profiler starts at the first of them.
    while first > 1 and lines and lines[first - 2].lstrip().startswith("@"):
        first -= 1
    last = max([first] + list(recorder.lines))
    # Include the rest of the function body (lines that never ran show empty columns).
    while last < len(lines) and (lines[last].startswith((" ", "\t")) or not lines[last].strip()):
        last += 1
    while last > first and not lines[last - 1].strip():
        last -= 1
    template = "{0:>6} {1:>12} {2:>12}  {3:>10}   {4:<}"
    header = template.format("Line #", "Mem usage", "Increment", "Occurrences", "Line Contents")
    # A census per line would cost more than the run: this table is RustPython's heap,
    # and says so (the page's charts and tracemalloc give CPython's figures).
    out = ["Memplay: Mem usage and Increment are RustPython heap bytes, not CPython's",
           "Filename: %s" % filename, "", header, "=" * len(header)]
    mem_format = "{0:5.%df} MiB" % precision
    for lineno in range(first, last + 1):
        text = lines[lineno - 1].rstrip("\n") if lineno - 1 < len(lines) else ""
        if lineno == first:
            mem, inc, occ = entry_bytes, entry_bytes, 1
        elif lineno in recorder.lines and recorder.lines[lineno][0] is not None:
            mem, inc, occ = recorder.lines[lineno]
        else:
            out.append(template.format(lineno, "", "", "", text))
            continue
        out.append(template.format(lineno, mem_format.format(_mib(mem)),
                                   mem_format.format(_mib(inc)), occ, text))
    stream.write("\n".join(out) + "\n\n\n")


def profile(func=None, stream=None, precision=1, backend=None):
    """Decorate a function to print its line-by-line memory table after each call."""
    if func is None:
        return lambda f: profile(f, stream=stream, precision=precision)

    @_functools.wraps(func)
    def wrapper(*args, **kwargs):
        recorder = _LineRecorder(func.__code__)
        entry_bytes = _memplay.live_bytes()
        previous = _sys.gettrace()
        _sys.settrace(recorder.trace)
        try:
            return func(*args, **kwargs)
        finally:
            _sys.settrace(previous)
            _show(func, recorder, entry_bytes, stream or _sys.stdout, precision)

    return wrapper


def memory_usage(proc=-1, interval=0.1, timeout=None, max_usage=False, retval=False,
                 include_children=False, multiprocess=False, backend=None):
    """Memory in MiB: now (proc=-1), or sampled while calling f for (f, args, kwargs).

    Samples are taken at line events at most every `interval` seconds, plus one before
    and one after the call.
    """
    import time
    if callable(proc):
        proc = (proc, (), {})
    if not isinstance(proc, (tuple, list)):
        usage = [_mib(_memplay.live_bytes())]
        return max(usage) if max_usage else usage
    f, args, kwargs = (tuple(proc) + ((), {}))[:3]
    samples = [_mib(_memplay.live_bytes())]
    last = [time.perf_counter()]

    def tracer(frame, event, arg):
        now = time.perf_counter()
        if now - last[0] >= interval:
            last[0] = now
            samples.append(_mib(_memplay.live_bytes()))
        return tracer

    previous = _sys.gettrace()
    _sys.settrace(tracer)
    try:
        result = f(*args, **kwargs)
    finally:
        _sys.settrace(previous)
    samples.append(_mib(_memplay.live_bytes()))
    usage = max(samples) if max_usage else samples
    return (usage, result) if retval else usage
