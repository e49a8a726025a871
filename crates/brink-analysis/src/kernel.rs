//! Feeding the models' Monte Carlo kernels ([`brink_core::kernel`]): a model that offers a fast
//! entry point (`BargainingModel::kernel`) is run that way instead of through
//! `BargainingModel::run`, which builds tables, records every round and allocates on every call.
//! Per-issue kernels read one issue's inputs from reusable slices filled here; whole-scenario
//! kernels read the drawn scenario itself. A kernel computes exactly what its model's `run`
//! reports as `forecast` — the Monte Carlo tests compare both paths draw by draw.

use brink_core::Scenario;

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
