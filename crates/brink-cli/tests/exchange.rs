//! `brink forecast --model exchange` through the real binary: on decide's own sample input (its
//! final outcomes, decimal mode, against decide's published run), on the seed scenario (the
//! exchange model trades across its issues and appears beside the other models), and a decide
//! input with a malformed row (a located error, no panic).

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn forecast_json(args: &[&str], file: &Path) -> serde_json::Value {
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(file)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn decide_sample_reproduces_decides_final_outcomes() {
    let Some(shared) = brink_core_shared() else {
        brink_testkit::report_skip("decide reference not found");
        return;
    };
    let dir = shared.join("reference/decide");
    let json = forecast_json(
        &["--model", "exchange", "--option", "arithmetic=exact"],
        &dir.join("input/sample_data.txt"),
    );
    // Exact is the default: no option gives the same run.
    assert_eq!(
        json,
        forecast_json(&["--model", "exchange"], &dir.join("input/sample_data.txt"))
    );
    // `decimal` names the same arithmetic.
    assert_eq!(
        json,
        forecast_json(
            &["--model", "exchange", "--option", "arithmetic=decimal"],
            &dir.join("input/sample_data.txt"),
        )
    );
    let nbs =
        std::fs::read_to_string(dir.join("output/sample_data__equal_detties_nbs.csv")).unwrap();
    let mut checked = 0;
    for line in nbs.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != "9" || f[1] != "end_voting" {
            continue;
        }
        let want: f64 = f[4].parse().unwrap();
        let issue = json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == f[2])
            .unwrap();
        let got = issue["forecasts"][0]["forecast"].as_f64().unwrap();
        assert!(
            (got - want).abs() < 1e-6,
            "{}: brink {got}, decide {want}",
            f[2]
        );
        assert_eq!(
            issue["forecasts"][0]["rounds"].as_array().unwrap().len(),
            11
        );
        checked += 1;
    }
    assert_eq!(checked, 6);
}

/// `brink_testkit::shared_dir()` without depending on brink-core here.
fn brink_core_shared() -> Option<PathBuf> {
    let dir = match std::env::var_os("BRINK_SHARED") {
        Some(d) => PathBuf::from(d),
        None => repo_root().join("../shared"),
    };
    dir.is_dir().then_some(dir)
}

#[test]
fn seed_scenario_has_exchange_forecasts_with_trades_across_issues() {
    let json = forecast_json(
        &["--interval-runs", "0"],
        &repo_root().join("scenarios/iran-2026.toml"),
    );
    let issues = json["issues"].as_array().unwrap();
    let mut traded = std::collections::HashSet::new();
    for issue in issues {
        let ex = issue["forecasts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["model"] == "exchange")
            .unwrap_or_else(|| panic!("no exchange forecast for {}", issue["id"]));
        let [lo, hi] = [
            issue["scale"][0].as_f64().unwrap(),
            issue["scale"][1].as_f64().unwrap(),
        ];
        let x = ex["forecast"].as_f64().unwrap();
        assert!((lo..=hi).contains(&x));
        for round in ex["rounds"].as_array().unwrap() {
            for m in round["moves"].as_array().into_iter().flatten() {
                let pair = m["issues"].as_array().unwrap();
                traded.insert((pair[0].to_string(), pair[1].to_string()));
            }
        }
    }
    assert!(
        traded.len() >= 2,
        "exchanges trade across issues: {traded:?}"
    );
}

#[test]
fn malformed_decide_row_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "'#A'\t'a'\t'a'\n'#A'\t'b'\t'b'\n'#P'\t'p'\n'#M'\t'p'\t0\n'#M'\t'p'\t100\n\
         '#D'\t'a'\t'p'\t50\t0.5\t1\n'#D'\t'zz'\t'p'\t40\t0.5\t1\n",
    )
    .unwrap();
    let out = Command::cargo_bin("brink")
        .unwrap()
        .arg("forecast")
        .arg(&path)
        .args(["--model", "exchange"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:7:6") && err.contains("unknown actor `zz`"),
        "{err}"
    );
}
