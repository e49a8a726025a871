//! One interface to every solver: [`solve`] takes any game, a [`Method`] and [`Options`] and
//! returns verified [`Equilibrium`]s (each carries its maximum regret, checked ≤ 1e-9, or
//! exactly 0 with rationals), or a [`SolveError`] saying why the method does not apply or failed.
//! It only dispatches: each method is a module of [`crate::solvers`] with its own entry point
//! and options ([`enumpure_solve`], [`enummixed_solve`], [`lcp_solve`], [`lp_solve`],
//! [`logit_solve`], [`spe_solve`]), which library users may call directly.

use crate::equilibrium::Equilibrium;
use crate::error::SolveError;
use crate::solvers::{
    enummixed::{enummixed_solve, EnumMixedOptions},
    enumpure::{enumpure_agent_solve, enumpure_solve},
    lcp::{lcp_solve, LcpOptions},
    logit::{logit_solve, LogitOptions},
    lp::{lp_solve, LpOptions},
    spe::spe_solve,
};
use crate::AnyGame;
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

/// Every solver's options in one flat set (the command line's flags); [`solve`] hands each
/// method the part it reads.
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
    /// A deadline, cancel flag and progress callback: the methods that check it (logit) stop
    /// with [`SolveError::Stopped`] and what they reached; the others run to their end.
    pub control: Option<std::sync::Arc<brink_core::Control>>,
}

/// Solves `game` with `method`.
pub fn solve(
    game: &AnyGame,
    method: Method,
    opts: &Options,
) -> Result<Vec<Equilibrium>, SolveError> {
    match method {
        Method::EnumPure => enumpure_solve(game),
        Method::EnumPureAgent => enumpure_agent_solve(game),
        Method::EnumMixed => enummixed_solve(game, &EnumMixedOptions { exact: opts.exact }),
        Method::Lcp => lcp_solve(
            game,
            &LcpOptions {
                exact: opts.exact,
                stop_after: opts.stop_after,
            },
        ),
        Method::Lp => lp_solve(game, &LpOptions { exact: opts.exact }),
        Method::Logit => logit_solve(
            game,
            &LogitOptions {
                lambda: opts.lambda,
                observed: opts.observed.clone(),
                control: opts.control.clone(),
            },
        ),
        Method::Spe => spe_solve(game),
        // Any number of players, on the strategic form (a tree's reduced strategic form).
        Method::Simpdiv | Method::Liap | Method::Enumpoly | Method::Ipa => {
            crate::solvers::nplayer::solve(game.strategic_form()?.as_ref(), method, opts)
        }
    }
}
