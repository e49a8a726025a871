//! Parity with PETRARCH2: precision and recall of (source, target, CAMEO code) triples on its
//! 78-sentence validation set (`PETR2_GSR_validation.xml`, embedded dictionaries) and its unit-test
//! records (`PETR.UnitTest.records.xml`, with the `PETR.Validate.*` dictionaries). The floors sit a
//! little under the figures reached (printed), so that a change that loses ground fails. Needs
//! ../shared; skips loudly without it.

mod common;

use brink_events::cameo::CameoTables;
use brink_events::dict::{self, Dictionaries};
use brink_events::Coder;
use common::{read_gold, score, Triples};

fn predict(coder: &Coder, text: &str, date: Option<u32>) -> Triples {
    coder
        .code("gold", text, date)
        .events
        .iter()
        .map(|e| {
            (
                e.source.code.clone(),
                e.target
                    .as_ref()
                    .map_or("---".to_string(), |t| t.code.clone()),
                e.cameo.clone(),
            )
        })
        .collect()
}

fn run(coder: &Coder, path: &std::path::Path) -> (f64, f64, usize, usize, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let gold = read_gold(&text);
    let pairs: Vec<(Triples, Triples)> = gold
        .iter()
        .filter(|g| !g.skip && !g.text.is_empty())
        .map(|g| (predict(coder, &g.text, g.date), g.codings.clone()))
        .collect();
    score(&pairs)
}

#[test]
fn gsr_validation_set() {
    let Some(shared) = brink_testkit::shared_dir() else {
        eprintln!("SKIPPED gsr_validation_set: ../shared not found (set BRINK_SHARED)");
        return;
    };
    let coder = Coder::embedded();
    let (p, r, tp, np, ng) = run(
        &coder,
        &shared.join("reference/events/PETR2_GSR_validation.xml"),
    );
    println!("PETR2_GSR_validation.xml: precision {p:.3} ({tp}/{np}), recall {r:.3} ({tp}/{ng})");
    assert!(
        p >= P_GSR && r >= R_GSR,
        "fell below the floor: precision {p:.3} (floor {P_GSR}), recall {r:.3} (floor {R_GSR})"
    );
}

#[test]
fn unit_test_records() {
    let Some(shared) = brink_testkit::shared_dir() else {
        eprintln!("SKIPPED unit_test_records: ../shared not found (set BRINK_SHARED)");
        return;
    };
    let dir = shared.join("reference/events/petrarch2");
    let mut d = Dictionaries::default();
    let read = |name: &str| dict::read_text(&dir.join(name)).unwrap();
    let report = |r: Result<(), brink_core::Diagnostics>| {
        if let Err(e) = r {
            for x in e.0 {
                println!("(skipped) {x}");
            }
        }
    };
    report(dict::verbs::read_into(
        &mut d.verbs,
        "PETR.Validate.verbs.txt",
        &read("PETR.Validate.verbs.txt"),
    ));
    report(dict::actors::read_into(
        &mut d.actors,
        "PETR.Validate.actors.txt",
        &read("PETR.Validate.actors.txt"),
    ));
    report(dict::agents::read_into(
        &mut d.agents,
        "PETR.Validate.agents.txt",
        &read("PETR.Validate.agents.txt"),
    ));
    report(dict::issues::read_discards(
        &mut d.discards,
        "PETR.Validate.discards.txt",
        &read("PETR.Validate.discards.txt"),
    ));
    let coder = Coder::new(d, CameoTables::embedded());
    let (p, r, tp, np, ng) = run(&coder, &dir.join("PETR.UnitTest.records.xml"));
    println!("PETR.UnitTest.records.xml: precision {p:.3} ({tp}/{np}), recall {r:.3} ({tp}/{ng})");
    assert!(
        p >= P_UNIT && r >= R_UNIT,
        "fell below the floor: precision {p:.3} (floor {P_UNIT}), recall {r:.3} (floor {R_UNIT})"
    );
}

// Floors: a little under the figures measured (see the printed lines and docs/events.md).
const P_GSR: f64 = 0.32;
const R_GSR: f64 = 0.35;
const P_UNIT: f64 = 0.57;
const R_UNIT: f64 = 0.56;

/// `cargo test --release -p brink-events --test parity -- --ignored --nocapture show_gsr` lists
/// the records where brink and PETRARCH2 differ.
#[test]
#[ignore]
fn show_gsr() {
    let Some(shared) = brink_testkit::shared_dir() else {
        return;
    };
    let coder = Coder::embedded();
    let text =
        std::fs::read_to_string(shared.join("reference/events/PETR2_GSR_validation.xml")).unwrap();
    for g in read_gold(&text) {
        let pred = predict(&coder, &g.text, g.date);
        if pred != g.codings {
            println!(
                "{}: {}\n  gold {:?}\n  brink {:?}",
                g.id, g.text, g.codings, pred
            );
        }
    }
}
