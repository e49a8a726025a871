//! `brink crisis`: the odds of each outcome of a scenario's crisis game under the logit agent
//! QRE at λ, the subgame-perfect path, and the bargaining forecast with the crisis as
//! disagreement point — at the parameters' point estimates, or over a seeded Monte Carlo of
//! the uncertain parameters (a ChaCha8 stream per run index, so results are identical at any
//! thread count; runs are reduced in run order).

use crate::link::{link, IssueLink};
use crate::section::{CrisisSpec, Draw};
use crate::solve::{path, solve, PathStep, Rule, Solution};
use crate::{CrisisError, CrisisGame, DEFAULT_LAMBDA};
use brink_core::{Scenario, Utility};
use indexmap::IndexMap;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// How to run the analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct AnalysisOptions {
    /// The QRE's rationality (default: the section's `lambda`, else [`DEFAULT_LAMBDA`]).
    pub lambda: Option<f64>,
    /// Monte Carlo runs (default: 1000 when a parameter is uncertain, else 1 exact solve).
    pub runs: Option<usize>,
    pub seed: u64,
    pub utility: Utility,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            lambda: None,
            runs: None,
            seed: 0,
            utility: Utility::Quadratic,
        }
    }
}

/// Runs when a parameter is uncertain and `--runs` is not given.
pub const DEFAULT_RUNS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RolePlayer {
    pub role: String,
    pub actor: String,
}

/// The subgame-perfect equilibrium at the parameters' point estimates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpeReport {
    pub path: Vec<PathStep>,
    /// The most likely outcome class on the SPE path (chance may split it: see `outcomes`).
    pub outcome: String,
    pub outcomes: IndexMap<String, f64>,
    /// Each actor's expected payoff.
    pub payoffs: IndexMap<String, f64>,
    /// Monte Carlo: the SPE's probability of each outcome, averaged over the runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_outcomes: Option<IndexMap<String, f64>>,
}

/// The QRE at the parameters' point estimates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QreReport {
    pub lambda: f64,
    pub path: Vec<PathStep>,
    pub payoffs: IndexMap<String, f64>,
    /// The largest gain from a one-shot deviation (what finite rationality leaves on the table).
    pub max_regret: f64,
}

/// One issue's bargaining forecast without and with the crisis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueForecast {
    /// The NBS with the status quo as disagreement point.
    pub baseline: Option<f64>,
    /// `baseline + forecast_shift` (with a Monte Carlo, the shift's mean over the runs).
    pub with_crisis: Option<f64>,
    /// Monte Carlo: the forecast with the crisis at the parameters' point estimates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_crisis_point: Option<f64>,
    /// Monte Carlo: the 5th and 95th percentiles of the shift.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift_interval: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Everything `brink crisis` reports (cli.md's JSON contract, plus detail).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrisisReport {
    pub scenario: String,
    pub game: String,
    pub players: Vec<RolePlayer>,
    pub lambda: f64,
    /// P(each outcome class) under the QRE (the Monte Carlo mean when parameters are uncertain).
    pub outcomes: IndexMap<String, f64>,
    /// Monte Carlo: each outcome's 90% interval (5th and 95th percentiles over the runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervals: Option<IndexMap<String, [f64; 2]>>,
    /// P(each terminal of the tree), by its label, under the QRE at the point estimates.
    pub terminals: IndexMap<String, f64>,
    pub spe: SpeReport,
    pub qre: QreReport,
    /// Each player's expected payoff should talks fail (QRE at the point estimates).
    pub failure_payoffs: IndexMap<String, f64>,
    /// Per issue: each actor's disagreement utility (the issue's raw units) with the crisis.
    pub disagreement_point: IndexMap<String, IndexMap<String, f64>>,
    /// Per issue: how far the crisis moves the NBS forecast (Monte Carlo mean when uncertain;
    /// `null` when the issue has no status quo).
    pub forecast_shift: IndexMap<String, Option<f64>>,
    pub forecasts: IndexMap<String, IssueForecast>,
    pub runs: usize,
    pub seed: u64,
    /// The `why` of each parameter, from the scenario.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub why: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What one solve of the game gives.
struct RunResult {
    qre_odds: Vec<f64>,
    spe_odds: Vec<f64>,
    shifts: Vec<Option<f64>>,
}

/// P(each outcome class) under a solution.
pub fn class_odds(cg: &CrisisGame, sol: &Solution) -> Vec<f64> {
    let mut odds = vec![0.0; cg.classes.len()];
    for (node, class) in cg.terminal_class.iter().enumerate() {
        if let Some(c) = class {
            odds[*c] += sol.reach[node];
        }
    }
    odds
}

/// Each player's expected payoff should talks fail: the values at the failure nodes, weighted
/// by how likely play is to reach the decision that could end the talks there.
pub fn failure_payoffs(cg: &CrisisGame, sol: &Solution) -> Vec<f64> {
    let n = cg.game.num_players();
    let mut total = vec![0.0; n];
    let mut weight = 0.0;
    for &node in &cg.failure_nodes {
        let parent = cg.game.node(node).parent.map_or(0, |(p, _)| p);
        let w = sol.reach[parent];
        weight += w;
        for (t, v) in total.iter_mut().zip(&sol.value[node]) {
            *t += w * v;
        }
    }
    if weight <= 0.0 {
        // Talks cannot fail on the path: use the failure nodes equally.
        let k = cg.failure_nodes.len().max(1) as f64;
        let mut total = vec![0.0; n];
        for &node in &cg.failure_nodes {
            for (t, v) in total.iter_mut().zip(&sol.value[node]) {
                *t += v / k;
            }
        }
        return total;
    }
    total.into_iter().map(|t| t / weight).collect()
}

fn by_actor(spec: &CrisisSpec, xs: &[f64]) -> IndexMap<String, f64> {
    spec.players
        .iter()
        .cloned()
        .zip(xs.iter().copied())
        .collect()
}

fn by_class(cg: &CrisisGame, xs: &[f64]) -> IndexMap<String, f64> {
    cg.classes
        .iter()
        .map(|c| c.to_string())
        .zip(xs.iter().copied())
        .collect()
}

fn one_run(
    scenario: &Scenario,
    spec: &CrisisSpec,
    draw: &Draw,
    lambda: f64,
    utility: Utility,
) -> Result<RunResult, CrisisError> {
    let cg = spec.build(draw)?;
    let qre = solve(&cg.game, Rule::Logit(lambda))?;
    let spe = solve(&cg.game, Rule::Best)?;
    let fail = by_actor(spec, &failure_payoffs(&cg, &qre));
    let links = link(
        scenario,
        &fail,
        spec.payoff_scale,
        spec.issues.as_deref(),
        utility,
    );
    Ok(RunResult {
        qre_odds: class_odds(&cg, &qre),
        spe_odds: class_odds(&cg, &spe),
        shifts: links.iter().map(|l| l.shift).collect(),
    })
}

/// The 5th and 95th percentiles (linear interpolation between order statistics).
pub fn interval(values: &[f64]) -> [f64; 2] {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return [f64::NAN, f64::NAN];
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = p * (v.len() - 1) as f64;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    [q(0.05), q(0.95)]
}

/// Analyses the scenario's crisis.
pub fn analyze(scenario: &Scenario, opts: &AnalysisOptions) -> Result<CrisisReport, CrisisError> {
    let spec = CrisisSpec::from_scenario(scenario)?.ok_or_else(|| CrisisError::NoCrisis {
        file: scenario.origin.file.clone(),
    })?;
    analyze_spec(scenario, &spec, opts)
}

/// Analyses a validated spec (the scenario supplies actors, issues and positions for the link).
pub fn analyze_spec(
    scenario: &Scenario,
    spec: &CrisisSpec,
    opts: &AnalysisOptions,
) -> Result<CrisisReport, CrisisError> {
    let lambda = opts.lambda.or(spec.lambda).unwrap_or(DEFAULT_LAMBDA);
    if !(lambda.is_finite() && lambda >= 0.0) {
        return Err(CrisisError::Options(format!(
            "--lambda must be a finite number ≥ 0, found {lambda}"
        )));
    }
    let mut notes = vec![];
    let runs = match opts.runs {
        Some(0) => return Err(CrisisError::Options("--runs must be at least 1".into())),
        Some(r) if !spec.is_uncertain() && r > 1 => {
            notes.push(format!(
                "no parameter is uncertain: one exact solve stands for all {r} runs"
            ));
            1
        }
        Some(r) => r,
        None if spec.is_uncertain() => DEFAULT_RUNS,
        None => 1,
    };

    // The point estimates: the tree, the paths, the payoffs.
    let point = spec.point();
    let cg = spec.build(&point)?;
    let qre = solve(&cg.game, Rule::Logit(lambda))?;
    let spe = solve(&cg.game, Rule::Best)?;
    let qre_odds = class_odds(&cg, &qre);
    let spe_odds = class_odds(&cg, &spe);
    let fail = by_actor(spec, &failure_payoffs(&cg, &qre));
    let links: Vec<IssueLink> = link(
        scenario,
        &fail,
        spec.payoff_scale,
        spec.issues.as_deref(),
        opts.utility,
    );
    let mut terminals: IndexMap<String, f64> = IndexMap::new();
    for (node, n) in cg.game.nodes().iter().enumerate() {
        if n.children.is_empty() {
            let label = n
                .outcome
                .map(|o| cg.game.outcomes()[o].label.clone())
                .unwrap_or_else(|| format!("node {node}"));
            *terminals.entry(label).or_default() += qre.reach[node];
        }
    }
    let spe_outcome = cg.classes[spe_odds
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)]
    .to_string();

    let mut outcomes = by_class(&cg, &qre_odds);
    let mut intervals = None;
    let mut mean_spe = None;
    let mut shift_mean: Vec<Option<f64>> = links.iter().map(|l| l.shift).collect();
    let mut shift_intervals: Vec<Option<[f64; 2]>> = vec![None; links.len()];
    if runs > 1 {
        let results: Vec<Result<(RunResult, usize), CrisisError>> = (0..runs)
            .into_par_iter()
            .map(|r| {
                let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
                rng.set_stream(r as u64);
                let (draw, clipped) = spec.sample(&mut rng);
                one_run(scenario, spec, &draw, lambda, opts.utility).map(|res| (res, clipped))
            })
            .collect();
        // Reduce in run order: the same sums whatever the thread count.
        let mut all = Vec::with_capacity(runs);
        let mut clipped = 0;
        for r in results {
            let (res, c) = r?;
            clipped += c;
            all.push(res);
        }
        let k = cg.classes.len();
        let mean = |f: &dyn Fn(&RunResult) -> f64| all.iter().map(f).sum::<f64>() / runs as f64;
        let qre_mean: Vec<f64> = (0..k).map(|c| mean(&|r| r.qre_odds[c])).collect();
        let spe_mean: Vec<f64> = (0..k).map(|c| mean(&|r| r.spe_odds[c])).collect();
        outcomes = by_class(&cg, &qre_mean);
        intervals = Some(
            cg.classes
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    let xs: Vec<f64> = all.iter().map(|r| r.qre_odds[c]).collect();
                    (name.to_string(), interval(&xs))
                })
                .collect(),
        );
        mean_spe = Some(by_class(&cg, &spe_mean));
        for (j, (m, iv)) in shift_mean.iter_mut().zip(&mut shift_intervals).enumerate() {
            let xs: Vec<f64> = all.iter().filter_map(|r| r.shifts[j]).collect();
            if !xs.is_empty() {
                *m = Some(xs.iter().sum::<f64>() / xs.len() as f64);
                *iv = Some(interval(&xs));
            }
        }
        if clipped > 0 {
            notes.push(format!(
                "{clipped} drawn parameter value(s) fell outside their range and were clipped to it (normals are unbounded)"
            ));
        }
    }

    Ok(CrisisReport {
        scenario: scenario.name.clone(),
        game: spec.kind.name().to_string(),
        players: spec
            .roles
            .iter()
            .zip(&spec.players)
            .map(|(role, actor)| RolePlayer {
                role: role.clone(),
                actor: actor.clone(),
            })
            .collect(),
        lambda,
        outcomes,
        intervals,
        terminals,
        spe: SpeReport {
            path: path(&cg.game, &spe),
            outcome: spe_outcome,
            outcomes: by_class(&cg, &spe_odds),
            payoffs: by_actor(spec, &spe.value[0]),
            mean_outcomes: mean_spe,
        },
        qre: QreReport {
            lambda,
            path: path(&cg.game, &qre),
            payoffs: by_actor(spec, &qre.value[0]),
            max_regret: qre.max_regret,
        },
        failure_payoffs: fail,
        disagreement_point: links
            .iter()
            .map(|l| (l.issue.clone(), l.disagreement.clone()))
            .collect(),
        forecast_shift: links
            .iter()
            .zip(&shift_mean)
            .map(|(l, s)| (l.issue.clone(), *s))
            .collect(),
        forecasts: links
            .iter()
            .zip(shift_intervals)
            .zip(&shift_mean)
            .map(|((l, iv), shift)| {
                (
                    l.issue.clone(),
                    IssueForecast {
                        baseline: l.baseline,
                        with_crisis: match (l.baseline, shift) {
                            (Some(b), Some(s)) => Some(b + s),
                            _ => l.with_crisis,
                        },
                        with_crisis_point: (runs > 1).then_some(l.with_crisis).flatten(),
                        shift_interval: iv,
                        notes: l.notes.clone(),
                    },
                )
            })
            .collect(),
        runs,
        seed: opts.seed,
        why: spec.why.clone(),
        notes,
    })
}
