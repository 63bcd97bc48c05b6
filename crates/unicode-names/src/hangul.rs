//! Hangul syllables, named by rule (The Unicode Standard, 3.12): "HANGUL SYLLABLE " and
//! the short names of the syllable's leading consonant, vowel and trailing consonant.

use std::fmt;

const FIRST: u32 = 0xAC00;
const LEADING: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const VOWELS: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const TRAILING: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];
const COUNT: u32 = (LEADING.len() * VOWELS.len() * TRAILING.len()) as u32;

pub fn is_syllable(code: u32) -> bool {
    (FIRST..FIRST + COUNT).contains(&code)
}

/// The syllable's jamo short names, in order.
fn parts(code: u32) -> [&'static str; 3] {
    let index = (code - FIRST) as usize;
    let per_leading = VOWELS.len() * TRAILING.len();
    [
        LEADING[index / per_leading],
        VOWELS[index % per_leading / TRAILING.len()],
        TRAILING[index % TRAILING.len()],
    ]
}

pub fn write_name(code: u32, f: &mut fmt::Formatter) -> fmt::Result {
    f.write_str("HANGUL SYLLABLE ")?;
    parts(code).iter().try_for_each(|part| f.write_str(part))
}

/// The syllable whose short names, run together, are `short` (upper case). Syllable
/// names are unique, so the first full match is the one; nothing is allocated (a lookup
/// inside a run must not add to its allocations).
pub fn syllable_named(short: &[u8]) -> Option<char> {
    for (l, leading) in LEADING.iter().enumerate() {
        let Some(rest) = short.strip_prefix(leading.as_bytes()) else {
            continue;
        };
        for (v, vowel) in VOWELS.iter().enumerate() {
            let Some(rest) = rest.strip_prefix(vowel.as_bytes()) else {
                continue;
            };
            if let Some(t) = TRAILING.iter().position(|t| rest == t.as_bytes()) {
                let index = (l * VOWELS.len() + v) * TRAILING.len() + t;
                return char::from_u32(FIRST + index as u32);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(code: u32) -> String {
        parts(code).concat()
    }

    #[test]
    fn syllables_are_named_by_their_jamo() {
        assert_eq!(name(0xAC00), "GA");
        assert_eq!(name(0xD7A3), "HIH");
        assert_eq!(name(0xBDC1), "BWELG");
        assert_eq!(syllable_named(b"BWELG"), Some('\u{BDC1}'));
        assert_eq!(syllable_named(b"GA"), Some('\u{AC00}'));
        assert_eq!(syllable_named(b"XYZ"), None);
        // Every syllable's name finds it.
        for code in FIRST..FIRST + COUNT {
            assert_eq!(syllable_named(name(code).as_bytes()), char::from_u32(code));
        }
        assert!(!is_syllable(0xD7A4));
    }
}
