//! The page's colour scheme. `auto` follows the reader's system setting
//! (`prefers-color-scheme`) and keeps following it while the page is open; `light` and
//! `dark` force one. The embed takes it from its address (`theme=`) and from its host
//! (`memplay:theme`); the playground from its toggle, remembered in `localStorage`.

use crate::page::Theme;
use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";
/// Where the playground remembers the toggle.
const STORAGE_KEY: &str = "memplay-theme";

fn system_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(DARK_QUERY).ok()?
}

fn storage() -> Option<web_sys::Storage> {
    // Storage can be refused (a sandboxed frame, privacy settings): then nothing is kept.
    web_sys::window()?.local_storage().ok()?
}

/// The playground's remembered choice, if any.
fn remembered() -> Option<Theme> {
    Theme::parse(&storage()?.get_item(STORAGE_KEY).ok()??)
}

/// The playground's toggle: shows `theme` and remembers it for the next visit.
pub fn choose(chosen: &UseStateHandle<Theme>, theme: Theme) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, theme.name());
    }
    chosen.set(theme);
}

/// The chosen theme (settable), applied to the page as `data-theme="light|dark"`: the
/// address's `theme=` if it asks, else (in the playground) the remembered toggle, else
/// auto.
#[hook]
pub fn use_theme(asked: Option<Theme>, embed: bool) -> UseStateHandle<Theme> {
    let chosen = use_state(|| {
        asked
            .or_else(|| (!embed).then(remembered).flatten())
            .unwrap_or_default()
    });
    let system_dark = use_state(|| system_query().is_some_and(|q| q.matches()));
    {
        let system_dark = system_dark.clone();
        use_effect_with((), move |_| {
            let listener = system_query().map(|query| {
                EventListener::new(&query, "change", move |e| {
                    let e: &web_sys::MediaQueryListEvent = e.unchecked_ref();
                    system_dark.set(e.matches());
                })
            });
            move || drop(listener)
        });
    }
    let shown = chosen.resolve(*system_dark);
    use_effect_with(shown, |shown| {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", shown.name());
        }
    });
    chosen
}
