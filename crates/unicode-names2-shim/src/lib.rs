//! What the Python parser uses of unicode_names2 1.x: the code point a `\N{...}` escape
//! names, by name or alias as CPython finds it (`\N{LINE FEED}`), from crates/unicode-names,
//! which knows a newer Unicode, so it accepts every name 1.x did.
#![no_std]

/// The character `name` names, or has as an alias.
pub fn character(name: &str) -> Option<char> {
    names::character_or_alias(name)
}
