//! The summary table: one row per pane, then the comparison in words.

use crate::state::{Pane, PaneStatus};
use memplay_protocol::format::{bytes, ratio, thousands, Ratio};
use memplay_protocol::{Outcome, RunSummary};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub panes: Vec<Pane>,
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

/// The comparison sentences for the panes that have a summary (none for fewer than two).
pub fn comparison_of(panes: &[Pane]) -> Vec<String> {
    let reports: Vec<(&str, &RunSummary)> = panes
        .iter()
        .filter_map(|p| p.summary.as_deref().map(|r| (p.title.as_str(), r)))
        .collect();
    if reports.len() >= 2 {
        comparison(&reports)
    } else {
        vec![]
    }
}

/// "list peaks at 41x the memory of generator", for every pane against the smallest.
fn comparison(reports: &[(&str, &RunSummary)]) -> Vec<String> {
    let Some(&(low_name, low)) = reports.iter().min_by_key(|(_, r)| r.peak_bytes) else {
        return vec![];
    };
    reports
        .iter()
        .filter(|(name, _)| *name != low_name)
        .map(
            |&(name, r)| match ratio(r.peak_bytes as f64, low.peak_bytes as f64) {
                Ratio::AboutTheSame => {
                    format!("{name} and {low_name} peak at about the same memory")
                }
                Ratio::Times(x) => format!("{name} peaks at {x} the memory of {low_name}"),
                Ratio::NoRatio => format!(
                    "{name} peaks at {} while {low_name} holds no memory at its peak",
                    bytes(r.peak_bytes)
                ),
            },
        )
        .collect()
}

fn top_types(summary: &RunSummary) -> String {
    let top: Vec<String> = summary
        .census_at_peak
        .top_types(3)
        .into_iter()
        .map(|(name, n)| format!("{name} {}", thousands(n)))
        .collect();
    if top.is_empty() {
        "—".into()
    } else {
        top.join(", ")
    }
}

#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
    let sentences = comparison_of(&props.panes);
    let rows = props.panes.iter().map(|pane| {
        let cells = match pane.summary.as_deref() {
            Some(r) => html! { <>
                <td>{ bytes(r.peak_bytes) }</td>
                <td>{ bytes(r.final_bytes) }</td>
                <td>{ thousands(r.peak_objects) }</td>
                <td class="types">{ top_types(r) }</td>
                <td>{ format!("{:.0} ms", r.wall_ms) }</td>
                <td>{ thousands(r.steps) }</td>
            </> },
            None => {
                let last = pane.timeline.last();
                html! { <>
                    <td>{ pane.timeline.peak_bytes().map(|s| bytes(s.highest_bytes())).unwrap_or_default() }</td>
                    <td>{ last.map(|s| bytes(s.bytes)).unwrap_or_default() }</td>
                    <td></td><td></td>
                    <td>{ last.map(|s| format!("{:.0} ms", s.t_ms)).unwrap_or_default() }</td>
                    <td>{ last.map(|s| thousands(s.step)).unwrap_or_default() }</td>
                </> }
            }
        };
        let peak_bytes = pane.summary.as_ref().map(|r| r.peak_bytes.to_string());
        html! {
            <tr data-pane-title={pane.title.clone()} data-peak-bytes={peak_bytes}>
                <th scope="row">{ &pane.title }</th>
                { cells }
                <td class="status">{ status_text(pane) }</td>
            </tr>
        }
    });
    html! {
        <section class="summary" data-testid="summary">
            { for sentences.iter().map(|s| html! { <p class="ratio">{ s }</p> }) }
            <table>
                <thead><tr>
                    <th>{ "pane" }</th><th>{ "peak memory" }</th><th>{ "final memory" }</th>
                    <th>{ "peak objects" }</th><th>{ "top types at peak" }</th>
                    <th>{ "time" }</th><th>{ "steps" }</th><th>{ "status" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
