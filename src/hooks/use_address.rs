//! The playground's working state lives in its address: each change replaces the URL's
//! fragment with the state's share link (`history.replaceState`: no history entry per
//! keystroke, and Back still leaves), so a reload, or Back then Forward, opens what the
//! person was doing. Embeds keep their address: their host owns it.

use crate::state::State;
use memplay_protocol::share::{self, MAX_LINK_BYTES};
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[hook]
pub fn use_address(state: &UseReducerHandle<State>, embed: bool) {
    let shared = state.to_shared();
    // What the page opened with: until the state differs from it, the address stays as it
    // came (a damaged link stays there to be read, a link that runs keeps `run=1`).
    let opened = use_mut_ref(|| Some(shared.clone()));
    use_effect_with(shared, move |shared| {
        let mut opened = opened.borrow_mut();
        if embed || opened.as_ref() == Some(shared) {
            return;
        }
        *opened = None;
        let fragment = share::encode(shared, false);
        // A state too large for a link would not open again: keep the last one that does.
        if fragment.len() > MAX_LINK_BYTES {
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ =
                history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    });
}
