//! Runs as files and messages: the JSON document (`memplay run --json` and the page's
//! JSON download share its schema, in the README), the samples as CSV, and the short
//! per-run result the embed API posts to a parent page.

use crate::{
    LineFigures, ObjectCensus, Outcome, RunError, RunReport, RunSummary, Sample, TypeFigures,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

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
    cpython_peak_bytes: i64,
    cpython_final_bytes: i64,
    peak_objects: u64,
    final_objects: u64,
    cpython_peak_objects: u64,
    cpython_final_objects: u64,
    wall_ms: f64,
    census_ms: f64,
    steps: u64,
    allocations: u64,
    samples: &'a [Sample],
    types_at_peak: &'a BTreeMap<String, u64>,
    cpython_types_at_peak: &'a BTreeMap<String, TypeFigures>,
    census_at_peak_step: u64,
    /// Every census of the run, with its largest types (`ObjectCensus::trimmed`).
    censuses: &'a [ObjectCensus],
    lines: &'a [LineFigures],
}

/// `{"runs": [...]}`, one entry per report.
pub fn runs_json(reports: &[RunReport]) -> String {
    let runs = reports
        .iter()
        .map(|r| Run {
            file: &r.pane,
            ok: r.outcome == Outcome::Completed,
            outcome: r.outcome,
            error: r.error.as_ref().map(RunError::headline),
            error_line: r.error.as_ref().and_then(|e| e.line),
            stdout: &r.stdout,
            platform: &r.platform,
            peak_bytes: r.peak_bytes,
            final_bytes: r.final_bytes,
            cpython_peak_bytes: r.cpython_peak_bytes,
            cpython_final_bytes: r.cpython_final_bytes,
            peak_objects: r.peak_objects,
            final_objects: r.final_objects,
            cpython_peak_objects: r.cpython_peak_objects,
            cpython_final_objects: r.cpython_final_objects,
            wall_ms: r.wall_ms,
            census_ms: r.census_ms,
            steps: r.steps,
            allocations: r.allocations,
            samples: &r.samples,
            types_at_peak: &r.census_at_peak.by_type,
            cpython_types_at_peak: &r.census_at_peak.cpython.by_type,
            census_at_peak_step: r.census_at_peak.step,
            censuses: &r.censuses,
            lines: &r.lines,
        })
        .collect();
    serde_json::to_string(&Document { runs }).expect("figures serialize")
}

/// One row a sample:
/// `pane,step,t_ms,line,bytes,objects,high_before,cpython_bytes,cpython_objects,net_objects`
/// (objects and the CPython columns empty without a census, high_before empty unless the
/// run peaked between two samples, net_objects empty in a run recorded before it
/// travelled).
pub fn samples_csv<'a>(panes: impl IntoIterator<Item = (&'a str, &'a [Sample])>) -> String {
    let mut out = String::from(
        "pane,step,t_ms,line,bytes,objects,high_before,cpython_bytes,cpython_objects,net_objects\n",
    );
    for (pane, samples) in panes {
        let pane = csv_field(pane);
        for s in samples {
            let objects = s.objects.map(|n| n.to_string()).unwrap_or_default();
            let high = s.high_before.map(|n| n.to_string()).unwrap_or_default();
            let cpython = s.cpython_bytes.map(|n| n.to_string()).unwrap_or_default();
            let cpython_objects = s.cpython_objects.map(|n| n.to_string()).unwrap_or_default();
            let net = s.net_objects.map(|n| n.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "{pane},{},{:.3},{},{},{objects},{high},{cpython},{cpython_objects},{net}",
                s.step, s.t_ms, s.line, s.bytes
            );
        }
    }
    out
}

/// A text cell, inert in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be read as a formula, so it gets a leading `'` (OWASP's
/// advice for CSV injection), then quotes it where a comma, quote or line break needs them (RFC 4180).
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// What the embed API's `memplay:result` says of one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunResult {
    pub title: String,
    pub ok: bool,
    pub error: Option<String>,
    pub peak_bytes: i64,
    pub final_bytes: i64,
    pub cpython_peak_bytes: i64,
    pub cpython_final_bytes: i64,
    pub peak_objects: u64,
    pub cpython_peak_objects: u64,
    pub wall_ms: f64,
    pub steps: u64,
}

impl RunResult {
    pub fn of(title: &str, report: &RunSummary) -> Self {
        RunResult {
            title: title.to_string(),
            ok: report.outcome == Outcome::Completed,
            error: report.error.as_ref().map(RunError::headline),
            peak_bytes: report.peak_bytes,
            final_bytes: report.final_bytes,
            cpython_peak_bytes: report.cpython_peak_bytes,
            cpython_final_bytes: report.cpython_final_bytes,
            peak_objects: report.peak_objects,
            cpython_peak_objects: report.cpython_peak_objects,
            wall_ms: report.wall_ms,
            steps: report.steps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_row_per_sample_and_quotes_titles() {
        let sample = |step, t_ms, line, bytes, objects, high_before| Sample {
            step,
            t_ms,
            line,
            bytes,
            objects,
            high_before,
            cpython_bytes: objects.map(|_| 3000),
            cpython_objects: objects.map(|n| n + 7),
            collected: false,
            net_objects: Some(i64::from(line) * 5 - 1),
        };
        let samples = [
            sample(0, 0.0, 0, 0, Some(0), None),
            sample(1000, 1.25, 2, 4096, None, Some(9000)),
        ];
        let csv = samples_csv([("list, big", &samples[..]), ("gen", &samples[..1])]);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 1 + 3);
        assert_eq!(
            rows[0],
            "pane,step,t_ms,line,bytes,objects,high_before,cpython_bytes,cpython_objects,net_objects"
        );
        assert_eq!(rows[1], "\"list, big\",0,0.000,0,0,0,,3000,7,-1");
        assert_eq!(rows[2], "\"list, big\",1000,1.250,2,4096,,9000,,,9");
        assert_eq!(rows[3], "gen,0,0.000,0,0,0,,3000,7,-1");
    }

    #[test]
    fn titles_that_a_spreadsheet_would_run_are_inert() {
        let cell = csv_field;
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1:A2)"), "'@SUM(A1:A2)");
        assert_eq!(cell("\tcmd"), "'\tcmd");
        assert_eq!(cell("\r=1"), "\"'\r=1\"");
        assert_eq!(
            cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("list"), "list");
        assert_eq!(cell("a = b"), "a = b");
        let sample = Sample {
            step: 0,
            t_ms: 0.0,
            line: 0,
            bytes: 0,
            objects: None,
            high_before: None,
            cpython_bytes: None,
            cpython_objects: None,
            collected: false,
            net_objects: None,
        };
        let csv = samples_csv([("=cmd|' /C calc'!A0", &[sample][..])]);
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("'=cmd|' /C calc'!A0,0,"));
    }
}
