//! `brink init`, `brink actors` and the run store (`--store`, `brink runs`), end to end as a user
//! runs them. Needs nothing from ../shared.

use crate::common::{brink, scenario, text};
use serde_json::Value;

fn ok(args: &[&str]) -> (String, String) {
    let out = brink().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "brink {args:?} failed: {}",
        text(&out.stderr)
    );
    (text(&out.stdout), text(&out.stderr))
}

#[test]
fn init_writes_a_template_that_check_forecast_and_actors_accept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.toml");
    let f = file.to_str().unwrap();
    let (_, stderr) = ok(&["init", f, "--actors", "5", "--issues", "3"]);
    assert!(stderr.contains("brink check"), "{stderr}");
    let (stdout, _) = ok(&["check", f]);
    assert!(
        stdout.contains("5 actors, 3 issues, 15 positions"),
        "{stdout}"
    );
    ok(&["forecast", f, "--interval-runs", "0"]);
    ok(&["actors", f, "--model", "compromise,bdm"]);
    // A second init does not overwrite (exit 2, file unchanged) unless --force.
    let before = std::fs::read(&file).unwrap();
    let out = brink().args(["init", f]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    ok(&["init", f, "--force", "--actors", "2", "--issues", "1"]);
    assert!(ok(&["check", f]).0.contains("2 actors, 1 issue"));
    // Out-of-range sizes are usage errors.
    let out = brink().args(["init", f, "--actors", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn actors_json_gains_and_levers_are_consistent() {
    let (stdout, _) = ok(&[
        "actors",
        &scenario("iran-2026.toml"),
        "--model",
        "compromise,median,bdm",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["models"],
        serde_json::json!(["compromise", "median", "bdm"])
    );
    let actors = v["actors"].as_array().unwrap();
    assert!(actors.iter().any(|a| a["id"] == "USA"));
    let shares: f64 = actors
        .iter()
        .map(|a| a["capability_share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 1e-9);
    for a in actors {
        for is in a["issues"].as_array().unwrap() {
            let (x, sq) = (
                is["position"].as_f64().unwrap(),
                is["status_quo"].as_f64().unwrap(),
            );
            let [lo, hi] = [
                is["scale"][0].as_f64().unwrap(),
                is["scale"][1].as_f64().unwrap(),
            ];
            for o in is["outcomes"].as_array().unwrap() {
                let f = o["forecast"].as_f64().unwrap();
                let gain = ((sq - x).abs() - (f - x).abs()) / (hi - lo);
                assert!((o["gain"].as_f64().unwrap() - gain).abs() < 1e-12);
            }
            // The best lever is the one with the largest mean shift toward the actor.
            let levers = is["levers"].as_array().unwrap();
            if let Some(b) = is["best"].as_u64() {
                let best = levers[b as usize]["mean_toward"].as_f64().unwrap();
                assert!(best > 0.0);
                assert!(levers
                    .iter()
                    .all(|l| l["mean_toward"].as_f64().unwrap() <= best));
            } else {
                assert!(levers
                    .iter()
                    .all(|l| l["mean_toward"].as_f64().unwrap() <= 1e-9));
            }
        }
    }
    // The table fits 80 columns.
    let (table, _) = ok(&["actors", &scenario("iran-2026.toml"), "--model", "bdm"]);
    for line in table.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
    // A bad step is a usage error.
    let out = brink()
        .args(["actors", &scenario("iran-2026.toml"), "--step", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn runs_are_recorded_listed_diffed_exported_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("runs.db");
    let db = store.to_str().unwrap();
    let file = dir.path().join("s.toml");
    let f = file.to_str().unwrap();
    ok(&["init", f]);
    let (_, stderr) = ok(&["forecast", f, "--interval-runs", "0", "--store", db]);
    assert!(stderr.contains("recorded as run 1"), "{stderr}");
    // Change one position, run again through BRINK_STORE.
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("at = 0\n", "at = 20\n", 1);
    std::fs::write(&file, edited).unwrap();
    let out = brink()
        .args(["forecast", f, "--interval-runs", "0"])
        .env("BRINK_STORE", db)
        .output()
        .unwrap();
    assert!(out.status.success());

    let (list, _) = ok(&["runs", "list", "--store", db, "--format", "json"]);
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0]["id"], 2);
    assert_eq!(list[0]["command"], "forecast");
    assert_eq!(list[0]["scenario"], "My negotiation");

    let (diff, _) = ok(&["runs", "diff", "1", "2", "--store", db, "--format", "json"]);
    let diff: Value = serde_json::from_str(&diff).unwrap();
    let inputs = diff["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert_eq!(inputs[0]["path"], "position[A1/issue1].at");
    assert_eq!(inputs[0]["delta"], 20.0);
    assert!(diff["options"].as_array().unwrap().is_empty());
    assert!(!diff["results"].as_array().unwrap().is_empty());
    let (table, _) = ok(&["runs", "diff", "1", "2", "--store", db]);
    assert!(
        table.contains("position[A1/issue1].at: 0 → 20 (+20)"),
        "{table}"
    );

    let export = dir.path().join("run1.json");
    ok(&[
        "runs",
        "export",
        "1",
        "--store",
        db,
        "-o",
        export.to_str().unwrap(),
    ]);
    let run: Value = serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    assert!(run["input"].as_str().unwrap().contains("at = 0\n"));
    assert_eq!(run["options"]["argv"][0], "forecast");

    ok(&["runs", "delete", "1", "--store", db]);
    let out = brink()
        .args(["runs", "show", "1", "--store", db])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no run 1"));
    // No store named: a usage error.
    let out = brink()
        .args(["runs", "list"])
        .env_remove("BRINK_STORE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn two_processes_recording_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runs.db");
    let file = dir.path().join("s.toml");
    ok(&[
        "init",
        file.to_str().unwrap(),
        "--actors",
        "2",
        "--issues",
        "1",
    ]);
    let spawn = || {
        let (db, file) = (db.clone(), file.clone());
        std::thread::spawn(move || {
            for _ in 0..25 {
                let out = brink()
                    .args(["forecast", file.to_str().unwrap(), "--model", "compromise"])
                    .args(["--interval-runs", "0", "--format", "json"])
                    .arg("--store")
                    .arg(&db)
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", text(&out.stderr));
            }
        })
    };
    let (a, b) = (spawn(), spawn());
    a.join().unwrap();
    b.join().unwrap();
    let (list, _) = ok(&[
        "runs",
        "list",
        "--store",
        db.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 50);
}
