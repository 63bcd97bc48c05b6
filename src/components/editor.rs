//! The code editor component: a CodeMirror view kept in step with the pane's code.

use crate::editor_bindings::{create_editor, CodeMirror};
use crate::line_marks::LineMark;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub code: String,
    /// The editor's accessible name: which pane's code it holds.
    pub label: String,
    pub on_change: Callback<String>,
    pub on_run: Callback<()>,
    #[prop_or_default]
    pub error_line: Option<u32>,
    #[prop_or_default]
    pub read_only: bool,
    /// The line running at the moment the page travelled to.
    #[prop_or_default]
    pub moment_line: Option<u32>,
    /// The gutter's per-line memory figures.
    #[prop_or_default]
    pub line_marks: Rc<Vec<LineMark>>,
}

/// The view plus the closures it calls back into, dropped together.
struct Mounted {
    view: CodeMirror,
    _on_change: Closure<dyn FnMut(String)>,
    _on_run: Closure<dyn FnMut()>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.view.destroy();
    }
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let host = use_node_ref();
    let mounted = use_mut_ref(|| None::<Mounted>);
    // The latest callbacks, read by the long-lived JS closures.
    let on_change = use_mut_ref(|| props.on_change.clone());
    let on_run = use_mut_ref(|| props.on_run.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    *on_run.borrow_mut() = props.on_run.clone();

    {
        let host = host.clone();
        let mounted = mounted.clone();
        let code = props.code.clone();
        let read_only = props.read_only;
        let label = props.label.clone();
        use_effect_with((), move |_| {
            if let Some(element) = host.cast::<web_sys::Element>() {
                let change = Closure::<dyn FnMut(String)>::new(move |text: String| {
                    let callback = on_change.borrow().clone();
                    callback.emit(text);
                });
                let run = Closure::<dyn FnMut()>::new(move || {
                    let callback = on_run.borrow().clone();
                    callback.emit(());
                });
                let view = create_editor(
                    &element,
                    &code,
                    read_only,
                    change.as_ref().unchecked_ref(),
                    run.as_ref().unchecked_ref(),
                    &label,
                );
                *mounted.borrow_mut() = Some(Mounted {
                    view,
                    _on_change: change,
                    _on_run: run,
                });
            }
            move || drop(mounted.borrow_mut().take())
        });
    }

    // Outside changes (a gallery example, a share link) replace the text; the editor skips
    // identical text, so typing does not loop back.
    {
        let mounted = mounted.clone();
        use_effect_with(
            (props.code.clone(), props.error_line, props.read_only),
            move |(code, error_line, read_only)| {
                if let Some(m) = mounted.borrow().as_ref() {
                    m.view.set_doc(code);
                    m.view.mark_error_line(error_line.unwrap_or(0));
                    m.view.set_read_only(*read_only);
                }
            },
        );
    }

    // Marks belong to the text that ran: editing drops them (in the editor bundle), and
    // they come back with the next run's figures, not with the next keystroke.
    {
        let mounted = mounted.clone();
        use_effect_with(props.line_marks.clone(), move |marks| {
            if let Some(m) = mounted.borrow().as_ref() {
                if let Ok(rows) = serde_wasm_bindgen::to_value(&**marks) {
                    m.view.set_line_figures(&rows);
                }
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(props.label.clone(), move |label| {
            if let Some(m) = mounted.borrow().as_ref() {
                m.view.set_label(label);
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(props.moment_line, move |line| {
            if let Some(m) = mounted.borrow().as_ref() {
                m.view.mark_moment_line(line.unwrap_or(0));
            }
        });
    }

    html! { <div class="editor" data-testid="editor" ref={host}></div> }
}
