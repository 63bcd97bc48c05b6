//! The readable summary: figures per file, then a side-by-side comparison with ratios.

use memplay_engine::format::bytes;
use memplay_engine::protocol::{Outcome, RunReport};
use std::fmt::Write;

const TOP_TYPES: usize = 5;
const TOP_LINES: usize = 5;

pub fn render(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for r in reports {
        render_one(&mut out, r);
    }
    if reports.len() >= 2 {
        render_comparison(&mut out, reports);
    }
    out
}

fn outcome_text(r: &RunReport) -> String {
    match (&r.outcome, &r.error) {
        (Outcome::Completed, _) => "completed".into(),
        (_, Some(e)) => match e.line {
            Some(line) => format!("{}: {} (line {line})", e.kind, e.message),
            None => format!("{}: {}", e.kind, e.message),
        },
        (outcome, None) => format!("{outcome:?}"),
    }
}

fn render_one(out: &mut String, r: &RunReport) {
    let _ = writeln!(out, "== {} ({}) ==", r.pane, r.platform);
    let _ = writeln!(out, "  result        {}", outcome_text(r));
    let _ = writeln!(out, "  peak memory   {}", bytes(r.peak_bytes));
    let _ = writeln!(out, "  final memory  {}", bytes(r.final_bytes));
    let _ = writeln!(out, "  peak objects  {}", r.peak_objects);
    let _ = writeln!(out, "  time          {:.1} ms", r.wall_ms);
    let _ = writeln!(out, "  steps         {}", r.steps);
    let mut types: Vec<_> = r.census_at_peak.by_type.iter().collect();
    types.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if !types.is_empty() {
        let top: Vec<String> = types
            .iter()
            .take(TOP_TYPES)
            .map(|(name, count)| format!("{name} {count}"))
            .collect();
        let _ = writeln!(out, "  top types     {}", top.join(", "));
    }
    let mut lines: Vec<_> = r.lines.iter().filter(|l| l.max_increment > 0).collect();
    lines.sort_by(|a, b| {
        b.max_increment
            .cmp(&a.max_increment)
            .then(a.line.cmp(&b.line))
    });
    if !lines.is_empty() {
        let _ = writeln!(out, "  top lines     line  hits  largest increase  net");
        for l in lines.iter().take(TOP_LINES) {
            let _ = writeln!(
                out,
                "                {:>4}  {:>4}  {:>16}  {}",
                l.line,
                l.hits,
                bytes(l.max_increment),
                bytes(l.net_bytes)
            );
        }
    }
    out.push('\n');
}

fn ratio(a: f64, b: f64) -> String {
    if b <= 0.0 {
        if a <= 0.0 {
            "same".into()
        } else {
            "∞".into()
        }
    } else {
        format!("{:.1}x", a / b)
    }
}

fn render_comparison(out: &mut String, reports: &[RunReport]) {
    let base = &reports[0];
    let _ = writeln!(out, "== comparison (ratios against {}) ==", base.pane);
    let width = reports
        .iter()
        .map(|r| r.pane.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "  {:width$}  {:>12}  {:>12}  {:>12}  {:>10}",
        "file", "peak memory", "peak objects", "time ms", "steps"
    );
    for r in reports {
        let _ = writeln!(
            out,
            "  {:width$}  {:>12}  {:>12}  {:>12.1}  {:>10}",
            r.pane,
            bytes(r.peak_bytes),
            r.peak_objects,
            r.wall_ms,
            r.steps
        );
    }
    for r in &reports[1..] {
        let _ = writeln!(
            out,
            "  {} / {}: peak memory {}, peak objects {}, time {}",
            r.pane,
            base.pane,
            ratio(r.peak_bytes as f64, base.peak_bytes as f64),
            ratio(r.peak_objects as f64, base.peak_objects as f64),
            ratio(r.wall_ms, base.wall_ms)
        );
    }
}
