//! The example gallery (www/gallery) must keep demonstrating its points: every example
//! runs through the engine and its manifest's `expect` relation must hold.

use memplay_engine::protocol::headline::{headlines, Lesson};
use memplay_engine::protocol::recorded::RecordedRun;
use memplay_engine::protocol::share::{self, Measure, SharedPane, SharedState};
use memplay_engine::protocol::{Limits, Outcome, RunReport, RunRequest};
use memplay_engine::{CountingAllocator, Engine};
use serde::Deserialize;
use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[derive(Deserialize)]
struct Manifest {
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct Example {
    id: String,
    title: String,
    explain: Vec<String>,
    panes: Vec<PaneFile>,
    expect: Lesson,
}

#[derive(Deserialize)]
struct PaneFile {
    title: String,
    file: String,
    /// Lines (or parts of lines) the pane's output must contain.
    #[serde(default)]
    prints: Vec<String>,
}

fn gallery_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../www/gallery")
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(gallery_dir().join("manifest.json")).unwrap();
    serde_json::from_str(&text).expect("manifest.json matches the gallery schema")
}

#[test]
fn the_gallery_has_at_least_ten_well_formed_examples() {
    let m = manifest();
    assert!(m.examples.len() >= 10, "{} examples", m.examples.len());
    for e in &m.examples {
        assert!(!e.title.is_empty(), "{}", e.id);
        assert_eq!(e.explain.len(), 2, "{}: a two-line explanation", e.id);
        assert!((2..=4).contains(&e.panes.len()), "{}", e.id);
        for pane in &e.panes {
            assert!(pane.title.chars().count() <= 40, "{}", e.id);
        }
    }
}

#[test]
fn every_example_shows_its_effect() {
    let engine = Engine::new();
    let mut failures = Vec::new();
    for example in manifest().examples {
        let reports: Vec<(&PaneFile, RunReport)> = example
            .panes
            .iter()
            .map(|pane| {
                let code = std::fs::read_to_string(gallery_dir().join(&pane.file)).unwrap();
                let report = engine.run_quietly(&RunRequest {
                    run_id: 1,
                    pane: pane.title.clone(),
                    code,
                    limits: Limits::default(),
                    measure: Default::default(),
                });
                assert_eq!(
                    report.outcome,
                    Outcome::Completed,
                    "{} / {}: {:?}",
                    example.id,
                    pane.title,
                    report.error
                );
                (pane, report)
            })
            .collect();
        for (pane, report) in &reports {
            for wanted in &pane.prints {
                if !report
                    .stdout
                    .lines()
                    .any(|line| line.contains(wanted.as_str()))
                {
                    failures.push(format!(
                        "{} / {}: no output line contains {wanted:?}; it printed:\n{}",
                        example.id, pane.title, report.stdout
                    ));
                }
            }
        }
        let report_of = |title: &str| -> &RunReport {
            reports
                .iter()
                .find(|(pane, _)| pane.title == title)
                .map(|(_, report)| report)
                .unwrap_or_else(|| panic!("{}: no pane {title}", example.id))
        };
        // Every pane's recorded results in a link (what Share and Embed include): 3 KB a
        // pane at most, the 6 KB for two.
        let mut shared = SharedState {
            panes: reports
                .iter()
                .map(|(pane, _)| SharedPane {
                    title: pane.title.clone(),
                    code: std::fs::read_to_string(gallery_dir().join(&pane.file)).unwrap(),
                })
                .collect(),
            view: Default::default(),
            axis: Default::default(),
            limits: Limits::default(),
            measure: Default::default(),
            moment: None,
            example: Some(example.id.clone()),
            results: Vec::new(),
        };
        let plain = share::encode(&shared, false).len();
        shared.results = reports
            .iter()
            .zip(&shared.panes)
            .map(|((_, report), pane)| {
                let run = RecordedRun::of(
                    &report.summary,
                    &report.samples,
                    &report.censuses,
                    &pane.code,
                    &shared.limits,
                    None,
                );
                Some(run)
            })
            .collect();
        let added = share::encode(&shared, false).len() - plain;
        println!(
            "{}: results of {} panes add {added} B to its link",
            example.id,
            reports.len()
        );
        if added > 3 * 1024 * reports.len() {
            failures.push(format!("{}: results add {added} B to the link", example.id));
        }
        let x = &example.expect;
        let (a, b) = (report_of(&x.a), report_of(&x.b));
        // An example must show its point in CPython's model (the page's default) and in
        // RustPython's heap, and the page's headline must state that point.
        for measure in [Measure::Cpython, Measure::Rustpython] {
            let (fa, fb) = (x.figure.of(a, measure), x.figure.of(b, measure));
            println!(
                "{} ({measure:?}): {:?} {} = {fa}, {} = {fb}",
                example.id, x.figure, x.a, x.b
            );
            if fa as f64 >= x.ratio * fb as f64 {
                failures.push(format!(
                    "{} ({measure:?}): {:?} of {} is {fa}, not under {} x {fb} ({})",
                    example.id, x.figure, x.a, x.ratio, x.b
                ));
            }
            let runs: Vec<(&str, &memplay_engine::protocol::RunSummary)> = reports
                .iter()
                .map(|(pane, report)| (pane.title.as_str(), &report.summary))
                .collect();
            let said = headlines(&runs, measure, Some(x));
            match said.as_slice() {
                [h] if h.figure == x.figure && h.lower == x.a && h.sentence.contains(&x.b) => {
                    println!("  headline: {}", h.sentence)
                }
                _ => failures.push(format!(
                    "{} ({measure:?}): the headline does not state {:?} with {} lower: {said:?}",
                    example.id, x.figure, x.a
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
