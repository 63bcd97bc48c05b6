//! The embed API hook: in an embed, runs what the embedding page asks for
//! (`memplay:run`), follows its theme switch (`memplay:theme`), tells it when the engine
//! is ready, and answers each run request once:
//! with the results when its runs end, or at once with `memplay:busy` when runs were
//! already going on. The full playground does not listen.

use crate::components::summary::status_text;
use crate::embed_api::{self, ApiListener};
use crate::page::Theme;
use crate::state::{Action, Pane, State};
use memplay_protocol::export::RunResult;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// What the embed API reports of a pane: its run's figures, or why it has none.
fn run_result(pane: &Pane) -> RunResult {
    match pane.summary.as_deref() {
        Some(summary) => RunResult::of(&pane.title, summary),
        None => RunResult {
            title: pane.title.clone(),
            ok: false,
            error: Some(status_text(pane)),
            peak_bytes: 0,
            final_bytes: 0,
            cpython_peak_bytes: 0,
            cpython_final_bytes: 0,
            peak_objects: 0,
            cpython_peak_objects: 0,
            wall_ms: 0.0,
            steps: 0,
        },
    }
}

/// The request being served: the id its answer echoes.
type OpenRequest = Option<Option<JsValue>>;

#[hook]
pub fn use_embed_api(
    state: &UseReducerHandle<State>,
    embed: bool,
    set_theme: UseStateSetter<Theme>,
) {
    let open = use_mut_ref(OpenRequest::default);
    let answered = use_mut_ref(|| (state.api_request, state.api_refused));
    {
        let dispatcher = state.dispatcher();
        let open = open.clone();
        use_effect_with(embed, move |embed| {
            let listener = embed
                .then(|| {
                    ApiListener::start(
                        move |request| {
                            if open.borrow().is_some() {
                                // One request at a time: its runs are going on.
                                embed_api::send_busy(request.id.as_ref());
                                return;
                            }
                            *open.borrow_mut() = Some(request.id);
                            dispatcher.dispatch(Action::RunFromApi(request.panes));
                        },
                        move |theme| set_theme.set(theme),
                    )
                })
                .flatten();
            move || drop(listener)
        });
    }
    // Once: each run gets a fresh engine, but the host asked to hear when the embed can
    // first take requests. A lazy embed takes them before its engine loads (a request
    // loads it), so it is ready at once.
    let announced = use_mut_ref(|| false);
    let takes_requests = state.engine_ready() || state.engine.is_deferred();
    use_effect_with(takes_requests && embed, move |ready| {
        if *ready && !*announced.borrow() {
            *announced.borrow_mut() = true;
            embed_api::announce_ready();
        }
    });
    let panes = state.panes.clone();
    use_effect_with(
        (state.api_request, state.api_refused, state.is_busy()),
        move |&(request, refused, busy)| {
            let (last_request, last_refused) = *answered.borrow();
            if refused > last_refused {
                // The page was running something else (a Run press) when it arrived.
                if let Some(id) = open.borrow_mut().take() {
                    embed_api::send_busy(id.as_ref());
                }
            } else if !busy && request > last_request {
                if let Some(id) = open.borrow_mut().take() {
                    let runs: Vec<RunResult> = panes.iter().map(run_result).collect();
                    embed_api::send_results(id.as_ref(), &runs);
                }
            }
            *answered.borrow_mut() = if busy {
                (last_request, refused)
            } else {
                (request, refused)
            };
        },
    );
}
