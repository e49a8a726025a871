//! exchange's Monte Carlo kernel ([`brink_core::kernel`]): per worker, the problem's tables
//! refilled in place from each drawn scenario and the f64 engine's candidate storage kept from
//! run to run ([`engine::Workspace`]); the forecasts read straight off the run, without the
//! per-round records and JSON that `ExchangeModel::run` builds for every issue.
//!
//! Arithmetic: the kernel computes in the arithmetic the parameters say — inside Monte Carlo
//! loops f64 unless `arithmetic` is set (`BargainingModel::sampling_params`) — so each draw's
//! value is the model's own answer for that draw in that arithmetic. In f64, gains equal to
//! within 1e-9 rank equal and the first in decide's list is taken, where decide's (and the
//! exact default's) 28-digit rounding picks by the last digits: on such a tie a draw's f64
//! value may differ from the exact run's (docs/models.md; `tests/kernel.rs` checks both).

use crate::engine::{self, Problem, Workspace};
use crate::{check_settled, problem, settings, settling, Arithmetic, Config};
use brink_core::convergence::{CycleStats, Settling};
use brink_core::kernel::issue_rows;
use brink_core::{ModelError, ModelParams, Scenario};
use brink_core::{ScenarioKernel, ScenarioWorkspace};

/// The `exchange` model's scenario kernel.
pub struct ExchangeKernel;

impl ScenarioKernel for ExchangeKernel {
    fn accepts(&self, scenario: &Scenario, params: &ModelParams) -> bool {
        settings(scenario, params).is_ok()
    }
    fn workspace(&self, scenario: &Scenario, params: &ModelParams) -> Box<dyn ScenarioWorkspace> {
        Box::new(ExchangeRunner {
            config: settings(scenario, params).ok(),
            params: params.clone(),
            problem: problem(scenario),
            rows: issue_rows(scenario),
            engine: Workspace::default(),
        })
    }
}

struct ExchangeRunner {
    /// The model's settings (`[models.exchange]` and the options: no draw changes them).
    config: Option<Config>,
    params: ModelParams,
    /// The problem of the scenario the workspace was made for: which actor holds which issue,
    /// names and scales stay; the numbers are refilled from every draw.
    problem: Result<Problem, ModelError>,
    rows: Vec<Vec<(usize, usize)>>,
    engine: Workspace,
}

impl ScenarioWorkspace for ExchangeRunner {
    fn forecast(
        &mut self,
        scenario: &Scenario,
        seed: u64,
        out: &mut [f64],
    ) -> Result<(), ModelError> {
        let config = match &self.config {
            Some(c) => c,
            None => return settings(scenario, &self.params).map(|_| ()),
        };
        let prob = self.problem.as_mut().map_err(|e| e.clone())?;
        refill(prob, scenario, &self.rows);
        let run = match config.arithmetic {
            Arithmetic::F64 => engine::run_reusing(&mut self.engine, prob, &config.settings, seed),
            Arithmetic::Exact => engine::run_hybrid(prob, &config.settings, seed),
        };
        let settled = settling(prob, &run, config.settings.rule);
        check_settled(&self.params, prob, &run, settled)?;
        let initial = engine::outcome(prob);
        for (k, value) in out.iter_mut().enumerate().take(prob.n_issues()) {
            let de = |v: f64| Problem::denormalise(prob.scales[k], v);
            // As `forecasts` and `convergence::annotate` report it: the last round's outcome,
            // or the mean over a cycle of the outcomes after every round (round 0: the input).
            *value = match settled {
                Some((Settling::Cycle { period }, _)) => {
                    let values: Vec<f64> = std::iter::once(initial[k])
                        .chain(run.rounds.iter().map(|r| r.outcome[k]))
                        .map(de)
                        .collect();
                    CycleStats::of(&values[values.len() - period..]).mean
                }
                _ => de(run.final_outcome().map_or(initial[k], |o| o[k])),
            };
        }
        Ok(())
    }
}

/// The drawn numbers into the problem's tables, as [`problem`] reads them from a scenario of the
/// same shape: capability, salience and position (normalised to 0–100) per actor and issue.
fn refill(prob: &mut Problem, scenario: &Scenario, rows: &[Vec<(usize, usize)>]) {
    let nk = prob.n_issues();
    for (k, rows) in rows.iter().enumerate() {
        for &(a, row) in rows {
            let ix = a * nk + k;
            let p = &scenario.positions[row];
            prob.power[ix] = scenario.actors[a].capability.point();
            prob.salience[ix] = p.salience.point();
            prob.original[ix] = p.at.point();
            prob.position[ix] = Problem::normalise(scenario.issues[k].scale, prob.original[ix]);
        }
    }
}
