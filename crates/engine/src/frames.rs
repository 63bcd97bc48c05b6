//! Where the snippet is: the one place that walks the interpreter's frame chain (for the
//! line a sample was taken on and a limit's traceback) and an exception's traceback (for
//! the line an error is blamed on).

use rustpython_vm::builtins::{PyCode, PyTraceback};
use rustpython_vm::frame::InterpreterFrame;
use rustpython_vm::{Py, PyRef};

/// The line `frame` is executing: the location of its last instruction, or the code's
/// first line before it ran one (0 when unknown).
fn line_of(frame: &InterpreterFrame) -> u32 {
    let code = frame.code();
    match frame
        .get_lasti()
        .checked_sub(1)
        .and_then(|i| code.locations.get(i as usize))
    {
        Some((location, _)) => location.line.get() as u32,
        None => code.first_line_number.map_or(0, |n| n.get() as u32),
    }
}

/// Calls `f` with each running frame's code and line, innermost first, until it returns
/// false. Reads the chain without locks or allocation, so the probe can call it.
fn walk(mut f: impl FnMut(&Py<PyCode>, u32) -> bool) {
    let mut frame = rustpython_vm::vm::thread::get_current_frame();
    while !frame.is_null() {
        // SAFETY: the chain is valid while the VM runs on this thread (faulthandler
        // walks it the same way, from a signal handler).
        let current = unsafe { &*frame };
        if !f(current.code(), line_of(current)) {
            return;
        }
        frame = current.previous();
    }
}

/// The line executing in the innermost frame of the snippet's own code (0 if none).
pub(crate) fn current_line(file_name: &str) -> u32 {
    let mut found = 0;
    walk(|code, line| {
        if code.source_path.as_str() == file_name {
            found = line;
            return false;
        }
        true
    });
    found
}

/// One entry of a traceback: file, line and function name.
pub(crate) struct FrameLine {
    pub file: String,
    pub line: u32,
    pub function: String,
}

/// The running frames, outermost first, as a traceback lists them.
pub(crate) fn stack() -> Vec<FrameLine> {
    let mut frames = Vec::new();
    walk(|code, line| {
        frames.push(FrameLine {
            file: code.source_path.as_str().to_string(),
            line,
            function: code.obj_name.as_str().to_string(),
        });
        true
    });
    frames.reverse();
    frames
}

/// The deepest traceback entry in the snippet's own file, or else the line the snippet
/// is running.
pub(crate) fn innermost_line(mut tb: Option<PyRef<PyTraceback>>, file_name: &str) -> Option<u32> {
    let mut found = None;
    while let Some(entry) = tb {
        if entry.frame.f_code().source_path.as_str() == file_name {
            found = Some(entry.lineno.get() as u32);
        }
        tb = entry.next.lock().clone();
    }
    found.or_else(|| Some(current_line(file_name)).filter(|l| *l > 0))
}
