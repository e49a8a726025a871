//! The agent dictionary (`Phoenix.agents.txt`): `PHRASE {PLURALS} [~CODE]` (the code follows
//! the actor's: USA + ~GOV = USAGOV) or `[CODE~]` (it precedes), substitution sets
//! `!PERSON! = MAN, MEN, …`, regular plurals generated.

use super::{err_at, phrase_tokens, plural, strip_comment};
use brink_core::Diagnostics;
use std::collections::HashMap;

/// One agent phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentEntry {
    pub phrase: Vec<String>,
    /// The code without its `~`.
    pub code: String,
    /// `[NGO~]`: the code goes before the actor's.
    pub prefix: bool,
}

/// An agent dictionary.
#[derive(Clone, Debug, Default)]
pub struct AgentDict {
    pub entries: Vec<AgentEntry>,
}

/// Reads an agent dictionary in PETRARCH format into `dict`.
pub fn read_into(dict: &mut AgentDict, file: &str, text: &str) -> Result<(), Diagnostics> {
    let mut errors = vec![];
    let mut subs: HashMap<String, Vec<String>> = HashMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let body = strip_comment(raw, false).trim();
        if body.is_empty() || body.starts_with("<!--") {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if body.starts_with('!') && body.contains('=') {
            let (name, list) = body.split_once('=').unwrap_or((body, ""));
            let name = name.trim();
            if !(name.len() > 2 && name.ends_with('!')) {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + 1,
                    "expected a substitution set `!NAME! = A, B, C`",
                ));
                continue;
            }
            subs.insert(
                name.to_string(),
                list.split(',')
                    .map(|s| s.trim().replace(' ', ""))
                    .filter(|s| !s.is_empty())
                    .collect(),
            );
            continue;
        }
        let Some(a) = body.find('[') else {
            errors.push(err_at(
                file,
                line_no,
                indent + body.len() + 1,
                "expected the agent's code in `[...]`, e.g. `DIPLOMAT [~GOV]`",
            ));
            continue;
        };
        // The files close some codes with `}` by mistake (`[~LEG}`): accept either.
        let Some(b) = body[a..].find([']', '}']).map(|b| a + b) else {
            errors.push(err_at(
                file,
                line_no,
                indent + a + 1,
                "expected `]` to close the code",
            ));
            continue;
        };
        let raw_code = body[a + 1..b].trim();
        let (code, prefix) = if let Some(c) = raw_code.strip_prefix('~') {
            (c, false)
        } else if let Some(c) = raw_code.strip_suffix('~') {
            (c, true)
        } else {
            errors.push(err_at(file, line_no, indent + a + 2, format!("expected an agent code with `~` before (`~GOV`) or after (`NGO~`), found `{raw_code}`")));
            continue;
        };
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            errors.push(err_at(
                file,
                line_no,
                indent + a + 2,
                format!("expected letters and digits in the agent code, found `{raw_code}`"),
            ));
            continue;
        }
        let mut head = body[..a].trim();
        let mut plurals: Option<Vec<&str>> = None;
        if let Some(p) = head.find('{') {
            let Some(q) = head[p..].find('}').map(|q| p + q) else {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + p + 1,
                    "expected `}` to close the plural forms",
                ));
                continue;
            };
            plurals = Some(head[p + 1..q].split_whitespace().collect());
            head = head[..p].trim();
        }
        // Expand a substitution marker (no plurals are formed for its items).
        let mut phrases: Vec<(String, bool)> = vec![];
        if let Some(p) = head.find('!') {
            let Some(q) = head[p + 1..].find('!').map(|q| p + 1 + q) else {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + p + 1,
                    "expected the closing `!` of a substitution marker",
                ));
                continue;
            };
            let marker = &head[p..=q];
            let Some(items) = subs.get(marker) else {
                errors.push(err_at(file, line_no, indent + p + 1, format!("unknown substitution set `{marker}`: define it first with `{marker} = A, B`")));
                continue;
            };
            for item in items {
                phrases.push((format!("{}{item}{}", &head[..p], &head[q + 1..]), false));
            }
        } else {
            phrases.push((head.to_string(), plurals.is_none()));
        }
        for (phrase, make_plural) in phrases {
            let words = phrase_tokens(&phrase);
            if words.is_empty() {
                errors.push(err_at(
                    file,
                    line_no,
                    indent + 1,
                    "expected an agent phrase before the code",
                ));
                break;
            }
            let entry = |w: Vec<String>| AgentEntry {
                phrase: w,
                code: code.to_string(),
                prefix,
            };
            if make_plural {
                let mut p = words.clone();
                let last = p.len() - 1;
                p[last] = plural(&p[last]);
                dict.entries.push(entry(p));
            }
            for pl in plurals.iter().flatten() {
                let w = phrase_tokens(pl);
                if !w.is_empty() {
                    dict.entries.push(entry(w));
                }
            }
            dict.entries.push(entry(words));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_plurals_and_substitutions() {
        let text = "!PERSON! = MAN, MEN\nDIPLOMAT [~GOV]\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nHUMAN_RIGHTS_BODY [NGO~]\nCONGRESS!PERSON! [~LEG}\n";
        let mut d = AgentDict::default();
        read_into(&mut d, "ag.txt", text).unwrap();
        let phrases: Vec<String> = d.entries.iter().map(|e| e.phrase.join(" ")).collect();
        for p in [
            "DIPLOMAT",
            "DIPLOMATS",
            "POLICE",
            "ATTORNEYS GENERAL",
            "CONGRESSMAN",
            "CONGRESSMEN",
        ] {
            assert!(
                phrases.contains(&p.to_string()),
                "{p} missing from {phrases:?}"
            );
        }
        assert!(!phrases.contains(&"POLICES".to_string()));
        assert!(d.entries.iter().any(|e| e.code == "NGO" && e.prefix));
    }

    #[test]
    fn bad_codes_are_located() {
        let mut d = AgentDict::default();
        let e = read_into(&mut d, "ag.txt", "\nDIPLOMAT [GOV]\nSPY\n").unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(e.0[0].location.unwrap().line, 2);
        assert_eq!(e.0[1].location.unwrap().line, 3);
    }
}
