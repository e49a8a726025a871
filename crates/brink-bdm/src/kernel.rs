//! bdm's Monte Carlo kernel ([`brink_core::kernel`]): [`run_into`] with one [`BdmWorkspace`]
//! per worker, nothing allocated per run. The forecast is what `bdm` reports: the final round's
//! c·s-weighted mean, or for a draw whose run ends in a cycle the mean over the cycle (judged on
//! the same last states, the ring kept in the workspace).

use crate::{run_into, Bdm, BdmInputs, BdmOptions, BdmWorkspace};
use brink_core::{IssueInputs, IssueKernel, IssueWorkspace, ModelParams, Settling};

/// The `bdm` model's issue kernel.
pub struct BdmKernel;

impl IssueKernel for BdmKernel {
    fn accepts(&self, params: &ModelParams) -> bool {
        Bdm::options(params).is_ok()
    }
    fn workspace(&self, max_actors: usize, params: &ModelParams) -> Box<dyn IssueWorkspace> {
        Box::new(BdmRunner {
            workspace: BdmWorkspace::new(max_actors),
            options: Bdm::options(params).unwrap_or_default(),
        })
    }
}

struct BdmRunner {
    workspace: BdmWorkspace,
    options: BdmOptions,
}

impl IssueWorkspace for BdmRunner {
    fn forecast(&mut self, i: &IssueInputs) -> Result<f64, String> {
        let inputs = BdmInputs {
            positions: i.positions,
            capabilities: i.capabilities,
            saliences: i.saliences,
        };
        let summary =
            run_into(&mut self.workspace, &inputs, &self.options).map_err(|e| e.to_string())?;
        if self.options.until_stable && summary.settling == Some(Settling::Drift) {
            return Err(format!(
                "bdm did not converge: actors still move after {} rounds, repeating no earlier state",
                summary.rounds_run
            ));
        }
        // As `bdm` reports it: the final weighted mean, or the mean over a cycle.
        Ok(summary.forecast)
    }
}
