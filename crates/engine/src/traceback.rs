//! Traceback text as CPython prints it: a frame repeated more than three times in a row
//! (deep recursion) is shown three times, then `[Previous line repeated N more times]`,
//! instead of a thousand identical entries; and without frames of Memplay's own code
//! (`<memplay-prelude>` and the like: its stand-ins for stdout and `print`), which a
//! reader's CPython would not have.

/// How many identical entries in a row are printed before the rest are counted.
const SHOWN: usize = 3;

/// Folds runs of identical entries in `text`. An entry is a `  File "…", line N, in f`
/// line with the source lines indented under it.
pub(crate) fn fold_repeats(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(64 * 1024));
    let mut previous: Option<&str> = None;
    let mut repeats = 0usize;
    let flush = |out: &mut String, repeats: usize| {
        if repeats > SHOWN {
            let more = repeats - SHOWN;
            let times = if more == 1 { "time" } else { "times" };
            out.push_str(&format!("  [Previous line repeated {more} more {times}]\n"));
        }
    };
    for entry in entries(text) {
        if Some(entry) == previous && entry.starts_with("  File ") {
            repeats += 1;
            if repeats <= SHOWN {
                out.push_str(entry);
            }
            continue;
        }
        flush(&mut out, repeats);
        out.push_str(entry);
        previous = Some(entry);
        repeats = 1;
    }
    flush(&mut out, repeats);
    out
}

/// `text` without the entries of Memplay's own code (`<memplay-prelude>` and the like,
/// compiled by `bridge::run_internal`). The snippet's own file is kept whatever its name:
/// it is the pane's title, which a reader (or an embedding page) may write as `<memplay-x>`.
pub(crate) fn without_memplay_frames(text: &str, snippet_file: &str) -> String {
    let own = format!("  File \"{snippet_file}\"");
    entries(text)
        .filter(|entry| !entry.starts_with("  File \"<memplay-") || entry.starts_with(&own))
        .collect()
}

/// `text` cut into entries: each `  File` line with the deeper-indented lines after it;
/// every other line on its own.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        if rest.starts_with("  File ") {
            while rest[end..].starts_with("    ") {
                end += rest[end..].find('\n').map_or(rest.len() - end, |i| i + 1);
            }
        }
        let (entry, tail) = rest.split_at(end);
        rest = tail;
        Some(entry)
    })
}

#[cfg(test)]
mod tests {
    use super::{fold_repeats, without_memplay_frames};

    fn frame(line: u32) -> String {
        format!("  File \"f\", line {line}, in f\n    return f(n + 1)\n")
    }

    #[test]
    fn a_frame_repeated_past_three_times_is_counted_as_cpython_does() {
        let mut text = String::from("Traceback (most recent call last):\n");
        text.push_str("  File \"f\", line 3, in <module>\n    f(0)\n");
        for _ in 0..998 {
            text.push_str(&frame(2));
        }
        text.push_str("RecursionError: maximum recursion depth exceeded\n");
        let folded = fold_repeats(&text);
        let expected = format!(
            "Traceback (most recent call last):\n  File \"f\", line 3, in <module>\n    f(0)\n{}{}{}  [Previous line repeated 995 more times]\nRecursionError: maximum recursion depth exceeded\n",
            frame(2),
            frame(2),
            frame(2)
        );
        assert_eq!(folded, expected);
    }

    #[test]
    fn memplays_own_frames_are_left_out() {
        let text = format!(
            "Traceback (most recent call last):\n{}  File \"<memplay-prelude>\", line 40, in write\nKeyboardInterrupt: stopped\n",
            frame(4)
        );
        assert_eq!(
            without_memplay_frames(&text, "f"),
            format!(
                "Traceback (most recent call last):\n{}KeyboardInterrupt: stopped\n",
                frame(4)
            )
        );
        // A pane may be titled like Memplay's own files: its frames stay.
        let titled = "  File \"<memplay-x>\", line 1, in <module>\n    1/0\n";
        assert_eq!(without_memplay_frames(titled, "<memplay-x>"), titled);
    }

    #[test]
    fn short_runs_and_different_frames_are_kept_whole() {
        let text = format!(
            "{}{}{}{}{}",
            frame(1),
            frame(2),
            frame(2),
            frame(2),
            frame(1)
        );
        assert_eq!(fold_repeats(&text), text);
        let four = format!("{}{}{}{}", frame(2), frame(2), frame(2), frame(2));
        assert_eq!(
            fold_repeats(&four),
            format!(
                "{}{}{}  [Previous line repeated 1 more time]\n",
                frame(2),
                frame(2),
                frame(2)
            )
        );
    }
}
