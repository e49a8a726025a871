//! How SMP runs settle (brink_core::convergence): KTAB's stopping rule counts as converged; with
//! `--until-stable`, KTAB's SOE-Competitive example (../shared/reference/ktab) goes on after
//! KTAB's rule would stop and falls into a cycle of period 2, which is reported, not an error.

use brink_core::{BargainingModel, ModelParams};
use brink_formats::ktab_csv;
use brink_smp::engine::Stopped;
use brink_smp::{engine, model, Smp};
use serde_json::json;

#[test]
fn soe_competitive_cycles_with_period_2_under_until_stable() {
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("KTAB example SOE-Competitive");
        return;
    };
    let file = shared.join("reference/ktab/input/SOE-Competitive.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let scenario = ktab_csv::parse(&text, &file.display().to_string()).unwrap();

    // KTAB's own rule stops it at turn 35: converged.
    let out = Smp.run(&scenario, &ModelParams::default(), 0).unwrap();
    assert_eq!(out[0].1.extra["converged"], json!(true));
    assert!(!out[0].1.extra.contains_key("cycle"));

    let until = ModelParams {
        until_stable: true,
        ..Default::default()
    };
    let params = model::resolve_params(&scenario, &until).unwrap();
    let mapped = model::map_scenario(&scenario, &params).unwrap();
    let run = engine::run(&mapped.problem, &params, 0).unwrap();
    assert_eq!(run.stopped, Stopped::Cycle { period: 2 });
    let t = run.turns();
    assert_eq!(run.states[t].position, run.states[t - 2].position);
    assert_ne!(run.states[t].position, run.states[t - 1].position);

    let out = Smp.run(&scenario, &until, 0).unwrap();
    let f = &out[0].1;
    assert_eq!(f.extra["converged"], json!(false));
    assert_eq!(f.extra["cycle"]["period"], json!(2));
    let rounds = f.rounds.as_ref().unwrap();
    assert_eq!(rounds.len(), t + 1);
    let (a, b) = (
        rounds[t - 1].extra["outcome"].as_f64().unwrap(),
        rounds[t].extra["outcome"].as_f64().unwrap(),
    );
    assert!(
        (f.forecast - 0.5 * (a + b)).abs() < 1e-9,
        "{} vs {a}, {b}",
        f.forecast
    );
    assert_eq!(f.extra["cycle"]["min"], json!(a.min(b)));
    assert_eq!(f.extra["cycle"]["max"], json!(a.max(b)));
    assert_eq!(
        f.extra["stopped"],
        json!("cycle (the state repeats an earlier one)")
    );
}
