//! Share and Embed: a link that restores the page, and the iframe code for a blog post.

use crate::page::{page_origin, playground_base, Theme};
use memplay_protocol::share::{self, SharedState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub shared: SharedState,
    /// How many panes have results a link can carry (`State::recordable_panes`).
    #[prop_or_default]
    pub recordable: usize,
    /// `shared` with those results: made only when a link with them is wanted (it thins
    /// every pane's timeline).
    pub with_results: Callback<(), SharedState>,
    /// The gallery example's title, which names the embed for screen readers.
    #[prop_or_default]
    pub example_title: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Link,
    Embed,
}

/// The playground link that restores `shared` as a link carries it
/// (`SharedState::for_link`): it runs on open only to reach a moment whose results it
/// does not carry, and then carries none.
pub fn link_url(shared: SharedState) -> String {
    let shared = shared.for_link();
    let auto_run = shared.runs_to_moment();
    format!("{}#{}", playground_base(), share::encode(&shared, auto_run))
}

#[derive(Clone, PartialEq)]
struct EmbedOptions {
    height: u32,
    editable: bool,
    auto_run: bool,
    /// Load the engine only on Run (`load=click`), not when the embed scrolls into view;
    /// `None`: the embed's default (on Run when the link has results).
    on_click: Option<bool>,
    /// `Auto` follows each reader's system setting (no `theme=` in the address).
    theme: Theme,
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn embed_code(shared: &SharedState, o: &EmbedOptions, example_title: Option<&str>) -> String {
    let mut query = String::from("embed=1");
    if o.editable {
        query.push_str("&editable=1");
    }
    match o.on_click {
        Some(true) if shared.results.is_empty() => query.push_str("&load=click"),
        Some(false) if !shared.results.is_empty() => query.push_str("&load=visible"),
        _ => {}
    }
    if o.theme != Theme::Auto {
        query.push_str("&theme=");
        query.push_str(o.theme.name());
    }
    let titles: Vec<&str> = shared.panes.iter().map(|p| p.title.as_str()).collect();
    let name = example_title.map_or_else(|| titles.join(" vs "), str::to_string);
    format!(
        "<iframe src=\"{}?{query}#{}\" width=\"100%\" height=\"{}\" style=\"border:0\" loading=\"lazy\" title=\"{}\"></iframe>\n{}",
        playground_base(),
        share::encode(shared, o.auto_run),
        o.height,
        attribute(&format!("Memplay: {name}")),
        auto_height_script(&page_origin()),
    )
}

/// The host's side of auto-height: sizes the iframe that sent `memplay:resize` (only from
/// Memplay's origin) to its content. One copy serves every embed on the page.
fn auto_height_script(origin: &str) -> String {
    // An opaque origin ("null", a page opened from a file) would match any opaque sender.
    if origin.is_empty() || origin == "null" {
        return String::new();
    }
    // A JSON string is a JS string; `<` escaped, so no `</script>` can end the script.
    let origin = serde_json::to_string(origin)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    format!(
        "<script>addEventListener(\"message\",function(e){{if(e.origin!=={origin}||!e.data||e.data.type!==\"memplay:resize\")return;\
document.querySelectorAll(\"iframe\").forEach(function(f){{if(f.contentWindow===e.source)f.style.height=Math.min(Math.ceil(+e.data.height)||0,5000)+\"px\"}})}})</script>"
    )
}

fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        // Refused without a secure context or permission; the text stays selectable.
        let _ = window.navigator().clipboard().write_text(text);
    }
}

#[function_component(ShareButtons)]
pub fn share_buttons(props: &ShareProps) -> Html {
    let open = use_state(|| Open::Nothing);
    let options = use_state(|| EmbedOptions {
        height: 460,
        editable: false,
        auto_run: false,
        on_click: None,
        theme: Theme::Auto,
    });
    // Results go with the link by default when there are any: the reader sees them at once.
    let include_results = use_state(|| true);
    // The embed code last copied: "Copied" shows while the code is still that.
    let copied = use_state(|| None::<String>);
    // An embed that runs on load replaces results at once: it carries none. A link with a
    // moment opens at it when the moment's run travels with it, and runs to reach it
    // otherwise, without results (`SharedState::for_link`).
    let runs_on_open = *open == Open::Embed && options.auto_run;
    let can_include = props.recordable > 0 && !runs_on_open;
    let with_results = can_include && *include_results;
    let link_with_results = props.recordable > 0 && *include_results;
    let shared_for = {
        let shared = props.shared.clone();
        let make = props.with_results.clone();
        move |with_results: bool| {
            if with_results {
                make.emit(())
            } else {
                shared.clone()
            }
        }
    };
    let toggle = |which: Open| {
        let open = open.clone();
        let shared_for = shared_for.clone();
        Callback::from(move |_: MouseEvent| {
            if which == Open::Link && *open != Open::Link {
                copy_to_clipboard(&link_url(shared_for(link_with_results)));
            }
            open.set(if *open == which { Open::Nothing } else { which });
        })
    };
    let on_include = {
        let include_results = include_results.clone();
        let shared_for = shared_for.clone();
        let copy_link = *open == Open::Link;
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            include_results.set(input.checked());
            if copy_link {
                let with_results = input.checked() && can_include;
                copy_to_clipboard(&link_url(shared_for(with_results)));
            }
        })
    };
    let include_option = html! {
        <label class="include-results" title="Charts and figures show at once from the link; the engine loads only on Run">
            <input type="checkbox" data-testid="share-include-results"
                   checked={with_results} disabled={!can_include} onchange={on_include} />
            { match props.recordable {
                0 => " include results (run the panes first)".to_string(),
                _ if runs_on_open => " include results (not in a link that runs on open)".to_string(),
                n if n == props.shared.panes.len() => " include results".to_string(),
                n => format!(" include results ({n} of {} panes)", props.shared.panes.len()),
            } }
        </label>
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        } else if let Some(area) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            area.select();
        }
    });
    let set = |apply: fn(&mut EmbedOptions, &web_sys::HtmlInputElement)| {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*options).clone();
            apply(&mut next, &input);
            options.set(next);
        })
    };

    let set_theme = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*options).clone();
            next.theme = Theme::parse(&select.value()).unwrap_or_default();
            options.set(next);
        })
    };
    // Escape closes the open panel, wherever in it focus is.
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open != Open::Nothing {
                open.set(Open::Nothing);
            }
        })
    };
    let panel = match *open {
        Open::Nothing => html! {},
        Open::Link => {
            // What the link holds: a link that runs to its moment carries no results
            // (`SharedState::for_link`).
            let shared = shared_for(with_results);
            let runs = shared.runs_to_moment();
            let holds = match (shared.results.is_empty() || runs, runs) {
                (false, _) => "the panes, view, axis, limits and results",
                // No results for the moment's pane (not included, not run to its end or
                // edited since, or too large for a link): the link runs to reach it.
                (true, true) => {
                    "the panes, view, axis and limits, and runs them to reach the moment"
                }
                (true, false) => "the panes, view, axis and limits",
            };
            let url = link_url(shared);
            html! {
                <div class="popover" role="dialog" aria-label="share link">
                    <p>{ format!("Link copied ({}). It holds {holds}; nothing is uploaded.", memplay_protocol::format::bytes(url.len() as i64)) }</p>
                    { include_option }
                    <input readonly=true data-testid="share-link" value={url} onfocus={select_all} />
                </div>
            }
        }
        Open::Embed => {
            let shared = shared_for(with_results);
            let code = embed_code(&shared, &options, props.example_title.as_deref());
            let copy_code = {
                let (code, copied) = (code.clone(), copied.clone());
                Callback::from(move |_: MouseEvent| {
                    copy_to_clipboard(&code);
                    copied.set(Some(code.clone()));
                })
            };
            let on_click = options.on_click.unwrap_or(with_results);
            let is_copied = copied.as_deref() == Some(code.as_str());
            html! {
                <div class="popover" role="dialog" aria-label="embed code">
                    <div class="embed-options">
                        <label>{ "height " }<input type="number" min="250" max="1200" step="10"
                            value={options.height.to_string()}
                            onchange={set(|o, i| o.height = i.value().parse().unwrap_or(460).clamp(250, 1200))} />{ " px" }</label>
                        <label><input type="checkbox" checked={!options.editable}
                            onchange={set(|o, i| o.editable = !i.checked())} />{ " read-only" }</label>
                        <label><input type="checkbox" checked={options.auto_run}
                            onchange={set(|o, i| o.auto_run = i.checked())} />{ " run on load" }</label>
                        <label title="Otherwise the engine loads when the embed scrolls into view">
                            <input type="checkbox" data-testid="embed-load-click" checked={on_click}
                            onchange={set(|o, i| o.on_click = Some(i.checked()))} />{ " load Python on Run" }</label>
                        { include_option }
                        <label>{ "theme " }<select data-testid="embed-theme" onchange={set_theme}>
                            { for [Theme::Auto, Theme::Light, Theme::Dark].into_iter().map(|t| html! {
                                <option value={t.name()} selected={options.theme == t}>
                                    { if t == Theme::Auto { "reader's setting" } else { t.name() } }
                                </option>
                            }) }
                        </select></label>
                    </div>
                    <textarea readonly=true rows="4" data-testid="embed-code" value={code} onfocus={select_all} />
                    <p class="hint"><button data-testid="embed-copy" onclick={copy_code}>{ "Copy code" }</button>
                        <span aria-live="polite">{ if is_copied { " Copied." } else { "" } }</span>
                        { " Paste it into your post's HTML. The embedding page can drive it with postMessage (see the README)." }</p>
                </div>
            }
        }
    };
    html! {
        <span class="share" onkeydown={on_key}>
            <button data-testid="share" onclick={toggle(Open::Link)} title="Copy a link to this exact page">{ "Share" }</button>
            <button data-testid="embed" onclick={toggle(Open::Embed)} title="Embed in a blog post">{ "Embed" }</button>
            { panel }
        </span>
    }
}
