//! A pane's object censuses as they stream in (live objects by type at moments of the
//! run), and what the page reads from them: the types worth drawing, the census at a
//! moment, and what changed since the one before (objgraph's `show_growth`).
//!
//! Kept as reference-counted batches, like the timeline, so the reducer's clone of the
//! state copies pointers, not censuses.

use crate::timeline::same_batches;
use memplay_protocol::share::Measure;
use memplay_protocol::{largest_types, ObjectCensus, TypeFigure};
use std::rc::Rc;

/// The types a type chart draws by name; the rest are drawn together as "other" (a
/// link keeps the largest this many by each ranking).
pub const DRAWN_TYPES: usize = memplay_protocol::recorded::DRAWN_TYPES;

#[derive(Clone, Debug, Default)]
pub struct Censuses {
    batches: Vec<Rc<[ObjectCensus]>>,
    len: usize,
}

impl PartialEq for Censuses {
    /// Census series only grow, so the same batches mean the same censuses.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && same_batches(&self.batches, &other.batches)
    }
}

/// What a type chart plots: live objects or their bytes (CPython's view only: the
/// engine does not price RustPython's objects by type).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TypeMeasure {
    #[default]
    Count,
    Bytes,
}

/// One type's figure in a census, in the page's measure: counts as that view counts
/// them (CPython folds an instance's `__dict__` into the instance), bytes as CPython's.
pub fn figure(census: &ObjectCensus, name: &str, measure: Measure, what: TypeMeasure) -> f64 {
    census.figure(name, type_figure(measure, what)) as f64
}

/// The census figure a chart in `measure` plotting `what` reads.
fn type_figure(measure: Measure, what: TypeMeasure) -> TypeFigure {
    match (measure, what) {
        (Measure::Rustpython, TypeMeasure::Count) => TypeFigure::LiveCount,
        (Measure::Cpython, TypeMeasure::Count) => TypeFigure::CpythonCount,
        (_, TypeMeasure::Bytes) => TypeFigure::CpythonBytes,
    }
}

/// Every type's figure in a census, and the rest's together: (name, figure) pairs,
/// largest first, then the total of the types the census left out.
pub fn figures(
    census: &ObjectCensus,
    measure: Measure,
    what: TypeMeasure,
) -> (Vec<(String, f64)>, f64) {
    let figure = type_figure(measure, what);
    let mut rows: Vec<(String, f64)> = census
        .names(figure)
        .map(|name| (name.to_string(), census.figure(name, figure) as f64))
        .filter(|(_, v)| *v > 0.0)
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    (rows, census.other_of(figure) as f64)
}

/// True when the census left some types out (summed in `other`) in this measure's view.
fn trimmed(census: &ObjectCensus, measure: Measure) -> bool {
    census.other_of(type_figure(measure, TypeMeasure::Count)) > 0
}

/// The total a census stands for in a measure (all types, the left-out ones included).
pub fn total(census: &ObjectCensus, measure: Measure, what: TypeMeasure) -> f64 {
    census.total_of(type_figure(measure, what)) as f64
}

/// A type whose figure changed between two censuses: objgraph's `show_growth` line.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub name: String,
    pub now: f64,
    pub delta: f64,
}

impl Censuses {
    pub fn push_batch(&mut self, batch: Vec<ObjectCensus>) {
        if batch.is_empty() {
            return;
        }
        self.len += batch.len();
        self.batches.push(batch.into());
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &ObjectCensus> + '_ {
        self.batches.iter().flat_map(|b| b.iter())
    }

    pub fn get(&self, mut index: usize) -> Option<&ObjectCensus> {
        for batch in &self.batches {
            if index < batch.len() {
                return batch.get(index);
            }
            index -= batch.len();
        }
        None
    }

    /// The index of the last census taken at or before `step`.
    pub fn index_at(&self, step: u64) -> Option<usize> {
        let mut seen = 0;
        let mut found = None;
        for batch in &self.batches {
            match batch.first() {
                Some(first) if first.step <= step => {
                    let i = batch.partition_point(|c| c.step <= step);
                    found = Some(seen + i - 1);
                }
                _ => break,
            }
            seen += batch.len();
        }
        found
    }

    /// The `n` types with the largest figure at any census (what stays drawn by name
    /// over the whole run), largest first.
    pub fn top_types(&self, measure: Measure, what: TypeMeasure, n: usize) -> Vec<String> {
        largest_types(self.iter(), type_figure(measure, what), n)
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// The types whose figure changed from census `index - 1` to census `index` (from
    /// nothing, for the first), largest change first: `+2000 Session`.
    pub fn changes(&self, index: usize, measure: Measure, what: TypeMeasure) -> Vec<Change> {
        let Some(now) = self.get(index) else {
            return Vec::new();
        };
        let before = index.checked_sub(1).and_then(|i| self.get(i));
        let (rows, _) = figures(now, measure, what);
        // A streamed census keeps its largest types only: a type missing from one that
        // left some out is unknown there, not gone (see `ObjectCensus::trimmed`).
        let known = |census: &ObjectCensus, name: &str| {
            figure(census, name, measure, what) > 0.0 || !trimmed(census, measure)
        };
        let mut changes: Vec<Change> = rows
            .into_iter()
            .filter(|(name, _)| before.is_none_or(|b| known(b, name)))
            .map(|(name, v)| {
                let was = before.map_or(0.0, |b| figure(b, &name, measure, what));
                Change {
                    delta: v - was,
                    now: v,
                    name,
                }
            })
            .collect();
        // Types that fell out of the census entirely (all freed, or left out) fell to 0.
        if let Some(before) = before {
            let (was_rows, _) = figures(before, measure, what);
            for (name, was) in was_rows {
                let gone = figure(now, &name, measure, what) == 0.0 && !trimmed(now, measure);
                if !changes.iter().any(|c| c.name == name) && gone {
                    changes.push(Change {
                        name,
                        now: 0.0,
                        delta: -was,
                    });
                }
            }
        }
        changes.retain(|c| c.delta != 0.0);
        changes.sort_by(|a, b| {
            b.delta
                .abs()
                .total_cmp(&a.delta.abs())
                .then_with(|| a.name.cmp(&b.name))
        });
        changes
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use memplay_protocol::{CpythonCensus, TypeFigures};

    /// A census of `types` (name, count), each object 10 bytes in CPython's view.
    pub(crate) fn census(step: u64, types: &[(&str, u64)]) -> ObjectCensus {
        ObjectCensus {
            step,
            t_ms: step as f64,
            line: 1,
            total: types.iter().map(|t| t.1).sum(),
            by_type: types.iter().map(|(t, n)| (t.to_string(), *n)).collect(),
            other: 0,
            cpython: CpythonCensus {
                total: types.iter().map(|t| t.1).sum(),
                bytes: types.iter().map(|t| t.1 as i64 * 10).sum(),
                by_type: types
                    .iter()
                    .map(|(t, n)| {
                        (
                            t.to_string(),
                            TypeFigures {
                                count: *n,
                                bytes: *n as i64 * 10,
                            },
                        )
                    })
                    .collect(),
                other: TypeFigures::default(),
            },
        }
    }

    fn series() -> Censuses {
        let mut c = Censuses::default();
        c.push_batch(vec![census(10, &[("Session", 1000), ("list", 5)])]);
        c.push_batch(vec![
            census(20, &[("Session", 2000), ("list", 5), ("dict", 3)]),
            census(30, &[("Session", 3000), ("dict", 3)]),
        ]);
        c
    }

    #[test]
    fn finds_the_census_at_or_before_a_step() {
        let c = series();
        assert_eq!(c.index_at(5), None);
        assert_eq!(c.index_at(10), Some(0));
        assert_eq!(c.index_at(25), Some(1));
        assert_eq!(c.index_at(99), Some(2));
        assert_eq!(c.get(2).unwrap().step, 30);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn changes_read_like_show_growth() {
        let c = series();
        let changes = c.changes(2, Measure::Cpython, TypeMeasure::Count);
        assert_eq!(
            changes,
            [
                Change {
                    name: "Session".into(),
                    now: 3000.0,
                    delta: 1000.0
                },
                Change {
                    name: "list".into(),
                    now: 0.0,
                    delta: -5.0
                },
            ]
        );
        let first = c.changes(0, Measure::Rustpython, TypeMeasure::Bytes);
        assert_eq!(first[0].delta, 10_000.0);
    }

    #[test]
    fn a_type_left_out_of_a_trimmed_census_is_not_a_change() {
        let mut c = Censuses::default();
        let mut trimmed = census(20, &[("Session", 2000)]);
        trimmed.other = 5;
        trimmed.cpython.other.count = 5;
        c.push_batch(vec![census(10, &[("Session", 1000), ("list", 5)]), trimmed]);
        let changes = c.changes(1, Measure::Cpython, TypeMeasure::Count);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].name, "Session");
    }

    #[test]
    fn top_types_rank_by_their_largest_figure() {
        let c = series();
        assert_eq!(
            c.top_types(Measure::Cpython, TypeMeasure::Count, 2),
            ["Session", "list"]
        );
        assert_eq!(
            c.top_types(Measure::Cpython, TypeMeasure::Bytes, 9).len(),
            3
        );
    }
}
