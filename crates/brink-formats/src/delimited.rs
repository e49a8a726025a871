//! The one field splitter of the delimited importers (BDM tables, KTAB CSV, decide, DEU): text
//! → records of fields, each field unquoted and located, so that every importer reports a bad
//! field at its line and column. The importers differ only in their [`Dialect`].

use brink_core::{Diagnostic, Location};

/// How one importer's files delimit and quote their fields.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Dialect {
    pub delimiter: char,
    /// The characters that may open a quoted field (after blanks); a doubled quote inside one
    /// stands for the quote itself.
    pub quotes: &'static [char],
    /// Whether text after a field's closing quote is kept (decide, KTAB, DEU) or refused (BDM
    /// tables, as RFC 4180 does).
    pub keep_after_quote: bool,
    /// Whether a quoted field may span lines (RFC 4180; BDM tables). Otherwise a line break ends
    /// the record even inside quotes, and the quote is unclosed.
    pub multiline: bool,
}

/// One field: its text (unquoted; unquoted text as written, blanks included) and where it is.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    pub text: String,
    /// Where the field starts: just after the previous delimiter, blanks included.
    pub start: Location,
    /// Where a quoted field's opening quote is (`None`: the field is not quoted).
    pub quote: Option<Location>,
}

impl Field {
    /// Where the field's text is seen to start: its opening quote, or its first character that is
    /// not white space (the start when it has none).
    pub fn first(&self) -> Location {
        self.quote.unwrap_or_else(|| Location {
            line: self.start.line,
            col: self.start.col + self.text.chars().take_while(|c| c.is_whitespace()).count(),
        })
    }
}

/// One record: its fields, and where it ends (for a missing field).
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub fields: Vec<Field>,
    pub end: Location,
}

/// Why the text could not be split.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SplitError {
    /// A quoted field never closes: where the field starts, and its opening quote.
    Unclosed { start: Location, quote: Location },
    /// Text after a field's closing quote, which the dialect refuses.
    AfterQuote { at: Location, found: char },
}

/// Splits `text`, whose first line is line `first_line` of its file, into records: `\n`, `\r\n`
/// or `\r` ends a record (outside quotes, or anywhere unless the dialect is multi-line).
pub(crate) fn split(
    text: &str,
    first_line: usize,
    dialect: &Dialect,
) -> Result<Vec<Record>, SplitError> {
    split_with(text, first_line, dialect, true)
}

/// Splits one line that is line `line` of its file: line-break characters in it (a stray `\r`)
/// are text like any other.
pub(crate) fn split_line(text: &str, line: usize, dialect: &Dialect) -> Result<Record, SplitError> {
    let mut records = split_with(text, line, dialect, false)?;
    Ok(records.pop().unwrap_or(Record {
        fields: vec![Field {
            text: String::new(),
            start: Location { line, col: 1 },
            quote: None,
        }],
        end: Location { line, col: 1 },
    }))
}

/// [`split_line`] for dialects that keep text after a quote, whose only error, a quote that does
/// not close on its line, becomes a located diagnostic.
pub(crate) fn split_line_located(
    text: &str,
    line: usize,
    dialect: &Dialect,
    file: &str,
) -> Result<Record, Diagnostic> {
    split_line(text, line, dialect).map_err(|e| {
        let (SplitError::Unclosed { quote: at, .. } | SplitError::AfterQuote { at, .. }) = e;
        Diagnostic::error(
            file,
            "unclosed quote: expected a closing `\"` before the end of the line",
        )
        .at(at)
    })
}

fn split_with(
    text: &str,
    first_line: usize,
    dialect: &Dialect,
    breaks: bool,
) -> Result<Vec<Record>, SplitError> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let sep = dialect.delimiter;
    let (mut i, mut line, mut col) = (0usize, first_line, 1usize);
    let mut records = Vec::new();
    // Advances over one character, keeping line and column; `\r\n` counts as one line break.
    let step = |i: &mut usize, line: &mut usize, col: &mut usize| {
        let c = chars[*i];
        *i += 1;
        if !breaks {
            *col += 1;
        } else if c == '\n' || (c == '\r' && chars.get(*i) != Some(&'\n')) {
            *line += 1;
            *col = 1;
        } else if c != '\r' {
            *col += 1;
        }
    };
    let is_blank = |c: char| c == ' ' || (c == '\t' && sep != '\t');
    let is_break = |c: char| breaks && (c == '\n' || c == '\r');
    while i < n {
        let mut fields = Vec::new();
        loop {
            let start = Location { line, col };
            // A quoted field may have blanks before its opening quote.
            let mut j = i;
            while j < n && is_blank(chars[j]) {
                j += 1;
            }
            let mut text = String::new();
            let mut quote = None;
            if j < n && dialect.quotes.contains(&chars[j]) {
                let q = chars[j];
                while i < j {
                    step(&mut i, &mut line, &mut col);
                }
                quote = Some(Location { line, col });
                step(&mut i, &mut line, &mut col);
                loop {
                    if i >= n || (!dialect.multiline && is_break(chars[i])) {
                        return Err(SplitError::Unclosed {
                            start,
                            quote: quote.expect("set above"),
                        });
                    }
                    let c = chars[i];
                    step(&mut i, &mut line, &mut col);
                    if c != q {
                        text.push(c);
                    } else if i < n && chars[i] == q {
                        text.push(q);
                        step(&mut i, &mut line, &mut col);
                    } else {
                        break;
                    }
                }
                if dialect.keep_after_quote {
                    while i < n && chars[i] != sep && !is_break(chars[i]) {
                        text.push(chars[i]);
                        step(&mut i, &mut line, &mut col);
                    }
                } else {
                    while i < n && is_blank(chars[i]) {
                        step(&mut i, &mut line, &mut col);
                    }
                    if i < n && chars[i] != sep && !is_break(chars[i]) {
                        return Err(SplitError::AfterQuote {
                            at: Location { line, col },
                            found: chars[i],
                        });
                    }
                }
            } else {
                while i < n && chars[i] != sep && !is_break(chars[i]) {
                    text.push(chars[i]);
                    step(&mut i, &mut line, &mut col);
                }
            }
            fields.push(Field { text, start, quote });
            if i < n && chars[i] == sep {
                step(&mut i, &mut line, &mut col);
            } else {
                break;
            }
        }
        let end = Location { line, col };
        if i < n {
            // The line break that ended the record.
            step(&mut i, &mut line, &mut col);
            if chars[i - 1] == '\r' && i < n && chars[i] == '\n' {
                step(&mut i, &mut line, &mut col);
            }
        }
        records.push(Record { fields, end });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC: Dialect = Dialect {
        delimiter: ',',
        quotes: &['"'],
        keep_after_quote: false,
        multiline: true,
    };
    const LINES: Dialect = Dialect {
        delimiter: ';',
        quotes: &['"', '\''],
        keep_after_quote: true,
        multiline: false,
    };

    fn texts(r: &Record) -> Vec<&str> {
        r.fields.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn quoted_fields_with_delimiters_doubled_quotes_and_line_breaks() {
        let rows = split("a, \"b,\"\"c\"\"\" ,d\r\n\"x\ny\",z\n", 1, &RFC).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(texts(&rows[0]), ["a", "b,\"c\"", "d"]);
        assert_eq!(rows[0].fields[1].start, Location { line: 1, col: 3 });
        assert_eq!(rows[0].fields[1].first(), Location { line: 1, col: 4 });
        assert_eq!(rows[0].end, Location { line: 1, col: 16 });
        assert_eq!(texts(&rows[1]), ["x\ny", "z"]);
        assert_eq!(rows[1].fields[1].start, Location { line: 3, col: 4 });
    }

    #[test]
    fn errors_are_located() {
        assert_eq!(
            split("a,\"b\"c\n", 1, &RFC).unwrap_err(),
            SplitError::AfterQuote {
                at: Location { line: 1, col: 6 },
                found: 'c'
            }
        );
        assert_eq!(
            split_line("x; 'abc", 7, &LINES).unwrap_err(),
            SplitError::Unclosed {
                start: Location { line: 7, col: 3 },
                quote: Location { line: 7, col: 4 }
            }
        );
        let r = split_line("'it''s' here;  b ", 2, &LINES).unwrap();
        assert_eq!(texts(&r), ["it's here", "  b "]);
        assert_eq!(r.fields[1].first(), Location { line: 2, col: 16 });
        assert_eq!(r.end, Location { line: 2, col: 18 });
        assert_eq!(texts(&split_line("", 1, &LINES).unwrap()), [""]);
    }
}
