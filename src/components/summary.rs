//! The summary: the headline (how the runs compare, in words), then a table row per pane.

use crate::state::{Pane, PaneStatus};
use memplay_protocol::format::{bytes, thousands};
use memplay_protocol::headline::{headlines, Headline, Lesson};
use memplay_protocol::share::Measure;
use memplay_protocol::{Outcome, RunSummary};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub panes: Vec<Pane>,
    pub measure: Measure,
    /// The gallery example's point, when the panes are one.
    pub lesson: Option<Lesson>,
    /// Runs are going on: the results are announced once they end.
    pub busy: bool,
}

/// A run's peak and final bytes in `measure`.
pub fn peak_and_final(summary: &RunSummary, measure: Measure) -> (i64, i64) {
    match measure {
        Measure::Cpython => (summary.cpython_peak_bytes, summary.cpython_final_bytes),
        Measure::Rustpython => (summary.peak_bytes, summary.final_bytes),
    }
}

pub fn status_text(pane: &Pane) -> String {
    match &pane.status {
        PaneStatus::Idle => "not run yet".into(),
        PaneStatus::Queued => "queued".into(),
        PaneStatus::Running => "running…".into(),
        PaneStatus::Ended(why) => why.clone(),
        PaneStatus::Finished(outcome) => outcome_text(*outcome, pane.summary.as_deref()),
    }
}

fn outcome_text(outcome: Outcome, summary: Option<&RunSummary>) -> String {
    match outcome {
        Outcome::Completed => "completed".into(),
        Outcome::Failed => match summary.and_then(|r| r.error.as_ref()) {
            Some(e) => e.headline(),
            None => "failed".into(),
        },
        Outcome::TimeLimit => "stopped by the time limit".into(),
        Outcome::MemoryLimit => "stopped by the memory cap".into(),
        Outcome::StepLimit => "stopped by the step limit".into(),
        Outcome::Stopped => "stopped".into(),
    }
}

/// The headline for the panes that have a summary (nothing for fewer than two): the
/// lesson's figure for a gallery example, else peak or final memory, whichever differs
/// most.
pub fn headlines_of(panes: &[Pane], measure: Measure, lesson: Option<&Lesson>) -> Vec<Headline> {
    let runs: Vec<(&str, &RunSummary)> = panes
        .iter()
        .filter_map(|p| Some((p.title.as_str(), p.summary.as_deref()?)))
        // A run that did not compile, or ended in an exception, held what it held when it
        // stopped: no figure to compare a finished run with.
        .filter(|(_, summary)| summary.outcome != Outcome::Failed)
        .collect();
    headlines(&runs, measure, lesson)
}

/// The results in one paragraph, for screen readers: each pane's outcome and peak, then
/// the headline.
fn announcement(panes: &[Pane], headline: &[Headline], measure: Measure) -> String {
    let mut parts: Vec<String> = panes
        .iter()
        .filter_map(|p| {
            let summary = p.summary.as_deref()?;
            if summary.never_ran() {
                return Some(format!("{}: {}, did not run", p.title, status_text(p)));
            }
            Some(format!(
                "{}: {}, peak {}",
                p.title,
                status_text(p),
                bytes(peak_and_final(summary, measure).0)
            ))
        })
        .collect();
    parts.extend(headline.iter().map(|h| h.sentence.clone()));
    if parts.is_empty() {
        String::new()
    } else {
        parts.join(". ") + "."
    }
}

/// The most common types at the peak, counted as `measure`'s view counts them.
fn top_types(summary: &RunSummary, measure: Measure) -> String {
    let census = &summary.census_at_peak;
    let top: Vec<String> = match measure {
        Measure::Cpython => {
            let mut types: Vec<(&String, u64)> = census
                .cpython
                .by_type
                .iter()
                .map(|(name, figures)| (name, figures.count))
                .collect();
            types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            types
                .into_iter()
                .take(3)
                .map(|(name, n)| format!("{name} {}", thousands(n)))
                .collect()
        }
        Measure::Rustpython => census
            .top_types(3)
            .into_iter()
            .map(|(name, n)| format!("{name} {}", thousands(n)))
            .collect(),
    };
    if top.is_empty() {
        return "—".into();
    }
    // The censuses are budgeted: when none fell at the peak (a list built and dropped in
    // one call), the types are the nearest census's, and say so.
    let counted = match measure {
        Measure::Cpython => census.cpython.total,
        Measure::Rustpython => census.total,
    };
    let at_peak = summary.peak_objects_in(measure);
    let off = counted.abs_diff(at_peak) as f64;
    if off > 0.01 * at_peak as f64 {
        format!(
            "{} (nearest census: {} objects)",
            top.join(", "),
            thousands(counted)
        )
    } else {
        top.join(", ")
    }
}

fn measure_name(measure: Measure) -> &'static str {
    match measure {
        Measure::Cpython => "cpython",
        Measure::Rustpython => "rustpython",
    }
}

fn measure_label(measure: Measure) -> &'static str {
    match measure {
        Measure::Cpython => " CPython 3.11",
        Measure::Rustpython => " RustPython",
    }
}

#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
    let measure = props.measure;
    let headline = headlines_of(&props.panes, measure, props.lesson.as_ref());
    // Screen readers hear the results when the runs end, and again in the other measure
    // when the reader switches it: written then, not on every render (renaming a pane
    // afterwards would announce them all again).
    let announced = use_state(String::new);
    {
        let announced = announced.clone();
        let text = announcement(&props.panes, &headline, measure);
        use_effect_with((props.busy, measure), move |&(busy, _)| {
            if !busy {
                announced.set(text);
            } else {
                announced.set(String::new());
            }
        });
    }
    let rows = props.panes.iter().map(|pane| {
        let cells = match pane.summary.as_deref() {
            Some(r) if r.never_ran() => html! {
                <td colspan="6" class="never-ran">{ "did not run: the code does not compile" }</td>
            },
            Some(r) => html! { <>
                <td>{ bytes(peak_and_final(r, measure).0) }</td>
                <td>{ bytes(peak_and_final(r, measure).1) }</td>
                <td>{ thousands(r.peak_objects_in(measure)) }</td>
                <td class="types">{ top_types(r, measure) }</td>
                <td>{ format!("{:.0} ms", r.wall_ms) }</td>
                <td>{ thousands(r.steps) }</td>
            </> },
            None => {
                let last = pane.timeline.last();
                let peak = pane.timeline.peak_bytes(measure);
                html! { <>
                    <td>{ peak.map(|p| bytes(p.highest_bytes(measure))).unwrap_or_default() }</td>
                    <td>{ last.map(|p| bytes(p.bytes(measure))).unwrap_or_default() }</td>
                    // A run stopped or still running: the chart's live objects at the peak
                    // (the interpreter's count since the census before it, so "≈").
                    <td>{ peak.and_then(|p| p.objects(measure)).map(|n| format!("≈{}", thousands(n))).unwrap_or_default() }</td>
                    <td></td>
                    <td>{ last.map(|p| format!("{:.0} ms", p.sample.t_ms)).unwrap_or_default() }</td>
                    <td>{ last.map(|p| thousands(p.sample.step)).unwrap_or_default() }</td>
                </> }
            }
        };
        let figures = pane
            .summary
            .as_deref()
            .filter(|r| !r.never_ran())
            .map(|r| peak_and_final(r, measure));
        let peak_bytes = figures.map(|(peak, _)| peak.to_string());
        let final_bytes = figures.map(|(_, last)| last.to_string());
        html! {
            <tr data-pane-title={pane.title.clone()} data-peak-bytes={peak_bytes} data-final-bytes={final_bytes}>
                <th scope="row">{ &pane.title }</th>
                { cells }
                <td class="status">{ status_text(pane) }</td>
            </tr>
        }
    });
    html! {
        <section class="summary" data-testid="summary" data-measure={measure_name(measure)}>
            if !headline.is_empty() {
                <h2 class="headline">
                    { for headline.iter().map(|h| html! {
                        <span class="ratio" data-figure={h.figure.name()} data-lower={h.lower.clone()}>{ &h.sentence }</span>
                    }) }
                </h2>
            }
            <p class="sr-only" role="status" aria-live="polite" data-testid="results-announcement">
                { (*announced).clone() }
            </p>
            <table>
                <thead><tr>
                    <th>{ "pane" }</th>
                    <th>{ "peak memory" }<small>{ measure_label(measure) }</small></th>
                    <th>{ "final memory" }<small>{ measure_label(measure) }</small></th>
                    <th title="live objects at the memory peak (a census elsewhere may count more)">{ "objects at peak" }</th>
                    <th>{ "top types at peak" }</th>
                    <th>{ "time" }</th><th>{ "steps" }</th><th>{ "status" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
