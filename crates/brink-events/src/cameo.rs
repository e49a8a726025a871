//! CAMEO code tables: CAMEO → PLOVER 0.8 event, mode and context (`CAMEO2PLOVER-2021.txt`,
//! CC BY-SA 4.0), Goldstein scores (`CAMEO.goldsteinscale.txt`) and GDELT's quad classes.
//! Both tables ship in a converted tab-separated form (`data/plover.tsv`, `data/goldstein.tsv`).

use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write;

/// A PLOVER event type with its mode and context (empty strings when the table leaves them open).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Plover {
    pub event: String,
    pub mode: String,
    pub context: String,
}

/// CAMEO → PLOVER and Goldstein lookups.
#[derive(Clone, Debug, Default)]
pub struct CameoTables {
    pub plover: HashMap<String, Plover>,
    pub goldstein: HashMap<String, f64>,
}

impl CameoTables {
    /// The embedded tables.
    pub fn embedded() -> CameoTables {
        CameoTables {
            plover: read_plover_tsv(include_str!("../data/plover.tsv")),
            goldstein: read_goldstein_tsv(include_str!("../data/goldstein.tsv")),
        }
    }

    /// The PLOVER type of a CAMEO code: the code's own line, else its parent's (`0334` → `033`
    /// → `03`). CAMEO 01 and 02 (statements, appeals) have none in PLOVER 0.8.
    pub fn plover(&self, code: &str) -> Option<&Plover> {
        (2..=code.len())
            .rev()
            .find_map(|n| self.plover.get(&code[..n]))
    }

    /// The Goldstein score of a code (or of its nearest parent).
    pub fn goldstein(&self, code: &str) -> Option<f64> {
        (2..=code.len())
            .rev()
            .find_map(|n| self.goldstein.get(&code[..n]).copied())
    }
}

/// GDELT's quad class of a CAMEO code (1 verbal cooperation, 2 material cooperation, 3 verbal
/// conflict, 4 material conflict), as in `cameo_root_codes.tsv`.
pub fn quad_class(code: &str) -> Option<u8> {
    let root: u32 = code.get(..2)?.parse().ok()?;
    Some(match root {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => return None,
    })
}

/// Parses `CAMEO2PLOVER-2021.txt` lines `CODE: EVENT, MODE, CONTEXT # comment`; the first line
/// for a code wins.
pub fn parse_plover_source(text: &str) -> HashMap<String, Plover> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let body = line.split('#').next().unwrap_or("");
        let Some((code, rest)) = body.split_once(':') else {
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut parts = rest.split(',').map(str::trim);
        let event = parts.next().unwrap_or("").to_string();
        if event.is_empty() {
            continue;
        }
        let mode = parts.next().unwrap_or("").to_string();
        let context = parts.collect::<Vec<_>>().join(",").trim().to_string();
        out.entry(code.to_string()).or_insert(Plover {
            event,
            mode,
            context,
        });
    }
    out
}

/// Parses `CAMEO.goldsteinscale.txt` (`CODE<TAB>SCORE`, a header line).
pub fn parse_goldstein_source(text: &str) -> HashMap<String, f64> {
    read_goldstein_tsv(text)
}

fn read_goldstein_tsv(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter_map(|l| {
            let (c, v) = l.split_once('\t')?;
            Some((c.trim().to_string(), v.trim().parse().ok()?))
        })
        .collect()
}

fn read_plover_tsv(text: &str) -> HashMap<String, Plover> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() == 4).then(|| {
                (
                    f[0].to_string(),
                    Plover {
                        event: f[1].into(),
                        mode: f[2].into(),
                        context: f[3].into(),
                    },
                )
            })
        })
        .collect()
}

/// The converted PLOVER table (sorted by code), with its attribution header.
pub fn write_plover_tsv(map: &HashMap<String, Plover>) -> String {
    let mut s = String::from("# CAMEO code → PLOVER 0.8 event, mode, context. Converted from CAMEO2PLOVER-2021.txt\n# (openeventdata/PLOVER, Philip Schrodt), licensed CC BY-SA 4.0: see plover.NOTICE.\n");
    let mut codes: Vec<_> = map.keys().collect();
    codes.sort();
    for c in codes {
        let p = &map[c];
        let _ = writeln!(s, "{c}\t{}\t{}\t{}", p.event, p.mode, p.context);
    }
    s
}

/// The converted Goldstein table (sorted by code).
pub fn write_goldstein_tsv(map: &HashMap<String, f64>) -> String {
    let mut s = String::new();
    let mut codes: Vec<_> = map.keys().collect();
    codes.sort();
    for c in codes {
        let _ = writeln!(s, "{c}\t{}", map[c]);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_answer_parents_and_quads() {
        let t = CameoTables::embedded();
        assert_eq!(t.plover("154").unwrap().event, "MOBILIZE");
        assert_eq!(t.plover("0461").map(|p| p.event.as_str()), Some("CONSULT"));
        assert!(t.plover("010").is_none());
        assert_eq!(t.goldstein("190"), Some(-10.0));
        assert_eq!(quad_class("046"), Some(1));
        assert_eq!(quad_class("154"), Some(4));
    }
}
