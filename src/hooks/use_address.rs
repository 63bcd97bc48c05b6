//! The playground's working state lives in its address: each change replaces the URL's
//! fragment with the state's share link (`history.replaceState`: no history entry per
//! keystroke, and Back still leaves), so a reload, or Back then Forward, opens what the
//! person was doing. A link pasted into the address bar of the open page (a fragment
//! change, which `replaceState` never causes) is opened by reloading. Embeds keep their
//! address: their host owns it.

use crate::state::State;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use memplay_protocol::share::{self, SharedState, MAX_LINK_BYTES};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// Typing writes the address once it pauses: browsers rate-limit `replaceState` (Safari
/// allows about 100 calls in 30 s) and would silently keep a stale address.
const WRITE_AFTER_MS: u32 = 300;

fn write(shared: &SharedState) {
    let fragment = share::encode(shared, false);
    // A state too large for a link would not open again: keep the last one that does.
    if fragment.len() > MAX_LINK_BYTES {
        return;
    }
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

#[hook]
pub fn use_address(state: &UseReducerHandle<State>, embed: bool) {
    let shared = state.to_shared();
    // What the page opened with: until the state differs from it, the address stays as it
    // came (a damaged link stays there to be read, a link that runs keeps `run=1`).
    let opened = use_mut_ref(|| Some(shared.clone()));
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(shared, move |shared| {
        let mut opened = opened.borrow_mut();
        if embed || opened.as_ref() == Some(shared) {
            return;
        }
        *opened = None;
        let shared = shared.clone();
        // Replacing the timer cancels the write it held: the latest state is written.
        *pending.borrow_mut() = Some(Timeout::new(WRITE_AFTER_MS, move || write(&shared)));
    });
    use_effect_with(embed, |&embed| {
        let listener = web_sys::window().filter(|_| !embed).map(|window| {
            EventListener::new(&window, "hashchange", |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            })
        });
        move || drop(listener)
    });
}
