//! Monte Carlo over a scenario's uncertain numbers: every run draws each uncertain number (clipped
//! to its valid range), runs the models on the drawn scenario and records one forecast per
//! (model, issue). Runs are independent and reproducible: run r's random numbers come from its
//! own stream ([`brink_core::montecarlo::run_stream`]: ChaCha8 seeded with the user's seed, on
//! stream r), and results are stored by run index, so the output does not depend on the number
//! of threads or on scheduling. A model with a kernel (`BargainingModel::kernel`) is run through
//! it, with one workspace per worker.

use crate::kernel::Slices;
use crate::sample::{self, Clipping, Input};
use crate::stats::{self, Histogram, Summary};
use crate::AnalysisError;
use brink_core::montecarlo::run_stream;
use brink_core::{
    BargainingModel, IssueInputs, IssueWorkspace, Kernel, ModelError, ModelParams, Scenario,
    ScenarioWorkspace,
};
use rand::Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Runs per unit of parallel work. Fixed (not derived from the thread count) so that nothing
/// about the work split can leak into results; small, so that a few hundred runs (a forecast's
/// intervals) still spread evenly over the cores.
const CHUNK: usize = 32;

/// How to run a Monte Carlo.
#[derive(Clone, Copy)]
pub struct McOptions<'a> {
    pub runs: usize,
    pub seed: u64,
    /// The index of the first run: runs `first_run .. first_run + runs` are computed, each from
    /// its own stream (0 for a whole Monte Carlo; a shard's start otherwise, see `shard.rs`).
    pub first_run: usize,
    /// Worker threads; `None` uses rayon's global pool (all cores).
    pub threads: Option<usize>,
    /// Keep every run's draws (needed for variance-based sensitivity; runs × inputs numbers).
    pub keep_draws: bool,
    /// Called with the number of runs just finished, from any worker (a progress bar).
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
    /// Run the models that have a kernel (`BargainingModel::kernel`) through it (the default);
    /// `false` runs every model through `BargainingModel::run` (tests and benchmarks compare).
    pub use_kernels: bool,
}

impl McOptions<'_> {
    pub fn new(runs: usize, seed: u64) -> Self {
        McOptions {
            runs,
            seed,
            first_run: 0,
            threads: None,
            keep_draws: false,
            progress: None,
            use_kernels: true,
        }
    }
}

/// One (model, issue) pair the sample records.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// Index into the model list given.
    pub model: usize,
    pub model_name: String,
    /// Index into `Scenario::issues`.
    pub issue: usize,
    /// The model's forecast on the point estimates.
    pub point: f64,
}

/// The raw result of a Monte Carlo.
#[derive(Clone, Debug)]
pub struct McSample {
    pub inputs: Vec<Input>,
    pub slots: Vec<Slot>,
    pub runs: usize,
    /// Run-major: `values[run * slots.len() + slot]`; NaN where the model failed on that run.
    pub values: Vec<f64>,
    /// Run-major draws, `draws[run * inputs.len() + input]` (empty unless `keep_draws`).
    pub draws: Vec<f64>,
    /// Per input: draws clipped up to the lower bound, and down to the upper bound.
    pub clipped: Vec<[u64; 2]>,
    /// Per slot: runs where the model failed, and the first failure's message.
    pub failures: Vec<(u64, Option<String>)>,
    /// Models left out, with the reason (they do not apply to this scenario).
    pub skipped: Vec<SkippedModel>,
}

impl McSample {
    /// The values of one slot across runs (a copy, in run order).
    pub fn column(&self, slot: usize) -> Vec<f64> {
        let n = self.slots.len();
        (0..self.runs).map(|r| self.values[r * n + slot]).collect()
    }
    /// The draws of one input across runs (empty unless the draws were kept).
    pub fn draws_of(&self, input: usize) -> Vec<f64> {
        let n = self.inputs.len();
        if self.draws.is_empty() {
            return Vec::new();
        }
        (0..self.runs).map(|r| self.draws[r * n + input]).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SkippedModel {
    pub model: String,
    pub reason: String,
}

/// A worker's workspace of one model's kernel.
enum Workspace {
    Issue(Box<dyn IssueWorkspace>),
    Scenario(Box<dyn ScenarioWorkspace>),
}

struct ChunkOut {
    values: Vec<f64>,
    draws: Vec<f64>,
    clipped: Vec<[u64; 2]>,
    failures: Vec<(u64, Option<(usize, String)>)>,
}

/// The most numbers a Monte Carlo keeps (runs × (forecasts + kept draws)): 10⁸, 0.8 GB, held
/// twice while chunks are reduced — within a 4 GB machine.
pub const MAX_KEPT_VALUES: usize = 100_000_000;

/// Refuses, before allocating, a run whose results would not fit in [`MAX_KEPT_VALUES`].
fn check_memory(runs: usize, n_slots: usize, n_draws: usize) -> Result<(), AnalysisError> {
    let per_run = n_slots.saturating_add(n_draws);
    match runs.checked_mul(per_run) {
        Some(n) if n <= MAX_KEPT_VALUES => Ok(()),
        _ => Err(AnalysisError::Usage(format!(
            "{runs} runs × {per_run} numbers kept per run (forecasts and inputs) exceed the \
             limit of {MAX_KEPT_VALUES} numbers (0.8 GB): lower --runs to at most {}",
            (MAX_KEPT_VALUES / per_run.max(1)).max(1)
        ))),
    }
}

/// Runs `models` on `opts.runs` draws of `scenario`. Models that do not apply are skipped (listed
/// in `skipped`); a model whose parameters are wrong is an error.
pub fn run(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    opts: McOptions,
) -> Result<McSample, AnalysisError> {
    if opts.runs == 0 {
        return Err(AnalysisError::Usage(
            "the number of runs must be at least 1".into(),
        ));
    }
    let inputs = sample::inputs(scenario);
    let point = sample::point_scenario(scenario);
    let (slots, skipped) = point_slots(&point, models, params, opts.seed)?;
    if slots.is_empty() {
        return Err(AnalysisError::NoModel(
            skipped
                .iter()
                .map(|s| format!("{}: {}", s.model, s.reason))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    // Which models to run, and for each the slot of every issue it forecasts.
    let mut slot_of: Vec<Vec<Option<usize>>> =
        vec![vec![None; scenario.issues.len()]; models.len()];
    for (k, s) in slots.iter().enumerate() {
        slot_of[s.model][s.issue] = Some(k);
    }
    let active: Vec<usize> = (0..models.len())
        .filter(|m| slot_of[*m].iter().any(Option::is_some))
        .collect();
    // Each model's parameters inside the loop: its own options, and the model's choice for
    // sampling (exchange computes in f64 there unless told otherwise).
    let sampling: Vec<ModelParams> = models
        .iter()
        .map(|m| m.sampling_params(&point, &params.for_model(m.name())))
        .collect();
    // The fast path of each model, if it has one that accepts these parameters.
    let kernel_of: Vec<Option<Kernel>> = models
        .iter()
        .zip(&sampling)
        .map(|(m, p)| {
            m.kernel().filter(|k| {
                opts.use_kernels
                    && match k {
                        Kernel::Issue(k) => k.accepts(p),
                        Kernel::Scenario(k) => k.accepts(&point, p),
                    }
            })
        })
        .collect();
    let rows = brink_core::kernel::issue_rows(&point);
    let max_actors = rows.iter().map(Vec::len).max().unwrap_or(0);
    let new_workspaces = || -> Vec<Option<Workspace>> {
        kernel_of
            .iter()
            .zip(&sampling)
            .map(|(k, p)| {
                k.map(|k| match k {
                    Kernel::Issue(k) => Workspace::Issue(k.workspace(max_actors, p)),
                    Kernel::Scenario(k) => Workspace::Scenario(k.workspace(&point, p)),
                })
            })
            .collect()
    };

    let n_slots = slots.len();
    let n_inputs = inputs.len();
    check_memory(
        opts.runs,
        n_slots,
        if opts.keep_draws { n_inputs } else { 0 },
    )?;
    let n_chunks = opts.runs.div_ceil(CHUNK);

    let work = || -> Vec<ChunkOut> {
        (0..n_chunks)
            .into_par_iter()
            .map_init(
                || {
                    (
                        point.clone(),
                        vec![0.0; n_inputs],
                        Slices::with_capacity(max_actors),
                        new_workspaces(),
                        vec![f64::NAN; point.issues.len()],
                    )
                },
                |(buffer, draws, slices, workspaces, by_issue), chunk| {
                    let first = chunk * CHUNK;
                    let last = (first + CHUNK).min(opts.runs);
                    let mut out = ChunkOut {
                        values: vec![f64::NAN; (last - first) * n_slots],
                        draws: Vec::with_capacity(if opts.keep_draws {
                            (last - first) * n_inputs
                        } else {
                            0
                        }),
                        clipped: vec![[0; 2]; n_inputs],
                        failures: vec![(0, None); n_slots],
                    };
                    for run in first..last {
                        let mut rng = run_stream(opts.seed, (opts.first_run + run) as u64);
                        for (k, input) in inputs.iter().enumerate() {
                            let (x, clip) = input.draw(&mut rng);
                            match clip {
                                -1 => out.clipped[k][0] += 1,
                                1 => out.clipped[k][1] += 1,
                                _ => {}
                            }
                            draws[k] = x;
                            sample::set(buffer, input.target, x);
                        }
                        if opts.keep_draws {
                            out.draws.extend_from_slice(draws);
                        }
                        let model_seed: u64 = rng.gen();
                        let row = &mut out.values[(run - first) * n_slots..][..n_slots];
                        for &m in &active {
                            let mut fail = |k: usize, e: String| {
                                let fail = &mut out.failures[k];
                                fail.0 += 1;
                                if fail.1.is_none() {
                                    fail.1 = Some((opts.first_run + run, e));
                                }
                            };
                            match workspaces[m].as_mut() {
                                Some(Workspace::Issue(ws)) => {
                                    for (issue, slot) in slot_of[m].iter().enumerate() {
                                        let Some(k) = *slot else { continue };
                                        slices.fill(buffer, &rows[issue]);
                                        let inputs = IssueInputs {
                                            positions: &slices.positions,
                                            capabilities: &slices.capabilities,
                                            saliences: &slices.saliences,
                                            scale: buffer.issues[issue].scale,
                                        };
                                        match ws.forecast(&inputs) {
                                            Ok(v) => row[k] = v,
                                            Err(e) => fail(k, e),
                                        }
                                    }
                                    continue;
                                }
                                Some(Workspace::Scenario(ws)) => {
                                    by_issue.fill(f64::NAN);
                                    match ws.forecast(buffer, model_seed, by_issue) {
                                        Ok(()) => {
                                            for (issue, slot) in slot_of[m].iter().enumerate() {
                                                if let Some(k) = *slot {
                                                    row[k] = by_issue[issue];
                                                }
                                            }
                                        }
                                        Err(e) => {
                                            for k in slot_of[m].iter().flatten() {
                                                fail(*k, e.to_string());
                                            }
                                        }
                                    }
                                    continue;
                                }
                                None => {}
                            }
                            match models[m].run(buffer, &sampling[m], model_seed) {
                                Ok(forecasts) => {
                                    for (issue, f) in forecasts {
                                        if let Some(Some(k)) = slot_of[m].get(issue) {
                                            row[*k] = f.forecast;
                                        }
                                    }
                                }
                                Err(e) => {
                                    for k in slot_of[m].iter().flatten() {
                                        fail(*k, e.to_string());
                                    }
                                }
                            }
                        }
                    }
                    if let Some(progress) = opts.progress {
                        progress((last - first) as u64);
                    }
                    out
                },
            )
            .collect()
    };
    let chunks = match opts.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()
            .map_err(|e| AnalysisError::Usage(format!("cannot start {t} threads: {e}")))?
            .install(work),
        None => work(),
    };

    // Reduce in chunk order: the same result whatever thread ran which chunk.
    let mut values = Vec::with_capacity(opts.runs * n_slots);
    let mut draws = Vec::with_capacity(if opts.keep_draws {
        opts.runs * n_inputs
    } else {
        0
    });
    let mut clipped = vec![[0u64; 2]; n_inputs];
    let mut failures: Vec<(u64, Option<(usize, String)>)> = vec![(0, None); n_slots];
    for c in chunks {
        values.extend_from_slice(&c.values);
        draws.extend_from_slice(&c.draws);
        for (total, part) in clipped.iter_mut().zip(&c.clipped) {
            total[0] += part[0];
            total[1] += part[1];
        }
        for (total, part) in failures.iter_mut().zip(c.failures) {
            total.0 += part.0;
            if total.1.is_none() {
                total.1 = part.1;
            }
        }
    }
    Ok(McSample {
        inputs,
        slots,
        runs: opts.runs,
        values,
        draws,
        clipped,
        failures: failures
            .into_iter()
            .map(|(n, first)| (n, first.map(|(run, msg)| format!("run {run}: {msg}"))))
            .collect(),
        skipped,
    })
}

/// Runs every model on the point estimates: the slots to record and the models that do not apply.
fn point_slots(
    point: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    seed: u64,
) -> Result<(Vec<Slot>, Vec<SkippedModel>), AnalysisError> {
    let mut slots = Vec::new();
    let mut skipped = Vec::new();
    for (m, model) in models.iter().enumerate() {
        match model.run(point, &params.for_model(model.name()), seed) {
            Ok(mut forecasts) => {
                forecasts.sort_by_key(|(issue, _)| *issue);
                slots.extend(forecasts.into_iter().map(|(issue, f)| Slot {
                    model: m,
                    model_name: model.name().to_string(),
                    issue,
                    point: f.forecast,
                }))
            }
            Err(ModelError::BadParams { model, reason }) => {
                return Err(AnalysisError::Model(ModelError::BadParams {
                    model,
                    reason,
                }))
            }
            Err(e @ ModelError::NotApplicable { .. })
            | Err(e @ ModelError::NoConvergence { .. }) => skipped.push(SkippedModel {
                model: model.name().to_string(),
                reason: e.to_string(),
            }),
        }
    }
    // Issue-major, then model order: the order reports list them in.
    slots.sort_by_key(|s| (s.issue, s.model));
    Ok((slots, skipped))
}

/// Options of [`simulate`].
#[derive(Clone, Copy)]
pub struct SimulateOptions<'a> {
    pub mc: McOptions<'a>,
    /// Relative noise for a scenario without uncertainty (see [`sample::jittered`]).
    pub jitter: Option<f64>,
    /// Histogram bins over each issue's scale.
    pub bins: usize,
}

/// `brink simulate`'s answer (cli.md's JSON contract, extended).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationReport {
    pub scenario: String,
    pub runs: usize,
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jitter: Option<f64>,
    /// How many numbers of the scenario were drawn.
    pub uncertain_inputs: usize,
    /// Inputs some of whose draws fell outside their valid range and were clipped into it.
    pub clipped: Vec<Clipping>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedModel>,
    pub issues: Vec<IssueSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueSummary {
    pub id: String,
    pub name: String,
    pub scale: [f64; 2],
    pub models: Vec<ModelSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSummary {
    pub model: String,
    /// The forecast on the point estimates.
    pub point: f64,
    #[serde(flatten)]
    pub summary: Summary,
    /// Runs where the model failed (left out of the summary).
    pub failed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_failure: Option<String>,
    pub histogram: Histogram,
}

/// The scenario actually sampled: the input, or its jittered version. Errors when there is
/// nothing to sample.
pub fn sampled_scenario(
    scenario: &Scenario,
    jitter: Option<f64>,
) -> Result<Scenario, AnalysisError> {
    match jitter {
        Some(sd) if !(sd.is_finite() && sd > 0.0) => Err(AnalysisError::Usage(format!(
            "--jitter must be a positive number (relative sd, e.g. 0.1), found {sd}"
        ))),
        Some(sd) => Ok(sample::jittered(scenario, sd)),
        None if !scenario.has_uncertainty() => Err(AnalysisError::NoUncertainty),
        None => Ok(scenario.clone()),
    }
}

/// Monte Carlo forecasts: per issue and model, the distribution of the forecast.
pub fn simulate(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    opts: SimulateOptions,
) -> Result<SimulationReport, AnalysisError> {
    let sampled = sampled_scenario(scenario, opts.jitter)?;
    let mc = run(&sampled, models, params, opts.mc)?;
    Ok(report(&sampled, &mc, opts.jitter, opts.mc.seed, opts.bins))
}

/// Summarises a sample as `brink simulate` reports it.
pub fn report(
    scenario: &Scenario,
    mc: &McSample,
    jitter: Option<f64>,
    seed: u64,
    bins: usize,
) -> SimulationReport {
    let mut scratch = Vec::with_capacity(mc.runs);
    let mut issues: Vec<IssueSummary> = Vec::new();
    for (k, slot) in mc.slots.iter().enumerate() {
        let issue = &scenario.issues[slot.issue];
        if issues.last().map(|i| i.id != issue.id).unwrap_or(true) {
            issues.push(IssueSummary {
                id: issue.id.clone(),
                name: issue.name.clone(),
                scale: issue.scale,
                models: Vec::new(),
            });
        }
        let column = mc.column(k);
        let summary = stats::summarise(&column, &mut scratch);
        let (failed, first_failure) = mc.failures[k].clone();
        issues
            .last_mut()
            .expect("pushed above")
            .models
            .push(ModelSummary {
                model: slot.model_name.clone(),
                point: slot.point,
                summary,
                failed,
                first_failure,
                histogram: Histogram::of(&column, issue.scale[0], issue.scale[1], bins),
            });
    }
    let clipped = mc
        .inputs
        .iter()
        .zip(&mc.clipped)
        .filter(|(_, c)| c[0] + c[1] > 0)
        .map(|(input, c)| Clipping {
            field: input.field.clone(),
            label: input.label.clone(),
            below: c[0],
            above: c[1],
            share: (c[0] + c[1]) as f64 / mc.runs as f64,
        })
        .collect();
    SimulationReport {
        scenario: scenario.name.clone(),
        runs: mc.runs,
        seed,
        jitter,
        uncertain_inputs: mc.inputs.len(),
        clipped,
        skipped: mc.skipped.clone(),
        issues,
    }
}

/// A 90% interval of one model's forecast on one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Index into `Scenario::issues`.
    pub issue: usize,
    pub model: String,
    pub p05: f64,
    pub p95: f64,
}

/// 90% intervals (5th–95th percentile over `runs` draws) of every model's forecast on every
/// issue — for `brink forecast`'s table. Empty when the scenario carries no uncertainty.
pub fn intervals(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    runs: usize,
    seed: u64,
) -> Result<Vec<Interval>, AnalysisError> {
    intervals_with(scenario, models, params, McOptions::new(runs, seed))
}

/// [`intervals`] with the Monte Carlo's options (its progress callback, threads).
pub fn intervals_with(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    mc: McOptions,
) -> Result<Vec<Interval>, AnalysisError> {
    if !scenario.has_uncertainty() {
        return Ok(Vec::new());
    }
    let runs = mc.runs;
    let mc = run(scenario, models, params, mc)?;
    let mut scratch = Vec::with_capacity(runs);
    Ok(mc
        .slots
        .iter()
        .enumerate()
        .map(|(k, slot)| {
            let s = stats::summarise(&mc.column(k), &mut scratch);
            Interval {
                issue: slot.issue,
                model: slot.model_name.clone(),
                p05: s.p05,
                p95: s.p95,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Never, WeightedMean};
    use brink_core::Uncertain;
    use brink_testkit::ScenarioBuilder;

    fn scenario() -> Scenario {
        ScenarioBuilder::new("mc")
            .issue("x", [0.0, 10.0])
            .issue("y", [0.0, 10.0])
            .actor("a", Uncertain::Normal { mean: 2.0, sd: 1.5 })
            .actor("b", 1.0)
            .position("a", "x", Uncertain::Uniform { min: 1.0, max: 4.0 }, 0.8)
            .position("b", "x", 9.0, Uncertain::Normal { mean: 0.9, sd: 0.2 })
            .position("a", "y", 5.0, 1.0)
            .position(
                "b",
                "y",
                Uncertain::Discrete {
                    values: vec![2.0, 8.0],
                    weights: Some(vec![1.0, 3.0]),
                },
                1.0,
            )
            .build()
    }

    fn json(threads: usize) -> String {
        let mut mc = McOptions::new(1000, 42);
        mc.threads = Some(threads);
        let r = simulate(
            &scenario(),
            &[&WeightedMean, &Never],
            &ModelParams::default(),
            SimulateOptions {
                mc,
                jitter: None,
                bins: 10,
            },
        )
        .unwrap();
        serde_json::to_string(&r).unwrap()
    }

    #[test]
    fn same_seed_same_bytes_at_any_thread_count() {
        let one = json(1);
        assert_eq!(one, json(2));
        assert_eq!(one, json(3));
        assert_ne!(one, {
            let mut mc = McOptions::new(1000, 43);
            mc.threads = Some(2);
            serde_json::to_string(
                &simulate(
                    &scenario(),
                    &[&WeightedMean],
                    &ModelParams::default(),
                    SimulateOptions {
                        mc,
                        jitter: None,
                        bins: 10,
                    },
                )
                .unwrap(),
            )
            .unwrap()
        });
    }

    #[test]
    fn report_has_the_contract_keys_and_sane_quantiles() {
        let v: serde_json::Value = serde_json::from_str(&json(2)).unwrap();
        assert_eq!(v["runs"], 1000);
        assert_eq!(v["seed"], 42);
        assert_eq!(v["skipped"][0]["model"], "never");
        let issues = v["issues"].as_array().unwrap();
        assert_eq!(issues.len(), 2);
        for issue in issues {
            let m = &issue["models"][0];
            assert_eq!(m["model"], "wmean");
            let q = |k: &str| m[k].as_f64().unwrap();
            assert!(q("p05") < q("median") && q("median") < q("p95"), "{m}");
            assert!(q("sd") > 0.0);
            let counts: u64 = m["histogram"]["counts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap())
                .sum();
            assert_eq!(counts, 1000);
        }
        // The capability of a (normal, sd 1.5 around 2) dips below 0 in ≈ 9% of draws and the
        // salience of b (normal around 0.9, sd 0.2) exceeds 1 in ≈ 31%: both clipped and reported.
        let clipped = v["clipped"].as_array().unwrap();
        let share = |f: &str| {
            clipped
                .iter()
                .find(|c| c["field"] == f)
                .map(|c| c["share"].as_f64().unwrap())
                .unwrap_or(0.0)
        };
        assert!((share("actor[0].capability") - 0.091).abs() < 0.03);
        assert!((share("position[1].salience") - 0.309).abs() < 0.04);
    }

    #[test]
    fn a_kernel_gives_what_its_model_gives_draw_by_draw() {
        let s = scenario();
        let models: [&dyn BargainingModel; 1] = [&WeightedMean];
        let p = ModelParams::default();
        let mut generic = McOptions::new(700, 11);
        generic.use_kernels = false;
        let fast = McOptions::new(700, 11);
        let a = run(&s, &models, &p, generic).unwrap();
        let b = run(&s, &models, &p, fast).unwrap();
        assert_eq!(a.values.len(), b.values.len());
        for (x, y) in a.values.iter().zip(&b.values) {
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} vs {y}");
        }
    }

    #[test]
    fn runs_are_the_draws_of_their_own_stream() {
        // Run r depends on (seed, r) only: the first 300 runs of a 1000-run sample are a 300-run
        // sample.
        let s = scenario();
        let models: [&dyn BargainingModel; 1] = [&WeightedMean];
        let p = ModelParams::default();
        let long = run(&s, &models, &p, McOptions::new(1000, 7)).unwrap();
        let short = run(&s, &models, &p, McOptions::new(300, 7)).unwrap();
        assert_eq!(&long.values[..short.values.len()], &short.values[..]);
    }

    #[test]
    fn intervals_bracket_the_point_forecast_and_vanish_without_uncertainty() {
        let s = scenario();
        let models: [&dyn BargainingModel; 1] = [&WeightedMean];
        let iv = intervals(&s, &models, &ModelParams::default(), 500, 1).unwrap();
        assert_eq!(iv.len(), 2);
        assert!(iv.iter().all(|i| i.p05 < i.p95));
        let certain = sample::point_scenario(&s);
        assert!(
            intervals(&certain, &models, &ModelParams::default(), 500, 1)
                .unwrap()
                .is_empty()
        );
        let err = simulate(
            &certain,
            &models,
            &ModelParams::default(),
            SimulateOptions {
                mc: McOptions::new(10, 1),
                jitter: None,
                bins: 10,
            },
        )
        .unwrap_err();
        assert_eq!(err, AnalysisError::NoUncertainty);
        assert!(err.to_string().contains("--jitter"));
    }
}
