//! Fast paths for the Monte Carlo: a model that can forecast one issue from plain slices in a
//! reusable per-worker workspace (an "issue kernel") is run that way instead of through
//! `BargainingModel::run`, which builds tables, records every round and allocates on every call.
//! A kernel must compute exactly what its model's `run` reports as `forecast` for the same
//! parameters — the Monte Carlo tests compare both paths draw by draw.

use brink_core::{ModelParams, Scenario};

/// One issue's inputs, actors in the scenario's actor order (as `Scenario::issue_table`).
#[derive(Clone, Copy, Debug)]
pub struct IssueInputs<'a> {
    pub positions: &'a [f64],
    pub capabilities: &'a [f64],
    pub saliences: &'a [f64],
    pub scale: [f64; 2],
}

/// A model's allocation-free entry point.
pub trait IssueKernel: Sync {
    /// The name of the model it stands in for.
    fn model(&self) -> &'static str;
    /// Whether, with these parameters, the kernel computes what the model computes.
    fn accepts(&self, params: &ModelParams) -> bool;
    /// A workspace for issues of at most `max_actors` actors (one per worker thread).
    fn workspace(&self, max_actors: usize, params: &ModelParams) -> Box<dyn KernelWorkspace>;
}

/// A kernel's per-worker state, reused for every run.
pub trait KernelWorkspace: Send {
    /// The forecast on one issue.
    fn forecast(&mut self, inputs: &IssueInputs) -> Result<f64, String>;
}

/// The kernels brink has: used automatically by the Monte Carlo for the models they stand in for.
pub fn builtin() -> &'static [&'static dyn IssueKernel] {
    static BUILTIN: [&dyn IssueKernel; 1] = [&BDM];
    &BUILTIN
}

/// The `bdm` model through `brink_bdm::run_into`: one `BdmWorkspace` per worker, nothing
/// allocated per run. The forecast is what `bdm` reports: the final round's c·s-weighted mean,
/// or for a draw whose run ends in a cycle the mean over the cycle (judged on the same last
/// states, the ring kept in the workspace).
pub static BDM: BdmKernel = BdmKernel;

pub struct BdmKernel;

impl BdmKernel {
    /// `ModelParams` → `BdmOptions`, exactly as the `bdm` model reads them; `None` for
    /// parameters it rejects (the model itself then reports the error).
    fn options(params: &ModelParams) -> Option<brink_bdm::BdmOptions> {
        brink_bdm::Bdm::options(params).ok()
    }
}

impl IssueKernel for BdmKernel {
    fn model(&self) -> &'static str {
        "bdm"
    }
    fn accepts(&self, params: &ModelParams) -> bool {
        BdmKernel::options(params).is_some()
    }
    fn workspace(&self, max_actors: usize, params: &ModelParams) -> Box<dyn KernelWorkspace> {
        Box::new(BdmRunner {
            workspace: brink_bdm::BdmWorkspace::new(max_actors),
            options: BdmKernel::options(params).unwrap_or_default(),
        })
    }
}

struct BdmRunner {
    workspace: brink_bdm::BdmWorkspace,
    options: brink_bdm::BdmOptions,
}

impl KernelWorkspace for BdmRunner {
    fn forecast(&mut self, i: &IssueInputs) -> Result<f64, String> {
        let inputs = brink_bdm::BdmInputs {
            positions: i.positions,
            capabilities: i.capabilities,
            saliences: i.saliences,
        };
        let summary = brink_bdm::run_into(&mut self.workspace, &inputs, &self.options)
            .map_err(|e| e.to_string())?;
        if self.options.until_stable && summary.settling == Some(brink_core::Settling::Drift) {
            return Err(format!(
                "bdm did not converge: actors still move after {} rounds, repeating no earlier state",
                summary.rounds_run
            ));
        }
        // As `bdm` reports it: the final weighted mean, or the mean over a cycle.
        Ok(summary.forecast)
    }
}

/// Per issue, the (actor index, position index) pairs of the actors holding a position on it, in
/// actor order — the rows `Scenario::issue_table` reads.
pub(crate) fn issue_rows(scenario: &Scenario) -> Vec<Vec<(usize, usize)>> {
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

/// Reusable slices for one issue's inputs.
#[derive(Default)]
pub(crate) struct Slices {
    pub positions: Vec<f64>,
    pub capabilities: Vec<f64>,
    pub saliences: Vec<f64>,
}

impl Slices {
    pub fn with_capacity(n: usize) -> Self {
        Slices {
            positions: Vec::with_capacity(n),
            capabilities: Vec::with_capacity(n),
            saliences: Vec::with_capacity(n),
        }
    }

    /// Refills the slices from a drawn scenario (no allocation within capacity).
    pub fn fill(&mut self, scenario: &Scenario, rows: &[(usize, usize)]) {
        self.positions.clear();
        self.capabilities.clear();
        self.saliences.clear();
        for &(a, k) in rows {
            let p = &scenario.positions[k];
            self.positions.push(p.at.point());
            self.saliences.push(p.salience.point());
            self.capabilities
                .push(scenario.actors[a].capability.point());
        }
    }
}
