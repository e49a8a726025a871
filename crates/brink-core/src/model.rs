//! The interface every bargaining model implements: a pure function
//! `(scenario, params, seed) → one forecast per issue`.

use crate::forecast::ModelForecast;
use crate::kernel::Kernel;
use crate::scenario::Scenario;

/// The NBS utility shape.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Utility {
    Linear,
    #[default]
    Quadratic,
}

/// Options shared by the models; each model reads what concerns it and ignores the rest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelParams {
    /// A named variant (bdm: `scholz` | `textbook`; exchange: `equal` | `random-rate` …).
    pub variant: Option<String>,
    /// Rounds to run for iterating models; `None` means the model's own default.
    pub rounds: Option<usize>,
    /// Run until nobody moves (bounded by the model's own safety limit).
    pub until_stable: bool,
    pub utility: Utility,
    /// Model-specific options as `key=value` strings (e.g. smp's `VotingRule=Prop`).
    pub options: Vec<(String, String)>,
}

impl ModelParams {
    /// The parameters as model `name` should see them: options written `name.KEY=VALUE` become
    /// `KEY=VALUE`, options for other models (`other.KEY`) are dropped, unprefixed ones are kept.
    /// This lets one command run several models with options meant for one of them.
    pub fn for_model(&self, name: &str) -> ModelParams {
        let prefix = format!("{name}.");
        let options = self
            .options
            .iter()
            .filter_map(|(k, v)| match k.split_once('.') {
                None => Some((k.clone(), v.clone())),
                Some(_) => match (k.get(..prefix.len()), k.get(prefix.len()..)) {
                    (Some(head), Some(key))
                        if !key.is_empty() && head.eq_ignore_ascii_case(&prefix) =>
                    {
                        Some((key.to_string(), v.clone()))
                    }
                    _ => None,
                },
            })
            .collect();
        ModelParams {
            options,
            ..self.clone()
        }
    }

    /// Model `name`'s settings: the scenario's `[models.NAME]` section, then the options meant
    /// for it (as [`for_model`](Self::for_model) routes them), later ones overriding earlier.
    /// Every model reads its settings through this, so the two sources merge one way.
    pub fn settings(&self, scenario: &Scenario, name: &str) -> ModelSettings {
        let section = scenario
            .model_settings
            .get(name)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone(), SettingSource::Scenario));
        let options = self
            .for_model(name)
            .options
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v), SettingSource::Option));
        ModelSettings {
            entries: section.chain(options).collect(),
        }
    }

    /// Options without a model prefix (ambiguous when several models run).
    pub fn unprefixed_options(&self) -> Vec<&str> {
        self.options
            .iter()
            .filter(|(k, _)| !k.contains('.'))
            .map(|(k, _)| k.as_str())
            .collect()
    }

    pub fn option(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Where a model setting was written, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingSource {
    /// The scenario's `[models.NAME]` section.
    Scenario,
    /// `--option KEY=VALUE` (or `NAME.KEY=VALUE`).
    Option,
}

/// One model's settings from [`ModelParams::settings`], in the order they apply: the scenario's
/// first, then the options. Keys compare case-insensitively, as the settings check does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelSettings {
    entries: Vec<(String, serde_json::Value, SettingSource)>,
}

impl ModelSettings {
    /// Every setting in the order it applies (a later one for the same key overrides).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value, SettingSource)> {
        self.entries.iter().map(|(k, v, s)| (k.as_str(), v, *s))
    }

    /// The value that applies for `key`, if any source sets it.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v, _)| v)
    }

    /// [`get`](Self::get) as text: a string as written, any other value as its JSON.
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_routed_by_model_prefix() {
        let p = ModelParams {
            options: vec![
                ("smp.VotingRule".into(), "Prop".into()),
                ("exchange.p".into(), "0.8".into()),
                ("rounds_hint".into(), "3".into()),
            ],
            ..Default::default()
        };
        let smp = p.for_model("smp");
        assert_eq!(
            smp.options,
            vec![
                ("VotingRule".into(), "Prop".into()),
                ("rounds_hint".into(), "3".into())
            ]
        );
        assert_eq!(p.for_model("exchange").option("p"), Some("0.8"));
        assert_eq!(p.unprefixed_options(), vec!["rounds_hint"]);
        // A prefix cut inside a multi-byte character is another model's, not a panic.
        let odd = ModelParams {
            options: vec![
                ("sm\u{e9}.x".into(), "1".into()),
                ("smp.".into(), "2".into()),
            ],
            ..Default::default()
        };
        assert!(odd.for_model("smp").options.is_empty());
    }

    #[test]
    fn settings_merge_the_scenario_section_then_the_options() {
        let mut s = Scenario::default();
        s.model_settings.insert(
            "exchange".into(),
            [
                ("p".to_string(), serde_json::json!(0.5)),
                ("rounds".to_string(), serde_json::json!(4)),
            ]
            .into_iter()
            .collect(),
        );
        let p = ModelParams {
            options: vec![
                ("exchange.P".into(), "0.9".into()),
                ("smp.rounds".into(), "7".into()),
            ],
            ..Default::default()
        };
        let got = p.settings(&s, "exchange");
        assert_eq!(got.text("p").as_deref(), Some("0.9"));
        assert_eq!(got.text("ROUNDS").as_deref(), Some("4"));
        assert_eq!(got.get("variant"), None);
        let sources: Vec<_> = got.iter().map(|(k, _, from)| (k, from)).collect();
        assert_eq!(
            sources,
            vec![
                ("p", SettingSource::Scenario),
                ("rounds", SettingSource::Scenario),
                ("P", SettingSource::Option)
            ]
        );
        assert_eq!(p.settings(&s, "smp").text("rounds").as_deref(), Some("7"));
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The model does not apply to this scenario (e.g. exchange on one issue): skipped with a note.
    #[error("{model} does not apply: {reason}")]
    NotApplicable { model: String, reason: String },
    /// The parameters are wrong (a usage error).
    #[error("{model}: {reason}")]
    BadParams { model: String, reason: String },
    /// The model failed to converge within its limits.
    #[error("{model} did not converge: {reason}")]
    NoConvergence { model: String, reason: String },
}

/// A bargaining model. Implementations are stateless; `run` is a pure function of its inputs.
pub trait BargainingModel: Sync {
    /// The model's name in the CLI (`--model NAME`).
    fn name(&self) -> &'static str;
    /// One line for `--help` and docs.
    fn describe(&self) -> &'static str;
    /// Forecasts, as `(issue index, forecast)` pairs, for every issue the model covers.
    fn run(
        &self,
        scenario: &Scenario,
        params: &ModelParams,
        seed: u64,
    ) -> Result<Vec<(usize, ModelForecast)>, ModelError>;

    /// The parameters to run with inside Monte Carlo loops (thousands of runs of drawn
    /// scenarios), where a model may trade exactness for speed; by default `params` unchanged.
    /// (exchange: f64 arithmetic unless `arithmetic` is set, where `forecast` computes exactly.)
    fn sampling_params(&self, scenario: &Scenario, params: &ModelParams) -> ModelParams {
        let _ = scenario;
        params.clone()
    }

    /// The model's fast entry point for Monte Carlo loops, if it has one ([`crate::kernel`]):
    /// it must give exactly what [`run`](Self::run) gives as `forecast` with the parameters of
    /// [`sampling_params`](Self::sampling_params). None by default.
    fn kernel(&self) -> Option<Kernel<'_>> {
        None
    }

    /// The keys this model reads from `--option KEY=VALUE` and from the scenario's
    /// `[models.NAME]` section (none by default). Any other key is an error, listed with these.
    fn option_keys(&self) -> &'static [&'static str] {
        &[]
    }
    /// Checks the model's settings (the scenario's `[models.NAME]` section, then `params`)
    /// without running it, with the same rules the run applies, so that `brink check` and every
    /// command can refuse a bad setting before any work. Keys are checked against
    /// [`option_keys`](Self::option_keys) by the caller.
    fn check_settings(
        &self,
        _scenario: &Scenario,
        _params: &ModelParams,
    ) -> Result<(), ModelError> {
        Ok(())
    }
}
