//! Table output fits an 80-column terminal: with `COLUMNS=80`, no line of `forecast`, `crisis`,
//! `compare`, `simulate`, `sensitivity` or `validate` on the seed scenario and the reference
//! inputs is longer than 80 characters, and no number is written `-0.0`.

use crate::common::{brink, repo_root, scenario, shared, text};

/// Runs `brink ARGS` with `COLUMNS=80` and asserts it succeeded, every line fits in 80
/// characters (not bytes) and no number is a negative zero.
fn assert_fits_80(args: &[&str]) {
    let out = brink().env("COLUMNS", "80").args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(!table.trim().is_empty(), "{args:?}: no output");
    for line in table.lines() {
        let n = line.chars().count();
        assert!(n <= 80, "{args:?}: a line of {n} characters:\n{line}");
    }
    assert!(!has_negative_zero(&table), "{args:?}: a -0.0 in\n{table}");
}

/// Whether `s` holds a number written as a negative zero (`-0`, `-0.0`, `-0.000`), not
/// followed by other digits (`-0.05` is a number, `-0.00` is not).
fn has_negative_zero(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        if b[i] != b'-' || b.get(i + 1) != Some(&b'0') {
            return false;
        }
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            return false; // a word like `x-0` or a range `10-0`
        }
        let mut j = i + 2;
        if b.get(j) == Some(&b'.') {
            j += 1;
            while b.get(j) == Some(&b'0') {
                j += 1;
            }
        }
        !b.get(j).is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn the_negative_zero_check_sees_them() {
    assert!(has_negative_zero("shift -0.0 here"));
    assert!(has_negative_zero("(-0.000)"));
    assert!(!has_negative_zero("shift -0.05 here"));
    assert!(!has_negative_zero("0.0 – 10.0"));
}

fn inputs() -> Vec<String> {
    let nile = repo_root().join("docs/examples/nile-dam.toml");
    vec![
        scenario("iran-2026.toml"),
        nile.to_str().unwrap().to_string(),
        scenario("ec-emission.toml"),
    ]
}

#[test]
fn forecast_tables_fit_80_columns() {
    for file in inputs() {
        assert_fits_80(&["forecast", &file, "--interval-runs", "20"]);
    }
    assert_fits_80(&[
        "forecast",
        &scenario("iran-2026.toml"),
        "--interval-runs",
        "0",
        "--trace",
    ]);
}

#[test]
fn simulate_and_sensitivity_tables_fit_80_columns() {
    for file in inputs() {
        // ec-emission gives no ranges: jitter makes its runs differ.
        let jitter: &[&str] = if file.contains("ec-emission") {
            &["--jitter", "0.1"]
        } else {
            &[]
        };
        let simulate = [&["simulate", &file, "--runs", "20"], jitter].concat();
        assert_fits_80(&simulate);
        let sensitivity = [&["sensitivity", &file, "--runs", "50"], jitter].concat();
        assert_fits_80(&sensitivity);
    }
}

#[test]
fn crisis_and_compare_tables_fit_80_columns() {
    let iran = scenario("iran-2026.toml");
    let nile = inputs()[1].clone();
    assert_fits_80(&["crisis", &iran, "--runs", "20"]);
    assert_fits_80(&["crisis", &nile, "--runs", "20"]);
    assert_fits_80(&["compare", &iran, &nile, "--runs", "20"]);
    assert_fits_80(&[
        "compare",
        &iran,
        &scenario("iran-2026-no-carrier.toml"),
        "--runs",
        "20",
    ]);
}

#[test]
fn validate_tables_fit_80_columns() {
    let Some(shared) = shared("brink validate with COLUMNS=80 on deu3_dev.tsv") else {
        return;
    };
    let deu3 = shared.join("reference/deu3/deu3_dev.tsv");
    assert_fits_80(&["validate", deu3.to_str().unwrap()]);
    assert_fits_80(&["validate", deu3.to_str().unwrap(), "--capability", "all"]);
}
