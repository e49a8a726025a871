//! Games and their equilibria as text for people (`brink game info`, `brink game solve --format
//! table`): a strategic game's payoff grids, a tree as indented text, and each equilibrium as
//! per-player tables of labelled strategies or actions with payoffs and maximum regret.
//!
//! Every line fits [`WIDTH`] columns for ordinary games (wide grids are split into column
//! blocks); huge games are cut at a stated size, with a note saying what was left out.

use crate::table::{Align, Table};
use brink_games::num::{fmt_exact, fmt_float, fmt_rational};
use brink_games::{AnyGame, Equilibrium, ExtensiveGame, Form, Method, Mover, StrategicGame, Q};
use std::fmt::Write;

/// The width the text is laid out for.
pub const WIDTH: usize = 80;
/// At most this many strategies of the row and column players in a payoff grid.
pub const MAX_GRID_SIDE: usize = 40;
/// At most this many payoff cells over all grids of a game.
pub const MAX_GRID_CELLS: usize = 1_600;
/// At most this many lines of a tree.
pub const MAX_TREE_LINES: usize = 300;
/// Equilibrium tables list every strategy of a player up to this many; beyond, the support.
const LIST_ALL_UP_TO: usize = 12;

/// The payoff table of a strategic game: one grid (player 1 by rows, player 2 by columns,
/// cells `a, b, …`) per combination of the later players' strategies.
pub fn payoff_grids(g: &StrategicGame) -> String {
    let mut out = String::new();
    let players = g.players();
    let strategies = g.strategies();
    if players.len() == 1 {
        let _ = writeln!(out, "payoffs to {}:", players[0]);
        let mut t = Table::new(&[("strategy", Align::Left), ("payoff", Align::Right)]);
        for (s, label) in strategies[0].iter().enumerate().take(MAX_GRID_CELLS) {
            t.row(vec![label.clone(), fmt_exact(g.payoff(s, 0))]);
        }
        out.push_str(&t.render("  "));
        if strategies[0].len() > MAX_GRID_CELLS {
            let _ = writeln!(
                out,
                "  … {} more strategies left out",
                strategies[0].len() - MAX_GRID_CELLS
            );
        }
        return out;
    }
    let (rows, cols) = (strategies[0].len(), strategies[1].len());
    let (shown_rows, shown_cols) = (rows.min(MAX_GRID_SIDE), cols.min(MAX_GRID_SIDE));
    let grids: usize = strategies[2..].iter().map(Vec::len).product();
    let per_grid = (shown_rows * shown_cols).max(1);
    let shown_grids = grids.min((MAX_GRID_CELLS / per_grid).max(1));
    let _ = writeln!(
        out,
        "payoffs ({}): rows {}, columns {}",
        players.join(", "),
        players[0],
        players[1]
    );
    for k in 0..shown_grids {
        // The later players' strategies of grid k, player 3 changing fastest (Gambit's order).
        let mut rest = Vec::with_capacity(players.len());
        let mut index = k;
        for s in &strategies[2..] {
            rest.push(index % s.len());
            index /= s.len();
        }
        if !rest.is_empty() {
            let who: Vec<String> = rest
                .iter()
                .enumerate()
                .map(|(i, &s)| format!("{} plays {}", players[i + 2], strategies[i + 2][s]))
                .collect();
            let _ = writeln!(out, "\nwhen {}:", who.join(", "));
        }
        let cells: Vec<Vec<String>> = (0..shown_rows)
            .map(|r| {
                (0..shown_cols)
                    .map(|c| {
                        let mut profile = vec![r, c];
                        profile.extend(&rest);
                        let at = g.profile_index(&profile);
                        (0..players.len())
                            .map(|p| fmt_exact(g.payoff(at, p)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .collect()
            })
            .collect();
        out.push_str(&grid(
            &strategies[0][..shown_rows],
            &strategies[1][..shown_cols],
            &cells,
        ));
    }
    if shown_rows < rows || shown_cols < cols {
        let _ = writeln!(
            out,
            "(showing the first {shown_rows} of {rows} strategies of {} and {shown_cols} of \
             {cols} of {}; `brink game convert --to nfg` prints every payoff)",
            players[0], players[1]
        );
    }
    if shown_grids < grids {
        let _ = writeln!(
            out,
            "({} more grids left out, {} shown; `brink game convert --to nfg` prints every \
             payoff)",
            grids - shown_grids,
            shown_grids
        );
    }
    out
}

/// A grid with row and column labels, split into blocks of columns that fit [`WIDTH`].
fn grid(rows: &[String], cols: &[String], cells: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().count();
    let label_width = rows.iter().map(|r| width(r)).max().unwrap_or(0);
    let col_widths: Vec<usize> = (0..cols.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| width(&row[c]))
                .chain([width(&cols[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut start = 0;
    while start < cols.len() {
        // As many columns as fit, at least one.
        let mut end = start + 1;
        let mut used = 2 + label_width + 3 + col_widths[start];
        while end < cols.len() && used + 3 + col_widths[end] <= WIDTH {
            used += 3 + col_widths[end];
            end += 1;
        }
        if start > 0 || end < cols.len() {
            let _ = writeln!(out, "  (columns {}–{} of {})", start + 1, end, cols.len());
        }
        let mut head = format!("  {:label_width$} │", "");
        for c in start..end {
            let _ = write!(head, " {:>w$}  ", cols[c], w = col_widths[c]);
        }
        let _ = writeln!(out, "{}", head.trim_end());
        // Each column is ` cell  `; the last one's two trailing spaces are trimmed.
        let span: usize = col_widths[start..end].iter().map(|w| w + 3).sum::<usize>() - 2;
        let _ = writeln!(out, "  {}─┼{}", "─".repeat(label_width), "─".repeat(span));
        for (r, label) in rows.iter().enumerate() {
            let mut line = format!("  {}{} │", label, " ".repeat(label_width - width(label)));
            for c in start..end {
                let pad = col_widths[c] - width(&cells[r][c]);
                let _ = write!(line, " {}{}  ", " ".repeat(pad), cells[r][c]);
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        start = end;
    }
    out
}

/// A tree as indented text: each node's mover and information set, the action leading to it
/// (with its probability at chance moves), outcomes where they sit and the payoffs at every
/// terminal node (outcomes summed along the path, as they accrue).
pub fn tree_text(tree: &ExtensiveGame) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "tree (payoffs: {}):", tree.players().join(", "));
    let mut lines = 0usize;
    let zero = vec![Q::default(); tree.num_players()];
    // Depth-first in the file's order: (node, depth, the edge's text, payoffs accrued above).
    let mut stack = vec![(tree.root(), 0usize, String::new(), zero)];
    while let Some((v, depth, edge, above)) = stack.pop() {
        if lines == MAX_TREE_LINES {
            let _ = writeln!(
                out,
                "… {} more nodes left out (the first {MAX_TREE_LINES} of {} shown)",
                tree.nodes().len() - lines,
                tree.nodes().len()
            );
            break;
        }
        lines += 1;
        let node = tree.node(v);
        let mut accrued = above;
        let mut line = format!("{}{edge}", "  ".repeat(depth + 1));
        if let Some(o) = node.outcome {
            let outcome = tree.outcome(o);
            for (a, x) in accrued.iter_mut().zip(&outcome.payoffs) {
                *a += x;
            }
            if !tree.is_terminal(v) {
                let _ = write!(
                    line,
                    "outcome {} ({}); ",
                    quoted(&outcome.label),
                    payoff_list(&outcome.payoffs)
                );
            }
        }
        match node.infoset {
            None => {
                let label = node
                    .outcome
                    .map(|o| tree.outcome(o).label.as_str())
                    .filter(|l| !l.is_empty());
                let _ = write!(line, "end: {}", payoff_list(&accrued));
                if let Some(l) = label {
                    let _ = write!(line, " {}", quoted(l));
                }
            }
            Some(i) => {
                let set = tree.infoset(i);
                match set.mover {
                    Mover::Chance => line.push_str("chance"),
                    Mover::Player(p) => {
                        line.push_str(&tree.players()[p]);
                        let shown = if set.label.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", quoted(&set.label))
                        };
                        if set.members.len() > 1 {
                            let _ = write!(
                                line,
                                ", information set{shown} ({} nodes)",
                                set.members.len()
                            );
                        } else if !shown.is_empty() {
                            let _ = write!(line, " at{shown}");
                        }
                    }
                }
                if !node.name.is_empty() {
                    let _ = write!(line, " [node {}]", quoted(&node.name));
                }
                for (a, &child) in node.children.iter().enumerate().rev() {
                    let action = &set.actions[a];
                    let edge = match set.mover {
                        Mover::Chance => format!("{} ({}) → ", action, fmt_exact(&set.probs[a])),
                        Mover::Player(_) => format!("{action} → "),
                    };
                    stack.push((child, depth + 1, edge, accrued.clone()));
                }
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn payoff_list(xs: &[Q]) -> String {
    xs.iter().map(fmt_exact).collect::<Vec<_>>().join(", ")
}

/// What a method found nothing: "no pure equilibrium" for the pure enumerations.
pub fn none_found(method: Method) -> String {
    match method {
        Method::EnumPure => "no pure equilibrium".into(),
        Method::EnumPureAgent => "no pure equilibrium of the agent form".into(),
        m => format!("no equilibrium found by {}", m.name()),
    }
}

/// Each equilibrium as per-player tables: strategies (or, on trees, information sets and
/// actions) with their probabilities, then each player's expected payoff and the maximum regret.
pub fn equilibria_text(
    game: &AnyGame,
    method: Method,
    eqs: &[Equilibrium],
    decimals: usize,
) -> String {
    let mut out = String::new();
    if eqs.is_empty() {
        let _ = writeln!(out, "{}", none_found(method));
        return out;
    }
    let players = game.players();
    // Strategy labels of strategic-form profiles: the game's, or a tree's reduced form's.
    let reduced_labels: Option<Vec<Vec<String>>> = match game {
        AnyGame::Extensive(t) if eqs.iter().any(|e| e.form() == Form::Strategic) => {
            brink_games::reduced_strategic_form(t)
                .ok()
                .map(|r| r.game.strategies().to_vec())
        }
        _ => None,
    };
    for (k, e) in eqs.iter().enumerate() {
        let (kind, at) = match e.lambda {
            Some(l) => (
                "logit QRE",
                format!(" at λ = {}", trim_zeros(fmt_float(l, decimals))),
            ),
            None => ("equilibrium", String::new()),
        };
        let _ = writeln!(
            out,
            "{}{kind} {} of {}{at} ({}{})",
            if k > 0 { "\n" } else { "" },
            k + 1,
            eqs.len(),
            method.name(),
            if e.exact.is_some() { ", exact" } else { "" }
        );
        let prob = |p: usize, j: usize| match &e.exact {
            Some(ex) => fmt_rational(&ex[p][j]),
            None => trim_zeros(fmt_float(e.profile[p][j], decimals)),
        };
        for p in 0..players.len() {
            let payoff = e
                .payoffs
                .get(p)
                .map_or("—".into(), |&x| trim_zeros(fmt_float(x, decimals)));
            let _ = writeln!(out, "  {}: expected payoff {payoff}", players[p]);
            match (e.form(), game) {
                (Form::Behavior, AnyGame::Extensive(t)) => {
                    out.push_str(&behavior_table(t, p, &|j| prob(p, j), &e.profile[p]))
                }
                (Form::Strategic, _) => {
                    let labels = match game {
                        AnyGame::Strategic(g) => Some(&g.strategies()[p]),
                        AnyGame::Extensive(_) => reduced_labels.as_ref().map(|l| &l[p]),
                    };
                    out.push_str(&strategy_table(labels, &|j| prob(p, j), &e.profile[p]));
                }
                (Form::Behavior, AnyGame::Strategic(_)) => {
                    out.push_str(&strategy_table(None, &|j| prob(p, j), &e.profile[p]))
                }
            }
        }
        let _ = writeln!(out, "  max regret: {}", fmt_regret(e.max_regret));
    }
    out
}

/// `2.000000` as `2`, `0.500000` as `0.5`: payoffs read at a glance.
fn trim_zeros(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Regret in scientific notation when tiny (it is a check, its scale is what matters).
fn fmt_regret(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.abs() < 1e-3 {
        format!("{x:.1e}")
    } else {
        fmt_float(x, 6)
    }
}

/// Rows worth listing: all when few, else those played with positive probability.
fn shown(probs: &[f64]) -> Vec<usize> {
    (0..probs.len())
        .filter(|&j| probs.len() <= LIST_ALL_UP_TO || probs[j] > 0.0)
        .collect()
}

fn strategy_table(
    labels: Option<&Vec<String>>,
    prob: &dyn Fn(usize) -> String,
    probs: &[f64],
) -> String {
    let mut t = Table::new(&[("strategy", Align::Left), ("probability", Align::Right)]);
    let rows = shown(probs);
    for &j in &rows {
        let label = labels
            .and_then(|l| l.get(j))
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("#{}", j + 1));
        t.row(vec![label, prob(j)]);
    }
    let mut out = t.render("    ");
    if rows.len() < probs.len() {
        let _ = writeln!(
            out,
            "    ({} more strategies at probability 0)",
            probs.len() - rows.len()
        );
    }
    out
}

fn behavior_table(
    tree: &ExtensiveGame,
    player: usize,
    prob: &dyn Fn(usize) -> String,
    probs: &[f64],
) -> String {
    let mut t = Table::new(&[
        ("information set", Align::Left),
        ("action", Align::Left),
        ("probability", Align::Right),
    ]);
    let mut at = 0;
    let mut hidden = 0;
    for (n, &i) in tree.player_infosets(player).iter().enumerate() {
        let set = tree.infoset(i);
        let size = set.actions.len();
        let mut first = true;
        for a in shown(&probs[at..at + size]) {
            let name = if !first {
                String::new()
            } else if set.label.is_empty() {
                format!("#{}", n + 1)
            } else {
                set.label.clone()
            };
            first = false;
            let action = if set.actions[a].is_empty() {
                format!("#{}", a + 1)
            } else {
                set.actions[a].clone()
            };
            t.row(vec![name, action, prob(at + a)]);
        }
        hidden += size - shown(&probs[at..at + size]).len();
        at += size;
    }
    let mut out = t.render("    ");
    if hidden > 0 {
        let _ = writeln!(out, "    ({hidden} more actions at probability 0)");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_games::num::qi;

    fn pennies() -> StrategicGame {
        let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
        let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
        StrategicGame::bimatrix("pennies", &a, &b)
    }

    #[test]
    fn a_bimatrix_grid_puts_player_1_on_rows() {
        let text = payoff_grids(&pennies());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1].split_whitespace().collect::<Vec<_>>(),
            ["│", "1", "2"]
        );
        assert!(lines[3].ends_with("1 │ 1, -1   -1, 1"), "{text}");
        assert!(lines[4].ends_with("2 │ -1, 1   1, -1"), "{text}");
    }

    #[test]
    fn wide_grids_split_into_blocks_that_fit() {
        let n = 30;
        let a: Vec<Vec<Q>> = (0..n)
            .map(|i| (0..n).map(|j| qi(-1000 * i - j)).collect())
            .collect();
        let text = payoff_grids(&StrategicGame::bimatrix("wide", &a, &a));
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        assert!(text.contains("(columns 1–"), "{text}");
        assert!(text.contains("-29029, -29029"), "{text}");
    }

    #[test]
    fn no_equilibrium_is_said() {
        let game = AnyGame::Strategic(pennies());
        let text = equilibria_text(&game, Method::EnumPure, &[], 6);
        assert_eq!(text, "no pure equilibrium\n");
    }
}
