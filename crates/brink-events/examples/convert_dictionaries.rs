//! Converts PETRARCH2's dictionaries (and the CAMEO→PLOVER and Goldstein tables beside them) into
//! brink's compact form:
//!
//! ```text
//! cargo run --release -p brink-events --example convert_dictionaries -- \
//!     ../shared/reference/events/petrarch2 crates/brink-events/data/
//! ```
//!
//! Reads `CAMEO.2.0.txt`, `Phoenix.{Countries,International,MilNonState}.actors.txt`,
//! `Phoenix.agents.txt`, `Phoenix.discards.txt`, `Phoenix.IssueCoding.txt` from the first
//! directory, `CAMEO2PLOVER-2021.txt` and `CAMEO.goldsteinscale.txt` from its parent, and writes
//! `verbs.tsv`, `actors.tsv`, `agents.tsv`, `discards.tsv`, `issues.tsv`, `plover.tsv`,
//! `goldstein.tsv` into the second. The hand-written `supplement.tsv` is left alone.

use brink_events::dict::{self, compact, Dictionaries};
use std::path::Path;

fn read(path: &Path) -> String {
    dict::read_text(path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    })
}

/// PETRARCH2's own files have a few malformed lines (which PETRARCH skipped): say where, skip them.
fn check(r: Result<(), brink_core::Diagnostics>) {
    if let Err(e) = r {
        for d in e.0 {
            eprintln!("{d} (line skipped)");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: convert_dictionaries PETRARCH2_DIR OUT_DIR");
        std::process::exit(2);
    }
    let src = Path::new(&args[0]);
    let out = Path::new(&args[1]);
    let mut d = Dictionaries::default();
    let f = src.join("CAMEO.2.0.txt");
    check(dict::verbs::read_into(
        &mut d.verbs,
        &f.display().to_string(),
        &read(&f),
    ));
    for name in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        let f = src.join(name);
        check(dict::actors::read_into(
            &mut d.actors,
            &f.display().to_string(),
            &read(&f),
        ));
    }
    let f = src.join("Phoenix.agents.txt");
    check(dict::agents::read_into(
        &mut d.agents,
        &f.display().to_string(),
        &read(&f),
    ));
    let f = src.join("Phoenix.discards.txt");
    check(dict::issues::read_discards(
        &mut d.discards,
        &f.display().to_string(),
        &read(&f),
    ));
    let f = src.join("Phoenix.IssueCoding.txt");
    check(dict::issues::read_issues(
        &mut d.issues,
        &f.display().to_string(),
        &read(&f),
    ));

    let header = "# Converted by brink-events' convert_dictionaries from PETRARCH2's dictionaries\n# (openeventdata/petrarch2, MIT License, Copyright (c) 2015 Open Event Data Alliance: see PETRARCH2.LICENSE).\n";
    let write = |name: &str, body: String| {
        let path = out.join(name);
        std::fs::write(&path, body).unwrap_or_else(|e| {
            eprintln!("{}: error: cannot write: {e}", path.display());
            std::process::exit(1)
        });
        println!("wrote {}", path.display());
    };
    write("verbs.tsv", format!("{header}{}", compact::write_verbs(&d)));
    write(
        "actors.tsv",
        format!("{header}{}", compact::write_actors(&d)),
    );
    let (ag, di, is) = compact::write_others(&d);
    write("agents.tsv", format!("{header}{ag}"));
    write("discards.tsv", format!("{header}{di}"));
    write("issues.tsv", format!("{header}{is}"));
    let parent = src.parent().unwrap_or(Path::new("."));
    let plover =
        brink_events::cameo::parse_plover_source(&read(&parent.join("CAMEO2PLOVER-2021.txt")));
    write("plover.tsv", brink_events::cameo::write_plover_tsv(&plover));
    let gold = brink_events::cameo::parse_goldstein_source(&read(
        &parent.join("CAMEO.goldsteinscale.txt"),
    ));
    write(
        "goldstein.tsv",
        brink_events::cameo::write_goldstein_tsv(&gold),
    );
    println!(
        "{} synonym sets, {} verb blocks, {} verbs ({} forms), {} patterns, {} actors, {} agent phrases, {} discards, {} issue phrases, {} PLOVER codes, {} Goldstein codes",
        d.verbs.synsets.len(), d.verbs.blocks.len(), d.verbs.verbs.len(), d.verbs.forms.len(), d.verbs.patterns.len(),
        d.actors.entries.len(), d.agents.entries.len(), d.discards.phrases.len(), d.issues.phrases.len(), plover.len(), gold.len()
    );
}
