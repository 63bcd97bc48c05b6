//! The types of a recorded run's censuses, so that a link's type chart and moment panel
//! show what its author saw, before (or without) the engine.
//!
//! For the census samples the thinned timeline keeps, the types a type chart draws in any
//! view: the [`DRAWN_TYPES`] largest of the run by live count, by CPython's count and by
//! CPython's bytes. Each is a column along those censuses, as differences from the census
//! before (a type that grows steadily deflates to a byte or two a census). Counts and
//! bytes are exact; a type's CPython count is stored as its difference from its live
//! count, which is zero but where CPython folds objects away (an instance's `__dict__`).
//! Whatever else a census counted is its `other`, as in a streamed census.

use crate::{largest_types, CpythonCensus, ObjectCensus, Sample, TypeFigure, TypeFigures};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The types a type chart draws by name (the rest together as "other"), and so the
/// largest a record keeps by each ranking.
pub const DRAWN_TYPES: usize = 7;
/// The most type names a record may carry (three rankings' worth; builds since
/// 2026-11-29 fill what the rankings leave with a moment's types).
const MOST_NAMES: usize = 3 * DRAWN_TYPES;
/// The types of a moment's census the page's moment panel lists.
const MOMENT_TYPES: usize = 10;
/// The longest type name a link may carry.
const NAME_CHARS: usize = 300;

/// The kept censuses' largest types, as columns (see the module comment).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecordedTypes {
    /// Which census samples have their types, as differences of their positions among
    /// the timeline's census samples (the run's start has none).
    pub at: Vec<u64>,
    pub names: Vec<String>,
    /// For each name, along the censuses in `at`: live count, CPython's count minus the
    /// live count, and CPython's bytes, each as differences.
    pub counts: Vec<Vec<i64>>,
    pub cpython_extra: Vec<Vec<i64>>,
    pub cpython_bytes: Vec<Vec<i64>>,
}

impl RecordedTypes {
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    /// The types of the timeline's kept census samples, in order: `None` where the page
    /// holds no census with types for that sample. The names are those the type charts
    /// draw, then, while there is room, the largest of `at_moment` (the censuses the
    /// moment panel lists).
    pub(super) fn of(censuses: &[Option<&ObjectCensus>], at_moment: &[&ObjectCensus]) -> Self {
        let present: Vec<(usize, &ObjectCensus)> = censuses
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (i, c)))
            .collect();
        let names = kept_names(present.iter().map(|(_, c)| *c), at_moment);
        if names.is_empty() {
            return RecordedTypes::default();
        }
        let mut types = RecordedTypes {
            at: differences(present.iter().map(|(i, _)| *i as i64))
                .map(|d| d as u64)
                .collect(),
            ..RecordedTypes::default()
        };
        for name in &names {
            let count = |c: &ObjectCensus| c.by_type.get(name).copied().unwrap_or(0) as i64;
            let cpython =
                |c: &ObjectCensus| c.cpython.by_type.get(name).copied().unwrap_or_default();
            let column = |f: &dyn Fn(&ObjectCensus) -> i64| {
                differences(present.iter().map(|(_, c)| f(c))).collect::<Vec<i64>>()
            };
            types.counts.push(column(&count));
            types
                .cpython_extra
                .push(column(&|c| cpython(c).count as i64 - count(c)));
            types.cpython_bytes.push(column(&|c| cpython(c).bytes));
        }
        types.names = names;
        types
    }

    /// Whether a link's record is well formed, for `census_samples` census samples.
    pub(super) fn is_well_formed(&self, census_samples: usize) -> bool {
        let n = self.at.len();
        let mut position = 0u64;
        let positions_inside = self.at.iter().enumerate().all(|(k, d)| {
            position = position.saturating_add(*d);
            (k == 0 || *d > 0) && position < census_samples as u64
        });
        positions_inside
            && self.names.len() <= MOST_NAMES
            && self.names.iter().all(|t| t.chars().count() <= NAME_CHARS)
            && self.names.iter().collect::<BTreeSet<_>>().len() == self.names.len()
            && [
                self.counts.len(),
                self.cpython_extra.len(),
                self.cpython_bytes.len(),
            ] == [self.names.len(); 3]
            && self
                .counts
                .iter()
                .chain(&self.cpython_extra)
                .chain(&self.cpython_bytes)
                .all(|column| column.len() == n)
    }

    /// The censuses the record keeps, at their samples among `samples` (a checked
    /// record's, see [`Self::is_well_formed`]): each with its listed types, the rest of
    /// its objects and bytes as `other`.
    pub(super) fn censuses(&self, samples: &[Sample]) -> Result<Vec<ObjectCensus>, &'static str> {
        const BAD: &str = "its recorded types are malformed";
        let census_samples: Vec<&Sample> = samples.iter().filter(|s| s.has_census()).collect();
        if !self.is_well_formed(census_samples.len()) {
            return Err(BAD);
        }
        let mut running = vec![(0i64, 0i64, 0i64); self.names.len()];
        let mut position = 0u64;
        let mut censuses = Vec::with_capacity(self.at.len());
        for (k, d) in self.at.iter().enumerate() {
            position += d;
            let s = census_samples[position as usize];
            let total = s.objects.unwrap_or(0);
            let mut census = ObjectCensus {
                step: s.step,
                t_ms: s.t_ms,
                line: s.line,
                total,
                by_type: BTreeMap::new(),
                other: 0,
                cpython: CpythonCensus {
                    total: s.cpython_objects.unwrap_or(total),
                    bytes: s.cpython_bytes.unwrap_or(0),
                    ..CpythonCensus::default()
                },
            };
            let (mut listed, mut cpython_listed) = (0u64, TypeFigures::default());
            for (t, name) in self.names.iter().enumerate() {
                let (count, extra, bytes) = &mut running[t];
                *count = count.checked_add(self.counts[t][k]).ok_or(BAD)?;
                *extra = extra.checked_add(self.cpython_extra[t][k]).ok_or(BAD)?;
                *bytes = bytes.checked_add(self.cpython_bytes[t][k]).ok_or(BAD)?;
                let live = u64::try_from(*count).map_err(|_| BAD)?;
                let cpython_count = count
                    .checked_add(*extra)
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or(BAD)?;
                if live > 0 {
                    census.by_type.insert(name.clone(), live);
                    listed = listed.saturating_add(live);
                }
                if cpython_count > 0 || *bytes != 0 {
                    let figures = TypeFigures {
                        count: cpython_count,
                        bytes: *bytes,
                    };
                    census.cpython.by_type.insert(name.clone(), figures);
                    cpython_listed.count = cpython_listed.count.saturating_add(cpython_count);
                    cpython_listed.bytes = cpython_listed.bytes.saturating_add(*bytes);
                }
            }
            census.other = total.saturating_sub(listed);
            census.cpython.other = TypeFigures {
                count: census.cpython.total.saturating_sub(cpython_listed.count),
                // The timeline keeps CPython's total to an 8192th or finer of its peak: the rest
                // of a census is never less than nothing.
                bytes: census
                    .cpython
                    .bytes
                    .saturating_sub(cpython_listed.bytes)
                    .max(0),
            };
            censuses.push(census);
        }
        Ok(censuses)
    }
}

/// Each value minus the one before (the first minus zero).
fn differences(values: impl Iterator<Item = i64>) -> impl Iterator<Item = i64> {
    let mut last = 0i64;
    values.map(move |v| {
        let d = v - last;
        last = v;
        d
    })
}

/// The names a record keeps: those a type chart draws in any view (the [`DRAWN_TYPES`]
/// largest at any census by live count, by CPython's count and by CPython's bytes, each
/// ranking's in its order), then, while there is room, the largest of each census in
/// `at_moment` (those the moment panel lists) in either count.
fn kept_names<'a>(
    censuses: impl Iterator<Item = &'a ObjectCensus> + Clone,
    at_moment: &[&ObjectCensus],
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut keep = |name: &str| {
        if names.len() < MOST_NAMES && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for figure in [
        TypeFigure::LiveCount,
        TypeFigure::CpythonCount,
        TypeFigure::CpythonBytes,
    ] {
        largest_types(censuses.clone(), figure, DRAWN_TYPES)
            .into_iter()
            .for_each(&mut keep);
    }
    for census in at_moment {
        for figure in [TypeFigure::LiveCount, TypeFigure::CpythonCount] {
            largest_types([*census], figure, MOMENT_TYPES)
                .into_iter()
                .for_each(&mut keep);
        }
    }
    names
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::recorded::RecordedRun;
    use crate::{CpythonCensus, Limits, ObjectCensus, Outcome, RunSummary, Sample, TypeFigures};

    /// A census of `types` (name, live count, CPython count, CPython bytes) at `step`.
    fn census(step: u64, types: &[(String, u64, u64, i64)]) -> ObjectCensus {
        ObjectCensus {
            step,
            t_ms: step as f64 / 10.0,
            line: 2,
            total: types.iter().map(|t| t.1).sum::<u64>() + 5,
            by_type: types
                .iter()
                .filter(|t| t.1 > 0)
                .map(|t| (t.0.clone(), t.1))
                .collect(),
            other: 5,
            cpython: CpythonCensus {
                total: types.iter().map(|t| t.2).sum::<u64>() + 4,
                bytes: types.iter().map(|t| t.3).sum::<i64>() + 400,
                by_type: types
                    .iter()
                    .map(|t| {
                        (
                            t.0.clone(),
                            TypeFigures {
                                count: t.2,
                                bytes: t.3,
                            },
                        )
                    })
                    .collect(),
                other: TypeFigures {
                    count: 4,
                    bytes: 400,
                },
            },
        }
    }

    fn sample_at(c: &ObjectCensus) -> Sample {
        Sample {
            step: c.step,
            t_ms: c.t_ms,
            line: c.line,
            bytes: c.cpython.bytes * 2,
            objects: Some(c.total),
            high_before: None,
            cpython_bytes: Some(c.cpython.bytes),
            cpython_objects: Some(c.cpython.total),
            collected: false,
            net_objects: None,
        }
    }

    fn recorded(censuses: &[ObjectCensus]) -> RecordedRun {
        let mut samples = vec![Sample::START];
        samples.extend(censuses.iter().map(sample_at));
        let last = samples[samples.len() - 1];
        let summary = RunSummary {
            peak_bytes: last.bytes,
            final_bytes: last.bytes,
            cpython_peak_bytes: last.cpython_bytes.unwrap(),
            steps: last.step,
            ..RunSummary::empty(1, "p", Outcome::Completed, "test")
        };
        RecordedRun::of(&summary, &samples, censuses, "x", &Limits::default(), None)
    }

    /// Three rounds of 1,000 `Session`s, each with a dict CPython folds into it, and
    /// nine smaller types of which the chart would draw seven.
    fn rounds() -> Vec<ObjectCensus> {
        (1..=3u64)
            .map(|round| {
                let mut types = vec![
                    (
                        "Session".to_string(),
                        1_000 * round,
                        1_000 * round,
                        72_000 * round as i64,
                    ),
                    ("dict".to_string(), 1_000 * round + 1, 1, 232),
                ];
                types.extend(
                    (0..9u64).map(|i| (format!("T{i}"), 10 + i, 10 + i, 480 + i as i64 * 48)),
                );
                census(50_000 * round, &types)
            })
            .collect()
    }

    #[test]
    fn a_link_keeps_each_census_largest_types_exactly() {
        let censuses = rounds();
        let run = recorded(&censuses);
        assert_eq!(run.check(), Ok(()));
        let back = run.censuses(&run.samples().unwrap()).unwrap();
        assert_eq!(back.len(), 3, "the run's start has no census of its own");
        for (b, c) in back.iter().zip(&censuses) {
            assert_eq!((b.step, b.line, b.total), (c.step, c.line, c.total));
            // CPython's total bytes come from the timeline, kept to an 8192th or finer of its peak.
            let near = |a: i64, b: i64| (a - b).abs() <= run.timeline.cpython_unit / 2 + 1;
            assert_eq!(b.cpython.total, c.cpython.total);
            assert!(
                near(b.cpython.bytes, c.cpython.bytes),
                "{} against {}",
                b.cpython.bytes,
                c.cpython.bytes
            );
            // Seven types by live count (dict, Session, T8..T4) and seven by CPython's
            // count or bytes (Session, T8..T3): the three smallest are in the rest.
            assert_eq!(b.by_type.len(), 8, "{:?}", b.by_type.keys());
            for (name, n) in &b.by_type {
                assert_eq!(c.by_type[name], *n, "{name}");
                assert_eq!(b.cpython.by_type[name], c.cpython.by_type[name], "{name}");
            }
            assert!(["T0", "T1", "T2"]
                .iter()
                .all(|t| !b.by_type.contains_key(*t)));
            // The rest: the census's own other and the three left out.
            assert_eq!(b.other, 5 + 10 + 11 + 12);
            assert_eq!(b.cpython.other.count, 4 + 10 + 11 + 12);
            assert!(near(b.cpython.other.bytes, 400 + 480 + 528 + 576));
        }
        // CPython folds the dicts into the Sessions: 1 dict where 3,001 are alive.
        assert_eq!(back[2].by_type["dict"], 3_001);
        assert_eq!(back[2].cpython.by_type["dict"].count, 1);
        assert_eq!(back[2].by_type["Session"], 3_000);
        // A recorded run shared again keeps the same types.
        let samples = run.samples().unwrap();
        let again = RecordedRun::of(
            &run.summary(1, "p"),
            &samples,
            &back,
            "x",
            &Limits::default(),
            None,
        );
        assert_eq!(again.timeline.types, run.timeline.types);
    }

    #[test]
    fn a_hand_edited_record_of_types_is_refused() {
        let run = recorded(&rounds());
        let refused = |edit: &dyn Fn(&mut RecordedRun)| {
            let mut edited = run.clone();
            edit(&mut edited);
            edited.check().is_err()
        };
        assert!(
            refused(&|r| r.timeline.types.at.push(1)),
            "a census past the timeline's"
        );
        assert!(refused(&|r| r.timeline.types.at[1] = 0), "one census twice");
        assert!(refused(&|r| {
            r.timeline.types.counts[0].pop();
        }));
        assert!(refused(&|r| r.timeline.types.names.push("extra".into())));
        assert!(
            refused(&|r| r.timeline.types.names[1] = r.timeline.types.names[0].clone()),
            "one type twice"
        );
        assert!(
            refused(&|r| r.timeline.types.counts[0][0] = -5_000),
            "a negative count"
        );
        assert!(refused(&|r| r.timeline.types.cpython_bytes[0][1] = i64::MAX));
        assert!(refused(&|r| r.timeline.types.names[0] = "x".repeat(301)));
        assert!(!refused(&|_| ()));
    }

    #[test]
    fn links_made_before_types_travelled_open_without_them() {
        let mut run = recorded(&rounds());
        run.timeline.types = Default::default();
        let json = serde_json::to_value(&run).unwrap();
        assert!(
            json["timeline"].get("types").is_none(),
            "{}",
            json["timeline"]
        );
        let run: RecordedRun = serde_json::from_value(json).unwrap();
        assert_eq!(run.check(), Ok(()));
        assert!(run.censuses(&run.samples().unwrap()).unwrap().is_empty());
    }
}
