//! Reads KTAB's SMP CSV input into a [`Scenario`]: one issue per KTAB dimension on the scale
//! [0, 100], positions as given, saliences divided by 100. Every malformed field is reported
//! with its line and column.
//!
//! Layout (KTAB's `SMPModel::csvRead`): line 1 `scenario, description, nActors, nDims`; line 2
//! headers `Actor, Description, Power, (Position, Salience) per dimension`; then one row per
//! actor. Trailing empty fields are ignored. As KTAB does, positions and saliences must lie in
//! [0, 100] and an actor's saliences may total at most 100.

use crate::delimited::{self, Dialect};
use brink_core::{Actor, Diagnostic, Diagnostics, Issue, Location, Origin, Position, Scenario};

/// One field of a CSV line, with its 1-based column.
struct Field {
    text: String,
    col: usize,
}

/// KTAB's CSV: commas, double quotes, one record per line.
const DIALECT: Dialect = Dialect {
    delimiter: ',',
    quotes: &['"'],
    keep_after_quote: true,
    multiline: false,
};

/// Splits line `line_no` into trimmed fields with the shared splitter (double quotes group
/// commas; `""` is a quote), each at the column of its first non-blank character. The only error
/// is a quote that does not close on its line.
fn split_line(line: &str, line_no: usize, file: &str) -> Result<Vec<Field>, Diagnostic> {
    let record = delimited::split_line_located(line, line_no, &DIALECT, file)?;
    let mut fields: Vec<Field> = record
        .fields
        .into_iter()
        .map(|f| Field {
            col: f.first().col,
            text: f.text.trim().to_string(),
        })
        .collect();
    // Trailing empty fields (KTAB's files end rows with ", ").
    while fields.len() > 1 && fields.last().is_some_and(|f| f.text.is_empty()) {
        fields.pop();
    }
    Ok(fields)
}

/// Parses KTAB SMP CSV `text` read from `file`.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let err = |line: usize, col: usize, msg: String| {
        Diagnostic::error(file, msg).at(Location { line, col })
    };
    // Numbered non-blank lines.
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let Some(&(l1, first)) = lines.first() else {
        return Err(Diagnostics::single(err(
            1,
            1,
            "empty file: expected a KTAB SMP CSV (line 1: scenario, description, nActors, nDims)"
                .into(),
        )));
    };
    let head =
        split_line(first.trim_start_matches('\u{feff}'), l1, file).map_err(Diagnostics::single)?;
    if head.len() < 4 {
        return Err(Diagnostics::single(err(
            l1,
            1,
            format!(
                "expected `scenario, description, nActors, nDims` on line 1, found {} field(s)",
                head.len()
            ),
        )));
    }
    let count = |f: &Field, what: &str, min: usize| -> Result<usize, Diagnostic> {
        f.text
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= min)
            .ok_or_else(|| {
                err(
                    l1,
                    f.col,
                    format!(
                        "expected the number of {what} (a whole number ≥ {min}), found `{}`",
                        f.text
                    ),
                )
            })
    };
    let n_actors = count(&head[2], "actors", 1);
    let n_dims = count(&head[3], "dimensions", 1);
    let (n_actors, n_dims) = match (n_actors, n_dims) {
        (Ok(a), Ok(d)) => (a, d),
        (a, d) => {
            return Err(Diagnostics(
                [a.err(), d.err()].into_iter().flatten().collect(),
            ))
        }
    };

    let Some(&(l2, header_line)) = lines.get(1) else {
        return Err(Diagnostics::single(err(
            l1 + 1,
            1,
            "missing header line: expected `Actor, Description, Power, (Position, Salience) per dimension`".into(),
        )));
    };
    let header = split_line(header_line, l2, file).map_err(Diagnostics::single)?;
    // Checked: a count read from the file must not wrap (nDims = 2^63) or size anything before
    // the header has shown that many columns.
    let want = n_dims.checked_mul(2).and_then(|w| w.checked_add(3));
    let Some(want) = want.filter(|&w| w <= header.len()) else {
        return Err(Diagnostics::single(err(
            l2,
            header.last().map_or(1, |f| f.col),
            format!(
                "the header has {} column(s): expected {} (Actor, Description, Power, then position and salience for each of the {n_dims} dimension(s) line 1 announces)",
                header.len(),
                want.map_or_else(|| format!("3 + 2 × {n_dims}"), |w| w.to_string())
            ),
        )));
    };
    let mut origin = Origin::new(file);
    let mut issues = Vec::with_capacity(n_dims);
    for d in 0..n_dims {
        let f = &header[3 + 2 * d];
        let name = if f.text.is_empty() {
            format!("Dim{d}")
        } else {
            f.text.clone()
        };
        let mut id = dimension_id(&name);
        if issues.iter().any(|i: &Issue| i.id == id) {
            id = format!("{id}-{d}");
        }
        origin.record(
            format!("issue[{d}]"),
            Location {
                line: l2,
                col: f.col,
            },
        );
        issues.push(Issue {
            id,
            name,
            scale: [0.0, 100.0],
            labels: Vec::new(),
            status_quo: None,
            outcome: None,
            why: None,
        });
    }

    let rows = &lines[2..];
    if rows.len() < n_actors {
        let (line, _) = lines.last().copied().unwrap_or((l2, ""));
        errors.push(err(
            line + 1,
            1,
            format!(
                "line 1 announces {n_actors} actor(s) but the file has {} actor row(s)",
                rows.len()
            ),
        ));
    }
    if rows.len() > n_actors {
        errors.push(err(
            rows[n_actors].0,
            1,
            format!(
                "line 1 announces {n_actors} actor(s): expected no row after the last actor, found more"
            ),
        ));
    }

    let mut actors = Vec::new();
    let mut positions = Vec::new();
    for &(line, row_text) in rows.iter().take(n_actors) {
        let row = match split_line(row_text, line, file) {
            Ok(row) => row,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if row.len() < want {
            errors.push(err(
                line,
                row.last().map_or(1, |f| f.col + f.text.chars().count()),
                format!(
                    "expected {want} fields (actor, description, power, then position and salience for each of {n_dims} dimension(s)), found {}",
                    row.len()
                ),
            ));
            continue;
        }
        if row.len() > want {
            errors.push(err(
                line,
                row[want].col,
                format!("expected {want} fields, found more: `{}`", row[want].text),
            ));
            continue;
        }
        let a = actors.len();
        let id = row[0].text.clone();
        if id.is_empty() {
            errors.push(err(line, row[0].col, "expected an actor name".into()));
            continue;
        }
        if actors.iter().any(|x: &Actor| x.id == id) {
            errors.push(err(
                line,
                row[0].col,
                format!("duplicate actor `{id}`: expected each actor once"),
            ));
            continue;
        }
        let number = |f: &Field, what: &str, lo: f64, hi: f64| -> Result<f64, Diagnostic> {
            match f.text.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= lo && v <= hi => Ok(v),
                _ => {
                    let range = if hi.is_infinite() {
                        format!("a number ≥ {lo}")
                    } else {
                        format!("a number in [{lo}, {hi}]")
                    };
                    Err(err(
                        line,
                        f.col,
                        format!("expected {what} ({range}), found `{}`", f.text),
                    ))
                }
            }
        };
        let mut row_ok = true;
        let capability = match number(&row[2], "the actor's power", 0.0, f64::INFINITY) {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                row_ok = false;
                0.0
            }
        };
        let mut total_sal = 0.0;
        let mut row_positions = Vec::new();
        for (d, issue) in issues.iter().enumerate() {
            let pf = &row[3 + 2 * d];
            let sf = &row[4 + 2 * d];
            let p = number(pf, &format!("the position on `{}`", issue.name), 0.0, 100.0);
            let s = number(sf, &format!("the salience of `{}`", issue.name), 0.0, 100.0);
            match (p, s) {
                (Ok(p), Ok(s)) => {
                    total_sal += s;
                    let k = positions.len() + row_positions.len();
                    origin.record(format!("position[{k}]"), Location { line, col: pf.col });
                    origin.record(
                        format!("position[{k}].salience"),
                        Location { line, col: sf.col },
                    );
                    row_positions.push(Position {
                        actor: id.clone(),
                        issue: issue.id.clone(),
                        at: p.into(),
                        salience: (s / 100.0).into(),
                        why: None,
                    });
                }
                (p, s) => {
                    errors.extend(p.err());
                    errors.extend(s.err());
                    row_ok = false;
                }
            }
        }
        if row_ok && total_sal > 100.0 {
            errors.push(err(
                line,
                row[4].col,
                format!("the saliences of `{id}` total {total_sal}: KTAB requires at most 100"),
            ));
            row_ok = false;
        }
        if !row_ok {
            continue;
        }
        origin.record(
            format!("actor[{a}]"),
            Location {
                line,
                col: row[0].col,
            },
        );
        origin.record(
            format!("actor[{a}].capability"),
            Location {
                line,
                col: row[2].col,
            },
        );
        actors.push(Actor {
            id,
            name: row[1].text.clone(),
            capability: capability.into(),
            why: None,
        });
        positions.extend(row_positions);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let description = head[1].text.clone();
    Ok(Scenario {
        name: head[0].text.clone(),
        notes: (!description.is_empty()).then_some(description),
        source: Some(format!("KTAB SMP CSV {file}")),
        issues,
        actors,
        positions,
        origin,
        ..Default::default()
    })
}

/// An issue id from a dimension's header: `Policy Position` → `Policy`.
fn dimension_id(name: &str) -> String {
    let trimmed = name.trim();
    let lower = trimmed.to_ascii_lowercase();
    for suffix in [" position", " pstn"] {
        if lower.ends_with(suffix) && trimmed.len() > suffix.len() {
            return trimmed[..trimmed.len() - suffix.len()].trim().to_string();
        }
    }
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "Test,\"A test, quoted\",3,2,\n\
Actor,Description,Power,Pol Position,Pol Salience,Comp Position,Comp Salience,\n\
A, Alpha, 100, 30, 24, 20, 48,\n\
B, Beta, 60.2, 45, 44.7, 65, 41.3,\n\
C, Gamma, 35, 30, 28.9, 15, 65.1,\n";

    #[test]
    fn reads_dimensions_actors_and_normalises_saliences() {
        let s = parse(SMALL, "t.csv").unwrap();
        assert_eq!(s.name, "Test");
        assert_eq!(s.notes.as_deref(), Some("A test, quoted"));
        assert_eq!(s.issues.len(), 2);
        assert_eq!(s.issues[0].id, "Pol");
        assert_eq!(s.issues[1].name, "Comp Position");
        assert_eq!(s.issues[0].scale, [0.0, 100.0]);
        assert_eq!(s.actors.len(), 3);
        assert_eq!(s.actors[1].capability.point(), 60.2);
        assert_eq!(s.positions.len(), 6);
        let p = &s.positions[3];
        assert_eq!((p.actor.as_str(), p.issue.as_str()), ("B", "Comp"));
        assert_eq!(p.at.point(), 65.0);
        assert!((p.salience.point() - 0.413).abs() < 1e-15);
        assert!(s.validate().is_empty());
    }

    #[test]
    fn every_bad_field_is_located() {
        let text = SMALL
            .replace("60.2", "sixty")
            .replace("C, Gamma, 35, 30, 28.9, 15", "C, Gamma, 35, 130, 28.9, 15");
        let e = parse(&text, "t.csv").unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(msgs[0].starts_with("t.csv:4:10: error"), "{msgs:?}");
        assert!(msgs[0].contains("power"), "{msgs:?}");
        assert!(msgs[1].starts_with("t.csv:5:15: error"), "{msgs:?}");
        assert!(msgs[1].contains("[0, 100]"), "{msgs:?}");
    }

    proptest::proptest! {
        /// Any text, and any corruption of a valid file, gives a scenario or located errors.
        #[test]
        fn never_panics(cut in 0usize..2000, junk in "[,\"a-z0-9 .\\-\n]{0,12}", text in "\\PC{0,200}") {
            let _ = parse(&text, "t.csv");
            let mut t = SMALL.to_string();
            let at = cut % t.len();
            t.insert_str(at, &junk);
            if let Err(e) = parse(&t, "t.csv") {
                proptest::prop_assert!(e.0.iter().all(|d| d.location.is_some()), "{}", e);
            }
        }
    }

    #[test]
    fn counts_and_totals_are_checked() {
        let e = parse(
            &SMALL.replace("Test,\"A test, quoted\",3", "T,d,4"),
            "t.csv",
        )
        .unwrap_err();
        assert!(e.to_string().contains("announces 4 actor(s)"), "{e}");
        let e = parse(&SMALL.replace("28.9, 15, 65.1", "48.9, 15, 65.1"), "t.csv").unwrap_err();
        assert!(e.to_string().contains("t.csv:5:"), "{e}");
        assert!(e.to_string().contains("at most 100"), "{e}");
        let e = parse(
            &SMALL.replace("Test,\"A test, quoted\",3,2", "T,d,x,2"),
            "t.csv",
        )
        .unwrap_err();
        assert!(e.to_string().contains("t.csv:1:5"), "{e}");
        let e = parse(&SMALL.replace(", 20, 48,", ", 20,"), "t.csv").unwrap_err();
        assert!(e.to_string().contains("t.csv:3:"), "{e}");
        assert!(e.to_string().contains("expected 7 fields"), "{e}");
        assert!(parse("", "e.csv").is_err());
    }
}
