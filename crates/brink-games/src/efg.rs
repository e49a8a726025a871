//! Reads and writes Gambit's extensive-form files (`.efg`, version 2): nodes in prefix order,
//! information sets and outcomes numbered in the file, every error located at line:col.

use crate::error::BuildError;
use crate::lex::{quote, Lexer, Tok};
use crate::model::{ExtensiveGame, InfosetId, Mover, NodeId, NumberKind, OutcomeId, TreeBuilder};
use crate::num::{fmt_exact, fmt_rational, Q};
use brink_core::Diagnostic;
use std::collections::HashMap;
use std::fmt::Write;

/// Parses `.efg` text; `file` names the source in errors.
pub fn read_efg(file: &str, text: &str) -> Result<ExtensiveGame, Diagnostic> {
    let mut lx = Lexer::new(file, text)?;
    let (numbers, title, players) = lx.header("EFG", "2", "an extensive-form file")?;
    let comment = lx.eat_str().unwrap_or_default();
    let names: Vec<&str> = players.iter().map(String::as_str).collect();
    let mut b = TreeBuilder::new(&title, &names);
    b.set_comment(&comment);
    b.set_numbers(numbers);

    // (mover, file number) -> information set; file number -> outcome.
    let mut infosets: HashMap<(Option<usize>, usize), InfosetId> = HashMap::new();
    let mut outcomes: HashMap<usize, OutcomeId> = HashMap::new();
    // Leaves still waiting for their node line, the next one last.
    let mut pending: Vec<NodeId> = vec![b.root()];
    // Where each node (by the builder's id) starts in the file, to locate errors found at build.
    let mut node_at: HashMap<NodeId, usize> = HashMap::new();
    while let Some(node) = pending.pop() {
        if lx.at_end() {
            return Err(lx.error_here(format!(
                "truncated tree: expected a node (`c`, `p` or `t`), found the end of the file ({} node(s) missing)",
                pending.len() + 1
            )));
        }
        let kind_at = lx.offset();
        node_at.insert(node, kind_at);
        let kind = match lx.next() {
            Some(Tok::Word(w)) if w == "c" || w == "p" || w == "t" => w,
            Some(t) => {
                return Err(lx.error_at(
                    kind_at,
                    format!("expected a node (`c`, `p` or `t`), found {}", t.describe()),
                ))
            }
            None => unreachable!("checked at_end above"),
        };
        let name = lx.expect_str("the node's name (a quoted string)")?;
        b.name_node(node, &name)
            .map_err(|e| lx.error_at(kind_at, e.to_string()))?;
        let mut children = vec![];
        match kind.as_str() {
            "c" => {
                let num_at = lx.offset();
                let number = lx.expect_uint("the chance information set's number")?;
                let key = (None, number);
                let label = lx.eat_str();
                let actions = if label.is_some() {
                    let open_at = lx.offset();
                    lx.expect_open("opening the chance actions")?;
                    let mut acts: Vec<(String, Q)> = vec![];
                    while !lx.eat_close() {
                        let a = lx.expect_str("an action name (a quoted string) or `}`")?;
                        let p = lx.expect_number(
                            "the action's probability (a number such as 1/2 or 0.5)",
                        )?;
                        lx.eat_comma();
                        acts.push((a, p));
                    }
                    Some((acts, open_at))
                } else {
                    None
                };
                let set = match (infosets.get(&key), actions) {
                    (Some(&set), None) => set,
                    (Some(&set), Some((acts, at))) => {
                        let old = b.infoset(set).expect("known infoset");
                        let same = old.actions.len() == acts.len()
                            && old.actions.iter().zip(&acts).all(|(x, (y, _))| x == y)
                            && old.probs.iter().zip(&acts).all(|(x, (_, p))| x == p);
                        if !same {
                            return Err(lx.error_at(at, format!(
                                "chance information set {number} repeated with other actions: expected {}, found {}",
                                describe_chance(&old.actions, &old.probs),
                                describe_chance(&acts.iter().map(|a| a.0.clone()).collect::<Vec<_>>(), &acts.iter().map(|a| a.1.clone()).collect::<Vec<_>>())
                            )));
                        }
                        set
                    }
                    (None, Some((acts, at))) => {
                        let refs: Vec<(&str, Q)> = acts.iter().map(|(a, p)| (a.as_str(), p.clone())).collect();
                        let set = b
                            .new_chance_infoset(label.as_deref().unwrap_or(""), &refs)
                            .map_err(|e| lx.error_at(at, build_message(e)))?;
                        infosets.insert(key, set);
                        set
                    }
                    (None, None) => {
                        return Err(lx.error_at(num_at, format!("chance information set {number} appears for the first time without its actions and probabilities")))
                    }
                };
                children = b
                    .play(node, set)
                    .map_err(|e| lx.error_at(kind_at, e.to_string()))?;
            }
            "p" => {
                let player_at = lx.offset();
                let player = lx.expect_uint("the player's number (1, 2, …)")?;
                if player == 0 || player > players.len() {
                    return Err(lx.error_at(player_at, format!(
                        "player number {player} is out of range: the game has {} player(s), numbered 1 to {}",
                        players.len(),
                        players.len()
                    )));
                }
                let num_at = lx.offset();
                let number = lx.expect_uint("the information set's number")?;
                let key = (Some(player - 1), number);
                let label = lx.eat_str();
                let actions = if label.is_some() {
                    let open_at = lx.offset();
                    lx.expect_open("opening the actions")?;
                    let mut acts = vec![];
                    while !lx.eat_close() {
                        acts.push(lx.expect_str("an action name (a quoted string) or `}`")?);
                        lx.eat_comma();
                    }
                    Some((acts, open_at))
                } else {
                    None
                };
                let set = match (infosets.get(&key), actions) {
                    (Some(&set), None) => set,
                    (Some(&set), Some((acts, at))) => {
                        let old = b.infoset(set).expect("known infoset");
                        if old.actions != acts {
                            return Err(lx.error_at(at, format!(
                                "information set {number} of player {player} repeated with other actions: expected {{ {} }}, found {{ {} }}",
                                old.actions.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
                                acts.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" ")
                            )));
                        }
                        set
                    }
                    (None, Some((acts, at))) => {
                        let refs: Vec<&str> = acts.iter().map(String::as_str).collect();
                        let set = b
                            .new_infoset(player - 1, label.as_deref().unwrap_or(""), &refs)
                            .map_err(|e| lx.error_at(at, build_message(e)))?;
                        infosets.insert(key, set);
                        set
                    }
                    (None, None) => {
                        return Err(lx.error_at(num_at, format!("information set {number} of player {player} appears for the first time without its actions")))
                    }
                };
                children = b
                    .play(node, set)
                    .map_err(|e| lx.error_at(kind_at, e.to_string()))?;
            }
            _ => {}
        }
        // The outcome.
        let out_at = lx.offset();
        let number = lx.expect_uint("the outcome's number (0 for none)")?;
        let payoffs = if let Some(label) = lx.eat_str() {
            let open_at = lx.offset();
            lx.expect_open("opening the payoffs")?;
            let mut pays = vec![];
            while !lx.eat_close() {
                pays.push(lx.expect_number("a payoff (a number) or `}`")?);
                lx.eat_comma();
            }
            if pays.len() != players.len() {
                return Err(lx.error_at(open_at, format!(
                    "wrong payoff count in outcome {number}: expected {} (one per player), found {}",
                    players.len(),
                    pays.len()
                )));
            }
            Some((label, pays, open_at))
        } else {
            None
        };
        if number != 0 {
            let o = match (outcomes.get(&number), payoffs) {
                (Some(&o), None) => o,
                (Some(&o), Some((_, pays, at))) => {
                    let old = b.outcome(o).expect("known outcome");
                    if old.payoffs != pays {
                        return Err(lx.error_at(at, format!(
                            "outcome {number} repeated with other payoffs: expected {{ {} }}, found {{ {} }}",
                            old.payoffs.iter().map(fmt_rational).collect::<Vec<_>>().join(", "),
                            pays.iter().map(fmt_rational).collect::<Vec<_>>().join(", ")
                        )));
                    }
                    o
                }
                (None, Some((label, pays, at))) => {
                    let o = b
                        .new_outcome(&label, pays)
                        .map_err(|e| lx.error_at(at, build_message(e)))?;
                    outcomes.insert(number, o);
                    o
                }
                (None, None) => {
                    return Err(lx.error_at(
                        out_at,
                        format!("outcome {number} appears for the first time without its payoffs"),
                    ))
                }
            };
            b.set_outcome(node, o)
                .map_err(|e| lx.error_at(out_at, e.to_string()))?;
        } else if let Some((_, _, at)) = payoffs {
            return Err(lx.error_at(at, "outcome 0 means `no outcome` and cannot carry payoffs"));
        }
        for &c in children.iter().rev() {
            pending.push(c);
        }
    }
    if !lx.at_end() {
        return Err(lx.error_here(format!(
            "unexpected {} after the end of the tree",
            lx.peek().map(Tok::describe).unwrap_or_default()
        )));
    }
    b.build().map_err(|e| {
        let at = match &e {
            BuildError::InfosetOnOnePath { node, .. } => node_at.get(&NodeId::new(*node)).copied(),
            _ => None,
        };
        crate::error::located(file, text, at.unwrap_or(0), build_message(e))
    })
}

fn build_message(e: BuildError) -> String {
    e.to_string()
}

fn describe_chance(actions: &[String], probs: &[Q]) -> String {
    let items: Vec<String> = actions
        .iter()
        .zip(probs)
        .map(|(a, p)| format!("{} {}", quote(a), fmt_rational(p)))
        .collect();
    format!("{{ {} }}", items.join(" "))
}

fn fmt_num(x: &Q, numbers: NumberKind) -> String {
    match numbers {
        NumberKind::Rational => fmt_rational(x),
        NumberKind::Decimal => fmt_exact(x),
    }
}

/// Writes a tree as `.efg` text (Gambit's layout; information sets and outcomes renumbered in
/// order of first appearance; every number exact).
pub fn write_efg(game: &ExtensiveGame) -> String {
    let mut out = String::new();
    let kind = match game.numbers {
        NumberKind::Rational => "R",
        NumberKind::Decimal => "D",
    };
    let players: Vec<String> = game.players().iter().map(|p| quote(p)).collect();
    let _ = writeln!(
        out,
        "EFG 2 {kind} {} {{ {} }}",
        quote(&game.title),
        players.join(" ")
    );
    let _ = writeln!(out, "{}\n", quote(&game.comment));
    // File numbers: per player (and chance) in order of first appearance.
    let mut numbers = vec![0usize; game.infosets().len()];
    let mut counters: HashMap<Mover, usize> = HashMap::new();
    for (i, set) in game.infosets().iter().enumerate() {
        let c = counters.entry(set.mover).or_insert(0);
        *c += 1;
        numbers[i] = *c;
    }
    for node in game.nodes() {
        match node.infoset {
            None => {
                let _ = write!(out, "t {} ", quote(&node.name));
            }
            Some(i) => {
                let set = game.infoset(i);
                match set.mover {
                    Mover::Chance => {
                        let acts: Vec<String> = set
                            .actions
                            .iter()
                            .zip(&set.probs)
                            .map(|(a, p)| format!("{} {}", quote(a), fmt_num(p, game.numbers)))
                            .collect();
                        let _ = write!(
                            out,
                            "c {} {} {} {{ {} }} ",
                            quote(&node.name),
                            numbers[i.index()],
                            quote(&set.label),
                            acts.join(" ")
                        );
                    }
                    Mover::Player(p) => {
                        let acts: Vec<String> = set.actions.iter().map(|a| quote(a)).collect();
                        let _ = write!(
                            out,
                            "p {} {} {} {} {{ {} }} ",
                            quote(&node.name),
                            p + 1,
                            numbers[i.index()],
                            quote(&set.label),
                            acts.join(" ")
                        );
                    }
                }
            }
        }
        match node.outcome {
            None => out.push_str("0\n"),
            Some(o) => {
                let outcome = game.outcome(o);
                let pays: Vec<String> = outcome
                    .payoffs
                    .iter()
                    .map(|x| fmt_num(x, game.numbers))
                    .collect();
                let _ = writeln!(
                    out,
                    "{} {} {{ {} }}",
                    o.index() + 1,
                    quote(&outcome.label),
                    pays.join(", ")
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const POKER: &str = r#"EFG 2 R "A simple Poker game" { "Alice" "Bob" }
"Stripped-Down Poker"

c "" 1 "Deal" { "King" 1/2 "Queen" 1/2 } 0
p "" 1 1 "Alice has King" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 1 "Win Big" { 2, -2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
p "" 1 2 "Alice has Queen" { "Bet" "Fold" } 0
p "" 2 1 "Bob's response" { "Call" "Fold" } 0
t "" 3 "Lose Big" { -2, 2 }
t "" 2 "Win" { 1, -1 }
t "" 4 "Lose" { -1, 1 }
"#;

    #[test]
    fn reads_poker() {
        let g = read_efg("poker.efg", POKER).unwrap();
        assert_eq!(g.players(), &["Alice".to_string(), "Bob".to_string()]);
        assert_eq!(g.nodes().len(), 11);
        assert_eq!(g.player_infosets(0).len(), 2);
        assert_eq!(g.player_infosets(1).len(), 1);
        assert_eq!(g.infoset(g.player_infosets(1)[0]).members.len(), 2);
        assert_eq!(g.outcomes().len(), 4);
    }

    #[test]
    fn round_trips() {
        let g = read_efg("poker.efg", POKER).unwrap();
        let text = write_efg(&g);
        let h = read_efg("again.efg", &text).unwrap();
        assert_eq!(g, h);
    }

    fn err(text: &str) -> Diagnostic {
        read_efg("bad.efg", text).unwrap_err()
    }

    /// Reading `text` fails at `line:col` with a message containing `needle`.
    fn assert_error_at(text: &str, (line, col): (usize, usize), needle: &str) -> Diagnostic {
        let e = err(text);
        let at = e.location.expect("a located error");
        assert_eq!((at.line, at.col), (line, col), "{e}");
        assert!(e.message.contains(needle), "{e}");
        e
    }

    #[test]
    fn wrong_payoff_count_is_located() {
        let e = assert_error_at(
            "EFG 2 R \"g\" { \"A\" \"B\" } \"\"\nt \"\" 1 \"o\" { 1 2 3 }\n",
            (2, 12),
            "expected 2",
        );
        assert!(e.message.contains("found 3"), "{e}");
    }

    #[test]
    fn truncated_tree_is_located() {
        let e = err("EFG 2 R \"g\" { \"A\" } \"\"\np \"\" 1 1 \"i\" { \"x\" \"y\" } 0\nt \"\" 0\n");
        assert_eq!(e.location.unwrap().line, 4);
        assert!(e.message.contains("truncated tree"), "{e}");
    }

    #[test]
    fn infoset_repeated_with_other_actions() {
        assert_error_at(
            "EFG 2 R \"g\" { \"A\" \"B\" } \"\"\nc \"\" 1 \"\" { \"h\" 1/2 \"t\" 1/2 } 0\np \"\" 1 1 \"i\" { \"x\" \"y\" } 0\nt \"\" 0\nt \"\" 0\np \"\" 1 1 \"i\" { \"x\" \"z\" } 0\nt \"\" 0\nt \"\" 0\n",
            (6, 14),
            "repeated with other actions",
        );
    }

    #[test]
    fn player_out_of_range() {
        assert_error_at(
            "EFG 2 R \"g\" { \"A\" } \"\"\np \"\" 2 1 \"i\" { \"x\" } 0\nt \"\" 0\n",
            (2, 6),
            "out of range",
        );
    }

    #[test]
    fn chance_must_sum_to_one() {
        assert_error_at(
            "EFG 2 R \"g\" { \"A\" } \"\"\nc \"\" 1 \"n\" { \"h\" 1/2 \"t\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n",
            (2, 12),
            "sum to 5/6",
        );
    }

    #[test]
    fn trailing_content_is_an_error() {
        let e = err("EFG 2 R \"g\" { \"A\" } \"\"\nt \"\" 0\nt \"\" 0\n");
        assert_eq!(e.location.unwrap().line, 3);
    }
}
