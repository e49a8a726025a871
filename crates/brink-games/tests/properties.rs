//! Property tests on random games: every profile any solver returns has regret ≤ 1e-9 (exactly 0
//! with rationals); every Lemke–Howson equilibrium belongs to the enummixed set; writing then
//! reading a game gives the same game.

use brink_games::num::{q, qi, Q};
use brink_games::{
    read_efg, read_nfg, solve, write_efg, write_nfg, AnyGame, Method, Options, StrategicGame,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn bimatrix(m: usize, n: usize, vals: &[i64]) -> StrategicGame {
    let a: Vec<Vec<Q>> = (0..m)
        .map(|i| (0..n).map(|j| qi(vals[i * n + j])).collect())
        .collect();
    let b: Vec<Vec<Q>> = (0..m)
        .map(|i| (0..n).map(|j| qi(vals[m * n + i * n + j])).collect())
        .collect();
    StrategicGame::bimatrix("random", &a, &b)
}

mod common;
use common::random_tree::{random_tree, random_zero_sum_tree};

fn exact_profiles(game: &AnyGame, method: Method) -> Vec<Vec<Vec<Q>>> {
    solve(
        game,
        method,
        &Options {
            exact: true,
            ..Options::default()
        },
    )
    .unwrap()
    .into_iter()
    .map(|e| {
        assert_eq!(e.max_regret, 0.0, "{method}");
        e.exact.unwrap().iter().map(<[Q]>::to_vec).collect()
    })
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn bimatrix_solvers_agree(m in 1usize..5, n in 1usize..5, vals in proptest::collection::vec(-4i64..5, 32)) {
        let g = AnyGame::Strategic(bimatrix(m, n, &vals));
        let all = exact_profiles(&g, Method::EnumMixed);
        prop_assert!(!all.is_empty());
        for lh in exact_profiles(&g, Method::Lcp) {
            prop_assert!(all.contains(&lh), "LH equilibrium {:?} not among {:?}", lh, all);
        }
        for pure in exact_profiles(&g, Method::EnumPure) {
            // A pure equilibrium is an extreme point of its component, hence in the enummixed set.
            prop_assert!(all.contains(&pure), "pure {:?} not among {:?}", pure, all);
        }
        for e in solve(&g, Method::EnumMixed, &Options::default()).unwrap() {
            prop_assert!(e.max_regret <= 1e-9);
        }
        for e in solve(&g, Method::Lcp, &Options::default()).unwrap() {
            prop_assert!(e.max_regret <= 1e-9);
        }
        if let Ok(eqs) = solve(&g, Method::Logit, &Options::default()) {
            prop_assert!(eqs[0].max_regret <= 1e-9);
        }
    }

    #[test]
    fn nondegenerate_lh_finds_every_label_path(m in 2usize..6, seed in any::<u64>()) {
        // Generic payoffs: each LH equilibrium is an extreme equilibrium. The payoffs are drawn
        // distinct (from a wide range, redrawn on a repeat) because a repeat can make the game
        // degenerate — e.g. two equal entries in a column of A give player 1 two pure best replies
        // — and the odd-count property below only holds for nondegenerate games.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut seen = std::collections::HashSet::new();
        let mut vals: Vec<i64> = Vec::with_capacity(2 * m * m);
        while vals.len() < 2 * m * m {
            let v = rng.gen_range(0..1_000_000);
            if seen.insert(v) {
                vals.push(v);
            }
        }
        let g = AnyGame::Strategic(bimatrix(m, m, &vals));
        let all = exact_profiles(&g, Method::EnumMixed);
        let lh = exact_profiles(&g, Method::Lcp);
        prop_assert!(!lh.is_empty());
        for e in &lh {
            prop_assert!(all.contains(e));
        }
        // Odd number of equilibria in a nondegenerate game.
        prop_assert_eq!(all.len() % 2, 1);
    }

    #[test]
    fn tree_solvers_return_equilibria(seed in any::<u64>()) {
        let t = random_tree(seed, 3);
        let g = AnyGame::Extensive(t.clone());
        let spe = solve(&g, Method::Spe, &Options::default());
        match spe {
            Ok(eqs) => prop_assert!(eqs[0].max_regret <= 1e-9),
            Err(e) => prop_assert!(matches!(e, brink_games::SolveError::NoConvergence { .. }), "{e}"),
        }
        for e in exact_profiles(&g, Method::Lcp) {
            prop_assert!(!e.is_empty());
        }
        if let Ok(eqs) = solve(&g, Method::EnumPure, &Options::default()) {
            for e in eqs {
                prop_assert_eq!(e.max_regret, 0.0);
            }
        }
        if let Ok(eqs) = solve(&g, Method::Logit, &Options::default()) {
            prop_assert!(eqs[0].max_regret <= 1e-9);
        }
    }

    #[test]
    fn lp_solves_constant_sum_games(m in 1usize..6, n in 1usize..6, vals in proptest::collection::vec(-9i64..10, 25), shift in -3i64..4) {
        // B = shift − A: constant-sum. Every equilibrium gives player 1 the game's value, so the
        // LP's optimum must be an equilibrium (regret 0) paying what enummixed's do.
        let mut both = vals[..m * n].to_vec();
        both.extend(vals[..m * n].iter().map(|a| shift - a));
        let g = AnyGame::Strategic(bimatrix(m, n, &both));
        let lp = solve(&g, Method::Lp, &Options { exact: true, ..Options::default() }).unwrap();
        prop_assert_eq!(lp.len(), 1);
        prop_assert_eq!(lp[0].max_regret, 0.0);
        let all = solve(&g, Method::EnumMixed, &Options { exact: true, ..Options::default() }).unwrap();
        for e in &all {
            prop_assert!((e.payoffs[0] - lp[0].payoffs[0]).abs() < 1e-12);
        }
        let float = solve(&g, Method::Lp, &Options::default()).unwrap();
        prop_assert!(float[0].max_regret <= 1e-9);
        prop_assert!((float[0].payoffs[0] - lp[0].payoffs[0]).abs() < 1e-9);
    }

    #[test]
    fn lp_solves_zero_sum_trees(seed in any::<u64>()) {
        // The sequence-form LP and sequence-form Lemke must agree on the value.
        let g = AnyGame::Extensive(random_zero_sum_tree(seed, 4));
        let lp = solve(&g, Method::Lp, &Options { exact: true, ..Options::default() }).unwrap();
        prop_assert_eq!(lp[0].max_regret, 0.0);
        let lcp = solve(&g, Method::Lcp, &Options { exact: true, ..Options::default() }).unwrap();
        prop_assert!((lcp[0].payoffs[0] - lp[0].payoffs[0]).abs() < 1e-12);
        let float = solve(&g, Method::Lp, &Options::default()).unwrap();
        prop_assert!(float[0].max_regret <= 1e-9);
    }

    #[test]
    fn trees_round_trip(seed in any::<u64>()) {
        let t = random_tree(seed, 5);
        let text = write_efg(&t);
        let back = read_efg("rt.efg", &text).unwrap();
        prop_assert_eq!(back, t);
    }

    #[test]
    fn strategic_games_round_trip(m in 1usize..4, n in 1usize..4, vals in proptest::collection::vec(-1000i64..1000, 18)) {
        let a: Vec<Vec<Q>> = (0..m).map(|i| (0..n).map(|j| q(vals[i * n + j], 7)).collect()).collect();
        let b: Vec<Vec<Q>> = (0..m).map(|i| (0..n).map(|j| q(vals[9 + i * n + j], 4)).collect()).collect();
        let g = StrategicGame::bimatrix("rt", &a, &b);
        prop_assert_eq!(read_nfg("rt.nfg", &write_nfg(&g)).unwrap(), g);
    }

    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = brink_games::parse_game("fuzz", &text);
        let _ = read_efg("fuzz", &format!("EFG 2 R \"\" {{ \"a\" \"b\" }} \"\" {text}"));
        let _ = read_nfg("fuzz", &format!("NFG 1 R \"\" {{ \"a\" \"b\" }} {{ 2 2 }} {text}"));
    }
}

/// The case proptest found (seed 1046391344125210515, 3×3, payoffs 0–999): A's third column holds
/// 590 twice, so the game is degenerate and has two extreme equilibria — an even count is right.
/// Every Lemke–Howson result must still be among them.
#[test]
fn degenerate_game_found_by_proptest_is_solved_consistently() {
    let vals = [
        747, 924, 590, 83, 213, 590, 385, 698, 328, 185, 180, 522, 681, 691, 464, 652, 67, 454,
    ];
    let g = AnyGame::Strategic(bimatrix(3, 3, &vals));
    let all = exact_profiles(&g, Method::EnumMixed);
    assert_eq!(all.len(), 2);
    for e in exact_profiles(&g, Method::Lcp) {
        assert!(all.contains(&e));
    }
}

#[test]
fn logit_follows_trees_where_reach_probabilities_underflow() {
    // These trees once stopped the agent-logit path with "step size collapsed": deep in the
    // path an information set's reach probability fell below f64's range and its conditional
    // beliefs jumped to uniform. Beliefs are now a softmax of log-reaches.
    for (seed, depth) in [(31, 4), (214, 4), (215, 4), (44, 5), (48, 5)] {
        let g = AnyGame::Extensive(random_tree(seed, depth));
        let eqs = solve(&g, Method::Logit, &Options::default())
            .unwrap_or_else(|e| panic!("seed {seed} depth {depth}: {e}"));
        assert!(
            eqs[0].max_regret <= 1e-9,
            "seed {seed}: {}",
            eqs[0].max_regret
        );
    }
}

/// The `f64` simplex behind `lp` once cycled on this tree's degenerate phase 1 until its pivot
/// limit (89 s in release): with Bland's smallest-index ratio ties rounding grew the tableau to
/// 1e28. Its value is −8, as the exact program finds.
#[test]
fn float_lp_on_a_691_node_zero_sum_tree() {
    let t = random_zero_sum_tree(8, 8);
    assert_eq!(t.nodes().len(), 691);
    let e = &solve(&AnyGame::Extensive(t), Method::Lp, &Options::default()).unwrap()[0];
    assert!(e.max_regret <= 1e-9);
    assert!((e.payoffs[0] + 8.0).abs() < 1e-9, "{:?}", e.payoffs);
}
