//! CPython 3.11's bytes at every sample, from the censuses. A sample with a census has
//! the model's figure; between two censuses RustPython's bytes are mapped onto the line
//! through the two census points (RustPython bytes → CPython bytes), and beyond them
//! scaled by the ratio of the census nearer in bytes. A high between two samples (a
//! temporary made and freed inside one instruction) is mapped the same way, unless the
//! cycle collector ran there: RustPython's collector allocates as it works and CPython's
//! does not, so such a high may be the collector's own. The engine (for a run's CPython
//! peak) and the page (for the chart) use this one rule, so they agree.
//!
//! Live objects between censuses come from the interpreter's exact count of objects made
//! and freed (`Sample::net_objects`), plus what each census counted beyond it (`objects`);
//! links recorded before that count travelled draw them by the bytes' rule.

use crate::share::Measure;
use crate::Sample;

/// Below this many RustPython bytes a census's ratio says little about the objects to
/// come (the interpreter's own small allocations dominate it).
const RATIO_FROM_BYTES: i64 = 64 * 1024;

/// RustPython's bytes at one census, with CPython's bytes and the live objects there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CensusPoint {
    pub step: u64,
    pub bytes: i64,
    pub cpython: i64,
    /// Live objects as RustPython counts them, and as CPython would.
    pub objects: i64,
    pub cpython_objects: i64,
    /// The interpreter's count there (`Sample::net_objects`), if it travelled.
    pub net_objects: Option<i64>,
}

impl CensusPoint {
    /// The census of `sample`, if it has one.
    pub fn of(sample: &Sample) -> Option<CensusPoint> {
        Some(CensusPoint {
            step: sample.step,
            bytes: sample.bytes,
            cpython: sample.cpython_bytes?,
            objects: sample.objects_in(Measure::Rustpython)? as i64,
            cpython_objects: sample.objects_in(Measure::Cpython)? as i64,
            net_objects: sample.net_objects,
        })
    }

    /// What the census counted beyond the interpreter's count (objects made before the
    /// run that the snippet's objects hold, less what the census leaves out).
    fn uncounted(self) -> Option<i64> {
        // Saturating: a hand-edited link's counts may be anything an i64 holds.
        Some(self.objects.saturating_sub(self.net_objects?))
    }

    fn anchor(self, figure: Figure) -> Anchor {
        let (x, figure) = match figure {
            Figure::CpythonBytes => (self.bytes, self.cpython),
            Figure::Objects(Measure::Rustpython) => (self.bytes, self.objects),
            Figure::Objects(Measure::Cpython) => (self.bytes, self.cpython_objects),
            Figure::CpythonObjectsOfObjects => (self.objects, self.cpython_objects),
        };
        Anchor { x, figure }
    }
}

/// A figure only a census measures.
#[derive(Clone, Copy)]
enum Figure {
    /// CPython's bytes, from RustPython's.
    CpythonBytes,
    /// Live objects, from RustPython's bytes (links without the interpreter's count).
    Objects(Measure),
    /// CPython's live objects, from RustPython's.
    CpythonObjectsOfObjects,
}

/// A census's figure beside what it is estimated from (RustPython's bytes or objects).
#[derive(Clone, Copy)]
struct Anchor {
    x: i64,
    figure: i64,
}

impl Anchor {
    /// The figure per unit of x here; `trusted` asks for a census large enough for its
    /// ratio to speak for the objects around it.
    fn ratio(self, trusted: bool) -> Option<f64> {
        let floor = if trusted { RATIO_FROM_BYTES } else { 1 };
        (self.x >= floor).then(|| self.figure as f64 / self.x as f64)
    }
}

/// One sample's CPython figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Estimated {
    /// The bytes at the sample: the census's, or the estimate.
    pub bytes: i64,
    /// The most the sample stands for: a high reached just before it counts.
    pub highest: i64,
    /// True when `bytes` is a census figure, not an estimate.
    pub measured: bool,
}

/// CPython's bytes for `bytes` of RustPython's, between the censuses `before` and
/// `after` (either may not exist: before the first census, or while the next one has
/// not been taken yet).
fn map(bytes: i64, before: Option<CensusPoint>, after: Option<CensusPoint>) -> i64 {
    along(bytes, before, after, Figure::CpythonBytes).unwrap_or(bytes.max(0))
}

/// `figure` for `x` (RustPython's bytes, or objects), between the censuses `before` and
/// `after`: on the line through them, or beyond it scaled by the ratio of the census
/// nearer in x. None with no census on either side. Computed in floating point: a
/// hand-edited link's figures may be anything an i64 holds.
fn along(
    x: i64,
    before: Option<CensusPoint>,
    after: Option<CensusPoint>,
    figure: Figure,
) -> Option<i64> {
    let before = before.map(|c| c.anchor(figure));
    let after = after.map(|c| c.anchor(figure));
    if let (Some(b), Some(a)) = (before, after) {
        let (low, high) = (b.x.min(a.x), b.x.max(a.x));
        if a.x != b.x && (low..=high).contains(&x) {
            let slope = (a.figure as f64 - b.figure as f64) / (a.x as f64 - b.x as f64);
            let moved = (x as f64 - b.x as f64) * slope;
            return Some((b.figure as f64 + moved).round() as i64);
        }
    }
    let (nearer, farther) = match (before, after) {
        (Some(b), Some(a)) if x.abs_diff(a.x) < x.abs_diff(b.x) => (a, Some(b)),
        (Some(b), a) => (b, a),
        (None, Some(a)) => (a, None),
        (None, None) => return None,
    };
    // A large census's ratio first; for bytes, a small run's own small censuses before
    // none at all. An object count is not scaled from bytes by a small census (7 objects
    // in 1 byte would make 56 of 8 bytes): it stays the nearer census's. CPython's count
    // from RustPython's scales by any census that counted something.
    let trust: &[bool] = match figure {
        Figure::CpythonBytes => &[true, false],
        Figure::Objects(_) => &[true],
        Figure::CpythonObjectsOfObjects => &[false],
    };
    let ratio = trust.iter().find_map(|&trusted| {
        nearer
            .ratio(trusted)
            .or_else(|| farther.and_then(|f| f.ratio(trusted)))
    });
    let Some(ratio) = ratio else {
        // No census with bytes to scale by (only the run's start, at 0 bytes, so far):
        // CPython's bytes are taken as RustPython's, and so is its object count; an
        // object count from bytes stays the census's (one object per byte would draw
        // 50,000 objects for 50 KB).
        return Some(match figure {
            Figure::CpythonBytes | Figure::CpythonObjectsOfObjects => x.max(0),
            Figure::Objects(_) => nearer.figure,
        });
    };
    Some(((x as f64 * ratio).round() as i64).max(0))
}

/// The live objects at `sample` as `measure` counts them: its census's count, or between
/// the censuses `before` and `after` (`objects_at`). None before any census.
pub fn objects(
    sample: &Sample,
    before: Option<CensusPoint>,
    after: Option<CensusPoint>,
    measure: Measure,
) -> Option<u64> {
    sample.objects_in(measure).or_else(|| {
        let n = match sample.net_objects {
            Some(net) => objects_at(net, before, after, measure),
            None => None,
        };
        // Without the interpreter's count (an older link), the count RustPython's bytes
        // point to by the rule CPython's bytes follow: objects come and go with the bytes
        // that hold them.
        let n = n.or_else(|| along(sample.bytes, before, after, Figure::Objects(measure)))?;
        Some(n.max(0) as u64)
    })
}

/// The live objects at `step`, where the interpreter counted `net_objects`, between the
/// censuses `before` and `after`: that count plus what the census before counted beyond
/// it (the one after, before the first census with the count). What a census counts
/// beyond the interpreter's count (objects from before the run that the snippet's
/// objects hold, less the ints only an evaluation stack holds) changes in steps, when a
/// function returns or a module is imported, not along the way, so it is carried
/// forward rather than drawn straight between the two. CPython's count is mapped from
/// RustPython's along the line through the two censuses. None when neither census has
/// the interpreter's count. The engine's objects at the memory peak use this rule too.
pub fn objects_at(
    net_objects: i64,
    before: Option<CensusPoint>,
    after: Option<CensusPoint>,
    measure: Measure,
) -> Option<i64> {
    let uncounted = before
        .and_then(CensusPoint::uncounted)
        .or_else(|| after.and_then(CensusPoint::uncounted))?;
    let counted = net_objects.saturating_add(uncounted).max(0);
    match measure {
        Measure::Rustpython => Some(counted),
        Measure::Cpython => along(counted, before, after, Figure::CpythonObjectsOfObjects),
    }
}

/// The CPython figures of `sample`, which lies after census `before` and before census
/// `after` (its own census, if it has one, comes in neither).
pub fn estimate(
    sample: &Sample,
    before: Option<CensusPoint>,
    after: Option<CensusPoint>,
) -> Estimated {
    let own = CensusPoint::of(sample);
    // A high came before this sample, so before its own census.
    let high = sample
        .high_before
        .filter(|_| !sample.collected)
        .map_or(0, |high| map(high, before, own.or(after)));
    let bytes = match own {
        Some(census) => census.cpython,
        None => map(sample.bytes, before, after),
    };
    Estimated {
        bytes,
        highest: bytes.max(high),
        measured: own.is_some(),
    }
}

/// `f` of every sample and the censuses around it (its own, if it has one, comes as the
/// one after it).
fn between_censuses<T>(
    samples: &[Sample],
    f: impl Fn(&Sample, Option<CensusPoint>, Option<CensusPoint>) -> T,
) -> Vec<T> {
    let mut out = Vec::with_capacity(samples.len());
    let mut before = None;
    for (i, sample) in samples.iter().enumerate() {
        if let Some(census) = CensusPoint::of(sample) {
            let segment = out.len()..=i;
            out.extend(samples[segment].iter().map(|s| f(s, before, Some(census))));
            before = Some(census);
        }
    }
    let rest = out.len()..;
    out.extend(samples[rest].iter().map(|s| f(s, before, None)));
    out
}

/// Every sample's CPython figures, each between the censuses around it.
pub fn estimate_all(samples: &[Sample]) -> Vec<Estimated> {
    between_censuses(samples, estimate)
}

/// Every sample's live objects as `measure` counts them (`objects`), each between the
/// censuses around it.
pub fn objects_all(samples: &[Sample], measure: Measure) -> Vec<Option<u64>> {
    between_censuses(samples, |s, before, after| {
        objects(s, before, after, measure)
    })
}

/// The highest CPython figure of a whole timeline.
pub fn cpython_peak(samples: &[Sample]) -> i64 {
    estimate_all(samples)
        .iter()
        .map(|e| e.highest)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(bytes: i64, cpython_bytes: Option<i64>, high_before: Option<i64>) -> Sample {
        Sample {
            step: 0,
            t_ms: 0.0,
            line: 1,
            bytes,
            objects: cpython_bytes.map(|_| 1),
            high_before,
            cpython_bytes,
            cpython_objects: None,
            collected: false,
            net_objects: None,
        }
    }

    #[test]
    fn between_censuses_bytes_follow_the_line_through_them() {
        let samples = [
            sample(0, Some(0), None),
            sample(1_000_000, Some(400_000), None),
            sample(1_500_000, None, None),
            sample(2_000_000, Some(600_000), None),
            // Past the last census: scaled by its ratio.
            sample(3_000_000, None, None),
        ];
        let e = estimate_all(&samples);
        assert_eq!(
            e.iter().map(|e| e.bytes).collect::<Vec<_>>(),
            [0, 400_000, 500_000, 600_000, 900_000]
        );
        assert!(e[1].measured && !e[2].measured);
    }

    #[test]
    fn objects_between_censuses_come_and_go_with_the_bytes() {
        let counted = |bytes, objects, cpython_objects| Sample {
            objects: Some(objects),
            cpython_objects: Some(cpython_objects),
            ..sample(bytes, Some(bytes / 2), None)
        };
        // A list of 1,000 objects grows to 1 MB, then is freed before the next census.
        let before = CensusPoint::of(&counted(0, 0, 0));
        let after = CensusPoint::of(&counted(1_000_000, 1_000, 900));
        let at = |bytes, measure| objects(&sample(bytes, None, None), before, after, measure);
        assert_eq!(at(250_000, Measure::Rustpython), Some(250));
        assert_eq!(at(250_000, Measure::Cpython), Some(225));
        let freed = CensusPoint::of(&counted(0, 0, 0));
        assert_eq!(
            objects(
                &sample(500_000, None, None),
                after,
                freed,
                Measure::Rustpython
            ),
            Some(500)
        );
        // Past the latest census: scaled by its objects per byte.
        assert_eq!(
            objects(
                &sample(2_000_000, None, None),
                after,
                None,
                Measure::Rustpython
            ),
            Some(2_000)
        );
        // After only the run's start (0 bytes, 0 objects), the count stays the start's.
        let start = CensusPoint::of(&counted(0, 0, 0));
        assert_eq!(
            objects(
                &sample(50_000, None, None),
                start,
                None,
                Measure::Rustpython
            ),
            Some(0)
        );
        // A census sample is its own count; before any census there is none.
        let own = counted(10, 7, 5);
        assert_eq!(objects(&own, before, after, Measure::Cpython), Some(5));
        assert_eq!(
            objects(&sample(10, None, None), None, None, Measure::Rustpython),
            None
        );
    }

    #[test]
    fn objects_between_censuses_follow_the_interpreters_count() {
        let at = |step, bytes, net| Sample {
            step,
            net_objects: Some(net),
            ..sample(bytes, None, None)
        };
        let counted = |step, objects, cpython_objects, net| Sample {
            objects: Some(objects),
            cpython_objects: Some(cpython_objects),
            cpython_bytes: Some(0),
            ..at(step, 0, net)
        };
        // The census at step 1,000 counted 110 objects where the interpreter counted 100
        // (10 from before the run that the snippet's objects hold), the one at step 3,000
        // 1,030 of 1,000. Before the first census with the count, the one after's
        // difference stands.
        let before = CensusPoint::of(&counted(1_000, 110, 100, 100));
        let after = CensusPoint::of(&counted(3_000, 1_030, 515, 1_000));
        let objects_at = |step, net, measure| objects(&at(step, 0, net), before, after, measure);
        // The census before's difference (10) carries forward; the bytes play no part.
        assert_eq!(objects_at(2_000, 500, Measure::Rustpython), Some(510));
        // A list made and freed between the two censuses shows, by count alone.
        assert_eq!(objects_at(2_500, 50_000, Measure::Rustpython), Some(50_010));
        assert_eq!(objects_at(2_600, 20, Measure::Rustpython), Some(30));
        // CPython's count, along the line through the censuses' two counts (110 → 100,
        // 1,030 → 515), or scaled by the nearer one's ratio beyond it.
        assert_eq!(objects_at(2_000, 500, Measure::Cpython), Some(280));
        assert_eq!(objects_at(2_500, 50_000, Measure::Cpython), Some(25_005));
        assert_eq!(
            objects(&at(500, 0, 40), None, after, Measure::Rustpython),
            Some(70)
        );
        // Past the latest census: its difference, and its ratio for CPython's count.
        assert_eq!(
            objects(&at(4_000, 0, 2_000), after, None, Measure::Rustpython),
            Some(2_030)
        );
        assert_eq!(
            objects(&at(4_000, 0, 2_000), after, None, Measure::Cpython),
            Some(1_015)
        );
        // A census's own sample is its count.
        assert_eq!(
            objects(
                &counted(3_000, 1_030, 515, 1_000),
                before,
                None,
                Measure::Cpython
            ),
            Some(515)
        );
        // A link recorded before the count travelled (censuses without it): by the bytes.
        let old = |c: Option<CensusPoint>| {
            c.map(|c| CensusPoint {
                net_objects: None,
                ..c
            })
        };
        assert_eq!(
            objects(
                &at(2_000, 0, 500),
                old(before),
                old(after),
                Measure::Rustpython
            ),
            Some(110)
        );
    }

    #[test]
    fn a_high_counts_unless_the_collector_ran() {
        let mut spike = sample(100_000, None, Some(400_000));
        let samples = [
            sample(200_000, Some(100_000), None),
            spike,
            sample(200_000, Some(100_000), None),
        ];
        assert_eq!(cpython_peak(&samples), 200_000);
        spike.collected = true;
        let samples = [
            sample(200_000, Some(100_000), None),
            spike,
            sample(200_000, Some(100_000), None),
        ];
        assert_eq!(cpython_peak(&samples), 100_000);
    }

    #[test]
    fn a_high_before_a_census_maps_by_that_census() {
        let samples = [
            sample(0, Some(0), None),
            sample(1_000_000, Some(300_000), Some(2_000_000)),
        ];
        assert_eq!(cpython_peak(&samples), 600_000);
    }
}
