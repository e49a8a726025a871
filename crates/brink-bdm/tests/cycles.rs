//! Runs that do not converge: a small input that cycles with period 2, the EC case (drifting
//! for 510 rounds, then a cycle of 70 found at round 580), and how the model, `until_stable` and `run_into` report
//! them (brink_core::convergence).

use brink_bdm::{run, run_into, Bdm, BdmInputs, BdmOptions, BdmWorkspace, Variant};
use brink_core::{BargainingModel, ModelParams, Scenario, Settling};
use brink_testkit::ScenarioBuilder;
use serde_json::json;

#[path = "common/published.rs"]
mod published;

/// Three actors (made up; found by a search over small round-number tables): A0 (c 5, s 0.2)
/// accepts A1's offer and moves from 50 to 40, then alternates between 40 and ≈ 30.38 for ever
/// — a cycle of period 2 from round 1.
const CYCLING: [(&str, f64, f64, f64); 3] = [
    ("A0", 5.0, 50.0, 0.2),
    ("A1", 5.0, 40.0, 0.5),
    ("A2", 10.0, 0.0, 0.8),
];

fn scenario(table: &[(&str, f64, f64, f64)], scale: [f64; 2]) -> Scenario {
    ScenarioBuilder::new("t")
        .issue("x", scale)
        .table("x", table)
        .build()
}

#[test]
fn a_cycling_input_reports_its_cycle() {
    let (x, c, s) = published::columns(&CYCLING);
    let inputs = BdmInputs {
        positions: &x,
        capabilities: &c,
        saliences: &s,
    };
    let t = run(&inputs, &BdmOptions::default()).unwrap();
    assert_eq!(t.settling(), Some(Settling::Cycle { period: 2 }));
    let (lo, hi) = (t.rounds[2].mean, t.rounds[1].mean);
    assert!(lo < hi && (hi - lo) > 0.5, "{lo} {hi}");
    assert_eq!(t.rounds[10].positions, t.rounds[8].positions);

    // The model: forecast = the mean over the cycle, the cycle in the extras, rounds unchanged.
    let out = Bdm
        .run(
            &scenario(&CYCLING, [0.0, 100.0]),
            &ModelParams::default(),
            0,
        )
        .unwrap();
    let f = &out[0].1;
    let mid = 0.5 * (lo + hi);
    assert!((f.forecast - mid).abs() < 1e-12, "{} vs {mid}", f.forecast);
    assert_eq!(f.mean, Some(f.forecast));
    assert_eq!(f.extra["converged"], json!(false));
    let cycle = &f.extra["cycle"];
    assert_eq!(cycle["period"], json!(2));
    assert_eq!(cycle["first_round"], json!(1));
    assert_eq!(cycle["min"], json!(lo));
    assert_eq!(cycle["max"], json!(hi));
    assert_eq!(f.extra["last_round_forecast"], json!(t.rounds[10].mean));
    let rounds = f.rounds.as_ref().unwrap();
    assert_eq!(rounds.len(), 11);
    for (r, state) in rounds.iter().zip(&t.rounds) {
        assert_eq!(r.mean, state.mean);
    }
    assert!(f.extra["notes"][0]
        .as_str()
        .unwrap()
        .contains("cycle of 2 rounds"));

    // The Monte Carlo entry point summarises it the same way.
    let mut ws = BdmWorkspace::new(3);
    let summary = run_into(&mut ws, &inputs, &BdmOptions::default()).unwrap();
    assert_eq!(summary.settling, Some(Settling::Cycle { period: 2 }));
    assert_eq!(summary.forecast, f.forecast);
    assert_eq!(summary.mean, t.rounds[10].mean);

    // --until-stable stops at the cycle (round 3 repeats round 1) and reports it: no error.
    let until = ModelParams {
        until_stable: true,
        ..Default::default()
    };
    let out = Bdm
        .run(&scenario(&CYCLING, [0.0, 100.0]), &until, 0)
        .unwrap();
    let f = &out[0].1;
    assert_eq!(f.rounds.as_ref().unwrap().len(), 4);
    assert_eq!(f.extra["cycle"]["period"], json!(2));
    assert!((f.forecast - mid).abs() < 1e-12);
    let opts = BdmOptions {
        until_stable: true,
        rounds: 1000,
        ..BdmOptions::default()
    };
    let summary = run_into(&mut ws, &inputs, &opts).unwrap();
    assert_eq!(summary.rounds_run, 3);
    assert_eq!(summary.forecast, f.forecast);
}

#[test]
fn ec_drifts_for_ten_rounds_then_repeats_a_cycle_of_70_rounds_from_round_510() {
    let (x, c, s) = published::columns(&published::EC_EMISSION);
    let inputs = BdmInputs {
        positions: &x,
        capabilities: &c,
        saliences: &s,
    };
    let ten = run(&inputs, &BdmOptions::default()).unwrap();
    assert_eq!(ten.settling(), Some(Settling::Drift));
    let out = Bdm
        .run(
            &scenario(&published::EC_EMISSION, [4.0, 10.0]),
            &ModelParams::default(),
            0,
        )
        .unwrap();
    let f = &out[0].1;
    // Drift keeps the last round's forecast (the replication's figure), marked.
    assert_eq!(f.forecast, ten.rounds[10].mean);
    assert_eq!(f.extra["converged"], json!(false));
    assert!(!f.extra.contains_key("cycle"));
    assert!(f.extra["notes"][0]
        .as_str()
        .unwrap()
        .contains("still moving after 10 rounds"));

    let opts = BdmOptions {
        until_stable: true,
        rounds: 1000,
        ..BdmOptions::default()
    };
    let t = run(&inputs, &opts).unwrap();
    assert_eq!(t.settling(), Some(Settling::Cycle { period: 70 }));
    assert_eq!(t.rounds.len() - 1, 580);
    let mut ws = BdmWorkspace::new(10);
    let summary = run_into(&mut ws, &inputs, &opts).unwrap();
    assert_eq!(summary.rounds_run, 580);
    let out = Bdm
        .run(
            &scenario(&published::EC_EMISSION, [4.0, 10.0]),
            &ModelParams {
                until_stable: true,
                ..Default::default()
            },
            0,
        )
        .unwrap();
    let f = &out[0].1;
    assert_eq!(f.extra["cycle"]["first_round"], json!(510));
    assert_eq!(f.extra["cycle"]["period"], json!(70));
    assert_eq!(summary.forecast, f.forecast);
    let (lo, hi) = (
        f.extra["cycle"]["min"].as_f64().unwrap(),
        f.extra["cycle"]["max"].as_f64().unwrap(),
    );
    assert!(lo < f.forecast && f.forecast < hi);

    // The textbook variant converges (in 3 rounds, to 7).
    let textbook = BdmOptions {
        variant: Variant::Textbook,
        ..opts
    };
    let t = run(&inputs, &textbook).unwrap();
    assert_eq!(t.settling(), Some(Settling::Converged));
}
