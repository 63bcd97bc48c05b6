//! The engine's promises, checked natively through the public API: figures, streams,
//! errors and imports (the limits are in limits.rs).

mod common;

use common::{request, run};
use memplay_engine::protocol::{Limits, Outcome, RunEvent, RunReport, RunRequest};
use memplay_engine::{CountingAllocator, Engine};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const LIST: &str = "data = [i for i in range(1_000_000)]\ntotal = sum(data)\n";
const GENERATOR: &str = "total = sum(i for i in range(1_000_000))\n";

#[test]
fn generator_peaks_far_below_the_list() {
    let engine = Engine::new();
    let request = |code: &str| RunRequest {
        run_id: 7,
        pane: "pane".into(),
        code: code.into(),
        limits: Limits::default(),
        measure: Default::default(),
    };
    let list = engine.run_quietly(&request(LIST));
    let generator = engine.run_quietly(&request(GENERATOR));
    assert_eq!(list.outcome, Outcome::Completed, "{:?}", list.error);
    assert_eq!(
        generator.outcome,
        Outcome::Completed,
        "{:?}",
        generator.error
    );
    // A million ints cost tens of megabytes, the generator almost nothing.
    assert!(
        list.peak_bytes > 30_000_000,
        "list peak {}",
        list.peak_bytes
    );
    assert!(
        (generator.peak_bytes as f64) < 0.05 * list.peak_bytes as f64,
        "generator {} vs list {}",
        generator.peak_bytes,
        list.peak_bytes
    );
    let ints = list.census_at_peak.by_type.get("int").copied().unwrap_or(0);
    assert!(ints >= 1_000_000, "ints at the list's peak: {ints}");
    assert!(list.peak_objects >= 1_000_000);
    assert!(generator.peak_objects < 1_000);
    // The timeline grows while the list is built and has exact ends.
    assert!(list.samples.len() > 100, "{} samples", list.samples.len());
    let first = list.samples.first().unwrap();
    assert_eq!((first.step, first.bytes, first.objects), (0, 0, Some(0)));
    let last = list.samples.last().unwrap();
    assert_eq!(last.bytes, list.final_bytes);
    assert_eq!(last.step, list.steps);
    assert!(last.objects.is_some());
    assert!(list.samples.windows(2).all(|w| w[0].step <= w[1].step));
    assert!(list.samples.iter().any(|s| s.line == 2));
}

#[test]
fn a_peak_inside_one_instruction_is_kept_on_the_next_sample() {
    // join collects 200,000 new strs into a temporary before it builds the result, all
    // inside one call: no probe can sample that, but the timeline still shows the peak.
    let report = run("s = ''.join(map(str, range(200_000)))\nn = len(s)\n");
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    let sampled = report.samples.iter().map(|s| s.bytes).max().unwrap();
    let highest = report
        .samples
        .iter()
        .map(|s| s.highest_bytes())
        .max()
        .unwrap();
    assert_eq!(highest, report.peak_bytes);
    assert!(
        sampled * 3 < report.peak_bytes,
        "{sampled} vs {}",
        report.peak_bytes
    );
    let spike = report
        .samples
        .iter()
        .find(|s| s.high_before.is_some())
        .unwrap();
    assert_eq!(spike.high_before, Some(report.peak_bytes));
    assert!(report
        .samples
        .iter()
        .all(|s| s.high_before.is_none_or(|h| h > s.bytes)));
}

#[test]
fn reference_cycle_lives_until_collected() {
    // A big list, so freeing it outweighs what `found = ...` adds to the namespace.
    let leak = "import gc\ngc.disable()\na = [None] * 10_000\na.append(a)\ndel a\n";
    let engine = Engine::new();
    let request = |code: String| RunRequest {
        run_id: 1,
        pane: "cycle".into(),
        code,
        limits: Limits::default(),
        measure: Default::default(),
    };
    let kept = engine.run_quietly(&request(leak.to_string()));
    let collected = engine.run_quietly(&request(format!("{leak}found = gc.collect()\n")));
    let lists_at_end = |r: &RunReport| r.census_at_end.by_type.get("list").copied().unwrap_or(0);
    assert_eq!(kept.outcome, Outcome::Completed);
    assert_eq!(collected.outcome, Outcome::Completed);
    assert_eq!(
        lists_at_end(&kept),
        1,
        "the cycle is alive: {:?}",
        kept.census_at_end
    );
    assert_eq!(lists_at_end(&collected), 0, "{:?}", collected.census_at_end);
    assert!(kept.final_bytes > 40_000, "{}", kept.final_bytes);
    assert!(
        collected.final_bytes < kept.final_bytes - 30_000,
        "{} vs {}",
        collected.final_bytes,
        kept.final_bytes
    );
}

#[test]
fn a_slots_class_cycle_is_collected() {
    // type -> member descriptor -> type: a cycle the collector must see whole.
    let out = run("import gc\n\
         class Marker:\n    pass\n\
         scope = {'m': Marker()}\n\
         exec(\"class P:\\n    __slots__ = ('a',)\\n    def f(self): pass\\n\", scope)\n\
         del scope\n\
         gc.collect()\n\
         print(len([o for o in gc.get_objects() if type(o) is Marker]))\n");
    assert_eq!(out.outcome, Outcome::Completed, "{:?}", out.error);
    assert_eq!(out.stdout, "0\n");
}

#[test]
fn nothing_of_a_run_outlives_it() {
    let engine = Engine::new();
    let first = engine.run_quietly(&request(
        "class Point:\n    __slots__ = ('x',)\n    def __init__(self, x):\n        self.x = x\n\
         points = [Point(i) for i in range(1000)]\n",
    ));
    assert_eq!(first.outcome, Outcome::Completed, "{:?}", first.error);
    let second = engine.run_quietly(&request(
        "import gc\nprint(sum(1 for o in gc.get_objects() if type(o).__name__ == 'Point'))\n",
    ));
    assert_eq!(second.stdout, "0\n", "{:?}", second.error);
}

#[test]
fn syntax_error_has_line_and_column() {
    let report = run("a = 1\nb = (2 +\nc = 3\n");
    assert_eq!(report.outcome, Outcome::Failed);
    let error = report.summary.error.unwrap();
    assert_eq!(error.kind, "SyntaxError");
    assert!(matches!(error.line, Some(2) | Some(3)), "{error:?}");
    assert!(error.column.is_some(), "{error:?}");

    let report = run("x = 1\n  y = 2\n");
    let error = report.summary.error.unwrap();
    assert_eq!(
        (error.kind.as_str(), error.line),
        ("IndentationError", Some(2))
    );
}

#[test]
fn exception_reports_type_message_line_and_traceback() {
    let report = run("def f(x):\n    return 1 / x\n\nf(0)\n");
    assert_eq!(report.outcome, Outcome::Failed);
    let error = report.summary.error.unwrap();
    assert_eq!(error.kind, "ZeroDivisionError");
    assert_eq!(error.line, Some(2));
    assert!(error.message.contains("division"), "{error:?}");
    assert!(error.traceback.contains("line 4"), "{}", error.traceback);
    assert!(error.traceback.contains("line 2"), "{}", error.traceback);
}

#[test]
fn same_snippet_same_series() {
    let code = "import random\nrows = [{'id': i, 'name': str(i) * (i % 7)} for i in range(20_000)]\nkeys = {random.random(): r for r in rows}\ndel rows\nsmall = [k for k in keys if k < 0.5]\n";
    let engine = Engine::new();
    let request = RunRequest {
        run_id: 2,
        pane: "repeat".into(),
        code: code.into(),
        limits: Limits::default(),
        measure: Default::default(),
    };
    let series = |r: &RunReport| -> Vec<(u64, u32, i64, Option<u64>)> {
        r.samples
            .iter()
            .map(|s| (s.step, s.line, s.bytes, s.objects))
            .collect()
    };
    let a = engine.run_quietly(&request);
    let b = engine.run_quietly(&request);
    let c = Engine::new().run_quietly(&request);
    assert_eq!(a.outcome, Outcome::Completed, "{:?}", a.error);
    assert!(a.samples.len() > 20);
    assert_eq!(series(&a), series(&b));
    assert_eq!(series(&a), series(&c));
    assert_eq!(
        (a.peak_bytes, a.steps, a.lines.clone()),
        (b.peak_bytes, b.steps, b.lines.clone())
    );
    assert_eq!(a.census_at_peak, b.census_at_peak);
}

#[test]
fn output_streams_and_is_kept() {
    let mut streamed = String::new();
    let report = Engine::new().run(
        &RunRequest {
            run_id: 9,
            pane: "out".into(),
            code: "import sys\nprint('hello', 42)\nsys.stderr.write('warn\\n')\n".into(),
            limits: Limits::default(),
            measure: Default::default(),
        },
        &mut |event| {
            if let RunEvent::Output { run_id, text, .. } = event {
                assert_eq!(run_id, 9);
                streamed.push_str(&text);
            }
        },
    );
    assert_eq!(streamed, "hello 42\nwarn\n");
    assert_eq!(report.stdout, "hello 42\nwarn\n");
}

#[test]
fn samples_stream_in_batches_before_the_report() {
    let mut batches = 0;
    let mut streamed = 0;
    let mut finished = false;
    let report = Engine::new().run(
        &RunRequest {
            run_id: 4,
            pane: "p".into(),
            code: LIST.into(),
            limits: Limits::default(),
            measure: Default::default(),
        },
        &mut |event| match event {
            RunEvent::Samples { batch, .. } => {
                assert!(!finished);
                batches += 1;
                streamed += batch.len();
            }
            RunEvent::Finished { .. } => finished = true,
            RunEvent::Output { .. } => {}
        },
    );
    assert!(finished);
    assert_eq!(streamed, report.samples.len(), "every sample streams");
    assert!(batches >= 1 && batches < report.samples.len() / 10);
}

#[test]
fn per_line_figures_follow_memory_profiler() {
    let code = "def grow():\n    big = [0] * 1_000_000\n    return big\n\nkept = grow()\nfor i in range(3):\n    tmp = bytearray(100_000)\ndel kept\n";
    let report = run(code);
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    let line = |n: u32| *report.lines.iter().find(|l| l.line == n).unwrap();
    assert_eq!(line(2).hits, 1);
    assert!(line(2).max_increment >= 8_000_000, "{:?}", line(2));
    assert_eq!(line(7).hits, 3);
    assert!(line(7).max_increment >= 100_000);
    assert!(line(8).net_bytes <= -8_000_000, "{:?}", line(8));
}

#[test]
fn snippet_modules_import() {
    let code = "import gc, sys, time, random, math, itertools, functools, collections, dataclasses, json, array, string, re, statistics\n\
        t = time.perf_counter()\n\
        @dataclasses.dataclass\nclass P:\n    x: int\n\
        print(statistics.mean([1, 2, 3]), json.dumps({'a': P(1).x}), random.randint(1, 6) > 0, array.array('d', [1.0]).itemsize)\n";
    let report = run(code);
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    assert_eq!(report.stdout, "2 {\"a\": 1} True 8\n");
}

#[test]
fn stdlib_modules_outside_the_frozen_set_import_on_demand() {
    let report = run("import shlex, email.parser\n\
         print(shlex.split('a \"b c\"'), email.__spec__.origin, email.parser.__file__)\n\
         import email\n\
         print(email.message_from_string('Subject: hi\\n\\nbody')['Subject'])\n\
         try:\n    import no_such_module\nexcept ImportError as e:\n    print(e)\n");
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    assert_eq!(
        report.stdout,
        "['a', 'b c'] stdlib/email/__init__.py stdlib/email/parser.py\nhi\nNo module named 'no_such_module'\n"
    );
}

#[test]
fn an_imported_module_costs_every_run_the_same() {
    // shlex is not preloaded and comes from the on-demand stdlib: each run imports it
    // afresh, as a new process would, so the first run is no different from the next.
    let engine = Engine::new();
    let request = request("import shlex\nwords = shlex.split('a b c')\n");
    let a = engine.run_quietly(&request);
    let b = engine.run_quietly(&request);
    let c = engine.run_quietly(&request);
    assert_eq!(a.outcome, Outcome::Completed, "{:?}", a.error);
    assert!(
        a.peak_bytes > 100_000,
        "the import is the snippet's: {}",
        a.peak_bytes
    );
    assert_eq!((a.peak_bytes, a.steps), (b.peak_bytes, b.steps));
    assert_eq!(a.census_at_end, b.census_at_end);
    // The one difference: the module's identifiers, interned by the first run, stay
    // interned (as in CPython), so later runs hold a few KB less at the end.
    assert!(
        a.final_bytes - b.final_bytes < 10_000,
        "{} vs {}",
        a.final_bytes,
        b.final_bytes
    );
    assert_eq!(b.final_bytes, c.final_bytes);
}

#[test]
fn the_warm_up_happens_before_the_first_run_whoever_starts_it() {
    // The worker warms the engine up after saying it is ready; the CLI leaves it to the
    // first run. Either way the preloaded modules cost the snippet nothing, and the
    // figures are the same.
    let snippet = request("import json, dataclasses, statistics\nx = [1] * 1000\n");
    let warmed_by_host = Engine::new();
    warmed_by_host.warm_up();
    let a = warmed_by_host.run_quietly(&snippet);
    let b = Engine::new().run_quietly(&snippet);
    assert_eq!(a.outcome, Outcome::Completed, "{:?}", a.error);
    assert!(
        a.peak_bytes < 20_000,
        "imports were measured: {}",
        a.peak_bytes
    );
    assert_eq!(
        (a.peak_bytes, a.final_bytes, a.steps),
        (b.peak_bytes, b.final_bytes, b.steps)
    );
    assert_eq!(a.census_at_end, b.census_at_end);
}

#[test]
fn a_regular_expression_is_compiled_by_every_run() {
    // `re` keeps compiled patterns in a cache that outlives a run; the reset empties it,
    // so a later run does not skip the compiling the first one paid for.
    let engine = Engine::new();
    let request = request("import re\npattern = re.compile(r'(\\w+)@(\\w+)\\.(com|org|net)')\n");
    let a = engine.run_quietly(&request);
    let b = engine.run_quietly(&request);
    assert_eq!(a.outcome, Outcome::Completed, "{:?}", a.error);
    assert_eq!((a.peak_bytes, a.steps), (b.peak_bytes, b.steps));
}

#[test]
fn unicode_names_resolve_in_source_and_in_unicodedata() {
    // The parser's `\N{...}` and unicodedata share one copy of the name tables
    // (crates/unicode-names2-shim); both directions must still work.
    let report = run("import unicodedata\n\
         s = '\\N{SNOWMAN}\\N{LATIN SMALL LETTER E WITH ACUTE}'\n\
         print(len(s), unicodedata.name(s[0]), unicodedata.lookup('SNOWMAN') == s[0], hex(ord(s[1])))\n\
         try:\n    eval(\"'\\\\N{NO SUCH CHARACTER NAME}'\")\nexcept SyntaxError as e:\n    print('SyntaxError')\n");
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    assert_eq!(report.stdout, "2 SNOWMAN True 0xe9\nSyntaxError\n");
}

#[test]
fn local_time_works_without_a_bundled_time_zone_database() {
    let report = run("import time\n\
         t = time.localtime(0)\n\
         print(t.tm_year in (1969, 1970), time.strftime('%Y', time.gmtime(0)), time.gmtime(86400).tm_mday)\n");
    assert_eq!(report.outcome, Outcome::Completed, "{:?}", report.error);
    assert_eq!(report.stdout, "True 1970 2\n");
}
