//! The mark on figures that came with a link: recorded where the link was made, not yet
//! measured in this browser. Run replaces them with a run here.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecordedBadgeProps {
    /// Where the figures were measured (`rustpython-0.6.0/wasm32`), when known.
    #[prop_or_default]
    pub platform: Option<String>,
}

#[function_component(RecordedBadge)]
pub fn recorded_badge(props: &RecordedBadgeProps) -> Html {
    let source = props
        .platform
        .as_deref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let title = format!(
        "These figures were recorded when the link was made{source}; press Run to measure the code in this browser."
    );
    html! {
        <span class="recorded-badge" data-testid="recorded-badge" title={title.clone()} aria-label={title}>
            { "recorded" }
        </span>
    }
}
