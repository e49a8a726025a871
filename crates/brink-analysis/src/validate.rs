//! Forecasts checked against reality: every model run on every scenario of a dataset with known
//! outcomes, scored by mean, median and root-mean-square absolute error, with the per-issue
//! predictions kept for a CSV.

use crate::montecarlo::SkippedModel;
use crate::stats;
use crate::AnalysisError;
use brink_core::{BargainingModel, Dataset, ModelError, ModelParams};
use rayon::prelude::*;
use serde::Serialize;

/// `brink validate`'s answer (cli.md's JSON contract, extended).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValidationReport {
    pub dataset: String,
    /// Issues with a known outcome in the dataset.
    pub issues: usize,
    pub models: Vec<ModelScore>,
    /// How the dataset was read (conventions, rows left out).
    pub notes: Vec<String>,
    #[serde(skip)]
    pub per_issue: Vec<IssuePrediction>,
}

/// One model's errors over the dataset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelScore {
    pub model: String,
    pub mae: f64,
    pub median_ae: f64,
    pub rmse: f64,
    /// Issues scored.
    pub n: usize,
    /// Issues the model did not forecast (does not apply, or failed), with the first reason.
    #[serde(skip_serializing_if = "is_zero")]
    pub missing: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_missing: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One issue: its outcome and each model's prediction (aligned with `ValidationReport::models`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssuePrediction {
    pub id: String,
    pub name: String,
    pub outcome: f64,
    pub predictions: Vec<Option<f64>>,
}

/// Scores `models` on every issue of `dataset` that has an outcome. Models are run with `seed`
/// (the same for every issue). A model that applies to no issue at all is reported in the
/// result's `models` with n = 0 rather than dropped, so a table always has every model asked for.
pub fn validate(
    dataset: &Dataset,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    seed: u64,
) -> Result<ValidationReport, AnalysisError> {
    validate_with(dataset, models, params, seed, None)
}

/// [`validate`], calling `progress` with 1 as each (scenario, model) run finishes, from any
/// worker (a progress bar over `scenarios × models` runs).
pub fn validate_with(
    dataset: &Dataset,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    seed: u64,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<ValidationReport, AnalysisError> {
    // (scenario, issue) pairs with an outcome on the issue's scale. An outcome off the scale
    // (importers reject or skip them; a dataset built in code may not) would score every model
    // against a point no forecast can reach: it is left out, with a note.
    let on_scale = |i: &brink_core::Issue| {
        i.outcome
            .is_some_and(|o| o.is_finite() && o >= i.scale[0] && o <= i.scale[1])
    };
    let mut off_scale = Vec::new();
    let cases: Vec<(usize, usize)> = dataset
        .scenarios
        .iter()
        .enumerate()
        .flat_map(|(s, sc)| {
            sc.issues
                .iter()
                .enumerate()
                .filter(|(_, i)| i.outcome.is_some())
                .map(move |(i, _)| (s, i))
        })
        .filter(|&(s, i)| {
            let issue = &dataset.scenarios[s].issues[i];
            let keep = on_scale(issue);
            if !keep {
                off_scale.push(format!(
                    "{} (outcome {} outside [{}, {}])",
                    issue.id,
                    issue.outcome.unwrap_or(f64::NAN),
                    issue.scale[0],
                    issue.scale[1]
                ));
            }
            keep
        })
        .collect();
    // Each scenario once per model, in parallel; collected in dataset order.
    type Row = Vec<Result<Vec<(usize, f64)>, ModelError>>;
    let rows: Vec<Row> = dataset
        .scenarios
        .par_iter()
        .map(|sc| {
            models
                .iter()
                .map(|m| {
                    let r = m
                        .run(sc, &params.for_model(m.name()), seed)
                        .map(|fs| fs.into_iter().map(|(i, f)| (i, f.forecast)).collect());
                    if let Some(p) = progress {
                        p(1);
                    }
                    r
                })
                .collect()
        })
        .collect();
    for row in &rows {
        for r in row {
            if let Err(ModelError::BadParams { model, reason }) = r {
                return Err(AnalysisError::Model(ModelError::BadParams {
                    model: model.clone(),
                    reason: reason.clone(),
                }));
            }
        }
    }
    let per_issue: Vec<IssuePrediction> = cases
        .iter()
        .map(|&(s, i)| {
            let issue = &dataset.scenarios[s].issues[i];
            IssuePrediction {
                id: issue.id.clone(),
                name: issue.name.clone(),
                outcome: issue.outcome.expect("cases have outcomes"),
                predictions: rows[s]
                    .iter()
                    .map(|r| {
                        r.as_ref().ok().and_then(|fs| {
                            fs.iter()
                                .find(|(k, _)| *k == i)
                                .map(|(_, f)| *f)
                                .filter(|f| f.is_finite())
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let mut scores = Vec::new();
    let mut scratch = Vec::new();
    for (m, model) in models.iter().enumerate() {
        let errors: Vec<f64> = per_issue
            .iter()
            .filter_map(|p| p.predictions[m].map(|f| (f - p.outcome).abs()))
            .collect();
        let first_missing = cases.iter().zip(&per_issue).find_map(|(&(s, _), p)| {
            p.predictions[m].is_none().then(|| match &rows[s][m] {
                Err(e) => format!("{}: {e}", p.id),
                Ok(_) => format!("{}: no forecast for this issue", p.id),
            })
        });
        let n = errors.len();
        let s = stats::summarise(&errors, &mut scratch);
        let rmse = if n == 0 {
            f64::NAN
        } else {
            (errors.iter().map(|e| e * e).sum::<f64>() / n as f64).sqrt()
        };
        scores.push(ModelScore {
            model: model.name().to_string(),
            mae: s.mean,
            median_ae: s.median,
            rmse,
            n,
            missing: per_issue.len() - n,
            first_missing,
        });
    }
    Ok(ValidationReport {
        dataset: dataset.name.clone(),
        issues: cases.len(),
        models: scores,
        notes: {
            let mut notes = dataset.notes.clone();
            if !off_scale.is_empty() {
                notes.push(format!(
                    "{} issue(s) with an outcome outside their scale left out: {}",
                    off_scale.len(),
                    off_scale.join(", ")
                ));
            }
            notes
        },
        per_issue,
    })
}

/// Models a dataset cannot use at all (every issue skipped), for a note on stderr.
pub fn unused_models(report: &ValidationReport) -> Vec<SkippedModel> {
    report
        .models
        .iter()
        .filter(|m| m.n == 0)
        .map(|m| SkippedModel {
            model: m.model.clone(),
            reason: m.first_missing.clone().unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Never, WeightedMean};
    use brink_core::Scenario;
    use brink_testkit::ScenarioBuilder;

    fn case(id: &str, xs: &[f64], outcome: f64) -> Scenario {
        let mut s = ScenarioBuilder::new(id)
            .issue(id, [0.0, 100.0])
            .outcome(id, outcome);
        for (k, x) in xs.iter().enumerate() {
            let actor = format!("a{k}");
            s = s.actor(&actor, 1.0).position(&actor, id, *x, 1.0);
        }
        s.build()
    }

    #[test]
    fn errors_are_scored_per_model() {
        let d = Dataset {
            name: "d".into(),
            scenarios: vec![
                case("x", &[0.0, 100.0], 40.0), // forecast 50: error 10
                case("y", &[20.0, 40.0], 60.0), // forecast 30: error 30
                case("z", &[10.0, 10.0], 10.0), // forecast 10: error 0
            ],
            notes: vec!["a note".into()],
        };
        let r = validate(&d, &[&WeightedMean, &Never], &ModelParams::default(), 0).unwrap();
        assert_eq!(r.issues, 3);
        let m = &r.models[0];
        assert_eq!((m.n, m.missing), (3, 0));
        assert!((m.mae - 40.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.median_ae, 10.0);
        assert!((m.rmse - (1000.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!((r.models[1].n, r.models[1].missing), (0, 3));
        assert_eq!(unused_models(&r).len(), 1);
    }
}
