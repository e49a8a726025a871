//! Printing solutions: Gambit's `NE,…` lines, brink's JSON (cli.md's contract, with the
//! equilibrium path through a tree), and a human summary of a game (`brink game info`).

use crate::equilibrium::{Equilibrium, Form};
use crate::model::{ExtensiveGame, Mover};
use crate::num::{fmt_float, fmt_rational};
use crate::profile::infoset_positions;
use crate::profiles::{BehaviorProfile, Profile};
use crate::reduce::reduced_strategic_form;
use crate::solve::Method;
use crate::AnyGame;
use serde_json::{json, Value};
use std::fmt::Write;

/// One `NE,…` line per equilibrium, exactly as Gambit's tools print them: rationals `n/d` when
/// the profile is exact, fixed decimals otherwise. A QRE at a given λ prints as Gambit's logit
/// does (`λ,…`).
pub fn gambit_lines(eqs: &[Equilibrium], decimals: usize) -> String {
    let mut out = String::new();
    for e in eqs {
        let head = match e.lambda {
            Some(l) => fmt_float(l, decimals),
            None => "NE".to_string(),
        };
        let probs: Vec<String> = match &e.exact {
            Some(ex) => ex.iter().flatten().map(fmt_rational).collect(),
            None => e
                .profile
                .iter()
                .flatten()
                .map(|&x| fmt_float(x, decimals))
                .collect(),
        };
        let _ = writeln!(out, "{head},{}", probs.join(","));
    }
    out
}

/// The behaviour profile of an equilibrium on a tree (strategic-form ones via Kuhn's map).
fn behavior_of<'a>(
    tree: &ExtensiveGame,
    e: &'a Equilibrium,
) -> Option<std::borrow::Cow<'a, BehaviorProfile<f64>>> {
    match &e.profile {
        Profile::Behavior(b) => Some(std::borrow::Cow::Borrowed(b)),
        Profile::Mixed(m) => {
            let reduced = reduced_strategic_form(tree).ok()?;
            Some(std::borrow::Cow::Owned(m.to_behavior(tree, &reduced)))
        }
    }
}

/// Every player decision reached with positive probability, in node order, one entry per
/// action played there with positive probability.
pub fn equilibrium_path(tree: &ExtensiveGame, beh: &BehaviorProfile<f64>) -> Vec<Value> {
    let pos = infoset_positions(tree);
    let n = tree.nodes().len();
    let mut reach = vec![0.0; n];
    reach[0] = 1.0;
    let mut path = vec![];
    for v in 0..n {
        let nd = &tree.nodes()[v];
        let Some(i) = nd.infoset else { continue };
        let set = tree.infoset(i);
        for (a, &c) in nd.children.iter().enumerate() {
            let p = match pos[i.index()] {
                Some((pl, k)) => beh[(pl, k, a)],
                None => crate::num::to_f64(&set.probs[a]),
            };
            reach[c.index()] = reach[v] * p;
            if let (Mover::Player(pl), true) = (
                set.mover,
                reach[v] > crate::tolerance::POSITIVE_PROB && p > crate::tolerance::POSITIVE_PROB,
            ) {
                path.push(json!({
                    "player": tree.players()[pl],
                    "infoset": set.label,
                    "action": set.actions[a],
                    "probability": p,
                    "reach": reach[v],
                }));
            }
        }
    }
    path
}

/// The JSON document of `brink game solve --format json`.
pub fn solution_json(game: &AnyGame, method: Method, eqs: &[Equilibrium]) -> Value {
    let list: Vec<Value> = eqs
        .iter()
        .map(|e| {
            let mut v = json!({
                "form": match e.form() { Form::Strategic => "strategic", Form::Behavior => "behavior" },
                "profile": e.profile,
                "payoffs": e.payoffs,
                "max_regret": e.max_regret,
            });
            if let Some(ex) = &e.exact {
                v["exact"] = json!(ex.iter().map(|p| p.iter().map(fmt_rational).collect::<Vec<_>>()).collect::<Vec<_>>());
            }
            if let Some(l) = e.lambda {
                v["lambda"] = json!(l);
            }
            if !e.notes.is_empty() {
                v["notes"] = json!(e.notes);
            }
            if let AnyGame::Extensive(tree) = game {
                if let Some(beh) = behavior_of(tree, e) {
                    v["path"] = Value::Array(equilibrium_path(tree, &beh));
                }
            }
            v
        })
        .collect();
    json!({ "game": game.title(), "players": game.players(), "method": method.name(), "equilibria": list })
}

/// A human summary of a game: players, strategies or information sets, sizes.
pub fn info_text(game: &AnyGame) -> String {
    let mut out = String::new();
    match game {
        AnyGame::Strategic(g) => {
            let _ = writeln!(out, "strategic game: {}", g.title);
            let _ = writeln!(out, "players: {}", g.num_players());
            for (p, s) in g.strategies().iter().enumerate() {
                let mut line = format!("  {} — {} strategies:", g.players()[p], s.len());
                // Long lists wrap at 80 columns.
                for (k, label) in s.iter().enumerate() {
                    let sep = if k + 1 < s.len() { "," } else { "" };
                    if line.chars().count() + label.chars().count() + 2 > 80 {
                        let _ = writeln!(out, "{line}");
                        line = "   ".to_string();
                    }
                    let _ = write!(line, " {label}{sep}");
                }
                let _ = writeln!(out, "{line}");
            }
            let _ = writeln!(out, "profiles: {}", g.num_profiles());
        }
        AnyGame::Extensive(t) => {
            let _ = writeln!(out, "game tree: {}", t.title);
            let terminals = t.nodes().iter().filter(|n| n.infoset.is_none()).count();
            let _ = writeln!(
                out,
                "nodes: {} ({} terminal), outcomes: {}",
                t.nodes().len(),
                terminals,
                t.outcomes().len()
            );
            let _ = writeln!(
                out,
                "perfect information: {}",
                if t.is_perfect_information() {
                    "yes"
                } else {
                    "no"
                }
            );
            let chance = t.chance_infosets().len();
            if chance > 0 {
                let _ = writeln!(out, "chance moves: {chance}");
            }
            for p in 0..t.num_players() {
                let sets = t.player_infosets(p);
                let _ = writeln!(
                    out,
                    "  {} — {} information set(s)",
                    t.players()[p],
                    sets.len()
                );
                for &i in sets {
                    let s = t.infoset(i);
                    let _ = writeln!(
                        out,
                        "    \"{}\" ({} node(s)): {}",
                        s.label,
                        s.members.len(),
                        s.actions.join(", ")
                    );
                }
            }
            let roots = crate::solvers::spe::subgame_roots(t)
                .iter()
                .enumerate()
                .filter(|(v, r)| **r && !t.is_terminal(crate::NodeId::new(*v)))
                .count();
            let _ = writeln!(out, "proper subgames (incl. the whole game): {roots}");
            // Built only within the reduced form's own size limits (a 9,841-node tree's
            // would take over 10 GB): beyond them, say so.
            match crate::reduce::reduced_plans(t) {
                Ok(plans) => {
                    let counts: Vec<String> = plans.iter().map(|p| p.len().to_string()).collect();
                    let _ = writeln!(
                        out,
                        "reduced strategic form: {} strategies",
                        counts.join(" × ")
                    );
                }
                Err(e) => {
                    let _ = writeln!(
                        out,
                        "reduced strategic form: too large to build ({e}); solve the tree itself (lcp, logit, spe)"
                    );
                }
            }
        }
    }
    out
}
