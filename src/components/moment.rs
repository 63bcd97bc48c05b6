//! The moment panel: where a pane's run was at the chosen moment (step, time, line,
//! memory), the types alive at the census then, and what changed since the census before
//! (objgraph's `show_growth`). Announced to screen readers as it changes.

use crate::censuses::{self, TypeMeasure};
use crate::chart::scale;
use crate::state::{Moment, Pane};
use memplay_protocol::format::{bytes, thousands};
use memplay_protocol::share::Measure;
use yew::prelude::*;

/// Types listed as alive, and changes listed, at most.
const LISTED: usize = 10;

#[derive(Properties, PartialEq)]
pub struct MomentPanelProps {
    pub pane: Pane,
    pub moment: Moment,
    pub measure: Measure,
    pub on_step: Callback<i32>,
    pub on_close: Callback<()>,
}

/// A count in full, as objgraph prints it: `6,000`.
fn count_of(v: f64) -> String {
    thousands(v.max(0.0).round() as u64)
}

fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", count_of(v))
    } else {
        format!("−{}", count_of(-v))
    }
}

#[function_component(MomentPanel)]
pub fn moment_panel(props: &MomentPanelProps) -> Html {
    let pane = &props.pane;
    let measure = props.measure;
    let step = props.moment.step;
    let point = pane.timeline.nearest(step as f64, |s| s.step as f64);
    let census_index = pane.censuses.index_at(step);
    let census = census_index.and_then(|i| pane.censuses.get(i));
    let at_census = census.is_some_and(|c| c.step == step);
    let cpython = measure == Measure::Cpython;

    let where_line = match point {
        Some(p) => format!(
            "step {} · {} · line {} · {}{}",
            thousands(p.sample.step),
            scale::millis(p.sample.t_ms),
            p.sample.line,
            if cpython && !p.cpython.measured {
                "≈ "
            } else {
                ""
            },
            bytes(p.bytes(measure)),
        ),
        None => format!("step {}: not reached yet (run the pane)", thousands(step)),
    };
    let alive = census.map(|c| {
        let (rows, other) = censuses::figures(c, measure, TypeMeasure::Count);
        let bytes_of = |name: &str| cpython.then(|| censuses::figure(c, name, measure, TypeMeasure::Bytes));
        let total = censuses::total(c, measure, TypeMeasure::Count);
        html! {
            <div class="moment-alive">
                <h4>{ if at_census { "Alive at this census" } else { "Alive at the census before" } }
                    // How long before: censuses are budgeted, and the one before may be far.
                    <small>{ format!(" (step {}{}, line {}): {} objects{}", thousands(c.step),
                        if at_census { String::new() } else { format!(", {} steps earlier", thousands(step.saturating_sub(c.step))) },
                        c.line, count_of(total),
                        if cpython { format!(", {}", bytes(c.cpython.bytes)) } else { String::new() }) }</small></h4>
                <table>
                    <tbody>
                        { for rows.iter().take(LISTED).map(|(name, n)| html! {
                            <tr data-type={name.clone()}>
                                <td class="num">{ count_of(*n) }</td>
                                <td>{ name }</td>
                                <td class="num">{ bytes_of(name).map(|b| bytes(b as i64)).unwrap_or_default() }</td>
                            </tr>
                        }) }
                        if rows.len() > LISTED || other > 0.0 {
                            <tr class="rest"><td class="num">{ count_of(rows.iter().skip(LISTED).map(|r| r.1).sum::<f64>() + other) }</td>
                                <td>{ "of other types" }</td><td></td></tr>
                        }
                    </tbody>
                </table>
            </div>
        }
    });
    let growth = census_index.map(|i| {
        let changes = pane.censuses.changes(i, measure, TypeMeasure::Count);
        let previous = i.checked_sub(1).and_then(|p| pane.censuses.get(p));
        html! {
            <div class="moment-growth">
                // The change that census made: from the one before it (not from the moment).
                <h4>{ if at_census { "Changed at this census" } else { "Changed at that census" } }
                    <small>{ format!(" (from {} to step {})",
                        previous.map(|p| format!("step {}", thousands(p.step))).unwrap_or_else(|| "the run's start".into()),
                        thousands(census.map_or(0, |c| c.step))) }</small></h4>
                if changes.is_empty() {
                    <p class="placeholder">{ "No type changed." }</p>
                } else {
                    <ul data-testid="moment-growth">
                        { for changes.iter().take(LISTED).map(|c| html! {
                            <li data-type={c.name.clone()} class={if c.delta > 0.0 { "up" } else { "down" }}>
                                <b>{ signed(c.delta) }</b>{ " " }{ &c.name }<small>{ format!(" → {}", count_of(c.now)) }</small>
                            </li>
                        }) }
                    </ul>
                }
            </div>
        }
    });
    let step_to = |d: i32| props.on_step.reform(move |_: MouseEvent| d);
    let close = props.on_close.reform(|_: MouseEvent| ());
    let has_next = census_index.map_or(!pane.censuses.is_empty(), |i| i + 1 < pane.censuses.len());
    let has_previous = census_index.is_some_and(|i| i > 0 || !at_census);
    html! {
        <section class="moment-panel" data-testid="moment-panel" role="region" aria-label="moment of the run"
                 data-step={step.to_string()}>
            <header>
                <h3 aria-live="polite">{ format!("{} at ", pane.title) }<span data-testid="moment-where">{ where_line }</span></h3>
                <span class="moment-buttons">
                    <button class="mini" data-testid="moment-previous" onclick={step_to(-1)} disabled={!has_previous}
                            title="The census before (←)" aria-label="previous census">{ "◀ census" }</button>
                    <button class="mini" data-testid="moment-next" onclick={step_to(1)} disabled={!has_next}
                            title="The census after (→)" aria-label="next census">{ "census ▶" }</button>
                    <button class="icon" data-testid="moment-close" onclick={close} title="Leave this moment (Esc)"
                            aria-label="leave this moment">{ "×" }</button>
                </span>
            </header>
            if census.is_none() && point.is_some() {
                <p class="placeholder">{ if pane.recorded && pane.censuses.is_empty() {
                    // Links made before 2026-11-30 carry each census's totals, not its types.
                    "This link keeps the totals, not the types at each census: press Run to list them."
                } else {
                    "No census yet at this moment: the first one comes as memory grows."
                } }</p>
            }
            <div class="moment-body" aria-live="polite">
                { for alive }
                { for growth }
            </div>
        </section>
    }
}
