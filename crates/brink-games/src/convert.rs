//! Converting between the two forms: a tree's reduced strategic form (`.efg` → `.nfg`), and a
//! strategic game as a tree of simultaneous moves (`.nfg` → `.efg`: each player moves once, in
//! one information set spanning every earlier player's choices), as Gambit does.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, NodeId, StrategicGame, TreeBuilder};
use crate::reduce::reduced_strategic_form;

/// The reduced strategic form of a tree (Gambit's strategy order and labels).
pub fn to_strategic(tree: &ExtensiveGame) -> Result<StrategicGame, SolveError> {
    Ok(reduced_strategic_form(tree)?.game)
}

/// A strategic game as a tree: player 1 moves at the root, player 2 at every child in one
/// information set, and so on; each leaf carries its profile's payoffs.
pub fn to_tree(game: &StrategicGame) -> Result<ExtensiveGame, SolveError> {
    if game.num_profiles() > 2_000_000 {
        return Err(SolveError::too_large("convert", "over 2,000,000 profiles"));
    }
    let names: Vec<&str> = game.players().iter().map(String::as_str).collect();
    let mut b = TreeBuilder::new(&game.title, &names);
    b.set_comment(&game.comment);
    b.set_numbers(game.numbers);
    let bad = |e: crate::error::BuildError| SolveError::BadInput(e.to_string());
    // Frontier of nodes with the strategy indices chosen so far.
    let mut frontier: Vec<(NodeId, Vec<usize>)> = vec![(b.root(), vec![])];
    for (p, strategies) in game.strategies().iter().enumerate() {
        let labels: Vec<&str> = strategies.iter().map(String::as_str).collect();
        let set = b
            .new_infoset(p, &format!("{} moves", game.players()[p]), &labels)
            .map_err(bad)?;
        let mut next = Vec::with_capacity(frontier.len() * strategies.len());
        for (node, chosen) in frontier {
            let kids = b.play(node, set).map_err(bad)?;
            for (s, k) in kids.into_iter().enumerate() {
                let mut c = chosen.clone();
                c.push(s);
                next.push((k, c));
            }
        }
        frontier = next;
    }
    for (node, profile) in frontier {
        let k = game.profile_index(&profile);
        let pays = (0..game.num_players())
            .map(|p| game.payoff(k, p).clone())
            .collect();
        let label: Vec<String> = profile
            .iter()
            .enumerate()
            .map(|(p, &s)| game.strategies()[p][s].clone())
            .collect();
        b.payoff(node, &label.join(" "), pays).map_err(bad)?;
    }
    b.build().map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nfg::read_nfg;

    #[test]
    fn strategic_to_tree_and_back_keeps_payoffs() {
        let g = read_nfg("t.nfg", "NFG 1 R \"t\" { \"A\" \"B\" } { { \"U\" \"D\" } { \"L\" \"M\" \"R\" } }\n1 2 3 4 5 6 7 8 9 10 11 12\n").unwrap();
        let t = to_tree(&g).unwrap();
        assert_eq!(t.nodes().len(), 1 + 2 + 6);
        let back = to_strategic(&t).unwrap();
        assert_eq!(back.payoff_table(), g.payoff_table());
        assert_eq!(back.num_strategies(), vec![2, 3]);
    }
}
