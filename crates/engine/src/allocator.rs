//! The counting global allocator: live, peak and total heap figures of the measured thread.
//!
//! Only the thread running a snippet is counted (a thread-local switch), so test harness
//! threads and the CLI's watchdog never show up in a snippet's figures. Allocations made
//! inside an [`EngineZone`] (census, samples, output) are the engine's own and are left out.
//! The allocator also enforces the memory cap: past the cap it asks the probe for a safe
//! point (where Python gets a `MemoryError`), and past a hard ceiling it refuses memory.
//! It asks for a probe through `steps`, the one module it uses; it never calls the
//! sampling code, which polls it.

use crate::steps;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

/// Where the counted bytes come from: in the browser, small blocks from free lists in
/// front of the system allocator (`small_blocks`: dlmalloc finds and merges chunks on
/// every call); natively the system allocator, whose malloc keeps per-size caches of its
/// own. To measure natively what the browser runs, the `dlmalloc` feature puts dlmalloc
/// (the allocator Rust's wasm32 std uses) in the system allocator's place and
/// `small-blocks` adds the lists (bench/README.md).
#[cfg(any(target_arch = "wasm32", feature = "small-blocks"))]
use crate::small_blocks as backing;
#[cfg(not(any(target_arch = "wasm32", feature = "small-blocks")))]
mod backing {
    #[cfg(feature = "dlmalloc")]
    use dlmalloc::GlobalDlmalloc as System;
    #[cfg(not(feature = "dlmalloc"))]
    use std::alloc::System;
    use std::alloc::{GlobalAlloc, Layout};

    #[inline(always)]
    pub unsafe fn alloc(layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    #[inline(always)]
    pub unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline(always)]
    pub unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline(always)]
    pub unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Wraps the system allocator with per-thread accounting.
pub struct CountingAllocator;

struct Counters {
    /// Zero while this thread's allocations are counted. Not measuring adds one, and so
    /// does each open [`EngineZone`], so the hot path tests one number.
    paused: Cell<u32>,
    measuring: Cell<bool>,
    live: Cell<i64>,
    /// The highest live bytes since the run started or since the last `reset_peak`
    /// (tracemalloc.reset_peak); the run's peak is the larger of it and `earlier_peak`.
    recent_peak: Cell<i64>,
    earlier_peak: Cell<i64>,
    /// The interpreter's object count (`rustpython_vm::probe::objects`) when each peak
    /// was reached: how many objects were alive at the peak, whenever it came.
    objects_at_recent_peak: Cell<i64>,
    objects_at_earlier_peak: Cell<i64>,
    allocations: Cell<u64>,
    /// Live bytes outside `low..=high` take the slow path: a sample is due, or the cap
    /// or the ceiling is crossed. One band keeps the hot path to two comparisons.
    low: Cell<i64>,
    high: Cell<i64>,
    cap: Cell<i64>,
    ceiling: Cell<i64>,
    cap_hit: Cell<bool>,
    /// The size of the last request refused past the ceiling (0: none this run).
    refused: Cell<i64>,
    /// A sample is requested when live bytes move this far from `last_sampled`.
    sample_delta: Cell<i64>,
    last_sampled: Cell<i64>,
}

thread_local! {
    static COUNTERS: Counters = const {
        Counters {
            paused: Cell::new(1),
            measuring: Cell::new(false),
            live: Cell::new(0),
            recent_peak: Cell::new(0),
            earlier_peak: Cell::new(0),
            objects_at_recent_peak: Cell::new(0),
            objects_at_earlier_peak: Cell::new(0),
            allocations: Cell::new(0),
            low: Cell::new(i64::MIN),
            high: Cell::new(i64::MAX),
            cap: Cell::new(i64::MAX),
            ceiling: Cell::new(i64::MAX),
            cap_hit: Cell::new(false),
            refused: Cell::new(0),
            sample_delta: Cell::new(i64::MAX),
            last_sampled: Cell::new(0),
        }
    };
}

impl CountingAllocator {
    /// Records `delta` bytes; false when the request must be refused.
    #[inline]
    fn account(delta: i64, new_allocation: bool) -> bool {
        COUNTERS
            .try_with(|c| {
                if c.paused.get() != 0 {
                    return true;
                }
                let live = c.live.get() + delta;
                if (live > c.high.get() || live < c.low.get()) && !Self::left_band(c, live, delta) {
                    return false;
                }
                c.live.set(live);
                c.allocations
                    .set(c.allocations.get() + u64::from(new_allocation));
                if live > c.recent_peak.get() {
                    c.recent_peak.set(live);
                    c.objects_at_recent_peak
                        .set(rustpython_vm::probe::objects());
                }
                true
            })
            .unwrap_or(true)
    }

    /// Live bytes are about to leave the band: refuses past the ceiling, asks the probe
    /// for a sample or for the cap's `MemoryError`, and centres the band on the new figure.
    #[cold]
    #[inline(never)]
    fn left_band(c: &Counters, live: i64, delta: i64) -> bool {
        if delta > 0 && live > c.ceiling.get() {
            // Refused: the caller sees an allocation failure. Flag the cap first so
            // a fallible caller's run still ends with the cap as its reason.
            c.cap_hit.set(true);
            c.refused.set(delta);
            set_band(c);
            steps::request_probe();
            return false;
        }
        if live > c.cap.get() && !c.cap_hit.get() {
            c.cap_hit.set(true);
            steps::request_probe();
        } else if (live - c.last_sampled.get()).abs() > c.sample_delta.get() {
            c.last_sampled.set(live);
            steps::request_probe();
        }
        set_band(c);
        true
    }
}

/// Bytes within `sample_delta` of the last sample, and under the cap (the ceiling once
/// the cap is hit), need no attention.
fn set_band(c: &Counters) {
    let around = c.last_sampled.get();
    let delta = c.sample_delta.get();
    let limit = if c.cap_hit.get() {
        c.ceiling.get()
    } else {
        c.cap.get()
    };
    c.high.set(around.saturating_add(delta).min(limit));
    c.low.set(around.saturating_sub(delta));
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Self::account(layout.size() as i64, true) {
            return std::ptr::null_mut();
        }
        unsafe { backing::alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !Self::account(layout.size() as i64, true) {
            return std::ptr::null_mut();
        }
        unsafe { backing::alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Self::account(-(layout.size() as i64), false);
        unsafe { backing::dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let delta = new_size as i64 - layout.size() as i64;
        if !Self::account(delta, false) {
            return std::ptr::null_mut();
        }
        let moved = unsafe { backing::realloc(ptr, layout, new_size) };
        if moved.is_null() {
            Self::account(-delta, false);
        }
        moved
    }
}

/// The figures of the current measurement, relative to its baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct HeapFigures {
    pub live: i64,
    pub peak: i64,
    /// The interpreter's object count (`rustpython_vm::probe::objects`) at `peak`.
    pub objects_at_peak: i64,
    pub allocations: u64,
}

/// Where the allocator starts refusing memory, for a cap. Past the cap Python gets its
/// `MemoryError` at the next instruction or iterator step; the headroom lets the
/// allocation in flight finish first, and the one in flight may be a buffer doubling
/// (a list or dict growing inside one builtin call), so it covers twice the cap. A
/// refused request aborts the engine (the page and the CLI keep the samples streamed
/// so far), so refusals are the last resort, kept under wasm32's 4 GB.
fn ceiling_for(cap: i64) -> i64 {
    let ceiling = cap.saturating_mul(2).saturating_add(16 << 20);
    // The highest cap is 2 GB, so this stays above it.
    #[cfg(target_arch = "wasm32")]
    let ceiling = ceiling.min(3 << 30);
    ceiling
}

/// Starts counting this thread's allocations from zero, with a cap (bytes above the
/// baseline) and the distance in bytes that triggers an extra sample.
pub(crate) fn start_measuring(cap: i64, sample_delta: i64) {
    COUNTERS.with(|c| {
        c.live.set(0);
        c.recent_peak.set(0);
        c.earlier_peak.set(0);
        let objects = rustpython_vm::probe::objects();
        c.objects_at_recent_peak.set(objects);
        c.objects_at_earlier_peak.set(objects);
        c.allocations.set(0);
        c.cap.set(cap);
        c.ceiling.set(ceiling_for(cap));
        c.cap_hit.set(false);
        c.refused.set(0);
        c.sample_delta.set(sample_delta);
        c.last_sampled.set(0);
        set_band(c);
        if !c.measuring.replace(true) {
            c.paused.set(c.paused.get() - 1);
        }
    });
}

/// Stops counting and returns the final figures.
pub(crate) fn stop_measuring() -> HeapFigures {
    let figures = current();
    COUNTERS.with(|c| {
        if c.measuring.replace(false) {
            c.paused.set(c.paused.get() + 1);
        }
    });
    figures
}

/// Live bytes of the current measurement (the hot paths' read of [`current`]).
pub(crate) fn live() -> i64 {
    COUNTERS.with(|c| c.live.get())
}

pub(crate) fn current() -> HeapFigures {
    COUNTERS.with(|c| {
        let (peak, objects_at_peak) = if c.recent_peak.get() >= c.earlier_peak.get() {
            (c.recent_peak.get(), c.objects_at_recent_peak.get())
        } else {
            (c.earlier_peak.get(), c.objects_at_earlier_peak.get())
        };
        HeapFigures {
            live: c.live.get(),
            peak,
            objects_at_peak,
            allocations: c.allocations.get(),
        }
    })
}

/// The highest live bytes since the run started or since `reset_peak`.
pub(crate) fn resettable_peak() -> i64 {
    COUNTERS.with(|c| c.recent_peak.get())
}

/// Starts the resettable peak again from the current live bytes.
pub(crate) fn reset_peak() {
    COUNTERS.with(|c| {
        if c.recent_peak.get() > c.earlier_peak.get() {
            c.earlier_peak.set(c.recent_peak.get());
            c.objects_at_earlier_peak
                .set(c.objects_at_recent_peak.get());
        }
        c.recent_peak.set(c.live.get());
        c.objects_at_recent_peak
            .set(rustpython_vm::probe::objects());
    })
}

/// Why the engine died, when it was a refused allocation: most callers take a refusal
/// as an abort. Read by a host after the engine trapped, so it allocates only with the
/// counting paused.
pub fn refusal_report() -> Option<String> {
    let (refused, cap) = COUNTERS.with(|c| (c.refused.get(), c.cap.get()));
    if refused <= 0 {
        return None;
    }
    let _zone = EngineZone::enter();
    Some(format!(
        "MemoryError: one allocation ({} more) inside a builtin call would have gone far \
         past the memory cap of {} (Memplay limit), and the engine had to stop",
        memplay_protocol::format::bytes(refused),
        memplay_protocol::format::bytes(cap)
    ))
}

/// A refused allocation that did not end the engine is no reason for a later crash.
pub(crate) fn forget_refusal() {
    COUNTERS.with(|c| c.refused.set(0));
}

/// True once live bytes went past the cap during this measurement.
pub(crate) fn cap_hit() -> bool {
    COUNTERS.with(|c| c.cap_hit.get())
}

/// While alive, this thread's allocations are the engine's own and are not counted.
/// Memory allocated inside a zone must be freed inside a zone or after the measurement.
pub(crate) struct EngineZone(());

impl EngineZone {
    pub(crate) fn enter() -> Self {
        COUNTERS.with(|c| c.paused.set(c.paused.get() + 1));
        EngineZone(())
    }
}

impl Drop for EngineZone {
    fn drop(&mut self) {
        COUNTERS.with(|c| c.paused.set(c.paused.get() - 1));
    }
}
