//! End-to-end tests of the `brink` command as a user runs it. They need no `../shared`.

use crate::common::{brink, temp_file};
use predicates::prelude::*;
use std::io::Write;

const DEMO: &str = r#"
[scenario]
name = "Demo"

[[issue]]
id = "x"
name = "An issue"
scale = [0, 100]
status_quo = 50

[[actor]]
id = "A"
capability = 1
[[actor]]
id = "B"
capability = 3

[[position]]
actor = "A"
issue = "x"
at = 0
salience = 1
[[position]]
actor = "B"
issue = "x"
at = 100
salience = 1
"#;

#[test]
fn forecast_json_has_the_contract_keys() {
    let f = temp_file(".toml", DEMO);
    let out = brink()
        .args(["forecast", f.path().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "Demo");
    let issue = &v["issues"][0];
    assert_eq!(issue["id"], "x");
    assert_eq!(issue["scale"], serde_json::json!([0.0, 100.0]));
    let compromise = issue["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "compromise")
        .unwrap();
    assert_eq!(compromise["forecast"], 75.0);
}

#[test]
fn forecast_table_lists_every_baseline() {
    let f = temp_file(".toml", DEMO);
    brink()
        .args(["forecast", f.path().to_str().unwrap()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("compromise")
                .and(predicate::str::contains("nbs"))
                .and(predicate::str::contains("midpoint")),
        );
}

#[test]
fn bad_input_is_located_and_exits_1_with_nothing_on_stdout() {
    let f = temp_file(".toml", &DEMO.replace("at = 100", "at = 130"));
    let path = f.path().to_str().unwrap().to_string();
    brink()
        .args(["forecast", &path])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{path}:26:6: error: `position[1].at`: expected `at` in [0, 100], found 130"
        )));
}

#[test]
fn unknown_model_is_a_usage_error() {
    let f = temp_file(".toml", DEMO);
    brink()
        .args(["forecast", f.path().to_str().unwrap(), "--model", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown model `nope`"));
}

#[test]
fn convert_round_trips_and_writes_nothing_on_error() {
    let f = temp_file(".toml", DEMO);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.toml");
    brink()
        .args([
            "convert",
            f.path().to_str().unwrap(),
            "--to",
            "toml",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    brink()
        .args(["check", out.to_str().unwrap()])
        .assert()
        .success();

    let bad = temp_file(".toml", "not toml at all [");
    let out2 = dir.path().join("out2.toml");
    brink()
        .args([
            "convert",
            bad.path().to_str().unwrap(),
            "--to",
            "json",
            "-o",
            out2.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    assert!(!out2.exists());
}

#[test]
fn garbage_bytes_never_panic() {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(&[0xff, 0xfe, 0x00, 0x41, 0x80]).unwrap();
    brink()
        .args(["check", f.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(":1:1: error: invalid UTF-8"));
}
