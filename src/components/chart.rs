//! One SVG chart: memory or live objects over steps or time, for one or more panes, with
//! axes, the peak marked, a legend and a hover tooltip.
//!
//! Plain SVG from Yew rather than a chart crate: no chart crate renders to Yew's virtual
//! DOM, the SVG is easy to export as a file, and thinning the paths (chart::path) keeps
//! 100,000+ samples smooth.

use crate::censuses::Censuses;
use crate::chart::path::{downsample, svg_path, Point as PathPoint};
use crate::chart::scale::{self, Scale, Units};
use crate::chart::thinned::Thinned;
use crate::chart::{x_of, Metric};
use crate::download;
use crate::hooks::use_width;
use crate::state::Moment;
use crate::timeline::{Point, Timeline};
use memplay_protocol::share::{Axis, Measure};
use std::collections::HashMap;
use yew::prelude::*;

/// The default drawing width in SVG units; the embed uses a wider, flatter chart.
pub const DEFAULT_WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 220.0;
pub const LEFT: f64 = 64.0;
pub const RIGHT: f64 = 24.0;
pub const TOP: f64 = 14.0;
pub const BOTTOM: f64 = 30.0;

/// One pane's run as the charts draw it.
#[derive(Clone, PartialEq)]
pub struct Series {
    pub pane_id: u32,
    pub label: String,
    pub color: &'static str,
    pub timeline: Timeline,
    pub censuses: Censuses,
    /// The run came with the link (`Pane::recorded`).
    pub recorded: bool,
    /// The run ended before it started: its code did not compile.
    pub never_ran: bool,
    /// The page ended the run (Stop, the page's watchdog, a crashed engine): what it
    /// streamed until then is all there is, without the census a run ends with.
    pub ended_by_page: bool,
    /// The line whose executions added the most bytes (net), when one added any: what
    /// made the memory rise, which the line running at the peak often is not (a print
    /// after the list was built).
    pub top_line: Option<u32>,
}

/// What a chart with nothing to draw says: why, and what to do.
pub fn empty_text(series: &[Series], waiting: &'static str) -> &'static str {
    if series.iter().any(|s| s.never_ran) {
        // Short: SVG text does not wrap, and a phone's chart is 300 px wide.
        "Nothing ran: see the error above"
    } else if !series.is_empty() && series.iter().all(|s| s.ended_by_page) {
        "Stopped before its first census"
    } else {
        waiting
    }
}

impl Series {
    /// Where the live-objects chart marks its peak in `measure`: the most objects its
    /// line draws (a census's count, or an estimate between censuses), so the mark sits
    /// on the line. The summary's "objects at peak" is another figure: the engine's
    /// count at the memory peak.
    pub fn objects_peak(&self, measure: Measure) -> Option<(Point, f64)> {
        let (point, n) = self.timeline.objects_high(measure)?;
        Some((point, n as f64))
    }
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub title: AttrValue,
    pub testid: AttrValue,
    pub metric: Metric,
    pub axis: Axis,
    pub series: Vec<Series>,
    /// The shared domain, so charts of different panes compare by eye.
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
    /// Drawing width in SVG units (the height is fixed): wider means flatter.
    #[prop_or(DEFAULT_WIDTH)]
    pub width: f64,
    /// The moment the page is at, marked on the charts of its pane.
    #[prop_or_default]
    pub moment: Option<Moment>,
    /// Clicking (or dragging along) the chart travels to the moment under the pointer.
    #[prop_or_default]
    pub on_select: Option<Callback<Moment>>,
    /// What the chart shows, in words, for screen readers.
    #[prop_or_default]
    pub description: AttrValue,
}

pub fn format_x(axis: Axis, v: f64) -> String {
    match axis {
        Axis::Steps => scale::count(v),
        Axis::Millis => scale::millis(v),
    }
}

/// Where a chart draws: its width, and its scales.
#[derive(Clone, PartialEq)]
pub struct Geometry {
    pub width: f64,
    pub x: Scale,
    pub y: Scale,
}

impl Geometry {
    /// The x scale of a chart ending at `x_max` on `axis`, and a y scale over the values.
    pub fn new(width: f64, axis: Axis, x_max: f64, y: Scale) -> Geometry {
        let x_units = match axis {
            Axis::Steps => Units::Count,
            Axis::Millis => Units::Continuous,
        };
        Geometry {
            width,
            x: Scale::tight(x_max, 5, x_units),
            y,
        }
    }

    pub fn px(&self, p: PathPoint) -> (f64, f64) {
        (
            self.x.map(p.x, LEFT, self.width - RIGHT),
            self.y.map(p.y, HEIGHT - BOTTOM, TOP),
        )
    }

    /// Where a mouse event on the chart's `svg` is across and up the plotting area (each
    /// 0..=1 inside it), when it is within the area's width.
    fn pointer_fractions(&self, svg: &web_sys::Element, e: &MouseEvent) -> Option<(f64, f64)> {
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let view_x = (e.client_x() as f64 - rect.left()) / rect.width() * self.width;
        let view_y = (e.client_y() as f64 - rect.top()) / rect.height() * HEIGHT;
        let fx = (view_x - LEFT) / (self.width - LEFT - RIGHT);
        let fy = (HEIGHT - BOTTOM - view_y) / (HEIGHT - BOTTOM - TOP);
        (0.0..=1.0).contains(&fx).then_some((fx, fy))
    }

    /// The data point under a mouse event on the chart's `svg`, when it is inside the
    /// plotting area.
    pub fn under_pointer(&self, svg: &web_sys::Element, e: &MouseEvent) -> Option<PathPoint> {
        self.pointer_fractions(svg, e).map(|(fx, fy)| PathPoint {
            x: self.x.min + fx * (self.x.max - self.x.min),
            y: self.y.min + fy * (self.y.max - self.y.min),
        })
    }

    /// How far across the plotting area a mouse event is (0..=1), what a chart's hover
    /// keeps: unlike a data x, it stays under the pointer when a new run rescales the axis.
    pub fn hovered_fraction(&self, svg: &web_sys::Element, e: &MouseEvent) -> Option<f64> {
        self.pointer_fractions(svg, e).map(|(fx, _)| fx)
    }

    /// The data x at `fraction` across the plotting area.
    pub fn x_at(&self, fraction: f64) -> f64 {
        self.x.min + fraction.clamp(0.0, 1.0) * (self.x.max - self.x.min)
    }

    /// A vertical marker at data `x`.
    pub fn marker(&self, x: f64, color: &str) -> Html {
        let (px, _) = self.px(PathPoint { x, y: 0.0 });
        html! {
            <line class="moment-marker" data-testid="moment-marker" x1={format!("{px:.1}")} x2={format!("{px:.1}")}
                  y1={TOP.to_string()} y2={(HEIGHT - BOTTOM).to_string()} stroke={color.to_string()}
                  stroke-width="1.5" stroke-dasharray="4 3" />
        }
    }
}

/// The x of the moment's sample on `axis` (its step, or the time it was taken).
pub fn moment_x(series: &Series, step: u64, axis: Axis) -> Option<f64> {
    match axis {
        Axis::Steps => Some(step as f64),
        Axis::Millis => series
            .timeline
            .nearest(step as f64, |s| s.step as f64)
            .map(|p| p.sample.t_ms),
    }
}

struct DrawnSeries {
    path: String,
    peak: Option<(f64, f64, f64)>, // px x, px y, value
    points: usize,
    /// Where a census measured the figure (px x, px y), when the chart shows one that is
    /// estimated between censuses (CPython's bytes, live objects).
    census_marks: Vec<(f64, f64)>,
}

/// More census marks than this would hide the line; the marks are then left out.
const MAX_CENSUS_MARKS: usize = 400;

/// Draws `series` from its drawing so far (`thinned`, brought up to date here): the
/// cost depends on the chart's width and the samples since the last render, not on the
/// run's length.
fn draw(
    series: &Series,
    thinned: &mut Thinned,
    metric: Metric,
    axis: Axis,
    geometry: &Geometry,
) -> DrawnSeries {
    let x = x_of(axis);
    thinned.update(&series.timeline, metric, axis);
    let buckets = (geometry.width - LEFT - RIGHT) as usize;
    let thin = downsample(thinned.points(), geometry.x.max, buckets);
    let peak_point = match metric {
        Metric::Bytes(measure) => series
            .timeline
            .peak_bytes(measure)
            .and_then(|p| Some((p, metric.highest(&p)?))),
        Metric::Objects(measure) => series.objects_peak(measure),
    };
    let peak = peak_point.map(|(p, v)| {
        let (cx, cy) = geometry.px(PathPoint {
            x: x(&p.sample),
            y: v,
        });
        (cx, cy, v)
    });
    let census_marks = if series.timeline.censuses() <= MAX_CENSUS_MARKS {
        series
            .timeline
            .census_samples()
            .filter_map(|s| {
                let y = metric.census_value(s)?;
                Some(geometry.px(PathPoint { x: x(s), y }))
            })
            .collect()
    } else {
        Vec::new()
    };
    DrawnSeries {
        path: svg_path(&thin, |p| geometry.px(p)),
        peak,
        points: match metric {
            Metric::Bytes(_) => series.timeline.len(),
            Metric::Objects(_) => series.timeline.censuses(),
        },
        census_marks,
    }
}

#[function_component(Chart)]
pub fn chart(props: &ChartProps) -> Html {
    // Where the pointer is across the plotting area (0..=1), not a data x: as a run
    // streams and the axis grows, or another run replaces the data, the tooltip stays
    // under the pointer and inside the chart.
    let hover = use_state(|| None::<f64>);
    let svg_ref = use_node_ref();
    let figure_ref = use_node_ref();
    let view_width = use_width(&figure_ref, props.width);
    let geometry = Geometry::new(
        view_width,
        props.axis,
        props.x_max,
        Scale::nice(
            props.y_min,
            props.y_max,
            4,
            match props.metric {
                Metric::Bytes(_) => Units::Bytes,
                Metric::Objects(_) => Units::Count,
            },
        ),
    );
    // Each pane's drawing so far, kept between renders.
    let thinned = use_mut_ref(HashMap::<u32, Thinned>::new);
    let drawn = use_memo(
        (
            props.series.clone(),
            props.metric,
            props.axis,
            geometry.clone(),
        ),
        move |(series, metric, axis, geometry)| {
            let mut thinned = thinned.borrow_mut();
            thinned.retain(|pane_id, _| series.iter().any(|s| s.pane_id == *pane_id));
            series
                .iter()
                .map(|s| {
                    let drawing = thinned
                        .entry(s.pane_id)
                        .or_insert_with(|| Thinned::new(*metric, *axis));
                    draw(s, drawing, *metric, *axis, geometry)
                })
                .collect::<Vec<_>>()
        },
    );

    let select = {
        let svg_ref = svg_ref.clone();
        let geometry = geometry.clone();
        let series = props.series.clone();
        let metric = props.metric;
        let axis = props.axis;
        let on_select = props.on_select.clone();
        move |e: &MouseEvent| {
            let (Some(on_select), Some(svg)) = (&on_select, svg_ref.cast::<web_sys::Element>())
            else {
                return;
            };
            if let Some(at) = geometry.under_pointer(&svg, e) {
                if let Some(moment) = moment_under(&series, metric, axis, at) {
                    on_select.emit(moment);
                }
            }
        }
    };
    let on_move = {
        let hover = hover.clone();
        let svg_ref = svg_ref.clone();
        let geometry = geometry.clone();
        let select = select.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(svg) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            hover.set(geometry.hovered_fraction(&svg, &e));
            // Dragging along the chart travels with the pointer.
            if e.buttons() & 1 == 1 {
                select(&e);
            }
        })
    };
    let on_click = Callback::from(move |e: MouseEvent| select(&e));
    let on_key = on_moment_key(&props.series, props.moment, props.on_select.clone());
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };

    let total_points: usize = drawn.iter().map(|d| d.points).sum();
    let axis = props.axis;
    let y_ticks = geometry.y.ticks.iter().map(|&v| {
        let (_, py) = geometry.px(PathPoint { x: 0.0, y: v });
        html! {
            <g class="tick">
                <line x1={LEFT.to_string()} x2={(view_width - RIGHT).to_string()}
                      y1={py.to_string()} y2={py.to_string()} stroke="#e6e8e4" />
                <text x={(LEFT - 6.0).to_string()} y={(py + 4.0).to_string()} text-anchor="end" fill="#5f6670">
                    { props.metric.format(v) }
                </text>
            </g>
        }
    });
    let x_ticks = geometry.x.ticks.iter().map(|&v| {
        let (px, _) = geometry.px(PathPoint { x: v, y: 0.0 });
        html! {
            <text class="tick" x={px.to_string()} y={(HEIGHT - BOTTOM + 16.0).to_string()}
                  text-anchor="middle" fill="#5f6670">
                { format_x(axis, v) }
            </text>
        }
    });
    let lines = props.series.iter().zip(drawn.iter()).map(|(s, d)| {
        let peak = d.peak.map(|(cx, cy, v)| {
            html! {
                <g class="peak">
                    <circle cx={cx.to_string()} cy={cy.to_string()} r="4" fill={s.color} />
                    <text x={(cx + 6.0).min(view_width - RIGHT - 4.0).to_string()}
                          y={(cy - 6.0).max(TOP + 8.0).to_string()}
                          text-anchor={if cx > view_width * 0.75 { "end" } else { "start" }}
                          fill="#1c1f24" font-weight="600">
                        { format!("peak {}", props.metric.format(v)) }
                    </text>
                </g>
            }
        });
        let marks = d.census_marks.iter().map(|(cx, cy)| {
            html! { <circle class="census" cx={format!("{cx:.1}")} cy={format!("{cy:.1}")} r="2.2"
            fill="#ffffff" stroke={s.color} stroke-width="1.2" /> }
        });
        html! {
            <g class="series" data-series={s.label.clone()} data-points={d.points.to_string()}>
                <path d={d.path.clone()} stroke={s.color} fill="none" stroke-width="1.8"
                      stroke-linejoin="round" />
                <g class="census-marks">{ for marks }</g>
                { for peak }
            </g>
        }
    });

    let hovered_x = (*hover).map(|fraction| geometry.x_at(fraction));
    let tooltip = hovered_x.map(|x| tooltip(props, &geometry, x));
    let moment_marker = props.moment.and_then(|m| {
        let s = props.series.iter().find(|s| s.pane_id == m.pane_id)?;
        Some(geometry.marker(moment_x(s, m.step, props.axis)?, s.color))
    });
    let hover_line = hovered_x.map(|x| {
        let (px, _) = geometry.px(PathPoint { x, y: 0.0 });
        html! { <line class="hover-line" x1={px.to_string()} x2={px.to_string()}
        y1={TOP.to_string()} y2={(HEIGHT - BOTTOM).to_string()} /> }
    });
    // The exported file carries its title and legend (each pane in its colour), since it
    // has no HTML around it (the page hides this text with CSS; a file has no such rule).
    let svg_title = html! { <>
        { &props.title }
        { for props.series.iter().map(|s| html! { <>
            <tspan fill={s.color}>{ "  ■ " }</tspan><tspan>{ &s.label }</tspan>
        </> }) }
    </> };
    let export = |png: bool| {
        let svg_ref = svg_ref.clone();
        let labels: Vec<&str> = props.series.iter().map(|s| s.label.as_str()).collect();
        let name = download::chart_file_stem(&labels, props.testid.trim_start_matches("chart-"));
        Callback::from(move |_: MouseEvent| {
            let Some(svg) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            let markup = download::chart_svg(&svg);
            let _ = if png {
                download::save_png(markup, view_width, HEIGHT, 2.0, format!("{name}.png"))
            } else {
                download::save_text(&markup, "image/svg+xml", &format!("{name}.svg"))
            };
        })
    };
    let legend = props.series.iter().map(|s| {
        html! { <span class="legend-item"><i style={format!("background:{}", s.color)}></i>{ &s.label }</span> }
    });

    html! {
        <figure ref={figure_ref} class="chart" data-testid={props.testid.clone()} data-samples={total_points.to_string()}>
            <figcaption>
                <span class="chart-title">{ &props.title }</span>
                <span class="legend">{ for legend }
                    <button class="mini" data-testid="export-svg" onclick={export(false)} title="Download this chart as SVG">{ "SVG" }</button>
                    <button class="mini" data-testid="export-png" onclick={export(true)} title="Download this chart as PNG">{ "PNG" }</button>
                </span>
            </figcaption>
            <div class="chart-body">
                <svg ref={svg_ref} xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 {view_width} {HEIGHT}")}
                     width={view_width.to_string()} height={HEIGHT.to_string()} role="img"
                     font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11"
                     aria-label={props.title.clone()} class={classes!(props.on_select.is_some().then_some("selectable"))}
                     tabindex={props.on_select.is_some().then_some("0")}
                     aria-keyshortcuts={props.on_select.is_some().then_some("Home End ArrowLeft ArrowRight Escape")}
                     onmousemove={on_move} onmouseleave={on_leave} onclick={on_click} onkeydown={on_key}>
                    <text class="svg-title" x={(view_width - RIGHT).to_string()} y="10" text-anchor="end"
                          fill="#1c1f24" font-weight="600">
                        { svg_title }
                    </text>
                    if total_points == 0 {
                        <text class="empty" x={(view_width / 2.0).to_string()} y={(HEIGHT / 2.0).to_string()}
                              text-anchor="middle" fill="#5f6670" font-size="13">
                            { empty_text(&props.series, "No samples yet: press Run") }
                        </text>
                    } else {
                        <g class="grid">{ for y_ticks }</g>
                        <g class="x-axis">{ for x_ticks }</g>
                        <text class="axis-label" x={(view_width - RIGHT).to_string()} y={(HEIGHT - 2.0).to_string()}
                              text-anchor="end" fill="#5f6670" font-size="11">
                            { match axis { Axis::Steps => "steps (bytecode instructions)", Axis::Millis => "time" } }
                        </text>
                        { for lines }
                    }
                    { for moment_marker }
                    { for hover_line }
                </svg>
                { for tooltip }
            </div>
            if !props.description.is_empty() {
                <p class="sr-only" data-testid="chart-summary">{ props.description.clone() }</p>
            }
        </figure>
    }
}

/// A chart's keys, once Tab has reached it: Home and End go to the first and the last
/// census, and an arrow with no moment yet starts at that end (with a moment, the arrows
/// step from census to census: `hooks::use_moment_keys`).
pub fn on_moment_key(
    series: &[Series],
    moment: Option<Moment>,
    on_select: Option<Callback<Moment>>,
) -> Callback<KeyboardEvent> {
    let series = series.to_vec();
    Callback::from(move |e: KeyboardEvent| {
        let Some(on_select) = &on_select else {
            return;
        };
        if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
            return;
        }
        let first = match e.key().as_str() {
            "Home" => true,
            "End" => false,
            "ArrowRight" if moment.is_none() => true,
            "ArrowLeft" if moment.is_none() => false,
            _ => return,
        };
        let pane = series
            .iter()
            .find(|s| moment.is_some_and(|m| m.pane_id == s.pane_id))
            .or(series.first());
        let Some(pane) = pane else {
            return;
        };
        // The censuses by type, which the moment panel lists (a link made before
        // 2026-11-30 has none: its timeline's census samples stand in).
        let by_type = if first {
            pane.censuses.iter().next()
        } else {
            pane.censuses.iter().last()
        };
        let mut samples = pane.timeline.census_samples();
        let census = match by_type {
            Some(census) => Some(census.step),
            None if first => samples.next().map(|s| s.step),
            None => samples.last().map(|s| s.step),
        };
        if let Some(step) = census {
            e.prevent_default();
            on_select.emit(Moment {
                pane_id: pane.pane_id,
                step,
            });
        }
    })
}

/// The moment under the pointer at data point `at`: on the series whose line passes
/// closest to it there (the only one, in a pane's own chart), its nearest sample.
fn moment_under(series: &[Series], metric: Metric, axis: Axis, at: PathPoint) -> Option<Moment> {
    let x = x_of(axis);
    series
        .iter()
        .filter_map(|s| {
            let point = s.timeline.nearest(at.x, x)?;
            let distance = metric
                .value(&point)
                .map_or(f64::INFINITY, |v| (v - at.y).abs());
            Some((distance, s.pane_id, point.sample.step))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, pane_id, step)| Moment { pane_id, step })
}

/// The figures at the hovered x: per pane, the nearest sample's value and line.
fn tooltip(props: &ChartProps, geometry: &Geometry, x: f64) -> Html {
    let x_fn = x_of(props.axis);
    let rows: Vec<(String, &'static str, Point, f64)> = props
        .series
        .iter()
        .filter_map(|s| {
            let point = s.timeline.nearest(x, x_fn)?;
            let value = props.metric.value(&point)?;
            Some((s.label.clone(), s.color, point, value))
        })
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    let (px, _) = geometry.px(PathPoint { x, y: 0.0 });
    let left_pct = px / geometry.width * 100.0;
    let style = if left_pct > 60.0 {
        format!("right:{:.1}%", 100.0 - left_pct + 1.0)
    } else {
        format!("left:{:.1}%", left_pct + 1.0)
    };
    html! {
        <div class="tooltip" style={style}>
            { for rows.into_iter().map(|(label, color, p, v)| html! {
                <div class="tooltip-row">
                    <i style={format!("background:{color}")}></i>
                    <b>{ label }</b>{ " " }
                    { if props.metric.estimated(&p) { "≈ " } else { "" } }{ props.metric.format(v) }
                    { for props.metric.highest(&p).filter(|high| *high > v).map(|high| html! {
                        { format!(" (peaked at {} just before)", props.metric.format(high)) }
                    }) }
                    if props.metric.estimated(&p) {
                        <span class="estimate-note">{ " (estimated between censuses)" }</span>
                    }
                    <div class="tooltip-meta">
                        { format!("step {} · {} · line {}", scale::count(p.sample.step as f64), scale::millis(p.sample.t_ms), p.sample.line) }
                    </div>
                </div>
            }) }
        </div>
    }
}
