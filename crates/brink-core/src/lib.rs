//! brink's scenario model: the one data type every importer produces and every model reads.
//!
//! - [`scenario`]: actors, issues, positions, salience, capability, validated on load;
//! - [`number`]: numbers that may be uncertain (normal, uniform range, discrete values);
//! - [`diag`]: located diagnostics (file:line:col or field) — every error flows through these;
//! - [`forecast`]: the output shapes every bargaining model returns (the JSON contract of cli.md);
//! - [`model`]: the interface a bargaining model implements;
//! - [`control`]: a deadline, a cancel flag and a progress callback that long work checks;
//! - [`convergence`]: whether an iterating model's run converged, cycles or drifts, and the
//!   summary of a run that does not converge.
//!
//! This crate knows nothing of file formats, models' algorithms or front-ends.

pub mod control;
pub mod convergence;
pub mod diag;
pub mod forecast;
pub mod kernel;
pub mod model;
pub mod montecarlo;
pub mod number;
pub mod scenario;

pub use control::{Control, Progress, Stop};
pub use convergence::{Settling, StateRing};
pub use diag::{
    did_you_mean, list_hint, printable, Diagnostic, Diagnostics, LineIndex, Location, Origin,
    Severity,
};
pub use forecast::{
    BargainMove, ExchangeMove, ExchangeSide, Externalities, ForecastReport, IssueForecasts,
    ModelForecast, OfferKind, OfferMove, RoundMove, RoundRecord,
};
pub use kernel::{
    IssueInputs, IssueKernel, IssueWorkspace, Kernel, ScenarioKernel, ScenarioWorkspace,
};
pub use model::{BargainingModel, ModelError, ModelParams, ModelSettings, SettingSource, Utility};
pub use number::Uncertain;
pub use scenario::{Actor, Dataset, Issue, IssueTable, Position, Scenario};
