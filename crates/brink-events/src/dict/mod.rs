//! Dictionaries: the PETRARCH/TABARI formats (verbs, actors, agents, discards, issues) read with
//! located errors, and brink's own compact form (normalised, expanded, tab-separated) that ships
//! embedded in the binary.

pub mod actors;
pub mod agents;
pub mod compact;
pub mod issues;
pub mod verbs;

use brink_core::{Diagnostic, Diagnostics};
use std::path::Path;

pub use actors::{ActorDict, ActorEntry, DatedCode};
pub use agents::{AgentDict, AgentEntry};
pub use issues::{DiscardDict, IssueDict};
pub use verbs::{Atom, Code, Elem, Pattern, Slot, Transformation, VerbDict};

/// A full dictionary set.
#[derive(Clone, Debug, Default)]
pub struct Dictionaries {
    pub verbs: VerbDict,
    pub actors: ActorDict,
    pub agents: AgentDict,
    pub discards: DiscardDict,
    pub issues: IssueDict,
}

/// The default set, embedded: PETRARCH2's dictionaries converted to the compact form, plus
/// brink's hand-written supplement (leaders after January 2014, nominal dyadic events).
pub fn embedded() -> Dictionaries {
    let mut d = Dictionaries::default();
    let parts: [(&str, &str); 6] = [
        ("verbs.tsv", include_str!("../../data/verbs.tsv")),
        ("actors.tsv", include_str!("../../data/actors.tsv")),
        ("agents.tsv", include_str!("../../data/agents.tsv")),
        ("discards.tsv", include_str!("../../data/discards.tsv")),
        ("issues.tsv", include_str!("../../data/issues.tsv")),
        ("supplement.tsv", include_str!("../../data/supplement.tsv")),
    ];
    for (name, text) in parts {
        // The embedded files are written by the converter and tested; a failure is a build bug.
        compact::read_into(&mut d, name, text)
            .unwrap_or_else(|e| panic!("embedded dictionary {name} is corrupt: {e}"));
    }
    d
}

/// Reads a user's dictionary directory. Files are recognised by name: `*.verbs.txt` or
/// `CAMEO*.txt` (verbs), `*actors*.txt`, `*agents*.txt`, `*discards*.txt`, `*Issue*.txt` /
/// `*issues*.txt` in PETRARCH format, and `*.tsv` in brink's compact form. At least a verb and an
/// actor dictionary must be present.
pub fn load_dir(dir: &Path) -> Result<Dictionaries, Diagnostics> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            &shown,
            format!("cannot read the dictionary directory: {e}"),
        ))
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    let mut d = Dictionaries::default();
    let mut errors = vec![];
    let (mut have_verbs, mut have_actors) = (false, false);
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        let kind = if lower.ends_with(".tsv") {
            Kind::Compact
        } else if !lower.ends_with(".txt") {
            continue;
        } else if lower.contains("verbs")
            || lower.starts_with("cameo.") && !lower.contains("goldstein")
        {
            Kind::Verbs
        } else if lower.contains("actors") {
            Kind::Actors
        } else if lower.contains("agents") {
            Kind::Agents
        } else if lower.contains("discards") {
            Kind::Discards
        } else if lower.contains("issue") {
            Kind::Issues
        } else {
            continue;
        };
        let file = path.display().to_string();
        let text = match read_text(path) {
            Ok(t) => t,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let result = match kind {
            Kind::Verbs => {
                have_verbs = true;
                verbs::read_into(&mut d.verbs, &file, &text)
            }
            Kind::Actors => {
                have_actors = true;
                actors::read_into(&mut d.actors, &file, &text)
            }
            Kind::Agents => agents::read_into(&mut d.agents, &file, &text),
            Kind::Discards => issues::read_discards(&mut d.discards, &file, &text),
            Kind::Issues => issues::read_issues(&mut d.issues, &file, &text),
            Kind::Compact => {
                let r = compact::read_into(&mut d, &file, &text);
                have_verbs |= !d.verbs.patterns.is_empty() || !d.verbs.forms.is_empty();
                have_actors |= !d.actors.entries.is_empty();
                r
            }
        };
        if let Err(e) = result {
            errors.extend(e.0);
        }
    }
    if errors.is_empty() && !(have_verbs && have_actors) {
        errors.push(Diagnostic::error(
            &shown,
            "expected a verb dictionary (`*verbs*.txt` or `CAMEO.*.txt`) and at least one actor dictionary (`*actors*.txt`) in PETRARCH format, or brink's `verbs.tsv` and `actors.tsv`",
        ));
    }
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(Diagnostics(errors))
    }
}

enum Kind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
    Compact,
}

/// Reads a dictionary file as UTF-8 (Latin-1 bytes are decoded as Latin-1, as in the 2014 files);
/// binary content is an error.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&file, format!("cannot read the file: {e}")))?;
    decode(&file, &bytes)
}

/// Bytes → text: UTF-8, else Latin-1; NUL bytes mean a binary file (an error at its location).
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        let col = pos
            - bytes[..pos]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        return Err(Diagnostic::error(
            file,
            "expected a text file, found a NUL byte (a binary file?)",
        )
        .at_line_col(line, col));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    })
}

/// A located error on a dictionary line.
pub(crate) fn err_at(
    file: &str,
    line: usize,
    col: usize,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(file, message).at_line_col(line, col)
}

/// The line with its comment (`#` to the end) removed; `;` comments too when `semicolon`.
pub(crate) fn strip_comment(line: &str, semicolon: bool) -> &str {
    let mut end = line.len();
    if let Some(p) = line.find('#') {
        end = end.min(p);
    }
    if semicolon {
        if let Some(p) = line.find(';') {
            end = end.min(p);
        }
    }
    &line[..end]
}

/// A dictionary phrase ("PRIME_MINISTER", "al 'urdun") → normalised tokens, exactly as the text
/// tokenizer would produce them, so that dictionary and text meet.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let spaced = phrase.replace('_', " ");
    let mut toks = vec![];
    crate::text::tokenize(&spaced, &mut toks);
    toks.into_iter().map(|t| t.norm).collect()
}

/// Regular English plural of a (normalised, upper-case) noun: S, IES after consonant+Y, ES after
/// SS, SH, CH, X.
pub fn plural(word: &str) -> String {
    let w = word;
    if w.ends_with('Y') && w.chars().rev().nth(1).is_some_and(|c| !"AEIOU".contains(c)) {
        format!("{}IES", &w[..w.len() - 1])
    } else if w.ends_with("SS") || w.ends_with("SH") || w.ends_with("CH") || w.ends_with('X') {
        format!("{w}ES")
    } else {
        format!("{w}S")
    }
}

/// The column (1-based, in characters) of byte offset `at` in `line`.
pub(crate) fn col_of(line: &str, at: usize) -> usize {
    line.get(..at.min(line.len()))
        .map(|s| s.chars().count())
        .unwrap_or(at)
        + 1
}
