//! decide's input format (the exchange model's Python package, decide-exchange-model): rows
//! `#A actor-id name [comment]`, `#P issue [name] [description]`, `#M issue point [label]`,
//! `#D actor issue position salience power [comment]`; `#/` comments and `#O` descriptions are
//! skipped. Fields are tab-separated (`;` or `,` when a file has no tab on its first row) and may
//! be quoted with single or double quotes; files are named `.csv` or `.txt`.
//!
//! Conventions: an issue's scale runs from its lowest to its highest `#M` point; saliences are
//! read on 0–1, or on 0–100 (divided by 100, with a note) when any exceeds 1; decide's power,
//! given per `#D` row, becomes the actor's capability and must be the same on all its rows.

use crate::delimited::{self, Dialect, SplitError};
use brink_core::{
    list_hint as hint, Actor, Diagnostic, Diagnostics, Issue, Location, Origin, Position, Scenario,
    Uncertain,
};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One field of a row: its text (unquoted) and where it starts.
#[derive(Clone, Debug)]
struct Field {
    text: String,
    col: usize,
}

#[derive(Debug)]
struct Row {
    line: usize,
    fields: Vec<Field>,
    /// Column just past the last character, for "missing field" messages.
    end_col: usize,
}

impl Row {
    fn at(&self, col: usize) -> Location {
        Location {
            line: self.line,
            col,
        }
    }
    fn field_at(&self, n: usize) -> Location {
        self.at(self.fields.get(n).map_or(self.end_col, |f| f.col))
    }
    fn text(&self, n: usize) -> &str {
        self.fields.get(n).map_or("", |f| f.text.trim())
    }
    /// Fields from `n` on, joined with a space (decide folds extra fields into the last one).
    fn rest(&self, n: usize) -> Option<String> {
        let parts: Vec<&str> = self
            .fields
            .iter()
            .skip(n)
            .map(|f| f.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// Splits one line into fields with the shared splitter (`'` or `"` quotes, text after a
/// closing quote kept). `Err` holds the column of an unclosed quote.
fn split_line(line: &str, delim: char) -> Result<(Vec<Field>, usize), usize> {
    let dialect = Dialect {
        delimiter: delim,
        quotes: &['\'', '"'],
        keep_after_quote: true,
        multiline: false,
    };
    match delimited::split_line(line, 1, &dialect) {
        Ok(record) => Ok((
            record
                .fields
                .into_iter()
                .map(|f| Field {
                    col: f.quote.unwrap_or(f.start).col,
                    text: f.text,
                })
                .collect(),
            record.end.col,
        )),
        // (Text after a quote is kept, so an unclosed quote is the only error.)
        Err(SplitError::Unclosed { quote: at, .. } | SplitError::AfterQuote { at, .. }) => {
            Err(at.col)
        }
    }
}

fn number(row: &Row, n: usize, what: &str, file: &str) -> Result<f64, Diagnostic> {
    let text = row.text(n);
    let err = |msg: String| Diagnostic::error(file, msg).at(row.field_at(n));
    if row.fields.len() <= n || text.is_empty() {
        return Err(err(format!("missing {what}: expected a number")));
    }
    text.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| err(format!("{what}: expected a number, found `{text}`")))
}

struct RawIssue {
    row: usize,
    id: String,
    name: String,
    why: Option<String>,
    points: Vec<(f64, Option<String>, Location)>,
}

struct RawPosition {
    row: usize,
    actor: String,
    issue: String,
    at: f64,
    salience: f64,
    power: f64,
    why: Option<String>,
}

/// A `#/` comment row (the tag possibly quoted): skipped whole, whatever follows the tag — free
/// text with spaces, apostrophes or no delimiter at all.
fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix(['\'', '"']).unwrap_or(t);
    t.starts_with("#/")
}

/// Reads decide's input. Every malformed row, unknown actor or issue, missing scale and
/// out-of-range number is reported with its line and column; all problems are reported at once.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors: Vec<Diagnostic> = Vec::new();
    // The delimiter is read off the first data row: a comment may be written any way.
    let delim = text
        .lines()
        .find(|l| !l.trim().is_empty() && !is_comment(l))
        .map(|l| {
            if l.contains('\t') {
                '\t'
            } else if l.contains(';') {
                ';'
            } else {
                ','
            }
        })
        .unwrap_or('\t');

    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || is_comment(line) {
            continue;
        }
        match split_line(line, delim) {
            Ok((fields, end_col)) => rows.push(Row {
                line: line_no,
                fields,
                end_col,
            }),
            Err(col) => errors.push(
                Diagnostic::error(
                    file,
                    "unclosed quote: expected a closing quote before the end of the line",
                )
                .at_line_col(line_no, col),
            ),
        }
    }

    let mut origin = Origin::new(file);
    let mut actors: Vec<Actor> = Vec::new();
    let mut issues: Vec<RawIssue> = Vec::new();
    let mut points: Vec<(usize, String, f64, Option<String>)> = Vec::new();
    let mut raw_positions: Vec<RawPosition> = Vec::new();
    let need = |row: &Row, count: usize, shape: &str, errors: &mut Vec<Diagnostic>| -> bool {
        if row.fields.len() < count {
            errors.push(
                Diagnostic::error(
                    file,
                    format!(
                        "{} row with {} field(s): expected {shape}",
                        row.text(0),
                        row.fields.len()
                    ),
                )
                .at(row.at(row.end_col)),
            );
            false
        } else {
            true
        }
    };

    for (r, row) in rows.iter().enumerate() {
        let tag = row.text(0);
        match tag {
            "#/" | "#O" => {}
            "#A" => {
                if !need(row, 2, "`#A`, actor id, [name], [comment]", &mut errors) {
                    continue;
                }
                let id = row.text(1).to_string();
                if id.is_empty() {
                    errors.push(
                        Diagnostic::error(file, "expected an actor id after `#A`")
                            .at(row.field_at(1)),
                    );
                    continue;
                }
                if actors.iter().any(|a| a.id == id) {
                    errors.push(
                        Diagnostic::error(
                            file,
                            format!("duplicate actor `{id}`: expected each `#A` id once"),
                        )
                        .at(row.field_at(1)),
                    );
                    continue;
                }
                let name = match row.text(2) {
                    "" => id.clone(),
                    n => n.to_string(),
                };
                let i = actors.len();
                origin.record(format!("actor[{i}]"), row.at(1));
                origin.record(format!("actor[{i}].id"), row.field_at(1));
                actors.push(Actor {
                    id,
                    name,
                    capability: Uncertain::Fixed(0.0),
                    why: row.rest(3),
                });
            }
            "#P" => {
                if !need(row, 2, "`#P`, issue id, [name], [description]", &mut errors) {
                    continue;
                }
                let id = row.text(1).to_string();
                if id.is_empty() {
                    errors.push(
                        Diagnostic::error(file, "expected an issue id after `#P`")
                            .at(row.field_at(1)),
                    );
                    continue;
                }
                if issues.iter().any(|i| i.id == id) {
                    errors.push(
                        Diagnostic::error(
                            file,
                            format!("duplicate issue `{id}`: expected each `#P` id once"),
                        )
                        .at(row.field_at(1)),
                    );
                    continue;
                }
                let name = match row.text(2) {
                    "" => id.clone(),
                    n => n.to_string(),
                };
                issues.push(RawIssue {
                    row: r,
                    id,
                    name,
                    why: row.rest(3),
                    points: Vec::new(),
                });
            }
            "#M" => {
                if !need(row, 3, "`#M`, issue id, scale point, [label]", &mut errors) {
                    continue;
                }
                match number(row, 2, "scale point", file) {
                    Ok(v) => points.push((r, row.text(1).to_string(), v, row.rest(3))),
                    Err(d) => errors.push(d),
                }
            }
            "#D" => {
                if !need(
                    row,
                    6,
                    "`#D`, actor, issue, position, salience, power, [comment]",
                    &mut errors,
                ) {
                    continue;
                }
                let mut nums = [0.0; 3];
                let mut ok = true;
                for (slot, (n, what)) in
                    nums.iter_mut()
                        .zip([(3, "position"), (4, "salience"), (5, "power")])
                {
                    match number(row, n, what, file) {
                        Ok(v) => *slot = v,
                        Err(d) => {
                            errors.push(d);
                            ok = false;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                let [at, salience, power] = nums;
                if !(0.0..=100.0).contains(&salience) {
                    errors.push(
                        Diagnostic::error(
                            file,
                            format!("salience {salience}: expected a number in [0, 1] (or 0–100)"),
                        )
                        .at(row.field_at(4)),
                    );
                    continue;
                }
                if power < 0.0 {
                    errors.push(
                        Diagnostic::error(file, format!("power {power}: expected a number ≥ 0"))
                            .at(row.field_at(5)),
                    );
                    continue;
                }
                raw_positions.push(RawPosition {
                    row: r,
                    actor: row.text(1).to_string(),
                    issue: row.text(2).to_string(),
                    at,
                    salience,
                    power,
                    why: row.rest(6),
                });
            }
            other => {
                errors.push(
                    Diagnostic::error(
                        file,
                        format!("unknown row kind `{other}`: expected `#A`, `#P`, `#M` or `#D` (or `#/` for a comment)"),
                    )
                    .at(row.field_at(0)),
                );
            }
        }
    }

    // Scale points belong to issues declared anywhere in the file.
    let issue_ix: HashMap<String, usize> = issues
        .iter()
        .enumerate()
        .map(|(k, i)| (i.id.clone(), k))
        .collect();
    for (r, issue, v, label) in points {
        let row = &rows[r];
        match issue_ix.get(&issue) {
            Some(&k) => issues[k].points.push((v, label, row.at(1))),
            None => errors.push(
                Diagnostic::error(
                    file,
                    format!("`#M` for unknown issue `{issue}`: expected an issue declared by a `#P` row{}", hint(issues.iter().map(|i| i.id.as_str()))),
                )
                .at(row.field_at(1)),
            ),
        }
    }
    let mut scenario_issues = Vec::with_capacity(issues.len());
    for (k, raw) in issues.iter().enumerate() {
        let row = &rows[raw.row];
        origin.record(format!("issue[{k}]"), row.at(1));
        origin.record(format!("issue[{k}].id"), row.field_at(1));
        let lo = raw.points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let hi = raw
            .points
            .iter()
            .map(|p| p.0)
            .fold(f64::NEG_INFINITY, f64::max);
        if raw.points.is_empty() {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("issue `{}` has no `#M` scale: expected `#M` rows giving at least the two ends of its scale (e.g. 0 and 100)", raw.id),
                )
                .at(row.field_at(1)),
            );
        } else if lo >= hi {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("issue `{}` has one `#M` scale point ({lo}): expected at least two different points, the ends of its scale", raw.id),
                )
                .at(raw.points[0].2),
            );
        } else {
            origin.record(format!("issue[{k}].scale"), raw.points[0].2);
            origin.record(format!("issue[{k}].labels"), raw.points[0].2);
        }
        let mut labels: Vec<(f64, String)> = raw
            .points
            .iter()
            .filter_map(|(v, l, _)| l.clone().map(|l| (*v, l)))
            .collect();
        labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        scenario_issues.push(Issue {
            id: raw.id.clone(),
            name: raw.name.clone(),
            scale: [lo.min(hi), hi.max(lo)],
            labels,
            status_quo: None,
            outcome: None,
            why: raw.why.clone(),
        });
    }

    // Positions: known actor and issue, on the scale, one per pair, one power per actor.
    let actor_ix: HashMap<String, usize> = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    let salience_percent = raw_positions.iter().any(|p| p.salience > 1.0);
    let mut power_seen: HashMap<usize, (f64, usize)> = HashMap::new();
    let mut pairs = HashSet::new();
    let mut positions = Vec::with_capacity(raw_positions.len());
    for raw in &raw_positions {
        let row = &rows[raw.row];
        let a = actor_ix.get(&raw.actor).copied();
        let k = issue_ix.get(&raw.issue).copied();
        if a.is_none() {
            errors.push(
                Diagnostic::error(
                    file,
                    format!(
                        "unknown actor `{}`: expected an actor declared by an `#A` row{}",
                        raw.actor,
                        hint(actors.iter().map(|a| a.id.as_str()))
                    ),
                )
                .at(row.field_at(1)),
            );
        }
        if k.is_none() {
            errors.push(
                Diagnostic::error(
                    file,
                    format!(
                        "unknown issue `{}`: expected an issue declared by a `#P` row{}",
                        raw.issue,
                        hint(issues.iter().map(|i| i.id.as_str()))
                    ),
                )
                .at(row.field_at(2)),
            );
        }
        let (Some(a), Some(k)) = (a, k) else { continue };
        if !pairs.insert((a, k)) {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("a second `#D` row for actor `{}` on issue `{}`: expected one per actor and issue", raw.actor, raw.issue),
                )
                .at(row.at(1)),
            );
            continue;
        }
        let [lo, hi] = scenario_issues[k].scale;
        if lo < hi && !(lo..=hi).contains(&raw.at) {
            errors.push(
                Diagnostic::error(
                    file,
                    format!("position {} is outside issue `{}`'s `#M` scale: expected a number in [{lo}, {hi}]", raw.at, raw.issue),
                )
                .at(row.field_at(3)),
            );
        }
        match power_seen.get(&a) {
            None => {
                power_seen.insert(a, (raw.power, row.line));
                actors[a].capability = Uncertain::Fixed(raw.power);
                origin.record(format!("actor[{a}].capability"), row.field_at(5));
            }
            Some(&(first, line)) if first != raw.power => errors.push(
                Diagnostic::error(
                    file,
                    format!("power {} differs from actor `{}`'s power {first} on line {line}: brink gives each actor one capability, expected the same power on all its `#D` rows", raw.power, raw.actor),
                )
                .at(row.field_at(5)),
            ),
            Some(_) => {}
        }
        let n = positions.len();
        origin.record(format!("position[{n}]"), row.at(1));
        origin.record(format!("position[{n}].actor"), row.field_at(1));
        origin.record(format!("position[{n}].issue"), row.field_at(2));
        origin.record(format!("position[{n}].at"), row.field_at(3));
        origin.record(format!("position[{n}].salience"), row.field_at(4));
        positions.push(Position {
            actor: raw.actor.clone(),
            issue: raw.issue.clone(),
            at: Uncertain::Fixed(raw.at),
            salience: Uncertain::Fixed(if salience_percent {
                raw.salience / 100.0
            } else {
                raw.salience
            }),
            why: raw.why.clone(),
        });
    }

    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let name = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file)
        .to_string();
    Ok(Scenario {
        name,
        source: Some(format!("decide exchange-model input `{file}`")),
        notes: salience_percent
            .then(|| "saliences above 1 were read as 0–100 and divided by 100".to_string()),
        issues: scenario_issues,
        actors,
        positions,
        origin,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "'#A'\t'a'\t'Actor A'\t''\n\
                         '#A'\t'b'\t'b'\t''\n\
                         '#P'\t'p'\t'P'\t'first'\n\
                         '#M'\t'p'\t0\n\
                         '#M'\t'p'\t10\t'high'\n\
                         '#P'\t'q'\t'q'\t''\n\
                         '#M'\t'q'\t0\n\
                         '#M'\t'q'\t100\n\
                         '#D'\t'a'\t'p'\t2.5\t0.5\t0.3\n\
                         '#D'\t'a'\t'q'\t100.0\t0.9\t0.3\n\
                         '#D'\t'b'\t'p'\t10\t0.7\t0.6\n\
                         '#D'\t'b'\t'q'\t0\t0.2\t0.6\n";

    fn errors(text: &str) -> Vec<String> {
        parse(text, "in.csv")
            .expect_err("expected errors")
            .0
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn reads_actors_issues_scales_and_positions() {
        let s = parse(SMALL, "dir/small.csv").unwrap();
        assert_eq!(s.name, "small");
        assert_eq!(s.actors.len(), 2);
        assert_eq!(s.actors[0].name, "Actor A");
        assert_eq!(s.actors[0].capability, Uncertain::Fixed(0.3));
        assert_eq!(s.issues[0].scale, [0.0, 10.0]);
        assert_eq!(s.issues[0].labels, vec![(10.0, "high".to_string())]);
        assert_eq!(s.issues[0].why.as_deref(), Some("first"));
        assert_eq!(s.positions.len(), 4);
        assert_eq!(s.positions[0].at, Uncertain::Fixed(2.5));
        assert_eq!(s.positions[3].salience, Uncertain::Fixed(0.2));
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        assert_eq!(
            s.origin.locate("position[2].salience"),
            Some(Location { line: 11, col: 17 })
        );
    }

    #[test]
    fn semicolons_unquoted_and_comments() {
        let text =
            "#A;a;a\n#A;b;b\n#/;a comment\n#P;p\n#M;p;0\n#M;p;1\n#D;a;p;0.5;0.5;1\n#D;b;p;1;1;2\n";
        let s = parse(text, "x.txt").unwrap();
        assert_eq!(s.issues[0].scale, [0.0, 1.0]);
        assert_eq!(s.actors[1].capability, Uncertain::Fixed(2.0));
    }

    #[test]
    fn comment_rows_are_free_text_and_do_not_set_the_delimiter() {
        // A leading comment written with spaces (no tab) and an apostrophe, then tab rows.
        let text = format!("#/ decide's sample, with a comment first\n{SMALL}'#/'\tanother one\n");
        let with = parse(&text, "x.csv").unwrap();
        let without = parse(SMALL, "x.csv").unwrap();
        assert_eq!(with.actors.len(), without.actors.len());
        assert_eq!(with.issues.len(), without.issues.len());
    }

    #[test]
    fn salience_on_0_100_is_normalised_with_a_note() {
        let text = SMALL.replace("\t0.9\t", "\t90\t");
        let s = parse(&text, "x.csv").unwrap();
        assert_eq!(s.positions[1].salience, Uncertain::Fixed(0.9));
        assert_eq!(s.positions[0].salience, Uncertain::Fixed(0.005));
        assert!(s.notes.unwrap().contains("0–100"));
    }

    #[test]
    fn unknown_actor_and_issue_are_located() {
        let text = SMALL.replace("'#D'\t'b'\t'q'", "'#D'\t'zz'\t'r'");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:12:6: error: unknown actor `zz`")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:12:11: error: unknown issue `r`")),
            "{e:?}"
        );
    }

    #[test]
    fn missing_scale_and_single_point() {
        let text = SMALL.replace("'#M'\t'q'\t0\n'#M'\t'q'\t100\n", "");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:6:6:") && m.contains("no `#M` scale")),
            "{e:?}"
        );
        let text = SMALL.replace("'#M'\t'q'\t100\n", "");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:7:1:") && m.contains("one `#M` scale point")),
            "{e:?}"
        );
    }

    #[test]
    fn malformed_rows_are_located() {
        let text = SMALL.replace("2.5\t0.5\t0.3", "2.5\tx\t0.3");
        let e = errors(&text);
        assert!(
            e.iter().any(
                |m| m.starts_with("in.csv:9:18: error: salience: expected a number, found `x`")
            ),
            "{e:?}"
        );
        let text = SMALL.replace("\t0.7\t0.6\n", "\t0.7\n");
        let e = errors(&text);
        assert!(
            e.iter().any(|m| m.starts_with("in.csv:11:")
                && m.contains("expected `#D`, actor, issue, position, salience, power")),
            "{e:?}"
        );
        let text = SMALL.replace("'#M'\t'p'\t0\n", "'#X'\t'p'\t0\n");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:4:1:") && m.contains("unknown row kind `#X`")),
            "{e:?}"
        );
        let e = errors("'#A'\t'a\n");
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:1:6:") && m.contains("unclosed quote")),
            "{e:?}"
        );
    }

    #[test]
    fn out_of_scale_position_power_mismatch_and_duplicates() {
        let text = SMALL.replace("2.5\t0.5\t0.3", "12.5\t0.5\t0.3");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:9:") && m.contains("outside issue `p`")),
            "{e:?}"
        );
        let text = SMALL.replace("100.0\t0.9\t0.3", "100.0\t0.9\t0.4");
        let e = errors(&text);
        assert!(
            e.iter().any(|m| m.starts_with("in.csv:10:")
                && m.contains("differs from actor `a`'s power 0.3 on line 9")),
            "{e:?}"
        );
        let text = format!("{SMALL}'#D'\t'a'\t'p'\t1\t0.5\t0.3\n");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:13:1:") && m.contains("second `#D` row")),
            "{e:?}"
        );
        let text = format!("'#A'\t'a'\n{SMALL}");
        let e = errors(&text);
        assert!(
            e.iter()
                .any(|m| m.starts_with("in.csv:2:") && m.contains("duplicate actor `a`")),
            "{e:?}"
        );
    }

    #[test]
    fn never_panics_on_arbitrary_text() {
        for text in [
            "",
            "\t\t",
            "'",
            "#D",
            "#M\tp\t",
            "#A\t''",
            "\u{feff}#P\tp\n#M\tp\tnan",
        ] {
            let _ = parse(text, "f.csv");
        }
    }
}
