//! `brink simulate`'s run and result, one shard of it (`--shard K/N`), and `brink merge`.

use crate::{models, ApiError};
use brink_analysis::{McOptions, Shard, SimulateOptions, SimulationPart, SimulationReport};
use brink_core::{ModelParams, Scenario};

/// `brink simulate`'s options.
#[derive(Clone, Debug)]
pub struct SimulateRequest {
    pub models: String,
    pub params: ModelParams,
    pub runs: usize,
    pub seed: u64,
    pub jitter: Option<f64>,
    pub bins: usize,
    /// Worker threads (`None`: all cores). The result does not depend on it.
    pub threads: Option<usize>,
    pub force: bool,
    /// Keep each run's draws in a shard's part.
    pub draws: bool,
}

impl Default for SimulateRequest {
    fn default() -> Self {
        SimulateRequest {
            models: "all".into(),
            params: ModelParams::default(),
            runs: 10_000,
            seed: 0,
            jitter: None,
            bins: 20,
            threads: None,
            force: false,
            draws: false,
        }
    }
}

/// A result and the notes the CLI prints beside it.
#[derive(Clone, Debug)]
pub struct WithNotes<T> {
    pub value: T,
    pub notes: Vec<String>,
}

fn run<T>(
    scenario: &Scenario,
    req: &SimulateRequest,
    f: impl FnOnce(&[&dyn brink_core::BargainingModel], SimulateOptions) -> Result<T, ApiError>,
) -> Result<WithNotes<T>, ApiError> {
    let (selected, all) = models::select(&req.models)?;
    models::check(&selected, scenario, &req.params)?;
    let mut notes = Vec::new();
    let selected = models::affordable(
        selected,
        all,
        scenario,
        &req.params,
        req.runs,
        req.force,
        &mut notes,
    )?;
    let mut mc = McOptions::new(req.runs, req.seed);
    mc.threads = req.threads;
    mc.keep_draws = req.draws;
    let value = f(
        &selected,
        SimulateOptions {
            mc,
            jitter: req.jitter,
            bins: req.bins,
        },
    )?;
    Ok(WithNotes { value, notes })
}

/// Models skipped as not applicable: a note with `all`, an error for a model named explicitly.
fn skipped(
    report_skipped: &[(String, String)],
    all: bool,
    notes: &mut Vec<String>,
) -> Result<(), ApiError> {
    for (_, reason) in report_skipped {
        if all {
            notes.push(format!("skipped {reason}"));
        } else {
            return Err(ApiError::InputMessage(reason.clone()));
        }
    }
    Ok(())
}

/// The whole Monte Carlo, as `brink simulate --format json`.
pub fn simulate(
    scenario: &Scenario,
    req: &SimulateRequest,
) -> Result<WithNotes<SimulationReport>, ApiError> {
    let all = req.models.trim().eq_ignore_ascii_case("all");
    let mut out = run(scenario, req, |models, opts| {
        Ok(brink_analysis::simulate(
            scenario,
            models,
            &req.params,
            opts,
        )?)
    })?;
    let pairs: Vec<(String, String)> = out
        .value
        .skipped
        .iter()
        .map(|s| (s.model.clone(), s.reason.clone()))
        .collect();
    skipped(&pairs, all, &mut out.notes)?;
    Ok(out)
}

/// Shard `shard` of the Monte Carlo (`req.runs` is the whole simulation's).
pub fn simulate_shard(
    scenario: &Scenario,
    req: &SimulateRequest,
    shard: Shard,
) -> Result<WithNotes<SimulationPart>, ApiError> {
    let all = req.models.trim().eq_ignore_ascii_case("all");
    let mut out = run(scenario, req, |models, opts| {
        Ok(brink_analysis::simulate_shard(
            scenario,
            models,
            &req.params,
            opts,
            shard,
        )?)
    })?;
    let pairs: Vec<(String, String)> = out
        .value
        .skipped
        .iter()
        .map(|s| (s.model.clone(), s.reason.clone()))
        .collect();
    skipped(&pairs, all, &mut out.notes)?;
    Ok(out)
}

/// Merges parts given as JSON texts (`names` name them in errors).
pub fn merge(texts: &[String], names: &[String]) -> Result<SimulationReport, ApiError> {
    let parts = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = names.get(i).cloned().unwrap_or_else(|| format!("part {i}"));
            SimulationPart::from_json(t, &name)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(brink_analysis::merge_simulation(parts, names)?)
}
