# What the browser build (wasm32) lacks and Memplay supplies, run once after the prelude
# there only (natively the OS has it all): local time from the host's clock and time
# zone offset (RustPython's own functions read a system zone database the page has none
# of, so they gave UTC, and time.timezone / tzname / daylight did not exist), and an
# open() that says why there are no files.
import builtins as _builtins
import io as _io
import time as _time
import _memplay

_gmtime = _time.gmtime
_asctime = _time.asctime
_strftime = _time.strftime
_struct_time = _time.struct_time


def _offset(secs):
    """Seconds east of UTC at the moment `secs`, as the reader's browser says."""
    offset = _memplay.utc_offset(float(secs))
    if offset != offset:  # NaN: outside the dates JavaScript can hold
        raise OverflowError("timestamp out of range for platform time_t")
    return int(offset)


def _zone_name(offset):
    if offset == 0:
        return "UTC"
    sign = "+" if offset > 0 else "-"
    hours, minutes = divmod(abs(offset) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def _year_offsets(secs=None):
    """The zone's offsets in January and July of the year of `secs` (now by default)."""
    year = _gmtime(_time.time() if secs is None else secs).tm_year
    january = _timegm((year, 1, 1, 0, 0, 0))
    july = _timegm((year, 7, 1, 0, 0, 0))
    return _offset(january), _offset(july)


def _timegm(t):
    """Seconds since the epoch of a UTC (year, month, day, hour, minute, second)."""
    year, month, day, hour, minute, second = t[:6]
    # Days from 1970-01-01 to the date (the proleptic Gregorian calendar).
    y = year - (month <= 2)
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    days = era * 146097 + doe - 719468
    return days * 86400 + hour * 3600 + minute * 60 + second


def localtime(secs=None):
    if secs is None:
        secs = _time.time()
    offset = _offset(secs)
    fields = tuple(_gmtime(secs + offset))[:8]
    january, july = _year_offsets(secs)
    isdst = int(january != july and offset == max(january, july))
    return _struct_time(fields + (isdst, _zone_name(offset), offset))


def mktime(t):
    fields = tuple(t)
    if len(fields) < 9:
        raise TypeError("mktime(): illegal time tuple argument")
    as_utc = _timegm(fields)
    january, july = _year_offsets(as_utc)
    isdst = fields[8]
    if january != july and isdst >= 0:
        # As C's mktime: the wall time is read in the offset tm_isdst names (summer time
        # or standard), even where that is not the one in force on that date.
        return float(as_utc - (max(january, july) if isdst else min(january, july)))
    return float(as_utc - _offset(as_utc - _offset(as_utc)))


def asctime(t=None):
    return _asctime(localtime() if t is None else t)


def ctime(secs=None):
    return _asctime(localtime(secs))


def strftime(format, t=None):
    t = localtime() if t is None else t
    # RustPython's strftime leaves %Z and %z as they are here: fill them in from the
    # struct (a literal "%%" stays one).
    zone = getattr(t, "tm_zone", None)
    offset = getattr(t, "tm_gmtoff", None)
    if zone is None or offset is None:
        # A plain tuple: the zone its tm_isdst names, as CPython does.
        summer = len(t) > 8 and t[8] > 0
        zone, offset = tzname[summer], -(altzone if summer else timezone)
    if "%Z" in format or "%z" in format:
        sign = "+" if offset >= 0 else "-"
        hours, minutes = divmod(abs(offset) // 60, 60)
        numeric = f"{sign}{hours:02d}{minutes:02d}"
        format = "%%".join(
            part.replace("%Z", zone.replace("%", "%%")).replace("%z", numeric)
            for part in format.split("%%")
        )
    return _strftime(format, t)


class _ClockInfo:
    def __init__(self, implementation, monotonic, adjustable, resolution):
        self.implementation = implementation
        self.monotonic = monotonic
        self.adjustable = adjustable
        self.resolution = resolution

    def __repr__(self):
        return (f"namespace(implementation={self.implementation!r}, monotonic={self.monotonic}, "
                f"adjustable={self.adjustable}, resolution={self.resolution})")


def get_clock_info(name):
    if name == "time":
        return _ClockInfo("Date.now()", False, True, 0.001)
    if name in ("monotonic", "perf_counter", "process_time", "thread_time"):
        return _ClockInfo("performance.now()", True, False, 1e-06)
    raise ValueError("unknown clock")


_standard, _summer = sorted(_year_offsets())
timezone = -_standard
altzone = -_summer
daylight = int(_standard != _summer)
tzname = (_zone_name(_standard), _zone_name(_summer))

for _name in ("localtime", "mktime", "asctime", "ctime", "strftime", "get_clock_info",
              "timezone", "altzone", "daylight", "tzname"):
    setattr(_time, _name, globals()[_name])


def open(file, *args, **kwargs):
    raise OSError(
        38,
        "open() has no files to reach in Memplay: the page runs Python without a file "
        "system. For a file-like object use io.StringIO('text') or io.BytesIO(b'bytes')",
    )


_builtins.open = _io.open = open
