//! `brink forecast --model bdm` end to end: JSON rounds and moves, the trace table, variants,
//! `--until-stable` on a case that cycles (reported, exit 0). Uses the repository's EC scenario (no ../shared).

use crate::common::{assert_success, brink};
use std::path::{Path, PathBuf};

fn ec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/ec-emission.toml")
}

/// `brink forecast` on the EC emission scenario with `args`.
fn forecast_ec(args: &[&str]) -> std::process::Output {
    brink()
        .arg("forecast")
        .arg(ec())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_has_rounds_and_moves() {
    let out = forecast_ec(&["--model", "bdm", "--format", "json"]);
    assert_success(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["issues"][0]["forecasts"][0];
    assert_eq!(f["model"], "bdm");
    assert_eq!(f["variant"], "scholz");
    // The replication's final mean (jmckib's 10-round log on these data).
    assert!((f["forecast"].as_f64().unwrap() - 7.242130958473938).abs() < 1e-9);
    assert_eq!(f["median"].as_f64(), Some(7.0));
    let rounds = f["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 11);
    let m = &rounds[1]["moves"][0];
    for key in ["actor", "kind", "with", "to"] {
        assert!(!m[key].is_null(), "move lacks `{key}`: {m}");
    }
    assert_eq!(
        (&m["actor"], &m["kind"], &m["with"]),
        (&"Belgium".into(), &"compromise".into(), &"France".into())
    );
}

#[test]
fn trace_prints_each_round_and_variants_differ() {
    let out = forecast_ec(&["--model", "bdm", "--rounds", "2", "--trace"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "bdm (scholz)",
        "round 1",
        "round 2",
        "Luxembourg",
        "confrontation",
        "compromise",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in\n{text}");
    }
    let out = forecast_ec(&[
        "--model",
        "bdm",
        "--variant",
        "textbook",
        "--rounds",
        "1",
        "--trace",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("bdm (textbook)") && text.contains("8 move(s)"),
        "{text}"
    );
}

#[test]
fn bad_variant_is_a_usage_error_and_a_cycle_is_reported() {
    brink()
        .args([
            "forecast",
            ec().to_str().unwrap(),
            "--model",
            "bdm",
            "--variant",
            "paper",
        ])
        .assert()
        .code(2);
    // EC under scholz drifts for 510 rounds, then repeats a cycle of 70: --until-stable stops
    // there (round 580) and reports the cycle, exit 0.
    let out = forecast_ec(&["--model", "bdm", "--until-stable", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &json["issues"][0]["forecasts"][0];
    assert_eq!(f["converged"], false);
    assert_eq!(f["cycle"]["period"], 70);
    assert_eq!(f["cycle"]["first_round"], 510);
    assert_eq!(f["rounds"].as_array().unwrap().len(), 581);
    let (lo, hi, x) = (
        f["cycle"]["min"].as_f64().unwrap(),
        f["cycle"]["max"].as_f64().unwrap(),
        f["forecast"].as_f64().unwrap(),
    );
    assert!(lo < x && x < hi, "{lo} {x} {hi}");
    // Ten rounds (the default): still moving, marked in the table with a note; the forecast is
    // the tenth round's, as the replication's log has it.
    let out = brink()
        .args(["forecast", ec().to_str().unwrap(), "--model", "bdm"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("~7.24"), "{table}");
    assert!(table.contains("still moving after 10 rounds"), "{table}");
    assert!(
        table.contains("~ the model's rounds did not converge"),
        "{table}"
    );
    // The textbook variant converges: no mark.
    let out = forecast_ec(&["--model", "bdm", "--variant", "textbook", "--until-stable"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains('~'));
}

/// `--until-stable` with every model: the models that settled (or cycle) are shown, and the one
/// still drifting at its limit (exchange: two camps trading for ever) makes the command exit 3
/// after them, naming it.
#[test]
fn until_stable_with_every_model_shows_the_settled_ones_and_exits_3_on_drift() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("camps.toml");
    let mut text = String::from(
        "[scenario]\nname = \"camps\"\n\n[[issue]]\nid = \"i0\"\nname = \"i0\"\nscale = [0, 100]\n\n[[issue]]\nid = \"i1\"\nname = \"i1\"\nscale = [0, 100]\n",
    );
    for (a, positions) in [
        ("a", [(10, 0.9), (20, 0.2)]),
        ("b", [(15, 0.8), (10, 0.3)]),
        ("c", [(90, 0.2), (80, 0.9)]),
        ("d", [(80, 0.3), (95, 0.7)]),
    ] {
        text.push_str(&format!(
            "\n[[actor]]\nid = \"{a}\"\nname = \"{a}\"\ncapability = 1\n"
        ));
        for (k, (at, s)) in positions.iter().enumerate() {
            text.push_str(&format!(
                "\n[[position]]\nactor = \"{a}\"\nissue = \"i{k}\"\nat = {at}\nsalience = {s}\n"
            ));
        }
    }
    std::fs::write(&file, text).unwrap();
    let out = brink()
        .args(["forecast", file.to_str().unwrap(), "--until-stable"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("compromise") && stdout.contains("bdm"),
        "{stdout}"
    );
    assert!(!stdout.contains("exchange"), "{stdout}");
    assert!(
        stderr.contains("exchange did not converge") && stderr.contains("100 rounds"),
        "{stderr}"
    );
    // Without --until-stable the exchange run is shown, marked as still moving.
    let out = brink()
        .args(["forecast", file.to_str().unwrap(), "--model", "exchange"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains('~') && stdout.contains("still moving after 10 rounds"),
        "{stdout}"
    );
}
