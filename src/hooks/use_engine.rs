//! The engine hook: one Web Worker per generation (a new generation after Stop, a time
//! limit or a crash terminates the old one), each new run sent to it, and a watchdog
//! that restarts the engine when a run outlives its time limit.

use crate::engine_worker::EngineWorker;
use crate::state::{Action, State};
use gloo_timers::callback::Timeout;
use memplay_protocol::{RunRequest, WorkerMessage};
use yew::prelude::*;

/// How long past its time limit a run may go before the page kills the worker (the engine
/// stops it itself unless Python is stuck inside one long builtin call). The request is
/// sent on the worker's `ready`, before its warm-up (about 0.1 s here, and as much again
/// for a snippet that imports a module not loaded yet; more on a slow phone), and the
/// engine's clock starts after it: the grace covers both.
const WATCHDOG_GRACE_MS: u64 = 4000;

#[hook]
pub fn use_engine(state: &UseReducerHandle<State>) {
    let worker = use_mut_ref(|| None::<EngineWorker>);

    {
        let dispatcher = state.dispatcher();
        let worker = worker.clone();
        // A deferred engine (a lazy embed) is started once something wants it.
        let deferred = state.engine.is_deferred();
        use_effect_with(
            (state.worker_generation, deferred),
            move |&(generation, deferred)| {
                if deferred {
                    return Box::new(|| ()) as Box<dyn FnOnce()>;
                }
                let deliver = dispatcher.clone();
                let on_message = move |message| {
                    deliver.dispatch(Action::Worker {
                        generation,
                        message,
                    })
                };
                // The first engine was started by the page itself, before the UI loaded.
                let started = if generation == 0 {
                    EngineWorker::adopt_or_spawn(on_message)
                } else {
                    EngineWorker::spawn(on_message)
                };
                match started {
                    Ok(spawned) => *worker.borrow_mut() = Some(spawned),
                    Err(message) => dispatcher.dispatch(Action::Worker {
                        generation,
                        message: WorkerMessage::Fatal { message },
                    }),
                }
                Box::new(move || drop(worker.borrow_mut().take()))
            },
        );
    }

    // Send each new run to the worker and arm its watchdog.
    let state = state.clone();
    use_effect_with(state.running(), move |running| {
        let watchdog = running.and_then(|run| {
            let pane = state.pane(run.pane_id)?;
            let request = RunRequest {
                run_id: run.run_id,
                pane: pane.title.clone(),
                code: pane.code.clone(),
                limits: state.limits,
                measure: state.measure,
            };
            let sent = match worker.borrow().as_ref() {
                Some(w) => w.send(&request),
                None => Err("the engine is not running".to_string()),
            };
            if let Err(message) = sent {
                state.dispatch(Action::Worker {
                    generation: state.worker_generation,
                    message: WorkerMessage::Fatal { message },
                });
                return None;
            }
            let dispatcher = state.dispatcher();
            let after = (state.limits.time_ms + WATCHDOG_GRACE_MS).min(u32::MAX as u64) as u32;
            Some(Timeout::new(after, move || {
                dispatcher.dispatch(Action::TimedOut { run_id: run.run_id })
            }))
        });
        move || drop(watchdog)
    });
}
