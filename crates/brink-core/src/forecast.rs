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
    /// What happened in the round; its shape is the model's (see [`RoundMove`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<RoundMove>,
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One move in a round of an iterating model. Each model has its own kind; the JSON is the
/// move's fields alone (no tag), in the order below.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RoundMove {
    /// bdm: an actor accepted another's offer.
    Offer(OfferMove),
    /// smp: an actor adopted a bargain.
    Bargain(BargainMove),
    /// exchange: two actors traded positions across two issues.
    Exchange(ExchangeMove),
}

/// What kind of offer a bdm actor accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OfferKind {
    Confrontation,
    Compromise,
    Capitulation,
}

impl OfferKind {
    /// The name as written in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            OfferKind::Confrontation => "confrontation",
            OfferKind::Compromise => "compromise",
            OfferKind::Capitulation => "capitulation",
        }
    }
}

/// bdm: `actor` accepted the offer of `with` and moved from `from` to `to`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OfferMove {
    pub actor: String,
    pub kind: OfferKind,
    pub with: String,
    pub from: f64,
    pub to: f64,
    /// EU(i → j): the mover's expected utility of challenging `with`, as it reckons it.
    pub e_ij: f64,
    /// EU(j → i): `with`'s expected utility of challenging the mover, as the mover reckons it.
    pub e_ji: f64,
}

/// smp: `actor` adopted the bargain it struck with `with` (proposed by `initiator`), moving to
/// `to`. Written with `"kind": "bargain"` after `actor`.
#[derive(Clone, Debug, PartialEq)]
pub struct BargainMove {
    pub actor: String,
    pub with: String,
    pub initiator: String,
    pub to: f64,
    pub prob_initiator_wins: f64,
    pub initiator_gain: f64,
}

impl Serialize for BargainMove {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("BargainMove", 7)?;
        s.serialize_field("actor", &self.actor)?;
        s.serialize_field("kind", "bargain")?;
        s.serialize_field("with", &self.with)?;
        s.serialize_field("initiator", &self.initiator)?;
        s.serialize_field("to", &self.to)?;
        s.serialize_field("prob_initiator_wins", &self.prob_initiator_wins)?;
        s.serialize_field("initiator_gain", &self.initiator_gain)?;
        s.end()
    }
}

/// exchange: actors `actors[0]` and `actors[1]` each gave way on one issue (`moves[k]` is the
/// move of `actors[k]`), gaining `gains[k]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExchangeMove {
    pub actors: [String; 2],
    pub issues: [String; 2],
    pub moves: [ExchangeSide; 2],
    pub gains: [f64; 2],
    /// The exchange's externalities summed over the actors outside it.
    pub externalities: Externalities,
}

/// One side of an exchange: `actor` moved from `from` to `to` on `issue`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExchangeSide {
    pub actor: String,
    pub issue: String,
    pub from: f64,
    pub to: f64,
    pub gain: f64,
}

/// The exchange model's externalities: an actor's own gain and the gains and losses that fall
/// on others inside and outside the exchanging pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Externalities {
    pub own: f64,
    pub inner_positive: f64,
    pub inner_negative: f64,
    pub outer_positive: f64,
    pub outer_negative: f64,
}
