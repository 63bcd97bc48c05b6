//! What the Python parser uses of unicode_names2 1.x: the code point named by a `\N{...}`
//! escape, from crates/unicode-names (3.x's API), which knows a newer Unicode, so it
//! accepts every name 1.x did.
#![no_std]

pub use names::character;
