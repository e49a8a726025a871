//! Which inputs move each issue's forecast most: one-at-a-time swings (each uncertain number set
//! to the ends of its range, every other at its point estimate) and, from a Monte Carlo, the share
//! of the forecast's variance each input explains alone (first-order index).

use crate::montecarlo::{self, McOptions, SkippedModel};
use crate::sample;
use crate::stats;
use crate::AnalysisError;
use brink_core::{BargainingModel, ModelError, ModelParams, Scenario};
use rayon::prelude::*;
use serde::Serialize;

/// Options of [`sensitivity`].
#[derive(Clone, Copy)]
pub struct SensitivityOptions<'a> {
    /// The Monte Carlo behind the variance shares.
    pub mc: McOptions<'a>,
    /// Relative noise for a scenario without uncertainty (see [`sample::jittered`]).
    pub jitter: Option<f64>,
}

/// `brink sensitivity`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitivityReport {
    pub scenario: String,
    pub model: String,
    pub runs: usize,
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jitter: Option<f64>,
    pub issues: Vec<IssueSensitivity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedModel>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueSensitivity {
    pub id: String,
    pub name: String,
    pub scale: [f64; 2],
    /// The forecast with every input at its point estimate.
    pub base: f64,
    /// The forecast's variance over the Monte Carlo runs.
    pub variance: f64,
    /// Sum of the first-order shares; 1 − this is what interactions explain.
    pub explained: f64,
    /// Inputs, largest swing first.
    pub inputs: Vec<InputEffect>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InputEffect {
    pub field: String,
    pub label: String,
    /// The input's low and high end (a normal's 5th and 95th percentile).
    pub range: [f64; 2],
    /// The forecast with the input at its low end, and at its high end.
    pub low: f64,
    pub high: f64,
    /// |high − low|.
    pub swing: f64,
    /// Share of the forecast's Monte Carlo variance this input explains alone.
    pub share: f64,
}

/// Sensitivity of `model`'s forecasts on `scenario` to each uncertain number.
pub fn sensitivity(
    scenario: &Scenario,
    model: &dyn BargainingModel,
    params: &ModelParams,
    opts: SensitivityOptions,
) -> Result<SensitivityReport, AnalysisError> {
    let sampled = montecarlo::sampled_scenario(scenario, opts.jitter)?;
    let mut mc_opts = opts.mc;
    mc_opts.keep_draws = true;
    let mc = montecarlo::run(&sampled, &[model], params, mc_opts)?;
    let inputs = &mc.inputs;
    let point = sample::point_scenario(&sampled);
    let seed = opts.mc.seed;

    // One-at-a-time: two runs per input, in parallel, results in input order.
    let run_at = |buffer: &mut Scenario, k: usize, value: f64| -> Result<Vec<f64>, ModelError> {
        sample::set(buffer, inputs[k].target, value);
        let out = model.run(buffer, &params.for_model(model.name()), seed);
        let restore = match inputs[k].target {
            sample::Target::Capability(i) => point.actors[i].capability.point(),
            sample::Target::Position(p) => point.positions[p].at.point(),
            sample::Target::Salience(p) => point.positions[p].salience.point(),
            sample::Target::StatusQuo(i) => point.issues[i]
                .status_quo
                .as_ref()
                .map(|s| s.point())
                .unwrap_or(f64::NAN),
        };
        sample::set(buffer, inputs[k].target, restore);
        let mut by_issue = vec![f64::NAN; sampled.issues.len()];
        for (issue, f) in out? {
            if let Some(slot) = by_issue.get_mut(issue) {
                *slot = f.forecast;
            }
        }
        Ok(by_issue)
    };
    let swings: Vec<(Vec<f64>, Vec<f64>)> = (0..inputs.len())
        .into_par_iter()
        .map_init(
            || point.clone(),
            |buffer, k| {
                let (lo, hi) = inputs[k].swing_range();
                let nan = || vec![f64::NAN; sampled.issues.len()];
                (
                    run_at(buffer, k, lo).unwrap_or_else(|_| nan()),
                    run_at(buffer, k, hi).unwrap_or_else(|_| nan()),
                )
            },
        )
        .collect();

    let draws: Vec<Vec<f64>> = (0..inputs.len()).map(|k| mc.draws_of(k)).collect();
    let mut issues = Vec::new();
    for (slot_index, slot) in mc.slots.iter().enumerate() {
        let issue = &sampled.issues[slot.issue];
        let y = mc.column(slot_index);
        let (_, sd) = stats::mean_sd(
            &y.iter()
                .copied()
                .filter(|v| !v.is_nan())
                .collect::<Vec<_>>(),
        );
        let mut effects: Vec<InputEffect> = inputs
            .iter()
            .enumerate()
            .map(|(k, input)| {
                let (lo, hi) = input.swing_range();
                let (low, high) = (swings[k].0[slot.issue], swings[k].1[slot.issue]);
                let swing = (high - low).abs();
                InputEffect {
                    field: input.field.clone(),
                    label: input.label.clone(),
                    range: [lo, hi],
                    low,
                    high,
                    swing: if swing.is_nan() { 0.0 } else { swing },
                    share: stats::first_order_index(&draws[k], &y),
                }
            })
            .collect();
        // Largest swing first; ties (often 0: inputs of other issues) by share, then file order.
        effects.sort_by(|a, b| {
            b.swing
                .total_cmp(&a.swing)
                .then(b.share.total_cmp(&a.share))
        });
        issues.push(IssueSensitivity {
            id: issue.id.clone(),
            name: issue.name.clone(),
            scale: issue.scale,
            base: slot.point,
            variance: sd * sd,
            explained: effects.iter().map(|e| e.share).sum(),
            inputs: effects,
        });
    }
    Ok(SensitivityReport {
        scenario: sampled.name.clone(),
        model: model.name().to_string(),
        runs: mc.runs,
        seed,
        jitter: opts.jitter,
        issues,
        skipped: mc.skipped.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::WeightedMean;
    use brink_core::{Actor, Issue, Position, Uncertain};

    fn scenario() -> Scenario {
        let actor = |id: &str, c: Uncertain| Actor {
            id: id.into(),
            name: id.into(),
            capability: c,
            why: None,
        };
        let pos = |a: &str, at: Uncertain| Position {
            actor: a.into(),
            issue: "i".into(),
            at,
            salience: 1.0.into(),
            why: None,
        };
        Scenario {
            name: "s".into(),
            issues: vec![Issue {
                id: "i".into(),
                name: "I".into(),
                scale: [0.0, 100.0],
                labels: vec![],
                status_quo: None,
                outcome: None,
                why: None,
            }],
            actors: vec![
                actor("a", 1.0.into()),
                actor("b", Uncertain::Uniform { min: 0.5, max: 1.5 }),
                actor("c", 1.0.into()),
            ],
            positions: vec![
                pos(
                    "a",
                    Uncertain::Uniform {
                        min: 0.0,
                        max: 60.0,
                    },
                ),
                pos("b", 50.0.into()),
                pos(
                    "c",
                    Uncertain::Normal {
                        mean: 80.0,
                        sd: 2.0,
                    },
                ),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn the_widest_input_leads_the_tornado() {
        let r = sensitivity(
            &scenario(),
            &WeightedMean,
            &ModelParams::default(),
            SensitivityOptions {
                mc: McOptions::new(4000, 1),
                jitter: None,
            },
        )
        .unwrap();
        let issue = &r.issues[0];
        assert_eq!(issue.inputs[0].field, "position[0].at");
        // Position of a from 0 to 60 with weights 1,1,1: the mean moves by 60/3 = 20.
        assert!((issue.inputs[0].swing - 20.0).abs() < 1e-9);
        assert!((issue.inputs[0].low - (0.0 + 50.0 + 80.0) / 3.0).abs() < 1e-9);
        assert!(issue.inputs[0].share > 0.8, "{:?}", issue.inputs[0]);
        assert!(issue.explained <= 1.05);
        assert!(issue
            .inputs
            .iter()
            .all(|e| e.share >= 0.0 && e.share <= 1.0));
        // Base: every input at its point estimate (a at 30, c at 80).
        assert!((issue.base - (30.0 + 50.0 + 80.0) / 3.0).abs() < 1e-9);
    }

    #[test]
    fn a_certain_scenario_needs_jitter() {
        let s = sample::point_scenario(&scenario());
        let opts = SensitivityOptions {
            mc: McOptions::new(200, 1),
            jitter: None,
        };
        assert_eq!(
            sensitivity(&s, &WeightedMean, &ModelParams::default(), opts).unwrap_err(),
            AnalysisError::NoUncertainty
        );
        let r = sensitivity(
            &s,
            &WeightedMean,
            &ModelParams::default(),
            SensitivityOptions {
                jitter: Some(0.1),
                ..opts
            },
        )
        .unwrap();
        // Three capabilities, three positions, three saliences.
        assert_eq!(r.issues[0].inputs.len(), 9);
    }
}
