//! The page: toolbar, panes, charts and summary, wired to the state reducer; owns the
//! effects (the engine worker, sending run requests, the time-limit watchdog).

use crate::chart::Metric;
use crate::components::about::About;
use crate::components::chart::{Chart, Series};
use crate::components::engine_status::EngineStatusView;
use crate::components::limits::LimitsEditor;
use crate::components::pane::PaneView;
use crate::components::summary::Summary;
use crate::engine_worker::EngineWorker;
use crate::state::{Action, Axis, Pane, State, View, MAX_PANES};
use gloo_timers::callback::Timeout;
use memplay_protocol::{RunRequest, WorkerMessage};
use yew::prelude::*;

/// Pane colours, in order; also the chart series colours.
pub const PANE_COLORS: [&str; MAX_PANES] = ["#2563eb", "#ea580c", "#16a34a", "#9333ea"];
/// How long past its time limit a run may go before the page kills the worker (the engine
/// stops it itself unless Python is stuck inside one long builtin call).
const WATCHDOG_GRACE_MS: u64 = 1500;

/// The shared chart domain over every pane, so their charts compare by eye.
struct Domain {
    x_max: f64,
    bytes: (f64, f64),
    objects: f64,
}

fn domain(panes: &[Pane], axis: Axis) -> Domain {
    let mut d = Domain {
        x_max: 0.0,
        bytes: (0.0, 0.0),
        objects: 0.0,
    };
    for pane in panes {
        if let Some(last) = pane.timeline.last() {
            d.x_max = d.x_max.max(match axis {
                Axis::Steps => last.step as f64,
                Axis::Millis => last.t_ms,
            });
        }
        for s in pane.timeline.iter() {
            d.bytes.0 = d.bytes.0.min(s.bytes as f64);
            d.bytes.1 = d.bytes.1.max(s.bytes as f64);
            d.objects = d.objects.max(s.objects.unwrap_or(0) as f64);
        }
    }
    d
}

fn series(pane: &Pane, index: usize) -> Series {
    Series {
        label: pane.title.clone(),
        color: PANE_COLORS[index % PANE_COLORS.len()],
        timeline: pane.timeline.clone(),
    }
}

fn charts(series: Vec<Series>, axis: Axis, d: &Domain) -> Html {
    html! {
        <div class="charts">
            <Chart title="Memory" testid="chart-memory" metric={Metric::Bytes} axis={axis}
                   series={series.clone()} x_max={d.x_max} y_min={d.bytes.0} y_max={d.bytes.1} />
            <Chart title="Live objects" testid="chart-objects" metric={Metric::Objects} axis={axis}
                   series={series} x_max={d.x_max} y_min={0.0} y_max={d.objects} />
        </div>
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);
    let worker = use_mut_ref(|| None::<EngineWorker>);

    // One worker per generation; a new generation (Stop, time limit, crash) drops the old
    // worker, which terminates it.
    {
        let dispatcher = state.dispatcher();
        let worker = worker.clone();
        use_effect_with(state.worker_generation, move |&generation| {
            let deliver = dispatcher.clone();
            match EngineWorker::spawn(move |message| {
                deliver.dispatch(Action::Worker {
                    generation,
                    message,
                })
            }) {
                Ok(spawned) => *worker.borrow_mut() = Some(spawned),
                Err(message) => dispatcher.dispatch(Action::Worker {
                    generation,
                    message: WorkerMessage::Fatal { message },
                }),
            }
            move || drop(worker.borrow_mut().take())
        });
    }

    // Send each new run to the worker and arm its watchdog.
    {
        let state = state.clone();
        let worker = worker.clone();
        use_effect_with(state.running, move |running| {
            let watchdog = running.and_then(|run| {
                let pane = state.pane(run.pane_id)?;
                let request = RunRequest {
                    run_id: run.run_id,
                    pane: pane.title.clone(),
                    code: pane.code.clone(),
                    limits: state.limits,
                };
                let sent = match worker.borrow().as_ref() {
                    Some(w) => w.send(&request),
                    None => Err("the engine is not running".to_string()),
                };
                if let Err(message) = sent {
                    state.dispatch(Action::Worker {
                        generation: state.worker_generation,
                        message: WorkerMessage::Fatal { message },
                    });
                    return None;
                }
                let dispatcher = state.dispatcher();
                let after = (state.limits.time_ms + WATCHDOG_GRACE_MS).min(u32::MAX as u64) as u32;
                Some(Timeout::new(after, move || {
                    dispatcher.dispatch(Action::TimedOut { run_id: run.run_id })
                }))
            });
            move || drop(watchdog)
        });
    }

    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(make()))
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |(pane_id, code)| state.dispatch(Action::EditCode { pane_id, code }))
    };
    let on_rename = {
        let state = state.clone();
        Callback::from(move |(pane_id, title)| state.dispatch(Action::Rename { pane_id, title }))
    };
    let on_run = {
        let state = state.clone();
        Callback::from(move |pane_id| state.dispatch(Action::RunPane(pane_id)))
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |pane_id| state.dispatch(Action::RemovePane(pane_id)))
    };
    let set_view = |view: View| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetView(view)))
    };
    let set_axis = |axis: Axis| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::SetAxis(axis)))
    };

    let on_limits = {
        let state = state.clone();
        Callback::from(move |limits| state.dispatch(Action::SetLimits(limits)))
    };

    let d = domain(&state.panes, state.axis);
    let side_by_side = state.view == View::SideBySide;
    let can_remove = state.panes.len() > 1;
    let panes = state.panes.iter().enumerate().map(|(i, pane)| {
        html! {
            <PaneView key={pane.id} pane={pane.clone()} color={PANE_COLORS[i % PANE_COLORS.len()]}
                      can_remove={can_remove} on_edit={on_edit.clone()} on_rename={on_rename.clone()}
                      on_run={on_run.clone()} on_remove={on_remove.clone()}>
                if side_by_side {
                    { charts(vec![series(pane, i)], state.axis, &d) }
                }
            </PaneView>
        }
    });
    let overlay = (!side_by_side).then(|| {
        let all = state
            .panes
            .iter()
            .enumerate()
            .map(|(i, p)| series(p, i))
            .collect();
        html! { <section class="overlay">{ charts(all, state.axis, &d) }</section> }
    });
    let toggle = |on: bool| classes!("toggle", on.then_some("on"));
    let queued_note = (state.is_busy() && !state.engine_ready()).then(
        || html! { <span class="queued-note">{ "queued: runs when the engine is ready" }</span> },
    );

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "Memplay" }<small>{ "watch Python memory, live" }</small></h1>
                <div class="actions">
                    <button class="primary" data-testid="run-all" onclick={dispatch(|| Action::RunAll)}
                            title="Run every pane, one after the other">{ "Run all" }</button>
                    <button data-testid="stop" onclick={dispatch(|| Action::Stop)}
                            disabled={!state.is_busy()} title="Stop the running pane">{ "Stop" }</button>
                    <button onclick={dispatch(|| Action::AddPane)} disabled={state.panes.len() >= MAX_PANES}
                            title="Add a pane (up to 4)">{ "+ Pane" }</button>
                    { for queued_note }
                </div>
                <div class="switches">
                    <span class="group" role="group" aria-label="chart layout">
                        <button class={toggle(side_by_side)} onclick={set_view(View::SideBySide)}>{ "Side by side" }</button>
                        <button class={toggle(!side_by_side)} onclick={set_view(View::Overlay)}>{ "Overlay" }</button>
                    </span>
                    <span class="group" role="group" aria-label="x axis">
                        <button class={toggle(state.axis == Axis::Steps)} onclick={set_axis(Axis::Steps)}>{ "Steps" }</button>
                        <button class={toggle(state.axis == Axis::Millis)} onclick={set_axis(Axis::Millis)}>{ "Time" }</button>
                    </span>
                </div>
                <LimitsEditor limits={state.limits} on_change={on_limits} />
                <EngineStatusView status={state.engine.clone()} />
            </header>
            <About />
            <main class="panes" style={format!("--pane-count:{}", state.panes.len())}>
                { for panes }
            </main>
            { for overlay }
            <Summary panes={state.panes.clone()} />
        </div>
    }
}
