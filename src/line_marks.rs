//! The editor gutter's memory figures: one mark per line that ran, memory_profiler's
//! columns (hits, net bytes, largest increment) without printing a table, the lines that
//! kept the most memory the hottest.
//!
//! Per-line figures are measured on RustPython's heap. With the page showing CPython's
//! figures they are scaled by the run's CPython-to-RustPython ratio at its latest sizeable
//! census, and marked `≈`: an estimate. A line that makes one kind of object can be off by
//! 2x either way (RustPython's instances are larger than CPython's, its lists about the
//! same), which the mark's title says.

use memplay_protocol::format::{bytes, thousands};
use memplay_protocol::LineFigures;
use serde::Serialize;

/// One gutter mark, as the editor bundle reads it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineMark {
    pub line: u32,
    pub hits: u64,
    /// Net bytes in the page's measure.
    pub bytes: i64,
    /// Objects the line made (RustPython's count in either measure).
    pub objects: u64,
    /// What the gutter shows: the net bytes, signed.
    pub label: String,
    /// What hovering shows.
    pub title: String,
    /// 0..=1: the memory the line kept (its net bytes, the figure the gutter shows)
    /// against the line that kept the most; a line that freed more than it made is cold.
    pub heat: f64,
}

/// Net bytes with a sign, short enough for a gutter: `+38.1 MB`, `−1.2 KB`, `0 B`.
pub fn signed_bytes(v: i64) -> String {
    match v {
        0 => "0 B".into(),
        v if v > 0 => format!("+{}", bytes(v)),
        v => format!("−{}", bytes(-v)),
    }
}

/// The marks for the lines that ran; `scale` is CPython's bytes per RustPython byte when
/// the page shows CPython's figures (None: RustPython's own).
pub fn line_marks(lines: &[LineFigures], scale: Option<f64>) -> Vec<LineMark> {
    let factor = scale.unwrap_or(1.0);
    let in_measure = |v: i64| (v as f64 * factor).round() as i64;
    // By the net bytes the mark shows, not the largest single increment: a `def` that
    // allocates 1.4 KB once outshone a line whose 100,000 hits kept 9.7 MB.
    // Among the lines that get a mark (line 0, before the first line, gets none).
    let marked = || lines.iter().filter(|l| l.hits > 0 && l.line > 0);
    let hottest = marked().map(|l| l.net_bytes).max().unwrap_or(0).max(1);
    marked()
        .map(|l| {
            let net = in_measure(l.net_bytes);
            let measure_note = match scale {
                Some(ratio) => format!(
                    "\n≈ CPython 3.11 bytes: this line's RustPython heap bytes × {ratio:.2}, the \
                     run's CPython-to-RustPython ratio at its latest census; a line making one \
                     kind of object can be off by 2x either way"
                ),
                None => "\nRustPython heap bytes".to_string(),
            };
            let approx = if scale.is_some() && net != 0 {
                "≈"
            } else {
                ""
            };
            // Counted in RustPython, where an instance's attributes are a dict of their
            // own: in CPython's view it says so.
            let objects_note = if scale.is_some() {
                " (RustPython's count: an instance and its attribute dict are two)"
            } else {
                ""
            };
            LineMark {
                line: l.line,
                hits: l.hits,
                bytes: net,
                objects: l.objects_made,
                label: format!("{approx}{}", signed_bytes(net)),
                title: format!(
                    "line {}: {} hit{}\nnet {}\nlargest increment {}\nobjects made {}{objects_note}{measure_note}",
                    l.line,
                    thousands(l.hits),
                    if l.hits == 1 { "" } else { "s" },
                    signed_bytes(net),
                    bytes(in_measure(l.max_increment.max(0))),
                    thousands(l.objects_made),
                ),
                heat: (l.net_bytes.max(0) as f64 / hottest as f64).clamp(0.0, 1.0),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(line: u32, hits: u64, net_bytes: i64, max_increment: i64) -> LineFigures {
        LineFigures {
            line,
            hits,
            net_bytes,
            max_increment,
            objects_made: hits * 1_000,
        }
    }

    #[test]
    fn marks_the_lines_that_ran_with_heat_from_the_memory_they_kept() {
        let lines = [
            figures(0, 1, 5, 5),
            figures(1, 1, 8_000_000, 8_000_000),
            figures(2, 0, 0, 0),
            figures(3, 3, -2_048, 1_000),
        ];
        let marks = line_marks(&lines, None);
        assert_eq!(
            marks.len(),
            2,
            "line 0 (before the first line) and unrun lines have none"
        );
        assert_eq!(marks[0].label, "+7.6 MB");
        assert_eq!(marks[0].heat, 1.0);
        assert_eq!(marks[1].label, "−2.0 KB");
        assert_eq!(marks[1].heat, 0.0, "it freed more than it made");
        assert!(marks[1].title.starts_with("line 3: 3 hits\nnet −2.0 KB"));
        assert!(marks[1].title.contains("\nobjects made 3,000\n"));
        let many = line_marks(&[figures(1, 1_000_001, 8, 8)], None);
        assert!(many[0].title.starts_with("line 1: 1,000,001 hits\n"));
        assert_eq!(marks[1].objects, 3_000);
        assert!(marks[1].title.ends_with("RustPython heap bytes"));
        // A `def` allocates its function once; a loop's line keeps much more, a little
        // at a time: the loop's line is the hot one.
        let class_lines = [
            figures(4, 1, 1_400, 1_400),
            figures(6, 100_000, 9_700_000, 120),
        ];
        let marks = line_marks(&class_lines, None);
        assert_eq!((marks[0].heat, marks[1].heat), (1_400.0 / 9_700_000.0, 1.0));
        // Line 0 (before the first line) has no mark, so it sets no scale either.
        let marks = line_marks(
            &[figures(0, 1, 50_000, 50_000), figures(1, 1, 5_000, 5_000)],
            None,
        );
        assert_eq!(marks[0].heat, 1.0);
    }

    #[test]
    fn cpython_figures_are_scaled_and_say_so() {
        let marks = line_marks(&[figures(1, 1, 1_000_000, 1_000_000)], Some(0.5));
        assert_eq!(marks[0].bytes, 500_000);
        assert!(marks[0].title.contains("× 0.50"));
        assert_eq!(marks[0].label, "≈+488.3 KB");
        // Objects are RustPython's in either view, and the CPython view says so.
        assert!(marks[0]
            .title
            .contains("objects made 1,000 (RustPython's count"));
        assert!(!line_marks(&[figures(1, 1, 1, 1)], None)[0]
            .title
            .contains("RustPython's count"));
    }
}
