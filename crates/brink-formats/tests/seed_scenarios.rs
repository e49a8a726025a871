//! The scenarios shipped in `scenarios/` load cleanly, say why for every number, and (for the EC
//! emission data) hold exactly the published table.

use brink_formats::{load_scenario, parse, InputKind, Loaded};
use std::path::PathBuf;

fn scenario_path(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios")
        .join(name)
        .display()
        .to_string()
}

fn has_why(why: &Option<String>) -> bool {
    why.as_deref().is_some_and(|w| w.trim().len() > 10)
}

#[test]
fn iran_2026_loads_without_warnings_and_covers_the_brief() {
    let (s, warnings) = load_scenario(&scenario_path("iran-2026.toml")).unwrap_or_else(|e| {
        panic!("{e}");
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(s.actors.len() >= 10);
    for id in [
        "USA", "IRN", "ISR", "OMN", "E3", "RUS", "CHN", "SAU", "ARE", "JOR", "QAT", "IAEA",
    ] {
        assert!(s.actor_index(id).is_some(), "missing actor {id}");
    }
    for id in [
        "enrichment",
        "missiles",
        "proxies",
        "sanctions",
        "inspections",
    ] {
        let i = s
            .issue_index(id)
            .unwrap_or_else(|| panic!("missing issue {id}"));
        let issue = &s.issues[i];
        assert_eq!(issue.scale, [0.0, 100.0], "{id}");
        assert!(issue.labels.len() >= 3, "{id}: labels");
        assert!(issue.status_quo.is_some(), "{id}: status_quo");
        assert!(has_why(&issue.why), "{id}: why");
    }
    assert!(s.actors.iter().all(|a| has_why(&a.why)));
    assert!(s.positions.iter().all(|p| has_why(&p.why)));
    assert!(s.has_uncertainty(), "some numbers should be uncertain");
    let crisis = s.crisis.as_ref().expect("a [crisis] section");
    assert_eq!(crisis["game"], "patron_ally_target_transit");
    assert_eq!(crisis["patron"], "USA");
    assert_eq!(crisis["ally"], "ISR");
    assert_eq!(crisis["target"], "IRN");
    assert_eq!(crisis["transit"], serde_json::json!(["JOR", "SAU", "ARE"]));
    // A crisis parameter is a number or a table `{ value = …, why = "…" }` (brink-crisis).
    let gain = &crisis["transit_gain_from_alliance"];
    assert_eq!(gain.get("value").unwrap_or(gain), 0.0);
    for key in ["p_success", "cost_strike"] {
        assert!(crisis.contains_key(key), "crisis.{key}");
    }
    let text = std::fs::read_to_string(scenario_path("iran-2026.toml")).unwrap();
    assert!(text.contains("ILLUSTRATIVE ESTIMATES"));
}

#[test]
fn ec_emission_holds_the_published_table() {
    let (s, warnings) = load_scenario(&scenario_path("ec-emission.toml")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(s.issues[0].scale, [4.0, 10.0]);
    assert!(s.positions.iter().all(|p| has_why(&p.why)));
    // Scholz, Calbert & Smith (2011) Table 1 (from Bueno de Mesquita 1994), in its row order.
    let table = "Actor,Capability,Position,Salience\nNetherlands,0.08,4,0.8\nBelgium,0.08,7,0.4\n\
        Luxembourg,0.03,4,0.2\nGermany,0.16,4,0.8\nFrance,0.16,10,0.6\nItaly,0.16,10,0.6\n\
        UK,0.16,10,0.9\nIreland,0.05,7,0.1\nDenmark,0.05,4,1.0\nGreece,0.08,7,0.7\n";
    let Ok(Loaded::Scenario(csv)) = parse(InputKind::BdmCsv, table, "ec_emission_10.csv") else {
        panic!("the table must import");
    };
    let t = s.issue_table(0);
    let c = csv.issue_table(0);
    assert_eq!(t.ids, c.ids);
    assert_eq!(t.position, c.position);
    assert_eq!(t.salience, c.salience);
    assert_eq!(t.capability, c.capability);
    // The compromise (Σ c·s·x / Σ c·s) in file order: the figure `brink forecast` must print.
    let w = t.weights();
    let num: f64 = w.iter().zip(&t.position).map(|(w, x)| w * x).sum();
    let den: f64 = w.iter().sum();
    assert_eq!(num / den, 7.389955686853767);
}
