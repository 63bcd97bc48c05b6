//! The page's two layouts over the same state and components: the full playground and
//! the compact embed for an iframe.

mod embed;
mod playground;

pub use embed::embed;
pub use playground::{moment_panel, playground};

use crate::state::{Action, State};
use yew::prelude::*;

/// A callback that dispatches the action `make` builds from its event.
pub fn dispatch<E: 'static>(
    state: &UseReducerHandle<State>,
    make: impl Fn(E) -> Action + 'static,
) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |event| state.dispatch(make(event)))
}
