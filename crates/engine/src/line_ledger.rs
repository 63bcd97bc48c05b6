//! Each source line's figures as the run goes (memory_profiler's columns: hits, net bytes,
//! largest increment; and the objects it made). The line hook runs on every line event
//! (several per round of a loop), so this state lives apart from the recorder, in cells
//! the hook reaches without borrowing the recorder.

use memplay_protocol::LineFigures;
use std::cell::{Cell, RefCell};

/// Where the run stands at a line event: live bytes, and objects made so far (the VM's
/// count, `rustpython_vm::probe::objects_made`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Mark {
    pub live: i64,
    pub made: u64,
}

impl Mark {
    pub(crate) fn now(live: i64) -> Self {
        Mark {
            live,
            made: rustpython_vm::probe::objects_made(),
        }
    }
}

struct Ledger {
    /// The line whose segment is open, and where the run stood when it opened.
    current: Cell<u32>,
    segment_start: Cell<Mark>,
    /// Indexed by line number (0 is "no line yet").
    lines: RefCell<Vec<LineFigures>>,
}

thread_local! {
    static LEDGER: Ledger = const {
        Ledger {
            current: Cell::new(0),
            segment_start: Cell::new(Mark { live: 0, made: 0 }),
            lines: RefCell::new(Vec::new()),
        }
    };
}

/// A new run of a snippet with `line_count` lines.
pub(crate) fn start(line_count: usize) {
    LEDGER.with(|ledger| {
        ledger.current.set(0);
        ledger.segment_start.set(Mark::now(0));
        *ledger.lines.borrow_mut() = (0..=line_count as u32 + 1)
            .map(|line| LineFigures {
                line,
                ..LineFigures::default()
            })
            .collect();
    });
}

/// Ends the current line's segment at `at` and starts `line`'s. The same line again (a
/// one-line loop going round) is one more hit of a segment that goes on: a line's largest
/// increment is what one pass through it added, not one of its iterations.
pub(crate) fn enter(line: u32, at: Mark) {
    LEDGER.with(|ledger| {
        let mut lines = ledger.lines.borrow_mut();
        let current = ledger.current.get();
        if line != current {
            close(ledger, &mut lines, current, at);
            ledger.current.set(line);
            ledger.segment_start.set(at);
        }
        if let Some(figures) = lines.get_mut(line as usize) {
            figures.hits += 1;
        }
    });
}

/// Execution is back on `line` without entering it again (a call made on it returned):
/// what follows is that line's, with no new hit.
pub(crate) fn resume(line: u32, at: Mark) {
    LEDGER.with(|ledger| reopen(ledger, line, at));
}

/// Ends the open segment at `at` (the run is over).
pub(crate) fn close_segment(at: Mark) {
    LEDGER.with(|ledger| reopen(ledger, ledger.current.get(), at));
}

/// Closes the open segment at `at` and opens `line`'s there.
fn reopen(ledger: &Ledger, line: u32, at: Mark) {
    let current = ledger.current.get();
    close(ledger, &mut ledger.lines.borrow_mut(), current, at);
    ledger.current.set(line);
    ledger.segment_start.set(at);
}

fn close(ledger: &Ledger, lines: &mut [LineFigures], current: u32, at: Mark) {
    let start = ledger.segment_start.get();
    let increment = at.live - start.live;
    if let Some(figures) = lines.get_mut(current as usize) {
        figures.net_bytes += increment;
        figures.max_increment = figures.max_increment.max(increment);
        // The VM's count of objects made only grows.
        figures.objects_made += at.made - start.made;
    }
}

/// The line whose segment is open (0 before the first line ran).
pub(crate) fn current() -> u32 {
    LEDGER.with(|ledger| ledger.current.get())
}

/// Runs `f` on the figures so far, indexed by line number.
pub(crate) fn with_lines<T>(f: impl FnOnce(&[LineFigures]) -> T) -> T {
    LEDGER.with(|ledger| f(&ledger.lines.borrow()))
}

/// The run's figures, leaving the ledger empty.
pub(crate) fn take() -> Vec<LineFigures> {
    LEDGER.with(|ledger| std::mem::take(&mut *ledger.lines.borrow_mut()))
}
