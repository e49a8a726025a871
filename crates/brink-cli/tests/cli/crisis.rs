//! `brink crisis` and `brink compare` end to end on the seed scenario and its what-ifs.

use crate::common::{assert_success, brink, json_stdout, scenario};
use predicates::prelude::*;
use serde_json::Value;

fn crisis_json(file: &str, extra: &[&str]) -> Value {
    let out = brink()
        .args([
            "crisis",
            &scenario(file),
            "--format",
            "json",
            "--runs",
            "40",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn crisis_json_has_the_contract_keys_and_odds_sum_to_one() {
    let v = crisis_json("iran-2026.toml", &[]);
    assert_eq!(v["game"], "patron_ally_target_transit");
    let outcomes = v["outcomes"].as_object().unwrap();
    let names: Vec<&str> = outcomes.keys().map(String::as_str).collect();
    assert_eq!(names, ["deal", "standoff", "strike", "war"]);
    let total: f64 = outcomes.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    let path = v["spe"]["path"].as_array().unwrap();
    assert!(!path.is_empty());
    assert!(path
        .iter()
        .all(|s| s["player"].is_string() && s["action"].is_string()));
    assert!(v["spe"]["outcome"].is_string());
    for issue in [
        "enrichment",
        "missiles",
        "proxies",
        "sanctions",
        "inspections",
    ] {
        // cli.md: `disagreement_point: { issue: x }`, a point on the issue's scale.
        let d = v["disagreement_point"][issue].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&d), "{issue}: {d}");
        assert!(v["disagreement_utilities"][issue].is_object(), "{issue}");
        assert!(v["forecast_shift"].get(issue).is_some(), "{issue}");
    }
    assert_eq!(v["runs"], 40);
}

#[test]
fn granting_airspace_makes_the_threat_credible() {
    let denied = crisis_json("iran-2026.toml", &[]);
    let granted = crisis_json("iran-2026-airspace-granted.toml", &[]);
    assert_eq!(denied["spe"]["outcome"], "standoff");
    assert_eq!(granted["spe"]["outcome"], "deal");
    let deal = |v: &Value| v["outcomes"]["deal"].as_f64().unwrap();
    assert!(
        deal(&granted) > deal(&denied) + 0.1,
        "{} vs {}",
        deal(&granted),
        deal(&denied)
    );
}

#[test]
fn same_seed_same_output_at_any_thread_count() {
    let a = crisis_json("iran-2026.toml", &["--seed", "3", "--threads", "1"]);
    let b = crisis_json("iran-2026.toml", &["--seed", "3", "--threads", "2"]);
    assert_eq!(a, b);
}

#[test]
fn crisis_table_prints_odds_and_the_spe_path() {
    brink()
        .args(["crisis", &scenario("iran-2026.toml"), "--runs", "20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("deal"))
        .stdout(predicate::str::contains("total      100.0%"))
        .stdout(predicate::str::contains("Subgame-perfect path"))
        .stdout(predicate::str::contains("IRN — talks: Refuse"))
        .stdout(predicate::str::contains("⇒ standoff"))
        .stdout(predicate::str::contains("Should talks fail"));
}

/// Issue 12 item 2: a crisis what-if moves the forecasts, not only the odds — on a scenario with
/// actors outside the game (docs/examples), the NBS with the crisis moves on the crisis's issues
/// and only there, and smp hears the reference point.
#[test]
fn a_crisis_what_if_moves_the_forecasts() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let a = dir.join("ukraine-ceasefire.toml");
    let b = dir.join("ukraine-ceasefire-us-pledge.toml");
    let v = json_stdout(brink().args([
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--runs",
        "50",
        "--format",
        "json",
    ]));
    let row = |issue: &str, model: &str| {
        v["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["issue"] == issue && r["model"] == model)
            .unwrap_or_else(|| panic!("{issue} {model}"))
            .clone()
    };
    for issue in ["line", "guarantees"] {
        let d = row(issue, "nbs+crisis")["diff"].as_f64().unwrap();
        assert!(d.abs() > 0.1, "{issue}: {d}");
    }
    for issue in ["sanctions", "nato"] {
        assert_eq!(
            row(issue, "nbs+crisis")["diff"].as_f64(),
            Some(0.0),
            "{issue}"
        );
    }
    assert!(row("line", "smp+crisis")["a"].is_number());
    assert!(v["notes"]
        .to_string()
        .contains("brink applies no capability rule"));
    assert!(v["crisis_a"]["breakdown"]["p_no_deal"].as_f64().unwrap() > 0.9);
}

#[test]
fn compare_prints_a_table_valid_json_and_an_svg() {
    let a = scenario("iran-2026.toml");
    let b = scenario("iran-2026-airspace-granted.toml");
    brink()
        .args([
            "compare",
            &a,
            &b,
            "--runs",
            "20",
            "--model",
            "nbs,compromise",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("B − A"))
        .stdout(predicate::str::contains("SPE outcome"))
        .stdout(predicate::str::contains("nbs+crisis"));
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("odds.svg");
    let out = brink()
        .args([
            "compare", &a, &b, "--runs", "20", "--format", "json", "--plot",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    assert_success(&out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["outcomes"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for r in rows {
        let (x, y, d) = (
            r["a"].as_f64().unwrap(),
            r["b"].as_f64().unwrap(),
            r["diff"].as_f64().unwrap(),
        );
        assert!((y - x - d).abs() < 1e-12);
    }
    assert_eq!(v["a"]["spe_outcome"], "standoff");
    assert_eq!(v["b"]["spe_outcome"], "deal");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("standoff"));
}

#[test]
fn bad_crisis_sections_and_options_fail_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(scenario("iran-2026.toml"))
        .unwrap()
        .replace("ally = \"ISR\"", "ally = \"IDF\"");
    std::fs::write(&bad, &text).unwrap();
    let line = text.lines().position(|l| l.starts_with("ally = ")).unwrap() + 1;
    brink()
        .args(["crisis"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "bad.toml:{line}:1: error: `crisis.ally`: unknown actor id \"IDF\""
        )));
    brink().args(["check"]).arg(&bad).assert().code(1);
    brink()
        .args(["crisis", &scenario("iran-2026.toml"), "--lambda", "-1"])
        .assert()
        .code(2);
    brink()
        .args([
            "compare",
            &scenario("iran-2026.toml"),
            &scenario("iran-2026.toml"),
            "--plot",
            "x.png",
        ])
        .assert()
        .code(2);
}

/// Fearon's payoffs are shares of the stake, not changes from the status quo: its players enter
/// the link by the lottery rule with their own cost of fighting (docs/crisis.md), so neither
/// prefers war to its own position and the NBS with the crisis is interior, between the
/// status-quo NBS and the breakdown point. (Before, adding the raw share to the status-quo
/// utility made Ethiopia prefer breakdown to any deal, and both crisis issues "blocked".)
#[test]
fn fearon_players_enter_the_link_with_their_own_cost_of_fighting() {
    let file = format!(
        "{}/../../docs/examples/nile-dam.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = brink()
        .args(["crisis", &file, "--format", "json", "--runs", "40"])
        .output()
        .unwrap();
    assert_success(&out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let costs = &v["breakdown"]["player_costs"];
    assert!(
        (costs["EGY"].as_f64().unwrap() - 0.15).abs() < 1e-12,
        "{costs}"
    );
    // Responder: the expected cost over its three equally likely types (0.05, 0.2, 0.4).
    assert!(
        (costs["ETH"].as_f64().unwrap() - 0.65 / 3.0).abs() < 1e-12,
        "{costs}"
    );
    assert!(
        v["blocking"].as_object().is_none_or(|b| b.is_empty()),
        "{}",
        v["blocking"]
    );
    for issue in ["filling", "drought"] {
        let shift = v["forecast_shift"][issue].as_f64().unwrap();
        let x_bar = v["breakdown_point"][issue].as_f64().unwrap();
        assert!(
            shift > 0.0,
            "{issue}: the threat of war moves the deal toward x̄ = {x_bar}"
        );
    }
    // Arbitration is not an issue the crisis bears on: it does not move.
    assert_eq!(v["forecast_shift"]["arbitration"].as_f64().unwrap(), 0.0);
}
