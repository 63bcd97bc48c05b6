//! The panes' charts on one shared domain, so their figures compare by eye: memory and
//! live objects, one chart pair per pane (side by side) or for every pane (overlay).

use crate::chart::{scale, Metric};
use crate::components::chart::{Chart, Series, DEFAULT_WIDTH};
use crate::components::types_chart::TypesChart;
use crate::state::{Moment, Pane, PaneStatus};
use memplay_protocol::share::{Axis, Measure, MAX_PANES};
use yew::prelude::*;

/// Pane colours, in order; also the chart series colours.
pub const PANE_COLORS: [&str; MAX_PANES] = ["#2563eb", "#ea580c", "#16a34a", "#9333ea"];

pub fn pane_color(index: usize) -> &'static str {
    PANE_COLORS[index % PANE_COLORS.len()]
}

/// The shared chart domain over every pane.
#[derive(Clone, Debug, PartialEq)]
pub struct Domain {
    x_max: f64,
    bytes: (f64, f64),
    objects: f64,
}

impl Domain {
    pub fn of(panes: &[Pane], axis: Axis, measure: Measure) -> Domain {
        let mut d = Domain {
            x_max: 0.0,
            bytes: (0.0, 0.0),
            objects: 0.0,
        };
        for pane in panes {
            let timeline = &pane.timeline;
            if let Some(last) = timeline.last() {
                d.x_max = d.x_max.max(match axis {
                    Axis::Steps => last.sample.step as f64,
                    Axis::Millis => last.sample.t_ms,
                });
            }
            let low = timeline.min_bytes(measure);
            if let (Some(low), Some(peak)) = (low, timeline.peak_bytes(measure)) {
                d.bytes.0 = d.bytes.0.min(low as f64);
                d.bytes.1 = d.bytes.1.max(peak.highest_bytes(measure) as f64);
            }
            if let Some((_, high)) = timeline.objects_high(measure) {
                d.objects = d.objects.max(high as f64);
            }
            if let Some(summary) = &pane.summary {
                d.objects = d.objects.max(summary.peak_objects_in(measure) as f64);
            }
        }
        d
    }
}

/// The chart series of the pane at `index`.
pub fn series(pane: &Pane, index: usize) -> Series {
    Series {
        pane_id: pane.id,
        label: pane.title.clone(),
        color: pane_color(index),
        timeline: pane.timeline.clone(),
        censuses: pane.censuses.clone(),
        recorded: pane.recorded,
        never_ran: pane.summary.as_ref().is_some_and(|s| s.never_ran()),
        // Not a pane the page ended before its run started (it has no samples).
        ended_by_page: matches!(pane.status, PaneStatus::Ended(_)) && pane.timeline.len() > 0,
        top_line: pane
            .lines
            .iter()
            .filter(|l| l.line > 0 && l.net_bytes > 0)
            .max_by_key(|l| l.net_bytes)
            .map(|l| l.line),
    }
}

/// One series per pane, in pane order.
pub fn all_series(panes: &[Pane]) -> Vec<Series> {
    panes
        .iter()
        .enumerate()
        .map(|(i, p)| series(p, i))
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub series: Vec<Series>,
    pub axis: Axis,
    pub measure: Measure,
    pub domain: Domain,
    /// The live-objects chart beside the memory chart (the embed shows memory only).
    #[prop_or(true)]
    pub objects: bool,
    /// The objects-by-type chart below them.
    #[prop_or(true)]
    pub types: bool,
    /// Drawing width in SVG units (the height is fixed): wider means flatter.
    #[prop_or(DEFAULT_WIDTH)]
    pub width: f64,
    #[prop_or_default]
    pub moment: Option<Moment>,
    #[prop_or_default]
    pub on_select: Option<Callback<Moment>>,
}

/// The memory chart's title names its measure.
fn memory_title(measure: Measure) -> &'static str {
    match measure {
        Measure::Cpython => "Memory (CPython 3.11, model)",
        Measure::Rustpython => "Memory (RustPython heap)",
    }
}

/// The memory chart in words, per pane: "list: bytes rise to 40.0 MB at line 1;
/// 999,744 int at the peak".
fn describe_memory(series: &[Series], measure: Measure) -> String {
    series
        .iter()
        .filter_map(|s| {
            let peak = s.timeline.peak_bytes(measure)?;
            let high = memplay_protocol::format::bytes(peak.highest_bytes(measure));
            let mut text = match s.top_line {
                Some(line) => format!(
                    "{}: bytes rise to {high}, most of them added by line {line}",
                    s.label
                ),
                None => format!(
                    "{}: bytes rise to {high} at line {}",
                    s.label, peak.sample.line
                ),
            };
            let census = s
                .censuses
                .index_at(peak.sample.step)
                .and_then(|i| s.censuses.get(i))
                .filter(|c| c.step == peak.sample.step);
            let top = census.and_then(|c| {
                let (rows, _) =
                    crate::censuses::figures(c, measure, crate::censuses::TypeMeasure::Count);
                rows.into_iter().next()
            });
            if let Some((name, n)) = top {
                text.push_str(&format!("; {} {name} at the peak", scale::count(n)));
            }
            Some(text)
        })
        .collect::<Vec<_>>()
        .join(". ")
}

/// The live-objects chart in words.
fn describe_objects(series: &[Series], measure: Measure) -> String {
    series
        .iter()
        .filter_map(|s| {
            let (peak, objects) = s.objects_peak(measure)?;
            Some(format!(
                "{}: up to {} live objects, at line {}",
                s.label,
                scale::count(objects),
                peak.sample.line
            ))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

#[function_component(Charts)]
pub fn charts(props: &ChartsProps) -> Html {
    let d = &props.domain;
    html! {
        <div class="charts">
            <Chart title={memory_title(props.measure)} testid="chart-memory"
                   metric={Metric::Bytes(props.measure)} axis={props.axis}
                   series={props.series.clone()} x_max={d.x_max} y_min={d.bytes.0} y_max={d.bytes.1}
                   width={props.width} moment={props.moment} on_select={props.on_select.clone()}
                   description={describe_memory(&props.series, props.measure)} />
            if props.objects {
                <Chart title="Live objects" testid="chart-objects" metric={Metric::Objects(props.measure)} axis={props.axis}
                       series={props.series.clone()} x_max={d.x_max} y_min={0.0} y_max={d.objects}
                       width={props.width} moment={props.moment} on_select={props.on_select.clone()}
                       description={describe_objects(&props.series, props.measure)} />
            }
            if props.types {
                <TypesChart series={props.series.clone()} axis={props.axis} measure={props.measure}
                            x_max={d.x_max} width={props.width} moment={props.moment}
                            on_select={props.on_select.clone()} />
            }
        </div>
    }
}
