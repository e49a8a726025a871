//! The reduced strategic form of a tree, with Gambit's strategy order and labels: a player's
//! strategies list one action per information set the player's own earlier choices do not rule
//! out (`*` for those they do), the first information set varying slowest.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, NodeId, StrategicGame};
use crate::num::Q;
use num_traits::Zero;

/// A tree's reduced strategic form and, per player, what each strategy plays at each of the
/// player's information sets (`None` = unreachable under that strategy, printed `*`).
#[derive(Clone, Debug)]
pub struct ReducedForm {
    pub game: StrategicGame,
    pub plans: Vec<Vec<Vec<Option<usize>>>>,
}

/// Limits the work (profiles × nodes, each an exact rational payoff step) of building a reduced
/// form: 2·10⁷ takes seconds; 10× more took minutes with no end in sight on a 127-node tree.
const MAX_WORK: usize = 20_000_000;

/// Limits the memory of the plans themselves (strategies × information sets, summed over the
/// players; 16 bytes each): 2·10⁷ cells are 320 MB.
const MAX_PLAN_CELLS: usize = 20_000_000;

/// The most information sets one player may have for the reduced form to be enumerated (the
/// enumeration recurses once per information set).
const MAX_PLAYER_INFOSETS: usize = 10_000;

/// Refuses, in O(nodes), a tree whose reduced form would cost more than [`MAX_WORK`] just to
/// trace each decision's own-move path (Σ depth over decision nodes: quadratic on a deep chain)
/// or would recurse deeper than [`MAX_PLAYER_INFOSETS`].
fn check_size(tree: &ExtensiveGame) -> Result<(), SolveError> {
    let too_large = |why: String| Err(SolveError::too_large("reduced strategic form", why));
    if let Some(p) =
        (0..tree.num_players()).find(|&p| tree.player_infosets(p).len() > MAX_PLAYER_INFOSETS)
    {
        return too_large(format!(
            "player {} has {} information sets (at most {MAX_PLAYER_INFOSETS})",
            p + 1,
            tree.player_infosets(p).len()
        ));
    }
    // Nodes are in prefix order: a parent comes before its children.
    let mut depth = vec![0usize; tree.nodes().len()];
    let mut work = 0usize;
    for v in tree.node_ids() {
        if let Some((parent, _)) = tree.node(v).parent {
            depth[v.index()] = depth[parent.index()] + 1;
        }
        if tree.node(v).infoset.is_some() {
            work = work.saturating_add(depth[v.index()]);
        }
    }
    if work > MAX_WORK {
        return too_large(format!(
            "the tree is too deep ({} levels) to trace every decision's path",
            depth.iter().max().unwrap_or(&0)
        ));
    }
    Ok(())
}

/// Each player's reduced strategies in Gambit's order.
pub fn reduced_plans(tree: &ExtensiveGame) -> Result<Vec<Vec<Vec<Option<usize>>>>, SolveError> {
    check_size(tree)?;
    let mut all = vec![];
    for p in 0..tree.num_players() {
        let sets = tree.player_infosets(p);
        let pos_of = |i: InfosetId| sets.iter().position(|&s| s == i);
        // For each member of each of p's infosets: p's own (infoset position, action) on the path.
        let own_path = |mut n: NodeId| {
            let mut path = vec![];
            while let Some((parent, a)) = tree.node(n).parent {
                if let Some(Mover::Player(q)) = tree.mover(parent) {
                    if q == p {
                        path.push((
                            pos_of(tree.node(parent).infoset.expect("decision node"))
                                .expect("own infoset"),
                            a,
                        ));
                    }
                }
                n = parent;
            }
            path
        };
        let paths: Vec<Vec<Vec<(usize, usize)>>> = sets
            .iter()
            .map(|&i| {
                tree.infoset(i)
                    .members
                    .iter()
                    .map(|&h| own_path(h))
                    .collect()
            })
            .collect();
        let mut plans: Vec<Vec<Option<usize>>> = vec![];
        let mut current: Vec<Option<usize>> = vec![None; sets.len()];
        fn rec(
            k: usize,
            current: &mut Vec<Option<usize>>,
            plans: &mut Vec<Vec<Option<usize>>>,
            paths: &[Vec<Vec<(usize, usize)>>],
            actions: &[usize],
        ) -> Result<(), SolveError> {
            if k == current.len() {
                // Plans × information sets: the memory the plans take.
                if plans.len() >= 1_000_000
                    || plans.len().saturating_mul(current.len()) > MAX_WORK / 8
                {
                    return Err(SolveError::too_large(
                        "reduced strategic form",
                        "a player has over 1,000,000 reduced strategies",
                    ));
                }
                if (plans.len() + 1).saturating_mul(current.len().max(1)) > MAX_PLAN_CELLS {
                    return Err(SolveError::too_large(
                        "reduced strategic form",
                        format!(
                            "a player's reduced strategies over {} information sets exceed {MAX_PLAN_CELLS} entries (over {} strategies)",
                            current.len(),
                            plans.len()
                        ),
                    ));
                }
                plans.push(current.clone());
                return Ok(());
            }
            let reachable = paths[k]
                .iter()
                .any(|path| path.iter().all(|&(j, a)| current[j] == Some(a)));
            if reachable {
                for a in 0..actions[k] {
                    current[k] = Some(a);
                    rec(k + 1, current, plans, paths, actions)?;
                }
                current[k] = None;
            } else {
                rec(k + 1, current, plans, paths, actions)?;
            }
            Ok(())
        }
        let actions: Vec<usize> = sets
            .iter()
            .map(|&i| tree.infoset(i).actions.len())
            .collect();
        rec(0, &mut current, &mut plans, &paths, &actions)?;
        all.push(plans);
    }
    Ok(all)
}

/// Gambit's label of a reduced strategy: 1-based action digits, `*` where unreachable.
pub fn plan_label(plan: &[Option<usize>]) -> String {
    plan.iter()
        .map(|a| a.map_or("*".to_string(), |a| (a + 1).to_string()))
        .collect()
}

/// The expected payoffs of a profile of reduced strategies.
pub fn plan_payoffs(tree: &ExtensiveGame, plans: &[&[Option<usize>]], pos: &[usize]) -> Vec<Q> {
    let n = tree.num_players();
    let mut total = vec![Q::zero(); n];
    let one = Q::from_integer(1.into());
    let mut stack: Vec<(NodeId, Q)> = vec![(NodeId::ROOT, one)];
    while let Some((node, w)) = stack.pop() {
        let nd = tree.node(node);
        if let Some(o) = nd.outcome {
            for (t, x) in total.iter_mut().zip(&tree.outcome(o).payoffs) {
                *t += &w * x;
            }
        }
        let Some(i) = nd.infoset else { continue };
        let set = tree.infoset(i);
        match set.mover {
            Mover::Chance => {
                for (c, p) in nd.children.iter().zip(&set.probs) {
                    if !p.is_zero() {
                        stack.push((*c, &w * p));
                    }
                }
            }
            Mover::Player(p) => {
                if let Some(a) = plans[p][pos[i.index()]] {
                    stack.push((nd.children[a], w));
                }
            }
        }
    }
    total
}

/// The reduced strategic form (Gambit's strategy order and labels).
pub fn reduced_strategic_form(tree: &ExtensiveGame) -> Result<ReducedForm, SolveError> {
    let plans = reduced_plans(tree)?;
    let counts: Vec<usize> = plans.iter().map(Vec::len).collect();
    let profiles = counts
        .iter()
        .try_fold(1usize, |acc, &c| acc.checked_mul(c))
        .unwrap_or(usize::MAX);
    if profiles.saturating_mul(tree.nodes().len()) > MAX_WORK {
        return Err(SolveError::too_large(
            "reduced strategic form",
            format!("{profiles} strategy profiles over {} nodes; use a behaviour-strategy method (lcp, logit, spe)", tree.nodes().len()),
        ));
    }
    // Position of each infoset within its player's list.
    let mut pos = vec![0usize; tree.infosets().len()];
    for p in 0..tree.num_players() {
        for (k, &i) in tree.player_infosets(p).iter().enumerate() {
            pos[i.index()] = k;
        }
    }
    let labels: Vec<Vec<String>> = plans
        .iter()
        .map(|ps| ps.iter().map(|pl| plan_label(pl)).collect())
        .collect();
    let mut payoffs = Vec::with_capacity(profiles);
    let mut idx = vec![0usize; counts.len()];
    for _ in 0..profiles {
        let chosen: Vec<&[Option<usize>]> = idx
            .iter()
            .enumerate()
            .map(|(p, &s)| plans[p][s].as_slice())
            .collect();
        payoffs.push(plan_payoffs(tree, &chosen, &pos));
        // Player 1 fastest.
        for (p, i) in idx.iter_mut().enumerate() {
            *i += 1;
            if *i < counts[p] {
                break;
            }
            *i = 0;
        }
    }
    let mut game = StrategicGame::new(&tree.title, tree.players().to_vec(), labels, payoffs)
        .map_err(|e| SolveError::BadInput(e.to_string()))?;
    game.comment = tree.comment.clone();
    game.numbers = tree.numbers;
    Ok(ReducedForm { game, plans })
}
