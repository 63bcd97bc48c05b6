//! Every share-link format Memplay ever shipped must keep opening. One link per version,
//! exactly as the page wrote it; add a case whenever `share::CURRENT_VERSION` changes.

use memplay_protocol::estimate;
use memplay_protocol::recorded::RecordedRun;
use memplay_protocol::share::{
    decode, encode, Axis, Measure, SharedMoment, SharedPane, SharedState, View,
};
use memplay_protocol::{
    CpythonCensus, Limits, ObjectCensus, Outcome, RunSummary, Sample, TypeFigures,
};

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
        // ...and recorded results: none.
        results: Vec::new(),
    }
}

/// Written by format v2 for `recorded_list()`: the first pane with recorded results.
const V2_LINK: &str = concat!(
    "#v2=1VVtb5swEP4rkT-1ktsZDAYq7Ze0CDmp23ozGIFpFlX577uzecuaZpO2D2si8L0-99xhzBtpZaN6cnf_Rpx2",
    "RpE7YnTvCCU7-4jao3Ry83VzrzdPttvojW42nWye1VVUMcbwui4fGmedNBDWD_UVZlw_NORIF8xn1ahOOtstwOuU",
    "C-AeqaTkVas9ZNlX1Rl5ABj5QwNvUmsDhEE3utYOLFi0VlUNYgoAlNSqtt2h2h4cNhqLPOFpkgpKeqdasERs_h0p",
    "6VQ_GBcm8qSBS9d2unFQKY_EVvE8KbbxE-P8EWrawe1sjd3A0hrlFFpbIx30U4O5G3rXHtyLbW7YrbhlX_ayr3mM",
    "QUp-nzjxIi8yxjKKFaWZzJGnvwv51TohzmLOTrwniRl6fLzdflM7NzcZTxVmO6dkL43x44ox7XQoMGZj7E46bZvR",
    "GvmyqumHvpLO08KhYx65K0TIMrqBqYDgn_KqvHUvqvOeifkYsbKMXawsPqva2QEfxDv7Eu8Ord_MBJ8YDTu5xB0H",
    "iWifuorKBWN2MspWZoSakL0L9gZurNDZG0FXNTQaCBVZsuIUbCLnaRjmaIhG1aNFnHMaieyc4G9C0JwnNEWuIIM3",
    "CULwnk1Et2_uvHsW5pgT4I8rIIl8YSd-W-APwBEvfcf1AvhC_CzuLCzNfUBNXGwuuwQ3emCT1GFTQBBcYQUIGsN_",
    "0SYPO9GSUV9nBxmz2Encr0j_ugbKPqqc3th7VD_7f-wBmlre3xz6jVZ3RjMvpzHlMap5OhknOQSDIJJFXSME-6y-",
    "RwBkwIeA7CwC2Pn_wkpwepOwQsyjm094P74CY6Ybm5UID9L5W4IHG4tT8bfLcgqHtwwKArWwfiyX4ydP-hN5-v7t",
    "AcN1gzoey-NP&recorded=1",
);

/// Written by format v2 for `recorded_list()` once results carried CPython's object counts
/// (optional fields, which builds before them ignore).
const V2_LINK_WITH_CPYTHON_OBJECTS: &str = concat!(
    "#v2=1VXrbpswFH6VyL9aye0MBgOV9iRthJzUbb2Zi8A0i6q8-86xwZA0zSZ1P9ZE4HP9znd84420slY9ubt_I1Zb",
    "o8gdMbq3hJJt84jao7Ry9X11r1dPTbfSK12vOlk_q6uoZIzhc71-qG1jpYGwfqiuMOP6oSYHOmM-q1p10jbdDLxM",
    "uQDukNaUvGq1g6zmVXVG7gFG_tLAm1TaAGHQja60BQsWrVRZgZgCACWVqppuX272FhuNRZ7wNEkFJb1VLVgiFn4H",
    "SjrVD8b6GXnSwKVrO11bqJRHYqN4nhSb-Ilx_gg1m8Fumwq7gaE1yiq0tkZa6KcCczf0tt3bl6a-Ybfiln3byb7i",
    "MQYp-XPixIu8yBjLKFaUZjJHjv7W55fLhDiLOTvyHiVm6HHxzeaH2trQZDxVCHZ-UiA4iqLIkvS0QHAD0k4a46Y5",
    "xnLHkwnLY0yzlVY39WiNHF1V90NfSuuq4WJhHlQTPsvoGmYTBLc7FrQb-6I655kIjRELy9j9wuKyym0z4AK-s8_x",
    "dt-6Q0Bwpak_AWvcqZCI9qmraD1jBCejbGFGqAnZuWBP4Yb0nb0RdJVDrYEQTPCCk7eJnKd-MkdDNKoOLeKc00hk",
    "5wT3EoLmPKEpcgUZvIkXvPdsIrpdc-fdQQgxR8AfV0AS-cxO_LHAX4AjXvqO6wXwmfhZ3CDMzX1ATVxsLrsEN3pg",
    "k1R-U0AQPH4ECBrDf9YmDzvSklFfZnsZs9hR3CnSv66BsotaTyf2HtWv_h97gKbm85tDv9HizWjm5DSmPEY1Tyfj",
    "JPtgEEQyq0sEbw_qewRABnwIyM4igJ3_L6wEpzcJK0SYunDDu-krMGZ6saBEeJGGbwlebCxOxWeH-Rb2pwwKAjU_",
    "fiwv7u5TRvFnh_X4GZbutp--yTvgZ7tBHQ7rw28&recorded=1",
);

/// Written by format v2 for `recorded_list_with_types()` once results carried each
/// census's largest types (an optional field, which builds before it ignore).
const V2_LINK_WITH_TYPES: &str = concat!(
    "#v2=1VXbbuIwEP0V5KdWcru2c6-0X0IjZKjbetdJUOKUIsS_74xNbtx2VfqyBJjJmZkzF8fxjqxlqRryNN8Rq61R5I",
    "kY3VhCyap6wbsXaeXs52yuZ69VPdMzXc5qWb6pO75gjOHvPn8ubWWlAbemLe4w4v65JHs6cL6pUtXSVvVAPA65Qu6Y",
    "cko-tNpAVPWhaiO3QCM_NdRNCm2gYLg3utAWEExaqEUBagQElBSqqOrtYrm12KiI0zCIwiimpLFqDQhn_WdPSa2a1l",
    "g_kVcNtdTrWpcWMqU8XqogDbOleGVB8AI5q9auqgK7AbE2yipE10Za6KcAuG4bu97a96p8YI_xI_uxkU0RCHRS8ndX",
    "U5ClWcJYQjGjNB3MXfkrH78YB4hEBGxinQQmaHH-1fKXWtm-SdFl6PHgKEFvyLIsCaPjBL0ZmDbSGDdmgemmw4TlMa",
    "ZaSaur8oByV64qm7ZZSOuy4WJhHGSLfZTRJUwTFPd0jMqu7LuqnaUr6OAxQg7djxAXtVhVLS7gCT742-3abQKCK039",
    "DsjxSYVAxLuueD5w9EZG2QhGqo7ZmeCZwgfSd7YjaFq0pYaCQpbFQ6DHBAtTP8wDwCN6mBGw8QiLiBPKgyC4oKBLet",
    "E6KDyOvTJBfYIYkfBI8UHJJXOnpCCvsPTKP7TyhZ6Sodajns4GoO_pEE4UzH2FZTJK8IPHofDLH1FGoV_4eclpcIQA",
    "RY8MKOu1Tgq4pshU_25-hlre7cg5hvyvl6sdWhl2pRARxS_jXrCRSGAtOzM79eKJtw34WefB8SwJ5oG7-Cj3Vcq_Vc",
    "lGfN9a5bkRPMDpwA5z7V_qbrYZXJx7wTqdo19_eOCbjIkovlUMr13PGbhd6f_S6e1Zw-i1fVybuFXkhxMYp5IF3XG8",
    "gUpt3ar-yNkRNzZOTy4gKGVx9ViaY6oou3mK53Z3PhqO-rS1xHwP5xzpnF0P7_bdXKQJj0VInUzZrRIyp4JFIqUpHp",
    "vsqyLP9_t9vv8D&recorded=1",
);

/// Written by format v2 for `recorded_list_at_a_moment()`: exact steps, and a moment in a
/// pane whose results travel (such a link opens at the moment, without running).
const V2_LINK_AT_A_MOMENT: &str = concat!(
    "#v2=3VXbbtswDP2VQE8roHaSfC-wL0mNQEnVVptsB7bcNAjy7yOl-NogXZe-bHVtSofkIUVJ4YFsZakacr88EKutUeSe",
    "GN1YQsmmesTZo7Ry8WOx1Iunql7ohS4XtSyf1Te-Yozhe5M_lLay0oBZ0xbf0OPmoSRHOnA-q1LV0lb1QDx2uUDumHJK",
    "XrXagVf1qmoj90Aj3zTkTQptIGGYG11oCwgGLdSqgGEEBJQUqqjq_Wq9t7hQEadhEIVRTElj1RYQzvq_I1hXhSot0mBl",
    "yD3zdkAmROQsatW0xvqaPWnItt7WGl1IyuO1CtIwW4snFgSPkFXV2g0wghLE1iirEN0aaWHFBcB129jt3r5U5S27i-_Y",
    "951sikCgkZK_uqyDLM0SxhKKEaXpYO4WuPH-q7GDSETAJtqJY4IaZ1-tf6qN7csgugg9HswC9Iosy5Iwmgfo1cC0k8a4",
    "jRCMzcsNG2hMtZFWV-UJ5S5dVTZts5LWRcN98OXPYu9l9GlX3PkZpV3ZF1U7TZfQyWKEnFY_QpzXalO1uIHv8MHe7rfu",
    "mhDcaervSI5nGRwR71bF84GjVzLKRjBSdcxOBWcKj6xf2YGgatWWGhIKWRYPjh4TLEx9MU8A704okLkzSv3H5XNhmOCH",
    "f8KBJ4Pt3OpDmjnBh8GGHP_M4TNL_8-q8C4l_MKJK_wJiyijIeXweslpMEMCeDtkQFk_6qSAZ4pMx1_Nz3CUd5d-iS7_",
    "6uNyh6UMFx92ieI_416wkUhi3PoJPraCDadT77PGg-FZEowDs3gW-yLlR1myEd-XZnmuBLfQgNiprn3fcLXN4OHcC9aN",
    "Odr1_QmsOBNRfK0Yftk9ZxAn_SedTs8qRp1hnpu4VuSnJo9VyYKu4-8gU1u3qu9qB-LKxum7BwhKWVzsfEsMFWVXV_Hc",
    "7c5HxVFvtpYY7_acIV2yy-7dvVuKNOGxCKmTKbtWQuRUsEikNMXOzP5W5PnxeMyPvwE&recorded=1",
);

/// Written by format v2 for `recorded_list_with_interpreter_counts()`.
const V2_LINK_WITH_INTERPRETER_COUNTS: &str = concat!(
    "#v2=3VbbbuIwEP0V5Ket5HZ9ybXSfgmNkKFum91cUOKUIsS_74ydGwEBXfqyJSRjH8-cGY_HiXdkrQpdk8f5jpjUZJo8",
    "kiytDaFkVT5j71kZNfs1m6ezl7KapbO0mFWqeNU_-IIxhvdd8lSY0qgM1Oom_4EWd08F2dOB81UXulKmrAbisckZcsuU",
    "UPKe6g1Yle-6ytQWaNRHCnGTPM0gYOhnaZ4aQNBprhc5NH0goCTXeVltF8utwYmKIPKk7_kBJbXRa0A463970C5zXRik",
    "wcyQR-b0gEwI32pUum4y43L2kkK01bpK0YREPFhqGXnxUrwwKZ8hqrIxK2CEQRDrTBuN6DpTBmacA1w1tVlvzVtZ3LOH",
    "4IH93Kg6lwKVtPrTRS3jKA4ZCyl6VFkHczvBlbNfjA1EKCQ7GD0wDHHE6pfL33pl-jSIzkOPy4mDfiCO49Dzpw76YWDa",
    "qCyzCyEYm6YbFjDLypUyaVm0KLfh6qJu6oUy1huug0t_HDirLG1XxdbPKOzSvOnKjnQBtRojpJ39CLFWi1XZ4AIe4YO-",
    "2a7tNiG40tTtkQRrGQwR72bFk4GjH2SUjWCk6pjtENQUlqyb2Y7g0KIpUgjIY3EwGDpMMC9yyWwB3lUokNkape5h4znT",
    "DPHBP2HAw0F3qnWRZkpw0dkQ43UGn5n6N8vCUUj4hIrLXYX5lFGPcrid5FROEAl3hwwo61udFHAdIoftr-Zn2Eq6TT9H",
    "k__1srHDVIaND6tE8c-4E2wkwgCX_gAfa8GC00Prk8qD4kkS9AO9YOL7LOWlKNmI70ujPJWCe_gAsTav_XfD5jaGi3Mn",
    "WNfmqNd_n0CLM-EHt4rhze44ZRD2j-iwe3Jg9GWYxiZuFcBdaDPile7tEAoqWRhBLlEXn21zikaCQahC8msNeOQFDjg2",
    "kH4cnbO1fR563tXOpJQRDXl0rcHFEL5vFhzjPZzZRCDaPWPPc7hjYtmdBjdQxaZqdH_i2RG7pTg9urC4VH72VDTHMvTj",
    "m3fYqTd_Mto4-sNUCv3dn1Kkc3bevHsnz0UU8kB41MqI3SrBc4RLEGEFeYD_o0iS_X6f7P8C&recorded=1",
);

/// `list_vs_generator()` with a made-up run of the list recorded (a ramp to 40 MB and down).
fn recorded_list() -> SharedState {
    let mut state = list_vs_generator();
    let samples: Vec<Sample> = (0..=400u64)
        .map(|i| Sample {
            step: i * 2_500,
            t_ms: i as f64 * 0.5,
            line: if i < 390 { 1 } else { 2 },
            bytes: if i < 390 { i as i64 * 102_563 } else { 1_000 },
            objects: (i % 40 == 0).then_some(i * 2_564),
            high_before: None,
            cpython_bytes: (i % 40 == 0).then_some(i as i64 * 70_000),
            cpython_objects: (i % 40 == 0).then_some(i * 2_563),
            collected: false,
            net_objects: None,
        })
        .collect();
    let summary = RunSummary {
        peak_bytes: 389 * 102_563,
        final_bytes: 1_000,
        cpython_peak_bytes: 27_230_000,
        cpython_final_bytes: 700,
        peak_objects: 1_000_002,
        final_objects: 3,
        cpython_peak_objects: 999_745,
        cpython_final_objects: 2,
        wall_ms: 200.4,
        census_ms: 3.0,
        steps: 1_000_000,
        allocations: 1_000_100,
        census_at_peak: ObjectCensus {
            step: 960_000,
            total: 1_000_002,
            by_type: [("int".to_string(), 1_000_000), ("list".to_string(), 1)].into(),
            ..ObjectCensus::default()
        },
        ..RunSummary::empty(1, "list", Outcome::Completed, "rustpython-0.6.0/wasm32")
    };
    let code = &state.panes[0].code;
    state.results = vec![Some(RecordedRun::of(
        &summary,
        &samples,
        &[],
        code,
        &state.limits,
        None,
    ))];
    state
}

/// `recorded_list()` with the types of its censuses (ints and the one list).
fn recorded_list_with_types() -> SharedState {
    let mut state = recorded_list();
    let run = state.results[0].as_ref().unwrap();
    let samples = run.samples().unwrap();
    let censuses: Vec<ObjectCensus> = samples
        .iter()
        .filter(|s| s.objects.is_some_and(|n| n > 0))
        .map(|s| {
            let ints = s.objects.unwrap() - 1;
            let figures = |count, bytes| TypeFigures { count, bytes };
            ObjectCensus {
                step: s.step,
                t_ms: s.t_ms,
                line: s.line,
                total: ints + 1,
                by_type: [("int".to_string(), ints), ("list".to_string(), 1)].into(),
                other: 0,
                cpython: CpythonCensus {
                    total: s.cpython_objects.unwrap(),
                    bytes: s.cpython_bytes.unwrap(),
                    by_type: [
                        ("int".to_string(), figures(ints - 1, 28 * (ints - 1) as i64)),
                        ("list".to_string(), figures(1, 8 * ints as i64 + 56)),
                    ]
                    .into(),
                    other: TypeFigures::default(),
                },
            }
        })
        .collect();
    record_again(&mut state, &samples, &censuses, None);
    state
}

/// `recorded_list_with_types()` at a moment in the middle of the list's run, recorded
/// with the moment's samples.
fn recorded_list_at_a_moment() -> SharedState {
    let mut state = recorded_list_with_types();
    let run = state.results[0].as_ref().unwrap();
    let samples = run.samples().unwrap();
    let censuses = run.censuses(&samples).unwrap();
    let step = samples[samples.len() / 2 + 1].step;
    record_again(&mut state, &samples, &censuses, Some(step));
    state.moment = Some(SharedMoment { pane: 0, step });
    state
}

/// `recorded_list_at_a_moment()` with the interpreter's object count at every sample (a
/// few hundred more than the censuses count, and the list's ints freed at the end).
fn recorded_list_with_interpreter_counts() -> SharedState {
    let mut state = recorded_list_at_a_moment();
    let run = state.results[0].as_ref().unwrap();
    let mut samples = run.samples().unwrap();
    let censuses = run.censuses(&samples).unwrap();
    for s in &mut samples {
        let step = s.step as i64;
        s.net_objects = Some(if s.line == 1 {
            step / 1_000 * 1_026 + 300
        } else {
            310
        });
    }
    let moment = state.moment.map(|m| m.step);
    record_again(&mut state, &samples, &censuses, moment);
    state
}

/// Records the list pane's run again, from `samples` and `censuses`, at `moment`.
fn record_again(
    state: &mut SharedState,
    samples: &[Sample],
    censuses: &[ObjectCensus],
    moment: Option<u64>,
) {
    let run = state.results[0].as_ref().unwrap();
    let again = RecordedRun::of(
        &run.summary(1, "list"),
        samples,
        censuses,
        &state.panes[0].code,
        &state.limits,
        moment,
    );
    state.results[0] = Some(again);
}

#[test]
fn v1_links_open() {
    let link = decode(V1_LINK).unwrap().expect("a state");
    assert_eq!(link.state, list_vs_generator());
    assert!(link.auto_run);
}

/// `recorded_list()` as v2 links wrote it before they carried CPython's object counts.
fn recorded_list_without_cpython_objects() -> SharedState {
    let mut state = recorded_list();
    for run in state.results.iter_mut().flatten() {
        run.cpython_peak_objects = None;
        run.cpython_final_objects = None;
        run.timeline.cpython_objects.clear();
    }
    state
}

/// `expected` with the thinned timelines `link` carries: which samples a link keeps is
/// its writer's choice, which changed (2026-11-29: also the samples of the peaks the page
/// estimates; later that day, exact steps); everything else must read back as it was
/// written.
fn with_timelines_of(mut expected: SharedState, link: &SharedState) -> SharedState {
    for (e, l) in expected.results.iter_mut().zip(&link.results) {
        if let (Some(e), Some(l)) = (e, l) {
            e.timeline = l.timeline.clone();
        }
    }
    expected
}

#[test]
fn v2_links_open_with_their_results() {
    let link = decode(V2_LINK).unwrap().expect("a state");
    assert_eq!(
        link.state,
        with_timelines_of(recorded_list_without_cpython_objects(), &link.state)
    );
    assert_eq!(link.notice, None);
    let run = link.state.results[0].as_ref().unwrap();
    let samples = run.samples().unwrap();
    // A straight ramp needs only two points per slice (first and last).
    assert_eq!(samples.len(), 102);
    assert_eq!(samples.iter().map(|s| s.bytes).max(), Some(389 * 102_563));
    assert_eq!(samples.last().unwrap().step, 1_000_000);
}

#[test]
fn v2_links_with_cpython_objects_open_with_them() {
    let link = decode(V2_LINK_WITH_CPYTHON_OBJECTS)
        .unwrap()
        .expect("a state");
    assert_eq!(link.state, with_timelines_of(recorded_list(), &link.state));
    let run = link.state.results[0].as_ref().unwrap();
    let summary = run.summary(1, "list");
    assert_eq!(summary.cpython_peak_objects, 999_745);
    let samples = run.samples().unwrap();
    let censuses: Vec<_> = samples.iter().filter(|s| s.objects.is_some()).collect();
    assert!(censuses
        .iter()
        .all(|s| s.cpython_objects.unwrap() < s.objects.unwrap() || s.objects == Some(0)));
}

#[test]
fn v2_links_with_types_open_with_them() {
    let link = decode(V2_LINK_WITH_TYPES).unwrap().expect("a state");
    assert_eq!(
        link.state,
        with_timelines_of(recorded_list_with_types(), &link.state)
    );
    let run = link.state.results[0].as_ref().unwrap();
    let censuses = run.censuses(&run.samples().unwrap()).unwrap();
    assert_eq!(censuses.len(), 10);
    let last = &censuses[9];
    assert_eq!(last.by_type["int"] + 1, last.total);
    assert_eq!(
        last.cpython.by_type["int"].bytes,
        28 * (last.by_type["int"] - 1) as i64
    );
}

#[test]
fn v2_links_at_a_moment_open_at_it() {
    let link = decode(V2_LINK_AT_A_MOMENT).unwrap().expect("a state");
    assert_eq!(link.state, recorded_list_at_a_moment());
    assert!(!link.auto_run && !link.state.runs_to_moment());
    let run = link.state.results[0].as_ref().unwrap();
    let samples = run.samples().unwrap();
    let step = link.state.moment.unwrap().step;
    assert!(
        samples.iter().any(|s| s.step == step),
        "a sample at the moment"
    );
}

#[test]
fn v2_links_with_interpreter_counts_open_with_them() {
    let link = decode(V2_LINK_WITH_INTERPRETER_COUNTS)
        .unwrap()
        .expect("a state");
    assert_eq!(link.state, recorded_list_with_interpreter_counts());
    let samples = link.state.results[0].as_ref().unwrap().samples().unwrap();
    assert!(samples.iter().all(|s| s.net_objects.is_some()));
    assert_eq!(samples.last().unwrap().net_objects, Some(310));
    // Between censuses the live objects follow the count (the list's ints go at once).
    let drawn = estimate::objects_all(&samples, Measure::Rustpython);
    let freed = samples.iter().position(|s| s.line == 2).unwrap();
    assert!(drawn[freed].unwrap() < 1_000, "{:?}", drawn[freed]);
}

#[test]
fn the_current_writer_still_writes_v2_identically() {
    // If this fails the format changed: keep the saved links' tests and add one of the
    // new format (bump CURRENT_VERSION when a build that reads v2 could not read it).
    assert_eq!(
        format!(
            "#{}",
            encode(&recorded_list_with_interpreter_counts(), false)
        ),
        V2_LINK_WITH_INTERPRETER_COUNTS
    );
    // A run without the interpreter's count still writes no column for it.
    assert_eq!(
        format!("#{}", encode(&recorded_list_at_a_moment(), false)),
        V2_LINK_AT_A_MOMENT
    );
    // Without results the writer still writes v1, identically.
    assert_eq!(format!("#{}", encode(&list_vs_generator(), true)), V1_LINK);
}
