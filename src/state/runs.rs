//! The run queue: panes wait here to run one at a time on the engine, each run under a
//! fresh id so messages about an earlier run are dropped.

use std::collections::VecDeque;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActiveRun {
    pub run_id: u32,
    pub pane_id: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RunQueue {
    waiting: VecDeque<u32>,
    running: Option<ActiveRun>,
    next_run_id: u32,
}

impl Default for RunQueue {
    fn default() -> Self {
        RunQueue {
            waiting: VecDeque::new(),
            running: None,
            next_run_id: 1,
        }
    }
}

impl RunQueue {
    pub fn is_busy(&self) -> bool {
        self.running.is_some() || !self.waiting.is_empty()
    }

    pub fn running(&self) -> Option<ActiveRun> {
        self.running
    }

    /// The pane run `run_id` belongs to, while it is the running one.
    pub fn pane_running(&self, run_id: u32) -> Option<u32> {
        self.running
            .filter(|r| r.run_id == run_id)
            .map(|r| r.pane_id)
    }

    /// Queues `pane_id` unless it is running or waiting already; true when queued.
    pub fn push(&mut self, pane_id: u32) -> bool {
        if self.running.map(|r| r.pane_id) == Some(pane_id) || self.waiting.contains(&pane_id) {
            return false;
        }
        self.waiting.push_back(pane_id);
        true
    }

    pub fn remove(&mut self, pane_id: u32) {
        self.waiting.retain(|&id| id != pane_id);
    }

    /// Starts the first waiting pane for which `exists` holds, when nothing runs.
    pub fn start_next(&mut self, exists: impl Fn(u32) -> bool) -> Option<ActiveRun> {
        if self.running.is_some() {
            return None;
        }
        while let Some(pane_id) = self.waiting.pop_front() {
            if exists(pane_id) {
                let run = ActiveRun {
                    run_id: self.next_run_id,
                    pane_id,
                };
                self.next_run_id += 1;
                self.running = Some(run);
                return Some(run);
            }
        }
        None
    }

    /// The running run has ended.
    pub fn end_running(&mut self) -> Option<ActiveRun> {
        self.running.take()
    }

    /// Drops every waiting pane and returns them.
    pub fn clear_waiting(&mut self) -> Vec<u32> {
        self.waiting.drain(..).collect()
    }
}
