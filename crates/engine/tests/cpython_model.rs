//! The CPython 3.11 model against CPython itself: each snippet runs in python3 under
//! tracemalloc and in the engine, and the model's final and peak bytes must come within
//! 10% and 15% of CPython's. Skipped, saying so, where python3 3.11 is missing
//! (scripts/test.sh installs it).

mod common;

use common::run;
use memplay_engine::protocol::Outcome;
use memplay_engine::CountingAllocator;
use std::io::Write;
use std::process::{Command, Stdio};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `code` in a fresh python3 under tracemalloc: (current, peak) bytes at its end.
const HARNESS: &str = r#"
import gc, sys, tracemalloc
code = compile(sys.stdin.read(), "snippet.py", "exec")
namespace = {"__name__": "__main__"}
gc.collect()
tracemalloc.start()
exec(code, namespace)
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(current, peak)
"#;

fn python311() -> Option<&'static str> {
    let out = Command::new("python3").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout).to_string();
    version.starts_with("Python 3.11").then_some("python3")
}

fn cpython_figures(python: &str, code: &str) -> (i64, i64) {
    let mut child = Command::new(python)
        .args(["-c", HARNESS])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(code.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python3 failed on {code}");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut figures = text.split_whitespace().map(|n| n.parse::<i64>().unwrap());
    (figures.next().unwrap(), figures.next().unwrap())
}

/// Within `share` of CPython's figure, or 4 KB for figures that small.
fn close(model: i64, cpython: i64, share: f64) -> bool {
    (model - cpython).abs() as f64 <= (cpython as f64 * share).max(4096.0)
}

const SNIPPETS: &[(&str, &str)] = &[
    ("ints", "data = [i for i in range(300_000)]\n"),
    ("big ints", "big = [2**70 + i for i in range(50_000)]\n"),
    ("ASCII strs", "words = [str(i) * 3 for i in range(100_000)]\n"),
    (
        "non-ASCII strs",
        "latin = ['é' * 5 + str(i) for i in range(40_000)]\nwide = ['ā' * 5 + str(i) for i in range(40_000)]\nemoji = ['🐍' + str(i) for i in range(20_000)]\n",
    ),
    (
        "dict rows",
        "rows = [{'id': i, 'name': 'user%d' % i, 'score': i * 0.5} for i in range(50_000)]\n",
    ),
    (
        "tuple rows",
        "rows = [(i, 'user%d' % i, i * 0.5) for i in range(50_000)]\n",
    ),
    (
        "plain class",
        "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\npoints = [Point(i, i * 2) for i in range(50_000)]\n",
    ),
    (
        "slots class",
        "class Point:\n    __slots__ = ('x', 'y')\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\npoints = [Point(i, i * 2) for i in range(50_000)]\n",
    ),
    (
        "sets",
        "numbers = set(range(100_000))\nnames = {str(i) for i in range(20_000)}\n",
    ),
    (
        "nested lists",
        "grid = [[j for j in range(20)] for i in range(10_000)]\n",
    ),
    ("floats", "xs = [i * 0.5 for i in range(200_000)]\n"),
    (
        "array",
        "import array\nxs = array.array('d', [i * 0.5 for i in range(200_000)])\n",
    ),
    ("bytes", "chunks = [bytes(200) for _ in range(20_000)]\n"),
    ("int-keyed dict", "d = {i: i * 2 for i in range(100_000)}\n"),
    // In a function CPython 3.11 grows the string where it stands (peak = final); at
    // module level the name holds a second reference, so each `+=` copies (peak = 2x).
    (
        "str += in a def",
        "def build(n):\n    s = ''\n    for i in range(n):\n        s += str(i)\n    return s\n\ntext = build(100_000)\n",
    ),
    // CPython copies a string whose hash was computed, or that a wider piece widens.
    (
        "str += hashed",
        "def build(n):\n    s = ''\n    for i in range(n):\n        s += str(i)\n        hash(s)\n    return s\n\ntext = build(50_000)\n",
    ),
    (
        "str += widened",
        "def build(n):\n    s = ''\n    for i in range(n):\n        s += str(i)\n    s += 'é'\n    s += 'x'\n    return s\n\ntext = build(50_000)\n",
    ),
    (
        "str += at top",
        "text = ''\nfor i in range(20_000):\n    text += str(i)\n",
    ),
    (
        "a transient peak",
        "longest = max([str(i) * 5 for i in range(150_000)], key=len)\n",
    ),
];

#[test]
fn the_model_matches_cpython_tracemalloc() {
    let Some(python) = python311() else {
        eprintln!("SKIPPED: python3 3.11 is not on PATH; scripts/test.sh installs it");
        return;
    };
    let mut failures = Vec::new();
    for (name, code) in SNIPPETS {
        let (current, peak) = cpython_figures(python, code);
        let report = run(code);
        assert_eq!(
            report.outcome,
            Outcome::Completed,
            "{name}: {:?}",
            report.error
        );
        let (model_final, model_peak) = (report.cpython_final_bytes, report.cpython_peak_bytes);
        let line = format!(
            "{name:16} CPython final {current:>10} peak {peak:>10} | model final {model_final:>10} ({:+.1}%) peak {model_peak:>10} ({:+.1}%)",
            (model_final - current) as f64 / current.max(1) as f64 * 100.0,
            (model_peak - peak) as f64 / peak.max(1) as f64 * 100.0,
        );
        eprintln!("{line}");
        if !close(model_final, current, 0.10) || !close(model_peak, peak, 0.15) {
            failures.push(line);
        }
    }
    assert!(
        failures.is_empty(),
        "off by more than 10% / 15%:\n{}",
        failures.join("\n")
    );
}

/// `sys.getsizeof` of built-in objects and plain instances, printed by the snippet. (A
/// generator's size rests on RustPython's stack depth, a proxy for CPython's: it is one
/// slot more for a body without a loop, so the generator here has one.)
const SIZES: &str = r#"import sys, array, collections
class Plain:
    def __init__(self):
        self.a = 1
        self.b = 2
class Slotted:
    __slots__ = ('a', 'b')
def gen(n):
    for i in range(n):
        yield i
objects = [[1, 2, 3, 4, 5], "hello", "é", "āāā", "🐍🐍", (1, 2, 3), (), {}, {"a": 1},
           {1: 2}, set(range(10)), frozenset(), 5, 10**30, 0, True, None, 1.5, 2j,
           b"abc", bytearray(b"abc"), range(10), iter([]), lambda: 0, object(),
           [i for i in range(10)], array.array("d", [1.0] * 10), collections.deque(),
           Plain(), Slotted(), gen(3)]
print(" ".join(str(sys.getsizeof(o)) for o in objects))
"#;

#[test]
fn getsizeof_answers_as_cpython_does() {
    let report = run(SIZES);
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    let engine = report.stdout.trim().to_string();
    // The issue's two examples hold without python3 too.
    assert!(engine.starts_with("104 54 "), "{engine}");
    let Some(python) = python311() else {
        eprintln!("SKIPPED the comparison with python3: python3 3.11 is not on PATH");
        return;
    };
    let out = Command::new(python).args(["-c", SIZES]).output().unwrap();
    let cpython = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(engine, cpython);
}
