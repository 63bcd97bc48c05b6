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

    pub fn format(self, v: f64) -> String {
        match self {
            Metric::Bytes => memplay_protocol::format::bytes(v.round() as i64),
            Metric::Objects => scale::count(v),
        }
    }
}
