//! The embed API hook: runs what an embedding page asks for (`memplay:run`), tells it
//! when the engine is ready, and answers with the results once those runs end.

use crate::components::summary::status_text;
use crate::embed_api::{self, ApiListener};
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
            wall_ms: 0.0,
            steps: 0,
        },
    }
}

#[hook]
pub fn use_embed_api(state: &UseReducerHandle<State>) {
    // Where to answer the last `memplay:run`, and which request was answered.
    let reply_to = use_mut_ref(|| JsValue::NULL);
    let answered = use_mut_ref(|| 0u32);
    {
        let dispatcher = state.dispatcher();
        let reply_to = reply_to.clone();
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
    let panes = state.panes.clone();
    use_effect_with(
        (state.api_request, state.is_busy()),
        move |(request, busy)| {
            if !*busy && *request > *answered.borrow() {
                *answered.borrow_mut() = *request;
                let runs: Vec<RunResult> = panes.iter().map(run_result).collect();
                embed_api::send_results(&reply_to.borrow(), &runs);
            }
        },
    );
}
