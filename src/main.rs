//! Memplay's page: Python snippets side by side, their memory and live objects charted as
//! they run in RustPython inside a Web Worker.

mod app;
mod chart;
mod components;
mod editor_bindings;
mod engine_worker;
mod state;
mod timeline;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
