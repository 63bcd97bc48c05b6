//! The platform clock: `Instant` natively, a host-supplied function on wasm32
//! (`SystemTime::now()` panics there and kills the instance).

use std::cell::Cell;

/// Seconds east of UTC at a moment given in epoch milliseconds.
type UtcOffset = fn(f64) -> f64;

thread_local! {
    static HOST_NOW_MS: Cell<Option<fn() -> f64>> = const { Cell::new(None) };
    static HOST_EPOCH_MS: Cell<Option<fn() -> f64>> = const { Cell::new(None) };
    static HOST_UTC_OFFSET_S: Cell<Option<UtcOffset>> = const { Cell::new(None) };
}

/// What a host (the Web Worker) supplies: `performance.now()`, `Date.now()`, and the
/// reader's time zone offset at a moment (seconds east of UTC at epoch milliseconds).
#[derive(Clone, Copy)]
pub struct HostClock {
    pub monotonic_ms: fn() -> f64,
    pub epoch_ms: fn() -> f64,
    pub utc_offset_s: UtcOffset,
}

/// Lets a host supply the clocks; call before the interpreter is built.
pub fn set_host_clock(host: HostClock) {
    HOST_NOW_MS.with(|c| c.set(Some(host.monotonic_ms)));
    HOST_EPOCH_MS.with(|c| c.set(Some(host.epoch_ms)));
    HOST_UTC_OFFSET_S.with(|c| c.set(Some(host.utc_offset_s)));
}

/// Seconds east of UTC at `epoch_s` where the host said (0, UTC, when it did not).
pub fn utc_offset_s(epoch_s: f64) -> f64 {
    HOST_UTC_OFFSET_S
        .with(Cell::get)
        .map_or(0.0, |offset| offset(epoch_s * 1000.0))
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
