//! `brink game solve --method lcp` on the largest random reference tree
//! (../shared/reference/games/random/rand_efg_d8_b3_s2083.efg: 9,841 nodes, 2,881 + 3,199
//! sequences), which the sparse sequence-form Lemke solves in well under a second even in a
//! debug build; `--exact` is refused there with a clear error (exit 1).

use assert_cmd::Command;
use predicates::prelude::*;

fn big_tree() -> Option<std::path::PathBuf> {
    let Some(dir) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("brink game solve --method lcp rand_efg_d8_b3_s2083.efg");
        return None;
    };
    Some(dir.join("reference/games/random/rand_efg_d8_b3_s2083.efg"))
}

#[test]
fn lcp_solves_the_9841_node_random_tree() {
    let Some(path) = big_tree() else { return };
    let out = Command::cargo_bin("brink")
        .unwrap()
        .args(["game", "solve", "--method", "lcp", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let eqs = v["equilibria"].as_array().unwrap();
    assert_eq!(eqs.len(), 1);
    assert!(eqs[0]["max_regret"].as_f64().unwrap() <= 1e-9);
    // One probability per action: 960 + 1,066 information sets, each of 3 actions.
    let profile = eqs[0]["profile"].as_array().unwrap();
    assert_eq!(profile[0].as_array().unwrap().len(), 3 * 960);
    assert_eq!(profile[1].as_array().unwrap().len(), 3 * 1066);
}

#[test]
fn exact_lcp_on_the_9841_node_tree_is_refused_clearly() {
    let Some(path) = big_tree() else { return };
    Command::cargo_bin("brink")
        .unwrap()
        .args(["game", "solve", "--method", "lcp", "--exact"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("without --exact"));
}
