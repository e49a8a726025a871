//! A crisis game of the analyst's own: `[crisis] game = "file.efg"` names a Gambit extensive-form
//! game (path relative to the scenario file), `players = { PLAYER = "ACTOR" }` maps each of its
//! players to a scenario actor and `terminals = { OUTCOME = "CLASS" }` maps each terminal (by its
//! outcome's name, or else its node's name) to an outcome class ([`USER_CLASSES`]: deal, war, …).
//! Every problem is located at its `crisis.KEY` (or, inside the game file, at its own
//! `file:line:col`). The game is then solved like the library's games.
//!
//! Talks have failed at the highest nodes below which no terminal is a deal (so
//! `P(no deal) = Σ reach` of those nodes); with no deal terminal at all, at the root. The game's
//! payoffs are read as changes from the status quo (like the patron game's): a player's
//! expected payoff should talks fail enters its breakdown utility as it stands.

use crate::crisis_game::CrisisGame;
use brink_core::{did_you_mean, Diagnostic};
use brink_games::{ExtensiveGame, NodeId};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The outcome classes a user's terminal may be mapped to (every class of the library's games).
pub const USER_CLASSES: &[&str] = &[
    "deal",
    "standoff",
    "strike",
    "war",
    "status_quo",
    "capitulation",
    "acquiescence",
    "negotiation",
];

/// A user's game, read and mapped.
#[derive(Clone, Debug)]
pub struct UserGame {
    /// The path as the section writes it.
    pub written: String,
    /// Where it was read from.
    pub path: PathBuf,
    pub game: CrisisGame,
}

impl PartialEq for UserGame {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.game.terminal_class == other.game.terminal_class
    }
}

/// Whether a `game = "…"` names a file rather than a game of the library.
pub fn names_a_file(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".efg")
}

/// What reading the user's game gives: the game (when every key is right), the actors playing
/// its players in player order, and the errors — `(field, message)` pairs for the section, and
/// diagnostics located in the game file.
pub struct Read {
    pub game: Option<UserGame>,
    pub players: Vec<String>,
    pub errors: Vec<(String, String)>,
    pub file_errors: Vec<Diagnostic>,
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

/// Reads `written` (relative to the scenario file `scenario_file`) and maps it with the section's
/// `players` and `terminals`.
pub fn read(
    written: &str,
    scenario_file: &str,
    actor_ids: &[&str],
    map: &Map<String, Value>,
) -> Read {
    let mut out = Read {
        game: None,
        players: vec![],
        errors: vec![],
        file_errors: vec![],
    };
    let base = if scenario_file == "-" {
        None
    } else {
        Path::new(scenario_file).parent()
    };
    let path = match base {
        Some(dir) if Path::new(written).is_relative() => dir.join(written),
        _ => PathBuf::from(written),
    };
    let shown = path.display().to_string();
    let game = match std::fs::read(&path) {
        Err(e) => {
            out.errors.push((
                "crisis.game".into(),
                format!("cannot read the game file `{shown}` (relative to the scenario file): {e}"),
            ));
            None
        }
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            match brink_games::read_efg(&shown, &text) {
                Ok(g) => Some(g),
                Err(d) => {
                    out.file_errors.push(d);
                    None
                }
            }
        }
    };
    let Some(game) = game else { return out };

    // Players → actors.
    let names = game.players().to_vec();
    let mut players = vec![String::new(); names.len()];
    match map.get("players") {
        None => out.errors.push((
            "crisis".into(),
            format!(
                "missing `players`: a table mapping each player of the game to a scenario actor, e.g. players = {{ {} }}",
                names
                    .iter()
                    .zip(actor_ids.iter().chain(std::iter::repeat(&"ACTOR")))
                    .map(|(p, a)| format!("{} = \"{a}\"", bare(p)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        Some(Value::Object(table)) => {
            for (player, actor) in table {
                let field = format!("crisis.players.{player}");
                let Some(k) = names.iter().position(|n| n == player) else {
                    out.errors.push((
                        field,
                        format!(
                            "the game has no player \"{player}\": its players are {}{}",
                            quoted(&names),
                            did_you_mean(player, names.iter().map(String::as_str))
                        ),
                    ));
                    continue;
                };
                let Value::String(actor) = actor else {
                    out.errors.push((
                        field,
                        format!("expected an actor id (a string), found {}", type_name(actor)),
                    ));
                    continue;
                };
                if !actor_ids.contains(&actor.as_str()) {
                    out.errors.push((
                        field,
                        format!(
                            "unknown actor id \"{actor}\": the scenario's actors are {}{}",
                            actor_ids.join(", "),
                            did_you_mean(actor, actor_ids.iter().copied())
                        ),
                    ));
                    continue;
                }
                if let Some(other) = players.iter().position(|p| p == actor) {
                    out.errors.push((
                        field,
                        format!(
                            "actor \"{actor}\" already plays \"{}\": each actor plays one player",
                            names[other]
                        ),
                    ));
                    continue;
                }
                players[k] = actor.clone();
            }
            for (k, name) in names.iter().enumerate() {
                if players[k].is_empty() && !table.contains_key(name) {
                    out.errors.push((
                        "crisis.players".into(),
                        format!("player \"{name}\" of the game plays no actor: add `{} = \"ACTOR\"`", bare(name)),
                    ));
                }
            }
        }
        Some(other) => out.errors.push((
            "crisis.players".into(),
            format!(
                "expected a table mapping each player of the game to an actor id, found {}",
                type_name(other)
            ),
        )),
    }

    // Terminals → classes, by outcome name or else node name.
    let terminals: Vec<usize> = (0..game.nodes().len())
        .filter(|&n| game.is_terminal(NodeId::new(n)))
        .collect();
    let label = |n: usize| -> (Option<String>, String) {
        let node = game.node(NodeId::new(n));
        let outcome = node
            .outcome
            .map(|o| game.outcome(o).label.clone())
            .filter(|l| !l.is_empty());
        (outcome, node.name.clone())
    };
    let mut names_seen: Vec<String> = vec![];
    for &t in &terminals {
        let (o, n) = label(t);
        names_seen.extend(o);
        if !n.is_empty() {
            names_seen.push(n);
        }
    }
    let mut class_of: Vec<(String, &'static str)> = vec![];
    match map.get("terminals") {
        None => out.errors.push((
            "crisis".into(),
            format!(
                "missing `terminals`: a table mapping each terminal's outcome (or node) name to an outcome class ({}), e.g. terminals = {{ {} }}",
                USER_CLASSES.join(", "),
                dedup(&names_seen)
                    .iter()
                    .take(4)
                    .map(|n| format!("{} = \"deal\"", bare(n)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
        Some(Value::Object(table)) => {
            for (name, class) in table {
                let field = format!("crisis.terminals.{name}");
                if !names_seen.contains(name) {
                    out.errors.push((
                        field.clone(),
                        format!(
                            "no terminal of the game has the outcome or node name \"{name}\": its terminals are named {}{}",
                            quoted(&dedup(&names_seen)),
                            did_you_mean(name, names_seen.iter().map(String::as_str))
                        ),
                    ));
                }
                match class.as_str() {
                    Some(c) => match USER_CLASSES.iter().find(|k| **k == c) {
                        Some(k) => class_of.push((name.clone(), k)),
                        None => out.errors.push((
                            field,
                            format!(
                                "unknown outcome class \"{c}\": expected one of {}{}",
                                USER_CLASSES.join(", "),
                                did_you_mean(c, USER_CLASSES.iter().copied())
                            ),
                        )),
                    },
                    None => out.errors.push((
                        field,
                        format!(
                            "expected an outcome class (a string: {}), found {}",
                            USER_CLASSES.join(", "),
                            type_name(class)
                        ),
                    )),
                }
            }
        }
        Some(other) => out.errors.push((
            "crisis.terminals".into(),
            format!(
                "expected a table mapping outcome names to outcome classes, found {}",
                type_name(other)
            ),
        )),
    }
    let find = |s: &str| class_of.iter().find(|(n, _)| n == s).map(|(_, c)| *c);
    let mut terminal_class: Vec<Option<&'static str>> = vec![None; game.nodes().len()];
    let mut unmapped = vec![];
    for &t in &terminals {
        let (o, n) = label(t);
        let c = o.as_deref().and_then(find).or_else(|| find(&n));
        match c {
            Some(c) => terminal_class[t] = Some(c),
            None => unmapped.push(match (o, n.is_empty()) {
                (Some(o), _) => format!("\"{o}\""),
                (None, false) => format!("\"{n}\""),
                (None, true) => format!("node {t} (unnamed, with no named outcome)"),
            }),
        }
    }
    if map.get("terminals").is_some_and(Value::is_object) && !unmapped.is_empty() {
        unmapped.dedup();
        out.errors.push((
            "crisis.terminals".into(),
            format!(
                "every terminal needs an outcome class; none given for {}",
                unmapped.join(", ")
            ),
        ));
    }
    if let Err(e) = brink_games::backward_induction(&game, brink_games::Rule::Best) {
        out.errors.push((
            "crisis.game".into(),
            format!("`{shown}` cannot be solved as a crisis game: {e}"),
        ));
    }
    out.players = players;
    if out.errors.is_empty() {
        out.game = Some(UserGame {
            written: written.to_string(),
            path,
            game: crisis_game(game, &names, &terminal_class),
        });
    }
    out
}

fn crisis_game(
    game: ExtensiveGame,
    roles: &[String],
    terminal_class: &[Option<&'static str>],
) -> CrisisGame {
    let classes: Vec<&'static str> = USER_CLASSES
        .iter()
        .copied()
        .filter(|c| terminal_class.contains(&Some(*c)))
        .collect();
    let index: Vec<Option<usize>> = terminal_class
        .iter()
        .map(|c| c.and_then(|c| classes.iter().position(|k| *k == c)))
        .collect();
    // Whether a deal can still be reached below each node (children after parents or not: a
    // fixed point over the tree, leaves first).
    let n = game.nodes().len();
    let mut order = vec![0usize];
    let mut i = 0;
    while i < order.len() {
        order.extend(
            game.node(NodeId::new(order[i]))
                .children
                .iter()
                .map(|c| c.index()),
        );
        i += 1;
    }
    let mut deal_below = vec![false; n];
    for &node in order.iter().rev() {
        let id = NodeId::new(node);
        deal_below[node] = if game.is_terminal(id) {
            terminal_class[node] == Some("deal")
        } else {
            game.node(id).children.iter().any(|c| deal_below[c.index()])
        };
    }
    let failure_nodes = order
        .iter()
        .copied()
        .filter(|&node| {
            !deal_below[node]
                && game
                    .node(NodeId::new(node))
                    .parent
                    .is_none_or(|(p, _)| deal_below[p.index()])
        })
        .map(NodeId::new)
        .collect();
    CrisisGame {
        game,
        roles: roles.to_vec(),
        classes,
        terminal_class: index,
        failure_nodes,
    }
}

fn bare(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dedup(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for n in names {
        if !out.contains(n) {
            out.push(n.clone());
        }
    }
    out
}
