//! The `[crisis]` section of a scenario: which game, which scenario actors play which roles, and
//! the game's parameters, each a number or an uncertain number (`{ mean, sd }`, `{ min, max }`,
//! `{ values, weights }`), optionally with a `why`. [`CrisisSpec::from_scenario`] validates it as
//! strictly as the rest of the format — every problem located at its `crisis.KEY` — and
//! [`CrisisSpec::build`] turns one draw of the parameters into a game.

use crate::crisis_game::CrisisGame;
use crate::{deterrence, fearon, iig, patron, CrisisError};
use brink_core::number::parse_written;
use brink_core::{Diagnostic, Diagnostics, Scenario, Severity, Uncertain};
use rand::Rng;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The games a `[crisis]` section may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GameKind {
    PatronAllyTargetTransit,
    Fearon,
    InternationalInteraction,
    ExtendedDeterrence,
    /// The analyst's own game: `game = "file.efg"` (see [`crate::user_game`]). Not in
    /// [`GameKind::ALL`]: it has no name of its own, no roles and no parameters.
    UserEfg,
}

impl GameKind {
    pub const ALL: [GameKind; 4] = [
        GameKind::PatronAllyTargetTransit,
        GameKind::Fearon,
        GameKind::InternationalInteraction,
        GameKind::ExtendedDeterrence,
    ];

    /// The name in a `[crisis]` section and in reports.
    pub fn name(self) -> &'static str {
        match self {
            GameKind::PatronAllyTargetTransit => "patron_ally_target_transit",
            GameKind::Fearon => "fearon",
            GameKind::InternationalInteraction => "international_interaction",
            GameKind::ExtendedDeterrence => "extended_deterrence",
            GameKind::UserEfg => "efg",
        }
    }

    /// Also accepted: the usual short names.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            GameKind::PatronAllyTargetTransit => &["patron"],
            GameKind::Fearon => &["fearon_bargaining"],
            GameKind::InternationalInteraction => &["iig"],
            GameKind::ExtendedDeterrence => &["egame12", "deterrence"],
            GameKind::UserEfg => &[],
        }
    }

    pub fn from_name(name: &str) -> Option<GameKind> {
        let n = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        GameKind::ALL
            .into_iter()
            .find(|k| k.name() == n || k.aliases().contains(&n.as_str()))
    }

    /// The role keys, in player order; the last of the patron game (`transit`) takes a list.
    pub fn role_keys(self) -> &'static [&'static str] {
        match self {
            GameKind::PatronAllyTargetTransit => &["patron", "ally", "target", "transit"],
            GameKind::Fearon => &["proposer", "responder"],
            GameKind::InternationalInteraction => &["side_a", "side_b"],
            GameKind::ExtendedDeterrence => &["challenger", "defender"],
            GameKind::UserEfg => &[],
        }
    }

    /// The keys this game's section takes besides the common ones, its roles and its parameters.
    pub fn extra_keys(self) -> &'static [&'static str] {
        match self {
            GameKind::PatronAllyTargetTransit => &["signal"],
            GameKind::Fearon => &["responder_costs", "responder_probs"],
            GameKind::UserEfg => &["players", "terminals"],
            _ => &[],
        }
    }

    /// Every key a `[crisis]` section of this game accepts: the common keys, the roles, the
    /// parameters and the game's own (docs/crisis.md lists them; a test compares).
    pub fn accepted_keys(self) -> Vec<&'static str> {
        let mut keys: Vec<&'static str> = COMMON_KEYS.to_vec();
        keys.extend(self.role_keys());
        keys.extend(self.params().iter().map(|d| d.name));
        keys.extend(self.extra_keys());
        keys
    }

    /// The numeric parameters, in the order they are drawn.
    pub fn params(self) -> &'static [ParamDef] {
        match self {
            GameKind::PatronAllyTargetTransit => PATRON_PARAMS,
            GameKind::Fearon => FEARON_PARAMS,
            GameKind::InternationalInteraction => IIG_PARAMS,
            GameKind::ExtendedDeterrence => DETERRENCE_PARAMS,
            GameKind::UserEfg => &[],
        }
    }

    pub fn classes(self) -> &'static [&'static str] {
        match self {
            GameKind::PatronAllyTargetTransit => &patron::CLASSES,
            GameKind::Fearon => &fearon::CLASSES,
            GameKind::InternationalInteraction => &iig::CLASSES,
            GameKind::ExtendedDeterrence => &deterrence::CLASSES,
            GameKind::UserEfg => crate::user_game::USER_CLASSES,
        }
    }
}

/// What values a parameter may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A probability, in [0, 1].
    Probability,
    /// A cost, ≥ 0.
    Cost,
    /// A payoff relative to the status quo: any finite number.
    Payoff,
}

/// One numeric parameter of a game.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamDef {
    pub name: &'static str,
    pub kind: Kind,
    /// The value when the section does not give one (the reference trees' values).
    pub default: f64,
    /// One value per transit state (a number for all, or a table by actor id).
    pub per_transit: bool,
    pub help: &'static str,
}

const fn p(name: &'static str, kind: Kind, default: f64, help: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind,
        default,
        per_transit: false,
        help,
    }
}

const fn pt(name: &'static str, kind: Kind, default: f64, help: &'static str) -> ParamDef {
    ParamDef {
        name,
        kind,
        default,
        per_transit: true,
        help,
    }
}

use Kind::{Cost, Payoff, Probability};

static PATRON_PARAMS: &[ParamDef] = &[
    p("p_success", Probability, 0.8, "P(the ally's strike succeeds) with the patron's support and every transit state's airspace"),
    p("support_effect", Probability, 0.3, "how much less likely success is without the patron's support"),
    p("airspace_effect", Probability, 0.3, "how much less likely success is when every transit state denies its airspace"),
    p("patron_deal", Payoff, 0.5, "the patron's payoff from a deal (the target concedes)"),
    p("patron_success", Payoff, 0.5, "the patron's payoff from a successful strike, before the cost of support"),
    p("patron_failure", Payoff, -0.3, "the patron's payoff from a failed strike, before the cost of support"),
    p("cost_support", Cost, 0.2, "the patron's cost of supporting the strike"),
    p("patron_commitment", Cost, 0.0, "the patron's audience cost of abstaining after its public pledge"),
    p("ally_deal", Payoff, 1.0, "the ally's payoff from a deal"),
    p("ally_success", Payoff, 1.0, "the ally's value of a successful strike, before its cost"),
    p("ally_failure", Payoff, -0.2, "the ally's value of a failed strike, before its cost"),
    p("cost_strike", Cost, 0.2, "the ally's cost of striking, whatever the result"),
    p("ally_backdown", Payoff, -0.1, "the ally's payoff from backing down after talks fail"),
    p("target_concede", Payoff, -0.5, "the target's payoff from conceding at the talks"),
    p("target_success", Payoff, -1.0, "the target's payoff after a successful strike"),
    p("target_failure", Payoff, -0.3, "the target's payoff after a failed strike"),
    pt("transit_cost", Cost, 0.2, "a transit state's cost of granting its airspace"),
    pt("transit_gain_from_alliance", Payoff, 0.0, "what granting gains a transit state with the patron, when the patron supports the strike"),
    pt("airspace_share", Probability, f64::NAN, "a transit state's share of `airspace_effect` (default: equal shares)"),
    p("signal_cost", Cost, 0.05, "the patron's cost of the costly signal (with `signal = true`)"),
    p("signal_commitment", Cost, 0.15, "the patron's extra cost of abstaining after signalling"),
    p("signal_effect", Probability, 0.0, "how much the signal raises P(success) when the patron supports"),
];

static FEARON_PARAMS: &[ParamDef] = &[
    p(
        "p",
        Probability,
        0.5,
        "the probability that the proposer wins a war",
    ),
    p("cost_a", Cost, 0.1, "the proposer's cost of war"),
    p(
        "offer_margin",
        Cost,
        0.01,
        "how far below each type's acceptance threshold the screening offers lie",
    ),
];

static IIG_PARAMS: &[ParamDef] = &[
    p(
        "p_a",
        Probability,
        0.6,
        "side A's probability of winning a war, and its share of a negotiated settlement",
    ),
    p("alpha", Cost, 0.1, "the cost of using force"),
    p("tau", Cost, 0.15, "the cost of suffering force"),
    p(
        "status_quo",
        Probability,
        0.5,
        "side A's share of the status quo",
    ),
];

static DETERRENCE_PARAMS: &[ParamDef] = &[
    p("u11", Payoff, 0.0, "the challenger's status-quo payoff"),
    p(
        "u13",
        Payoff,
        0.5,
        "the challenger's payoff when the defender backs down",
    ),
    p("u14", Payoff, -1.0, "the challenger's payoff from war"),
    p(
        "u24",
        Payoff,
        0.5,
        "the defender's payoff from war (its other payoffs are 0)",
    ),
];

/// Keys every game's section may carry besides its roles and parameters.
const COMMON_KEYS: &[&str] = &[
    "game",
    "lambda",
    "payoff_scale",
    "issues",
    "why",
    "outcomes",
    "bystander_cost",
];

/// A validated `[crisis]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct CrisisSpec {
    pub kind: GameKind,
    /// The scenario actor playing each player of the game, in player order.
    pub players: Vec<String>,
    /// Each player's role (e.g. `patron`, `transit`).
    pub roles: Vec<String>,
    /// Every numeric parameter with its value(s): one, or one per transit state.
    pub params: Vec<(ParamDef, Vec<Uncertain>)>,
    /// Patron game: whether the patron first chooses to send the costly signal.
    pub signal: bool,
    /// Fearon: the responder's possible costs of war and their probabilities.
    pub responder_types: Vec<(f64, f64)>,
    /// The section's default rationality λ for the logit QRE (the CLI's `--lambda` overrides).
    pub lambda: Option<f64>,
    /// How many units of issue utility one unit of crisis payoff is worth (see [`crate::link`]).
    pub payoff_scale: f64,
    /// The issues the crisis bears on (`None`: all).
    pub issues: Option<Vec<String>>,
    /// The `why` of each parameter that has one.
    pub why: BTreeMap<String, String>,
    /// Where failed talks leave the issues: `[crisis.outcomes.NAME]` and `bystander_cost`
    /// (see [`crate::breakdown`]).
    pub breakdown: crate::breakdown::BreakdownSpec,
    /// The analyst's own game (`game = "file.efg"`), read and mapped.
    pub user: Option<crate::user_game::UserGame>,
}

/// One draw of a spec's parameters: per parameter, its value(s).
pub type Draw = Vec<Vec<f64>>;

struct Ctx<'a> {
    scenario: &'a Scenario,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn err(&mut self, field: &str, message: String) {
        self.errors.push(
            self.scenario
                .origin
                .diagnostic(Severity::Error, field, message),
        );
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

fn range_text(kind: Kind) -> &'static str {
    match kind {
        Probability => "a probability in [0, 1]",
        Cost => "a cost ≥ 0",
        Payoff => "a payoff (any finite number)",
    }
}

fn in_range(kind: Kind, x: f64) -> bool {
    match kind {
        Probability => (0.0..=1.0).contains(&x),
        Cost => x >= 0.0,
        Payoff => x.is_finite(),
    }
}

impl CrisisSpec {
    /// The scenario's `[crisis]` section, validated (`Ok(None)` when it has none). Roles must
    /// name scenario actors; every key must be known; every number in range.
    pub fn from_scenario(scenario: &Scenario) -> Result<Option<CrisisSpec>, Diagnostics> {
        let Some(map) = &scenario.crisis else {
            return Ok(None);
        };
        let mut cx = Ctx {
            scenario,
            errors: vec![],
        };
        let spec = parse(&mut cx, map);
        match spec {
            Some(spec) if cx.errors.is_empty() => Ok(Some(spec)),
            _ => {
                if cx.errors.is_empty() {
                    cx.err("crisis", "the `[crisis]` section is invalid".into());
                }
                Err(Diagnostics(cx.errors))
            }
        }
    }

    /// The game as the section names it: a game of the library by its name, or the user's
    /// `.efg` file as written.
    pub fn game_name(&self) -> String {
        match &self.user {
            Some(u) => u.written.clone(),
            None => self.kind.name().to_string(),
        }
    }

    /// True when some parameter is uncertain (a Monte Carlo is then worth running).
    pub fn is_uncertain(&self) -> bool {
        self.params
            .iter()
            .any(|(_, vs)| vs.iter().any(|v| !v.is_fixed()))
    }

    /// The point estimates of every parameter.
    pub fn point(&self) -> Draw {
        self.params
            .iter()
            .map(|(_, vs)| vs.iter().map(Uncertain::point).collect())
            .collect()
    }

    /// One random draw, in the spec's parameter order; values outside a parameter's range are
    /// clipped to it. Returns the draw and how many values were clipped.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> (Draw, usize) {
        let mut clipped = 0;
        let draw = self
            .params
            .iter()
            .map(|(def, vs)| {
                vs.iter()
                    .map(|v| {
                        // Rounded to 1e-6, far below any analyst's precision, so that the
                        // game's exact rationals stay small (and a Monte Carlo fast).
                        let x = v.sample(rng);
                        // (Only where x·1e6 stays finite: numbers near f64's limits as drawn.)
                        let x = if x.abs() < 1e300 {
                            (x * 1e6).round() / 1e6
                        } else {
                            x
                        };
                        let y = match def.kind {
                            Probability => x.clamp(0.0, 1.0),
                            Cost => x.max(0.0),
                            Payoff => x,
                        };
                        // NaN is the "not given" sentinel of `airspace_share`, not a clip.
                        if y != x && !x.is_nan() {
                            clipped += 1;
                        }
                        y
                    })
                    .collect()
            })
            .collect();
        (draw, clipped)
    }

    pub(crate) fn value<'d>(&self, draw: &'d Draw, name: &str) -> &'d [f64] {
        let i = self
            .params
            .iter()
            .position(|(d, _)| d.name == name)
            .expect("the spec holds every parameter of its game");
        &draw[i]
    }

    /// The game for one draw of the parameters, with the actors' ids as player names.
    pub fn build(&self, draw: &Draw) -> Result<CrisisGame, CrisisError> {
        let one = |name: &str| self.value(draw, name)[0];
        let names: Vec<&str> = self.players.iter().map(String::as_str).collect();
        if let Some(user) = &self.user {
            return Ok(user.game.clone());
        }
        let game = match self.kind {
            GameKind::PatronAllyTargetTransit => {
                let share = self.value(draw, "airspace_share");
                let params = patron::PatronParams {
                    p_success: one("p_success"),
                    support_effect: one("support_effect"),
                    airspace_effect: one("airspace_effect"),
                    airspace_share: (!share.iter().any(|s| s.is_nan())).then(|| share.to_vec()),
                    patron_deal: one("patron_deal"),
                    patron_success: one("patron_success"),
                    patron_failure: one("patron_failure"),
                    cost_support: one("cost_support"),
                    patron_commitment: one("patron_commitment"),
                    ally_deal: one("ally_deal"),
                    ally_success: one("ally_success"),
                    ally_failure: one("ally_failure"),
                    cost_strike: one("cost_strike"),
                    ally_backdown: one("ally_backdown"),
                    target_concede: one("target_concede"),
                    target_success: one("target_success"),
                    target_failure: one("target_failure"),
                    transit_cost: self.value(draw, "transit_cost").to_vec(),
                    transit_gain_from_alliance: self
                        .value(draw, "transit_gain_from_alliance")
                        .to_vec(),
                    signal: self.signal,
                    signal_cost: one("signal_cost"),
                    signal_commitment: one("signal_commitment"),
                    signal_effect: one("signal_effect"),
                };
                patron::build(&params, &names)?
            }
            GameKind::Fearon => {
                let types = self
                    .responder_types
                    .iter()
                    .enumerate()
                    .map(|(k, &(cost, prob))| fearon::ResponderType {
                        label: format!("c{}", k + 1),
                        cost,
                        prob,
                    })
                    .collect();
                let params = fearon::FearonParams::screening(
                    one("p"),
                    one("cost_a"),
                    types,
                    one("offer_margin"),
                );
                fearon::build(&params, [names[0], names[1]])?
            }
            GameKind::InternationalInteraction => iig::build(
                &iig::IigParams {
                    p_a: one("p_a"),
                    alpha: one("alpha"),
                    tau: one("tau"),
                    status_quo: one("status_quo"),
                },
                [names[0], names[1]],
            )?,
            GameKind::ExtendedDeterrence => deterrence::build(
                &deterrence::DeterrenceParams {
                    u11: one("u11"),
                    u13: one("u13"),
                    u14: one("u14"),
                    u24: one("u24"),
                },
                [names[0], names[1]],
            )?,
            GameKind::UserEfg => unreachable!("a user's game is read, not built"),
        };
        Ok(game)
    }
}

fn parse(cx: &mut Ctx, map: &Map<String, Value>) -> Option<CrisisSpec> {
    // Which game.
    let mut user = None;
    let mut user_players = vec![];
    let kind = match map.get("game") {
        None => {
            cx.err(
                "crisis",
                format!(
                    "missing `game`: expected one of {}",
                    GameKind::ALL
                        .map(|k| format!("\"{}\"", k.name()))
                        .join(", ")
                ),
            );
            return None;
        }
        Some(Value::String(name)) if crate::user_game::names_a_file(name) => {
            let ids: Vec<&str> = cx.scenario.actors.iter().map(|a| a.id.as_str()).collect();
            let read = crate::user_game::read(name, &cx.scenario.origin.file, &ids, map);
            for (field, message) in read.errors {
                cx.err(&field, message);
            }
            cx.errors.extend(read.file_errors);
            user = read.game;
            user_players = read.players;
            GameKind::UserEfg
        }
        Some(Value::String(name)) => match GameKind::from_name(name) {
            Some(k) => k,
            None => {
                cx.err(
                    "crisis.game",
                    format!(
                        "unknown game \"{name}\": expected one of {}, or a Gambit game file \"FILE.efg\"{}",
                        GameKind::ALL
                            .map(|k| format!("\"{}\"", k.name()))
                            .join(", "),
                        brink_core::did_you_mean(name, GameKind::ALL.map(|k| k.name()))
                    ),
                );
                return None;
            }
        },
        Some(other) => {
            cx.err(
                "crisis.game",
                format!(
                    "expected the game's name (a string), found {}",
                    type_name(other)
                ),
            );
            return None;
        }
    };

    // Unknown keys.
    let mut known: Vec<&str> = COMMON_KEYS.to_vec();
    known.extend(kind.role_keys());
    known.extend(kind.params().iter().map(|d| d.name));
    known.extend(kind.extra_keys());
    for key in map.keys() {
        if !known.contains(&key.as_str()) {
            let field = format!("crisis.{key}");
            cx.err(
                &field,
                format!(
                    "unknown key `{key}` for game \"{}\": expected one of {}{}",
                    kind.name(),
                    known.join(", "),
                    brink_core::did_you_mean(key, known.iter().copied())
                ),
            );
        }
    }

    // Roles.
    let mut roles: Vec<String> = match &user {
        Some(u) => u.game.roles.clone(),
        None => vec![],
    };
    let mut players: Vec<String> = if user.is_some() { user_players } else { vec![] };
    for &role in kind.role_keys() {
        let field = format!("crisis.{role}");
        let list = role == "transit";
        let ids: Vec<String> = match map.get(role) {
            None => {
                cx.err(
                    "crisis",
                    format!(
                        "missing `{role}`: the id of the scenario actor who plays the {role}{}",
                        if list { " (or a list of ids)" } else { "" }
                    ),
                );
                continue;
            }
            Some(Value::String(id)) => vec![id.clone()],
            Some(Value::Array(items)) if list => {
                let mut ids = vec![];
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(id) => ids.push(id.clone()),
                        other => cx.err(
                            &format!("{field}[{i}]"),
                            format!(
                                "expected an actor id (a string), found {}",
                                type_name(other)
                            ),
                        ),
                    }
                }
                if ids.is_empty() {
                    cx.err(
                        &field,
                        "expected at least one transit state's actor id".into(),
                    );
                }
                if ids.len() > patron::MAX_TRANSITS {
                    cx.err(
                        &field,
                        format!(
                            "at most {} transit states (the tree doubles with each), found {}",
                            patron::MAX_TRANSITS,
                            ids.len()
                        ),
                    );
                }
                ids
            }
            Some(other) => {
                cx.err(
                    &field,
                    format!(
                        "expected an actor id (a string){}, found {}",
                        if list { " or a list of ids" } else { "" },
                        type_name(other)
                    ),
                );
                continue;
            }
        };
        for id in ids {
            if cx.scenario.actor_index(&id).is_none() {
                let known: Vec<&str> = cx.scenario.actors.iter().map(|a| a.id.as_str()).collect();
                cx.err(
                    &field,
                    format!(
                        "unknown actor id \"{id}\" for role `{role}`: the scenario's actors are {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            } else if let Some(k) = players.iter().position(|p| *p == id) {
                cx.err(
                    &field,
                    format!(
                        "actor \"{id}\" already plays the {}: each actor plays one role",
                        roles[k]
                    ),
                );
            }
            players.push(id);
            roles.push(role.to_string());
        }
    }
    let transits: Vec<String> = players
        .iter()
        .zip(&roles)
        .filter(|(_, r)| *r == "transit")
        .map(|(p, _)| p.clone())
        .collect();

    // Parameters.
    let mut why = BTreeMap::new();
    let mut params = vec![];
    for def in kind.params() {
        let field = format!("crisis.{}", def.name);
        let count = if def.per_transit {
            transits.len().max(1)
        } else {
            1
        };
        let default = Uncertain::Fixed(def.default);
        let values = match map.get(def.name) {
            None => vec![default; count],
            Some(Value::Object(table))
                if def.per_transit && is_per_state_table(table, &transits) =>
            {
                let mut values = vec![];
                for t in &transits {
                    match table.get(t) {
                        Some(v) => {
                            let f = format!("{field}.{t}");
                            values.push(number(cx, &f, v, def, &mut why).unwrap_or(default.clone()))
                        }
                        None if def.default.is_nan() => {
                            cx.err(&field, format!("missing a value for transit state \"{t}\": give one per transit state, or one number for all"));
                            values.push(default.clone());
                        }
                        None => values.push(default.clone()),
                    }
                }
                for key in table.keys() {
                    if !transits.contains(key) && key != "why" {
                        cx.err(
                            &format!("{field}.{key}"),
                            format!(
                                "\"{key}\" is not a transit state: expected one of {}",
                                transits.join(", ")
                            ),
                        );
                    }
                }
                values
            }
            Some(v) => {
                let u = number(cx, &field, v, def, &mut why).unwrap_or(default);
                vec![u; count]
            }
        };
        params.push((*def, values));
    }
    if kind == GameKind::PatronAllyTargetTransit {
        // Shares, when given, must add up to 1.
        let (_, shares) = params
            .iter()
            .find(|(d, _)| d.name == "airspace_share")
            .expect("patron game has airspace_share");
        if map.contains_key("airspace_share") {
            let total: f64 = shares.iter().map(Uncertain::point).sum();
            if (total - 1.0).abs() > 1e-9 {
                cx.err(
                    "crisis.airspace_share",
                    format!("the transit states' shares of `airspace_effect` must add up to 1, found {total}"),
                );
            }
        }
    }

    let signal = match map.get("signal") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            cx.err(
                "crisis.signal",
                format!(
                    "expected `true` (the patron may first send a costly signal) or `false`, found {}",
                    type_name(other)
                ),
            );
            false
        }
    };

    let responder_types = if kind == GameKind::Fearon {
        responder_types(cx, map)
    } else {
        vec![]
    };

    let lambda = match map.get("lambda") {
        None => None,
        Some(v) => match v.as_f64() {
            Some(l) if l.is_finite() && l >= 0.0 => Some(l),
            Some(l) => {
                cx.err(
                    "crisis.lambda",
                    format!("expected the rationality λ, a number ≥ 0, found {l}"),
                );
                None
            }
            None => {
                cx.err(
                    "crisis.lambda",
                    format!(
                        "expected the rationality λ, a number ≥ 0, found {}",
                        type_name(v)
                    ),
                );
                None
            }
        },
    };
    let payoff_scale = match map.get("payoff_scale") {
        None => 1.0,
        Some(v) => match v.as_f64() {
            Some(s) if s.is_finite() && s >= 0.0 => s,
            _ => {
                cx.err(
                    "crisis.payoff_scale",
                    format!("expected a number ≥ 0 (issue utility per unit of crisis payoff), found {v}"),
                );
                1.0
            }
        },
    };
    let issues = match map.get("issues") {
        None => None,
        Some(Value::Array(items)) => {
            let mut ids = vec![];
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(id) if cx.scenario.issue_index(id).is_some() => ids.push(id.to_string()),
                    Some(id) => {
                        let known: Vec<&str> =
                            cx.scenario.issues.iter().map(|i| i.id.as_str()).collect();
                        cx.err(
                            &format!("crisis.issues[{i}]"),
                            format!(
                                "unknown issue id \"{id}\": the scenario's issues are {}",
                                known.join(", ")
                            ),
                        )
                    }
                    None => cx.err(
                        &format!("crisis.issues[{i}]"),
                        format!("expected an issue id (a string), found {}", type_name(item)),
                    ),
                }
            }
            Some(ids)
        }
        Some(other) => {
            cx.err(
                "crisis.issues",
                format!("expected a list of issue ids, found {}", type_name(other)),
            );
            None
        }
    };
    if let Some(v) = map.get("why") {
        if !v.is_string() {
            cx.err(
                "crisis.why",
                format!("expected a string, found {}", type_name(v)),
            );
        }
    }
    let (breakdown, errs) = crate::breakdown::parse(cx.scenario, kind, &players, &roles, map);
    for (field, message) in errs {
        cx.err(&field, message);
    }
    Some(CrisisSpec {
        breakdown,
        kind,
        players,
        roles,
        params,
        signal,
        responder_types,
        lambda,
        payoff_scale,
        issues,
        why,
        user,
    })
}

/// A table whose keys are transit states' ids (rather than an uncertainty like `{ mean, sd }`).
fn is_per_state_table(table: &Map<String, Value>, transits: &[String]) -> bool {
    !table.keys().any(|k| UNCERTAINTY_KEYS.contains(&k.as_str()))
        && table
            .keys()
            .any(|k| transits.contains(k) || k.chars().any(|c| c.is_ascii_uppercase()))
}

const UNCERTAINTY_KEYS: &[&str] = &["value", "mean", "sd", "min", "max", "values", "weights"];

/// A number or an uncertain number, read by core's one number parser
/// ([`brink_core::number::parse_written`]: `{ value }`, `{ mean, sd }`, `{ min, max }`,
/// `{ values, weights }`, each with an optional `why`), checked against the parameter's range.
fn number(
    cx: &mut Ctx,
    field: &str,
    v: &Value,
    def: &ParamDef,
    why: &mut BTreeMap<String, String>,
) -> Option<Uncertain> {
    let u = match parse_written(v) {
        Ok(written) => {
            if let Some(w) = written.why {
                why.insert(field.trim_start_matches("crisis.").to_string(), w);
            }
            written.number
        }
        Err(e) => {
            let message = match (&e.key, v) {
                // A bare value of the wrong type: say which parameter wanted what.
                (None, v) if !v.is_object() => format!(
                    "expected {} for `{}`: {}",
                    range_text(def.kind),
                    def.name,
                    e.message.trim_start_matches("expected ")
                ),
                _ => e.message,
            };
            let field = match e.key {
                Some(key) => format!("{field}.{key}"),
                None => field.to_string(),
            };
            cx.err(&field, message);
            return None;
        }
    };
    if let Some(problem) = u.problem() {
        cx.err(field, format!("malformed uncertain number: {problem}"));
        return None;
    }
    // The range: every value a uniform or discrete draw can take, or a normal's mean.
    let (lo, hi) = match &u {
        Uncertain::Normal { mean, .. } => (*mean, *mean),
        other => other.support(),
    };
    if !in_range(def.kind, lo) || !in_range(def.kind, hi) {
        let found = if lo == hi {
            format!("{lo}")
        } else {
            format!("values from {lo} to {hi}")
        };
        let what = if matches!(u, Uncertain::Normal { .. }) {
            " (the normal's mean)"
        } else {
            ""
        };
        cx.err(
            field,
            format!(
                "`{}` must be {}{what}, found {found} — {}",
                def.name,
                range_text(def.kind),
                def.help
            ),
        );
        return None;
    }
    Some(u)
}

/// Fearon's responder types: `responder_costs = [..]` and optional `responder_probs = [..]`
/// (default: equally likely). Defaults: the reference tree's {0.05, 0.3}.
fn responder_types(cx: &mut Ctx, map: &Map<String, Value>) -> Vec<(f64, f64)> {
    let list = |cx: &mut Ctx, key: &str| -> Option<Vec<f64>> {
        let field = format!("crisis.{key}");
        match map.get(key)? {
            Value::Array(items) if !items.is_empty() => {
                let xs: Option<Vec<f64>> = items.iter().map(Value::as_f64).collect();
                if xs.is_none() {
                    cx.err(&field, "expected a list of numbers".into());
                }
                xs
            }
            other => {
                cx.err(
                    &field,
                    format!(
                        "expected a non-empty list of numbers, found {}",
                        type_name(other)
                    ),
                );
                None
            }
        }
    };
    let costs = list(cx, "responder_costs").unwrap_or_else(|| vec![0.05, 0.3]);
    // The tree has types × offers × 2 leaves (one screening offer per type).
    const MAX_TYPES: usize = 200;
    if costs.len() > MAX_TYPES {
        cx.err(
            "crisis.responder_costs",
            format!(
                "at most {MAX_TYPES} responder types (the tree grows with their square), found {}",
                costs.len()
            ),
        );
        return vec![];
    }
    if costs.iter().any(|c| !(c.is_finite() && *c >= 0.0)) {
        cx.err(
            "crisis.responder_costs",
            "every cost of war must be a number ≥ 0".into(),
        );
    }
    let probs = match list(cx, "responder_probs") {
        Some(p) => {
            if p.len() != costs.len() {
                cx.err(
                    "crisis.responder_probs",
                    format!(
                        "expected one probability per cost: {} costs, {} probabilities",
                        costs.len(),
                        p.len()
                    ),
                );
            } else if p.iter().any(|x| !(0.0..=1.0).contains(x)) {
                cx.err(
                    "crisis.responder_probs",
                    "probabilities must lie in [0, 1]".into(),
                );
            } else if (p.iter().sum::<f64>() - 1.0).abs() > 1e-9 {
                cx.err(
                    "crisis.responder_probs",
                    format!(
                        "the probabilities must add up to 1, found {}",
                        p.iter().sum::<f64>()
                    ),
                );
            }
            p
        }
        None => vec![1.0 / costs.len() as f64; costs.len()],
    };
    costs.into_iter().zip(probs).collect()
}
