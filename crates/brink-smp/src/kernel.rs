//! smp's Monte Carlo kernel ([`brink_core::kernel`]): each draw's run on the calling thread (the
//! Monte Carlo's workers already fill the cores; rayon's splitting costs more than a small
//! table's turns) and its forecasts read straight off the run, without the per-round records,
//! notes and JSON that `Smp::run` builds for every issue, and without KTAB's report on the
//! states the forecast does not read (`engine::run_for_forecast`).

use crate::engine::{self, Threads};
use crate::model::{check_settled, forecast_value, map_scenario, resolve_params};
use crate::SmpParams;
use brink_core::{ModelError, ModelParams, Scenario, ScenarioKernel, ScenarioWorkspace};

/// The `smp` model's scenario kernel.
pub struct SmpKernel;

impl ScenarioKernel for SmpKernel {
    fn accepts(&self, scenario: &Scenario, params: &ModelParams) -> bool {
        resolve_params(scenario, params).is_ok()
    }
    fn workspace(&self, scenario: &Scenario, params: &ModelParams) -> Box<dyn ScenarioWorkspace> {
        Box::new(SmpRunner {
            params: resolve_params(scenario, params).unwrap_or_default(),
        })
    }
}

struct SmpRunner {
    /// The model's parameters: the scenario's `[models.smp]` and the options, which no draw
    /// changes.
    params: SmpParams,
}

impl ScenarioWorkspace for SmpRunner {
    fn forecast(
        &mut self,
        scenario: &Scenario,
        seed: u64,
        out: &mut [f64],
    ) -> Result<(), ModelError> {
        let mapped = map_scenario(scenario, &self.params)?;
        let run = engine::run_for_forecast(&mapped.problem, &self.params, seed, Threads::Caller)?;
        check_settled(&self.params, &run)?;
        for (dim, issue) in scenario.issues.iter().enumerate() {
            out[dim] = forecast_value(&run, dim, issue.scale);
        }
        Ok(())
    }
}
