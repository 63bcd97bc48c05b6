//! The gallery manifest: read once by the playground (for its menu) and by any page
//! whose link names an example, whose entry (explanation, lesson) it then hands to the
//! state.

use crate::gallery::{self, Manifest};
use crate::state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;

/// The manifest once read (or why it could not be), `None` while loading or unwanted.
pub type GalleryManifest = Option<Rc<Result<Manifest, String>>>;

#[hook]
pub fn use_gallery(state: &UseReducerHandle<State>, embed: bool) -> GalleryManifest {
    let manifest = use_state(|| None::<Rc<Result<Manifest, String>>>);
    // An embed has no menu: it reads the manifest only for an example its link names.
    let wanted = !embed || state.example.is_some();
    {
        let manifest = manifest.clone();
        use_effect_with(wanted, move |wanted| {
            if *wanted && manifest.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    manifest.set(Some(Rc::new(gallery::load_manifest().await)));
                });
            }
        });
    }
    let missing = state
        .example
        .as_ref()
        .filter(|x| x.entry.is_none())
        .map(|x| x.id.clone());
    {
        let state = state.clone();
        use_effect_with(
            (missing, (*manifest).clone()),
            move |(missing, manifest)| {
                let found = manifest
                    .as_deref()
                    .and_then(|m| m.as_ref().ok())
                    .and_then(|m| {
                        let id = missing.as_ref()?;
                        m.examples.iter().find(|x| &x.id == id).cloned()
                    });
                if let Some(example) = found {
                    state.dispatch(Action::ExampleFound(example));
                }
            },
        );
    }
    (*manifest).clone()
}
