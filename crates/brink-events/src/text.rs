//! Raw text → tokens with byte offsets (UD/PTB style: "n't", "'s" and punctuation split off,
//! hyphens split, "U.S." kept whole) → sentences (a rule-based splitter that knows abbreviations,
//! initialisms, closing quotes, and that a line break ends a sentence).

/// One token: its byte span in the document and its normalised form for dictionary matching
/// (upper case, periods of initialisms dropped: "U.S." → "US").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

/// A sentence: a range of tokens of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    pub first: usize,
    pub end: usize,
}

/// Titles and abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "cmdr",
    "adm", "maj", "sgt", "st", "jr", "sr", "rev", "hon", "pres", "amb", "no", "vs", "etc", "inc",
    "corp", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "fig", "approx", "dept", "est", "mt", "ft", "messrs",
];

/// Words that start a new sentence after an initialism ("... in the U.S. The next day ...").
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "But",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "On",
    "At",
    "His",
    "Her",
    "Its",
    "Their",
    "However",
    "Meanwhile",
    "And",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '@' || c == '%' || c == '$' || c == '&'
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The normalised form of a raw token: upper case, initialism periods and curly quotes unified.
pub fn normalise(raw: &str) -> String {
    if raw.is_ascii() {
        // The common case, byte by byte (the same result as the general path below).
        let has_letter = raw.bytes().any(|b| b.is_ascii_alphabetic());
        let drop_periods = has_letter && raw.len() > 1;
        let mut out = String::with_capacity(raw.len());
        out.extend(
            raw.bytes()
                .filter(|&b| !(b == b'.' && drop_periods))
                .map(|b| char::from(b.to_ascii_uppercase())),
        );
        if out.is_empty() {
            out.push_str(raw);
        }
        return out;
    }
    let mut out = String::with_capacity(raw.len());
    let has_letter = raw.chars().any(|c| c.is_alphabetic());
    for c in raw.chars() {
        match c {
            '.' if has_letter && raw.len() > 1 => {}
            '’' | '‘' => out.push('\''),
            _ => out.extend(c.to_uppercase()),
        }
    }
    if out.is_empty() {
        out.push_str(raw);
    }
    out
}

/// Splits `text` into tokens (appended to `out`).
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    // English news runs 5–6 bytes a token: growing the vector once, not a dozen times.
    out.reserve(bytes.len() / 5 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if !is_word_char(c) {
            // A lone punctuation mark; runs of the same mark ("...", "--") stay one token.
            let mut j = i + clen;
            while j < bytes.len() && text[j..].starts_with(c) && (c == '.' || c == '-') {
                j += clen;
            }
            push(text, i, j, out);
            i = j;
            continue;
        }
        // A word: letters and digits, with inner periods ("U.S", "3.5"), inner apostrophes
        // (split off below as clitics) and inner commas of numbers ("1,000").
        let mut j = i;
        while j < bytes.len() {
            // ASCII word characters, the common case, without decoding.
            let b = bytes[j];
            if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'@' | b'%' | b'$' | b'&') {
                j += 1;
                continue;
            }
            let d = match text[j..].chars().next() {
                Some(d) => d,
                None => break,
            };
            if is_word_char(d) {
                j += d.len_utf8();
                continue;
            }
            let next = text[j + d.len_utf8()..].chars().next();
            let next_word = next.is_some_and(|n| n.is_alphanumeric());
            if (d == '.' || is_apostrophe(d)) && next_word {
                j += d.len_utf8();
                continue;
            }
            if d == ',' && next.is_some_and(|n| n.is_ascii_digit()) && j > i {
                let prev_digit = bytes[j - 1].is_ascii_digit();
                if prev_digit {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        // A trailing period belongs to an initialism ("U.S.") or a known abbreviation ("Gen.").
        if j < bytes.len() && bytes[j] == b'.' {
            let word = &text[i..j];
            let initialism =
                word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.');
            let single_cap = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
            if initialism || single_cap || is_abbreviation(word) {
                j += 1;
            }
        }
        split_clitics(text, i, j, out);
        i = j;
    }
}

/// Whether `word` (any case) is a known abbreviation.
fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Whether `word` ends with `suffix` (lower case, starting with an ASCII letter) in any ASCII case.
fn ends_with_ci(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word.as_bytes()[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    if start < end {
        out.push(Token {
            start,
            end,
            norm: normalise(&text[start..end]),
        });
    }
}

/// Splits "don't" → "do" "n't", "Iran's" → "Iran" "'s", "they're" → "they" "'re".
fn split_clitics(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let word = &text[start..end];
    for suffix in ["n't", "n’t"] {
        if ends_with_ci(word, suffix) && word.len() > suffix.len() {
            let cut = end - suffix.len();
            push(text, start, cut, out);
            push(text, cut, end, out);
            return;
        }
    }
    if let Some(pos) = word.rfind(['\'', '’']) {
        let apo_len = word[pos..].chars().next().map(char::len_utf8).unwrap_or(1);
        let rest = &word[pos + apo_len..];
        let clitic = ["s", "re", "ve", "ll", "d", "m", ""]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(rest));
        if pos > 0 && clitic {
            push(text, start, start + pos, out);
            push(text, start + pos, end, out);
            return;
        }
    }
    push(text, start, end, out);
}

/// The longest sentence coded whole: a run-on "sentence" (a 10 MB line without a period) is coded
/// in pieces of this many tokens, which keeps the work per sentence bounded.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// Splits the tokens of `text` into sentences (appended to `out`).
pub fn sentences(text: &str, tokens: &[Token], out: &mut Vec<SentenceSpan>) {
    let from = out.len();
    split_sentences(text, tokens, out);
    if out[from..]
        .iter()
        .any(|s| s.end - s.first > MAX_SENTENCE_TOKENS)
    {
        let long: Vec<SentenceSpan> = out.drain(from..).collect();
        for s in long {
            let mut a = s.first;
            while a < s.end {
                let b = (a + MAX_SENTENCE_TOKENS).min(s.end);
                out.push(SentenceSpan { first: a, end: b });
                a = b;
            }
        }
    }
}

fn split_sentences(text: &str, tokens: &[Token], out: &mut Vec<SentenceSpan>) {
    let mut first = 0;
    let n = tokens.len();
    let mut k = 0;
    while k < n {
        let t = &tokens[k];
        let raw = &text[t.start..t.end];
        let mut end_here = false;
        // A line break after this token ends the sentence (headlines, one sentence per line).
        let next_start = if k + 1 < n {
            tokens[k + 1].start
        } else {
            text.len()
        };
        if text[t.end..next_start].contains('\n') {
            end_here = true;
        } else if raw == "."
            || raw == "!"
            || raw == "?"
            || raw == "..."
            || raw.ends_with('.') && raw.len() > 1
        {
            let mut m = k + 1;
            // Take closing quotes and brackets along; a straight quote closes only when it touches.
            while m < n
                && tokens[m].start == tokens[m - 1].end
                && matches!(
                    &text[tokens[m].start..tokens[m].end],
                    "\"" | "”" | "'" | "’" | ")" | "]"
                )
            {
                m += 1;
            }
            let next = if m < n {
                Some(&text[tokens[m].start..tokens[m].end])
            } else {
                None
            };
            let starts_upper = next.is_some_and(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    || matches!(w, "\"" | "“" | "(")
            });
            let abbreviation = raw.len() > 1;
            end_here = match next {
                None => true,
                Some(w) if abbreviation => {
                    // "U.S. The ..." ends a sentence; "Gen. Smith", "the U.S. Navy" do not.
                    !is_abbreviation(raw.trim_end_matches('.')) && SENTENCE_STARTERS.contains(&w)
                }
                Some(_) => starts_upper,
            };
            if end_here {
                k = m - 1;
            }
        }
        if end_here {
            out.push(SentenceSpan { first, end: k + 1 });
            first = k + 1;
        }
        k += 1;
    }
    if first < n {
        out.push(SentenceSpan { first, end: n });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut v = vec![];
        tokenize(s, &mut v);
        v.iter().map(|t| s[t.start..t.end].to_string()).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let mut t = vec![];
        tokenize(s, &mut t);
        let mut out = vec![];
        sentences(s, &t, &mut out);
        out.iter()
            .map(|sp| s[t[sp.first].start..t[sp.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn tokens_split_clitics_punctuation_and_hyphens() {
        assert_eq!(
            toks("Iran's envoy didn't go to U.S.-Iran talks, (1,000 men)."),
            [
                "Iran", "'s", "envoy", "did", "n't", "go", "to", "U.S.", "-", "Iran", "talks", ",",
                "(", "1,000", "men", ")", "."
            ]
        );
        assert_eq!(toks("the U.S will"), ["the", "U.S", "will"]);
        assert_eq!(normalise("U.S."), "US");
        assert_eq!(normalise("3.5"), "3.5");
    }

    #[test]
    fn sentences_know_abbreviations_initialisms_quotes_and_lines() {
        assert_eq!(
            sents("Gen. Smith met the U.S. envoy. \"We agree.\" He left! Talks end\nNext line"),
            [
                "Gen. Smith met the U.S. envoy.",
                "\"We agree.\"",
                "He left!",
                "Talks end",
                "Next line"
            ]
        );
        assert_eq!(
            sents("They met in the U.S. The talks failed."),
            ["They met in the U.S.", "The talks failed."]
        );
    }
}
