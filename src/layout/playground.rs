//! The full playground: toolbar, notice, example note, panes (with their charts side by
//! side) or one overlay, and the summary.

use super::dispatch;
use crate::components::about::About;
use crate::components::charts::{all_series, pane_color, series, Charts, Domain};
use crate::components::engine_status::EngineStatusView;
use crate::components::export::ExportButtons;
use crate::components::gallery_menu::{GalleryMenu, LoadedExample};
use crate::components::limits::LimitsEditor;
use crate::components::moment::MomentPanel;
use crate::components::pane::PaneView;
use crate::components::run_controls::RunControls;
use crate::components::share::ShareButtons;
use crate::components::summary::Summary;
use crate::hooks::use_theme::choose;
use crate::hooks::GalleryManifest;
use crate::page::Theme;
use crate::state::{Action, State};
use memplay_protocol::share::{Axis, Measure, View, MAX_PANES};
use yew::prelude::*;

pub fn playground(
    state: &UseReducerHandle<State>,
    gallery: GalleryManifest,
    theme: UseStateHandle<Theme>,
) -> Html {
    let domain = Domain::of(&state.panes, state.axis, state.measure);
    let side_by_side = state.view == View::SideBySide;
    let can_remove = state.panes.len() > 1;
    let on_edit = dispatch(state, |(pane_id, code)| Action::EditCode { pane_id, code });
    let on_rename = dispatch(state, |(pane_id, title)| Action::Rename { pane_id, title });
    let on_run = dispatch(state, Action::RunPane);
    let on_remove = dispatch(state, Action::RemovePane);
    let on_select = Some(dispatch(state, Action::SelectMoment));
    let moment_panel = moment_panel(state);
    let panes = state.panes.iter().enumerate().map(|(i, pane)| {
        let own_moment = state.moment.filter(|m| m.pane_id == pane.id);
        html! {
            <PaneView key={pane.id} pane={pane.clone()} color={pane_color(i)} position={i + 1}
                      can_remove={can_remove} on_edit={on_edit.clone()} on_rename={on_rename.clone()}
                      on_run={on_run.clone()} on_remove={on_remove.clone()} measure={state.measure}
                      moment_line={state.moment_line(pane.id)}>
                if side_by_side {
                    <Charts series={vec![series(pane, i)]} axis={state.axis} measure={state.measure}
                            domain={domain.clone()} moment={own_moment} on_select={on_select.clone()} />
                    if own_moment.is_some() { { moment_panel.clone() } }
                }
            </PaneView>
        }
    });
    let overlay = (!side_by_side).then(|| {
        html! {
            <section class="overlay">
                <Charts series={all_series(&state.panes)} axis={state.axis} measure={state.measure}
                        domain={domain.clone()} moment={state.moment} on_select={on_select.clone()} />
                { moment_panel.clone() }
            </section>
        }
    });
    let notice = state.notice.clone().map(|text| {
        html! {
            <div class="notice-bar" role="status" data-testid="notice">
                <span>{ text }</span>
                <button class="icon" aria-label="dismiss"
                        onclick={dispatch(state, |_: MouseEvent| Action::DismissNotice)}>{ "×" }</button>
            </div>
        }
    });
    let undo = state.replaced.as_ref().map(|replaced| {
        html! {
            <div class="notice-bar" role="status" data-testid="example-undo">
                <span>{ format!("“{}” replaced your panes.", replaced.by) }</span>
                <span class="notice-actions">
                    <button data-testid="undo-example" disabled={state.is_busy()}
                            onclick={dispatch(state, |_: MouseEvent| Action::UndoExample)}>{ "Undo" }</button>
                    <button class="icon" aria-label="keep the example"
                            onclick={dispatch(state, |_: MouseEvent| Action::KeepExample)}>{ "×" }</button>
                </span>
            </div>
        }
    });
    let toggle = |on: bool| classes!("toggle", on.then_some("on"));
    let queued_note = (state.is_busy() && !state.engine_ready()).then(
        || html! { <span class="queued-note">{ "queued: runs when the engine is ready" }</span> },
    );
    let on_example = dispatch(state, |x: LoadedExample| Action::LoadExample {
        example: x.example,
        panes: x.panes,
    });
    let set_view = |view: View| dispatch(state, move |_: MouseEvent| Action::SetView(view));
    let set_axis = |axis: Axis| dispatch(state, move |_: MouseEvent| Action::SetAxis(axis));
    let set_measure =
        |measure: Measure| dispatch(state, move |_: MouseEvent| Action::SetMeasure(measure));
    let cpython = state.measure == Measure::Cpython;
    let (theme_label, next_theme) = match *theme {
        Theme::Auto => ("◐ auto", Theme::Light),
        Theme::Light => ("☀ light", Theme::Dark),
        Theme::Dark => ("☾ dark", Theme::Auto),
    };
    let on_theme = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| choose(&theme, next_theme))
    };

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "Memplay" }<small>{ "watch Python memory, live" }</small></h1>
                <div class="actions">
                    <RunControls label="Run all" busy={state.is_busy()}
                                 on_run={dispatch(state, |_: MouseEvent| Action::RunAll)}
                                 on_stop={dispatch(state, |_: MouseEvent| Action::Stop)} />
                    <button onclick={dispatch(state, |_: MouseEvent| Action::AddPane)} disabled={state.panes.len() >= MAX_PANES}
                            title="Add a pane (up to 4)">{ "+ Pane" }</button>
                    <GalleryMenu manifest={gallery} on_load={on_example} disabled={state.is_busy()} />
                    <ShareButtons shared={state.to_shared()} recordable={state.recordable_panes()}
                                  with_results={{ let state = state.clone(); Callback::from(move |_| state.to_shared_with_results()) }}
                                  example_title={state.example.as_ref().and_then(|x| x.entry.as_ref()).map(|x| x.title.clone())} />
                    <ExportButtons panes={state.panes.clone()} />
                    { for queued_note }
                </div>
                <div class="switches">
                    <span class="group" role="group" aria-label="chart layout">
                        <button class={toggle(side_by_side)} onclick={set_view(View::SideBySide)}>{ "Side by side" }</button>
                        <button class={toggle(!side_by_side)} onclick={set_view(View::Overlay)}>{ "Overlay" }</button>
                    </span>
                    <span class="group" role="group" aria-label="memory measure">
                        <button class={toggle(cpython)} onclick={set_measure(Measure::Cpython)} data-testid="measure-cpython"
                                title="What CPython 3.11 would hold for the same objects (Memplay's model)">{ "CPython 3.11" }</button>
                        <button class={toggle(!cpython)} onclick={set_measure(Measure::Rustpython)} data-testid="measure-rustpython"
                                title="The RustPython interpreter's own heap, as its allocator counts it">{ "RustPython heap" }</button>
                    </span>
                    <span class="group" role="group" aria-label="x axis">
                        <button class={toggle(state.axis == Axis::Steps)} onclick={set_axis(Axis::Steps)}>{ "Steps" }</button>
                        <button class={toggle(state.axis == Axis::Millis)} onclick={set_axis(Axis::Millis)}>{ "Time" }</button>
                    </span>
                    <button class="theme-toggle" data-testid="theme-toggle" data-theme-choice={theme.name()} onclick={on_theme}
                            aria-label={format!("colour theme: {} (press for {})", theme.name(), next_theme.name())}
                            title="Colour theme: auto follows your system's setting">{ theme_label }</button>
                </div>
                <LimitsEditor limits={state.limits} on_change={dispatch(state, Action::SetLimits)} />
                <EngineStatusView status={state.engine.clone()} />
            </header>
            { for notice }
            { for undo }
            <main>
                <About />
                if let Some(example) = state.example.as_ref().and_then(|x| x.entry.as_ref()) {
                    <section class="example-note" data-testid="example-note" data-example={example.id.clone()}>
                        <h2>{ &example.title }</h2>
                        { for example.explain.iter().map(|line| html! { <p>{ line }</p> }) }
                    </section>
                }
                <div class="panes" style={format!("--pane-count:{}", state.panes.len())}>
                    { for panes }
                </div>
                { for overlay }
                <Summary panes={state.panes.clone()} measure={state.measure} lesson={state.lesson().cloned()}
                         busy={state.is_busy()} />
            </main>
        </div>
    }
}

/// The panel of the page's moment, or nothing when there is none.
pub fn moment_panel(state: &UseReducerHandle<State>) -> Html {
    let Some(moment) = state.moment else {
        return html! {};
    };
    let Some(pane) = state.pane(moment.pane_id) else {
        return html! {};
    };
    html! {
        <MomentPanel pane={pane.clone()} moment={moment} measure={state.measure}
                     on_step={dispatch(state, Action::StepMoment)}
                     on_close={dispatch(state, |_: ()| Action::ClearMoment)} />
    }
}
