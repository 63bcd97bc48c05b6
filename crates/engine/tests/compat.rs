//! The modules the article's readers import (`gc`, `objgraph`, `memory_profiler`,
//! `tracemalloc`, `sys.getsizeof`, and the `numpy` message), run as snippets through the
//! engine, output formats included.

use memplay_engine::protocol::share::Measure;
use memplay_engine::protocol::{Limits, Outcome, RunReport, RunRequest};
use memplay_engine::{CountingAllocator, Engine};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn run(code: &str) -> RunReport {
    Engine::new().run_quietly(&RunRequest {
        run_id: 1,
        pane: "snippet".into(),
        code: code.into(),
        limits: Limits::default(),
        measure: Default::default(),
    })
}

fn run_ok(code: &str) -> String {
    let report = run(code);
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    report.stdout
}

#[test]
fn gc_switches_collects_and_answers() {
    let out = run_ok(
        "import gc\n\
         gc.disable()\n\
         print(gc.isenabled())\n\
         class Node:\n    pass\n\
         for _ in range(1000):\n    a = Node(); b = Node(); a.other = b; b.other = a\n\
         del a, b\n\
         found = gc.collect()\n\
         print(found >= 2000)\n\
         gc.enable()\n\
         print(gc.isenabled())\n\
         print(len(gc.get_count()) == 3)\n\
         old = gc.get_threshold()\n\
         gc.set_threshold(1234, 5, 6)\n\
         print(gc.get_threshold()[:1])\n\
         gc.set_threshold(*old)\n\
         print(isinstance(gc.get_objects(), list))\n",
    );
    assert_eq!(out, "False\nTrue\nTrue\nTrue\n(1234,)\nTrue\n");
}

#[test]
fn each_run_starts_with_fresh_objgraph_and_tracemalloc_state() {
    let engine = Engine::new();
    let run = |code: &str| {
        let report = engine.run_quietly(&RunRequest {
            run_id: 1,
            pane: "snippet".into(),
            code: code.into(),
            limits: Limits::default(),
            measure: Default::default(),
        });
        assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
        report.stdout
    };
    let first_growth = "import objgraph, tracemalloc\n\
         print(tracemalloc.is_tracing())\n\
         objgraph.show_growth(limit=2)\n\
         tracemalloc.start()\n";
    let first = run(first_growth);
    let second = run(first_growth);
    // A first show_growth() lists totals (delta = count), not the change since the last run.
    for out in [&first, &second] {
        let mut lines = out.lines();
        assert_eq!(lines.next(), Some("False"), "{out}");
        let rows: Vec<&str> = lines.collect();
        assert_eq!(rows.len(), 2, "{out}");
        for row in rows {
            let fields: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(format!("+{}", fields[1]), fields[2], "{out}");
        }
    }
}

#[test]
fn objgraph_counts_and_shows_growth_in_its_format() {
    let out = run_ok(
        "import objgraph\n\
         class Leaky:\n    pass\n\
         objgraph.show_growth(limit=1)\n\
         print('--')\n\
         keep = [Leaky() for _ in range(100)]\n\
         print(objgraph.count('Leaky'), len(objgraph.by_type('Leaky')))\n\
         print(dict(objgraph.most_common_types(limit=50))['Leaky'])\n\
         objgraph.show_growth(limit=1)\n\
         print('--')\n\
         objgraph.show_most_common_types(limit=3)\n",
    );
    let sections: Vec<&str> = out.split("--\n").collect();
    assert_eq!(sections.len(), 3, "{out}");
    let mut middle = sections[1].lines();
    assert_eq!(middle.next(), Some("100 100"));
    assert_eq!(middle.next(), Some("100"));
    // objgraph's show_growth format: name, count in 9 columns, signed delta in 9.
    assert_eq!(middle.next(), Some("Leaky      100      +100"));
    let common: Vec<&str> = sections[2].lines().collect();
    assert_eq!(common.len(), 3, "{out}");
    for line in common {
        let (name, count) = line.rsplit_once(' ').unwrap();
        assert!(
            !name.trim().is_empty() && count.parse::<u64>().is_ok(),
            "{line}"
        );
    }
}

#[test]
fn memory_profiler_prints_its_line_table() {
    let out = run_ok(
        "from memory_profiler import profile, memory_usage\n\
         \n\
         @profile\n\
         def my_func():\n\
         \x20   a = [1] * (10 ** 6)\n\
         \x20   b = [2] * (2 * 10 ** 6)\n\
         \x20   del b\n\
         \x20   return a\n\
         \n\
         kept = my_func()\n\
         usage = memory_usage()\n\
         print(type(usage).__name__, len(usage), usage[0] > 7)\n\
         peak = memory_usage((lambda: [0] * 10**6, (), {}), max_usage=True)\n\
         print(peak > usage[0] + 7)\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    // Which measure the table shows comes first: a census per line would cost too much
    // for CPython's figures, so they are RustPython's.
    assert_eq!(
        lines[0],
        "Memplay: Mem usage and Increment are RustPython heap bytes, not CPython's"
    );
    let lines = &lines[1..];
    assert_eq!(lines[0], "Filename: snippet");
    assert_eq!(
        lines[2],
        "Line #    Mem usage    Increment  Occurrences   Line Contents"
    );
    assert_eq!(lines[3], "=".repeat(lines[2].len()));
    let row = |n: u32| -> Vec<&str> {
        let line = lines
            .iter()
            .find(|l| l.split_whitespace().next() == Some(&n.to_string()))
            .unwrap_or_else(|| panic!("no row {n} in\n{out}"));
        line.split_whitespace().collect()
    };
    assert_eq!(row(3)[5..], ["1", "@profile"]);
    assert_eq!(row(4), ["4", "def", "my_func():"]);
    // Line 5 adds a million pointers (8 bytes each natively): about 7.6 MiB.
    let five = row(5);
    let increment: f64 = five[3].parse().unwrap();
    assert!((7.0..9.0).contains(&increment), "{five:?}");
    assert_eq!(five[5], "1");
    let seven = row(7);
    let freed: f64 = seven[3].parse().unwrap();
    assert!(freed < -14.0, "del b frees about 15 MiB: {seven:?}");
    assert!(out.ends_with("list 1 True\nTrue\n"), "{out}");
}

#[test]
fn tracemalloc_subset_traces_current_peak_and_lines() {
    let out = run_ok(
        "import tracemalloc\n\
         tracemalloc.start()\n\
         print(tracemalloc.is_tracing())\n\
         data = list(range(100_000))\n\
         current, peak = tracemalloc.get_traced_memory()\n\
         print(current > 1_000_000, peak >= current)\n\
         snap = tracemalloc.take_snapshot()\n\
         top = snap.statistics('lineno')[0]\n\
         print(top.traceback[0].lineno, top.size > 1_000_000, top.count)\n\
         print(str(top).startswith('snippet:4: size='))\n\
         del data\n\
         after, peak2 = tracemalloc.get_traced_memory()\n\
         print(after < current // 10, peak2 >= current)\n\
         tracemalloc.reset_peak()\n\
         print(tracemalloc.get_traced_memory()[1] < current // 10)\n\
         diff = tracemalloc.take_snapshot().compare_to(snap, 'lineno')\n\
         print(any(d.size_diff < -1_000_000 for d in diff))\n\
         tracemalloc.stop()\n\
         print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())\n",
    );
    assert_eq!(
        out,
        "True\nTrue True\n4 True 1\nTrue\nTrue True\nTrue\nTrue\nFalse (0, 0)\n"
    );
}

#[test]
fn reset_peak_restarts_the_snippets_peak_but_not_the_runs() {
    let report = run("import tracemalloc\n\
         tracemalloc.start()\n\
         data = list(range(100_000))\n\
         del data\n\
         tracemalloc.reset_peak()\n\
         print(tracemalloc.get_traced_memory()[1] < 100_000)\n");
    assert_eq!(report.stdout, "True\n", "{:?}", report.error);
    // The run's own peak is the list's, whatever the snippet reset.
    assert!(report.peak_bytes > 800_000, "{}", report.peak_bytes);
}

#[test]
fn sys_getsizeof_answers_for_common_types() {
    let out = run_ok(
        "import sys\n\
         sizes = [sys.getsizeof(x) for x in (0, 1.5, 'abc', b'abc', (), [], {}, set())]\n\
         print(all(isinstance(s, int) and s > 0 for s in sizes))\n\
         print(sys.getsizeof([0] * 100) > sys.getsizeof([]))\n\
         print(sys.getsizeof('a' * 1000) > sys.getsizeof('a'))\n",
    );
    assert_eq!(out, "True\nTrue\nTrue\n");
}

#[test]
fn modules_that_cannot_run_say_what_to_use_instead() {
    for (code, says, instead) in [
        (
            "import numpy as np\n",
            "numpy cannot run in Memplay",
            "array.array",
        ),
        (
            "import sqlite3\n",
            "sqlite3 cannot run in Memplay",
            "list of tuples",
        ),
        (
            "from ctypes import c_int\n",
            "ctypes cannot run in Memplay",
            "memoryview",
        ),
        ("import bz2\n", "bz2 cannot run in Memplay", "zlib"),
        ("import lzma\n", "lzma cannot run in Memplay", "zlib"),
    ] {
        let report = run(code);
        let error = report.summary.error.expect("a ModuleNotFoundError");
        assert_eq!(error.kind, "ModuleNotFoundError", "{code}");
        assert!(error.message.contains(says), "{}", error.message);
        assert!(error.message.contains(instead), "{}", error.message);
        assert_eq!(error.line, Some(1));
    }
}

#[test]
fn a_codec_left_out_of_the_engine_is_an_unknown_encoding() {
    // The CJK codecs' tables are not in the engine (patches/rustpython-stdlib-0.6.0.patch):
    // encoding with one ends in CPython's own error for a codec it cannot find.
    let report = run("data = 'memory'.encode('shift_jis')\n");
    let error = report.summary.error.expect("a LookupError");
    assert_eq!(error.kind, "LookupError");
    assert_eq!(error.message, "unknown encoding: shift_jis");
    assert_eq!(error.line, Some(1));
}

#[test]
fn importing_a_compat_module_costs_a_run_nothing() {
    let a = run("import objgraph, memory_profiler, tracemalloc\n");
    let b = run("import objgraph, memory_profiler, tracemalloc\n");
    assert_eq!(a.outcome, Outcome::Completed);
    assert_eq!(a.peak_bytes, b.peak_bytes);
    assert!(a.final_bytes < 4096, "{}", a.final_bytes);
}

fn run_in(code: &str, measure: Measure) -> RunReport {
    Engine::new().run_quietly(&RunRequest {
        run_id: 1,
        pane: "snippet".into(),
        code: code.into(),
        limits: Limits::default(),
        measure,
    })
}

const USERS: &str = "import objgraph\n\
class User:\n    def __init__(self, n):\n        self.n = n\n        self.name = 'u%d' % n\n\
objgraph.show_growth(limit=3)\n\
print('--')\n\
users = [User(i) for i in range(500)]\n\
objgraph.show_growth(limit=3)\n";

#[test]
fn objgraph_counts_as_cpython_or_as_rustpython_as_the_page_shows() {
    // CPython 3.11 keeps a plain instance's attributes in the instance: no dicts grow.
    let cpython = run_in(USERS, Measure::Cpython).stdout;
    let growth = cpython.split("--\n").nth(1).unwrap();
    assert!(growth.contains("User      500      +500"), "{cpython}");
    assert!(!growth.contains("dict"), "{cpython}");
    // RustPython holds each instance's attributes in a dict of its own.
    let rustpython = run_in(USERS, Measure::Rustpython).stdout;
    let growth = rustpython.split("--\n").nth(1).unwrap();
    assert!(growth.contains("User      500      +500"), "{rustpython}");
    assert!(
        growth
            .lines()
            .any(|l| l.starts_with("dict") && l.ends_with("+500")),
        "{rustpython}"
    );
}

#[test]
fn tracemalloc_reports_cpythons_bytes() {
    // CPython 3.11: 100,000 ints of 32 bytes and a list of 100,000 slots (56 + 800,000).
    let out = run_ok(
        "import tracemalloc\n\
         tracemalloc.start()\n\
         data = list(range(1000, 101_000))\n\
         current, peak = tracemalloc.get_traced_memory()\n\
         print(current, peak)\n",
    );
    let figures: Vec<i64> = out.split_whitespace().map(|n| n.parse().unwrap()).collect();
    let expected = 100_000 * 32 + 56 + 800_000;
    assert!(
        (figures[0] - expected).abs() < 2_000,
        "{figures:?} vs {expected}"
    );
    assert!(figures[1] >= figures[0]);
}

#[test]
fn asyncio_runs_its_loop_without_a_network() {
    // asyncio's event loop wakes itself through socket.socketpair() and waits in
    // select(): both work on in-memory ends, so tasks, queues, sleeps and timeouts run.
    let out = run_ok(
        "import asyncio, socket, types\n\
         async def consumer(queue):\n    total = 0\n    while (item := await queue.get()) is not None:\n        total += item\n    return total\n\
         async def main():\n    queue = asyncio.Queue()\n    task = asyncio.create_task(consumer(queue))\n    for i in range(100):\n        await queue.put(i)\n    await queue.put(None)\n    result = await asyncio.gather(task, asyncio.sleep(0.01, result='slept'))\n    try:\n        await asyncio.wait_for(asyncio.sleep(10), timeout=0.02)\n    except asyncio.TimeoutError:\n        result.append('timed out')\n    return result\n\
         print(asyncio.run(main()))\n\
         a, b = socket.socketpair()\n\
         a.send(b'ping')\n\
         print(b.recv(10))\n\
         print(a.sendall(b'pong'), b.makefile('rb').read(4))\n\
         b.settimeout(0.05)\n\
         import time\n\
         started = time.monotonic()\n\
         try:\n    b.recv(1)\n\
         except TimeoutError as error:\n    print(repr(error), b.gettimeout(), time.monotonic() - started >= 0.05)\n\
         for bad in (-1, float('nan'), '1'):\n    try:\n        b.settimeout(bad)\n    except (TypeError, ValueError) as error:\n        print(error)\n\
         try:\n    b.recv_into(bytearray(2), 5)\n\
         except ValueError as error:\n    print(error)\n\
         b.setblocking(False)\n\
         try:\n    b.recv(1)\n\
         except BlockingIOError as error:\n    print(error.errno, b.getblocking())\n\
         @types.coroutine\n\
         def legacy():\n    yield\n\
         async def awaits_legacy():\n    await legacy()\n    return 'legacy ok'\n\
         print(asyncio.run(awaits_legacy()))\n\
         try:\n    socket.create_connection(('example.com', 80))\n\
         except OSError as error:\n    print(error)\n\
         async def forever():\n    await asyncio.Future()\n\
         try:\n    asyncio.run(forever())\n\
         except OSError as error:\n    print(error)\n",
    );
    assert_eq!(
        out,
        "[4950, 'slept', 'timed out']\nb'ping'\nNone b'pong'\n\
         TimeoutError('timed out') 0.05 True\n\
         Timeout value out of range\nInvalid value NaN (not a number)\n\
         'str' object cannot be interpreted as an integer\nbuffer too small for requested bytes\n\
         11 False\nlegacy ok\n\
         [Errno 101] Network is unreachable: Memplay runs without a network\n\
         [Errno 38] select() would wait for ever: nothing else runs to make a file ready here\n"
    );
}
