//! The n-player mixed solvers (`simpdiv`, `liap`, `enumpoly`) on closed-form 3-player games
//! and, when ../shared is present, on Gambit's 3-player test games against pygambit's answers.

use brink_games::num::q;
use brink_games::{load_file, solve, AnyGame, Equilibrium, Method, Options, StrategicGame, Q};
use std::path::PathBuf;

/// A strategic game from a payoff function of the pure profile (player 1 fastest).
fn game(counts: &[usize], pay: impl Fn(&[usize]) -> Vec<i64>) -> AnyGame {
    let players = (1..=counts.len()).map(|p| format!("P{p}")).collect();
    let strategies = counts
        .iter()
        .map(|&c| (1..=c).map(|s| s.to_string()).collect())
        .collect();
    let total: usize = counts.iter().product();
    let mut payoffs = vec![];
    for mut k in 0..total {
        let mut prof = vec![];
        for &c in counts {
            prof.push(k % c);
            k /= c;
        }
        payoffs.push(pay(&prof).into_iter().map(|x| q(x, 1)).collect::<Vec<Q>>());
    }
    AnyGame::Strategic(StrategicGame::new("test", players, strategies, payoffs).unwrap())
}

/// Jordan's 3-player matching pennies: 1 wants to match 2, 2 to match 3, 3 to mismatch 1.
/// Its only equilibrium is everyone mixing ½–½.
fn jordan() -> AnyGame {
    game(&[2, 2, 2], |s| {
        vec![
            (s[0] == s[1]) as i64,
            (s[1] == s[2]) as i64,
            (s[2] != s[0]) as i64,
        ]
    })
}

/// A 3-player public-goods dilemma: contributing (0) costs 3 and gives each other player 2;
/// not contributing is dominant, so the only equilibrium is pure.
fn dilemma() -> AnyGame {
    game(&[2, 2, 2], |s| {
        let given: i64 = s.iter().map(|&x| (x == 0) as i64).sum();
        (0..3)
            .map(|p| 2 * (given - (s[p] == 0) as i64) - 3 * (s[p] == 0) as i64)
            .collect()
    })
}

fn flat(e: &Equilibrium) -> Vec<f64> {
    e.profile.iter().flatten().copied().collect()
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

fn run(g: &AnyGame, m: Method) -> Vec<Equilibrium> {
    let eqs = solve(g, m, &Options::default()).unwrap_or_else(|e| panic!("{m}: {e}"));
    for e in &eqs {
        assert!(e.max_regret <= 1e-9, "{m}: regret {}", e.max_regret);
    }
    eqs
}

#[test]
fn jordan_game_unique_mixed_equilibrium() {
    let g = jordan();
    for m in [Method::Simpdiv, Method::Ipa, Method::Liap] {
        let eqs = run(&g, m);
        assert_eq!(eqs.len(), 1, "{m}");
        assert!(
            close(&flat(&eqs[0]), &[0.5; 6], 1e-9),
            "{m}: {:?}",
            flat(&eqs[0])
        );
        assert!(close(&eqs[0].payoffs, &[0.5; 3], 1e-9));
    }
}

#[test]
fn dominant_strategies_give_the_pure_equilibrium() {
    let g = dilemma();
    for m in [Method::Simpdiv, Method::Ipa, Method::Liap] {
        let eqs = run(&g, m);
        assert_eq!(eqs.len(), 1, "{m}");
        assert!(
            close(&flat(&eqs[0]), &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1e-9),
            "{m}"
        );
    }
}

#[test]
fn four_players_and_three_strategies() {
    // A 3×3×2×2 game with generic payoffs: every method's answer is verified by regret.
    let g = game(&[3, 3, 2, 2], |s| {
        (0..4)
            .map(|p| ((s[0] * 7 + s[1] * 13 + s[2] * 29 + s[3] * 31 + p * 17) * 37 % 23) as i64)
            .collect()
    });
    assert_eq!(run(&g, Method::Simpdiv).len(), 1);
    assert_eq!(run(&g, Method::Ipa).len(), 1);
    assert!(!run(&g, Method::Liap).is_empty());
}

#[test]
fn same_input_same_output() {
    let g = game(&[3, 2, 3], |s| {
        (0..3)
            .map(|p| ((s[0] * 5 + s[1] * 11 + s[2] * 3 + p * 7) * 19 % 17) as i64)
            .collect()
    });
    for m in [Method::Simpdiv, Method::Ipa, Method::Liap] {
        let a: Vec<Vec<f64>> = run(&g, m).iter().map(flat).collect();
        let b: Vec<Vec<f64>> = run(&g, m).iter().map(flat).collect();
        assert_eq!(a, b, "{m}");
    }
}

/// pygambit's `enumpoly` equilibria of a reference game (every equilibrium of these games).
fn reference(name: &str) -> Option<(AnyGame, Vec<Vec<f64>>)> {
    let Some(shared) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("Gambit's 3-player test games");
        return None;
    };
    let dir: PathBuf = shared.join("reference/games/gambit");
    let text = std::fs::read_to_string(dir.join("EXPECTED_pygambit16.7.0.txt")).unwrap();
    let block = text.split("## ").find(|b| b.starts_with(name)).unwrap();
    let line = block
        .lines()
        .find_map(|l| l.trim().strip_prefix("enumpoly (behavior if tree): "))
        .unwrap();
    let eqs = line
        .split('|')
        .map(|e| e.split(',').map(|x| x.trim().parse().unwrap()).collect())
        .collect();
    Some((load_file(&dir.join(name)).unwrap(), eqs))
}

const GAMBIT_3P: [&str; 2] = [
    "tests_test_games_2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg",
    "tests_test_games_mixed_behavior_game.efg",
];

#[test]
fn gambit_three_player_games_simpdiv_and_ipa_find_a_reference_equilibrium() {
    for name in GAMBIT_3P {
        let Some((g, want)) = reference(name) else {
            return;
        };
        for m in [Method::Simpdiv, Method::Ipa] {
            let eqs = run(&g, m);
            assert_eq!(eqs.len(), 1);
            let got = flat(&eqs[0]);
            assert!(
                want.iter().any(|w| close(w, &got, 1e-6)),
                "{m} {name}: {got:?}"
            );
        }
    }
}

#[test]
fn gambit_three_player_games_liap_finds_reference_equilibria() {
    for name in GAMBIT_3P {
        let Some((g, want)) = reference(name) else {
            return;
        };
        let eqs = run(&g, Method::Liap);
        assert!(!eqs.is_empty());
        for e in &eqs {
            let got = flat(e);
            assert!(want.iter().any(|w| close(w, &got, 1e-6)), "{name}: {got:?}");
        }
    }
}

#[test]
fn enumpoly_closed_forms() {
    let eqs = run(&jordan(), Method::Enumpoly);
    assert_eq!(eqs.len(), 1);
    assert!(close(&flat(&eqs[0]), &[0.5; 6], 1e-9));
    let eqs = run(&dilemma(), Method::Enumpoly);
    assert_eq!(eqs.len(), 1);
    assert!(close(&flat(&eqs[0]), &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0], 1e-9));
}

#[test]
fn enumpoly_agrees_with_enummixed_on_a_bimatrix_game() {
    // 3×3 with payoffs chosen to have several equilibria; enummixed lists the extreme ones,
    // which in a nondegenerate game are all of them.
    let g = game(&[3, 3], |s| {
        let a = [[3, 0, 2], [0, 3, 1], [2, 1, 2]];
        let b = [[3, 0, 1], [0, 3, 2], [1, 2, 0]];
        vec![a[s[0]][s[1]], b[s[0]][s[1]]]
    });
    let mut want: Vec<Vec<f64>> = run(&g, Method::EnumMixed).iter().map(flat).collect();
    let mut got: Vec<Vec<f64>> = run(&g, Method::Enumpoly).iter().map(flat).collect();
    let key = |v: &Vec<f64>| {
        v.iter()
            .map(|x| format!("{x:.6}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (a, b) in got.iter().zip(&want) {
        assert!(close(a, b, 1e-9), "{a:?} vs {b:?}");
    }
}

#[test]
fn enumpoly_on_a_three_by_three_by_two_game() {
    // Every equilibrium listed is verified, and simpdiv's is among them.
    let g = game(&[3, 3, 2], |s| {
        (0..3)
            .map(|p| ((s[0] * 7 + s[1] * 13 + s[2] * 29 + p * 17) * 37 % 23) as i64)
            .collect()
    });
    let all: Vec<Vec<f64>> = run(&g, Method::Enumpoly).iter().map(flat).collect();
    assert!(
        all.len() % 2 == 1,
        "a generic game has an odd number of equilibria: {all:?}"
    );
    let one = flat(&run(&g, Method::Simpdiv)[0]);
    assert!(
        all.iter().any(|e| close(e, &one, 1e-6)),
        "{one:?} not in {all:?}"
    );
}

#[test]
fn enumpoly_refuses_large_games_clearly() {
    let g = game(&[8, 8, 8], |s| vec![s[0] as i64, s[1] as i64, s[2] as i64]);
    let err = solve(&g, Method::Enumpoly, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("homotopy paths"), "{err}");
}

#[test]
fn gambit_three_player_games_enumpoly_matches_pygambit() {
    for name in GAMBIT_3P {
        let Some((g, want)) = reference(name) else {
            return;
        };
        let eqs = run(&g, Method::Enumpoly);
        assert_eq!(
            eqs.len(),
            want.len(),
            "{name}: {:?}",
            eqs.iter().map(flat).collect::<Vec<_>>()
        );
        for w in &want {
            assert!(
                eqs.iter().any(|e| close(&flat(e), w, 1e-9)),
                "{name}: missing {w:?}"
            );
        }
    }
}

/// pygambit 16.7.0's answers per method on Gambit's 3-player games (tests/fixtures, with the
/// command that made them).
fn pygambit_fixture() -> Vec<(String, String, Vec<Vec<f64>>)> {
    let text = include_str!("fixtures/pygambit16.7.0_3player.txt");
    let mut out = vec![];
    let mut game = String::new();
    for line in text.lines().filter(|l| !l.starts_with("# ")) {
        if let Some(g) = line.strip_prefix("## ") {
            game = g.trim().to_string();
        } else if let Some((m, v)) = line.split_once(": ") {
            if v.starts_with("ERROR") {
                continue;
            }
            let eqs = v
                .split('|')
                .map(|e| e.split(',').map(|x| x.trim().parse().unwrap()).collect())
                .collect();
            out.push((game.clone(), m.to_string(), eqs));
        }
    }
    out
}

#[test]
fn gambit_three_player_games_against_pygambit_per_method() {
    for (name, method, want) in pygambit_fixture() {
        let Some((g, all)) = reference(&name) else {
            return;
        };
        let m: Method = match method.parse() {
            Ok(m) => m,
            Err(_) => continue, // gnm: not implemented here (ipa is)
        };
        let got: Vec<Vec<f64>> = run(&g, m).iter().map(flat).collect();
        // Every answer is one of the game's equilibria (pygambit's enumpoly lists them all).
        for e in &got {
            assert!(all.iter().any(|w| close(w, e, 1e-6)), "{m} {name}: {e:?}");
        }
        let same = want.iter().all(|w| got.iter().any(|e| close(w, e, 1e-6)));
        // enumpoly: the same set; liap: pygambit's minimum among brink's (more starts here).
        // simpdiv and ipa return one equilibrium each, which may be another one of the game's.
        if m == Method::Enumpoly {
            assert_eq!(got.len(), want.len());
        }
        if matches!(m, Method::Enumpoly | Method::Liap) {
            assert!(same, "{m} {name}: pygambit {want:?}, brink {got:?}");
        }
        eprintln!(
            "{name} {m}: pygambit {want:?}; brink {got:?}; pygambit's found by brink: {same}"
        );
    }
}
