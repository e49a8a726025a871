//! brink's crisis module: game-theoretic models of an international crisis, built from a
//! scenario's `[crisis]` section, solved, and linked back to the bargaining table.
//!
//! - the library of IR crisis games, each a function from typed parameters to a game tree of
//!   the game engine: [`fearon`], [`iig`], [`deterrence`] (egame12), [`patron`] (the seed's
//!   patron–ally–target–transit structure, with several transit states and a costly signal);
//! - solving them is brink-games' work ([`brink_games::backward_induction`]: the logit agent
//!   QRE at λ and the subgame-perfect equilibrium); [`path`] reads the path of play;
//! - [`section`]: the `[crisis]` section — which game, who plays which role, parameters with
//!   optional uncertainty — validated with located diagnostics;
//! - [`analysis`]: the odds of each outcome, the SPE path, a seeded Monte Carlo over uncertain
//!   parameters, and (via [`link`]) each side's payoff should talks fail as its disagreement
//!   point in the Nash bargaining forecast;
//! - [`user_game`]: `game = "file.efg"`, the analyst's own game, its players mapped to actors
//!   and its terminals to outcome classes;
//! - [`compare`]: two scenarios side by side (the analyst's what-if).

pub mod analysis;
pub mod breakdown;
pub mod compare;
pub mod crisis_game;
pub mod deterrence;
pub mod fearon;
pub mod iig;
pub mod link;
pub mod path;
pub mod patron;
pub mod section;
pub mod user_game;

pub use analysis::{analyze, AnalysisOptions, CrisisReport};
pub use brink_games::{BackwardSolution as Solution, Rule};
pub use compare::{compare, Comparison};
pub use crisis_game::CrisisGame;
pub use path::{path, PathStep};
pub use section::{CrisisSpec, GameKind};

/// The default rationality of the logit QRE, per unit of payoff. Crisis payoffs are normalised
/// so that the status quo is 0 and the stakes are of order 1: at λ = 10 an action worth 0.1
/// more is chosen e ≈ 2.7 times as often, one worth 0.3 more twenty times as often — players
/// who mostly, not always, see their interest. λ → ∞ gives the subgame-perfect equilibrium.
pub const DEFAULT_LAMBDA: f64 = 10.0;

/// Why a crisis analysis could not be done.
#[derive(Debug, thiserror::Error)]
pub enum CrisisError {
    /// The scenario's `[crisis]` section (or the scenario) is wrong: located diagnostics.
    #[error("{0}")]
    Input(#[from] brink_core::Diagnostics),
    /// The scenario has no `[crisis]` section.
    #[error("{file}: the scenario has no `[crisis]` section (see `brink crisis --help` and scenario.md)")]
    NoCrisis { file: String },
    /// Options outside their range (a usage error).
    #[error("{0}")]
    Options(String),
    /// A game could not be built or solved.
    #[error("{0}")]
    Solve(#[from] brink_games::SolveError),
    #[error("the crisis game could not be built: {0}")]
    Build(#[from] brink_games::BuildError),
}
