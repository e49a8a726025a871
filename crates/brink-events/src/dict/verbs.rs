//! The verb dictionary (PETRARCH's `CAMEO.2.0.txt` format): synonym sets, verb blocks with their
//! verb forms, and patterns with `*` for the verb, `$`/`+` for the source/target slots, braced
//! noun phrases and parenthesised prepositional phrases.

use super::{col_of, err_at, phrase_tokens, plural, strip_comment};
use brink_core::Diagnostics;
use std::collections::HashMap;

/// A CAMEO code pair: `[042:043]` is a primary event (source → target) and a paired secondary
/// event (target → source); `[---]` is the null code (no event).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Code {
    pub primary: Option<String>,
    pub secondary: Option<String>,
}

impl Code {
    pub fn is_null(&self) -> bool {
        self.primary.is_none() && self.secondary.is_none()
    }
    /// The compact form: `042:043`, `---`, `:173`.
    pub fn text(&self) -> String {
        match (&self.primary, &self.secondary) {
            (None, None) => "---".into(),
            (Some(p), None) => p.clone(),
            (p, Some(s)) => format!("{}:{s}", p.as_deref().unwrap_or("")),
        }
    }
    /// Parses `042`, `042:043`, `:173`, `---`; `None` when malformed.
    pub fn parse(s: &str) -> Option<Code> {
        let s = s.trim();
        let part = |p: &str| -> Option<Option<String>> {
            let p = p.trim();
            if p.is_empty() || p.chars().all(|c| c == '-') {
                Some(None)
            } else if p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()) {
                Some(Some(p.to_string()))
            } else {
                None
            }
        };
        match s.split_once(':') {
            Some((a, b)) => Some(Code {
                primary: part(a)?,
                secondary: part(b)?,
            }),
            None => Some(Code {
                primary: part(s)?,
                secondary: None,
            }),
        }
    }
}

/// One word of a pattern: a literal (normalised) word or a synonym set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Atom {
    Word(String),
    Synset(u32),
}

/// One element of a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Elem {
    /// Words that must appear in this order, close together (a noun or a braced phrase).
    Words(Vec<Atom>),
    /// A prepositional phrase: the preposition, then its elements.
    Prep(String, Vec<Elem>),
    /// `$`: the source actor stands here.
    Source,
    /// `+` (or `%`): the target actor stands here.
    Target,
    /// `^`: skip a noun phrase (matches without consuming).
    Skip,
}

/// A verb form: consecutive words, one of which (`head`) is the verb itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbForm {
    pub words: Vec<String>,
    pub head: usize,
    /// Index into [`VerbDict::verbs`].
    pub verb: u32,
}

/// A verb of a block: its base form and its own code, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verb {
    pub lemma: String,
    pub block: u32,
    pub code: Option<Code>,
}

/// A verb block: `--- NAME [code] ---` and the verbs and patterns under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub code: Code,
}

/// A pattern: elements before and after the verb, a code, the verbs its comment names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub block: u32,
    pub pre: Vec<Elem>,
    pub post: Vec<Elem>,
    pub code: Code,
    /// The verbs named in the pattern's comment (`# SEND , DEPLOY`): where it was found.
    pub origin: Vec<String>,
    /// `file:line` of the pattern: its id in events.
    pub id: String,
}

/// An actor slot of a transformation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A variable (`a`, `b`): the same letter is the same actor.
    Var(String),
    /// `.`: any actor, or none.
    Any,
    /// `_`: no actor stands there ("A wants to attack B": the attacking has no subject of its
    /// own).
    Absent,
}

/// A transformation: an event coded under another verb becomes one event.
/// `~ a (b c LOWER) UPPER = x y CODE`: actor `a` does UPPER (says, claims, wants, attempts…) over
/// an event `b` LOWER `c`; the two become `x → y` with CODE (`Q` keeps the lower event's code).
/// Verbs stand for their codes (`SAY` for every verb coded like SAY); `Q` is any verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transformation {
    pub upper_source: Slot,
    pub lower_source: Slot,
    pub lower_target: Slot,
    /// Verb names (`None`: `Q`, any verb).
    pub lower_verb: Option<String>,
    pub upper_verb: Option<String>,
    pub source: Slot,
    pub target: Slot,
    /// `None`: `Q`, the lower event's code.
    pub code: Option<Code>,
    /// The line as written (after `~`'s leading `~`, trimmed).
    pub text: String,
    /// `file:line`: its id in events.
    pub id: String,
}

impl Transformation {
    /// Parses `~ a (b c LOWER) UPPER = x y CODE`; the error is (column in `body`, message).
    pub fn parse(body: &str, id: String) -> Result<Transformation, (usize, String)> {
        let expected = "expected a transformation `~ a (b c VERB) VERB = x y CODE` (actors a letter, `.` or `_`; verbs a verb or `Q`)";
        let rest = body
            .trim()
            .strip_prefix('~')
            .ok_or((1, expected.to_string()))?;
        let (pattern, answer) = rest.split_once('=').ok_or((1, expected.to_string()))?;
        let col = body.find('=').map_or(1, |c| c + 1);
        let pattern: Vec<&str> = pattern
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|t| !t.is_empty())
            .collect();
        let answer: Vec<&str> = answer.split_whitespace().collect();
        if pattern.len() != 5 || answer.len() != 3 {
            return Err((col, expected.to_string()));
        }
        let slot = |t: &str| -> Result<Slot, (usize, String)> {
            match t {
                "." => Ok(Slot::Any),
                "_" => Ok(Slot::Absent),
                v if v.chars().all(|c| c.is_ascii_lowercase()) => Ok(Slot::Var(v.to_string())),
                other => Err((
                    col,
                    format!(
                        "expected an actor slot (a lower-case letter, `.` or `_`), found `{other}`"
                    ),
                )),
            }
        };
        let verb = |t: &str| (t != "Q").then(|| t.replace('_', " "));
        let code = match answer[2] {
            "Q" => None,
            c => Some(Code::parse(c).ok_or((
                col,
                format!("expected a CAMEO code or `Q` after the actors, found `{c}`"),
            ))?),
        };
        Ok(Transformation {
            upper_source: slot(pattern[0])?,
            lower_source: slot(pattern[1])?,
            lower_target: slot(pattern[2])?,
            lower_verb: verb(pattern[3]),
            upper_verb: verb(pattern[4]),
            source: slot(answer[0])?,
            target: slot(answer[1])?,
            code,
            text: body.trim().to_string(),
            id,
        })
    }
}

/// A verb dictionary.
#[derive(Clone, Debug, Default)]
pub struct VerbDict {
    pub synsets: Vec<(String, Vec<Vec<String>>)>,
    pub synset_index: HashMap<String, u32>,
    pub blocks: Vec<Block>,
    pub verbs: Vec<Verb>,
    pub forms: Vec<VerbForm>,
    pub patterns: Vec<Pattern>,
    /// Transformations (`~ a (a b ATTACK) SAY = a b 015`), in dictionary order.
    pub transformations: Vec<Transformation>,
    /// Nominal dyadic events (brink's supplement): a noun ("TALKS") and its code, coded when two
    /// actors stand as its dyad ("U.S.-Iran talks", "talks between A and B").
    pub nominals: Vec<(String, Code)>,
    /// Antonym blocks (brink's supplement): a negated verb of the first block is coded with the
    /// patterns of the second ("not permit" → REFUSE).
    pub antonyms: Vec<(String, String)>,
}

impl VerbDict {
    pub fn add_synset(&mut self, name: &str, phrases: Vec<Vec<String>>) -> u32 {
        if let Some(&i) = self.synset_index.get(name) {
            self.synsets[i as usize].1.extend(phrases);
            return i;
        }
        let i = self.synsets.len() as u32;
        self.synsets.push((name.to_string(), phrases));
        self.synset_index.insert(name.to_string(), i);
        i
    }
}

/// Regular verb forms of an upper-case base: -S/-ES/-IES, -ED/-D/-IED, -ING.
pub fn regular_forms(base: &str) -> Vec<String> {
    let mut out = vec![base.to_string(), plural(base)];
    let b = base;
    let consonant_y =
        b.ends_with('Y') && b.chars().rev().nth(1).is_some_and(|c| !"AEIOU".contains(c));
    if let Some(stem) = b.strip_suffix('E') {
        out.push(format!("{b}D"));
        if b.ends_with("EE") {
            out.push(format!("{b}ING"));
        } else {
            out.push(format!("{stem}ING"));
        }
    } else if consonant_y {
        out.push(format!("{}IED", &b[..b.len() - 1]));
        out.push(format!("{b}ING"));
    } else {
        out.push(format!("{b}ED"));
        out.push(format!("{b}ING"));
    }
    out
}

enum Section {
    None,
    /// A synonym set and whether its label forbids plurals (`&NAME_`).
    Synset(u32, bool),
    Block(u32),
}

/// Reads a verb dictionary in PETRARCH format into `dict`.
pub fn read_into(dict: &mut VerbDict, file: &str, text: &str) -> Result<(), Diagnostics> {
    let mut errors = vec![];
    let mut section = Section::None;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let trimmed_start = raw.trim_start();
        let indent = raw.len() - trimmed_start.len();
        if trimmed_start.starts_with("---") {
            match parse_block_header(raw) {
                Ok((name, code)) => {
                    dict.blocks.push(Block { name, code });
                    section = Section::Block(dict.blocks.len() as u32 - 1);
                }
                Err((col, msg)) => errors.push(err_at(file, line_no, col, msg)),
            }
            continue;
        }
        let line = strip_comment(raw, false);
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let comment = raw.get(line.len()..).unwrap_or("");
        let result: Result<(), (usize, String)> = if let Some(name) = body.strip_prefix('&') {
            let name = name.split_whitespace().next().unwrap_or("");
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                Err((
                    indent + 2,
                    "expected a synonym set name after `&` (letters, digits, `_`)".into(),
                ))
            } else {
                let set = dict.add_synset(&format!("&{}", name.trim_end_matches('_')), vec![]);
                section = Section::Synset(set, name.ends_with('_'));
                Ok(())
            }
        } else if body.starts_with('~') {
            let id = format!("{}:{line_no}", file.rsplit('/').next().unwrap_or(file));
            Transformation::parse(body, id)
                .map(|t| dict.transformations.push(t))
                .map_err(|(c, m)| (indent + c, m))
        } else if let Some(rest) = body.strip_prefix('-') {
            match section {
                Section::Block(b) => parse_pattern(dict, b, rest, comment, file, line_no)
                    .map_err(|(c, m)| (indent + 1 + c, m)),
                _ => Err((indent + 1, "expected a pattern inside a verb block: a `--- NAME [code] ---` line must come first".into())),
            }
        } else {
            match section {
                Section::Synset(s, set_no_plural) => match body.strip_prefix('+') {
                    Some(phrase) => {
                        let no_plural = set_no_plural || phrase.trim_end().ends_with('_');
                        let words = phrase_tokens(phrase.trim());
                        if words.is_empty() {
                            Err((indent + 2, "expected a word or phrase after `+`".into()))
                        } else {
                            let mut phrases = vec![words.clone()];
                            if !no_plural {
                                let mut p = words.clone();
                                let last = p.len() - 1;
                                p[last] = plural(&p[last]);
                                phrases.push(p);
                            }
                            dict.synsets[s as usize].1.extend(phrases);
                            Ok(())
                        }
                    }
                    None => Err((indent + 1, "expected a synonym (`+WORD`) in a synonym set, a new `&SET`, or a `--- BLOCK [code] ---` line".into())),
                },
                Section::Block(b) => parse_verb_line(dict, b, body).map_err(|(c, m)| (indent + c, m)),
                Section::None => Err((indent + 1, "expected a synonym set (`&NAME`) or a verb block (`--- NAME [code] ---`)".into())),
            }
        };
        if let Err((col, msg)) = result {
            errors.push(err_at(file, line_no, col, msg));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

fn parse_block_header(raw: &str) -> Result<(String, Code), (usize, String)> {
    let body = strip_comment(raw, false)
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-');
    let (name, code) = match (body.find('['), body.find(']')) {
        (Some(a), Some(b)) if b > a => {
            let code = Code::parse(&body[a + 1..b]).ok_or_else(|| {
                (
                    col_of(raw, raw.find('[').unwrap_or(0)) + 1,
                    format!(
                        "expected a CAMEO code such as [130] or [---], found [{}]",
                        &body[a + 1..b]
                    ),
                )
            })?;
            (body[..a].trim().to_string(), code)
        }
        (None, None) => (body.trim().to_string(), Code::default()),
        _ => {
            return Err((
                col_of(raw, raw.find(['[', ']']).unwrap_or(0)),
                "unbalanced `[`…`]` in the block header".into(),
            ))
        }
    };
    Ok((name, code))
}

/// `WORD {FORMS} [code]`, `+RULE_OUT`, `WIRE_+TAP {WIRE_+TAPS …}`.
fn parse_verb_line(dict: &mut VerbDict, block: u32, body: &str) -> Result<(), (usize, String)> {
    let mut rest = body.to_string();
    let mut code = None;
    if let Some(a) = rest.find('[') {
        let b = rest[a..]
            .find(']')
            .map(|b| a + b)
            .ok_or((a + 1, "expected `]` to close the code".to_string()))?;
        code = Some(Code::parse(&rest[a + 1..b]).ok_or((
            a + 2,
            format!(
                "expected a CAMEO code such as [120] or [---], found [{}]",
                &rest[a + 1..b]
            ),
        ))?);
        rest = format!("{}{}", &rest[..a], &rest[b + 1..]);
    }
    let mut forms_text = None;
    if let Some(a) = rest.find('{') {
        let b = rest[a..]
            .find('}')
            .map(|b| a + b)
            .ok_or((a + 1, "expected `}` to close the verb forms".to_string()))?;
        forms_text = Some(rest[a + 1..b].to_string());
        rest = rest[..a].to_string();
    }
    let base = rest.trim();
    if base.is_empty() || base.contains(char::is_whitespace) {
        return Err((
            1,
            format!("expected one verb (words joined by `_`), found `{base}`"),
        ));
    }
    let verb = dict.verbs.len() as u32;
    let (base_words, base_head) = verb_words(base);
    if base_words.is_empty() {
        return Err((1, format!("expected a verb (a word), found `{base}`")));
    }
    dict.verbs.push(Verb {
        lemma: base_words.join(" "),
        block,
        code,
    });
    let mut forms: Vec<(Vec<String>, usize)> = vec![(base_words.clone(), base_head)];
    match forms_text {
        Some(t) => {
            for f in t.split_whitespace() {
                forms.push(verb_words(f));
            }
        }
        None => {
            for f in regular_forms(&base_words[base_head]).into_iter().skip(1) {
                let mut w = base_words.clone();
                w[base_head] = f;
                forms.push((w, base_head));
            }
        }
    }
    for (words, head) in forms {
        if words.is_empty() {
            continue;
        }
        dict.forms.push(VerbForm { words, head, verb });
    }
    Ok(())
}

/// `WIRE_+TAP` → (["WIRE", "TAP"], 1); `ATTACK` → (["ATTACK"], 0).
fn verb_words(s: &str) -> (Vec<String>, usize) {
    let mut words = vec![];
    let mut head = None;
    for part in s.split('_').filter(|p| !p.is_empty()) {
        let (marked, w) = match part.strip_prefix('+') {
            Some(w) => (true, w),
            None => (false, part),
        };
        let toks = phrase_tokens(w);
        if marked && head.is_none() {
            head = Some(words.len());
        }
        words.extend(toks);
    }
    let head = head.unwrap_or(0).min(words.len().saturating_sub(1));
    (words, head)
}

fn parse_pattern(
    dict: &mut VerbDict,
    block: u32,
    rest: &str,
    comment: &str,
    file: &str,
    line_no: usize,
) -> Result<(), (usize, String)> {
    let id = format!("{}:{line_no}", file.rsplit('/').next().unwrap_or(file));
    if let Some(p) = parse_pattern_text(dict, block, rest, comment, id)? {
        dict.patterns.push(p);
    }
    Ok(())
}

/// Parses a pattern's text (after the leading `-`); `Ok(None)` when it uses an undefined
/// synonym set (PETRARCH's rule: such a pattern is ignored).
pub(crate) fn parse_pattern_text(
    dict: &VerbDict,
    block: u32,
    rest: &str,
    comment: &str,
    id: String,
) -> Result<Option<Pattern>, (usize, String)> {
    let a = rest.rfind('[').ok_or((
        rest.len() + 1,
        "expected the pattern's code in `[...]` at the end, e.g. `- * AID [070]`".to_string(),
    ))?;
    let b = rest[a..]
        .find(']')
        .map(|b| a + b)
        .ok_or((a + 1, "expected `]` to close the code".to_string()))?;
    let code = Code::parse(&rest[a + 1..b]).ok_or((
        a + 2,
        format!(
            "expected a CAMEO code such as [070], [042:043] or [---], found [{}]",
            &rest[a + 1..b]
        ),
    ))?;
    let body = &rest[..a];
    let star = body.find('*').ok_or((
        1,
        "expected `*` (the verb's place) in the pattern".to_string(),
    ))?;
    if body[star + 1..].contains('*') {
        return Err((
            star + body[star + 1..].find('*').unwrap_or(0) + 2,
            "expected one `*` in the pattern, found another".into(),
        ));
    }
    let Some(pre) = parse_elems(dict, &body[..star], 0)? else {
        return Ok(None);
    };
    let Some(post) = parse_elems(dict, &body[star + 1..], star + 1)? else {
        return Ok(None);
    };
    let origin = comment
        .trim_start_matches('#')
        .split(',')
        .filter_map(|s| s.split_whitespace().next())
        .filter(|w| w.chars().all(|c| c.is_ascii_uppercase() || c == '_') && w.len() > 1)
        .map(|w| w.replace('_', " "))
        .collect();
    Ok(Some(Pattern {
        block,
        pre,
        post,
        code,
        origin,
        id,
    }))
}

/// Parses pattern elements; `Ok(None)` when they use an undefined synonym set.
fn parse_elems(
    dict: &VerbDict,
    s: &str,
    offset: usize,
) -> Result<Option<Vec<Elem>>, (usize, String)> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = vec![];
    let mut i = 0;
    let mut prep: Option<(String, Vec<Elem>)> = None;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let col = offset + pos + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '{' => {
                let close = chars[i..]
                    .iter()
                    .position(|&(_, d)| d == '}')
                    .ok_or((col, "expected `}` to close the phrase".to_string()))?
                    + i;
                let inner: String = chars[i + 1..close].iter().map(|&(_, d)| d).collect();
                let mut atoms = vec![];
                for w in inner.split_whitespace() {
                    match word_atoms(dict, w) {
                        Some(a) => atoms.extend(a),
                        None => return Ok(None),
                    }
                }
                let e = Elem::Words(atoms);
                match &mut prep {
                    Some((_, v)) => v.push(e),
                    None => out.push(e),
                }
                i = close + 1;
            }
            '(' => {
                if prep.is_some() {
                    return Err((
                        col,
                        "expected `)` before a new `(`: prepositional phrases do not nest".into(),
                    ));
                }
                i += 1;
                while i < chars.len() && chars[i].1.is_whitespace() {
                    i += 1;
                }
                let start = i;
                while i < chars.len() && !chars[i].1.is_whitespace() && chars[i].1 != ')' {
                    i += 1;
                }
                let p: String = chars[start..i].iter().map(|&(_, d)| d).collect();
                if p.is_empty() {
                    return Err((col, "expected a preposition after `(`".into()));
                }
                prep = Some((p.to_ascii_uppercase(), vec![]));
            }
            ')' => {
                let (p, v) = prep
                    .take()
                    .ok_or((col, "found `)` without `(`".to_string()))?;
                out.push(Elem::Prep(p, v));
                i += 1;
            }
            '}' => return Err((col, "found `}` without `{`".into())),
            _ => {
                let start = i;
                while i < chars.len() && !chars[i].1.is_whitespace() && !"(){}".contains(chars[i].1)
                {
                    i += 1;
                }
                let w: String = chars[start..i].iter().map(|&(_, d)| d).collect();
                let e = match w.as_str() {
                    "$" => Elem::Source,
                    "+" | "%" => Elem::Target,
                    "^" => Elem::Skip,
                    _ => match word_atoms(dict, &w) {
                        Some(a) if !a.is_empty() => Elem::Words(a),
                        Some(_) => continue,
                        None => return Ok(None),
                    },
                };
                match &mut prep {
                    Some((_, v)) => v.push(e),
                    None => out.push(e),
                }
            }
        }
    }
    if prep.is_some() {
        return Err((
            offset + s.len() + 1,
            "expected `)` to close the prepositional phrase".into(),
        ));
    }
    Ok(Some(out))
}

/// A pattern word → atoms (`&SET` → the set; `BUILD-UP` → BUILD, -, UP); `None` if the set is
/// undefined.
fn word_atoms(dict: &VerbDict, w: &str) -> Option<Vec<Atom>> {
    if let Some(name) = w.strip_prefix('&') {
        let key = format!("&{}", name.trim_end_matches('_'));
        return dict.synset_index.get(&key).map(|&i| vec![Atom::Synset(i)]);
    }
    Some(phrase_tokens(w).into_iter().map(Atom::Word).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&MILITARY\n+TROOP\n+ARMED_FORCES\n\n--- SEND [---] ---\nSEND {SENDS SENDING SENT }\nDEPLOY\n+RULE_OUT\n- * &MILITARY [154] # DEPLOY\n- * (TO {BANNED PARTIES}) $ [1722] # ADD\n- * DELEGATION [042:043] # SEND\n~ a (a b ATTACK) SAY = a b 015\n";

    #[test]
    fn reads_synsets_blocks_forms_patterns() {
        let mut d = VerbDict::default();
        read_into(&mut d, "v.txt", SAMPLE).unwrap();
        assert_eq!(d.synsets[0].1.len(), 4); // TROOP(S), ARMED FORCES(FORCESS? no: plural of last)
        assert_eq!(d.blocks[0].name, "SEND");
        let forms: Vec<String> = d.forms.iter().map(|f| f.words.join(" ")).collect();
        assert!(forms.contains(&"SENT".to_string()));
        assert!(forms.contains(&"DEPLOYED".to_string()));
        assert!(forms.contains(&"RULED OUT".to_string()));
        assert_eq!(d.patterns.len(), 3);
        assert_eq!(d.patterns[0].post, vec![Elem::Words(vec![Atom::Synset(0)])]);
        assert_eq!(d.patterns[0].origin, vec!["DEPLOY".to_string()]);
        assert_eq!(d.patterns[2].code.text(), "042:043");
        assert_eq!(d.patterns[1].post.len(), 2);
        assert_eq!(d.transformations.len(), 1);
        let t = &d.transformations[0];
        assert_eq!(t.id, "v.txt:12");
        assert_eq!(
            (&t.upper_source, &t.lower_source, &t.lower_target),
            (
                &Slot::Var("a".into()),
                &Slot::Var("a".into()),
                &Slot::Var("b".into())
            )
        );
        assert_eq!(t.lower_verb.as_deref(), Some("ATTACK"));
        assert_eq!(t.upper_verb.as_deref(), Some("SAY"));
        assert_eq!(t.code.as_ref().map(Code::text).as_deref(), Some("015"));
        let q = Transformation::parse("~ a (_ b Q) WANT = a b Q", "x".into()).unwrap();
        assert_eq!(
            (q.lower_source, q.lower_verb, q.code),
            (Slot::Absent, None, None)
        );
        for bad in [
            "~ a (a b ATTACK) SAY",
            "~ a (a b) SAY = a b 015",
            "~ A (a b X) SAY = a b 015",
        ] {
            assert!(Transformation::parse(bad, "x".into()).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_lines_are_located() {
        let mut d = VerbDict::default();
        let e = read_into(&mut d, "v.txt", "- * AID [070]\n--- X [12a] ---\n").unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(e.0[0].location.unwrap().line, 1);
        assert!(e.0[1].message.contains("CAMEO code"), "{}", e.0[1]);
        let mut d = VerbDict::default();
        let e =
            read_into(&mut d, "v.txt", "--- X [010] ---\nSAY\n- * (TO AID [070]\n").unwrap_err();
        assert_eq!(e.0[0].location.unwrap().line, 3);
        assert!(e.0[0].message.contains("`)`"), "{}", e.0[0]);
    }

    #[test]
    fn regular_forms_follow_english_spelling() {
        assert_eq!(
            regular_forms("DEPLOY"),
            ["DEPLOY", "DEPLOYS", "DEPLOYED", "DEPLOYING"]
        );
        assert_eq!(
            regular_forms("CARRY"),
            ["CARRY", "CARRIES", "CARRIED", "CARRYING"]
        );
        assert_eq!(
            regular_forms("CEASE"),
            ["CEASE", "CEASES", "CEASED", "CEASING"]
        );
    }
}
