//! Evaluating strategy profiles: expected payoffs, each strategy's value against the others, and
//! the maximum regret (how much the most tempted player gains by deviating) — for mixed profiles
//! of strategic games and behaviour profiles of trees, in `f64` or exactly.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, NodeId, StrategicGame};
use crate::profiles::BehaviorProfile;
use crate::reduce::ReducedForm;
use crate::scalar::Scalar;

/// `u_p(s, σ_{-p})` for every player `p` and strategy `s`.
pub fn strategy_values<T: Scalar>(
    game: &StrategicGame,
    table: &[T],
    sigma: &[Vec<T>],
) -> Vec<Vec<T>> {
    let n = game.num_players();
    let counts = game.num_strategies();
    let mut values: Vec<Vec<T>> = counts.iter().map(|&c| vec![T::zero(); c]).collect();
    let mut idx = vec![0usize; n];
    for k in 0..game.num_profiles() {
        for p in 0..n {
            let mut w = T::one();
            for q in 0..n {
                if q != p {
                    w = w * sigma[q][idx[q]].clone();
                }
            }
            if w != T::zero() {
                let v = values[p][idx[p]].clone() + w * table[k * n + p].clone();
                values[p][idx[p]] = v;
            }
        }
        for (p, i) in idx.iter_mut().enumerate() {
            *i += 1;
            if *i < counts[p] {
                break;
            }
            *i = 0;
        }
    }
    values
}

/// Expected payoffs and maximum regret of a mixed profile of a strategic game.
pub fn strategic_regret<T: Scalar>(
    game: &StrategicGame,
    table: &[T],
    sigma: &[Vec<T>],
) -> (Vec<T>, T) {
    let values = strategy_values(game, table, sigma);
    let mut payoffs = vec![];
    let mut regret = T::zero();
    for (p, vals) in values.iter().enumerate() {
        let mut u = T::zero();
        let mut best = vals[0].clone();
        for (s, v) in vals.iter().enumerate() {
            u = u + sigma[p][s].clone() * v.clone();
            if *v > best {
                best = v.clone();
            }
        }
        let r = best - u.clone();
        if r > regret {
            regret = r;
        }
        payoffs.push(u);
    }
    (payoffs, regret)
}

/// Where each information set sits in its player's list: `(player, position)`, or `None` for chance.
pub fn infoset_positions(tree: &ExtensiveGame) -> Vec<Option<(usize, usize)>> {
    let mut pos = vec![None; tree.infosets().len()];
    for p in 0..tree.num_players() {
        for (k, &i) in tree.player_infosets(p).iter().enumerate() {
            pos[i.index()] = Some((p, k));
        }
    }
    pos
}

/// A behaviour profile as solvers build it: `[player][information set in the player's
/// order][action]` (wrapped into a [`BehaviorProfile`] before it leaves them).
pub(crate) type Behavior<T> = Vec<Vec<Vec<T>>>;

/// The probability of action `a` at `node` under the profile (chance uses its own probabilities).
fn action_prob<T: Scalar>(
    tree: &ExtensiveGame,
    beh: &BehaviorProfile<T>,
    node: NodeId,
    a: usize,
) -> T {
    let i = tree.node(node).infoset.expect("decision node");
    beh.probs(i)[a].clone()
}

/// Expected payoffs of a behaviour profile.
pub fn behavior_payoffs<T: Scalar>(tree: &ExtensiveGame, beh: &BehaviorProfile<T>) -> Vec<T> {
    let n = tree.num_players();
    let mut total = vec![T::zero(); n];
    let mut stack: Vec<(NodeId, T)> = vec![(NodeId::ROOT, T::one())];
    while let Some((node, w)) = stack.pop() {
        let nd = tree.node(node);
        if let Some(o) = nd.outcome {
            for (t, x) in total.iter_mut().zip(&tree.outcome(o).payoffs) {
                *t = t.clone() + w.clone() * T::from_q(x);
            }
        }
        if nd.infoset.is_some() {
            for (a, &c) in nd.children.iter().enumerate() {
                let pr = action_prob(tree, beh, node, a);
                if pr != T::zero() {
                    stack.push((c, w.clone() * pr));
                }
            }
        }
    }
    total
}

/// The value to `player` of a best response to the others' behaviour (perfect recall assumed;
/// an information-set cycle, possible only without it, is reported as not applicable).
pub fn best_response_value<T: Scalar>(
    tree: &ExtensiveGame,
    beh: &BehaviorProfile<T>,
    player: usize,
) -> Result<T, SolveError> {
    let nodes = tree.nodes().len();
    // Reach probability of each node through chance and the other players.
    let mut reach = vec![T::zero(); nodes];
    reach[0] = T::one();
    for node in tree.node_ids() {
        let nd = tree.node(node);
        if let Some(i) = nd.infoset {
            for (a, &c) in nd.children.iter().enumerate() {
                reach[c.index()] = if tree.infoset(i).mover == Mover::Player(player) {
                    reach[node.index()].clone()
                } else {
                    reach[node.index()].clone() * action_prob(tree, beh, node, a)
                };
            }
        }
    }
    struct Ctx<'a, T> {
        tree: &'a ExtensiveGame,
        beh: &'a BehaviorProfile<T>,
        reach: Vec<T>,
        player: usize,
        w: Vec<Option<T>>,
        best: Vec<Option<usize>>,
        busy: Vec<bool>,
    }
    fn w<T: Scalar>(c: &mut Ctx<T>, node: NodeId, depth: usize) -> Result<T, SolveError> {
        if let Some(v) = &c.w[node.index()] {
            return Ok(v.clone());
        }
        if depth > 100_000 {
            return Err(SolveError::too_large(
                "best response",
                "the tree is deeper than 100,000 nodes",
            ));
        }
        let tree = c.tree;
        let nd = tree.node(node);
        let mut v = match nd.outcome {
            Some(o) => T::from_q(&tree.outcome(o).payoffs[c.player]),
            None => T::zero(),
        };
        if let Some(i) = nd.infoset {
            if tree.infoset(i).mover == Mover::Player(c.player) {
                let a = best_action(c, i, depth)?;
                v = v + w(c, nd.children[a], depth + 1)?;
            } else {
                for (a, &ch) in nd.children.iter().enumerate() {
                    let pr = action_prob(tree, c.beh, node, a);
                    if pr != T::zero() {
                        v = v + pr * w(c, ch, depth + 1)?;
                    }
                }
            }
        }
        c.w[node.index()] = Some(v.clone());
        Ok(v)
    }
    fn best_action<T: Scalar>(
        c: &mut Ctx<T>,
        i: InfosetId,
        depth: usize,
    ) -> Result<usize, SolveError> {
        if let Some(a) = c.best[i.index()] {
            return Ok(a);
        }
        if c.busy[i.index()] {
            return Err(SolveError::not_applicable(
                "best response",
                "the tree does not have perfect recall",
            ));
        }
        c.busy[i.index()] = true;
        let set = c.tree.infoset(i);
        let mut best = (0usize, None::<T>);
        for a in 0..set.actions.len() {
            let mut total = T::zero();
            for &h in &set.members {
                let r = c.reach[h.index()].clone();
                if r != T::zero() {
                    total = total + r * w(c, c.tree.node(h).children[a], depth + 1)?;
                }
            }
            if best.1.as_ref().is_none_or(|b| total > *b) {
                best = (a, Some(total));
            }
        }
        c.busy[i.index()] = false;
        c.best[i.index()] = Some(best.0);
        Ok(best.0)
    }
    let mut ctx = Ctx {
        tree,
        beh,
        reach,
        player,
        w: vec![None; nodes],
        best: vec![None; tree.infosets().len()],
        busy: vec![false; tree.infosets().len()],
    };
    w(&mut ctx, NodeId::ROOT, 0)
}

/// Expected payoffs and maximum regret (Nash) of a behaviour profile.
pub fn behavior_regret<T: Scalar>(
    tree: &ExtensiveGame,
    beh: &BehaviorProfile<T>,
) -> Result<(Vec<T>, T), SolveError> {
    let payoffs = behavior_payoffs(tree, beh);
    let mut regret = T::zero();
    for (p, u) in payoffs.iter().enumerate() {
        let r = best_response_value(tree, beh, p)? - u.clone();
        if r > regret {
            regret = r;
        }
    }
    Ok((payoffs, regret))
}

/// Kuhn's map from a mixed strategy over reduced strategies to behaviour (uniform where the
/// player's own play never reaches an information set).
pub fn mixed_to_behavior<T: Scalar>(
    tree: &ExtensiveGame,
    reduced: &ReducedForm,
    sigma: &[Vec<T>],
) -> BehaviorProfile<T> {
    let nested = (0..tree.num_players())
        .map(|p| {
            tree.player_infosets(p)
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let l = tree.infoset(i).actions.len();
                    let mut num = vec![T::zero(); l];
                    let mut den = T::zero();
                    for (s, plan) in reduced.plans[p].iter().enumerate() {
                        if let Some(a) = plan[k] {
                            num[a] = num[a].clone() + sigma[p][s].clone();
                            den = den.clone() + sigma[p][s].clone();
                        }
                    }
                    if den == T::zero() {
                        let mut u = T::zero();
                        let mut c = T::zero();
                        for _ in 0..l {
                            c = c + T::one();
                        }
                        u = u + T::one();
                        vec![u / c; l]
                    } else {
                        num.into_iter().map(|x| x / den.clone()).collect()
                    }
                })
                .collect()
        })
        .collect();
    BehaviorProfile::new(tree, nested).expect("built in the tree's shape")
}
