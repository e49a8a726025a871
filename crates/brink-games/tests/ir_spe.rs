//! Subgame-perfect equilibria and QRE of the IR crisis trees
//! (../shared/reference/games/ir/, expectations from its EXPECTED_pygambit16.7.0.txt and
//! ../shared/design/games.md).
#![allow(clippy::needless_range_loop)]

use brink_games::output::equilibrium_path;
use brink_games::{load_file, solve, AnyGame, ExtensiveGame, Method, Options};
use std::path::PathBuf;

fn ir_dir() -> Option<PathBuf> {
    match brink_testkit::shared_dir() {
        Some(d) => Some(d.join("reference/games/ir")),
        None => {
            brink_testkit::report_skip("IR crisis trees");
            None
        }
    }
}

fn tree(dir: &std::path::Path, name: &str) -> ExtensiveGame {
    match load_file(&dir.join(name)).unwrap() {
        AnyGame::Extensive(t) => t,
        AnyGame::Strategic(_) => panic!("{name} is a tree"),
    }
}

/// (player, infoset label, action) with probability one in the SPE.
fn spe_choices(t: &ExtensiveGame) -> Vec<(String, String, String)> {
    let eqs = solve(
        &AnyGame::Extensive(t.clone()),
        Method::Spe,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(eqs.len(), 1);
    assert!(eqs[0].max_regret <= 1e-9, "regret {}", eqs[0].max_regret);
    let beh = eqs[0].behavior().unwrap();
    let mut out = vec![];
    for p in 0..t.num_players() {
        for (k, &i) in t.player_infosets(p).iter().enumerate() {
            for (a, &pr) in beh.infoset(p, k).iter().enumerate() {
                if pr > 1.0 - 1e-9 {
                    let set = t.infoset(i);
                    out.push((
                        t.players()[p].clone(),
                        set.label.clone(),
                        set.actions[a].clone(),
                    ));
                }
            }
        }
    }
    out
}

/// Parses `A[label]->Action(1.000); …` from the EXPECTED file's logit-limit line of `name`.
fn expected_limit(dir: &std::path::Path, name: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(dir.join("EXPECTED_pygambit16.7.0.txt")).unwrap();
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("## {name}")));
    lines.next();
    let line = lines
        .find(|l| l.trim_start().starts_with("logit limit"))
        .unwrap();
    let body = line.split_once("): ").unwrap().1;
    body.split("; ")
        .map(|item| {
            let (who, rest) = item.split_once('[').unwrap();
            let (label, rest) = rest.split_once("]->").unwrap();
            let action = rest.split('(').next().unwrap();
            (who.to_string(), label.to_string(), action.to_string())
        })
        .collect()
}

#[test]
fn spe_equals_gambits_limit_qre_on_every_ir_tree() {
    let Some(dir) = ir_dir() else { return };
    for name in [
        "egame12_deterrence.efg",
        "fearon_ultimatum_2types.efg",
        "iig_bdm_lalman.efg",
        "patron_strike_airspace_T_denies.efg",
        "patron_strike_airspace_T_grants.efg",
    ] {
        let t = tree(&dir, name);
        let mut got = spe_choices(&t);
        let mut want = expected_limit(&dir, name);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn airspace_decides_credibility() {
    let Some(dir) = ir_dir() else { return };
    let on_path = |name: &str| -> Vec<(String, String)> {
        let t = tree(&dir, name);
        let eqs = solve(
            &AnyGame::Extensive(t.clone()),
            Method::Spe,
            &Options {
                exact: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(eqs[0].max_regret, 0.0, "backward induction is exact");
        let beh = eqs[0].behavior().unwrap();
        equilibrium_path(&t, beh)
            .iter()
            .map(|v| {
                (
                    v["player"].as_str().unwrap().to_string(),
                    v["action"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // T gains from the alliance: it grants, A's support is credible, C concedes at once.
    assert_eq!(
        on_path("patron_strike_airspace_T_grants.efg"),
        vec![("C".to_string(), "Concede".to_string())]
    );
    // T gains nothing: it denies, A abstains, B backs down, C refuses.
    let denies = on_path("patron_strike_airspace_T_denies.efg");
    assert_eq!(denies[0], ("C".to_string(), "Refuse".to_string()));
    assert!(denies.contains(&("A".to_string(), "Abstain".to_string())));
    assert!(denies.contains(&("B".to_string(), "BackDown".to_string())));
    // T is never asked on this path; its off-path choice (Deny) is checked against Gambit above.
    assert_eq!(denies.len(), 3);
}

#[test]
fn nash_alone_admits_non_credible_threats() {
    let Some(dir) = ir_dir() else { return };
    // pygambit finds 15 pure Nash equilibria of the reduced strategic form; only one is subgame-perfect.
    let t = tree(&dir, "patron_strike_airspace_T_denies.efg");
    let pure = solve(
        &AnyGame::Extensive(t),
        Method::EnumPure,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(pure.len(), 15);
}

#[test]
fn fearon_discrete_offer_and_war_probability() {
    let Some(dir) = ir_dir() else { return };
    // games.md: A offers 0.79 and P(war) = 1/2 (the low-cost type rejects).
    let t = tree(&dir, "fearon_ultimatum_2types.efg");
    let eqs = solve(
        &AnyGame::Extensive(t.clone()),
        Method::Spe,
        &Options {
            exact: true,
            ..Options::default()
        },
    )
    .unwrap();
    let beh = eqs[0].behavior().unwrap();
    assert_eq!(beh.infoset(0, 0), [0.0, 1.0]);
    let path = equilibrium_path(&t, beh);
    let rejects: f64 = path
        .iter()
        .filter(|v| v["action"] == "Reject")
        .map(|v| v["reach"].as_f64().unwrap() * v["probability"].as_f64().unwrap())
        .sum();
    assert!((rejects - 0.5).abs() < 1e-12);
    assert!((eqs[0].payoffs[0] - 0.595).abs() < 1e-12 && (eqs[0].payoffs[1] - 0.33).abs() < 1e-12);
}

#[test]
fn egame12_agent_qre_matches_closed_form() {
    let Some(dir) = ir_dir() else { return };
    let t = tree(&dir, "egame12_deterrence.efg");
    // Signorino (1999): P(Fight) = 1/(1+e^{-λ·0.5}); P(Challenge) = logistic(λ·(0.5(1−pF) − pF − 0)).
    // Gambit's figures (EXPECTED file): λ=0.5: 0.457197 / 0.562176; λ=5: 0.011762 / 0.924142.
    for (lambda, challenge, fight) in [
        (0.5, 0.457197, 0.562176),
        (1.0, 0.393246, 0.622459),
        (2.0, 0.232691, 0.731059),
        (5.0, 0.011762, 0.924142),
    ] {
        let b = brink_games::agent_qre(&t, lambda).unwrap();
        let pf = 1.0 / (1.0 + (-lambda * 0.5f64).exp());
        let pc = 1.0 / (1.0 + (-lambda * (0.5 * (1.0 - pf) - pf)).exp());
        assert!((b[(1, 0, 1)] - pf).abs() < 1e-9, "λ={lambda}");
        assert!((b[(0, 0, 1)] - pc).abs() < 1e-9, "λ={lambda}");
        assert!((b[(0, 0, 1)] - challenge).abs() < 2e-6 && (b[(1, 0, 1)] - fight).abs() < 2e-6);
    }
}

#[test]
fn strategic_qre_at_lambda_matches_gambit() {
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("const-sum QRE");
        return;
    };
    let AnyGame::Strategic(g) =
        load_file(&shared.join("reference/games/gambit/tests_test_games_const_sum_game.nfg"))
            .unwrap()
    else {
        panic!()
    };
    // EXPECTED (ir/): const_sum lam 1.0 [0.643, 0.357, 0.5883, 0.4117], etc.
    for (l, want) in [
        (1.0, [0.643, 0.357, 0.5883, 0.4117]),
        (2.0, [0.7727, 0.2273, 0.6117, 0.3883]),
        (3.0, [0.8595, 0.1405, 0.6038, 0.3962]),
    ] {
        let q = brink_games::strategic_qre(&g, l).unwrap();
        let got: Vec<f64> = q.iter().flatten().copied().collect();
        for (a, b) in got.iter().zip(want) {
            assert!((a - b).abs() < 1e-3, "λ={l}: {got:?}");
        }
    }
}

/// Issue 12 item 6: the logit limit is the limit of the branch, not its first ε-equilibrium.
/// On the airspace-granted tree the transit state's "(S)" information set is reached with
/// vanishing probability; the branch once stopped with it at 0.02/0.98 (regret already tiny)
/// while it tends to Grant 1/0, as Gambit's `logit_solve` reports (EXPECTED_pygambit16.7.0.txt).
/// Every IR tree's logit limit must put probability 1 (to 1e-6) on Gambit's limit action at
/// every information set, reached or not.
#[test]
fn logit_limit_is_the_limit_of_the_branch_on_every_ir_tree() {
    let Some(dir) = ir_dir() else { return };
    for name in [
        "egame12_deterrence.efg",
        "fearon_ultimatum_2types.efg",
        "iig_bdm_lalman.efg",
        "patron_strike_airspace_T_denies.efg",
        "patron_strike_airspace_T_grants.efg",
    ] {
        let t = tree(&dir, name);
        let eqs = solve(
            &AnyGame::Extensive(t.clone()),
            Method::Logit,
            &Options::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(eqs[0].max_regret <= 1e-9, "{name}");
        let beh = eqs[0].behavior().unwrap();
        for (who, label, action) in expected_limit(&dir, name) {
            let p = t.players().iter().position(|x| *x == who).unwrap();
            let (k, set) = t
                .player_infosets(p)
                .iter()
                .enumerate()
                .map(|(k, &i)| (k, t.infoset(i)))
                .find(|(_, s)| s.label == label)
                .unwrap_or_else(|| panic!("{name}: no information set {label}"));
            let a = set.actions.iter().position(|x| *x == action).unwrap();
            assert!(
                (beh[(p, k, a)] - 1.0).abs() < 1e-6,
                "{name}: {who} [{label}] {action}: {} (Gambit: 1)",
                beh[(p, k, a)]
            );
        }
    }
}
