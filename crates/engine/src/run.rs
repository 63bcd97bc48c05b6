//! One measured run, start to end: compile, bring the interpreter to the common
//! baseline, run the snippet under a session, and sum what was recorded up.

use crate::interp::WarmUp;
use crate::session::{Recorded, Session};
use crate::{bridge, clock, events, frames, limits, line_ledger, traceback, PLATFORM};
use memplay_protocol::share::Measure;
use memplay_protocol::{Outcome, RunError, RunRequest, RunSummary};
use rustpython_vm::builtins::PyBaseExceptionRef;
use rustpython_vm::compiler::Mode;
use rustpython_vm::{AsObject, VirtualMachine};

/// Runs `request`, streaming its samples and output to `sink`, and returns its summary.
pub(crate) fn run(
    vm: &VirtualMachine,
    request: &RunRequest,
    sink: &mut events::EventSink<'_>,
    warm: &WarmUp,
) -> RunSummary {
    let file_name = request.pane.as_str();
    let code = match vm.compile(&request.code, Mode::Exec, file_name) {
        Ok(code) => code,
        Err(err) => {
            let exc = err.into_pyexception(vm, Some(&request.code));
            let error = describe_exception(vm, &exc, file_name);
            return empty_summary(request, Outcome::Failed, Some(error));
        }
    };
    warm.for_code(vm, &code);
    limits::forget_recursion_limit();
    bridge::register_source(vm, file_name, &request.code);
    bridge::set_measure(vm, request.measure);
    bridge::reset(vm);
    let line_count = request.code.lines().count();
    // The VM's per-instruction line tables, built now: during the run they would count
    // as the snippet's memory.
    rustpython_vm::probe::prepare_lines(&code);
    let (result, recorded, scope) = events::with_sink(sink, || {
        let session = Session::start(vm, request.run_id, file_name, line_count, request.limits);
        // Created after the baseline: the namespace and what it holds are the snippet's.
        let scope = vm.new_scope_with_builtins();
        // Snippets are scripts: `if __name__ == "__main__":` blocks must run.
        let _ = scope
            .globals
            .set_item("__name__", vm.ctx.new_str("__main__").into(), vm);
        // Held past the measurement: freeing the code object is not the snippet's doing.
        let result = vm.run_code_obj(code.clone(), scope.clone());
        (result, session.finish(vm), scope)
    });
    drop(code);
    let Recorded {
        recorder,
        heap,
        wall_ms,
        steps,
    } = recorded;
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
    bridge::after_run(vm);
    RunSummary {
        peak_bytes: heap.peak,
        final_bytes: heap.live,
        cpython_peak_bytes: recorder.cpython_peak,
        cpython_final_bytes: recorder.last_census.cpython.bytes,
        peak_objects: recorder.objects_at_peak(&heap, Measure::Rustpython),
        final_objects: recorder.last_census.total,
        cpython_peak_objects: recorder.objects_at_peak(&heap, Measure::Cpython),
        cpython_final_objects: recorder.last_census.cpython.total,
        wall_ms,
        census_ms: recorder.census_ms,
        steps,
        allocations: heap.allocations,
        census_at_peak: recorder
            .best_census
            .map(|(_, census)| census)
            .unwrap_or_default(),
        census_at_end: recorder.last_census,
        lines: line_ledger::take()
            .into_iter()
            .filter(|l| l.line > 0 && (l.hits > 0 || l.net_bytes != 0))
            .collect(),
        ..empty_summary(request, outcome, error)
    }
}

/// Runs `code` with no instrumentation at all and returns its wall time in ms, or the
/// error text: the baseline of the overhead benchmark.
pub(crate) fn run_unmeasured(
    vm: &VirtualMachine,
    code: &str,
    warm: &WarmUp,
) -> Result<f64, String> {
    let code = vm
        .compile(code, Mode::Exec, "<bench>")
        .map_err(|err| err.to_string())?;
    warm.for_code(vm, &code);
    bridge::reset(vm);
    let scope = vm.new_scope_with_builtins();
    let start = clock::now_ms();
    let result = vm.run_code_obj(code, scope.clone());
    let wall_ms = clock::now_ms() - start;
    // The same teardown as a measured run, so neither side frees the other's leftovers.
    scope.globals.clear();
    drop(scope);
    bridge::after_run(vm);
    result.map(|_| wall_ms).map_err(|exc| {
        let mut text = String::new();
        let _ = vm.write_exception(&mut text, &exc);
        text
    })
}

/// A summary with no figures: a run that never started, and the base of every summary.
fn empty_summary(request: &RunRequest, outcome: Outcome, error: Option<RunError>) -> RunSummary {
    RunSummary {
        error,
        linear_memory_bytes: linear_memory_bytes(),
        ..RunSummary::empty(request.run_id, &request.pane, outcome, PLATFORM)
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
    let text = |object: Option<rustpython_vm::PyObjectRef>| {
        object
            .and_then(|o| o.str(vm).ok())
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (mut message, line, column) = if is_syntax {
        (
            text(exc.as_object().get_attr("msg", vm).ok()),
            attr_u32("lineno"),
            attr_u32("offset"),
        )
    } else {
        (
            text(Some(exc.as_object().to_owned())),
            frames::innermost_line(exc.__traceback__(), file_name),
            None,
        )
    };
    let mut written = String::new();
    let _ = vm.write_exception(&mut written, exc);
    let mut traceback =
        traceback::fold_repeats(&traceback::without_memplay_frames(&written, file_name));
    if exc.fast_isinstance(vm.ctx.exceptions.recursion_error) {
        if let Some(note) = limits::recursion_note() {
            message = format!("{message} ({note})");
            traceback.push_str(&format!("({note})\n"));
        }
    }
    RunError {
        kind,
        message,
        line,
        column,
        traceback,
    }
}

#[cfg(target_arch = "wasm32")]
fn linear_memory_bytes() -> u64 {
    (core::arch::wasm32::memory_size(0) as u64) * 65_536
}

#[cfg(not(target_arch = "wasm32"))]
fn linear_memory_bytes() -> u64 {
    0
}
