//! What the charts share: the colour palette, text wrapped to a width in pixels (the SVG backend
//! cannot measure text, so widths are estimated from the character count), label placement along
//! an issue's scale, and number formatting for axes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Series colours (Tableau 10, then darker variants): distinct on screen and in print.
pub const PALETTE: [RGBColor; 16] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(16, 60, 90),
    RGBColor(160, 70, 0),
    RGBColor(20, 90, 20),
    RGBColor(120, 15, 15),
    RGBColor(80, 50, 110),
    RGBColor(0, 110, 120),
];

/// The colour of series `k`.
pub fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

/// The estimated width in pixels of `text` at font size `size` (sans-serif averages about 0.55
/// of the size per character).
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.55
}

/// `text` wrapped into lines at most `width` pixels wide at font size `size` (a word longer than
/// the width is cut with an ellipsis), at most `max_lines` lines (the last ends in `…` when text
/// was left out).
pub fn wrap(text: &str, width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let max_chars = ((width / (size * 0.55)).floor() as usize).max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word: String = if word.chars().count() > max_chars {
            word.chars().take(max_chars - 1).chain(['…']).collect()
        } else {
            word.to_string()
        };
        if line.is_empty() {
            line = word;
        } else if line.chars().count() + 1 + word.chars().count() <= max_chars {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::take(&mut line));
            line = word;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        let last = lines.last_mut().expect("one line at least");
        while last.chars().count() + 1 > max_chars {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// `text` shortened to `width` pixels with an ellipsis.
pub fn shorten(text: &str, width: f64, size: f64) -> String {
    let max_chars = ((width / (size * 0.55)).floor() as usize).max(2);
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        text.chars()
            .take(max_chars - 1)
            .chain(['…'])
            .collect::<String>()
    }
}

/// A font of `size` px in `colour`, anchored at `h`, `v`.
pub fn font(size: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", size)
        .into_font()
        .color(&colour)
        .pos(Pos::new(h, v))
}

/// A number for an axis or a caption: up to 3 significant decimals, no `-0`.
pub fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return if x.is_finite() {
            "0".into()
        } else {
            x.to_string()
        };
    }
    if x.abs() >= 1e6 || x.abs() < 1e-3 {
        return format!("{x:.2e}");
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// A probability as a percentage with one decimal.
pub fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

/// Where the labels of a scale go along an axis `[x0, x1]` px wide (for `scale` = `[lo, hi]`):
/// each label's x and its text wrapped to the room it has (half the distance to each neighbour),
/// at most `max_lines` lines.
pub fn scale_labels(
    labels: &[(f64, String)],
    scale: [f64; 2],
    x0: f64,
    x1: f64,
    size: f64,
    max_lines: usize,
) -> Vec<(f64, Vec<String>)> {
    let span = scale[1] - scale[0];
    if labels.is_empty() || !(span.is_finite() && span > 0.0) {
        return vec![];
    }
    let xs: Vec<f64> = labels
        .iter()
        .map(|(v, _)| x0 + (x1 - x0) * (v - scale[0]) / span)
        .collect();
    labels
        .iter()
        .enumerate()
        .map(|(k, (_, text))| {
            let left = if k == 0 {
                f64::INFINITY
            } else {
                xs[k] - xs[k - 1]
            };
            let right = if k + 1 == xs.len() {
                f64::INFINITY
            } else {
                xs[k + 1] - xs[k]
            };
            // Room: the distance to the nearer neighbour (an end label gets as much room as
            // the gap on its inner side); the caller keeps the text inside the picture.
            let gap = left.min(right);
            let gap = if gap.is_finite() { gap } else { x1 - x0 };
            let width = (gap - 8.0).clamp(30.0, 240.0);
            (xs[k], wrap(text, width, size, max_lines))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_its_width_and_keeps_every_word_it_can() {
        let lines = wrap(
            "suspension, or enrichment only in a regional consortium",
            100.0,
            10.0,
            5,
        );
        assert!(lines.len() >= 3, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, 10.0) <= 100.0, "{l}");
        }
        assert_eq!(
            lines.join(" "),
            "suspension, or enrichment only in a regional consortium"
        );
        let cut = wrap("one two three four five six", 40.0, 10.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-0.0001), "-1.00e-4");
        assert_eq!(num(41.25), "41.25");
        assert_eq!(num(100.0), "100");
        assert_eq!(pct(0.1234), "12.3%");
    }

    #[test]
    fn neighbouring_labels_share_the_axis() {
        let labels = vec![(0.0, "a b c d e f".to_string()), (10.0, "g h".to_string())];
        let placed = scale_labels(&labels, [0.0, 100.0], 0.0, 500.0, 10.0, 3);
        assert_eq!(placed.len(), 2);
        assert!((placed[1].0 - 50.0).abs() < 1e-9);
        for (_, lines) in &placed {
            for l in lines {
                assert!(text_width(l, 10.0) <= 42.0 + 1e-9, "{l}");
            }
        }
    }
}
