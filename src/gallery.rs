//! The example gallery: www/gallery/manifest.json and its .py files, fetched by the page
//! (adding an example needs no Rust; crates/engine/tests/gallery.rs checks each one).

use memplay_protocol::headline::Lesson;
use memplay_protocol::share::SharedPane;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const BASE: &str = "gallery/";

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Manifest {
    pub examples: Vec<Example>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Example {
    pub id: String,
    pub title: String,
    pub explain: Vec<String>,
    pub panes: Vec<PaneFile>,
    /// The example's point, which its headline states.
    #[serde(default, rename = "expect")]
    pub lesson: Option<Lesson>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PaneFile {
    pub title: String,
    pub file: String,
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|e| format!("{path}: {e:?}"))?
        .dyn_into()
        .map_err(|_| format!("{path}: not a response"))?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?)
        .await
        .map_err(|e| format!("{path}: {e:?}"))?;
    text.as_string().ok_or_else(|| format!("{path}: not text"))
}

pub async fn load_manifest() -> Result<Manifest, String> {
    let text = fetch_text(&format!("{BASE}manifest.json")).await?;
    serde_json::from_str(&text).map_err(|e| format!("gallery manifest: {e}"))
}

/// The example's panes with their code.
pub async fn load_panes(example: &Example) -> Result<Vec<SharedPane>, String> {
    let mut panes = Vec::with_capacity(example.panes.len());
    for pane in &example.panes {
        panes.push(SharedPane {
            title: pane.title.clone(),
            code: fetch_text(&format!("{BASE}{}", pane.file)).await?,
        });
    }
    Ok(panes)
}
