//! The run limits a person can change: time limit and memory cap.
//!
//! A text that is no limit (empty, 0, negative) keeps the one in use and says so; one out
//! of range uses the nearest a run can honour and says so. (Memory is whole MB: 100.7
//! reads as 100.)
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

/// What a field's text gives.
enum Reading {
    /// A limit in range.
    Exact(u64),
    /// Out of range: the nearest limit a run can honour.
    Clamped(u64),
    /// Empty, not a number, zero or negative: the limit stays as it was.
    Invalid,
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

    /// What a typed text sets the limit to, and what the person must be told about it.
    fn read(self, text: &str) -> Reading {
        let Some(typed) = positive(text) else {
            return Reading::Invalid;
        };
        let value = match self {
            LimitKind::Time => (typed * 1000.0) as u64,
            LimitKind::Memory => (typed as u64).saturating_mul(MB),
        };
        let range = match self {
            LimitKind::Time => Limits::TIME_MS,
            LimitKind::Memory => Limits::MEMORY_BYTES,
        };
        let used = value.clamp(*range.start(), *range.end());
        if used == value {
            Reading::Exact(value)
        } else {
            Reading::Clamped(used)
        }
    }

    fn parse(self, text: &str) -> Option<u64> {
        match self.read(text) {
            Reading::Exact(value) | Reading::Clamped(value) => Some(value),
            Reading::Invalid => None,
        }
    }

    /// Why the field's text is not the limit in use, in words: nothing when it is.
    fn note(self, text: &str, in_use: u64) -> Option<String> {
        let (label, unit, _, min, max, _) = self.looks();
        let label = label.trim();
        match self.read(text) {
            Reading::Exact(_) => None,
            Reading::Clamped(used) => Some(format!(
                "{label} limits go from {min} to {max}{unit}: using {}{unit}",
                self.text(used)
            )),
            Reading::Invalid => Some(format!(
                "type a {label} limit above 0 (up to {max}{unit}): the limit stays {}{unit}",
                self.text(in_use)
            )),
        }
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
    let note = kind.note(&draft, props.value);
    let note_id = format!("{testid}-note");
    html! {
        <label class={classes!(note.is_some().then_some("invalid"))}>{ label }
            <input type="number" {min} {max} {step} data-testid={testid}
                   value={(*draft).clone()} {oninput} aria-invalid={note.is_some().to_string()}
                   aria-describedby={note.is_some().then(|| note_id.clone())} />
            { unit }
            if let Some(note) = note {
                <span class="field-note" id={note_id} role="status" data-testid={format!("{testid}-note")}>{ note }</span>
            }
        </label>
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
        <span class="limits" title="The engine stops a run that goes past these (the memory cap counts RustPython's own heap, not the CPython figures)">
            <LimitField kind={LimitKind::Time} value={limits.time_ms} on_change={on_time} />
            <LimitField kind={LimitKind::Memory} value={limits.memory_bytes} on_change={on_memory} />
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_in_range_needs_no_note() {
        assert_eq!(LimitKind::Time.parse("7"), Some(7_000));
        assert_eq!(LimitKind::Time.note("7", 7_000), None);
        assert_eq!(LimitKind::Memory.note("256", 256 * MB), None);
    }

    #[test]
    fn no_limit_keeps_the_one_in_use_and_says_so() {
        for text in ["", "0", "-3", "abc", "inf"] {
            assert_eq!(LimitKind::Time.parse(text), None, "{text:?}");
            assert_eq!(
                LimitKind::Time.note(text, 20_000).as_deref(),
                Some("type a time limit above 0 (up to 600 s): the limit stays 20 s"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn out_of_range_uses_the_nearest_and_says_so() {
        assert_eq!(LimitKind::Memory.parse("4000"), Some(2048 * MB));
        assert_eq!(
            LimitKind::Memory.note("4000", 512 * MB).as_deref(),
            Some("memory limits go from 1 to 2048 MB: using 2048 MB")
        );
        assert_eq!(
            LimitKind::Time.note("0.01", 20_000).as_deref(),
            Some("time limits go from 0.1 to 600 s: using 0.1 s")
        );
    }
}
