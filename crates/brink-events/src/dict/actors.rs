//! The actor dictionary (PETRARCH/TABARI `.actors.txt`): a primary phrase with an optional code,
//! `+` synonym phrases, and tab-indented date restrictions `[CODE <date]`, `[CODE >date]`,
//! `[CODE date-date]`, `[CODE]` (the default).

use super::{col_of, err_at, phrase_tokens, strip_comment};
use brink_core::Diagnostics;

/// A code that applies between two dates (inclusive, `YYYYMMDD`); open ends are `None`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<u32>,
    pub to: Option<u32>,
}

/// One actor record: its phrases and codes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorEntry {
    pub phrases: Vec<Vec<String>>,
    /// Date-restricted codes, in the order written.
    pub dated: Vec<DatedCode>,
    /// The code when no restriction applies.
    pub default: Option<String>,
    /// `file:line` of the primary phrase.
    pub id: String,
}

impl ActorEntry {
    /// The code on `date` (`YYYYMMDD`). Without a date, "now": the open-ended restriction that
    /// starts last, else the default, else the restriction that ends last.
    pub fn code_on(&self, date: Option<u32>) -> Option<&str> {
        match date {
            Some(d) => self
                .dated
                .iter()
                .find(|c| c.from.is_none_or(|f| f <= d) && c.to.is_none_or(|t| d <= t))
                .map(|c| c.code.as_str())
                .or(self.default.as_deref()),
            None => self
                .dated
                .iter()
                .filter(|c| c.to.is_none() && c.from.is_some())
                .max_by_key(|c| c.from)
                .map(|c| c.code.as_str())
                .or(self.default.as_deref())
                .or_else(|| {
                    self.dated
                        .iter()
                        .max_by_key(|c| c.to)
                        .map(|c| c.code.as_str())
                }),
        }
    }
}

/// An actor dictionary.
#[derive(Clone, Debug, Default)]
pub struct ActorDict {
    pub entries: Vec<ActorEntry>,
}

/// `YYYYMMDD` or `YYMMDD` (years ≤ 30 are 20YY, others 19YY) → `YYYYMMDD`.
pub fn parse_date(s: &str) -> Option<u32> {
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: u32 = s.parse().ok()?;
    let full = match s.len() {
        8 => v,
        6 => {
            let yy = v / 10000;
            v + if yy <= 30 { 20_000_000 } else { 19_000_000 }
        }
        _ => return None,
    };
    let (m, d) = ((full / 100) % 100, full % 100);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(full)
}

/// `CODE`, `CODE <date`, `CODE >date`, `CODE date-date` → a dated code (`None` dates = open).
pub fn parse_restriction(s: &str) -> Result<DatedCode, String> {
    let mut parts = s.split_whitespace();
    let code = parts
        .next()
        .ok_or("expected a code inside `[...]`")?
        .to_string();
    if !code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '~' || c == '_' || c == '-')
    {
        return Err(format!(
            "expected an actor code (letters and digits), found `{code}`"
        ));
    }
    let range = parts.collect::<Vec<_>>().join("");
    let bad = || {
        format!("expected a date restriction `<YYYYMMDD`, `>YYYYMMDD` or `YYYYMMDD-YYYYMMDD` after the code, found `{range}`")
    };
    let (from, to) = if range.is_empty() {
        (None, None)
    } else if let Some(d) = range.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(bad)?))
    } else if let Some(d) = range.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(bad)?), None)
    } else if let Some((a, b)) = range.split_once('-') {
        (
            Some(parse_date(a).ok_or_else(bad)?),
            Some(parse_date(b).ok_or_else(bad)?),
        )
    } else {
        return Err(bad());
    };
    Ok(DatedCode { code, from, to })
}

/// Reads an actor dictionary in PETRARCH format into `dict`.
pub fn read_into(dict: &mut ActorDict, file: &str, text: &str) -> Result<(), Diagnostics> {
    let short = file.rsplit('/').next().unwrap_or(file);
    let mut errors = vec![];
    let mut current: Option<ActorEntry> = None;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = strip_comment(raw, true);
        let body = line.trim();
        if body.is_empty() || body.starts_with("<!--") {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let restriction = body.starts_with('[') && (indent > 0 || current.is_some());
        if restriction {
            let Some(entry) = current.as_mut() else {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + 1,
                    "expected an actor phrase before this date restriction",
                ));
                continue;
            };
            let Some(close) = body.find(']') else {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + body.len() + 1,
                    "expected `]` to close the code",
                ));
                continue;
            };
            match parse_restriction(&body[1..close]) {
                Ok(c) if c.from.is_none() && c.to.is_none() => entry.default = Some(c.code),
                Ok(c) => entry.dated.push(c),
                Err(m) => errors.push(err_at(file, line_no, indent + 2, m)),
            }
            continue;
        }
        if let Some(syn) = body.strip_prefix('+') {
            let Some(entry) = current.as_mut() else {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + 1,
                    "expected an actor phrase before this `+` synonym",
                ));
                continue;
            };
            let (phrase, code) = split_code(syn);
            let words = phrase_tokens(phrase);
            if words.is_empty() {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + 2,
                    "expected a phrase after `+`",
                ));
                continue;
            }
            if let Some(code) = code {
                match code {
                    Ok(c) if entry.default.is_none() => entry.default = Some(c.code),
                    Ok(_) => {}
                    Err(m) => errors.push(err_at(
                        file,
                        line_no,
                        col_of(raw, raw.find('[').unwrap_or(0)) + 1,
                        m,
                    )),
                }
            }
            entry.phrases.push(words);
            continue;
        }
        // A primary phrase starts a new record.
        if let Some(done) = current.take() {
            push_entry(dict, done);
        }
        let (phrase, code) = split_code(body);
        let words = phrase_tokens(phrase);
        if words.is_empty() {
            errors.push(err_at(
                file,
                line_no,
                indent + 1,
                "expected an actor phrase such as `UNITED_STATES_ [USA]`",
            ));
            continue;
        }
        let mut entry = ActorEntry {
            phrases: vec![words],
            id: format!("{short}:{line_no}"),
            ..Default::default()
        };
        match code {
            Some(Ok(c)) if c.from.is_none() && c.to.is_none() => entry.default = Some(c.code),
            Some(Ok(c)) => entry.dated.push(c),
            Some(Err(m)) => errors.push(err_at(
                file,
                line_no,
                col_of(raw, raw.find('[').unwrap_or(0)) + 1,
                m,
            )),
            None => {}
        }
        current = Some(entry);
    }
    if let Some(done) = current.take() {
        push_entry(dict, done);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

fn push_entry(dict: &mut ActorDict, entry: ActorEntry) {
    // A record without any code (neither default nor dated) codes nothing: drop it.
    if entry.default.is_some() || !entry.dated.is_empty() {
        dict.entries.push(entry);
    }
}

/// `PHRASE_ [CODE]` → ("PHRASE_", Some(code)).
fn split_code(s: &str) -> (&str, Option<Result<DatedCode, String>>) {
    match s.find('[') {
        Some(a) => {
            let inner = match s[a..].find(']') {
                Some(b) => parse_restriction(&s[a + 1..a + b]),
                None => Err("expected `]` to close the code".into()),
            };
            (s[..a].trim(), Some(inner))
        }
        None => (s.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_synonyms_and_dates() {
        let text = "UNITED_STATES_  [USA]\n+AMERICAN_\n+U.S.\n\nBENJAMIN_NETANYAHU_  # CountryInfo.txt\n+NETANYAHU\n\t[ISRELI 670101-960618]\n\t[ISRGOV 960618-990706]\n\t[ISRGOV >090401]\n\t[ISRELI]\n";
        let mut d = ActorDict::default();
        read_into(&mut d, "a.txt", text).unwrap();
        assert_eq!(d.entries.len(), 2);
        assert_eq!(d.entries[0].phrases[2], vec!["US".to_string()]);
        let bibi = &d.entries[1];
        assert_eq!(bibi.code_on(Some(19970101)), Some("ISRGOV"));
        assert_eq!(bibi.code_on(Some(20050101)), Some("ISRELI"));
        assert_eq!(bibi.code_on(Some(20260216)), Some("ISRGOV"));
        assert_eq!(bibi.code_on(None), Some("ISRGOV"));
    }

    #[test]
    fn bad_restrictions_are_located() {
        let mut d = ActorDict::default();
        let e = read_into(
            &mut d,
            "a.txt",
            "X_ [XXX]\n\t[XXXGOV 2001-02]\n+Y [A B C]\n",
        )
        .unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(
            (e.0[0].location.unwrap().line, e.0[0].location.unwrap().col),
            (2, 3)
        );
        assert!(e.0[0].message.contains("date restriction"));
        assert_eq!(parse_date("450703"), Some(19450703));
        assert_eq!(parse_date("090401"), Some(20090401));
        assert_eq!(parse_date("20091301"), None);
    }
}
