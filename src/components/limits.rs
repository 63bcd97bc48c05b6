//! The run limits a person can change: time limit and memory cap.

use memplay_protocol::Limits;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LimitsProps {
    pub limits: Limits,
    pub on_change: Callback<Limits>,
}

const MB: u64 = 1024 * 1024;

/// Reads a positive number from a number input; `None` while the field is not one.
fn positive(e: &Event) -> Option<f64> {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    input
        .value()
        .parse::<f64>()
        .ok()
        .filter(|v| *v > 0.0 && v.is_finite())
}

#[function_component(LimitsEditor)]
pub fn limits_editor(props: &LimitsProps) -> Html {
    let limits = props.limits;
    let on_time = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(seconds) = positive(&e) {
                on_change.emit(Limits {
                    time_ms: (seconds.min(300.0) * 1000.0) as u64,
                    ..limits
                });
            }
        })
    };
    let on_memory = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(mb) = positive(&e) {
                on_change.emit(Limits {
                    memory_bytes: (mb.clamp(1.0, 2048.0) as u64) * MB,
                    ..limits
                });
            }
        })
    };
    html! {
        <span class="limits" title="The engine stops a run that goes past these">
            <label>{ "time " }
                <input type="number" min="0.1" max="300" step="0.5" data-testid="limit-time"
                       value={(limits.time_ms as f64 / 1000.0).to_string()} onchange={on_time} />
                { " s" }</label>
            <label>{ "memory " }
                <input type="number" min="1" max="2048" step="16" data-testid="limit-memory"
                       value={(limits.memory_bytes / MB).to_string()} onchange={on_memory} />
                { " MB" }</label>
        </span>
    }
}
