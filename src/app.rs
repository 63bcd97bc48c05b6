//! The page: toolbar, panes, charts and summary, wired to the state reducer; owns the
//! effects (the engine worker, sending run requests, the time-limit watchdog).

use crate::chart::Metric;
use crate::components::about::About;
use crate::components::chart::{Chart, Series};
use crate::components::editor::Editor;
use crate::components::engine_status::EngineStatusView;
use crate::components::export::ExportButtons;
use crate::components::gallery_menu::{GalleryMenu, LoadedExample};
use crate::components::limits::LimitsEditor;
use crate::components::pane::PaneView;
use crate::components::share::{share_url, ShareButtons};
use crate::components::summary::{comparison_of, status_text, Summary};
use crate::embed_api::{self, ApiListener};
use crate::engine_worker::EngineWorker;
use crate::page::{self, PageMode, Theme};
use crate::state::{Action, Axis, Pane, State, View, MAX_PANES};
use gloo_timers::callback::Timeout;
use memplay_protocol::export::RunResult;
use memplay_protocol::{RunRequest, WorkerMessage};
use wasm_bindgen::JsValue;
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
        let timeline = &pane.timeline;
        if let (Some(low), Some(peak)) = (timeline.min_bytes(), timeline.peak_bytes()) {
            d.bytes.0 = d.bytes.0.min(low as f64);
            d.bytes.1 = d.bytes.1.max(peak.highest_bytes() as f64);
        }
        if let Some(objects) = timeline.peak_objects().and_then(|s| s.objects) {
            d.objects = d.objects.max(objects as f64);
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

/// What the embed API reports of a pane: its run's figures, or why it has none.
fn run_result(pane: &Pane) -> RunResult {
    match pane.report.as_deref() {
        Some(report) => RunResult::of(&pane.title, report),
        None => RunResult {
            title: pane.title.clone(),
            ok: false,
            error: Some(status_text(pane)),
            peak_bytes: 0,
            final_bytes: 0,
            peak_objects: 0,
            wall_ms: 0.0,
            steps: 0,
        },
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
    let mode = *use_state(page::current_mode);
    let state = use_reducer(|| State::from_link(page::current_link()));
    let worker = use_mut_ref(|| None::<EngineWorker>);
    // Where to answer the embed API's last `memplay:run`, and which request was answered.
    let api_reply_to = use_mut_ref(|| JsValue::NULL);
    let api_answered = use_mut_ref(|| 0u32);

    use_effect_with(mode.theme, |theme| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute(
                "data-theme",
                if *theme == Theme::Dark {
                    "dark"
                } else {
                    "light"
                },
            );
        }
    });

    // The embed API: listen for runs, announce readiness, answer when the runs end.
    {
        let dispatcher = state.dispatcher();
        let reply_to = api_reply_to.clone();
        use_effect_with((), move |_| {
            let listener = ApiListener::start(move |panes, source| {
                *reply_to.borrow_mut() = source;
                dispatcher.dispatch(Action::RunFromApi(panes));
            });
            move || drop(listener)
        });
    }
    use_effect_with(state.engine_ready(), |ready| {
        if *ready {
            embed_api::announce_ready();
        }
    });
    {
        let panes = state.panes.clone();
        use_effect_with(
            (state.api_request, state.is_busy()),
            move |(request, busy)| {
                if !*busy && *request > *api_answered.borrow() {
                    *api_answered.borrow_mut() = *request;
                    let runs: Vec<RunResult> = panes.iter().map(run_result).collect();
                    embed_api::send_results(&api_reply_to.borrow(), &runs);
                }
            },
        );
    }

    // One worker per generation; a new generation (Stop, time limit, crash) drops the old
    // worker, which terminates it.
    {
        let dispatcher = state.dispatcher();
        let worker = worker.clone();
        use_effect_with(state.worker_generation, move |&generation| {
            let deliver = dispatcher.clone();
            let on_message = move |message| {
                deliver.dispatch(Action::Worker {
                    generation,
                    message,
                })
            };
            // The first engine was started by the page itself, before the UI loaded.
            let started = if generation == 0 {
                EngineWorker::adopt_or_spawn(on_message)
            } else {
                EngineWorker::spawn(on_message)
            };
            match started {
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

    let on_example = {
        let state = state.clone();
        Callback::from(move |x: LoadedExample| {
            state.dispatch(Action::LoadExample {
                title: x.title,
                explain: x.explain,
                panes: x.panes,
            })
        })
    };
    let on_limits = {
        let state = state.clone();
        Callback::from(move |limits| state.dispatch(Action::SetLimits(limits)))
    };

    let d = domain(&state.panes, state.axis);
    if mode.embed {
        return embed_layout(&state, mode, &d, on_edit, on_run);
    }
    let notice = state.notice.clone().map(|text| {
        let state = state.clone();
        html! {
            <div class="notice-bar" role="status" data-testid="notice">
                <span>{ text }</span>
                <button class="icon" aria-label="dismiss" onclick={move |_| state.dispatch(Action::DismissNotice)}>{ "×" }</button>
            </div>
        }
    });
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
                    <GalleryMenu on_load={on_example} disabled={state.is_busy()} />
                    <ShareButtons shared={state.to_shared()} />
                    <ExportButtons panes={state.panes.clone()} />
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
            { for notice }
            <About />
            if let Some((title, explain)) = &state.example {
                <section class="example-note" data-testid="example-note">
                    <h2>{ title }</h2>
                    { for explain.iter().map(|line| html! { <p>{ line }</p> }) }
                </section>
            }
            <main class="panes" style={format!("--pane-count:{}", state.panes.len())}>
                { for panes }
            </main>
            { for overlay }
            <Summary panes={state.panes.clone()} />
        </div>
    }
}

/// The compact layout for an iframe: code, Run, the overlay memory chart, one summary
/// line, and a link to the full playground with the same state.
fn embed_layout(
    state: &UseReducerHandle<State>,
    mode: PageMode,
    d: &Domain,
    on_edit: Callback<(u32, String)>,
    on_run: Callback<u32>,
) -> Html {
    let run_all = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::RunAll))
    };
    let stop = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Stop))
    };
    let panes = state.panes.iter().enumerate().map(|(i, pane)| {
        let id = pane.id;
        let on_change = on_edit.reform(move |code| (id, code));
        let run = on_run.reform(move |_: ()| id);
        html! {
            <div class="embed-pane" key={pane.id} data-testid="pane" data-pane-title={pane.title.clone()}
                 style={format!("--pane-color:{}", PANE_COLORS[i % PANE_COLORS.len()])}>
                <h2>{ &pane.title }<span data-testid="pane-status">{ status_text(pane) }</span></h2>
                <Editor code={pane.code.clone()} on_change={on_change} on_run={run}
                        error_line={pane.error_line} read_only={!mode.editable} />
            </div>
        }
    });
    let series: Vec<Series> = state
        .panes
        .iter()
        .enumerate()
        .map(|(i, p)| series(p, i))
        .collect();
    let sentences = comparison_of(&state.panes);
    let line = if !sentences.is_empty() {
        sentences.join("; ")
    } else {
        state
            .panes
            .iter()
            .map(|p| format!("{}: {}", p.title, status_text(p)))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    html! {
        <div class="app embed">
            <header class="topbar">
                <span class="brand">{ "Memplay" }</span>
                <button class="primary" data-testid="run-all" onclick={run_all}>{ "Run" }</button>
                <button data-testid="stop" onclick={stop} disabled={!state.is_busy()}>{ "Stop" }</button>
                <EngineStatusView status={state.engine.clone()} />
                <a class="open-link" data-testid="open-in-memplay" href={share_url(&state.to_shared(), false)}
                   target="_blank" rel="noopener">{ "Open in Memplay ↗" }</a>
            </header>
            <div class="embed-panes" style={format!("--pane-count:{}", state.panes.len())}>{ for panes }</div>
            <section class="overlay">
                <div class="charts">
                    <Chart title="Memory" testid="chart-memory" metric={Metric::Bytes} axis={state.axis}
                           series={series} x_max={d.x_max} y_min={d.bytes.0} y_max={d.bytes.1} width={1100.0} />
                </div>
            </section>
            <p class="ratio-line" data-testid="summary">{ line }</p>
        </div>
    }
}
