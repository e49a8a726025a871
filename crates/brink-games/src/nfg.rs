//! Reads and writes Gambit's strategic-form files (`.nfg`, version 1), both the payoff version
//! and the outcome version, every error located at line:col.

use crate::lex::{quote, Lexer, Tok};
use crate::model::{NumberKind, Outcome, OutcomeTable, StrategicGame, MAX_PAYOFF_ENTRIES};
use crate::num::{fmt_exact, fmt_rational, Q};
use brink_core::Diagnostic;
use num_traits::Zero;
use std::fmt::Write;

/// Parses `.nfg` text; `file` names the source in errors.
pub fn read_nfg(file: &str, text: &str) -> Result<StrategicGame, Diagnostic> {
    let mut lx = Lexer::new(file, text)?;
    let (numbers, title, players) = lx.header("NFG", "1", "a strategic-form file")?;
    let n = players.len();
    // Strategy counts `{ 2 2 }` or labels `{ { "U" "D" } { "L" "R" } }`.
    let shape_at = lx.offset();
    lx.expect_open("opening the strategy counts or labels")?;
    let mut strategies: Vec<Vec<String>> = vec![];
    // Payoff entries (players × profiles) so far, checked against the cap as each player's count
    // is read: nothing is built for a game too large to hold.
    let mut entries: usize = n;
    while !lx.eat_close() {
        let at = lx.offset();
        let shape = if lx.peek() == Some(&Tok::Open) {
            lx.next();
            let mut labels = vec![];
            while !lx.eat_close() {
                labels.push(lx.expect_str("a strategy label (a quoted string) or `}`")?);
            }
            Shape::Labels(labels)
        } else {
            Shape::Count(lx.expect_uint("a strategy count, a `{ \"label\" … }` list or `}`")?)
        };
        let k = shape.len();
        if k == 0 {
            return Err(lx.error_at(at, "a player needs at least one strategy"));
        }
        entries = entries
            .checked_mul(k)
            .filter(|&e| e <= MAX_PAYOFF_ENTRIES)
            .ok_or_else(|| {
                lx.error_at(
                    at,
                    format!(
                        "the game is too large: with {k} strategies here it has more than {MAX_PAYOFF_ENTRIES} payoffs (players × strategy profiles), the most brink handles"
                    ),
                )
            })?;
        strategies.push(shape.into_labels());
    }
    if strategies.len() != n {
        return Err(lx.error_at(
            shape_at,
            format!(
                "expected strategies for {n} player(s), found {}",
                strategies.len()
            ),
        ));
    }
    // At most MAX_PAYOFF_ENTRIES / n: checked above.
    let profiles: usize = entries / n;
    let comment = lx.eat_str().unwrap_or_default();
    let mut game = if lx.peek() == Some(&Tok::Open) {
        // Outcome version.
        lx.next();
        let mut outcomes: Vec<Outcome> = vec![];
        while !lx.eat_close() {
            let open_at = lx.offset();
            lx.expect_open("opening an outcome `{ \"label\" payoffs… }` or `}`")?;
            let label = lx.expect_str("the outcome's label (a quoted string)")?;
            let mut pays = vec![];
            while !lx.eat_close() {
                pays.push(lx.expect_number("a payoff (a number) or `}`")?);
                lx.eat_comma();
            }
            if pays.len() != n {
                return Err(lx.error_at(
                    open_at,
                    format!(
                        "wrong payoff count in outcome {}: expected {n} (one per player), found {}",
                        outcomes.len() + 1,
                        pays.len()
                    ),
                ));
            }
            outcomes.push(Outcome {
                label,
                payoffs: pays,
            });
        }
        // Never reserve more than the file can fill.
        let mut profile_outcome = Vec::with_capacity(profiles.min(lx.remaining()));
        while !lx.at_end() {
            if profile_outcome.len() == profiles {
                return Err(lx.error_here(format!(
                    "wrong outcome count: expected {profiles} outcome indices (one per profile), found {}",
                    profiles + lx.remaining()
                )));
            }
            let at = lx.offset();
            let k = lx.expect_uint("an outcome index (0 for none)")?;
            if k > outcomes.len() {
                return Err(lx.error_at(
                    at,
                    format!(
                        "outcome index {k} out of range: there are {} outcomes",
                        outcomes.len()
                    ),
                ));
            }
            profile_outcome.push(k);
        }
        if profile_outcome.len() != profiles {
            return Err(lx.error_here(format!(
                "wrong outcome count: expected {profiles} outcome indices (one per profile), found {}",
                profile_outcome.len()
            )));
        }
        let payoffs: Vec<Vec<Q>> = profile_outcome
            .iter()
            .map(|&k| {
                if k == 0 {
                    vec![Q::zero(); n]
                } else {
                    outcomes[k - 1].payoffs.clone()
                }
            })
            .collect();
        let mut g = StrategicGame::new(&title, players, strategies, payoffs)
            .map_err(|e| lx.error_here(e.to_string()))?;
        g.outcome_table = Some(OutcomeTable {
            outcomes,
            profile_outcome,
        });
        g
    } else {
        // Payoff version.
        let expected = profiles * n;
        let mut flat = Vec::with_capacity(expected.min(lx.remaining()));
        while !lx.at_end() {
            if lx.peek() == Some(&Tok::Comma) {
                lx.next();
                continue;
            }
            if flat.len() == expected {
                let extra = lx.remaining();
                return Err(lx.error_here(format!(
                    "wrong payoff count: expected {expected} ({n} player(s) × {profiles} profile(s)), found {} or more",
                    expected + extra.min(1)
                )));
            }
            flat.push(lx.expect_number("a payoff (a number)")?);
        }
        if flat.len() != expected {
            return Err(lx.error_here(format!(
                "wrong payoff count: expected {expected} ({n} player(s) × {profiles} profile(s)), found {}",
                flat.len()
            )));
        }
        let payoffs: Vec<Vec<Q>> = flat.chunks(n).map(<[Q]>::to_vec).collect();
        StrategicGame::new(&title, players, strategies, payoffs)
            .map_err(|e| lx.error_here(e.to_string()))?
    };
    game.comment = comment;
    game.numbers = numbers;
    Ok(game)
}

/// One player's strategies as the file gives them: a count or labels.
enum Shape {
    Count(usize),
    Labels(Vec<String>),
}

impl Shape {
    fn len(&self) -> usize {
        match self {
            Shape::Count(k) => *k,
            Shape::Labels(l) => l.len(),
        }
    }
    /// The labels; a count `k` is labelled `1` … `k` (called only once `k` passed the size cap).
    fn into_labels(self) -> Vec<String> {
        match self {
            Shape::Count(k) => (1..=k).map(|s| s.to_string()).collect(),
            Shape::Labels(l) => l,
        }
    }
}

/// Writes a strategic game as `.nfg` text: the outcome version if it was read as one, the
/// payoff version otherwise; strategy labels always written, numbers exact.
pub fn write_nfg(game: &StrategicGame) -> String {
    let fmt = |x: &Q| match game.numbers {
        NumberKind::Rational => fmt_rational(x),
        NumberKind::Decimal => fmt_exact(x),
    };
    let kind = if game.numbers == NumberKind::Decimal {
        "D"
    } else {
        "R"
    };
    let mut out = String::new();
    let players: Vec<String> = game.players().iter().map(|p| quote(p)).collect();
    let _ = writeln!(
        out,
        "NFG 1 {kind} {} {{ {} }}\n",
        quote(&game.title),
        players.join(" ")
    );
    out.push_str("{ ");
    for (p, s) in game.strategies().iter().enumerate() {
        if p > 0 {
            out.push_str("\n  ");
        }
        let labels: Vec<String> = s.iter().map(|l| quote(l)).collect();
        let _ = write!(out, "{{ {} }}", labels.join(" "));
    }
    out.push_str("\n}\n");
    let _ = writeln!(out, "{}\n", quote(&game.comment));
    match &game.outcome_table {
        Some(table) => {
            out.push_str("{\n");
            for o in &table.outcomes {
                let pays: Vec<String> = o.payoffs.iter().map(fmt).collect();
                let _ = writeln!(out, "{{ {} {} }}", quote(&o.label), pays.join(", "));
            }
            out.push_str("}\n");
            let idx: Vec<String> = table.profile_outcome.iter().map(usize::to_string).collect();
            let _ = writeln!(out, "{}", idx.join(" "));
        }
        None => {
            let pays: Vec<String> = game.payoff_table().iter().map(fmt).collect();
            let _ = writeln!(out, "{}", pays.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::qi;

    const OUTCOME_VERSION: &str = r#"NFG 1 R "2x2" { "Player 1" "Player 2" }

{ { "1" "2" }
{ "1" "2" }
}
""

{
{ "" 2, 0 }
{ "" 0, 1 }
{ "" 0, 1 }
{ "" 1, 0 }
}
1 2 3 4
"#;

    #[test]
    fn reads_both_versions() {
        let g = read_nfg("a.nfg", OUTCOME_VERSION).unwrap();
        assert_eq!(g.num_strategies(), vec![2, 2]);
        // Profile (2,1) is index 1: outcome 2 = (0, 1).
        assert_eq!(g.payoff(1, 1), &qi(1));
        let h = read_nfg(
            "b.nfg",
            "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n2 0 0 1 0 1 1 0\n",
        )
        .unwrap();
        assert_eq!(g.payoff_table(), h.payoff_table());
    }

    #[test]
    fn round_trips_both_versions() {
        let g = read_nfg("a.nfg", OUTCOME_VERSION).unwrap();
        assert_eq!(read_nfg("w.nfg", &write_nfg(&g)).unwrap(), g);
        let h = read_nfg("b.nfg", "NFG 1 D \"t\" { \"A\" \"B\" } { { \"U\" \"D\" } { \"L\" \"R\" } } \"c\"\n2.5 0 0 1 0 1 1 -1/3\n").unwrap();
        assert_eq!(read_nfg("w.nfg", &write_nfg(&h)).unwrap(), h);
    }

    #[test]
    fn wrong_payoff_count_says_expected_and_found() {
        let e = read_nfg(
            "c.nfg",
            "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n2 0 0 1 0 1 1\n",
        )
        .unwrap_err();
        assert!(
            e.message.contains("expected 8") && e.message.contains("found 7"),
            "{e}"
        );
        assert_eq!(e.location.unwrap().line, 3);
        let e = read_nfg(
            "c.nfg",
            "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n2 0 0 1 0 1 1 0 9\n",
        )
        .unwrap_err();
        assert!(e.message.contains("expected 8"), "{e}");
        assert_eq!((e.location.unwrap().line, e.location.unwrap().col), (2, 17));
    }

    #[test]
    fn bad_outcome_index() {
        let bad = OUTCOME_VERSION.replace("1 2 3 4", "1 2 3 5");
        let e = read_nfg("d.nfg", &bad).unwrap_err();
        assert!(e.message.contains("out of range"), "{e}");
        assert_eq!((e.location.unwrap().line, e.location.unwrap().col), (14, 7));
    }
}
