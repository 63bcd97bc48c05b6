//! The `--json` document: `{"runs": [...]}`, one entry per file (schema in the README).

use memplay_engine::protocol::{LineFigures, Outcome, RunReport, Sample};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Document<'a> {
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
struct Run<'a> {
    file: &'a str,
    ok: bool,
    outcome: Outcome,
    error: Option<String>,
    error_line: Option<u32>,
    stdout: &'a str,
    platform: &'a str,
    peak_bytes: i64,
    final_bytes: i64,
    peak_objects: u64,
    final_objects: u64,
    wall_ms: f64,
    steps: u64,
    allocations: u64,
    samples: &'a [Sample],
    types_at_peak: &'a BTreeMap<String, u64>,
    census_at_peak_step: u64,
    lines: &'a [LineFigures],
}

pub fn document(reports: &[RunReport]) -> String {
    let runs = reports
        .iter()
        .map(|r| Run {
            file: &r.pane,
            ok: r.outcome == Outcome::Completed,
            outcome: r.outcome,
            error: r
                .error
                .as_ref()
                .map(|e| format!("{}: {}", e.kind, e.message)),
            error_line: r.error.as_ref().and_then(|e| e.line),
            stdout: &r.stdout,
            platform: &r.platform,
            peak_bytes: r.peak_bytes,
            final_bytes: r.final_bytes,
            peak_objects: r.peak_objects,
            final_objects: r.final_objects,
            wall_ms: r.wall_ms,
            steps: r.steps,
            allocations: r.allocations,
            samples: &r.samples,
            types_at_peak: &r.census_at_peak.by_type,
            census_at_peak_step: r.census_at_peak.step,
            lines: &r.lines,
        })
        .collect();
    serde_json::to_string(&Document { runs }).expect("figures serialize")
}
