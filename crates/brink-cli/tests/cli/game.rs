//! End-to-end tests of `brink game …` and `brink check` on games. They need no `../shared`
//! (games are written inline; the Poker tree is Gambit's stripped-down poker test game, with the
//! equilibrium pygambit 16.7.0 computes: 1/3,2/3,0,0,2/3,1/3).

use crate::common::{brink, json_stdout, temp_file};
use predicates::prelude::*;

const POKER: &str = r#"EFG 2 R "A simple Poker game" { "Alice" "Bob" }
""
c "" 1 "Deal" { "King" 1/2 "Queen" 1/2 } 0
p "" 1 1 "Alice has King" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
p "" 1 2 "Alice has Queen" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
"#;

const DETERRENCE: &str = r#"EFG 2 R "deterrence" { "Challenger" "Defender" } ""
p "" 1 1 "P1" { "SQ" "Challenge" } 0
t "" 1 "StatusQuo" { 0, 0 }
p "" 2 1 "P2" { "BackDown" "Fight" } 0
t "" 2 "Capitulation" { 1/2, 0 }
t "" 3 "War" { -1, 1/2 }
"#;

#[test]
fn enummixed_exact_prints_gambits_line() {
    let f = temp_file(".efg", POKER);
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "enummixed", "--exact"])
        .assert()
        .success()
        .stdout("NE,1/3,2/3,0,0,2/3,1/3\n");
}

#[test]
fn lcp_prints_behaviour_strategies() {
    let f = temp_file(".efg", POKER);
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "lcp", "--exact"])
        .assert()
        .success()
        .stdout("NE,1,0,1/3,2/3,2/3,1/3\n");
}

#[test]
fn lp_solves_the_zero_sum_poker_tree_and_its_strategic_form() {
    // Poker is zero-sum: the sequence-form LP gives the same optimal behaviour as Lemke, and on
    // the reduced strategic form the minimax LP (value 1/3 to Alice) gives the enummixed optimum.
    let f = temp_file(".efg", POKER);
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "lp", "--exact"])
        .assert()
        .success()
        .stdout("NE,1,0,1/3,2/3,2/3,1/3\n");
    // The reduced strategic form as `brink game convert --to nfg` writes it.
    let nfg = temp_file(
        ".nfg",
        r#"NFG 1 R "A simple Poker game" { "Alice" "Bob" }
{ { "11" "12" "21" "22" } { "1" "2" } }
""
0 0 1/2 -1/2 -3/2 3/2 -1 1 1 -1 0 0 0 0 -1 1
"#,
    );
    brink()
        .args(["game", "solve"])
        .arg(nfg.path())
        .args(["--method", "lp", "--exact"])
        .assert()
        .success()
        .stdout("NE,1/3,2/3,0,0,2/3,1/3\n");
    let out = brink()
        .args(["game", "solve"])
        .arg(nfg.path())
        .args(["--method", "lp", "--format", "json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let eq = &json["equilibria"][0];
    assert!(eq["max_regret"].as_f64().unwrap() <= 1e-9, "{json}");
    assert!(
        (eq["payoffs"][0].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9,
        "{json}"
    );
}

#[test]
fn spe_json_has_the_path() {
    let f = temp_file(".efg", DETERRENCE);
    let v = json_stdout(
        brink()
            .args(["game", "solve"])
            .arg(f.path())
            .args(["--method", "spe", "--format", "json"]),
    );
    assert_eq!(v["method"], "spe");
    let eq = &v["equilibria"][0];
    assert_eq!(eq["max_regret"], 0.0);
    assert_eq!(eq["path"][0]["player"], "Challenger");
    assert_eq!(eq["path"][0]["action"], "SQ");
    assert_eq!(eq["path"].as_array().unwrap().len(), 1);
    // Off the path the defender fights (0.5 > 0): the threat is credible.
    assert_eq!(eq["profile"][1], serde_json::json!([0.0, 1.0]));
}

#[test]
fn logit_at_lambda_prints_lambda_first() {
    let f = temp_file(".efg", DETERRENCE);
    let out = brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "logit", "--lambda", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let line = String::from_utf8(out).unwrap();
    let fields: Vec<f64> = line.trim().split(',').map(|x| x.parse().unwrap()).collect();
    assert_eq!(fields[0], 1.0);
    assert!((fields[4] - 0.622459).abs() < 1e-6, "{line}");
}

#[test]
fn convert_round_trips_through_nfg() {
    let f = temp_file(".efg", POKER);
    let out = brink()
        .args(["game", "convert"])
        .arg(f.path())
        .args(["--to", "nfg"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let nfg = temp_file(".nfg", &String::from_utf8(out).unwrap());
    brink()
        .args(["game", "solve"])
        .arg(nfg.path())
        .args(["--method", "enummixed", "--exact"])
        .assert()
        .success()
        .stdout("NE,1/3,2/3,0,0,2/3,1/3\n");
}

#[test]
fn check_validates_games() {
    let good = temp_file(".efg", POKER);
    brink()
        .arg("check")
        .arg(good.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("ok"));
    let bad = temp_file(
        ".nfg",
        "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n1 2 3 4 5 6 7\n",
    );
    brink()
        .arg("check")
        .arg(bad.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains(":3:1: error: wrong payoff count: expected 8")
                .and(predicate::str::contains("found 7")),
        );
}

#[test]
fn bad_game_files_exit_1_with_location() {
    let f = temp_file(".efg", "EFG 2 R \"g\" { \"A\" } \"\"\nc \"\" 1 \"n\" { \"h\" 1/2 \"t\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n");
    brink()
        .args(["game", "info"])
        .arg(f.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            ":2:12: error: chance probabilities",
        ));
}

#[test]
fn method_that_does_not_apply_is_a_clear_error() {
    let f = temp_file(".nfg", "NFG 1 R \"t\" { \"A\" \"B\" \"C\" } { 2 2 2 }\n0 0 0 1 2 -1 2 4 2 -1 2 1 -1 2 1 2 4 2 1 2 -1 0 0 0\n");
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "enummixed"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs exactly 2 players"));
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "nash"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown method"));
    brink()
        .args(["game", "solve"])
        .arg(f.path())
        .args(["--method", "enumpure"])
        .assert()
        .success()
        .stdout("NE,1,0,0,1,1,0\nNE,0,1,1,0,0,1\n");
}
