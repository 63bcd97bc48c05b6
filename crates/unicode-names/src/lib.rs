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

use loose::MAX_KEY;
use std::fmt;
use std::sync::OnceLock;

/// Hands the name list's text to `parse` (or does nothing when the host cannot get it:
/// then no character has a name, until a later question tries again). Called on the
/// first question.
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
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text),
        // At build time this ends in rustpython-unicode's build script, far from the cause.
        Err(err) => eprintln!("unicode_names2: {path}: {err} (run scripts/vendor-rustpython.sh)"),
    }
}

#[cfg(target_arch = "wasm32")]
fn read_vendored(_parse: &mut dyn FnMut(&str)) {}

/// One listed name or alias: its code point and where its text is in `Names::text`.
#[derive(Clone, Copy)]
struct Entry {
    code: u32,
    start: u32,
    len: u32,
}

/// The name list, parsed: ~2.5 MB for its ~41,000 names and aliases, kept for the
/// process (the engine's, never a run's).
struct Names {
    /// Every name and alias, back to back.
    text: String,
    /// Names by code point.
    names: Vec<Entry>,
    /// Aliases (found by `character_or_alias`, never given by `name`).
    aliases: Vec<Entry>,
    /// (hash of the loose key, index in `names`), by hash.
    names_by_key: Vec<(u64, u32)>,
    /// The same for `aliases`.
    aliases_by_key: Vec<(u64, u32)>,
    /// The ranges of CJK unified ideographs (named by rule).
    cjk: Vec<(u32, u32)>,
}

/// No names: what parsing starts from.
const NONE: Names = Names {
    text: String::new(),
    names: Vec::new(),
    aliases: Vec::new(),
    names_by_key: Vec::new(),
    aliases_by_key: Vec::new(),
    cjk: Vec::new(),
};

/// What a question gets while the list cannot be had.
static EMPTY: Names = NONE;

impl Names {
    /// Reads lines `CODE;NAME` (UnicodeData.txt's first two fields, ranges as its
    /// `<..., First>` and `<..., Last>` pairs) and `CODE;ALIAS;TYPE` (NameAliases.txt);
    /// `#` starts a comment line.
    fn parse(text: &str) -> Names {
        let lines = text.lines().count();
        let mut names = Names {
            text: String::with_capacity(text.len()),
            names: Vec::with_capacity(lines),
            ..NONE
        };
        let mut range_start = None;
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split(';');
            let (Some(code), Some(name)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(code) = u32::from_str_radix(code, 16) else {
                continue;
            };
            if let Some(range) = name.strip_prefix('<') {
                // Of the `<...>` entries only the CJK unified ideographs' ranges are named
                // (by rule); the vendor script drops the others.
                if range.ends_with(", First>") {
                    range_start = Some(code);
                } else if let Some(start) = range_start.take() {
                    names.cjk.push((start, code));
                }
                continue;
            }
            let entry = Entry {
                code,
                start: names.text.len() as u32,
                len: name.len() as u32,
            };
            names.text.push_str(name);
            match fields.next() {
                Some(_) => names.aliases.push(entry),
                None => names.names.push(entry),
            }
        }
        names.names.sort_unstable_by_key(|e| e.code);
        names.names_by_key = names.keyed(&names.names);
        names.aliases_by_key = names.keyed(&names.aliases);
        names
    }

    fn text_of(&self, entry: Entry) -> &str {
        &self.text[entry.start as usize..(entry.start + entry.len) as usize]
    }

    /// The loose key of a listed name or alias.
    fn key_of<'b>(&self, entry: Entry, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
        loose::key(self.text_of(entry), char_of(entry.code), buf)
    }

    fn keyed(&self, entries: &[Entry]) -> Vec<(u64, u32)> {
        let mut keyed: Vec<(u64, u32)> = entries
            .iter()
            .enumerate()
            .filter_map(|(i, &e)| Some((loose::hash(self.key_of(e, &mut [0; MAX_KEY])?), i as u32)))
            .collect();
        keyed.sort_unstable();
        keyed
    }

    /// The entry of `entries` whose loose key is `key`.
    fn find(&self, entries: &[Entry], by_key: &[(u64, u32)], key: &[u8]) -> Option<char> {
        let hash = loose::hash(key);
        let first = by_key.partition_point(|&(h, _)| h < hash);
        by_key[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| entries[i as usize])
            .find(|&e| self.key_of(e, &mut [0; MAX_KEY]) == Some(key))
            .map(|e| char_of(e.code))
    }

    fn is_cjk_unified_ideograph(&self, code: u32) -> bool {
        self.cjk.iter().any(|&(lo, hi)| lo <= code && code <= hi)
    }
}

fn char_of(code: u32) -> char {
    char::from_u32(code).unwrap_or('\0')
}

/// The names, loaded on the first question. Only a load that got the list is kept: when
/// the host could not get it (offline), the next question asks again.
fn names() -> &'static Names {
    if let Some(names) = NAMES.get() {
        return names;
    }
    let mut loaded = None;
    let load = LOADER.get().copied().unwrap_or(read_vendored);
    load(&mut |text| loaded = Some(Names::parse(text)));
    match loaded {
        Some(names) => NAMES.get_or_init(|| names),
        None => &EMPTY,
    }
}

/// Whether the name list was read (for tests: a run that names no character must not
/// load it).
pub fn is_loaded() -> bool {
    NAMES.get().is_some()
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
    if let Ok(i) = names.names.binary_search_by_key(&code, |e| e.code) {
        return Some(Name(Kind::Listed(names.text_of(names.names[i]))));
    }
    if names.is_cjk_unified_ideograph(code) {
        return Some(Name(Kind::CjkUnifiedIdeograph(code)));
    }
    hangul::is_syllable(code).then_some(Name(Kind::HangulSyllable(code)))
}

/// The character named `search_name`, matched loosely as UAX #44 says (case, spaces,
/// underscores and medial hyphens ignored): `"latin small letter a"`. (CPython ignores
/// case alone; this is unicode_names2's looser rule, which RustPython had.) Names only:
/// `unicodedata.lookup` looks up aliases itself, and `unicodedata.ucd_3_2_0.lookup` must
/// not find them (unicode_names2 3.1.0 found the one-word ones here, so RustPython's
/// `ucd_3_2_0.lookup('NBSP')` did, where CPython raises `KeyError`).
pub fn character(search_name: &str) -> Option<char> {
    named(
        search_name,
        loose::key(search_name, '\0', &mut [0; MAX_KEY])?,
    )
}

/// `character` for `search_name`, whose loose key is `key`.
fn named(search_name: &str, key: &[u8]) -> Option<char> {
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
    let found = names.find(&names.names, &names.names_by_key, key)?;
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

/// The character named `search_name` or having it as an alias (`LINE FEED`, `NBSP`), as a
/// `\N{...}` escape finds it.
pub fn character_or_alias(search_name: &str) -> Option<char> {
    let mut buf = [0; MAX_KEY];
    let key = loose::key(search_name, '\0', &mut buf)?;
    named(search_name, key).or_else(|| {
        let names = names();
        names.find(&names.aliases, &names.aliases_by_key, key)
    })
}
