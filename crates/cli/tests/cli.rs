//! The `memplay` command end to end: exit codes, errors, the summary and the JSON schema.

use std::path::PathBuf;
use std::process::{Command, Output};

fn memplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_memplay"))
        .args(args)
        .output()
        .expect("memplay runs")
}

fn snippet(name: &str, code: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("memplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, code).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn bad_paths_are_usage_errors() {
    let missing = memplay(&["run", "/no/such/file.py"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        text(&missing.stderr),
        "memplay: /no/such/file.py: no such file\n"
    );

    let dir = std::env::temp_dir();
    let directory = memplay(&["run", dir.to_str().unwrap()]);
    assert_eq!(directory.status.code(), Some(2));
    assert!(text(&directory.stderr).ends_with("is a directory, not a Python file\n"));
    assert_eq!(text(&directory.stderr).lines().count(), 1);

    let binary = snippet("latin1.py", b"x = '\xff'\n");
    let not_utf8 = memplay(&["run", binary.to_str().unwrap()]);
    assert_eq!(not_utf8.status.code(), Some(2));
    assert!(text(&not_utf8.stderr).contains("not UTF-8"));
    assert!(not_utf8.stdout.is_empty());
}

#[test]
fn python_error_is_reported_with_exit_1() {
    let file = snippet("fails.py", b"print('before')\nx = {}['missing']\n");
    let out = memplay(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("before\n"), "{stdout}");
    assert!(stdout.contains("KeyError: 'missing' (line 2)"), "{stdout}");
}

#[test]
fn two_files_are_compared() {
    let list = snippet("list.py", b"data = [i for i in range(200_000)]\n");
    let generator = snippet("gen.py", b"total = sum(i for i in range(200_000))\n");
    let out = memplay(&["run", list.to_str().unwrap(), generator.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("== comparison =="), "{stdout}");
    assert!(stdout.contains("top types     int 200"), "{stdout}");
    let verdict = stdout
        .lines()
        .find(|l| l.contains("peak memory (CPython 3.11): "))
        .unwrap();
    assert!(
        verdict.contains("list.py") && verdict.contains("x "),
        "{verdict}"
    );
    assert!(
        verdict.find("list.py") < verdict.find("gen.py"),
        "list is the larger: {verdict}"
    );
}

#[test]
fn json_document_has_the_documented_fields() {
    let file = snippet(
        "json.py",
        b"print('hi')\nrows = [(i, i) for i in range(10_000)]\n",
    );
    let out = memplay(&["run", "--json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let run = &doc["runs"][0];
    for field in [
        "file",
        "ok",
        "error",
        "stdout",
        "peak_bytes",
        "final_bytes",
        "peak_objects",
        "cpython_peak_objects",
        "cpython_final_objects",
        "wall_ms",
        "steps",
        "samples",
        "types_at_peak",
        "censuses",
        "lines",
    ] {
        assert!(run.get(field).is_some(), "missing {field}");
    }
    // Every census, with where it was taken and its types; the last one is the end's.
    let censuses = run["censuses"].as_array().unwrap();
    let last = censuses.last().unwrap();
    for field in ["step", "t_ms", "line", "total", "by_type", "cpython"] {
        assert!(last.get(field).is_some(), "census missing {field}");
    }
    assert_eq!(last["by_type"]["tuple"], 10_000);
    assert_eq!(last["step"], run["steps"]);
    assert_eq!(run["cpython_final_objects"], last["cpython"]["total"]);
    assert_eq!(run["ok"], true);
    assert_eq!(run["stdout"], "hi\n");
    assert_eq!(run["types_at_peak"]["tuple"], 10_000);
    let sample = &run["samples"][0];
    for field in ["step", "t_ms", "line", "bytes", "objects", "net_objects"] {
        assert!(sample.get(field).is_some(), "sample missing {field}");
    }
    let line2 = run["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["line"] == 2)
        .unwrap();
    assert!(line2["max_increment"].as_i64().unwrap() > 100_000);
    // A line event each time the comprehension goes round, as CPython's tracing has them
    // (CPython 3.11 counts one more: its comprehension is a frame of its own).
    assert_eq!(line2["hits"], 10_001);
}

#[test]
fn limits_from_flags() {
    let spin = snippet("spin.py", b"while True:\n    pass\n");
    let out = memplay(&[
        "run",
        "--json",
        "--time-limit",
        "0.2",
        spin.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["runs"][0]["outcome"], "time_limit");

    let bomb = snippet(
        "bomb.py",
        b"a = []\nwhile True:\n    a.append(' ' * 2**20)\n",
    );
    let out = memplay(&["run", "--json", "--mem-limit", "32", bomb.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["runs"][0]["outcome"], "memory_limit");
    assert!(doc["runs"][0]["error"]
        .as_str()
        .unwrap()
        .starts_with("MemoryError: memory cap of 32.0 MB"));
}

/// What a run prints, from `--json`.
fn outputs(out: &Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    doc["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|run| run["stdout"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn each_file_runs_sealed_from_the_others() {
    let tamper = snippet(
        "tamper.py",
        br#"import builtins, json, sys, random
SECRET = "api-key-1234"
builtins.len = lambda x: 42
json.dumps = lambda *a, **k: "patched"
sys.setrecursionlimit(60)
sys.meta_path.clear()
random.seed(99)
print(len([1, 2]), json.dumps(1))
"#,
    );
    let probe = snippet(
        "probe.py",
        br#"import gc, json, linecache, random, sys
# Built here, so this snippet's own source does not hold the secret.
needle = "api-key-" + str(1234)
found = needle in str(linecache.cache)
found = found or any(
    "SECRET" in o for o in gc.get_objects() if isinstance(o, dict) and o is not globals()
)
print(len([1, 2]), json.dumps(1), sys.getrecursionlimit() > 60, len(sys.meta_path) > 0)
print("secret found" if found else "no secret", random.random())
"#,
    );
    let (tamper, probe) = (tamper.to_str().unwrap(), probe.to_str().unwrap());
    let alone = memplay(&["run", "--json", probe]);
    let after = memplay(&["run", "--json", tamper, probe, probe]);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after.stderr));
    let printed = outputs(&after);
    assert_eq!(printed[0], "42 patched\n");
    assert!(
        printed[1].starts_with("2 1 True True\nno secret "),
        "{}",
        printed[1]
    );
    // Nothing of the tampering run shows: the probe prints what it prints alone.
    assert_eq!(printed[1], outputs(&alone)[0]);
    assert_eq!(printed[2], printed[1]);
    // And its figures are those of a run alone.
    let figures = |out: &Output, i: usize| {
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let run = &doc["runs"][i];
        (
            run["steps"].clone(),
            run["peak_bytes"].clone(),
            run["cpython_final_bytes"].clone(),
        )
    };
    assert_eq!(figures(&after, 1), figures(&alone, 0));
}

#[test]
fn endless_input_is_refused() {
    let out = memplay(&["run", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "memplay: /dev/zero: larger than 8 MB; a snippet is expected\n"
    );
}

#[test]
fn the_time_limit_holds_inside_one_long_builtin_call() {
    // `sum` over a range runs in Rust: no bytecode instruction for the probe to stop at.
    // The first line streams samples for a while (they are sent every 50 ms), the
    // second stalls in one call.
    let long = snippet(
        "long.py",
        b"data = [i for i in range(1_000_000)]\ntotal = sum(range(10**12))\n",
    );
    let out = memplay(&["run", "--json", "--time-limit", "3", long.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["outcome"], "time_limit");
    assert!(
        run["error"]
            .as_str()
            .unwrap()
            .contains("Time limit of 3 s reached inside one long call"),
        "{}",
        run["error"]
    );
    assert!(
        run["samples"].as_array().unwrap().len() > 10,
        "the samples so far are kept"
    );
    assert!(run["peak_bytes"].as_i64().unwrap() > 500_000);
    // The line it was stuck on never made a sample: no line is claimed.
    assert_eq!(run["error_line"], serde_json::Value::Null);
}
