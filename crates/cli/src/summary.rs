//! The readable summary: figures per file, then a side-by-side comparison with ratios.

use memplay_engine::protocol::format::{bytes, ratio, Ratio};
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
            Some(line) => format!("{} (line {line})", e.headline()),
            None => e.headline(),
        },
        (outcome, None) => format!("{outcome:?}"),
    }
}

fn render_one(out: &mut String, r: &RunReport) {
    let _ = writeln!(out, "== {} ({}) ==", r.pane, r.platform);
    let _ = writeln!(out, "  result        {}", outcome_text(r));
    let _ = writeln!(
        out,
        "  peak memory   {} CPython 3.11 (model), {} RustPython heap",
        bytes(r.cpython_peak_bytes),
        bytes(r.peak_bytes)
    );
    let _ = writeln!(
        out,
        "  final memory  {} CPython 3.11 (model), {} RustPython heap",
        bytes(r.cpython_final_bytes),
        bytes(r.final_bytes)
    );
    let _ = writeln!(
        out,
        "  peak objects  {} CPython 3.11 (model), {} RustPython",
        r.cpython_peak_objects, r.peak_objects
    );
    let _ = writeln!(out, "  time          {:.1} ms", r.wall_ms);
    let _ = writeln!(out, "  steps         {}", r.steps);
    let types = r.census_at_peak.top_types(TOP_TYPES);
    if !types.is_empty() {
        let top: Vec<String> = types
            .iter()
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
        let _ = writeln!(
            out,
            "  top lines     line  hits  largest increase  net          objects made"
        );
        for l in lines.iter().take(TOP_LINES) {
            let _ = writeln!(
                out,
                "                {:>4}  {:>4}  {:>16}  {:<11}  {}",
                l.line,
                l.hits,
                bytes(l.max_increment),
                bytes(l.net_bytes),
                l.objects_made
            );
        }
    }
    out.push('\n');
}

/// "a is 41x b" in words, always as the larger over the smaller.
fn compare(what: &str, a_name: &str, a: f64, b_name: &str, b: f64) -> String {
    let (hi_name, hi, lo_name, lo) = if a >= b {
        (a_name, a, b_name, b)
    } else {
        (b_name, b, a_name, a)
    };
    match ratio(hi, lo) {
        Ratio::AboutTheSame => format!("{what}: {a_name} and {b_name} about the same"),
        Ratio::Times(times) => format!("{what}: {hi_name} {times} {lo_name}"),
        Ratio::NoRatio => format!("{what}: only {hi_name} uses any"),
    }
}

fn render_comparison(out: &mut String, reports: &[RunReport]) {
    let _ = writeln!(out, "== comparison ==");
    let width = reports
        .iter()
        .map(|r| r.pane.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "  {:width$}  {:>14}  {:>17}  {:>12}  {:>12}",
        "file", "peak (CPython)", "objects (CPython)", "time ms", "steps"
    );
    for r in reports {
        let _ = writeln!(
            out,
            "  {:width$}  {:>14}  {:>17}  {:>12.1}  {:>12}",
            r.pane,
            bytes(r.cpython_peak_bytes),
            r.cpython_peak_objects,
            r.wall_ms,
            r.steps
        );
    }
    let base = &reports[0];
    for r in &reports[1..] {
        let pair = [
            compare(
                "peak memory (CPython 3.11)",
                &r.pane,
                r.cpython_peak_bytes as f64,
                &base.pane,
                base.cpython_peak_bytes as f64,
            ),
            compare(
                "peak memory (RustPython)",
                &r.pane,
                r.peak_bytes as f64,
                &base.pane,
                base.peak_bytes as f64,
            ),
            compare(
                "peak objects (CPython 3.11)",
                &r.pane,
                r.cpython_peak_objects as f64,
                &base.pane,
                base.cpython_peak_objects as f64,
            ),
            compare("time", &r.pane, r.wall_ms, &base.pane, base.wall_ms),
        ];
        for line in pair {
            let _ = writeln!(out, "  {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn ratios_read_as_larger_over_smaller() {
        assert_eq!(
            compare("peak memory", "gen", 2.0, "list", 82.0),
            "peak memory: list 41x gen"
        );
        assert_eq!(compare("time", "a", 3.0, "b", 2.0), "time: a 1.5x b");
        assert_eq!(
            compare("time", "a", 2.0, "b", 2.02),
            "time: a and b about the same"
        );
        assert_eq!(
            compare("peak objects", "a", 0.0, "b", 5.0),
            "peak objects: only b uses any"
        );
    }
}
