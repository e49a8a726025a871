//! The model flags of `forecast`, `simulate`, `sensitivity`, `validate` and `compare`: which
//! models (`--model`), their options (`--variant`, `--rounds`, `--utility`, `--option`), the
//! checks of those options before any run, and the time budget.

use crate::error::CliError;
use brink_core::{BargainingModel, ModelParams, Scenario, Utility};

/// `--utility`: the utility shape of the Nash bargaining solution.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum UtilityArg {
    Linear,
    Quadratic,
}

impl From<UtilityArg> for Utility {
    fn from(u: UtilityArg) -> Utility {
        match u {
            UtilityArg::Linear => Utility::Linear,
            UtilityArg::Quadratic => Utility::Quadratic,
        }
    }
}

/// Model options shared by the analysis commands (as in `brink forecast`).
#[derive(clap::Args, Clone)]
pub struct ModelOpts {
    /// A model variant (bdm: scholz | textbook; exchange: equal | random-equal | random-rate).
    #[arg(long)]
    pub variant: Option<String>,
    /// Rounds for iterating models (default: each model's own; at most 10,000).
    #[arg(long, value_parser = super::limits::rounds)]
    pub rounds: Option<usize>,
    /// The utility shape of the Nash bargaining solution.
    #[arg(long, value_enum, default_value = "quadratic")]
    pub utility: UtilityArg,
    /// A model option, KEY=VALUE (repeatable).
    #[arg(long = "option", value_name = "KEY=VALUE")]
    pub options: Vec<String>,
}

impl ModelOpts {
    pub fn params(&self) -> Result<ModelParams, CliError> {
        Ok(ModelParams {
            variant: self.variant.clone(),
            rounds: self.rounds,
            until_stable: false,
            utility: self.utility.into(),
            options: parse_options(&self.options)?,
        })
    }
}

/// `--option KEY=VALUE` strings → pairs; a missing `=` or key is a usage error.
pub fn parse_options(options: &[String]) -> Result<Vec<(String, String)>, CliError> {
    options
        .iter()
        .map(|o| match o.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => {
                Ok((k.trim().to_string(), v.trim().to_string()))
            }
            _ => Err(CliError::Usage(format!(
                "--option expects KEY=VALUE, found `{o}`"
            ))),
        })
        .collect()
}

/// Resolves `--model` into models; `all` means every model (those that do not apply are skipped).
pub fn select_models(spec: &str) -> Result<(Vec<&'static dyn BargainingModel>, bool), CliError> {
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok((brink_models::registry(), true));
    }
    let mut models = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let model = brink_models::by_name(name).ok_or_else(|| {
            CliError::Usage(format!(
                "unknown model `{name}`: expected one of {} or `all`",
                brink_models::names().join(", ")
            ))
        })?;
        models.push(model);
    }
    if models.is_empty() {
        return Err(CliError::Usage(
            "--model needs at least one model name, or `all`".into(),
        ));
    }
    Ok((models, false))
}

/// With several models, an option must say which model it is for (`smp.VotingRule=Prop`).
pub fn check_option_routing(
    models: &[&dyn BargainingModel],
    params: &ModelParams,
) -> Result<(), CliError> {
    let unprefixed = params.unprefixed_options();
    if models.len() > 1 && !unprefixed.is_empty() {
        return Err(CliError::Usage(format!(
            "--option {} is ambiguous with several models: write MODEL.KEY=VALUE (e.g. `--option smp.{}=…`), or pick one model with --model",
            unprefixed[0], unprefixed[0]
        )));
    }
    Ok(())
}

/// Refuses, before any run, options a selected model does not read or values it does not
/// accept (usage errors, exit 2, listing the keys it knows), and `--option MODEL.KEY` for a
/// model brink does not have.
pub fn check_model_options(
    models: &[&dyn BargainingModel],
    scenario: &Scenario,
    params: &ModelParams,
) -> Result<(), CliError> {
    for (key, _) in &params.options {
        if let Some((prefix, _)) = key.split_once('.') {
            if brink_models::by_name(prefix).is_none() {
                return Err(CliError::Usage(format!(
                    "--option {key}: no model is called `{prefix}`: expected one of {}",
                    brink_models::names().join(", ")
                )));
            }
        }
    }
    for model in models {
        brink_models::check_options(*model, scenario, params)?;
    }
    Ok(())
}

/// The models whose estimated time for `runs` runs on `scenario` fits the budget (a minute,
/// two cores): with `--model all` the others are skipped with a note; a model named explicitly
/// is refused (exit 1) unless `force`. Both messages name `--force`.
pub fn affordable(
    models: Vec<&'static dyn BargainingModel>,
    all: bool,
    scenario: &Scenario,
    params: &ModelParams,
    runs: usize,
    force: bool,
) -> Result<Vec<&'static dyn BargainingModel>, CliError> {
    if force {
        return Ok(models);
    }
    let mut kept = Vec::new();
    for model in models {
        let one =
            brink_models::cost::estimated_seconds(model, scenario, &params.for_model(model.name()));
        let total = one * runs as f64 / if runs > 1 { 2.0 } else { 1.0 };
        if total <= brink_models::cost::BUDGET_SECONDS {
            kept.push(model);
            continue;
        }
        let why =
            format!(
            "{} on {} actors × {} issues would take about {}{} (estimated): --force runs it anyway",
            model.name(),
            scenario.actors.len(),
            scenario.issues.len(),
            human_seconds(total),
            if runs > 1 { format!(" for {runs} runs") } else { String::new() }
        );
        if all {
            eprintln!("note: skipped {why}");
        } else {
            return Err(CliError::InputMessage(why));
        }
    }
    Ok(kept)
}

/// `45 s`, `12 min`, `3.5 h`, `4 days`.
pub fn human_seconds(s: f64) -> String {
    if s < 120.0 {
        format!("{s:.0} s")
    } else if s < 7200.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 172_800.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.0} days", s / 86_400.0)
    }
}
