//! The page's state and every change to it, as one reducer (yew's function_todomvc
//! pattern): the panes, the run queue, the engine's status and the page's settings.
//! Effects (the worker, timers, the embed API) live in `hooks/` and only dispatch
//! actions here.

mod engine;
mod link;
mod pane;
mod runs;

pub use engine::EngineStatus;
pub use pane::{title_or_place, Pane, PaneStatus};
pub use runs::ActiveRun;

use crate::gallery::Example;
use memplay_protocol::headline::Lesson;
use memplay_protocol::share::{Axis, Measure, SharedPane, View, MAX_PANES};
use memplay_protocol::{Limits, RunEvent, WorkerMessage};
use runs::RunQueue;
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub panes: Vec<Pane>,
    next_pane_id: u32,
    pub engine: EngineStatus,
    /// Bumped whenever the worker must be replaced (Stop, time limit, crash).
    pub worker_generation: u32,
    runs: RunQueue,
    pub view: View,
    pub axis: Axis,
    /// The bytes the page shows: CPython 3.11's (the model) or RustPython's heap.
    pub measure: Measure,
    pub limits: Limits,
    /// A one-line message above the panes (a share link that could not be opened).
    pub notice: Option<String>,
    /// The gallery example the panes came from.
    pub example: Option<ExampleRef>,
    /// The panes a gallery example replaced, while the page offers to put them back.
    pub replaced: Option<Replaced>,
    /// Bumped by each `memplay:run` from an embedding page that starts runs; answered
    /// once the runs end.
    pub api_request: u32,
    /// Bumped by each `memplay:run` refused because runs were going on; answered at once.
    pub api_refused: u32,
    /// The moment of a run the page travelled to (clicked on a chart, or from a link).
    pub moment: Option<Moment>,
}

/// A gallery example the page shows: its id, which share links carry, and its manifest
/// entry (title, explanation, lesson) once the manifest is read.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleRef {
    pub id: String,
    pub entry: Option<Example>,
}

/// Panes (and the example they were) that loading an example replaced.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    pub panes: Vec<SharedPane>,
    pub example: Option<ExampleRef>,
    /// The title of the example that replaced them.
    pub by: String,
}

/// A moment of one pane's run: the step its snippet had run to. Charts mark it, the
/// editor highlights the line running then, and the moment panel lists what was alive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub pane_id: u32,
    pub step: u64,
}

impl Default for State {
    fn default() -> Self {
        State {
            panes: vec![
                Pane::new(
                    1,
                    "list",
                    "data = [i for i in range(1_000_000)]\ntotal = sum(data)\n",
                ),
                Pane::new(2, "generator", "total = sum(i for i in range(1_000_000))\n"),
            ],
            next_pane_id: 3,
            engine: EngineStatus::loading(),
            worker_generation: 0,
            runs: RunQueue::default(),
            view: View::SideBySide,
            axis: Axis::Steps,
            measure: Measure::Cpython,
            limits: Limits::default(),
            notice: None,
            example: None,
            replaced: None,
            api_request: 0,
            api_refused: 0,
            moment: None,
        }
    }
}

pub enum Action {
    EditCode {
        pane_id: u32,
        code: String,
    },
    Rename {
        pane_id: u32,
        title: String,
    },
    AddPane,
    RemovePane(u32),
    RunAll,
    RunPane(u32),
    /// The user pressed Stop: the worker is terminated and replaced.
    Stop,
    /// The page's watchdog fired: the run outlived its time limit (plus grace).
    TimedOut {
        run_id: u32,
    },
    Worker {
        generation: u32,
        message: WorkerMessage,
    },
    SetView(View),
    SetAxis(Axis),
    SetMeasure(Measure),
    SetLimits(Limits),
    /// An embedding page's `memplay:run`: replace the panes and run them all.
    RunFromApi(Vec<SharedPane>),
    DismissNotice,
    /// Travel to a moment of a pane's run.
    SelectMoment(Moment),
    /// Step the moment to the next (1) or previous (-1) census of its pane.
    StepMoment(i32),
    ClearMoment,
    /// A gallery example replaces the panes.
    LoadExample {
        example: Example,
        panes: Vec<SharedPane>,
    },
    /// The gallery manifest's entry for the example a link named.
    ExampleFound(Example),
    /// Put back the panes the last example replaced.
    UndoExample,
    /// Stop offering to put them back.
    KeepExample,
    /// Load a deferred engine (a lazy embed scrolled into view).
    WantEngine,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = (*self).clone();
        state.apply(action);
        Rc::new(state)
    }
}

impl State {
    pub fn pane(&self, pane_id: u32) -> Option<&Pane> {
        self.panes.iter().find(|p| p.id == pane_id)
    }

    fn pane_mut(&mut self, pane_id: u32) -> Option<&mut Pane> {
        self.panes.iter_mut().find(|p| p.id == pane_id)
    }

    /// The line pane `pane_id` was running at the page's moment, when the moment is in
    /// that pane's run.
    pub fn moment_line(&self, pane_id: u32) -> Option<u32> {
        let moment = self.moment.filter(|m| m.pane_id == pane_id)?;
        let pane = self.pane(pane_id).filter(|p| !p.edited_since_run)?;
        let point = pane
            .timeline
            .nearest(moment.step as f64, |s| s.step as f64)?;
        (point.sample.line > 0).then_some(point.sample.line)
    }

    /// The run the engine is busy with, if any.
    pub fn running(&self) -> Option<ActiveRun> {
        self.runs.running()
    }

    pub fn is_busy(&self) -> bool {
        self.runs.is_busy()
    }

    pub fn engine_ready(&self) -> bool {
        self.engine.is_ready()
    }

    pub fn apply(&mut self, action: Action) {
        // Once the panes change again, putting back what an example replaced would lose
        // that change: the offer ends. (The editor reports the text an example put in as
        // an edit too: only a real change counts.)
        let panes_before = matches!(
            action,
            Action::EditCode { .. }
                | Action::Rename { .. }
                | Action::AddPane
                | Action::RemovePane(_)
        )
        .then(|| self.shared_panes());
        if matches!(action, Action::RunFromApi(_) | Action::KeepExample) {
            self.replaced = None;
        }
        // A deferred engine starts loading for whatever needs it.
        if matches!(
            action,
            Action::RunAll | Action::RunPane(_) | Action::RunFromApi(_) | Action::WantEngine
        ) {
            self.want_engine();
        }
        self.apply_one(action);
        if panes_before.is_some_and(|before| before != self.shared_panes()) {
            self.replaced = None;
        }
    }

    fn apply_one(&mut self, action: Action) {
        match action {
            Action::EditCode { pane_id, code } => {
                if self.pane(pane_id).is_some_and(|p| p.code != code) {
                    // Someone editing is about to run: a deferred engine starts loading.
                    self.want_engine();
                }
                if let Some(pane) = self.pane_mut(pane_id) {
                    if pane.code != code {
                        pane.edit(code);
                        // The moment belonged to the code that ran.
                        if self.moment.is_some_and(|m| m.pane_id == pane_id) {
                            self.moment = None;
                        }
                    }
                }
            }
            Action::Rename { pane_id, title } => {
                if let Some(pane) = self.pane_mut(pane_id) {
                    pane.title = title;
                }
            }
            Action::AddPane => {
                if self.panes.len() < MAX_PANES {
                    let id = self.next_pane_id;
                    self.next_pane_id += 1;
                    let title = format!("snippet {}", self.panes.len() + 1);
                    self.panes
                        .push(Pane::new(id, &title, "x = list(range(10_000))\n"));
                }
            }
            Action::RemovePane(pane_id) => {
                let running = self.runs.running().map(|r| r.pane_id);
                if self.panes.len() > 1 && running != Some(pane_id) {
                    self.panes.retain(|p| p.id != pane_id);
                    self.runs.remove(pane_id);
                    if self.moment.is_some_and(|m| m.pane_id == pane_id) {
                        self.moment = None;
                    }
                }
            }
            Action::RunAll => {
                let ids: Vec<u32> = self.panes.iter().map(|p| p.id).collect();
                ids.into_iter().for_each(|id| self.enqueue(id));
                self.start_next();
            }
            Action::RunPane(pane_id) => {
                self.enqueue(pane_id);
                self.start_next();
            }
            Action::Stop => self.end_run_and_restart("Stopped."),
            Action::TimedOut { run_id } => {
                if self.runs.pane_running(run_id).is_some() {
                    let seconds = self.limits.time_ms as f64 / 1000.0;
                    self.end_run_and_restart(&format!(
                        "Time limit of {seconds} s reached: the engine was restarted."
                    ));
                }
            }
            Action::Worker {
                generation,
                message,
            } => {
                if generation == self.worker_generation {
                    self.on_worker_message(message);
                }
            }
            Action::SetView(view) => self.view = view,
            Action::SetAxis(axis) => self.axis = axis,
            Action::SetMeasure(measure) => self.measure = measure,
            Action::SetLimits(limits) => self.limits = limits,
            Action::RunFromApi(panes) => {
                if self.is_busy() {
                    self.api_refused += 1;
                } else if !panes.is_empty() {
                    self.replace_panes(panes);
                    self.api_request += 1;
                    self.apply(Action::RunAll);
                }
            }
            Action::DismissNotice => self.notice = None,
            Action::SelectMoment(moment) => {
                if self.pane(moment.pane_id).is_some() {
                    self.moment = Some(moment);
                }
            }
            Action::StepMoment(direction) => self.step_moment(direction),
            Action::ClearMoment => self.moment = None,
            Action::LoadExample { example, panes } => {
                if !panes.is_empty() && !self.is_busy() {
                    let before = self.shared_panes();
                    self.replaced = match self.replaced.take() {
                        // An offer still stands, so the panes are that example's, unedited:
                        // Undo must still put back what the person had before it.
                        Some(first) => Some(Replaced {
                            by: example.title.clone(),
                            ..first
                        }),
                        None => (before != panes).then(|| Replaced {
                            panes: before,
                            example: self.example.clone(),
                            by: example.title.clone(),
                        }),
                    };
                    self.replace_panes(panes);
                    self.example = Some(ExampleRef {
                        id: example.id.clone(),
                        entry: Some(example),
                    });
                }
            }
            Action::UndoExample => {
                if let Some(replaced) = (!self.is_busy()).then(|| self.replaced.take()).flatten() {
                    self.replace_panes(replaced.panes);
                    self.example = replaced.example;
                }
            }
            Action::KeepExample | Action::WantEngine => {}
            Action::ExampleFound(found) => {
                if let Some(example) = self.example.as_mut().filter(|x| x.id == found.id) {
                    example.entry = Some(found);
                }
            }
        }
    }

    /// Moves the moment to the next or previous census of its pane (from a moment
    /// between censuses, the previous is the one at or before it).
    fn step_moment(&mut self, direction: i32) {
        let Some(moment) = self.moment else {
            return;
        };
        let Some(pane) = self.pane(moment.pane_id) else {
            return;
        };
        let censuses = &pane.censuses;
        let at = censuses.index_at(moment.step);
        let target = if direction > 0 {
            at.map_or(0, |i| i + 1)
        } else {
            match at {
                Some(i) if censuses.get(i).is_some_and(|c| c.step == moment.step) => {
                    i.saturating_sub(1)
                }
                Some(i) => i,
                None => return,
            }
        };
        if let Some(census) = censuses.get(target) {
            self.moment = Some(Moment {
                step: census.step,
                ..moment
            });
        }
    }

    /// The example's lesson, for the headline.
    pub fn lesson(&self) -> Option<&Lesson> {
        self.example.as_ref()?.entry.as_ref()?.lesson.as_ref()
    }

    fn replace_panes(&mut self, panes: Vec<SharedPane>) {
        self.moment = None;
        self.example = None;
        self.panes = panes
            .into_iter()
            .take(MAX_PANES)
            .enumerate()
            .map(|(i, p)| Pane::new(i as u32 + 1, &title_or_place(&p.title, i + 1), &p.code))
            .collect();
        self.next_pane_id = self.panes.len() as u32 + 1;
        self.runs.clear_waiting();
    }

    fn enqueue(&mut self, pane_id: u32) {
        if let EngineStatus::Failed(why) = &self.engine {
            let why = format!("Not run: the engine failed: {why}");
            if let Some(pane) = self.pane_mut(pane_id) {
                pane.status = PaneStatus::Ended(why);
            }
            return;
        }
        if self.pane(pane_id).is_some() && self.runs.push(pane_id) {
            if let Some(pane) = self.pane_mut(pane_id) {
                pane.status = PaneStatus::Queued;
            }
        }
    }

    /// Starts the next queued pane when the engine is free; `hooks::use_engine` sends the
    /// request when `running()` changes.
    fn start_next(&mut self) {
        if !self.engine_ready() {
            return;
        }
        let panes = &self.panes;
        let limits = self.limits;
        if let Some(run) = self.runs.start_next(|id| panes.iter().any(|p| p.id == id)) {
            if let Some(pane) = self.pane_mut(run.pane_id) {
                pane.start_run(limits);
            }
        }
    }

    /// Ends the current run from the page's side (its samples stay), drops the queue and
    /// asks for a fresh worker.
    fn end_run_and_restart(&mut self, why: &str) {
        if let Some(run) = self.runs.end_running() {
            if let Some(pane) = self.pane_mut(run.pane_id) {
                pane.status = PaneStatus::Ended(why.to_string());
            }
        }
        for pane_id in self.runs.clear_waiting() {
            if let Some(pane) = self.pane_mut(pane_id) {
                // It goes back to what it showed before Run: its finished run (which a
                // link can still carry), a run that was ended, saying so, or nothing yet
                // ("not run yet" beside an earlier run's output would contradict it).
                pane.status = match &pane.summary {
                    Some(summary) => PaneStatus::Finished(summary.outcome),
                    None if pane.timeline.len() > 0 => PaneStatus::Ended(
                        "not run: stopped before its turn (showing its previous run)".into(),
                    ),
                    None => PaneStatus::Idle,
                };
            }
        }
        self.restart_worker();
    }

    /// A lazy embed's page: its engine waits until wanted (unless a link that runs on
    /// open already queued its panes).
    pub fn with_engine_deferred(mut self) -> Self {
        if !self.is_busy() {
            self.engine = EngineStatus::Deferred;
        }
        self
    }

    fn want_engine(&mut self) {
        if self.engine.is_deferred() {
            self.engine = EngineStatus::loading();
        }
    }

    fn restart_worker(&mut self) {
        self.worker_generation += 1;
        self.engine = EngineStatus::loading();
    }

    fn on_worker_message(&mut self, message: WorkerMessage) {
        match message {
            WorkerMessage::Progress { loaded, total } => {
                if matches!(self.engine, EngineStatus::Loading { .. }) {
                    self.engine = EngineStatus::Loading { loaded, total };
                }
            }
            WorkerMessage::Ready { platform, init_ms } => {
                self.engine = EngineStatus::Ready { platform, init_ms };
                self.start_next();
            }
            WorkerMessage::Run(event) => self.on_run_event(event),
            WorkerMessage::Fatal { message } => self.on_engine_crash(message),
        }
    }

    /// Appends what a run streamed to its pane; the stream is the record, so nothing is
    /// ever replaced.
    fn on_run_event(&mut self, event: RunEvent) {
        let run_id = match &event {
            RunEvent::Samples { run_id, .. }
            | RunEvent::Output { run_id, .. }
            | RunEvent::Finished { run_id, .. } => *run_id,
        };
        let Some(pane_id) = self.runs.pane_running(run_id) else {
            return;
        };
        let Some(pane) = self.pane_mut(pane_id) else {
            return;
        };
        match event {
            RunEvent::Samples {
                batch,
                censuses,
                lines,
                ..
            } => pane.push_batch(batch, censuses, lines),
            RunEvent::Output { text, .. } => pane.push_output(&text),
            RunEvent::Finished { summary, .. } => {
                pane.finish(*summary);
                self.runs.end_running();
                // Sealed runs: whatever this snippet did to its interpreter (builtins,
                // sys, imported modules, caches holding its source) dies with its worker.
                // The next queued pane starts once the fresh one is ready.
                self.worker_generation += 1;
                self.engine = EngineStatus::Renewing;
            }
        }
    }

    /// The worker died (a panic, a trap such as running out of memory, or a failed load).
    fn on_engine_crash(&mut self, message: String) {
        if self.runs.running().is_some() {
            self.end_run_and_restart(&format!(
                "{message}. The engine was restarted; the samples so far are kept."
            ));
        } else if matches!(self.engine, EngineStatus::Loading { .. }) {
            // Failing while loading: restarting would fail the same way. Nothing queued
            // can run now, so nothing stays queued (an embed's request gets its answer).
            self.engine = EngineStatus::Failed(message);
            // Queued again on a failed engine, each pane ends as not run, saying why.
            for pane_id in self.runs.clear_waiting() {
                self.enqueue(pane_id);
            }
        } else {
            // A ready engine, or the fresh one after a run: one more try, as a load.
            self.restart_worker();
        }
    }
}

#[cfg(test)]
mod tests;
