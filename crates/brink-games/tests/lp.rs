//! `lp` solves two-player constant-sum games by the simplex method: on random zero-sum bimatrix
//! games and trees its profiles have regret exactly 0 (rationals) or ≤ 1e-9 (floats), and its
//! payoffs are the game's value (which every equilibrium shares, so `enummixed` and `lcp` give
//! the same); games that are not constant-sum are refused.

use brink_games::num::{qi, Q};
use brink_games::{solve, AnyGame, Method, Options, SolveError, StrategicGame};
use proptest::prelude::*;

mod common;
use common::random_tree::{random_tree, random_zero_sum_tree};

fn exact() -> Options {
    Options {
        exact: true,
        ..Options::default()
    }
}

/// Player 1's payoff in each exact equilibrium `method` returns (each verified: regret 0).
fn values(g: &AnyGame, method: Method) -> Vec<f64> {
    solve(g, method, &exact())
        .unwrap()
        .into_iter()
        .map(|e| {
            assert_eq!(e.max_regret, 0.0);
            e.payoffs[0]
        })
        .collect()
}

fn zero_sum_bimatrix(m: usize, n: usize, vals: &[i64], shift: i64) -> StrategicGame {
    let a: Vec<Vec<Q>> = (0..m)
        .map(|i| (0..n).map(|j| qi(vals[i * n + j])).collect())
        .collect();
    // Constant sum `shift`, not only zero.
    let b: Vec<Vec<Q>> = a
        .iter()
        .map(|r| r.iter().map(|x| qi(shift) - x).collect())
        .collect();
    StrategicGame::bimatrix("zero-sum", &a, &b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn lp_solves_constant_sum_bimatrix_games(m in 1usize..6, n in 1usize..6,
            vals in proptest::collection::vec(-4i64..5, 25), shift in -3i64..4) {
        let g = AnyGame::Strategic(zero_sum_bimatrix(m, n, &vals, shift));
        let lp = values(&g, Method::Lp);
        prop_assert_eq!(lp.len(), 1);
        for v in values(&g, Method::EnumMixed) {
            prop_assert!((v - lp[0]).abs() < 1e-12, "{} vs {}", v, lp[0]);
        }
        let f = solve(&g, Method::Lp, &Options::default()).unwrap();
        prop_assert!(f[0].max_regret <= 1e-9);
        prop_assert!((f[0].payoffs[0] - lp[0]).abs() < 1e-9);
    }

    #[test]
    fn lp_solves_zero_sum_trees(seed in any::<u64>(), depth in 2usize..6) {
        let g = AnyGame::Extensive(random_zero_sum_tree(seed, depth));
        let lp = solve(&g, Method::Lp, &exact()).unwrap();
        prop_assert_eq!(lp[0].max_regret, 0.0);
        // The value is unique: the sequence-form Lemke equilibrium has the same payoff.
        let lcp = solve(&g, Method::Lcp, &exact()).unwrap();
        prop_assert!((lp[0].payoffs[0] - lcp[0].payoffs[0]).abs() < 1e-12);
        let f = solve(&g, Method::Lp, &Options::default()).unwrap();
        prop_assert!(f[0].max_regret <= 1e-9);
        prop_assert!((f[0].payoffs[0] - lp[0].payoffs[0]).abs() < 1e-9);
    }
}

#[test]
fn matching_pennies_has_the_half_half_solution() {
    let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
    let b: Vec<Vec<Q>> = a.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
    let g = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
    let e = &solve(&g, Method::Lp, &exact()).unwrap()[0];
    let half = Q::new(1.into(), 2.into());
    assert_eq!(
        e.exact.as_ref().unwrap(),
        &vec![vec![half.clone(), half.clone()], vec![half.clone(), half]]
    );
    assert_eq!(e.payoffs, vec![0.0, 0.0]);
}

#[test]
fn non_constant_sum_games_are_refused() {
    let t = AnyGame::Extensive(random_tree(3, 3));
    let e = solve(&t, Method::Lp, &Options::default()).unwrap_err();
    assert!(matches!(e, SolveError::NotApplicable { .. }), "{e}");
}

/// The float simplex once cycled on this tree's degenerate phase 1 (tableau entries grew to 1e28
/// under Bland's ties); its value is −8, as the exact LP finds.
#[test]
fn float_lp_on_a_691_node_zero_sum_tree() {
    let t = random_zero_sum_tree(8, 8);
    assert_eq!(t.nodes().len(), 691);
    let e = &solve(&AnyGame::Extensive(t), Method::Lp, &Options::default()).unwrap()[0];
    assert!(e.max_regret <= 1e-9);
    assert!((e.payoffs[0] + 8.0).abs() < 1e-9, "{:?}", e.payoffs);
}
