//! A lazy embed (`load=visible`, the default) starts loading its engine when it first
//! scrolls into the reader's view: an article with five embeds downloads nothing for the
//! ones the reader never reaches. (Inside an iframe, an `IntersectionObserver` without a
//! root watches the top-level page's viewport.)

use crate::state::{Action, State};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[hook]
pub fn use_engine_when_visible(state: &UseReducerHandle<State>, when_visible: bool) {
    let waiting = when_visible && state.engine.is_deferred();
    let dispatcher = state.dispatcher();
    use_effect_with(waiting, move |&waiting| {
        let root = waiting
            .then(|| web_sys::window()?.document()?.document_element())
            .flatten();
        let on_seen = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let seen = entries.iter().any(|entry| {
                entry
                    .dyn_into::<web_sys::IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if seen {
                dispatcher.dispatch(Action::WantEngine);
            }
        });
        let observer = root.as_ref().and_then(|root| {
            let observer =
                web_sys::IntersectionObserver::new(on_seen.as_ref().unchecked_ref()).ok()?;
            observer.observe(root);
            Some(observer)
        });
        move || {
            if let Some(observer) = observer {
                observer.disconnect();
            }
            drop(on_seen);
        }
    });
}
