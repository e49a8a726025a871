//! Backward induction over information sets: the logit agent quantal response equilibrium at a
//! given λ and the subgame-perfect equilibrium, in one pass, for trees whose information sets
//! are told apart by chance alone.
//!
//! In such a tree (perfect information, or a player who does not see nature's draw, as in
//! Fearon's game) the beliefs at an information set are fixed by chance, and both equilibria
//! follow exactly from one backward pass: at each information set, the expected payoff of each
//! action given play below it, then logit choice (QRE) or the best actions (SPE; exact ties
//! mixed equally — the limit of the logit choice). This is exact and takes microseconds, which
//! is what a Monte Carlo over thousands of parameter draws needs. A game outside that class is
//! refused with a clear error; [`crate::agent_qre`] and [`crate::spe()`] cover it.
//!
//! ```
//! use brink_games::{backward_induction, num::qi, Rule, TreeBuilder};
//! let mut b = TreeBuilder::new("entry", &["Entrant", "Incumbent"]);
//! let kids = b.decide(b.root(), 0, "enter?", &["Out", "In"]).unwrap();
//! b.payoff(kids[0], "out", vec![qi(0), qi(2)]).unwrap();
//! let fight = b.decide(kids[1], 1, "fight?", &["Accommodate", "Fight"]).unwrap();
//! b.payoff(fight[0], "share", vec![qi(1), qi(1)]).unwrap();
//! b.payoff(fight[1], "war", vec![qi(-1), qi(-1)]).unwrap();
//! let game = b.build().unwrap();
//! // Subgame-perfect: the incumbent accommodates, so the entrant enters.
//! let spe = backward_induction(&game, Rule::Best).unwrap();
//! assert_eq!(spe.behavior[0], vec![0.0, 1.0]);
//! assert_eq!(spe.value[0], vec![1.0, 1.0]);
//! // Logit QRE at λ = 2: the incumbent accommodates with probability 1 / (1 + e⁻⁴).
//! let qre = backward_induction(&game, Rule::Logit(2.0)).unwrap();
//! assert!((qre.behavior[1][0] - 1.0 / (1.0 + (-4.0f64).exp())).abs() < 1e-12);
//! ```

use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, NodeId};
use crate::num::to_f64;
use crate::profiles::BehaviorProfile;

/// How a player chooses at an information set, given each action's expected payoff.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// Logit quantal response with rationality λ ≥ 0: `σ(a) ∝ exp(λ u(a))`.
    Logit(f64),
    /// Best response, ties mixed equally (subgame-perfect equilibrium).
    Best,
}

/// An equilibrium in behaviour strategies, with what follows from it. The vectors are indexed
/// by [`InfosetId::index`] and [`NodeId::index`]; [`BackwardSolution::probs`],
/// [`BackwardSolution::value_at`] and [`BackwardSolution::reach_of`] take the ids themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct BackwardSolution {
    /// The behaviour profile; [`BehaviorProfile::probs`] reads any information set's
    /// probabilities, chance's included.
    pub behavior: BehaviorProfile<f64>,
    /// Per node: each player's expected payoff from that node on (its own outcome included).
    pub value: Vec<Vec<f64>>,
    /// Per node: the probability that play reaches it.
    pub reach: Vec<f64>,
    /// The largest gain any player could make by changing its action at one information set
    /// (0 at a subgame-perfect equilibrium; positive at a QRE with finite λ).
    pub max_regret: f64,
}

impl BackwardSolution {
    /// The action probabilities at an information set (chance's are its own).
    pub fn probs(&self, infoset: InfosetId) -> &[f64] {
        self.behavior.probs(infoset)
    }
    /// Each player's expected payoff from `node` on.
    pub fn value_at(&self, node: NodeId) -> &[f64] {
        &self.value[node.index()]
    }
    /// The probability that play reaches `node`.
    pub fn reach_of(&self, node: NodeId) -> f64 {
        self.reach[node.index()]
    }
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
pub fn backward_induction(
    game: &ExtensiveGame,
    rule: Rule,
) -> Result<BackwardSolution, SolveError> {
    const METHOD: &str = "backward induction";
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
    for node in game.node_ids() {
        if let Some((parent, a)) = game.node(node).parent {
            let mut r = chance_reach[parent.index()];
            let set = game.infoset(game.node(parent).infoset.expect("a parent moves"));
            if set.mover == Mover::Chance {
                r *= to_f64(&set.probs[a]);
            }
            chance_reach[node.index()] = r;
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
        tie: crate::tolerance::BACKWARD_TIE * (range.1 - range.0).max(1.0),
    };
    solver
        .node_value(NodeId::ROOT)
        .map_err(|r| SolveError::not_applicable(METHOD, r))?;
    let mut reach = vec![0.0; n];
    reach[0] = 1.0;
    for node in game.node_ids().skip(1) {
        let (parent, a) = game.node(node).parent.expect("non-root nodes have parents");
        let set = game.node(parent).infoset.expect("a parent moves");
        reach[node.index()] = reach[parent.index()] * solver.behavior[set.index()][a];
    }
    Ok(BackwardSolution {
        value: solver
            .value
            .into_iter()
            .map(|v| v.expect("every node is valued"))
            .collect(),
        behavior: BehaviorProfile::from_infosets(game, solver.behavior)?,
        reach,
        max_regret: solver.regret,
    })
}

impl Solver<'_> {
    fn own(&self, node: NodeId) -> Vec<f64> {
        match self.game.node(node).outcome {
            Some(o) => self.outcome[o.index()].clone(),
            None => vec![0.0; self.game.num_players()],
        }
    }

    fn node_value(&mut self, node: NodeId) -> Result<Vec<f64>, String> {
        if let Some(v) = &self.value[node.index()] {
            return Ok(v.clone());
        }
        let mut v = self.own(node);
        if let Some(set) = self.game.node(node).infoset {
            if self.game.infoset(set).mover != Mover::Chance {
                self.decide(set)?;
            }
            let kids = self.game.node(node).children.clone();
            for (a, kid) in kids.into_iter().enumerate() {
                let p = self.behavior[set.index()][a];
                let kv = self.node_value(kid)?;
                if p > 0.0 {
                    for (x, y) in v.iter_mut().zip(&kv) {
                        *x += p * y;
                    }
                }
            }
        }
        self.value[node.index()] = Some(v.clone());
        Ok(v)
    }

    /// Chooses at information set `set` once every member's children are valued.
    fn decide(&mut self, set: InfosetId) -> Result<(), String> {
        match self.state[set.index()] {
            State::Done => return Ok(()),
            State::Busy => {
                return Err(format!(
                    "information set `{}` lies below itself through another information set",
                    self.game.infoset(set).label
                ))
            }
            State::Todo => self.state[set.index()] = State::Busy,
        }
        let info = self.game.infoset(set);
        let Mover::Player(player) = info.mover else {
            unreachable!("chance does not decide")
        };
        let members = info.members.clone();
        let k = info.actions.len();
        let mut u = vec![0.0; k];
        let total: f64 = members.iter().map(|&m| self.chance_reach[m.index()]).sum();
        for &m in &members {
            // A member nature never reaches carries no weight (unless none is reached).
            let w = if total > 0.0 {
                self.chance_reach[m.index()] / total
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
        self.behavior[set.index()] = sigma;
        self.state[set.index()] = State::Done;
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
                "the nodes of information set `{}` are told apart by players' moves, not only by chance, so its beliefs depend on strategies; use the general solvers (`agent_qre`, `spe`; `brink game solve`)",
                info.label
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::qi;
    use crate::TreeBuilder;

    #[test]
    fn beliefs_that_depend_on_strategies_are_refused() {
        // Player 2 does not see player 1's move: its beliefs depend on player 1's strategy.
        let mut b = TreeBuilder::new("matching", &["1", "2"]);
        let root = b.root();
        let kids = b.decide(root, 0, "1", &["H", "T"]).unwrap();
        let i = b.new_infoset(1, "2", &["h", "t"]).unwrap();
        for k in kids {
            for l in b.play(k, i).unwrap() {
                b.payoff(l, "", vec![qi(0), qi(0)]).unwrap();
            }
        }
        let g = b.build().unwrap();
        let err = backward_induction(&g, Rule::Best).unwrap_err();
        assert!(
            err.to_string().contains("told apart by players' moves"),
            "{err}"
        );
        assert!(backward_induction(&g, Rule::Logit(f64::NAN)).is_err());
        assert!(backward_induction(&g, Rule::Logit(-1.0)).is_err());
    }
}
