# Calls the public functions of the modules that reach a clock, a sleep, the file system
# or the environment, with typical arguments, then with none: each ends in a result or a
# Python exception, never an engine panic. The last line printed is "audit done".
import calendar, datetime, locale, random, time, timeit, uuid

typical = {
    "time": [("sleep", (0,)), ("sleep", (0.01,)), ("localtime", ()), ("localtime", (0,)),
             ("gmtime", ()), ("mktime", (time.localtime(),)), ("ctime", ()), ("ctime", (0,)),
             ("asctime", ()), ("strftime", ("%Y-%m-%d %H:%M:%S %Z %z",)),
             ("strptime", ("2024-01-02", "%Y-%m-%d")), ("time", ()), ("time_ns", ()),
             ("monotonic", ()), ("perf_counter", ()), ("process_time", ()),
             ("thread_time", ()), ("get_clock_info", ("time",))],
    "datetime": [],
    "calendar": [("month", (2024, 2)), ("monthrange", (2024, 2)), ("isleap", (2024,)),
                 ("weekday", (2024, 1, 1)), ("timegm", (time.gmtime(0),)),
                 ("calendar", (2024,))],
    "timeit": [("timeit", ("x = 1", "pass", time.perf_counter, 10)),
               ("repeat", ("x = 1", "pass", time.perf_counter, 2, 10)), ("default_timer", ())],
    "random": [("seed", (1,)), ("random", ()), ("randint", (1, 6)), ("choice", ([1, 2],)),
               ("shuffle", ([1, 2, 3],)), ("sample", (range(10), 3)), ("gauss", (0, 1)),
               ("randbytes", (4,)), ("getrandbits", (8,))],
    "uuid": [("uuid1", ()), ("uuid3", (uuid.NAMESPACE_DNS, "a")), ("uuid4", ()),
             ("uuid5", (uuid.NAMESPACE_DNS, "a")), ("getnode", ())],
    "locale": [("getlocale", ()), ("setlocale", (locale.LC_ALL, "")), ("localeconv", ()),
               ("getpreferredencoding", ()), ("format_string", ("%d", 1234, True)),
               ("currency", (1.5,)), ("str", (1.5,))],
}
modules = {m.__name__: m for m in (time, datetime, calendar, timeit, random, uuid, locale)}
# Functions that with no arguments would run for long (timeit's defaults time a million
# loops) or wait for input.
slow = {"timeit.timeit", "timeit.repeat", "timeit.main", "calendar.main", "uuid.main"}
failures = []
for name, module in modules.items():
    calls = [(f, a) for f, a in typical[name]]
    calls += [(f, ()) for f in dir(module)
              if not f.startswith("_") and callable(getattr(module, f))
              and f"{name}.{f}" not in slow]
    for function, args in calls:
        try:
            getattr(module, function)(*args)
        except Exception as error:
            failures.append(f"{name}.{function}{args!r}: {type(error).__name__}")

now = datetime.datetime.now()
print("now", now.isoformat(), round(now.timestamp() - time.time()))
print("utc", datetime.datetime.now(datetime.timezone.utc).isoformat())
print("local", now.astimezone().isoformat(), time.strftime("%Z %z"), time.timezone)
print("today", datetime.date.today() == now.date() or now.hour == 0)
start = time.perf_counter()
time.sleep(1)
print("slept", round(time.perf_counter() - start, 1))
for line in failures:
    print("raised", line)
print("audit done")
