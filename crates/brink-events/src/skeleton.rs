//! The scenario skeleton writer: the one place where events meet brink's scenario format (TOML
//! text only; this crate does not depend on the scenario model). It writes what the articles
//! state — actors and the sentences naming them, candidate issues, stated stances, a conditional
//! threat as a `[crisis]` sketch — and marks every number they do not state as analyst input:
//! `{ min, max }` over the whole scale with `why = "not stated in the article"`.

use crate::coder::{Document, Event};
use std::collections::BTreeMap;
use std::fmt::Write;

const NOT_STATED: &str = "not stated in the article";

/// Code prefixes of six letters (international and non-state actors); others are countries.
const SIX_LETTER_ROOTS: &[&str] = &[
    "IGO", "NGO", "NGM", "MNC", "IMG", "UIS", "REB", "INS", "SEP", "SPY", "CRM", "OPP",
];

/// The scenario actor a code belongs to: its country (USAGOV → USA) or organisation.
pub fn actor_root(code: &str) -> String {
    let n = if SIX_LETTER_ROOTS.iter().any(|p| code.starts_with(p)) {
        6
    } else {
        3
    };
    code.chars().take(n).collect()
}

fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn issue_id(code: &str) -> String {
    code.to_ascii_lowercase()
        .trim_start_matches("id_")
        .to_string()
}

fn humanise(code: &str) -> String {
    let s = code
        .trim_start_matches("ID_")
        .replace('_', " ")
        .to_ascii_lowercase();
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

struct ActorInfo {
    name: String,
    codes: Vec<String>,
    mentions: Vec<(usize, usize)>,
}

/// Writes the skeleton. With `crisis_table` false a crisis sketch is written as comments only.
/// Sentence references `(document index, sentence number)` as text: "3, 7", or "1:3, 2:7" when
/// there are several documents.
fn sentence_refs(refs: &[(usize, usize)], documents: usize) -> String {
    refs.iter()
        .map(|(d, n)| {
            if documents > 1 {
                format!("{}:{n}", d + 1)
            } else {
                n.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn write(docs: &[Document], date: Option<u32>, crisis_table: bool) -> String {
    let mut s = String::new();
    let paths: Vec<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    let events: Vec<(usize, &Event)> = docs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| d.events.iter().map(move |e| (i, e)))
        .collect();
    let _ = writeln!(
        s,
        "# Scenario skeleton written by `brink events` from {}.",
        paths.join(", ")
    );
    let _ = writeln!(s, "# It holds only what the text states: the actors it names (with the sentences that name them),");
    let _ = writeln!(s, "# candidate issues (issue dictionary), stances the text states, and a crisis sketch when the");
    let _ = writeln!(s, "# text holds a conditional threat. Every number the text does not state is analyst input, given");
    let _ = writeln!(s, "# over its whole scale ({{ min, max }}) with why = \"{NOT_STATED}\": capability 0–1 (relative),");
    let _ = writeln!(
        s,
        "# positions 0–100 on each issue's scale, salience 0–1. Narrow them before forecasting.\n"
    );
    let name = docs
        .first()
        .map(|d| d.path.rsplit('/').next().unwrap_or(&d.path).to_string())
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "[scenario]\nname = {}",
        q(&format!("Skeleton from {name}"))
    );
    if let Some(d) = date {
        let _ = writeln!(
            s,
            "date = {:04}-{:02}-{:02}",
            d / 10000,
            d / 100 % 100,
            d % 100
        );
    }
    let _ = writeln!(
        s,
        "source = {}",
        q(&format!("brink events on {}", paths.join(", ")))
    );
    let _ = writeln!(
        s,
        "notes = {}\n",
        q("A skeleton: every number is analyst input over its whole scale until narrowed.")
    );

    // Actors, by first mention.
    let mut actors: BTreeMap<String, ActorInfo> = BTreeMap::new();
    let mut order: Vec<String> = vec![];
    for (di, d) in docs.iter().enumerate() {
        for a in &d.actors {
            let root = actor_root(&a.code);
            let info = actors.entry(root.clone()).or_insert_with(|| {
                order.push(root.clone());
                ActorInfo {
                    name: String::new(),
                    codes: vec![],
                    mentions: vec![],
                }
            });
            if !info.codes.contains(&a.code) {
                info.codes.push(a.code.clone());
            }
            if a.code == root && info.name.is_empty() {
                info.name = a
                    .texts
                    .iter()
                    .min_by_key(|t| t.len())
                    .cloned()
                    .unwrap_or_default();
            }
            for &sn in &a.sentences {
                if !info.mentions.contains(&(di, sn)) {
                    info.mentions.push((di, sn));
                }
            }
        }
    }

    // Issues: from the issue dictionary; sentences that name them.
    let mut issues: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (di, d) in docs.iter().enumerate() {
        for (si, codes) in d.sentence_issues.iter().enumerate() {
            for c in codes {
                issues.entry(c.clone()).or_default().push((di, si + 1));
            }
        }
    }
    // Stances: an actor's event in a sentence that names an issue.
    let mut pos = String::new();
    let _ = writeln!(pos, "# ---------------------------------------------------------------------------------------------");
    let _ = writeln!(
        pos,
        "# Stances the text states: an actor's coded event in a sentence that names an issue.\n"
    );
    let mut seen: Vec<(String, String)> = vec![];
    for (di, e) in &events {
        let d = &docs[*di];
        for code in &d.sentence_issues[e.sentence - 1] {
            let actor = actor_root(&e.source.code);
            let key = (actor.clone(), issue_id(code));
            if seen.contains(&key) || !actors.contains_key(&actor) {
                continue;
            }
            seen.push(key);
            let what = format!(
                "{} → {} {} {}",
                e.source.code,
                e.target.as_ref().map_or("—", |t| t.code.as_str()),
                e.cameo,
                e.plover.as_ref().map_or("", |p| p.event.as_str())
            );
            let why = format!("Stance stated in the article (sentence {}, {what}): \"{}\". Position and salience: {NOT_STATED}.", e.sentence, clip(&e.text, 160));
            let _ = writeln!(pos, "[[position]]\nactor = {}\nissue = {}\nat = {{ min = 0, max = 100 }}\nsalience = {{ min = 0, max = 1 }}\nwhy = {}\n", q(&actor), q(&issue_id(code)), q(&why));
        }
    }

    let _ = writeln!(s, "# ---------------------------------------------------------------------------------------------");
    let _ = writeln!(
        s,
        "# Candidate issues (the issue dictionary's matches). Event contexts (PLOVER) seen: {}.\n",
        {
            let mut ctx: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, e) in &events {
                if let Some(p) = &e.plover {
                    for c in p
                        .context
                        .split(';')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                    {
                        *ctx.entry(c).or_insert(0) += 1;
                    }
                }
            }
            if ctx.is_empty() {
                "none".to_string()
            } else {
                ctx.iter()
                    .map(|(k, v)| format!("{k} ({v})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
    );
    for (code, where_) in &issues {
        if !seen.iter().any(|(_, i)| *i == issue_id(code)) {
            let _ = writeln!(s, "# {code}: named in sentence(s) {} but no actor's stance on it was coded: not an issue yet.\n", where_.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(", "));
            continue;
        }
        let _ = writeln!(
            s,
            "# {code}: named in sentence(s) {}",
            sentence_refs(where_, docs.len())
        );
        if let Some(&(d, n)) = where_.first() {
            let _ = writeln!(
                s,
                "#   e.g. \"{}\"",
                clip(&docs[d].sentence_texts[n - 1], 90)
            );
        }
        let _ = writeln!(s, "[[issue]]\nid = {}\nname = {}\nscale = [0, 100]\nstatus_quo = {{ min = 0, max = 100 }}\nwhy = {}\n", q(&issue_id(code)), q(&humanise(code)), q(NOT_STATED));
    }

    let _ = writeln!(s, "# ---------------------------------------------------------------------------------------------");
    let _ = writeln!(
        s,
        "# Actors named in the text, with their codes and the sentences that name them.\n"
    );
    for root in &order {
        let a = &actors[root];
        let _ = writeln!(
            s,
            "# codes {}; named in sentence(s) {}",
            a.codes.join(", "),
            sentence_refs(&a.mentions, docs.len())
        );
        for &(d, n) in a.mentions.iter().take(3) {
            let _ = writeln!(s, "#   \"{}\"", clip(&docs[d].sentence_texts[n - 1], 90));
        }
        let name = if a.name.is_empty() {
            root.clone()
        } else {
            a.name.clone()
        };
        let _ = writeln!(
            s,
            "[[actor]]\nid = {}\nname = {}\ncapability = {{ min = 0, max = 1 }}\nwhy = {}\n",
            q(root),
            q(&name),
            q(NOT_STATED)
        );
    }

    s.push_str(&pos);
    if let Some(c) = crisis_sketch(&events, docs, &actors) {
        s.push_str(&c.render(crisis_table));
    } else {
        let _ = writeln!(
            s,
            "# No conditional threat in the text: no [crisis] sketch."
        );
    }
    s
}

/// A conditional threat read as the patron–ally–target–transit game.
struct CrisisSketch {
    patron: String,
    ally: String,
    target: String,
    transit: Vec<String>,
    signal: Option<String>,
    evidence: String,
    transit_evidence: Vec<String>,
}

fn crisis_sketch(
    events: &[(usize, &Event)],
    docs: &[Document],
    actors: &BTreeMap<String, ActorInfo>,
) -> Option<CrisisSketch> {
    // A conditional cooperative (support, aid) event A → B, in a sentence naming a third actor C.
    for (di, e) in events {
        let Some(t) = &e.target else { continue };
        if !e.conditional || !matches!(e.quad_class, Some(1) | Some(2)) {
            continue;
        }
        let (a, b) = (actor_root(&e.source.code), actor_root(&t.code));
        if a == b {
            continue;
        }
        let doc = &docs[*di];
        let c = doc
            .actors
            .iter()
            .filter(|m| m.sentences.contains(&e.sentence))
            .map(|m| actor_root(&m.code))
            .find(|r| *r != a && *r != b && actors.contains_key(r))?;
        // Transit states: actors that refuse (CAMEO 12) with no stake as patron, ally or target.
        let mut transit = vec![];
        let mut transit_evidence = vec![];
        for (_, r) in events {
            let root = actor_root(&r.source.code);
            if r.cameo.starts_with("12")
                && ![&a, &b, &c].contains(&&root)
                && !transit.contains(&root)
                && transit.len() < 3
            {
                transit.push(root);
                transit_evidence.push(clip(&r.text, 120));
            }
        }
        if transit.is_empty() {
            return None;
        }
        let signal = events
            .iter()
            .find(|(_, m)| actor_root(&m.source.code) == a && m.cameo.starts_with("15"))
            .map(|(_, m)| clip(&m.text, 120));
        return Some(CrisisSketch {
            patron: a,
            ally: b,
            target: c,
            transit,
            signal,
            evidence: clip(&e.text, 200),
            transit_evidence,
        });
    }
    None
}

impl CrisisSketch {
    fn render(&self, table: bool) -> String {
        let mut body = String::new();
        let _ = writeln!(body, "game = \"patron_ally_target_transit\"");
        let _ = writeln!(
            body,
            "why = {}",
            q(&format!(
                "Conditional threat in the article: \"{}\"",
                self.evidence
            ))
        );
        let _ = writeln!(
            body,
            "patron = {}\nally = {}\ntarget = {}",
            q(&self.patron),
            q(&self.ally),
            q(&self.target)
        );
        let _ = writeln!(
            body,
            "transit = [{}]",
            self.transit
                .iter()
                .map(|t| q(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if self.signal.is_some() {
            let _ = writeln!(body, "signal = true");
        }
        // Every parameter over its whole scale: probabilities 0–1, payoffs −1…1 (a clean success
        // for the ally is worth 1), costs 0–1 on that scale.
        let probs = ["p_success", "support_effect", "airspace_effect"];
        let payoffs = [
            "patron_deal",
            "patron_success",
            "patron_failure",
            "ally_deal",
            "ally_success",
            "ally_failure",
            "ally_backdown",
            "target_concede",
            "target_success",
            "target_failure",
            "transit_gain_from_alliance",
        ];
        let mut costs = vec![
            "cost_support",
            "patron_commitment",
            "cost_strike",
            "transit_cost",
        ];
        if self.signal.is_some() {
            costs.extend(["signal_cost", "signal_commitment"]);
        }
        for p in probs
            .iter()
            .chain(self.signal.as_ref().map(|_| &"signal_effect"))
        {
            let _ = writeln!(
                body,
                "{p} = {{ min = 0, max = 1, why = {} }}",
                q(NOT_STATED)
            );
        }
        for p in payoffs {
            let _ = writeln!(
                body,
                "{p} = {{ min = -1, max = 1, why = {} }}",
                q(NOT_STATED)
            );
        }
        for p in costs {
            let _ = writeln!(
                body,
                "{p} = {{ min = 0, max = 1, why = {} }}",
                q(NOT_STATED)
            );
        }
        let mut s = String::new();
        let _ = writeln!(s, "# ---------------------------------------------------------------------------------------------");
        let _ = writeln!(
            s,
            "# Crisis sketch: {} backs {} against {} on a condition; {} refuse(s).",
            self.patron,
            self.ally,
            self.target,
            self.transit.join(", ")
        );
        for t in &self.transit_evidence {
            let _ = writeln!(s, "#   refusal: \"{t}\"");
        }
        if let Some(sig) = &self.signal {
            let _ = writeln!(s, "#   signal (a mobilisation by the patron): \"{sig}\"");
        }
        if table {
            let _ = writeln!(s, "[crisis]");
            s.push_str(&body);
        } else {
            let _ = writeln!(
                s,
                "# (written as comments: brink could not accept it as a [crisis] section)"
            );
            let _ = writeln!(s, "# [crisis]");
            for line in body.lines() {
                let _ = writeln!(s, "# {line}");
            }
        }
        s
    }
}
