//! One pane: its title, code editor, run controls, charts (side-by-side view) and console.

use crate::components::editor::Editor;
use crate::components::pane_title::PaneTitle;
use crate::components::recorded_badge::RecordedBadge;
use crate::components::summary::status_text;
use crate::line_marks::{line_marks, LineMark};
use crate::state::{Pane, PaneStatus};
use memplay_protocol::format::thousands;
use memplay_protocol::recorded::OUTPUT_CHARS;
use memplay_protocol::share::Measure;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PaneProps {
    pub pane: Pane,
    pub color: &'static str,
    /// The pane's place on the page, from 1.
    pub position: usize,
    pub can_remove: bool,
    pub on_edit: Callback<(u32, String)>,
    pub on_rename: Callback<(u32, String)>,
    pub on_run: Callback<u32>,
    pub on_remove: Callback<u32>,
    pub measure: Measure,
    /// The line running at the page's moment, when the moment is in this pane's run.
    #[prop_or_default]
    pub moment_line: Option<u32>,
    #[prop_or_default]
    pub children: Html,
}

/// The gutter's marks for a pane's run, in the page's measure (see `line_marks`): in
/// CPython's, scaled by the ratio at the run's latest sizeable census (its end, once it
/// ended), which is closer to what the lines left alive than the peak's ratio, which
/// transients dominate.
pub fn pane_line_marks(pane: &Pane, measure: Measure) -> Rc<Vec<LineMark>> {
    let scale = match measure {
        Measure::Rustpython => None,
        Measure::Cpython => Some(pane.timeline.census_ratio(64 * 1024).unwrap_or(1.0)),
    };
    Rc::new(line_marks(&pane.lines, scale))
}

#[function_component(PaneView)]
pub fn pane_view(props: &PaneProps) -> Html {
    let pane = &props.pane;
    let id = pane.id;
    let on_change = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |code: String| on_edit.emit((id, code)))
    };
    let run = {
        let on_run = props.on_run.clone();
        Callback::from(move |_: ()| on_run.emit(id))
    };
    let on_title = props.on_rename.reform(move |title| (id, title));
    let run_click = run.reform(|_: MouseEvent| ());
    let remove_click = {
        let on_remove = props.on_remove.clone();
        Callback::from(move |_: MouseEvent| on_remove.emit(id))
    };
    let busy = pane.is_busy();
    // A snippet that did not compile has empty charts and its error to read: the error
    // goes right under the code, where the charts point to it.
    let error_first = pane.summary.as_ref().is_some_and(|s| s.never_ran());

    html! {
        <article class={classes!("pane", busy.then_some("busy"))} data-testid="pane"
                 data-pane-title={pane.title.clone()} style={format!("--pane-color:{}", props.color)}>
            <header class="pane-header">
                <i class="swatch"></i>
                <PaneTitle title={pane.title.clone()} position={props.position} on_rename={on_title} />
                <span class="pane-status" data-testid="pane-status">{ status_text(pane) }</span>
                if pane.recorded {
                    <RecordedBadge platform={pane.summary.as_ref().map(|s| s.platform.clone())} />
                }
                <button class="run" data-testid="run-pane" onclick={run_click} disabled={busy}
                        title="Run this pane (Ctrl+Enter)">{ "Run" }</button>
                if props.can_remove {
                    <button class="icon" onclick={remove_click} title="Remove this pane"
                            aria-label="remove pane" disabled={pane.status == PaneStatus::Running}>{ "×" }</button>
                }
            </header>
            <Editor code={pane.code.clone()} label={format!("code of {}", pane.title)} on_change={on_change} on_run={run}
                    error_line={pane.error_line} moment_line={props.moment_line}
                    line_marks={pane_line_marks(pane, props.measure)} />
            if error_first {
                <Console pane={pane.clone()} />
            }
            { props.children.clone() }
            if !error_first {
                <Console pane={pane.clone()} />
            }
        </article>
    }
}

/// Output is drawn in blocks of about this many bytes, cut at line ends: the browser lays
/// out only the blocks in view (`content-visibility: auto` in style.css), so 64 KB of
/// printed lines costs a render about what a screenful does.
const OUTPUT_BLOCK: usize = 2048;

/// `text` in consecutive blocks of at most `OUTPUT_BLOCK` bytes, each ending at a line end
/// when the block has one (a longer line is cut at a character boundary).
fn output_blocks(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        if end > OUTPUT_BLOCK {
            // Never 0: a character is at most 4 bytes.
            let window = rest.floor_char_boundary(OUTPUT_BLOCK);
            end = rest[..window]
                .rfind('\n')
                .map_or(window, |newline| newline + 1);
        }
        let (block, tail) = rest.split_at(end);
        rest = tail;
        Some(block)
    })
}

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub pane: Pane,
}

/// Whether the console has anything to show (the embed leaves out an empty one).
pub fn has_console(pane: &Pane) -> bool {
    !pane.output.is_empty()
        || pane.summary.as_ref().is_some_and(|r| r.error.is_some())
        || matches!(pane.status, PaneStatus::Ended(_))
}

/// stdout, then what ended the run: the Python error with its traceback, or the limit.
#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let pane = &props.pane;
    let error = pane.summary.as_ref().and_then(|r| r.error.clone());
    let ended = match &pane.status {
        PaneStatus::Ended(why) => Some(why.clone()),
        _ => None,
    };
    html! {
        <div class="console" data-testid="output">
            if !has_console(pane) {
                <span class="placeholder">{ "Output appears here." }</span>
            }
            // Output scrolls in a box of its own: the notices and the error below it stay in
            // view after 64 KB of prints.
            if !pane.output.is_empty() {
                <div class="stdout-box">
                    { for output_blocks(&pane.output).map(|block| html! { <pre class="stdout">{ block }</pre> }) }
                </div>
            }
            if pane.output_truncated {
                <p class="notice">{ if pane.recorded {
                    format!(
                        "Output cut: a link carries the first {} characters. Press Run for all of it.",
                        thousands(OUTPUT_CHARS as u64)
                    )
                } else {
                    "Output cut at 64 KB.".to_owned()
                } }</p>
            }
            if let Some(e) = error {
                <pre class="error">
                    // A link made before tracebacks travelled has the error's last line only.
                    { if e.traceback.is_empty() { e.headline() } else { e.traceback.trim_end().to_owned() } }
                    { e.line.map(|l| format!("\n(line {l})")).unwrap_or_default() }
                </pre>
            }
            if let Some(why) = ended {
                <p class="notice">{ why }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{output_blocks, OUTPUT_BLOCK};

    #[test]
    fn output_blocks_end_at_line_ends_and_lose_nothing() {
        let text: String = (0..10_000).map(|i| format!("{i}\n")).collect();
        let blocks: Vec<&str> = output_blocks(&text).collect();
        assert_eq!(blocks.concat(), text);
        assert!(blocks
            .iter()
            .all(|b| b.len() <= OUTPUT_BLOCK && b.ends_with('\n')));
        assert!(blocks.len() > text.len() / OUTPUT_BLOCK);
    }

    #[test]
    fn a_long_line_is_cut_at_character_boundaries() {
        // Three-byte characters: the block size falls inside one.
        let text = "€".repeat(5_000);
        let blocks: Vec<&str> = output_blocks(&text).collect();
        assert_eq!(blocks.concat(), text);
        assert!(blocks.iter().all(|b| b.len() <= OUTPUT_BLOCK));
        assert_eq!(output_blocks("").count(), 0);
    }
}
