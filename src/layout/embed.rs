//! The compact layout for an iframe: code, Run, the overlaid memory chart, the comparison
//! in one line, and a link to the full playground with the same state.

use super::{dispatch, moment_panel};
use crate::components::charts::{all_series, pane_color, Charts, Domain};
use crate::components::editor::Editor;
use crate::components::engine_status::EngineStatusView;
use crate::components::pane::{has_console, Console};
use crate::components::recorded_badge::RecordedBadge;
use crate::components::run_controls::RunControls;
use crate::components::share::link_url;
use crate::components::summary::{headlines_of, status_text};
use crate::page::PageMode;
use crate::state::{Action, State};
use memplay_protocol::share::SharedState;
use yew::prelude::*;

/// The embed's chart is wider, so flatter, than the playground's.
const CHART_WIDTH: f64 = 1100.0;

/// What "Open in Memplay" opens: the panes with their results, so the playground shows
/// them at once (while a run streams, without: thinning every render would cost).
fn open_link_state(state: &State) -> SharedState {
    if state.is_busy() {
        state.to_shared()
    } else {
        state.to_shared_with_results()
    }
}

pub fn embed(state: &UseReducerHandle<State>, mode: PageMode) -> Html {
    let on_edit = dispatch(state, |(pane_id, code)| Action::EditCode { pane_id, code });
    let on_run = dispatch(state, Action::RunPane);
    let panes = state.panes.iter().enumerate().map(|(i, pane)| {
        let id = pane.id;
        let on_change = on_edit.reform(move |code| (id, code));
        let run = on_run.reform(move |_: ()| id);
        html! {
            <div class="embed-pane" key={pane.id} data-testid="pane" data-pane-title={pane.title.clone()}
                 style={format!("--pane-color:{}", pane_color(i))}>
                <h2>{ &pane.title }<span data-testid="pane-status">{ status_text(pane) }</span></h2>
                <Editor code={pane.code.clone()} label={format!("code of {}", pane.title)} on_change={on_change} on_run={run}
                        error_line={pane.error_line} read_only={!mode.editable}
                        moment_line={state.moment_line(pane.id)} />
                // What the snippet printed and how it ended, kept short: a blog post's
                // reader sees a print's result or a traceback where the code is.
                if has_console(pane) {
                    <Console pane={pane.clone()} />
                }
            </div>
        }
    });
    let headline = headlines_of(&state.panes, state.measure, state.lesson());
    let line = if !headline.is_empty() {
        let sentences: Vec<&str> = headline.iter().map(|h| h.sentence.as_str()).collect();
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
                <RunControls label="Run" busy={state.is_busy()}
                             on_run={dispatch(state, |_: MouseEvent| Action::RunAll)}
                             on_stop={dispatch(state, |_: MouseEvent| Action::Stop)} />
                <EngineStatusView status={state.engine.clone()} />
                if state.any_recorded() {
                    <RecordedBadge platform={state.recorded_platform()} />
                }
                <a class="open-link" data-testid="open-in-memplay" href={link_url(open_link_state(state))}
                   target="_blank" rel="noopener">{ "Open in Memplay ↗" }</a>
            </header>
            <div class="embed-panes" style={format!("--pane-count:{}", state.panes.len())}>{ for panes }</div>
            <section class="overlay">
                <Charts series={all_series(&state.panes)} axis={state.axis} measure={state.measure}
                        domain={Domain::of(&state.panes, state.axis, state.measure)} objects={false}
                        width={CHART_WIDTH} moment={state.moment}
                        on_select={Some(dispatch(state, Action::SelectMoment))} />
                { moment_panel(state) }
            </section>
            <p class="ratio-line" data-testid="summary">{ line }</p>
        </div>
    }
}
