//! brink's compact dictionary form: one record a line, tab-separated, already normalised and
//! expanded (plurals, verb forms, substitution sets), so loading is splitting. Record tags:
//!
//! ```text
//! S  &NAME  PHRASE|PHRASE…                         synonym set
//! B  NAME  CODE                                    verb block (V and P lines below belong to it)
//! V  LEMMA  CODE  FORM~HEAD|FORM~HEAD…             verb and its forms (HEAD: the verb word's index)
//! P  ID  CODE  ORIGIN,ORIGIN  PRE  POST            pattern (elements in PETRARCH's syntax)
//! X  TRANSFORMATION  ID                            transformation, as written (ID: FILE:LINE)
//! A  ID  DEFAULT  CODE:FROM-TO,…  PHRASE|PHRASE…   actor (empty DEFAULT or dates: none)
//! G  ~CODE | CODE~  PHRASE|PHRASE…                 agent
//! D  s|S  PHRASE                                   discard (S: the whole story)
//! I  CODE  PHRASE                                  issue phrase;  J  PHRASE: cancels issues
//! N  CODE  NOUN|NOUN…                              nominal dyadic event ("U.S.-Iran talks")
//! Z  BLOCK  ANTONYM                                a negated verb of BLOCK uses ANTONYM's patterns
//! ```

use super::verbs::{Block, Code, Pattern, Transformation, Verb, VerbForm};
use super::{err_at, ActorEntry, AgentEntry, Atom, DatedCode, Dictionaries, Elem};
use brink_core::{Diagnostic, Diagnostics};
use std::fmt::Write;

/// Reads compact records into `d` (appending).
pub fn read_into(d: &mut Dictionaries, file: &str, text: &str) -> Result<(), Diagnostics> {
    let mut errors = vec![];
    let mut block: Option<u32> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let need = |k: usize| -> Result<(), Diagnostic> {
            if f.len() == k {
                Ok(())
            } else {
                Err(err_at(
                    file,
                    line_no,
                    line.len() + 1,
                    format!(
                        "expected {k} tab-separated fields for a `{}` record, found {}",
                        f[0],
                        f.len()
                    ),
                ))
            }
        };
        let result: Result<(), Diagnostic> = (|| {
            match f[0] {
                "S" => {
                    need(3)?;
                    d.verbs.add_synset(f[1], phrases(f[2]));
                }
                "B" => {
                    need(3)?;
                    d.verbs.blocks.push(Block {
                        name: f[1].to_string(),
                        code: code(f[2], file, line_no)?,
                    });
                    block = Some(d.verbs.blocks.len() as u32 - 1);
                }
                "V" => {
                    need(4)?;
                    let b = block.ok_or_else(|| {
                        err_at(
                            file,
                            line_no,
                            1,
                            "expected a `B` (block) record before this verb",
                        )
                    })?;
                    let verb = d.verbs.verbs.len() as u32;
                    let c = if f[2].is_empty() {
                        None
                    } else {
                        Some(code(f[2], file, line_no)?)
                    };
                    d.verbs.verbs.push(Verb {
                        lemma: f[1].to_string(),
                        block: b,
                        code: c,
                    });
                    for form in f[3].split('|') {
                        let (words, head) = form.rsplit_once('~').ok_or_else(|| {
                            err_at(
                                file,
                                line_no,
                                1,
                                format!("expected a verb form `WORDS~HEAD`, found `{form}`"),
                            )
                        })?;
                        let words: Vec<String> = words.split(' ').map(str::to_string).collect();
                        let head: usize = head
                            .parse()
                            .ok()
                            .filter(|&h| h < words.len())
                            .ok_or_else(|| {
                                err_at(
                                    file,
                                    line_no,
                                    1,
                                    format!("expected the verb word's index in `{form}`"),
                                )
                            })?;
                        d.verbs.forms.push(VerbForm { words, head, verb });
                    }
                }
                "P" => {
                    need(6)?;
                    let b = block.ok_or_else(|| {
                        err_at(
                            file,
                            line_no,
                            1,
                            "expected a `B` (block) record before this pattern",
                        )
                    })?;
                    let body = format!("{} * {} [{}]", f[4], f[5], f[2]);
                    let comment = f[3].replace(',', " , ");
                    match super::verbs::parse_pattern_text(&d.verbs, b, &body, &comment, f[1].to_string()) {
                        Ok(Some(p)) => d.verbs.patterns.push(p),
                        Ok(None) => return Err(err_at(file, line_no, 1, "the pattern uses an undefined synonym set: define it in an `S` record first")),
                        Err((_, m)) => return Err(err_at(file, line_no, 1, m)),
                    }
                }
                "N" => {
                    need(3)?;
                    let c = code(f[1], file, line_no)?;
                    for w in f[2].split('|').filter(|w| !w.is_empty()) {
                        d.verbs.nominals.push((w.to_string(), c.clone()));
                    }
                }
                "Z" => {
                    need(3)?;
                    d.verbs.antonyms.push((f[1].to_string(), f[2].to_string()));
                }
                "X" => {
                    if f.len() != 3 {
                        need(2)?;
                    }
                    let id = f.get(2).map_or_else(
                        || format!("{}:{line_no}", file.rsplit('/').next().unwrap_or(file)),
                        |id| id.to_string(),
                    );
                    let t = Transformation::parse(f[1], id)
                        .map_err(|(c, m)| err_at(file, line_no, c + 2, m))?;
                    d.verbs.transformations.push(t);
                }
                "A" => {
                    need(5)?;
                    let mut dated = vec![];
                    for part in f[3].split(',').filter(|p| !p.is_empty()) {
                        let (c, range) = part.split_once(':').ok_or_else(|| {
                            err_at(
                                file,
                                line_no,
                                1,
                                format!("expected `CODE:FROM-TO`, found `{part}`"),
                            )
                        })?;
                        let (a, b) = range.split_once('-').ok_or_else(|| {
                            err_at(
                                file,
                                line_no,
                                1,
                                format!("expected `FROM-TO` dates, found `{range}`"),
                            )
                        })?;
                        let date = |s: &str| -> Result<Option<u32>, Diagnostic> {
                            if s.is_empty() {
                                Ok(None)
                            } else {
                                super::actors::parse_date(s).map(Some).ok_or_else(|| {
                                    err_at(
                                        file,
                                        line_no,
                                        1,
                                        format!("expected a date YYYYMMDD, found `{s}`"),
                                    )
                                })
                            }
                        };
                        dated.push(DatedCode {
                            code: c.to_string(),
                            from: date(a)?,
                            to: date(b)?,
                        });
                    }
                    d.actors.entries.push(ActorEntry {
                        phrases: phrases(f[4]),
                        dated,
                        default: (!f[2].is_empty()).then(|| f[2].to_string()),
                        id: f[1].to_string(),
                    });
                }
                "G" => {
                    need(3)?;
                    let (c, prefix) = match (f[1].strip_prefix('~'), f[1].strip_suffix('~')) {
                        (Some(c), _) => (c, false),
                        (_, Some(c)) => (c, true),
                        _ => {
                            return Err(err_at(
                                file,
                                line_no,
                                3,
                                format!("expected `~CODE` or `CODE~`, found `{}`", f[1]),
                            ))
                        }
                    };
                    for p in phrases(f[2]) {
                        d.agents.entries.push(AgentEntry {
                            phrase: p,
                            code: c.to_string(),
                            prefix,
                        });
                    }
                }
                "D" => {
                    need(3)?;
                    d.discards.phrases.push((words(f[2]), f[1] == "S"));
                }
                "I" => {
                    need(3)?;
                    d.issues.phrases.push((words(f[2]), f[1].to_string()));
                }
                "J" => {
                    need(2)?;
                    d.issues.ignore.push(words(f[1]));
                }
                other => {
                    return Err(err_at(
                        file,
                        line_no,
                        1,
                        format!("expected a record tag (S B V P X N Z A G D I J), found `{other}`"),
                    ))
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

fn words(s: &str) -> Vec<String> {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn phrases(s: &str) -> Vec<Vec<String>> {
    s.split('|').map(words).filter(|p| !p.is_empty()).collect()
}

fn code(s: &str, file: &str, line: usize) -> Result<Code, Diagnostic> {
    Code::parse(s)
        .ok_or_else(|| err_at(file, line, 1, format!("expected a CAMEO code, found `{s}`")))
}

fn phrase_ok(p: &[String]) -> bool {
    !p.is_empty() && p.iter().all(|w| !w.contains(['|', '\t', '~', ' ']))
}

fn join_phrases(ps: &[Vec<String>]) -> String {
    ps.iter()
        .filter(|p| phrase_ok(p))
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("|")
}

/// Pattern elements back to PETRARCH syntax (with normalised words).
fn elems_text(d: &super::VerbDict, elems: &[Elem]) -> String {
    let atom = |a: &Atom| match a {
        Atom::Word(w) => w.clone(),
        Atom::Synset(i) => d.synsets[*i as usize].0.clone(),
    };
    let mut out = vec![];
    for e in elems {
        out.push(match e {
            Elem::Words(atoms) if atoms.len() == 1 => atom(&atoms[0]),
            Elem::Words(atoms) => format!(
                "{{{}}}",
                atoms.iter().map(atom).collect::<Vec<_>>().join(" ")
            ),
            Elem::Prep(p, inner) => {
                let rest = elems_text(d, inner);
                if rest.is_empty() {
                    format!("({p})")
                } else {
                    format!("({p} {rest})")
                }
            }
            Elem::Source => "$".into(),
            Elem::Target => "+".into(),
            Elem::Skip => "^".into(),
        });
    }
    out.join(" ")
}

/// Writes the verb dictionary in compact form.
pub fn write_verbs(d: &Dictionaries) -> String {
    let v = &d.verbs;
    let mut s = String::new();
    for (name, ps) in &v.synsets {
        let _ = writeln!(s, "S\t{name}\t{}", join_phrases(ps));
    }
    for (b, block) in v.blocks.iter().enumerate() {
        let _ = writeln!(
            s,
            "B\t{}\t{}",
            block.name.replace('\t', " "),
            block.code.text()
        );
        for (i, verb) in v
            .verbs
            .iter()
            .enumerate()
            .filter(|(_, x)| x.block as usize == b)
        {
            let forms: Vec<String> = v
                .forms
                .iter()
                .filter(|f| f.verb as usize == i && phrase_ok(&f.words))
                .map(|f| format!("{}~{}", f.words.join(" "), f.head))
                .collect();
            if forms.is_empty() {
                continue;
            }
            let c = verb.code.as_ref().map(Code::text).unwrap_or_default();
            let _ = writeln!(s, "V\t{}\t{c}\t{}", verb.lemma, forms.join("|"));
        }
        for p in v.patterns.iter().filter(|p| p.block as usize == b) {
            let _ = writeln!(s, "{}", pattern_line(v, p));
        }
    }
    for t in &v.transformations {
        let _ = writeln!(s, "X\t{}\t{}", t.text.replace('\t', " "), t.id);
    }
    s
}

fn pattern_line(v: &super::VerbDict, p: &Pattern) -> String {
    format!(
        "P\t{}\t{}\t{}\t{}\t{}",
        p.id,
        p.code.text(),
        p.origin.join(","),
        elems_text(v, &p.pre),
        elems_text(v, &p.post)
    )
}

/// Writes the actor dictionary in compact form.
pub fn write_actors(d: &Dictionaries) -> String {
    let mut s = String::new();
    for a in &d.actors.entries {
        let phrases = join_phrases(&a.phrases);
        if phrases.is_empty() {
            continue;
        }
        let dated: Vec<String> = a
            .dated
            .iter()
            .map(|c| {
                format!(
                    "{}:{}-{}",
                    c.code,
                    c.from.map(|x| x.to_string()).unwrap_or_default(),
                    c.to.map(|x| x.to_string()).unwrap_or_default()
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "A\t{}\t{}\t{}\t{phrases}",
            a.id,
            a.default.as_deref().unwrap_or(""),
            dated.join(",")
        );
    }
    s
}

/// Writes agents, discards and issues in compact form: three strings.
pub fn write_others(d: &Dictionaries) -> (String, String, String) {
    let mut ag = String::new();
    for e in d.agents.entries.iter().filter(|e| phrase_ok(&e.phrase)) {
        let c = if e.prefix {
            format!("{}~", e.code)
        } else {
            format!("~{}", e.code)
        };
        let _ = writeln!(ag, "G\t{c}\t{}", e.phrase.join(" "));
    }
    let mut di = String::new();
    for (p, story) in d.discards.phrases.iter().filter(|(p, _)| phrase_ok(p)) {
        let _ = writeln!(di, "D\t{}\t{}", if *story { "S" } else { "s" }, p.join(" "));
    }
    let mut is = String::new();
    for (p, c) in d.issues.phrases.iter().filter(|(p, _)| phrase_ok(p)) {
        let _ = writeln!(is, "I\t{c}\t{}", p.join(" "));
    }
    for p in d.issues.ignore.iter().filter(|p| phrase_ok(p)) {
        let _ = writeln!(is, "J\t{}", p.join(" "));
    }
    (ag, di, is)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_round_trip() {
        let mut d = Dictionaries::default();
        super::super::verbs::read_into(&mut d.verbs, "v.txt", "&MIL\n+TROOP\n--- SEND [---] ---\nSEND {SENT}\n- * &MIL (TO +) [154] # DEPLOY\n- $ * {BUILD-UP} [042:043]\n").unwrap();
        let text = write_verbs(&d);
        let mut e = Dictionaries::default();
        read_into(&mut e, "verbs.tsv", &text).unwrap();
        assert_eq!(e.verbs.patterns.len(), 2);
        assert_eq!(e.verbs.patterns[0].post, d.verbs.patterns[0].post);
        assert_eq!(e.verbs.patterns[1].pre, d.verbs.patterns[1].pre);
        assert_eq!(e.verbs.patterns[1].code.text(), "042:043");
        assert_eq!(e.verbs.forms.len(), d.verbs.forms.len());
        assert_eq!(write_verbs(&e), text);
    }

    #[test]
    fn bad_records_are_located() {
        let mut d = Dictionaries::default();
        let e = read_into(
            &mut d,
            "x.tsv",
            "A\tid\tUSA\t\tUNITED STATES\nQ\tz\nA\tid\n",
        )
        .unwrap_err();
        assert_eq!(e.0.len(), 2);
        assert_eq!(e.0[0].location.unwrap().line, 2);
        assert_eq!(e.0[1].location.unwrap().line, 3);
    }
}
