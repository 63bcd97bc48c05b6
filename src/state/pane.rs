//! One pane as the page holds it: its code, its run's status, the timeline and output
//! streamed so far, and the summary once the run has ended.

use crate::censuses::Censuses;
use crate::timeline::Timeline;
use memplay_protocol::recorded::RecordedRun;
use memplay_protocol::{Limits, LineFigures, ObjectCensus, Outcome, RunSummary, Sample};
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
    /// The run's censuses (live objects by type), as they streamed in.
    pub censuses: Censuses,
    /// The run's per-line figures so far, by line (memory_profiler's columns).
    pub lines: Rc<Vec<LineFigures>>,
    pub summary: Option<Rc<RunSummary>>,
    pub output: String,
    pub output_truncated: bool,
    /// The line to highlight in the editor (the error's line).
    pub error_line: Option<u32>,
    /// The code was edited since its run started: that run's line figures, error line
    /// and moments no longer point at these lines.
    pub edited_since_run: bool,
    /// The limits the last run had (what its results are tied to in a link).
    pub ran_with: Option<Limits>,
    /// The figures came with the link (recorded where it was made), not from a run here.
    pub recorded: bool,
}

impl Pane {
    pub fn new(id: u32, title: &str, code: &str) -> Self {
        Pane {
            id,
            title: title.to_string(),
            code: code.to_string(),
            status: PaneStatus::Idle,
            timeline: Timeline::default(),
            censuses: Censuses::default(),
            lines: Rc::default(),
            summary: None,
            output: String::new(),
            output_truncated: false,
            error_line: None,
            edited_since_run: false,
            ran_with: None,
            recorded: false,
        }
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.status, PaneStatus::Queued | PaneStatus::Running)
    }

    /// Clears the last run's figures as a new run starts under `limits`.
    pub fn start_run(&mut self, limits: Limits) {
        self.status = PaneStatus::Running;
        self.ran_with = Some(limits);
        self.recorded = false;
        self.timeline = Timeline::default();
        self.censuses = Censuses::default();
        self.lines = Rc::default();
        self.summary = None;
        self.output.clear();
        self.output_truncated = false;
        self.error_line = None;
        self.edited_since_run = false;
    }

    /// The code changed: the figures by line belonged to the code that ran.
    pub fn edit(&mut self, code: String) {
        self.code = code;
        self.error_line = None;
        self.lines = Rc::default();
        self.edited_since_run = true;
    }

    /// A streamed batch: samples, the censuses taken at them, the lines that changed.
    pub fn push_batch(
        &mut self,
        batch: Vec<Sample>,
        censuses: Vec<ObjectCensus>,
        lines: Vec<LineFigures>,
    ) {
        self.timeline.push_batch(batch);
        self.censuses.push_batch(censuses);
        if !lines.is_empty() && !self.edited_since_run {
            merge_lines(Rc::make_mut(&mut self.lines), &lines);
        }
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

    /// Shows a link's recorded run of this code under `limits`, as if it had just ended.
    pub fn show_recorded(&mut self, run: &RecordedRun, limits: Limits) {
        // A link's results were checked when it was read (`share::decode`).
        let Ok(samples) = run.samples() else {
            return;
        };
        let censuses = run.censuses(&samples).unwrap_or_default();
        self.timeline = Timeline::from_samples(samples);
        self.censuses = Censuses::default();
        self.censuses.push_batch(censuses);
        self.output = run.output.clone();
        self.output_truncated = run.output_cut;
        self.ran_with = Some(limits);
        self.finish(run.summary(0, &self.title));
        self.recorded = true;
    }

    /// This pane's run as a link can carry it: only a run that ended by itself, of the
    /// code shown, under `limits`; keeping the page's moment (its step) when it is in
    /// this run.
    pub fn recorded_run(&self, limits: &Limits, moment: Option<u64>) -> Option<RecordedRun> {
        let summary = self.summary.as_deref()?;
        if !self.can_record(limits) {
            return None;
        }
        let samples: Vec<Sample> = self.timeline.samples().copied().collect();
        let censuses: Vec<ObjectCensus> = self.censuses.iter().cloned().collect();
        Some(
            RecordedRun::of(summary, &samples, &censuses, &self.code, limits, moment)
                .with_output(&self.output, self.output_truncated),
        )
    }

    /// Whether the figures shown are a run, to its end, of the code shown under `limits`.
    pub fn can_record(&self, limits: &Limits) -> bool {
        matches!(self.status, PaneStatus::Finished(_))
            && !self.edited_since_run
            && self.ran_with.as_ref() == Some(limits)
    }

    pub fn finish(&mut self, summary: RunSummary) {
        self.status = PaneStatus::Finished(summary.outcome);
        if !self.edited_since_run {
            self.error_line = summary.error.as_ref().and_then(|e| e.line);
            // The summary's lines are the run's last word (also for a run whose
            // batches were cut short).
            merge_lines(Rc::make_mut(&mut self.lines), &summary.lines);
        }
        self.summary = Some(Rc::new(summary));
    }
}

/// Puts each figure at its line's index, growing the table as needed.
fn merge_lines(table: &mut Vec<LineFigures>, changed: &[LineFigures]) {
    for figures in changed {
        let at = figures.line as usize;
        // A snippet is at most a few thousand lines; a wild line number is dropped.
        if at > 100_000 {
            continue;
        }
        if table.len() <= at {
            table.resize_with(at + 1, LineFigures::default);
        }
        table[at] = *figures;
    }
}

/// A pane's title, never blank: a blank one names the pane by its place on the page
/// (`pane 2`), since the title names it in the headline, legends, summary and file names.
pub fn title_or_place(title: &str, position: usize) -> String {
    if title.trim().is_empty() {
        format!("pane {position}")
    } else {
        title.to_string()
    }
}
