//! What the Python parser uses of unicode_names2 1.x, from 3.x: the code point named by a
//! `\N{...}` escape. 3.x knows a newer Unicode, so it accepts every name 1.x did.
#![no_std]

pub use names::character;
