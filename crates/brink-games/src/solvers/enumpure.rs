//! `enumpure` and `enumpure-agent`: every pure-strategy Nash equilibrium, exactly.
//!
//! `enumpure` checks every pure profile of a strategic game (of a tree: of its reduced strategic
//! form) for a profitable unilateral deviation, like Gambit's `enumpure`. `enumpure-agent`
//! does the same on a tree's agent form: a pure behaviour profile where no single information
//! set's agent gains by switching action.
//!
//! ```
//! use brink_games::{enumpure_solve, num::qi, AnyGame, StrategicGame};
//! // A coordination game: both (0, 0) and (1, 1) are pure equilibria.
//! let a = vec![vec![qi(2), qi(0)], vec![qi(0), qi(1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("coordination", &a, &a));
//! let eqs = enumpure_solve(&game).unwrap();
//! assert_eq!(eqs.len(), 2);
//! let pure = eqs[0].mixed().unwrap();
//! assert_eq!((pure[(0, 0)], pure[(1, 0)]), (1.0, 1.0));
//! assert_eq!(eqs[1].payoffs, vec![1.0, 1.0]);
//! ```

use crate::equilibrium::{behavior_exact, strategic_exact, Equilibrium};
use crate::error::SolveError;
use crate::model::{ExtensiveGame, StrategicGame};
use crate::num::Q;
use crate::profile::{behavior_payoffs, Behavior};
use crate::profiles::BehaviorProfile;
use crate::solve::Method;
use crate::AnyGame;
use num_traits::{One, Zero};

/// All pure-strategy equilibria of a strategic game, or of a tree's reduced strategic form,
/// in profile order (player 1 fastest), each as a verified exact [`Equilibrium`].
pub fn enumpure_solve(game: &AnyGame) -> Result<Vec<Equilibrium>, SolveError> {
    let strategic = game.strategic_form()?;
    let game = strategic.as_ref();
    let counts = game.num_strategies();
    enum_pure(game)
        .iter()
        .map(|p| strategic_exact(game, pure_to_mixed(&counts, p), Method::EnumPure))
        .collect()
}

/// All pure equilibria of a tree's agent form, each as a verified exact [`Equilibrium`].
pub fn enumpure_agent_solve(game: &AnyGame) -> Result<Vec<Equilibrium>, SolveError> {
    match game {
        AnyGame::Extensive(tree) => enum_pure_agent(tree)?
            .into_iter()
            .map(|b| behavior_exact(tree, b.to_nested(), Method::EnumPureAgent))
            .collect(),
        AnyGame::Strategic(_) => Err(SolveError::not_applicable(
            Method::EnumPureAgent.name(),
            "the agent form is defined for trees; use enumpure on a strategic game",
        )),
    }
}

/// All pure equilibria of a strategic game, in profile order (player 1 fastest), exactly.
pub fn enum_pure(game: &StrategicGame) -> Vec<Vec<usize>> {
    let n = game.num_players();
    let counts = game.num_strategies();
    let mut out = vec![];
    'profiles: for k in 0..game.num_profiles() {
        let prof = game.profile_of(k);
        for p in 0..n {
            let mine = game.payoff(k, p);
            let mut dev = prof.clone();
            for s in 0..counts[p] {
                if s == prof[p] {
                    continue;
                }
                dev[p] = s;
                if game.payoff(game.profile_index(&dev), p) > mine {
                    continue 'profiles;
                }
            }
        }
        out.push(prof);
    }
    out
}

/// The pure profile `prof` as a mixed one (probability 1 on each chosen strategy).
fn pure_to_mixed(counts: &[usize], prof: &[usize]) -> Vec<Vec<Q>> {
    counts
        .iter()
        .zip(prof)
        .map(|(&c, &s)| one_hot(c, s))
        .collect()
}

fn one_hot(len: usize, at: usize) -> Vec<Q> {
    (0..len)
        .map(|t| if t == at { Q::one() } else { Q::zero() })
        .collect()
}

/// Pure equilibria of the agent form: behaviour profiles where no single information set's
/// agent gains by switching action.
pub fn enum_pure_agent(tree: &ExtensiveGame) -> Result<Vec<BehaviorProfile<Q>>, SolveError> {
    let shape = tree.behavior_shape();
    let sizes: Vec<usize> = shape.iter().flatten().copied().collect();
    let total = sizes
        .iter()
        .try_fold(1usize, |a, &s| a.checked_mul(s))
        .unwrap_or(usize::MAX);
    if total.saturating_mul(tree.nodes().len()) > 100_000_000 {
        return Err(SolveError::too_large(
            "enumpure-agent",
            format!("{total} pure behaviour profiles"),
        ));
    }
    let build = |choice: &[usize]| -> BehaviorProfile<Q> {
        let mut at = 0;
        let nested: Behavior<Q> = shape
            .iter()
            .map(|p| {
                p.iter()
                    .map(|&l| {
                        let c = choice[at];
                        at += 1;
                        one_hot(l, c)
                    })
                    .collect()
            })
            .collect();
        BehaviorProfile::new(tree, nested).expect("built in the tree's shape")
    };
    let owner: Vec<usize> = shape
        .iter()
        .enumerate()
        .flat_map(|(p, v)| std::iter::repeat_n(p, v.len()))
        .collect();
    let mut out = vec![];
    let mut choice = vec![0usize; sizes.len()];
    for _ in 0..total {
        let base = behavior_payoffs(tree, &build(&choice));
        let mut ok = true;
        'agents: for g in 0..sizes.len() {
            let orig = choice[g];
            for a in 0..sizes[g] {
                if a == orig {
                    continue;
                }
                choice[g] = a;
                let dev = behavior_payoffs(tree, &build(&choice));
                if dev[owner[g]] > base[owner[g]] {
                    ok = false;
                    choice[g] = orig;
                    break 'agents;
                }
            }
            choice[g] = orig;
        }
        if ok {
            out.push(build(&choice));
        }
        for (g, c) in choice.iter_mut().enumerate() {
            *c += 1;
            if *c < sizes[g] {
                break;
            }
            *c = 0;
        }
    }
    Ok(out)
}
