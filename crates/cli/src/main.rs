//! `memplay run FILE...`: the engine on the command line, for scripts and CI.

mod sealed;
mod summary;

use clap::{Parser, Subcommand};
use memplay_engine::protocol::{Limits, RunEvent, RunReport, RunRequest, Stream};
use memplay_engine::CountingAllocator;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The on-demand part of the stdlib (`email`, `shlex`, `asyncio`, ...), inside the binary:
/// read from the source tree it was built in, a binary that was moved, installed or
/// outlived its build tree found none of them.
static ON_DEMAND_STDLIB: include_dir::Dir =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../vendor/stdlib-lazy");

fn read_embedded_stdlib(path: &str) -> Option<String> {
    ON_DEMAND_STDLIB
        .get_file(path)?
        .contents_utf8()
        .map(str::to_owned)
}

const ABOUT: &str =
    "Run Python snippets in RustPython and measure their memory and live objects over time.";

fn figures_help() -> String {
    format!(
        "Bytes are given twice. CPython 3.11 (model): what CPython 3.11 would hold for the \
         snippet's live objects, as its tracemalloc counts them, from Memplay's per-type \
         model at each census. RustPython heap: the live heap bytes the snippet holds above \
         the baseline taken just before it starts, counted by the allocator. Steps: executed bytecode instructions. Live objects: {}.",
        memplay_engine::LIVE_OBJECT_DEFINITION
    )
}

#[derive(Parser)]
#[command(name = "memplay", version, about = ABOUT, after_help = figures_help())]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run each FILE in a fresh engine and report its figures (side by side for two or more).
    #[command(after_help = figures_help())]
    Run {
        /// Python files to run, one after the other, each in a process of its own, from the
        /// same baseline.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document (schema in the README) instead of a summary.
        #[arg(long)]
        json: bool,
        /// Stop a run after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
        time_limit: f64,
        /// Python gets a MemoryError when a run holds more than this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = 512)]
        mem_limit: u64,
        /// Stop a run after this many bytecode instructions.
        #[arg(long, value_name = "STEPS")]
        step_limit: Option<u64>,
    },
    /// One run for `memplay run`: a request on stdin, its events as JSON lines on stdout.
    #[command(hide = true)]
    RunOne,
}

fn main() -> ExitCode {
    memplay_engine::set_stdlib_fetcher(read_embedded_stdlib);
    let (files, json, time_limit, mem_limit, step_limit) = match Cli::parse().command {
        Command::Run {
            files,
            json,
            time_limit,
            mem_limit,
            step_limit,
        } => (files, json, time_limit, mem_limit, step_limit),
        Command::RunOne => {
            return match sealed::serve_one() {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("memplay run-one: {e}");
                    ExitCode::from(2)
                }
            };
        }
    };
    // Read every file first: a bad path is a usage error, reported before anything runs.
    let mut sources = Vec::new();
    for path in &files {
        match read_source(path) {
            Ok(code) => sources.push((path.display().to_string(), code)),
            Err(message) => {
                eprintln!("memplay: {message}");
                return ExitCode::from(2);
            }
        }
    }
    let limits = Limits {
        time_ms: (time_limit * 1000.0) as u64,
        memory_bytes: mem_limit.saturating_mul(1024 * 1024),
        steps: step_limit.unwrap_or(Limits::default().steps),
    };
    let mut reports: Vec<RunReport> = Vec::new();
    for (run_id, (file, code)) in sources.into_iter().enumerate() {
        let request = RunRequest {
            run_id: run_id as u32,
            pane: file,
            code,
            limits,
            measure: Default::default(),
        };
        // Without --json, the snippet's output goes straight to the terminal.
        let mut echo = |event: &RunEvent| {
            if let (false, RunEvent::Output { text, stream, .. }) = (json, event) {
                let _ = match stream {
                    Stream::Stdout => std::io::stdout().write_all(text.as_bytes()),
                    Stream::Stderr => std::io::stderr().write_all(text.as_bytes()),
                };
            }
        };
        reports.push(sealed::run(&request, &mut echo));
    }
    let text = if json {
        memplay_engine::protocol::export::runs_json(&reports) + "\n"
    } else {
        summary::render(&reports)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if reports
        .iter()
        .all(|r| r.outcome == memplay_engine::protocol::Outcome::Completed)
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The largest file `memplay run` reads.
const MAX_SOURCE_BYTES: u64 = 8 << 20;

fn read_source(path: &PathBuf) -> Result<String, String> {
    let shown = path.display();
    if path.is_dir() {
        return Err(format!("{shown}: is a directory, not a Python file"));
    }
    let cannot_read = |err: std::io::Error| match err.kind() {
        std::io::ErrorKind::NotFound => format!("{shown}: no such file"),
        _ => format!("{shown}: cannot read: {err}"),
    };
    // Read at most one byte past the limit: `/dev/zero` or a pipe may never end.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(format!(
            "{shown}: larger than {} MB; a snippet is expected",
            MAX_SOURCE_BYTES >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "{shown}: not UTF-8 text (invalid byte at offset {})",
            err.utf8_error().valid_up_to()
        )
    })
}
