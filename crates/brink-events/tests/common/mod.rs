//! Reading PETRARCH's validation records (`<Sentence …>`, `<EventCoding …>`, `<Text>`) by hand:
//! the files hold raw `#` comment blocks and stray quotes that an XML parser would refuse.

#![allow(dead_code)]

use std::collections::BTreeSet;

/// One gold record: its date (YYYYMMDD), text and expected (source, target, code) triples.
pub struct GoldSentence {
    pub id: String,
    pub date: Option<u32>,
    pub text: String,
    pub codings: BTreeSet<(String, String, String)>,
    /// `<EventCoding error=…>` records test error handling, not coding: skipped.
    pub skip: bool,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    // ` name = "value"` (spaces around `=` occur in the files).
    let mut from = 0;
    let rest = loop {
        let k = tag[from..].find(&format!(" {name}"))? + from;
        let after = tag[k + 1 + name.len()..].trim_start();
        if let Some(r) = after.strip_prefix('=') {
            break r.trim_start();
        }
        from = k + 1;
    };
    let q = rest.chars().next()?;
    if q != '"' && q != '\'' {
        return None;
    }
    let end = rest[1..].find(q)?;
    Some(rest[1..1 + end].trim_matches('"').to_string())
}

pub fn read_gold(text: &str) -> Vec<GoldSentence> {
    let mut out: Vec<GoldSentence> = vec![];
    let mut i = 0;
    while let Some(k) = text[i..].find('<') {
        let at = i + k;
        let Some(close) = text[at..].find('>') else {
            break;
        };
        let tag = &text[at..at + close + 1];
        i = at + close + 1;
        if tag.starts_with("<Sentence ") {
            out.push(GoldSentence {
                id: attr(tag, "id").unwrap_or_default(),
                date: attr(tag, "date").and_then(|d| d.parse().ok()),
                text: String::new(),
                codings: BTreeSet::new(),
                skip: false,
            });
        } else if tag.starts_with("<EventCoding") {
            let Some(s) = out.last_mut() else { continue };
            if tag.contains("error") {
                s.skip = true;
            }
            if let (Some(src), Some(code)) = (attr(tag, "sourcecode"), attr(tag, "eventcode")) {
                let tgt = attr(tag, "targetcode").unwrap_or_else(|| "---".into());
                s.codings.insert((src, tgt, code));
            }
        } else if tag == "<Text>" {
            let end = text[i..].find("</Text>").map_or(text.len(), |e| i + e);
            if let Some(s) = out.last_mut() {
                s.text = text[i..end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            i = end;
        }
    }
    out
}

pub type Triples = BTreeSet<(String, String, String)>;

/// Precision and recall of predicted triples against the gold ones, over all records.
pub fn score(pairs: &[(Triples, Triples)]) -> (f64, f64, usize, usize, usize) {
    let (mut tp, mut np, mut ng) = (0, 0, 0);
    for (pred, gold) in pairs {
        tp += pred.intersection(gold).count();
        np += pred.len();
        ng += gold.len();
    }
    let p = if np == 0 { 0.0 } else { tp as f64 / np as f64 };
    let r = if ng == 0 { 0.0 } else { tp as f64 / ng as f64 };
    (p, r, tp, np, ng)
}
