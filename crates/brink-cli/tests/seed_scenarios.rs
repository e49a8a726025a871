//! The scenarios shipped in `scenarios/` through the real `brink` binary: the EC emission data
//! gives the published compromise from both its CSV and its TOML form, and the seed scenario
//! checks clean, forecasts, and survives `convert` to TOML and JSON unchanged.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn brink_stdout(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let out = Command::cargo_bin("brink")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "brink {args:?}: {}",
        text(&out.stderr)
    );
    out.stdout
}

const EC_COMPROMISE: f64 = 7.389955686853767;

fn compromise_of(path: &Path) -> f64 {
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(path)
        .args(["--model", "compromise", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let forecasts = v["issues"][0]["forecasts"].as_array().unwrap();
    let compromise = forecasts
        .iter()
        .find(|f| f["model"] == "compromise")
        .expect("a compromise forecast");
    compromise["forecast"].as_f64().unwrap()
}

#[test]
fn ec_emission_csv_compromise_matches_the_reference() {
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("EC emission CSV compromise");
        return;
    };
    let csv = shared.join("reference/bargaining/ec_emission_10.csv");
    assert_eq!(compromise_of(&csv), EC_COMPROMISE);
}

#[test]
fn ec_emission_scenario_compromise_matches_the_csv() {
    let toml = repo_root().join("scenarios/ec-emission.toml");
    assert_eq!(compromise_of(&toml), EC_COMPROMISE);
}

#[test]
fn seed_scenario_checks_clean_and_forecasts() {
    let path = repo_root().join("scenarios/iran-2026.toml");
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "warnings on the seed: {}",
        text(&out.stderr)
    );
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(&path)
        // Every model; 50 Monte Carlo runs for the intervals keep debug-build tests quick.
        .args(["--format", "json", "--interval-runs", "50"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 5);
    for issue in issues {
        for f in issue["forecasts"].as_array().unwrap() {
            let x = f["forecast"].as_f64().unwrap();
            assert!((0.0..=100.0).contains(&x), "{issue}");
        }
    }
}

#[test]
fn seed_scenario_survives_convert_to_toml_and_json() {
    let path = repo_root().join("scenarios/iran-2026.toml");
    let dir = tempfile::tempdir().unwrap();
    let forecast = |p: &Path| {
        brink_stdout(&[
            "forecast".as_ref(),
            p.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            // A few Monte Carlo runs suffice: uncertain numbers must round-trip too, and the
            // same seed then gives the same intervals. (1000 runs cost seconds in debug builds.)
            "--interval-runs".as_ref(),
            "20".as_ref(),
        ])
    };
    let original = forecast(&path);
    for to in ["toml", "json"] {
        let out = dir.path().join(format!("seed.{to}"));
        brink_stdout(&[
            "convert".as_ref(),
            path.as_os_str(),
            "--to".as_ref(),
            to.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(
            text(&forecast(&out)),
            text(&original),
            "forecasts differ after convert --to {to}"
        );
        let converted = std::fs::read_to_string(&out).unwrap();
        assert!(
            converted.contains("patron_ally_target_transit"),
            "{to}: crisis kept"
        );
        assert!(converted.contains("Araghchi"), "{to}: the whys are kept");
    }
}
