//! Linear scales with ticks people read easily: 1, 2, 5 times a power of ten, in binary
//! units for bytes (10 MB, not 10.49 MB).

/// What an axis counts, which decides its tick steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// Bytes: steps in units of 1024, never below one byte.
    Bytes,
    /// Whole things (objects, instructions): steps of at least 1.
    Count,
    /// Anything else (milliseconds).
    Continuous,
}

/// A linear map from a data domain to a pixel range, with its tick values.
#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

impl Scale {
    /// A domain covering `lo..=hi` (and 0) with about `target_ticks` ticks.
    pub fn nice(lo: f64, hi: f64, target_ticks: usize, units: Units) -> Scale {
        let lo = lo.min(0.0);
        let hi = if hi > lo { hi } else { lo + 1.0 };
        let step = nice_step((hi - lo) / target_ticks.max(1) as f64, units);
        let min = (lo / step).floor() * step;
        let max = (hi / step).ceil() * step;
        let count = ((max - min) / step).round() as usize;
        let ticks = (0..=count).map(|i| min + step * i as f64).collect();
        Scale { min, max, ticks }
    }

    /// A domain ending exactly at `hi` (a time axis ends where the data ends), with round
    /// ticks inside it.
    pub fn tight(hi: f64, target_ticks: usize, units: Units) -> Scale {
        let hi = if hi > 0.0 { hi } else { 1.0 };
        let step = nice_step(hi / target_ticks.max(1) as f64, units);
        let count = (hi / step).floor() as usize;
        let ticks = (0..=count).map(|i| step * i as f64).collect();
        Scale {
            min: 0.0,
            max: hi,
            ticks,
        }
    }

    /// Position of `v` between `from` (at `min`) and `to` (at `max`).
    pub fn map(&self, v: f64, from: f64, to: f64) -> f64 {
        from + (v - self.min) / (self.max - self.min) * (to - from)
    }
}

fn nice_step(raw: f64, units: Units) -> f64 {
    let raw = raw.max(f64::MIN_POSITIVE);
    let unit = if units == Units::Bytes {
        let mut unit = 1.0;
        while raw / unit >= 1024.0 {
            unit *= 1024.0;
        }
        unit
    } else {
        1.0
    };
    let scaled = raw / unit;
    let magnitude = 10f64.powf(scaled.log10().floor());
    let fraction = scaled / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    let smallest = match units {
        Units::Bytes | Units::Count => 1.0,
        Units::Continuous => f64::MIN_POSITIVE,
    };
    // 1000 KB would read "1000.0 KB", "2.0 MB", "2.9 MB": step one whole next unit instead.
    if units == Units::Bytes && nice * magnitude >= 1000.0 {
        return 1024.0 * unit;
    }
    (nice * magnitude * unit).max(smallest)
}

/// A count for an axis or tooltip: `950`, `12.5k`, `1.2M`.
pub fn count(v: f64) -> String {
    let a = v.abs();
    if a >= 1e9 {
        format!("{:.1}G", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else {
        format!("{}", v.round())
    }
}

/// Milliseconds for an axis or tooltip: `350 ms`, `1.5 s`.
pub fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_ticks_are_round_numbers() {
        let s = Scale::nice(0.0, 1_000_000.0, 4, Units::Count);
        assert_eq!(s.ticks, vec![0.0, 500_000.0, 1_000_000.0]);
        let s = Scale::nice(0.0, 730.0, 4, Units::Continuous);
        assert_eq!(s.max, 800.0);
        assert_eq!(s.ticks.len(), 5);
    }

    #[test]
    fn byte_ticks_are_round_in_binary_units() {
        let mb = 1024.0 * 1024.0;
        let s = Scale::nice(0.0, 60.2 * mb, 4, Units::Bytes);
        assert_eq!(s.ticks[1], 20.0 * mb);
        assert_eq!(s.max, 80.0 * mb);
        // A step of about 1000 KB becomes 1 MB, so every tick reads as whole MB.
        let s = Scale::nice(0.0, 3.5 * mb, 4, Units::Bytes);
        assert_eq!(s.ticks, vec![0.0, mb, 2.0 * mb, 3.0 * mb, 4.0 * mb]);
    }

    #[test]
    fn tight_domains_end_at_the_data() {
        let s = Scale::tight(6_000_023.0, 5, Units::Count);
        assert_eq!(s.max, 6_000_023.0);
        assert_eq!(s.ticks.last(), Some(&6_000_000.0));
        assert_eq!(s.ticks[1], 2_000_000.0);
    }

    #[test]
    fn domains_include_zero_and_negatives() {
        let s = Scale::nice(-300.0, 1000.0, 4, Units::Continuous);
        assert!(s.min <= -300.0 && s.min > -1000.0);
        assert_eq!(s.map(s.min, 10.0, 110.0), 10.0);
        assert_eq!(s.map(s.max, 10.0, 110.0), 110.0);
        // An empty domain still gives a usable scale.
        let flat = Scale::nice(0.0, 0.0, 4, Units::Bytes);
        assert!(flat.max > flat.min);
        // Counts never get fractional ticks.
        let few = Scale::nice(0.0, 1.0, 4, Units::Count);
        assert_eq!(few.ticks, vec![0.0, 1.0]);
        let steps = Scale::tight(3.0, 5, Units::Count);
        assert_eq!(steps.ticks, vec![0.0, 1.0, 2.0, 3.0]);
    }

    #[test]
    fn formats_counts_and_times() {
        assert_eq!(count(950.0), "950");
        assert_eq!(count(1_500.0), "1.5k");
        assert_eq!(count(250_000.0), "250k");
        assert_eq!(count(1_200_000.0), "1.2M");
        assert_eq!(millis(350.0), "350 ms");
        assert_eq!(millis(1500.0), "1.5 s");
    }
}
