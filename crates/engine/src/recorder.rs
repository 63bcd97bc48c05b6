//! The record of one run while it happens: the timeline (streamed to the host in batches,
//! append-only), when to take a census, the per-line figures and the output.
//!
//! Samples are scheduled by instruction and byte counts, never by the clock, so the same
//! snippet gives the same series on every run; the clock only decides when a batch goes.

use crate::allocator::{self, EngineZone, HeapFigures};
use crate::census::{self, Baseline};
use crate::{clock, events, frames, line_ledger, steps};
use memplay_protocol::estimate::{self, CensusPoint};
use memplay_protocol::share::Measure;
use memplay_protocol::{
    Limits, LineFigures, ObjectCensus, Outcome, RunError, RunEvent, Sample, Stream,
};
use rustpython_vm::VirtualMachine;
use std::cell::RefCell;

/// A census may count one object per this many executed instructions (plus a first
/// free census). Measured natively: an instruction 25-45 ns, a counted object 10-30 ns
/// (most of it RustPython's traverse of each tracked object). The budget is checked
/// before a census, so the one it allows may cost more than it: a heap that grows fast
/// gets one census at ~760,000 steps whatever it holds then (2-8% of the bench
/// snippets' runs, `bash bench/overhead.sh`). Charging a census its own cost first would
/// leave such a heap no census before the last (bench/README.md); a larger value moved
/// censuses to bigger heaps and cost more.
const STEPS_PER_CENSUSED_OBJECT: u64 = 15;
/// What walking the interpreter's own objects adds to every census, in objects. A
/// constant rather than the real count, which varies slightly as caches warm up and
/// would make the census schedule (and so the series) differ between runs.
const CENSUS_BASE_COST: u64 = 50_000;
/// A new census is worth taking once bytes exceed the best census's by this share.
const CENSUS_GROWTH: f64 = 1.05;
/// Streamed sample batches go out at most this often (wall time only affects batching).
const FLUSH_MS: f64 = 50.0;
/// Output is sent in chunks of at most this much, at most every `FLUSH_MS`: a loop that
/// prints 300,000 lines sends tens of messages, not 300,000 (each one costs the page a
/// render).
const OUTPUT_CHUNK: usize = 64 * 1024;
/// Output streamed per run; what a snippet prints past it is counted, not sent (reports
/// keep the first MB, and the page shows the first 64 KB).
const OUTPUT_STREAMED: usize = 1 << 20;
/// A streamed census keeps this many types (by count, and in the CPython view by bytes
/// too) and sums the rest: the page's type chart draws the 7 largest over the run.
const CENSUS_TYPES: usize = 12;
/// Censuses a snippet may ask for in one run (`census_here`).
const ASKED_CENSUSES: u32 = 1_000;

thread_local! {
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// The state of one measured run.
pub(crate) struct Recorder {
    pub run_id: u32,
    pub file_name: String,
    pub limits: Limits,
    pub start_ms: f64,
    /// Samples not yet streamed. The newest is always held back until the run ends:
    /// a second probe at the same step still updates it, and what was sent never changes.
    pending: Vec<Sample>,
    /// Samples taken so far, streamed or pending.
    pub sample_count: usize,
    last_flush_ms: f64,
    baseline: Baseline,
    /// The census taken at the highest-bytes sample so far, with that sample's bytes.
    pub best_census: Option<(i64, ObjectCensus)>,
    /// The interpreter's object count (`rustpython_vm::probe::objects`) at the run's
    /// first sample: samples carry the count since (`Sample::net_objects`).
    objects_at_start: i64,
    /// Every census streamed so far, in order.
    census_points: Vec<CensusPoint>,
    /// The step of the sample that first showed the run's memory peak (at it or just
    /// before it, inside one instruction).
    peak_step: u64,
    pub last_census: ObjectCensus,
    /// The streamed samples since the latest census and that census: CPython's figures
    /// between two censuses are known once the second is taken (`memplay_protocol::estimate`).
    since_census: Vec<Sample>,
    latest_census: Option<CensusPoint>,
    /// The highest CPython figure of the samples before the latest census.
    pub cpython_peak: i64,
    /// Collections the cycle collector had run at the previous sample.
    collections: usize,
    /// The run's peak bytes when the last sample was taken.
    peak_at_last_sample: i64,
    census_scanned: u64,
    /// Wall time spent in censuses before the last one (which is not part of `wall_ms`).
    pub census_ms: f64,
    /// The per-line figures (`line_ledger`) as last streamed: a batch carries the lines that changed.
    lines_sent: Vec<LineFigures>,
    /// Censuses taken at pending samples, trimmed, not yet streamed.
    pending_censuses: Vec<ObjectCensus>,
    /// The snippet asked for a census now (objgraph, tracemalloc snapshots).
    census_wanted: bool,
    asked_censuses: u32,
    /// The limit that ended the run, once crossed.
    pub stop: Option<Outcome>,
    /// The error a limit raised, as of its first raise.
    pub limit_error: Option<RunError>,
    /// Output written since the last output message, and its stream.
    output: String,
    output_stream: Stream,
    output_sent: usize,
    /// Bytes printed past `OUTPUT_STREAMED`.
    output_dropped: usize,
    last_output_ms: f64,
}

/// Installs a new recorder for `run_id`; its baseline census is taken now.
pub(crate) fn start(run_id: u32, file_name: &str, line_count: usize, limits: Limits) {
    let _zone = EngineZone::enter();
    let recorder = Recorder {
        run_id,
        file_name: file_name.to_owned(),
        limits,
        start_ms: clock::now_ms(),
        pending: Vec::with_capacity(256),
        sample_count: 0,
        last_flush_ms: clock::now_ms(),
        baseline: census::baseline(),
        best_census: None,
        objects_at_start: 0,
        census_points: Vec::new(),
        peak_step: 0,
        last_census: ObjectCensus::default(),
        since_census: Vec::new(),
        latest_census: None,
        cpython_peak: 0,
        collections: 0,
        peak_at_last_sample: 0,
        census_scanned: 0,
        census_ms: 0.0,
        lines_sent: Vec::new(),
        pending_censuses: Vec::new(),
        census_wanted: false,
        asked_censuses: 0,
        stop: None,
        limit_error: None,
        output: String::new(),
        output_stream: Stream::Stdout,
        output_sent: 0,
        output_dropped: 0,
        last_output_ms: clock::now_ms(),
    };
    line_ledger::start(line_count);
    RECORDER.with(|r| *r.borrow_mut() = Some(recorder));
}

/// Removes the recorder (none is left after this).
pub(crate) fn take() -> Option<Recorder> {
    RECORDER.with(|r| r.borrow_mut().take())
}

/// Runs `f` on the recorder; `None` when no run is recorded (or it is already in use).
pub(crate) fn with<T>(f: impl FnOnce(&mut Recorder) -> T) -> Option<T> {
    RECORDER.with(|r| r.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Takes Python output as it is written; it reaches the host in chunks (see
/// `OUTPUT_CHUNK`), the last one when the run ends.
pub(crate) fn emit_output(text: &str, stream: Stream) {
    let _zone = EngineZone::enter();
    with(|rec| rec.write_output(text, stream));
}

/// Sends the output written so far now (`sys.stdout.flush()`, `print(..., flush=True)`).
pub(crate) fn flush_output() {
    let _zone = EngineZone::enter();
    with(Recorder::send_output);
}

/// Takes a sample with a census now: the snippet asked what is alive (objgraph's
/// `growth`, a tracemalloc snapshot), so the census series has that moment too. At most
/// `ASKED_CENSUSES` a run: a loop asking for one per item must not fill the engine.
pub(crate) fn census_here(vm: &VirtualMachine) {
    let steps = steps::now();
    let live = allocator::live();
    let _zone = EngineZone::enter();
    with(|rec| {
        if rec.asked_censuses < ASKED_CENSUSES {
            rec.asked_censuses += 1;
            let t_ms = clock::now_ms() - rec.start_ms;
            rec.want_census();
            rec.record(vm, steps, t_ms, live, false);
        }
    });
}

/// What CPython 3.11 would hold for the snippet's objects now (a census now), and the
/// ratio of that to RustPython's live bytes (the estimate's ratio when those are few):
/// for Memplay's tracemalloc, which reports the model.
pub(crate) fn cpython_now(vm: &VirtualMachine) -> Option<(i64, f64)> {
    let live = allocator::live();
    let _zone = EngineZone::enter();
    with(|rec| {
        let bytes = census::take(vm, &mut rec.baseline).cpython.bytes;
        // The newest census, also one still pending (held back until the next sample).
        let newest = rec
            .pending
            .iter()
            .rev()
            .find_map(CensusPoint::of)
            .or(rec.latest_census);
        let ratio = match newest {
            _ if live >= 64 * 1024 => bytes as f64 / live as f64,
            Some(census) if census.bytes >= 64 * 1024 => {
                census.cpython as f64 / census.bytes as f64
            }
            _ => 1.0,
        };
        (bytes, ratio)
    })
}

/// How many collections the cycle collector has run in this interpreter.
fn collections(vm: &VirtualMachine) -> usize {
    vm.state
        .gc
        .get_stats()
        .iter()
        .map(|generation| generation.collections)
        .sum()
}

/// The running snippet's per-line figures so far: (file, line, net bytes, hits).
/// Allocated outside the engine zone: the caller (Python) frees it as the snippet.
pub(crate) fn line_figures() -> Vec<(String, u32, i64, u64)> {
    let Some(file_name) = with(|rec| rec.file_name.clone()) else {
        return Vec::new();
    };
    line_ledger::with_lines(|lines| {
        lines
            .iter()
            .filter(|l| l.hits > 0)
            .map(|l| (file_name.clone(), l.line, l.net_bytes, l.hits))
            .collect()
    })
}

/// What a sample keeps of its census: live objects in both views, and CPython's bytes.
#[derive(Clone, Copy)]
struct CensusTotals {
    total: u64,
    cpython_total: u64,
    cpython_bytes: i64,
}

impl Recorder {
    /// Appends a sample; takes a census when memory reached a new high and the
    /// census budget allows, or always when `last`.
    pub fn record(&mut self, vm: &VirtualMachine, steps: u64, t_ms: f64, live: i64, last: bool) {
        let collections = collections(vm);
        let collected = collections != self.collections;
        self.collections = collections;
        // Between two items of a builtin's iteration (`list(it)`, `dict.fromkeys`) the
        // objects made so far are held in the builtin's own buffer, where no census sees
        // them: such a census would undercount, so the one after the call counts them.
        let between_items = rustpython_vm::probe::between_items();
        // After the snippet returns no frame is left: the last line it ran stands.
        let line = match frames::current_line(&self.file_name) {
            0 => line_ledger::current(),
            line => line,
        };
        let census = if between_items {
            None
        } else {
            self.census_if_due(vm, steps, t_ms, line, live, last)
        };
        let objects = census.map(|c| c.total);
        let cpython_objects = census.map(|c| c.cpython_total);
        let cpython_bytes = census.map(|c| c.cpython_bytes);
        // A new high of the run that came and went since the last sample (inside one
        // instruction) is shown by neither sample: keep it on this one.
        let run_peak = allocator::current().peak;
        if run_peak > self.peak_at_last_sample {
            self.peak_step = steps;
        }
        let net_objects = Some(rustpython_vm::probe::objects() - self.objects_at_start);
        let previous_bytes = self.pending.last().map_or(0, |s| s.bytes);
        let high_before = (run_peak > self.peak_at_last_sample
            && run_peak > live.max(previous_bytes))
        .then_some(run_peak);
        self.peak_at_last_sample = run_peak;
        // Two probes at one step (an allocator request right after a countdown) keep one
        // sample: the newest is still pending (see `flush`). Inside a builtin the step
        // stands still while memory moves: each of those samples is kept.
        if let Some(prev) = self.pending.last_mut() {
            if prev.step == steps && !last && !between_items {
                prev.bytes = live;
                prev.objects = objects.or(prev.objects);
                prev.cpython_bytes = cpython_bytes.or(prev.cpython_bytes);
                prev.cpython_objects = cpython_objects.or(prev.cpython_objects);
                prev.collected |= collected;
                prev.net_objects = net_objects;
                prev.high_before = prev.high_before.max(high_before).filter(|h| *h > live);
                return;
            }
        }
        self.sample_count += 1;
        self.pending.push(Sample {
            step: steps,
            t_ms,
            line,
            bytes: live,
            objects,
            high_before,
            cpython_bytes,
            cpython_objects,
            collected,
            net_objects,
        });
    }

    /// The first sample, exact: nothing allocated, no objects, step 0.
    pub fn record_start(&mut self) {
        self.objects_at_start = rustpython_vm::probe::objects();
        self.sample_count += 1;
        self.pending.push(Sample::START);
    }

    /// Takes a census when one is due: its totals.
    fn census_if_due(
        &mut self,
        vm: &VirtualMachine,
        steps: u64,
        t_ms: f64,
        line: u32,
        live: i64,
        last: bool,
    ) -> Option<CensusTotals> {
        let best_bytes = self.best_census.as_ref().map_or(0, |(b, _)| *b);
        let new_high = live as f64 > best_bytes as f64 * CENSUS_GROWTH + 65_536.0;
        let affordable = self.census_scanned <= steps / STEPS_PER_CENSUSED_OBJECT;
        // Hitting the memory cap is the run's peak: count it whatever the budget says.
        let at_cap = self.stop == Some(Outcome::MemoryLimit);
        let wanted = std::mem::take(&mut self.census_wanted);
        if !(last || wanted || (new_high && (affordable || at_cap))) {
            return None;
        }
        let started = clock::now_ms();
        let taken = census::take(vm, &mut self.baseline);
        if !last {
            self.census_ms += clock::now_ms() - started;
        }
        let totals = CensusTotals {
            total: taken.total,
            cpython_total: taken.cpython.total,
            cpython_bytes: taken.cpython.bytes,
        };
        let total = taken.total;
        self.census_scanned += CENSUS_BASE_COST + total;
        let census = ObjectCensus {
            step: steps,
            t_ms,
            line,
            total,
            by_type: taken.by_type,
            other: 0,
            cpython: taken.cpython,
        };
        if live >= best_bytes || self.best_census.is_none() {
            self.best_census = Some((live, census.clone()));
        }
        // Two censuses at one step (the sample is updated in place): the later stands.
        if self
            .pending_censuses
            .last()
            .is_some_and(|c| c.step == steps)
        {
            self.pending_censuses.pop();
        }
        self.pending_censuses.push(census.trimmed(CENSUS_TYPES));
        self.last_census = census;
        Some(totals)
    }

    fn write_output(&mut self, text: &str, stream: Stream) {
        if stream != self.output_stream {
            self.send_output();
            self.output_stream = stream;
        }
        // Once anything was dropped, everything after it is (no text after a hole).
        let room = if self.output_dropped > 0 {
            0
        } else {
            OUTPUT_STREAMED.saturating_sub(self.output_sent + self.output.len())
        };
        let cut = text.floor_char_boundary(room);
        self.output.push_str(&text[..cut]);
        self.output_dropped += text.len() - cut;
        let now = clock::now_ms();
        if self.output.len() >= OUTPUT_CHUNK || now - self.last_output_ms >= FLUSH_MS {
            self.send_output();
        }
    }

    /// Sends the output written so far, after the samples pending then (which may
    /// include some taken after the text was written: the page does not tie the two).
    fn send_output(&mut self) {
        self.last_output_ms = clock::now_ms();
        if self.output.is_empty() {
            return;
        }
        self.flush(false);
        let text = std::mem::take(&mut self.output);
        self.output_sent += text.len();
        events::emit(RunEvent::Output {
            run_id: self.run_id,
            text,
            stream: self.output_stream,
        });
    }

    /// Sends what is left of the output, and says how much was not sent.
    pub fn finish_output(&mut self) {
        if self.output_dropped > 0 {
            let note = format!(
                "\n[Memplay: {} more of output not shown]\n",
                memplay_protocol::format::bytes(self.output_dropped as i64)
            );
            self.send_output();
            self.output_stream = Stream::Stderr;
            self.output = note;
        }
        self.send_output();
    }

    /// Streams the pending samples as one batch; all of them when `last`, else all but
    /// the newest.
    pub fn flush(&mut self, last: bool) {
        self.last_flush_ms = clock::now_ms();
        let keep = usize::from(!last).min(self.pending.len());
        if self.pending.len() <= keep {
            return;
        }
        let held = self.pending.split_off(self.pending.len() - keep);
        let batch = std::mem::replace(&mut self.pending, held);
        // The censuses of the samples sent; one at the held sample's step waits with it
        // (a census always belongs to the newest sample when it is taken).
        let held_step = self.pending.first().map(|s| s.step);
        let held_census = self
            .pending_censuses
            .last()
            .is_some_and(|c| held_step.is_some_and(|step| c.step >= step));
        let censuses = if held_census {
            let held = self.pending_censuses.pop();
            std::mem::replace(&mut self.pending_censuses, held.into_iter().collect())
        } else {
            std::mem::take(&mut self.pending_censuses)
        };
        for sample in &batch {
            self.since_census.push(*sample);
            let Some(census) = CensusPoint::of(sample) else {
                continue;
            };
            for s in self.since_census.drain(..) {
                let e = estimate::estimate(&s, self.latest_census, Some(census));
                self.cpython_peak = self.cpython_peak.max(e.highest);
            }
            self.latest_census = Some(census);
            self.census_points.push(census);
        }
        let lines = self.changed_lines();
        events::emit(RunEvent::Samples {
            run_id: self.run_id,
            batch,
            censuses,
            lines,
        });
    }

    /// The per-line figures that changed since the last call (the line running now
    /// included, with its open segment left for later).
    fn changed_lines(&mut self) -> Vec<LineFigures> {
        line_ledger::with_lines(|lines| {
            if self.lines_sent.len() != lines.len() {
                // As `start` made them: a line that never ran is not sent.
                self.lines_sent = (0..lines.len() as u32)
                    .map(|line| LineFigures {
                        line,
                        ..LineFigures::default()
                    })
                    .collect();
            }
            let changed: Vec<LineFigures> = lines
                .iter()
                .zip(&self.lines_sent)
                .filter(|(now, sent)| now != sent)
                .map(|(now, _)| *now)
                .collect();
            self.lines_sent.clear();
            self.lines_sent.extend_from_slice(lines);
            changed
        })
    }

    /// Live objects at the run's memory peak (`peak` from the allocator) as `measure`
    /// counts them. The censuses are budgeted and may all miss the peak (a list built and
    /// dropped inside one function), so this is the interpreter's exact count there plus
    /// what the census before it counted beyond that count: the rule the page's chart
    /// draws live objects by (`estimate::objects_at`), so the two agree.
    pub fn objects_at_peak(&self, peak: &HeapFigures, measure: Measure) -> u64 {
        let net = peak.objects_at_peak - self.objects_at_start;
        // The census before the peak. One at the peak's own sample counts as before it:
        // it was taken right after the instruction that reached the peak (a list built by
        // `list()`), so what it counts beyond the interpreter's count is the peak's.
        let next = self
            .census_points
            .partition_point(|c| c.step <= self.peak_step);
        let before = next.checked_sub(1).map(|i| self.census_points[i]);
        let after = self.census_points.get(next).copied();
        estimate::objects_at(net, before, after, measure).map_or(0, |n| n as u64)
    }

    /// Asks for a census at the next sample, whatever the schedule says.
    pub fn want_census(&mut self) {
        self.census_wanted = true;
    }

    /// Streams a batch (and the output written since the last) when the last one went out
    /// long enough ago.
    pub fn flush_if_due(&mut self, now_ms: f64) {
        // Output that waits in the buffer goes out too (the rest of a burst of prints).
        if now_ms - self.last_output_ms >= FLUSH_MS {
            self.send_output();
        }
        if now_ms - self.last_flush_ms >= FLUSH_MS {
            self.flush(false);
        }
    }
}
