//! The sparse (revised, LU-factorized) sequence-form Lemke: on random trees it returns verified
//! equilibria like the dense tableau, from every start; its plans are realization plans; and it
//! solves every random reference tree of ../shared up to 9,841 nodes, which the dense tableau
//! refuses or takes seconds on.

use brink_games::solvers::seqform::{lemke_with, sequence_form, Engine, SeqEq, SequenceForm};
use brink_games::solvers::seqform_sparse::{lemke_plans_sparse, Start};
use brink_games::{behavior_regret, BehaviorProfile};
use brink_games::{load_file, solve, AnyGame, ExtensiveGame, Method, Options};
use proptest::prelude::*;

mod common;
use common::random_tree::random_tree;

fn float(e: SeqEq) -> Vec<Vec<Vec<f64>>> {
    match e {
        SeqEq::Float(b) => b,
        SeqEq::Exact(_) => panic!("the sparse path is float"),
    }
}

/// `E x = e` (the empty sequence has 1, each information set passes its parent's weight on to
/// its actions) and `x ≥ 0`, within `tol`.
fn assert_realization_plan(sf: &SequenceForm, p: usize, x: &[f64], tol: f64) {
    let s = &sf.seqs[p];
    assert!((x[0] - 1.0).abs() <= tol, "x_∅ = {}", x[0]);
    for (k, &f) in s.first.iter().enumerate() {
        let next = s.first.get(k + 1).copied().unwrap_or(s.count);
        let sum: f64 = x[f..next].iter().sum();
        assert!(
            (sum - x[s.parent[k]]).abs() <= tol,
            "player {p} information set {k}: actions sum to {sum}, parent has {}",
            x[s.parent[k]]
        );
    }
    assert!(x.iter().all(|&v| v >= 0.0), "negative realization weight");
}

fn check_tree(t: &ExtensiveGame) {
    let sf = sequence_form(t).unwrap();
    let sparse = float(lemke_with(t, false, Engine::Sparse).unwrap());
    let (_, regret) =
        behavior_regret(t, &BehaviorProfile::new(t, sparse.clone()).unwrap()).unwrap();
    assert!(regret <= 1e-9, "sparse regret {regret:e}");
    let dense = match lemke_with(t, true, Engine::Dense).unwrap() {
        SeqEq::Exact(b) => b,
        SeqEq::Float(_) => panic!("exact requested"),
    };
    let (_, exact_regret) = behavior_regret(t, &BehaviorProfile::new(t, dense).unwrap()).unwrap();
    assert_eq!(exact_regret, brink_games::Q::from_integer(0.into()));
    // Every start, unperturbed and perturbed, gives realization plans (or a clear failure that
    // the caller moves past); the Koller–Megiddo–von Stengel start is what the dense path runs.
    for start in [Start::Prior, Start::Pure(0), Start::Pure(1)] {
        for delta in [0.0, 1e-7] {
            match lemke_plans_sparse(&sf, start, delta) {
                Ok((plans, stats)) => {
                    assert_realization_plan(&sf, 0, &plans[0], 1e-9);
                    assert_realization_plan(&sf, 1, &plans[1], 1e-9);
                    assert!(
                        stats.clipped <= 1e-9,
                        "{start:?} {delta}: clipped {}",
                        stats.clipped
                    );
                }
                Err(e) => assert!(
                    matches!(e, brink_games::SolveError::NoConvergence { .. }),
                    "{start:?} {delta}: {e}"
                ),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    #[test]
    fn sparse_lemke_finds_verified_equilibria_on_random_trees(seed in any::<u64>(), depth in 2usize..6) {
        check_tree(&random_tree(seed, depth));
    }
}

#[test]
fn sparse_and_dense_agree_where_the_first_movers_play_is_determined() {
    // Matching pennies (worth at most 1 to P1) behind an outside option worth 2: in every
    // equilibrium P1 takes Out, and its unreached penny gets the centroid. (P2's penny is free.)
    use brink_games::num::{q, qi};
    use brink_games::TreeBuilder;
    let mut b = TreeBuilder::new("pennies with an outside option", &["P1", "P2"]);
    let k = b.decide(b.root(), 0, "enter?", &["Out", "In"]).unwrap();
    b.payoff(k[0], "out", vec![qi(2), qi(-2)]).unwrap();
    let h = b.decide(k[1], 0, "penny 1", &["H", "T"]).unwrap();
    let s2 = b.new_infoset(1, "penny 2", &["H", "T"]).unwrap();
    for (a, &n) in h.iter().enumerate() {
        let r = b.play(n, s2).unwrap();
        for (c, &m) in r.iter().enumerate() {
            let v = if a == c { 1 } else { -1 };
            b.payoff(m, "pennies", vec![qi(v), qi(-v)]).unwrap();
        }
    }
    let t = b.build().unwrap();
    let sparse = float(lemke_with(&t, false, Engine::Sparse).unwrap());
    let (_, regret) =
        behavior_regret(&t, &BehaviorProfile::new(&t, sparse.clone()).unwrap()).unwrap();
    assert!(regret <= 1e-12);
    let SeqEq::Exact(dense) = lemke_with(&t, true, Engine::Dense).unwrap() else {
        panic!("exact requested")
    };
    assert_eq!(
        dense[0],
        vec![vec![q(1, 1), q(0, 1)], vec![q(1, 2), q(1, 2)]]
    );
    assert_eq!(sparse[0], vec![vec![1.0, 0.0], vec![0.5, 0.5]]);
}

#[test]
fn exact_sparse_is_refused_clearly() {
    let t = random_tree(7, 3);
    let e = lemke_with(&t, true, Engine::Sparse).unwrap_err();
    assert!(e.to_string().contains("floating point"), "{e}");
}

#[test]
fn every_random_reference_tree_solves() {
    let Some(dir) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip("sparse Lemke on ../shared/reference/games/random/*.efg");
        return;
    };
    let dir = dir.join("reference/games/random");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "efg"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 14,
        "expected the 14 random trees in {}",
        dir.display()
    );
    for path in names {
        let g = load_file(&path).unwrap();
        let eqs = solve(&g, Method::Lcp, &Options::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(eqs[0].max_regret <= 1e-9, "{}", path.display());
        let AnyGame::Extensive(t) = &g else {
            panic!("a tree")
        };
        if t.nodes().len() > 9000 {
            // Too large for the exact dense tableau, which says so (exit code 1, not 3).
            let exact = Options {
                exact: true,
                ..Options::default()
            };
            let e = solve(&g, Method::Lcp, &exact).unwrap_err();
            assert!(matches!(e, brink_games::SolveError::TooLarge { .. }), "{e}");
            assert!(e.to_string().contains("without --exact"), "{e}");
        }
    }
}
