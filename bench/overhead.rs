//! Instrumented vs uninstrumented run time of bench/snippets/*.py (target: ≤ 15% overhead).
//! Two views: the snippet's own wall time (census and samples inside the run included,
//! the final census not), and each call end to end (compile, reset, run, final census,
//! teardown).
//! Run: `bash bench/overhead.sh` (7 runs each, medians; `RUNS=N` to change, `SHOW_RUNS=1`
//! to print every run).

use memplay_engine::protocol::{Limits, Outcome, RunRequest};
use memplay_engine::{CountingAllocator, Engine};
use std::path::Path;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs of each kind per snippet (`RUNS=N` to change).
fn runs() -> usize {
    std::env::var("RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(7)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/snippets");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("bench/snippets")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        // `bash bench/overhead.sh list join` runs only those snippets.
        .filter(|p| {
            let only: Vec<String> = std::env::args().skip(1).collect();
            only.is_empty()
                || only
                    .iter()
                    .any(|o| p.file_stem().is_some_and(|s| s == o.as_str()))
        })
        .collect();
    files.sort();
    let start = Instant::now();
    let engine = Engine::new();
    let built = start.elapsed().as_secs_f64() * 1000.0;
    let start = Instant::now();
    engine.warm_up();
    let warmed = start.elapsed().as_secs_f64() * 1000.0;
    println!("interpreter built in {built:.1} ms, warm-up {warmed:.1} ms\n");
    println!(
        "| snippet | bare ms | measured ms | overhead | of which censuses | end to end: bare | measured | overhead | samples | censuses | peak |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let (mut ratios, mut total_ratios) = (Vec::new(), Vec::new());
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let code = std::fs::read_to_string(&file).unwrap();
        let (mut bare, mut measured) = (Vec::new(), Vec::new());
        let (mut bare_total, mut measured_total) = (Vec::new(), Vec::new());
        let mut census_share = Vec::new();
        let mut last = None;
        // Interleaved, and in alternating order, so that drift in machine load and what
        // one run leaves to the next (the allocator's free pages) hit both sides alike.
        for run in 0..runs() {
            let mut bare_run = || {
                let start = Instant::now();
                bare.push(engine.run_unmeasured(&code).expect("snippet runs"));
                bare_total.push(start.elapsed().as_secs_f64() * 1000.0);
            };
            if run % 2 == 0 {
                bare_run();
            }
            let start = Instant::now();
            let report = engine.run_quietly(&RunRequest {
                run_id: 0,
                pane: name.clone(),
                code: code.clone(),
                limits: Limits::default(),
                measure: Default::default(),
            });
            assert_eq!(
                report.outcome,
                Outcome::Completed,
                "{name}: {:?}",
                report.error
            );
            measured_total.push(start.elapsed().as_secs_f64() * 1000.0);
            measured.push(report.wall_ms);
            census_share.push(report.census_ms / report.wall_ms);
            last = Some(report);
            if run % 2 == 1 {
                bare_run();
            }
        }
        if std::env::var_os("SHOW_RUNS").is_some() {
            eprintln!("{name}: bare {bare:.1?}\n{name}: measured {measured:.1?}");
        }
        let (b, m) = (median(bare), median(measured));
        let (bt, mt) = (median(bare_total), median(measured_total));
        let report = last.unwrap();
        ratios.push(m / b);
        total_ratios.push(mt / bt);
        println!(
            "| {name} | {b:.1} | {m:.1} | {:+.1}% | {:.1}% | {bt:.1} | {mt:.1} | {:+.1}% | {} | {} | {} |",
            (m / b - 1.0) * 100.0,
            median(census_share) * 100.0,
            (mt / bt - 1.0) * 100.0,
            report.samples.len(),
            report.samples.iter().filter(|s| s.objects.is_some()).count(),
            memplay_engine::protocol::format::bytes(report.peak_bytes)
        );
    }
    let geo = ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64;
    println!(
        "\ngeometric mean overhead: {:+.1}%",
        (geo.exp() - 1.0) * 100.0
    );
}
