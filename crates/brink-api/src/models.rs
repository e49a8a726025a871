//! The model options of the computing calls (as the CLI's `--model`, `--variant`, `--rounds`,
//! `--utility`, `--option`) and their checks before any run.

use crate::ApiError;
use brink_core::{BargainingModel, ModelParams, Scenario};

/// `--model`: a comma-separated list, or `all`.
pub fn select(spec: &str) -> Result<(Vec<&'static dyn BargainingModel>, bool), ApiError> {
    if spec.trim().eq_ignore_ascii_case("all") {
        return Ok((brink_models::registry(), true));
    }
    let mut models = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let model = brink_models::by_name(name).ok_or_else(|| {
            ApiError::Usage(format!(
                "unknown model `{name}`: expected one of {} or `all`",
                brink_models::names().join(", ")
            ))
        })?;
        models.push(model);
    }
    if models.is_empty() {
        return Err(ApiError::Usage(
            "models needs at least one model name, or `all`".into(),
        ));
    }
    Ok((models, false))
}

/// Refuses ambiguous or unknown options (with several models an option names its model:
/// `smp.VotingRule=Prop`) and values a model does not accept.
pub fn check(
    models: &[&dyn BargainingModel],
    scenario: &Scenario,
    params: &ModelParams,
) -> Result<(), ApiError> {
    let unprefixed = params.unprefixed_options();
    if models.len() > 1 && !unprefixed.is_empty() {
        return Err(ApiError::Usage(format!(
            "option {} is ambiguous with several models: write MODEL.KEY=VALUE (e.g. `smp.{}=…`), or pick one model",
            unprefixed[0], unprefixed[0]
        )));
    }
    for (key, _) in &params.options {
        if let Some((prefix, _)) = key.split_once('.') {
            if brink_models::by_name(prefix).is_none() {
                return Err(ApiError::Usage(format!(
                    "option {key}: no model is called `{prefix}`: expected one of {}",
                    brink_models::names().join(", ")
                )));
            }
        }
    }
    for model in models {
        brink_models::check_options(*model, scenario, params).map_err(ApiError::from)?;
    }
    Ok(())
}

/// The models whose estimated time for `runs` runs fits the budget (a minute on two cores):
/// with `all` the others are skipped with a note; a model named explicitly is refused unless
/// `force`.
pub fn affordable(
    models: Vec<&'static dyn BargainingModel>,
    all: bool,
    scenario: &Scenario,
    params: &ModelParams,
    runs: usize,
    force: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<&'static dyn BargainingModel>, ApiError> {
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
        let why = format!(
            "{} on {} actors × {} issues would take about {:.0} s{} (estimated): force=True runs it anyway",
            model.name(),
            scenario.actors.len(),
            scenario.issues.len(),
            total,
            if runs > 1 { format!(" for {runs} runs") } else { String::new() }
        );
        if all {
            notes.push(format!("skipped {why}"));
        } else {
            return Err(ApiError::InputMessage(why));
        }
    }
    Ok(kept)
}
