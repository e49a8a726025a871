//! Where failed talks leave each issue: the crisis game's outcomes as points on the issues, the
//! breakdown lottery over them, and every actor's cost of a crisis it does not play in.
//!
//! - Each terminal of the crisis game is mapped to a point on every issue (documented defaults
//!   per game, [`default_mix`]; the analyst overrides them per outcome class and issue with
//!   `[crisis.outcomes.NAME] ISSUE = x | "status_quo" | "ROLE"`).
//! - [`lottery`] reads a solution of the game: `q = P(no deal)`, the probability that play
//!   reaches a node where the talks have failed, and `P(t | no deal)` for each terminal below
//!   those nodes (weighted as the failure payoffs are, see [`crate::analysis::failure_payoffs`]).
//! - `bystander_cost` (a number, or a table by actor id with an optional `default`): the cost,
//!   in crisis-payoff units, that a violent breakdown imposes on an actor outside the game
//!   (default [`DEFAULT_BYSTANDER_COST`]). Nobody outside the game is assumed indifferent to war.

use crate::crisis_game::CrisisGame;
use crate::section::{CrisisSpec, Draw, GameKind};
use brink_core::Scenario;
use brink_games::BackwardSolution as Solution;
use brink_games::{Mover, NodeId};
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// The default cost of a violent breakdown to an actor outside the crisis game, in crisis-payoff
/// units (a clean success for the side that strikes is worth 1): a tenth. Wars impose real
/// costs on third parties (trade with belligerents collapses: Glick & Taylor 2010, *Collateral
/// Damage*, REStat 92:1); a tenth of the players' stakes is a deliberately modest default.
pub const DEFAULT_BYSTANDER_COST: f64 = 0.1;

/// A point an outcome takes on an issue, before the issue is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Anchor {
    /// The issue's status quo.
    StatusQuo,
    /// The position of the actor playing this player of the game (its status quo when the
    /// actor holds no position on the issue).
    Player(usize),
    /// A number on the issue's scale (only from an analyst's override).
    Value(f64),
}

/// A lottery over anchors (weights sum to 1): e.g. Fearon's war, `p` at one side's position and
/// `1 − p` at the other's.
pub type Mix = Vec<(f64, Anchor)>;

/// The analyst's `[crisis]` entries for the breakdown (beyond the game's own parameters).
#[derive(Clone, Debug, PartialEq)]
pub struct BreakdownSpec {
    /// `[crisis.outcomes.CLASS] ISSUE = …`: class → issue id → anchor.
    pub overrides: IndexMap<String, IndexMap<String, Anchor>>,
    /// Explicit costs by actor id (actors outside the game only).
    pub bystander_cost: IndexMap<String, f64>,
    /// The cost of every other actor outside the game.
    pub default_bystander_cost: f64,
}

impl Default for BreakdownSpec {
    fn default() -> Self {
        BreakdownSpec {
            overrides: IndexMap::new(),
            bystander_cost: IndexMap::new(),
            default_bystander_cost: DEFAULT_BYSTANDER_COST,
        }
    }
}

/// The outcome classes in which force is used (a bystander's cost applies with their probability).
pub fn violent(kind: GameKind, class: &str) -> bool {
    match kind {
        GameKind::PatronAllyTargetTransit | GameKind::UserEfg => {
            class == "strike" || class == "war"
        }
        _ => class == "war",
    }
}

/// The default point of a terminal (its outcome class and label) on the issues the crisis bears
/// on. Patron: a strike that succeeds imposes the ally's position; a standoff and a failed strike
/// (`war`: the programme stands) leave the status quo. Fearon: war is the lottery `p` at the
/// proposer's position, `1 − p` at the responder's (Fearon 1995). International interaction
/// (Bueno de Mesquita & Lalman 1992): war and negotiation split as the game's payoffs do
/// (`p_a` at A's position), a capitulation or acquiescence gives the other side its position.
/// Extended deterrence: capitulation gives the challenger its position; war, for which the game
/// has no probability of victory, is an even lottery between the two.
pub fn default_mix(spec: &CrisisSpec, draw: &Draw, class: &str, label: &str) -> Mix {
    let p0 = |p: f64| vec![(p, Anchor::Player(0)), (1.0 - p, Anchor::Player(1))];
    match spec.kind {
        GameKind::PatronAllyTargetTransit if class == "strike" => vec![(1.0, Anchor::Player(1))],
        GameKind::Fearon if class == "war" => p0(spec.value(draw, "p")[0]),
        GameKind::InternationalInteraction => {
            let p = spec.value(draw, "p_a")[0];
            if label.starts_with("WAR") || label.starts_with("NEG") {
                p0(p)
            } else if label.starts_with("CAP_B") || label.starts_with("ACQ_B") {
                vec![(1.0, Anchor::Player(0))]
            } else if label.starts_with("CAP_A") || label.starts_with("ACQ_A") {
                vec![(1.0, Anchor::Player(1))]
            } else {
                vec![(1.0, Anchor::StatusQuo)]
            }
        }
        GameKind::ExtendedDeterrence if class == "capitulation" => vec![(1.0, Anchor::Player(0))],
        GameKind::ExtendedDeterrence if class == "war" => p0(0.5),
        _ => vec![(1.0, Anchor::StatusQuo)],
    }
}

/// The breakdown lottery of one solution.
#[derive(Clone, Debug, PartialEq)]
pub struct Lottery {
    /// P(no deal): the probability that play reaches a node where the talks have failed.
    pub q: f64,
    /// Each terminal below those nodes with `P(terminal | no deal)` (summing to 1).
    pub terminals: Vec<(NodeId, f64)>,
}

/// The breakdown lottery of `sol` on `cg`.
pub fn lottery(cg: &CrisisGame, sol: &Solution) -> Lottery {
    let g = &cg.game;
    let q: f64 = cg.failure_nodes.iter().map(|&f| sol.reach_of(f)).sum();
    // Weights of the failure nodes: as in the failure payoffs (the reach of the decision that
    // could end the talks there), equal when none is reached.
    let mut w: Vec<f64> = cg
        .failure_nodes
        .iter()
        .map(|&f| g.node(f).parent.map_or(1.0, |(p, _)| sol.reach_of(p)))
        .collect();
    let total: f64 = w.iter().sum();
    if total > 0.0 {
        w.iter_mut().for_each(|x| *x /= total);
    } else {
        let k = w.len().max(1) as f64;
        w.iter_mut().for_each(|x| *x = 1.0 / k);
    }
    let mut terminals: IndexMap<NodeId, f64> = IndexMap::new();
    for (&f, &wf) in cg.failure_nodes.iter().zip(&w) {
        // Depth-first below f with the behaviour's probabilities (play conditional on f).
        let mut stack = vec![(f, wf)];
        while let Some((node, p)) = stack.pop() {
            let n = g.node(node);
            if n.children.is_empty() {
                *terminals.entry(node).or_default() += p;
                continue;
            }
            let Some(set) = n.infoset else { continue };
            for (a, &child) in n.children.iter().enumerate() {
                let pa = sol.probs(set)[a];
                if pa > 0.0 {
                    stack.push((child, p * pa));
                }
            }
        }
    }
    Lottery {
        q: q.clamp(0.0, 1.0),
        terminals: terminals.into_iter().collect(),
    }
}

/// P(class | no deal) for each class of the game.
pub fn class_odds(cg: &CrisisGame, lot: &Lottery) -> Vec<f64> {
    let mut odds = vec![0.0; cg.classes.len()];
    for &(t, p) in &lot.terminals {
        if let Some(c) = cg.terminal_class[t.index()] {
            odds[c] += p;
        }
    }
    odds
}

/// Each issue's breakdown lottery as `(probability, point)` pairs: the terminals below the
/// failure nodes, each at its (overridden or default) point.
pub fn issue_lotteries(
    scenario: &Scenario,
    spec: &CrisisSpec,
    draw: &Draw,
    cg: &CrisisGame,
    lot: &Lottery,
) -> Vec<Vec<(f64, f64)>> {
    scenario
        .issues
        .iter()
        .map(|issue| {
            let sq = issue
                .status_quo
                .as_ref()
                .map(|s| s.point())
                .unwrap_or(0.5 * (issue.scale[0] + issue.scale[1]));
            let bears = spec
                .issues
                .as_ref()
                .is_none_or(|ids| ids.contains(&issue.id));
            let position = |player: usize| -> f64 {
                spec.players
                    .get(player)
                    .and_then(|actor| {
                        scenario
                            .positions
                            .iter()
                            .find(|p| &p.actor == actor && p.issue == issue.id)
                    })
                    .map_or(sq, |p| p.at.point())
            };
            let resolve = |mix: &Mix| -> f64 {
                mix.iter()
                    .map(|(w, a)| {
                        w * match a {
                            Anchor::StatusQuo => sq,
                            Anchor::Player(p) => position(*p),
                            Anchor::Value(x) => *x,
                        }
                    })
                    .sum()
            };
            lot.terminals
                .iter()
                .map(|&(t, p)| {
                    let class = cg.terminal_class[t.index()].map_or("", |c| cg.classes[c]);
                    let point = match spec
                        .breakdown
                        .overrides
                        .get(class)
                        .and_then(|m| m.get(&issue.id))
                    {
                        Some(a) => resolve(&vec![(1.0, a.clone())]),
                        None if bears => {
                            let label = cg
                                .game
                                .node(t)
                                .outcome
                                .map_or(String::new(), |o| cg.game.outcome(o).label.clone());
                            resolve(&default_mix(spec, draw, class, &label))
                        }
                        None => sq,
                    };
                    (p, point)
                })
                .collect()
        })
        .collect()
}

/// P(a violent outcome | no deal).
pub fn violence(spec: &CrisisSpec, cg: &CrisisGame, lot: &Lottery) -> f64 {
    class_odds(cg, lot)
        .iter()
        .zip(&cg.classes)
        .filter(|(_, c)| violent(spec.kind, c))
        .map(|(p, _)| p)
        .sum()
}

/// Whether a node is a chance node (for path rendering).
pub fn is_chance(cg: &CrisisGame, node: NodeId) -> bool {
    cg.game
        .node(node)
        .infoset
        .is_some_and(|s| cg.game.infoset(s).mover == Mover::Chance)
}

/// Parses the breakdown keys of a `[crisis]` section: `outcomes` and `bystander_cost`. Errors
/// are `(field, message)` pairs for the section's located diagnostics.
pub fn parse(
    scenario: &Scenario,
    kind: GameKind,
    players: &[String],
    roles: &[String],
    map: &Map<String, Value>,
) -> (BreakdownSpec, Vec<(String, String)>) {
    let mut errs = vec![];
    let mut spec = BreakdownSpec::default();
    if let Some(v) = map.get("outcomes") {
        match v {
            Value::Object(classes) => {
                for (class, entries) in classes {
                    let field = format!("crisis.outcomes.{class}");
                    if !kind.classes().contains(&class.as_str()) {
                        errs.push((
                            field,
                            format!(
                                "unknown outcome \"{class}\" of game \"{}\": expected one of {}",
                                kind.name(),
                                kind.classes().join(", ")
                            ),
                        ));
                        continue;
                    }
                    let Value::Object(entries) = entries else {
                        errs.push((field, format!("expected a table `ISSUE = point` (a number on the issue's scale, \"status_quo\" or a role), found {entries}")));
                        continue;
                    };
                    let mut points = IndexMap::new();
                    for (issue_id, v) in entries {
                        if issue_id == "why" {
                            continue;
                        }
                        let field = format!("crisis.outcomes.{class}.{issue_id}");
                        let Some(issue) = scenario.issues.iter().find(|i| &i.id == issue_id) else {
                            let known: Vec<&str> =
                                scenario.issues.iter().map(|i| i.id.as_str()).collect();
                            errs.push((
                                field,
                                format!(
                                    "unknown issue \"{issue_id}\": the scenario's issues are {}",
                                    known.join(", ")
                                ),
                            ));
                            continue;
                        };
                        let [lo, hi] = issue.scale;
                        match v {
                            Value::Number(n) => match n.as_f64() {
                                Some(x) if x.is_finite() && x >= lo && x <= hi => {
                                    points.insert(issue_id.clone(), Anchor::Value(x));
                                }
                                _ => errs.push((
                                    field,
                                    format!("expected a point on the issue's scale [{lo}, {hi}], found {n}"),
                                )),
                            },
                            Value::String(s) if s == "status_quo" => {
                                points.insert(issue_id.clone(), Anchor::StatusQuo);
                            }
                            Value::String(s) => match roles.iter().position(|r| r == s) {
                                Some(p) if s != "transit" => {
                                    points.insert(issue_id.clone(), Anchor::Player(p));
                                }
                                _ => errs.push((
                                    field,
                                    format!(
                                        "expected a number, \"status_quo\" or a role of this game ({}), found \"{s}\"",
                                        kind.role_keys()
                                            .iter()
                                            .filter(|r| **r != "transit")
                                            .copied()
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    ),
                                )),
                            },
                            other => errs.push((
                                field,
                                format!("expected a number, \"status_quo\" or a role, found {other}"),
                            )),
                        }
                    }
                    spec.overrides.insert(class.clone(), points);
                }
            }
            other => errs.push((
                "crisis.outcomes".into(),
                format!(
                    "expected tables `[crisis.outcomes.NAME]` (NAME one of {}), found {other}",
                    kind.classes().join(", ")
                ),
            )),
        }
    }
    let cost = |field: &str, v: &Value, errs: &mut Vec<(String, String)>| -> Option<f64> {
        match v.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Some(x),
            _ => {
                errs.push((
                    field.to_string(),
                    format!("expected a cost ≥ 0 (crisis-payoff units), found {v}"),
                ));
                None
            }
        }
    };
    match map.get("bystander_cost") {
        None => {}
        Some(Value::Object(table)) => {
            for (id, v) in table {
                let field = format!("crisis.bystander_cost.{id}");
                if id == "why" {
                    continue;
                }
                if id == "default" {
                    if let Some(x) = cost(&field, v, &mut errs) {
                        spec.default_bystander_cost = x;
                    }
                } else if scenario.actor_index(id).is_none() {
                    errs.push((
                        field,
                        format!("unknown actor id \"{id}\" (or `default`, the cost of every other actor outside the game)"),
                    ));
                } else if let Some(k) = players.iter().position(|p| p == id) {
                    errs.push((
                        field,
                        format!(
                            "\"{id}\" plays the {} in the game: its cost of the crisis is in the game's payoffs",
                            roles[k]
                        ),
                    ));
                } else if let Some(x) = cost(&field, v, &mut errs) {
                    spec.bystander_cost.insert(id.clone(), x);
                }
            }
        }
        Some(v) => {
            if let Some(x) = cost("crisis.bystander_cost", v, &mut errs) {
                spec.default_bystander_cost = x;
            }
        }
    }
    (spec, errs)
}
