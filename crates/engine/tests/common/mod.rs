//! Helpers shared by the engine's integration tests (each test file uses some of them).
#![allow(dead_code)]

use memplay_engine::protocol::{Limits, RunReport, RunRequest};
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
