//! The deterministic equal-gain run against decide-exchange-model 2022.1.28's own outputs on its
//! three sample inputs (../shared/reference/decide/: `*__equal_detties_*`, 10 rounds).
//!
//! The exact mode (the hybrid run, checked equal to the Dec28 run, itself checked equal to the
//! big-integer oracle on the two small samples) reproduces every round and every exchange. The
//! f64 mode agrees until decide's rounding first decides between two mathematically equal gains
//! (see `f64_agrees_until_*`).

use brink_exchange::engine::{self, Problem, Run, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const SMALL: [(&str, &str); 2] = [
    ("sample_data", "sample_data.txt"),
    ("copenhagen", "copenhagen.csv"),
];
const COP21: [(&str, &str); 1] = [("cop21", "cop21.csv")];

fn reference_dir() -> Option<PathBuf> {
    let dir = brink_testkit::shared_dir()?.join("reference/decide");
    dir.is_dir().then_some(dir)
}

fn load(dir: &Path, input: &str) -> Problem {
    let path = dir.join("input").join(input);
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = brink_formats::decide::parse(&text, input).unwrap();
    brink_exchange::problem(&scenario).unwrap()
}

fn records(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(r: &HashMap<String, String>, k: &str) -> f64 {
    r[k].parse().unwrap()
}

fn run_equal(prob: &Problem) -> Run {
    let run = engine::run_hybrid(prob, &Settings::default(), 0);
    // The hybrid run is the exact run, value for value.
    assert_eq!(run, engine::run_exact(prob, &Settings::default(), 0));
    run
}

#[test]
fn equal_gain_reproduces_decide_outcomes_per_round() {
    check_outcomes(&SMALL);
}

#[test]
fn equal_gain_executes_decides_exchanges_in_order() {
    check_exchanges(&SMALL);
}

#[test]
fn fixed_width_and_big_integer_decimals_run_the_samples_alike() {
    let Some(dir) = reference_dir() else {
        brink_testkit::report_skip("decide sample inputs not found");
        return;
    };
    for (_, input) in SMALL {
        let prob = load(&dir, input);
        let settings = Settings::default();
        assert_eq!(
            engine::run_exact(&prob, &settings, 0),
            engine::run_bigint(&prob, &settings, 0),
            "{input}"
        );
    }
}

#[test]
fn cop21_equal_gain_reproduces_decide() {
    check_outcomes(&COP21);
    check_exchanges(&COP21);
}

fn check_outcomes(samples: &[(&str, &str)]) {
    let Some(dir) = reference_dir() else {
        brink_testkit::report_skip("decide reference outputs not found");
        return;
    };
    for &(name, input) in samples {
        let prob = load(&dir, input);
        let run = run_equal(&prob);
        assert_eq!(run.rounds.len(), 10, "{name}: rounds run");
        let nbs = records(&dir.join(format!("output/{name}__equal_detties_nbs.csv")));
        let mut checked = 0;
        for r in &nbs {
            let round: usize = r["round"].parse().unwrap();
            let k = prob.issues.iter().position(|i| *i == r["issue"]).unwrap();
            let mine = match r["phase"].as_str() {
                "start" => run.rounds[round].start_outcome[k],
                "end_voting" => run.rounds[round].outcome[k],
                _ => continue,
            };
            let want = num(r, "nbs_normalized_0_100");
            assert!(
                (mine - want).abs() < 1e-6,
                "{name} round {round} {} {}: brink {mine}, decide {want}",
                r["phase"],
                r["issue"]
            );
            let orig = Problem::denormalise(prob.scales[k], mine);
            let want_orig = num(r, "nbs_original_scale");
            assert!(
                (orig - want_orig).abs() < 1e-6,
                "{name} round {round} {}: original scale brink {orig}, decide {want_orig}",
                r["issue"]
            );
            checked += 1;
        }
        assert_eq!(checked, 2 * 10 * prob.n_issues(), "{name}: rows checked");
    }
}

fn check_exchanges(samples: &[(&str, &str)]) {
    let Some(dir) = reference_dir() else {
        brink_testkit::report_skip("decide reference outputs not found");
        return;
    };
    for &(name, input) in samples {
        let prob = load(&dir, input);
        let run = run_equal(&prob);
        let want = records(&dir.join(format!("output/{name}__equal_detties_exchanges.csv")));
        let mine: Vec<(usize, &engine::Executed)> = run
            .rounds
            .iter()
            .enumerate()
            .flat_map(|(r, round)| round.exchanges.iter().map(move |e| (r, e)))
            .collect();
        for ((r, e), w) in mine.iter().zip(&want) {
            let at = format!("{name} round {r} seq {}", w["seq"]);
            assert_eq!(*r, w["round"].parse::<usize>().unwrap(), "{at}: round");
            assert_eq!(prob.actors[e.i.actor], w["i_actor"], "{at}: i actor");
            assert_eq!(
                prob.issues[e.i.supply], w["i_supply_issue"],
                "{at}: i issue"
            );
            assert_eq!(prob.actors[e.j.actor], w["j_actor"], "{at}: j actor");
            assert_eq!(
                prob.issues[e.j.supply], w["j_supply_issue"],
                "{at}: j issue"
            );
            for (mine, key) in [
                (e.i.x, "i_x"),
                (e.i.y, "i_y"),
                (e.j.x, "j_x"),
                (e.j.y, "j_y"),
                (e.gain, "gain"),
                (e.i.decide_eu, "i_eu"),
                (e.j.decide_eu, "j_eu"),
                (e.dp, "dp"),
                (e.dq, "dq"),
            ] {
                let want = num(w, key);
                assert!(
                    (mine - want).abs() < 1e-6,
                    "{at}: {key} brink {mine}, decide {want}"
                );
            }
        }
        assert_eq!(mine.len(), want.len(), "{name}: number of exchanges");
        let rounds = records(&dir.join(format!("output/{name}__equal_detties_rounds.csv")));
        for (r, w) in rounds.iter().enumerate() {
            assert_eq!(
                run.rounds[r].exchanges.len(),
                w["n_realized_exchanges"].parse::<usize>().unwrap(),
                "{name} round {r}: exchanges"
            );
        }
    }
}

/// The f64 mode follows decide exactly through sample_data's first four rounds (162 exchanges);
/// in round 4 decide's decimal rounding puts an outcome a hair off a partner's position, which
/// f64 sees exactly on it, and the runs part.
#[test]
fn f64_agrees_until_decides_rounding_decides() {
    let Some(dir) = reference_dir() else {
        brink_testkit::report_skip("decide reference outputs not found");
        return;
    };
    let prob = load(&dir, "sample_data.txt");
    let run = engine::run(&prob, &Settings::default(), 0);
    let nbs = records(&dir.join("output/sample_data__equal_detties_nbs.csv"));
    for r in nbs.iter().filter(|r| r["phase"] == "end_voting") {
        let round: usize = r["round"].parse().unwrap();
        if round >= 4 {
            continue;
        }
        let k = prob.issues.iter().position(|i| *i == r["issue"]).unwrap();
        let want = num(r, "nbs_normalized_0_100");
        let mine = run.rounds[round].outcome[k];
        assert!(
            (mine - want).abs() < 1e-6,
            "round {round} {}: {mine} vs {want}",
            r["issue"]
        );
    }
}

/// `brink forecast --model exchange` with no option computes exactly: on all three samples the
/// model's forecast of every issue is decide's outcome after its 10 rounds (decide's
/// `end_voting` of round 9, on the issue's own scale), and its rounds are the exact run's. The
/// f64 run, asked for, says how many of its choices were between gains tied to within 1e-9
/// (where decide's rounding decides): on cop21 it parts from decide (adapt_finance 65.7 against
/// decide's 60.2) and reports such ties.
#[test]
fn the_models_default_is_decides_run_on_all_three_samples() {
    use brink_core::{BargainingModel, ModelParams};
    let Some(dir) = reference_dir() else {
        brink_testkit::report_skip("decide reference outputs not found");
        return;
    };
    for (name, input) in SMALL.iter().chain(&COP21) {
        let text = std::fs::read_to_string(dir.join("input").join(input)).unwrap();
        let scenario = brink_formats::decide::parse(&text, input).unwrap();
        let out = brink_exchange::ExchangeModel
            .run(&scenario, &ModelParams::default(), 0)
            .unwrap();
        let nbs = records(&dir.join(format!("output/{name}__equal_detties_nbs.csv")));
        let mut checked = 0;
        for r in nbs
            .iter()
            .filter(|r| r["round"] == "9" && r["phase"] == "end_voting")
        {
            let k = scenario
                .issues
                .iter()
                .position(|i| i.id == r["issue"])
                .unwrap();
            let (_, f) = out.iter().find(|(i, _)| *i == k).unwrap();
            let want = num(r, "nbs_original_scale");
            assert!(
                (f.forecast - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{name} {}: brink {}, decide {want}",
                r["issue"],
                f.forecast
            );
            assert!(!f.extra.contains_key("ties_decided_by_rounding"));
            // Exchanges go on moving the positions: not converged, no cycle, forecast unchanged.
            assert_eq!(f.extra["converged"], serde_json::json!(false), "{name}");
            assert!(!f.extra.contains_key("cycle"));
            checked += 1;
        }
        assert_eq!(checked, scenario.issues.len(), "{name}");
    }

    let text = std::fs::read_to_string(dir.join("input/cop21.csv")).unwrap();
    let scenario = brink_formats::decide::parse(&text, "cop21.csv").unwrap();
    let f64_params = ModelParams {
        options: vec![("arithmetic".into(), "f64".into())],
        ..Default::default()
    };
    let fast = brink_exchange::ExchangeModel
        .run(&scenario, &f64_params, 0)
        .unwrap();
    let exact = brink_exchange::ExchangeModel
        .run(&scenario, &ModelParams::default(), 0)
        .unwrap();
    let k = scenario
        .issues
        .iter()
        .position(|i| i.id == "adapt_finance")
        .unwrap();
    let at = |out: &[(usize, brink_core::ModelForecast)]| {
        out.iter().find(|(i, _)| *i == k).unwrap().1.clone()
    };
    assert!(
        (at(&fast).forecast - 65.73).abs() < 0.01,
        "{}",
        at(&fast).forecast
    );
    assert!(
        (at(&exact).forecast - 60.24).abs() < 0.01,
        "{}",
        at(&exact).forecast
    );
    let ties = at(&fast).extra["ties_decided_by_rounding"]
        .as_u64()
        .unwrap();
    assert!(ties > 0);
    let notes = at(&fast).extra["notes"].to_string();
    assert!(notes.contains(&format!("{ties} time(s)")), "{notes}");
    // Monte Carlo runs compute in f64 unless told otherwise.
    let sampling =
        brink_exchange::ExchangeModel.sampling_params(&scenario, &ModelParams::default());
    assert_eq!(sampling.option("arithmetic"), Some("f64"));
    assert_eq!(
        brink_exchange::ExchangeModel
            .sampling_params(&scenario, &f64_params.clone())
            .options
            .len(),
        1
    );
}
