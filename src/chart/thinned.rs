//! A run's drawing, kept up to date as its samples stream in, so that a render costs
//! about the same after 100 samples as after a million.
//!
//! Thinning every sample again on each batch made each render of a 20-second runaway
//! loop (137,000 samples) cost 30 ms, and the cost grew with the run. Here each sample
//! is folded into groups of equal slices of the x axis (first, lowest, highest and last
//! point of each slice); when there are too many, neighbouring slices merge, so at most
//! `MAX_GROUPS` remain in each of the two sets below, each slice narrower than a pixel
//! of any chart that shows the whole run. A render then thins only those groups' points (`path::downsample`): a peak or a
//! dip is drawn at most a pixel from where thinning every sample put it, never lost.
//!
//! CPython figures (and live objects) after the latest census are estimates from that census alone, until
//! the next census settles them (`Timeline::settled_len`): they are kept apart, as the
//! "open" groups, and folded again with their final figures when they settle. So a
//! sample is folded once in RustPython's bytes, and twice at most in CPython's and in
//! object counts (a flat loop whose only later census is the last one refolds its whole
//! run once, at the end); a new run, metric or axis starts the drawing again.

use super::path::{Group, Point};
use super::Metric;
use crate::timeline::Timeline;
use memplay_protocol::share::{Axis, Measure};
use memplay_protocol::Sample;
use std::rc::Rc;

/// Groups kept before neighbours merge. More than this at half the width came before,
/// so a group spans under 1/2048 of the run: less than a pixel on charts up to ~2,000
/// pixels wide.
const MAX_GROUPS: usize = 4096;

/// Points folded into groups of slices `width` wide; x must not decrease.
#[derive(Clone, Debug)]
struct Groups {
    width: f64,
    groups: Vec<Group>,
}

impl Default for Groups {
    fn default() -> Self {
        // One step, or one millisecond: both axes start at 0.
        Groups {
            width: 1.0,
            groups: Vec::new(),
        }
    }
}

impl Groups {
    fn push(&mut self, p: Point) {
        let slice = (p.x / self.width).floor() as i64;
        match self.groups.last_mut() {
            Some(group) if group.slice == slice => group.add(p),
            _ => {
                self.groups.push(Group::new(slice, p));
                while self.groups.len() > MAX_GROUPS {
                    self.coarsen();
                }
            }
        }
    }

    /// Slices twice as wide: each pair of neighbours becomes one group.
    fn coarsen(&mut self) {
        self.width *= 2.0;
        let mut merged: Vec<Group> = Vec::with_capacity(self.groups.len() / 2 + 1);
        for mut group in self.groups.drain(..) {
            group.slice = group.slice.div_euclid(2);
            match merged.last_mut() {
                Some(last) if last.slice == group.slice => *last = last.merged(group),
                _ => merged.push(group),
            }
        }
        self.groups = merged;
    }

    fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.groups.iter().flat_map(Group::points)
    }
}

/// One run's drawing in one metric over one axis, grown as its timeline grows.
#[derive(Clone, Debug)]
pub struct Thinned {
    metric: Metric,
    axis: Axis,
    /// The run's first batch: a timeline that does not start with it is another run.
    run: Option<Rc<[Sample]>>,
    /// Samples with final figures, folded.
    settled: Groups,
    settled_len: usize,
    /// Samples after those, with figures that may still change.
    open: Groups,
    /// Samples folded so far (settled or open).
    seen: usize,
}

impl Thinned {
    pub fn new(metric: Metric, axis: Axis) -> Thinned {
        Thinned {
            metric,
            axis,
            run: None,
            settled: Groups::default(),
            settled_len: 0,
            open: Groups::default(),
            seen: 0,
        }
    }

    /// Folds in what `timeline` holds that this has not seen (everything again when it
    /// is another run, metric or axis).
    pub fn update(&mut self, timeline: &Timeline, metric: Metric, axis: Axis) {
        let same_run = match (&self.run, timeline.first_batch()) {
            (Some(run), Some(first)) => Rc::ptr_eq(run, first),
            (None, None) => true,
            _ => false,
        };
        if !same_run || metric != self.metric || axis != self.axis || timeline.len() < self.seen {
            *self = Thinned::new(metric, axis);
            self.run = timeline.first_batch().cloned();
        }
        let measure = match metric {
            Metric::Bytes(measure) => measure,
            // Object counts after the latest census are estimates from it, as CPython's
            // bytes are: both settle at the next census.
            Metric::Objects(_) => Measure::Cpython,
        };
        let settled_len = timeline.settled_len(measure);
        if settled_len > self.settled_len {
            let newly = timeline
                .iter_from(self.settled_len)
                .take(settled_len - self.settled_len);
            fold(&mut self.settled, newly, metric, axis);
            self.settled_len = settled_len;
            self.open = Groups::default();
            self.seen = settled_len;
        }
        fold(&mut self.open, timeline.iter_from(self.seen), metric, axis);
        self.seen = timeline.len();
    }

    /// The points to draw, in x order: a few per slice of the axis.
    pub fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.settled.points().chain(self.open.points())
    }
}

fn fold(
    groups: &mut Groups,
    points: impl Iterator<Item = crate::timeline::Point>,
    metric: Metric,
    axis: Axis,
) {
    let x_of = super::x_of(axis);
    for p in points {
        let x = x_of(&p.sample);
        for y in metric.points(&p) {
            groups.push(Point { x, y });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::path::downsample;
    use super::*;

    fn sample(step: u64, bytes: i64, cpython: Option<i64>) -> Sample {
        Sample {
            step,
            t_ms: step as f64 / 10.0,
            line: 1,
            bytes,
            objects: cpython.map(|_| 1),
            high_before: None,
            cpython_bytes: cpython,
            cpython_objects: None,
            collected: false,
            net_objects: None,
        }
    }

    /// What the chart drew before: every sample thinned at once.
    fn all_at_once(timeline: &Timeline, metric: Metric, x_max: f64, buckets: usize) -> Vec<Point> {
        let points = timeline.iter().flat_map(|p| {
            metric.points(&p).map(move |y| Point {
                x: p.sample.step as f64,
                y,
            })
        });
        downsample(points, x_max, buckets)
    }

    fn extremes(points: &[Point]) -> (f64, f64) {
        points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.y), hi.max(p.y))
        })
    }

    #[test]
    fn grown_batch_by_batch_it_draws_what_thinning_everything_draws() {
        // 200,000 samples in 400 batches, a census every 30,000: the open CPython
        // figures settle several times along the way.
        let mut timeline = Timeline::default();
        let mut drawn = Thinned::new(Metric::Bytes(Measure::Cpython), Axis::Steps);
        let bytes =
            |i: u64| ((i * 7919) % 100_003) as i64 * 10 + if i == 123_457 { 50_000_000 } else { 0 };
        for b in 0..400u64 {
            let batch = (0..500)
                .map(|j| {
                    let i = b * 500 + j;
                    let census =
                        (i % 30_000 == 0).then(|| bytes(i) / 2 + (i / 30_000) as i64 * 1000);
                    sample(i, bytes(i), census)
                })
                .collect();
            timeline.push_batch(batch);
            drawn.update(&timeline, Metric::Bytes(Measure::Cpython), Axis::Steps);
        }
        let metric = Metric::Bytes(Measure::Cpython);
        let before = all_at_once(&timeline, metric, 200_000.0, 600);
        let after = downsample(drawn.points(), 200_000.0, 600);
        assert_eq!(
            extremes(&after),
            extremes(&before),
            "the same lowest and highest"
        );
        assert!(after.len() <= 4 * 600, "{} points", after.len());
        assert_eq!(after.first(), before.first());
        assert_eq!(after.last(), before.last());
        // Every point drawn is a sample's, and each pixel column's extremes are drawn
        // in it or next to it.
        let every: Vec<Point> = all_at_once(&timeline, metric, 200_000.0, 1_000_000);
        assert!(after.iter().all(|p| {
            let from = every.partition_point(|q| q.x < p.x);
            every[from..]
                .iter()
                .take_while(|q| q.x == p.x)
                .any(|q| q == p)
        }));
        let columns = |pts: &[Point], from: usize, to: usize| {
            let inside: Vec<Point> = pts
                .iter()
                .copied()
                .filter(|p| (from..=to).contains(&((p.x / 200_000.0 * 600.0).floor() as usize)))
                .collect();
            extremes(&inside)
        };
        for c in 0..600 {
            let (low, high) = columns(&before, c, c);
            let (near_low, near_high) = columns(&after, c.saturating_sub(1), c + 1);
            assert!(near_low <= low && near_high >= high, "column {c}");
        }
    }

    #[test]
    fn stays_within_its_groups_and_starts_again_for_another_run() {
        let mut timeline = Timeline::default();
        timeline.push_batch((0..10_000).map(|i| sample(i, i as i64, None)).collect());
        let mut drawn = Thinned::new(Metric::Bytes(Measure::Rustpython), Axis::Steps);
        drawn.update(&timeline, Metric::Bytes(Measure::Rustpython), Axis::Steps);
        assert!(drawn.settled.groups.len() <= MAX_GROUPS);
        assert_eq!((drawn.seen, drawn.open.groups.len()), (10_000, 0));
        let mut another = Timeline::default();
        another.push_batch(vec![sample(0, 5, None), sample(1, 6, None)]);
        drawn.update(&another, Metric::Bytes(Measure::Rustpython), Axis::Steps);
        let points: Vec<Point> = drawn.points().collect();
        assert_eq!(
            points,
            vec![Point { x: 0.0, y: 5.0 }, Point { x: 1.0, y: 6.0 }]
        );
    }
}
