//! Nothing breaks at the extremes (issue 12, item 7: the numeric and resource classes): numbers
//! near f64's limits, flags asking for unbounded work, failed writes, unchecked model settings,
//! games too large for a method. Every case: no panic (exit 101), no abort, a bounded run, and the
//! exit code the contract gives (0 ok, 1 bad input, 2 usage, 3 no convergence).

use crate::common::{brink_in_fixtures, fixtures, shared, text};
use std::process::{Command, Stdio};
use std::time::Duration;

const DIR: &str = "extremes";

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Runs brink with `args` (bounded to a minute) and returns (exit code, stdout, stderr), having
/// checked that it did not panic.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = brink_in_fixtures()
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !stderr.contains("panicked") && out.status.code() != Some(101),
        "brink {args:?} panicked:\n{stderr}"
    );
    assert!(
        out.status.code().is_some(),
        "brink {args:?} was killed (timeout or signal):\n{stderr}"
    );
    (out.status.code(), stdout, stderr)
}

#[test]
fn ranges_wider_than_f64_holds_are_sampled_in_every_command() {
    for file in ["wide.toml", "bigscale.toml"] {
        let f = fixture(file);
        for args in [
            vec!["simulate", &f, "--runs", "200"],
            vec!["forecast", &f],
            vec!["sensitivity", &f, "--runs", "200", "--model", "compromise"],
            vec!["sensitivity", &f, "--runs", "200", "--model", "bdm"],
        ] {
            let (code, stdout, _) = run(&args);
            assert_eq!(code, Some(0), "brink {args:?}");
            // Numbers near f64::MAX print in scientific notation, not 300 digits.
            assert!(
                !stdout.contains("00000000000000000000"),
                "brink {args:?}:\n{stdout}"
            );
        }
    }
    // Crisis payoffs have no bound: `{ min = -1e308, max = 1e308 }` is sampled too.
    let (code, stdout, _) = run(&["crisis", &fixture("crisis_wide.toml"), "--runs", "50"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Odds of each outcome"), "{stdout}");
}

#[test]
fn the_tornado_of_a_scale_near_f64s_limits_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["wide.toml", "bigscale.toml"] {
        let svg = dir.path().join(format!("{file}.svg"));
        let (code, _, _) = run(&[
            "sensitivity",
            &fixture(file),
            "--runs",
            "100",
            "--model",
            "compromise",
            "--plot",
            svg.to_str().unwrap(),
        ]);
        assert_eq!(code, Some(0));
        // The bars need room (`COLUMNS`; a pipe gets 80, too narrow for them): drawn at 200.
        let wide = brink_in_fixtures()
            .env("COLUMNS", "200")
            .args([
                "sensitivity",
                &fixture(file),
                "--runs",
                "100",
                "--model",
                "compromise",
            ])
            .output()
            .unwrap();
        assert!(text(&wide.stdout).contains('█'), "{}", text(&wide.stdout));
        let drawn = std::fs::read_to_string(&svg).unwrap();
        assert!(drawn.contains("position of a on x"), "{file}");
        assert!(
            drawn.contains("(× 1e30"),
            "{file}: the axis in units of a power of ten"
        );
    }
}

#[test]
fn huge_capabilities_are_normalised_not_turned_into_null_forecasts() {
    let (code, stdout, stderr) = run(&["forecast", &fixture("bigcap.toml"), "--format", "json"]);
    assert_eq!(code, Some(0));
    assert!(!stdout.contains("\"forecast\": null"), "{stdout}");
    assert!(
        stderr.contains("capabilities divided by the largest"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let compromise = json["issues"][0]["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["model"] == "compromise")
        .unwrap()["forecast"]
        .as_f64()
        .unwrap();
    // a (capability 1.7e308 at 50) outweighs b (about 1) entirely.
    assert!((compromise - 50.0).abs() < 1e-9, "{compromise}");
}

#[test]
fn flags_beyond_their_caps_are_usage_errors() {
    let ok = fixture("two_issues.toml");
    let wide = fixture("wide.toml");
    let big = u64::MAX.to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["forecast", &wide, "--interval-runs", "100000000000"],
        vec!["simulate", &wide, "--runs", "100000000000"],
        vec!["simulate", &wide, "--runs", &big],
        vec!["simulate", &wide, "--bins", "1000000000"],
        vec!["simulate", &wide, "--threads", "10000"],
        vec!["simulate", &wide, "--threads", "0"],
        vec!["forecast", &ok, "--rounds", "10000000"],
        vec!["sensitivity", &wide, "--runs", &big],
        vec!["sensitivity", &wide, "--grid", "1000000"],
        vec!["crisis", &wide, "--runs", "100000000000"],
        vec!["game", "solve", "big400.nfg", "--decimals", "65536"],
    ];
    for args in cases {
        let args: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == "big400.nfg" {
                    "extremes/big400.nfg"
                } else {
                    a
                }
            })
            .collect();
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, Some(2), "brink {args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("allowed range"), "brink {args:?}: {stderr}");
    }
}

#[test]
fn lambda_nan_is_the_same_usage_error_in_game_solve_and_crisis() {
    let (c1, _, e1) = run(&[
        "game",
        "solve",
        &fixture("big400.nfg"),
        "--method",
        "logit",
        "--lambda",
        "NaN",
    ]);
    let (c2, _, e2) = run(&["crisis", &fixture("crisis_wide.toml"), "--lambda", "NaN"]);
    assert_eq!((c1, c2), (Some(2), Some(2)));
    let line = |e: &str| e.lines().next().unwrap_or_default().to_string();
    assert_eq!(line(&e1), line(&e2));
    assert!(e1.contains("expected a finite number ≥ 0"), "{e1}");
}

/// `/dev/full` for writing, where the system has one.
fn dev_full() -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .ok()
}

fn bin() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("brink"));
    cmd.current_dir(fixtures());
    cmd
}

#[test]
fn a_failed_write_is_an_error_never_a_panic_nor_a_silent_success() {
    let Some(_) = dev_full() else {
        eprintln!("SKIPPED (no /dev/full here)");
        return;
    };
    let ok = fixture("two_issues.toml");
    // stdout on a full disk: exit 1 with a message, for `convert` and for `check`'s lines.
    for args in [vec!["convert", &ok, "--to", "json"], vec!["check", &ok]] {
        let out = bin()
            .args(&args)
            .stdout(dev_full().unwrap())
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "brink {args:?}: {stderr}");
        assert!(stderr.contains("cannot write standard output"), "{stderr}");
    }
    // stderr on a full disk: the notes are lost, the command still ends normally.
    let out = bin()
        .args(["forecast", &ok])
        .stderr(dev_full().unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("forecast"));
    let out = bin()
        .args(["forecast", &fixture("models.toml")])
        .stderr(dev_full().unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad input keeps its exit code"
    );
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let ok = fixture("two_issues.toml");
    let files: Vec<&str> = std::iter::repeat_n(ok.as_str(), 5000).collect();
    for args in [
        [&["check"][..], &files[..]].concat(),
        vec![
            "simulate",
            "extremes/wide.toml",
            "--runs",
            "2000",
            "--format",
            "csv",
        ],
    ] {
        let mut child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // `| head -0`: the reader is gone before the output
        let out = child.wait_with_output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn model_sections_are_checked_at_their_keys() {
    let f = fixture("models.toml");
    for command in ["check", "forecast"] {
        let (code, stdout, stderr) = run(&[command, &f]);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(stdout.is_empty());
        for (at, what) in [
            ("49:1", "`VotingRule` = `Nope`"),
            ("50:1", "`MaxTurns` = `-5`"),
            ("53:1", "unknown variant `bogus`"),
        ] {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.starts_with(&format!("{f}:{at}: error: ")) && l.contains(what)),
                "{command}: expected {what} at {at}:\n{stderr}"
            );
        }
    }
}

#[test]
fn unknown_options_are_refused_with_the_known_keys() {
    let ok = fixture("two_issues.toml");
    for (model, expected) in [
        ("bdm", "bdm takes no options"),
        ("compromise", "compromise takes no options"),
        ("exchange", "expected one of variant, rounds, p"),
        ("smp", "Bogus"),
    ] {
        let (code, _, stderr) = run(&["forecast", &ok, "--model", model, "--option", "Bogus=1"]);
        assert_eq!(code, Some(2), "{model}: {stderr}");
        assert!(stderr.contains(expected), "{model}: {stderr}");
    }
    let (code, _, stderr) = run(&["forecast", &ok, "--option", "nosuch.x=1"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no model is called `nosuch`"), "{stderr}");
    // Known keys still work, from the command line as from the file.
    let (code, _, stderr) = run(&[
        "forecast",
        &ok,
        "--model",
        "exchange",
        "--option",
        "rounds=3",
        "--option",
        "arithmetic=exact",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn float_enummixed_finds_the_equilibrium_of_payoffs_beyond_f64() {
    let (code, stdout, _) = run(&[
        "game",
        "solve",
        &fixture("big400.nfg"),
        "--method",
        "enummixed",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout.trim(), "NE,0.500000,0.500000,0.500000,0.500000");
}

#[test]
fn spe_of_payoffs_near_f64s_limit_is_not_a_50_50_mix() {
    let (code, stdout, stderr) = run(&["game", "solve", &fixture("dominant308.efg")]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.trim(), "NE,1.000000,0.000000,1.000000,0.000000");
}

#[test]
fn logit_on_a_1000_deep_chain_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.efg");
    let mut efg = String::from("EFG 2 R \"chain\" { \"P1\" \"P2\" }\n\"\"\n");
    for k in 0..1000 {
        efg += &format!(
            "p \"\" {} {} \"\" {{ \"stop\" \"go\" }} 0\nt \"\" {} \"s{k}\" {{ {}, {} }}\n",
            1 + k % 2,
            k / 2 + 1,
            k + 1,
            k % 7,
            (k * 3) % 5
        );
    }
    efg += "t \"\" 1001 \"end\" { 1, 1 }\n";
    std::fs::write(&path, efg).unwrap();
    let (code, _, stderr) = run(&["game", "solve", path.to_str().unwrap(), "--method", "logit"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("2000 actions") && stderr.contains("use spe or lcp"),
        "{stderr}"
    );
}

#[test]
fn the_shipped_large_trees_are_summarised_or_refused_quickly() {
    let Some(shared) = shared("game info / enumpure on the shipped random trees") else {
        return;
    };
    let random = shared.join("reference/games/random");
    let big = random.join("rand_efg_d8_b3_s2083.efg");
    let (code, stdout, _) = run(&["game", "info", big.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("nodes: 9841"), "{stdout}");
    assert!(
        stdout.contains("reduced strategic form: too large to build"),
        "{stdout}"
    );
    let small = random.join("rand_efg_d6_b2_s2062.efg");
    let (code, _, stderr) = run(&[
        "game",
        "solve",
        small.to_str().unwrap(),
        "--method",
        "enumpure",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("too large") && stderr.contains("spe"),
        "{stderr}"
    );
}

#[test]
fn a_model_estimated_to_take_hours_is_skipped_or_refused_naming_force() {
    // 2,000 actors on one issue: SMP would take hours, the closed forms milliseconds.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crowd.csv");
    let mut csv = String::from("Actor,Capability,Position,Salience\n");
    for a in 0..2000 {
        csv += &format!("a{a},{},{},0.5\n", 1 + a % 7, a % 101);
    }
    std::fs::write(&path, &csv).unwrap();
    let file = path.to_str().unwrap();
    let (code, stdout, stderr) = run(&["forecast", file, "--model", "compromise,smp"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("smp on 2000 actors") && stderr.contains("--force"),
        "{stderr}"
    );
    let (code, stdout, stderr) = run(&["forecast", file]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("note: skipped smp") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(stdout.contains("compromise"));
}

#[test]
fn enummixed_on_a_20x20_bimatrix_is_refused_up_front() {
    let Some(shared) = shared("enummixed on rand_bimatrix_20x20") else {
        return;
    };
    let game = shared.join("reference/games/random/rand_bimatrix_20x20_s1020.nfg");
    let (code, _, stderr) = run(&[
        "game",
        "solve",
        game.to_str().unwrap(),
        "--method",
        "enummixed",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("use lcp"), "{stderr}");
}
