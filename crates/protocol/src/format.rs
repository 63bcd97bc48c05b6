//! Human-readable figures shared by the CLI summary, the page and Python-facing messages.

/// Bytes in binary units: `512 B`, `1.5 KB`, `60.2 MB`, `2.00 GB`.
pub fn bytes(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let v = n.unsigned_abs() as f64;
    const KB: f64 = 1024.0;
    if v < KB {
        format!("{sign}{} B", n.unsigned_abs())
    } else if v < KB * KB {
        format!("{sign}{:.1} KB", v / KB)
    } else if v < KB * KB * KB {
        format!("{sign}{:.1} MB", v / (KB * KB))
    } else {
        format!("{sign}{:.2} GB", v / (KB * KB * KB))
    }
}

/// A duration in seconds as a person sets a limit: `0.1 s`, `20 s`, `600 s`.
pub fn seconds(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        format!("{} s", thousands(ms / 1000))
    } else {
        format!("{} s", ms as f64 / 1000.0)
    }
}

/// A count with thousands separators: `1,000,006`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many times `hi` is `lo`, as read aloud: `1.5x`, `41x`, `20,500x`; `None` when
/// `lo` is not positive (no ratio to speak of).
pub fn times(hi: f64, lo: f64) -> Option<String> {
    if lo <= 0.0 || !hi.is_finite() {
        return None;
    }
    let ratio = hi / lo;
    Some(if ratio < 10.0 {
        format!("{ratio:.1}x")
    } else {
        format!("{}x", thousands(ratio.round() as u64))
    })
}

/// How a larger figure compares with a smaller one, as the page and the CLI say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ratio {
    /// Within 5% of each other.
    AboutTheSame,
    /// `41x`, `1.5x`.
    Times(String),
    /// The smaller one is not positive.
    NoRatio,
}

pub fn ratio(hi: f64, lo: f64) -> Ratio {
    match times(hi, lo) {
        None => Ratio::NoRatio,
        Some(_) if hi < lo * 1.05 => Ratio::AboutTheSame,
        Some(x) => Ratio::Times(x),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_limits_in_seconds() {
        assert_eq!(super::seconds(100), "0.1 s");
        assert_eq!(super::seconds(20_000), "20 s");
        assert_eq!(super::seconds(2_500), "2.5 s");
        assert_eq!(super::seconds(600_000), "600 s");
    }

    #[test]
    fn separates_thousands() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_000_006), "1,000,006");
        assert_eq!(super::thousands(12_345), "12,345");
    }

    #[test]
    fn ratios_round_for_reading() {
        assert_eq!(super::times(82.0, 2.0).as_deref(), Some("41x"));
        assert_eq!(super::times(3.0, 2.0).as_deref(), Some("1.5x"));
        assert_eq!(super::times(3.0, 0.0), None);
        assert_eq!(
            super::times(41_000_000.0, 2_000.0).as_deref(),
            Some("20,500x")
        );
    }

    #[test]
    fn figures_within_five_percent_are_about_the_same() {
        use super::{ratio, Ratio};
        assert_eq!(ratio(2.02, 2.0), Ratio::AboutTheSame);
        assert_eq!(ratio(3.0, 2.0), Ratio::Times("1.5x".into()));
        assert_eq!(ratio(5.0, 0.0), Ratio::NoRatio);
    }

    #[test]
    fn picks_readable_units() {
        assert_eq!(super::bytes(512), "512 B");
        assert_eq!(super::bytes(1536), "1.5 KB");
        assert_eq!(super::bytes(-3 * 1024 * 1024), "-3.0 MB");
        assert_eq!(super::bytes(512 * 1024 * 1024), "512.0 MB");
        assert_eq!(super::bytes(3 << 30), "3.00 GB");
    }
}
