//! One measured run: compile, reset to the common baseline, run under the sampler, and
//! turn what was recorded into a `RunReport`.

use crate::interp::{expect_ok, run_internal};
use crate::sampler::{current_line, EventSink, Session};
use crate::PLATFORM;
use memplay_protocol::{LineFigures, ObjectCensus, Outcome, RunError, RunReport, RunRequest};
use rustpython_vm::builtins::{PyBaseExceptionRef, PyTraceback};
use rustpython_vm::compiler::Mode;
use rustpython_vm::{AsObject, PyRef, VirtualMachine};

/// Captured stdout kept in the report (it also streams as it is written).
const STDOUT_KEPT: usize = 1 << 20;

pub fn run(vm: &VirtualMachine, request: &RunRequest, sink: &mut EventSink<'_>) -> RunReport {
    let file_name = request.pane.as_str();
    let mut stdout = String::new();
    let mut forward = |event: memplay_protocol::RunEvent| {
        if let memplay_protocol::RunEvent::Output { text, .. } = &event {
            if stdout.len() < STDOUT_KEPT {
                stdout.push_str(text);
            }
        }
        sink(event);
    };

    let code = match vm.compile(&request.code, Mode::Exec, file_name) {
        Ok(code) => code,
        Err(err) => {
            let exc = err.into_pyexception(vm, Some(&request.code));
            let error = describe_exception(vm, &exc, file_name);
            return empty_report(request, Outcome::Failed, Some(error));
        }
    };
    register_source(vm, file_name, &request.code);
    reset_interpreter(vm);
    let line_count = request.code.lines().count();
    let session = Session::start(
        vm,
        request.run_id,
        file_name,
        line_count,
        request.limits,
        &mut forward,
    );
    // Created after the baseline: the namespace and what it holds are the snippet's.
    let scope = vm.new_scope_with_builtins();
    // Snippets are scripts: `if __name__ == "__main__":` blocks must run.
    let _ = scope
        .globals
        .set_item("__name__", vm.ctx.new_str("__main__").into(), vm);
    // Held past the measurement: freeing the code object is not the snippet's doing.
    let result = vm.run_code_obj(code.clone(), scope.clone());
    let (recorder, heap, wall_ms, steps) = session.finish(vm);
    drop(code);

    let (outcome, error) = match result {
        Ok(_) => (Outcome::Completed, None),
        Err(exc) => {
            let error = match (recorder.stop, recorder.limit_error.clone()) {
                (Some(_), Some(limit_error)) => limit_error,
                _ => describe_exception(vm, &exc, file_name),
            };
            (recorder.stop.unwrap_or(Outcome::Failed), Some(error))
        }
    };
    // What the snippet left in its namespace goes now, as at interpreter exit, so a cycle
    // the collector cannot see (a class held from outside) cannot keep the run's data alive
    // into the next run.
    scope.globals.clear();
    drop(scope);
    after_run(vm);
    let census_at_peak = recorder
        .best_census
        .clone()
        .map(|(_, census)| census)
        .unwrap_or_default();
    let lines: Vec<LineFigures> = recorder
        .lines
        .iter()
        .filter(|l| l.line > 0 && (l.hits > 0 || l.net_bytes != 0))
        .copied()
        .collect();
    let final_objects = recorder.last_census.total;
    let census_at_end = recorder.last_census.clone();
    let peak_objects = recorder.peak_objects;
    RunReport {
        peak_bytes: heap.peak,
        final_bytes: heap.live,
        peak_objects,
        final_objects,
        wall_ms,
        census_ms: recorder.census_ms,
        steps,
        allocations: heap.allocations,
        samples: recorder.samples,
        census_at_peak,
        census_at_end,
        lines,
        stdout,
        ..empty_report(request, outcome, error)
    }
}

pub fn run_unmeasured(vm: &VirtualMachine, code: &str) -> Result<f64, String> {
    let code = vm
        .compile(code, Mode::Exec, "<bench>")
        .map_err(|err| err.to_string())?;
    reset_interpreter(vm);
    let scope = vm.new_scope_with_builtins();
    let start = crate::clock::now_ms();
    let result = vm.run_code_obj(code, scope.clone());
    let wall_ms = crate::clock::now_ms() - start;
    // The same teardown as a measured run, so neither side frees the other's leftovers.
    scope.globals.clear();
    drop(scope);
    after_run(vm);
    result.map(|_| wall_ms).map_err(|exc| {
        let mut text = String::new();
        let _ = vm.write_exception(&mut text, &exc);
        text
    })
}

/// Every run starts from the same interpreter state, so panes are comparable and the
/// figures repeat: automatic GC back on with its thresholds, `random` seeded, the
/// compatibility modules' state cleared (objgraph's last counts, tracemalloc's tracing)
/// and `re`'s compiled-pattern cache emptied (a later run would skip the compiling),
/// the module table noted (the run's imports are undone after it, so a module the
/// snippet imports costs every run the same, as in a fresh process), garbage collected,
/// and the per-type freelists drained (into a stash held until the run ends) so that
/// every object the snippet creates is a counted allocation.
const RESET: &str = "\
import gc, random, re, sys, _memplay
for name in ('objgraph', 'tracemalloc'):
    module = sys.modules.get(name)
    if hasattr(module, '_memplay_reset'):
        module._memplay_reset()
re.purge()
_memplay.MODULES = dict(sys.modules)
gc.enable()
gc.set_threshold(*_memplay.GC_THRESHOLD)
random.seed(0)
_memplay.STASH = None
gc.collect()
def _memplay_gen():
    yield
_memplay.STASH = (
    [(i, None) for i in range(2000)],
    [{} for _ in range(80)],
    [[] for _ in range(80)],
    [i + 0.5 for i in range(100)],
    [i + 100_000 for i in range(100)],
    [complex(i, 1) for i in range(100)],
    [range(i) for i in range(6)],
    [slice(i) for i in range(1)],
    [_memplay_gen() for _ in range(200)],
)
";

/// Puts the snippet's lines in linecache (before the baseline, so it is not the
/// snippet's memory): tracebacks, inspect and memory_profiler can show them.
fn register_source(vm: &VirtualMachine, file_name: &str, code: &str) {
    let result = vm.import("_memplay", 0).and_then(|m| {
        let register = m.get_attr("register_source", vm)?;
        register.call((file_name.to_owned(), code.to_owned()), vm)
    });
    expect_ok(vm, "source registration", result.map(drop));
}

fn reset_interpreter(vm: &VirtualMachine) {
    run_internal(vm, "reset", RESET);
}

/// Once the run is measured: the stash goes back to the freelists and the module table
/// back to what it was before the run.
fn after_run(vm: &VirtualMachine) {
    run_internal(vm, "reset", AFTER_RUN);
}

const AFTER_RUN: &str = "\
import sys, _memplay
_memplay.STASH = None
for name in [name for name in sys.modules if name not in _memplay.MODULES]:
    del sys.modules[name]
sys.modules.update(_memplay.MODULES)
_memplay.MODULES = None
";

/// A report with no figures: a run that never started, and the base of every report.
fn empty_report(request: &RunRequest, outcome: Outcome, error: Option<RunError>) -> RunReport {
    RunReport {
        run_id: request.run_id,
        pane: request.pane.clone(),
        outcome,
        error,
        platform: PLATFORM.to_owned(),
        peak_bytes: 0,
        final_bytes: 0,
        peak_objects: 0,
        final_objects: 0,
        wall_ms: 0.0,
        census_ms: 0.0,
        steps: 0,
        allocations: 0,
        linear_memory_bytes: linear_memory_bytes(),
        samples: Vec::new(),
        census_at_peak: ObjectCensus::default(),
        census_at_end: ObjectCensus::default(),
        lines: Vec::new(),
        stdout: String::new(),
    }
}

/// Type, message, the snippet line it came from, and a Python-style traceback.
fn describe_exception(vm: &VirtualMachine, exc: &PyBaseExceptionRef, file_name: &str) -> RunError {
    let kind = exc.class().name().to_string();
    let is_syntax = exc.fast_isinstance(vm.ctx.exceptions.syntax_error);
    let attr_u32 = |name: &'static str| {
        exc.as_object()
            .get_attr(name, vm)
            .ok()
            .and_then(|v| v.try_into_value::<i64>(vm).ok())
            .and_then(|v| u32::try_from(v).ok())
            .filter(|v| *v > 0)
    };
    let message = if is_syntax {
        exc.as_object()
            .get_attr("msg", vm)
            .ok()
            .and_then(|m| m.str(vm).ok())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        exc.as_object()
            .str(vm)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (line, column) = if is_syntax {
        (attr_u32("lineno"), attr_u32("offset"))
    } else {
        (innermost_line(exc.__traceback__(), file_name), None)
    };
    let mut traceback = String::new();
    let _ = vm.write_exception(&mut traceback, exc);
    RunError {
        kind,
        message,
        line,
        column,
        traceback,
    }
}

/// The deepest traceback entry that is in the snippet's own file.
fn innermost_line(mut tb: Option<PyRef<PyTraceback>>, file_name: &str) -> Option<u32> {
    let mut found = None;
    while let Some(entry) = tb {
        if entry.frame.f_code().source_path.as_str() == file_name {
            found = Some(entry.lineno.get() as u32);
        }
        tb = entry.next.lock().clone();
    }
    found.or_else(|| Some(current_line(file_name)).filter(|l| *l > 0))
}

#[cfg(target_arch = "wasm32")]
fn linear_memory_bytes() -> u64 {
    (core::arch::wasm32::memory_size(0) as u64) * 65_536
}

#[cfg(not(target_arch = "wasm32"))]
fn linear_memory_bytes() -> u64 {
    0
}
