//! brink's analyses over any bargaining model: pure functions of a [`Scenario`] or a
//! [`Dataset`], a list of `&dyn BargainingModel` and a seed.
//!
//! - [`sample`]: a scenario's uncertain numbers, drawn and clipped; jitter for certain scenarios;
//! - [`kernel`]: feeding the models' allocation-free Monte Carlo kernels;
//! - [`montecarlo`]: the parallel, seed-reproducible Monte Carlo (`brink simulate`, and the
//!   intervals of `brink forecast`);
//! - [`shard`]: a Monte Carlo split into shards whose parts merge into the whole run's report,
//!   bit for bit (`brink simulate --shard K/N`, `brink merge`);
//! - [`sensitivity`]: one-at-a-time swings and variance shares (`brink sensitivity`);
//! - [`validate`]: forecasts against known outcomes (`brink validate`);
//! - [`actors`]: each actor's gains, allies, rivals and leverage (`brink actors`);
//! - [`stats`]: the summary statistics all of them share.

pub mod actors;
pub mod kernel;
pub mod montecarlo;
pub mod sample;
pub mod sensitivity;
pub mod shard;
pub mod stats;
pub mod validate;

pub use actors::{actors, ActorsOptions, ActorsReport};
pub use montecarlo::{
    intervals, intervals_with, simulate, Interval, McOptions, SimulateOptions, SimulationReport,
};
pub use sensitivity::{sensitivity, SensitivityOptions, SensitivityReport};
pub use shard::{merge_simulation, simulate_shard, Shard, SimulationPart};
pub use validate::{validate, validate_with, ValidationReport};

#[allow(unused_imports)] // for the doc links above
use brink_core::{Dataset, Scenario};

/// Why an analysis could not run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AnalysisError {
    /// Nothing to sample: every number of the scenario is certain.
    #[error(
        "the scenario has no uncertain number, so every run would give the same forecast \
         (a zero-width interval). Give ranges in the file (`{{ min = …, max = … }}`, \
         `{{ mean = …, sd = … }}`, `{{ values = […] }}`), or add relative noise with \
         `--jitter 0.1` (10% of each capability and salience, 10% of each issue's scale on positions)"
    )]
    NoUncertainty,
    /// No model could run on the input.
    #[error("no model applies: {0}")]
    NoModel(String),
    /// A model refused its parameters.
    #[error(transparent)]
    Model(brink_core::ModelError),
    /// A bad option value.
    #[error("{0}")]
    Usage(String),
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small models for the crate's unit tests (the real ones live in brink-models).
    use brink_core::{
        BargainingModel, IssueInputs, IssueKernel, IssueWorkspace, Kernel, ModelError,
        ModelForecast, ModelParams, Scenario,
    };

    /// Σ c s x / Σ c s on every issue.
    pub struct WeightedMean;
    impl BargainingModel for WeightedMean {
        fn name(&self) -> &'static str {
            "wmean"
        }
        fn describe(&self) -> &'static str {
            "c·s-weighted mean"
        }
        fn kernel(&self) -> Option<Kernel<'_>> {
            Some(Kernel::Issue(&WeightedMeanKernel))
        }
        fn run(
            &self,
            s: &Scenario,
            _: &ModelParams,
            _: u64,
        ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
            (0..s.issues.len())
                .map(|i| {
                    let t = s.issue_table(i);
                    let w = t.weights();
                    let total: f64 = w.iter().sum();
                    if total <= 0.0 {
                        return Err(ModelError::NoConvergence {
                            model: "wmean".into(),
                            reason: "no weight".into(),
                        });
                    }
                    let f = w.iter().zip(&t.position).map(|(w, x)| w * x).sum::<f64>() / total;
                    Ok((i, ModelForecast::point("wmean", f)))
                })
                .collect()
        }
    }

    /// The kernel of [`WeightedMean`] (registered by it: [`WeightedMean::kernel`]).
    pub struct WeightedMeanKernel;
    impl IssueKernel for WeightedMeanKernel {
        fn accepts(&self, _: &ModelParams) -> bool {
            true
        }
        fn workspace(&self, _: usize, _: &ModelParams) -> Box<dyn IssueWorkspace> {
            Box::new(WeightedMeanKernel)
        }
    }
    impl IssueWorkspace for WeightedMeanKernel {
        fn forecast(&mut self, i: &IssueInputs) -> Result<f64, String> {
            let mut num = 0.0;
            let mut total = 0.0;
            for k in 0..i.positions.len() {
                let w = i.capabilities[k] * i.saliences[k];
                num += w * i.positions[k];
                total += w;
            }
            if total <= 0.0 {
                return Err("no weight".into());
            }
            Ok(num / total)
        }
    }

    /// Never applies.
    pub struct Never;
    impl BargainingModel for Never {
        fn name(&self) -> &'static str {
            "never"
        }
        fn describe(&self) -> &'static str {
            "never applies"
        }
        fn run(
            &self,
            _: &Scenario,
            _: &ModelParams,
            _: u64,
        ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
            Err(ModelError::NotApplicable {
                model: "never".into(),
                reason: "it never does".into(),
            })
        }
    }
}
