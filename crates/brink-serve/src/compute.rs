//! The runs the server (and `brink report`) make: library calls from a scenario and options to
//! the very report types the CLI prints with `--format json` (`ForecastReport`,
//! `SimulationReport`, `SensitivityReport`, `CrisisReport`, `Comparison`), and the runs diff of
//! `brink runs diff`. Nothing here prints or knows about HTTP: notes come back as strings.

use brink_analysis::{McOptions, SensitivityOptions, SimulateOptions};
use brink_core::{
    BargainingModel, Diagnostic, Diagnostics, ForecastReport, IssueForecasts, ModelError,
    ModelParams, Scenario, Utility,
};
use serde_json::Value;
use std::collections::HashMap;

/// Why a run could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// The scenario is not valid: every diagnostic, located.
    #[error("{0}")]
    Input(Diagnostics),
    /// An option is not valid (unknown model, a count beyond its cap, …).
    #[error("{0}")]
    Usage(String),
    /// The model or solver failed on valid input (no convergence, nothing to sample, …).
    #[error("{0}")]
    Model(String),
}

impl From<Diagnostics> for ComputeError {
    fn from(d: Diagnostics) -> Self {
        ComputeError::Input(d)
    }
}

/// Reads a scenario from text (brink's TOML, or its JSON twin when the text starts with `{`),
/// validated as `brink check` does, with the `[models.*]` sections checked and capabilities
/// normalised as the CLI's commands do. `name` names the input in diagnostics.
pub fn load(text: &str, name: &str) -> Result<(Scenario, Vec<Diagnostic>), ComputeError> {
    let file = if name.contains('.') {
        name.to_string()
    } else if text.trim_start().starts_with('{') {
        format!("{name}.json")
    } else {
        format!("{name}.toml")
    };
    let (mut scenario, warnings) = brink_formats::load_scenario_text(text, &file)?;
    let problems = brink_models::scenario_settings_diagnostics(&scenario);
    if !problems.is_empty() {
        return Err(ComputeError::Input(Diagnostics(problems)));
    }
    scenario.normalise_capabilities();
    Ok((scenario, warnings))
}

/// Query-string options, read one by one with their caps.
pub struct Options<'a> {
    map: &'a HashMap<String, String>,
    max_runs: usize,
}

impl<'a> Options<'a> {
    pub fn new(map: &'a HashMap<String, String>, max_runs: usize) -> Self {
        Options { map, max_runs }
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.map
            .get(key)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    fn whole(
        &self,
        key: &str,
        default: usize,
        lo: usize,
        hi: usize,
    ) -> Result<usize, ComputeError> {
        match self.text(key) {
            None => Ok(default),
            Some(t) => match t.parse::<u128>() {
                Ok(n) if (lo as u128..=hi as u128).contains(&n) => Ok(n as usize),
                _ => Err(ComputeError::Usage(format!(
                    "{key}: expected a whole number from {lo} to {hi}, found `{t}`"
                ))),
            },
        }
    }

    /// `runs` (or another count of Monte Carlo runs), within the server's cap.
    pub fn runs(&self, key: &str, default: usize, lo: usize) -> Result<usize, ComputeError> {
        self.whole(key, default.min(self.max_runs), lo, self.max_runs)
    }

    pub fn seed(&self) -> Result<u64, ComputeError> {
        match self.text("seed") {
            None => Ok(0),
            Some(t) => t.parse().map_err(|_| {
                ComputeError::Usage(format!("seed: expected a whole number, found `{t}`"))
            }),
        }
    }

    fn number(&self, key: &str) -> Result<Option<f64>, ComputeError> {
        match self.text(key) {
            None => Ok(None),
            Some(t) => match t.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(ComputeError::Usage(format!(
                    "{key}: expected a finite number ≥ 0, found `{t}`"
                ))),
            },
        }
    }

    /// The model flags: `variant`, `rounds` (1 to 10,000), `utility` (linear | quadratic).
    pub fn params(&self) -> Result<ModelParams, ComputeError> {
        let utility = match self.text("utility") {
            None | Some("quadratic") => Utility::Quadratic,
            Some("linear") => Utility::Linear,
            Some(u) => {
                return Err(ComputeError::Usage(format!(
                    "utility: expected linear or quadratic, found `{u}`"
                )))
            }
        };
        let rounds = match self.text("rounds") {
            None => None,
            Some(_) => Some(self.whole("rounds", 0, 1, 10_000)?),
        };
        Ok(ModelParams {
            variant: self.text("variant").map(str::to_string),
            rounds,
            until_stable: false,
            utility,
            options: vec![],
        })
    }

    /// `model`: a comma-separated list or `all` (the default); `all` is returned as `true`.
    pub fn models(&self) -> Result<(Vec<&'static dyn BargainingModel>, bool), ComputeError> {
        select_models(self.text("model").unwrap_or("all"))
    }
}

/// Resolves a model list as the CLI's `--model` does.
pub fn select_models(
    spec: &str,
) -> Result<(Vec<&'static dyn BargainingModel>, bool), ComputeError> {
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok((brink_models::registry(), true));
    }
    let mut models = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        models.push(brink_models::by_name(name).ok_or_else(|| {
            ComputeError::Usage(format!(
                "unknown model `{name}`: expected one of {} or `all`",
                brink_models::names().join(", ")
            ))
        })?);
    }
    if models.is_empty() {
        return Err(ComputeError::Usage(
            "model: name at least one model, or `all`".into(),
        ));
    }
    Ok((models, false))
}

/// The models whose estimated time for `runs` runs fits the budget (others skipped with a note
/// under `all`, refused when named).
fn affordable(
    models: Vec<&'static dyn BargainingModel>,
    all: bool,
    scenario: &Scenario,
    params: &ModelParams,
    runs: usize,
    notes: &mut Vec<String>,
) -> Result<Vec<&'static dyn BargainingModel>, ComputeError> {
    let mut kept = Vec::new();
    for model in models {
        brink_models::check_options(model, scenario, params)
            .map_err(|e| ComputeError::Usage(e.to_string()))?;
        let one =
            brink_models::cost::estimated_seconds(model, scenario, &params.for_model(model.name()));
        let total = one * runs as f64 / if runs > 1 { 2.0 } else { 1.0 };
        if total <= brink_models::cost::BUDGET_SECONDS {
            kept.push(model);
        } else {
            let why = format!(
                "{} would take about {:.0} s on this scenario (estimated)",
                model.name(),
                total
            );
            if all {
                notes.push(format!("skipped {why}"));
            } else {
                return Err(ComputeError::Usage(why));
            }
        }
    }
    Ok(kept)
}

/// `brink forecast`'s run: every model's forecast per issue and, when the scenario carries
/// uncertainty and `interval_runs > 0`, each forecast's 90% interval (`interval: [p05, p95]`).
pub fn forecast(
    scenario: &Scenario,
    opts: &Options,
) -> Result<(ForecastReport, Vec<String>), ComputeError> {
    let params = opts.params()?;
    let (models, all) = opts.models()?;
    let seed = opts.seed()?;
    let interval_runs = opts.runs("interval_runs", 400, 0)?;
    let mut notes = Vec::new();
    let models = affordable(models, all, scenario, &params, 1, &mut notes)?;
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
    let mut ran: Vec<&dyn BargainingModel> = Vec::new();
    for model in models {
        match model.run(scenario, &params.for_model(model.name()), seed) {
            Ok(results) => {
                for (issue, fc) in results {
                    issues[issue].forecasts.push(fc);
                }
                ran.push(model);
            }
            Err(e @ ModelError::NotApplicable { .. }) if all => notes.push(format!("skipped {e}")),
            Err(e) => return Err(ComputeError::Model(e.to_string())),
        }
    }
    let mut report = ForecastReport {
        scenario: scenario.name.clone(),
        issues,
    };
    if interval_runs > 0 && scenario.has_uncertainty() && !ran.is_empty() {
        let fits: Vec<&dyn BargainingModel> = ran
            .into_iter()
            .filter(|m| {
                let cost = brink_models::cost::estimated_seconds(*m, scenario, &params)
                    * interval_runs as f64
                    / 2.0;
                cost <= brink_models::cost::BUDGET_SECONDS
            })
            .collect();
        match brink_analysis::intervals(scenario, &fits, &params, interval_runs, seed) {
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
            Err(e) => return Err(ComputeError::Model(e.to_string())),
        }
    }
    Ok((report, notes))
}

/// `brink simulate`'s run; `progress` is told of each batch of finished runs.
pub fn simulate(
    scenario: &Scenario,
    opts: &Options,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<brink_analysis::SimulationReport, ComputeError> {
    let params = opts.params()?;
    let (models, all) = opts.models()?;
    let runs = opts.runs("runs", 10_000, 1)?;
    let seed = opts.seed()?;
    let bins = opts.whole("bins", 20, 1, 1000)?;
    let jitter = opts.number("jitter")?;
    let mut notes = Vec::new();
    let models = affordable(models, all, scenario, &params, runs, &mut notes)?;
    let mut mc = McOptions::new(runs, seed);
    mc.progress = progress;
    let report = brink_analysis::simulate(
        scenario,
        &models,
        &params,
        SimulateOptions { mc, jitter, bins },
    )
    .map_err(|e| ComputeError::Model(e.to_string()))?;
    if let (Some(s), false) = (report.skipped.first(), all) {
        return Err(ComputeError::Usage(s.reason.clone()));
    }
    Ok(report)
}

/// `brink sensitivity`'s run (one model: `model`, default bdm).
pub fn sensitivity(
    scenario: &Scenario,
    opts: &Options,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<brink_analysis::SensitivityReport, ComputeError> {
    let params = opts.params()?;
    let name = opts.text("model").unwrap_or("bdm");
    let model = brink_models::by_name(name).ok_or_else(|| {
        ComputeError::Usage(format!(
            "unknown model `{name}`: expected one of {}",
            brink_models::names().join(", ")
        ))
    })?;
    let runs = opts.runs("runs", 2_000, 1)?;
    let seed = opts.seed()?;
    let grid = opts.whole(
        "grid",
        brink_analysis::sensitivity::DEFAULT_GRID,
        2,
        brink_analysis::sensitivity::MAX_GRID,
    )?;
    let jitter = opts.number("jitter")?;
    let sweeps = grid * brink_analysis::sample::inputs(scenario).len().max(1);
    affordable(
        vec![model],
        false,
        scenario,
        &params,
        runs + sweeps,
        &mut vec![],
    )?;
    let mut mc = McOptions::new(runs, seed);
    mc.progress = progress;
    let report = brink_analysis::sensitivity(
        scenario,
        model,
        &params,
        SensitivityOptions { mc, jitter, grid },
    )
    .map_err(|e| ComputeError::Model(e.to_string()))?;
    if let Some(s) = report.skipped.first() {
        return Err(ComputeError::Usage(s.reason.clone()));
    }
    Ok(report)
}

/// The crisis options (`lambda`, `runs`, `seed`, `utility`).
pub fn crisis_options(opts: &Options) -> Result<brink_crisis::AnalysisOptions, ComputeError> {
    let runs = match opts.text("runs") {
        None => None,
        Some(_) => Some(opts.runs("runs", 1000, 1)?),
    };
    Ok(brink_crisis::AnalysisOptions {
        lambda: opts.number("lambda")?,
        runs,
        seed: opts.seed()?,
        utility: opts.params()?.utility,
        control: None,
    })
}

/// `brink crisis`'s run.
pub fn crisis(
    scenario: &Scenario,
    opts: &Options,
) -> Result<brink_crisis::CrisisReport, ComputeError> {
    let o = crisis_options(opts)?;
    // Without `runs`, an uncertain crisis runs the CLI's default 1000 draws: cap it too.
    if o.runs.is_none() && opts.max_runs < 1000 {
        return Err(ComputeError::Usage(format!(
            "runs: this server allows at most {} runs; ask for fewer",
            opts.max_runs
        )));
    }
    brink_crisis::analyze(scenario, &o).map_err(crisis_error)
}

/// `brink compare`'s run.
pub fn compare(
    a: &Scenario,
    b: &Scenario,
    opts: &Options,
) -> Result<brink_crisis::Comparison, ComputeError> {
    let o = crisis_options(opts)?;
    let (models, _) = opts.models()?;
    brink_crisis::compare(a, b, &o, &models).map_err(crisis_error)
}

fn crisis_error(e: brink_crisis::CrisisError) -> ComputeError {
    match e {
        brink_crisis::CrisisError::Input(d) => ComputeError::Input(d),
        e
        @ (brink_crisis::CrisisError::NoCrisis { .. } | brink_crisis::CrisisError::Options(_)) => {
            ComputeError::Usage(e.to_string())
        }
        other => ComputeError::Model(other.to_string()),
    }
}

/// A stored input read back as brink's scenario JSON, so a diff names the numbers that changed
/// (`position[…]`, `actor[USA].capability`) whatever the input's format; the raw text (one
/// string) when it no longer parses, `null` without an input.
pub fn input_twin(text: Option<&str>, file: Option<&str>) -> Value {
    let Some(text) = text else {
        return Value::Null;
    };
    match brink_formats::load_scenario_text(text, file.unwrap_or("input")) {
        Ok((scenario, _)) => {
            serde_json::from_str(&brink_formats::toml_scenario::to_json(&scenario))
                .unwrap_or(Value::Null)
        }
        Err(_) => Value::String(text.to_string()),
    }
}

/// `brink runs diff A B --format json`: both runs' summaries and what changed in the inputs'
/// numbers, the options and the results.
pub fn runs_diff(a: &brink_store::Run, b: &brink_store::Run) -> Value {
    let twin =
        |r: &brink_store::Run| input_twin(r.input.as_deref(), r.summary.input_path.as_deref());
    serde_json::json!({
        "a": a.summary, "b": b.summary,
        "inputs": brink_store::diff_json(&twin(a), &twin(b)),
        "options": brink_store::diff_json(&a.options, &b.options),
        "results": brink_store::diff_json(&a.result, &b.result),
    })
}
