//! Live objects by type over a run: for one pane, its largest types as stacked areas
//! (the rest as "other"); for several (the overlay), one chosen type per pane as lines.
//! Counts or bytes, as counted at each census and, between censuses, scaled to follow the
//! live-objects (or memory) chart. Hovering shows the census under the pointer, clicking
//! travels there.

use crate::censuses::{self, Censuses, TypeMeasure, DRAWN_TYPES};
use crate::chart::path::{path_through, Point as PathPoint};
use crate::chart::scale::{self, Scale, Units};
use crate::components::chart::{
    format_x, moment_x, on_moment_key, Geometry, Series, BOTTOM, HEIGHT, LEFT, RIGHT, TOP,
};
use crate::hooks::use_width;
use crate::state::Moment;
use memplay_protocol::share::{Axis, Measure};
use memplay_protocol::{ObjectCensus, TypeFigure};
use yew::prelude::*;

/// The built-in types most snippets make, each in a colour of its own on every chart, so
/// `int` is the same blue in every pane, run and link.
const BUILTIN_COLORS: [(&str, &str); 7] = [
    ("int", "#2563eb"),
    ("str", "#ea580c"),
    ("list", "#16a34a"),
    ("dict", "#9333ea"),
    ("tuple", "#dc2626"),
    ("float", "#0891b2"),
    ("function", "#ca8a04"),
];
/// The other types' colours. Each type has one of its own, picked by its name, so a
/// snippet's class keeps its colour in every pane whatever it ranks there. Hues or
/// lightness apart from the built-ins' (a lime Session beside a green list was hard to
/// tell apart), and readable on both themes' backgrounds.
const TYPE_COLORS: [&str; DRAWN_TYPES] = [
    "#ec4899", "#a3e635", "#92400e", "#7dd3fc", "#c026d3", "#fca5a5", "#5eead4",
];
const OTHER_COLOR: &str = "#9ca3af";

/// The colour of each of a chart's drawn types (largest first). A type not in
/// `BUILTIN_COLORS` gets the colour its name hashes to (FNV-1a: the same in every
/// browser); when a larger type drawn with it took that colour, the next free one.
fn type_colors(types: &[String]) -> Vec<&'static str> {
    let mut taken = [false; TYPE_COLORS.len()];
    types
        .iter()
        .map(|name| {
            if let Some((_, color)) = BUILTIN_COLORS.iter().find(|(b, _)| b == name) {
                return *color;
            }
            let hash = name.bytes().fold(0x811c_9dc5u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
            });
            let start = hash as usize % TYPE_COLORS.len();
            // At most `DRAWN_TYPES` types are drawn by name: one is always free.
            let slot = (0..TYPE_COLORS.len())
                .map(|k| (start + k) % TYPE_COLORS.len())
                .find(|&i| !taken[i])
                .unwrap_or(start);
            taken[slot] = true;
            TYPE_COLORS[slot]
        })
        .collect()
}

/// Censuses drawn per series at most (every one is kept; the drawing takes every n-th).
const MAX_DRAWN_CENSUSES: usize = 600;

#[derive(Properties, PartialEq)]
pub struct TypesChartProps {
    pub series: Vec<Series>,
    pub axis: Axis,
    pub measure: Measure,
    pub x_max: f64,
    #[prop_or(crate::components::chart::DEFAULT_WIDTH)]
    pub width: f64,
    #[prop_or_default]
    pub moment: Option<Moment>,
    #[prop_or_default]
    pub on_select: Option<Callback<Moment>>,
}

fn census_x(c: &ObjectCensus, axis: Axis) -> f64 {
    match axis {
        Axis::Steps => c.step as f64,
        Axis::Millis => c.t_ms,
    }
}

/// Every n-th census so that at most `MAX_DRAWN_CENSUSES` are drawn, the last and the
/// fullest (in both views) always: a lone spike stays drawn.
fn drawn(censuses: &Censuses) -> Vec<&ObjectCensus> {
    let every = censuses.len().div_ceil(MAX_DRAWN_CENSUSES).max(1);
    let last = censuses.len().saturating_sub(1);
    let fullest = |figure: TypeFigure| {
        censuses
            .iter()
            .enumerate()
            .max_by_key(|(_, c)| c.total_of(figure))
            .map(|(i, _)| i)
    };
    let keep = [
        TypeFigure::LiveCount,
        TypeFigure::CpythonCount,
        TypeFigure::CpythonBytes,
    ]
    .map(fullest);
    censuses
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i == last || keep.contains(&Some(*i)))
        .map(|(_, c)| c)
        .collect()
}

fn format_value(what: TypeMeasure, v: f64) -> String {
    match what {
        TypeMeasure::Count => scale::count(v),
        TypeMeasure::Bytes => memplay_protocol::format::bytes(v.round() as i64),
    }
}

/// One drawn layer or line: its name, colour and SVG path.
struct Layer {
    name: String,
    color: &'static str,
    path: String,
    filled: bool,
    /// The layer's own figure at its largest census and at the last one.
    peak_and_last: (f64, f64),
}

fn polygon(top: &[(f64, f64)], bottom: &[(f64, f64)]) -> String {
    let mut d = path_through(top.iter().chain(bottom.iter().rev()).copied());
    d.push('Z');
    d
}

/// Points of a pane's type chart between its censuses, across the run.
const BETWEEN_CENSUSES: usize = 240;

/// A type chart's figures at one x: each named type's, then the rest's ("other").
struct Column {
    x: f64,
    values: Vec<f64>,
    /// A census counted them (else they are estimated between censuses).
    counted: bool,
}

/// A layer's figure at its largest census and at the last one (for automation: what
/// the censuses counted, not the estimates between them).
fn counted_peak_and_last(columns: &[Column], layer: usize) -> (f64, f64) {
    let mut counted = columns
        .iter()
        .filter(|c| c.counted)
        .map(|c| c.values[layer]);
    let peak = counted.clone().fold(0.0, f64::max);
    (peak, counted.next_back().unwrap_or(0.0))
}

/// `types`' figures across a pane's run, and the rest's. At a census, what it counted.
/// Between two censuses, each figure drawn straight from one census to the next, then all
/// scaled alike so that they add up to the pane's total there as its live-objects or
/// memory chart shows it (estimated along the bytes): the stack's top follows that chart,
/// so a drop between two censuses (`gc.collect()` late in a run) shows where it happened,
/// not as a slope from the census before. The figures are interpolated, not the shares:
/// shares let a final census of a few objects make up 20,000 strs on the way to it, and
/// the share of a tiny first census held 10,000 ints through a run of Nodes.
fn columns(
    s: &Series,
    types: &[String],
    measure: Measure,
    what: TypeMeasure,
    axis: Axis,
) -> Vec<Column> {
    let censuses = drawn(&s.censuses);
    let counted = |c: &ObjectCensus| {
        let mut values: Vec<f64> = types
            .iter()
            .map(|t| censuses::figure(c, t, measure, what))
            .collect();
        let rest = censuses::total(c, measure, what) - values.iter().sum::<f64>();
        values.push(rest.max(0.0));
        values
    };
    // Each census's figures, worked out once: the points between censuses read them.
    let at_censuses: Vec<Column> = censuses
        .iter()
        .map(|c| Column {
            x: census_x(c, axis),
            values: counted(c),
            counted: true,
        })
        .collect();
    let mut between = Vec::new();
    let x_of = crate::chart::x_of(axis);
    let end = s.timeline.last().map_or(0.0, |p| x_of(&p.sample));
    for k in 0..=BETWEEN_CENSUSES {
        let Some(point) = s
            .timeline
            .nearest(end * k as f64 / BETWEEN_CENSUSES as f64, x_of)
        else {
            continue;
        };
        let x = x_of(&point.sample);
        let total = match what {
            TypeMeasure::Count => point.objects(measure).map(|n| n as f64),
            TypeMeasure::Bytes => Some(point.bytes(Measure::Cpython) as f64),
        };
        let after = at_censuses.partition_point(|c| c.x < x);
        // A census stands at this x itself.
        if at_censuses.get(after).is_some_and(|a| a.x == x) {
            continue;
        }
        let before = after.checked_sub(1).map(|i| &at_censuses[i]);
        let straight: Vec<f64> = match (before, at_censuses.get(after)) {
            (Some(b), Some(a)) if a.x > b.x => {
                let w = (x - b.x) / (a.x - b.x);
                b.values
                    .iter()
                    .zip(&a.values)
                    .map(|(f, t)| f + (t - f) * w)
                    .collect()
            }
            (Some(c), _) | (None, Some(c)) => c.values.clone(),
            (None, None) => continue,
        };
        let Some(total) = total else {
            continue;
        };
        let sum: f64 = straight.iter().sum();
        between.push(Column {
            x,
            values: straight
                .iter()
                .map(|v| if sum > 0.0 { v * total / sum } else { 0.0 })
                .collect(),
            counted: false,
        });
    }
    let mut columns = at_censuses;
    columns.extend(between);
    // Stable: at one x the census, pushed first, stays.
    columns.sort_by(|a, b| a.x.total_cmp(&b.x));
    columns.dedup_by(|later, kept| later.x == kept.x);
    columns
}

/// Stacked areas of one pane's largest types, the rest on top as "other".
fn stacked(columns: &[Column], types: &[String], g: &Geometry) -> Vec<Layer> {
    let mut below: Vec<(f64, f64)> = columns
        .iter()
        .map(|c| g.px(PathPoint { x: c.x, y: 0.0 }))
        .collect();
    let mut cumulative = vec![0.0; columns.len()];
    let mut layers = Vec::new();
    let names = types.iter().map(|t| Some(t.as_str())).chain([None]);
    let colors = type_colors(types).into_iter().chain([OTHER_COLOR]);
    for (i, (name, color)) in names.zip(colors).enumerate() {
        let top: Vec<(f64, f64)> = columns
            .iter()
            .zip(cumulative.iter_mut())
            .map(|(c, sum)| {
                *sum += c.values[i];
                g.px(PathPoint { x: c.x, y: *sum })
            })
            .collect();
        layers.push(Layer {
            name: name.unwrap_or("other").to_string(),
            color,
            path: polygon(&top, &below),
            filled: true,
            peak_and_last: counted_peak_and_last(columns, i),
        });
        below = top;
    }
    layers
}

/// The overlay's first type: the one whose highest figure differs most between the panes
/// (the `dict` per instance that `__slots__` saves, not the `int`s both make alike); the
/// largest type when none differs.
fn most_different(
    series: &[Series],
    types: &[String],
    measure: Measure,
    what: TypeMeasure,
) -> Option<String> {
    // Panes not run yet (or whose code did not compile) have nothing to differ in.
    let counted: Vec<&Series> = series.iter().filter(|s| !s.censuses.is_empty()).collect();
    if counted.len() < 2 {
        return types.first().cloned();
    }
    let spread = |t: &str| {
        let highs = counted.iter().map(|s| {
            s.censuses
                .iter()
                .map(|c| censuses::figure(c, t, measure, what))
                .fold(0.0, f64::max)
        });
        let (low, high) = highs.fold((f64::MAX, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        high - low
    };
    // The first of equals: `types` lists the first pane's largest first.
    let mut best: Option<(&String, f64)> = None;
    for t in types {
        let d = spread(t);
        if best.is_none_or(|(_, b)| d > b) {
            best = Some((t, d));
        }
    }
    best.map(|(t, _)| t.clone())
}

/// What a type chart draws, worked out once per change of its data or settings (not on
/// every pointer move): the types, the chosen one (overlay), the scales and the layers.
struct Drawing {
    types: Vec<String>,
    chosen_type: Option<String>,
    geometry: Geometry,
    layers: Vec<Layer>,
    description: String,
}

#[allow(clippy::too_many_arguments)]
fn draw_types(
    series: &[Series],
    measure: Measure,
    what: TypeMeasure,
    axis: Axis,
    x_max: f64,
    width: f64,
    chosen: Option<String>,
) -> Drawing {
    let overlay = series.len() > 1;
    // The types drawn by name: one pane's largest, or (overlay) those of every pane to
    // choose one from.
    let mut types: Vec<String> = Vec::new();
    for s in series {
        for t in s.censuses.top_types(measure, what, DRAWN_TYPES) {
            if !types.contains(&t) {
                types.push(t);
            }
        }
    }
    let chosen_type = chosen
        .filter(|t| types.contains(t))
        .or_else(|| most_different(series, &types, measure, what));
    // The overlay: one line per pane for the chosen type; else one pane's stack.
    let (drawn_types, panes): (Vec<String>, Vec<&Series>) = if overlay {
        (
            chosen_type.iter().cloned().collect(),
            series.iter().collect(),
        )
    } else {
        let own = series
            .first()
            .map(|s| s.censuses.top_types(measure, what, DRAWN_TYPES))
            .unwrap_or_default();
        (own, series.first().into_iter().collect())
    };
    let columns: Vec<Vec<Column>> = panes
        .iter()
        .map(|s| columns(s, &drawn_types, measure, what, axis))
        .collect();
    let height = |c: &Column| {
        if overlay {
            c.values.first().copied().unwrap_or(0.0)
        } else {
            c.values.iter().sum()
        }
    };
    let y_max = columns.iter().flatten().map(height).fold(0.0, f64::max);
    let units = match what {
        TypeMeasure::Count => Units::Count,
        TypeMeasure::Bytes => Units::Bytes,
    };
    let geometry = Geometry::new(width, axis, x_max, Scale::nice(0.0, y_max, 4, units));
    let layers: Vec<Layer> = if overlay {
        panes
            .iter()
            .zip(&columns)
            .filter(|_| !drawn_types.is_empty())
            .map(|(s, columns)| Layer {
                name: s.label.clone(),
                color: s.color,
                path: path_through(columns.iter().map(|c| {
                    geometry.px(PathPoint {
                        x: c.x,
                        y: c.values[0],
                    })
                })),
                filled: false,
                peak_and_last: counted_peak_and_last(columns, 0),
            })
            .collect()
    } else {
        columns
            .first()
            .map(|c| stacked(c, &drawn_types, &geometry))
            .unwrap_or_default()
    };
    Drawing {
        types,
        chosen_type,
        geometry,
        layers,
        description: describe(series, measure, what),
    }
}

#[function_component(TypesChart)]
pub fn types_chart(props: &TypesChartProps) -> Html {
    let what_state = use_state(TypeMeasure::default);
    let chosen = use_state(|| None::<String>);
    // The pointer's place across the plot (`Geometry::hovered_fraction`).
    let hover = use_state(|| None::<f64>);
    let svg_ref = use_node_ref();
    let figure_ref = use_node_ref();
    let width = use_width(&figure_ref, props.width);
    // RustPython's objects are not priced by type: bytes are CPython's view only.
    let what = match props.measure {
        Measure::Cpython => *what_state,
        Measure::Rustpython => TypeMeasure::Count,
    };
    let measure = props.measure;
    let axis = props.axis;
    let overlay = props.series.len() > 1;
    let drawing = use_memo(
        (
            props.series.clone(),
            measure,
            what,
            axis,
            props.x_max,
            width,
            (*chosen).clone(),
        ),
        |(series, measure, what, axis, x_max, width, chosen)| {
            draw_types(
                series,
                *measure,
                *what,
                *axis,
                *x_max,
                *width,
                chosen.clone(),
            )
        },
    );
    let Drawing {
        types,
        chosen_type,
        geometry,
        layers,
        description,
    } = &*drawing;
    let (types, chosen_type, geometry) = (types, chosen_type.clone(), geometry.clone());
    let census_count: usize = props.series.iter().map(|s| s.censuses.len()).sum();
    // Links made before 2026-11-30 carry the totals, not the types over time.
    let empty_text = if props
        .series
        .iter()
        .any(|s| s.recorded && s.censuses.is_empty())
    {
        // Short: SVG text does not wrap, and a phone's chart is 300 px wide.
        "Press Run to count types over time"
    } else {
        super::chart::empty_text(&props.series, "No censuses yet: press Run")
    };

    // The census under the pointer, per pane.
    let nearest = move |s: &Series, x: f64| -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (i, c) in s.censuses.iter().enumerate() {
            let d = (census_x(c, axis) - x).abs();
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| i)
    };
    let select = {
        let svg_ref = svg_ref.clone();
        let geometry = geometry.clone();
        let series = props.series.clone();
        let on_select = props.on_select.clone();
        let chosen_type = chosen_type.clone();
        move |e: &MouseEvent| {
            let (Some(on_select), Some(svg)) = (&on_select, svg_ref.cast::<web_sys::Element>())
            else {
                return;
            };
            let Some(at) = geometry.under_pointer(&svg, e) else {
                return;
            };
            // One pane: its census; several: the pane whose line passes closest.
            let picked = series
                .iter()
                .filter_map(|s| {
                    let i = nearest(s, at.x)?;
                    let c = s.censuses.get(i)?;
                    let y = match chosen_type.as_deref() {
                        Some(t) if series.len() > 1 => censuses::figure(c, t, measure, what),
                        _ => at.y,
                    };
                    Some(((y - at.y).abs(), s.pane_id, c.step))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((_, pane_id, step)) = picked {
                on_select.emit(Moment { pane_id, step });
            }
        }
    };
    let on_move = {
        let hover = hover.clone();
        let svg_ref = svg_ref.clone();
        let geometry = geometry.clone();
        let select = select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(svg) = svg_ref.cast::<web_sys::Element>() {
                hover.set(geometry.hovered_fraction(&svg, &e));
                if e.buttons() & 1 == 1 {
                    select(&e);
                }
            }
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let on_click = Callback::from(move |e: MouseEvent| select(&e));

    let y_ticks = geometry.y.ticks.iter().map(|&v| {
        let (_, py) = geometry.px(PathPoint { x: 0.0, y: v });
        html! {
            <g class="tick">
                <line x1={LEFT.to_string()} x2={(width - RIGHT).to_string()}
                      y1={format!("{py:.1}")} y2={format!("{py:.1}")} stroke="#e6e8e4" />
                <text x={(LEFT - 6.0).to_string()} y={format!("{:.1}", py + 4.0)} text-anchor="end" fill="#5f6670">
                    { format_value(what, v) }
                </text>
            </g>
        }
    });
    let x_ticks = geometry.x.ticks.iter().map(|&v| {
        let (px, _) = geometry.px(PathPoint { x: v, y: 0.0 });
        html! {
            <text class="tick" x={format!("{px:.1}")} y={(HEIGHT - BOTTOM + 16.0).to_string()}
                  text-anchor="middle" fill="#5f6670">{ format_x(axis, v) }</text>
        }
    });
    let drawn_layers = layers.iter().map(|l| {
        html! {
            <g class="type-series" data-testid="type-series" data-type={l.name.clone()}
               data-peak={l.peak_and_last.0.to_string()} data-last={l.peak_and_last.1.to_string()}>
                if l.filled {
                    <path d={l.path.clone()} fill={l.color} fill-opacity="0.78" stroke={l.color} stroke-width="0.6" />
                } else {
                    <path d={l.path.clone()} fill="none" stroke={l.color} stroke-width="1.8" />
                }
            </g>
        }
    });
    let legend = layers.iter().rev().map(|l| {
        html! { <span class="legend-item"><i style={format!("background:{}", l.color)}></i>{ &l.name }</span> }
    });
    let moment_marker = props.moment.and_then(|m| {
        let s = props.series.iter().find(|s| s.pane_id == m.pane_id)?;
        Some(geometry.marker(moment_x(s, m.step, axis)?, s.color))
    });
    let hovered_x = (*hover).map(|fraction| geometry.x_at(fraction));
    let hover_line = hovered_x.map(|x| {
        let (px, _) = geometry.px(PathPoint { x, y: 0.0 });
        html! { <line class="hover-line" x1={format!("{px:.1}")} x2={format!("{px:.1}")}
        y1={TOP.to_string()} y2={(HEIGHT - BOTTOM).to_string()} /> }
    });
    let tooltip = hovered_x.map(|x| {
        let rows = props.series.iter().filter_map(|s| {
            let c = s.censuses.get(nearest(s, x)?)?;
            let (rows, other) = censuses::figures(c, measure, what);
            let shown: Vec<String> = rows
                .iter()
                .take(6)
                .map(|(name, v)| format!("{} {name}", format_value(what, *v)))
                .collect();
            let more = rows.iter().skip(6).map(|(_, v)| v).sum::<f64>() + other;
            Some(html! {
                <div class="tooltip-row">
                    <i style={format!("background:{}", s.color)}></i>
                    if overlay { <b>{ &s.label }</b>{ " " } }
                    { shown.join(", ") }
                    if more > 0.0 { { format!(", {} other", format_value(what, more)) } }
                    <div class="tooltip-meta">
                        { format!("census at step {} · {} · line {}", scale::count(c.step as f64), scale::millis(c.t_ms), c.line) }
                    </div>
                </div>
            })
        });
        let (px, _) = geometry.px(PathPoint { x, y: 0.0 });
        let left_pct = px / geometry.width * 100.0;
        let style = if left_pct > 60.0 {
            format!("right:{:.1}%", 100.0 - left_pct + 1.0)
        } else {
            format!("left:{:.1}%", left_pct + 1.0)
        };
        html! { <div class="tooltip" style={style}>{ for rows }</div> }
    });
    let set_what = |w: TypeMeasure| {
        let what_state = what_state.clone();
        Callback::from(move |_: MouseEvent| what_state.set(w))
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Some(select.value()));
        })
    };
    let toggle = |on: bool| classes!("toggle", "mini", on.then_some("on"));
    let bytes_title = match measure {
        Measure::Cpython => "Bytes by type, as CPython 3.11 would hold them (the model)",
        Measure::Rustpython => {
            "Bytes by type are modelled for CPython 3.11 only: switch the page to CPython 3.11"
        }
    };
    let title = if overlay {
        format!(
            "{} by type",
            if what == TypeMeasure::Bytes {
                "Bytes"
            } else {
                "Live objects"
            }
        )
    } else {
        format!(
            "Live {} by type",
            if what == TypeMeasure::Bytes {
                "bytes"
            } else {
                "objects"
            }
        )
    };

    html! {
        <figure ref={figure_ref} class="chart types-chart" data-testid="chart-types" data-censuses={census_count.to_string()}
                data-measure={if what == TypeMeasure::Bytes { "bytes" } else { "count" }}>
            <figcaption>
                <span class="chart-title">{ title.clone() }</span>
                <span class="legend">
                    if overlay {
                        <label class="type-pick">{ "type " }
                            <select data-testid="type-select" onchange={on_choose} aria-label="type to compare across panes">
                                { for types.iter().map(|t| html! {
                                    <option value={t.clone()} selected={Some(t) == chosen_type.as_ref()}>{ t }</option>
                                }) }
                            </select>
                        </label>
                    }
                    { for legend }
                    <span class="group" role="group" aria-label="type chart measure">
                        <button class={toggle(what == TypeMeasure::Count)} data-testid="types-count"
                                onclick={set_what(TypeMeasure::Count)}>{ "count" }</button>
                        <button class={toggle(what == TypeMeasure::Bytes)} data-testid="types-bytes"
                                onclick={set_what(TypeMeasure::Bytes)} title={bytes_title}
                                disabled={measure == Measure::Rustpython}>{ "bytes" }</button>
                    </span>
                </span>
            </figcaption>
            <div class="chart-body">
                <svg ref={svg_ref} xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 {} {HEIGHT}", width)}
                     width={width.to_string()} height={HEIGHT.to_string()} role="img" aria-label={title.clone()}
                     font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11"
                     class={classes!(props.on_select.is_some().then_some("selectable"))}
                     tabindex={props.on_select.is_some().then_some("0")}
                     aria-keyshortcuts={props.on_select.is_some().then_some("Home End ArrowLeft ArrowRight Escape")}
                     onmousemove={on_move} onmouseleave={on_leave} onclick={on_click}
                     onkeydown={on_moment_key(&props.series, props.moment, props.on_select.clone())}>
                    if census_count == 0 {
                        <text class="empty" x={(width / 2.0).to_string()} y={(HEIGHT / 2.0).to_string()}
                              text-anchor="middle" fill="#5f6670" font-size="13">
                            { empty_text }
                        </text>
                    } else {
                        <g class="grid">{ for y_ticks }</g>
                        <g class="x-axis">{ for x_ticks }</g>
                        { for drawn_layers }
                    }
                    { for moment_marker }
                    { for hover_line }
                </svg>
                { for tooltip }
            </div>
            <p class="sr-only" data-testid="chart-summary">{ description.clone() }</p>
        </figure>
    }
}

/// The chart in words: per pane, the largest types at its fullest census.
fn describe(series: &[Series], measure: Measure, what: TypeMeasure) -> String {
    series
        .iter()
        .filter_map(|s| {
            let fullest = s.censuses.iter().max_by(|a, b| {
                censuses::total(a, measure, what).total_cmp(&censuses::total(b, measure, what))
            })?;
            let (rows, _) = censuses::figures(fullest, measure, what);
            let top: Vec<String> = rows
                .iter()
                .take(3)
                .map(|(name, v)| format!("{} {name}", format_value(what, *v)))
                .collect();
            Some(format!(
                "{}: {} census{}; the fullest, at line {}, holds {}",
                s.label,
                s.censuses.len(),
                if s.censuses.len() == 1 { "" } else { "es" },
                fullest.line,
                top.join(", ")
            ))
        })
        .collect::<Vec<_>>()
        .join(". ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::censuses::tests::census;
    use crate::timeline::Timeline;
    use memplay_protocol::Sample;
    use std::collections::{BTreeMap, BTreeSet};

    fn names(types: &[&str]) -> Vec<String> {
        types.iter().map(|t| t.to_string()).collect()
    }

    fn pane(label: &str, censuses: Vec<ObjectCensus>) -> Series {
        let mut series = Censuses::default();
        series.push_batch(censuses);
        Series {
            pane_id: 0,
            label: label.into(),
            color: "",
            timeline: Default::default(),
            censuses: series,
            recorded: false,
            never_ran: false,
            ended_by_page: false,
            top_line: None,
        }
    }

    #[test]
    fn between_censuses_the_stack_follows_the_live_objects_chart() {
        // Censuses at steps 100 and 300 (ints, then ints and strs); at step 200 the
        // interpreter counts 180 objects: the live-objects chart estimates there.
        let sample = |step, bytes, census: Option<u64>| Sample {
            step,
            bytes,
            objects: census,
            cpython_objects: census,
            cpython_bytes: census.map(|n| n as i64 * 10),
            // The interpreter's count: 180 objects at step 200.
            net_objects: Some(census.unwrap_or(180) as i64),
            ..Sample::START
        };
        let mut series = pane(
            "pane",
            vec![
                census(100, &[("int", 100)]),
                census(300, &[("int", 20), ("str", 30)]),
            ],
        );
        series.timeline = Timeline::from_samples(vec![
            Sample::START,
            sample(100, 1_000_000, Some(100)),
            sample(200, 2_000_000, None),
            sample(300, 500_000, Some(50)),
        ]);
        let columns = columns(
            &series,
            &names(&["int"]),
            Measure::Rustpython,
            TypeMeasure::Count,
            Axis::Steps,
        );
        let at = |x: f64| &columns.iter().find(|c| c.x == x).unwrap().values;
        assert_eq!(
            columns.iter().map(|c| c.x).collect::<Vec<_>>(),
            [0.0, 100.0, 200.0, 300.0]
        );
        assert_eq!(at(0.0), &[0.0, 0.0], "nothing before the run");
        assert_eq!(at(100.0), &[100.0, 0.0], "a census: what it counted");
        assert_eq!(at(300.0), &[20.0, 30.0]);
        let estimated = series
            .timeline
            .nearest(200.0, |s| s.step as f64)
            .unwrap()
            .objects(Measure::Rustpython)
            .unwrap() as f64;
        assert!(estimated > 100.0, "{estimated}");
        // Half way, straight: 60 ints and 15 strs, scaled to the estimated total.
        let between = at(200.0);
        let expected = [60.0 * estimated / 75.0, 15.0 * estimated / 75.0];
        assert!(
            between
                .iter()
                .zip(expected)
                .all(|(v, e)| (v - e).abs() < 1e-9),
            "{between:?}"
        );
    }

    #[test]
    fn a_type_has_one_colour_in_every_chart() {
        let colors = |types: &[String]| -> BTreeMap<String, &str> {
            types.iter().cloned().zip(type_colors(types)).collect()
        };
        // Ranked differently in two panes: each keeps its colour.
        let regular = colors(&names(&["int", "Point", "dict", "Node"]));
        let slots = colors(&names(&["Node", "list", "int", "Point"]));
        assert_eq!(regular["int"], slots["int"]);
        assert_eq!(regular["Point"], slots["Point"]);
        assert_eq!(regular["Node"], slots["Node"]);
        // Seven drawn types, built-in or not, never share a colour.
        let seven = names(&["A", "int", "B", "str", "C", "D", "E"]);
        let distinct: BTreeSet<&str> = type_colors(&seven).into_iter().collect();
        assert_eq!(distinct.len(), 7);
        assert!(!distinct.contains(OTHER_COLOR));
    }

    #[test]
    fn the_overlay_starts_on_the_type_the_panes_differ_in() {
        let regular = pane(
            "regular",
            vec![census(10, &[("int", 200), ("Point", 100), ("dict", 100)])],
        );
        let slots = pane("slots", vec![census(10, &[("int", 200), ("Point", 100)])]);
        let types = names(&["int", "Point", "dict"]);
        let first = |series: &[Series]| {
            most_different(series, &types, Measure::Rustpython, TypeMeasure::Count)
        };
        assert_eq!(first(&[regular.clone(), slots]).as_deref(), Some("dict"));
        assert_eq!(
            first(&[regular.clone(), regular.clone()]).as_deref(),
            Some("int"),
            "none differs"
        );
        // A pane not run yet is not a pane that holds no dicts.
        let not_run = pane("not run", Vec::new());
        assert_eq!(first(&[not_run, regular]).as_deref(), Some("int"));
    }
}
