//! Located diagnostics. Every input error in brink ends up as a [`Diagnostic`] that names the file,
//! the line and column (or the field) and says what was expected.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// Text safe to print on a terminal: control characters other than newline and tab (escape
/// sequences, carriage returns, backspaces, C1 controls) written as `\u{1b}`, so a name in an
/// input file cannot recolour, move or erase what the terminal shows. Names are kept as the file
/// gives them (so JSON output and round trips are faithful); text output passes through here.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// ` (a, b, c)`: the first dozen distinct ids of a list, for "unknown id" messages (nothing when
/// the list is empty).
pub fn list_hint<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut seen = std::collections::HashSet::new();
    let ids: Vec<&str> = ids.filter(|id| seen.insert(*id)).take(12).collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", ids.join(", "))
    }
}

/// ` (did you mean `NAME`?)` for the candidate nearest to a misspelt `word` (case ignored, at
/// most one edit per three letters), or nothing when none is near: for "unknown …" messages.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

impl Location {
    /// The 1-based line and column (in characters) of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let mut line = 1;
        let mut line_start = 0;
        for (i, b) in text.as_bytes()[..offset].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = i + 1;
            }
        }
        // Count characters, not bytes; the offset may fall inside a character of lossy text.
        let col = text
            .get(line_start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - line_start)
            + 1;
        Location { line, col }
    }
}

/// Byte offsets → 1-based line and character column in O(log n), for importers that locate
/// many fields of one text: [`Location::of_offset`] rescans the text from its start, which makes
/// locating every field of a large file quadratic.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts (the first is 0).
    line_starts: Vec<usize>,
    /// Characters before byte `k * CHUNK`, so that a column on a long line (minified JSON) costs
    /// at most one chunk's scan.
    chars_before_chunk: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    const CHUNK: usize = 4096;

    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(newline_offsets(bytes).map(|i| i + 1));
        let mut chars_before_chunk = Vec::with_capacity(bytes.len() / Self::CHUNK + 1);
        let mut chars = 0;
        for chunk in bytes.chunks(Self::CHUNK) {
            chars_before_chunk.push(chars);
            chars += count_chars(chunk);
        }
        chars_before_chunk.push(chars);
        LineIndex {
            text,
            line_starts,
            chars_before_chunk,
        }
    }

    /// Characters (UTF-8 lead bytes) in `text[..offset]`.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / Self::CHUNK;
        self.chars_before_chunk[k] + count_chars(&self.text.as_bytes()[k * Self::CHUNK..offset])
    }

    /// The location of byte `offset` (clamped to the text); the same as
    /// [`Location::of_offset`].
    pub fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        // Short lines (the usual case) are counted directly; long ones through the chunk table.
        let chars = if offset - start <= Self::CHUNK {
            count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        };
        Location {
            line,
            col: chars + 1,
        }
    }
}

fn newline_offsets(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

/// Characters in UTF-8 bytes: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// One message about an input.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the input came from (`-` for stdin).
    pub file: String,
    pub location: Option<Location>,
    /// The field the message is about (e.g. `position[3].salience`), when known.
    pub field: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            location: None,
            field: None,
            message: message.into(),
        }
    }
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
    pub fn at_line_col(self, line: usize, col: usize) -> Self {
        self.at(Location { line, col })
    }
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable(&self.file))?;
        if let Some(loc) = self.location {
            write!(f, ":{}:{}", loc.line, loc.col)?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {kind}: ")?;
        if let Some(field) = &self.field {
            write!(f, "`{}`: ", printable(field))?;
        }
        write!(f, "{}", printable(&self.message))
    }
}

/// A failed load: at least one error, perhaps with warnings. Displays one diagnostic per line.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn single(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// Where a scenario came from: the file name and, per field path, where that field stands in the
/// file. Importers fill it (field paths like `actor[2].capability`, `position[5].at`,
/// `issue[0]`); validation uses it to locate its messages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origin {
    pub file: String,
    pub spans: HashMap<String, Location>,
}

impl Origin {
    pub fn new(file: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            spans: HashMap::new(),
        }
    }

    pub fn record(&mut self, field: impl Into<String>, location: Location) {
        self.spans.insert(field.into(), location);
    }

    /// The location of `field`, or of the nearest enclosing field that has one
    /// (`position[3].at.sd` → `position[3].at` → `position[3]`).
    pub fn locate(&self, field: &str) -> Option<Location> {
        let mut key = field;
        loop {
            if let Some(loc) = self.spans.get(key) {
                return Some(*loc);
            }
            let cut = key.rfind(['.', '['])?;
            key = &key[..cut];
            if key.is_empty() {
                return None;
            }
        }
    }

    /// A diagnostic about `field`, located where the file has it.
    pub fn diagnostic(&self, severity: Severity, field: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            file: self.file.clone(),
            location: self.locate(field),
            field: Some(field.to_string()),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let text = "ab\ncdé\nx";
        assert_eq!(Location::of_offset(text, 0), Location { line: 1, col: 1 });
        assert_eq!(Location::of_offset(text, 4), Location { line: 2, col: 2 });
        assert_eq!(
            Location::of_offset(text, text.len()),
            Location { line: 3, col: 2 }
        );
    }

    #[test]
    fn line_index_agrees_with_of_offset() {
        let long = format!("{}é{}\n\nz", "a".repeat(5000), "ü".repeat(3000));
        for text in ["", "ab\ncdé\nx", "\n\n", "é\r\nx", long.as_str()] {
            let index = LineIndex::new(text);
            for offset in
                (0..=text.len() + 2).filter(|o| text.is_char_boundary((*o).min(text.len())))
            {
                assert_eq!(
                    index.locate(offset),
                    Location::of_offset(text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}[31mred\r\u{9b}"),
            "a\\u{1b}[31mred\\u{d}\\u{9b}"
        );
        let d = Diagnostic::error("f\u{7}.toml", "duplicate actor `\u{1b}[2J`");
        assert_eq!(
            d.to_string(),
            "f\\u{7}.toml: error: duplicate actor `\\u{1b}[2J`"
        );
    }

    #[test]
    fn near_names_are_suggested_and_far_ones_not() {
        let models = ["smp", "bdm", "exchange"];
        assert_eq!(did_you_mean("smpp", models), " (did you mean `smp`?)");
        assert_eq!(
            did_you_mean("Exchnage", models),
            " (did you mean `exchange`?)"
        );
        assert_eq!(did_you_mean("colour", models), "");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn locate_falls_back_to_enclosing_field() {
        let mut o = Origin::new("f.toml");
        o.record("position[3]", Location { line: 7, col: 1 });
        assert_eq!(
            o.locate("position[3].at.sd"),
            Some(Location { line: 7, col: 1 })
        );
        assert_eq!(o.locate("actor[0]"), None);
    }

    #[test]
    fn display_names_file_line_col_and_field() {
        let d = Diagnostic::error("a.toml", "expected a number")
            .at_line_col(3, 9)
            .field("actor[0].capability");
        assert_eq!(
            d.to_string(),
            "a.toml:3:9: error: `actor[0].capability`: expected a number"
        );
    }
}
