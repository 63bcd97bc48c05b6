//! The page's root: the state, its effects (the engine, the embed API, the theme), and
//! the layout the URL asks for.

use crate::hooks::{use_embed_api, use_engine, use_moment_keys};
use crate::layout;
use crate::page::{self, Theme};
use crate::state::State;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let mode = *use_state(page::current_mode);
    let state = use_reducer(|| State::from_link(page::current_link()));
    use_engine(&state);
    use_embed_api(&state, mode.embed);
    use_moment_keys(&state);
    use_effect_with(mode.theme, |theme| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let name = match theme {
                Theme::Dark => "dark",
                Theme::Light => "light",
            };
            let _ = root.set_attribute("data-theme", name);
        }
    });
    if mode.embed {
        layout::embed(&state, mode)
    } else {
        layout::playground(&state)
    }
}
