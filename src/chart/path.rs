//! Turning thousands of samples into an SVG path a browser draws smoothly.
//!
//! Per horizontal pixel the path keeps the first, lowest, highest and last point in
//! order, so peaks and dips survive thinning: 100,000 samples draw as ~4 points a pixel.

/// A point in data units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Keeps at most four points per bucket of `buckets` equal slices of `0..=x_max`.
pub fn downsample(points: impl Iterator<Item = Point>, x_max: f64, buckets: usize) -> Vec<Point> {
    let mut out = Vec::new();
    let mut current: Option<Group> = None;
    let width = if x_max > 0.0 { x_max } else { 1.0 };
    let flush = |out: &mut Vec<Point>, group: Group| {
        for p in group.points() {
            if out.last() != Some(&p) {
                out.push(p);
            }
        }
    };
    for p in points {
        let bucket = ((p.x / width) * buckets as f64).floor() as i64;
        match &mut current {
            Some(group) if group.slice == bucket => group.add(p),
            _ => {
                if let Some(group) = current.take() {
                    flush(&mut out, group);
                }
                current = Some(Group::new(bucket, p));
            }
        }
    }
    if let Some(group) = current {
        flush(&mut out, group);
    }
    out
}

/// First, lowest, highest and last point of one slice of the x axis.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Group {
    /// Which slice: x divided by the slice width, rounded down.
    pub(super) slice: i64,
    first: Point,
    low: Point,
    high: Point,
    last: Point,
}

impl Group {
    pub(super) fn new(slice: i64, p: Point) -> Group {
        Group {
            slice,
            first: p,
            low: p,
            high: p,
            last: p,
        }
    }

    pub(super) fn add(&mut self, p: Point) {
        if p.y < self.low.y {
            self.low = p;
        }
        if p.y > self.high.y {
            self.high = p;
        }
        self.last = p;
    }

    /// This group followed by `later`, as one.
    pub(super) fn merged(mut self, later: Group) -> Group {
        for p in [later.low, later.high] {
            self.add(p);
        }
        self.last = later.last;
        self
    }

    /// Its points in x order, each once.
    pub(super) fn points(&self) -> impl Iterator<Item = Point> {
        let (a, b) = if self.low.x <= self.high.x {
            (self.low, self.high)
        } else {
            (self.high, self.low)
        };
        let mut previous: Option<Point> = None;
        [self.first, a, b, self.last].into_iter().filter(move |p| {
            let new = previous != Some(*p);
            previous = Some(*p);
            new
        })
    }
}

/// An SVG path through `points`, mapped to pixels by `to_px`.
pub fn svg_path(points: &[Point], to_px: impl Fn(Point) -> (f64, f64)) -> String {
    path_through(points.iter().map(|p| to_px(*p)))
}

/// An SVG path through points already in pixels, to a tenth of a pixel.
///
/// Written digit by digit from whole tenths: formatting floats (`{:.1}`) was the page's
/// largest cost while drawing a run with 1,000 censuses.
pub fn path_through(points: impl IntoIterator<Item = (f64, f64)>) -> String {
    let points = points.into_iter();
    let mut d = String::with_capacity(points.size_hint().0 * 14);
    for (i, (x, y)) in points.enumerate() {
        d.push(if i == 0 { 'M' } else { 'L' });
        push_tenths(&mut d, x);
        d.push(' ');
        push_tenths(&mut d, y);
    }
    d
}

fn push_tenths(d: &mut String, v: f64) {
    use std::fmt::Write;
    let tenths = (v * 10.0).round() as i64;
    if tenths < 0 {
        d.push('-');
    }
    let tenths = tenths.unsigned_abs();
    let _ = write!(d, "{}.{}", tenths / 10, tenths % 10);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_extremes_and_bounds_the_point_count() {
        let points = (0..100_000).map(|i| Point {
            x: i as f64,
            y: if i == 50_001 { 1e9 } else { (i % 7) as f64 },
        });
        let thin = downsample(points, 100_000.0, 500);
        assert!(thin.len() <= 4 * 500, "{} points", thin.len());
        assert!(thin.iter().any(|p| p.y == 1e9), "the spike survives");
        assert!(thin.windows(2).all(|w| w[0].x <= w[1].x), "x stays ordered");
        assert_eq!(thin.last().unwrap().x, 99_999.0);
    }

    #[test]
    fn few_points_pass_through() {
        let points = vec![Point { x: 0.0, y: 0.0 }, Point { x: 5.0, y: 2.0 }];
        assert_eq!(downsample(points.clone().into_iter(), 10.0, 100), points);
        assert_eq!(svg_path(&points, |p| (p.x, p.y)), "M0.0 0.0L5.0 2.0");
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        let d = path_through([(12.34, -0.04), (-7.25, 199.96), (0.05, -3.0)]);
        assert_eq!(d, "M12.3 0.0L-7.3 200.0L0.1 -3.0");
    }
}
