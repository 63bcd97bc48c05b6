//! The gallery menu: pick an example, its panes replace the current ones.

use crate::gallery::{self, Example};
use crate::hooks::GalleryManifest;
use memplay_protocol::share::SharedPane;
use yew::prelude::*;

/// What loading an example hands to the page.
#[derive(Clone, PartialEq)]
pub struct LoadedExample {
    pub example: Example,
    pub panes: Vec<SharedPane>,
}

#[derive(Properties, PartialEq)]
pub struct GalleryMenuProps {
    pub manifest: GalleryManifest,
    pub on_load: Callback<LoadedExample>,
    pub disabled: bool,
}

#[function_component(GalleryMenu)]
pub fn gallery_menu(props: &GalleryMenuProps) -> Html {
    let manifest = props.manifest.as_deref();
    let examples = match manifest {
        Some(Ok(m)) => m.examples.clone(),
        _ => Vec::new(),
    };
    let on_change = {
        let on_load = props.on_load.clone();
        let examples = examples.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let Some(example) = examples.iter().find(|x| x.id == select.value()).cloned() else {
                return;
            };
            select.set_value("");
            let on_load = on_load.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match gallery::load_panes(&example).await {
                    Ok(panes) => on_load.emit(LoadedExample { example, panes }),
                    Err(error) => web_sys::console::error_1(&error.into()),
                }
            });
        })
    };
    let title = match manifest {
        Some(Err(e)) => format!("The gallery could not load: {e}"),
        _ => "Load an example from the gallery".to_string(),
    };
    html! {
        <select class="gallery" data-testid="gallery" onchange={on_change} title={title} aria-label="Load an example from the gallery"
                disabled={props.disabled || examples.is_empty()}>
            <option value="" selected=true>{ "Examples…" }</option>
            { for examples.iter().map(|x| html! { <option value={x.id.clone()}>{ &x.title }</option> }) }
        </select>
    }
}
