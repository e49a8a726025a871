//! The `bdm` BargainingModel: per-issue runs on a scenario, cli.md's JSON shape, parameters.

use brink_bdm::Bdm;
use brink_core::{BargainingModel, ModelError, ModelParams, Scenario};
use brink_testkit::ScenarioBuilder;
use serde_json::Value;

#[path = "common/published.rs"]
mod published;
use published::{EC_EMISSION, SAUDI_OIL};

/// EC emission data (Bueno de Mesquita 1994 / Scholz, Calbert & Smith 2011, Table 1) as issue
/// `emission`, plus a made-up second issue `tax` held by four of the actors.
fn scenario() -> Scenario {
    let mut s = ScenarioBuilder::new("EC")
        .issue("emission", [4.0, 10.0])
        .issue("tax", [0.0, 100.0])
        .table("emission", &EC_EMISSION);
    for (a, x, salience) in [
        ("France", 20.0, 0.9),
        ("Germany", 80.0, 0.5),
        ("UK", 60.0, 0.7),
        ("Greece", 35.0, 0.3),
    ] {
        s = s.position(a, "tax", x, salience);
    }
    s.build()
}

#[test]
fn runs_each_issue_and_reports_rounds() {
    let s = scenario();
    assert!(s.validate().is_empty());
    let out = Bdm.run(&s, &ModelParams::default(), 0).unwrap();
    assert_eq!(out.iter().map(|(i, _)| *i).collect::<Vec<_>>(), vec![0, 1]);
    let (_, ec) = &out[0];
    assert_eq!(ec.model, "bdm");
    assert_eq!(ec.variant.as_deref(), Some("scholz"));
    let rounds = ec.rounds.as_ref().unwrap();
    assert_eq!(rounds.len(), 11);
    // Final figures of the replication's log and the peer run's Condorcet median.
    assert!((ec.forecast - 7.242130958473938).abs() < 1e-9);
    assert_eq!(ec.mean, Some(ec.forecast));
    assert_eq!(ec.median, Some(7.0));
    assert_eq!(rounds[0].positions["Belgium"], 7.0);
    assert!((rounds[1].positions["Belgium"] - 8.415932315426764).abs() < 1e-9);

    let json = serde_json::to_value(ec).unwrap();
    let r1 = &json["rounds"][1];
    assert_eq!(r1["round"], 1);
    assert!((r1["median"].as_f64().unwrap() - 8.415932315426764).abs() < 1e-9);
    let m = &r1["moves"][0];
    assert_eq!(m["actor"], "Belgium");
    assert_eq!(m["kind"], "compromise");
    assert_eq!(m["with"], "France");
    assert!((m["to"].as_f64().unwrap() - 8.415932315426764).abs() < 1e-9);
    assert!(m["e_ij"].is_f64() && m["e_ji"].is_f64());
    assert!(json["rounds"][0].get("moves").is_none());
    assert!(r1["risk"]["Denmark"].is_f64());

    // The second issue only has its four actors.
    let tax = out[1].1.rounds.as_ref().unwrap();
    let ids: Vec<&String> = tax[0].positions.keys().collect();
    assert_eq!(ids, ["Germany", "France", "UK", "Greece"]);
}

#[test]
fn parameters() {
    let s = scenario();
    let textbook = ModelParams {
        variant: Some("Textbook".into()),
        rounds: Some(3),
        ..Default::default()
    };
    let out = Bdm.run(&s, &textbook, 0).unwrap();
    assert_eq!(out[0].1.variant.as_deref(), Some("textbook"));
    assert_eq!(out[0].1.rounds.as_ref().unwrap().len(), 4);

    let bad = ModelParams {
        variant: Some("paper".into()),
        ..Default::default()
    };
    match Bdm.run(&s, &bad, 0) {
        Err(ModelError::BadParams { reason, .. }) => {
            assert!(reason.contains("`paper`") && reason.contains("textbook"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn until_stable() {
    // The EC issue cycles (Belgium keeps moving): a convergence failure naming the issue and the
    // actors still moving.
    let params = ModelParams {
        until_stable: true,
        rounds: Some(50),
        ..Default::default()
    };
    match Bdm.run(&scenario(), &params, 0) {
        Err(ModelError::NoConvergence { reason, .. }) => {
            assert!(
                reason.contains("emission") && reason.contains("Belgium"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // The Saudi oil case (jmckib/bdm-scholz-expected-utility-model `Sultan.csv`; the replication's
    // log shows nobody moving): stable after one round.
    let saudi = SAUDI_OIL;
    let ids: Vec<String> = (0..saudi.len()).map(|i| format!("a{i}")).collect();
    let rows: Vec<(&str, f64, f64, f64)> = saudi
        .iter()
        .zip(&ids)
        .map(|(&(_, c, x, sal), id)| (id.as_str(), c, x, sal))
        .collect();
    let s = ScenarioBuilder::new("Saudi oil")
        .issue("price", [12.0, 15.0])
        .table("price", &rows)
        .build();
    let out = Bdm.run(&s, &params, 0).unwrap();
    let f = &out[0].1;
    let rounds = f.rounds.as_ref().unwrap();
    assert_eq!(rounds.len(), 2);
    assert!(rounds[1].moves.is_empty());
    assert_eq!(f.extra["stable"], Value::Bool(true));
    assert!((f.forecast - 13.619912134884823).abs() < 1e-9);
}
