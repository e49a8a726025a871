//! `brink forecast`'s run and result: every selected model's forecast of each issue, with the
//! 90% intervals of a short Monte Carlo when the scenario carries uncertainty.

use crate::{models, ApiError};
use brink_core::{ForecastReport, IssueForecasts, ModelError, ModelParams, Scenario};

/// `brink forecast`'s options.
#[derive(Clone, Debug)]
pub struct ForecastOptions {
    /// `--model`: a comma-separated list, or `all`.
    pub models: String,
    pub params: ModelParams,
    pub seed: u64,
    /// `--interval-runs` (0: no intervals).
    pub interval_runs: usize,
    pub force: bool,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            models: "all".into(),
            params: ModelParams::default(),
            seed: 0,
            interval_runs: 400,
            force: false,
        }
    }
}

/// A forecast and what the CLI would print beside it.
#[derive(Clone, Debug)]
pub struct Forecast {
    pub report: ForecastReport,
    /// Notes (models skipped, and why).
    pub notes: Vec<String>,
    /// Models still drifting under `until_stable` (the CLI exits 3 after showing the others).
    pub unconverged: Vec<String>,
}

/// Runs the forecast as `brink forecast --format json` does (same JSON once serialised).
pub fn forecast(scenario: &Scenario, opts: &ForecastOptions) -> Result<Forecast, ApiError> {
    let params = &opts.params;
    let (selected, all) = models::select(&opts.models)?;
    models::check(&selected, scenario, params)?;
    let mut notes = Vec::new();
    let selected = models::affordable(selected, all, scenario, params, 1, opts.force, &mut notes)?;
    let mut unconverged = Vec::new();
    let mut issues: Vec<IssueForecasts> = scenario
        .issues
        .iter()
        .map(|i| IssueForecasts {
            id: i.id.clone(),
            name: i.name.clone(),
            scale: i.scale,
            forecasts: vec![],
        })
        .collect();
    let mut converged = Vec::new();
    for model in selected {
        match model.run(scenario, &params.for_model(model.name()), opts.seed) {
            Ok(results) => {
                for (issue, fc) in results {
                    issues[issue].forecasts.push(fc);
                }
                converged.push(model);
            }
            Err(e @ ModelError::NotApplicable { .. }) if all => notes.push(format!("skipped {e}")),
            Err(e @ ModelError::NoConvergence { .. }) if all => unconverged.push(e.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let mut report = ForecastReport {
        scenario: scenario.name.clone(),
        issues,
    };
    if opts.interval_runs > 0 && scenario.has_uncertainty() {
        let interval_models: Vec<_> = converged
            .into_iter()
            .filter(|m| {
                let cost = brink_models::cost::estimated_seconds(*m, scenario, params)
                    * opts.interval_runs as f64
                    / 2.0;
                let fits = opts.force || cost <= brink_models::cost::BUDGET_SECONDS;
                if !fits {
                    notes.push(format!(
                        "no 90% interval for {}: {} draws would take about {cost:.0} s",
                        m.name(),
                        opts.interval_runs
                    ));
                }
                fits
            })
            .collect();
        if !interval_models.is_empty() {
            match brink_analysis::intervals(
                scenario,
                &interval_models,
                params,
                opts.interval_runs,
                opts.seed,
            ) {
                Ok(intervals) => {
                    for iv in intervals {
                        if let Some(f) = report.issues[iv.issue]
                            .forecasts
                            .iter_mut()
                            .find(|f| f.model == iv.model)
                        {
                            f.extra
                                .insert("interval".into(), serde_json::json!([iv.p05, iv.p95]));
                        }
                    }
                }
                Err(brink_analysis::AnalysisError::NoModel(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(Forecast {
        report,
        notes,
        unconverged,
    })
}
