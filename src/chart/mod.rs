//! Chart geometry, free of Yew: axis scales with readable ticks, and downsampling a
//! timeline to a drawable path (all samples are kept; only the drawing is thinned).

pub mod path;
pub mod scale;

use memplay_protocol::Sample;

/// What a chart plots on its y axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Bytes,
    Objects,
}

impl Metric {
    /// The sample's value, if this sample has one (objects only at census samples).
    pub fn value(self, s: &Sample) -> Option<f64> {
        match self {
            Metric::Bytes => Some(s.bytes as f64),
            Metric::Objects => s.objects.map(|n| n as f64),
        }
    }

    /// The most this sample stands for: for bytes, a high reached just before it counts.
    pub fn highest(self, s: &Sample) -> Option<f64> {
        match self {
            Metric::Bytes => Some(s.highest_bytes() as f64),
            Metric::Objects => self.value(s),
        }
    }

    /// The points a sample draws: a high reached just before it first, as a spike.
    pub fn points(self, s: &Sample) -> impl Iterator<Item = f64> {
        let value = self.value(s);
        let spike = self.highest(s).filter(|high| Some(*high) > value);
        spike.into_iter().chain(value)
    }

    pub fn format(self, v: f64) -> String {
        match self {
            Metric::Bytes => memplay_protocol::format::bytes(v.round() as i64),
            Metric::Objects => scale::count(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_high_before_a_sample_draws_as_a_spike() {
        let mut s = Sample {
            step: 5,
            t_ms: 1.0,
            line: 1,
            bytes: 10,
            objects: Some(4),
            high_before: Some(90),
        };
        assert_eq!(Metric::Bytes.points(&s).collect::<Vec<_>>(), [90.0, 10.0]);
        assert_eq!(Metric::Bytes.highest(&s), Some(90.0));
        assert_eq!(Metric::Objects.points(&s).collect::<Vec<_>>(), [4.0]);
        s.high_before = None;
        assert_eq!(Metric::Bytes.points(&s).collect::<Vec<_>>(), [10.0]);
        assert_eq!(Metric::Bytes.highest(&s), Some(10.0));
    }
}
