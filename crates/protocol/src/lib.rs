//! The messages and figures shared by the engine, the native CLI, the Web Worker and the UI.
//!
//! Everything here is plain data with serde derives, so the same types travel as JSON
//! (CLI `--json`) and as structured-clone JS objects (worker, embed API).

pub mod estimate;
pub mod export;
pub mod format;
pub mod headline;
pub mod recorded;
mod report;
pub mod share;

pub use report::{ReportAssembler, RunReport, RunSummary};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// What a run may use before the engine stops it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Wall-clock limit in milliseconds.
    pub time_ms: u64,
    /// Cap on the snippet's live heap bytes; Python sees a `MemoryError` past it.
    pub memory_bytes: u64,
    /// Cap on executed bytecode instructions (the step axis).
    pub steps: u64,
}

impl Default for Limits {
    /// Browser-friendly defaults: 20 s, 512 MB, 10 billion steps.
    fn default() -> Self {
        Limits {
            time_ms: 20_000,
            memory_bytes: 512 * 1024 * 1024,
            steps: 10_000_000_000,
        }
    }
}

impl Limits {
    /// The time limits a link, a message or the page may ask for: 0.1 s to 10 minutes.
    pub const TIME_MS: RangeInclusive<u64> = 100..=600_000;
    /// Memory caps: 1 MB to 2 GB (wasm32's address space is 4 GB, the engine's own heap
    /// included).
    pub const MEMORY_BYTES: RangeInclusive<u64> = (1 << 20)..=(2 << 30);
    /// Step limits: at least one, and below 2^53 so JavaScript holds them exactly.
    pub const STEPS: RangeInclusive<u64> = 1..=(1 << 53) - 1;

    /// These limits moved into the ranges above, and a one-line note of what moved, if
    /// anything did.
    pub fn clamped(self) -> (Limits, Option<String>) {
        let time_ms = clamp(self.time_ms, Limits::TIME_MS);
        let memory_bytes = clamp(self.memory_bytes, Limits::MEMORY_BYTES);
        let steps = clamp(self.steps, Limits::STEPS);
        let mut moved = Vec::new();
        if time_ms != self.time_ms {
            moved.push(format!("time limit {}", format::seconds(time_ms)));
        }
        if memory_bytes != self.memory_bytes {
            moved.push(format!("memory cap {}", format::bytes(memory_bytes as i64)));
        }
        if steps != self.steps {
            moved.push(format!("step limit {}", format::thousands(steps)));
        }
        let clamped = Limits {
            time_ms,
            memory_bytes,
            steps,
        };
        let note = (!moved.is_empty()).then(|| {
            format!(
                "Limits out of range were adjusted: {} (time 0.1 s to 10 min, memory 1 MB to 2 GB).",
                moved.join(", ")
            )
        });
        (clamped, note)
    }
}

fn clamp(value: u64, range: RangeInclusive<u64>) -> u64 {
    value.clamp(*range.start(), *range.end())
}

/// A request to run one snippet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRequest {
    /// Echoed in every message about this run, so hosts can drop stale ones.
    pub run_id: u32,
    /// Which pane (or file) the code belongs to; used as the code's file name.
    pub pane: String,
    pub code: String,
    #[serde(default)]
    pub limits: Limits,
    /// The measure the page shows; Memplay's objgraph counts objects as it does.
    #[serde(default)]
    pub measure: share::Measure,
}

/// One point of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Bytecode instructions executed so far (deterministic).
    pub step: u64,
    /// Wall milliseconds since the snippet started (not deterministic).
    pub t_ms: f64,
    /// Source line executing when the sample was taken (0 before the first line).
    pub line: u32,
    /// Live heap bytes held by the snippet (above the baseline).
    pub bytes: i64,
    /// Live Python objects, when a census was taken at this sample.
    pub objects: Option<u64>,
    /// The highest live bytes since the previous sample, when the run reached a new high
    /// there that neither sample shows (a temporary made and freed inside one
    /// instruction, such as a list built and consumed by a builtin call).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_before: Option<i64>,
    /// The bytes CPython 3.11 would hold for the snippet's live objects (the model), at
    /// samples where a census was taken; `estimate` fills in the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpython_bytes: Option<i64>,
    /// The live objects as CPython 3.11 would have them (the model: a plain instance's
    /// attributes are part of it, no `dict` of their own), at the same samples.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpython_objects: Option<u64>,
    /// The cycle collector ran since the previous sample (RustPython's allocates as it
    /// works, so `high_before` may be its own; see `estimate`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collected: bool,
    /// The interpreter's own count of objects made minus objects freed since the run
    /// started, exact at every sample. It counts what a census leaves out (an int only
    /// the evaluation stack holds, the interpreter's own objects) and misses what a
    /// census counts that was made before the run, so it is not the live objects; but
    /// it moves with them, and the page draws live objects between censuses as this
    /// count plus each census's difference to it (`estimate::objects`). Absent from
    /// links recorded before it travelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_objects: Option<i64>,
}

impl Sample {
    /// Every run's first sample, exact: step 0, nothing allocated, no objects.
    pub const START: Sample = Sample {
        step: 0,
        t_ms: 0.0,
        line: 0,
        bytes: 0,
        objects: Some(0),
        high_before: None,
        cpython_bytes: Some(0),
        cpython_objects: Some(0),
        collected: false,
        net_objects: Some(0),
    };

    /// The most live bytes this sample stands for: its own, or the high just before it.
    pub fn highest_bytes(&self) -> i64 {
        self.high_before
            .map_or(self.bytes, |high| high.max(self.bytes))
    }

    /// Whether a census was taken at this sample (every census counts live objects; one
    /// in a link recorded before the CPython model has no CPython figures).
    pub fn has_census(&self) -> bool {
        self.objects.is_some()
    }

    /// The live objects its census counted, as `measure` counts them (None without a
    /// census). A link recorded before CPython's counts travelled has RustPython's only,
    /// which stand in for them.
    pub fn objects_in(&self, measure: share::Measure) -> Option<u64> {
        match measure {
            share::Measure::Cpython => self.cpython_objects.or(self.objects),
            share::Measure::Rustpython => self.objects,
        }
    }
}

/// Live objects by type at one moment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectCensus {
    pub step: u64,
    /// Wall milliseconds since the snippet started, and the line running then.
    #[serde(default)]
    pub t_ms: f64,
    #[serde(default)]
    pub line: u32,
    pub total: u64,
    /// Type name → live count, above the baseline census.
    pub by_type: BTreeMap<String, u64>,
    /// Live objects of the types left out of `by_type` (a streamed census keeps the
    /// largest types only; see `trimmed`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other: u64,
    /// The same objects as CPython 3.11 would have them (the model).
    #[serde(default)]
    pub cpython: CpythonCensus,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A census as CPython 3.11 would see it: a plain instance's attributes live in the
/// instance (no `dict` of its own), a function has no dict until one is needed, and a
/// generator's frame is inside the generator; bytes as tracemalloc counts them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CpythonCensus {
    pub total: u64,
    pub bytes: i64,
    /// Type name → count and bytes.
    pub by_type: BTreeMap<String, TypeFigures>,
    /// The types left out of `by_type`, together.
    #[serde(default, skip_serializing_if = "TypeFigures::is_empty")]
    pub other: TypeFigures,
}

/// How many objects of one type, and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeFigures {
    pub count: u64,
    pub bytes: i64,
}

impl TypeFigures {
    fn is_empty(&self) -> bool {
        *self == TypeFigures::default()
    }
}

impl ObjectCensus {
    /// `count` objects of this census's mix as CPython 3.11 would count them: scaled by
    /// its CPython/RustPython ratio (CPython counts a plain instance and its attributes as
    /// one object and shares small ints). Exact for the census's own total.
    pub fn in_cpython_view(&self, count: u64) -> u64 {
        if self.total == 0 {
            return count;
        }
        (count as f64 * self.cpython.total as f64 / self.total as f64).round() as u64
    }

    /// This census with the `n` types with the most objects, and in the CPython view
    /// also the `n` with the most bytes; the rest are summed in `other`. What travels
    /// with the samples: a census of a snippet with 300 classes stays a few hundred bytes.
    pub fn trimmed(&self, n: usize) -> ObjectCensus {
        let kept: Vec<&str> = self.top_types(n).into_iter().map(|(t, _)| t).collect();
        let by_type: BTreeMap<String, u64> = kept
            .iter()
            .map(|t| (t.to_string(), self.by_type[*t]))
            .collect();
        let mut cpython_kept: Vec<(&String, &TypeFigures)> = self.cpython.by_type.iter().collect();
        cpython_kept.sort_by(|a, b| b.1.bytes.cmp(&a.1.bytes).then(a.0.cmp(b.0)));
        let mut by_bytes: std::collections::BTreeSet<&str> = cpython_kept
            .iter()
            .take(n)
            .map(|(t, _)| t.as_str())
            .collect();
        cpython_kept.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        by_bytes.extend(cpython_kept.iter().take(n).map(|(t, _)| t.as_str()));
        let mut cpython = CpythonCensus {
            total: self.cpython.total,
            bytes: self.cpython.bytes,
            by_type: BTreeMap::new(),
            other: self.cpython.other,
        };
        for (name, figures) in &self.cpython.by_type {
            if by_bytes.contains(name.as_str()) {
                cpython.by_type.insert(name.clone(), *figures);
            } else {
                cpython.other.count += figures.count;
                cpython.other.bytes += figures.bytes;
            }
        }
        ObjectCensus {
            step: self.step,
            t_ms: self.t_ms,
            line: self.line,
            total: self.total,
            other: self.other + self.by_type.values().sum::<u64>() - by_type.values().sum::<u64>(),
            by_type,
            cpython,
        }
    }

    /// The `n` types with the most live objects, most first (ties by name).
    pub fn top_types(&self, n: usize) -> Vec<(&str, u64)> {
        let mut types: Vec<(&str, u64)> = self
            .by_type
            .iter()
            .map(|(name, count)| (name.as_str(), *count))
            .collect();
        types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        types.truncate(n);
        types
    }
}

/// A type's figure in a census: what a type chart plots, and ranks types by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeFigure {
    /// Live objects as RustPython counts them.
    LiveCount,
    /// Live objects as CPython 3.11 counts them (a plain instance's `__dict__` folded in).
    CpythonCount,
    /// Their bytes in CPython 3.11 (the model).
    CpythonBytes,
}

impl ObjectCensus {
    /// `name`'s `figure` in this census (0 for a type it did not list).
    pub fn figure(&self, name: &str, figure: TypeFigure) -> i64 {
        match figure {
            TypeFigure::LiveCount => self.by_type.get(name).map_or(0, |n| *n as i64),
            TypeFigure::CpythonCount => {
                self.cpython.by_type.get(name).map_or(0, |f| f.count as i64)
            }
            TypeFigure::CpythonBytes => self.cpython.by_type.get(name).map_or(0, |f| f.bytes),
        }
    }

    /// The types this census lists by name in `figure`'s view.
    pub fn names(&self, figure: TypeFigure) -> impl Iterator<Item = &str> {
        let live = figure == TypeFigure::LiveCount;
        let live_names = live.then(|| self.by_type.keys()).into_iter().flatten();
        let cpython_names = (!live).then(|| self.cpython.by_type.keys());
        live_names
            .chain(cpython_names.into_iter().flatten())
            .map(String::as_str)
    }

    /// All of this census's objects in `figure`.
    pub fn total_of(&self, figure: TypeFigure) -> i64 {
        match figure {
            TypeFigure::LiveCount => self.total as i64,
            TypeFigure::CpythonCount => self.cpython.total as i64,
            TypeFigure::CpythonBytes => self.cpython.bytes,
        }
    }

    /// The types it left out (`trimmed`), together, in `figure`.
    pub fn other_of(&self, figure: TypeFigure) -> i64 {
        match figure {
            TypeFigure::LiveCount => self.other as i64,
            TypeFigure::CpythonCount => self.cpython.other.count as i64,
            TypeFigure::CpythonBytes => self.cpython.other.bytes,
        }
    }
}

/// The `n` types with the largest `figure` at any of `censuses`, largest first (ties by
/// name): the types a chart of the whole run draws by name.
pub fn largest_types<'a>(
    censuses: impl IntoIterator<Item = &'a ObjectCensus>,
    figure: TypeFigure,
    n: usize,
) -> Vec<&'a str> {
    let mut best: BTreeMap<&str, i64> = BTreeMap::new();
    for census in censuses {
        // A name listed in both maps is ranked twice, to the same figure.
        for name in census.by_type.keys().chain(census.cpython.by_type.keys()) {
            let entry = best.entry(name.as_str()).or_insert(0);
            *entry = (*entry).max(census.figure(name, figure));
        }
    }
    let mut ranked: Vec<(&str, i64)> = best.into_iter().filter(|(_, v)| *v > 0).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    ranked.into_iter().take(n).map(|(name, _)| name).collect()
}

/// Per-source-line figures (memory_profiler's columns).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFigures {
    pub line: u32,
    /// Times execution entered the line.
    pub hits: u64,
    /// Bytes the line's executions added in total (negative when it frees).
    pub net_bytes: i64,
    /// The largest increase a single execution of the line made.
    pub max_increment: i64,
    /// Python objects the line's executions made (RustPython's objects: an instance and
    /// its attribute dict are two), however many of them are gone since.
    #[serde(default)]
    pub objects_made: u64,
}

/// Why a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Completed,
    /// Ended by an uncaught Python exception (see `RunReport::error`).
    Failed,
    TimeLimit,
    MemoryLimit,
    StepLimit,
    Stopped,
}

/// A Python error, located in the snippet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunError {
    /// Exception type, e.g. `ZeroDivisionError` or `SyntaxError`.
    pub kind: String,
    pub message: String,
    /// Line in the snippet (1-based), when known.
    pub line: Option<u32>,
    /// Column (1-based), for syntax errors.
    pub column: Option<u32>,
    /// Python-style traceback text.
    pub traceback: String,
}

impl RunError {
    /// `ZeroDivisionError: division by zero`, as the last line of Python's traceback.
    pub fn headline(&self) -> String {
        // A bare `raise MemoryError` (or the allocator's) has no message: Python prints
        // the name alone.
        if self.message.is_empty() {
            self.kind.clone()
        } else {
            format!("{}: {}", self.kind, self.message)
        }
    }
}

/// What the engine tells its host while and after a snippet runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RunEvent {
    Samples {
        run_id: u32,
        batch: Vec<Sample>,
        /// The censuses taken at samples of this batch, trimmed to their largest types.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        censuses: Vec<ObjectCensus>,
        /// The per-line figures that changed since the previous batch (memory_profiler's
        /// columns as the run goes).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        lines: Vec<LineFigures>,
    },
    Output {
        run_id: u32,
        text: String,
        stream: Stream,
    },
    /// The run ended: its summary (the samples and output were streamed before it).
    Finished {
        run_id: u32,
        summary: Box<RunSummary>,
    },
}

/// Everything the engine's Web Worker posts to the page, tagged by `type`.
///
/// `progress` comes from the worker's JavaScript loader while the engine downloads; the
/// rest from the engine. A run's events travel as they are (`samples`, `output`,
/// `finished`), so a page sees one message shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerMessage {
    /// Engine download progress in bytes; `total` is 0 when the server did not say.
    Progress { loaded: f64, total: f64 },
    /// The interpreter is built and takes `RunRequest`s.
    Ready { platform: String, init_ms: f64 },
    /// The engine panicked or failed to load; the worker is unusable.
    Fatal { message: String },
    #[serde(untagged)]
    Run(RunEvent),
}

impl From<RunEvent> for WorkerMessage {
    fn from(event: RunEvent) -> Self {
        WorkerMessage::Run(event)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    Stdout,
    Stderr,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_without_a_message_reads_as_its_name() {
        let error = |message: &str| RunError {
            kind: "MemoryError".into(),
            message: message.into(),
            line: Some(1),
            column: None,
            traceback: String::new(),
        };
        assert_eq!(error("").headline(), "MemoryError");
        assert_eq!(error("cap").headline(), "MemoryError: cap");
    }

    #[test]
    fn limits_fill_missing_fields_with_defaults() {
        let limits: Limits = serde_json::from_str(r#"{"time_ms": 5}"#).unwrap();
        assert_eq!(limits.time_ms, 5);
        assert_eq!(limits.memory_bytes, Limits::default().memory_bytes);
    }

    #[test]
    fn limits_in_range_are_kept_as_they_are() {
        let limits = Limits {
            time_ms: 100,
            memory_bytes: 2 << 30,
            steps: 1,
        };
        assert_eq!(limits.clamped(), (limits, None));
        assert_eq!(Limits::default().clamped(), (Limits::default(), None));
    }

    #[test]
    fn limits_out_of_range_are_clamped_with_a_note() {
        let wild = Limits {
            time_ms: 1 << 31,
            memory_bytes: 0,
            steps: u64::MAX,
        };
        let (limits, note) = wild.clamped();
        assert_eq!(
            limits,
            Limits {
                time_ms: 600_000,
                memory_bytes: 1 << 20,
                steps: (1 << 53) - 1,
            }
        );
        assert_eq!(
            note.as_deref(),
            Some(
                "Limits out of range were adjusted: time limit 600 s, memory cap 1.0 MB, \
                 step limit 9,007,199,254,740,991 (time 0.1 s to 10 min, memory 1 MB to 2 GB)."
            )
        );
        let (limits, note) = Limits {
            time_ms: 0,
            ..Limits::default()
        }
        .clamped();
        assert_eq!(limits.time_ms, 100);
        assert_eq!(
            note.as_deref(),
            Some("Limits out of range were adjusted: time limit 0.1 s (time 0.1 s to 10 min, memory 1 MB to 2 GB).")
        );
    }

    #[test]
    fn a_trimmed_census_keeps_the_largest_types_and_sums_the_rest() {
        let figures = |count, bytes| TypeFigures { count, bytes };
        let census = ObjectCensus {
            step: 9,
            t_ms: 1.5,
            line: 3,
            total: 1_111,
            by_type: [("int", 1_000), ("list", 100), ("str", 10), ("Big", 1)]
                .map(|(t, n)| (t.to_string(), n))
                .into(),
            other: 0,
            cpython: CpythonCensus {
                total: 1_110,
                bytes: 1_000_000,
                by_type: [
                    ("int", figures(1_000, 28_000)),
                    ("list", figures(100, 5_600)),
                    ("str", figures(10, 500)),
                    ("Big", figures(1, 965_900)),
                ]
                .map(|(t, f)| (t.to_string(), f))
                .into(),
                other: TypeFigures::default(),
            },
        };
        let trimmed = census.trimmed(2);
        assert_eq!(
            trimmed.by_type.keys().collect::<Vec<_>>(),
            ["int", "list"],
            "the two most numerous"
        );
        assert_eq!(trimmed.other, 11);
        // The CPython view keeps the largest by bytes too.
        assert_eq!(
            trimmed.cpython.by_type.keys().collect::<Vec<_>>(),
            ["Big", "int", "list"]
        );
        assert_eq!(trimmed.cpython.other, figures(10, 500));
        assert_eq!((trimmed.step, trimmed.line, trimmed.total), (9, 3, 1_111));
        assert_eq!(trimmed.cpython.bytes, 1_000_000);
        assert_eq!(census.trimmed(10), census, "nothing to leave out");
        // What a chart reads of it, in each view.
        let names = |figure| trimmed.names(figure).collect::<Vec<_>>();
        assert_eq!(names(TypeFigure::LiveCount), ["int", "list"]);
        assert_eq!(names(TypeFigure::CpythonBytes), ["Big", "int", "list"]);
        let totals = [
            TypeFigure::LiveCount,
            TypeFigure::CpythonCount,
            TypeFigure::CpythonBytes,
        ]
        .map(|figure| (trimmed.total_of(figure), trimmed.other_of(figure)));
        assert_eq!(totals, [(1_111, 11), (1_110, 10), (1_000_000, 500)]);
    }

    #[test]
    fn events_are_tagged_by_type() {
        let event = RunEvent::Output {
            run_id: 3,
            text: "hi\n".into(),
            stream: Stream::Stdout,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "output");
        assert_eq!(json["stream"], "stdout");
        let back: RunEvent = serde_json::from_value(json).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn worker_messages_keep_the_run_event_shape() {
        let event = RunEvent::Samples {
            run_id: 7,
            batch: vec![],
            censuses: vec![],
            lines: vec![],
        };
        let as_event = serde_json::to_value(&event).unwrap();
        let as_message = serde_json::to_value(WorkerMessage::from(event)).unwrap();
        assert_eq!(as_event, as_message);
        let progress: WorkerMessage =
            serde_json::from_str(r#"{"type":"progress","loaded":10,"total":20}"#).unwrap();
        assert_eq!(
            progress,
            WorkerMessage::Progress {
                loaded: 10.0,
                total: 20.0
            }
        );
    }
}
