//! SMP's model parameters: KTAB's nine `<ModelParameters>` enums, typed, with KTAB's defaults,
//! and their resolution from CLI options over scenario settings over defaults.

use brink_core::ModelError;
use std::fmt;

/// Declares a parameter enum whose variant names are KTAB's XML names, in KTAB's enum order.
macro_rules! ktab_enum {
    ($(#[$doc:meta])* $name:ident, $key:literal, default $default:ident, [$($variant:ident),+ $(,)?]) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// The XML element / option key naming this parameter.
            pub const KEY: &'static str = $key;
            /// Every value, in KTAB's enum order (the order of its 9-integer parameter vector).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant)),+
                }
            }

            /// Parses a KTAB name (case-insensitive) or its enum index.
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim();
                if let Ok(i) = t.parse::<usize>() {
                    return Self::ALL.get(i).copied();
                }
                Self::ALL.iter().copied().find(|v| v.name().eq_ignore_ascii_case(t))
            }

            /// `Linear, Square, …` for error messages.
            pub fn accepted() -> String {
                Self::ALL.iter().map(|v| v.name()).collect::<Vec<_>>().join(", ")
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::$default
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

ktab_enum!(
    /// How coalition strengths become a probability of victory in a pairwise contest.
    VictoryProbModel, "VictoryProbModel", default Linear,
    [Linear, Square, Quartic, Octic, Binary]
);
ktab_enum!(
    /// How pairwise victory probabilities become a probability for each option.
    PceModel, "PCEModel", default Conditional,
    [Conditional, MarkovIncentive, MarkovUniform]
);
ktab_enum!(
    /// Whether each actor adopts the most probable bargain of its queue or draws one.
    StateTransitions, "StateTransitions", default Deterministic,
    [Deterministic, Stochastic]
);
ktab_enum!(
    /// How an actor's weight and utility difference become a vote.
    VotingRule, "VotingRule", default Prop,
    [Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp]
);
ktab_enum!(
    /// How actor h estimates actor i's risk attitude from R_h and R_i.
    BigRAdjust, "BigRAdjust", default OneThird,
    [None, OneThird, Half, TwoThirds, Full]
);
ktab_enum!(
    /// The range risk attitudes are mapped onto from the risk-neutral probabilities.
    BigRRange, "BigRRange", default Mid,
    [Min, Mid, Max]
);
ktab_enum!(
    /// How far a third party commits to the side it joins in a challenge.
    ThirdPartyCommit, "ThirdPartyCommit", default SemiCommit,
    [NoCommit, SemiCommit, FullCommit]
);
ktab_enum!(
    /// How a bargain interpolates between two actors' position vectors.
    InterVecBrgn, "InterVecBrgn", default S2P2,
    [S1P1, S2P2, S2PMax]
);
ktab_enum!(
    /// Whose estimates shape the bargain(s) put into the queues.
    BargnModel, "BargnModel", default InitOnlyInterp,
    [InitOnlyInterp, InitRcvrInterp, PWCompInterp]
);

/// KTAB's hard-wired stopping rule: at most this many turns.
pub const KTAB_MAX_TURNS: usize = 100;
/// A safety limit for `--until-stable` runs.
pub const UNTIL_STABLE_LIMIT: usize = 1000;

/// When the run stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopRule {
    /// KTAB's rule (§7 of the design notes): at least 2 turns, at most `max_turns`, stop when a
    /// turn moves the actors by less than 2% of the first turn's movement.
    Ktab { max_turns: usize },
    /// Exactly this many turns.
    Turns(usize),
    /// Until a turn moves nobody, at most this many turns.
    UntilStable { max_turns: usize },
}

/// One pair of KTAB's `<IdealAdjustment>`: `adjusting`'s ideal moves by `adjust` towards
/// `reference`'s position every turn.
#[derive(Clone, Debug, PartialEq)]
pub struct IdealAdjustment {
    pub adjusting: String,
    pub reference: String,
    pub adjust: f64,
}

/// Every SMP parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct SmpParams {
    pub victory_prob: VictoryProbModel,
    pub pce: PceModel,
    pub transitions: StateTransitions,
    pub voting_rule: VotingRule,
    pub big_r_adjust: BigRAdjust,
    pub big_r_range: BigRRange,
    pub third_party: ThirdPartyCommit,
    pub inter_vec: InterVecBrgn,
    pub bargain_model: BargnModel,
    pub stop: StopRule,
    /// The accommodation matrix entries that differ from the identity (KTAB XML only).
    pub ideal_adjustments: Vec<IdealAdjustment>,
    /// The XML's `prngSeed`, kept for the notes (brink's ChaCha streams cannot replay KTAB's
    /// mt19937 draws, so it is not used).
    pub ktab_seed: Option<String>,
}

impl Default for SmpParams {
    fn default() -> Self {
        SmpParams {
            victory_prob: VictoryProbModel::default(),
            pce: PceModel::default(),
            transitions: StateTransitions::default(),
            voting_rule: VotingRule::default(),
            big_r_adjust: BigRAdjust::default(),
            big_r_range: BigRRange::default(),
            third_party: ThirdPartyCommit::default(),
            inter_vec: InterVecBrgn::default(),
            bargain_model: BargnModel::default(),
            stop: StopRule::Ktab {
                max_turns: KTAB_MAX_TURNS,
            },
            ideal_adjustments: Vec::new(),
            ktab_seed: None,
        }
    }
}

/// The option keys SMP accepts (from the CLI or `[models.smp]`).
pub const ACCEPTED_KEYS: &[&str] = &[
    VictoryProbModel::KEY,
    PceModel::KEY,
    StateTransitions::KEY,
    VotingRule::KEY,
    BigRAdjust::KEY,
    BigRRange::KEY,
    ThirdPartyCommit::KEY,
    InterVecBrgn::KEY,
    BargnModel::KEY,
    "MaxTurns",
    "IdealAdjustment",
    "prngSeed",
];

fn bad(reason: String) -> ModelError {
    ModelError::BadParams {
        model: "smp".into(),
        reason,
    }
}

impl SmpParams {
    /// Applies one `key = value` setting; `origin` names where it came from, for the message.
    pub fn set(
        &mut self,
        key: &str,
        value: &serde_json::Value,
        origin: &str,
    ) -> Result<(), ModelError> {
        macro_rules! set_enum {
            ($ty:ty, $field:ident) => {{
                let text = value_text(value);
                self.$field = <$ty>::parse(&text).ok_or_else(|| {
                    bad(format!(
                        "{origin}: `{}` = `{text}` is not a value of {}: expected one of {}",
                        <$ty>::KEY,
                        <$ty>::KEY,
                        <$ty>::accepted()
                    ))
                })?;
            }};
        }
        let k = ACCEPTED_KEYS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(key.trim()))
            .ok_or_else(|| {
                bad(format!(
                    "{origin}: unknown option `{key}`: expected one of {}",
                    ACCEPTED_KEYS.join(", ")
                ))
            })?;
        match *k {
            VictoryProbModel::KEY => set_enum!(VictoryProbModel, victory_prob),
            PceModel::KEY => set_enum!(PceModel, pce),
            StateTransitions::KEY => set_enum!(StateTransitions, transitions),
            VotingRule::KEY => set_enum!(VotingRule, voting_rule),
            BigRAdjust::KEY => set_enum!(BigRAdjust, big_r_adjust),
            BigRRange::KEY => set_enum!(BigRRange, big_r_range),
            ThirdPartyCommit::KEY => set_enum!(ThirdPartyCommit, third_party),
            InterVecBrgn::KEY => set_enum!(InterVecBrgn, inter_vec),
            BargnModel::KEY => set_enum!(BargnModel, bargain_model),
            "MaxTurns" => {
                let text = value_text(value);
                let n = text
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=UNTIL_STABLE_LIMIT).contains(n))
                    .ok_or_else(|| {
                        bad(format!(
                            "{origin}: `MaxTurns` = `{text}`: expected a whole number from 1 to {UNTIL_STABLE_LIMIT}"
                        ))
                    })?;
                self.stop = StopRule::Ktab { max_turns: n };
            }
            "prngSeed" => self.ktab_seed = Some(value_text(value)),
            "IdealAdjustment" => {
                self.ideal_adjustments = parse_adjustments(value).map_err(|e| {
                    bad(format!(
                        "{origin}: `IdealAdjustment`: {e}: expected an array of {{ adjusting = \"ACTOR\", reference = \"ACTOR\", adjust = 0..1 }}"
                    ))
                })?;
            }
            _ => unreachable!("every accepted key is handled"),
        }
        Ok(())
    }
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn parse_adjustments(value: &serde_json::Value) -> Result<Vec<IdealAdjustment>, String> {
    let items = value.as_array().ok_or("not an array")?;
    items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let obj = item
                .as_object()
                .ok_or_else(|| format!("entry {n} is not a table"))?;
            let text = |k: &str| {
                obj.get(k)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
                    .ok_or_else(|| format!("entry {n} lacks the text field `{k}`"))
            };
            let adjust = obj
                .get("adjust")
                .and_then(|v| v.as_f64())
                .filter(|a| (0.0..=1.0).contains(a))
                .ok_or_else(|| format!("entry {n} lacks `adjust`, a number in [0, 1]"))?;
            Ok(IdealAdjustment {
                adjusting: text("adjusting")?,
                reference: text("reference")?,
                adjust,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_ktabs() {
        let p = SmpParams::default();
        assert_eq!(p.victory_prob, VictoryProbModel::Linear);
        assert_eq!(p.pce, PceModel::Conditional);
        assert_eq!(p.transitions, StateTransitions::Deterministic);
        assert_eq!(p.voting_rule, VotingRule::Prop);
        assert_eq!(p.big_r_adjust, BigRAdjust::OneThird);
        assert_eq!(p.big_r_range, BigRRange::Mid);
        assert_eq!(p.third_party, ThirdPartyCommit::SemiCommit);
        assert_eq!(p.inter_vec, InterVecBrgn::S2P2);
        assert_eq!(p.bargain_model, BargnModel::InitOnlyInterp);
    }

    #[test]
    fn names_and_indices_parse() {
        assert_eq!(VotingRule::parse("propcbc"), Some(VotingRule::PropCbc));
        assert_eq!(VotingRule::parse("2"), Some(VotingRule::Prop));
        assert_eq!(BigRAdjust::parse("None"), Some(BigRAdjust::None));
        assert_eq!(PceModel::parse("Markov"), None);
    }

    #[test]
    fn unknown_keys_and_values_list_the_accepted_ones() {
        let mut p = SmpParams::default();
        let e = p.set("VotingRul", &json!("Prop"), "--option").unwrap_err();
        assert!(e.to_string().contains("VotingRule, BigRAdjust"), "{e}");
        let e = p
            .set("VotingRule", &json!("Majority"), "--option")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp"),
            "{e}"
        );
        p.set("votingrule", &json!("Cubic"), "--option").unwrap();
        assert_eq!(p.voting_rule, VotingRule::Cubic);
    }

    #[test]
    fn ideal_adjustments_parse_and_validate() {
        let mut p = SmpParams::default();
        p.set(
            "IdealAdjustment",
            &json!([{ "adjusting": "A", "reference": "B", "adjust": 0.25 }]),
            "x",
        )
        .unwrap();
        assert_eq!(p.ideal_adjustments[0].adjust, 0.25);
        assert!(p
            .set(
                "IdealAdjustment",
                &json!([{ "adjusting": "A", "reference": "B", "adjust": 2 }]),
                "x"
            )
            .is_err());
    }
}
