//! Solving crisis games: the logit agent quantal response equilibrium at a given λ and the
//! subgame-perfect equilibrium, by backward induction over information sets.
//!
//! Every crisis game of this library is a tree in which the nodes of an information set differ
//! only by chance moves (perfect information, or a player who does not see nature's draw, as in
//! Fearon's game). Then the beliefs at an information set are fixed by chance alone, and both
//! equilibria follow exactly from one backward pass: at each information set, the expected
//! payoff of each action given play below it, then logit choice (QRE) or the best actions
//! (SPE; exact ties mixed equally — the limit of the logit choice). This is exact and takes
//! microseconds, which is what a Monte Carlo over thousands of parameter draws needs. A game
//! outside that class is refused with a clear error; the game engine's general solvers cover it.

use brink_games::num::to_f64;
use brink_games::{ExtensiveGame, InfosetId, Mover, NodeId, SolveError};

/// How a player chooses at an information set, given each action's expected payoff.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// Logit quantal response with rationality λ ≥ 0: `σ(a) ∝ exp(λ u(a))`.
    Logit(f64),
    /// Best response, ties mixed equally (subgame-perfect equilibrium).
    Best,
}

/// An equilibrium in behaviour strategies, with what follows from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    /// Per information set (the game's order, chance included): the action probabilities.
    pub behavior: Vec<Vec<f64>>,
    /// Per node: each player's expected payoff from that node on (its own outcome included).
    pub value: Vec<Vec<f64>>,
    /// Per node: the probability that play reaches it.
    pub reach: Vec<f64>,
    /// The largest gain any player could make by changing its action at one information set
    /// (0 at a subgame-perfect equilibrium; positive at a QRE with finite λ).
    pub max_regret: f64,
}

enum State {
    Todo,
    Busy,
    Done,
}

struct Solver<'a> {
    game: &'a ExtensiveGame,
    rule: Rule,
    outcome: Vec<Vec<f64>>,
    chance_reach: Vec<f64>,
    value: Vec<Option<Vec<f64>>>,
    behavior: Vec<Vec<f64>>,
    state: Vec<State>,
    regret: f64,
    tie: f64,
}

/// Solves `game` under `rule`. Errors when an information set's nodes differ by a player's
/// move (beliefs would depend on strategies) or when λ is negative or not finite.
pub fn solve(game: &ExtensiveGame, rule: Rule) -> Result<Solution, SolveError> {
    const METHOD: &str = "crisis backward induction";
    if let Rule::Logit(l) = rule {
        if !(l.is_finite() && l >= 0.0) {
            return Err(SolveError::BadInput(format!(
                "the rationality λ must be a finite number ≥ 0, found {l}"
            )));
        }
    }
    check_beliefs_fixed_by_chance(game).map_err(|r| SolveError::not_applicable(METHOD, r))?;
    let n = game.nodes().len();
    let outcome = game.outcome_payoffs_f64();
    let range = outcome
        .iter()
        .flatten()
        .fold((0.0f64, 0.0f64), |(lo, hi), x| (lo.min(*x), hi.max(*x)));
    let mut chance_reach = vec![1.0; n];
    for node in 0..n {
        if let Some((parent, a)) = game.node(node).parent {
            let mut r = chance_reach[parent];
            let set = game.infoset(game.node(parent).infoset.expect("a parent moves"));
            if set.mover == Mover::Chance {
                r *= to_f64(&set.probs[a]);
            }
            chance_reach[node] = r;
        }
    }
    let behavior = game
        .infosets()
        .iter()
        .map(|s| s.probs.iter().map(to_f64).collect())
        .collect();
    let mut solver = Solver {
        game,
        rule,
        outcome,
        chance_reach,
        value: vec![None; n],
        behavior,
        state: game.infosets().iter().map(|_| State::Todo).collect(),
        regret: 0.0,
        tie: 1e-9 * (range.1 - range.0).max(1.0),
    };
    solver
        .node_value(0)
        .map_err(|r| SolveError::not_applicable(METHOD, r))?;
    let mut reach = vec![0.0; n];
    reach[0] = 1.0;
    for node in 1..n {
        let (parent, a) = game.node(node).parent.expect("non-root nodes have parents");
        let set = game.node(parent).infoset.expect("a parent moves");
        reach[node] = reach[parent] * solver.behavior[set][a];
    }
    Ok(Solution {
        value: solver
            .value
            .into_iter()
            .map(|v| v.expect("every node is valued"))
            .collect(),
        behavior: solver.behavior,
        reach,
        max_regret: solver.regret,
    })
}

impl Solver<'_> {
    fn own(&self, node: NodeId) -> Vec<f64> {
        match self.game.node(node).outcome {
            Some(o) => self.outcome[o].clone(),
            None => vec![0.0; self.game.num_players()],
        }
    }

    fn node_value(&mut self, node: NodeId) -> Result<Vec<f64>, String> {
        if let Some(v) = &self.value[node] {
            return Ok(v.clone());
        }
        let mut v = self.own(node);
        if let Some(set) = self.game.node(node).infoset {
            if self.game.infoset(set).mover != Mover::Chance {
                self.decide(set)?;
            }
            let kids = self.game.node(node).children.clone();
            for (a, kid) in kids.into_iter().enumerate() {
                let p = self.behavior[set][a];
                let kv = self.node_value(kid)?;
                if p > 0.0 {
                    for (x, y) in v.iter_mut().zip(&kv) {
                        *x += p * y;
                    }
                }
            }
        }
        self.value[node] = Some(v.clone());
        Ok(v)
    }

    /// Chooses at information set `set` once every member's children are valued.
    fn decide(&mut self, set: InfosetId) -> Result<(), String> {
        match self.state[set] {
            State::Done => return Ok(()),
            State::Busy => {
                return Err(format!(
                    "information set `{}` lies below itself through another information set",
                    self.game.infoset(set).label
                ))
            }
            State::Todo => self.state[set] = State::Busy,
        }
        let info = self.game.infoset(set);
        let Mover::Player(player) = info.mover else {
            unreachable!("chance does not decide")
        };
        let members = info.members.clone();
        let k = info.actions.len();
        let mut u = vec![0.0; k];
        let total: f64 = members.iter().map(|&m| self.chance_reach[m]).sum();
        for &m in &members {
            // A member nature never reaches carries no weight (unless none is reached).
            let w = if total > 0.0 {
                self.chance_reach[m] / total
            } else {
                1.0 / members.len() as f64
            };
            let kids = self.game.node(m).children.clone();
            for (a, kid) in kids.into_iter().enumerate() {
                let kv = self.node_value(kid)?;
                u[a] += w * kv[player];
            }
        }
        let best = u.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let sigma: Vec<f64> = match self.rule {
            Rule::Logit(lambda) => {
                let e: Vec<f64> = u.iter().map(|x| (lambda * (x - best)).exp()).collect();
                let s: f64 = e.iter().sum();
                e.into_iter().map(|x| x / s).collect()
            }
            Rule::Best => {
                let top: Vec<bool> = u.iter().map(|x| best - x <= self.tie).collect();
                let count = top.iter().filter(|t| **t).count() as f64;
                top.into_iter()
                    .map(|t| if t { 1.0 / count } else { 0.0 })
                    .collect()
            }
        };
        let expected: f64 = sigma.iter().zip(&u).map(|(s, x)| s * x).sum();
        self.regret = self.regret.max(best - expected);
        self.behavior[set] = sigma;
        self.state[set] = State::Done;
        Ok(())
    }
}

/// Checks that the nodes of every player's information set are reached by the same player
/// moves (so that only chance tells them apart).
fn check_beliefs_fixed_by_chance(game: &ExtensiveGame) -> Result<(), String> {
    let moves = |mut node: NodeId| {
        let mut seq = vec![];
        while let Some((p, a)) = game.node(node).parent {
            let set = game.node(p).infoset.expect("a parent moves");
            if game.infoset(set).mover != Mover::Chance {
                seq.push((set, a));
            }
            node = p;
        }
        seq.sort_unstable();
        seq
    };
    for info in game.infosets() {
        if info.mover == Mover::Chance || info.members.len() < 2 {
            continue;
        }
        let first = moves(info.members[0]);
        if info.members[1..].iter().any(|&m| moves(m) != first) {
            return Err(format!(
                "the nodes of information set `{}` are told apart by players' moves, not only by chance, so its beliefs depend on strategies; use the game engine's general solvers (`brink game solve`)",
                info.label
            ));
        }
    }
    Ok(())
}

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
    const EPS: f64 = 1e-12;
    let mut steps = vec![];
    let mut seen = vec![false; game.infosets().len()];
    for (node, n) in game.nodes().iter().enumerate() {
        let Some(set) = n.infoset else { continue };
        if sol.reach[node] <= EPS || std::mem::replace(&mut seen[set], true) {
            continue;
        }
        let info = game.infoset(set);
        let Mover::Player(p) = info.mover else {
            continue;
        };
        for (a, &prob) in sol.behavior[set].iter().enumerate() {
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
                for b in &sol.behavior {
                    prop_assert!((b.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                    prop_assert!(b.iter().all(|x| *x >= 0.0));
                }
                let payoffs = g.outcome_payoffs_f64();
                let mut reach_total = 0.0;
                let mut expected = vec![0.0; g.num_players()];
                for (node, n) in g.nodes().iter().enumerate() {
                    if let Some(o) = n.outcome {
                        for (e, x) in expected.iter_mut().zip(&payoffs[o]) {
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

    #[test]
    fn beliefs_that_depend_on_strategies_are_refused() {
        // Player 2 does not see player 1's move: its beliefs depend on player 1's strategy.
        let mut b = brink_games::TreeBuilder::new("matching", &["1", "2"]);
        let root = b.root();
        let kids = b.decide(root, 0, "1", &["H", "T"]).unwrap();
        let i = b.new_infoset(1, "2", &["h", "t"]).unwrap();
        for k in kids {
            let leaves = b.play(k, i).unwrap();
            for l in leaves {
                b.payoff(
                    l,
                    "",
                    vec![brink_games::num::qi(0), brink_games::num::qi(0)],
                )
                .unwrap();
            }
        }
        let g = b.build().unwrap();
        let err = solve(&g, Rule::Best).unwrap_err();
        assert!(
            err.to_string().contains("told apart by players' moves"),
            "{err}"
        );
        assert!(solve(&game(0.8, 0.3, 0.0, 1, false), Rule::Logit(f64::NAN)).is_err());
    }
}
