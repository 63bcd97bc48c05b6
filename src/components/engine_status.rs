//! The engine's download progress, then "ready" (automation waits for that exact text).

use crate::state::EngineStatus;
use memplay_protocol::format::bytes;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EngineStatusProps {
    pub status: EngineStatus,
}

#[function_component(EngineStatusView)]
pub fn engine_status_view(props: &EngineStatusProps) -> Html {
    match &props.status {
        EngineStatus::Deferred => html! {
            <div class="engine-status deferred"
                 title="This page downloads Python (a few MB) only when it is wanted">
                <span data-testid="engine-status">{ "engine loads on Run" }</span>
            </div>
        },
        EngineStatus::Loading { loaded, total } => {
            let (value, label) = if *total > 0.0 {
                (
                    Some((loaded / total).clamp(0.0, 1.0)),
                    format!(
                        "loading engine: {:.0}% ({} of {})",
                        (loaded / total).clamp(0.0, 1.0) * 100.0,
                        bytes(*loaded as i64),
                        bytes(*total as i64)
                    ),
                )
            } else if *loaded > 0.0 {
                (None, format!("loading engine: {}", bytes(*loaded as i64)))
            } else {
                (None, "loading engine…".to_string())
            };
            html! {
                <div class="engine-status loading" title={label.clone()}>
                    <progress max="1" value={value.map(|v| v.to_string())} aria-label="engine download" />
                    <span data-testid="engine-status">{ label }</span>
                </div>
            }
        }
        EngineStatus::Ready { platform, init_ms } => html! {
            <div class="engine-status ready"
                 title={format!("{platform}, interpreter built in {init_ms:.0} ms")}>
                <i class="dot"></i><span data-testid="engine-status">{ "ready" }</span>
            </div>
        },
        EngineStatus::Renewing => html! {
            <div class="engine-status loading"
                 title="Each run gets a fresh engine, so no run can see or change another">
                <span data-testid="engine-status">{ "fresh engine…" }</span>
            </div>
        },
        EngineStatus::Failed(why) => html! {
            <div class="engine-status failed" role="alert">
                <span data-testid="engine-status">{ format!("engine failed: {why}") }</span>
            </div>
        },
    }
}
