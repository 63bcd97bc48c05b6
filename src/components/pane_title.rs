//! A pane's title field. The title names the pane in the headline, the legends, the
//! summary and file names, so it is never empty: a blank field names the pane by its
//! place ("pane 2") until something is typed. The field keeps its own draft (the page
//! re-renders while runs stream; a field bound to the state would rewrite what is being
//! typed) and says when the 40-character cut is reached.

use crate::state::title_or_place as title_of;
use memplay_protocol::share::MAX_TITLE_CHARS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PaneTitleProps {
    pub title: String,
    /// The pane's place on the page, from 1: its name when the field is blank.
    pub position: usize,
    pub on_rename: Callback<String>,
}

#[function_component(PaneTitle)]
pub fn pane_title(props: &PaneTitleProps) -> Html {
    let draft = use_state(|| props.title.clone());
    let position = props.position;
    // A change from outside (an example, an undo, a link) replaces the draft.
    {
        let draft = draft.clone();
        use_effect_with(props.title.clone(), move |title| {
            if title_of(&draft, position) != *title {
                draft.set(title.clone());
            }
        });
    }
    let oninput = {
        let draft = draft.clone();
        let on_rename = props.on_rename.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            on_rename.emit(title_of(&text, position));
            draft.set(text);
        })
    };
    let note = if draft.trim().is_empty() {
        Some(format!("A blank title reads as “pane {position}”."))
    } else if draft.chars().count() >= MAX_TITLE_CHARS {
        Some(format!("Titles stop at {MAX_TITLE_CHARS} characters."))
    } else {
        None
    };
    let note_id = format!("pane-title-note-{position}");
    html! {
        <span class="pane-title-field">
            <input class="pane-title" aria-label={format!("title of pane {position}")} value={(*draft).clone()}
                   placeholder={format!("pane {position}")} maxlength={MAX_TITLE_CHARS.to_string()} {oninput}
                   aria-describedby={note.is_some().then(|| note_id.clone())} />
            if let Some(note) = note {
                <span class="field-note" id={note_id} role="status" data-testid="pane-title-note">{ note }</span>
            }
        </span>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blank_title_names_the_pane_by_its_place() {
        use crate::state::{Action, State};
        use memplay_protocol::share::SharedPane;
        assert_eq!(super::title_of("", 2), "pane 2");
        assert_eq!(super::title_of("   ", 1), "pane 1");
        assert_eq!(super::title_of(" list ", 1), " list ");
        // A link (or an embedding page) with a blank title gets the same name.
        let mut state = State::default();
        state.apply(Action::RunFromApi(vec![SharedPane {
            title: " ".into(),
            code: "x = 1\n".into(),
        }]));
        assert_eq!(state.panes[0].title, "pane 1");
    }
}
