//! brink's computing commands as library calls: the same checks, runs and JSON results as
//! `brink forecast` / `brink simulate` / `brink merge`, for the front-ends that are not the CLI
//! (the Python package `brink`, through brink-py; a server later). No printing: what the CLI
//! prints as a note on stderr is returned in `notes`.
//!
//! - [`models`]: resolving a model list and checking its options before any run;
//! - [`forecast`]: every model's forecast with the Monte Carlo 90% intervals;
//! - [`simulate`]: the Monte Carlo report, one shard of it, and merging shards.

pub mod forecast;
pub mod models;
pub mod simulate;

use brink_core::{Diagnostics, ModelError};

/// Why a call failed, in the CLI's exit-code classes.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// Bad input: located diagnostics (the CLI's exit 1).
    #[error("{0}")]
    Input(Diagnostics),
    /// Bad input not tied to a location in a file (exit 1).
    #[error("{0}")]
    InputMessage(String),
    /// A bad option (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A model did not converge within its limits (exit 3).
    #[error("{0}")]
    NoConvergence(String),
}

impl From<Diagnostics> for ApiError {
    fn from(d: Diagnostics) -> Self {
        ApiError::Input(d)
    }
}

impl From<ModelError> for ApiError {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::NotApplicable { .. } => ApiError::InputMessage(e.to_string()),
            ModelError::BadParams { .. } => ApiError::Usage(e.to_string()),
            ModelError::NoConvergence { .. } => ApiError::NoConvergence(e.to_string()),
        }
    }
}

impl From<brink_analysis::AnalysisError> for ApiError {
    fn from(e: brink_analysis::AnalysisError) -> Self {
        use brink_analysis::AnalysisError;
        match e {
            AnalysisError::NoUncertainty | AnalysisError::NoModel(_) => {
                ApiError::InputMessage(e.to_string())
            }
            AnalysisError::Model(m) => m.into(),
            AnalysisError::Usage(m) => ApiError::Usage(m),
        }
    }
}

/// A scenario ready for the models: loaded and validated (warnings kept), its `[models.*]`
/// sections checked, capabilities too large or small for the models' sums divided by the
/// largest (as `brink forecast` loads it).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub scenario: brink_core::Scenario,
    pub warnings: Vec<brink_core::Diagnostic>,
    pub notes: Vec<String>,
}

/// Loads `path` (any scenario input) as the CLI's computing commands do.
pub fn load_for_models(path: &str) -> Result<Loaded, ApiError> {
    let (scenario, warnings) = brink_formats::load_scenario(path)?;
    prepare(scenario, warnings)
}

/// [`load_for_models`] on text already read (`name` names it in diagnostics; its extension or
/// content tells the kind).
pub fn load_text_for_models(text: &str, name: &str) -> Result<Loaded, ApiError> {
    let (scenario, warnings) = brink_formats::load_scenario_text(text, name)?;
    prepare(scenario, warnings)
}

fn prepare(
    mut scenario: brink_core::Scenario,
    warnings: Vec<brink_core::Diagnostic>,
) -> Result<Loaded, ApiError> {
    let problems = brink_models::scenario_settings_diagnostics(&scenario);
    if !problems.is_empty() {
        return Err(ApiError::Input(Diagnostics(problems)));
    }
    let mut notes = Vec::new();
    if let Some(d) = scenario.normalise_capabilities() {
        notes.push(format!(
            "capabilities divided by the largest ({d:e}) so that the models' sums stay within \
             f64's range; only their ratios matter"
        ));
    }
    Ok(Loaded {
        scenario,
        warnings,
        notes,
    })
}
