//! The BDM table importer: a one-issue CSV with one row per actor (`Actor,Capability,Position,
//! Salience` and the variants found in the wild: `Stakeholder,Resources,…`, lowercase `name,…`),
//! read into a [`Scenario`] whose every field is located at its cell's line:col.
//!
//! Forgiving in layout: any column order (matched by header name, case-insensitive), quoted
//! fields, a byte-order mark, blank lines, trailing empty columns, `;` or tab separators.
//! Strict in content: every cell must say what its column expects, or the error names the cell.
//! Saliences on 0–1 or 0–100 are detected (any salience above 1 means 0–100) and normalised to
//! 0–1; capabilities are kept as given (only their ratios matter). The one issue is named after
//! the file and spans the positions found in it.

use crate::delimited::{self, Dialect, SplitError};
use brink_core::{Actor, Diagnostic, Diagnostics, Issue, Location, Origin, Position, Scenario};
use std::collections::HashMap;
use std::path::Path;

/// The four columns of a BDM table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Column {
    Actor,
    Capability,
    Position,
    Salience,
}

impl Column {
    const ALL: [Column; 4] = [
        Column::Actor,
        Column::Capability,
        Column::Position,
        Column::Salience,
    ];

    /// The column a header name means (case and surrounding spaces ignored).
    fn from_header(name: &str) -> Option<Column> {
        match name.trim().to_lowercase().as_str() {
            "actor" | "stakeholder" | "name" | "player" => Some(Column::Actor),
            "capability" | "resources" | "power" | "clout" => Some(Column::Capability),
            "position" => Some(Column::Position),
            "salience" => Some(Column::Salience),
            _ => None,
        }
    }

    /// How the column is named in messages, with its accepted aliases.
    fn describe(self) -> &'static str {
        match self {
            Column::Actor => "Actor (or Stakeholder, Name, Player)",
            Column::Capability => "Capability (or Resources, Power, Clout)",
            Column::Position => "Position",
            Column::Salience => "Salience",
        }
    }
}

const EXPECTED_HEADER: &str = "a header naming the columns Actor (or Stakeholder, Name, Player), \
     Capability (or Resources, Power, Clout), Position and Salience, in any order";

/// One field of the file, as written (quotes removed), with where it starts.
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    at: Location,
}

/// One record: its cells, and where it ends (for a missing field).
#[derive(Clone, Debug)]
struct Row {
    cells: Vec<Cell>,
    end: Location,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.trim().is_empty())
    }
}

/// The separator: `,` unless the header line has none and has `;` or tabs (spreadsheets in
/// locales with a decimal comma write `;`).
fn detect_separator(text: &str) -> char {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut in_quotes = false;
    let (mut commas, mut semis, mut tabs) = (0, 0, 0);
    for c in header.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => commas += 1,
            ';' if !in_quotes => semis += 1,
            '\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if commas > 0 {
        ','
    } else if semis > 0 {
        ';'
    } else if tabs > 0 {
        '\t'
    } else {
        ','
    }
}

/// Whether `text` starts like a BDM table: its first non-blank row names the four columns. For
/// detecting the kind of input without a telling extension (stdin).
pub fn looks_like_bdm_table(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = detect_separator(text);
    let Some(header) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let found: std::collections::HashSet<Column> = header
        .split(sep)
        .filter_map(|name| Column::from_header(name.trim().trim_matches('"')))
        .collect();
    found.len() == Column::ALL.len()
}

/// Splits CSV text into rows of located cells with the shared splitter (RFC 4180 quoting;
/// `\n`, `\r\n` or `\r` ends a record). The only error is a quoted field that never closes or
/// has text after its quote.
fn split_records(text: &str, file: &str, sep: char) -> Result<Vec<Row>, Diagnostic> {
    let dialect = Dialect {
        delimiter: sep,
        quotes: &['"'],
        keep_after_quote: false,
        multiline: true,
    };
    let records = delimited::split(text, 1, &dialect).map_err(|e| match e {
        SplitError::Unclosed { start, .. } => {
            Diagnostic::error(file, "unterminated quoted field: expected a closing `\"`").at(start)
        }
        SplitError::AfterQuote { at, found } => Diagnostic::error(
            file,
            format!(
                "unexpected `{found}` after the closing quote of a field: expected `{}` or \
                 the end of the line",
                sep.escape_default()
            ),
        )
        .at(at),
    })?;
    Ok(records
        .into_iter()
        .map(|r| Row {
            cells: r
                .fields
                .into_iter()
                .map(|f| Cell {
                    text: f.text,
                    at: f.start,
                })
                .collect(),
            end: r.end,
        })
        .collect())
}

/// Reads a number cell; the error says which column expected a number and what was found.
fn number(cell: &Cell, column: &str, sep: char) -> Result<f64, String> {
    let t = cell.text.trim();
    if t.is_empty() {
        return Err(format!(
            "expected a number in column `{column}`, found an empty cell"
        ));
    }
    // A decimal comma is unambiguous when commas do not separate fields.
    let owned;
    let t = if sep != ',' && t.matches(',').count() == 1 && !t.contains('.') {
        owned = t.replace(',', ".");
        owned.as_str()
    } else {
        t
    };
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err(format!(
            "expected a finite number in column `{column}`, found `{}`",
            cell.text.trim()
        )),
        Err(_) => {
            let hint = if sep == ',' && t.contains(',') {
                " (a decimal comma? write 0.8, not 0,8)"
            } else {
                ""
            };
            Err(format!(
                "expected a number in column `{column}`, found `{}`{hint}",
                cell.text.trim()
            ))
        }
    }
}

/// The name a file gives its scenario and issue: the file's stem (`ec_emission_10.csv` →
/// `ec_emission_10`), or `bdm` for stdin.
fn stem(file: &str) -> String {
    if file == "-" {
        return "bdm".to_string();
    }
    Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("bdm")
        .to_string()
}

/// One data row that read cleanly.
struct Entry {
    name: String,
    capability: f64,
    position: f64,
    salience: f64,
    cells: HashMap<Column, Location>,
    row_at: Location,
}

/// A KTAB SMP CSV (line 2 `Actor,Description,Power,…`) is only detected as such when line 1's
/// actor and dimension counts are whole numbers; when they are not, it lands here, and the useful
/// message is about those counts, not about a BDM header.
fn ktab_with_bad_counts(rows: &[Row], file: &str) -> Option<Diagnostic> {
    let second: Vec<String> = rows
        .get(1)?
        .cells
        .iter()
        .take(3)
        .map(|c| c.text.trim().to_lowercase())
        .collect();
    if second != ["actor", "description", "power"] {
        return None;
    }
    let first = &rows[0].cells;
    let (what, cell) =
        [(2, "nActors"), (3, "nDims")]
            .into_iter()
            .find_map(|(k, what)| match first.get(k) {
                Some(c) if c.text.trim().parse::<u64>().is_ok() => None,
                Some(c) => Some((what, c.clone())),
                None => Some((
                    what,
                    Cell {
                        text: String::new(),
                        at: rows[0].end,
                    },
                )),
            })?;
    Some(
        Diagnostic::error(
            file,
            format!(
                "this looks like a KTAB SMP CSV (line 2 is `Actor,Description,Power,…`), but line \
                 1's `{what}` is `{}`: expected `scenario,description,nActors,nDims` with whole \
                 numbers",
                cell.text.trim()
            ),
        )
        .at(cell.at),
    )
}

/// Parses a BDM table. Errors are located at the cell (line:col) and say what was expected;
/// every error of the file is reported, not just the first.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            file,
            format!("empty file: expected {EXPECTED_HEADER}, then one row per actor"),
        )
        .at_line_col(1, 1)
        .into());
    }
    let sep = detect_separator(text);
    let rows: Vec<Row> = split_records(text, file, sep)?
        .into_iter()
        .filter(|r| !r.is_blank())
        .collect();
    if rows.is_empty() {
        return Err(Diagnostic::error(
            file,
            format!("every field of the file is empty: expected {EXPECTED_HEADER}, then one row per actor"),
        )
        .at_line_col(1, 1)
        .into());
    }
    let mut errors: Vec<Diagnostic> = Vec::new();
    let err = |errors: &mut Vec<Diagnostic>, at: Location, message: String| {
        errors.push(Diagnostic::error(file, message).at(at));
    };

    // The header: which column is which.
    let header = &rows[0];
    let width = header
        .cells
        .iter()
        .rposition(|c| !c.text.trim().is_empty())
        .map_or(0, |k| k + 1);
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut unknown = Vec::new();
    for (k, cell) in header.cells[..width].iter().enumerate() {
        match Column::from_header(&cell.text) {
            Some(column) => {
                if let Some(&first) = columns.get(&column) {
                    err(
                        &mut errors,
                        cell.at,
                        format!(
                            "duplicate column `{}`: column {} already gives {}",
                            cell.text.trim(),
                            first + 1,
                            column.describe()
                        ),
                    );
                } else {
                    columns.insert(column, k);
                }
            }
            None => unknown.push(cell),
        }
    }
    if columns.is_empty() {
        if let Some(d) = ktab_with_bad_counts(&rows, file) {
            return Err(d.into());
        }
        let found: Vec<&str> = header.cells.iter().map(|c| c.text.trim()).collect();
        err(
            &mut errors,
            header.cells[0].at,
            format!(
                "the first row is not a header: expected {EXPECTED_HEADER}; found `{}`",
                found.join(&sep.to_string())
            ),
        );
        return Err(Diagnostics(errors));
    }
    for cell in unknown {
        let message = if cell.text.trim().is_empty() {
            format!(
                "column {} of the header has no name: expected {EXPECTED_HEADER}",
                header
                    .cells
                    .iter()
                    .position(|c| c.at == cell.at)
                    .unwrap_or(0)
                    + 1
            )
        } else {
            format!(
                "unknown column `{}`: expected {EXPECTED_HEADER}",
                cell.text.trim()
            )
        };
        err(&mut errors, cell.at, message);
    }
    let missing: Vec<&str> = Column::ALL
        .iter()
        .filter(|c| !columns.contains_key(c))
        .map(|c| c.describe())
        .collect();
    if !missing.is_empty() {
        err(
            &mut errors,
            header.cells[0].at,
            format!(
                "missing column{} {}: expected {EXPECTED_HEADER}",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            ),
        );
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let column_of = |c: Column| columns[&c];
    let header_name = |c: Column| header.cells[column_of(c)].text.trim().to_string();
    let names_in_order: Vec<String> = header.cells[..width]
        .iter()
        .map(|c| c.text.trim().to_string())
        .collect();

    if rows.len() == 1 {
        return Err(Diagnostic::error(
            file,
            "the table has a header but no rows: expected one row per actor after the header",
        )
        .at(Location {
            line: header.end.line + 1,
            col: 1,
        })
        .into());
    }

    // The rows.
    let mut entries: Vec<Entry> = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for row in &rows[1..] {
        let count = row.cells.len();
        if count < width {
            err(
                &mut errors,
                row.end,
                format!(
                    "expected {width} fields ({}), found {count}",
                    names_in_order.join(", ")
                ),
            );
            continue;
        }
        if let Some(extra) = row.cells[width..]
            .iter()
            .find(|c| !c.text.trim().is_empty())
        {
            let found = width
                + row.cells[width..]
                    .iter()
                    .rposition(|c| !c.text.trim().is_empty())
                    .map_or(0, |k| k + 1);
            err(
                &mut errors,
                extra.at,
                format!(
                    "expected {width} fields ({}), found {found}",
                    names_in_order.join(", ")
                ),
            );
            continue;
        }
        let cell = |c: Column| &row.cells[column_of(c)];
        let mut ok = true;
        let name_cell = cell(Column::Actor);
        let name = name_cell.text.trim().to_string();
        if name.is_empty() {
            err(
                &mut errors,
                name_cell.at,
                format!(
                    "expected an actor name in column `{}`, found an empty cell",
                    header_name(Column::Actor)
                ),
            );
            ok = false;
        } else if let Some(line) = first_seen.get(&name) {
            err(
                &mut errors,
                name_cell.at,
                format!(
                    "duplicate actor `{name}` (first on line {line}): expected each actor once"
                ),
            );
            ok = false;
        } else {
            first_seen.insert(name.clone(), name_cell.at.line);
        }
        let mut value = |c: Column| match number(cell(c), &header_name(c), sep) {
            Ok(x) => Some(x),
            Err(message) => {
                err(&mut errors, cell(c).at, message);
                None
            }
        };
        let capability = value(Column::Capability);
        let position = value(Column::Position);
        let salience = value(Column::Salience);
        if let Some(c) = capability.filter(|c| *c < 0.0) {
            err(
                &mut errors,
                cell(Column::Capability).at,
                format!(
                    "expected `{}` ≥ 0, found {c} (only ratios of capabilities matter, but none \
                     may be negative)",
                    header_name(Column::Capability)
                ),
            );
            ok = false;
        }
        if let Some(s) = salience.filter(|s| *s < 0.0) {
            err(
                &mut errors,
                cell(Column::Salience).at,
                format!(
                    "expected `{}` in [0, 1] or [0, 100], found {s}",
                    header_name(Column::Salience)
                ),
            );
            ok = false;
        }
        if let (true, Some(capability), Some(position), Some(salience)) =
            (ok, capability, position, salience)
        {
            entries.push(Entry {
                name,
                capability,
                position,
                salience,
                cells: Column::ALL.iter().map(|&c| (c, cell(c).at)).collect(),
                row_at: row.cells[0].at,
            });
        }
    }

    // Salience scale: 0–100 as soon as one salience exceeds 1.
    let percent = entries.iter().any(|e| e.salience > 1.0);
    let mut notes = vec![format!(
        "imported from the BDM table {file}: one issue, {} actors; capabilities kept as given \
         (only their ratios matter)",
        entries.len()
    )];
    if percent {
        notes.push(format!(
            "saliences read as 0–100 (some exceed 1) and divided by 100 to 0–1; e.g. `{}` had {}",
            entries
                .iter()
                .find(|e| e.salience > 1.0)
                .map(|e| e.name.as_str())
                .unwrap_or_default(),
            entries
                .iter()
                .find(|e| e.salience > 1.0)
                .map(|e| e.salience)
                .unwrap_or_default()
        ));
        for e in entries.iter().filter(|e| e.salience > 100.0) {
            err(
                &mut errors,
                e.cells[&Column::Salience],
                format!(
                    "expected `{}` in [0, 100] (saliences above 1 are read as 0–100), found {}",
                    header_name(Column::Salience),
                    e.salience
                ),
            );
        }
    }
    if errors.is_empty() && entries.iter().all(|e| e.capability * e.salience == 0.0) {
        err(
            &mut errors,
            header.cells[0].at,
            format!(
                "every actor has capability × salience = 0: expected at least one actor with \
                 positive `{}` and `{}`",
                header_name(Column::Capability),
                header_name(Column::Salience)
            ),
        );
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| d.location.map(|l| (l.line, l.col)));
        return Err(Diagnostics(errors));
    }

    // The one issue spans the positions found (widened when everybody agrees).
    let lo = entries
        .iter()
        .map(|e| e.position)
        .fold(f64::INFINITY, f64::min);
    let hi = entries
        .iter()
        .map(|e| e.position)
        .fold(f64::NEG_INFINITY, f64::max);
    let scale = if lo < hi {
        [lo, hi]
    } else {
        notes.push(format!(
            "every actor stands at {lo}: the issue's scale is widened to [{}, {}]",
            lo - 1.0,
            lo + 1.0
        ));
        [lo - 1.0, lo + 1.0]
    };
    let stem = stem(file);
    let position_header = header.cells[column_of(Column::Position)].at;
    let mut origin = Origin::new(file);
    origin.record("scenario", Location { line: 1, col: 1 });
    origin.record("issue[0]", position_header);
    origin.record("issue[0].scale", position_header);
    let divisor = if percent { 100.0 } else { 1.0 };
    let mut scenario = Scenario {
        name: stem.clone(),
        source: Some(format!("BDM table `{file}`")),
        notes: Some(notes.join("; ")),
        issues: vec![Issue {
            id: stem.clone(),
            name: format!(
                "{} in {}",
                header_name(Column::Position),
                Path::new(file)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .filter(|_| file != "-")
                    .unwrap_or("the table on stdin")
            ),
            scale,
            labels: Vec::new(),
            status_quo: None,
            outcome: None,
            why: Some(format!(
                "scale = [lowest, highest] position in `{file}`; the table gives no other bounds"
            )),
        }],
        ..Default::default()
    };
    for (i, e) in entries.into_iter().enumerate() {
        origin.record(format!("actor[{i}]"), e.row_at);
        origin.record(format!("actor[{i}].id"), e.cells[&Column::Actor]);
        origin.record(
            format!("actor[{i}].capability"),
            e.cells[&Column::Capability],
        );
        origin.record(format!("position[{i}]"), e.row_at);
        origin.record(format!("position[{i}].actor"), e.cells[&Column::Actor]);
        origin.record(format!("position[{i}].issue"), position_header);
        origin.record(format!("position[{i}].at"), e.cells[&Column::Position]);
        origin.record(
            format!("position[{i}].salience"),
            e.cells[&Column::Salience],
        );
        scenario.actors.push(Actor {
            id: e.name.clone(),
            name: e.name.clone(),
            capability: e.capability.into(),
            why: None,
        });
        scenario.positions.push(Position {
            actor: e.name,
            issue: stem.clone(),
            at: e.position.into(),
            salience: (e.salience / divisor).into(),
            why: None,
        });
    }
    scenario.origin = origin;
    Ok(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<Diagnostic> {
        match parse(text, "t.csv") {
            Err(e) => e.0,
            Ok(s) => s.validate(),
        }
    }

    /// The first error's `line:col` and message.
    fn first(text: &str) -> (usize, usize, String) {
        let d = errors(text).into_iter().next().expect("expected an error");
        let loc = d.location.expect("the error must be located");
        (loc.line, loc.col, d.message)
    }

    const EC: &str = "Actor,Capability,Position,Salience\n\
        Netherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\nFrance,0.16,10,0.6\n";

    #[test]
    fn reads_the_standard_header() {
        let s = parse(EC, "data/ec.csv").unwrap();
        assert!(s.validate().is_empty());
        assert_eq!(s.name, "ec");
        assert_eq!(s.issues[0].id, "ec");
        assert_eq!(s.issues[0].name, "Position in ec.csv");
        assert_eq!(s.issues[0].scale, [4.0, 10.0]);
        assert_eq!(s.actors[1].id, "Belgium");
        assert_eq!(s.actors[2].capability.point(), 0.16);
        assert_eq!(s.positions[0].at.point(), 4.0);
        assert_eq!(s.positions[1].salience.point(), 0.4);
        assert_eq!(
            s.origin.locate("position[2].salience"),
            Some(Location { line: 4, col: 16 })
        );
        assert_eq!(
            s.origin.locate("actor[1].capability"),
            Some(Location { line: 3, col: 9 })
        );
    }

    #[test]
    fn header_variants_any_order_quotes_bom_crlf_and_trailing_columns() {
        let text = "\u{feff}SALIENCE, position ,Resources,Stakeholder,,\r\n\
            50,25,80,\"Zeming\",,\r\n\r\n\
            80,15,90,\"Li, \"\"Peng\"\"\",,\r\n";
        let s = parse(text, "china.csv").unwrap();
        assert_eq!(s.actors[1].id, "Li, \"Peng\"");
        assert_eq!(s.positions[0].salience.point(), 0.5);
        assert_eq!(s.positions[1].salience.point(), 0.8);
        assert_eq!(s.actors[1].capability.point(), 90.0);
        assert!(s.notes.as_deref().unwrap().contains("0–100"));
        assert_eq!(
            s.origin.locate("actor[1].id"),
            Some(Location { line: 4, col: 10 })
        );
    }

    #[test]
    fn recognises_a_bdm_header_by_content() {
        assert!(looks_like_bdm_table(EC));
        assert!(looks_like_bdm_table(
            "\u{feff}\n\"Stakeholder\";Resources;position;SALIENCE\n"
        ));
        assert!(!looks_like_bdm_table("Actor,Capability,Position\n"));
        assert!(!looks_like_bdm_table("[scenario]\nname = \"x\"\n"));
        assert!(!looks_like_bdm_table(""));
    }

    #[test]
    fn semicolons_and_decimal_commas() {
        let s = parse(
            "name;capability;position;salience\nA;0,5;1;0,9\nB;1;2;1\n",
            "x.csv",
        )
        .unwrap();
        assert_eq!(s.actors[0].capability.point(), 0.5);
        assert_eq!(s.positions[0].salience.point(), 0.9);
    }

    #[test]
    fn equal_positions_widen_the_scale() {
        let s = parse(
            "Actor,Capability,Position,Salience\nA,1,5,1\nB,1,5,1\n",
            "x.csv",
        )
        .unwrap();
        assert_eq!(s.issues[0].scale, [4.0, 6.0]);
        assert!(s.validate().is_empty());
    }

    #[test]
    fn located_errors() {
        let h = "Actor,Capability,Position,Salience\n";
        let cases: Vec<(String, (usize, usize), &str)> = vec![
            ("".into(), (1, 1), "empty file"),
            ("  \n\n".into(), (1, 1), "empty file"),
            (
                ",,,\n ,\n".into(),
                (1, 1),
                "every field of the file is empty",
            ),
            (h.into(), (2, 1), "header but no rows"),
            (
                "Actor,Capability,Position\nA,1,2\n".into(),
                (1, 1),
                "missing column Salience",
            ),
            (
                "Actor,Capability,Position,Salience,Weight\nA,1,2,3,4\n".into(),
                (1, 36),
                "unknown column `Weight`",
            ),
            (
                "Actor,Capability,Position,Salience,Power\n".into(),
                (1, 36),
                "duplicate column `Power`",
            ),
            (
                "Actor,,Capability,Position,Salience\nA,,1,2,3\n".into(),
                (1, 7),
                "column 2 of the header has no name",
            ),
            (
                format!("{h}A,1,2,0.5,,\n\"B\" ,1,3,0.5\n , ,\nC,1,2\n"),
                (5, 6),
                "expected 4 fields",
            ),
            (
                "Tiny,\"a test\",three,2,\nActor,Description,Power,P1,S1,P2,S2\n".into(),
                (1, 15),
                "looks like a KTAB SMP CSV (line 2 is `Actor,Description,Power,…`), but line 1's `nActors` is `three`",
            ),
            (
                "Tiny,x,3\nActor,Description,Power,P1,S1\n".into(),
                (1, 9),
                "line 1's `nDims` is ``",
            ),
            (
                "Netherlands,0.08,4,0.8\n".into(),
                (1, 1),
                "the first row is not a header",
            ),
            (
                format!("{h}A,1,2,0.5\nB,x,2,0.5\n"),
                (3, 3),
                "expected a number in column `Capability`, found `x`",
            ),
            (
                format!("{h}A,1,,0.5\n"),
                (2, 5),
                "expected a number in column `Position`, found an empty cell",
            ),
            (format!("{h}A,1,2\n"), (2, 6), "expected 4 fields"),
            (format!("{h}A,1,2,0.5,9\n"), (2, 11), "found 5"),
            (
                format!("{h}A,1,2,0.5\nA,1,3,0.5\n"),
                (3, 1),
                "duplicate actor `A` (first on line 2)",
            ),
            (format!("{h}A,-1,2,0.5\n"), (2, 3), "≥ 0, found -1"),
            (format!("{h}A,1,NaN,0.5\n"), (2, 5), "finite number"),
            (format!("{h}A,1,2,inf\n"), (2, 7), "finite number"),
            (format!("{h}A,1,2,1e999\n"), (2, 7), "finite number"),
            (
                format!("{h}A,1,2,50\nB,1,3,150\n"),
                (3, 7),
                "in [0, 100] (saliences above 1 are read as 0–100), found 150",
            ),
            (format!("{h}A,1,2,-0.5\n"), (2, 7), "found -0.5"),
            (format!("{h},1,2,0.5\n"), (2, 1), "expected an actor name"),
            (
                format!("{h}\"A,1,2,0.5\n"),
                (2, 1),
                "unterminated quoted field",
            ),
            (
                format!("{h}\"A\"x,1,2,0.5\n"),
                (2, 4),
                "after the closing quote",
            ),
            (
                format!("{h}A,0,2,0.5\nB,1,3,0\n"),
                (1, 1),
                "capability × salience = 0",
            ),
            (format!("{h}A,\"0,5\",2,1\n"), (2, 3), "decimal comma"),
        ];
        for (text, (line, col), expected) in cases {
            let (l, c, message) = first(&text);
            assert!(
                message.contains(expected),
                "{text:?}: expected {expected:?} in {message:?}"
            );
            assert_eq!((l, c), (line, col), "{text:?}: {message}");
        }
    }

    #[test]
    fn every_error_of_the_file_is_reported_in_order() {
        let all = errors("Actor,Capability,Position,Salience\nA,x,2,0.5\nB,1,y,0.5\nA,1,2,z\n");
        let at: Vec<(usize, usize)> = all
            .iter()
            .map(|d| (d.location.unwrap().line, d.location.unwrap().col))
            .collect();
        assert_eq!(at, vec![(2, 3), (3, 5), (4, 1), (4, 7)]);
    }

    #[test]
    fn reference_tables_load() {
        let Some(shared) = brink_testkit::shared_dir() else {
            brink_testkit::report_skip("BDM reference tables");
            return;
        };
        let dir = shared.join("reference/bargaining");
        for (name, actors, percent) in [
            ("ec_emission_10.csv", 10, false),
            ("saudi_oil_17.csv", 17, false),
            ("china_leadership_24.csv", 24, true),
            ("honduras_nicaragua_5.csv", 5, false),
            ("iran_election_2013_8.csv", 8, false),
        ] {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let s = parse(&text, &path.display().to_string()).unwrap();
            assert!(s.validate().is_empty(), "{name}: {:?}", s.validate());
            assert_eq!(s.actors.len(), actors, "{name}");
            assert_eq!(
                s.notes.as_deref().unwrap().contains("0–100"),
                percent,
                "{name}"
            );
            assert!(s
                .positions
                .iter()
                .all(|p| (0.0..=1.0).contains(&p.salience.point())));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            if let Ok(text) = crate::input::decode(bytes, "f.csv") {
                if let Err(e) = parse(&text, "f.csv") {
                    proptest::prop_assert!(!e.0.is_empty());
                    proptest::prop_assert!(e.0.iter().all(|d| d.location.is_some()));
                }
            }
        }

        #[test]
        fn csv_like_text_never_panics(body in "[A-Za-z0-9,;.\" \t\r\n-]{0,300}") {
            let text = format!("Actor,Capability,Position,Salience\n{body}");
            match parse(&text, "f.csv") {
                Err(e) => proptest::prop_assert!(e.0.iter().all(|d| d.location.is_some())),
                Ok(s) => {
                    // Whatever reads cleanly is a valid scenario with saliences on 0–1.
                    let errors: Vec<_> = s.validate().into_iter().filter(|d| d.is_error()).collect();
                    proptest::prop_assert!(errors.is_empty(), "{:?}", errors);
                }
            }
        }
    }
}
