//! Model settings checked before any run, by one rule set per model (its
//! [`option_keys`](BargainingModel::option_keys) and
//! [`check_settings`](BargainingModel::check_settings)): the scenario's `[models.NAME]` sections
//! become located diagnostics (`brink check`, and every command at load), `--option KEY=VALUE`
//! errors become usage errors.

use brink_core::{
    did_you_mean, BargainingModel, Diagnostic, ModelError, ModelParams, Scenario, Severity,
};

/// Every problem with the scenario's `[models.*]` sections, located at the section or the key:
/// a model brink does not have, a key the model does not read, a value it refuses.
pub fn scenario_settings_diagnostics(scenario: &Scenario) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut error = |field: &str, message: String| {
        out.push(scenario.origin.diagnostic(Severity::Error, field, message))
    };
    for (name, section) in &scenario.model_settings {
        let field = format!("models.{name}");
        let Some(model) = crate::by_name(name) else {
            error(
                &field,
                format!(
                    "unknown model `{name}` in `[models.{name}]`{}: expected one of {}",
                    did_you_mean(name, crate::names()),
                    crate::names().join(", ")
                ),
            );
            continue;
        };
        let mut keys_known = true;
        for key in section.keys() {
            if let Some(message) = unknown_key(model, key) {
                error(&format!("{field}.{key}"), message);
                keys_known = false;
            }
        }
        if !keys_known {
            continue;
        }
        // One key at a time first, to point at the value that is wrong; then the whole section
        // (for rules that tie keys together, e.g. exchange's `p` with `variant`).
        let only = |settings: serde_json::Map<String, serde_json::Value>| Scenario {
            model_settings: [(name.clone(), settings)].into_iter().collect(),
            ..Default::default()
        };
        let mut located = false;
        for (key, value) in section {
            let one = only([(key.clone(), value.clone())].into_iter().collect());
            if let Err(e) = model.check_settings(&one, &ModelParams::default()) {
                error(&format!("{field}.{key}"), reason(e));
                located = true;
            }
        }
        if !located {
            if let Err(e) = model.check_settings(&only(section.clone()), &ModelParams::default()) {
                error(&field, reason(e));
            }
        }
    }
    out
}

/// Checks `params` (as `model` sees them: [`ModelParams::for_model`]) for `model`: every option
/// key must be one the model reads, and every value one it accepts.
pub fn check_options(
    model: &dyn BargainingModel,
    scenario: &Scenario,
    params: &ModelParams,
) -> Result<(), ModelError> {
    let params = params.for_model(model.name());
    for (key, _) in &params.options {
        if let Some(reason) = unknown_key(model, key) {
            return Err(ModelError::BadParams {
                model: model.name().into(),
                reason: reason.replace("setting", "option"),
            });
        }
    }
    model.check_settings(scenario, &params)
}

/// Why `key` is not a setting of `model`, or `None` when it is one.
fn unknown_key(model: &dyn BargainingModel, key: &str) -> Option<String> {
    let keys = model.option_keys();
    if keys.iter().any(|k| k.eq_ignore_ascii_case(key)) {
        return None;
    }
    Some(if keys.is_empty() {
        format!(
            "unknown setting `{key}`: {} takes no settings (its flags are --variant, --rounds, --utility)",
            model.name()
        )
    } else {
        format!(
            "unknown setting `{key}` for {}{}: expected one of {}",
            model.name(),
            did_you_mean(key, keys.iter().copied()),
            keys.join(", ")
        )
    })
}

fn reason(e: ModelError) -> String {
    match e {
        ModelError::BadParams { reason, .. } | ModelError::NotApplicable { reason, .. } => reason,
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn with(model: &str, key: &str, value: serde_json::Value) -> Scenario {
        brink_testkit::ScenarioBuilder::new("t")
            .model_setting(model, key, value)
            .build()
    }

    #[test]
    fn bad_sections_are_reported_at_the_key() {
        let d = scenario_settings_diagnostics(&with("smp", "VotingRule", json!("Nope")));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].field.as_deref(), Some("models.smp.VotingRule"));
        let d = scenario_settings_diagnostics(&with("smp", "MaxTurns", json!(-5)));
        assert_eq!(d.len(), 1, "{d:?}");
        let d = scenario_settings_diagnostics(&with("exchange", "variant", json!("bogus")));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("bogus"), "{}", d[0].message);
        let d = scenario_settings_diagnostics(&with("nosuch", "x", json!(1)));
        assert!(d[0].message.contains("unknown model `nosuch`"));
        let d = scenario_settings_diagnostics(&with("bdm", "colour", json!(1)));
        assert!(d[0].message.contains("takes no settings"));
        let d = scenario_settings_diagnostics(&with("exchange", "colour", json!(1)));
        assert!(
            d[0].message.contains("expected one of variant"),
            "{}",
            d[0].message
        );
        assert!(
            scenario_settings_diagnostics(&with("smp", "VotingRule", json!("Prop"))).is_empty()
        );
        assert!(
            scenario_settings_diagnostics(&with("exchange", "variant", json!("random-rate")))
                .is_empty()
        );
    }

    #[test]
    fn unknown_options_are_refused_with_the_known_keys() {
        let params = |k: &str, v: &str| ModelParams {
            options: vec![(k.into(), v.into())],
            ..Default::default()
        };
        let s = Scenario::default();
        for model in crate::registry() {
            let e = check_options(model, &s, &params("Bogus", "1")).unwrap_err();
            assert!(e.to_string().contains("unknown option `Bogus`"), "{e}");
        }
        let exchange = crate::by_name("exchange").unwrap();
        assert!(check_options(exchange, &s, &params("arithmetic", "exact")).is_ok());
        assert!(check_options(exchange, &s, &params("arithmetic", "wrong")).is_err());
        // Options for another model are that model's business.
        assert!(check_options(exchange, &s, &params("smp.VotingRule", "Prop")).is_ok());
    }
}
