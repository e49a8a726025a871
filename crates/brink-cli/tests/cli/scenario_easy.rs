//! Scenarios that are easy to write: every error of a file in one `brink check` run, the compact
//! `[positions.ISSUE]` form, and a `[crisis]` section naming the analyst's own `.efg` game.

use crate::common::{brink_in_fixtures, text};

#[test]
fn three_independent_errors_arrive_in_one_run() {
    let out = brink_in_fixtures()
        .args(["check", "three_errors.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": error: `"))
        .collect();
    assert_eq!(errors.len(), 3, "{stderr}");
    assert!(
        errors[0].starts_with(
            "three_errors.toml:11:14: error: `actor[0].capability`: expected a number"
        ),
        "{stderr}"
    );
    assert!(
        errors[1]
            .starts_with("three_errors.toml:24:9: error: `position[1].actor`: unknown actor `Bb`"),
        "{stderr}"
    );
    assert!(errors[1].ends_with("(did you mean `B`?)"), "{stderr}");
    assert!(
        errors[2].starts_with("three_errors.toml:33:12: error: `position[2].salience`"),
        "{stderr}"
    );
    assert!(errors[2].contains("add `salience_scale = 100`"), "{stderr}");
}

#[test]
fn a_users_efg_game_is_checked_and_solved() {
    let out = brink_in_fixtures()
        .args(["check", "user_game.toml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("3 positions, crisis game `standoff.efg`"));
    let out = brink_in_fixtures()
        .args(["crisis", "user_game.toml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["game"], "standoff.efg");
    let odds = v["outcomes"].as_object().expect("odds by outcome class");
    let total: f64 = odds.values().map(|p| p.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9, "{odds:?}");
    // Ruritania talks (0.2 beats threatening, which Borduria resists): the SPE is a deal.
    assert!(odds["deal"].as_f64().unwrap() > 0.5, "{odds:?}");
}

#[test]
fn a_users_efg_mapping_errors_are_located_and_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = crate::common::fixtures();
    std::fs::copy(
        fixtures.join("standoff.efg"),
        dir.path().join("standoff.efg"),
    )
    .unwrap();
    let good = std::fs::read_to_string(fixtures.join("user_game.toml")).unwrap();
    let bad = good
        .replace("Borduria = \"BOR\"", "Bordura = \"BOR\"")
        .replace("Defeat = \"war\"", "Defeat = \"wa\"");
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    let out = crate::common::brink()
        .current_dir(dir.path())
        .args(["check", "bad.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "bad.toml:28:32: error: `crisis.players.Bordura`: the game has no player \"Bordura\""
        ),
        "{stderr}"
    );
    assert!(stderr.contains("(did you mean `Borduria`?)"), "{stderr}");
    assert!(
        stderr.contains("`crisis.terminals.Defeat`: unknown outcome class \"wa\""),
        "{stderr}"
    );
    assert!(stderr.contains("(did you mean `war`?)"), "{stderr}");
}
