//! Subgame-perfect equilibrium — what Gambit lacks. Every proper subgame is solved bottom-up;
//! a subgame whose only decision is at its root (perfect information, chance allowed) is solved
//! exactly by backward induction; one with imperfect information inside is solved by the limit
//! of its agent logit QRE (an approximation of a sequential equilibrium), and its value is
//! passed up.

use crate::equilibrium::{behavior_exact, behavior_f64, Equilibrium};
use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, NodeId, TreeBuilder};
use crate::num::to_f64;
use crate::num::{q_from_f64, Q};
use crate::profiles::BehaviorProfile;
use crate::solve::Method;
use crate::solvers::logit;
use crate::AnyGame;
use num_traits::{One, Signed, Zero};
use std::collections::HashMap;

/// A subgame-perfect behaviour profile (`[player][information set][action]`, exact when every
/// subgame was solved by backward induction) and notes on how each part was found.
#[derive(Clone, Debug)]
pub struct SpeProfile {
    /// The profile (uniform at information sets no subgame reaches).
    pub behavior: BehaviorProfile<Q>,
    /// True when every subgame was solved exactly (backward induction).
    pub exact: bool,
    /// Notes: ties broken, subgames solved by the QRE limit.
    pub notes: Vec<String>,
}

/// One subgame-perfect equilibrium of a tree as a verified [`Equilibrium`] (exact where every
/// subgame has perfect information), with notes on ties and approximated subgames.
///
/// ```
/// use brink_games::{spe_solve, num::qi, AnyGame, TreeBuilder};
/// let mut b = TreeBuilder::new("entry", &["Entrant", "Incumbent"]);
/// let kids = b.decide(b.root(), 0, "enter?", &["Out", "In"]).unwrap();
/// b.payoff(kids[0], "out", vec![qi(0), qi(2)]).unwrap();
/// let fight = b.decide(kids[1], 1, "fight?", &["Accommodate", "Fight"]).unwrap();
/// b.payoff(fight[0], "share", vec![qi(1), qi(1)]).unwrap();
/// b.payoff(fight[1], "war", vec![qi(-1), qi(-1)]).unwrap();
/// let game = AnyGame::Extensive(b.build().unwrap());
/// let eq = &spe_solve(&game).unwrap()[0];
/// // The entrant enters, the incumbent accommodates (Nash would also allow the threat).
/// assert_eq!(eq.profile[0], [0.0, 1.0]);
/// assert_eq!(eq.profile[1], [1.0, 0.0]);
/// // The same as a behaviour profile: (player, information set, action).
/// assert_eq!(eq.behavior().unwrap()[(1, 0, 0)], 1.0);
/// assert_eq!(eq.max_regret, 0.0);
/// ```
pub fn spe_solve(game: &AnyGame) -> Result<Vec<Equilibrium>, SolveError> {
    let method = Method::Spe;
    let AnyGame::Extensive(tree) = game else {
        return Err(SolveError::not_applicable(
            method.name(),
            "a strategic game has no proper subgames; its subgame-perfect equilibria are its Nash equilibria (use enumpure or enummixed)",
        ));
    };
    let s = spe(tree)?;
    let mut e = if s.exact {
        behavior_exact(tree, s.behavior.to_nested(), method)?
    } else {
        behavior_f64(tree, s.behavior.map(to_f64).to_nested(), method, true)?
    };
    e.notes = s.notes;
    Ok(vec![e])
}

/// Roots of the subgames: nodes whose subtree holds every information set it touches whole.
pub fn subgame_roots(tree: &ExtensiveGame) -> Vec<bool> {
    let n = tree.nodes().len();
    let mut lo = vec![usize::MAX; n];
    let mut hi = vec![0usize; n];
    let mut size = vec![1usize; n];
    let ranges: Vec<(usize, usize)> = tree
        .infosets()
        .iter()
        .map(|s| {
            (
                s.members.iter().min().expect("member").index(),
                s.members.iter().max().expect("member").index(),
            )
        })
        .collect();
    for node in (0..n).rev() {
        let nd = &tree.nodes()[node];
        if let Some(i) = nd.infoset {
            lo[node] = lo[node].min(ranges[i.index()].0);
            hi[node] = hi[node].max(ranges[i.index()].1);
        }
        for c in nd.children.iter().map(|c| c.index()) {
            lo[node] = lo[node].min(lo[c]);
            hi[node] = hi[node].max(hi[c]);
            size[node] += size[c];
        }
    }
    (0..n)
        .map(|v| lo[v] == usize::MAX || (lo[v] >= v && hi[v] < v + size[v]))
        .collect()
}

/// Computes a subgame-perfect equilibrium.
pub fn spe(tree: &ExtensiveGame) -> Result<SpeProfile, SolveError> {
    let roots = subgame_roots(tree);
    let n = tree.nodes().len();
    let mut value: Vec<Option<Vec<Q>>> = vec![None; n];
    let mut choice: Vec<Option<Vec<Q>>> = vec![None; tree.infosets().len()];
    let mut exact = true;
    let mut notes = vec![];
    for r in tree
        .node_ids()
        .rev()
        .filter(|&v| roots[v.index()] && !tree.is_terminal(v))
    {
        // The local game: nodes below r down to (and cut at) the next subgame roots.
        let mut local = vec![];
        let mut stack = vec![r];
        while let Some(v) = stack.pop() {
            local.push(v);
            for &c in &tree.node(v).children {
                if !roots[c.index()] {
                    stack.push(c);
                }
            }
        }
        let mut decider_sets: Vec<InfosetId> = local
            .iter()
            .filter(|&&v| matches!(tree.mover(v), Some(Mover::Player(_))))
            .filter_map(|&v| tree.node(v).infoset)
            .collect();
        decider_sets.sort_unstable();
        decider_sets.dedup();
        if decider_sets.len() <= 1 {
            // At most one information set decides here (chance around it): each action's value
            // is an exact expectation, and the mover takes the best.
            let own_root = tree.node_payoffs(r);
            let _ = own_root;
            match decider_sets.first() {
                None => {
                    value[r.index()] = Some(expected_value(tree, r, r, &roots, &value, None));
                }
                Some(&i) => {
                    let set = tree.infoset(i);
                    let Mover::Player(p) = set.mover else {
                        unreachable!("player infoset")
                    };
                    let action_values: Vec<Vec<Q>> = (0..set.actions.len())
                        .map(|a| expected_value(tree, r, r, &roots, &value, Some((i, a))))
                        .collect();
                    let mut best = 0;
                    for a in 1..action_values.len() {
                        if action_values[a][p] > action_values[best][p] {
                            best = a;
                        }
                    }
                    let tied: Vec<&str> = (0..action_values.len())
                        .filter(|&a| a != best && action_values[a][p] == action_values[best][p])
                        .map(|a| set.actions[a].as_str())
                        .collect();
                    if !tied.is_empty() {
                        notes.push(format!(
                            "{} is indifferent at `{}` between `{}` and {}; brink plays the first",
                            tree.players()[p],
                            set.label,
                            set.actions[best],
                            tied.iter()
                                .map(|t| format!("`{t}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    let mut probs = vec![Q::zero(); set.actions.len()];
                    probs[best] = Q::one();
                    choice[i.index()] = Some(probs);
                    value[r.index()] = Some(action_values[best].clone());
                }
            }
        } else {
            // Imperfect information inside: the limit of the agent QRE of the local game.
            // The QRE path computes in f64 (λ·payoff): payoffs near f64's limits (±1e308)
            // overflow it into a meaningless 50/50 mix. Solve the local game in units of the
            // largest payoff (the limit does not change under a common positive scaling).
            let scale = payoff_scale(tree, &value);
            let (sub, node_map, infoset_map) = local_game(tree, r, &roots, &value, &scale)?;
            let beh = logit::agent_limit(&sub)?;
            exact = false;
            notes.push(format!(
                "the subgame at node {} has imperfect information inside: solved by the limit of its agent logit QRE (≈ sequential equilibrium)",
                r.index() + 1
            ));
            let pos = crate::profile::infoset_positions(&sub);
            for (&old, &new) in &infoset_map {
                if let Some((p, k)) = pos[new.index()] {
                    choice[old.index()] = Some(
                        beh.infoset(p, k)
                            .iter()
                            .map(|&x| q_from_f64(x).unwrap_or_else(Q::zero))
                            .collect(),
                    );
                }
            }
            let _ = node_map;
            let pays = crate::profile::behavior_payoffs(&sub, &beh);
            value[r.index()] = Some(
                pays.iter()
                    .map(|&x| q_from_f64(x).unwrap_or_else(Q::zero) * &scale)
                    .collect(),
            );
        }
    }
    let behavior = (0..tree.num_players())
        .map(|p| {
            tree.player_infosets(p)
                .iter()
                .map(|&i| {
                    choice[i.index()].clone().unwrap_or_else(|| {
                        let k = tree.infoset(i).actions.len();
                        vec![Q::new(1.into(), (k as i64).into()); k]
                    })
                })
                .collect()
        })
        .collect();
    Ok(SpeProfile {
        behavior: BehaviorProfile::new(tree, behavior)?,
        exact,
        notes,
    })
}

/// Expected payoff vector of the subtree at `node` (inside the local game rooted at `top`):
/// solved subgame roots below count their value, chance averages, and the one deciding
/// information set (if any) plays the given action.
fn expected_value(
    tree: &ExtensiveGame,
    top: NodeId,
    node: NodeId,
    roots: &[bool],
    value: &[Option<Vec<Q>>],
    choice: Option<(InfosetId, usize)>,
) -> Vec<Q> {
    if node != top && roots[node.index()] {
        if let Some(v) = &value[node.index()] {
            return v.clone();
        }
    }
    let mut v = tree.node_payoffs(node);
    if let Some(i) = tree.node(node).infoset {
        let set = tree.infoset(i);
        let kids = &tree.node(node).children;
        match (set.mover, choice) {
            (Mover::Chance, _) => {
                for (c, p) in kids.iter().zip(&set.probs) {
                    let cv = expected_value(tree, top, *c, roots, value, choice);
                    for (x, y) in v.iter_mut().zip(&cv) {
                        *x += p * y;
                    }
                }
            }
            (Mover::Player(_), Some((ci, a))) if ci == i => {
                let cv = expected_value(tree, top, kids[a], roots, value, choice);
                for (x, y) in v.iter_mut().zip(&cv) {
                    *x += y;
                }
            }
            (Mover::Player(_), _) => {
                unreachable!("only the deciding information set moves in this local game")
            }
        }
    }
    v
}

type Maps = (
    ExtensiveGame,
    HashMap<NodeId, NodeId>,
    HashMap<InfosetId, InfosetId>,
);

/// The unit local games are solved in: 1, or the largest payoff magnitude of the tree (and of
/// the subgame values found so far) when it exceeds 10⁹, so that f64 arithmetic stays finite.
fn payoff_scale(tree: &ExtensiveGame, value: &[Option<Vec<Q>>]) -> Q {
    let largest = tree
        .outcomes()
        .iter()
        .flat_map(|o| o.payoffs.iter())
        .chain(value.iter().flatten().flatten())
        .map(|x| x.abs())
        .max()
        .unwrap_or_else(Q::zero);
    if largest > Q::from_integer(1_000_000_000.into()) {
        largest
    } else {
        Q::one()
    }
}

/// The game rooted at `r`, cut at solved subgame roots (which become terminals with their value),
/// payoffs divided by `scale`.
fn local_game(
    tree: &ExtensiveGame,
    r: NodeId,
    roots: &[bool],
    value: &[Option<Vec<Q>>],
    scale: &Q,
) -> Result<Maps, SolveError> {
    let scaled = |v: &[Q]| -> Vec<Q> { v.iter().map(|x| x / scale).collect() };
    let names: Vec<&str> = tree.players().iter().map(String::as_str).collect();
    let mut b = TreeBuilder::new(&format!("subgame at node {}", r.index() + 1), &names);
    let mut node_map = HashMap::new();
    let mut infoset_map: HashMap<InfosetId, InfosetId> = HashMap::new();
    let bad = |e: crate::error::BuildError| SolveError::BadInput(e.to_string());
    let mut stack = vec![(r, b.root())];
    while let Some((old, new)) = stack.pop() {
        node_map.insert(old, new);
        let nd = tree.node(old);
        if old != r && roots[old.index()] && !tree.is_terminal(old) {
            let v = value[old.index()].as_deref().expect("solved below");
            b.payoff(new, "subgame value", scaled(v)).map_err(bad)?;
            continue;
        }
        if let Some(o) = nd.outcome {
            let out = tree.outcome(o);
            b.payoff(new, &out.label, scaled(&out.payoffs))
                .map_err(bad)?;
        }
        let Some(i) = nd.infoset else { continue };
        let set = tree.infoset(i);
        let ni = match infoset_map.get(&i) {
            Some(&ni) => ni,
            None => {
                let ni = match set.mover {
                    Mover::Chance => {
                        let acts: Vec<(&str, Q)> = set
                            .actions
                            .iter()
                            .map(String::as_str)
                            .zip(set.probs.iter().cloned())
                            .collect();
                        b.new_chance_infoset(&set.label, &acts).map_err(bad)?
                    }
                    Mover::Player(p) => {
                        let acts: Vec<&str> = set.actions.iter().map(String::as_str).collect();
                        b.new_infoset(p, &set.label, &acts).map_err(bad)?
                    }
                };
                infoset_map.insert(i, ni);
                ni
            }
        };
        let kids = b.play(new, ni).map_err(bad)?;
        for (c, k) in nd.children.iter().zip(kids) {
            stack.push((*c, k));
        }
    }
    let sub = b.build().map_err(bad)?;
    // build() renumbers; recover the maps by walking both trees in prefix order.
    let mut order_old = vec![];
    let mut stack = vec![r];
    while let Some(v) = stack.pop() {
        order_old.push(v);
        if v != r && roots[v.index()] && !tree.is_terminal(v) {
            continue;
        }
        for &c in tree.node(v).children.iter().rev() {
            stack.push(c);
        }
    }
    let node_map: HashMap<NodeId, NodeId> = order_old
        .iter()
        .enumerate()
        .map(|(k, &v)| (v, NodeId::new(k)))
        .collect();
    let mut infoset_map = HashMap::new();
    for (&old, &new) in &node_map {
        if let (Some(i), Some(j)) = (tree.node(old).infoset, sub.node(new).infoset) {
            if !(old != r && roots[old.index()] && !tree.is_terminal(old)) {
                infoset_map.insert(i, j);
            }
        }
    }
    Ok((sub, node_map, infoset_map))
}
