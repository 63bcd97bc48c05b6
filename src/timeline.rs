//! A pane's samples as they stream in: appended in batches, shared between renders.
//!
//! Batches are reference-counted slices, so a new `State` (the reducer clones it on every
//! action) copies a few pointers instead of 100,000 samples. The figures every render
//! needs (peaks, lowest bytes, census count) are kept up to date as batches arrive, so a
//! render does not scan every sample for them.

use memplay_protocol::Sample;
use std::rc::Rc;

#[derive(Clone, Debug, Default)]
pub struct Timeline {
    batches: Vec<Rc<[Sample]>>,
    len: usize,
    /// (batch, index) of the first sample with the most live bytes.
    peak_bytes_at: Option<(usize, usize)>,
    /// (batch, index) of the first census sample with the most live objects.
    peak_objects_at: Option<(usize, usize)>,
    min_bytes: i64,
    censuses: usize,
}

impl PartialEq for Timeline {
    /// Timelines only grow, so the same batches mean the same samples.
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
            && self.batches.len() == other.batches.len()
            && self
                .batches
                .iter()
                .zip(&other.batches)
                .all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl Timeline {
    #[cfg(test)]
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
            if self
                .peak_bytes()
                .is_none_or(|peak| s.highest_bytes() > peak.highest_bytes())
            {
                self.peak_bytes_at = Some((b, i));
            }
            if let Some(objects) = s.objects {
                self.censuses += 1;
                if self
                    .peak_objects()
                    .is_none_or(|peak| Some(objects) > peak.objects)
                {
                    self.peak_objects_at = Some((b, i));
                }
            }
            self.min_bytes = if self.len == 0 && i == 0 {
                s.bytes
            } else {
                self.min_bytes.min(s.bytes)
            };
        }
        self.len += batch.len();
    }

    fn at(&self, (batch, index): (usize, usize)) -> Option<&Sample> {
        self.batches.get(batch)?.get(index)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Sample> + '_ {
        self.batches.iter().flat_map(|batch| batch.iter())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn last(&self) -> Option<&Sample> {
        self.batches.last().and_then(|batch| batch.last())
    }

    /// The sample with the most live bytes, counting the high just before it (the first
    /// one, on a tie).
    pub fn peak_bytes(&self) -> Option<&Sample> {
        self.at(self.peak_bytes_at?)
    }

    /// The census sample with the most live objects (the first one, on a tie).
    pub fn peak_objects(&self) -> Option<&Sample> {
        self.at(self.peak_objects_at?)
    }

    /// The fewest live bytes of any sample (negative when the snippet freed memory it
    /// did not allocate).
    pub fn min_bytes(&self) -> Option<i64> {
        (self.len > 0).then_some(self.min_bytes)
    }

    /// How many samples carry an object census.
    pub fn censuses(&self) -> usize {
        self.censuses
    }

    /// The sample whose `x` is closest to `target`; `x` must not decrease along the timeline
    /// (steps and wall time both only grow).
    pub fn nearest(&self, target: f64, x: impl Fn(&Sample) -> f64) -> Option<&Sample> {
        let batch_index = self
            .batches
            .partition_point(|batch| batch.last().is_some_and(|s| x(s) < target));
        let mut candidates: Vec<&Sample> = Vec::with_capacity(2);
        if let Some(batch) = self.batches.get(batch_index) {
            let i = batch.partition_point(|s| x(s) < target);
            if let Some(s) = batch.get(i) {
                candidates.push(s);
            }
            if i > 0 {
                candidates.push(&batch[i - 1]);
            } else if batch_index > 0 {
                candidates.extend(self.batches[batch_index - 1].last());
            }
        } else {
            candidates.extend(self.last());
        }
        candidates
            .into_iter()
            .min_by(|a, b| (x(a) - target).abs().total_cmp(&(x(b) - target).abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(step: u64, bytes: i64) -> Sample {
        Sample {
            step,
            t_ms: step as f64 / 10.0,
            line: 1,
            bytes,
            objects: None,
            high_before: None,
        }
    }

    #[test]
    fn finds_the_nearest_sample_across_batches() {
        let mut t = Timeline::default();
        t.push_batch(vec![sample(0, 0), sample(10, 5)]);
        t.push_batch(vec![sample(20, 9), sample(30, 2)]);
        let step = |s: &Sample| s.step as f64;
        assert_eq!(t.nearest(14.0, step).unwrap().step, 10);
        assert_eq!(t.nearest(16.0, step).unwrap().step, 20);
        assert_eq!(t.nearest(99.0, step).unwrap().step, 30);
        assert_eq!(t.nearest(-5.0, step).unwrap().step, 0);
        assert_eq!(t.peak_bytes().unwrap().step, 20);
        assert_eq!(t.iter().count(), 4);
    }

    #[test]
    fn keeps_peaks_and_lows_as_batches_arrive() {
        let census = |step, bytes, objects| Sample {
            objects: Some(objects),
            ..sample(step, bytes)
        };
        let mut t = Timeline::default();
        assert!(t.peak_bytes().is_none() && t.min_bytes().is_none());
        t.push_batch(vec![sample(0, 4), census(1, 9, 3), sample(2, 9)]);
        t.push_batch(vec![census(3, -2, 7), census(4, 1, 7), sample(5, 8)]);
        // The first of equal peaks, as the chart marks it.
        assert_eq!(t.peak_bytes().unwrap().step, 1);
        assert_eq!(t.peak_objects().unwrap().step, 3);
        assert_eq!(t.min_bytes(), Some(-2));
        assert_eq!(t.censuses(), 3);
    }

    #[test]
    fn a_high_between_samples_is_the_peak() {
        let spike = Sample {
            high_before: Some(50),
            ..sample(2, 3)
        };
        let t = Timeline::from_samples(vec![sample(0, 0), sample(1, 20), spike, sample(3, 30)]);
        assert_eq!(t.peak_bytes().unwrap().step, 2);
        assert_eq!(t.peak_bytes().unwrap().highest_bytes(), 50);
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
