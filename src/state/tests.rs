//! The reducer's promises: links, the run queue, Stop.

use super::*;
use crate::gallery::Example;
use memplay_protocol::share;

#[test]
fn a_link_restores_what_it_shared() {
    let mut state = State::default();
    state.apply(Action::Rename {
        pane_id: 1,
        title: "mine".into(),
    });
    state.apply(Action::SetView(View::Overlay));
    state.apply(Action::SetAxis(Axis::Millis));
    let fragment = share::encode(&state.to_shared(), false);
    let restored = State::from_link(share::decode(&fragment));
    assert_eq!(restored.to_shared(), state.to_shared());
    assert_eq!(restored.notice, None);
    assert!(!restored.is_busy());
}

#[test]
fn an_auto_run_link_queues_every_pane_until_the_engine_is_ready() {
    let fragment = share::encode(&State::default().to_shared(), true);
    let state = State::from_link(share::decode(&fragment));
    assert!(state.is_busy());
    assert!(state.running().is_none());
    assert!(state.panes.iter().all(|p| p.status == PaneStatus::Queued));
}

#[test]
fn a_bad_link_opens_the_defaults_with_a_notice() {
    let state = State::from_link(share::decode("#v1=garbage!"));
    assert_eq!(state.panes, State::default().panes);
    assert!(state.notice.unwrap().contains("damaged"));
}

#[test]
fn runs_go_one_at_a_time_and_stop_keeps_samples() {
    let mut state = State::default();
    state.apply(Action::RunAll);
    assert!(
        state.running().is_none(),
        "nothing starts before the engine is ready"
    );
    state.apply(ready(0));
    let first = state.running().expect("the first pane runs");
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Run(RunEvent::Samples {
            run_id: first.run_id,
            batch: vec![memplay_protocol::Sample {
                step: 0,
                t_ms: 0.0,
                line: 1,
                bytes: 10,
                objects: None,
                high_before: None,
                cpython_bytes: None,
                cpython_objects: None,
                collected: false,
                net_objects: None,
            }],
            censuses: vec![],
            lines: vec![],
        }),
    });
    state.apply(Action::Stop);
    assert!(state.running().is_none());
    assert_eq!(state.worker_generation, 1);
    let pane = state.pane(first.pane_id).unwrap();
    assert_eq!(pane.timeline.iter().count(), 1, "samples stay after Stop");
    assert!(matches!(pane.status, PaneStatus::Ended(_)));
    assert!(
        state.panes.iter().all(|p| !p.is_busy()),
        "the queue is dropped"
    );
    assert_eq!(
        state.panes[1].status,
        PaneStatus::Idle,
        "a queued pane that never ran is not run yet"
    );
    // Messages from the old worker are ignored.
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Ready {
            platform: "old".into(),
            init_ms: 1.0,
        },
    });
    assert!(!state.engine_ready());
}

#[test]
fn a_queued_pane_dropped_by_stop_goes_back_to_what_it_showed() {
    // A finished run: finished again, and a link still carries it.
    let mut state = State::default();
    run_all_to_the_end(&mut state);
    state.apply(Action::RunAll);
    assert_eq!(state.panes[1].status, PaneStatus::Queued);
    state.apply(Action::Stop);
    assert_eq!(
        state.panes[1].status,
        PaneStatus::Finished(memplay_protocol::Outcome::Completed)
    );
    assert!(state.to_shared_with_results().results[1].is_some());
    // Samples of a run that did not finish: it says they are from before.
    let mut state = State::default();
    state.panes[1]
        .timeline
        .push_batch(vec![memplay_protocol::Sample::START]);
    state.apply(ready(0));
    state.apply(Action::RunAll);
    state.apply(Action::Stop);
    match &state.panes[1].status {
        PaneStatus::Ended(why) => assert!(why.contains("previous run"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_api_request_while_runs_go_on_is_refused_and_changes_nothing() {
    let mut state = State::default();
    state.apply(Action::RunAll);
    assert!(state.is_busy());
    let before = state.panes.clone();
    state.apply(Action::RunFromApi(vec![SharedPane {
        title: "host".into(),
        code: "x = 1\n".into(),
    }]));
    assert_eq!(state.panes, before);
    assert_eq!((state.api_request, state.api_refused), (0, 1));
}

#[test]
fn a_link_with_wild_limits_opens_clamped_and_says_so() {
    let mut shared = State::default().to_shared();
    shared.limits = Limits {
        time_ms: 1 << 31,
        memory_bytes: 1 << 40,
        steps: 0,
    };
    let state = State::from_link(share::decode(&share::encode(&shared, false)));
    assert_eq!(state.panes.len(), 2);
    assert_eq!(state.limits.time_ms, 600_000);
    assert_eq!(state.limits.memory_bytes, 2 << 30);
    assert_eq!(state.limits.steps, 1);
    assert!(state.notice.unwrap().contains("time limit 600 s"));
}

fn finished(run_id: u32) -> WorkerMessage {
    WorkerMessage::Run(RunEvent::Finished {
        run_id,
        summary: Box::new(memplay_protocol::RunSummary {
            peak_bytes: 1,
            final_bytes: 1,
            cpython_peak_bytes: 1,
            cpython_final_bytes: 1,
            peak_objects: 1,
            final_objects: 1,
            wall_ms: 1.0,
            steps: 1,
            allocations: 1,
            ..memplay_protocol::RunSummary::empty(
                run_id,
                "p",
                memplay_protocol::Outcome::Completed,
                "test",
            )
        }),
    })
}

/// The engine of worker `generation` says it is ready.
fn ready(generation: u32) -> Action {
    Action::Worker {
        generation,
        message: WorkerMessage::Ready {
            platform: "test".into(),
            init_ms: 1.0,
        },
    }
}

#[test]
fn every_run_gets_a_fresh_engine() {
    let mut state = State::default();
    state.apply(Action::RunAll);
    state.apply(ready(0));
    let first = state.running().expect("the first pane runs");
    state.apply(Action::Worker {
        generation: 0,
        message: finished(first.run_id),
    });
    assert_eq!(state.worker_generation, 1, "its worker is replaced");
    assert_eq!(state.engine, EngineStatus::Renewing);
    assert!(
        state.running().is_none(),
        "the next pane waits for the fresh engine"
    );
    assert!(state.is_busy());
    // The old worker can no longer start anything.
    state.apply(ready(0));
    assert!(state.running().is_none());
    state.apply(ready(1));
    let second = state
        .running()
        .expect("the second pane runs on the fresh engine");
    assert_ne!(second.pane_id, first.pane_id);
    state.apply(Action::Worker {
        generation: 1,
        message: finished(second.run_id),
    });
    assert!(!state.is_busy());
    assert_eq!(state.worker_generation, 2);
}

#[test]
fn a_fresh_engine_that_fails_is_retried_then_nothing_stays_queued() {
    let mut state = State::default();
    state.apply(Action::RunAll);
    state.apply(ready(0));
    let first = state.running().unwrap();
    state.apply(Action::Worker {
        generation: 0,
        message: finished(first.run_id),
    });
    let crash = |generation| Action::Worker {
        generation,
        message: WorkerMessage::Fatal {
            message: "no memory".into(),
        },
    };
    state.apply(crash(1));
    assert_eq!(state.worker_generation, 2, "one more try");
    assert!(state.is_busy(), "the second pane still waits");
    state.apply(crash(2));
    assert!(matches!(state.engine, EngineStatus::Failed(_)));
    assert!(
        !state.is_busy(),
        "nothing stays queued for an engine that cannot start"
    );
    let second = state.panes.iter().find(|p| p.id != first.pane_id).unwrap();
    assert!(matches!(&second.status, PaneStatus::Ended(why) if why.contains("engine failed")));
    // A request now is answered at once (no run can start), not left open.
    state.apply(Action::RunFromApi(vec![SharedPane {
        title: "host".into(),
        code: "x = 1\n".into(),
    }]));
    assert!(!state.is_busy());
    assert_eq!(state.api_request, 1);
}

/// A ready page whose first pane ran: samples every 10 steps to 100, censuses at 20, 50
/// and 80 (`Session` 1, 2 and 3 of them), lines 1 and 2 streamed.
fn page_with_a_run() -> State {
    let mut state = State::default();
    state.apply(ready(0));
    state.apply(Action::RunPane(1));
    let run = state.running().unwrap();
    // As the engine streams them: a census's total is its sample's objects.
    let census = |step: u64, sessions: u64| memplay_protocol::ObjectCensus {
        step,
        line: 2,
        total: step / 10,
        by_type: [("Session".to_string(), sessions)].into(),
        ..Default::default()
    };
    let batch = (0..=10)
        .map(|i| memplay_protocol::Sample {
            step: i * 10,
            t_ms: i as f64,
            line: 1 + (i % 2) as u32,
            bytes: i as i64 * 100,
            objects: [20, 50, 80].contains(&(i * 10)).then_some(i),
            high_before: None,
            cpython_bytes: [20, 50, 80].contains(&(i * 10)).then_some(i as i64 * 50),
            cpython_objects: None,
            collected: false,
            net_objects: None,
        })
        .collect();
    let line = |line, hits| memplay_protocol::LineFigures {
        line,
        hits,
        net_bytes: 100,
        max_increment: 100,
        objects_made: 7,
    };
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Run(RunEvent::Samples {
            run_id: run.run_id,
            batch,
            censuses: vec![census(20, 1), census(50, 2), census(80, 3)],
            lines: vec![line(1, 5), line(2, 6)],
        }),
    });
    state
}

#[test]
fn streamed_censuses_and_lines_reach_the_pane() {
    let state = page_with_a_run();
    let pane = state.pane(1).unwrap();
    assert_eq!(pane.censuses.len(), 3);
    assert_eq!(pane.lines.iter().filter(|l| l.hits > 0).count(), 2);
    assert_eq!(pane.lines[2].hits, 6);
}

#[test]
fn arrow_keys_step_the_moment_from_census_to_census() {
    let mut state = page_with_a_run();
    state.apply(Action::SelectMoment(Moment {
        pane_id: 1,
        step: 60,
    }));
    assert_eq!(state.moment_line(1), Some(1), "the line running at step 60");
    assert_eq!(state.moment_line(2), None, "the moment is in pane 1's run");
    // From between censuses, back is the census at or before it.
    state.apply(Action::StepMoment(-1));
    assert_eq!(state.moment.unwrap().step, 50);
    state.apply(Action::StepMoment(-1));
    assert_eq!(state.moment.unwrap().step, 20);
    state.apply(Action::StepMoment(-1));
    assert_eq!(state.moment.unwrap().step, 20, "the first census stays");
    state.apply(Action::StepMoment(1));
    state.apply(Action::StepMoment(1));
    state.apply(Action::StepMoment(1));
    assert_eq!(state.moment.unwrap().step, 80, "the last census stays");
    state.apply(Action::ClearMoment);
    assert_eq!(state.moment, None);
}

#[test]
fn a_link_keeps_the_moment_and_runs_to_reach_it() {
    let mut state = page_with_a_run();
    state.apply(Action::SelectMoment(Moment {
        pane_id: 1,
        step: 50,
    }));
    let shared = state.to_shared();
    assert_eq!(
        shared.moment,
        Some(share::SharedMoment { pane: 0, step: 50 })
    );
    let restored = State::from_link(share::decode(&share::encode(&shared, false)));
    assert_eq!(restored.moment, state.moment);
    assert!(
        !restored.is_busy(),
        "only a link that asks (run=1) runs on load"
    );
    let running = State::from_link(share::decode(&share::encode(&shared, true)));
    assert!(running.is_busy());
}

/// A link that carries the run of its moment's pane opens at the moment from those
/// results (the marker, the editor's line, the census): it need not run the code. (The
/// run is short enough to travel whole; `recorded.rs` tests what thinning keeps.)
#[test]
fn a_link_with_its_moments_run_opens_at_the_moment_without_running() {
    let mut state = page_with_a_run();
    let run = state.running().unwrap();
    let mut summary = match finished(run.run_id) {
        WorkerMessage::Run(RunEvent::Finished { summary, .. }) => summary,
        _ => unreachable!(),
    };
    (summary.steps, summary.peak_bytes, summary.final_bytes) = (100, 1_000, 1_000);
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Run(RunEvent::Finished {
            run_id: run.run_id,
            summary,
        }),
    });
    state.apply(Action::SelectMoment(Moment {
        pane_id: 1,
        step: 60,
    }));
    let shared = state.to_shared_with_results();
    assert!(shared.results[0].is_some());
    assert!(!shared.runs_to_moment());
    let opened = State::from_link(share::decode(&share::encode(&shared, false)));
    assert!(!opened.is_busy());
    assert_eq!(opened.moment, state.moment);
    assert_eq!(
        opened.moment_line(1),
        Some(1),
        "the line running at step 60"
    );
    let censuses = &opened.pane(1).unwrap().censuses;
    let at = censuses.index_at(60).unwrap();
    assert_eq!(censuses.get(at).unwrap().by_type["Session"], 2);
    assert_eq!(censuses.get(at - 1).unwrap().by_type["Session"], 1);

    // Under other limits no pane's run can travel: the link runs to reach the moment.
    let mut limited = state.clone();
    limited.apply(Action::SetLimits(Limits {
        time_ms: 1_000,
        ..limited.limits
    }));
    let shared = limited.to_shared_with_results().for_link();
    assert!(shared.moment.is_some() && shared.results.is_empty());
    assert!(shared.runs_to_moment());
}

#[test]
fn editing_the_code_leaves_its_moment_and_line_figures() {
    let mut state = page_with_a_run();
    state.apply(Action::SelectMoment(Moment {
        pane_id: 1,
        step: 50,
    }));
    state.apply(Action::EditCode {
        pane_id: 2,
        code: "x = 1\n".into(),
    });
    assert!(state.moment.is_some(), "another pane's edit keeps it");
    state.apply(Action::EditCode {
        pane_id: 1,
        code: "x = 2\n".into(),
    });
    assert_eq!(state.moment, None);
    assert!(state.pane(1).unwrap().lines.is_empty());
    // A moment in a pane that is not there is not taken.
    state.apply(Action::SelectMoment(Moment {
        pane_id: 9,
        step: 1,
    }));
    assert_eq!(state.moment, None);
}

#[test]
fn an_edit_during_a_run_keeps_the_old_codes_lines_out_of_the_gutter() {
    let mut state = page_with_a_run();
    let run = state.running().unwrap();
    state.apply(Action::EditCode {
        pane_id: 1,
        code: "# rewritten while it ran\nx = 1\n".into(),
    });
    assert!(state.pane(1).unwrap().lines.is_empty());
    // The run goes on streaming figures for the lines of the code it started with.
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Run(RunEvent::Samples {
            run_id: run.run_id,
            batch: vec![],
            censuses: vec![],
            lines: vec![memplay_protocol::LineFigures {
                line: 2,
                hits: 9,
                net_bytes: 800,
                max_increment: 800,
                objects_made: 7,
            }],
        }),
    });
    assert!(
        state.pane(1).unwrap().lines.is_empty(),
        "not on the new lines"
    );
    state.apply(Action::SelectMoment(Moment {
        pane_id: 1,
        step: 60,
    }));
    assert_eq!(
        state.moment_line(1),
        None,
        "no line of the new code ran then"
    );
    state.apply(Action::Worker {
        generation: 0,
        message: finished(run.run_id),
    });
    assert!(state.pane(1).unwrap().lines.is_empty());
    // The next run's figures are the new code's.
    state.apply(ready(1));
    state.apply(Action::RunPane(1));
    assert!(!state.pane(1).unwrap().edited_since_run);
}

fn gc_example() -> Example {
    serde_json::from_str(
        r#"{"id": "gc-cycles", "title": "Reference cycles", "explain": ["a", "b"],
            "panes": [{"title": "no collect", "file": "x.py"}, {"title": "gc.collect()", "file": "y.py"}],
            "expect": {"kind": "final_below", "a": "gc.collect()", "b": "no collect", "ratio": 0.1}}"#,
    )
    .unwrap()
}

#[test]
fn a_link_names_its_example_and_the_page_finds_its_lesson() {
    let mut state = State::default();
    let panes = vec![
        SharedPane {
            title: "no collect".into(),
            code: "x = 1\n".into(),
        },
        SharedPane {
            title: "gc.collect()".into(),
            code: "y = 2\n".into(),
        },
    ];
    state.apply(Action::LoadExample {
        example: gc_example(),
        panes,
    });
    assert_eq!(
        state.lesson().map(|l| l.figure),
        Some(memplay_protocol::headline::Figure::Final)
    );
    let shared = state.to_shared();
    assert_eq!(shared.example.as_deref(), Some("gc-cycles"));

    // A link opens with the example's id; its entry (and lesson) comes with the manifest.
    let mut opened = State::from_link(share::decode(&share::encode(&shared, false)));
    assert_eq!(opened.to_shared(), shared);
    assert_eq!(opened.lesson(), None);
    let mut other = gc_example();
    other.id = "slots".into();
    opened.apply(Action::ExampleFound(other));
    assert_eq!(
        opened.lesson(),
        None,
        "another example's entry is not this one's"
    );
    opened.apply(Action::ExampleFound(gc_example()));
    assert_eq!(opened.lesson(), state.lesson());

    // Panes from an embedding page are no gallery example.
    opened.apply(Action::RunFromApi(vec![SharedPane {
        title: "api".into(),
        code: "pass\n".into(),
    }]));
    assert_eq!(opened.example, None);
    assert_eq!(opened.to_shared().example, None);
}

#[test]
fn an_example_over_edited_panes_can_be_undone_until_they_change_again() {
    let mut state = State::default();
    state.apply(Action::EditCode {
        pane_id: 1,
        code: "mine = [1, 2, 3]\n".into(),
    });
    let before = state.to_shared();
    let load = || Action::LoadExample {
        example: gc_example(),
        panes: vec![SharedPane {
            title: "no collect".into(),
            code: "x = 1\n".into(),
        }],
    };
    state.apply(load());
    assert_eq!(
        state.replaced.as_ref().map(|r| r.by.as_str()),
        Some("Reference cycles")
    );
    state.apply(Action::UndoExample);
    assert_eq!(
        state.to_shared(),
        before,
        "the edited panes are back, with no example"
    );
    assert_eq!(state.replaced, None);

    // Another example over the first: Undo still brings back what the person had.
    state.apply(load());
    let mut other = gc_example();
    other.title = "Another".into();
    state.apply(Action::LoadExample {
        example: other,
        panes: vec![SharedPane {
            title: "other".into(),
            code: "y = 1\n".into(),
        }],
    });
    assert_eq!(
        state.replaced.as_ref().map(|r| r.by.as_str()),
        Some("Another")
    );
    state.apply(Action::UndoExample);
    assert_eq!(state.to_shared(), before);

    // An example loaded over its own unedited panes offers nothing to undo; an edit ends
    // the offer.
    state.apply(load());
    state.apply(Action::KeepExample);
    state.apply(load());
    assert_eq!(state.replaced, None);
    state.apply(Action::UndoExample);
    assert_eq!(
        state.example.as_ref().map(|x| x.id.as_str()),
        Some("gc-cycles")
    );
    let mut edited = State::default();
    edited.apply(load());
    edited.apply(Action::EditCode {
        pane_id: edited.panes[0].id,
        code: "y = 2\n".into(),
    });
    assert_eq!(edited.replaced, None);
}

#[test]
fn the_editor_reporting_an_examples_own_text_keeps_the_undo() {
    let mut state = State::default();
    state.apply(Action::LoadExample {
        example: gc_example(),
        panes: vec![SharedPane {
            title: "no collect".into(),
            code: "x = 1\n".into(),
        }],
    });
    state.apply(Action::EditCode {
        pane_id: state.panes[0].id,
        code: "x = 1\n".into(),
    });
    assert!(state.replaced.is_some());
}

#[test]
fn a_deferred_engine_loads_for_a_run_an_edit_or_when_seen() {
    let deferred = || State::default().with_engine_deferred();
    assert!(deferred().engine.is_deferred());
    let mut state = deferred();
    state.apply(Action::RunAll);
    assert_eq!(state.engine, EngineStatus::loading());
    assert!(state.is_busy(), "the runs wait for the engine");
    let mut state = deferred();
    state.apply(Action::EditCode {
        pane_id: 1,
        code: "x = 2\n".into(),
    });
    assert_eq!(state.engine, EngineStatus::loading());
    let mut state = deferred();
    let same = state.panes[0].code.clone();
    state.apply(Action::EditCode {
        pane_id: 1,
        code: same,
    });
    assert!(
        state.engine.is_deferred(),
        "the editor echoing its text is no edit"
    );
    state.apply(Action::WantEngine);
    assert_eq!(state.engine, EngineStatus::loading());
    // A link that runs on open has queued its panes: its engine loads at once.
    let fragment = share::encode(&State::default().to_shared(), true);
    let linked = State::from_link(share::decode(&fragment)).with_engine_deferred();
    assert!(!linked.engine.is_deferred());
}

/// Runs every pane of `state` to its end, each with a two-sample timeline.
fn run_all_to_the_end(state: &mut State) {
    state.apply(Action::RunAll);
    // Each run may get a fresh engine: say it is ready before each.
    while let Some(run) = {
        state.apply(ready(state.worker_generation));
        state.running()
    } {
        let sample = |step, bytes| memplay_protocol::Sample {
            step,
            t_ms: step as f64,
            line: 1,
            bytes,
            objects: Some(step),
            high_before: None,
            cpython_bytes: Some(bytes / 2),
            cpython_objects: None,
            collected: false,
            net_objects: None,
        };
        state.apply(Action::Worker {
            generation: state.worker_generation,
            message: WorkerMessage::Run(RunEvent::Samples {
                run_id: run.run_id,
                batch: vec![sample(0, 0), sample(1, 1)],
                censuses: vec![],
                lines: vec![],
            }),
        });
        state.apply(Action::Worker {
            generation: state.worker_generation,
            message: finished(run.run_id),
        });
    }
}

#[test]
fn results_whose_texts_would_not_fit_a_link_travel_without_them() {
    let mut state = State::default();
    run_all_to_the_end(&mut state);
    // Output that deflate cannot shrink much.
    let noise: String = (0..2_000u32)
        .map(|i| char::from_u32(0x4e00 + (i.wrapping_mul(2_654_435_761) >> 20) % 0x5000).unwrap())
        .collect();
    state.panes[0].output = noise;
    let shared = state.to_shared_with_results();
    let with_texts = share::encode(&shared, false).len();
    assert_eq!(
        shared.results[0].as_ref().unwrap().output.chars().count(),
        2_000
    );
    // A limit the texts do not fit: the figures still travel.
    let smaller = super::link::within(shared.clone(), with_texts - 1);
    assert!(share::encode(&smaller, false).len() < with_texts);
    assert_eq!(smaller.results.len(), 2);
    assert!(smaller
        .results
        .iter()
        .flatten()
        .all(|r| r.output.is_empty()));
    // One the figures do not fit either: the panes travel without results.
    let bare = super::link::within(shared.clone(), 200);
    assert!(bare.results.is_empty());
    assert_eq!(bare.panes, shared.panes);
}

#[test]
fn a_link_with_results_shows_them_as_recorded_until_run_again() {
    let mut state = State::default();
    assert_eq!(state.recordable_panes(), 0);
    run_all_to_the_end(&mut state);
    assert_eq!(state.recordable_panes(), 2);
    let shared = state.to_shared_with_results();
    assert_eq!(shared.results.len(), 2);

    let opened = State::from_link(share::decode(&share::encode(&shared, false)));
    assert!(opened.any_recorded());
    assert_eq!(opened.notice, None);
    for (pane, ran) in opened.panes.iter().zip(&state.panes) {
        assert!(pane.recorded);
        assert_eq!(
            pane.status,
            PaneStatus::Finished(memplay_protocol::Outcome::Completed)
        );
        assert_eq!(pane.timeline.len(), 2);
        let (summary, ran) = (
            pane.summary.as_deref().unwrap(),
            ran.summary.as_deref().unwrap(),
        );
        assert_eq!(
            (summary.peak_bytes, summary.steps),
            (ran.peak_bytes, ran.steps)
        );
    }
    // Recorded results can be shared again as they are.
    assert_eq!(opened.to_shared_with_results(), shared);

    // An edit: that pane's figures no longer belong to its code.
    let mut edited = opened.clone();
    edited.apply(Action::EditCode {
        pane_id: 1,
        code: "x = 1\n".into(),
    });
    assert_eq!(edited.recordable_panes(), 1);
    assert!(edited.to_shared_with_results().results[0].is_none());
    // Other limits: no pane's figures were measured under them.
    let mut limited = opened.clone();
    limited.apply(Action::SetLimits(Limits {
        time_ms: 1_000,
        ..limited.limits
    }));
    assert!(limited.to_shared_with_results().results.is_empty());

    // Run again: measured here, no longer recorded.
    let mut rerun = opened;
    run_all_to_the_end(&mut rerun);
    assert!(!rerun.any_recorded());
}
