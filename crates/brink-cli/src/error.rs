//! The one place every failure of a command ends up, with its exit code.

use brink_core::{Diagnostics, ModelError};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: located diagnostics (exit 1).
    #[error("{0}")]
    Input(#[from] Diagnostics),
    /// Bad input that is not tied to a location in a file (exit 1).
    #[error("error: {0}")]
    InputMessage(String),
    /// A usage error the argument parser could not catch (exit 2).
    #[error("error: {0}")]
    Usage(String),
    /// A model or solver failed to converge within its limits (exit 3).
    #[error("error: {0}")]
    NoConvergence(String),
    /// Writing the output failed (exit 1).
    #[error("error: cannot write {path}: {message}")]
    Write { path: String, message: String },
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Input(_) | CliError::InputMessage(_) | CliError::Write { .. } => 1,
            CliError::Usage(_) => 2,
            CliError::NoConvergence(_) => 3,
        }
    }
}

impl From<ModelError> for CliError {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::NotApplicable { .. } => CliError::InputMessage(e.to_string()),
            ModelError::BadParams { .. } => CliError::Usage(e.to_string()),
            ModelError::NoConvergence { .. } => CliError::NoConvergence(e.to_string()),
        }
    }
}

impl From<brink_analysis::AnalysisError> for CliError {
    fn from(e: brink_analysis::AnalysisError) -> Self {
        use brink_analysis::AnalysisError;
        match e {
            AnalysisError::NoUncertainty | AnalysisError::NoModel(_) => {
                CliError::InputMessage(e.to_string())
            }
            AnalysisError::Model(m) => m.into(),
            AnalysisError::Usage(m) => CliError::Usage(m),
        }
    }
}

impl From<brink_crisis::CrisisError> for CliError {
    fn from(e: brink_crisis::CrisisError) -> Self {
        use brink_crisis::CrisisError;
        match e {
            CrisisError::Input(d) => CliError::Input(d),
            CrisisError::NoCrisis { .. } | CrisisError::Build(_) => {
                CliError::InputMessage(e.to_string())
            }
            CrisisError::Options(m) => CliError::Usage(m),
            CrisisError::Solve(s) => s.into(),
        }
    }
}

impl From<brink_games::SolveError> for CliError {
    fn from(e: brink_games::SolveError) -> Self {
        match e.kind() {
            brink_games::SolveErrorKind::NoConvergence | brink_games::SolveErrorKind::Stopped => {
                CliError::NoConvergence(e.to_string())
            }
            _ => CliError::InputMessage(e.to_string()),
        }
    }
}

/// A game file's located error (brink-games reports one at a time).
impl From<brink_core::Diagnostic> for CliError {
    fn from(e: brink_core::Diagnostic) -> Self {
        CliError::Input(Diagnostics::single(e))
    }
}
