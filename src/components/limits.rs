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

/// The two limits, each a number field in its own unit.
#[derive(Clone, Copy, PartialEq)]
enum LimitKind {
    /// `Limits::time_ms`, typed in seconds (`Limits::TIME_MS`: 0.1 to 600).
    Time,
    /// `Limits::memory_bytes`, typed in MB (`Limits::MEMORY_BYTES`: 1 to 2048).
    Memory,
}

impl LimitKind {
    fn text(self, value: u64) -> String {
        match self {
            LimitKind::Time => (value as f64 / 1000.0).to_string(),
            LimitKind::Memory => (value / MB).to_string(),
        }
    }

    fn parse(self, text: &str) -> Option<u64> {
        let typed = positive(text)?;
        let value = match self {
            LimitKind::Time => (typed * 1000.0) as u64,
            LimitKind::Memory => (typed as u64).saturating_mul(MB),
        };
        let range = match self {
            LimitKind::Time => Limits::TIME_MS,
            LimitKind::Memory => Limits::MEMORY_BYTES,
        };
        Some(value.clamp(*range.start(), *range.end()))
    }

    /// Label, unit, test id, and the input's min, max and step.
    fn looks(
        self,
    ) -> (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        match self {
            LimitKind::Time => ("time ", " s", "limit-time", "0.1", "600", "0.5"),
            LimitKind::Memory => ("memory ", " MB", "limit-memory", "1", "2048", "16"),
        }
    }
}

#[derive(Properties, PartialEq)]
struct LimitFieldProps {
    kind: LimitKind,
    value: u64,
    on_change: Callback<u64>,
}

#[function_component(LimitField)]
fn limit_field(props: &LimitFieldProps) -> Html {
    let kind = props.kind;
    let draft = use_state(|| kind.text(props.value));
    // A change from outside (a share link, a gallery example) replaces the draft.
    {
        let draft = draft.clone();
        use_effect_with(props.value, move |&value| {
            if kind.parse(&draft) != Some(value) {
                draft.set(kind.text(value));
            }
        });
    }
    let oninput = {
        let on_change = props.on_change.clone();
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            if let Some(value) = kind.parse(&text) {
                on_change.emit(value);
            }
            draft.set(text);
        })
    };
    let (label, unit, testid, min, max, step) = kind.looks();
    html! {
        <label>{ label }
            <input type="number" {min} {max} {step} data-testid={testid}
                   value={(*draft).clone()} {oninput} />
            { unit }</label>
    }
}

#[function_component(LimitsEditor)]
pub fn limits_editor(props: &LimitsProps) -> Html {
    let limits = props.limits;
    let on_time = props
        .on_change
        .reform(move |time_ms| Limits { time_ms, ..limits });
    let on_memory = props.on_change.reform(move |memory_bytes| Limits {
        memory_bytes,
        ..limits
    });
    html! {
        <span class="limits" title="The engine stops a run that goes past these">
            <LimitField kind={LimitKind::Time} value={limits.time_ms} on_change={on_time} />
            <LimitField kind={LimitKind::Memory} value={limits.memory_bytes} on_change={on_memory} />
        </span>
    }
}
