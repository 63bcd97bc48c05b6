//! Unicode character names are read on first use (crates/unicode-names), not built into
//! the engine: a run that names no character does not load them, and the one that does
//! gets CPython's answers without their tables in its figures. A file of its own: the
//! names, once loaded, stay loaded for the process.

mod common;

use common::run;
use memplay_engine::protocol::Outcome;

#[test]
fn names_load_on_first_use_and_cost_the_run_that_asked_nothing() {
    // Building the interpreter, the warm-up and a plain run name no character.
    let plain = run("s = 'memory'\n");
    assert_eq!(plain.outcome, Outcome::Completed);
    assert!(!unicode_names2::is_loaded());

    let named = run(concat!(
        "import unicodedata\n",
        "print(unicodedata.name('é'), unicodedata.lookup('LINE FEED') == '\\n')\n",
        "print('\\N{BULLET}', ord('\\N{cjk unified ideograph-4e00}'))\n",
    ));
    assert_eq!(
        named.outcome,
        Outcome::Completed,
        "{:?}",
        named.summary.error
    );
    assert!(unicode_names2::is_loaded());
    assert_eq!(
        named.stdout,
        "LATIN SMALL LETTER E WITH ACUTE True\n• 19968\n"
    );
    // The tables (~2 MB) are the engine's; what the snippet holds is a few objects.
    assert!(named.peak_bytes < 64 * 1024, "{}", named.peak_bytes);
}
