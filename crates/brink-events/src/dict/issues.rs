//! The issue dictionary (`Phoenix.IssueCoding.txt`: `n:word`, `v:word`, `a+b` expansions, `~`
//! phrases that cancel issue coding) and the discard list (`Phoenix.discards.txt`: phrases that
//! void a sentence, or with `+` the whole story).

use super::{err_at, phrase_tokens, plural, strip_comment};
use crate::dict::verbs::regular_forms;
use brink_core::Diagnostics;

/// Issue phrases → issue codes; `ignore` phrases cancel issue coding in their sentence.
#[derive(Clone, Debug, Default)]
pub struct IssueDict {
    pub phrases: Vec<(Vec<String>, String)>,
    pub ignore: Vec<Vec<String>>,
}

/// Discard phrases: `story` ones void the whole document, the others their sentence.
#[derive(Clone, Debug, Default)]
pub struct DiscardDict {
    pub phrases: Vec<(Vec<String>, bool)>,
}

/// Expands one issue phrase: `n:` (singular and plural), `v:` (verb forms), `a+b` ("a b", "a-b").
fn expand_issue(phrase: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![vec![]];
    for word in phrase.split_whitespace() {
        let variants: Vec<Vec<String>> = if let Some(w) = word.strip_prefix("n:") {
            let t = phrase_tokens(w);
            let mut p = t.clone();
            if let Some(last) = p.last_mut() {
                *last = plural(last);
            }
            vec![t, p]
        } else if let Some(w) = word.strip_prefix("v:") {
            regular_forms(&w.to_ascii_uppercase())
                .into_iter()
                .map(|f| phrase_tokens(&f))
                .collect()
        } else if word.contains('+') {
            let parts: Vec<&str> = word.split('+').collect();
            let spaced = parts.join(" ");
            let hyphen = parts.join("-");
            let mut v = vec![phrase_tokens(&spaced), phrase_tokens(&hyphen)];
            // `pre+n:school`: the last part may carry `n:`.
            if parts.last().is_some_and(|l| l.starts_with("n:")) {
                v = expand_issue(&parts.join(" "));
            }
            v
        } else {
            vec![phrase_tokens(word)]
        };
        let mut next = vec![];
        for prefix in &out {
            for v in &variants {
                let mut p = prefix.clone();
                p.extend(v.iter().cloned());
                next.push(p);
            }
        }
        out = next;
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Reads an issue dictionary into `dict`.
pub fn read_issues(dict: &mut IssueDict, file: &str, text: &str) -> Result<(), Diagnostics> {
    let mut errors = vec![];
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let body = strip_comment(raw, false).trim();
        if body.is_empty() || body.starts_with('<') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let Some(ign) = body.strip_prefix('~') {
            dict.ignore
                .extend(expand_issue(ign.trim_start_matches('~')));
            continue;
        }
        let (Some(a), Some(b)) = (body.find('['), body.rfind(']')) else {
            errors.push(err_at(
                file,
                line_no,
                indent + body.len() + 1,
                "expected the issue code in `[...]`, e.g. `n:sanction [SANCTIONS]`",
            ));
            continue;
        };
        let code = body[a + 1..b.max(a + 1)].trim();
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            errors.push(err_at(
                file,
                line_no,
                indent + a + 2,
                format!("expected an issue code (letters, digits, `_`), found `{code}`"),
            ));
            continue;
        }
        let phrases = expand_issue(&body[..a]);
        if phrases.is_empty() {
            errors.push(err_at(
                file,
                line_no,
                indent + 1,
                "expected an issue phrase before the code",
            ));
            continue;
        }
        for p in phrases {
            dict.phrases.push((p, code.to_string()));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

/// Reads a discard list into `dict`. Every non-comment line is a phrase, so this reader finds no
/// errors beyond encoding problems; a trailing `_` (exact word) is the only matching PETRARCH
/// knows besides stems, and brink matches whole words in both cases.
pub fn read_discards(dict: &mut DiscardDict, _file: &str, text: &str) -> Result<(), Diagnostics> {
    for raw in text.lines() {
        let body = strip_comment(raw, false).trim();
        let body = body.split(';').next().unwrap_or("").trim();
        if body.is_empty() || body.starts_with('<') {
            continue;
        }
        let (story, phrase) = match body.strip_prefix('+') {
            Some(p) => (true, p),
            None => (false, body),
        };
        let words = phrase_tokens(phrase);
        if !words.is_empty() {
            dict.phrases.push((words, story));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_expansions() {
        let mut d = IssueDict::default();
        read_issues(&mut d, "i.txt", "<ISSUE CATEGORY=\"X\">\nn:sanction [SANCTIONS]\nnuclear+armed [NUCLEAR_WEAPONS]\n~~Armenian genocide\nv:massacre [ID_ATROCITY]\n</ISSUE>\n").unwrap();
        let p: Vec<String> = d.phrases.iter().map(|(p, _)| p.join(" ")).collect();
        for want in [
            "SANCTION",
            "SANCTIONS",
            "NUCLEAR ARMED",
            "NUCLEAR - ARMED",
            "MASSACRED",
        ] {
            assert!(p.contains(&want.to_string()), "{want} not in {p:?}");
        }
        assert_eq!(d.ignore.len(), 1);
        let e = read_issues(&mut d, "i.txt", "n:sanction\n").unwrap_err();
        assert_eq!(e.0[0].location.unwrap().line, 1);
    }

    #[test]
    fn discards_sentence_and_story() {
        let mut d = DiscardDict::default();
        read_discards(
            &mut d,
            "d.txt",
            "# c\nMONTHS LATER\n+Manchester United   # pas\n",
        )
        .unwrap();
        assert_eq!(d.phrases.len(), 2);
        assert!(d.phrases[1].1);
    }
}
