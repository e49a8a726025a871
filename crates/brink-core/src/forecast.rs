//! What a bargaining model returns, shaped as cli.md's JSON contract for `brink forecast`.

use indexmap::IndexMap;
use serde::Serialize;

/// The whole answer of `brink forecast`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForecastReport {
    pub scenario: String,
    pub issues: Vec<IssueForecasts>,
}

/// Every model's forecast for one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueForecasts {
    pub id: String,
    pub name: String,
    pub scale: [f64; 2],
    pub forecasts: Vec<ModelForecast>,
}

/// One model's forecast for one issue.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelForecast {
    /// `compromise`, `median`, `mean`, `midpoint`, `nbs`, `bdm`, `smp`, `exchange`.
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    /// The point forecast, on the issue's scale.
    pub forecast: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// For iterating models: round 0 is the initial state, round r the state after r rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Vec<RoundRecord>>,
    /// Model-specific extras (e.g. a 90% interval, notes, externalities). Flattened into the JSON.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ModelForecast {
    pub fn point(model: impl Into<String>, forecast: f64) -> Self {
        ModelForecast {
            model: model.into(),
            variant: None,
            forecast,
            median: None,
            mean: None,
            rounds: None,
            extra: serde_json::Map::new(),
        }
    }
}

/// The state of one issue after a round of an iterating model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoundRecord {
    pub round: usize,
    /// Actor id → position on this issue.
    pub positions: IndexMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<f64>,
    /// The c·s-weighted mean (for `exchange`, the outcome after the round).
    pub mean: f64,
    /// What happened in the round; its shape is the model's (bdm: actor, kind, with, to).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
