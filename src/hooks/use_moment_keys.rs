//! The keys of a moment: ← and → step from census to census, Escape leaves the moment.
//! Listened for on the document, so they work wherever focus is, except where a key
//! means something else (the code editor, a text field, a select).

use crate::state::{Action, State};
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// True when a key pressed in `target` belongs to it (typing, moving a cursor).
fn keeps_its_keys(target: Option<web_sys::EventTarget>) -> bool {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.is_content_editable()
}

#[hook]
pub fn use_moment_keys(state: &UseReducerHandle<State>) {
    let active = use_mut_ref(|| Rc::new(Cell::new(false)));
    let has_moment = active.borrow().clone();
    has_moment.set(state.moment.is_some());
    let state = state.clone();
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|document| {
            // Not passive (gloo's default): an arrow that steps the moment must not also
            // scroll the page, and a passive listener's preventDefault is ignored.
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&document, "keydown", options, move |e| {
                let e: &web_sys::KeyboardEvent = e.unchecked_ref();
                // A chart that took the key (`components::chart::on_moment_key`) already
                // chose the moment: stepping again would skip a census.
                if !has_moment.get()
                    || e.default_prevented()
                    || e.alt_key()
                    || e.ctrl_key()
                    || e.meta_key()
                    || keeps_its_keys(e.target())
                {
                    return;
                }
                let action = match e.key().as_str() {
                    "ArrowLeft" => Action::StepMoment(-1),
                    "ArrowRight" => Action::StepMoment(1),
                    "Escape" => Action::ClearMoment,
                    _ => return,
                };
                e.prevent_default();
                state.dispatch(action);
            })
        });
        move || drop(listener)
    });
}
