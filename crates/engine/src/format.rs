//! Human-readable figures shared by the CLI summary and Python-facing messages.

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

#[cfg(test)]
mod tests {
    #[test]
    fn picks_readable_units() {
        assert_eq!(super::bytes(512), "512 B");
        assert_eq!(super::bytes(1536), "1.5 KB");
        assert_eq!(super::bytes(-3 * 1024 * 1024), "-3.0 MB");
        assert_eq!(super::bytes(512 * 1024 * 1024), "512.0 MB");
        assert_eq!(super::bytes(3 << 30), "3.00 GB");
    }
}
