//! `brink forecast --model smp` through the real binary: KTAB's CSV and XML inputs give KTAB's
//! final positions, options reach the model, bad options and the malformed shipped example are
//! clear errors, and the multi-issue seed scenario runs with its conventions stated.

use crate::common::assert_success;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn ktab_input(name: &str) -> Option<PathBuf> {
    let p = brink_testkit::shared_dir()?
        .join("reference/ktab/input")
        .join(name);
    p.is_file().then_some(p)
}

fn forecast_json(file: &Path, extra: &[&str]) -> Value {
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(file)
        .args(["--model", "smp", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// KTAB's last state of SOE-Pol-Comp (../shared/reference/ktab/final/SOE-Pol-Comp_wide.csv).
fn ktab_final(name: &str) -> Vec<Vec<f64>> {
    let dir = brink_testkit::shared_dir()
        .unwrap()
        .join("reference/ktab/final");
    let text = std::fs::read_to_string(dir.join(format!("{name}_wide.csv"))).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .filter_map(|f| f.trim().parse::<f64>().ok())
                .collect()
        })
        .collect()
}

#[test]
fn ktab_csv_and_xml_reach_ktabs_final_state() {
    for (input, reference) in [
        ("SOE-Pol-Comp.csv", "SOE-Pol-Comp"),
        ("dummyData_3Dim.xml", "dummyData_3Dim"),
    ] {
        let Some(file) = ktab_input(input) else {
            brink_testkit::report_skip(input);
            return;
        };
        let json = forecast_json(&file, &[]);
        let want = ktab_final(reference);
        let issues = json["issues"].as_array().unwrap();
        for (dim, issue) in issues.iter().enumerate() {
            let f = &issue["forecasts"][0];
            assert_eq!(f["model"], "smp");
            let last = f["rounds"].as_array().unwrap().last().unwrap();
            let positions: Vec<f64> = last["positions"]
                .as_object()
                .unwrap()
                .values()
                .map(|v| v.as_f64().unwrap())
                .collect();
            for (a, p) in positions.iter().enumerate() {
                // The wide file's numeric columns: the position on each dimension (after any
                // numeric index column, so compare from the end of the row).
                let row = &want[a];
                let k = row.len() - issues.len() + dim;
                assert!(
                    (p - row[k]).abs() <= 0.01,
                    "{input} actor {a} dim {dim}: {p} vs {}",
                    row[k]
                );
            }
            assert!(last["probabilities"].as_object().unwrap().len() == positions.len());
        }
    }
}

#[test]
fn options_reach_the_model_and_bad_ones_are_usage_errors() {
    let Some(file) = ktab_input("dummyData_3Dim.csv") else {
        brink_testkit::report_skip("dummyData_3Dim.csv");
        return;
    };
    let json = forecast_json(&file, &["--option", "VotingRule=Cubic", "--rounds", "3"]);
    let f = &json["issues"][0]["forecasts"][0];
    assert_eq!(f["parameters"]["VotingRule"], "Cubic");
    assert_eq!(f["turns"], 3);
    Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(&file)
        .args(["--model", "smp", "--option", "VotingRule=Majority"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp",
        ));
}

#[test]
fn the_shipped_stochastic_example_is_a_located_input_error() {
    let Some(file) = ktab_input("smpExample.xml") else {
        brink_testkit::report_skip("smpExample.xml");
        return;
    };
    Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(&file)
        .args(["--model", "smp"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("smpExample.xml:32:9: error"));
}

#[test]
fn the_seed_scenario_runs_as_one_multi_dimensional_smp() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/iran-2026.toml");
    let json = forecast_json(&file, &[]);
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 5);
    for issue in issues {
        let f = &issue["forecasts"][0];
        let notes = f["notes"].to_string();
        assert!(
            notes.contains("dimensions of one multi-dimensional space"),
            "{notes}"
        );
        assert!(notes.contains("saliences scaled to total 1"), "{notes}");
        let x = f["forecast"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&x));
        // One run: every issue reports the same number of turns.
        assert_eq!(f["turns"], issues[0]["forecasts"][0]["turns"]);
    }
}

/// KTAB XML's model parameters and ideal adjustments survive `convert --to toml` as
/// `[models.smp]`, and the stochastic run is the same from either file with the same seed.
#[test]
fn xml_settings_survive_conversion_and_seeded_runs_repeat() {
    let Some(file) = ktab_input("smpExample.xml") else {
        brink_testkit::report_skip("smpExample.xml");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("smpExample-fixed.xml");
    let text = std::fs::read_to_string(file)
        .unwrap()
        .replace("<dCoord></dCoord>", "<dCoord>50</dCoord>");
    std::fs::write(&xml, text).unwrap();
    let toml = dir.path().join("smpExample-fixed.toml");
    Command::cargo_bin("brink")
        .unwrap()
        .arg("convert")
        .arg(&xml)
        .args(["--to", "toml", "-o"])
        .arg(&toml)
        .assert()
        .success();
    let converted = std::fs::read_to_string(&toml).unwrap();
    assert!(converted.contains("[models.smp]") && converted.contains("IdealAdjustment"));
    let a = forecast_json(&xml, &["--seed", "5"]);
    let b = forecast_json(&toml, &["--seed", "5"]);
    let f = &a["issues"][0]["forecasts"][0];
    assert_eq!(f["parameters"]["StateTransitions"], "Stochastic");
    assert_eq!(f["parameters"]["PCEModel"], "MarkovIncentive");
    assert_eq!(a["issues"], b["issues"]);
    assert_eq!(a["issues"], forecast_json(&xml, &["--seed", "5"])["issues"]);
}
