//! Bindings to the CodeMirror bundle (www/editor/editor.js, global `MemplayEditor`).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// One CodeMirror view.
    pub type CodeMirror;

    /// Mounts an editor in `parent`, named `label` for screen readers; `on_change(text)`
    /// fires on every edit and `on_run()` on Ctrl/Cmd+Enter.
    #[wasm_bindgen(js_namespace = MemplayEditor, js_name = create)]
    pub fn create_editor(
        parent: &web_sys::Element,
        doc: &str,
        read_only: bool,
        on_change: &js_sys::Function,
        on_run: &js_sys::Function,
        label: &str,
    ) -> CodeMirror;

    /// The editor's accessible name.
    #[wasm_bindgen(method, js_name = setLabel)]
    pub fn set_label(this: &CodeMirror, label: &str);

    #[wasm_bindgen(method, js_name = setDoc)]
    pub fn set_doc(this: &CodeMirror, doc: &str);

    /// Highlights `line` (1-based); 0 clears the highlight.
    #[wasm_bindgen(method, js_name = markErrorLine)]
    pub fn mark_error_line(this: &CodeMirror, line: u32);

    /// Highlights the line running at the chosen moment (1-based); 0 clears it.
    #[wasm_bindgen(method, js_name = markMomentLine)]
    pub fn mark_moment_line(this: &CodeMirror, line: u32);

    /// The gutter's per-line memory figures: an array of `LineMark`s.
    #[wasm_bindgen(method, js_name = setLineFigures)]
    pub fn set_line_figures(this: &CodeMirror, rows: &JsValue);

    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &CodeMirror, read_only: bool);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &CodeMirror);
}
