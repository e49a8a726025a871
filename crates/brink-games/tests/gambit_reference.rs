//! Compares brink's solvers with what pygambit 16.7.0 computes on Gambit's own test games
//! (../shared/reference/games/gambit/EXPECTED_pygambit16.7.0.txt).

use brink_games::num::fmt_rational;
use brink_games::{load_file, solve, AnyGame, Method, Options};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

struct Expected {
    lines: HashMap<String, String>,
}

fn expected(dir: &std::path::Path) -> Vec<(String, Expected)> {
    let text =
        std::fs::read_to_string(dir.join("EXPECTED_pygambit16.7.0.txt")).expect("EXPECTED file");
    let mut out: Vec<(String, Expected)> = vec![];
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("## ") {
            let name = rest.split(':').next().unwrap().trim().to_string();
            out.push((
                name,
                Expected {
                    lines: HashMap::new(),
                },
            ));
        } else if let Some((k, v)) = line.trim().split_once(": ") {
            if let Some(last) = out.last_mut() {
                last.1
                    .lines
                    .insert(k.trim().to_string(), v.trim().to_string());
            }
        } else if let Some(k) = line.trim().strip_suffix(':') {
            if let Some(last) = out.last_mut() {
                last.1.lines.insert(k.trim().to_string(), String::new());
            }
        }
    }
    out
}

fn set_of(v: &str) -> BTreeSet<String> {
    v.split('|')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn exact_set(game: &AnyGame, method: Method) -> BTreeSet<String> {
    let opts = Options {
        exact: true,
        ..Options::default()
    };
    solve(game, method, &opts)
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e.max_regret, 0.0);
            e.exact
                .as_ref()
                .unwrap()
                .iter()
                .flatten()
                .map(fmt_rational)
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

fn gambit_dir() -> Option<PathBuf> {
    match brink_testkit::shared_dir() {
        Some(d) => Some(d.join("reference/games/gambit")),
        None => {
            brink_testkit::report_skip("Gambit reference games");
            None
        }
    }
}

#[test]
fn enumpure_matches_gambit() {
    let Some(dir) = gambit_dir() else { return };
    for (name, exp) in expected(&dir) {
        let game = load_file(&dir.join(&name)).unwrap();
        let want = set_of(&exp.lines["enumpure (strategic)"]);
        assert_eq!(exact_set(&game, Method::EnumPure), want, "{name}");
    }
}

#[test]
fn enummixed_exact_matches_gambit() {
    let Some(dir) = gambit_dir() else { return };
    let mut checked = 0;
    for (name, exp) in expected(&dir) {
        let Some(line) = exp.lines.get("enummixed rational (extreme eq, strategic)") else {
            continue;
        };
        let game = load_file(&dir.join(&name)).unwrap();
        assert_eq!(exact_set(&game, Method::EnumMixed), set_of(line), "{name}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} games had an enummixed line");
}

#[test]
fn logit_limit_matches_gambit() {
    let Some(dir) = gambit_dir() else { return };
    for (name, exp) in expected(&dir) {
        let game = load_file(&dir.join(&name)).unwrap();
        let want: Vec<f64> = exp.lines["logit (limit of principal branch)"]
            .split(',')
            .map(|x| x.parse().unwrap())
            .collect();
        let eqs = solve(&game, Method::Logit, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<f64> = eqs[0].profile.iter().flatten().copied().collect();
        assert_eq!(got.len(), want.len(), "{name}");
        if let (AnyGame::Extensive(tree), Some(gambit_regret)) =
            (&game, gambit_end_point_regret(&game, &want))
        {
            if gambit_regret > 1e-3 {
                // Gambit stopped at a point that is not a Nash equilibrium (its issues #492/#955).
                // Here players 1 and 2 stay at 1/2 along the whole branch, and against that player 3
                // strictly prefers U3 (3.5 vs 3), so the branch's limit puts probability 1 on U3.
                eprintln!("note: {name}: Gambit's logit end point {want:?} has regret {gambit_regret:.3}; brink's {got:?} is Nash");
                assert!(eqs[0].max_regret <= 1e-9);
                assert_eq!(tree.title, "Test Extensive Form Game");
                assert!(
                    (got[4] - 1.0).abs() < 1e-9 && got[..4].iter().all(|x| (x - 0.5).abs() < 1e-9),
                    "{got:?}"
                );
                continue;
            }
        }
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 1e-3, "{name}: got {got:?}, Gambit {want:?}");
        }
        assert!(
            eqs[0].max_regret <= 1e-9,
            "{name}: regret {}",
            eqs[0].max_regret
        );
    }
}

#[test]
fn lcp_finds_a_verified_equilibrium_and_gambits_when_unique() {
    let Some(dir) = gambit_dir() else { return };
    for (name, exp) in expected(&dir) {
        let Some(line) = exp.lines.get("lcp rational (behavior if tree)") else {
            continue;
        };
        let game = load_file(&dir.join(&name)).unwrap();
        let got = exact_set(&game, Method::Lcp);
        assert!(!got.is_empty(), "{name}");
        if matches!(game, AnyGame::Extensive(_)) {
            // One equilibrium each; which one depends on the starting plans, so only report.
            if !got.contains(line) {
                eprintln!("note: {name}: brink's sequence-form Lemke found {got:?}, Gambit {line} (both verified equilibria)");
            }
        } else {
            assert!(
                got.contains(line)
                    || !set_of(&exp.lines["enummixed rational (extreme eq, strategic)"])
                        .is_disjoint(&got),
                "{name}"
            );
        }
    }
}

#[test]
fn reduced_strategy_labels_follow_gambit() {
    let Some(dir) = gambit_dir() else { return };
    for (name, exp) in expected(&dir) {
        let Some(order) = exp.lines.get("strategy order") else {
            continue;
        };
        let AnyGame::Extensive(tree) = load_file(&dir.join(&name)).unwrap() else {
            continue;
        };
        let reduced = brink_games::reduced_strategic_form(&tree).unwrap();
        let labels: Vec<String> = reduced
            .game
            .strategies()
            .iter()
            .enumerate()
            .flat_map(|(p, s)| s.iter().map(move |l| format!("{}:{l}", tree_player(p))))
            .collect();
        let want: Vec<String> = order
            .split(',')
            .map(|s| s.split_once(':').unwrap().1.to_string())
            .collect();
        let got: Vec<String> = labels
            .iter()
            .map(|s| s.split_once(':').unwrap().1.to_string())
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// The maximum regret of Gambit's printed (4-decimal) behaviour profile.
fn gambit_end_point_regret(game: &AnyGame, flat: &[f64]) -> Option<f64> {
    let AnyGame::Extensive(tree) = game else {
        return None;
    };
    let mut at = 0;
    let beh: Vec<Vec<Vec<f64>>> = tree
        .behavior_shape()
        .iter()
        .map(|p| {
            p.iter()
                .map(|&l| {
                    at += l;
                    flat[at - l..at].to_vec()
                })
                .collect()
        })
        .collect();
    let beh = brink_games::BehaviorProfile::new(tree, beh).ok()?;
    beh.regret(tree).ok()
}

fn tree_player(p: usize) -> usize {
    p + 1
}
