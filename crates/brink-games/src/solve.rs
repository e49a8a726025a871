//! One interface to every solver: [`solve`] takes any game, a [`Method`] and [`Options`] and
//! returns verified [`Equilibrium`]s (each carries its maximum regret, checked ≤ 1e-9, or
//! exactly 0 with rationals), or a [`SolveError`] saying why the method does not apply or failed.

use crate::bimatrix::{self, BiEq};
use crate::error::SolveError;
use crate::model::{ExtensiveGame, Mover, StrategicGame};
use crate::num::{to_f64, Q};
use crate::profile::{behavior_regret, strategic_regret, Behavior};
use crate::reduce::{reduced_strategic_form, ReducedForm};
use crate::{logit, seqform, spe, AnyGame};
use num_traits::{One, Signed, Zero};
use std::fmt;
use std::str::FromStr;

/// The solvers (Gambit's tool names, plus `spe`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// All pure-strategy equilibria (strategic form; reduced strategic form of trees).
    EnumPure,
    /// All pure equilibria of a tree's agent form (no single information set gains by deviating).
    EnumPureAgent,
    /// All extreme equilibria of a 2-player game by vertex enumeration.
    EnumMixed,
    /// Lemke–Howson (strategic form) or Lemke on the sequence form (trees).
    Lcp,
    /// Linear programming for 2-player constant-sum games (sequence form for trees).
    Lp,
    /// Logit QRE: the branch's limit, or the QRE at `--lambda`, or the ML λ for observed data.
    Logit,
    /// Subgame-perfect equilibrium (trees).
    Spe,
    /// Simplicial subdivision with restarts: one equilibrium, any number of players.
    Simpdiv,
    /// Lyapunov-function minimisation from several seeded starts, any number of players.
    Liap,
    /// All isolated equilibria of a small game, support by support (polynomial homotopy).
    Enumpoly,
    /// Iterated polymatrix approximation: one equilibrium, any number of players.
    Ipa,
}

impl Method {
    pub const ALL: [Method; 11] = [
        Method::EnumPure,
        Method::EnumPureAgent,
        Method::EnumMixed,
        Method::Lcp,
        Method::Lp,
        Method::Logit,
        Method::Spe,
        Method::Simpdiv,
        Method::Liap,
        Method::Enumpoly,
        Method::Ipa,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Method::EnumPure => "enumpure",
            Method::EnumPureAgent => "enumpure-agent",
            Method::EnumMixed => "enummixed",
            Method::Lcp => "lcp",
            Method::Lp => "lp",
            Method::Logit => "logit",
            Method::Spe => "spe",
            Method::Simpdiv => "simpdiv",
            Method::Liap => "liap",
            Method::Enumpoly => "enumpoly",
            Method::Ipa => "ipa",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Method::ALL
            .iter()
            .copied()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown method `{s}`: expected one of {}",
                    Method::ALL.map(|m| m.name()).join(", ")
                )
            })
    }
}

/// Solver options.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Exact rational arithmetic where the method supports it.
    pub exact: bool,
    /// `logit`: the QRE at this λ instead of the limit.
    pub lambda: Option<f64>,
    /// `logit`: observed counts (flattened like the profile) to estimate λ by maximum likelihood.
    pub observed: Option<Vec<f64>>,
    /// `lcp` on strategic forms: stop after this many equilibria (0 = all accessible).
    pub stop_after: usize,
    /// `simpdiv`, `liap`, `enumpoly`, `ipa`: their own options.
    pub simpdiv: crate::solvers::simpdiv::SimpdivOptions,
    pub liap: crate::solvers::liap::LiapOptions,
    pub enumpoly: crate::solvers::enumpoly::EnumpolyOptions,
    pub ipa: crate::solvers::ipa::IpaOptions,
}

/// Whether a profile is over (reduced) strategies or behaviour (actions per information set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Strategic,
    Behavior,
}

/// A solution: the profile per player (strategies, or information sets' actions concatenated
/// in Gambit's order), exact when computed exactly, with payoffs and verified maximum regret.
#[derive(Clone, Debug)]
pub struct Equilibrium {
    pub form: Form,
    pub profile: Vec<Vec<f64>>,
    pub exact: Option<Vec<Vec<Q>>>,
    pub payoffs: Vec<f64>,
    pub max_regret: f64,
    /// `logit` at a given or estimated λ: the λ (the profile is a QRE there, not a Nash equilibrium).
    pub lambda: Option<f64>,
    pub notes: Vec<String>,
}

impl Equilibrium {
    /// The behaviour profile of a tree (`[player][infoset][action]`) from a behaviour-form profile.
    pub fn behavior(&self, tree: &ExtensiveGame) -> Option<Behavior<f64>> {
        (self.form == Form::Behavior).then(|| split_behavior(tree, &self.profile))
    }
}

/// Regret tolerance every reported equilibrium must meet.
pub const REGRET_TOL: f64 = 1e-9;

/// The regret a floating-point profile may have: [`REGRET_TOL`], relative to the payoffs once
/// they exceed 1,000 in magnitude (f64 rounds payoffs of 1e308 by ~1e292).
pub(crate) fn regret_tolerance<'a>(payoffs: impl Iterator<Item = &'a Q>) -> f64 {
    let largest = payoffs.map(|x| to_f64(x).abs()).fold(0.0_f64, f64::max);
    REGRET_TOL * (largest.min(f64::MAX) * 1e-3).max(1.0)
}

fn split_behavior(tree: &ExtensiveGame, flat: &[Vec<f64>]) -> Behavior<f64> {
    tree.behavior_shape()
        .iter()
        .zip(flat)
        .map(|(sizes, v)| {
            let mut at = 0;
            sizes
                .iter()
                .map(|&l| {
                    at += l;
                    v[at - l..at].to_vec()
                })
                .collect()
        })
        .collect()
}

fn flatten<T: Clone>(b: &[Vec<Vec<T>>]) -> Vec<Vec<T>> {
    b.iter()
        .map(|p| p.iter().flatten().cloned().collect())
        .collect()
}

/// Solves `game` with `method`.
pub fn solve(
    game: &AnyGame,
    method: Method,
    opts: &Options,
) -> Result<Vec<Equilibrium>, SolveError> {
    match game {
        AnyGame::Strategic(g) => solve_strategic(g, method, opts),
        AnyGame::Extensive(t) => solve_tree(t, method, opts),
    }
}

fn strategic_eq_exact(
    game: &StrategicGame,
    sigma: Vec<Vec<Q>>,
    method: Method,
) -> Result<Equilibrium, SolveError> {
    let (pay, regret) = strategic_regret(game, game.payoff_table(), &sigma);
    if !regret.is_zero() {
        return Err(SolveError::no_convergence(
            method.name(),
            format!(
                "a computed profile has regret {} ≠ 0",
                crate::num::fmt_rational(&regret)
            ),
        ));
    }
    Ok(Equilibrium {
        form: Form::Strategic,
        profile: sigma
            .iter()
            .map(|v| v.iter().map(to_f64).collect())
            .collect(),
        exact: Some(sigma),
        payoffs: pay.iter().map(to_f64).collect(),
        max_regret: 0.0,
        lambda: None,
        notes: vec![],
    })
}

pub(crate) fn strategic_eq_f64(
    game: &StrategicGame,
    sigma: Vec<Vec<f64>>,
    method: Method,
    check: bool,
) -> Result<Equilibrium, SolveError> {
    let (pay, regret) = strategic_regret(game, &game.payoff_table_f64(), &sigma);
    let tol = regret_tolerance(game.payoff_table().iter());
    if check && regret > tol {
        return Err(SolveError::no_convergence(
            method.name(),
            format!("a computed profile has regret {regret:.3e} > {tol:e}"),
        ));
    }
    Ok(Equilibrium {
        form: Form::Strategic,
        profile: sigma,
        exact: None,
        payoffs: pay,
        max_regret: regret.max(0.0),
        lambda: None,
        notes: vec![],
    })
}

fn bieq(game: &StrategicGame, e: BiEq, method: Method) -> Result<Equilibrium, SolveError> {
    match e {
        BiEq::Exact(x, y) => strategic_eq_exact(game, vec![x, y], method),
        BiEq::Float(x, y) => strategic_eq_f64(game, vec![x, y], method, true),
    }
}

/// The most actions (or strategies) the logit path follows: every step solves a dense system of
/// that size (O(k³)); 300 take seconds, a 1,000-deep chain's 2,000 took minutes a step.
pub const MAX_LOGIT_ACTIONS: usize = 300;

/// Refuses, before any step, a logit path too large to follow in reasonable time.
fn check_logit_size(actions: usize) -> Result<(), SolveError> {
    if actions > MAX_LOGIT_ACTIONS {
        return Err(SolveError::too_large(
            "logit",
            format!(
                "{actions} actions: the QRE path solves a dense {actions}×{actions} system at every step, at most {MAX_LOGIT_ACTIONS} actions; use spe or lcp on large trees"
            ),
        ));
    }
    Ok(())
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

fn pure_to_mixed(counts: &[usize], prof: &[usize]) -> Vec<Vec<Q>> {
    counts
        .iter()
        .zip(prof)
        .map(|(&c, &s)| {
            (0..c)
                .map(|t| if t == s { Q::one() } else { Q::zero() })
                .collect()
        })
        .collect()
}

fn solve_strategic(
    game: &StrategicGame,
    method: Method,
    opts: &Options,
) -> Result<Vec<Equilibrium>, SolveError> {
    match method {
        Method::EnumPure => {
            let counts = game.num_strategies();
            enum_pure(game).iter().map(|p| strategic_eq_exact(game, pure_to_mixed(&counts, p), method)).collect()
        }
        Method::EnumMixed => bimatrix::enum_mixed(game, opts.exact)?.into_iter().map(|e| bieq(game, e, method)).collect(),
        Method::Lcp => bimatrix::lemke_howson(game, opts.exact, opts.stop_after)?.into_iter().map(|e| bieq(game, e, method)).collect(),
        Method::Lp => {
            check_constant_sum(game)?;
            // In a constant-sum game every equilibrium is a pair of optimal strategies: the
            // minimax linear program's optimum and its duals.
            let e = if opts.exact {
                let (x, y) = crate::lp::strategic::<Q>(game)?;
                BiEq::Exact(x, y)
            } else {
                let (x, y) = crate::lp::strategic::<f64>(game)?;
                BiEq::Float(x, y)
            };
            Ok(vec![bieq(game, e, method)?])
        }
        Method::Logit => {
            check_logit_size(game.num_strategies().iter().sum())?;
            if let Some(obs) = &opts.observed {
                let counts = game.num_strategies();
                let mut split = vec![];
                let mut at = 0;
                for c in counts {
                    if at + c > obs.len() {
                        return Err(SolveError::BadInput(format!("expected {} observed frequencies, found {}", game.num_strategies().iter().sum::<usize>(), obs.len())));
                    }
                    split.push(obs[at..at + c].to_vec());
                    at += c;
                }
                let (l, sigma, ll) = logit::estimate_lambda_strategic(game, &split, opts.lambda.unwrap_or(1e4))?;
                let mut e = strategic_eq_f64(game, sigma, method, false)?;
                e.lambda = Some(l);
                e.notes.push(format!("maximum-likelihood λ = {l:.6} (log-likelihood {ll:.6})"));
                return Ok(vec![e]);
            }
            match opts.lambda {
                Some(l) => {
                    let mut e = strategic_eq_f64(game, logit::strategic_qre(game, l)?, method, false)?;
                    e.lambda = Some(l);
                    Ok(vec![e])
                }
                None => Ok(vec![strategic_eq_f64(game, logit::strategic_limit(game)?, method, true)?]),
            }
        }
        Method::Simpdiv | Method::Liap | Method::Enumpoly | Method::Ipa => {
            crate::solvers::nplayer::solve(game, method, opts)
        }
        Method::EnumPureAgent => Err(SolveError::not_applicable(method.name(), "the agent form is defined for trees; use enumpure on a strategic game")),
        Method::Spe => Err(SolveError::not_applicable(method.name(), "a strategic game has no proper subgames; its subgame-perfect equilibria are its Nash equilibria (use enumpure or enummixed)")),
    }
}

fn check_constant_sum(game: &StrategicGame) -> Result<(), SolveError> {
    if game.num_players() != 2 {
        return Err(SolveError::not_applicable(
            "lp",
            format!("it needs 2 players, the game has {}", game.num_players()),
        ));
    }
    let sums: Vec<Q> = (0..game.num_profiles())
        .map(|k| game.payoff(k, 0) + game.payoff(k, 1))
        .collect();
    if sums.iter().any(|s| *s != sums[0]) {
        return Err(SolveError::not_applicable(
            "lp",
            "the game is not constant-sum (use lcp or enummixed)",
        ));
    }
    Ok(())
}

/// Kuhn's map from a mixed strategy over reduced strategies to behaviour (uniform where the
/// player's own play never reaches an information set).
pub fn mixed_to_behavior<T: crate::scalar::Scalar + std::ops::Div<Output = T>>(
    tree: &ExtensiveGame,
    reduced: &ReducedForm,
    sigma: &[Vec<T>],
) -> Behavior<T> {
    (0..tree.num_players())
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
        .collect()
}

fn behavior_eq_exact(
    tree: &ExtensiveGame,
    beh: Behavior<Q>,
    method: Method,
) -> Result<Equilibrium, SolveError> {
    let (pay, regret) = behavior_regret(tree, &beh)?;
    if !regret.is_zero() {
        return Err(SolveError::no_convergence(
            method.name(),
            format!(
                "a computed profile has regret {} ≠ 0",
                crate::num::fmt_rational(&regret)
            ),
        ));
    }
    let flat = flatten(&beh);
    Ok(Equilibrium {
        form: Form::Behavior,
        profile: flat
            .iter()
            .map(|v| v.iter().map(to_f64).collect())
            .collect(),
        exact: Some(flat),
        payoffs: pay.iter().map(to_f64).collect(),
        max_regret: 0.0,
        lambda: None,
        notes: vec![],
    })
}

fn behavior_eq_f64(
    tree: &ExtensiveGame,
    beh: Behavior<f64>,
    method: Method,
    check: bool,
) -> Result<Equilibrium, SolveError> {
    let (pay, regret) = behavior_regret(tree, &beh)?;
    let tol = regret_tolerance(tree.outcomes().iter().flat_map(|o| o.payoffs.iter()));
    if check && regret > tol {
        return Err(SolveError::no_convergence(
            method.name(),
            format!("a computed profile has regret {regret:.3e} > {tol:e}"),
        ));
    }
    Ok(Equilibrium {
        form: Form::Behavior,
        profile: flatten(&beh),
        exact: None,
        payoffs: pay,
        max_regret: regret.max(0.0),
        lambda: None,
        notes: vec![],
    })
}

fn solve_tree(
    tree: &ExtensiveGame,
    method: Method,
    opts: &Options,
) -> Result<Vec<Equilibrium>, SolveError> {
    match method {
        Method::EnumPure
        | Method::EnumMixed
        | Method::Simpdiv
        | Method::Liap
        | Method::Enumpoly
        | Method::Ipa => {
            let reduced = reduced_strategic_form(tree)?;
            solve_strategic(&reduced.game, method, opts)
        }
        Method::EnumPureAgent => enum_pure_agent(tree)?
            .into_iter()
            .map(|b| behavior_eq_exact(tree, b, method))
            .collect(),
        Method::Lcp | Method::Lp => {
            if tree.num_players() != 2 {
                return Err(SolveError::not_applicable(
                    method.name(),
                    format!("it needs 2 players, the game has {}", tree.num_players()),
                ));
            }
            if method == Method::Lp && !seqform::is_constant_sum(tree) {
                return Err(SolveError::not_applicable(
                    "lp",
                    "the game is not constant-sum (use lcp)",
                ));
            }
            if method == Method::Lp {
                return if opts.exact {
                    let b = crate::lp::tree::<Q>(
                        tree,
                        |x| x.is_positive(),
                        |k| Q::new(1.into(), (k as i64).into()),
                    )?;
                    Ok(vec![behavior_eq_exact(tree, b, method)?])
                } else {
                    let b = crate::lp::tree::<f64>(tree, |x| *x > 1e-12, |k| 1.0 / k as f64)?;
                    Ok(vec![behavior_eq_f64(tree, b, method, true)?])
                };
            }
            let beh = seqform::lemke(tree, opts.exact)?;
            match beh {
                seqform::SeqEq::Exact(b) => Ok(vec![behavior_eq_exact(tree, b, method)?]),
                seqform::SeqEq::Float(b) => Ok(vec![behavior_eq_f64(tree, b, method, true)?]),
            }
        }
        Method::Logit => {
            check_logit_size(tree.behavior_shape().iter().flatten().sum())?;
            if let Some(obs) = &opts.observed {
                let shape = tree.behavior_shape();
                let total: usize = shape.iter().flatten().sum();
                if obs.len() != total {
                    return Err(SolveError::BadInput(format!(
                        "expected {total} observed frequencies (one per action), found {}",
                        obs.len()
                    )));
                }
                let mut at = 0;
                let counts: Behavior<f64> = shape
                    .iter()
                    .map(|p| {
                        p.iter()
                            .map(|&l| {
                                at += l;
                                obs[at - l..at].to_vec()
                            })
                            .collect()
                    })
                    .collect();
                let (l, beh, ll) =
                    logit::estimate_lambda_agent(tree, &counts, opts.lambda.unwrap_or(1e4))?;
                let mut e = behavior_eq_f64(tree, beh, method, false)?;
                e.lambda = Some(l);
                e.notes.push(format!(
                    "maximum-likelihood λ = {l:.6} (log-likelihood {ll:.6})"
                ));
                return Ok(vec![e]);
            }
            match opts.lambda {
                Some(l) => {
                    let mut e = behavior_eq_f64(tree, logit::agent_qre(tree, l)?, method, false)?;
                    e.lambda = Some(l);
                    Ok(vec![e])
                }
                None => Ok(vec![behavior_eq_f64(
                    tree,
                    logit::agent_limit(tree)?,
                    method,
                    true,
                )?]),
            }
        }
        Method::Spe => {
            let s = spe::spe(tree)?;
            let mut e = if s.exact {
                behavior_eq_exact(tree, s.behavior, method)?
            } else {
                let f: Behavior<f64> = s
                    .behavior
                    .iter()
                    .map(|p| p.iter().map(|v| v.iter().map(to_f64).collect()).collect())
                    .collect();
                behavior_eq_f64(tree, f, method, true)?
            };
            e.notes = s.notes;
            Ok(vec![e])
        }
    }
}

/// Pure equilibria of the agent form: behaviour profiles where no single information set's
/// agent gains by switching action.
pub fn enum_pure_agent(tree: &ExtensiveGame) -> Result<Vec<Behavior<Q>>, SolveError> {
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
    let build = |choice: &[usize]| -> Behavior<Q> {
        let mut at = 0;
        shape
            .iter()
            .map(|p| {
                p.iter()
                    .map(|&l| {
                        let c = choice[at];
                        at += 1;
                        (0..l)
                            .map(|a| if a == c { Q::one() } else { Q::zero() })
                            .collect()
                    })
                    .collect()
            })
            .collect()
    };
    let owner: Vec<usize> = shape
        .iter()
        .enumerate()
        .flat_map(|(p, v)| std::iter::repeat_n(p, v.len()))
        .collect();
    let mut out = vec![];
    let mut choice = vec![0usize; sizes.len()];
    for _ in 0..total {
        let base = crate::profile::behavior_payoffs(tree, &build(&choice));
        let mut ok = true;
        'agents: for g in 0..sizes.len() {
            let orig = choice[g];
            for a in 0..sizes[g] {
                if a == orig {
                    continue;
                }
                choice[g] = a;
                let dev = crate::profile::behavior_payoffs(tree, &build(&choice));
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
    let _ = Mover::Chance;
    Ok(out)
}
