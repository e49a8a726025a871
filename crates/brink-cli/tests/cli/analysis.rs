//! End-to-end tests of `brink simulate`, `sensitivity`, `validate` and the intervals of
//! `brink forecast`. Only the DEU III figures need ../shared (skipped loudly without it).

use crate::common::{brink, shared};
use std::io::Write;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../brink-analysis/tests/fixtures/talks.toml"
);

fn stdout(args: &[&str]) -> String {
    let out = brink().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "brink {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn simulate_json_is_byte_identical_at_one_and_two_threads() {
    let run = |t: &str| {
        stdout(&[
            "simulate",
            FIXTURE,
            "--runs",
            "500",
            "--seed",
            "7",
            "--threads",
            t,
            "--format",
            "json",
        ])
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    // Piped, the progress bar stays silent.
    let out = brink()
        .args(["simulate", FIXTURE, "--runs", "300", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v["runs"], 500);
    assert_eq!(v["seed"], 7);
    let m = &v["issues"][0]["models"][0];
    for key in ["model", "mean", "median", "p05", "p95", "sd", "histogram"] {
        assert!(m.get(key).is_some(), "missing {key}: {m}");
    }
    assert!(m["p05"].as_f64() < m["median"].as_f64());
    assert!(m["median"].as_f64() < m["p95"].as_f64());
}

#[test]
fn forecast_shows_intervals_when_the_scenario_is_uncertain() {
    let table = stdout(&["forecast", FIXTURE, "--interval-runs", "200"]);
    assert!(table.contains("90% interval"), "{table}");
    let json = stdout(&[
        "forecast",
        FIXTURE,
        "--format",
        "json",
        "--interval-runs",
        "200",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let f = &v["issues"][0]["forecasts"][0];
    let iv = f["interval"].as_array().expect("an interval");
    assert!(iv[0].as_f64() <= f["forecast"].as_f64() && f["forecast"].as_f64() <= iv[1].as_f64());
    let none = stdout(&["forecast", FIXTURE, "--interval-runs", "0"]);
    assert!(!none.contains("90% interval"));
}

const CERTAIN: &str = r#"
[scenario]
name = "Certain"
[[issue]]
id = "x"
scale = [0, 10]
[[actor]]
id = "A"
capability = 1
[[actor]]
id = "B"
capability = 2
[[position]]
actor = "A"
issue = "x"
at = 2
salience = 1
[[position]]
actor = "B"
issue = "x"
at = 8
salience = 0.5
"#;

#[test]
fn simulate_without_uncertainty_offers_jitter() {
    let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    f.write_all(CERTAIN.as_bytes()).unwrap();
    let path = f.path().to_str().unwrap();
    let out = brink().args(["simulate", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no uncertain number") && err.contains("--jitter"),
        "{err}"
    );
    let json = stdout(&[
        "simulate", path, "--jitter", "0.1", "--runs", "300", "--format", "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["jitter"], 0.1);
    assert!(v["issues"][0]["models"][0]["sd"].as_f64().unwrap() > 0.0);
}

#[test]
fn sensitivity_ranks_inputs_and_draws_a_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("tornado.svg");
    let table = stdout(&[
        "sensitivity",
        FIXTURE,
        "--model",
        "compromise",
        "--runs",
        "800",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(
        table.contains("swing") && table.contains("share"),
        "{table}"
    );
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.starts_with("<svg") && drawn.contains("Programme limits"));
    let json = stdout(&[
        "sensitivity",
        FIXTURE,
        "--model",
        "compromise",
        "--runs",
        "800",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let inputs = v["issues"][0]["inputs"].as_array().unwrap();
    let swings: Vec<f64> = inputs
        .iter()
        .map(|e| e["swing"].as_f64().unwrap())
        .collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    assert!(swings[0] > 0.0);
}

/// A tiny DEU-layout file: header, GDP row, three issues (one without outcome).
const DEU: &str = "\"isnr\"\t\"prname\"\t\"pcom\"\t\"pde\"\t\"pmt\"\t\"scom\"\t\"sde\"\t\"smt\"\t\"rp\"\t\"out\"\n\
\t\t\"4\"\t\"4\"\t\"0.1\"\t\t\t\t\t\n\
\"i1\"\t\"docs\"\t100\t0\t50\t50\t100\t80\t0\t60\n\
\"i2\"\t\"docs\"\t0\t100\t\t100\t50\t\t0\t30\n\
\"i3\"\t\"docs\"\t100\t0\t50\t10\t10\t10\t\t\n";

#[test]
fn validate_reports_scores_and_writes_per_issue_predictions() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mini.tsv");
    std::fs::write(&data, DEU).unwrap();
    let per_issue = dir.path().join("per.csv");
    let json = stdout(&[
        "validate",
        data.to_str().unwrap(),
        "--model",
        "compromise,midpoint",
        "--format",
        "json",
        "--per-issue",
        per_issue.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["dataset"], "mini");
    assert_eq!(v["issues"], 2);
    let m = &v["models"][1];
    assert_eq!(m["model"], "midpoint");
    // Midpoint 50 against outcomes 60 and 30: errors 10 and 20.
    assert_eq!(m["mae"], 15.0);
    assert_eq!(m["n"], 2);
    assert!((m["rmse"].as_f64().unwrap() - 250f64.sqrt()).abs() < 1e-9);
    let csv = std::fs::read_to_string(&per_issue).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("issue,name,outcome,compromise,midpoint")
    );
    assert_eq!(csv.lines().count(), 3);
    let all = stdout(&["validate", data.to_str().unwrap(), "--capability", "all"]);
    assert!(all.contains("[gdp]") && all.contains("[equal]") && all.contains("[council]"));
}

#[test]
fn validate_deu3_prints_the_known_compromise_figure() {
    let Some(shared) = shared("brink validate deu3_dev.tsv") else {
        return;
    };
    let path = shared.join("reference/deu3/deu3_dev.tsv");
    let table = stdout(&["validate", path.to_str().unwrap()]);
    let line = table
        .lines()
        .find(|l| l.trim_start().starts_with("compromise"))
        .unwrap();
    assert!(line.contains("20.48") && line.contains("180"), "{table}");
}

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../scenarios/iran-2026.toml"
);

#[test]
fn the_seed_scenario_forecast_table_shows_intervals() {
    let table = stdout(&[
        "forecast",
        SEED,
        "--model",
        "compromise,bdm",
        "--interval-runs",
        "200",
    ]);
    // (Notes, e.g. of a bdm run that cycles, also give ranges; only the models' rows count.)
    let intervals = table
        .lines()
        .map(str::trim_start)
        .filter(|l| (l.starts_with("compromise") || l.starts_with("bdm")) && l.contains(" – "))
        .count();
    // Two models on each of the five issues.
    assert_eq!(intervals, 10, "{table}");
}

#[test]
fn simulate_on_the_seed_scenario_gives_p05_below_median_below_p95() {
    let json = stdout(&[
        "simulate",
        SEED,
        "--model",
        "compromise,bdm",
        "--runs",
        "400",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for issue in v["issues"].as_array().unwrap() {
        for m in issue["models"].as_array().unwrap() {
            let q = |k: &str| m[k].as_f64().unwrap();
            assert!(q("p05") < q("median") && q("median") < q("p95"), "{issue}");
        }
    }
}

#[test]
fn validate_deu3_scores_bdm_too() {
    let Some(shared) = shared("brink validate deu3_dev.tsv --model …,bdm") else {
        return;
    };
    let path = shared.join("reference/deu3/deu3_dev.tsv");
    let json = stdout(&[
        "validate",
        path.to_str().unwrap(),
        "--model",
        "compromise,median,mean,nbs,bdm",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let names: Vec<&str> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["model"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["compromise", "median", "mean", "nbs", "bdm"]);
    assert!(v["models"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["n"] == 180 && m["mae"].as_f64().unwrap() > 0.0));
}
