//! Random 2-player trees for property tests and benchmarks.

use brink_games::num::{q, qi, Q};
use brink_games::{ExtensiveGame, InfosetId, NodeId, TreeBuilder};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;

/// A random 2-player tree with chance, outcomes on inner nodes and information sets that keep
/// perfect recall (nodes share a set only when the player's own history there is the same).
pub fn random_tree(seed: u64, max_depth: usize) -> ExtensiveGame {
    random_tree_with(seed, max_depth, false)
}

/// Like [`random_tree`], but zero-sum: player 2's payoff is minus player 1's everywhere.
#[allow(dead_code)] // not every test binary including this module uses it
pub fn random_zero_sum_tree(seed: u64, max_depth: usize) -> ExtensiveGame {
    random_tree_with(seed, max_depth, true)
}

fn random_tree_with(seed: u64, max_depth: usize, zero_sum: bool) -> ExtensiveGame {
    let pair = |a: Q, b: Q| {
        if zero_sum {
            vec![a.clone(), -a]
        } else {
            vec![a, b]
        }
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = TreeBuilder::new("random tree", &["P1", "P2"]);
    // (node, depth, own histories per player)
    type Hist = Vec<(InfosetId, usize)>;
    let mut stack: Vec<(NodeId, usize, [Hist; 2])> = vec![(b.root(), 0, [vec![], vec![]])];
    let mut sets: HashMap<(usize, Hist, usize), Vec<InfosetId>> = HashMap::new();
    while let Some((node, depth, hist)) = stack.pop() {
        if rng.gen_bool(0.15) {
            let pays = pair(qi(rng.gen_range(-3..4)), qi(rng.gen_range(-3..4)));
            b.payoff(node, "on the way", pays).unwrap();
        }
        if depth >= max_depth || (depth > 0 && rng.gen_bool(0.25)) {
            let pays = pair(qi(rng.gen_range(-9..10)), q(rng.gen_range(-20..21), 2));
            b.payoff(node, "leaf", pays).unwrap();
            continue;
        }
        let k = rng.gen_range(2..4);
        if rng.gen_bool(0.2) {
            let p1 = rng.gen_range(1..4);
            let probs: Vec<(String, Q)> = (0..k)
                .map(|a| {
                    (
                        format!("c{a}"),
                        if a == 0 {
                            q(p1, 4)
                        } else {
                            q(4 - p1, 4 * (k as i64 - 1))
                        },
                    )
                })
                .collect();
            let refs: Vec<(&str, Q)> = probs.iter().map(|(a, p)| (a.as_str(), p.clone())).collect();
            let kids = b.chance(node, "chance", &refs).unwrap();
            for c in kids {
                stack.push((c, depth + 1, hist.clone()));
            }
            continue;
        }
        let p = rng.gen_range(0..2);
        let key = (p, hist[p].clone(), k);
        let existing = sets.get(&key).cloned().unwrap_or_default();
        let set = if !existing.is_empty() && rng.gen_bool(0.6) {
            existing[rng.gen_range(0..existing.len())]
        } else {
            let acts: Vec<String> = (0..k).map(|a| format!("a{a}")).collect();
            let refs: Vec<&str> = acts.iter().map(String::as_str).collect();
            let s = b
                .new_infoset(
                    p,
                    &format!("I{}", sets.values().map(Vec::len).sum::<usize>()),
                    &refs,
                )
                .unwrap();
            sets.entry(key).or_default().push(s);
            s
        };
        let kids = b.play(node, set).unwrap();
        for (a, c) in kids.into_iter().enumerate() {
            let mut h = hist.clone();
            h[p].push((set, a));
            stack.push((c, depth + 1, h));
        }
    }
    b.build().unwrap()
}
