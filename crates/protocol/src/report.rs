//! A run's figures: the summary the engine sends when a run ends, and the whole report
//! (summary, samples, output) a host assembles from the run's events.

use crate::share::Measure;
use crate::{LineFigures, ObjectCensus, Outcome, RunError, RunEvent, Sample};
use serde::{Deserialize, Serialize};

/// Output kept in an assembled report (the rest still streams as it is written).
const STDOUT_KEPT: usize = 1 << 20;

/// Everything measured about one run except what streamed while it ran (the samples
/// and the output): the `Finished` event carries this.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub run_id: u32,
    pub pane: String,
    pub outcome: Outcome,
    pub error: Option<RunError>,
    /// Where the figures come from, e.g. `rustpython-0.6.0/wasm32`.
    pub platform: String,
    pub peak_bytes: i64,
    pub final_bytes: i64,
    /// What CPython 3.11 would hold at the run's peak (the model; see `estimate` for a
    /// peak between censuses) and at its end.
    pub cpython_peak_bytes: i64,
    pub cpython_final_bytes: i64,
    /// Live objects at the memory peak and at the end: as RustPython has them, and as
    /// CPython 3.11 would count them (the model; see `ObjectCensus::cpython`).
    pub peak_objects: u64,
    pub final_objects: u64,
    pub cpython_peak_objects: u64,
    pub cpython_final_objects: u64,
    pub wall_ms: f64,
    /// The part of `wall_ms` spent counting objects (censuses during the run).
    pub census_ms: f64,
    pub steps: u64,
    /// Heap allocations the snippet made (not objects: freelists reuse memory).
    pub allocations: u64,
    /// WebAssembly linear memory (or 0 natively): never shrinks, like RSS.
    pub linear_memory_bytes: u64,
    /// The census taken at (or closest to) the peak-memory sample.
    pub census_at_peak: ObjectCensus,
    /// The census taken when the snippet ended.
    pub census_at_end: ObjectCensus,
    pub lines: Vec<LineFigures>,
}

impl RunSummary {
    /// Live objects at the memory peak, as `measure` counts them.
    pub fn peak_objects_in(&self, measure: Measure) -> u64 {
        match measure {
            Measure::Cpython => self.cpython_peak_objects,
            Measure::Rustpython => self.peak_objects,
        }
    }

    /// True when the code never ran: it did not compile (a syntax error), so the run has
    /// no figures at all (zeros would read as a run that held nothing).
    pub fn never_ran(&self) -> bool {
        self.outcome == Outcome::Failed && self.steps == 0
    }

    /// A summary of run `run_id` of `pane` with no figures: every count zero, no error,
    /// no censuses, no lines. What a run that never started reports, and the base the
    /// engine, a link's recorded run and tests fill in.
    pub fn empty(run_id: u32, pane: &str, outcome: Outcome, platform: &str) -> Self {
        RunSummary {
            run_id,
            pane: pane.to_owned(),
            outcome,
            error: None,
            platform: platform.to_owned(),
            peak_bytes: 0,
            final_bytes: 0,
            cpython_peak_bytes: 0,
            cpython_final_bytes: 0,
            peak_objects: 0,
            final_objects: 0,
            cpython_peak_objects: 0,
            cpython_final_objects: 0,
            wall_ms: 0.0,
            census_ms: 0.0,
            steps: 0,
            allocations: 0,
            linear_memory_bytes: 0,
            census_at_peak: ObjectCensus::default(),
            census_at_end: ObjectCensus::default(),
            lines: Vec::new(),
        }
    }
}

/// A whole run: its summary with the samples and output streamed before it. What the
/// CLI's `--json`, the downloads and the tests read.
#[derive(Clone, Debug, PartialEq)]
pub struct RunReport {
    pub summary: RunSummary,
    pub samples: Vec<Sample>,
    /// The censuses taken during the run, in order, each with its largest types.
    pub censuses: Vec<ObjectCensus>,
    /// The output, up to its first MB.
    pub stdout: String,
}

impl std::ops::Deref for RunReport {
    type Target = RunSummary;

    /// A report reads as its summary: `report.peak_bytes`.
    fn deref(&self) -> &RunSummary {
        &self.summary
    }
}

/// Collects one run's events, as a host receives them, into its report.
#[derive(Default)]
pub struct ReportAssembler {
    samples: Vec<Sample>,
    censuses: Vec<ObjectCensus>,
    stdout: String,
    summary: Option<RunSummary>,
}

impl ReportAssembler {
    pub fn add(&mut self, event: &RunEvent) {
        match event {
            RunEvent::Samples {
                batch, censuses, ..
            } => {
                self.samples.extend_from_slice(batch);
                self.censuses.extend_from_slice(censuses);
            }
            RunEvent::Output { text, .. } => {
                if self.stdout.len() < STDOUT_KEPT {
                    self.stdout.push_str(text);
                }
            }
            RunEvent::Finished { summary, .. } => self.summary = Some((**summary).clone()),
        }
    }

    /// The report, once the run's `Finished` event has arrived.
    pub fn finish(self) -> Option<RunReport> {
        Some(RunReport {
            summary: self.summary?,
            samples: self.samples,
            censuses: self.censuses,
            stdout: self.stdout,
        })
    }

    /// The report; for a run that ended without its `Finished` event (its engine died),
    /// `lost` writes the summary from the samples that did arrive, which are kept.
    pub fn finish_or(self, lost: impl FnOnce(&[Sample]) -> RunSummary) -> RunReport {
        let summary = self.summary.unwrap_or_else(|| lost(&self.samples));
        RunReport {
            summary,
            samples: self.samples,
            censuses: self.censuses,
            stdout: self.stdout,
        }
    }
}
