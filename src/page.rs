//! What the page's URL asks for: the full playground or the embed layout (`?embed=1`,
//! with `editable=1` and `theme=dark`), and the shared state in the fragment.

use memplay_protocol::share::{self, ShareError, ShareLink};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageMode {
    pub embed: bool,
    /// In an embed, whether the code can be edited (read-only by default).
    pub editable: bool,
    pub theme: Theme,
}

impl PageMode {
    /// Reads a query string such as `?embed=1&theme=dark`.
    pub fn from_query(query: &str) -> Self {
        let flag = |name: &str| {
            query
                .trim_start_matches('?')
                .split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        PageMode {
            embed: flag("embed").as_deref() == Some("1"),
            editable: flag("editable").as_deref() == Some("1"),
            theme: if flag("theme").as_deref() == Some("dark") {
                Theme::Dark
            } else {
                Theme::Light
            },
        }
    }
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

pub fn current_mode() -> PageMode {
    PageMode::from_query(&location().and_then(|l| l.search().ok()).unwrap_or_default())
}

pub fn current_link() -> Result<Option<ShareLink>, ShareError> {
    share::decode(&location().and_then(|l| l.hash().ok()).unwrap_or_default())
}

/// The playground's address (this page without query or fragment).
pub fn playground_base() -> String {
    location()
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_embed_options() {
        let m = PageMode::from_query("?embed=1&theme=dark");
        assert!(m.embed && !m.editable && m.theme == Theme::Dark);
        let m = PageMode::from_query("?embed=1&editable=1");
        assert!(m.embed && m.editable && m.theme == Theme::Light);
        assert!(!PageMode::from_query("").embed);
    }
}
