//! A measured run's span: installs the VM probe and line hook, the allocator's counting
//! and the recorder, and tears them down. The probe (every N bytecode instructions, and
//! whenever the allocator asks) is where samples are taken and limits checked.

use crate::allocator::{self, EngineZone, HeapFigures};
use crate::recorder::{self, Recorder};
use crate::{clock, limits, line_ledger, steps};
use memplay_protocol::Limits;
use rustpython_vm::builtins::{PyCode, PyStrInterned};
use rustpython_vm::{probe, Py, PyResult, VirtualMachine};
use std::cell::Cell;

/// Instructions between probes at the start of a run.
const FIRST_INTERVAL: u32 = 1_000;
/// The interval doubles each time the timeline grows by this many samples.
const SAMPLES_PER_INTERVAL: usize = 25_000;

thread_local! {
    /// The address of the watched file name, interned: code objects name their file with
    /// an interned string, so `watches` (at every frame start and generator resume) compares
    /// one pointer instead of two strings. 0 while no run is recorded.
    static WATCHED: Cell<usize> = const { Cell::new(0) };
    /// Instructions between probes now, and the sample count at which it doubles next.
    static INTERVAL: Cell<(u32, usize)> = const { Cell::new((FIRST_INTERVAL, SAMPLES_PER_INTERVAL)) };
}

/// What a finished session hands back: the recorder and the run's final figures.
pub(crate) struct Recorded {
    pub recorder: Recorder,
    pub heap: HeapFigures,
    pub wall_ms: f64,
    pub steps: u64,
}

/// A run being measured; dropping it (also when the run unwinds) tears the hooks down.
pub(crate) struct Session(());

impl Session {
    pub fn start(
        vm: &VirtualMachine,
        run_id: u32,
        file_name: &str,
        line_count: usize,
        limits: Limits,
    ) -> Session {
        recorder::start(run_id, file_name, line_count, limits);
        WATCHED.with(|w| w.set(interned_address(vm.ctx.intern_str(file_name))));
        INTERVAL.with(|i| i.set((FIRST_INTERVAL, SAMPLES_PER_INTERVAL)));
        steps::start(FIRST_INTERVAL);
        let cap = i64::try_from(limits.memory_bytes).unwrap_or(i64::MAX);
        // Sample early when memory moves by 1 MB (or 1/64 of the cap) between probes.
        allocator::start_measuring(cap, (cap / 64).clamp(64 << 10, 1 << 20));
        probe::install_lines(Some((on_line, watches)));
        probe::install(Some(on_probe), FIRST_INTERVAL);
        let _zone = EngineZone::enter();
        recorder::with(Recorder::record_start);
        Session(())
    }

    /// Stops measuring, takes the exact last sample and final census, streams what is
    /// left of the timeline, and hands back the recorder with the final figures.
    pub fn finish(self, vm: &VirtualMachine) -> Recorded {
        let steps = steps::now();
        disarm();
        let live = allocator::live();
        let wall_ms = recorder::with(|rec| clock::now_ms() - rec.start_ms).unwrap_or(0.0);
        let _zone = EngineZone::enter();
        line_ledger::close_segment(line_ledger::Mark::now(live));
        recorder::with(|rec| {
            rec.record(vm, steps, wall_ms, live, true);
            rec.finish_output();
            rec.flush(true);
        });
        let heap = allocator::stop_measuring();
        let recorder = recorder::take().expect("recorder present");
        Recorded {
            recorder,
            heap,
            wall_ms,
            steps,
        }
    }
}

/// Uninstalls the VM hooks so no later Python code reaches the recorder.
fn disarm() {
    probe::install(None, u32::MAX);
    probe::install_lines(None);
    WATCHED.with(|w| w.set(0));
    steps::stop();
}

impl Drop for Session {
    fn drop(&mut self) {
        disarm();
        if recorder::take().is_some() {
            allocator::stop_measuring();
        }
    }
}

fn interned_address(name: &PyStrInterned) -> usize {
    name as *const PyStrInterned as usize
}

fn watches(code: &Py<PyCode>) -> bool {
    let watched = WATCHED.with(Cell::get);
    watched != 0 && interned_address(code.source_path()) == watched
}

fn on_line(_code: &Py<PyCode>, line: u32) {
    let at = line_ledger::Mark::now(allocator::live());
    if line & probe::RESUMED != 0 {
        line_ledger::resume(line & !probe::RESUMED, at);
    } else {
        line_ledger::enter(line, at);
    }
}

fn on_probe(vm: &VirtualMachine) -> PyResult<()> {
    let steps = steps::countdown_ran_out();
    // The engine survived any allocation it refused so far (a fallible caller raised).
    allocator::forget_refusal();
    let live = allocator::live();
    let checked = {
        let _zone = EngineZone::enter();
        recorder::with(|rec| {
            let now = clock::now_ms();
            let t_ms = now - rec.start_ms;
            if rec.stop.is_none() {
                rec.stop =
                    limits::crossed(rec.run_id, &rec.limits, allocator::cap_hit(), steps, t_ms);
            }
            rec.record(vm, steps, t_ms, live, false);
            rec.flush_if_due(now);
            (rec.stop, rec.limits, rec.sample_count)
        })
    };
    let Some((stop, limits, sample_count)) = checked else {
        return Ok(());
    };
    let Some(outcome) = stop else {
        if probe::between_items() {
            // The census this probe skipped (see `Recorder::record`) is taken as soon
            // as the builtin returns.
            steps::arm(1);
        } else {
            steps::arm(next_interval(sample_count));
        }
        return Ok(());
    };
    // Keep raising at every instruction: a snippet that catches the exception is
    // interrupted again inside its handler. Later raises happen inside cleanup handlers
    // (a comprehension's), so the first one is what the report blames.
    steps::arm(1);
    let exception = limits::exception(vm, outcome, &limits);
    let _zone = EngineZone::enter();
    recorder::with(|rec| {
        if rec.limit_error.is_none() {
            rec.limit_error = Some(limits::error(vm, &exception, &rec.file_name));
        }
    });
    Err(exception)
}

/// The probe interval for a timeline of `sample_count` samples: it doubles every
/// `SAMPLES_PER_INTERVAL` samples, so long runs keep a bounded sample rate.
fn next_interval(sample_count: usize) -> u32 {
    INTERVAL.with(|cell| {
        let (mut interval, mut next_growth) = cell.get();
        if sample_count >= next_growth {
            interval = interval.saturating_mul(2);
            next_growth += SAMPLES_PER_INTERVAL;
            cell.set((interval, next_growth));
        }
        interval
    })
}
