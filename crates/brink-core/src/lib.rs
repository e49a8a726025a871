//! brink's scenario model: the one data type every importer produces and every model reads.
//!
//! - [`scenario`]: actors, issues, positions, salience, capability, validated on load;
//! - [`number`]: numbers that may be uncertain (normal, uniform range, discrete values);
//! - [`diag`]: located diagnostics (file:line:col or field) — every error flows through these;
//! - [`forecast`]: the output shapes every bargaining model returns (the JSON contract of cli.md);
//! - [`model`]: the interface a bargaining model implements;
//! - [`convergence`]: whether an iterating model's run converged, cycles or drifts, and the
//!   summary of a run that does not converge.
//!
//! This crate knows nothing of file formats, models' algorithms or front-ends.

pub mod convergence;
pub mod diag;
pub mod forecast;
pub mod kernel;
pub mod model;
pub mod montecarlo;
pub mod number;
pub mod scenario;

pub use convergence::{Settling, StateRing};
pub use diag::{printable, Diagnostic, Diagnostics, LineIndex, Location, Origin, Severity};
pub use forecast::{
    BargainMove, ExchangeMove, ExchangeSide, Externalities, ForecastReport, IssueForecasts,
    ModelForecast, OfferKind, OfferMove, RoundMove, RoundRecord,
};
pub use kernel::{
    IssueInputs, IssueKernel, IssueWorkspace, Kernel, ScenarioKernel, ScenarioWorkspace,
};
pub use model::{BargainingModel, ModelError, ModelParams, Utility};
pub use number::Uncertain;
pub use scenario::{Actor, Dataset, Issue, IssueTable, Position, Scenario};

/// Says loudly that a test skipped because `../shared/` is absent. It writes to the process's
/// stderr handle directly, because the test harness hides `eprintln!` output of passing tests and
/// a skip must be seen.
pub fn report_skip(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED (needs ../shared): {what}"
    );
}

/// Where the reference data of `../shared/` is, for tests that compare against it: `$BRINK_SHARED`
/// if set, else `shared/` beside the repository. `None` when absent — such tests must then print
/// a loud `SKIPPED` line and return, never fail: core tests do not need `../shared`.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let candidate = match std::env::var_os("BRINK_SHARED") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    candidate.is_dir().then_some(candidate)
}
