//! A pane's samples as they stream in: appended in batches, shared between renders, with
//! their CPython 3.11 figures (a census's, or the estimate between censuses, see
//! `memplay_protocol::estimate`).
//!
//! Batches are reference-counted slices, so a new `State` (the reducer clones it on every
//! action) copies a few pointers instead of 100,000 samples. The figures every render
//! needs (peaks in both measures, lowest bytes, census count) are kept up to date as
//! batches arrive, so a render does not scan every sample for them: the estimates of the
//! samples after the latest census depend on it alone until the next census arrives,
//! and are settled (once) when it does.

use memplay_protocol::estimate::{self, CensusPoint, Estimated};
use memplay_protocol::share::Measure;
use memplay_protocol::Sample;
use std::rc::Rc;

/// One sample with its CPython figures and live objects.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub sample: Sample,
    pub cpython: Estimated,
    /// Live objects as RustPython counts them and as CPython would: the census's count,
    /// or an estimate between censuses (`memplay_protocol::estimate::objects`).
    objects: [Option<u64>; 2],
}

impl Point {
    /// `sample` with its figures, between the censuses `before` and `after`.
    fn between(sample: Sample, before: Option<CensusPoint>, after: Option<CensusPoint>) -> Point {
        let objects = |measure| estimate::objects(&sample, before, after, measure);
        Point {
            sample,
            cpython: estimate::estimate(&sample, before, after),
            objects: [objects(Measure::Rustpython), objects(Measure::Cpython)],
        }
    }

    /// Bytes at this sample in `measure`.
    pub fn bytes(&self, measure: Measure) -> i64 {
        match measure {
            Measure::Cpython => self.cpython.bytes,
            Measure::Rustpython => self.sample.bytes,
        }
    }

    /// Live objects at this sample as `measure` counts them, measured or estimated.
    pub fn objects(&self, measure: Measure) -> Option<u64> {
        self.objects[measure_index(measure)]
    }

    /// True when this sample carries a census (its objects are counted, not estimated).
    pub fn is_census(&self) -> bool {
        self.sample.has_census()
    }

    /// The most bytes this sample stands for in `measure`: a high just before it counts.
    pub fn highest_bytes(&self, measure: Measure) -> i64 {
        match measure {
            Measure::Cpython => self.cpython.highest,
            Measure::Rustpython => self.sample.highest_bytes(),
        }
    }
}

fn measure_index(measure: Measure) -> usize {
    match measure {
        Measure::Rustpython => 0,
        Measure::Cpython => 1,
    }
}

/// Raises `high` to `point`'s live objects (at `at`) in each measure. Of equals, a
/// census's count wins over an estimate (a flat line's peak is marked where a census
/// counted it), then the first.
fn raise(high: &mut [Option<(At, u64, bool)>; 2], at: At, point: &Point) {
    for measure in [Measure::Rustpython, Measure::Cpython] {
        let i = measure_index(measure);
        let Some(n) = point.objects(measure) else {
            continue;
        };
        let census = point.is_census();
        if high[i].is_none_or(|(_, highest, was_census)| (n, census) > (highest, was_census)) {
            high[i] = Some((at, n, census));
        }
    }
}

/// (batch, index) of a sample; ordered as the timeline.
type At = (usize, usize);

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    batches: Vec<Rc<[Sample]>>,
    len: usize,
    /// Every census sample, in order.
    census_points: Vec<(At, CensusPoint)>,
    /// The first sample with the most RustPython bytes.
    peak_rustpython_at: Option<At>,
    /// The first sample with the most CPython bytes among those up to the latest census,
    /// and among those after it (estimated from that census alone so far).
    peak_cpython_settled: Option<(At, i64)>,
    peak_cpython_open: Option<(At, i64)>,
    /// The most live objects drawn, in each measure (`measure_index`), estimates
    /// included: up to the latest census, and after it (estimated from it alone so far).
    objects_high_settled: [Option<(At, u64, bool)>; 2],
    objects_high_open: [Option<(At, u64, bool)>; 2],
    min_bytes: i64,
    censuses: usize,
}

impl PartialEq for Timeline {
    /// Timelines only grow, so the same batches mean the same samples.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && same_batches(&self.batches, &other.batches)
    }
}

/// Whether two series that only grow, kept as shared batches, hold the same batches
/// (compared by pointer: equal contents in another allocation count as different).
pub fn same_batches<T>(a: &[Rc<[T]>], b: &[Rc<[T]>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Rc::ptr_eq(a, b))
}

fn sample_at(batches: &[Rc<[Sample]>], (batch, index): At) -> Option<&Sample> {
    batches.get(batch)?.get(index)
}

fn later(a: Option<(At, i64)>, b: Option<(At, i64)>) -> Option<(At, i64)> {
    match (a, b) {
        (Some(a), Some(b)) if b.1 > a.1 => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

impl Timeline {
    /// A whole timeline at once (a link's recorded run, tests).
    pub fn from_samples(samples: Vec<Sample>) -> Self {
        let mut timeline = Timeline::default();
        timeline.push_batch(samples);
        timeline
    }

    pub fn push_batch(&mut self, batch: Vec<Sample>) {
        if batch.is_empty() {
            return;
        }
        let b = self.batches.len();
        let batch: Rc<[Sample]> = batch.into();
        self.batches.push(batch.clone());
        for (i, s) in batch.iter().enumerate() {
            let at = (b, i);
            if self
                .peak_rustpython_at
                .and_then(|p| self.sample(p))
                .is_none_or(|peak| s.highest_bytes() > peak.highest_bytes())
            {
                self.peak_rustpython_at = Some(at);
            }
            self.min_bytes = if self.len == 0 && i == 0 {
                s.bytes
            } else {
                self.min_bytes.min(s.bytes)
            };
            if s.has_census() {
                self.censuses += 1;
            }
            match CensusPoint::of(s) {
                Some(census) => self.settle(at, census),
                None => {
                    let point = Point::between(*s, self.latest_census(), None);
                    self.peak_cpython_open =
                        later(self.peak_cpython_open, Some((at, point.cpython.highest)));
                    raise(&mut self.objects_high_open, at, &point);
                }
            }
        }
        self.len += batch.len();
    }

    /// A census at `at`: the samples since the previous one get their final estimates.
    fn settle(&mut self, at: At, census: CensusPoint) {
        let before = self.latest_census();
        let start = self
            .census_points
            .last()
            .map_or((0, 0), |&(previous, _)| self.after(previous));
        let mut peak = self.peak_cpython_settled;
        let mut cursor = Some(start);
        while let Some(position) = cursor {
            let Some(sample) = self.sample(position) else {
                break;
            };
            // The census sample is its own figure; the ones before it lie between.
            let after = (position != at).then_some(census);
            let point = Point::between(*sample, before, after);
            peak = later(peak, Some((position, point.cpython.highest)));
            raise(&mut self.objects_high_settled, position, &point);
            if position == at {
                break;
            }
            cursor = Some(self.after(position));
        }
        self.peak_cpython_settled = peak;
        self.peak_cpython_open = None;
        self.objects_high_open = [None; 2];
        self.census_points.push((at, census));
    }

    fn latest_census(&self) -> Option<CensusPoint> {
        self.census_points.last().map(|&(_, census)| census)
    }

    /// The position after `at` (past the end when `at` is the last).
    fn after(&self, (batch, index): At) -> At {
        match self.batches.get(batch) {
            Some(b) if index + 1 < b.len() => (batch, index + 1),
            _ => (batch + 1, 0),
        }
    }

    fn sample(&self, at: At) -> Option<&Sample> {
        sample_at(&self.batches, at)
    }

    /// The sample at `at` with its CPython figures, between the censuses around it.
    fn point(&self, at: At) -> Option<Point> {
        let sample = *self.sample(at)?;
        let next = self.census_points.partition_point(|&(c, _)| c < at);
        let before = next.checked_sub(1).map(|i| self.census_points[i].1);
        // A census sample is its own figure; any other lies before the next census.
        let after = match CensusPoint::of(&sample) {
            Some(_) => None,
            None => self.census_points.get(next).map(|&(_, census)| census),
        };
        Some(Point::between(sample, before, after))
    }

    /// Every sample with its CPython figures, in order.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = Point> + '_ {
        self.iter_from(0)
    }

    /// The samples from the `start`th on (0-based) with their CPython figures, in order:
    /// a chart that has drawn the first `start` reads only the rest.
    pub fn iter_from(&self, start: usize) -> impl Iterator<Item = Point> + '_ {
        let mut first = (self.batches.len(), 0);
        let mut skipped = 0;
        for (b, batch) in self.batches.iter().enumerate() {
            if start < skipped + batch.len() {
                first = (b, start - skipped);
                break;
            }
            skipped += batch.len();
        }
        let censuses = &self.census_points;
        let mut next_census = censuses.partition_point(|&(c, _)| c < first);
        let samples = self.batches[first.0..]
            .iter()
            .flat_map(|batch| batch.iter())
            .skip(first.1);
        samples.map(move |sample| {
            let before = next_census.checked_sub(1).map(|c| censuses[c].1);
            let after = match CensusPoint::of(sample) {
                Some(_) => {
                    next_census += 1;
                    None
                }
                None => censuses.get(next_census).map(|&(_, census)| census),
            };
            Point::between(*sample, before, after)
        })
    }

    /// How many samples, from the first, have final figures in `measure`: all of them,
    /// except in CPython's, where those after the latest census are estimated from it
    /// alone until the next census settles them.
    pub fn settled_len(&self, measure: Measure) -> usize {
        match measure {
            Measure::Rustpython => self.len,
            Measure::Cpython => self.census_points.last().map_or(0, |&((b, i), _)| {
                self.batches[..b]
                    .iter()
                    .map(|batch| batch.len())
                    .sum::<usize>()
                    + i
                    + 1
            }),
        }
    }

    /// The samples that carry a census, in order.
    pub fn census_samples(&self) -> impl Iterator<Item = &Sample> + '_ {
        self.census_points
            .iter()
            .filter_map(|&(at, _)| self.sample(at))
    }

    /// The first batch, which names this run: a timeline that still starts with it is
    /// the same run, grown.
    pub fn first_batch(&self) -> Option<&Rc<[Sample]>> {
        self.batches.first()
    }

    /// The samples as they streamed in.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> + '_ {
        self.batches.iter().flat_map(|batch| batch.iter())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn last(&self) -> Option<Point> {
        let batch = self.batches.len().checked_sub(1)?;
        self.point((batch, self.batches[batch].len().checked_sub(1)?))
    }

    /// The sample with the most bytes in `measure`, counting a high just before it (the
    /// first one, on a tie).
    pub fn peak_bytes(&self, measure: Measure) -> Option<Point> {
        let at = match measure {
            Measure::Rustpython => self.peak_rustpython_at?,
            Measure::Cpython => later(self.peak_cpython_settled, self.peak_cpython_open)?.0,
        };
        self.point(at)
    }

    /// The most live objects the chart draws in `measure`, estimates between censuses
    /// included (its y axis must reach them).
    pub fn objects_high(&self, measure: Measure) -> Option<(Point, u64)> {
        let i = measure_index(measure);
        let (at, n, _) = match (self.objects_high_settled[i], self.objects_high_open[i]) {
            (Some(settled), Some(open)) if (open.1, open.2) > (settled.1, settled.2) => open,
            (Some(settled), _) => settled,
            (None, open) => open?,
        };
        Some((self.point(at)?, n))
    }

    /// The fewest bytes of any sample in `measure` (RustPython's are negative when the
    /// snippet freed memory it did not allocate; CPython's figures never are).
    pub fn min_bytes(&self, measure: Measure) -> Option<i64> {
        (self.len > 0).then_some(match measure {
            Measure::Rustpython => self.min_bytes,
            Measure::Cpython => 0,
        })
    }

    /// CPython's bytes per RustPython byte at the latest census that held at least
    /// `min_bytes` of RustPython's (smaller heaps give wild ratios).
    pub fn census_ratio(&self, min_bytes: i64) -> Option<f64> {
        self.census_points
            .iter()
            .rev()
            .map(|(_, census)| census)
            .find(|census| census.bytes >= min_bytes)
            .map(|census| census.cpython as f64 / census.bytes as f64)
    }

    /// How many samples carry an object census.
    pub fn censuses(&self) -> usize {
        self.censuses
    }

    /// The sample whose `x` is closest to `target`; `x` must not decrease along the
    /// timeline (steps and wall time both only grow).
    pub fn nearest(&self, target: f64, x: impl Fn(&Sample) -> f64) -> Option<Point> {
        let batch_index = self
            .batches
            .partition_point(|batch| batch.last().is_some_and(|s| x(s) < target));
        let mut candidates: Vec<At> = Vec::with_capacity(2);
        if let Some(batch) = self.batches.get(batch_index) {
            let i = batch.partition_point(|s| x(s) < target);
            if i < batch.len() {
                candidates.push((batch_index, i));
            }
            if i > 0 {
                candidates.push((batch_index, i - 1));
            } else if batch_index > 0 {
                let previous = batch_index - 1;
                candidates.push((previous, self.batches[previous].len() - 1));
            }
        } else if let Some(last) = self.batches.len().checked_sub(1) {
            candidates.push((last, self.batches[last].len() - 1));
        }
        let distance = |at: &At| {
            self.sample(*at)
                .map_or(f64::INFINITY, |s| (x(s) - target).abs())
        };
        let at = candidates
            .into_iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))?;
        self.point(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUST: Measure = Measure::Rustpython;
    const CPYTHON: Measure = Measure::Cpython;

    fn sample(step: u64, bytes: i64) -> Sample {
        Sample {
            step,
            t_ms: step as f64 / 10.0,
            line: 1,
            bytes,
            objects: None,
            high_before: None,
            cpython_bytes: None,
            cpython_objects: None,
            collected: false,
            net_objects: None,
        }
    }

    fn census(step: u64, bytes: i64, cpython: i64) -> Sample {
        Sample {
            objects: Some(1),
            cpython_bytes: Some(cpython),
            ..sample(step, bytes)
        }
    }

    #[test]
    fn finds_the_nearest_sample_across_batches() {
        let mut t = Timeline::default();
        t.push_batch(vec![sample(0, 0), sample(10, 5)]);
        t.push_batch(vec![sample(20, 9), sample(30, 2)]);
        let step = |s: &Sample| s.step as f64;
        assert_eq!(t.nearest(14.0, step).unwrap().sample.step, 10);
        assert_eq!(t.nearest(16.0, step).unwrap().sample.step, 20);
        assert_eq!(t.nearest(99.0, step).unwrap().sample.step, 30);
        assert_eq!(t.nearest(-5.0, step).unwrap().sample.step, 0);
        assert_eq!(t.peak_bytes(RUST).unwrap().sample.step, 20);
        assert_eq!(t.iter().count(), 4);
    }

    #[test]
    fn keeps_peaks_and_lows_as_batches_arrive() {
        // RustPython's count and CPython's (which peaks elsewhere: instances' dicts freed).
        let counted = |step, bytes, objects, cpython| Sample {
            objects: Some(objects),
            cpython_objects: Some(cpython),
            ..sample(step, bytes)
        };
        let mut t = Timeline::default();
        assert!(t.peak_bytes(RUST).is_none() && t.min_bytes(RUST).is_none());
        t.push_batch(vec![sample(0, 4), counted(1, 9, 3, 3), sample(2, 9)]);
        t.push_batch(vec![
            counted(3, -2, 7, 2),
            counted(4, 1, 7, 4),
            sample(5, 8),
        ]);
        // The first of equal peaks, as the chart marks it.
        assert_eq!(t.peak_bytes(RUST).unwrap().sample.step, 1);
        let high = |measure| t.objects_high(measure).map(|(p, n)| (p.sample.step, n));
        assert_eq!(high(RUST), Some((3, 7)));
        assert_eq!(high(CPYTHON), Some((4, 4)));
        assert_eq!(t.min_bytes(RUST), Some(-2));
        assert_eq!(t.censuses(), 3);
    }

    #[test]
    fn a_high_between_samples_is_the_peak() {
        let spike = Sample {
            high_before: Some(50),
            ..sample(2, 3)
        };
        let t = Timeline::from_samples(vec![sample(0, 0), sample(1, 20), spike, sample(3, 30)]);
        assert_eq!(t.peak_bytes(RUST).unwrap().sample.step, 2);
        assert_eq!(t.peak_bytes(RUST).unwrap().highest_bytes(RUST), 50);
    }

    #[test]
    fn cpython_figures_settle_when_the_next_census_arrives() {
        let mut t = Timeline::default();
        t.push_batch(vec![
            census(0, 0, 0),
            census(1, 1_000_000, 400_000),
            sample(2, 2_000_000),
        ]);
        // Only the latest census is known: scaled by its ratio.
        let open = t.peak_bytes(CPYTHON).unwrap();
        assert_eq!((open.sample.step, open.bytes(CPYTHON)), (2, 800_000));
        assert!(!open.cpython.measured);
        // The next census puts step 2 on the line between the two.
        t.push_batch(vec![census(3, 3_000_000, 900_000)]);
        let between = t.iter().nth(2).unwrap();
        assert_eq!(between.bytes(CPYTHON), 650_000);
        let peak = t.peak_bytes(CPYTHON).unwrap();
        assert_eq!((peak.sample.step, peak.bytes(CPYTHON)), (3, 900_000));
        assert!(peak.cpython.measured);
        assert_eq!(t.min_bytes(CPYTHON), Some(0));
        // The engine's rule gives the same figures.
        let samples: Vec<Sample> = t.samples().copied().collect();
        let engine = memplay_protocol::estimate::estimate_all(&samples);
        assert_eq!(t.iter().map(|p| p.cpython).collect::<Vec<_>>(), engine);
    }

    #[test]
    fn reads_on_from_any_sample_and_knows_which_figures_are_final() {
        let mut t = Timeline::default();
        t.push_batch(vec![
            sample(0, 10),
            census(1, 1_000_000, 400_000),
            sample(2, 7),
        ]);
        t.push_batch(vec![sample(3, 2_000_000), census(4, 3_000_000, 900_000)]);
        t.push_batch(vec![sample(5, 4_000_000), sample(6, 5)]);
        let all: Vec<Point> = t.iter().collect();
        for start in 0..=8 {
            let rest: Vec<Point> = t.iter_from(start).collect();
            assert_eq!(rest, all[start.min(7)..], "from {start}");
        }
        assert_eq!(t.settled_len(RUST), 7);
        // Samples 5 and 6 wait for the next census.
        assert_eq!(t.settled_len(CPYTHON), 5);
        let steps: Vec<u64> = t.census_samples().map(|s| s.step).collect();
        assert_eq!(steps, [1, 4]);
    }

    /// A census sample with `objects` live objects (CPython's bytes half RustPython's).
    fn counted(step: u64, bytes: i64, objects: u64) -> Sample {
        Sample {
            objects: Some(objects),
            ..census(step, bytes, bytes / 2)
        }
    }

    #[test]
    fn live_objects_between_censuses_follow_the_bytes() {
        // The list pane's shape: few censuses while a list grows, the last at the end.
        let mut t = Timeline::default();
        t.push_batch(vec![
            counted(0, 0, 0),
            sample(10, 100_000),
            counted(20, 200_000, 50),
            sample(30, 4_100_000),
        ]);
        let objects = |t: &Timeline| {
            t.iter()
                .map(|p| (p.objects(RUST), p.is_census()))
                .collect::<Vec<_>>()
        };
        // After the latest census, scaled by its objects per byte until the next one.
        assert_eq!(
            objects(&t),
            [
                (Some(0), true),
                (Some(25), false),
                (Some(50), true),
                (Some(1_025), false)
            ]
        );
        // The chart's axis reaches the estimates, not only the censuses.
        let high = |t: &Timeline| t.objects_high(RUST).map(|(p, n)| (p.sample.step, n));
        assert_eq!(high(&t), Some((30, 1_025)));
        // Then on the line through the two censuses around it.
        t.push_batch(vec![counted(40, 8_000_000, 4_000)]);
        assert_eq!(high(&t), Some((40, 4_000)));
        assert_eq!(t.iter().nth(3).unwrap().objects(RUST), Some(2_025));
        // Without CPython's own count, RustPython's stands in.
        assert_eq!(t.iter().nth(3).unwrap().objects(CPYTHON), Some(2_025));
    }

    #[test]
    fn a_flat_lines_peak_is_marked_at_its_census() {
        let mut t = Timeline::default();
        // Before the census the estimates equal its count (no census of 64 KB or more to
        // scale by): the census is where the peak is marked.
        t.push_batch(vec![
            counted(0, 0, 0),
            sample(1, 900),
            sample(2, 1_000),
            counted(3, 445, 6),
        ]);
        assert_eq!(t.iter().nth(1).unwrap().objects(RUST), Some(6));
        let (point, n) = t.objects_high(RUST).unwrap();
        assert_eq!((point.sample.step, n), (3, 6));
    }

    #[test]
    fn equal_only_when_the_same_batches() {
        let mut a = Timeline::default();
        a.push_batch(vec![sample(0, 0)]);
        let b = a.clone();
        assert_eq!(a, b);
        a.push_batch(vec![sample(1, 0)]);
        assert_ne!(a, b);
    }
}
