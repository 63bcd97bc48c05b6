//! The page's state and every change to it, as one reducer (yew's function_todomvc
//! pattern). Effects (the worker, timers) live in `app.rs` and only dispatch actions here.

use crate::timeline::Timeline;
use memplay_protocol::share::{
    ShareError, ShareLink, SharedAxis, SharedPane, SharedState, SharedView,
};
use memplay_protocol::{Limits, Outcome, RunReport, WorkerMessage};
use std::collections::VecDeque;
use std::rc::Rc;
use yew::Reducible;

pub const MAX_PANES: usize = 4;
/// Output kept per pane; a snippet printing in a loop must not grow the page without end.
const OUTPUT_LIMIT: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    SideBySide,
    Overlay,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    Steps,
    Millis,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EngineStatus {
    Loading {
        loaded: f64,
        total: f64,
    },
    Ready {
        platform: String,
        init_ms: f64,
    },
    /// The engine could not load; runs cannot start.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PaneStatus {
    Idle,
    Queued,
    Running,
    Finished(Outcome),
    /// The page ended the run: Stop, the time limit, or the engine crashed.
    Ended(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Pane {
    pub id: u32,
    pub title: String,
    pub code: String,
    pub status: PaneStatus,
    pub timeline: Timeline,
    pub report: Option<Rc<RunReport>>,
    pub output: String,
    pub output_truncated: bool,
    /// The line to highlight in the editor (the error's line).
    pub error_line: Option<u32>,
}

impl Pane {
    fn new(id: u32, title: &str, code: &str) -> Self {
        Pane {
            id,
            title: title.to_string(),
            code: code.to_string(),
            status: PaneStatus::Idle,
            timeline: Timeline::default(),
            report: None,
            output: String::new(),
            output_truncated: false,
            error_line: None,
        }
    }

    fn push_output(&mut self, text: &str) {
        if self.output.len() + text.len() > OUTPUT_LIMIT {
            let room = OUTPUT_LIMIT.saturating_sub(self.output.len());
            let cut = (0..=room.min(text.len()))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            self.output.push_str(&text[..cut]);
            self.output_truncated = true;
        } else {
            self.output.push_str(text);
        }
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.status, PaneStatus::Queued | PaneStatus::Running)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActiveRun {
    pub run_id: u32,
    pub pane_id: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub panes: Vec<Pane>,
    next_pane_id: u32,
    pub engine: EngineStatus,
    /// Bumped whenever the worker must be replaced (Stop, time limit, crash).
    pub worker_generation: u32,
    queue: VecDeque<u32>,
    pub running: Option<ActiveRun>,
    next_run_id: u32,
    pub view: View,
    pub axis: Axis,
    pub limits: Limits,
    /// A one-line message above the panes (a share link that could not be opened).
    pub notice: Option<String>,
    /// The loaded gallery example's title and two-line explanation.
    pub example: Option<(String, Vec<String>)>,
    /// Bumped by each `memplay:run` from an embedding page; answered once the runs end.
    pub api_request: u32,
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
            engine: EngineStatus::Loading {
                loaded: 0.0,
                total: 0.0,
            },
            worker_generation: 0,
            queue: VecDeque::new(),
            running: None,
            next_run_id: 1,
            view: View::SideBySide,
            axis: Axis::Steps,
            limits: Limits::default(),
            notice: None,
            example: None,
            api_request: 0,
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
    SetLimits(Limits),
    /// An embedding page's `memplay:run`: replace the panes and run them all.
    RunFromApi(Vec<SharedPane>),
    DismissNotice,
    /// A gallery example replaces the panes.
    LoadExample {
        title: String,
        explain: Vec<String>,
        panes: Vec<SharedPane>,
    },
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

    pub fn is_busy(&self) -> bool {
        self.running.is_some() || !self.queue.is_empty()
    }

    pub fn engine_ready(&self) -> bool {
        matches!(self.engine, EngineStatus::Ready { .. })
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::EditCode { pane_id, code } => {
                if let Some(pane) = self.pane_mut(pane_id) {
                    pane.code = code;
                    pane.error_line = None;
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
                if self.panes.len() > 1 && self.running.map(|r| r.pane_id) != Some(pane_id) {
                    self.panes.retain(|p| p.id != pane_id);
                    self.queue.retain(|&id| id != pane_id);
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
                if self.running.map(|r| r.run_id) == Some(run_id) {
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
            Action::SetLimits(limits) => self.limits = limits,
            Action::RunFromApi(panes) => {
                if !panes.is_empty() && !self.is_busy() {
                    self.replace_panes(panes);
                    self.api_request += 1;
                    self.apply(Action::RunAll);
                }
            }
            Action::DismissNotice => self.notice = None,
            Action::LoadExample {
                title,
                explain,
                panes,
            } => {
                if !panes.is_empty() && !self.is_busy() {
                    self.replace_panes(panes);
                    self.example = Some((title, explain));
                }
            }
        }
    }

    /// The state a page opens with: the link's, or the defaults with the reason the link
    /// could not be opened.
    pub fn from_link(link: Result<Option<ShareLink>, ShareError>) -> Self {
        let mut state = State::default();
        match link {
            Ok(Some(link)) => {
                state.replace_panes(link.state.panes);
                state.view = match link.state.view {
                    SharedView::SideBySide => View::SideBySide,
                    SharedView::Overlay => View::Overlay,
                };
                state.axis = match link.state.axis {
                    SharedAxis::Steps => Axis::Steps,
                    SharedAxis::Millis => Axis::Millis,
                };
                state.limits = link.state.limits;
                if link.auto_run {
                    state.apply(Action::RunAll);
                }
            }
            Ok(None) => {}
            Err(error) => state.notice = Some(error.to_string()),
        }
        state
    }

    /// What a share link carries.
    pub fn to_shared(&self) -> SharedState {
        SharedState {
            panes: self
                .panes
                .iter()
                .map(|p| SharedPane {
                    title: p.title.clone(),
                    code: p.code.clone(),
                })
                .collect(),
            view: match self.view {
                View::SideBySide => SharedView::SideBySide,
                View::Overlay => SharedView::Overlay,
            },
            axis: match self.axis {
                Axis::Steps => SharedAxis::Steps,
                Axis::Millis => SharedAxis::Millis,
            },
            limits: self.limits,
        }
    }

    fn replace_panes(&mut self, panes: Vec<SharedPane>) {
        self.panes = panes
            .into_iter()
            .take(MAX_PANES)
            .enumerate()
            .map(|(i, p)| Pane::new(i as u32 + 1, &p.title, &p.code))
            .collect();
        self.next_pane_id = self.panes.len() as u32 + 1;
        self.queue.clear();
    }

    fn enqueue(&mut self, pane_id: u32) {
        let running = self.running.map(|r| r.pane_id);
        if running == Some(pane_id) || self.queue.contains(&pane_id) {
            return;
        }
        if let Some(pane) = self.pane_mut(pane_id) {
            pane.status = PaneStatus::Queued;
            self.queue.push_back(pane_id);
        }
    }

    /// Starts the next queued pane when the engine is free; `app.rs` sends the request
    /// when `running` changes.
    fn start_next(&mut self) {
        if self.running.is_some() || !self.engine_ready() {
            return;
        }
        while let Some(pane_id) = self.queue.pop_front() {
            let run_id = self.next_run_id;
            if let Some(pane) = self.pane_mut(pane_id) {
                pane.status = PaneStatus::Running;
                pane.timeline = Timeline::default();
                pane.report = None;
                pane.output.clear();
                pane.output_truncated = false;
                pane.error_line = None;
                self.next_run_id += 1;
                self.running = Some(ActiveRun { run_id, pane_id });
                return;
            }
        }
    }

    /// Ends the current run from the page's side (its samples stay), drops the queue and
    /// asks for a fresh worker.
    fn end_run_and_restart(&mut self, why: &str) {
        if let Some(run) = self.running.take() {
            if let Some(pane) = self.pane_mut(run.pane_id) {
                pane.status = PaneStatus::Ended(why.to_string());
            }
        }
        for pane_id in std::mem::take(&mut self.queue) {
            if let Some(pane) = self.pane_mut(pane_id) {
                pane.status = PaneStatus::Idle;
            }
        }
        self.restart_worker();
    }

    fn restart_worker(&mut self) {
        self.worker_generation += 1;
        self.engine = EngineStatus::Loading {
            loaded: 0.0,
            total: 0.0,
        };
    }

    fn is_current(&self, run_id: u32) -> Option<u32> {
        self.running
            .filter(|r| r.run_id == run_id)
            .map(|r| r.pane_id)
    }

    fn on_worker_message(&mut self, message: WorkerMessage) {
        match message {
            WorkerMessage::Progress { loaded, total } => {
                if !self.engine_ready() {
                    self.engine = EngineStatus::Loading { loaded, total };
                }
            }
            WorkerMessage::Ready { platform, init_ms } => {
                self.engine = EngineStatus::Ready { platform, init_ms };
                self.start_next();
            }
            WorkerMessage::Samples { run_id, batch } => {
                if let Some(pane_id) = self.is_current(run_id) {
                    if let Some(pane) = self.pane_mut(pane_id) {
                        pane.timeline.push_batch(batch);
                    }
                }
            }
            WorkerMessage::Output { run_id, text, .. } => {
                if let Some(pane_id) = self.is_current(run_id) {
                    if let Some(pane) = self.pane_mut(pane_id) {
                        pane.push_output(&text);
                    }
                }
            }
            WorkerMessage::Finished { run_id, report } => {
                if let Some(pane_id) = self.is_current(run_id) {
                    if let Some(pane) = self.pane_mut(pane_id) {
                        pane.status = PaneStatus::Finished(report.outcome);
                        pane.error_line = report.error.as_ref().and_then(|e| e.line);
                        // The report's samples are the complete, authoritative timeline.
                        pane.timeline = Timeline::from_samples(report.samples.clone());
                        pane.report = Some(Rc::new(*report));
                    }
                    self.running = None;
                    self.start_next();
                }
            }
            WorkerMessage::Fatal { message } => self.on_engine_crash(message),
        }
    }

    /// The worker died (a panic, a trap such as running out of memory, or a failed load).
    fn on_engine_crash(&mut self, message: String) {
        if self.running.is_some() {
            self.end_run_and_restart(&format!(
                "{message}. The engine was restarted; the samples so far are kept."
            ));
        } else if !self.engine_ready() {
            // Failing while loading: restarting would fail the same way.
            self.engine = EngineStatus::Failed(message);
        } else {
            self.restart_worker();
        }
    }
}

#[cfg(test)]
mod tests {
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
        assert!(state.running.is_none());
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
            state.running.is_none(),
            "nothing starts before the engine is ready"
        );
        state.apply(Action::Worker {
            generation: 0,
            message: WorkerMessage::Ready {
                platform: "test".into(),
                init_ms: 1.0,
            },
        });
        let first = state.running.expect("the first pane runs");
        state.apply(Action::Worker {
            generation: 0,
            message: WorkerMessage::Samples {
                run_id: first.run_id,
                batch: vec![memplay_protocol::Sample {
                    step: 0,
                    t_ms: 0.0,
                    line: 1,
                    bytes: 10,
                    objects: None,
                    high_before: None,
                }],
            },
        });
        state.apply(Action::Stop);
        assert!(state.running.is_none());
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
}
