//! brink's game engine: Gambit's `.efg`/`.nfg` formats, the game model (strategic forms and
//! trees, built from files or in code with [`TreeBuilder`]), the reduced strategic form in
//! Gambit's order, and solvers — pure and mixed Nash equilibria, Lemke–Howson, sequence-form
//! Lemke and LP, logit QRE path following, subgame-perfect equilibria and backward induction.
//!
//! # Games
//! - [`ExtensiveGame`] (trees: [`Node`]s, [`Infoset`]s, [`Outcome`]s, addressed by [`NodeId`],
//!   [`InfosetId`], [`OutcomeId`]), built in code with [`TreeBuilder`] or read with
//!   [`read_efg`]; [`StrategicGame`] (any number of players), read with [`read_nfg`] or made
//!   with [`StrategicGame::bimatrix`]; [`AnyGame`] is either, from [`parse_game`] or
//!   [`load_file`]. Bad game text is a located brink-core [`Diagnostic`] (`file:line:col`).
//! - [`reduced_strategic_form`] (Gambit's order), [`to_strategic`], [`to_tree`];
//!   [`write_efg`], [`write_nfg`] write files Gambit reads.
//!
//! # Solvers
//! Each method is one module of [`solvers`] with its own entry point and options, modelled on
//! pygambit's `gbt.nash.*_solve`; each returns [`Equilibrium`]s verified by their regret
//! (exactly 0 with rationals, ≤ [`REGRET_TOL`] in `f64`), or a [`SolveError`] whose
//! [`SolveErrorKind`] says why.
//!
//! | method | entry point | options |
//! |---|---|---|
//! | `enumpure` | [`enumpure_solve`] | — |
//! | `enumpure-agent` | [`enumpure_agent_solve`] | — |
//! | `enummixed` | [`enummixed_solve`] | [`EnumMixedOptions`] |
//! | `lcp` | [`lcp_solve`] | [`LcpOptions`] |
//! | `lp` | [`lp_solve`] | [`LpOptions`] |
//! | `logit` | [`logit_solve`] | [`LogitOptions`] |
//! | `spe` | [`spe_solve`] | — |
//! | `simpdiv`, `liap`, `enumpoly`, `ipa` (any number of players) | [`solve()`] with [`Method`] | [`Options`]; [`solvers::simpdiv`], [`solvers::liap`], [`solvers::enumpoly`], [`solvers::ipa`] |
//!
//! [`solve()`] dispatches on a [`Method`] with the flat [`Options`] (the command line's). Below
//! the methods: [`spe()`], [`agent_qre`], [`agent_limit`], [`strategic_qre`],
//! [`strategic_limit`] return bare profiles; [`backward_induction`] solves trees whose
//! information sets are told apart by chance alone, exactly and in microseconds, under a logit
//! or best-response [`Rule`] (the crisis games' solver).
//!
//! # Arithmetic and profiles
//! Solvers are generic over one [`Scalar`] trait (`f64` or the exact rational [`Q`]); every
//! floating-point tolerance is named in [`tolerance`]. Profiles are typed and tied to their
//! game's shape: [`MixedProfile`] (per player, a probability vector over its strategies, index
//! `(player, strategy)`) and [`BehaviorProfile`] (index `(player, information set, action)`, or
//! an [`InfosetId`]); an [`Equilibrium`] holds one as a [`Profile`]. Both evaluate themselves
//! (`payoffs`, `regret`, through [`behavior_payoffs`], [`behavior_regret`],
//! [`strategic_regret`]); [`output`] prints Gambit's `NE,…` lines and brink's JSON; [`num`]
//! parses and prints Gambit's numbers.
//!
//! ```
//! use brink_games::{agent_qre, num::q, spe, TreeBuilder};
//! // A challenger moves; the defender fights (payoff ½) or backs down (0).
//! let mut b = TreeBuilder::new("deterrence", &["Challenger", "Defender"]);
//! let kids = b.decide(b.root(), 0, "challenge?", &["SQ", "Challenge"]).unwrap();
//! b.payoff(kids[0], "status quo", vec![q(0, 1), q(0, 1)]).unwrap();
//! let resp = b.decide(kids[1], 1, "respond", &["BackDown", "Fight"]).unwrap();
//! b.payoff(resp[0], "capitulation", vec![q(1, 2), q(0, 1)]).unwrap();
//! b.payoff(resp[1], "war", vec![q(-1, 1), q(1, 2)]).unwrap();
//! let tree = b.build().unwrap();
//! // Logit agent QRE at λ = 1, a `BehaviorProfile` indexed by (player, information set, action).
//! let qre = agent_qre(&tree, 1.0).unwrap();
//! assert!((qre[(1, 0, 1)] - 1.0 / (1.0 + (-0.5f64).exp())).abs() < 1e-9);
//! // Subgame-perfect: the defender would fight, so the challenger keeps the status quo.
//! let s = spe(&tree).unwrap();
//! assert!(s.exact);
//! assert_eq!(s.behavior.infoset(0, 0), [q(1, 1), q(0, 1)]);
//! ```

// Numerical kernels index several parallel arrays at once; index loops read clearer there.
#![allow(clippy::needless_range_loop)]

mod convert;
mod efg;
mod equilibrium;
mod error;
mod lex;
mod model;
mod nfg;
pub mod num;
pub mod output;
mod profile;
mod profiles;
mod reduce;
mod scalar;
mod solve;
pub mod solvers;
pub mod tolerance;

pub use brink_core::Diagnostic;
pub use convert::{to_strategic, to_tree};
pub use efg::{read_efg, write_efg};
pub use equilibrium::{Equilibrium, Form, REGRET_TOL};
pub use error::{BuildError, SolveError, SolveErrorKind};
pub use model::{
    ExtensiveGame, Infoset, InfosetId, Mover, Node, NodeId, NumberKind, Outcome, OutcomeId,
    OutcomeTable, StrategicGame, TreeBuilder, MAX_PAYOFF_ENTRIES,
};
pub use nfg::{read_nfg, write_nfg};
pub use num::Q;
pub use profile::{behavior_payoffs, behavior_regret, strategic_regret};
pub use profiles::{BehaviorProfile, MixedProfile, Profile};
pub use reduce::{reduced_plans, reduced_strategic_form, ReducedForm};
pub use scalar::Scalar;
pub use solve::{solve, Method, Options};
pub use solvers::backward::{backward_induction, BackwardSolution, Rule};
pub use solvers::enummixed::{enummixed_solve, EnumMixedOptions};
pub use solvers::enumpure::{enumpure_agent_solve, enumpure_solve};
pub use solvers::lcp::{lcp_solve, LcpOptions};
pub use solvers::logit::{
    agent_limit, agent_qre, logit_solve, strategic_limit, strategic_qre, LogitOptions,
};
pub use solvers::lp::{lp_solve, LpOptions};
pub use solvers::spe::{spe, spe_solve, SpeProfile};

/// A game read from a file: a tree or a strategic form.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyGame {
    Extensive(ExtensiveGame),
    Strategic(StrategicGame),
}

impl AnyGame {
    pub fn title(&self) -> &str {
        match self {
            AnyGame::Extensive(g) => &g.title,
            AnyGame::Strategic(g) => &g.title,
        }
    }
    pub fn players(&self) -> &[String] {
        match self {
            AnyGame::Extensive(g) => g.players(),
            AnyGame::Strategic(g) => g.players(),
        }
    }
    /// The game as a strategic form: itself, or a tree's reduced strategic form.
    pub fn strategic_form(&self) -> Result<std::borrow::Cow<'_, StrategicGame>, SolveError> {
        Ok(match self {
            AnyGame::Strategic(g) => std::borrow::Cow::Borrowed(g),
            AnyGame::Extensive(t) => std::borrow::Cow::Owned(reduced_strategic_form(t)?.game),
        })
    }
}

/// Parses game text, telling `.efg` from `.nfg` by its first word; `file` names it in errors.
pub fn parse_game(file: &str, text: &str) -> Result<AnyGame, Diagnostic> {
    let first = text.split_whitespace().next().unwrap_or("");
    match first {
        "EFG" => read_efg(file, text).map(AnyGame::Extensive),
        "NFG" => read_nfg(file, text).map(AnyGame::Strategic),
        _ => {
            let offset = text.len() - text.trim_start().len();
            Err(crate::error::located(
                file,
                text,
                offset,
                "expected `EFG 2` or `NFG 1` at the start of a Gambit game file",
            ))
        }
    }
}

/// Reads a game file (`-` for stdin). Bytes that are not UTF-8 are replaced, then reported by
/// the parser like any other bad input; an unreadable file is an error at 1:1.
pub fn load_file(path: &std::path::Path) -> Result<AnyGame, Diagnostic> {
    let name = path.display().to_string();
    // Not a regular file (a FIFO with no writer would block, a device may never end): refused
    // before opening.
    if name != "-" && std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(Diagnostic::error(
            name,
            "cannot read: not a regular file (a directory, pipe or device): expected a game file",
        )
        .at_line_col(1, 1));
    }
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    }
    .map_err(|e| {
        Diagnostic::error(&name, format!("cannot read the file: {e}")).at_line_col(1, 1)
    })?;
    let text = String::from_utf8_lossy(&bytes);
    parse_game(&name, &text)
}
