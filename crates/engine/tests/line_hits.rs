//! Per-line hits against CPython's own line events (what memory_profiler counts as a
//! line's occurrences): each snippet runs in python3 under `sys.settrace` and in the
//! engine, and every line's hits must agree. Skipped, saying so, without python3 3.11.

mod common;

use common::run;
use memplay_engine::protocol::Outcome;
use memplay_engine::CountingAllocator;
use std::collections::BTreeMap;
use std::process::Command;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const COUNT_LINE_EVENTS: &str = r#"
import sys, collections
src = sys.stdin.read()
hits = collections.Counter()
def tracer(frame, event, arg):
    if frame.f_code.co_filename != "snippet.py":
        return None
    if event == "line":
        hits[frame.f_lineno] += 1
    return tracer
code = compile(src, "snippet.py", "exec")
sys.settrace(tracer)
exec(code, {"__name__": "__main__"})
sys.settrace(None)
for line, n in sorted(hits.items()):
    print(line, n)
"#;

fn cpython_hits(code: &str) -> Option<BTreeMap<u32, u64>> {
    let version = Command::new("python3").arg("--version").output().ok()?;
    if !String::from_utf8_lossy(&version.stdout).starts_with("Python 3.11") {
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", COUNT_LINE_EVENTS])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    child.stdin.take()?.write_all(code.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "python3 failed on {code}");
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let (line, n) = l.split_once(' ').unwrap();
                (line.parse().unwrap(), n.parse().unwrap())
            })
            .collect(),
    )
}

fn engine_hits(code: &str) -> BTreeMap<u32, u64> {
    let report = run(code);
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    report
        .lines
        .iter()
        .filter(|l| l.hits > 0)
        .map(|l| (l.line, l.hits))
        .collect()
}

/// Calls (a return does not enter the calling line again, a call does not enter the
/// `def` line), loops, one-line loops, generators, classes, while loops, branches.
/// Known differences, left out: a comprehension is a frame of its own in CPython 3.11
/// (one more hit of its line each time it runs; RustPython inlines it), and the first
/// line after an `except` block that handled an exception gets one hit more here.
const SNIPPETS: &[&str] = &[
    "def f():\n    return 1\nfor i in range(10):\n    f()\nx = 0\nfor i in range(10): x += 1\n",
    "def gen(n):\n    for i in range(n):\n        yield i\ntotal = 0\nfor v in gen(5):\n    total += v\n",
    "class A:\n    def __init__(self, v):\n        self.v = v\n\nitems = []\nfor i in range(5):\n    items.append(A(i))\nwhile items:\n    items.pop()\n",
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(8)\nl = lambda v: v + 1\nfor i in range(3): l(i)\n",
    "for i in range(3):\n    if i % 2:\n        x = i\n    else:\n        x = -i\n",
    "for i in range(4):\n    if i % 2:\n        continue\n    x = i\nn = 3\nwhile n:\n    n -= 1\n",
    // Snippet code called back from a builtin, and a generator a builtin drains.
    "def key(v):\n    return -v\nxs = sorted(range(5), key=key)\ndef gen(n):\n    yield from range(n)\n    yield n\ns = sum(gen(4))\n",
];

#[test]
fn line_hits_are_cpythons_line_events() {
    if cpython_hits("x = 1\n").is_none() {
        eprintln!("SKIPPED: python3 3.11 is not on PATH; scripts/test.sh installs it");
        return;
    }
    for code in SNIPPETS {
        let expected = cpython_hits(code).unwrap();
        assert_eq!(engine_hits(code), expected, "\n{code}");
    }
}

#[test]
fn a_line_keeps_what_it_makes_after_a_call_returns() {
    // Line 3 calls f, then builds an 8 MB list: the list is line 3's, not f's return line.
    let report = run("def f():\n    return 1\nx = [f()] + [0] * 1_000_000\n");
    let line = |n: u32| *report.lines.iter().find(|l| l.line == n).unwrap();
    assert!(line(3).max_increment >= 7_900_000, "{:?}", report.lines);
    assert!(line(2).max_increment < 10_000, "{:?}", line(2));
    assert_eq!((line(1).hits, line(2).hits, line(3).hits), (1, 1, 1));
}

#[test]
fn a_line_keeps_what_it_makes_after_a_callback_returns() {
    // `sorted` (native) calls key on line 2 three times; then line 3 builds an 8 MB list.
    let report =
        run("def key(v):\n    return -v\nx = sorted(range(3), key=key) + [0] * 1_000_000\n");
    let line = |n: u32| *report.lines.iter().find(|l| l.line == n).unwrap();
    assert!(line(3).max_increment >= 7_900_000, "{:?}", report.lines);
    assert!(line(2).max_increment < 10_000, "{:?}", line(2));
    assert_eq!((line(2).hits, line(3).hits), (3, 1));
}

#[test]
fn a_line_keeps_what_it_makes_however_the_frames_it_ran_ended() {
    // A generator parked in a `yield from`, and a frame unwound by an exception that a
    // builtin swallows: after either, line 6 / 5 builds an 8 MB list, which is its own.
    let parked = run("def inner():\n    yield 1\ndef outer():\n    yield from inner()\n\nx = [next(outer()) for _ in range(3)] + [0] * 1_000_000\n");
    let swallowed = run("class It:\n    def __iter__(self): return self\n    def __next__(self): return self._next()\n    def _next(self): raise StopIteration\nx = list(It()) + [0] * 1_000_000\n");
    for (report, big, others) in [(&parked, 6, &[2, 4][..]), (&swallowed, 5, &[2, 3, 4][..])] {
        let line = |n: u32| *report.lines.iter().find(|l| l.line == n).unwrap();
        assert!(line(big).max_increment >= 7_900_000, "{:?}", report.lines);
        for &other in others {
            assert!(line(other).max_increment < 10_000, "{:?}", line(other));
        }
    }
}

#[test]
fn a_line_counts_the_objects_it_makes() {
    // Line 2 makes 1,000 tuples and 2,000 ints above the shared small ones (plus the
    // list, the range and their iterator); the loop makes an int a round on line 3 (`i`)
    // and one on line 4 (`i * 3`), each freed by the next; line 6, a function's line,
    // makes its objects, and the line that calls it (7) only what the call itself does.
    let report = run("import gc\nrows = [(i, -i) for i in range(1_000, 2_000)]\nfor i in range(1_000, 1_500):\n    n = i * 3\ndef f():\n    return [object() for _ in range(500)]\nkept = f()\n");
    let line = |n: u32| *report.lines.iter().find(|l| l.line == n).unwrap();
    let made = |n: u32| line(n).objects_made;
    assert!(
        (3_000..=3_020).contains(&made(2)),
        "line 2 made {}: {:?}",
        made(2),
        report.lines
    );
    assert!((500..=520).contains(&made(3)), "{:?}", line(3));
    assert!((500..=520).contains(&made(4)), "{:?}", line(4));
    // 500 objects, and the 243 ints of range(500) above the shared small ones.
    assert!((743..=760).contains(&made(6)), "{:?}", line(6));
    assert!(
        made(7) < 10,
        "the call's line keeps only its own: {:?}",
        line(7)
    );
}
