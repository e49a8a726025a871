//! Errors of the game engine: bad game files are brink-core's located [`Diagnostic`]s
//! (`file:line:col`); trees built in code fail with a [`BuildError`], solvers with a
//! [`SolveError`] whose [`SolveErrorKind`] front-ends map to their exit codes.

use brink_core::{Diagnostic, Location};

/// A located error in game text `file`: `offset` bytes in, as one of brink's diagnostics
/// (`file:line:col: error: message`).
pub(crate) fn located(
    file: &str,
    text: &str,
    offset: usize,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(file, message).at(Location::of_offset(text, offset))
}

/// A tree assembled in code that is not a valid game.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("player {player} is out of range (the game has {players} players)")]
    PlayerOutOfRange { player: usize, players: usize },
    #[error("outcome `{label}` has {found} payoffs, expected {expected} (one per player)")]
    PayoffCount {
        label: String,
        expected: usize,
        found: usize,
    },
    #[error("chance probabilities at `{label}` sum to {sum}, not 1")]
    ChanceSum { label: String, sum: String },
    #[error("chance probability {prob} at `{label}` is negative")]
    NegativeProbability { label: String, prob: String },
    #[error("node {node} already has a move")]
    NodeNotLeaf { node: usize },
    #[error("information set `{label}` has no actions")]
    NoActions { label: String },
    #[error("node {node} does not exist")]
    NoSuchNode { node: usize },
    #[error("information set {infoset} does not exist")]
    NoSuchInfoset { infoset: usize },
    #[error("a game needs at least one player")]
    NoPlayers,
    /// `node` (the builder's id) is the descendant: the second visit on one path.
    #[error("information set `{label}` would contain a node and one of its descendants (an absent-minded player), which no game of perfect recall allows")]
    InfosetOnOnePath { label: String, node: usize },
}

/// Why a solver could not answer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SolveError {
    /// The method does not apply to this game (e.g. `enummixed` on three players).
    #[error("{method} does not apply: {reason}")]
    NotApplicable { method: String, reason: String },
    /// The method ran out of its limits (iterations, path length) without an answer.
    #[error("{method} did not converge: {reason}")]
    NoConvergence { method: String, reason: String },
    /// The game is too large for this method's representation.
    #[error("{method}: game too large: {reason}")]
    TooLarge { method: String, reason: String },
    /// Bad input to the solver (e.g. observed frequencies of the wrong length).
    #[error("{0}")]
    BadInput(String),
    /// Stopped from outside (a deadline, a cancel) before the end, with what was reached:
    /// logit's last point on its path, or the equilibria found so far (maybe none).
    #[error("{method} stopped ({stop}) before the end: {} partial result(s)", partial.len())]
    Stopped {
        method: String,
        stop: brink_core::Stop,
        partial: Vec<crate::equilibrium::Equilibrium>,
    },
}

impl SolveError {
    pub fn not_applicable(method: &str, reason: impl Into<String>) -> Self {
        SolveError::NotApplicable {
            method: method.into(),
            reason: reason.into(),
        }
    }
    pub fn no_convergence(method: &str, reason: impl Into<String>) -> Self {
        SolveError::NoConvergence {
            method: method.into(),
            reason: reason.into(),
        }
    }
    pub fn too_large(method: &str, reason: impl Into<String>) -> Self {
        SolveError::TooLarge {
            method: method.into(),
            reason: reason.into(),
        }
    }
    /// What kind of failure this is, for a front-end to map (the CLI: `NoConvergence` exits
    /// 3, every other kind is bad input and exits 1).
    pub fn kind(&self) -> SolveErrorKind {
        match self {
            SolveError::NotApplicable { .. } => SolveErrorKind::NotApplicable,
            SolveError::NoConvergence { .. } => SolveErrorKind::NoConvergence,
            SolveError::TooLarge { .. } => SolveErrorKind::TooLarge,
            SolveError::BadInput(_) => SolveErrorKind::BadInput,
            SolveError::Stopped { .. } => SolveErrorKind::Stopped,
        }
    }
}

/// The kind of a [`SolveError`], without its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SolveErrorKind {
    /// The method does not apply to this game.
    NotApplicable,
    /// The method ran out of its limits without an answer.
    NoConvergence,
    /// The game is too large for the method.
    TooLarge,
    /// Bad input to the solver.
    BadInput,
    /// Stopped from outside before the end (a deadline, a cancel).
    Stopped,
}
