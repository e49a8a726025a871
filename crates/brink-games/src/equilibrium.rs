//! What every solver returns: a verified [`Equilibrium`] — the profile, its payoffs and its
//! maximum regret, checked here (exactly 0 with rationals, ≤ [`REGRET_TOL`] in `f64`) before
//! any solver hands it back.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, StrategicGame};
use crate::num::{fmt_rational, to_f64, Q};
use crate::profile::{behavior_regret, strategic_regret, Behavior};
use crate::profiles::{BehaviorProfile, MixedProfile, Profile};
use crate::solve::Method;
use num_traits::Zero;

/// Whether a profile is over (reduced) strategies or behaviour (actions per information set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Strategic,
    Behavior,
}

/// A solution: the profile ([`Profile::Mixed`] over strategies, or [`Profile::Behavior`];
/// `profile[p]` is player `p`'s strategies, or information sets' actions concatenated, in
/// Gambit's order), exact when computed exactly, with payoffs and verified maximum regret.
#[derive(Clone, Debug, PartialEq)]
pub struct Equilibrium {
    pub profile: Profile<f64>,
    pub exact: Option<Profile<Q>>,
    pub payoffs: Vec<f64>,
    pub max_regret: f64,
    /// `logit` at a given or estimated λ: the λ (the profile is a QRE there, not a Nash equilibrium).
    pub lambda: Option<f64>,
    pub notes: Vec<String>,
}

impl Equilibrium {
    /// Whether the profile is mixed (strategic) or behaviour.
    pub fn form(&self) -> Form {
        self.profile.form()
    }
    /// The mixed profile, when the equilibrium is one.
    pub fn mixed(&self) -> Option<&MixedProfile<f64>> {
        self.profile.as_mixed()
    }
    /// The behaviour profile, when the equilibrium is one.
    pub fn behavior(&self) -> Option<&BehaviorProfile<f64>> {
        self.profile.as_behavior()
    }
}

/// Regret tolerance every reported equilibrium must meet.
pub const REGRET_TOL: f64 = crate::tolerance::REGRET;

/// The regret a floating-point profile may have: [`REGRET_TOL`], relative to the payoffs once
/// they exceed 1,000 in magnitude (f64 rounds payoffs of 1e308 by ~1e292).
pub(crate) fn regret_tolerance<'a>(payoffs: impl Iterator<Item = &'a Q>) -> f64 {
    let largest = payoffs.map(|x| to_f64(x).abs()).fold(0.0_f64, f64::max);
    REGRET_TOL * (largest.min(f64::MAX) * 1e-3).max(1.0)
}

/// An exact profile with exact payoffs, refused unless its regret is exactly 0.
fn exact_equilibrium(
    method: Method,
    profile: Profile<Q>,
    payoffs: Vec<Q>,
    regret: Q,
) -> Result<Equilibrium, SolveError> {
    if !regret.is_zero() {
        return Err(SolveError::no_convergence(
            method.name(),
            format!(
                "a computed profile has regret {} ≠ 0",
                fmt_rational(&regret)
            ),
        ));
    }
    Ok(Equilibrium {
        profile: profile.map(to_f64),
        exact: Some(profile),
        payoffs: payoffs.iter().map(to_f64).collect(),
        max_regret: 0.0,
        lambda: None,
        notes: vec![],
    })
}

/// A floating-point profile, refused (when `check`) if its regret exceeds `tol`.
fn float_equilibrium(
    method: Method,
    profile: Profile<f64>,
    (payoffs, regret): (Vec<f64>, f64),
    tol: f64,
    check: bool,
) -> Result<Equilibrium, SolveError> {
    if check && regret > tol {
        return Err(SolveError::no_convergence(
            method.name(),
            format!("a computed profile has regret {regret:.3e} > {tol:e}"),
        ));
    }
    Ok(Equilibrium {
        profile,
        exact: None,
        payoffs,
        max_regret: regret.max(0.0),
        lambda: None,
        notes: vec![],
    })
}

/// A strategic game's exact mixed profile as a verified equilibrium.
pub(crate) fn strategic_exact(
    game: &StrategicGame,
    sigma: Vec<Vec<Q>>,
    method: Method,
) -> Result<Equilibrium, SolveError> {
    let (pay, regret) = strategic_regret(game, game.payoff_table(), &sigma);
    exact_equilibrium(
        method,
        Profile::Mixed(MixedProfile::from_vecs(sigma)),
        pay,
        regret,
    )
}

/// A strategic game's floating-point mixed profile, verified when `check` (a QRE at finite λ
/// is not an equilibrium and is reported with its regret).
pub(crate) fn strategic_f64(
    game: &StrategicGame,
    sigma: Vec<Vec<f64>>,
    method: Method,
    check: bool,
) -> Result<Equilibrium, SolveError> {
    let evaluated = strategic_regret(game, &game.payoff_table_f64(), &sigma);
    let tol = regret_tolerance(game.payoff_table().iter());
    let profile = Profile::Mixed(MixedProfile::from_vecs(sigma));
    float_equilibrium(method, profile, evaluated, tol, check)
}

/// A tree's exact behaviour profile as a verified equilibrium.
pub(crate) fn behavior_exact(
    tree: &ExtensiveGame,
    beh: Behavior<Q>,
    method: Method,
) -> Result<Equilibrium, SolveError> {
    let beh = BehaviorProfile::new(tree, beh)?;
    let (pay, regret) = behavior_regret(tree, &beh)?;
    exact_equilibrium(method, Profile::Behavior(beh), pay, regret)
}

/// A tree's floating-point behaviour profile, verified when `check`.
pub(crate) fn behavior_f64(
    tree: &ExtensiveGame,
    beh: Behavior<f64>,
    method: Method,
    check: bool,
) -> Result<Equilibrium, SolveError> {
    let beh = BehaviorProfile::new(tree, beh)?;
    let evaluated = behavior_regret(tree, &beh)?;
    let tol = regret_tolerance(tree.outcomes().iter().flat_map(|o| o.payoffs.iter()));
    float_equilibrium(method, Profile::Behavior(beh), evaluated, tol, check)
}
