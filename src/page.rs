//! What the page's URL asks for: the full playground or the embed layout (`?embed=1`,
//! with `editable=1` and `load=click|visible`, by default `click` when the link carries
//! recorded results and `visible` otherwise), the colour scheme (`theme=auto|light|dark`), and the shared state
//! in the fragment.

use memplay_protocol::share::{self, ShareError, ShareLink};

/// A colour scheme as asked for: `Auto` follows the reader's system setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(name: &str) -> Option<Theme> {
        match name {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The scheme to show, given whether the system prefers dark.
    pub fn resolve(self, system_dark: bool) -> Theme {
        match self {
            Theme::Auto if system_dark => Theme::Dark,
            Theme::Auto => Theme::Light,
            forced => forced,
        }
    }
}

/// When an embed loads its engine (`load=`): the playground loads it at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineLoad {
    /// At once (the playground).
    Eager,
    /// When the embed scrolls into view, or on Run, an edit or a host's request (the
    /// embed's default).
    Visible,
    /// Only on Run, an edit or a host's request (`load=click`).
    Click,
    /// No `load=` in an embed's address: `Click` when the link carries recorded results
    /// (the reader already sees them), else `Visible`.
    Auto,
}

impl EngineLoad {
    /// When a page that opened with recorded results, or without, loads its engine: a
    /// link with results shows them at once and loads Python only on Run or an edit
    /// (the playground too), unless an embed's address says otherwise.
    pub fn resolve(self, recorded: bool) -> EngineLoad {
        match self {
            EngineLoad::Auto | EngineLoad::Eager if recorded => EngineLoad::Click,
            EngineLoad::Auto => EngineLoad::Visible,
            asked => asked,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageMode {
    pub embed: bool,
    /// In an embed, whether the code can be edited (read-only by default).
    pub editable: bool,
    /// The `theme=` the address asks for (`auto`, `light` or `dark`), if any.
    pub theme: Option<Theme>,
    pub load: EngineLoad,
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
        let embed = flag("embed").as_deref() == Some("1");
        PageMode {
            embed,
            load: match flag("load").as_deref() {
                _ if !embed => EngineLoad::Eager,
                Some("click") => EngineLoad::Click,
                Some("visible") => EngineLoad::Visible,
                _ => EngineLoad::Auto,
            },
            editable: flag("editable").as_deref() == Some("1"),
            theme: flag("theme").as_deref().and_then(Theme::parse),
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

/// This page's origin (`https://host:port`).
pub fn page_origin() -> String {
    location().and_then(|l| l.origin().ok()).unwrap_or_default()
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
        assert!(m.embed && !m.editable && m.theme == Some(Theme::Dark));
        let m = PageMode::from_query("?embed=1&editable=1");
        assert!(m.embed && m.editable && m.theme.is_none());
        assert_eq!(
            PageMode::from_query("?theme=light").theme,
            Some(Theme::Light)
        );
        assert_eq!(PageMode::from_query("?theme=purple").theme, None);
        assert_eq!(PageMode::from_query("?embed=1").load, EngineLoad::Auto);
        assert_eq!(
            PageMode::from_query("?embed=1&load=visible").load,
            EngineLoad::Visible
        );
        assert_eq!(EngineLoad::Auto.resolve(true), EngineLoad::Click);
        assert_eq!(EngineLoad::Auto.resolve(false), EngineLoad::Visible);
        assert_eq!(EngineLoad::Visible.resolve(true), EngineLoad::Visible);
        assert_eq!(EngineLoad::Eager.resolve(true), EngineLoad::Click);
        assert_eq!(EngineLoad::Eager.resolve(false), EngineLoad::Eager);
        assert_eq!(
            PageMode::from_query("?embed=1&load=click").load,
            EngineLoad::Click
        );
        assert_eq!(PageMode::from_query("?load=click").load, EngineLoad::Eager);
        assert!(!PageMode::from_query("").embed);
    }

    #[test]
    fn auto_follows_the_system_and_the_others_force() {
        assert_eq!(Theme::Auto.resolve(true), Theme::Dark);
        assert_eq!(Theme::Auto.resolve(false), Theme::Light);
        assert_eq!(Theme::Light.resolve(true), Theme::Light);
        assert_eq!(Theme::Dark.resolve(false), Theme::Dark);
    }
}
