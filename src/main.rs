//! Memplay's page: Python snippets side by side, their memory and live objects charted as
//! they run in RustPython inside a Web Worker.

mod app;
mod chart;
mod components;
mod download;
mod editor_bindings;
mod embed_api;
mod engine_worker;
mod gallery;
mod page;
mod state;
mod timeline;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
