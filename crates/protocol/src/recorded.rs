//! Recorded results: a finished run as a share link carries it, so a link or an embed
//! draws its charts, summary and comparison at once, before (or without) the engine.
//!
//! For each pane: the summary's figures, a thinned timeline and the census at the peak.
//! The timeline keeps at most [`POINTS`] samples, chosen so the chart keeps its shape:
//! the first and the last, the peak, the samples of the peaks the page estimates between
//! censuses with the censuses around them, censuses (the objects line is drawn from
//! them), the page's moment with the censuses it reads, and the first, lowest, highest
//! and last sample of each slice of the run; and each kept census's largest types
//! (`types`). Bytes are kept to an 8192th-16384th of the highest sample (a chart is a few
//! hundred pixels), the peak exactly, and steps exactly; columns are stored as
//! differences, which deflate to a byte or two each. A fingerprint of the code and the
//! limits ties the results to what made them: results whose fingerprint does not match
//! their pane (a link edited by hand) are not shown. The run's figures by line (the
//! editor's gutter), the start of its output and of its traceback travel too, so a link
//! opens on what its author saw.

use crate::estimate;
use crate::share::Measure;
use crate::{
    CpythonCensus, Limits, LineFigures, ObjectCensus, Outcome, RunError, RunSummary, Sample,
    TypeFigures,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod types;
pub use types::{RecordedTypes, DRAWN_TYPES};

/// The most samples a recorded timeline keeps.
pub const POINTS: usize = 200;
/// Of those, the most censuses (the objects line's points).
const CENSUS_POINTS: usize = 60;
/// Bytes are kept in units of a power of two, 8192 to 16384 of them in the highest
/// sample (see `RecordedTimeline::of`).
const BYTE_LEVELS: i64 = 8192;
/// The census at the peak keeps its largest types (by count, and by CPython bytes).
const CENSUS_TYPES: usize = 6;
/// An error message is cut to this many characters (and a link's type names and error
/// kind may be no longer).
const MESSAGE_CHARS: usize = 300;
/// The longest platform name a link may carry (`rustpython-0.6.0/wasm32` is 23).
const PLATFORM_CHARS: usize = 60;
/// A link carries the first this many characters of a run's output, and of its traceback.
pub const OUTPUT_CHARS: usize = 2_000;
/// The figures of at most this many lines (those that ran; a snippet is short).
const LINES: usize = 400;
/// A line's bytes in a link are at most this far from zero (a petabyte, past any run):
/// a hand-edited link's i64::MIN would overflow the page's arithmetic.
const MAX_LINE_BYTES: u64 = 1 << 50;

/// One pane's finished run, as a link carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedRun {
    /// [`fingerprint`] of the code and the limits the run had.
    pub fingerprint: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RecordedError>,
    /// Where the figures were measured, e.g. `rustpython-0.6.0/wasm32`.
    pub platform: String,
    pub peak_bytes: i64,
    pub final_bytes: i64,
    pub cpython_peak_bytes: i64,
    pub cpython_final_bytes: i64,
    pub peak_objects: u64,
    pub final_objects: u64,
    /// Absent from links recorded before CPython's object counts travelled (2026-11-28),
    /// which then show RustPython's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpython_peak_objects: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpython_final_objects: Option<u64>,
    /// Whole milliseconds.
    pub wall_ms: u64,
    pub steps: u64,
    pub allocations: u64,
    pub census_at_peak: RecordedCensus,
    pub timeline: RecordedTimeline,
    /// The figures by line; absent from links made before 2026-11-29.
    #[serde(default, skip_serializing_if = "RecordedLines::is_empty")]
    pub lines: RecordedLines,
    /// The first `OUTPUT_CHARS` characters the run printed, and whether it printed more.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub output: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub output_cut: bool,
}

/// The error a run ended with, and the start of its traceback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordedError {
    pub kind: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub traceback: String,
}

/// The figures of the lines that ran, as columns (`LineFigures`' fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordedLines {
    pub line: Vec<u32>,
    pub hits: Vec<u64>,
    pub net_bytes: Vec<i64>,
    pub max_increment: Vec<i64>,
    pub objects_made: Vec<u64>,
}

impl RecordedLines {
    fn of(lines: &[LineFigures]) -> Self {
        let mut recorded = RecordedLines::default();
        for l in lines.iter().filter(|l| l.hits > 0).take(LINES) {
            recorded.line.push(l.line);
            recorded.hits.push(l.hits);
            recorded.net_bytes.push(l.net_bytes);
            recorded.max_increment.push(l.max_increment);
            recorded.objects_made.push(l.objects_made);
        }
        recorded
    }

    pub fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    fn figures(&self) -> Vec<LineFigures> {
        (0..self.line.len())
            .map(|i| LineFigures {
                line: self.line[i],
                hits: self.hits[i],
                net_bytes: self.net_bytes[i],
                max_increment: self.max_increment[i],
                objects_made: self.objects_made[i],
            })
            .collect()
    }

    fn is_well_formed(&self) -> bool {
        let n = self.line.len();
        n <= LINES
            && [
                self.hits.len(),
                self.net_bytes.len(),
                self.max_increment.len(),
                self.objects_made.len(),
            ] == [n; 4]
            && self
                .net_bytes
                .iter()
                .chain(&self.max_increment)
                .all(|b| b.unsigned_abs() <= MAX_LINE_BYTES)
    }
}

/// The first `OUTPUT_CHARS` characters of `text`, and whether it had more.
fn cut(text: &str) -> (String, bool) {
    let mut chars = text.chars();
    let kept: String = chars.by_ref().take(OUTPUT_CHARS).collect();
    (kept, chars.next().is_some())
}

/// A traceback in at most `OUTPUT_CHARS` characters: its start and its end, where the
/// error's own line is (a recursion that folding cannot shorten would otherwise lose it).
fn cut_traceback(text: &str) -> String {
    const GAP: &str = "\n…\n";
    let count = text.chars().count();
    if count <= OUTPUT_CHARS {
        return text.to_owned();
    }
    let head = OUTPUT_CHARS / 3;
    let tail = OUTPUT_CHARS - head - GAP.chars().count();
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}{GAP}{end}")
}

/// The census at the peak, its largest types only (by count, and by CPython bytes), as
/// columns: integers only, which keeps the page's link codec small (no float parsing).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordedCensus {
    pub step: u64,
    pub line: u32,
    pub total: u64,
    /// Objects of the types not listed.
    pub other: u64,
    pub cpython_total: u64,
    pub cpython_bytes: i64,
    pub cpython_other_count: u64,
    pub cpython_other_bytes: i64,
    /// Type names, and for each its live count and its count and bytes in the CPython
    /// view (zero where the type is not among that view's largest).
    pub types: Vec<String>,
    pub counts: Vec<u64>,
    pub cpython_counts: Vec<u64>,
    pub cpython_type_bytes: Vec<i64>,
}

impl RecordedCensus {
    fn of(census: &ObjectCensus) -> Self {
        let trimmed = census.trimmed(CENSUS_TYPES);
        let mut types: Vec<String> = trimmed.by_type.keys().cloned().collect();
        for name in trimmed.cpython.by_type.keys() {
            if !trimmed.by_type.contains_key(name) {
                types.push(name.clone());
            }
        }
        let cpython = |name: &String| {
            trimmed
                .cpython
                .by_type
                .get(name)
                .copied()
                .unwrap_or_default()
        };
        RecordedCensus {
            step: trimmed.step,
            line: trimmed.line,
            total: trimmed.total,
            other: trimmed.other,
            cpython_total: trimmed.cpython.total,
            cpython_bytes: trimmed.cpython.bytes,
            cpython_other_count: trimmed.cpython.other.count,
            cpython_other_bytes: trimmed.cpython.other.bytes,
            counts: types
                .iter()
                .map(|t| trimmed.by_type.get(t).copied().unwrap_or(0))
                .collect(),
            cpython_counts: types.iter().map(|t| cpython(t).count).collect(),
            cpython_type_bytes: types.iter().map(|t| cpython(t).bytes).collect(),
            types,
        }
    }

    fn census(&self) -> ObjectCensus {
        let listed = || {
            self.types
                .iter()
                .zip(&self.counts)
                .zip(self.cpython_counts.iter().zip(&self.cpython_type_bytes))
        };
        ObjectCensus {
            step: self.step,
            t_ms: 0.0,
            line: self.line,
            total: self.total,
            by_type: listed()
                .filter(|((_, &count), _)| count > 0)
                .map(|((name, &count), _)| (name.clone(), count))
                .collect(),
            other: self.other,
            cpython: CpythonCensus {
                total: self.cpython_total,
                bytes: self.cpython_bytes,
                by_type: listed()
                    .filter(|(_, (&count, &bytes))| count > 0 || bytes != 0)
                    .map(|((name, _), (&count, &bytes))| {
                        (name.clone(), TypeFigures { count, bytes })
                    })
                    .collect(),
                other: TypeFigures {
                    count: self.cpython_other_count,
                    bytes: self.cpython_other_bytes,
                },
            },
        }
    }

    fn is_well_formed(&self) -> bool {
        let n = self.types.len();
        n <= 2 * CENSUS_TYPES
            && [
                self.counts.len(),
                self.cpython_counts.len(),
                self.cpython_type_bytes.len(),
            ] == [n; 3]
            && self
                .types
                .iter()
                .all(|t| t.chars().count() <= MESSAGE_CHARS)
    }
}

/// A thinned timeline as columns of differences (see the module comment).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordedTimeline {
    /// Bytes per unit of `bytes`, and of `cpython`; steps per unit of `step`: 1 since
    /// links keep their moment, a 65,536th of the run in older links. Exact steps cost
    /// gallery links nothing (their steps are regular) and a run of pure noise ~240 B.
    pub byte_unit: i64,
    pub cpython_unit: i64,
    pub step_unit: u64,
    pub step: Vec<u64>,
    pub ms: Vec<u64>,
    pub line: Vec<i64>,
    pub bytes: Vec<i64>,
    /// The samples that had a census (positions, as differences), their live objects
    /// and CPython bytes (differences).
    pub census_at: Vec<u64>,
    pub objects: Vec<i64>,
    pub cpython: Vec<i64>,
    /// The CPython view's live objects at the same samples (differences); empty in links
    /// recorded before it travelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpython_objects: Vec<i64>,
    /// The interpreter's object count at every sample (`Sample::net_objects`, as
    /// differences): the live objects between censuses follow it. Empty in links recorded
    /// before it travelled, whose charts draw them by the bytes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub net_objects: Vec<i64>,
    /// The sample that holds the run's peak, and whether the peak is its own bytes (else
    /// a high just before it, inside one instruction).
    pub peak_at: u64,
    pub peak_own: bool,
    /// Whether the cycle collector ran at the peak's sample: a high there may be the
    /// collector's own, which CPython's does not allocate (`estimate`). Absent from
    /// links made before 2026-11-30, whose CPython chart maps such a high.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub peak_collected: bool,
    /// The highs just before the samples CPython's estimated peak stands on, besides the
    /// run's own peak (the rest of the samples travel without theirs). Absent from links
    /// made before 2026-11-30.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highs: Vec<RecordedHigh>,
    /// The census samples' largest types; absent from links made before 2026-11-30.
    #[serde(default, skip_serializing_if = "RecordedTypes::is_empty")]
    pub types: RecordedTypes,
}

/// A high inside one instruction, just before a kept sample.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordedHigh {
    /// The sample's position in the thinned timeline.
    pub at: u64,
    /// In the timeline's `byte_unit`s.
    pub bytes: i64,
    /// The cycle collector ran there (see `peak_collected`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collected: bool,
}

/// Ties results to the code and limits that made them (64-bit FNV-1a, in hex).
pub fn fingerprint(code: &str, limits: &Limits) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(code.as_bytes());
    eat(&[0xff]);
    eat(&limits.time_ms.to_le_bytes());
    eat(&limits.memory_bytes.to_le_bytes());
    eat(&limits.steps.to_le_bytes());
    format!("{hash:016x}")
}

impl RecordedRun {
    /// The record of a finished run of `code` under `limits`, from its summary (with its
    /// figures by line), every sample it streamed and its censuses by type; `with_output`
    /// adds what it printed. `moment`: the step of the page's moment in this run, whose
    /// sample and censuses the record keeps, so the link opens at it.
    pub fn of(
        summary: &RunSummary,
        samples: &[Sample],
        censuses: &[ObjectCensus],
        code: &str,
        limits: &Limits,
        moment: Option<u64>,
    ) -> Self {
        let cpython_counted = cpython_counted(samples);
        RecordedRun {
            fingerprint: fingerprint(code, limits),
            outcome: summary.outcome,
            error: summary.error.as_ref().map(|e| RecordedError {
                kind: e.kind.clone(),
                message: e.message.chars().take(MESSAGE_CHARS).collect(),
                line: e.line,
                traceback: cut_traceback(&e.traceback),
            }),
            platform: summary.platform.clone(),
            peak_bytes: summary.peak_bytes,
            final_bytes: summary.final_bytes,
            cpython_peak_bytes: summary.cpython_peak_bytes,
            cpython_final_bytes: summary.cpython_final_bytes,
            peak_objects: summary.peak_objects,
            final_objects: summary.final_objects,
            cpython_peak_objects: cpython_counted.then_some(summary.cpython_peak_objects),
            cpython_final_objects: cpython_counted.then_some(summary.cpython_final_objects),
            // As the page shows it (`{:.0}` rounds a half to even: 608.5 ms reads 608).
            wall_ms: summary.wall_ms.max(0.0).round_ties_even() as u64,
            steps: summary.steps,
            allocations: summary.allocations,
            census_at_peak: RecordedCensus::of(&summary.census_at_peak),
            timeline: RecordedTimeline::of(
                samples,
                censuses,
                summary.peak_bytes,
                summary.cpython_peak_bytes,
                cpython_counted,
                moment,
            ),
            lines: RecordedLines::of(&summary.lines),
            output: String::new(),
            output_cut: false,
        }
    }

    /// The record without what it printed, its traceback and its figures by line: what
    /// still fits a link when four panes' texts together would not.
    pub fn figures_only(mut self) -> Self {
        self.output.clear();
        self.output_cut = false;
        self.lines = RecordedLines::default();
        if let Some(error) = &mut self.error {
            error.traceback.clear();
        }
        self
    }

    /// The record with the start of what the run printed (`cut_before`: the page had
    /// already kept only the start of it).
    pub fn with_output(mut self, output: &str, cut_before: bool) -> Self {
        let (start, more) = cut(output);
        self.output = start;
        self.output_cut = cut_before || more;
        self
    }

    /// Whether these are the results of `code` under `limits`.
    pub fn matches(&self, code: &str, limits: &Limits) -> bool {
        self.fingerprint == fingerprint(code, limits)
    }

    /// The summary the page shows, as if the run had just ended.
    pub fn summary(&self, run_id: u32, pane: &str) -> RunSummary {
        // Links recorded before CPython's counts travelled: the census at the peak's
        // ratio, as the engine scales its own count.
        let census = self.census_at_peak.census();
        RunSummary {
            error: self.error.as_ref().map(|e| RunError {
                kind: e.kind.clone(),
                message: e.message.clone(),
                line: e.line,
                column: None,
                traceback: e.traceback.clone(),
            }),
            peak_bytes: self.peak_bytes,
            final_bytes: self.final_bytes,
            cpython_peak_bytes: self.cpython_peak_bytes,
            cpython_final_bytes: self.cpython_final_bytes,
            peak_objects: self.peak_objects,
            final_objects: self.final_objects,
            cpython_peak_objects: self
                .cpython_peak_objects
                .unwrap_or_else(|| census.in_cpython_view(self.peak_objects)),
            cpython_final_objects: self
                .cpython_final_objects
                .unwrap_or_else(|| census.in_cpython_view(self.final_objects)),
            wall_ms: self.wall_ms as f64,
            steps: self.steps,
            allocations: self.allocations,
            census_at_peak: census,
            lines: self.lines.figures(),
            ..RunSummary::empty(run_id, pane, self.outcome, &self.platform)
        }
    }

    /// The thinned timeline's samples, or why they cannot be read.
    pub fn samples(&self) -> Result<Vec<Sample>, &'static str> {
        self.timeline.samples(self.peak_bytes, self.steps)
    }

    /// The censuses by type the record keeps, at their samples (`samples()`' answer).
    pub fn censuses(&self, samples: &[Sample]) -> Result<Vec<ObjectCensus>, &'static str> {
        self.timeline.types.censuses(samples)
    }

    /// Whether the record is well formed (a link may have been edited by hand).
    pub fn check(&self) -> Result<(), &'static str> {
        if !self.census_at_peak.is_well_formed()
            || !self.lines.is_well_formed()
            || self.output.chars().count() > OUTPUT_CHARS
            || self.error.as_ref().is_some_and(|e| {
                e.kind.chars().count() > MESSAGE_CHARS
                    || e.message.chars().count() > MESSAGE_CHARS
                    || e.traceback.chars().count() > OUTPUT_CHARS
            })
            || self.platform.chars().count() > PLATFORM_CHARS
        {
            return Err("its recorded results are too large");
        }
        let samples = self.samples()?;
        self.censuses(&samples).map(|_| ())
    }
}

impl RecordedTimeline {
    /// `cpython_counted`: every census sample has CPython's count (see `cpython_counted`).
    fn of(
        samples: &[Sample],
        censuses: &[ObjectCensus],
        peak_bytes: i64,
        cpython_peak_bytes: i64,
        cpython_counted: bool,
        moment: Option<u64>,
    ) -> Self {
        let estimated = estimated_peaks(samples);
        let at_moment = moment.map(|step| MomentSamples::of(samples, step));
        let at_moment_positions: Vec<usize> =
            at_moment.iter().flat_map(|m| m.positions()).collect();
        let kept = thin(samples, POINTS, &estimated, &at_moment_positions);
        // An 8192th or finer of the samples' own highest bytes, not of the run's peak,
        // which can be a high inside one instruction many times over them (the cycle
        // collector's map of a big heap: 126 MB in a 35 MB run) and would round the
        // census points the page estimates from by 13%; the peak travels exactly. A
        // power of two, so that a recorded run shared again (its bytes rounded once
        // already, a few units above or below) keeps its unit and rounds nothing twice.
        let highest_own = samples.iter().map(|s| s.bytes).max().unwrap_or(0);
        let levels = (highest_own.min(peak_bytes) / BYTE_LEVELS).max(1) as u64;
        let byte_unit = 1i64 << levels.ilog2();
        // The summary's figure first, so a recorded run shared again keeps its unit.
        let cpython_peak = samples
            .iter()
            .filter_map(|s| s.cpython_bytes)
            .fold(cpython_peak_bytes, i64::max);
        let cpython_unit = 1i64 << ((cpython_peak / BYTE_LEVELS).max(1) as u64).ilog2();
        // Steps exactly: a moment, a census and the sample at it keep their order and
        // their step (a 65,536th of the run put two samples on one step).
        let step_unit = 1;
        let peak_index = peak_index(samples);
        let mut timeline = RecordedTimeline {
            byte_unit,
            cpython_unit,
            step_unit,
            ..RecordedTimeline::default()
        };
        let (mut step, mut ms, mut line, mut bytes) = (0u64, 0u64, 0i64, 0i64);
        let (mut census_at, mut objects, mut cpython) = (0u64, 0i64, 0i64);
        let mut cpython_objects = 0i64;
        let counted = kept.iter().all(|&i| samples[i].net_objects.is_some());
        let mut net_objects = 0i64;
        // The census of each census sample, by step and count (of two at one step, the
        // later, as the page has it; a run shared again has steps rounded, and two
        // censuses may share one).
        let census_at_step: BTreeMap<(u64, u64), &ObjectCensus> =
            censuses.iter().map(|c| ((c.step, c.total), c)).collect();
        let mut kept_censuses = Vec::new();
        for (position, &i) in kept.iter().enumerate() {
            let s = &samples[i];
            // Quantised columns round to the nearest unit; steps never go backwards.
            let q_step = ((s.step + step_unit / 2) / step_unit).max(step);
            let q_ms = (s.t_ms.max(0.0).round() as u64).max(ms);
            let q_bytes = round_div(s.bytes, byte_unit);
            timeline.step.push(q_step - step);
            timeline.ms.push(q_ms - ms);
            timeline.line.push(i64::from(s.line) - line);
            timeline.bytes.push(q_bytes - bytes);
            (step, ms, line, bytes) = (q_step, q_ms, i64::from(s.line), q_bytes);
            if let (true, Some(net)) = (counted, s.net_objects) {
                timeline.net_objects.push(net.saturating_sub(net_objects));
                net_objects = net;
            }
            if let (Some(n), Some(c)) = (s.objects, s.cpython_bytes) {
                let q_cpython = round_div(c, cpython_unit);
                timeline.census_at.push(position as u64 - census_at);
                timeline.objects.push(n as i64 - objects);
                timeline.cpython.push(q_cpython - cpython);
                (census_at, objects, cpython) = (position as u64, n as i64, q_cpython);
                kept_censuses.push(census_at_step.get(&(s.step, n)).copied());
                if let (true, Some(cpython_n)) = (cpython_counted, s.cpython_objects) {
                    timeline
                        .cpython_objects
                        .push(cpython_n as i64 - cpython_objects);
                    cpython_objects = cpython_n as i64;
                }
            }
            if i == peak_index {
                timeline.peak_at = position as u64;
                timeline.peak_own = s.bytes >= s.highest_bytes();
                timeline.peak_collected = s.collected;
            }
        }
        // The moment panel lists the largest types of the moment's census and of the one
        // before (their changes): a link keeps them too, as far as its names allow.
        let moment_censuses: Vec<&ObjectCensus> = at_moment
            .iter()
            .flat_map(|m| m.censuses.iter().flatten())
            .filter_map(|&i| {
                let s = &samples[i];
                census_at_step.get(&(s.step, s.objects?)).copied()
            })
            .collect();
        timeline.types = RecordedTypes::of(&kept_censuses, &moment_censuses);
        let cpython_peak = estimated[0];
        let high = samples
            .get(cpython_peak)
            .filter(|_| cpython_peak != peak_index)
            .and_then(|s| Some((s.high_before?, s.collected)));
        if let (Some((high, collected)), Ok(at)) = (high, kept.binary_search(&cpython_peak)) {
            timeline.highs.push(RecordedHigh {
                at: at as u64,
                bytes: round_div(high, byte_unit),
                collected,
            });
        }
        timeline
    }

    /// The samples, checked: at most [`POINTS`], columns of one length, positions inside.
    fn samples(&self, peak_bytes: i64, steps: u64) -> Result<Vec<Sample>, &'static str> {
        const BAD: &str = "its recorded timeline is malformed";
        let n = self.step.len();
        if n > POINTS
            || [self.ms.len(), self.line.len(), self.bytes.len()] != [n; 3]
            || self.objects.len() != self.census_at.len()
            || self.cpython.len() != self.census_at.len()
            || !(self.cpython_objects.is_empty()
                || self.cpython_objects.len() == self.census_at.len())
            || !(self.net_objects.is_empty() || self.net_objects.len() == n)
            || self.byte_unit < 1
            || self.cpython_unit < 1
            || self.step_unit < 1
            || (n > 0 && usize::try_from(self.peak_at).map_or(true, |at| at >= n))
        {
            return Err(BAD);
        }
        let mut samples = Vec::with_capacity(n);
        let (mut step, mut ms, mut line, mut bytes) = (0u64, 0u64, 0i64, 0i64);
        let mut net_objects = 0i64;
        for i in 0..n {
            step = step.checked_add(self.step[i]).ok_or(BAD)?;
            ms = ms.checked_add(self.ms[i]).ok_or(BAD)?;
            line = line.checked_add(self.line[i]).ok_or(BAD)?;
            bytes = bytes.checked_add(self.bytes[i]).ok_or(BAD)?;
            samples.push(Sample {
                step: step.checked_mul(self.step_unit).ok_or(BAD)?.min(steps),
                t_ms: ms as f64,
                line: u32::try_from(line).map_err(|_| BAD)?,
                // A rounded figure never passes the exact peak.
                bytes: bytes
                    .checked_mul(self.byte_unit)
                    .ok_or(BAD)?
                    .min(peak_bytes),
                objects: None,
                high_before: None,
                cpython_bytes: None,
                cpython_objects: None,
                collected: false,
                net_objects: match self.net_objects.get(i) {
                    Some(change) => {
                        net_objects = net_objects.checked_add(*change).ok_or(BAD)?;
                        Some(net_objects)
                    }
                    None => None,
                },
            });
        }
        let (mut at, mut objects, mut cpython) = (0u64, 0i64, 0i64);
        let mut cpython_objects = 0i64;
        for i in 0..self.census_at.len() {
            at = at.checked_add(self.census_at[i]).ok_or(BAD)?;
            objects = objects.checked_add(self.objects[i]).ok_or(BAD)?;
            cpython = cpython.checked_add(self.cpython[i]).ok_or(BAD)?;
            let position = usize::try_from(at).map_err(|_| BAD)?;
            let sample = samples.get_mut(position).ok_or(BAD)?;
            sample.objects = Some(u64::try_from(objects).map_err(|_| BAD)?);
            sample.cpython_bytes = Some(cpython.checked_mul(self.cpython_unit).ok_or(BAD)?);
            // Old links: the chart falls back to RustPython's count (`Sample::objects_in`).
            if let Some(change) = self.cpython_objects.get(i) {
                cpython_objects = cpython_objects.checked_add(*change).ok_or(BAD)?;
                sample.cpython_objects = Some(u64::try_from(cpython_objects).map_err(|_| BAD)?);
            }
        }
        if let Some(peak) = usize::try_from(self.peak_at)
            .ok()
            .and_then(|at| samples.get_mut(at))
        {
            if self.peak_own {
                peak.bytes = peak_bytes;
            } else {
                peak.high_before = Some(peak_bytes);
            }
            peak.collected = self.peak_collected;
        }
        for high in &self.highs {
            let at = usize::try_from(high.at).map_err(|_| BAD)?;
            let sample = samples.get_mut(at).ok_or(BAD)?;
            // Never past the run's peak, which the summary states exactly.
            sample.high_before = Some(
                high.bytes
                    .checked_mul(self.byte_unit)
                    .ok_or(BAD)?
                    .min(peak_bytes),
            );
            sample.collected = high.collected;
        }
        // The last sample stands at the run's last step exactly.
        if let Some(last) = samples.last_mut() {
            last.step = steps;
        }
        Ok(samples)
    }
}

/// Whether every census sample has CPython's count: not a run from an old link shared
/// again, which has none to pass on.
fn cpython_counted(samples: &[Sample]) -> bool {
    samples
        .iter()
        .all(|s| !s.has_census() || s.cpython_objects.is_some())
}

/// `value / unit`, rounded to the nearest.
fn round_div(value: i64, unit: i64) -> i64 {
    (value as f64 / unit as f64).round() as i64
}

/// The first sample with the most bytes (its own or the high just before it).
fn peak_index(samples: &[Sample]) -> usize {
    let mut best = 0;
    for (i, s) in samples.iter().enumerate() {
        if s.highest_bytes() > samples[best].highest_bytes() {
            best = i;
        }
    }
    best
}

/// The samples of the peaks the page draws from estimates between censuses (CPython's
/// bytes, live objects in each view), which need not be RustPython's peak: a link that
/// keeps them (and the high just before CPython's) marks the peaks its author saw.
fn estimated_peaks(samples: &[Sample]) -> [usize; 3] {
    // Of equal highs, the first (as the page's peak marks).
    let first_highest = |values: &mut dyn Iterator<Item = i64>| {
        values
            .enumerate()
            .fold(
                (0, i64::MIN),
                |best, (i, v)| if v > best.1 { (i, v) } else { best },
            )
            .0
    };
    // Of equal counts, a census (as the page's mark).
    let objects = |measure| {
        let objects = estimate::objects_all(samples, measure);
        first_highest(&mut objects.iter().zip(samples).map(|(n, s)| {
            n.map_or(-1, |n| {
                (n.min(1 << 60) as i64) * 2 + i64::from(s.has_census())
            })
        }))
    };
    [
        first_highest(&mut estimate::estimate_all(samples).iter().map(|e| e.highest)),
        objects(Measure::Rustpython),
        objects(Measure::Cpython),
    ]
}

/// What a moment at `step` reads, as sample positions: the two samples the page's
/// nearest-sample look-up weighs (the marker, the editor's line), the census at or before
/// it (the moment panel's types) and the one before that (its changes since), and the
/// census after it (with the one before, the estimate of CPython's bytes between them).
struct MomentSamples {
    nearest: [Option<usize>; 2],
    /// The census at or before the moment, and the one before that.
    censuses: [Option<usize>; 2],
    next_census: Option<usize>,
}

impl MomentSamples {
    fn of(samples: &[Sample], step: u64) -> Self {
        let after = samples.partition_point(|s| s.step < step);
        let past = samples.partition_point(|s| s.step <= step);
        let anchors = |i: &usize| anchors_estimates(&samples[*i]);
        let mut before = (0..past).rev().filter(anchors);
        let (at, previous) = (before.next(), before.next());
        MomentSamples {
            nearest: [
                after.checked_sub(1),
                Some(after).filter(|&i| i < samples.len()),
            ],
            censuses: [at, previous],
            next_census: (past..samples.len()).find(anchors),
        }
    }

    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.nearest
            .iter()
            .chain(&self.censuses)
            .chain([&self.next_census])
            .flatten()
            .copied()
    }
}

/// Whether a sample's census anchors the page's estimates between censuses (it has
/// CPython's bytes and live objects), as each census a moment reads must: every census
/// the engine streams does, one recorded before the CPython model does not.
fn anchors_estimates(sample: &Sample) -> bool {
    estimate::CensusPoint::of(sample).is_some()
}

/// The positions of at most `points` samples that keep the timeline's shape: the first,
/// the last, the peak, the estimated peaks with the censuses their estimates come from,
/// the samples of the page's moment (`at_moment`), censuses (evenly, up to
/// `CENSUS_POINTS`), and of each slice of the steps the first, lowest, highest and last
/// sample.
fn thin(
    samples: &[Sample],
    points: usize,
    estimated_peaks: &[usize],
    at_moment: &[usize],
) -> Vec<usize> {
    let n = samples.len();
    if n <= points {
        return (0..n).collect();
    }
    let peak = peak_index(samples);
    let mut keep = vec![0, n - 1, peak];
    keep.extend(estimated_peaks);
    keep.extend(at_moment);
    let censuses: Vec<usize> = (0..n).filter(|&i| samples[i].has_census()).collect();
    // An estimate comes from the census before and the one after: kept, it reads the same.
    for &peak in estimated_peaks {
        let after = censuses.partition_point(|&c| c < peak);
        keep.extend(after.checked_sub(1).map(|b| censuses[b]));
        keep.extend(censuses.get(after));
    }
    let must = keep.clone();
    let every = censuses.len().div_ceil(CENSUS_POINTS).max(1);
    keep.extend(censuses.iter().step_by(every));
    // At most seventeen kept above, `CENSUS_POINTS + 1` censuses, four per slice.
    let slices = (points.saturating_sub(keep.len()) / 4).max(1) as f64;
    let first = samples[0].step;
    let span = samples[n - 1].step.saturating_sub(first) as f64 + 1.0;
    let slice_of = |i: usize| (samples[i].step.saturating_sub(first) as f64 * slices / span) as u64;
    let mut start = 0;
    while start < n {
        let slice = slice_of(start);
        let (mut end, mut low, mut high) = (start, start, start);
        while end + 1 < n && slice_of(end + 1) == slice {
            end += 1;
            if samples[end].bytes < samples[low].bytes {
                low = end;
            }
            if samples[end].highest_bytes() > samples[high].highest_bytes() {
                high = end;
            }
        }
        keep.extend([start, low, high, end]);
        start = end + 1;
    }
    keep.sort_unstable();
    keep.dedup();
    let mut kept = keep;
    // Never needed by the count above; a guard that halves what is over, ends kept.
    while kept.len() > points {
        kept = kept
            .iter()
            .enumerate()
            .filter(|&(k, &i)| k % 2 == 0 || must.contains(&i))
            .map(|(_, &i)| i)
            .collect();
    }
    kept
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A run's samples: steps that never go back, bytes that wander, a census now and then.
    fn timeline(deltas: &[(u16, i32, bool)]) -> Vec<Sample> {
        let mut samples = vec![Sample::START];
        for (i, &(step, bytes, census)) in deltas.iter().enumerate() {
            let last = samples[samples.len() - 1];
            samples.push(Sample {
                step: last.step + u64::from(step),
                t_ms: last.t_ms + 0.25,
                line: 1 + (i % 7) as u32,
                bytes: (last.bytes + i64::from(bytes)).max(0),
                objects: census.then_some(i as u64 * 3),
                high_before: None,
                cpython_bytes: census.then_some(i as i64 * 40),
                cpython_objects: census.then_some(i as u64 * 2),
                collected: false,
                net_objects: None,
            });
        }
        samples
    }

    fn summary_of(samples: &[Sample]) -> RunSummary {
        let last = samples[samples.len() - 1];
        RunSummary {
            peak_bytes: samples.iter().map(Sample::highest_bytes).max().unwrap(),
            final_bytes: last.bytes,
            cpython_peak_bytes: 1234,
            cpython_final_bytes: 56,
            peak_objects: 300_000,
            final_objects: 12,
            cpython_peak_objects: 200_000,
            cpython_final_objects: 9,
            wall_ms: last.t_ms,
            census_ms: 1.5,
            steps: last.step,
            allocations: 77,
            ..RunSummary::empty(3, "pane", Outcome::Completed, "rustpython-0.6.0/wasm32")
        }
    }

    /// A recorded run of `samples` without censuses, of code `x` under the default limits.
    fn record(summary: &RunSummary, samples: &[Sample]) -> RecordedRun {
        RecordedRun::of(summary, samples, &[], "x", &Limits::default(), None)
    }

    /// A small recorded run of `code` under `limits` (the share codec's tests use it).
    pub(crate) fn recorded_run(code: &str, limits: &Limits) -> RecordedRun {
        let samples = timeline(&[(10, 5_000, false), (10, 9_000, true), (5, -12_000, false)]);
        RecordedRun::of(&summary_of(&samples), &samples, &[], code, limits, None)
    }

    #[test]
    fn a_short_timeline_is_kept_whole() {
        let samples = timeline(&[(10, 5_000, false), (10, 9_000, true), (5, -12_000, false)]);
        let run = record(&summary_of(&samples), &samples);
        let back = run.samples().unwrap();
        // Bytes to the byte (a 14,000-byte peak has units of 1), steps exact.
        assert_eq!(back.len(), samples.len());
        for (b, s) in back.iter().zip(&samples) {
            assert_eq!(
                (b.step, b.line, b.objects, b.cpython_objects),
                (s.step, s.line, s.objects, s.cpython_objects)
            );
            assert!(
                (b.bytes - s.bytes).abs() <= 2,
                "{} against {}",
                b.bytes,
                s.bytes
            );
        }
        assert_eq!(back[2].bytes, 14_000);
        assert_eq!(back[2].cpython_bytes, Some(40));
        let summary = run.summary(9, "list");
        assert_eq!((summary.run_id, summary.pane.as_str()), (9, "list"));
        assert_eq!(
            (summary.peak_bytes, summary.peak_objects, summary.steps),
            (14_000, 300_000, 25)
        );
        assert_eq!(
            (summary.cpython_peak_objects, summary.cpython_final_objects),
            (200_000, 9)
        );
    }

    /// A link recorded before CPython's counts travelled opens, with RustPython's counts
    /// standing in for them.
    #[test]
    fn a_record_without_cpython_objects_opens_with_rustpython_counts() {
        let samples = timeline(&[(10, 5_000, false), (10, 9_000, true), (5, -12_000, false)]);
        let mut run = record(&summary_of(&samples), &samples);
        run.cpython_peak_objects = None;
        run.cpython_final_objects = None;
        run.timeline.cpython_objects.clear();
        let json = serde_json::to_string(&run).unwrap();
        assert!(!json.contains("cpython_objects") && !json.contains("cpython_peak_objects"));
        let mut run: RecordedRun = serde_json::from_str(&json).unwrap();
        let back = run.samples().unwrap();
        assert_eq!((back[2].objects, back[2].cpython_objects), (Some(3), None));
        // The census at the peak's own ratio scales RustPython's count, as the engine does.
        run.census_at_peak.total = 1_000;
        run.census_at_peak.cpython_total = 500;
        let summary = run.summary(1, "p");
        assert_eq!(
            (summary.cpython_peak_objects, summary.cpython_final_objects),
            (150_000, 6)
        );
        // Shared again, it passes on no CPython counts it never had.
        let again = record(&summary, &back);
        assert!(again.timeline.cpython_objects.is_empty());
        assert_eq!(again.cpython_peak_objects, None);
        // A column of the wrong length is refused.
        run.timeline.cpython_objects = vec![1];
        assert!(run.check().is_err());
    }

    /// A peak inside the cycle collector (RustPython's collector allocates as it works,
    /// CPython's does not) stays out of CPython's chart in a link as on the page: the
    /// objgraph example's link drew a 6.7 MB CPython peak where the run had 4.4 MB.
    #[test]
    fn a_high_inside_the_collector_stays_out_of_cpythons_figures_in_a_link() {
        let census = |step, bytes: i64| Sample {
            step,
            t_ms: step as f64,
            line: 1,
            bytes,
            objects: Some(step),
            high_before: None,
            cpython_bytes: Some(bytes / 2),
            cpython_objects: Some(step),
            collected: false,
            net_objects: None,
        };
        let mut collecting = census(20, 1_200_000);
        (
            collecting.objects,
            collecting.cpython_bytes,
            collecting.cpython_objects,
        ) = (None, None, None);
        collecting.high_before = Some(3_000_000);
        collecting.collected = true;
        let samples = vec![
            Sample::START,
            census(10, 1_000_000),
            collecting,
            census(30, 1_400_000),
        ];
        let mut summary = summary_of(&samples);
        summary.cpython_peak_bytes = crate::estimate::cpython_peak(&samples);
        assert_eq!(summary.cpython_peak_bytes, 700_000, "the census at the end");
        let run = record(&summary, &samples);
        let back = run.samples().unwrap();
        assert!(back[2].collected && back[2].high_before == Some(3_000_000));
        // CPython's bytes travel to an 8192th or finer of their peak.
        let peak = crate::estimate::cpython_peak(&back);
        assert!(
            (peak - 700_000).abs() <= run.timeline.cpython_unit,
            "{peak}"
        );
        // In a link made before the flag travelled, the high is mapped as any other.
        let mut old = run.clone();
        old.timeline.peak_collected = false;
        assert!(crate::estimate::cpython_peak(&old.samples().unwrap()) > 1_000_000);
    }

    /// The page's peaks of CPython's bytes and of live objects are estimates between
    /// censuses, and need not be RustPython's peak: a link keeps their samples (and the
    /// high just before CPython's), so its charts mark the peaks its author saw. Before,
    /// links of the gc-cycles example marked 20.3 MB and 78k where the run had 20.7 MB
    /// and 80k.
    #[test]
    fn a_link_keeps_the_peaks_the_page_estimates() {
        let mut seed: u64 = 7;
        let mut random = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut samples = vec![Sample::START];
        for i in 1..3_000u64 {
            // 149 censuses: more than a link keeps (`CENSUS_POINTS`).
            let census = i % 20 == 0;
            let bytes = 1_000_000 + random(4_000_000) as i64;
            samples.push(Sample {
                step: i * 1_000,
                t_ms: i as f64,
                line: 1,
                bytes,
                objects: census.then(|| bytes as u64 / (10 + random(30))),
                high_before: (random(10) == 0).then(|| bytes + random(2_000_000) as i64),
                cpython_bytes: census.then(|| bytes * (20 + random(80) as i64) / 100),
                cpython_objects: census.then(|| bytes as u64 / (20 + random(30))),
                collected: random(20) == 0,
                net_objects: None,
            });
        }
        let mut summary = summary_of(&samples);
        summary.peak_bytes = samples.iter().map(Sample::highest_bytes).max().unwrap();
        summary.cpython_peak_bytes = estimate::cpython_peak(&samples);
        let run = record(&summary, &samples);
        let back = run.samples().unwrap();
        assert!(back.len() <= POINTS);
        let close = |a: f64, b: f64| (a - b).abs() <= b * 0.002;
        let (want, got) = (
            estimate::cpython_peak(&samples) as f64,
            estimate::cpython_peak(&back) as f64,
        );
        assert!(close(got, want), "CPython's peak {got} against {want}");
        for measure in [Measure::Rustpython, Measure::Cpython] {
            let peak = |s: &[Sample]| {
                estimate::objects_all(s, measure)
                    .into_iter()
                    .flatten()
                    .max()
                    .unwrap() as f64
            };
            let (want, got) = (peak(&samples), peak(&back));
            assert!(close(got, want), "{measure:?} objects {got} against {want}");
        }
        // Shared again, the record keeps its units: nothing is rounded twice.
        let again = RecordedRun::of(
            &run.summary(1, "p"),
            &back,
            &[],
            "x",
            &Limits::default(),
            None,
        );
        assert_eq!(
            (again.timeline.byte_unit, again.timeline.cpython_unit),
            (run.timeline.byte_unit, run.timeline.cpython_unit)
        );
        assert_eq!(again.samples().unwrap(), back);
    }

    /// A link with a moment opens at it from its results, without running: the record
    /// keeps the sample at the moment (the editor's line), the census there and the one
    /// before (the moment panel's types and changes) with their largest types, and the
    /// census after (CPython's bytes are estimated between the two around the moment),
    /// which thinning and the run's own largest types would drop.
    #[test]
    fn a_link_keeps_the_moment_the_page_was_at() {
        let mut samples = vec![Sample::START];
        let mut censuses = Vec::new();
        for i in 1..3_000u64 {
            // 149 censuses (and the start's), of which a link keeps every third besides
            // those it must; twelve types whose sizes take turns, so a census's ten
            // largest are not the run's largest.
            let census = (i % 20 == 0).then(|| {
                let mut by_type: BTreeMap<String, u64> = (0..12u64)
                    .map(|t| (format!("T{t}"), 100 + (i / 20 + t) % 12))
                    .collect();
                by_type.insert("Session".into(), 1_000 + i / 20);
                by_type.insert("int".into(), 2_000 + i);
                ObjectCensus {
                    step: i * 1_000,
                    line: 1 + (i % 7) as u32,
                    total: by_type.values().sum(),
                    by_type,
                    ..Default::default()
                }
            });
            samples.push(Sample {
                step: i * 1_000,
                t_ms: i as f64,
                line: 1 + (i % 7) as u32,
                bytes: 1_000_000 + (i as i64 % 13) * 1_000 + i as i64 * 100,
                objects: census.as_ref().map(|c| c.total),
                cpython_bytes: census.as_ref().map(|_| 500_000 + (i as i64 % 7) * 90_000),
                cpython_objects: census.as_ref().map(|c| c.total),
                ..Sample::START
            });
            censuses.extend(census);
        }
        let summary = summary_of(&samples);
        let largest = |c: &ObjectCensus| -> Vec<(String, u64)> {
            c.top_types(10)
                .into_iter()
                .map(|(t, n)| (t.to_string(), n))
                .collect()
        };
        // Between census 102 and 103 (103 and 101 are not among the evenly spread ones),
        // at census 104, and at the run's last sample.
        for at in [2_047usize, 2_080, 2_999] {
            let step = samples[at].step;
            let run = RecordedRun::of(
                &summary,
                &samples,
                &censuses,
                "x",
                &Limits::default(),
                Some(step),
            );
            let back = run.samples().unwrap();
            let back_censuses = run.censuses(&back).unwrap();
            assert!(back.len() <= POINTS);
            // The page's nearest sample (of two equally near, the later).
            let after = back.partition_point(|s| s.step < step);
            let nearest = [after.checked_sub(1), Some(after)]
                .into_iter()
                .flatten()
                .filter(|&i| i < back.len())
                .min_by_key(|&i| (back[i].step.abs_diff(step), std::cmp::Reverse(i)))
                .unwrap();
            assert_eq!(back[nearest].step, step);
            assert_eq!(
                back[nearest].line, samples[at].line,
                "the line at sample {at}"
            );
            // CPython's bytes there, estimated between the censuses around it.
            let (got, want) = (
                estimate::estimate_all(&back)[nearest].bytes,
                estimate::estimate_all(&samples)[at].bytes,
            );
            assert!(
                (got - want).abs() <= run.timeline.cpython_unit + run.timeline.byte_unit,
                "CPython's bytes at sample {at}: {got} against {want}"
            );
            let at_or_before: Vec<&ObjectCensus> =
                back_censuses.iter().filter(|c| c.step <= step).collect();
            let want: Vec<&ObjectCensus> = censuses.iter().filter(|c| c.step <= step).collect();
            for back in 1..=2 {
                let (got, want) = (
                    at_or_before[at_or_before.len() - back],
                    want[want.len() - back],
                );
                assert_eq!(
                    (got.total, largest(got)),
                    (want.total, largest(want)),
                    "the census {back} back from sample {at}"
                );
            }
        }
    }

    #[test]
    fn the_census_at_the_peak_keeps_its_largest_types_in_both_views() {
        let figures = |count, bytes| TypeFigures { count, bytes };
        let census = ObjectCensus {
            step: 40,
            t_ms: 2.5,
            line: 3,
            total: 1_020,
            by_type: (0..8u64)
                .map(|i| (format!("T{i}"), 100 + i))
                .chain([("int".to_string(), 0)])
                .filter(|(_, n)| *n > 0)
                .collect(),
            other: 0,
            cpython: CpythonCensus {
                total: 1_000,
                bytes: 64_000,
                // A type CPython prices that RustPython lists elsewhere, and a big one.
                by_type: [
                    ("T0".to_string(), figures(100, 50_000)),
                    ("dict".to_string(), figures(0, 900)),
                ]
                .into(),
                other: figures(900, 13_100),
            },
        };
        let recorded = RecordedCensus::of(&census);
        assert!(recorded.is_well_formed());
        let back = recorded.census();
        assert_eq!(
            back,
            ObjectCensus {
                t_ms: 0.0,
                ..census.trimmed(CENSUS_TYPES)
            }
        );
        assert_eq!(back.by_type.len(), CENSUS_TYPES);
        assert_eq!(back.cpython.by_type["dict"], figures(0, 900));
    }

    #[test]
    fn an_error_is_kept_with_the_start_of_its_traceback() {
        let samples = timeline(&[(3, 10, false)]);
        let mut summary = summary_of(&samples);
        summary.outcome = Outcome::Failed;
        summary.error = Some(RunError {
            kind: "ZeroDivisionError".into(),
            message: "division by zero".into(),
            line: Some(2),
            column: None,
            traceback: "Traceback (most recent call last):\n...".into(),
        });
        let run = RecordedRun::of(&summary, &samples, &[], "1/0", &Limits::default(), None);
        let back = run.summary(1, "p").error.unwrap();
        assert_eq!(back.headline(), "ZeroDivisionError: division by zero");
        assert_eq!(
            (back.line, back.traceback.as_str()),
            (Some(2), "Traceback (most recent call last):\n...")
        );
        // A recursion's traceback is long: its start and its end (the error) travel.
        let long = format!(
            "Traceback{}\nRecursionError: too deep\n",
            "x".repeat(10_000)
        );
        summary.error.as_mut().unwrap().traceback = long;
        let run = RecordedRun::of(&summary, &samples, &[], "1/0", &Limits::default(), None);
        let traceback = &run.error.as_ref().unwrap().traceback;
        assert_eq!(traceback.chars().count(), OUTPUT_CHARS);
        assert!(traceback.starts_with("Traceback"));
        assert!(traceback.ends_with("\nRecursionError: too deep\n"));
        assert!(traceback.contains("\n…\n"));
        assert_eq!(run.check(), Ok(()));
    }

    #[test]
    fn the_lines_that_ran_and_the_start_of_the_output_travel() {
        let samples = timeline(&[(3, 10, false)]);
        let mut summary = summary_of(&samples);
        let line = |line, hits| LineFigures {
            line,
            hits,
            net_bytes: 1_000 * i64::from(line),
            max_increment: 64,
            objects_made: hits * 2,
        };
        summary.lines = vec![line(0, 0), line(1, 1), line(2, 0), line(3, 1_000_001)];
        let run = record(&summary, &samples).with_output("hello\n", false);
        assert_eq!(run.summary(1, "p").lines, [line(1, 1), line(3, 1_000_001)]);
        assert_eq!((run.output.as_str(), run.output_cut), ("hello\n", false));
        // Long output keeps its first characters (whole characters, not bytes) and says so.
        let long = "é".repeat(OUTPUT_CHARS + 1);
        let run = run.with_output(&long, false);
        assert_eq!(run.output.chars().count(), OUTPUT_CHARS);
        assert!(run.output_cut);
        assert!(
            run.clone().with_output("short", true).output_cut,
            "cut before"
        );
        // A hand-edited link with more is refused.
        let mut edited = run.clone();
        edited.output.push('x');
        assert!(edited.check().is_err());
        let mut edited = run.clone();
        edited.lines.hits.pop();
        assert!(edited.check().is_err());
        let mut edited = run.clone();
        edited.lines.net_bytes[0] = i64::MIN;
        assert!(edited.check().is_err());
        // Without its texts, the figures stay.
        let bare = run.figures_only();
        assert!(bare.output.is_empty() && bare.lines.is_empty());
        assert_eq!(bare.peak_bytes, summary.peak_bytes);
    }

    /// The worst timeline there is: noise, every point as far from the last as the chart
    /// allows, and a census every 20 samples. Exact steps (a link keeps its moment) took
    /// it from about 2,840 to 3,076 B of link, so two panes of pure noise pass the 6 KB
    /// budget by 8 B; real runs' links are 1.0-2.6 KB for two panes (`gallery.rs`). The
    /// bound keeps a noisy run from growing further.
    #[test]
    fn even_noise_stays_near_3_kb_a_pane() {
        let mut seed: u64 = 12_345;
        let mut random = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        let samples: Vec<Sample> = (0..5_000u64)
            .map(|i| Sample {
                step: i * 997 + random() % 500,
                t_ms: i as f64 * 1.3,
                line: (random() % 40) as u32,
                bytes: (random() % 50_000_000) as i64,
                objects: (i % 20 == 0).then(|| random() % 1_000_000),
                high_before: None,
                cpython_bytes: (i % 20 == 0).then(|| (random() % 40_000_000) as i64),
                cpython_objects: None,
                collected: false,
                net_objects: None,
            })
            .collect();
        let run = record(&summary_of(&samples), &samples);
        let packed = miniz_oxide::deflate::compress_to_vec(&serde_json::to_vec(&run).unwrap(), 9);
        let in_link = packed.len().div_ceil(3) * 4;
        assert!(in_link <= 3_100, "{in_link} bytes of link");
    }

    proptest! {
        /// However long the run, the record keeps at most `POINTS` samples, its first and
        /// last steps, its exact peak, and bytes never above it.
        #[test]
        fn a_long_timeline_keeps_its_ends_and_peak(
            deltas in prop::collection::vec((0u16..3000, -40_000i32..50_000, prop::bool::weighted(0.05)), 1..3000),
            high in prop::option::of(1i64..1 << 40),
        ) {
            let mut samples = timeline(&deltas);
            // Sometimes a high inside one instruction above every sample.
            if let Some(high) = high {
                let at = samples.len() / 2;
                samples[at].high_before = Some(samples[at].bytes + high);
            }
            let summary = summary_of(&samples);
            let run = record(&summary, &samples);
            let back = run.samples().unwrap();
            prop_assert!(back.len() <= POINTS);
            prop_assert!(back.len() == samples.len() || samples.len() > POINTS);
            prop_assert_eq!(back[0].step, 0);
            prop_assert_eq!(back[back.len() - 1].step, summary.steps);
            prop_assert!(back.windows(2).all(|w| w[0].step <= w[1].step));
            prop_assert_eq!(back.iter().map(Sample::highest_bytes).max(), Some(summary.peak_bytes));
            prop_assert!(back.iter().all(|s| s.bytes <= summary.peak_bytes));
            // The objects line keeps censuses, each as it was counted.
            let censuses = back.iter().filter(|s| s.objects.is_some()).count();
            prop_assert!(censuses >= 1);
            prop_assert!(back.iter().all(|s| s.objects.is_none_or(|n| n % 3 == 0)));
        }
    }
}
