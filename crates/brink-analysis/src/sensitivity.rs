//! Which inputs move each issue's forecast most: one-at-a-time sweeps (each uncertain number set
//! to every point of a grid from the low to the high end of its range, every other at its point
//! estimate; the range of the forecast over the grid, and whether it moves monotonically) and,
//! from a Monte Carlo, the share of the forecast's variance each input explains alone
//! (first-order index). Models such as SMP and BDM are not monotone in their inputs: the two
//! ends alone can both fall on one side of the point forecast, so the sweep covers the inside.

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
    /// Points of each input's one-at-a-time sweep, from its low to its high end (≥ 2).
    pub grid: usize,
}

/// The default number of points of a sweep: the two ends, the middle and six points between.
pub const DEFAULT_GRID: usize = 9;
/// The most points a sweep may have.
pub const MAX_GRID: usize = 101;

/// `brink sensitivity`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SensitivityReport {
    pub scenario: String,
    pub model: String,
    pub runs: usize,
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jitter: Option<f64>,
    /// Points of each input's sweep.
    pub grid: usize,
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
    /// The lowest and highest forecast over the sweep (the grid and the point estimate, so the
    /// point forecast always lies within).
    pub min: f64,
    pub max: f64,
    /// max − min: how far the input moves the forecast (≥ |high − low|).
    pub swing: f64,
    /// Whether the forecast moves one way only along the sweep (up to 1e-9 of the scale).
    pub monotone: bool,
    /// The sweep: (input value, forecast) at each grid point, low end first.
    pub sweep: Vec<[f64; 2]>,
    /// Share of the forecast's Monte Carlo variance this input explains alone.
    pub share: f64,
}

/// Whether `ys` never goes both up and down by more than `tol`.
fn is_monotone(ys: &[f64], tol: f64) -> bool {
    let (mut up, mut down) = (false, false);
    for w in ys.windows(2) {
        let d = w[1] - w[0];
        if d > tol {
            up = true;
        } else if d < -tol {
            down = true;
        }
    }
    !(up && down)
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

    // The forecasts with input k at `value`, all else at its point estimate.
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
    // One-at-a-time: a sweep over each input's grid, inputs in parallel, results in order.
    let grid = opts.grid.clamp(2, MAX_GRID);
    let sweeps: Vec<Vec<(f64, Vec<f64>)>> = (0..inputs.len())
        .into_par_iter()
        .map_init(
            || point.clone(),
            |buffer, k| {
                inputs[k]
                    .grid(grid)
                    .into_iter()
                    .map(|v| {
                        let at = run_at(buffer, k, v)
                            .unwrap_or_else(|_| vec![f64::NAN; sampled.issues.len()]);
                        (v, at)
                    })
                    .collect()
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
                let sweep: Vec<[f64; 2]> = sweeps[k]
                    .iter()
                    .map(|(v, at)| [*v, at[slot.issue]])
                    .collect();
                let ys: Vec<f64> = sweep.iter().map(|p| p[1]).filter(|y| !y.is_nan()).collect();
                let (min, max) = ys
                    .iter()
                    .chain([&slot.point].into_iter().filter(|p| !p.is_nan()))
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
                        (a.min(*y), b.max(*y))
                    });
                let swing = max - min;
                let tol = 1e-9 * (issue.scale[1] - issue.scale[0]).abs().min(f64::MAX);
                InputEffect {
                    field: input.field.clone(),
                    label: input.label.clone(),
                    range: [lo, hi],
                    low: sweep.first().map_or(f64::NAN, |p| p[1]),
                    high: sweep.last().map_or(f64::NAN, |p| p[1]),
                    min: if ys.is_empty() { f64::NAN } else { min },
                    max: if ys.is_empty() { f64::NAN } else { max },
                    // Forecasts near ±f64::MAX: their distance saturates rather than overflowing.
                    swing: if swing.is_nan() {
                        0.0
                    } else {
                        swing.min(f64::MAX)
                    },
                    monotone: is_monotone(&ys, tol),
                    sweep,
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
        grid,
        issues,
        skipped: mc.skipped.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::WeightedMean;
    use brink_core::Uncertain;
    use brink_testkit::ScenarioBuilder;

    fn scenario() -> Scenario {
        ScenarioBuilder::new("s")
            .issue("i", [0.0, 100.0])
            .actor("a", 1.0)
            .actor("b", Uncertain::Uniform { min: 0.5, max: 1.5 })
            .actor("c", 1.0)
            .position(
                "a",
                "i",
                Uncertain::Uniform {
                    min: 0.0,
                    max: 60.0,
                },
                1.0,
            )
            .position("b", "i", 50.0, 1.0)
            .position(
                "c",
                "i",
                Uncertain::Normal {
                    mean: 80.0,
                    sd: 2.0,
                },
                1.0,
            )
            .build()
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
                grid: DEFAULT_GRID,
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
        // A linear model: monotone in every input, the range the two ends.
        assert!(issue.inputs.iter().all(|e| e.monotone));
        assert_eq!(issue.inputs[0].sweep.len(), DEFAULT_GRID);
        assert_eq!(issue.inputs[0].sweep[4][0], 30.0);
        assert_eq!(
            [issue.inputs[0].min, issue.inputs[0].max],
            [issue.inputs[0].low, issue.inputs[0].high]
        );
    }

    /// |position of a − 30|: lowest at a's point estimate, equal at both ends.
    struct Valley;
    impl BargainingModel for Valley {
        fn name(&self) -> &'static str {
            "valley"
        }
        fn describe(&self) -> &'static str {
            "a model that is not monotone in its input"
        }
        fn run(
            &self,
            s: &Scenario,
            _: &ModelParams,
            _: u64,
        ) -> Result<Vec<(usize, brink_core::ModelForecast)>, ModelError> {
            let a = s.positions[0].at.point();
            Ok(vec![(
                0,
                brink_core::ModelForecast::point("valley", (a - 30.0).abs()),
            )])
        }
    }

    #[test]
    fn a_non_monotone_input_is_flagged_and_its_range_covers_the_inside() {
        let r = sensitivity(
            &scenario(),
            &Valley,
            &ModelParams::default(),
            SensitivityOptions {
                mc: McOptions::new(500, 1),
                jitter: None,
                grid: 5,
            },
        )
        .unwrap();
        let e = &r.issues[0].inputs[0];
        assert_eq!(e.field, "position[0].at");
        // The two ends agree (30 and 30): a two-point swing would call this input inert.
        assert_eq!((e.low, e.high), (30.0, 30.0));
        assert_eq!((e.min, e.max, e.swing), (0.0, 30.0, 30.0));
        assert!(!e.monotone);
        let xs: Vec<f64> = e.sweep.iter().map(|p| p[0]).collect();
        assert_eq!(xs, vec![0.0, 15.0, 30.0, 45.0, 60.0]);
        assert_eq!(r.issues[0].base, 0.0);
    }

    #[test]
    fn a_certain_scenario_needs_jitter() {
        let s = sample::point_scenario(&scenario());
        let opts = SensitivityOptions {
            mc: McOptions::new(200, 1),
            jitter: None,
            grid: 3,
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
