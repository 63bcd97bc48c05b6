//! Memplay's page: Python snippets side by side, their memory and live objects charted as
//! they run in RustPython inside a Web Worker.

mod app;
mod censuses;
mod chart;
mod components;
mod download;
mod editor_bindings;
mod embed_api;
mod engine_worker;
mod gallery;
mod hooks;
mod layout;
mod line_marks;
mod page;
mod state;
mod timeline;

fn main() {
    let document = web_sys::window()
        .and_then(|window| window.document())
        .expect("Memplay runs in a page");
    let root = document
        .get_element_by_id("app")
        .expect("index.html has the #app root");
    yew::Renderer::<app::App>::with_root(root).render();
    // The loading line index.html shows until now.
    if let Some(boot) = document.get_element_by_id("boot") {
        boot.remove();
    }
}
