//! The host's event sink while a run is recorded. The VM calls the engine back from deep
//! inside `run_code_obj` (the probe, `print`), where the sink borrowed by `Engine::run`
//! cannot be passed, so it is reachable through a thread-local for exactly the span of
//! [`with_sink`] (the scoped-thread-local pattern; this is its only unsafe code).

use memplay_protocol::RunEvent;
use std::cell::Cell;

/// What the host wants to hear while a snippet runs.
pub type EventSink<'a> = dyn FnMut(RunEvent) + 'a;

thread_local! {
    static SINK: Cell<Option<*mut EventSink<'static>>> = const { Cell::new(None) };
}

/// Restores the previous sink when the scope ends, also when it unwinds.
struct Restore(Option<*mut EventSink<'static>>);

impl Drop for Restore {
    fn drop(&mut self) {
        SINK.with(|slot| slot.set(self.0));
    }
}

/// Runs `body` with `sink` receiving every [`emit`] on this thread.
pub(crate) fn with_sink<T>(sink: &mut EventSink<'_>, body: impl FnOnce() -> T) -> T {
    // SAFETY: only the lifetime is erased. The pointer is reachable only until `Restore`
    // runs at the end of this function, while the borrow of `sink` is still alive.
    let erased: *mut EventSink<'static> = unsafe { std::mem::transmute(sink) };
    let _restore = Restore(SINK.with(|slot| slot.replace(Some(erased))));
    body()
}

/// Hands `event` to the sink of the enclosing [`with_sink`] (dropped when there is none).
/// A sink that emits again from inside itself is not called re-entrantly.
pub(crate) fn emit(event: RunEvent) {
    let Some(sink) = SINK.with(|slot| slot.take()) else {
        return;
    };
    let _restore = Restore(Some(sink));
    // SAFETY: the pointer came from a live `&mut` in `with_sink` (see there), and it was
    // taken out of the slot, so no other call can reach it while this one runs.
    unsafe { (*sink)(event) }
}
