//! Auto-height: an embed tells its host page how tall its content is
//! (`{type: "memplay:resize", height}`) whenever that changes, so the host can size the
//! iframe to it (the generated embed code includes the few lines that do).

use super::use_width::ResizeWatch;
use crate::embed_api;
use std::cell::Cell;
use yew::prelude::*;

/// The embed's root element, as `layout::embed` renders it.
const ROOT: &str = ".app.embed";

#[hook]
pub fn use_embed_height(embed: bool) {
    use_effect_with(embed, |embed| {
        let root = embed
            .then(|| web_sys::window()?.document()?.query_selector(ROOT).ok()?)
            .flatten();
        let last = Cell::new(0);
        let report = {
            let root = root.clone();
            move || {
                let Some(root) = &root else { return };
                // The content's own height, not the frame's: a frame taller than its
                // content must be able to shrink.
                let height = root.get_bounding_client_rect().height().ceil() as u32;
                if height > 0 && height != last.get() {
                    last.set(height);
                    embed_api::send_resize(height);
                }
            }
        };
        report();
        let watch = root.and_then(|root| ResizeWatch::start(&root, report));
        move || drop(watch)
    });
}
