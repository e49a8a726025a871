//! Shallow syntax over a tagged sentence: clauses (split at subordinators, relative pronouns,
//! semicolons and comma + conjunction), verb groups (auxiliaries, particles and verbs in a run,
//! "is reported to have told"), and each group's voice and modality: negated (not, never, fail
//! to), future or intended (will, would, plans to, threatens to), passive (be + past participle),
//! reported (said, reported to, according to) and conditional (if, unless, in case, should +
//! subject).

use brink_pos::{Tag, Upos};

/// How a clause is introduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intro {
    /// The sentence's first clause, or one after `;` or `, and`.
    Main,
    /// A complement: "that …".
    That,
    /// A condition: "if", "unless", "in case", "provided", "should" + subject.
    Conditional,
    /// A relative clause: "which", "who".
    Relative,
    /// Any other subordinate clause ("because", "while", "as", "although").
    Other,
}

/// A clause: a token range of the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub intro: Intro,
}

/// A verb group and its flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbGroup {
    pub start: usize,
    pub end: usize,
    /// The lexical verbs of the group, last (the head) first.
    pub verbs: Vec<usize>,
    pub clause: usize,
    pub negated: bool,
    pub future: bool,
    pub passive: bool,
    /// The group itself reports ("is reported to have told", "said to").
    pub reported: bool,
}

/// Words that report speech: a clause after them is reported.
pub const REPORTING: &[&str] = &[
    "SAY",
    "SAYS",
    "SAID",
    "TELL",
    "TELLS",
    "TOLD",
    "REPORT",
    "REPORTS",
    "REPORTED",
    "ANNOUNCE",
    "ANNOUNCED",
    "ANNOUNCES",
    "STATE",
    "STATED",
    "STATES",
    "CLAIM",
    "CLAIMED",
    "CLAIMS",
    "MENTION",
    "MENTIONED",
    "MENTIONS",
    "DECLARE",
    "DECLARED",
    "DECLARES",
    "INFORM",
    "INFORMED",
    "INFORMS",
    "ADD",
    "ADDED",
    "ADDS",
    "INSIST",
    "INSISTED",
    "INSISTS",
    "WARN",
    "WARNED",
    "WARNS",
    "CONFIRM",
    "CONFIRMED",
    "CONFIRMS",
    "EMPHASIZED",
    "EMPHASISED",
    "STRESSED",
    "NOTED",
    "WROTE",
    "ARGUED",
];

const FUTURE_AUX: &[&str] = &["WILL", "WOULD", "SHALL", "'LL", "WO"];
const INTENT: &[&str] = &[
    "PLAN",
    "PLANS",
    "PLANNED",
    "PLANNING",
    "INTEND",
    "INTENDS",
    "INTENDED",
    "THREATEN",
    "THREATENS",
    "THREATENED",
    "VOW",
    "VOWS",
    "VOWED",
    "PLEDGE",
    "PLEDGES",
    "PLEDGED",
    "PROMISE",
    "PROMISES",
    "PROMISED",
    "EXPECT",
    "EXPECTS",
    "EXPECTED",
    "AIM",
    "AIMS",
    "HOPE",
    "HOPES",
    "HOPING",
    "WANT",
    "WANTS",
    "WANTED",
    "SEEK",
    "SEEKS",
    "GOING",
    "PREPARE",
    "PREPARES",
    "PREPARING",
    "READY",
    "CONSIDER",
    "CONSIDERING",
    "START",
    "STARTING",
    "STARTED",
    "BEGIN",
    "BEGAN",
    "TRY",
    "TRIES",
    "TRIED",
    "ATTEMPT",
    "ATTEMPTS",
];
const NEGATORS: &[&str] = &["NOT", "N'T", "NEVER", "NO"];
const FAIL: &[&str] = &[
    "FAIL", "FAILS", "FAILED", "FAILING", "REFUSE", "REFUSES", "REFUSED", "DECLINE", "DECLINED",
    "DECLINES",
];
const BE: &[&str] = &[
    "BE", "IS", "ARE", "WAS", "WERE", "BEEN", "BEING", "GET", "GOT", "GETS", "'S", "'RE",
];

fn is_verbish(t: &Tag) -> bool {
    matches!(t.upos, Upos::Verb | Upos::Aux) || t.xpos.starts_with("VB") || t.xpos == "MD"
}

/// Splits a sentence into clauses.
pub fn clauses(words: &[&str], tags: &[Tag], out: &mut Vec<Clause>) {
    out.clear();
    let n = words.len();
    let mut start = 0;
    let mut intro = Intro::Main;
    let mut i = 0;
    while i < n {
        let w = words[i];
        let prev = if i > 0 { words[i - 1] } else { "" };
        let next_tag = tags.get(i + 1);
        let mut split: Option<(usize, Intro)> = None;
        match w {
            ";" => split = Some((i + 1, Intro::Main)),
            "IF" | "UNLESS" | "PROVIDED" | "WHETHER" => split = Some((i, Intro::Conditional)),
            "CASE" if prev == "IN" => split = Some((i - 1, Intro::Conditional)),
            // "should negotiations break down": an inverted condition.
            "SHOULD"
                if (i == 0 || matches!(prev, "," | "AND" | "THAT" | "BUT"))
                    && next_tag.is_some_and(|t| {
                        matches!(t.upos, Upos::Det | Upos::Noun | Upos::Propn | Upos::Pron)
                    }) =>
            {
                split = Some((i, Intro::Conditional));
            }
            // "told Netanyahu that …" is a complement; "the program that …" a relative clause.
            "THAT"
                if tags[i].upos == Upos::Sconj
                    || prev_is_verb(tags, i)
                    || i > 0 && tags[i - 1].upos != Upos::Noun =>
            {
                split = Some((i, Intro::That))
            }
            "THAT" => split = Some((i, Intro::Relative)),
            "WHICH" | "WHO" | "WHOM" | "WHOSE" => split = Some((i, Intro::Relative)),
            "BECAUSE" | "WHILE" | "ALTHOUGH" | "THOUGH" | "WHEREAS" | "AFTER" | "BEFORE"
            | "SINCE"
                if tags[i].upos == Upos::Sconj =>
            {
                split = Some((i, Intro::Other))
            }
            "," if next_tag.is_some_and(|t| t.upos == Upos::Cconj) => {
                split = Some((i + 1, Intro::Main))
            }
            _ => {}
        }
        if let Some((at, kind)) = split {
            if at > start {
                out.push(Clause {
                    start,
                    end: at,
                    intro,
                });
            }
            start = at;
            intro = kind;
        }
        i += 1;
    }
    if start < n || out.is_empty() {
        out.push(Clause {
            start,
            end: n,
            intro,
        });
    }
}

fn prev_is_verb(tags: &[Tag], i: usize) -> bool {
    i > 0 && is_verbish(&tags[i - 1])
}

/// Finds the verb groups of a sentence.
pub fn verb_groups(words: &[&str], tags: &[Tag], clauses: &[Clause], out: &mut Vec<VerbGroup>) {
    out.clear();
    let n = words.len();
    let mut i = 0;
    while i < n {
        if !is_verbish(&tags[i]) {
            i += 1;
            continue;
        }
        // Extend over auxiliaries, particles ("not", "to"), adverbs and verbs.
        let start = i;
        let mut j = i;
        let mut last_verbish = i;
        while j < n {
            let t = &tags[j];
            let w = words[j];
            if is_verbish(t) {
                last_verbish = j;
                j += 1;
            } else if NEGATORS.contains(&w)
                || w == "TO" && j + 1 < n && is_verbish(&tags[j + 1])
                || t.upos == Upos::Adv
                    && j + 1 < n
                    && (is_verbish(&tags[j + 1]) || tags[j + 1].upos == Upos::Adv)
            {
                j += 1;
            } else {
                break;
            }
        }
        let end = last_verbish + 1;
        let mut verbs: Vec<usize> = (start..end)
            .filter(|&k| {
                tags[k].upos == Upos::Verb
                    || tags[k].xpos.starts_with("VB") && tags[k].upos != Upos::Aux
            })
            .collect();
        if verbs.is_empty() {
            verbs = (start..end)
                .filter(|&k| is_verbish(&tags[k]) && tags[k].xpos != "MD")
                .collect();
        }
        verbs.reverse();
        let head = verbs.first().copied().unwrap_or(end - 1);
        let before_head = &words[start..head];
        let mut negated = before_head
            .iter()
            .any(|w| NEGATORS.contains(w) || FAIL.contains(w));
        // "no longer" and a negator right before the group ("they would not permit" is inside).
        if start > 0 && matches!(words[start - 1], "NOT" | "NEVER") {
            negated = true;
        }
        // "fail to reach", "plans to", "reported to" when the tagger missed the first verb.
        let before_to = (start >= 2 && words[start - 1] == "TO").then(|| words[start - 2]);
        if before_to.is_some_and(|w| FAIL.contains(&w)) {
            negated = true;
        }
        let future = before_head
            .iter()
            .any(|w| FUTURE_AUX.contains(w) || INTENT.contains(w))
            || before_to.is_some_and(|w| INTENT.contains(&w));
        // Passive: a past participle whose nearest auxiliary is a form of "be" ("has been
        // deployed"; not "is reported to have told").
        let nearest_aux = (start..head).rev().find(|&k| is_verbish(&tags[k]));
        let passive =
            tags[head].xpos == "VBN" && nearest_aux.is_some_and(|k| BE.contains(&words[k]));
        let reported = before_head
            .iter()
            .enumerate()
            .any(|(k, w)| REPORTING.contains(w) && before_head.get(k + 1) == Some(&"TO"))
            || words[start..end].contains(&"REPORTEDLY")
            || before_to.is_some_and(|w| REPORTING.contains(&w));
        let clause = clauses
            .iter()
            .position(|c| c.start <= head && head < c.end)
            .unwrap_or(0);
        out.push(VerbGroup {
            start,
            end,
            verbs,
            clause,
            negated,
            future,
            passive,
            reported,
        });
        i = end.max(i + 1);
    }
}

/// Whether the sentence holds a conditional clause.
pub fn has_condition(clauses: &[Clause]) -> bool {
    clauses.iter().any(|c| c.intro == Intro::Conditional)
}
