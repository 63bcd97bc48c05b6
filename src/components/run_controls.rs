//! Run and Stop, as the playground's toolbar and the embed's header both show them.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    /// "Run all" in the playground, "Run" in the embed.
    pub label: AttrValue,
    pub busy: bool,
    pub on_run: Callback<MouseEvent>,
    pub on_stop: Callback<MouseEvent>,
}

#[function_component(RunControls)]
pub fn run_controls(props: &RunControlsProps) -> Html {
    html! { <>
        <button class="primary" data-testid="run-all" onclick={props.on_run.clone()}
                title="Run every pane, one after the other">{ &props.label }</button>
        <button data-testid="stop" onclick={props.on_stop.clone()} disabled={!props.busy}
                title="Stop the running pane">{ "Stop" }</button>
    </> }
}
