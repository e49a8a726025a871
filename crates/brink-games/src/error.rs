//! Errors of the game engine: a located error for bad game files ([`GameFileError`], line:col),
//! an error for trees built in code ([`BuildError`]) and solver failures ([`SolveError`]).

use brink_core::{Diagnostic, Location};
use std::fmt;

/// A bad game file: which file, where (1-based line and column) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GameFileError {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl GameFileError {
    pub fn new(file: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let loc = Location::of_offset(text, offset);
        GameFileError {
            file: file.to_string(),
            line: loc.line,
            col: loc.col,
            message: message.into(),
        }
    }

    /// The same error as one of brink's located diagnostics.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error(&self.file, &self.message).at_line_col(self.line, self.col)
    }
}

impl fmt::Display for GameFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            brink_core::printable(&self.file),
            self.line,
            self.col,
            brink_core::printable(&self.message)
        )
    }
}

impl std::error::Error for GameFileError {}

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
    /// The CLI's exit code for this failure (cli.md: 1 bad input, 3 failed to converge).
    pub fn exit_code(&self) -> i32 {
        match self {
            SolveError::NoConvergence { .. } => 3,
            _ => 1,
        }
    }
}
