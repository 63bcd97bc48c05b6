//! Data downloads: every sample as CSV, every run as JSON (`memplay run --json`'s schema).

use crate::download::save_text;
use crate::state::Pane;
use memplay_protocol::export::{runs_json, samples_csv};
use memplay_protocol::RunReport;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ExportProps {
    pub panes: Vec<Pane>,
}

#[function_component(ExportButtons)]
pub fn export_buttons(props: &ExportProps) -> Html {
    let has_data = props.panes.iter().any(|p| p.timeline.last().is_some());
    let csv = {
        let panes = props.panes.clone();
        Callback::from(move |_: MouseEvent| {
            let rows: Vec<(String, Vec<_>)> = panes
                .iter()
                .map(|p| (p.title.clone(), p.timeline.samples().copied().collect()))
                .collect();
            let text = samples_csv(rows.iter().map(|(t, s)| (t.as_str(), s.as_slice())));
            let _ = save_text(&text, "text/csv", "memplay-samples.csv");
        })
    };
    let json = {
        let panes = props.panes.clone();
        Callback::from(move |_: MouseEvent| {
            // The streamed record of each run: its samples and output, then its summary.
            let reports: Vec<RunReport> = panes
                .iter()
                .filter_map(|p| {
                    Some(RunReport {
                        summary: p.summary.as_deref()?.clone(),
                        samples: p.timeline.samples().copied().collect(),
                        censuses: p.censuses.iter().cloned().collect(),
                        stdout: p.output.clone(),
                    })
                })
                .collect();
            let _ = save_text(
                &runs_json(&reports),
                "application/json",
                "memplay-runs.json",
            );
        })
    };
    html! {
        <span class="export" title="Download the figures">
            <button data-testid="export-csv" onclick={csv} disabled={!has_data}>{ "CSV" }</button>
            <button data-testid="export-json" onclick={json} disabled={!has_data}>{ "JSON" }</button>
        </span>
    }
}
