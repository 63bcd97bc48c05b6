//! Chart geometry, free of Yew: axis scales with readable ticks, and downsampling a
//! timeline to a drawable path (all samples are kept; only the drawing is thinned).

pub mod path;
pub mod scale;
pub mod thinned;

use crate::timeline::Point;
use memplay_protocol::share::{Axis, Measure};
use memplay_protocol::Sample;

/// A sample's place on `axis`: its step, or the time it was taken.
pub fn x_of(axis: Axis) -> fn(&Sample) -> f64 {
    match axis {
        Axis::Steps => |s| s.step as f64,
        Axis::Millis => |s| s.t_ms,
    }
}

/// What a chart plots on its y axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// Bytes in the measure the page shows.
    Bytes(Measure),
    /// Live objects, counted as that measure counts them (at censuses, and estimated
    /// between them).
    Objects(Measure),
}

impl Metric {
    /// The point's value, if it has one (no objects before the first census).
    pub fn value(self, p: &Point) -> Option<f64> {
        match self {
            Metric::Bytes(measure) => Some(p.bytes(measure) as f64),
            Metric::Objects(measure) => p.objects(measure).map(|n| n as f64),
        }
    }

    /// The most this point stands for: for bytes, a high reached just before it counts.
    pub fn highest(self, p: &Point) -> Option<f64> {
        match self {
            Metric::Bytes(measure) => Some(p.highest_bytes(measure) as f64),
            Metric::Objects(_) => self.value(p),
        }
    }

    /// The values a point draws: a high reached just before it first, as a spike.
    pub fn points(self, p: &Point) -> impl Iterator<Item = f64> {
        let value = self.value(p);
        let spike = self.highest(p).filter(|high| Some(*high) > value);
        spike.into_iter().chain(value)
    }

    /// True when the point's value is an estimate between censuses, not measured.
    pub fn estimated(self, p: &Point) -> bool {
        match self {
            Metric::Bytes(Measure::Rustpython) => false,
            Metric::Bytes(Measure::Cpython) => !p.cpython.measured,
            Metric::Objects(_) => !p.is_census(),
        }
    }

    /// The value a census measured at this sample, if it carries one: the charts that
    /// estimate between censuses mark these.
    pub fn census_value(self, sample: &Sample) -> Option<f64> {
        match self {
            Metric::Bytes(Measure::Rustpython) => None,
            Metric::Bytes(Measure::Cpython) => sample.cpython_bytes.map(|b| b as f64),
            Metric::Objects(measure) => sample.objects_in(measure).map(|n| n as f64),
        }
    }

    pub fn format(self, v: f64) -> String {
        match self {
            Metric::Bytes(_) => memplay_protocol::format::bytes(v.round() as i64),
            Metric::Objects(_) => scale::count(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_high_before_a_sample_draws_as_a_spike() {
        let sample = memplay_protocol::Sample {
            step: 5,
            t_ms: 1.0,
            line: 1,
            bytes: 10,
            objects: Some(4),
            high_before: Some(90),
            cpython_bytes: None,
            cpython_objects: None,
            collected: false,
            net_objects: None,
        };
        let point = |sample| {
            crate::timeline::Timeline::from_samples(vec![sample])
                .last()
                .unwrap()
        };
        let bytes = Metric::Bytes(Measure::Rustpython);
        let s = point(sample);
        assert_eq!(bytes.points(&s).collect::<Vec<_>>(), [90.0, 10.0]);
        assert_eq!(bytes.highest(&s), Some(90.0));
        assert_eq!(
            Metric::Objects(Measure::Rustpython)
                .points(&s)
                .collect::<Vec<_>>(),
            [4.0]
        );
        // No CPython count (an old link): RustPython's stands in; with one, it is drawn.
        assert_eq!(Metric::Objects(Measure::Cpython).value(&s), Some(4.0));
        let s = point(memplay_protocol::Sample {
            cpython_objects: Some(3),
            ..sample
        });
        assert_eq!(Metric::Objects(Measure::Cpython).value(&s), Some(3.0));
        let s = point(memplay_protocol::Sample {
            high_before: None,
            ..sample
        });
        assert_eq!(bytes.points(&s).collect::<Vec<_>>(), [10.0]);
        assert_eq!(bytes.highest(&s), Some(10.0));
    }
}
