//! UAX #44's loose matching of character names (UAX44-LM2).

/// `name` as loose matching compares it: upper case, without spaces, underscores and
/// medial hyphens (a hyphen between two letters or digits), except the hyphen of U+1180
/// HANGUL JUNGSEONG O-E, the one name that differs from another (U+116C HANGUL JUNGSEONG
/// OE) only by it. `ch` is the character the name is listed for (any other when it is a
/// name asked for). A name with any other character matches nothing: its key is empty.
pub fn key(name: &str, ch: char) -> Vec<u8> {
    let bytes = name.as_bytes();
    let mut key = Vec::with_capacity(bytes.len());
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
            return Vec::new();
        }
        key.push(c);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn case_spaces_underscores_and_medial_hyphens_do_not_count() {
        assert_eq!(key("Latin small_letter a", 'a'), b"LATINSMALLLETTERA");
        assert_eq!(
            key("BOX DRAWINGS LIGHT DOWN-RIGHT", ' '),
            b"BOXDRAWINGSLIGHTDOWNRIGHT"
        );
        // Not medial: after a space.
        assert_eq!(key("TIBETAN LETTER -A", ' '), b"TIBETANLETTER-A");
        assert_eq!(
            key("HANGUL JUNGSEONG O-E", '\u{1180}'),
            b"HANGULJUNGSEONGO-E"
        );
        assert_eq!(key("HANGUL JUNGSEONG O-E", '\0'), b"HANGULJUNGSEONGOE");
        assert_eq!(key("SNOWMAN!", '\0'), b"");
    }
}
