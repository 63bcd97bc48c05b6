//! The reducer's promises: links, the run queue, Stop.

use super::*;
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
    state.apply(Action::Worker {
        generation: 0,
        message: WorkerMessage::Ready {
            platform: "test".into(),
            init_ms: 1.0,
        },
    });
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
                collected: false,
            }],
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
