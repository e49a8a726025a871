//! Control over long work through the real binary: `game solve --timeout` stops logit on a
//! large tree and prints the point it reached, marked incomplete (exit 3); a solve that ends
//! in time is marked complete; Ctrl-C exits 130 leaving no file behind; progress bars never
//! reach a pipe; and `forecast --trace` prints exchange's rounds as tables that fit 80 columns
//! with numbers rounded to their scale (no JSON, no 17-digit floats).

use crate::common::{brink, scenario, shared, text};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A random tree of depth 5 and branching 3 (364 nodes, 294 actions: near logit's cap of 300):
/// logit's path to the limit takes many seconds on it, a second reaches only small λ.
fn large_tree() -> Option<PathBuf> {
    let dir = shared("brink game solve --timeout on rand_efg_d5_b3_s2053.efg")?;
    Some(dir.join("reference/games/random/rand_efg_d5_b3_s2053.efg"))
}

#[test]
fn timeout_stops_logit_with_the_point_reached_as_incomplete_json() {
    let Some(tree) = large_tree() else { return };
    let started = Instant::now();
    let out = brink()
        .args(["game", "solve", "--method", "logit", "--timeout", "1"])
        .args(["--format", "json"])
        .arg(&tree)
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    // Not a timing test: only far from the minutes the whole path takes.
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["complete"], false);
    assert_eq!(json["stopped"], "timeout");
    assert_eq!(json["method"], "logit");
    let eqs = json["equilibria"].as_array().unwrap();
    assert_eq!(eqs.len(), 1, "the last point on the path");
    let lambda = eqs[0]["lambda"].as_f64().unwrap();
    assert!(lambda > 0.0, "the path moved from λ = 0: {lambda}");
    assert!(eqs[0]["max_regret"].as_f64().unwrap() > 0.0);
    let note = eqs[0]["notes"][0].as_str().unwrap();
    assert!(note.contains("stopped (timeout)"), "{note}");
    // Each information set's probabilities still sum to one.
    for player in eqs[0]["profile"].as_array().unwrap() {
        let total: f64 = player
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_f64().unwrap())
            .sum();
        assert!(total > 0.0);
    }
    let err = text(&out.stderr);
    assert!(err.contains("logit stopped (timeout)"), "{err}");
    assert!(err.contains("last point reached"), "{err}");
}

#[test]
fn timeout_in_table_and_gambit_formats_marks_the_result_incomplete() {
    let Some(tree) = large_tree() else { return };
    let out = brink()
        .env("COLUMNS", "80")
        .args(["game", "solve", "--method", "logit", "--timeout", "0.5"])
        .args(["--format", "table"])
        .arg(&tree)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.contains("incomplete — logit stopped (timeout)"),
        "{table}"
    );
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    let out = brink()
        .args(["game", "solve", "--method", "logit", "--timeout", "0.5"])
        .args(["--format", "gambit"])
        .arg(&tree)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    // Gambit's logit line: λ, then the profile.
    let lines = text(&out.stdout);
    assert_eq!(lines.lines().count(), 1, "{lines}");
    let first: f64 = lines.split(',').next().unwrap().parse().unwrap();
    assert!(first > 0.0, "{lines}");
}

#[test]
fn a_solve_that_ends_in_time_is_complete() {
    let game = crate::common::temp_file(
        ".nfg",
        "NFG 1 R \"pennies\" { \"A\" \"B\" } { 2 2 }\n2 -1 -1 1 -1 1 1 -1\n",
    );
    let out = brink()
        .args(["game", "solve", "--method", "logit", "--timeout", "600"])
        .args(["--format", "json"])
        .arg(game.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["complete"], true);
    assert!(json.get("stopped").is_none());
    assert!(json["equilibria"][0]["max_regret"].as_f64().unwrap() <= 1e-9);
    // No progress bar text reaches a pipe.
    assert!(text(&out.stderr).trim().is_empty(), "{}", text(&out.stderr));
}

#[test]
fn timeout_values_out_of_range_are_usage_errors() {
    for bad in ["0", "-1", "NaN", "1e9"] {
        brink()
            .args(["game", "solve", "-", "--timeout", bad])
            .write_stdin("")
            .assert()
            .code(2);
    }
}

/// Sends SIGINT to a running `brink ARGS` after `after`; returns its exit code.
#[cfg(unix)]
fn interrupted(args: &[std::ffi::OsString], after: Duration) -> Option<i32> {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("brink"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    child.wait().unwrap().code()
}

#[cfg(unix)]
#[test]
fn ctrl_c_exits_130_and_leaves_no_file() {
    let Some(tree) = large_tree() else { return };
    let args: Vec<std::ffi::OsString> = vec![
        "game".into(),
        "solve".into(),
        "--method".into(),
        "logit".into(),
        tree.into(),
    ];
    assert_eq!(interrupted(&args, Duration::from_millis(800)), Some(130));
    // A long sensitivity run writing a chart: interrupted, no chart and no temporary file.
    let dir = tempfile::tempdir().unwrap();
    let plot = dir.path().join("tornado.svg");
    let args: Vec<std::ffi::OsString> = vec![
        "sensitivity".into(),
        scenario("iran-2026.toml").into(),
        "--model".into(),
        "bdm".into(),
        "--runs".into(),
        "1000000".into(),
        "--force".into(),
        "--plot".into(),
        plot.into(),
    ];
    assert_eq!(interrupted(&args, Duration::from_millis(800)), Some(130));
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A run of digits after a decimal point long enough to be f64's full precision.
fn has_long_float(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len())
        .any(|i| b[i] == b'.' && b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count() >= 9)
}

#[test]
fn the_long_float_check_sees_them() {
    assert!(has_long_float("gain 0.12345678901234567"));
    assert!(!has_long_float("gain 0.1235, 55.00"));
}

#[test]
fn exchange_trace_is_rounds_of_tables_within_80_columns() {
    let mut inputs = vec![scenario("iran-2026.toml")];
    if let Some(dir) = shared("exchange --trace on decide's sample input") {
        let sample = dir.join("reference/decide/input/sample_data.txt");
        inputs.push(sample.to_str().unwrap().to_string());
    }
    for file in inputs {
        let out = brink()
            .env("COLUMNS", "80")
            .args(["forecast", &file, "--model", "exchange", "--trace"])
            .args(["--interval-runs", "0"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{file}: {}", text(&out.stderr));
        let table = text(&out.stdout);
        assert!(table.contains("exchange — round by round"), "{table}");
        assert!(
            table.contains("gives way on"),
            "{file}: no exchange table:\n{table}"
        );
        for line in table.lines() {
            let n = line.chars().count();
            assert!(n <= 80, "{file}: a line of {n} characters:\n{line}");
            assert!(
                !line.contains('{') && !line.contains("[\""),
                "{file}: JSON in\n{line}"
            );
            let exponent = line.as_bytes().windows(3).any(|w| {
                w[0].is_ascii_digit()
                    && (w[1] == b'e' || w[1] == b'E')
                    && (w[2] == b'-' || w[2] == b'+')
            });
            assert!(!exponent, "{file}: exponent notation in\n{line}");
        }
        assert!(
            !has_long_float(&table),
            "{file}: a 17-digit float in\n{table}"
        );
    }
}
