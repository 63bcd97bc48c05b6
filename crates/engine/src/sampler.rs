//! The sampler: turns the VM probe (every N bytecode instructions, and whenever the
//! allocator asks) and the line hook into a timeline, per-line figures, censuses and
//! limit checks. Everything is scheduled by instruction and byte counts, never by the
//! clock, so the same snippet gives the same series on every run.

use crate::allocator::{self, EngineZone};
use crate::census::{self, Baseline};
use crate::clock;
use memplay_protocol::{Limits, LineFigures, ObjectCensus, Outcome, RunError, RunEvent, Sample};
use rustpython_vm::builtins::{PyCode, PyStrInterned};
use rustpython_vm::{probe, AsObject, Py, PyResult, VirtualMachine};
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};

/// Instructions between probes at the start of a run.
const FIRST_INTERVAL: u32 = 1_000;
/// The interval doubles each time the timeline grows by this many samples.
const SAMPLES_PER_INTERVAL: usize = 25_000;
/// A census may count one object per this many executed instructions (plus a first
/// free census). Measured natively: an instruction 25-45 ns, a counted object 10-30 ns
/// (most of it RustPython's traverse of each tracked object), so this keeps the censuses
/// before the last one under about a tenth of the run time whatever the heap size
/// (`bash bench/overhead.sh` shows 2-6%; a larger value moved censuses to bigger heaps
/// and cost more, see bench/README.md).
const STEPS_PER_CENSUSED_OBJECT: u64 = 15;
/// What walking the interpreter's own objects adds to every census, in objects. A
/// constant rather than the real count, which varies slightly as caches warm up and
/// would make the census schedule (and so the series) differ between runs.
const CENSUS_BASE_COST: u64 = 50_000;
/// A new census is worth taking once bytes exceed the best census's by this share.
const CENSUS_GROWTH: f64 = 1.05;
/// Streamed sample batches go out at most this often (wall time only affects batching).
const FLUSH_MS: f64 = 50.0;

/// The run id a host asked to stop (`NO_RUN` when none).
static STOP_REQUESTED: AtomicU64 = AtomicU64::new(NO_RUN);
const NO_RUN: u64 = u64::MAX;

/// Asks run `run_id` to stop at its next probe (safe from any thread). A request for a
/// run that has already finished has no effect on later runs.
pub fn request_stop(run_id: u32) {
    STOP_REQUESTED.store(u64::from(run_id), Ordering::Relaxed);
}

/// Step accounting shared with the allocator, which may cut a countdown short.
struct Steps {
    active: Cell<bool>,
    base: Cell<u64>,
    armed: Cell<u32>,
}

thread_local! {
    static STEPS: Steps = const { Steps { active: Cell::new(false), base: Cell::new(0), armed: Cell::new(0) } };
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
    /// The address of the watched file name, interned: code objects name their file with
    /// an interned string, so `watches` (at every frame start and generator resume) compares
    /// one pointer instead of two strings. 0 while no run is recorded.
    static WATCHED: Cell<usize> = const { Cell::new(0) };
}

/// Makes the probe fire before the next instruction. Allocation-free: the allocator calls it.
pub(crate) fn request_probe() {
    STEPS.with(|s| {
        if !s.active.get() {
            return;
        }
        s.base.set(steps_now_in(s));
        s.armed.set(1);
        probe::arm(1);
    });
}

fn steps_now_in(s: &Steps) -> u64 {
    let left = probe::remaining();
    s.base.get() + u64::from(s.armed.get().saturating_sub(left))
}

fn steps_now() -> u64 {
    STEPS.with(steps_now_in)
}

fn arm(instructions: u32) {
    STEPS.with(|s| {
        s.base.set(steps_now_in(s));
        s.armed.set(instructions);
        probe::arm(instructions);
    });
}

/// What the host wants to hear while a snippet runs.
pub type EventSink<'a> = dyn FnMut(RunEvent) + 'a;

/// The state of one measured run.
pub(crate) struct Recorder {
    pub run_id: u32,
    pub file_name: String,
    limits: Limits,
    start_ms: f64,
    interval: u32,
    next_interval_growth: usize,
    pub samples: Vec<Sample>,
    unsent: usize,
    last_flush_ms: f64,
    baseline: Baseline,
    /// The census taken at the highest-bytes sample so far, with that sample's bytes.
    pub best_census: Option<(i64, ObjectCensus)>,
    pub last_census: ObjectCensus,
    pub peak_objects: u64,
    /// The run's peak bytes when the last sample was taken.
    peak_at_last_sample: i64,
    census_scanned: u64,
    /// Wall time spent in censuses before the last one (which is not part of `wall_ms`).
    pub census_ms: f64,
    pub lines: Vec<LineFigures>,
    current_line: u32,
    segment_start: i64,
    pub stop: Option<Outcome>,
    /// The error a limit raised, as of its first raise.
    pub limit_error: Option<RunError>,
    sink: *mut EventSink<'static>,
}

impl Recorder {
    fn emit(&mut self, event: RunEvent) {
        // SAFETY: `sink` points at the `EventSink` borrowed by `Session`, which outlives
        // the recorder (the session removes the recorder before returning).
        unsafe { (*self.sink)(event) }
    }
}

/// Starts recording a run. The returned guard stops and tears it down.
pub(crate) struct Session;

impl Session {
    pub fn start(
        vm: &VirtualMachine,
        run_id: u32,
        file_name: &str,
        line_count: usize,
        limits: Limits,
        sink: &mut EventSink<'_>,
    ) -> Session {
        let baseline = {
            let _zone = EngineZone::enter();
            census::baseline()
        };
        // SAFETY: lifetime erased for the thread-local; `Session::finish` removes the
        // recorder before the borrow of `sink` ends.
        let sink: *mut EventSink<'static> = unsafe { std::mem::transmute(sink) };
        let recorder = Recorder {
            run_id,
            file_name: file_name.to_owned(),
            limits,
            start_ms: clock::now_ms(),
            interval: FIRST_INTERVAL,
            next_interval_growth: SAMPLES_PER_INTERVAL,
            samples: Vec::with_capacity(4096),
            unsent: 0,
            last_flush_ms: clock::now_ms(),
            baseline,
            best_census: None,
            last_census: ObjectCensus::default(),
            peak_objects: 0,
            peak_at_last_sample: 0,
            census_scanned: 0,
            census_ms: 0.0,
            lines: (0..=line_count as u32 + 1)
                .map(|line| LineFigures {
                    line,
                    ..LineFigures::default()
                })
                .collect(),
            current_line: 0,
            segment_start: 0,
            stop: None,
            limit_error: None,
            sink,
        };
        RECORDER.with(|r| *r.borrow_mut() = Some(recorder));
        WATCHED.with(|w| w.set(interned_address(vm.ctx.intern_str(file_name))));
        STEPS.with(|s| {
            s.base.set(0);
            s.armed.set(FIRST_INTERVAL);
            s.active.set(true);
        });
        let cap = i64::try_from(limits.memory_bytes).unwrap_or(i64::MAX);
        // Sample early when memory moves by 1 MB (or 1/64 of the cap) between probes.
        allocator::start_measuring(cap, (cap / 64).clamp(64 << 10, 1 << 20));
        probe::install_lines(Some((on_line, watches)));
        probe::install(Some(on_probe), FIRST_INTERVAL);
        // The first sample is exact: nothing allocated, no objects, step 0.
        let _zone = EngineZone::enter();
        with_recorder(|rec| {
            rec.samples.push(Sample {
                step: 0,
                t_ms: 0.0,
                line: 0,
                bytes: 0,
                objects: Some(0),
                high_before: None,
            })
        });
        Session
    }

    /// Stops measuring, takes the exact last sample and final census, and hands back
    /// the recorder with the final figures.
    pub fn finish(self, vm: &VirtualMachine) -> (Recorder, allocator::HeapFigures, f64, u64) {
        let steps = steps_now();
        disarm();
        let figures = allocator::current();
        let wall_ms = with_recorder(|rec| clock::now_ms() - rec.start_ms).unwrap_or(0.0);
        let _zone = EngineZone::enter();
        with_recorder(|rec| {
            rec.close_line_segment(figures.live);
            rec.record(vm, steps, wall_ms, figures.live, true);
            rec.flush();
        });
        let figures = allocator::stop_measuring();
        let recorder = RECORDER
            .with(|r| r.borrow_mut().take())
            .expect("recorder present");
        (recorder, figures, wall_ms, steps)
    }
}

/// Uninstalls the VM hooks so no later Python code reaches the recorder.
fn disarm() {
    probe::install(None, u32::MAX);
    probe::install_lines(None);
    WATCHED.with(|w| w.set(0));
    STEPS.with(|s| s.active.set(false));
}

impl Drop for Session {
    /// Also runs when a run unwinds: the recorder holds a pointer to the host's sink,
    /// which must not be reachable once `start`'s borrow of it ends.
    fn drop(&mut self) {
        disarm();
        if RECORDER.with(|r| r.borrow_mut().take()).is_some() {
            allocator::stop_measuring();
        }
    }
}

fn with_recorder<T>(f: impl FnOnce(&mut Recorder) -> T) -> Option<T> {
    RECORDER.with(|r| r.try_borrow_mut().ok()?.as_mut().map(f))
}

/// Sends Python output to the host as it is written.
pub(crate) fn emit_output(text: String, stream: memplay_protocol::Stream) {
    let _zone = EngineZone::enter();
    with_recorder(|rec| {
        // Output is ordered after the samples taken before it.
        rec.flush();
        let run_id = rec.run_id;
        rec.emit(RunEvent::Output {
            run_id,
            text,
            stream,
        });
    });
}

fn interned_address(name: &PyStrInterned) -> usize {
    name as *const PyStrInterned as usize
}

fn watches(code: &Py<PyCode>) -> bool {
    let watched = WATCHED.with(Cell::get);
    watched != 0 && interned_address(code.source_path()) == watched
}

fn on_line(_code: &Py<PyCode>, line: u32) {
    let live = allocator::live();
    with_recorder(|rec| {
        rec.close_line_segment(live);
        if let Some(figures) = rec.lines.get_mut(line as usize) {
            figures.hits += 1;
        }
        rec.current_line = line;
        rec.segment_start = live;
    });
}

fn on_probe(vm: &VirtualMachine) -> PyResult<()> {
    let steps = STEPS.with(|s| {
        s.base.set(s.base.get() + u64::from(s.armed.get()));
        s.armed.set(0);
        s.base.get()
    });
    let live = allocator::live();
    let stop = {
        let _zone = EngineZone::enter();
        with_recorder(|rec| {
            let t_ms = clock::now_ms() - rec.start_ms;
            rec.check_limits(steps, t_ms);
            rec.record(vm, steps, t_ms, live, false);
            if t_ms + rec.start_ms - rec.last_flush_ms >= FLUSH_MS {
                rec.flush();
            }
            if rec.samples.len() >= rec.next_interval_growth {
                rec.interval = rec.interval.saturating_mul(2);
                rec.next_interval_growth += SAMPLES_PER_INTERVAL;
            }
            (rec.stop, rec.interval, rec.limits)
        })
    };
    let Some((stop, interval, limits)) = stop else {
        return Ok(());
    };
    match stop {
        None => {
            arm(interval);
            Ok(())
        }
        Some(outcome) => {
            // Keep raising at every instruction: a snippet that catches the exception
            // is interrupted again inside its handler. Later raises happen inside
            // cleanup handlers (a comprehension's), so the first one is what the
            // report blames.
            arm(1);
            let exception = limit_exception(vm, outcome, &limits);
            let _zone = EngineZone::enter();
            with_recorder(|rec| {
                if rec.limit_error.is_none() {
                    rec.limit_error = Some(limit_error(vm, &exception, &rec.file_name));
                }
            });
            Err(exception)
        }
    }
}

/// The limit's error where it first struck: the line and a traceback of the frames then
/// running (innermost last, as Python prints them).
fn limit_error(
    vm: &VirtualMachine,
    exception: &rustpython_vm::builtins::PyBaseExceptionRef,
    file_name: &str,
) -> RunError {
    let mut frames = Vec::new();
    let mut frame = rustpython_vm::vm::thread::get_current_frame();
    while !frame.is_null() {
        // SAFETY: as in `current_line`.
        let iframe = unsafe { &*frame };
        let code = iframe.code();
        let line = iframe
            .get_lasti()
            .checked_sub(1)
            .and_then(|i| code.locations.get(i as usize))
            .map_or(0, |(loc, _)| loc.line.get() as u32);
        frames.push((
            code.source_path.as_str().to_string(),
            line,
            code.obj_name.as_str().to_string(),
        ));
        frame = iframe.previous();
    }
    frames.reverse();
    let kind = exception.class().name().to_string();
    let message = exception
        .as_object()
        .str(vm)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut traceback = String::from("Traceback (most recent call last):\n");
    for (file, line, name) in &frames {
        traceback.push_str(&format!("  File \"{file}\", line {line}, in {name}\n"));
    }
    traceback.push_str(&format!("{kind}: {message}\n"));
    let line = frames
        .iter()
        .rev()
        .find(|(file, _, _)| file == file_name)
        .map(|(_, line, _)| *line)
        .filter(|l| *l > 0);
    RunError {
        kind,
        message,
        line,
        column: None,
        traceback,
    }
}

fn limit_exception(
    vm: &VirtualMachine,
    outcome: Outcome,
    limits: &Limits,
) -> rustpython_vm::builtins::PyBaseExceptionRef {
    match outcome {
        Outcome::MemoryLimit => vm.new_memory_error(format!(
            "memory cap of {} reached (Memplay limit)",
            crate::format::bytes(limits.memory_bytes as i64)
        )),
        Outcome::TimeLimit => vm.new_exception_msg(
            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
            format!(
                "time limit of {} s reached (Memplay limit)",
                limits.time_ms as f64 / 1000.0
            )
            .into(),
        ),
        Outcome::StepLimit => vm.new_exception_msg(
            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
            format!("step limit of {} reached (Memplay limit)", limits.steps).into(),
        ),
        _ => vm.new_exception_msg(
            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
            "stopped (Memplay)".to_owned().into(),
        ),
    }
}

impl Recorder {
    fn check_limits(&mut self, steps: u64, t_ms: f64) {
        if self.stop.is_some() {
            return;
        }
        self.stop = if allocator::cap_hit() {
            Some(Outcome::MemoryLimit)
        } else if STOP_REQUESTED.load(Ordering::Relaxed) == u64::from(self.run_id) {
            Some(Outcome::Stopped)
        } else if t_ms >= self.limits.time_ms as f64 {
            Some(Outcome::TimeLimit)
        } else if steps >= self.limits.steps {
            Some(Outcome::StepLimit)
        } else {
            None
        };
    }

    fn close_line_segment(&mut self, live: i64) {
        let increment = live - self.segment_start;
        if let Some(figures) = self.lines.get_mut(self.current_line as usize) {
            figures.net_bytes += increment;
            figures.max_increment = figures.max_increment.max(increment);
        }
    }

    /// Appends a sample; takes a census when memory reached a new high and the
    /// census budget allows, or always when `last`.
    fn record(&mut self, vm: &VirtualMachine, steps: u64, t_ms: f64, live: i64, last: bool) {
        let best_bytes = self.best_census.as_ref().map_or(0, |(b, _)| *b);
        let new_high = live as f64 > best_bytes as f64 * CENSUS_GROWTH + 65_536.0;
        let affordable = self.census_scanned <= steps / STEPS_PER_CENSUSED_OBJECT;
        // Hitting the memory cap is the run's peak: count it whatever the budget says.
        let at_cap = self.stop == Some(Outcome::MemoryLimit);
        let objects = if last || (new_high && (affordable || at_cap)) {
            let started = clock::now_ms();
            let (total, by_type) = census::take(vm, &mut self.baseline);
            if !last {
                self.census_ms += clock::now_ms() - started;
            }
            self.census_scanned += CENSUS_BASE_COST + total;
            self.peak_objects = self.peak_objects.max(total);
            let census = ObjectCensus {
                step: steps,
                total,
                by_type,
            };
            if live >= best_bytes || self.best_census.is_none() {
                self.best_census = Some((live, census.clone()));
            }
            self.last_census = census;
            Some(total)
        } else {
            None
        };
        // After the snippet returns no frame is left: the last line it ran stands.
        let line = match current_line(&self.file_name) {
            0 => self.current_line,
            line => line,
        };
        // A new high of the run that came and went since the last sample (inside one
        // instruction) is shown by neither sample: keep it on this one.
        let run_peak = allocator::current().peak;
        let previous_bytes = self.samples.last().map_or(0, |s| s.bytes);
        let high_before = (run_peak > self.peak_at_last_sample
            && run_peak > live.max(previous_bytes))
        .then_some(run_peak);
        self.peak_at_last_sample = run_peak;
        // Two probes at one step (an allocator request right after a countdown) keep one sample.
        if let Some(prev) = self.samples.last_mut() {
            if prev.step == steps && !last {
                prev.bytes = live;
                prev.objects = objects.or(prev.objects);
                prev.high_before = prev.high_before.max(high_before).filter(|h| *h > live);
                return;
            }
        }
        self.samples.push(Sample {
            step: steps,
            t_ms,
            line,
            bytes: live,
            objects,
            high_before,
        });
    }

    fn flush(&mut self) {
        self.last_flush_ms = clock::now_ms();
        if self.unsent >= self.samples.len() {
            return;
        }
        let batch = self.samples[self.unsent..].to_vec();
        self.unsent = self.samples.len();
        let run_id = self.run_id;
        self.emit(RunEvent::Samples { run_id, batch });
    }
}

/// The running snippet's per-line figures so far: (file, line, net bytes, hits).
/// Allocated outside the engine zone: the caller (Python) frees it as the snippet.
pub(crate) fn line_figures() -> Vec<(String, u32, i64, u64)> {
    with_recorder(|rec| {
        rec.lines
            .iter()
            .filter(|l| l.hits > 0)
            .map(|l| (rec.file_name.clone(), l.line, l.net_bytes, l.hits))
            .collect()
    })
    .unwrap_or_default()
}

/// The line executing in the innermost frame of the snippet's own code (0 if none).
/// Reads the frame chain without locks or allocation.
pub(crate) fn current_line(file_name: &str) -> u32 {
    let mut frame = rustpython_vm::vm::thread::get_current_frame();
    while !frame.is_null() {
        // SAFETY: the chain is valid while the VM runs on this thread (faulthandler
        // walks it the same way, from a signal handler).
        let iframe = unsafe { &*frame };
        let code = iframe.code();
        if code.source_path.as_str() == file_name {
            let lasti = iframe.get_lasti() as usize;
            return match lasti.checked_sub(1).and_then(|i| code.locations.get(i)) {
                Some((loc, _)) => loc.line.get() as u32,
                None => code.first_line_number.map_or(0, |n| n.get() as u32),
            };
        }
        frame = iframe.previous();
    }
    0
}
