//! Share links: the page's whole state in the URL fragment, compressed and versioned.
//!
//! `#v2=<payload>[&run=1]`, where the payload is URL-safe base64 (no padding) of the
//! raw-deflated JSON of a [`SharedState`]. v2 added the panes' recorded results
//! (`results`, see `recorded`, and `&recorded=1` after the payload); v1 links are the
//! same JSON without them. Nothing goes to a server. Decoding never
//! panics: a corrupt, truncated, oversized or future-version link is a [`ShareError`]
//! whose text the page shows above the default panes. Every version ever shipped must
//! keep decoding (tests/share_versions.rs holds one link of each).

use crate::recorded::RecordedRun;
use crate::Limits;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version this build writes.
pub const CURRENT_VERSION: u32 = 2;
/// Links longer than this are refused before any decoding.
pub const MAX_LINK_BYTES: usize = 64 * 1024;
/// Decompressed JSON larger than this is refused (a deflate bomb must not eat memory).
const MAX_JSON_BYTES: usize = 1024 * 1024;
/// The most panes a page (and so a link) holds.
pub const MAX_PANES: usize = 4;
/// The longest pane title, in characters.
pub const MAX_TITLE_CHARS: usize = 40;

const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedPane {
    pub title: String,
    pub code: String,
}

/// How the panes' charts are laid out: each pane with its own, or all in one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    #[default]
    SideBySide,
    Overlay,
}

/// What the charts' x axis counts: bytecode steps (deterministic) or wall time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Axis {
    #[default]
    Steps,
    Millis,
}

/// Which bytes the page shows: what CPython 3.11 would hold for the same objects (the
/// model, the default), or RustPython's own heap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    #[default]
    Cpython,
    Rustpython,
}

impl Measure {
    fn is_default(&self) -> bool {
        *self == Measure::default()
    }
}

/// A moment of a run the page travelled to: a pane (by position) and the step the
/// snippet had run to. Runs are deterministic by step, so running the link's code again
/// reaches the same moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedMoment {
    pub pane: u32,
    pub step: u64,
}

/// What a link restores: the panes, the chosen view, axis and measure, the limits, the
/// moment the page was at and the gallery example it shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedState {
    pub panes: Vec<SharedPane>,
    #[serde(default)]
    pub view: View,
    #[serde(default)]
    pub axis: Axis,
    #[serde(default)]
    pub limits: Limits,
    /// Left out while it is the default, so a link that never chose one reads as before.
    #[serde(default, skip_serializing_if = "Measure::is_default")]
    pub measure: Measure,
    /// Left out when none was selected (links from before moments read as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moment: Option<SharedMoment>,
    /// The gallery example the panes came from (its id in `www/gallery/manifest.json`),
    /// so the link opens with its explanation and headline; left out for free-form panes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Each pane's recorded run, by position (`None`: not recorded); empty when the link
    /// carries no results. Only v2 links have them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<Option<RecordedRun>>,
}

impl SharedState {
    /// Whether opening this state must run the code to show its moment: the moment is in
    /// a pane whose results it does not carry.
    pub fn runs_to_moment(&self) -> bool {
        self.moment.is_some_and(|m| {
            self.results
                .get(m.pane as usize)
                .is_none_or(Option::is_none)
        })
    }

    /// This state as a share link carries it: a link that runs to reach its moment
    /// (`run=1`) replaces results at once, so it carries none. (An embed keeps them: it
    /// runs only when asked.)
    pub fn for_link(mut self) -> Self {
        if self.runs_to_moment() {
            self.results.clear();
        }
        self
    }
}

/// A decoded link: the state, whether it asks to run at once, and what was adjusted to
/// open it (limits out of range), to tell the person.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLink {
    pub state: SharedState,
    pub auto_run: bool,
    pub notice: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge(usize),
    NewerVersion(u32),
    Damaged(&'static str),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLarge(n) => write!(
                f,
                "This link is too large to open ({} KB; the limit is {} KB), so the default panes are shown.",
                n / 1024,
                MAX_LINK_BYTES / 1024
            ),
            ShareError::NewerVersion(v) => write!(
                f,
                "This link was made by a newer Memplay (format v{v}); reload the page to get it. The default panes are shown."
            ),
            ShareError::Damaged(why) => write!(
                f,
                "This link is damaged ({why}), perhaps cut short when copied, so the default panes are shown."
            ),
        }
    }
}

impl std::error::Error for ShareError {}

/// The URL fragment (without `#`) for `state`.
pub fn encode(state: &SharedState, auto_run: bool) -> String {
    let json = serde_json::to_vec(state).expect("shared state is plain data");
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    // Without results the JSON is v1's: written as v1, which every build opens.
    let version = if state.results.is_empty() {
        1
    } else {
        CURRENT_VERSION
    };
    let mut fragment = format!("v{version}={}", BASE64.encode(packed));
    if auto_run {
        fragment.push_str("&run=1");
    }
    // Readable without inflating: the page's first script leaves the engine for later
    // (www/engine-start.js). Decoding goes by the payload alone.
    if !state.results.is_empty() {
        fragment.push_str("&recorded=1");
    }
    fragment
}

/// Reads a URL fragment (with or without `#`): `Ok(None)` when it holds no state.
pub fn decode(fragment: &str) -> Result<Option<ShareLink>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooLarge(fragment.len()));
    }
    let mut payload = None;
    let mut auto_run = false;
    for part in fragment.split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        if key == "run" {
            auto_run = value == "1";
        } else if let Some(version) = key.strip_prefix('v') {
            let version: u32 = version
                .parse()
                .map_err(|_| ShareError::Damaged("its version is unreadable"))?;
            payload = Some((version, value));
        }
    }
    let Some((version, payload)) = payload else {
        return Ok(None);
    };
    let mut state = match version {
        1 => {
            let mut state = unpack(payload)?;
            state.results.clear();
            state
        }
        2 => unpack(payload)?,
        v if v > CURRENT_VERSION => return Err(ShareError::NewerVersion(v)),
        _ => return Err(ShareError::Damaged("its version is unknown")),
    };
    validate(&state)?;
    // Limits come from whoever wrote the link: keep them in ranges a run can honour
    // (a time limit of 2^31 ms ended every run at once; one over 2^53 broke JavaScript).
    // Clamped first: results are kept only for the limits the page will use.
    let (limits, clamped) = state.limits.clamped();
    state.limits = limits;
    let stale = drop_stale_results(&mut state);
    let notice = match (stale, clamped) {
        (Some(stale), Some(clamped)) => Some(format!("{stale} {clamped}")),
        (stale, clamped) => stale.or(clamped),
    };
    Ok(Some(ShareLink {
        state,
        auto_run,
        notice,
    }))
}

/// Drops recorded results that are malformed or do not match their pane's code and
/// limits (the link was edited by hand): the pane opens with its code and no figures,
/// and the person is told. The rest of the link stands.
fn drop_stale_results(state: &mut SharedState) -> Option<String> {
    let mut stale = Vec::new();
    for (position, (pane, result)) in state.panes.iter().zip(&mut state.results).enumerate() {
        if result
            .as_ref()
            .is_some_and(|r| r.check().is_err() || !r.matches(&pane.code, &state.limits))
        {
            *result = None;
            stale.push((position + 1).to_string());
        }
    }
    if state.results.iter().all(Option::is_none) {
        state.results.clear();
    }
    match stale.as_slice() {
        [] => None,
        [one] => Some(format!(
            "The recorded results of pane {one} do not match its code or limits (the link was changed after it was made), so they are not shown: press Run to measure it."
        )),
        [some @ .., last] => Some(format!(
            "The recorded results of panes {} and {last} do not match their code or limits (the link was changed after it was made), so they are not shown: press Run to measure them.",
            some.join(", ")
        )),
    }
}

/// The JSON state inside a payload (v1 and v2 pack it alike).
fn unpack(payload: &str) -> Result<SharedState, ShareError> {
    let packed = BASE64
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ShareError::Damaged("it is not valid base64"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON_BYTES)
        .map_err(|_| ShareError::Damaged("its data does not decompress"))?;
    serde_json::from_slice(&json)
        .map_err(|_| ShareError::Damaged("its data is not a Memplay state"))
}

fn validate(state: &SharedState) -> Result<(), ShareError> {
    if state.panes.is_empty() || state.panes.len() > MAX_PANES {
        return Err(ShareError::Damaged("it holds no panes or too many"));
    }
    if state
        .panes
        .iter()
        .any(|p| p.title.chars().count() > MAX_TITLE_CHARS)
    {
        return Err(ShareError::Damaged("a pane title is too long"));
    }
    if state.results.len() > state.panes.len() {
        return Err(ShareError::Damaged(
            "it holds results for panes it does not have",
        ));
    }
    if state
        .moment
        .is_some_and(|m| m.pane as usize >= state.panes.len())
    {
        return Err(ShareError::Damaged(
            "its moment names a pane it does not hold",
        ));
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn state() -> SharedState {
        SharedState {
            panes: vec![
                SharedPane {
                    title: "list".into(),
                    code: "data = [i for i in range(1_000_000)]\n".into(),
                },
                SharedPane {
                    title: "générateur <b>".into(),
                    code: "total = sum(i for i in range(10))\n".into(),
                },
            ],
            view: View::Overlay,
            axis: Axis::Millis,
            limits: Limits {
                time_ms: 5_000,
                ..Limits::default()
            },
            measure: Measure::Rustpython,
            moment: Some(SharedMoment {
                pane: 1,
                step: 123_456,
            }),
            example: Some("generators".into()),
            results: Vec::new(),
        }
    }

    #[test]
    fn round_trips_with_and_without_auto_run() {
        for auto_run in [false, true] {
            let fragment = encode(&state(), auto_run);
            assert!(fragment.starts_with("v1="), "no results: v1");
            let link = decode(&format!("#{fragment}")).unwrap().unwrap();
            assert_eq!(link.state, state());
            assert_eq!(link.auto_run, auto_run);
        }
    }

    #[test]
    fn no_fragment_is_no_state() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
        assert_eq!(decode("#run=1"), Ok(None));
    }

    #[test]
    fn bad_links_say_why() {
        let good = encode(&state(), false);
        let truncated = &good[..good.len() / 2];
        assert!(matches!(decode(truncated), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("v1=***"), Err(ShareError::Damaged(_))));
        assert!(matches!(decode("v1=aGVsbG8"), Err(ShareError::Damaged(_))));
        assert_eq!(decode("v7=abc"), Err(ShareError::NewerVersion(7)));
        assert!(matches!(decode("vx=abc"), Err(ShareError::Damaged(_))));
        let huge = format!("v1={}", "A".repeat(MAX_LINK_BYTES));
        assert!(matches!(decode(&huge), Err(ShareError::TooLarge(_))));
        assert!(ShareError::NewerVersion(7)
            .to_string()
            .contains("newer Memplay"));
    }

    #[test]
    fn a_moment_must_name_one_of_the_panes() {
        let mut elsewhere = state();
        elsewhere.moment = Some(SharedMoment { pane: 2, step: 1 });
        assert!(matches!(
            decode(&encode(&elsewhere, false)),
            Err(ShareError::Damaged(_))
        ));
    }

    #[test]
    fn states_that_make_no_sense_are_refused() {
        let mut empty = state();
        empty.panes.clear();
        assert!(decode(&encode(&empty, false)).is_err());
        let mut many = state();
        many.panes = vec![many.panes[0].clone(); 5];
        assert!(decode(&encode(&many, false)).is_err());
    }

    #[test]
    fn limits_out_of_range_open_clamped_with_a_notice() {
        let mut wild = state();
        wild.limits = Limits {
            time_ms: 1 << 31,
            memory_bytes: 0,
            steps: 0,
        };
        let link = decode(&encode(&wild, true)).unwrap().unwrap();
        assert_eq!(
            link.state.limits,
            Limits {
                time_ms: 600_000,
                memory_bytes: 1 << 20,
                steps: 1,
            }
        );
        assert_eq!(link.state.panes, wild.panes);
        assert!(link
            .notice
            .unwrap()
            .starts_with("Limits out of range were adjusted"));
        // Past 2^53, where a JavaScript number would no longer hold the value.
        let json = r#"{"panes":[{"title":"a","code":"x"}],"limits":{"time_ms":5000,"memory_bytes":1048576,"steps":18446744073709551615}}"#;
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        let link = decode(&format!("v1={}", BASE64.encode(packed)))
            .unwrap()
            .unwrap();
        assert_eq!(link.state.limits.steps, (1 << 53) - 1);
        assert_eq!(
            decode(&encode(&state(), false)).unwrap().unwrap().notice,
            None
        );
    }

    #[test]
    fn recorded_results_travel_with_their_code() {
        let mut recorded = state();
        let run = crate::recorded::tests::recorded_run(&recorded.panes[0].code, &recorded.limits);
        assert!(run.matches(&recorded.panes[0].code, &recorded.limits));
        recorded.results = vec![Some(run), None];
        let link = decode(&encode(&recorded, false)).unwrap().unwrap();
        assert_eq!(link.notice, None);
        assert_eq!(link.state, recorded);
        // No results at all: none written.
        recorded.results.clear();
        assert_eq!(
            decode(&encode(&recorded, false)).unwrap().unwrap().state,
            recorded
        );
    }

    #[test]
    fn results_that_do_not_match_their_code_are_dropped_with_a_notice() {
        let mut edited = state();
        // Recorded for other code (the link was edited by hand after it was made).
        let run = crate::recorded::tests::recorded_run("data = [0] * 10\n", &edited.limits);
        edited.results = vec![Some(run.clone()), Some(run)];
        let link = decode(&encode(&edited, false)).unwrap().unwrap();
        assert!(link.state.results.is_empty());
        assert_eq!(link.state.panes, edited.panes);
        assert!(link
            .notice
            .unwrap()
            .starts_with("The recorded results of panes 1 and 2 do not match their code"));
        // Different limits are different results too.
        let mut limits = state();
        let run = crate::recorded::tests::recorded_run(&limits.panes[0].code, &limits.limits);
        limits.results = vec![Some(run)];
        limits.limits.time_ms += 1;
        assert!(decode(&encode(&limits, false))
            .unwrap()
            .unwrap()
            .state
            .results
            .is_empty());
    }

    #[test]
    fn a_malformed_result_is_dropped_and_the_rest_of_the_link_opens() {
        let mut broken = state();
        let mut run = crate::recorded::tests::recorded_run(&broken.panes[0].code, &broken.limits);
        run.timeline.peak_at = 99;
        broken.results = vec![Some(run)];
        let link = decode(&encode(&broken, false)).unwrap().unwrap();
        assert!(link.state.results.is_empty());
        assert_eq!(link.state.panes, broken.panes);
        assert!(link
            .notice
            .unwrap()
            .starts_with("The recorded results of pane 1 do not match"));
    }

    #[test]
    fn v1_links_carry_no_results() {
        let mut recorded = state();
        recorded.results = vec![Some(crate::recorded::tests::recorded_run(
            &recorded.panes[0].code,
            &recorded.limits,
        ))];
        let as_v1 = encode(&recorded, false).replacen("v2=", "v1=", 1);
        assert!(decode(&as_v1).unwrap().unwrap().state.results.is_empty());
    }

    #[test]
    fn a_deflate_bomb_is_refused() {
        let json = format!(
            r#"{{"panes":[{{"title":"a","code":"{}"}}]}}"#,
            "x".repeat(4 * MAX_JSON_BYTES)
        );
        let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
        let fragment = format!("v1={}", BASE64.encode(packed));
        assert!(fragment.len() < MAX_LINK_BYTES);
        assert!(matches!(decode(&fragment), Err(ShareError::Damaged(_))));
    }

    fn arbitrary_state() -> impl Strategy<Value = SharedState> {
        let pane = (".{0,40}", "(?s).{0,400}").prop_map(|(title, code)| SharedPane { title, code });
        (
            prop::collection::vec(pane, 1..=MAX_PANES),
            any::<bool>(),
            any::<bool>(),
            Limits::TIME_MS,
            Limits::MEMORY_BYTES,
            any::<bool>(),
        )
            .prop_map(
                |(panes, overlay, millis, time_ms, memory_bytes, rustpython)| SharedState {
                    panes,
                    view: if overlay {
                        View::Overlay
                    } else {
                        View::SideBySide
                    },
                    axis: if millis { Axis::Millis } else { Axis::Steps },
                    limits: Limits {
                        time_ms,
                        memory_bytes,
                        ..Limits::default()
                    },
                    measure: if rustpython {
                        Measure::Rustpython
                    } else {
                        Measure::Cpython
                    },
                    moment: None,
                    example: None,
                    results: Vec::new(),
                },
            )
    }

    proptest! {
        #[test]
        fn any_state_round_trips(state in arbitrary_state(), auto_run in any::<bool>()) {
            let link = decode(&encode(&state, auto_run)).unwrap().unwrap();
            prop_assert_eq!(link.state, state);
            prop_assert_eq!(link.auto_run, auto_run);
        }

        /// The decoder as a fuzz target: random text after `v1=` or `v2=` never panics.
        #[test]
        fn random_payloads_never_panic(payload in "[A-Za-z0-9_=&-]{0,300}") {
            let _ = decode(&format!("v1={payload}"));
            let _ = decode(&format!("v2={payload}"));
        }

        #[test]
        fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&format!("v1={}", BASE64.encode(&bytes)));
            let _ = decode(&format!("v2={}", BASE64.encode(&bytes)));
            let _ = decode(&String::from_utf8_lossy(&bytes));
        }

        /// Random JSON for a recorded timeline (wild units, positions and differences)
        /// is refused or read, never a panic.
        #[test]
        fn wild_recorded_timelines_never_panic(
            columns in prop::collection::vec(prop::collection::vec(any::<i64>(), 0..6), 13),
            units in prop::collection::vec(any::<i64>(), 3),
            peak_at in any::<u64>(),
        ) {
            let unsigned = |c: &Vec<i64>| c.iter().map(|v| v.unsigned_abs()).collect::<Vec<u64>>();
            let mut run = crate::recorded::tests::recorded_run("x", &Limits::default());
            run.timeline = crate::recorded::RecordedTimeline {
                byte_unit: units[0],
                cpython_unit: units[1],
                step_unit: units[2].unsigned_abs(),
                step: unsigned(&columns[0]),
                ms: unsigned(&columns[1]),
                line: columns[2].clone(),
                bytes: columns[3].clone(),
                census_at: unsigned(&columns[4]),
                objects: columns[5].clone(),
                cpython: columns[6].clone(),
                cpython_objects: columns[8].clone(),
                peak_at,
                peak_own: columns[7].is_empty(),
                peak_collected: columns[8].is_empty(),
                highs: columns[5]
                    .iter()
                    .zip(&columns[6])
                    .map(|(&at, &bytes)| crate::recorded::RecordedHigh {
                        at: at.unsigned_abs(),
                        bytes,
                        collected: at < 0,
                    })
                    .collect(),
                types: {
                    let names = columns[9].len() % 3;
                    crate::recorded::RecordedTypes {
                        at: unsigned(&columns[9]),
                        names: vec!["int".into(); names],
                        counts: vec![columns[10].clone(); names],
                        cpython_extra: vec![columns[11].clone(); names],
                        cpython_bytes: vec![columns[12].clone(); names],
                    }
                },
                net_objects: columns[3].clone(),
            };
            let mut state = state();
            state.panes[0].code = "x".into();
            state.limits = Limits::default();
            state.results = vec![Some(run)];
            // What the page draws from such a link never panics either.
            if let Ok(Some(link)) = decode(&encode(&state, false)) {
                for run in link.state.results.iter().flatten() {
                    if let Ok(samples) = run.samples() {
                        for measure in [Measure::Rustpython, Measure::Cpython] {
                            let _ = crate::estimate::objects_all(&samples, measure);
                        }
                        let _ = crate::estimate::estimate_all(&samples);
                    }
                }
            }
        }
    }
}
