//! The headline above the summary: how the runs compare, in words, on the figure that
//! makes the point. A gallery example names its own point (its lesson: the gc example is
//! about memory falling at the end, the strings example about allocations); free-form
//! panes are compared on the memory figure, peak or final, on which they differ most.

use crate::format::{bytes, ratio, thousands, Ratio};
use crate::share::Measure;
use crate::RunSummary;
use serde::{Deserialize, Serialize};

/// A figure of a run that a headline compares.
///
/// Read from a gallery manifest's `kind`, which names the relation its example shows
/// (`peak_below`: pane `a` peaks below pane `b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Figure {
    #[serde(rename = "peak_below")]
    Peak,
    #[serde(rename = "final_below")]
    Final,
    #[serde(rename = "allocations_below")]
    Allocations,
    #[serde(rename = "steps_below")]
    Steps,
}

impl Figure {
    /// The run's figure; bytes in `measure`.
    pub fn of(self, run: &RunSummary, measure: Measure) -> i64 {
        match (self, measure) {
            (Figure::Peak, Measure::Cpython) => run.cpython_peak_bytes,
            (Figure::Peak, Measure::Rustpython) => run.peak_bytes,
            (Figure::Final, Measure::Cpython) => run.cpython_final_bytes,
            (Figure::Final, Measure::Rustpython) => run.final_bytes,
            (Figure::Allocations, _) => saturating_i64(run.allocations),
            (Figure::Steps, _) => saturating_i64(run.steps),
        }
    }

    /// A name for the page's markup and tests: `peak`, `final`, `allocations`, `steps`.
    pub fn name(self) -> &'static str {
        match self {
            Figure::Peak => "peak",
            Figure::Final => "final",
            Figure::Allocations => "allocations",
            Figure::Steps => "steps",
        }
    }
}

fn saturating_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A gallery example's point: pane `a`'s figure is under `ratio` times pane `b`'s
/// (`www/gallery/manifest.json`'s `expect`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    #[serde(rename = "kind")]
    pub figure: Figure,
    pub a: String,
    pub b: String,
    pub ratio: f64,
}

/// One sentence of the headline, with what it compares and which pane came out lower.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Headline {
    pub figure: Figure,
    /// The pane with the smaller figure (the one that uses less).
    pub lower: String,
    pub sentence: String,
}

/// The headline for finished runs, given as (pane title, summary): nothing for fewer
/// than two. With a lesson whose two panes both ran, the one sentence about its figure;
/// otherwise every pane against the lowest, on peak or final memory.
pub fn headlines(
    runs: &[(&str, &RunSummary)],
    measure: Measure,
    lesson: Option<&Lesson>,
) -> Vec<Headline> {
    if runs.len() < 2 {
        return vec![];
    }
    let find = |title: &str| runs.iter().find(|(t, _)| *t == title).copied();
    if let Some(lesson) = lesson {
        if let (Some(a), Some(b)) = (find(&lesson.a), find(&lesson.b)) {
            return against_lowest(&[a, b], lesson.figure, measure);
        }
    }
    against_lowest(runs, memory_figure(runs, measure), measure)
}

/// Peak or final memory, whichever tells the runs apart more. Peak is what decides
/// whether a program fits, so final takes the headline only when its spread is more
/// than the square of the peaks' (on a log scale, twice as wide): a snippet that frees
/// its data at scope exit peaks like one that keeps it, but ends 1,000x lower.
fn memory_figure(runs: &[(&str, &RunSummary)], measure: Measure) -> Figure {
    // Below a floor, differences are noise next to what the runs handled: at least 1 KB,
    // and 1% of the highest peak (a few KB left after a run that peaked at 10 MB say
    // nothing next to its peak).
    let highest_peak = runs
        .iter()
        .map(|(_, r)| Figure::Peak.of(r, measure).max(0) as f64)
        .fold(0.0_f64, f64::max);
    let floor = (highest_peak * 0.01).max(1024.0);
    let spread = |figure: Figure| {
        let values = runs
            .iter()
            .map(|(_, r)| figure.of(r, measure).max(0) as f64);
        let (lo, hi) = values.fold((f64::MAX, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        ((hi + floor) / (lo + floor)).ln()
    };
    if spread(Figure::Final) > 2.0 * spread(Figure::Peak) {
        Figure::Final
    } else {
        Figure::Peak
    }
}

/// Every run against the lowest on `figure` (the first of equals).
fn against_lowest(runs: &[(&str, &RunSummary)], figure: Figure, measure: Measure) -> Vec<Headline> {
    let value = |run: &RunSummary| figure.of(run, measure);
    let Some(&(low_name, low_run)) = runs.iter().min_by_key(|(_, r)| value(r)) else {
        return vec![];
    };
    let low = value(low_run);
    runs.iter()
        .filter(|(name, _)| *name != low_name)
        .map(|&(name, run)| Headline {
            figure,
            lower: low_name.to_string(),
            sentence: sentence(figure, (name, value(run)), (low_name, low)),
        })
        .collect()
}

/// `hi` against `lo` (`hi`'s figure is not the smaller) in words.
fn sentence(figure: Figure, (hi_name, hi): (&str, i64), (lo_name, lo): (&str, i64)) -> String {
    let count = |n: i64| thousands(n.max(0) as u64);
    match (figure, ratio(hi as f64, lo as f64)) {
        (Figure::Peak, Ratio::AboutTheSame) => {
            format!("{hi_name} and {lo_name} peak at about the same memory")
        }
        (Figure::Peak, Ratio::Times(x)) => {
            format!("{hi_name} peaks at {x} the memory of {lo_name}")
        }
        (Figure::Peak, Ratio::NoRatio) => format!(
            "{hi_name} peaks at {} while {lo_name} holds no memory at its peak",
            bytes(hi)
        ),
        (Figure::Final, Ratio::AboutTheSame) => format!(
            "after the run, {hi_name} and {lo_name} hold about the same memory ({})",
            bytes(hi)
        ),
        (Figure::Final, _) => format!(
            "after the run, {hi_name} still holds {}; {lo_name} holds {}",
            bytes(hi),
            bytes(lo)
        ),
        (Figure::Allocations, Ratio::AboutTheSame) => format!(
            "{hi_name} and {lo_name} make about as many allocations ({})",
            count(hi)
        ),
        (Figure::Allocations, Ratio::Times(x)) => format!(
            "{hi_name} makes {x} the allocations of {lo_name} ({} against {})",
            count(hi),
            count(lo)
        ),
        (Figure::Allocations, Ratio::NoRatio) => {
            format!("{hi_name} makes {} allocations; {lo_name} none", count(hi))
        }
        (Figure::Steps, Ratio::AboutTheSame) => format!(
            "{hi_name} and {lo_name} take about as many steps ({})",
            count(hi)
        ),
        (Figure::Steps, Ratio::Times(x)) => format!(
            "{hi_name} takes {x} the steps of {lo_name} ({} against {})",
            count(hi),
            count(lo)
        ),
        (Figure::Steps, Ratio::NoRatio) => {
            format!("{hi_name} takes {} steps; {lo_name} none", count(hi))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Outcome;

    fn base() -> RunSummary {
        RunSummary::empty(1, "", Outcome::Completed, "")
    }

    fn run(peak: i64, last: i64) -> RunSummary {
        RunSummary {
            cpython_peak_bytes: peak,
            cpython_final_bytes: last,
            peak_bytes: peak * 2,
            final_bytes: last * 2,
            allocations: 10,
            steps: 100,
            ..base()
        }
    }

    fn sentences(runs: &[(&str, &RunSummary)], lesson: Option<&Lesson>) -> Vec<String> {
        headlines(runs, Measure::Cpython, lesson)
            .into_iter()
            .map(|h| h.sentence)
            .collect()
    }

    #[test]
    fn free_form_panes_compare_peaks_when_both_figures_differ() {
        // A list kept after summing and a generator: both figures thousands of times
        // apart; the peaks make the point.
        let (list, generator) = (run(41_000_000, 40_000_000), run(2_000, 100));
        assert_eq!(
            sentences(&[("list", &list), ("generator", &generator)], None),
            ["list peaks at 20,500x the memory of generator"]
        );
    }

    #[test]
    fn a_few_kilobytes_left_do_not_outweigh_the_peaks() {
        for ((peak_a, left_a), (peak_b, left_b)) in [
            ((1_000_000, 4_000), (500_000, 0)),
            ((10_000_000, 120_000), (1_000_000, 0)),
        ] {
            let (a, b) = (run(peak_a, left_a), run(peak_b, left_b));
            let h = headlines(&[("a", &a), ("b", &b)], Measure::Cpython, None);
            assert_eq!(
                (h[0].figure, h[0].lower.as_str()),
                (Figure::Peak, "b"),
                "{peak_a} {left_a}"
            );
        }
    }

    #[test]
    fn free_form_panes_compare_what_stays_when_only_that_differs() {
        let (global, local) = (run(18_900_000, 18_874_368), run(18_900_000, 6_246));
        let h = headlines(
            &[("global", &global), ("local", &local)],
            Measure::Cpython,
            None,
        );
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].figure, h[0].lower.as_str()), (Figure::Final, "local"));
        assert_eq!(
            h[0].sentence,
            "after the run, global still holds 18.0 MB; local holds 6.1 KB"
        );
    }

    #[test]
    fn a_lesson_names_its_figure_whatever_differs_more() {
        // gc.collect() spikes while collecting (a higher peak); the point is the end.
        let (kept, collected) = (run(10_000_000, 9_000_000), run(32_000_000, 50_000));
        let lesson = Lesson {
            figure: Figure::Final,
            a: "gc.collect()".into(),
            b: "no collect".into(),
            ratio: 0.1,
        };
        let runs = [("no collect", &kept), ("gc.collect()", &collected)];
        let h = headlines(&runs, Measure::Cpython, Some(&lesson));
        assert_eq!(
            (h[0].figure, h[0].lower.as_str()),
            (Figure::Final, "gc.collect()")
        );
        assert_eq!(
            h[0].sentence,
            "after the run, no collect still holds 8.6 MB; gc.collect() holds 48.8 KB"
        );
        // Renamed away from the lesson's panes, the page compares them as free-form.
        let renamed = [("kept", &kept), ("collected", &collected)];
        assert_eq!(
            headlines(&renamed, Measure::Cpython, Some(&lesson))[0].figure,
            Figure::Final
        );
    }

    #[test]
    fn counts_read_with_their_figures_and_separators() {
        let plus = RunSummary {
            allocations: 52_345,
            steps: 1_200_000,
            ..base()
        };
        let join = RunSummary {
            allocations: 10,
            steps: 1_200_100,
            ..base()
        };
        let lesson = |figure| Lesson {
            figure,
            a: "join".into(),
            b: "+=".into(),
            ratio: 0.9,
        };
        let runs = [("+=", &plus), ("join", &join)];
        assert_eq!(
            sentences(&runs, Some(&lesson(Figure::Allocations))),
            ["+= makes 5,235x the allocations of join (52,345 against 10)"]
        );
        assert_eq!(
            sentences(&runs, Some(&lesson(Figure::Steps))),
            ["join and += take about as many steps (1,200,100)"]
        );
    }

    #[test]
    fn one_run_has_no_headline_and_more_compare_against_the_lowest() {
        let (a, b, c) = (run(100_000, 0), run(200_000, 0), run(50_000, 0));
        assert!(sentences(&[("a", &a)], None).is_empty());
        assert_eq!(
            sentences(&[("a", &a), ("b", &b), ("c", &c)], None),
            [
                "a peaks at 2.0x the memory of c",
                "b peaks at 4.0x the memory of c"
            ]
        );
    }
}
