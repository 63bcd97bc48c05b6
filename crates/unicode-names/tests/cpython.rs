//! The names agree with CPython's unicodedata (python3 is the oracle; scripts/test.sh
//! installs it). Unicode never renames a character, so every name CPython's older Unicode
//! knows must be ours too, both ways.

use std::process::Command;
use unicode_names2::{character, character_or_alias, name};

const LIST_NAMES: &str = r#"
import sys, unicodedata
for code in range(0x110000):
    name = unicodedata.name(chr(code), None)
    if name is not None:
        sys.stdout.write(f"{code:X};{name}\n")
"#;

#[test]
fn every_name_cpython_knows_is_the_same_here_both_ways() {
    let Ok(output) = Command::new("python3").args(["-c", LIST_NAMES]).output() else {
        eprintln!("skipped: no python3 to compare with (scripts/test.sh installs it)");
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed = String::from_utf8(output.stdout).unwrap();
    let mut count = 0;
    for line in listed.lines() {
        let (code, expected) = line.split_once(';').unwrap();
        let ch = char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap();
        assert_eq!(
            name(ch).map(|n| n.to_string()).as_deref(),
            Some(expected),
            "U+{code}"
        );
        assert_eq!(character(expected), Some(ch), "{expected}");
        count += 1;
    }
    // CPython 3.11 (Unicode 14) names 138,552 characters, most of them by rule.
    assert!(count >= 138_552, "{count}");
}

#[test]
fn lookups_match_loosely_and_find_aliases_only_when_asked() {
    for (asked, expected) in [
        ("latin small letter a", 'a'),
        ("Black_Star", '★'),
        ("SNOWMAN", '☃'),
        // Names made by rule.
        ("CJK UNIFIED IDEOGRAPH-4E00", '一'),
        ("cjk unified ideograph-4e00", '一'),
        ("HANGUL SYLLABLE GA", '가'),
        ("hangul syllable bwelg", '\u{BDC1}'),
        // The one name a medial hyphen tells apart.
        ("HANGUL JUNGSEONG O-E", '\u{1180}'),
        ("HANGUL JUNGSEONG OE", '\u{116C}'),
    ] {
        assert_eq!(character(asked), Some(expected), "{asked}");
        assert_eq!(character_or_alias(asked), Some(expected), "{asked}");
    }
    // Aliases, which `name` never gives: a `\N{...}` escape finds them, `character`
    // (what unicodedata's lookups ask first) does not.
    for (alias, expected) in [
        ("LINE FEED", '\n'),
        ("line-feed", '\n'),
        ("BYTE ORDER MARK", '\u{FEFF}'),
        ("BACKSPACE", '\x08'),
        ("NBSP", '\u{A0}'),
    ] {
        assert_eq!(character_or_alias(alias), Some(expected), "{alias}");
        assert_eq!(character(alias), None, "{alias}");
    }
    for unknown in [
        "nonsense",
        "",
        "SNOWMAN!",
        "CJK UNIFIED IDEOGRAPH-0041",
        "HANGUL SYLLABLE X",
    ] {
        assert_eq!(character_or_alias(unknown), None, "{unknown}");
    }
    assert!(name('\0').is_none());
    assert!(name('\u{10FFFF}').is_none());
    assert_eq!(
        name('\u{FEFF}').unwrap().to_string(),
        "ZERO WIDTH NO-BREAK SPACE"
    );
}
