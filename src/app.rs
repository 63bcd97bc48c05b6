//! The page's root: the state, its effects (the engine, the embed API, the theme), and
//! the layout the URL asks for.

use crate::hooks::{
    use_address, use_embed_api, use_embed_height, use_engine, use_engine_when_visible, use_gallery,
    use_moment_keys, use_theme,
};
use crate::layout;
use crate::page::{self, EngineLoad};
use crate::state::State;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let mode = *use_state(page::current_mode);
    let state = use_reducer(|| {
        let state = State::from_link(page::current_link());
        if mode.load.resolve(state.any_recorded()) == EngineLoad::Eager {
            state
        } else {
            state.with_engine_deferred()
        }
    });
    // Decided once, by what the page opened with.
    let load = *use_state(|| mode.load.resolve(state.any_recorded()));
    use_engine(&state);
    use_moment_keys(&state);
    use_address(&state, mode.embed);
    let gallery = use_gallery(&state, mode.embed);
    let theme = use_theme(mode.theme, mode.embed);
    use_embed_api(&state, mode.embed, theme.setter());
    use_embed_height(mode.embed);
    use_engine_when_visible(&state, load == EngineLoad::Visible);
    if mode.embed {
        layout::embed(&state, mode)
    } else {
        layout::playground(&state, gallery, theme)
    }
}
