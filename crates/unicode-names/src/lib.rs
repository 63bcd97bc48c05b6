//! The Unicode name of a character and the character of a name, as unicode_names2 3.x
//! answers them (`name`, `character`, with UAX #44's loose matching), from a list of names
//! read on first use instead of tables compiled in.
//!
//! Only `\N{...}` escapes and `unicodedata.name` / `lookup` need the names, and few
//! snippets use them, but compiled in, unicode_names2's tables were ~0.3 MB of the engine's
//! brotli download for every reader. The list, `unicode-names.txt`, is made by
//! scripts/vendor-rustpython.sh from the UnicodeData.txt and NameAliases.txt that
//! unicode_names2 3.1.0 builds its tables from, and served with the on-demand stdlib; the
//! host hands it over through [`set_loader`]. Names made by rule (CJK unified ideographs,
//! Hangul syllables) are worked out here, as unicode_names2 does.

mod hangul;
mod loose;

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

/// Hands the name list's text to `parse` (or does nothing when the host cannot get it:
/// then no character has a name). Called once, on the first question.
pub type Loader = fn(parse: &mut dyn FnMut(&str));

static LOADER: OnceLock<Loader> = OnceLock::new();
static NAMES: OnceLock<Names> = OnceLock::new();

/// Sets where the name list comes from; the first call wins. Without one, native builds
/// read the vendored list (what RustPython's build script asks, at build time).
pub fn set_loader(loader: Loader) {
    let _ = LOADER.set(loader);
}

#[cfg(not(target_arch = "wasm32"))]
fn read_vendored(parse: &mut dyn FnMut(&str)) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../vendor/stdlib-lazy/unicode-names.txt"
    );
    if let Ok(text) = std::fs::read_to_string(path) {
        parse(&text);
    }
}

#[cfg(target_arch = "wasm32")]
fn read_vendored(_parse: &mut dyn FnMut(&str)) {}

/// The name list, parsed.
#[derive(Default)]
struct Names {
    /// (code point, name), by code point.
    by_char: Vec<(u32, Box<str>)>,
    /// Every name and alias, loosely matched (`loose::key`), to its character.
    by_name: HashMap<Box<[u8]>, char>,
    /// The ranges of CJK unified ideographs (named by rule).
    cjk: Vec<(u32, u32)>,
}

impl Names {
    /// Reads lines `CODE;NAME` (UnicodeData.txt's first two fields, ranges as its
    /// `<..., First>` and `<..., Last>` pairs) and `CODE;ALIAS;TYPE` (NameAliases.txt);
    /// `#` starts a comment line.
    fn parse(&mut self, text: &str) {
        let mut range_start = None;
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split(';');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Some(ch) = u32::from_str_radix(code, 16).ok().and_then(char::from_u32) else {
                continue;
            };
            if fields.next().is_some() {
                // An alias: found by `character`, never given by `name`.
                self.by_name
                    .entry(loose::key(name, ch).into())
                    .or_insert(ch);
            } else if let Some(range) = name.strip_prefix('<') {
                if range.starts_with("CJK Ideograph") {
                    if range.ends_with(", First>") {
                        range_start = Some(ch as u32);
                    } else if let Some(start) = range_start.take() {
                        self.cjk.push((start, ch as u32));
                    }
                }
                // Other `<...>` entries (controls, Hangul syllables, Tangut, ...) have no
                // listed name.
            } else {
                self.by_name.insert(loose::key(name, ch).into(), ch);
                self.by_char.push((ch as u32, name.into()));
            }
        }
        self.by_char.sort_unstable_by_key(|(code, _)| *code);
    }

    fn is_cjk_unified_ideograph(&self, code: u32) -> bool {
        self.cjk.iter().any(|&(lo, hi)| lo <= code && code <= hi)
    }
}

/// Whether the name list was read (for tests: a run that names no character must not
/// load it).
pub fn is_loaded() -> bool {
    NAMES.get().is_some()
}

fn names() -> &'static Names {
    NAMES.get_or_init(|| {
        let mut names = Names::default();
        let load = LOADER.get().copied().unwrap_or(read_vendored);
        load(&mut |text| names.parse(text));
        names
    })
}

/// A character's name. `Display` writes it.
#[derive(Clone, Debug)]
pub struct Name(Kind);

#[derive(Clone, Debug)]
enum Kind {
    Listed(&'static str),
    CjkUnifiedIdeograph(u32),
    HangulSyllable(u32),
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            Kind::Listed(name) => f.write_str(name),
            Kind::CjkUnifiedIdeograph(code) => write!(f, "CJK UNIFIED IDEOGRAPH-{code:X}"),
            Kind::HangulSyllable(code) => hangul::write_name(code, f),
        }
    }
}

#[allow(clippy::len_without_is_empty)]
impl Name {
    /// The number of bytes in the name (all names are ASCII).
    pub fn len(&self) -> usize {
        self.to_string().len()
    }
}

/// The name of `c`, or `None` when it has none (controls, unassigned code points).
pub fn name(c: char) -> Option<Name> {
    let names = names();
    let code = c as u32;
    if let Ok(i) = names.by_char.binary_search_by_key(&code, |(code, _)| *code) {
        return Some(Name(Kind::Listed(&names.by_char[i].1)));
    }
    if names.is_cjk_unified_ideograph(code) {
        return Some(Name(Kind::CjkUnifiedIdeograph(code)));
    }
    hangul::is_syllable(code).then_some(Name(Kind::HangulSyllable(code)))
}

/// The character named `search_name`, by name or alias, matched loosely as UAX #44 says
/// (case, spaces, underscores and medial hyphens ignored): `"latin small letter a"`,
/// `"LINE FEED"`.
pub fn character(search_name: &str) -> Option<char> {
    let key = loose::key(search_name, '\0');
    if let Some(syllable) = key.strip_prefix(b"HANGULSYLLABLE".as_slice()) {
        // No other name starts so.
        return hangul::syllable_named(syllable);
    }
    let names = names();
    if let Some(digits) = key.strip_prefix(b"CJKUNIFIEDIDEOGRAPH".as_slice()) {
        // No other name starts so either.
        let digits = std::str::from_utf8(digits).ok()?;
        if digits.len() > 5 || digits.bytes().any(|b| !b.is_ascii_hexdigit()) {
            return None;
        }
        let code = u32::from_str_radix(digits, 16).ok()?;
        return names
            .is_cjk_unified_ideograph(code)
            .then(|| char::from_u32(code))
            .flatten();
    }
    let found = *names.by_name.get(key.as_slice())?;
    // U+1180 HANGUL JUNGSEONG O-E keeps its medial hyphen, so loosely it is
    // "HANGULJUNGSEONGO-E"; without the hyphen it is U+116C HANGUL JUNGSEONG OE. Asked
    // for with the hyphen, the key above lost it: look for it where O-E has it.
    if found == '\u{116C}'
        && search_name
            .trim_end_matches(|c: char| c.is_ascii_whitespace() || c == '_')
            .bytes()
            .nth_back(1)
            == Some(b'-')
    {
        return Some('\u{1180}');
    }
    Some(found)
}
