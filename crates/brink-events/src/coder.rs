//! The event coder: a document's sentences, tagged and chunked, matched against the actor/agent
//! automaton and the verb patterns, become events.
//!
//! Roles: the subject (the last actor phrase before the verb group in its clause that no
//! preposition governs; a pronoun or missing subject inherits the governing clause's) is the
//! source, the first actor phrase after the verb (or the pattern's `+` slot) the target; in the
//! passive the `by` phrase is the source and the subject the target. Patterns: the one with the
//! most matched words wins; a tie goes to the pattern whose comment names the verb actually used,
//! then to the first in the dictionary. A verb whose patterns all fail takes its own or its
//! block's code; the null code `---` gives no event (there is no catch-all code).

use crate::cameo::{quad_class, CameoTables, Plover};
use crate::dict::verbs::{Code, VerbDict};
use crate::dict::{ActorEntry, AgentEntry, Atom, Dictionaries, Elem, Slot};
use crate::matcher::{Hit, PhraseSet, Vocab, WordMap};
use crate::syntax::{self, Clause, Intro, VerbGroup, REPORTING};
use crate::text::{self, SentenceSpan, Token};
use brink_pos::{Tag, Tagger, Upos};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// An actor as coded: its code and the text that named it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorRef {
    pub code: String,
    pub text: String,
}

/// One coded event (the JSON contract of `brink events`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// 1-based index of the sentence in the document.
    pub sentence: usize,
    /// The sentence's text.
    pub text: String,
    /// Character offsets `[start, end)` of the evidence in the document.
    pub span: [usize; 2],
    pub source: ActorRef,
    pub target: Option<ActorRef>,
    pub cameo: String,
    pub plover: Option<Plover>,
    pub goldstein: Option<f64>,
    pub quad_class: Option<u8>,
    /// The id of the dictionary pattern (or rule) that fired.
    pub pattern: String,
    pub negated: bool,
    pub conditional: bool,
    pub future: bool,
    pub reported: bool,
}

/// An actor named in a document: every sentence that names it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorMention {
    pub code: String,
    pub texts: Vec<String>,
    pub sentences: Vec<usize>,
}

/// A coded document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Document {
    pub path: String,
    pub date: Option<String>,
    pub sentences: usize,
    pub events: Vec<Event>,
    /// Issue codes found (issue dictionary) with their counts.
    pub issues: BTreeMap<String, usize>,
    /// Actors named (codes of the actor dictionary resolved on the date), first mention first.
    #[serde(skip)]
    pub actors: Vec<ActorMention>,
    /// The sentences' texts (for the skeleton writer's evidence).
    #[serde(skip)]
    pub sentence_texts: Vec<String>,
    /// The issue codes each sentence matched.
    #[serde(skip)]
    pub sentence_issues: Vec<Vec<String>>,
}

/// A `YYYY-MM-DD` date → `YYYYMMDD`.
pub fn parse_date(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: u32 = s[..4].parse().ok()?;
    let m: u32 = s[5..7].parse().ok()?;
    let d: u32 = s[8..].parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(y * 10000 + m * 100 + d)
}

/// The compiled coder: dictionaries, automata and indexes.
pub struct Coder {
    verbs: VerbDict,
    actors: Vec<ActorEntry>,
    agents: Vec<AgentEntry>,
    vocab: Vocab,
    names: PhraseSet<Hit>,
    issues: PhraseSet<u32>,
    issue_codes: Vec<String>,
    discards: PhraseSet<bool>,
    forms_by_word: WordMap<Vec<u32>>,
    block_patterns: Vec<Vec<u32>>,
    /// Per vocabulary id (see [`Vocab`]): 0, or 1 + the index of the word's entry in
    /// `prefilter_words`. Tokens are looked up by the id they were encoded with, never hashed
    /// again.
    word_slot: Vec<u32>,
    /// Per word that patterns name: its pattern-word id (`u32::MAX`: none; plurals share their
    /// singular's id) and the synonym sets whose phrases start with it.
    prefilter_words: Vec<(u32, Vec<u32>)>,
    /// How many pattern-word ids and synonym sets there are (the sizes of a sentence's bitsets).
    pattern_word_count: usize,
    /// Per pattern: the word ids and synonym sets it needs in the sentence (all of them).
    needs: Vec<(Vec<u32>, Vec<u32>)>,
    antonyms: HashMap<u32, Vec<u32>>,
    nominals: WordMap<Code>,
    synset_first: Vec<WordMap<Vec<u32>>>,
    /// The transformations whose verbs the dictionary knows, with those verbs as codes.
    transformations: Vec<VerbRule>,
    cameo: CameoTables,
}

/// A transformation with its verbs resolved to codes (the primary code; `None` for the null
/// code): verbs coded alike match alike, as in PETRARCH.
struct VerbRule {
    /// Index into the verb dictionary's transformations.
    index: usize,
    /// `None`: any verb (`Q`).
    lower: Option<Option<String>>,
    upper: Option<Option<String>>,
}

/// An actor phrase in a sentence (token range) and what it is.
#[derive(Clone, Copy, Debug)]
struct Mention {
    start: usize,
    end: usize,
    hit: Hit,
}

/// A noun phrase holding actor/agent mentions, with its resolved code.
#[derive(Clone, Debug)]
struct Unit {
    start: usize,
    end: usize,
    code: String,
}

/// Units joined by commas and `and`/`or`: a compound actor.
#[derive(Clone, Debug)]
struct Group {
    start: usize,
    end: usize,
    units: Vec<usize>,
}

/// A sentence's analysis, shared by the steps of coding.
struct Sent<'a> {
    words: Vec<&'a str>,
    /// The pattern-word ids and synonym sets that occur in the sentence.
    present_words: Bits,
    present_sets: Bits,
    tags: Vec<Tag>,
    clauses: Vec<Clause>,
    groups: Vec<Group>,
    units: Vec<Unit>,
    vgs: Vec<VerbGroup>,
}

/// The best pattern so far: (score, names the verb, pattern, source, target, match end).
type Candidate = (usize, u8, u32, Option<usize>, Option<usize>, usize);

/// The outcome of a pattern search.
struct PatternMatch {
    pattern: Option<u32>,
    code: Code,
    source: Option<usize>,
    target: Option<usize>,
    end: usize,
    antonym: bool,
}

const WINDOW: usize = 7;

impl Coder {
    /// Compiles a coder from dictionaries and CAMEO tables.
    pub fn new(d: Dictionaries, cameo: CameoTables) -> Coder {
        let mut vocab = Vocab::default();
        let mut items: Vec<(Vec<String>, Hit)> = vec![];
        for (i, a) in d.actors.entries.iter().enumerate() {
            for p in &a.phrases {
                items.push((p.clone(), Hit::Actor(i as u32)));
            }
        }
        for (i, a) in d.agents.entries.iter().enumerate() {
            items.push((a.phrase.clone(), Hit::Agent(i as u32)));
        }
        // A later actor record replaces an earlier one with the same phrase (the supplement
        // comes last); an agent never replaces an actor.
        let names = PhraseSet::build(&mut vocab, items, |old, new| {
            matches!((old, new), (Hit::Actor(_), Hit::Agent(_)))
        });
        let mut issue_codes: Vec<String> = vec![];
        let mut code_index: HashMap<String, u32> = HashMap::new();
        let mut issue_items = vec![];
        for (p, c) in &d.issues.phrases {
            let next = issue_codes.len() as u32;
            let k = *code_index.entry(c.clone()).or_insert_with(|| {
                issue_codes.push(c.clone());
                next
            });
            issue_items.push((p.clone(), k));
        }
        for p in &d.issues.ignore {
            issue_items.push((p.clone(), u32::MAX));
        }
        let issues = PhraseSet::build(&mut vocab, issue_items, |_, _| true);
        let discards = PhraseSet::build(&mut vocab, d.discards.phrases.clone(), |old, _| *old);
        let verbs = d.verbs;
        let mut forms_by_word: WordMap<Vec<u32>> = WordMap::default();
        for (i, f) in verbs.forms.iter().enumerate() {
            forms_by_word
                .entry(f.words[f.head].clone())
                .or_default()
                .push(i as u32);
        }
        // The prefilter: a pattern is tried only when every word and synonym set it names occurs
        // in the sentence (a few lookups instead of a window scan per pattern).
        let mut pattern_words: WordMap<u32> = WordMap::default();
        let mut needs = Vec::with_capacity(verbs.patterns.len());
        for p in &verbs.patterns {
            let (mut words, mut sets) = (vec![], vec![]);
            collect_needs(
                p.pre.iter().chain(&p.post),
                &mut pattern_words,
                &mut words,
                &mut sets,
            );
            words.sort_unstable();
            words.dedup();
            sets.sort_unstable();
            sets.dedup();
            needs.push((words, sets));
        }
        let mut synset_starts: WordMap<Vec<u32>> = WordMap::default();
        for (i, (_, phrases)) in verbs.synsets.iter().enumerate() {
            for ph in phrases {
                if let Some(w) = ph.first() {
                    let v = synset_starts.entry(w.clone()).or_default();
                    if !v.contains(&(i as u32)) {
                        v.push(i as u32);
                    }
                }
            }
        }
        // The prefilter's words are looked up by vocabulary id: interning them after the
        // automata are built gives words that no phrase holds ids of their own, which changes no
        // match.
        let mut word_slot: Vec<u32> = vec![];
        let mut prefilter_words: Vec<(u32, Vec<u32>)> = vec![];
        let slot_of = |vocab: &mut Vocab,
                       word_slot: &mut Vec<u32>,
                       prefilter_words: &mut Vec<(u32, Vec<u32>)>,
                       w: &str|
         -> usize {
            let id = vocab.intern(w) as usize;
            if word_slot.len() <= id {
                word_slot.resize(id + 1, 0);
            }
            if word_slot[id] == 0 {
                prefilter_words.push((u32::MAX, vec![]));
                word_slot[id] = prefilter_words.len() as u32;
            }
            word_slot[id] as usize - 1
        };
        let mut sorted_words: Vec<(&String, &u32)> = pattern_words.iter().collect();
        sorted_words.sort();
        for (w, &id) in sorted_words {
            let k = slot_of(&mut vocab, &mut word_slot, &mut prefilter_words, w);
            prefilter_words[k].0 = id;
        }
        let mut sorted_starts: Vec<(&String, &Vec<u32>)> = synset_starts.iter().collect();
        sorted_starts.sort();
        for (w, sets) in sorted_starts {
            let k = slot_of(&mut vocab, &mut word_slot, &mut prefilter_words, w);
            prefilter_words[k].1 = sets.clone();
        }
        let pattern_word_count = pattern_words.len().max(verbs.synsets.len());
        let mut block_patterns = vec![vec![]; verbs.blocks.len()];
        for (i, p) in verbs.patterns.iter().enumerate() {
            block_patterns[p.block as usize].push(i as u32);
        }
        let mut antonyms: HashMap<u32, Vec<u32>> = HashMap::new();
        for (from, to) in &verbs.antonyms {
            for (i, b) in verbs.blocks.iter().enumerate() {
                if &b.name == from {
                    let targets = verbs
                        .blocks
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| &c.name == to)
                        .map(|(j, _)| j as u32);
                    antonyms.entry(i as u32).or_default().extend(targets);
                }
            }
        }
        let nominals = verbs.nominals.iter().cloned().collect();
        let synset_first = verbs
            .synsets
            .iter()
            .map(|(_, phrases)| {
                let mut m: WordMap<Vec<u32>> = WordMap::default();
                for (k, p) in phrases.iter().enumerate() {
                    if let Some(w) = p.first() {
                        m.entry(w.clone()).or_default().push(k as u32);
                    }
                }
                m
            })
            .collect();
        // A transformation naming a verb the dictionary lacks can never apply.
        let verb_code = |name: &Option<String>| -> Option<Option<Option<String>>> {
            match name {
                None => Some(None),
                Some(n) => verbs.verbs.iter().find(|v| &v.lemma == n).map(|v| {
                    let code = v
                        .code
                        .as_ref()
                        .unwrap_or(&verbs.blocks[v.block as usize].code);
                    Some(code.primary.clone())
                }),
            }
        };
        let transformations = verbs
            .transformations
            .iter()
            .enumerate()
            .filter_map(|(index, t)| {
                Some(VerbRule {
                    index,
                    lower: verb_code(&t.lower_verb)?,
                    upper: verb_code(&t.upper_verb)?,
                })
            })
            .collect();
        Coder {
            verbs,
            transformations,
            actors: d.actors.entries,
            agents: d.agents.entries,
            vocab,
            names,
            issues,
            issue_codes,
            discards,
            forms_by_word,
            block_patterns,
            word_slot,
            prefilter_words,
            pattern_word_count,
            needs,
            antonyms,
            nominals,
            synset_first,
            cameo,
        }
    }

    /// The coder with the embedded dictionaries and tables.
    pub fn embedded() -> Coder {
        Coder::new(crate::dict::embedded(), CameoTables::embedded())
    }

    /// How many actor/agent phrases the automaton holds.
    pub fn phrase_count(&self) -> usize {
        self.names.len()
    }

    /// Codes a document. `date` (`YYYYMMDD`) resolves date-bounded actor codes.
    pub fn code(&self, path: &str, text: &str, date: Option<u32>) -> Document {
        let mut tokens: Vec<Token> = Vec::new();
        text::tokenize(text, &mut tokens);
        let mut spans: Vec<SentenceSpan> = Vec::new();
        text::sentences(text, &tokens, &mut spans);
        let chars = CharIndex::new(text);
        let mut doc = Document {
            path: path.to_string(),
            date: date.map(|d| format!("{:04}-{:02}-{:02}", d / 10000, d / 100 % 100, d % 100)),
            sentences: spans.len(),
            events: vec![],
            issues: BTreeMap::new(),
            actors: vec![],
            sentence_texts: Vec::with_capacity(spans.len()),
            sentence_issues: vec![vec![]; spans.len()],
        };
        let tagger = Tagger::english();
        let mut hay: Vec<u8> = Vec::new();
        let mut found: Vec<(usize, usize, Hit)> = Vec::new();
        let mut found_u32: Vec<(usize, usize, u32)> = Vec::new();
        let mut found_bool: Vec<(usize, usize, bool)> = Vec::new();
        let mut raw: Vec<&str> = Vec::new();
        // One workspace for all sentences: coding a sentence allocates little once warm.
        let mut sent = Sent {
            words: vec![],
            present_words: Bits::new(self.pattern_word_count),
            present_sets: Bits::new(self.verbs.synsets.len()),
            tags: vec![],
            clauses: vec![],
            groups: vec![],
            units: vec![],
            vgs: vec![],
        };
        let mut mentions: Vec<Mention> = Vec::new();
        let mut actor_index: WordMap<usize> = WordMap::default();
        // A story-level discard voids the whole document.
        let mut story_void = false;
        let mut discarded = vec![false; spans.len()];
        // The whole document as token symbols, once; each sentence is a slice of it.
        self.vocab
            .encode(tokens.iter().map(|t| t.norm.as_str()), &mut hay);
        let sentence_hay = |sp: &SentenceSpan| &hay[sp.first * 4..sp.end * 4];
        for (si, sp) in spans.iter().enumerate() {
            self.discards.find(sentence_hay(sp), &mut found_bool);
            if found_bool.iter().any(|m| m.2) {
                story_void = true;
            }
            discarded[si] = !found_bool.is_empty();
        }
        for (si, sp) in spans.iter().enumerate() {
            let toks = &tokens[sp.first..sp.end];
            let s_start = toks[0].start;
            let s_end = toks[toks.len() - 1].end;
            let sentence_text = text[s_start..s_end].to_string();
            doc.sentence_texts.push(sentence_text.clone());
            if story_void || discarded[si] {
                continue;
            }
            let hay = sentence_hay(sp);
            // Issues (an ignore phrase cancels the sentence's issues).
            self.issues.find(hay, &mut found_u32);
            if !found_u32.iter().any(|m| m.2 == u32::MAX) {
                for m in &found_u32 {
                    let code = &self.issue_codes[m.2 as usize];
                    *doc.issues.entry(code.clone()).or_insert(0) += 1;
                    if !doc.sentence_issues[si].contains(code) {
                        doc.sentence_issues[si].push(code.clone());
                    }
                }
            }
            self.names.find(hay, &mut found);
            // Without an actor that has a code on the date, the sentence forms no unit, so it
            // names no actor and holds no event: the tagger and the rest are skipped.
            let has_actor = found.iter().any(|&(_, _, hit)| {
                matches!(hit, Hit::Actor(i) if self.actors[i as usize].code_on(date).is_some())
            });
            if !has_actor {
                continue;
            }
            raw.clear();
            raw.extend(toks.iter().map(|t| &text[t.start..t.end]));
            tagger.tag_into(&raw, &mut sent.tags);
            mentions.clear();
            mentions.extend(
                found
                    .iter()
                    .map(|&(start, end, hit)| Mention { start, end, hit }),
            );
            sent.words.clear();
            sent.words.extend(toks.iter().map(|t| t.norm.as_str()));
            sent.present_words.clear();
            sent.present_sets.clear();
            for k in 0..toks.len() {
                let id = Vocab::token_id(hay, k) as usize;
                let slot = self.word_slot.get(id).copied().unwrap_or(0);
                if slot == 0 {
                    continue;
                }
                let (word, sets) = &self.prefilter_words[slot as usize - 1];
                if *word != u32::MAX {
                    sent.present_words.set(*word);
                }
                for &set in sets {
                    sent.present_sets.set(set);
                }
            }
            sent.groups.clear();
            sent.units.clear();
            syntax::clauses(&sent.words, &sent.tags, &mut sent.clauses);
            syntax::verb_groups(&sent.words, &sent.tags, &sent.clauses, &mut sent.vgs);
            self.build_units(&mut sent, &mentions, date);
            for u in &sent.units {
                let t = &text[toks[u.start].start..toks[u.end - 1].end];
                let k = *actor_index.entry(u.code.clone()).or_insert_with(|| {
                    doc.actors.push(ActorMention {
                        code: u.code.clone(),
                        texts: vec![],
                        sentences: vec![],
                    });
                    doc.actors.len() - 1
                });
                let a = &mut doc.actors[k];
                if !a.texts.iter().any(|x| x == t) {
                    a.texts.push(t.to_string());
                }
                if a.sentences.last() != Some(&(si + 1)) {
                    a.sentences.push(si + 1);
                }
            }
            let emit = Emit {
                text,
                toks,
                chars: &chars,
                sentence: si + 1,
                sentence_text: &sentence_text,
            };
            self.code_sentence(&sent, &emit, &mut doc.events);
        }
        doc
    }

    /// Mentions → noun-phrase units with resolved codes → compound groups.
    fn build_units(&self, s: &mut Sent, mentions: &[Mention], date: Option<u32>) {
        let words = &s.words;
        let tags = &s.tags;
        let mut k = 0;
        while k < mentions.len() {
            // A unit: mentions separated only by words inside a noun phrase.
            let mut j = k + 1;
            while j < mentions.len() {
                let gap = mentions[j - 1].end..mentions[j].start;
                let inside_np = gap.len() <= 3
                    && gap.clone().all(|g| {
                        matches!(
                            tags[g].upos,
                            Upos::Det | Upos::Adj | Upos::Propn | Upos::Num
                        ) && words[g] != "-"
                            || words[g] == "'S"
                            || tags[g].upos == Upos::Noun && gap.len() == 1
                    });
                if !inside_np {
                    break;
                }
                j += 1;
            }
            let ms = &mentions[k..j];
            if let Some(code) = self.unit_code(ms, date) {
                s.units.push(Unit {
                    start: ms[0].start,
                    end: ms[ms.len() - 1].end,
                    code,
                });
            }
            k = j;
        }
        // Groups: units joined by ",", "and", "or" (and determiners).
        let mut u = 0;
        while u < s.units.len() {
            let mut v = u + 1;
            while v < s.units.len() {
                let gap = s.units[v - 1].end..s.units[v].start;
                let joined = !gap.is_empty()
                    && gap.len() <= 3
                    && gap
                        .clone()
                        .all(|g| matches!(words[g], "," | "AND" | "OR" | "THE" | "AS" | "WELL"))
                    && gap.clone().any(|g| matches!(words[g], "," | "AND" | "OR"));
                if !joined {
                    break;
                }
                v += 1;
            }
            s.groups.push(Group {
                start: s.units[u].start,
                end: s.units[v - 1].end,
                units: (u..v).collect(),
            });
            u = v;
        }
    }

    /// The code of a unit: its most specific actor, with the country's agent appended (USA +
    /// ~MIL → USAMIL) when the actor is a bare country or organisation.
    fn unit_code(&self, ms: &[Mention], date: Option<u32>) -> Option<String> {
        let mut best: Option<&str> = None;
        let mut agent: Option<&AgentEntry> = None;
        for m in ms {
            match m.hit {
                Hit::Actor(i) => {
                    if let Some(c) = self.actors[i as usize].code_on(date) {
                        if best.is_none_or(|b| c.len() >= b.len()) {
                            best = Some(c);
                        }
                    }
                }
                Hit::Agent(i) => agent = Some(&self.agents[i as usize]),
            }
        }
        let base = best?;
        Some(match agent {
            Some(a) if base.len() == 3 => {
                if a.prefix {
                    format!("{}{base}", a.code)
                } else {
                    format!("{base}{}", a.code)
                }
            }
            _ => base.to_string(),
        })
    }

    fn code_sentence(&self, s: &Sent, emit: &Emit, events: &mut Vec<Event>) {
        let conditional = syntax::has_condition(&s.clauses);
        let according =
            s.words.windows(2).any(|w| w == ["ACCORDING", "TO"]) || s.words.contains(&"REPORTEDLY");
        // Each verb group's resolved subject group, for pronoun and coordination inheritance.
        let mut subjects: Vec<Option<usize>> = vec![None; s.vgs.len()];
        for (gi, vg) in s.vgs.iter().enumerate() {
            let clause = s.clauses[vg.clause];
            subjects[gi] = self.subject(s, gi, &subjects);
            let Some((verb_tok, verb_end, verb)) = self.find_verb(s, vg) else {
                continue;
            };
            let lemma = &self.verbs.verbs[verb as usize].lemma;
            let block = self.verbs.verbs[verb as usize].block;
            let Some(pm) = self.match_patterns(s, vg, verb_end, block, verb, lemma, clause) else {
                continue;
            };
            let (mut source, mut target) = (pm.source, pm.target);
            if vg.passive {
                // The by-agent is the source; the subject is the target.
                let by = (verb_end..clause.end).find(|&k| s.words[k] == "BY");
                let agent = by.and_then(|b| {
                    s.groups
                        .iter()
                        .position(|g| g.start > b && g.start <= b + 3 && g.end <= clause.end)
                });
                target = subjects[gi].or(target);
                source = agent;
            } else {
                source = source.or(subjects[gi]);
            }
            let Some(source) = source else { continue };
            let governed_by_report = vg.clause > 0
                && s.clauses[vg.clause].intro == Intro::That
                && s.vgs[..gi]
                    .iter()
                    .rev()
                    .find(|g| g.clause < vg.clause)
                    .is_some_and(|g| g.verbs.iter().any(|&v| REPORTING.contains(&s.words[v])));
            let flags = Flags {
                negated: vg.negated && !pm.antonym,
                conditional,
                future: vg.future,
                reported: vg.reported || governed_by_report || according,
            };
            let pattern_id = match pm.pattern {
                Some(p) => self.verbs.patterns[p as usize].id.clone(),
                None => format!("verb:{lemma}"),
            };
            let start = s.groups[source].start.min(vg.start);
            let end = pm
                .end
                .max(verb_tok + 1)
                .max(target.map_or(0, |t| s.groups[t].end));
            // A transformation turns the event and the verb over it into one event. Under a
            // verb of its own group ("wants to attack") the event is consumed; under a verb of
            // saying it stays too, flagged as reported ("A said that B attacked C": A accuses B,
            // and B's attack as A reports it).
            if let Some(t) = self.transform(s, gi, source, target, &pm.code, &subjects) {
                let flags = if t.keeps_code {
                    flags
                } else {
                    Flags {
                        negated: t.upper.negated,
                        conditional,
                        future: t.upper.future,
                        reported: t.upper.reported || according,
                    }
                };
                let span = (start.min(t.upper.start), end);
                self.push_events(
                    s, emit, t.source, t.target, &t.code, t.id, flags, span, events,
                );
                if std::ptr::eq(t.upper, vg) {
                    continue;
                }
            }
            // A threat or attack "against X" is aimed at X even when the verb's object names an
            // actor ("support Israeli military intervention against Iran"); the object's actor then
            // gets the verb's own cooperative code (SUPPORT → 050) as a second event.
            let conflict = pm
                .code
                .primary
                .as_deref()
                .and_then(quad_class)
                .is_some_and(|q| q >= 3);
            let against = conflict
                .then(|| against_target(s, clause, source))
                .flatten();
            if let Some(a) = against.filter(|&a| Some(a) != target) {
                if let Some(obj) = target.filter(|&t| t != source) {
                    let own = self.verbs.verbs[verb as usize]
                        .code
                        .clone()
                        .unwrap_or_else(|| self.verbs.blocks[block as usize].code.clone());
                    if own
                        .primary
                        .as_deref()
                        .and_then(quad_class)
                        .is_some_and(|q| q <= 2)
                    {
                        self.push_events(
                            s,
                            emit,
                            source,
                            Some(obj),
                            &Code {
                                primary: own.primary,
                                secondary: None,
                            },
                            &format!("verb:{lemma}"),
                            flags,
                            (start, end),
                            events,
                        );
                    }
                }
                target = Some(a);
            }
            self.push_events(
                s,
                emit,
                source,
                target,
                &pm.code,
                &pattern_id,
                flags,
                (start, end),
                events,
            );
        }
        self.nominal_events(s, emit, conditional, events);
    }

    /// A transformation of verb group `gi`'s event (`source` → `target`, `code`): under another
    /// verb of its own group ("wants to attack": the lower event has no source of its own), or
    /// under the verb group governing its "that" clause ("A said that B attacked C"). The first
    /// rule that matches, in dictionary order.
    fn transform<'s>(
        &'s self,
        s: &'s Sent,
        gi: usize,
        source: usize,
        target: Option<usize>,
        code: &Code,
        subjects: &[Option<usize>],
    ) -> Option<Transformed<'s>> {
        if self.transformations.is_empty() {
            return None;
        }
        let vg = &s.vgs[gi];
        for &u in vg.verbs.iter().skip(1) {
            if let Some((_, verb)) = self.verb_at(s, u) {
                if let Some(t) = self.apply_rules(s, verb, source, None, target, code, vg) {
                    return Some(t);
                }
            }
        }
        if vg.clause == 0 || s.clauses[vg.clause].intro != Intro::That {
            return None;
        }
        let g = s.vgs[..gi].iter().rposition(|g| g.clause < vg.clause)?;
        let (_, _, verb) = self.find_verb(s, &s.vgs[g])?;
        self.apply_rules(s, verb, subjects[g]?, Some(source), target, code, &s.vgs[g])
    }

    /// The first transformation for an upper verb (done by `upper_source`) over a lower event.
    #[allow(clippy::too_many_arguments)]
    fn apply_rules<'s>(
        &'s self,
        s: &Sent,
        upper_verb: u32,
        upper_source: usize,
        lower_source: Option<usize>,
        lower_target: Option<usize>,
        lower_code: &Code,
        upper: &'s VerbGroup,
    ) -> Option<Transformed<'s>> {
        let upper_code = &self.verb_code(upper_verb).primary;
        for rule in &self.transformations {
            if rule.upper.as_ref().is_some_and(|c| c != upper_code)
                || rule
                    .lower
                    .as_ref()
                    .is_some_and(|c| c != &lower_code.primary)
            {
                continue;
            }
            let t = &self.verbs.transformations[rule.index];
            let mut bound: Vec<(&str, usize)> = vec![];
            if !bind(s, &t.upper_source, Some(upper_source), &mut bound)
                || !bind(s, &t.lower_source, lower_source, &mut bound)
                || !bind(s, &t.lower_target, lower_target, &mut bound)
            {
                continue;
            }
            let actor = |slot: &Slot| match slot {
                Slot::Var(v) => bound.iter().find(|b| b.0 == v).map(|b| b.1),
                Slot::Any | Slot::Absent => None,
            };
            let Some(source) = actor(&t.source) else {
                continue;
            };
            return Some(Transformed {
                source,
                target: actor(&t.target),
                code: t.code.clone().unwrap_or_else(|| lower_code.clone()),
                keeps_code: t.code.is_none(),
                id: &t.id,
                upper,
            });
        }
        None
    }

    /// A verb's code: its own, else its block's.
    fn verb_code(&self, verb: u32) -> &Code {
        let v = &self.verbs.verbs[verb as usize];
        v.code
            .as_ref()
            .unwrap_or(&self.verbs.blocks[v.block as usize].code)
    }

    /// The subject group of verb group `gi`: the last actor group before the verb in its clause
    /// that no preposition governs; else (a pronoun, no subject, or a coordinated verb) the
    /// subject of the verb group that governs it.
    fn subject(&self, s: &Sent, gi: usize, subjects: &[Option<usize>]) -> Option<usize> {
        let vg = &s.vgs[gi];
        let clause = s.clauses[vg.clause];
        // "of targeting …", "by connecting …": a gerund after a preposition has no subject.
        let head = vg.verbs.first().copied().unwrap_or(vg.start);
        if s.tags[head].xpos == "VBG"
            && vg.start > 0
            && (s.tags[vg.start - 1].upos == Upos::Adp || s.tags[vg.start - 1].xpos == "IN")
            && s.words[vg.start - 1] != "THAT"
        {
            return None;
        }
        let prev_same = s.vgs[..gi].iter().rposition(|g| g.clause == vg.clause);
        let from = prev_same.map_or(clause.start, |p| s.vgs[p].end);
        let found = s.groups.iter().rposition(|g| {
            g.start >= from
                && g.end <= vg.start
                && !self.governed(s, g.start)
                && !in_hyphen_dyad(s, g)
        });
        if found.is_some() {
            return found;
        }
        if let Some(p) = prev_same {
            // "X met Y and signed …": the coordinated verb keeps X — unless something else
            // stands between them.
            let between = &s.words[s.vgs[p].end..vg.start];
            if between
                .iter()
                .any(|w| matches!(*w, "AND" | "BUT" | "OR" | ","))
                || between.is_empty()
                || between.contains(&"TO")
            {
                return subjects[p];
            }
            return None;
        }
        // A pronoun or missing subject in a subordinate clause: the governing clause's subject.
        let region = &s.words[clause.start..vg.start];
        let pronoun = region
            .iter()
            .any(|w| matches!(*w, "HE" | "SHE" | "THEY" | "IT" | "WE"));
        let empty = !region
            .iter()
            .enumerate()
            .any(|(k, _)| matches!(s.tags[clause.start + k].upos, Upos::Noun | Upos::Propn));
        if (pronoun || empty) && vg.clause > 0 {
            return s.vgs[..gi]
                .iter()
                .rposition(|g| g.clause < vg.clause)
                .and_then(|p| subjects[p]);
        }
        None
    }

    /// Whether the phrase starting at `start` is a preposition's object ("in Florida").
    fn governed(&self, s: &Sent, start: usize) -> bool {
        let mut k = start;
        while k > 0 {
            k -= 1;
            let t = &s.tags[k];
            match t.upos {
                Upos::Det | Upos::Adj | Upos::Num => continue,
                Upos::Adp => {
                    let w = s.words[k];
                    // "such as X", "including X": an apposition, not a prepositional object.
                    return !(w == "AS" && k > 0 && s.words[k - 1] == "SUCH"
                        || w == "INCLUDING"
                        || w == "LIKE");
                }
                _ => return false,
            }
        }
        false
    }

    /// The dictionary verb of a verb group: its lexical verbs, head first; multi-word forms
    /// ("rule out") preferred. Returns (the verb token, the end of the verb's words, verb id).
    fn find_verb(&self, s: &Sent, vg: &VerbGroup) -> Option<(usize, usize, u32)> {
        vg.verbs
            .iter()
            .find_map(|&v| self.verb_at(s, v).map(|(end, verb)| (v, end, verb)))
    }

    /// The dictionary verb whose form has its verb word at token `v` (the longest form): the
    /// end of the form's words and the verb id.
    fn verb_at(&self, s: &Sent, v: usize) -> Option<(usize, u32)> {
        let forms = self.forms_by_word.get(s.words[v])?;
        let mut best: Option<(usize, usize, u32)> = None;
        for &f in forms {
            let form = &self.verbs.forms[f as usize];
            let Some(first) = v.checked_sub(form.head) else {
                continue;
            };
            let end = first + form.words.len();
            if end > s.words.len()
                || s.words[first..end]
                    .iter()
                    .zip(&form.words)
                    .any(|(a, b)| *a != b)
            {
                continue;
            }
            if best.is_none_or(|b| end - first > b.1 - b.0) {
                best = Some((first, end, form.verb));
            }
        }
        best.map(|(_, end, verb)| (end.max(v + 1), verb))
    }

    #[allow(clippy::too_many_arguments)]
    fn match_patterns(
        &self,
        s: &Sent,
        vg: &VerbGroup,
        verb_end: usize,
        block: u32,
        verb: u32,
        lemma: &str,
        clause: Clause,
    ) -> Option<PatternMatch> {
        let try_blocks = |blocks: &[u32], antonym: bool| -> Option<PatternMatch> {
            let mut best: Option<Candidate> = None;
            for &b in blocks {
                for &p in &self.block_patterns[b as usize] {
                    let (need_words, need_sets) = &self.needs[p as usize];
                    if !need_words.iter().all(|&w| s.present_words.has(w))
                        || !need_sets.iter().all(|&k| s.present_sets.has(k))
                    {
                        continue;
                    }
                    let pat = &self.verbs.patterns[p as usize];
                    let Some((score, src, tgt, end)) =
                        self.match_pattern(s, vg, verb_end, clause, &pat.pre, &pat.post)
                    else {
                        continue;
                    };
                    // The pattern was written for this verb (first in its comment), or found with it.
                    let named = match pat.origin.iter().position(|o| o == lemma) {
                        Some(0) => 2,
                        Some(_) => 1,
                        None => 0,
                    };
                    let better = match best {
                        None => true,
                        Some((bs, bn, ..)) => score > bs || score == bs && named > bn,
                    };
                    if better {
                        best = Some((score, named, p, src, tgt, end));
                    }
                }
            }
            best.map(|(_, _, p, src, tgt, end)| PatternMatch {
                pattern: Some(p),
                code: self.verbs.patterns[p as usize].code.clone(),
                source: src,
                target: tgt,
                end,
                antonym,
            })
        };
        if vg.negated {
            if let Some(anti) = self.antonyms.get(&block) {
                if let Some(m) = try_blocks(anti, true) {
                    return (!m.code.is_null()).then_some(m);
                }
            }
        }
        let fallback_target = s
            .groups
            .iter()
            .position(|g| g.start >= verb_end && g.end <= clause.end);
        match try_blocks(&[block], false) {
            Some(m) => {
                if m.code.is_null() {
                    return None;
                }
                let target = m.target.or(fallback_target);
                Some(PatternMatch { target, ..m })
            }
            None => {
                let v = &self.verbs.verbs[verb as usize];
                let code = v
                    .code
                    .clone()
                    .unwrap_or_else(|| self.verbs.blocks[block as usize].code.clone());
                (!code.is_null()).then_some(PatternMatch {
                    pattern: None,
                    code,
                    source: None,
                    target: fallback_target,
                    end: verb_end,
                    antonym: false,
                })
            }
        }
    }

    /// Matches one pattern: (score, source group, target group, end of the match).
    #[allow(clippy::type_complexity)]
    fn match_pattern(
        &self,
        s: &Sent,
        vg: &VerbGroup,
        verb_end: usize,
        clause: Clause,
        pre: &[Elem],
        post: &[Elem],
    ) -> Option<(usize, Option<usize>, Option<usize>, usize)> {
        let mut score = 0;
        let mut src = None;
        let mut tgt = None;
        // Before the verb: in order, anywhere in the clause before the group.
        let mut pos = clause.start;
        for e in pre {
            pos = self.match_elem(
                s,
                e,
                pos,
                vg.start,
                usize::MAX,
                &mut score,
                &mut src,
                &mut tgt,
            )?;
        }
        let mut pos = verb_end;
        for e in post {
            pos = self.match_elem(
                s, e, pos, clause.end, WINDOW, &mut score, &mut src, &mut tgt,
            )?;
        }
        Some((score, src, tgt, pos))
    }

    /// Matches an element at or after `from` (within `window` tokens, before `limit`); returns
    /// where matching continues.
    #[allow(clippy::too_many_arguments)]
    fn match_elem(
        &self,
        s: &Sent,
        e: &Elem,
        from: usize,
        limit: usize,
        window: usize,
        score: &mut usize,
        src: &mut Option<usize>,
        tgt: &mut Option<usize>,
    ) -> Option<usize> {
        let last_start = from.saturating_add(window).min(limit);
        match e {
            Elem::Words(atoms) => {
                for p in from..last_start {
                    if let Some(end) = self.match_atoms(s, atoms, p, limit) {
                        *score += atoms.len();
                        return Some(end);
                    }
                }
                None
            }
            Elem::Prep(prep, inner) => {
                for p in from..last_start {
                    if s.words[p] != prep {
                        continue;
                    }
                    let mut sc = 1;
                    let (mut s2, mut t2) = (*src, *tgt);
                    let mut q = Some(p + 1);
                    for ie in inner {
                        q = q.and_then(|q| {
                            self.match_elem(s, ie, q, limit, 4, &mut sc, &mut s2, &mut t2)
                        });
                    }
                    if let Some(q) = q {
                        *score += sc;
                        *src = s2;
                        *tgt = t2;
                        return Some(q);
                    }
                }
                None
            }
            Elem::Source | Elem::Target => {
                let g = s
                    .groups
                    .iter()
                    .position(|g| g.start >= from && g.start < last_start && g.end <= limit)?;
                if *e == Elem::Source {
                    *src = Some(g);
                } else {
                    *tgt = Some(g);
                }
                Some(s.groups[g].end)
            }
            Elem::Skip => Some(from),
        }
    }

    /// Atoms in order from `p`, each within two tokens of the previous; the end of the match.
    fn match_atoms(&self, s: &Sent, atoms: &[Atom], p: usize, limit: usize) -> Option<usize> {
        let mut end = self.match_atom(s, &atoms[0], p, limit)?;
        for a in &atoms[1..] {
            end = (end..(end + 3).min(limit)).find_map(|q| self.match_atom(s, a, q, limit))?;
        }
        Some(end)
    }

    fn match_atom(&self, s: &Sent, a: &Atom, p: usize, limit: usize) -> Option<usize> {
        if p >= limit {
            return None;
        }
        let w = s.words[p];
        match a {
            Atom::Word(x) => (w == x || is_plural_of(w, x)).then_some(p + 1),
            Atom::Synset(i) => {
                let phrases = &self.verbs.synsets[*i as usize].1;
                let cands = self.synset_first[*i as usize].get(w)?;
                cands
                    .iter()
                    .map(|&k| &phrases[k as usize])
                    .filter(|ph| {
                        p + ph.len() <= limit
                            && s.words[p..p + ph.len()]
                                .iter()
                                .zip(ph.iter())
                                .all(|(a, b)| *a == b)
                    })
                    .map(|ph| p + ph.len())
                    .max()
            }
        }
    }

    /// "U.S.-Iran talks", "talks between A and B": symmetric dyadic events from nouns.
    fn nominal_events(&self, s: &Sent, emit: &Emit, conditional: bool, events: &mut Vec<Event>) {
        for (k, w) in s.words.iter().enumerate() {
            let Some(code) = self.nominals.get(*w) else {
                continue;
            };
            if !matches!(s.tags[k].upos, Upos::Noun | Upos::Propn) {
                continue;
            }
            // Left: [A] - [B] (adjectives) NOUN.
            let mut dyad: Option<(usize, usize)> = None;
            let mut j = k;
            let mut skipped = 0;
            while j > 0 && skipped <= 3 {
                if let Some(b) = s.groups.iter().position(|g| g.end == j) {
                    let bs = s.groups[b].start;
                    if bs >= 2 && s.words[bs - 1] == "-" {
                        if let Some(a) = s.groups.iter().position(|g| g.end == bs - 1) {
                            dyad = Some((a, b));
                        }
                    }
                    break;
                }
                if !matches!(s.tags[j - 1].upos, Upos::Adj | Upos::Noun) {
                    break;
                }
                j -= 1;
                skipped += 1;
            }
            // Right: NOUN between A and B.
            if dyad.is_none() && s.words.get(k + 1) == Some(&"BETWEEN") {
                if let Some(a) = s
                    .groups
                    .iter()
                    .position(|g| g.start >= k + 2 && g.start <= k + 3)
                {
                    if s.groups[a].units.len() >= 2 {
                        // "between A and B" forms one compound group: split it.
                        let g = &s.groups[a];
                        let (ua, ub) = (g.units[0], g.units[1]);
                        let flags = Flags {
                            negated: false,
                            conditional,
                            future: false,
                            reported: false,
                        };
                        let span = (k, s.units[ub].end);
                        self.push_dyad(s, emit, [(ua, ub)], code, w, flags, span, events);
                        continue;
                    }
                }
            }
            let Some((a, b)) = dyad else { continue };
            let left = s.groups[a].start;
            let negated = s.words[left.saturating_sub(4)..left].iter().any(|w| {
                matches!(
                    *w,
                    "BREAKDOWN" | "COLLAPSE" | "FAILURE" | "END" | "SUSPENSION"
                )
            });
            let flags = Flags {
                negated,
                conditional,
                future: false,
                reported: false,
            };
            let pairs = s.groups[a]
                .units
                .iter()
                .flat_map(|&ua| s.groups[b].units.iter().map(move |&ub| (ua, ub)));
            self.push_dyad(s, emit, pairs, code, w, flags, (left, k + 1), events);
        }
    }

    /// A nominal dyadic event both ways for each unit pair (A→B, then B→A).
    #[allow(clippy::too_many_arguments)]
    fn push_dyad(
        &self,
        s: &Sent,
        emit: &Emit,
        pairs: impl IntoIterator<Item = (usize, usize)>,
        code: &Code,
        noun: &str,
        flags: Flags,
        span: (usize, usize),
        events: &mut Vec<Event>,
    ) {
        let id = format!("supplement:nominal:{noun}");
        let cameo = code.primary.as_deref().unwrap_or("040");
        for (ua, ub) in pairs {
            for (x, y) in [(ua, ub), (ub, ua)] {
                self.push_one(s, emit, x, Some(y), cameo, &id, flags, span, events);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_events(
        &self,
        s: &Sent,
        emit: &Emit,
        source: usize,
        target: Option<usize>,
        code: &Code,
        pattern: &str,
        flags: Flags,
        span: (usize, usize),
        events: &mut Vec<Event>,
    ) {
        for &su in &s.groups[source].units {
            let targets: Vec<Option<usize>> = match target {
                Some(t) => s.groups[t].units.iter().map(|&u| Some(u)).collect(),
                None => vec![None],
            };
            for tu in targets {
                if let Some(p) = &code.primary {
                    self.push_one(s, emit, su, tu, p, pattern, flags, span, events);
                }
                if let (Some(sec), Some(tu)) = (&code.secondary, tu) {
                    self.push_one(s, emit, tu, Some(su), sec, pattern, flags, span, events);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_one(
        &self,
        s: &Sent,
        emit: &Emit,
        su: usize,
        tu: Option<usize>,
        cameo: &str,
        pattern: &str,
        flags: Flags,
        span: (usize, usize),
        events: &mut Vec<Event>,
    ) {
        let src = &s.units[su];
        if tu.is_some_and(|t| s.units[t].code == src.code) {
            return; // an actor does not act on itself
        }
        // "…, an official said": a bare statement without an addressee is attribution, not an
        // event (PETRARCH's catch-all 010 is what its users complain about).
        if tu.is_none() && cameo == "010" {
            return;
        }
        let actor = |u: &Unit| ActorRef {
            code: u.code.clone(),
            text: emit.slice(u.start, u.end).to_string(),
        };
        let (a, b) = (span.0.min(src.start), span.1.max(src.end));
        let ev = Event {
            sentence: emit.sentence,
            text: emit.sentence_text.to_string(),
            span: [
                emit.chars.of(emit.toks[a].start),
                emit.chars.of(emit.toks[b.max(a + 1) - 1].end),
            ],
            source: actor(src),
            target: tu.map(|t| actor(&s.units[t])),
            cameo: cameo.to_string(),
            plover: self.cameo.plover(cameo).cloned(),
            goldstein: self.cameo.goldstein(cameo),
            quad_class: quad_class(cameo),
            pattern: pattern.to_string(),
            negated: flags.negated,
            conditional: flags.conditional,
            future: flags.future,
            reported: flags.reported,
        };
        let same = |a: &Option<ActorRef>, b: &Option<ActorRef>| {
            a.as_ref().map(|x| &x.code) == b.as_ref().map(|x| &x.code)
        };
        if !events.iter().rev().take(16).any(|e| {
            e.sentence == ev.sentence
                && e.source.code == ev.source.code
                && same(&e.target, &ev.target)
                && e.cameo == ev.cameo
        }) {
            events.push(ev);
        }
    }
}

/// The event a transformation makes, and the verb group over the lower event.
struct Transformed<'s> {
    source: usize,
    target: Option<usize>,
    code: Code,
    /// `Q`: the lower event's code (and its flags) stand.
    keeps_code: bool,
    id: &'s str,
    upper: &'s VerbGroup,
}

/// Binds a transformation slot to an actor group: a variable seen before must name the same
/// actors; `.` takes anything; `_` wants no actor.
fn bind<'t>(
    s: &Sent,
    slot: &'t Slot,
    actor: Option<usize>,
    bound: &mut Vec<(&'t str, usize)>,
) -> bool {
    match slot {
        Slot::Any => true,
        Slot::Absent => actor.is_none(),
        Slot::Var(v) => {
            let Some(g) = actor else { return false };
            match bound.iter().find(|b| b.0 == v) {
                Some(&(_, h)) => {
                    let codes = |g: usize| s.groups[g].units.iter().map(|&u| &s.units[u].code);
                    codes(g).eq(codes(h))
                }
                None => {
                    bound.push((v, g));
                    true
                }
            }
        }
    }
}

/// A set of small integers, one bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn clear(&mut self) {
        self.0.fill(0);
    }
    fn set(&mut self, i: u32) {
        self.0[i as usize / 64] |= 1 << (i % 64);
    }
    fn has(&self, i: u32) -> bool {
        self.0[i as usize / 64] & (1 << (i % 64)) != 0
    }
}

#[derive(Clone, Copy)]
struct Flags {
    negated: bool,
    conditional: bool,
    future: bool,
    reported: bool,
}

/// What an event needs from its sentence and document.
struct Emit<'a> {
    text: &'a str,
    toks: &'a [Token],
    chars: &'a CharIndex<'a>,
    sentence: usize,
    sentence_text: &'a str,
}

impl Emit<'_> {
    fn slice(&self, a: usize, b: usize) -> &str {
        &self.text[self.toks[a].start..self.toks[b - 1].end]
    }
}

/// Byte offset → character offset (identity for ASCII text; non-ASCII text keeps the character
/// count at the start of every 4 KiB block, so a lookup scans at most one block).
struct CharIndex<'a> {
    text: &'a str,
    ascii: bool,
    blocks: Vec<usize>,
}

const CHAR_BLOCK: usize = 4096;

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> CharIndex<'a> {
        let ascii = text.is_ascii();
        let mut blocks = vec![];
        if !ascii {
            let mut count = 0;
            for chunk in text.as_bytes().chunks(CHAR_BLOCK) {
                blocks.push(count);
                count += chunk.iter().filter(|&&c| (c & 0xC0) != 0x80).count();
            }
        }
        CharIndex {
            text,
            ascii,
            blocks,
        }
    }

    fn of(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        if self.ascii {
            return byte;
        }
        let block = byte / CHAR_BLOCK;
        let head = &self.text.as_bytes()[block * CHAR_BLOCK..byte];
        self.blocks.get(block).copied().unwrap_or(0)
            + head.iter().filter(|&&c| (c & 0xC0) != 0x80).count()
    }
}

/// The literal words (with their plurals, under one id) and synonym sets of pattern elements.
fn collect_needs<'a>(
    elems: impl Iterator<Item = &'a Elem>,
    ids: &mut WordMap<u32>,
    words: &mut Vec<u32>,
    sets: &mut Vec<u32>,
) {
    let word = |w: &str, ids: &mut WordMap<u32>| -> u32 {
        if let Some(&id) = ids.get(w) {
            return id;
        }
        let id = ids.len() as u32;
        ids.insert(w.to_string(), id);
        ids.entry(crate::dict::plural(w)).or_insert(id);
        ids.entry(format!("{w}S")).or_insert(id);
        id
    };
    for e in elems {
        match e {
            Elem::Words(atoms) => {
                for a in atoms {
                    match a {
                        Atom::Word(w) => words.push(word(w, ids)),
                        Atom::Synset(k) => sets.push(*k),
                    }
                }
            }
            Elem::Prep(p, inner) => {
                words.push(word(p, ids));
                collect_needs(inner.iter(), ids, words, sets);
            }
            Elem::Source | Elem::Target | Elem::Skip => {}
        }
    }
}

/// The group after "against" in a clause (not the source itself).
fn against_target(s: &Sent, clause: Clause, source: usize) -> Option<usize> {
    let k = (clause.start..clause.end).find(|&k| s.words[k] == "AGAINST")?;
    s.groups
        .iter()
        .position(|g| g.start > k && g.start <= k + 4 && g.end <= clause.end)
        .filter(|&g| g != source)
}

/// "U.S.-Iran talks": a group joined to another by a hyphen modifies a noun; it is no subject.
fn in_hyphen_dyad(s: &Sent, g: &Group) -> bool {
    g.start >= 1 && s.words[g.start - 1] == "-" || s.words.get(g.end) == Some(&"-")
}

/// Whether `w` is a regular plural of `x` ("TALKS" of "TALK").
fn is_plural_of(w: &str, x: &str) -> bool {
    w.len() > x.len() && w.starts_with(x) && matches!(&w[x.len()..], "S" | "ES")
        || x.ends_with('Y')
            && w.len() == x.len() + 2
            && w.starts_with(&x[..x.len() - 1])
            && w.ends_with("IES")
}
