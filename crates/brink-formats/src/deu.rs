//! The DEU dataset layout (Decision-making in the European Union; Thomson et al., DEU III of
//! Arregui & Perarnaud 2021 as prepared by blksv/predictioneers_game): one tab-separated row per
//! controversial issue with every actor's position and salience (0–100), the reference point and
//! the known outcome — read as a [`Dataset`] of one-issue scenarios for validation.
//!
//! Columns are found by header name: `p<code>` / `s<code>` pairs are an actor's position and
//! salience (`pcom`/`scom` the Commission, `pep`/`sep` the Parliament, `pat`/`sat` Austria …),
//! `rp` the reference point, `out` the outcome, `isnr` the issue id and `prname` the proposal's
//! short name. An optional row 2 whose first field is empty holds each actor's GDP.
//!
//! Conventions (each is written into the dataset's notes):
//! - an actor whose position cell is empty is absent from that issue;
//! - an empty salience cell counts as 0 (present, but carrying no weight); saliences ÷ 100;
//! - a row without an outcome is left out (nothing to validate against), and so is an issue on
//!   which no actor with a position has a positive salience (every weighted model is undefined);
//! - capability: see [`Capability`];
//! - `rp` is the issue's status quo (the NBS's disagreement point).

use crate::delimited::{self, Dialect};
use brink_core::{
    Actor, Dataset, Diagnostic, Diagnostics, Issue, Location, Origin, Position, Scenario, Uncertain,
};
use std::collections::HashMap;

/// Which number stands for an actor's capability.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Capability {
    /// The file's GDP row (row 2) divided by its maximum.
    #[default]
    Gdp,
    /// 1 for every actor: salience alone weighs.
    Equal,
    /// The member states' votes under qualified majority voting in the Council (Treaty of Nice
    /// weights, 2004–2014); the Commission and the Parliament get the largest member state's
    /// votes, as the GDP row gives them the largest GDP.
    Council,
}

impl Capability {
    pub const ALL: [Capability; 3] = [Capability::Gdp, Capability::Equal, Capability::Council];

    pub fn name(self) -> &'static str {
        match self {
            Capability::Gdp => "gdp",
            Capability::Equal => "equal",
            Capability::Council => "council",
        }
    }

    pub fn from_name(name: &str) -> Option<Capability> {
        Capability::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// One sentence for the dataset's notes.
    pub fn describe(self) -> &'static str {
        match self {
            Capability::Gdp => "capability = the GDP row (row 2) ÷ its maximum",
            Capability::Equal => "capability = 1 for every actor (salience alone weighs)",
            Capability::Council => {
                "capability = Council QMV votes, Treaty of Nice weights (29 for DE/FR/IT/UK … 3 for \
                 MT); Commission and Parliament get the largest member state's 29"
            }
        }
    }
}

/// Options for reading a DEU file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeuOptions {
    pub capability: Capability,
}

/// Actor codes of the DEU layout, with their names.
const ACTOR_NAMES: &[(&str, &str)] = &[
    ("com", "European Commission"),
    ("ep", "European Parliament"),
    ("at", "Austria"),
    ("be", "Belgium"),
    ("bu", "Bulgaria"),
    ("cr", "Croatia"),
    ("cy", "Cyprus"),
    ("cz", "Czech Republic"),
    ("dk", "Denmark"),
    ("ee", "Estonia"),
    ("fi", "Finland"),
    ("fr", "France"),
    ("de", "Germany"),
    ("el", "Greece"),
    ("hu", "Hungary"),
    ("ie", "Ireland"),
    ("it", "Italy"),
    ("lv", "Latvia"),
    ("lt", "Lithuania"),
    ("lu", "Luxembourg"),
    ("mt", "Malta"),
    ("nl", "Netherlands"),
    ("pl", "Poland"),
    ("pt", "Portugal"),
    ("ro", "Romania"),
    ("si", "Slovenia"),
    ("sk", "Slovakia"),
    ("es", "Spain"),
    ("se", "Sweden"),
    ("uk", "United Kingdom"),
];

/// Council votes under qualified majority voting, Treaty of Nice weights in force 1 Nov 2004 –
/// 31 Oct 2014. Sources: Treaty of Nice, Protocol on the enlargement of the European Union,
/// Art. 3 (OJ C 80, 10.3.2001), as amended by the 2003 Act of Accession, Art. 12 (OJ L 236,
/// 23.9.2003); Bulgaria and Romania: 2005 Act of Accession, Art. 22 (OJ L 157, 21.6.2005);
/// Croatia: 2012 Act of Accession, Art. 20 (OJ L 112, 24.4.2012). Total 352 votes at 28 members.
const NICE_VOTES: &[(&str, f64)] = &[
    ("de", 29.0),
    ("fr", 29.0),
    ("it", 29.0),
    ("uk", 29.0),
    ("es", 27.0),
    ("pl", 27.0),
    ("ro", 14.0),
    ("nl", 13.0),
    ("be", 12.0),
    ("cz", 12.0),
    ("el", 12.0),
    ("hu", 12.0),
    ("pt", 12.0),
    ("at", 10.0),
    ("bu", 10.0),
    ("se", 10.0),
    ("dk", 7.0),
    ("ie", 7.0),
    ("lt", 7.0),
    ("sk", 7.0),
    ("fi", 7.0),
    ("cr", 7.0),
    ("cy", 4.0),
    ("ee", 4.0),
    ("lv", 4.0),
    ("lu", 4.0),
    ("si", 4.0),
    ("mt", 3.0),
];

/// The EU institutions, which have no Council votes.
const INSTITUTIONS: &[&str] = &["com", "ep"];

fn council_votes(code: &str) -> Option<f64> {
    if INSTITUTIONS.contains(&code) {
        return Some(29.0);
    }
    NICE_VOTES.iter().find(|(c, _)| *c == code).map(|(_, v)| *v)
}

/// Reads a DEU file with the default conventions (capability from the GDP row).
pub fn parse(text: &str, file: &str) -> Result<Dataset, Diagnostics> {
    parse_with(text, file, DeuOptions::default())
}

/// One cell of the file: its text (quotes removed, trimmed) and where it starts.
struct Cell {
    text: String,
    loc: Location,
}

/// The DEU files: tabs, double quotes, one record per line.
const DIALECT: Dialect = Dialect {
    delimiter: '\t',
    quotes: &['"'],
    keep_after_quote: true,
    multiline: false,
};

/// Line `line_no` split at tabs by the shared splitter (a cell may be double-quoted).
fn cells(line: &str, line_no: usize, file: &str) -> Result<Vec<Cell>, Diagnostic> {
    let record =
        delimited::split_line_located(line.trim_end_matches('\r'), line_no, &DIALECT, file)?;
    Ok(record
        .fields
        .into_iter()
        .map(|f| Cell {
            text: f.text.trim().to_string(),
            loc: f.start,
        })
        .collect())
}

/// Reads a DEU file.
pub fn parse_with(text: &str, file: &str, opts: DeuOptions) -> Result<Dataset, Diagnostics> {
    let err = |loc: Location, msg: String| Diagnostics::from(Diagnostic::error(file, msg).at(loc));
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_no, header_line)) = lines.next() else {
        return Err(Diagnostic::error(
            file,
            "empty file: expected a DEU header row (… pcom … scom … out)",
        )
        .at(Location { line: 1, col: 1 })
        .into());
    };
    let header = cells(header_line, header_no, file)?;
    let col_of: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(k, c)| (c.text.as_str(), k))
        .collect();
    let find = |name: &str| col_of.get(name).copied();
    let out_col = find("out").ok_or_else(|| {
        err(
            Location {
                line: header_no,
                col: 1,
            },
            "the header has no `out` column: expected the DEU layout (`p<actor>`/`s<actor>` \
             position and salience columns, `rp`, `out`)"
                .into(),
        )
    })?;
    let rp_col = find("rp");
    let id_col = find("isnr");
    let name_col = find("prname");
    // Actors: every `p<code>` column with an `s<code>` partner, in file order.
    let actors: Vec<(String, usize, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(k, c)| {
            let code = c.text.strip_prefix('p')?;
            let s = find(&format!("s{code}"))?;
            (!code.is_empty()).then(|| (code.to_string(), k, s))
        })
        .collect();
    // A known actor's position column without its salience column, or the reverse, is a
    // truncated or misspelt header: reading on would silently drop the actor.
    for (k, c) in header.iter().enumerate() {
        let (kind, code, partner) = match c.text.split_at_checked(1) {
            Some(("p", code)) => ("position", code, format!("s{code}")),
            Some(("s", code)) => ("salience", code, format!("p{code}")),
            _ => continue,
        };
        if ACTOR_NAMES.iter().any(|(known, _)| *known == code) && find(&partner).is_none() {
            return Err(err(
                header[k].loc,
                format!(
                    "the {kind} column `{}` has no `{partner}` column: expected a position and \
                     a salience column for each actor",
                    c.text
                ),
            ));
        }
    }
    if actors.is_empty() {
        return Err(err(
            Location {
                line: header_no,
                col: 1,
            },
            "the header has no actor columns: expected `p<code>`/`s<code>` pairs such as \
             `pcom`/`scom`"
                .into(),
        ));
    }
    let width = header.len();

    let number = |cell: &Cell, what: &str| -> Result<Option<f64>, Diagnostics> {
        if cell.text.is_empty() || cell.text.eq_ignore_ascii_case("na") {
            return Ok(None);
        }
        match cell.text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(err(
                cell.loc,
                format!(
                    "expected {what} (a number, or empty), found `{}`",
                    cell.text
                ),
            )),
        }
    };

    let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
    let mut last_line = header_no;
    for (no, line) in lines {
        last_line = no;
        let cs = cells(line, no, file)?;
        if cs.len() != width {
            return Err(err(
                Location { line: no, col: 1 },
                format!(
                    "expected {width} tab-separated fields as in the header, found {}",
                    cs.len()
                ),
            ));
        }
        rows.push((no, cs));
    }

    // Row 2 holds the GDPs when its first field is empty.
    let gdp_row = if rows.first().is_some_and(|(_, cs)| cs[0].text.is_empty()) {
        Some(rows.remove(0))
    } else {
        None
    };
    let mut capability: Vec<(f64, Option<Location>)> = Vec::with_capacity(actors.len());
    match opts.capability {
        Capability::Gdp => {
            let Some((gdp_no, gdp)) = &gdp_row else {
                return Err(err(
                    Location {
                        line: header_no + 1,
                        col: 1,
                    },
                    "capability from GDP needs row 2 to hold each actor's GDP (first field \
                     empty, one number per position column): choose `equal` or `council` \
                     capability for a file without it"
                        .into(),
                ));
            };
            for (code, p, _) in &actors {
                let v = number(&gdp[*p], &format!("the GDP of `{code}`"))?.ok_or_else(|| {
                    err(
                        Location {
                            line: *gdp_no,
                            col: gdp[*p].loc.col,
                        },
                        format!("the GDP row has no value for `{code}`: expected a number"),
                    )
                })?;
                if v < 0.0 {
                    return Err(err(gdp[*p].loc, format!("expected a GDP ≥ 0, found {v}")));
                }
                capability.push((v, Some(gdp[*p].loc)));
            }
            let max = capability.iter().map(|c| c.0).fold(0.0, f64::max);
            if max <= 0.0 {
                return Err(err(
                    Location {
                        line: *gdp_no,
                        col: 1,
                    },
                    "every GDP is 0: expected at least one positive GDP".into(),
                ));
            }
            for c in &mut capability {
                c.0 /= max;
            }
        }
        Capability::Equal => capability.extend(actors.iter().map(|_| (1.0, None))),
        Capability::Council => {
            for (code, p, _) in &actors {
                let v = council_votes(code).ok_or_else(|| {
                    err(
                        header[*p].loc,
                        format!(
                            "no Council votes are known for actor `{code}`: expected one of the \
                             EU-28 codes (at, be, … uk) or com/ep"
                        ),
                    )
                })?;
                capability.push((v, None));
            }
        }
    }

    if rows.is_empty() {
        return Err(err(
            Location {
                line: last_line + 1,
                col: 1,
            },
            "the file has no rows of issues: expected at least one row after the header \
             (and the GDP row)"
                .into(),
        ));
    }
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    let mut scenarios = Vec::new();
    let mut no_outcome = Vec::new();
    let mut off_scale = Vec::new();
    let mut no_salience = Vec::new();
    for (no, cs) in &rows {
        let id = id_col
            .map(|k| cs[k].text.to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| format!("row{no}"));
        if let Some(first) = first_line_of.insert(id.clone(), *no) {
            return Err(err(
                Location { line: *no, col: 1 },
                format!(
                    "duplicate issue `{id}`: expected each issue id once (first on line {first})"
                ),
            ));
        }
        let Some(outcome) = number(&cs[out_col], "the outcome `out`")? else {
            no_outcome.push(id);
            continue;
        };
        // Off the 0–100 scale nothing can be scored against it: skipped, located in a note.
        if !(0.0..=100.0).contains(&outcome) {
            let loc = cs[out_col].loc;
            off_scale.push(format!(
                "{id} ({outcome}, line {} col {})",
                loc.line, loc.col
            ));
            continue;
        }
        let proposal = name_col.map(|k| cs[k].text.as_str()).unwrap_or("");
        let mut origin = Origin::new(file);
        origin.record("issue[0]", Location { line: *no, col: 1 });
        origin.record("issue[0].outcome", cs[out_col].loc);
        let status_quo = match rp_col {
            Some(k) => {
                origin.record("issue[0].status_quo", cs[k].loc);
                number(&cs[k], "the reference point `rp`")?
            }
            None => None,
        };
        let mut s_actors = Vec::new();
        let mut positions = Vec::new();
        for ((code, p, s), (cap, cap_loc)) in actors.iter().zip(&capability) {
            // Both cells are checked even for an absent actor: a typo is an error wherever it is.
            let at = number(&cs[*p], &format!("the position of `{code}`"))?;
            let salience = number(&cs[*s], &format!("the salience of `{code}`"))?.unwrap_or(0.0);
            if !(0.0..=100.0).contains(&salience) {
                return Err(err(
                    cs[*s].loc,
                    format!("expected the salience of `{code}` in [0, 100], found {salience}"),
                ));
            }
            let Some(at) = at else { continue };
            let a = s_actors.len();
            if let Some(loc) = cap_loc {
                origin.record(format!("actor[{a}].capability"), *loc);
            }
            origin.record(format!("actor[{a}]"), cs[*p].loc);
            origin.record(format!("position[{a}].at"), cs[*p].loc);
            origin.record(format!("position[{a}].salience"), cs[*s].loc);
            let name = ACTOR_NAMES
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| code.clone());
            s_actors.push(Actor {
                id: code.clone(),
                name,
                capability: Uncertain::Fixed(*cap),
                why: None,
            });
            positions.push(Position {
                actor: code.clone(),
                issue: id.clone(),
                at: Uncertain::Fixed(at),
                salience: Uncertain::Fixed(salience / 100.0),
                why: None,
            });
        }
        if !positions.iter().any(|p| p.salience.point() > 0.0) {
            no_salience.push(id);
            continue;
        }
        scenarios.push(Scenario {
            name: if proposal.is_empty() {
                id.clone()
            } else {
                format!("{proposal} ({id})")
            },
            issues: vec![Issue {
                id: id.clone(),
                name: if proposal.is_empty() {
                    id.clone()
                } else {
                    format!("{proposal}: {id}")
                },
                scale: [0.0, 100.0],
                labels: vec![],
                status_quo: status_quo.map(Uncertain::Fixed),
                outcome: Some(outcome),
                why: None,
            }],
            actors: s_actors,
            positions,
            origin,
            ..Default::default()
        });
    }

    let stem = std::path::Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file);
    let mut notes = vec![
        "positions: an actor whose position cell is empty is absent from that issue".to_string(),
        "saliences: an empty salience cell counts as 0 (present, no weight); 0–100 ÷ 100"
            .to_string(),
        opts.capability.describe().to_string(),
        "the reference point `rp` is each issue's status quo (the NBS disagreement point)"
            .to_string(),
    ];
    if !no_outcome.is_empty() {
        notes.push(format!(
            "{} rows without an outcome left out: {}",
            no_outcome.len(),
            no_outcome.join(", ")
        ));
    }
    if !off_scale.is_empty() {
        notes.push(format!(
            "{} rows with an outcome outside the scale [0, 100] left out: {}",
            off_scale.len(),
            off_scale.join(", ")
        ));
    }
    if !no_salience.is_empty() {
        notes.push(format!(
            "{} issues on which no actor has a positive salience left out: {}",
            no_salience.len(),
            no_salience.join(", ")
        ));
    }
    Ok(Dataset {
        name: stem.to_string(),
        scenarios,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "\"isnr\"\t\"prname\"\t\"pcom\"\t\"pfr\"\t\"pmt\"\t\"scom\"\t\"sfr\"\t\"smt\"\t\"rp\"\t\"out\"\n\
        \t\t\"4\"\t\"2\"\t\"0.01\"\t\t\t\t\t\n\
        \"i1\"\t\"docs\"\t100\t0\t\t50\t\t80\t0\t60\n\
        \"i2\"\t\"docs\"\t100\t0\t50\t0\t0\t0\t0\t30\n\
        \"i3\"\t\"docs\"\t100\t0\t50\t10\t10\t10\t\t\n";

    #[test]
    fn conventions_are_applied_and_noted() {
        let d = parse(SMALL, "small.tsv").unwrap();
        assert_eq!(d.name, "small");
        // i2: nobody has a positive salience; i3: no outcome.
        assert_eq!(d.scenarios.len(), 1);
        let s = &d.scenarios[0];
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        // mt has no position on i1: absent. fr's salience is empty: 0.
        let ids: Vec<&str> = s.actors.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["com", "fr"]);
        assert_eq!(s.positions[1].salience, Uncertain::Fixed(0.0));
        assert_eq!(s.positions[0].salience, Uncertain::Fixed(0.5));
        assert_eq!(s.actors[1].capability, Uncertain::Fixed(0.5));
        assert_eq!(s.actors[1].name, "France");
        assert_eq!(s.issues[0].outcome, Some(60.0));
        assert_eq!(s.issues[0].status_quo, Some(Uncertain::Fixed(0.0)));
        assert!(d
            .notes
            .iter()
            .any(|n| n.contains("1 rows without an outcome left out: i3")));
        assert!(d
            .notes
            .iter()
            .any(|n| n.contains("positive salience left out: i2")));
    }

    #[test]
    fn capability_options() {
        let eq = parse_with(
            SMALL,
            "f",
            DeuOptions {
                capability: Capability::Equal,
            },
        )
        .unwrap();
        assert_eq!(eq.scenarios[0].actors[1].capability, Uncertain::Fixed(1.0));
        let council = parse_with(
            SMALL,
            "f",
            DeuOptions {
                capability: Capability::Council,
            },
        )
        .unwrap();
        assert_eq!(
            council.scenarios[0].actors[0].capability,
            Uncertain::Fixed(29.0)
        );
        assert_eq!(
            council.scenarios[0].actors[1].capability,
            Uncertain::Fixed(29.0)
        );
        assert_eq!(NICE_VOTES.iter().map(|v| v.1).sum::<f64>(), 352.0);
        assert_eq!(NICE_VOTES.len(), 28);
        assert_eq!(Capability::from_name("Council"), Some(Capability::Council));
    }

    #[test]
    fn bad_cells_are_located() {
        let bad = SMALL.replace("\t50\t\t80\t", "\t50\t\tlots\t");
        let e = parse(&bad, "f.tsv").unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.location.map(|l| l.line), Some(3));
        assert!(
            d.message.contains("salience of `mt`") && d.message.contains("lots"),
            "{d}"
        );
        let short = SMALL.replace("\t60\n", "\n");
        assert!(parse(&short, "f.tsv").unwrap_err().0[0]
            .message
            .contains("expected 10 tab-separated fields"));
        let no_gdp: String = SMALL
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        assert!(parse(&no_gdp, "f").unwrap_err().to_string().contains("GDP"));
        assert!(parse_with(
            &no_gdp,
            "f",
            DeuOptions {
                capability: Capability::Equal
            }
        )
        .is_ok());
        assert!(parse("a\tb\n", "f")
            .unwrap_err()
            .to_string()
            .contains("`out`"));
    }

    #[test]
    fn out_of_range_positions_are_caught_by_validation_with_their_cell() {
        let bad = SMALL.replace("\"i1\"\t\"docs\"\t100", "\"i1\"\t\"docs\"\t140");
        let d = parse(&bad, "f.tsv").unwrap();
        let diags = d.scenarios[0].validate();
        let e = diags.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!(e.location, Some(Location { line: 3, col: 13 }));
    }

    #[test]
    fn the_deu3_half_reads_as_180_issues() {
        let Some(shared) = brink_testkit::shared_dir() else {
            brink_testkit::report_skip("the_deu3_half_reads_as_180_issues");
            return;
        };
        let path = shared.join("reference/deu3/deu3_dev.tsv");
        let text = std::fs::read_to_string(&path).unwrap();
        for capability in Capability::ALL {
            let d = parse_with(&text, "deu3_dev.tsv", DeuOptions { capability }).unwrap();
            assert_eq!(d.scenarios.len(), 180);
            assert!(d
                .scenarios
                .iter()
                .all(|s| s.validate().iter().all(|d| !d.is_error())));
            assert!(d
                .notes
                .iter()
                .any(|n| n.starts_with("8 rows without an outcome")));
        }
    }
}
