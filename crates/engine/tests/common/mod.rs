//! Helpers shared by the engine's integration tests (each test file uses some of them).
#![allow(dead_code)]

use memplay_engine::protocol::{Limits, ObjectCensus, RunReport, RunRequest};
use memplay_engine::Engine;

pub fn request(code: &str) -> RunRequest {
    RunRequest {
        run_id: 1,
        pane: "snippet.py".into(),
        code: code.into(),
        limits: Limits::default(),
        measure: Default::default(),
    }
}

pub fn run_with(code: &str, limits: Limits) -> RunReport {
    Engine::new().run_quietly(&RunRequest {
        limits,
        ..request(code)
    })
}

pub fn run(code: &str) -> RunReport {
    run_with(code, Limits::default())
}

/// A census without its wall time, the one figure of it that differs between runs.
pub fn counted(census: &ObjectCensus) -> ObjectCensus {
    ObjectCensus {
        t_ms: 0.0,
        ..census.clone()
    }
}
