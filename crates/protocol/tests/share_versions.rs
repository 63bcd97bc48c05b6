//! Every share-link format Memplay ever shipped must keep opening. One link per version,
//! exactly as the page wrote it; add a case whenever `share::CURRENT_VERSION` changes.

use memplay_protocol::share::{decode, encode, Axis, Measure, SharedPane, SharedState, View};
use memplay_protocol::Limits;

/// Written by format v1 (the first release) for `list_vs_generator()`, with `run=1`.
const V1_LINK: &str = "#v1=fY_LCsJADEV_ZchKYRb1UZGCX9KWMtpYAvMo01gtpf9uxoV1ZSCQhNyTmxl643GAopyBiS1CAZYGBg230KauNWzURZWk7iEqUuRVNL7Dza7Jsizltq48BzZW1oaH2yTFtvKw6JXZocdoOMQV_Cv5A_-Qag0j4VNUYcRozSQY8yLxDY6sGJbekiOWSTrqsHFS5gLQ4NCFODXXidOj-9P5eMiP-UnDwNjLZJd9Y1ne&run=1";

fn list_vs_generator() -> SharedState {
    SharedState {
        panes: vec![
            SharedPane {
                title: "list".into(),
                code: "data = [i for i in range(1_000_000)]\ntotal = sum(data)\n".into(),
            },
            SharedPane {
                title: "generator".into(),
                code: "total = sum(i for i in range(1_000_000))\n".into(),
            },
        ],
        view: View::Overlay,
        axis: Axis::Millis,
        limits: Limits {
            time_ms: 5_000,
            memory_bytes: 256 << 20,
            steps: 10_000_000_000,
        },
        // v1 links predate the measure: they open with the default, CPython's.
        measure: Measure::Cpython,
        // ...and the moment: none.
        moment: None,
        // ...and the gallery example: none.
        example: None,
    }
}

#[test]
fn v1_links_open() {
    let link = decode(V1_LINK).unwrap().expect("a state");
    assert_eq!(link.state, list_vs_generator());
    assert!(link.auto_run);
}

#[test]
fn the_current_writer_still_writes_v1_identically() {
    // If this fails the format changed: bump CURRENT_VERSION and keep V1_LINK's test.
    assert_eq!(format!("#{}", encode(&list_vs_generator(), true)), V1_LINK);
}
