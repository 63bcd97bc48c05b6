//! Each file runs in a process of its own (this same binary, `memplay run-one`), so no run
//! can see or change another: whatever a snippet does to builtins, `sys` or the modules it
//! imported ends with its process, as a pane's run ends with its Web Worker in the page.
//! The child streams the run's events as JSON lines; the parent echoes and assembles them,
//! and keeps what arrived when the child dies or outlives its time limit.

use memplay_engine::protocol::{
    estimate, Outcome, ReportAssembler, RunError, RunEvent, RunReport, RunRequest, RunSummary,
    Sample,
};
use memplay_engine::Engine;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long past its time limit a run may go before its process is killed (the engine
/// stops it itself unless Python is stuck inside one long builtin call).
const WATCHDOG_GRACE: Duration = Duration::from_millis(1500);

/// How long a child may take to build its interpreter before it is given up on.
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

/// The line a child prints once its interpreter is built and warm, just before the run:
/// the time limit counts from here, as the engine's own clock does.
const STARTED: &str = "started";

/// What the child's stdout says.
enum Line {
    Started,
    Event(RunEvent),
}

/// The child's side: one request on stdin, its events as JSON lines on stdout.
pub fn serve_one() -> std::io::Result<()> {
    let request: RunRequest = serde_json::from_reader(std::io::stdin().lock())?;
    let engine = Engine::new();
    engine.warm_up();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{STARTED}").and_then(|_| out.flush())?;
    engine.stream(&request, &mut |event: RunEvent| {
        if let Ok(line) = serde_json::to_string(&event) {
            // The parent reads each event as it comes (output is echoed live).
            let _ = writeln!(out, "{line}").and_then(|_| out.flush());
        }
    });
    Ok(())
}

/// Runs `request` in a fresh process; `on_event` sees each event as it arrives.
pub fn run(request: &RunRequest, on_event: &mut dyn FnMut(&RunEvent)) -> RunReport {
    let started = Instant::now();
    let mut assembler = ReportAssembler::default();
    let lost = |assembler: ReportAssembler, why: String, outcome: Outcome| {
        assembler.finish_or(|samples| lost_run(request, samples, outcome, why, started))
    };
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            return lost(
                assembler,
                format!("cannot find memplay itself: {e}"),
                Outcome::Failed,
            )
        }
    };
    let child = Command::new(exe)
        .arg("run-one")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return lost(
                assembler,
                format!("cannot start the engine: {e}"),
                Outcome::Failed,
            )
        }
    };
    if let Some(stdin) = child.stdin.take() {
        // Closed when this ends: the child reads the request up to end of file.
        let mut stdin = std::io::BufWriter::new(stdin);
        let _ = serde_json::to_writer(&mut stdin, request)
            .map_err(std::io::Error::from)
            .and_then(|_| stdin.flush());
    }
    let stdout = child.stdout.take().expect("stdout is piped");
    let (events, arrived) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let line = if line == STARTED {
                Line::Started
            } else if let Ok(event) = serde_json::from_str::<RunEvent>(&line) {
                Line::Event(event)
            } else {
                continue;
            };
            if events.send(line).is_err() {
                break;
            }
        }
    });
    let mut deadline = started + STARTUP_LIMIT;
    let mut running = false;
    let mut timed_out = false;
    loop {
        match arrived.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Line::Started) => {
                running = true;
                deadline =
                    Instant::now() + Duration::from_millis(request.limits.time_ms) + WATCHDOG_GRACE;
            }
            Ok(Line::Event(event)) => {
                on_event(&event);
                assembler.add(&event);
                if matches!(event, RunEvent::Finished { .. }) {
                    break;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                timed_out = true;
                let _ = child.kill();
                // What was already sent still counts.
                for line in arrived.iter() {
                    if let Line::Event(event) = line {
                        on_event(&event);
                        assembler.add(&event);
                    }
                }
                break;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait();
    let _ = reader.join();
    if timed_out && !running {
        return lost(
            assembler,
            format!(
                "the engine did not start within {} s",
                STARTUP_LIMIT.as_secs()
            ),
            Outcome::Failed,
        );
    }
    if timed_out {
        let seconds = request.limits.time_ms as f64 / 1000.0;
        return lost(
            assembler,
            format!(
                "Time limit of {seconds} s reached inside one long call: the engine was stopped"
            ),
            Outcome::TimeLimit,
        );
    }
    let how = match status {
        Ok(status) => status.to_string(),
        Err(e) => e.to_string(),
    };
    lost(
        assembler,
        format!("the engine stopped unexpectedly ({how}); the samples so far are kept"),
        Outcome::Failed,
    )
}

/// The largest and the last of a figure the census samples carry (0 without any).
fn most_and_last(samples: &[Sample], figure: fn(&Sample) -> Option<u64>) -> (u64, u64) {
    let most = samples.iter().filter_map(figure).max().unwrap_or(0);
    let last = samples.iter().rev().find_map(figure).unwrap_or(0);
    (most, last)
}

/// The summary of a run whose process ended before it could send one: the figures the
/// samples that arrived show.
fn lost_run(
    request: &RunRequest,
    samples: &[Sample],
    outcome: Outcome,
    why: String,
    started: Instant,
) -> RunSummary {
    let last = samples.last();
    let peak_bytes = samples.iter().map(Sample::highest_bytes).max().unwrap_or(0);
    let final_cpython = estimate::estimate_all(samples)
        .last()
        .map_or(0, |e| e.bytes);
    // The most any census counted: the engine's exact count at the peak died with it.
    let (peak_objects, final_objects) = most_and_last(samples, |s| s.objects);
    let (cpython_peak_objects, cpython_final_objects) =
        most_and_last(samples, |s| s.cpython_objects);
    RunSummary {
        error: Some(RunError {
            kind: "EngineError".into(),
            message: why,
            // Where it was stuck made no sample, so the last sample's line may be wrong.
            line: None,
            column: None,
            traceback: String::new(),
        }),
        peak_bytes,
        final_bytes: last.map_or(0, |s| s.bytes),
        cpython_peak_bytes: estimate::cpython_peak(samples),
        cpython_final_bytes: final_cpython,
        peak_objects,
        final_objects,
        cpython_peak_objects,
        cpython_final_objects,
        wall_ms: started.elapsed().as_secs_f64() * 1000.0,
        steps: last.map_or(0, |s| s.step),
        ..RunSummary::empty(
            request.run_id,
            &request.pane,
            outcome,
            memplay_engine::PLATFORM,
        )
    }
}
