//! The run limits a person can change: time limit and memory cap.
//!
//! Each field keeps what is being typed as a draft of its own: the page re-renders many
//! times a second while the engine loads or a pane runs, and a field bound straight to the
//! state would put the old value back under the person's cursor.

use memplay_protocol::Limits;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LimitsProps {
    pub limits: Limits,
    pub on_change: Callback<Limits>,
}

const MB: u64 = 1024 * 1024;

fn positive(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| *v > 0.0 && v.is_finite())
}

fn seconds_text(limits: &Limits) -> String {
    (limits.time_ms as f64 / 1000.0).to_string()
}

fn megabytes_text(limits: &Limits) -> String {
    (limits.memory_bytes / MB).to_string()
}

#[function_component(LimitsEditor)]
pub fn limits_editor(props: &LimitsProps) -> Html {
    let time_draft = use_state(|| seconds_text(&props.limits));
    let memory_draft = use_state(|| megabytes_text(&props.limits));
    // A change from outside (a share link, a gallery example) replaces the drafts.
    {
        let time_draft = time_draft.clone();
        let memory_draft = memory_draft.clone();
        use_effect_with(props.limits, move |limits| {
            if positive(&time_draft).map(|s| (s.min(300.0) * 1000.0) as u64) != Some(limits.time_ms)
            {
                time_draft.set(seconds_text(limits));
            }
            if positive(&memory_draft).map(|m| (m.clamp(1.0, 2048.0) as u64) * MB)
                != Some(limits.memory_bytes)
            {
                memory_draft.set(megabytes_text(limits));
            }
        });
    }
    let limits = props.limits;
    let on_time = {
        let on_change = props.on_change.clone();
        let draft = time_draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            if let Some(seconds) = positive(&text) {
                on_change.emit(Limits {
                    time_ms: (seconds.min(300.0) * 1000.0) as u64,
                    ..limits
                });
            }
            draft.set(text);
        })
    };
    let on_memory = {
        let on_change = props.on_change.clone();
        let draft = memory_draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            if let Some(mb) = positive(&text) {
                on_change.emit(Limits {
                    memory_bytes: (mb.clamp(1.0, 2048.0) as u64) * MB,
                    ..limits
                });
            }
            draft.set(text);
        })
    };
    html! {
        <span class="limits" title="The engine stops a run that goes past these">
            <label>{ "time " }
                <input type="number" min="0.1" max="300" step="0.5" data-testid="limit-time"
                       value={(*time_draft).clone()} oninput={on_time} />
                { " s" }</label>
            <label>{ "memory " }
                <input type="number" min="1" max="2048" step="16" data-testid="limit-memory"
                       value={(*memory_draft).clone()} oninput={on_memory} />
                { " MB" }</label>
        </span>
    }
}
