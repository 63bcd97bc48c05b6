//! The platform clock: `Instant` natively, a host-supplied function on wasm32
//! (`SystemTime::now()` panics there and kills the instance).

use std::cell::Cell;

thread_local! {
    static HOST_NOW_MS: Cell<Option<fn() -> f64>> = const { Cell::new(None) };
    static HOST_EPOCH_MS: Cell<Option<fn() -> f64>> = const { Cell::new(None) };
}

/// Lets a host (the Web Worker) supply `performance.now()` and `Date.now()`.
pub fn set_host_clock(monotonic_ms: fn() -> f64, epoch_ms: fn() -> f64) {
    HOST_NOW_MS.with(|c| c.set(Some(monotonic_ms)));
    HOST_EPOCH_MS.with(|c| c.set(Some(epoch_ms)));
}

/// Milliseconds on a monotonic clock with an arbitrary origin.
pub fn now_ms() -> f64 {
    if let Some(now) = HOST_NOW_MS.with(Cell::get) {
        return now();
    }
    native_now_ms()
}

/// Milliseconds since the Unix epoch.
pub fn epoch_ms() -> f64 {
    if let Some(now) = HOST_EPOCH_MS.with(Cell::get) {
        return now();
    }
    native_epoch_ms()
}

#[cfg(not(target_arch = "wasm32"))]
fn native_now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

#[cfg(not(target_arch = "wasm32"))]
fn native_epoch_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

// Without a host clock on wasm32 time stands still rather than trapping.
#[cfg(target_arch = "wasm32")]
fn native_now_ms() -> f64 {
    0.0
}

#[cfg(target_arch = "wasm32")]
fn native_epoch_ms() -> f64 {
    0.0
}
