//! Reading an equilibrium of a crisis game: the path of play, each decision reached with
//! positive probability and the actions played there. (The equilibria themselves come from
//! brink-games' [`brink_games::backward_induction`].)

use brink_games::{BackwardSolution as Solution, ExtensiveGame, Mover};

/// One step of an equilibrium path: a player's action played with positive probability at a
/// decision node reached with positive probability.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PathStep {
    pub player: String,
    pub infoset: String,
    pub action: String,
    pub prob: f64,
}

/// The equilibrium path: for every decision reached with positive probability, in node order,
/// each action played there with positive probability — each information set once (chance
/// moves left out; [`crate::analysis::moves`] has them).
pub fn path(game: &ExtensiveGame, sol: &Solution) -> Vec<PathStep> {
    const EPS: f64 = brink_games::tolerance::POSITIVE_PROB;
    let mut steps = vec![];
    let mut seen = vec![false; game.infosets().len()];
    for (node, n) in game.nodes().iter().enumerate() {
        let Some(set) = n.infoset else { continue };
        if sol.reach[node] <= EPS || std::mem::replace(&mut seen[set.index()], true) {
            continue;
        }
        let info = game.infoset(set);
        let Mover::Player(p) = info.mover else {
            continue;
        };
        for (a, &prob) in sol.probs(set).iter().enumerate() {
            if prob > EPS {
                steps.push(PathStep {
                    player: game.players()[p].clone(),
                    infoset: info.label.clone(),
                    action: info.actions[a].clone(),
                    prob,
                });
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patron::{build, PatronParams};
    use brink_games::{backward_induction as solve, Rule};
    use proptest::prelude::*;

    fn game(p: f64, gain: f64, commit: f64, transits: usize, signal: bool) -> ExtensiveGame {
        let mut params = PatronParams::reference(transits, gain);
        params.p_success = p;
        params.patron_commitment = commit;
        params.signal = signal;
        let mut names = vec!["A".to_string(), "B".into(), "C".into()];
        names.extend((1..=transits).map(|k| format!("T{k}")));
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        build(&params, &refs).unwrap().game
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Behaviour is a distribution at every information set, terminal reach sums to 1, the
        /// SPE leaves no one-shot deviation profitable, and values are the reach-weighted payoffs.
        #[test]
        fn solutions_are_consistent(
            p in 0.0f64..1.0, gain in -0.5f64..0.5, commit in 0.0f64..0.5,
            transits in 1usize..4, signal: bool, lambda in 0.0f64..50.0,
        ) {
            let g = game((p * 1000.0).round() / 1000.0, (gain * 1000.0).round() / 1000.0,
                (commit * 1000.0).round() / 1000.0, transits, signal);
            for rule in [Rule::Logit(lambda), Rule::Best] {
                let sol = solve(&g, rule).unwrap();
                for (_, b) in sol.behavior.infosets() {
                    prop_assert!((b.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                    prop_assert!(b.iter().all(|x| *x >= 0.0));
                }
                let payoffs = g.outcome_payoffs_f64();
                let mut reach_total = 0.0;
                let mut expected = vec![0.0; g.num_players()];
                for (node, n) in g.nodes().iter().enumerate() {
                    if let Some(o) = n.outcome {
                        for (e, x) in expected.iter_mut().zip(&payoffs[o.index()]) {
                            *e += sol.reach[node] * x;
                        }
                    }
                    if n.children.is_empty() {
                        reach_total += sol.reach[node];
                    }
                }
                prop_assert!((reach_total - 1.0).abs() < 1e-9);
                for (e, v) in expected.iter().zip(&sol.value[0]) {
                    prop_assert!((e - v).abs() < 1e-9);
                }
                if rule == Rule::Best {
                    prop_assert!(sol.max_regret < 1e-9);
                }
            }
        }
    }
}
