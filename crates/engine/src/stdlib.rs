//! RustPython's Python standard library, in two parts (split by `stdlib-frozen.txt`):
//! the modules nearly every run needs, frozen into the engine, and the rest, fetched as
//! source on first import through the host's [`StdlibFetcher`]. Freezing all of it made
//! the engine wasm 5.7 MB (gzipped) larger, for modules few snippets import.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::allocator::EngineZone;
use rustpython_vm::frozen::FrozenLib;

/// The frozen part (compiled to bytecode at build time from vendor/stdlib-frozen).
pub static FROZEN: &FrozenLib = rustpython_vm::py_freeze!(dir = "../../../vendor/stdlib-frozen");

/// Returns the text of a file of the on-demand part (`index.txt`, `email/parser.py`), or
/// `None` when the host cannot get it. The browser worker fetches `stdlib/<path>` next to
/// the page; the native default reads vendor/stdlib-lazy.
pub type StdlibFetcher = fn(&str) -> Option<String>;

static FETCHER: OnceLock<StdlibFetcher> = OnceLock::new();

/// Sets where on-demand modules come from; the first call wins. Call before the first run.
pub fn set_stdlib_fetcher(fetcher: StdlibFetcher) {
    let _ = FETCHER.set(fetcher);
}

fn fetcher() -> StdlibFetcher {
    *FETCHER.get_or_init(|| read_vendored)
}

#[cfg(not(target_arch = "wasm32"))]
fn read_vendored(path: &str) -> Option<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../vendor/stdlib-lazy");
    std::fs::read_to_string(std::path::Path::new(root).join(path)).ok()
}

#[cfg(target_arch = "wasm32")]
fn read_vendored(_path: &str) -> Option<String> {
    None
}

/// Hands the Unicode character names (`unicode-names.txt`, served with the on-demand
/// part) to crates/unicode-names on its first question (a `\N{...}` escape,
/// `unicodedata.name`), inside an engine zone: the tables it builds (~2.5 MB) are the
/// engine's, not the run's that asked.
pub fn load_unicode_names(parse: &mut dyn FnMut(&str)) {
    let _zone = EngineZone::enter();
    if let Some(text) = fetcher()("unicode-names.txt") {
        parse(&text);
    }
}

/// A module found in the on-demand part.
pub struct OnDemandModule {
    pub source: String,
    /// Where the source came from, as tracebacks show it: `stdlib/email/parser.py`.
    pub origin: String,
    pub is_package: bool,
}

thread_local! {
    /// Module name -> file, from index.txt, fetched once on the first lookup.
    static INDEX: OnceCell<HashMap<String, String>> = const { OnceCell::new() };
}

fn parse_index(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(module, path)| (module.to_owned(), path.to_owned()))
        .collect()
}

fn with_index<T>(f: impl FnOnce(&HashMap<String, String>) -> T) -> T {
    INDEX.with(|index| {
        f(index.get_or_init(|| parse_index(&fetcher()("index.txt").unwrap_or_default())))
    })
}

/// Loads the index now, while the interpreter is built, so that no run's figures hold it.
pub fn load_index() {
    with_index(|_| ());
}

/// The source of `module` when it is an on-demand stdlib module. Only names in the index
/// are fetched, so a snippet cannot make the host fetch anything else.
pub fn find_on_demand(module: &str) -> Option<OnDemandModule> {
    let path = with_index(|index| index.get(module).cloned())?;
    let source = fetcher()(&path)?;
    Some(OnDemandModule {
        source,
        is_package: path.ends_with("/__init__.py"),
        origin: format!("stdlib/{path}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_maps_modules_to_files() {
        let index = parse_index("email email/__init__.py\nemail.parser email/parser.py\n");
        assert_eq!(index["email"], "email/__init__.py");
        assert_eq!(index["email.parser"], "email/parser.py");
        assert_eq!(index.len(), 2);
    }

    #[test]
    fn a_module_outside_the_index_is_not_fetched() {
        assert!(find_on_demand("../../etc/passwd").is_none());
        let email = find_on_demand("email.parser").expect("vendored on-demand stdlib");
        assert!(!email.is_package);
        assert_eq!(email.origin, "stdlib/email/parser.py");
        assert!(find_on_demand("email").unwrap().is_package);
    }
}
