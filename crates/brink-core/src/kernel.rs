//! Fast entry points a model may offer for Monte Carlo loops (thousands of runs of drawn
//! scenarios), where `BargainingModel::run` — tables built, every round recorded, JSON extras,
//! allocations on every call — costs far more than the model's arithmetic. A model registers
//! its kernel itself ([`BargainingModel::kernel`](crate::BargainingModel::kernel)); the Monte
//! Carlo uses it whenever it accepts the parameters.
//!
//! The contract: a kernel computes exactly — bit for bit — what its model's `run` reports as
//! `forecast` for the same scenario, parameters (those of
//! [`BargainingModel::sampling_params`](crate::BargainingModel::sampling_params)) and seed, or
//! fails where `run` fails. Every model's tests compare both paths draw by draw.

use crate::model::{ModelError, ModelParams};
use crate::scenario::Scenario;

/// A model's kernel: one issue at a time (models that forecast each issue on its own) or the
/// whole scenario at once (models that trade or bargain across issues).
#[derive(Clone, Copy)]
pub enum Kernel<'a> {
    Issue(&'a dyn IssueKernel),
    Scenario(&'a dyn ScenarioKernel),
}

/// One issue's inputs, actors in the scenario's actor order (as `Scenario::issue_table`).
#[derive(Clone, Copy, Debug)]
pub struct IssueInputs<'a> {
    pub positions: &'a [f64],
    pub capabilities: &'a [f64],
    pub saliences: &'a [f64],
    pub scale: [f64; 2],
}

/// A per-issue kernel.
pub trait IssueKernel: Sync {
    /// Whether, with these parameters, the kernel computes what the model computes.
    fn accepts(&self, params: &ModelParams) -> bool;
    /// A workspace for issues of at most `max_actors` actors (one per worker thread).
    fn workspace(&self, max_actors: usize, params: &ModelParams) -> Box<dyn IssueWorkspace>;
}

/// An issue kernel's per-worker state, reused for every run.
pub trait IssueWorkspace: Send {
    /// The forecast on one issue.
    fn forecast(&mut self, inputs: &IssueInputs) -> Result<f64, String>;
}

/// A whole-scenario kernel.
pub trait ScenarioKernel: Sync {
    /// Whether, on scenarios shaped like `scenario` (the same actors, issues and positions, any
    /// numbers) and with these parameters, the kernel computes what the model computes.
    fn accepts(&self, scenario: &Scenario, params: &ModelParams) -> bool;
    /// A workspace for scenarios shaped like `scenario` (one per worker thread).
    fn workspace(&self, scenario: &Scenario, params: &ModelParams) -> Box<dyn ScenarioWorkspace>;
}

/// A scenario kernel's per-worker state, reused for every run.
pub trait ScenarioWorkspace: Send {
    /// The forecasts of a drawn scenario: `out[k]` for issue k, for every issue the model's
    /// `run` forecasts (the others are left alone). An error is the one `run` returns.
    fn forecast(
        &mut self,
        scenario: &Scenario,
        seed: u64,
        out: &mut [f64],
    ) -> Result<(), ModelError>;
}

/// Per issue, the (actor index, position index) pairs of the actors holding a position on it, in
/// actor order — the rows `Scenario::issue_table` reads.
pub fn issue_rows(scenario: &Scenario) -> Vec<Vec<(usize, usize)>> {
    scenario
        .issues
        .iter()
        .map(|issue| {
            let mut rows: Vec<(usize, usize)> = scenario
                .positions
                .iter()
                .enumerate()
                .filter(|(_, p)| p.issue == issue.id)
                .filter_map(|(k, p)| scenario.actor_index(&p.actor).map(|a| (a, k)))
                .collect();
            rows.sort_by_key(|(a, _)| *a);
            rows
        })
        .collect()
}
