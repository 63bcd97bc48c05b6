//! UAX #44's loose matching of character names (UAX44-LM2).

/// Longer than any name or alias (the longest, box drawings, have 88 bytes).
pub const MAX_KEY: usize = 128;

/// `name` as loose matching compares it, written to `buf`: upper case, without spaces,
/// underscores and medial hyphens (a hyphen between two letters or digits), except the
/// hyphen of U+1180 HANGUL JUNGSEONG O-E, the one name that differs from another (U+116C
/// HANGUL JUNGSEONG OE) only by it. `ch` is the character the name is listed for (any
/// other when it is a name asked for). `None` when `name` has a character no name has,
/// or is longer than any. On the stack: a lookup inside a run must not allocate.
pub fn key<'b>(name: &str, ch: char, buf: &'b mut [u8; MAX_KEY]) -> Option<&'b [u8]> {
    let bytes = name.as_bytes();
    let mut len = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let c = b.to_ascii_uppercase();
        if c.is_ascii_whitespace() || c == b'_' {
            continue;
        }
        let medial = i > 0
            && bytes[i - 1].is_ascii_alphanumeric()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if c == b'-' && medial && ch != '\u{1180}' {
            continue;
        }
        if !c.is_ascii_alphanumeric() && c != b'-' {
            return None;
        }
        *buf.get_mut(len)? = c;
        len += 1;
    }
    Some(&buf[..len])
}

/// FNV-1a: the same on every platform, so lookups do not depend on a random seed.
pub fn hash(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_underscores_and_medial_hyphens_do_not_count() {
        for (name, ch, expected) in [
            (
                "Latin small_letter a",
                'a',
                Some(b"LATINSMALLLETTERA".as_slice()),
            ),
            (
                "BOX DRAWINGS LIGHT DOWN-RIGHT",
                ' ',
                Some(b"BOXDRAWINGSLIGHTDOWNRIGHT"),
            ),
            // Not medial: after a space.
            ("TIBETAN LETTER -A", ' ', Some(b"TIBETANLETTER-A")),
            (
                "HANGUL JUNGSEONG O-E",
                '\u{1180}',
                Some(b"HANGULJUNGSEONGO-E"),
            ),
            ("HANGUL JUNGSEONG O-E", '\0', Some(b"HANGULJUNGSEONGOE")),
            ("SNOWMAN!", '\0', None),
            (&"A".repeat(MAX_KEY + 1), '\0', None),
        ] {
            assert_eq!(key(name, ch, &mut [0; MAX_KEY]), expected, "{name}");
        }
    }
}
