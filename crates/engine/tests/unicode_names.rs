//! Unicode character names are read on first use (crates/unicode-names), not built into
//! the engine: a run that names no character does not load them, and the one that does
//! gets CPython's answers without their tables in its figures. A file of its own: the
//! names, once loaded, stay loaded for the process.

mod common;

use common::run;
use memplay_engine::protocol::Outcome;
use memplay_engine::CountingAllocator;

// The engine counts the snippet's bytes in the process's allocator.
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

#[test]
fn names_load_on_first_use_cost_the_run_nothing_and_answer_as_cpython() {
    // Building the interpreter, the warm-up and a plain run name no character.
    let plain = run("s = 'memory'\n");
    assert_eq!(plain.outcome, Outcome::Completed);
    assert!(!unicode_names2::is_loaded());

    // The first question while the run is measured (a `\N{...}` in the source would be
    // answered by the parser, before measuring starts).
    let named = run(concat!(
        "import unicodedata\n",
        "print(unicodedata.name('é'), unicodedata.lookup('LINE FEED') == '\\n')\n",
    ));
    assert_eq!(
        named.outcome,
        Outcome::Completed,
        "{:?}",
        named.summary.error
    );
    assert!(unicode_names2::is_loaded());
    assert_eq!(named.stdout, "LATIN SMALL LETTER E WITH ACUTE True\n");
    // The tables (~2.5 MB) are the engine's; what the snippet holds is a few objects.
    assert!(named.peak_bytes > 0);
    assert!(named.peak_bytes < 64 * 1024, "{}", named.peak_bytes);

    // Escapes find names and aliases; Unicode 3.2.0 has no aliases. (Here, not in a test
    // of its own: run first, it would load the names before the checks above.)
    let report = run(concat!(
        "import unicodedata\n",
        "print('\\N{BULLET}', ord('\\N{line feed}'), ord('\\N{CJK UNIFIED IDEOGRAPH-4E00}'))\n",
        "print(unicodedata.lookup('HANGUL SYLLABLE BWELG'), unicodedata.name('\\uBDC1'))\n",
        "for name in ('LINE FEED', 'NBSP'):\n",
        "    try:\n",
        "        unicodedata.ucd_3_2_0.lookup(name)\n",
        "    except KeyError as e:\n",
        "        print(e)\n",
    ));
    assert_eq!(
        report.outcome,
        Outcome::Completed,
        "{:?}",
        report.summary.error
    );
    // As CPython 3.11 prints it.
    assert_eq!(
        report.stdout,
        concat!(
            "• 10 19968\n",
            "뷁 HANGUL SYLLABLE BWELG\n",
            "\"undefined character name 'LINE FEED'\"\n",
            "\"undefined character name 'NBSP'\"\n",
        )
    );
}
