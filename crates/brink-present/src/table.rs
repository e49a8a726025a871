//! Aligned text tables for terminals, prose wrapped to a width, and numbers written to suit
//! their scale (never `-0.0`, never `2.4e-18` noise).

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A text table with aligned columns.
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

/// The narrowest a shrunk text column gets: narrower, wrapped text is unreadable.
const MIN_TEXT_COLUMN: usize = 12;

fn width(s: &str) -> usize {
    s.chars().count()
}

impl Table {
    pub fn new(headers: &[(&str, Align)]) -> Self {
        Table {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            align: headers.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn natural_widths(&self) -> Vec<usize> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(c));
            }
        }
        widths
    }

    /// The width of the widest line `render(indent)` would write.
    pub fn natural_width(&self, indent: &str) -> usize {
        let w = self.natural_widths();
        width(indent) + w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1)
    }

    /// The table with no limit on its width.
    pub fn render(&self, indent: &str) -> String {
        self.render_within(indent, usize::MAX)
    }

    /// The table in at most `max_width` characters a line: when it is wider, its widest
    /// left-aligned (text) column shrinks — down to 12 characters, then the next widest — and
    /// its cells wrap onto continuation lines at spaces (a word longer than the column is cut
    /// with `…`). A table whose numbers alone exceed the width is written as narrow as it goes.
    pub fn render_within(&self, indent: &str, max_width: usize) -> String {
        let n = self.headers.len();
        let mut widths = self.natural_widths();
        let mut gap = 2;
        let total = |w: &[usize], gap: usize| {
            width(indent) + w.iter().sum::<usize>() + gap * (n.max(1) - 1)
        };
        if total(&widths, gap) > max_width {
            // First the headers wrap: a column need only be as wide as its cells and the
            // longest word of its header.
            for (i, w) in widths.iter_mut().enumerate() {
                let longest_word = self.headers[i].split(' ').map(width).max().unwrap_or(0);
                let cells = self.rows.iter().map(|r| r.get(i).map_or(0, |c| width(c)));
                *w = cells.max().unwrap_or(0).max(longest_word);
            }
        }
        // A text column wraps down to 12 characters; a column of numbers only at its spaces
        // (`1.0 – 2.0` onto two lines), never cutting a number.
        let longest_word = |i: usize| {
            let cells = self.rows.iter().filter_map(|r| r.get(i));
            cells
                .chain([&self.headers[i]])
                .flat_map(|c| c.split(' ').map(width))
                .max()
                .unwrap_or(0)
        };
        let floor: Vec<usize> = (0..n)
            .map(|i| match self.align[i] {
                Align::Left => MIN_TEXT_COLUMN,
                Align::Right => longest_word(i),
            })
            .collect();
        while total(&widths, gap) > max_width {
            let pick = |align: Align| {
                (0..n)
                    .filter(|&i| self.align[i] == align && widths[i] > floor[i])
                    .max_by_key(|&i| (widths[i], i))
            };
            let Some(i) = pick(Align::Left).or_else(|| pick(Align::Right)) else {
                // Last, the columns move closer together.
                if gap > 1 {
                    gap = 1;
                    continue;
                }
                break;
            };
            let excess = total(&widths, gap) - max_width;
            let second = (0..n)
                .filter(|&j| j != i && self.align[j] == self.align[i])
                .map(|j| widths[j])
                .filter(|&w| w < widths[i])
                .max()
                .unwrap_or(0)
                .max(floor[i]);
            widths[i] -= excess.min(widths[i] - second).max(1);
        }
        let line = |cells: &[String]| {
            let mut s = String::from(indent);
            for (i, w) in widths.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = w.saturating_sub(width(c));
                if i > 0 {
                    s.push_str(&" ".repeat(gap));
                }
                match self.align[i] {
                    Align::Left if i + 1 == n => s.push_str(c),
                    Align::Left => {
                        s.push_str(c);
                        s.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(c);
                    }
                }
            }
            s.trim_end().to_string() + "\n"
        };
        // A row as one or more lines: each cell wrapped to its column's width.
        let lines = |cells: &[String]| {
            let wrapped: Vec<Vec<String>> = (0..n)
                .map(|i| {
                    let c = cells.get(i).map(String::as_str).unwrap_or("");
                    if width(c) <= widths[i] {
                        vec![c.to_string()]
                    } else {
                        wrap_words(c, widths[i])
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            let mut s = String::new();
            for k in 0..height {
                let part: Vec<String> = wrapped
                    .iter()
                    .map(|w| w.get(k).cloned().unwrap_or_default())
                    .collect();
                s.push_str(&line(&part));
            }
            s
        };
        let mut out = lines(&self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&line(&rule));
        for row in &self.rows {
            out.push_str(&lines(row));
        }
        out
    }
}

/// `text` broken at spaces into lines of at most `max` characters, keeping the spaces between
/// the words of a line as they were (a row of numbers stays spaced); a word longer than `max`
/// is cut, ending in `…`.
fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2);
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut spaces = 0;
    for word in text.split(' ') {
        if word.is_empty() {
            spaces += 1;
            continue;
        }
        let gap = spaces + 1;
        spaces = 0;
        let word = if width(word) > max {
            word.chars().take(max - 1).collect::<String>() + "…"
        } else {
            word.to_string()
        };
        if current.is_empty() {
            current = word;
        } else if width(&current) + gap + width(&word) <= max {
            current.push_str(&" ".repeat(gap));
            current.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut current, word));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Every line of `text` longer than `max_width` characters wrapped at spaces; continuation
/// lines are indented two more than the line they continue. For the prose around tables
/// (headings, notes); tables themselves fit with [`Table::render_within`]. Lines that fit are
/// left exactly as they are.
pub fn wrap_lines(text: &str, max_width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if width(line) <= max_width {
            out.push_str(line);
            continue;
        }
        let lead = line.len() - line.trim_start_matches(' ').len();
        let first_indent = " ".repeat(lead);
        let next_indent = " ".repeat((lead + 2).min(max_width / 2));
        let body = wrap_words(&line[lead..], max_width.saturating_sub(lead + 2).max(10));
        for (j, part) in body.iter().enumerate() {
            if j > 0 {
                out.push('\n');
                out.push_str(&next_indent);
            } else {
                out.push_str(&first_indent);
            }
            out.push_str(part);
        }
    }
    out
}

/// Decimals that suit a scale: 1 on 0–100, 2 on 4–10, more on 0–1.
pub fn decimals_for(scale: [f64; 2]) -> usize {
    let span = (scale[1] - scale[0]).abs();
    if span >= 50.0 {
        1
    } else if span >= 5.0 {
        2
    } else {
        3
    }
}

/// Values this close to 0 are rounding noise (`2.4e-18` after a subtraction): written as 0.
const ZERO_NOISE: f64 = 1e-12;

/// `x` with `decimals` decimals; `—` for NaN; never `-0.0` (a value that rounds to zero is
/// written unsigned) and never rounding noise (|x| < 1e-12 is 0).
pub fn fmt_num(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        "—".into()
    } else if x.abs() >= 1e15 && x.is_finite() {
        // 300 digits of a number near f64::MAX help nobody.
        format!("{x:.3e}")
    } else {
        let x = if x.abs() < ZERO_NOISE { 0.0 } else { x };
        unsigned_zero(format!("{x:.decimals$}"))
    }
}

/// `x` as [`fmt_num`] writes it, with a `+` before a positive value (shifts, differences);
/// zero has no sign.
pub fn fmt_signed(x: f64, decimals: usize) -> String {
    let s = fmt_num(x, decimals);
    if x > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) && !s.starts_with('+') {
        format!("+{s}")
    } else {
        s
    }
}

/// `-0.00` → `0.00`: a number that rounds to zero has no sign.
fn unsigned_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if !rest.bytes().any(|b| (b'1'..=b'9').contains(&b)) => rest.to_string(),
        _ => s,
    }
}

/// A scale's ends as brink writes them everywhere: `0–100`, `0–1`, `-5–5`, `0.5–9.5` (no
/// trailing zeros).
pub fn fmt_scale(scale: [f64; 2]) -> String {
    format!("{}–{}", fmt_short(scale[0]), fmt_short(scale[1]))
}

/// `x` with as few decimals as it needs (at most 6): `100`, `0.5`, `-0.25`.
pub fn fmt_short(x: f64) -> String {
    let s = fmt_num(x, 6);
    if s.contains('.') && !s.contains('e') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        unsigned_zero(t.to_string())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_negative_zero_and_no_noise() {
        assert_eq!(fmt_num(-0.0, 1), "0.0");
        assert_eq!(fmt_num(-0.04, 1), "0.0");
        assert_eq!(fmt_num(-0.06, 1), "-0.1");
        assert_eq!(fmt_num(2.38e-18, 3), "0.000");
        assert_eq!(fmt_num(-2.38e-18, 3), "0.000");
        assert_eq!(fmt_signed(0.04, 1), "0.0");
        assert_eq!(fmt_signed(6.1, 1), "+6.1");
        assert_eq!(fmt_signed(-6.1, 1), "-6.1");
        assert_eq!(fmt_num(f64::NAN, 1), "—");
    }

    #[test]
    fn scales_are_written_one_way() {
        assert_eq!(fmt_scale([0.0, 100.0]), "0–100");
        assert_eq!(fmt_scale([0.0, 1.0]), "0–1");
        assert_eq!(fmt_scale([-5.0, 5.0]), "-5–5");
        assert_eq!(fmt_scale([0.5, 9.25]), "0.5–9.25");
        assert_eq!(fmt_scale([-0.0, 10.0]), "0–10");
    }

    #[test]
    fn a_wide_table_fits_by_wrapping_its_text_column() {
        let mut t = Table::new(&[
            ("model", Align::Left),
            ("value", Align::Right),
            ("on the scale", Align::Left),
        ]);
        t.row(vec![
            "compromise".into(),
            "22.9".into(),
            "between “zero enrichment on Iranian soil” and “suspension, or enrichment only in a regional consortium”".into(),
        ]);
        t.row(vec!["mean".into(), "-0.0".into(), "≈ a".into()]);
        let wide = t.render("  ");
        assert_eq!(wide.lines().count(), 4);
        let out = t.render_within("  ", 60);
        for l in out.lines() {
            assert!(width(l) <= 60, "{l:?}");
        }
        assert!(out.lines().count() > 4);
        // The words survive the wrap, in order.
        let joined: Vec<&str> = out.split_whitespace().collect();
        assert!(joined.join(" ").contains("“suspension, or enrichment"));
        assert_eq!(
            t.natural_width("  "),
            wide.lines().map(width).max().unwrap()
        );
    }

    #[test]
    fn long_prose_wraps_with_an_indent_and_short_lines_stay() {
        let text = "short\n  note: a b c d e f g h i j k l m n o p q r s t u v w x y z\n";
        let out = wrap_lines(text, 20);
        assert!(out.starts_with("short\n  note:"));
        assert!(out.ends_with('\n'));
        for l in out.lines() {
            assert!(width(l) <= 20, "{l:?}");
        }
        assert!(out.lines().skip(2).all(|l| l.starts_with("    ")));
        // A line too wide to fit keeps its spacing where it is not broken.
        assert_eq!(
            wrap_lines("aaaa  bbbb    cccc  dddd", 20),
            "aaaa  bbbb    cccc\n  dddd"
        );
        let long = "x".repeat(50);
        assert!(wrap_lines(&long, 20).lines().all(|l| width(l) <= 20));
    }
}
