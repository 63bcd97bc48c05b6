//! One pane as the page holds it: its code, its run's status, the timeline and output
//! streamed so far, and the summary once the run has ended.

use crate::timeline::Timeline;
use memplay_protocol::{Outcome, RunSummary};
use std::rc::Rc;

/// Output kept per pane; a snippet printing in a loop must not grow the page without end.
const OUTPUT_LIMIT: usize = 64 * 1024;

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
    /// Every sample of the run, as it streamed in.
    pub timeline: Timeline,
    pub summary: Option<Rc<RunSummary>>,
    pub output: String,
    pub output_truncated: bool,
    /// The line to highlight in the editor (the error's line).
    pub error_line: Option<u32>,
}

impl Pane {
    pub fn new(id: u32, title: &str, code: &str) -> Self {
        Pane {
            id,
            title: title.to_string(),
            code: code.to_string(),
            status: PaneStatus::Idle,
            timeline: Timeline::default(),
            summary: None,
            output: String::new(),
            output_truncated: false,
            error_line: None,
        }
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.status, PaneStatus::Queued | PaneStatus::Running)
    }

    /// Clears the last run's figures as a new run starts.
    pub fn start_run(&mut self) {
        self.status = PaneStatus::Running;
        self.timeline = Timeline::default();
        self.summary = None;
        self.output.clear();
        self.output_truncated = false;
        self.error_line = None;
    }

    pub fn push_output(&mut self, text: &str) {
        if self.output.len() + text.len() > OUTPUT_LIMIT {
            let room = OUTPUT_LIMIT.saturating_sub(self.output.len());
            let cut = text.floor_char_boundary(room);
            self.output.push_str(&text[..cut]);
            self.output_truncated = true;
        } else {
            self.output.push_str(text);
        }
    }

    pub fn finish(&mut self, summary: RunSummary) {
        self.status = PaneStatus::Finished(summary.outcome);
        self.error_line = summary.error.as_ref().and_then(|e| e.line);
        self.summary = Some(Rc::new(summary));
    }
}
