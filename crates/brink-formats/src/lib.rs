//! brink's input formats. Each importer turns one kind of file into a [`Scenario`] (or a
//! [`Dataset`] of them), recording where each field stands so that validation can locate its
//! messages; [`load`] detects the kind, reads the file safely (any bytes) and validates.
//!
//! Kinds (cli.md): `.toml` brink scenario · `.csv` BDM table, KTAB SMP CSV or decide input ·
//! `.xml` KTAB SMP XML · `.tsv`/`.txt` decide input or DEU dataset · `.efg`/`.nfg` Gambit games
//! (detected here, read by `brink-games`).

pub mod bdm_csv;
pub mod decide;
mod delimited;
pub mod deu;
pub mod input;
pub mod ktab_csv;
pub mod ktab_xml;
pub mod toml_scenario;

use brink_core::{Dataset, Diagnostic, Diagnostics, Scenario};
use std::path::Path;

pub use input::{read_input, SourceText};

/// What kind of input a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    ScenarioToml,
    ScenarioJson,
    BdmCsv,
    KtabCsv,
    KtabXml,
    Decide,
    Deu,
    GambitEfg,
    GambitNfg,
}

impl InputKind {
    pub fn describe(self) -> &'static str {
        match self {
            InputKind::ScenarioToml => "brink scenario (TOML)",
            InputKind::ScenarioJson => "brink scenario (JSON)",
            InputKind::BdmCsv => "BDM table (CSV)",
            InputKind::KtabCsv => "KTAB SMP scenario (CSV)",
            InputKind::KtabXml => "KTAB SMP scenario (XML)",
            InputKind::Decide => "decide exchange-model input",
            InputKind::Deu => "DEU dataset",
            InputKind::GambitEfg => "Gambit extensive-form game (.efg)",
            InputKind::GambitNfg => "Gambit strategic-form game (.nfg)",
        }
    }
    pub fn is_game(self) -> bool {
        matches!(self, InputKind::GambitEfg | InputKind::GambitNfg)
    }
}

/// A loaded input: one scenario, or a dataset of many with known outcomes.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // one value per command: boxing buys nothing
pub enum Loaded {
    Scenario(Scenario),
    Dataset(Dataset),
}

/// Detects the kind of `text` read from `file`: by extension, and by content where the extension
/// is ambiguous.
pub fn detect(file: &str, text: &str) -> Result<InputKind, Diagnostic> {
    let ext = Path::new(file)
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let looks_decide = looks_decide(text);
    match ext.as_deref() {
        Some("toml") => Ok(InputKind::ScenarioToml),
        Some("json") => Ok(InputKind::ScenarioJson),
        Some("xml") => Ok(InputKind::KtabXml),
        Some("efg") => Ok(InputKind::GambitEfg),
        Some("nfg") => Ok(InputKind::GambitNfg),
        Some("csv") if looks_decide => Ok(InputKind::Decide),
        Some("csv") => Ok(if looks_ktab_csv(text) {
            InputKind::KtabCsv
        } else {
            InputKind::BdmCsv
        }),
        Some("tsv") | Some("txt") if looks_decide => Ok(InputKind::Decide),
        Some("tsv") | Some("txt") if text.trim().is_empty() => Err(Diagnostic::error(
            file,
            "empty file: expected decide input (`#A`/`#P`/`#M`/`#D` rows) or a DEU dataset (a header row, \
             then one issue per row)",
        )
        .at_line_col(1, 1)),
        Some("tsv") | Some("txt") => Ok(InputKind::Deu),
        _ => {
            // No telling extension (stdin, say): look at the content.
            let t = text.trim_start_matches('\u{feff}').trim_start();
            if looks_decide {
                Ok(InputKind::Decide)
            } else if t.starts_with("EFG") {
                Ok(InputKind::GambitEfg)
            } else if t.starts_with("NFG") {
                Ok(InputKind::GambitNfg)
            } else if t.starts_with('<') {
                Ok(InputKind::KtabXml)
            } else if t.starts_with('[') || t.starts_with('#') {
                Ok(InputKind::ScenarioToml)
            } else if t.starts_with('{') {
                Ok(InputKind::ScenarioJson)
            } else if looks_ktab_csv(text) {
                Ok(InputKind::KtabCsv)
            } else if bdm_csv::looks_like_bdm_table(text) {
                Ok(InputKind::BdmCsv)
            } else {
                Err(Diagnostic::error(
                    file,
                    "cannot tell what kind of input this is: expected a file ending in .toml, .json, \
                     .csv, .xml, .tsv, .txt, .efg or .nfg",
                ))
            }
        }
    }
}

/// KTAB's CSV starts with `scenario,description,nActors,nDims` (two whole numbers in fields 3–4).
/// decide's input: the first field of the first non-blank line is one of decide's row kinds
/// (`#A`, `#P`, `#M`, `#D`, a `#/` comment or an `#O` description), bare or quoted, whatever
/// the delimiter (tab, `;` or `,`).
fn looks_decide(text: &str) -> bool {
    let first_line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let first_field = first_line
        .split(['\t', ';', ','])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(|c| c == '\'' || c == '"');
    ["#A", "#P", "#M", "#D", "#O"].contains(&first_field) || first_field.starts_with("#/")
}

fn looks_ktab_csv(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let fields: Vec<&str> = first.split(',').map(str::trim).collect();
    fields.len() >= 4 && fields[2].parse::<u64>().is_ok() && fields[3].parse::<u64>().is_ok()
}

/// Parses `text` as the given (non-game) kind, without validation.
pub fn parse(kind: InputKind, text: &str, file: &str) -> Result<Loaded, Diagnostics> {
    match kind {
        InputKind::ScenarioToml => toml_scenario::parse(text, file).map(Loaded::Scenario),
        InputKind::ScenarioJson => toml_scenario::parse_json(text, file).map(Loaded::Scenario),
        InputKind::KtabCsv => ktab_csv::parse(text, file).map(Loaded::Scenario),
        InputKind::KtabXml => ktab_xml::parse(text, file).map(Loaded::Scenario),
        InputKind::BdmCsv => bdm_csv::parse(text, file).map(Loaded::Scenario),
        InputKind::Deu => deu::parse(text, file).map(Loaded::Dataset),
        InputKind::Decide => decide::parse(text, file).map(Loaded::Scenario),
        InputKind::GambitEfg | InputKind::GambitNfg => Err(Diagnostic::error(
            file,
            format!(
                "this is a {}, not a scenario: use `brink game`",
                kind.describe()
            ),
        )
        .into()),
    }
}

/// Reads, detects, parses and validates `path` (`-` is stdin). On success returns the input and
/// its warnings; on failure every error and warning, located.
pub fn load(path: &str) -> Result<(Loaded, Vec<Diagnostic>), Diagnostics> {
    let source = read_input(path)?;
    load_text(&source.text, path)
}

/// [`load`] on text already read.
pub fn load_text(text: &str, file: &str) -> Result<(Loaded, Vec<Diagnostic>), Diagnostics> {
    match load_text_all(text, file) {
        (Some(loaded), diagnostics) if !diagnostics.iter().any(Diagnostic::is_error) => {
            Ok((loaded, diagnostics))
        }
        (_, diagnostics) => Err(Diagnostics(diagnostics)),
    }
}

/// [`load_text`] that keeps going: every error and warning of the file in one pass (for the
/// scenario TOML, the reader's errors of shape and validation's of content together), and the
/// input as far as it could be read, so that `brink check` can add the `[crisis]` and
/// `[models.*]` sections' messages to them. The input is `None` when nothing could be read.
pub fn load_text_all(text: &str, file: &str) -> (Option<Loaded>, Vec<Diagnostic>) {
    let kind = match detect(file, text) {
        Ok(kind) => kind,
        Err(d) => return (None, vec![d]),
    };
    if kind == InputKind::ScenarioToml {
        let (scenario, read) = toml_scenario::parse_lenient(text, file);
        let Some(scenario) = scenario else {
            return (None, read);
        };
        let all = toml_scenario::merge_diagnostics(read, scenario.validate());
        return (Some(Loaded::Scenario(scenario)), all);
    }
    let loaded = match parse(kind, text, file) {
        Ok(loaded) => loaded,
        Err(e) => return (None, e.0),
    };
    let diagnostics = match &loaded {
        Loaded::Scenario(s) => s.validate(),
        Loaded::Dataset(d) => d.scenarios.iter().flat_map(|s| s.validate()).collect(),
    };
    (Some(loaded), diagnostics)
}

/// [`load`] for commands that need one scenario (not a dataset).
pub fn load_scenario(path: &str) -> Result<(Scenario, Vec<Diagnostic>), Diagnostics> {
    let source = read_input(path)?;
    load_scenario_text(&source.text, path)
}

/// [`load_scenario`] on text already read (`file` names it in diagnostics).
pub fn load_scenario_text(
    text: &str,
    path: &str,
) -> Result<(Scenario, Vec<Diagnostic>), Diagnostics> {
    match load_text(text, path)? {
        (Loaded::Scenario(s), warnings) => Ok((s, warnings)),
        (Loaded::Dataset(d), _) => Err(Diagnostic::error(
            path,
            format!(
                "this is a dataset of {} scenarios, not one scenario: use `brink validate`",
                d.scenarios.len()
            ),
        )
        .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decide_input_is_detected_by_any_of_its_row_kinds() {
        for text in [
            "#A\ta\tA\n",
            "'#A'\t'a'\t'A'\t''\n",
            "#/\tsample data, 2 actors\n#A\ta\n",
            "'#/'\t'a comment'\n'#A'\t'a'\n",
            "\"#/\",\"a comment\"\n\"#A\",\"a\"\n",
            "#/;a comment\n#A;a;a\n",
            "#P,p\n#A,a\n",
            "\n\n#M\tp\t0\n",
            "#D\ta\tp\t0.5\t0.5\t1\n",
            "\u{feff}#O\tdescription\n",
        ] {
            for file in ["x.csv", "x.txt", "x.tsv", "-"] {
                assert_eq!(
                    detect(file, text).unwrap(),
                    InputKind::Decide,
                    "{file}: {text:?}"
                );
            }
        }
        // A DEU dataset and a BDM table are not decide's.
        assert_eq!(detect("x.txt", "name\tposition\n").unwrap(), InputKind::Deu);
        assert_ne!(
            detect("x.csv", "actor,position,salience,capability\n").unwrap(),
            InputKind::Decide
        );
    }
}
