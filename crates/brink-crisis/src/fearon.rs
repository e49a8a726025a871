//! Fearon's (1995) bargaining model with private information about costs, as a tree: nature
//! draws the responder's cost of war from a discrete distribution; the proposer, not seeing it,
//! makes a take-it-or-leave-it offer `x` (its own share of an issue on [0, 1]); the responder
//! accepts (`x`, `1 − x`) or fights (`p − c_A`, `1 − p − c_B`). [`closed_form`] is the
//! continuous-type answer the discrete game approaches as the types grow.

use crate::crisis_game::{exact, CrisisGame, Sketch};
use brink_games::num::fmt_exact;
use brink_games::{BuildError, Q};
use num_traits::{One, Zero};

/// One possible type of the responder.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponderType {
    /// Its name in the tree (e.g. `cLow`).
    pub label: String,
    /// Its cost of war `c_B`.
    pub cost: f64,
    /// Its prior probability (the types' probabilities must sum to 1).
    pub prob: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FearonParams {
    /// The probability that the proposer wins a war.
    pub p: f64,
    /// The proposer's cost of war `c_A`.
    pub cost_a: f64,
    pub types: Vec<ResponderType>,
    /// The offers the proposer may make (its own share).
    pub offers: Vec<f64>,
}

impl FearonParams {
    /// The two-type game of `../reference/games/ir/fearon_ultimatum_2types.efg`: p = .5,
    /// c_A = .1, c_B ∈ {.05, .3} with probability 1/2 each, offers p + c_B − .01.
    pub fn reference() -> Self {
        FearonParams::screening(
            0.5,
            0.1,
            vec![
                ResponderType {
                    label: "cLow".into(),
                    cost: 0.05,
                    prob: 0.5,
                },
                ResponderType {
                    label: "cHigh".into(),
                    cost: 0.3,
                    prob: 0.5,
                },
            ],
            0.01,
        )
    }

    /// The screening offers: for each type, the largest share that type still accepts, less
    /// `margin` (so that it strictly prefers to accept): `x_k = p + c_k − margin`.
    pub fn screening(p: f64, cost_a: f64, types: Vec<ResponderType>, margin: f64) -> Self {
        let mut offers: Vec<f64> = types
            .iter()
            .map(|t| {
                // Round to 12 decimals so that the offers are the decimals an analyst would write.
                let x = p + t.cost - margin;
                (x * 1e12).round() / 1e12
            })
            .collect();
        offers.sort_by(f64::total_cmp);
        offers.dedup();
        FearonParams {
            p,
            cost_a,
            types,
            offers,
        }
    }

    /// `n` equally likely types at the midpoints of `n` equal cells of `[0, c̄]` — the discrete
    /// approximation of Fearon's uniform cost — with screening offers.
    pub fn uniform(p: f64, cost_a: f64, c_bar: f64, n: usize, margin: f64) -> Self {
        let types = (0..n)
            .map(|k| ResponderType {
                label: format!("c{}", k + 1),
                cost: c_bar * (k as f64 + 0.5) / n as f64,
                prob: 1.0 / n as f64,
            })
            .collect();
        FearonParams::screening(p, cost_a, types, margin)
    }
}

/// The outcome classes, in report order.
pub const CLASSES: [&str; 2] = ["deal", "war"];
/// The roles, in player order.
pub const ROLES: [&str; 2] = ["proposer", "responder"];

/// Fearon's closed form for a cost `c_B` uniform on `[0, c̄]`: the optimal offer
/// `x* = p + max(0, c̄ − c_A)/2` and `P(war) = max(0, (c̄ − c_A)/(2c̄))`.
pub fn closed_form(p: f64, cost_a: f64, c_bar: f64) -> (f64, f64) {
    let gap = (c_bar - cost_a).max(0.0);
    (p + gap / 2.0, gap / (2.0 * c_bar))
}

/// Builds the tree with the given player names (proposer, responder).
pub fn build(params: &FearonParams, players: [&str; 2]) -> Result<CrisisGame, BuildError> {
    let title = format!(
        "Fearon ultimatum: p={}, cA={}, {} types of cB, {} offers",
        params.p,
        params.cost_a,
        params.types.len(),
        params.offers.len()
    );
    let mut s = Sketch::new(&title, &players, &CLASSES);
    let probs: Vec<Q> = params.types.iter().map(|t| exact(t.prob)).collect();
    // Chance needs probabilities summing to exactly 1: the last type takes the remainder when
    // the decimals (e.g. 1/3 written as 0.333…) do not quite add up.
    let mut probs = probs;
    if let Some(last) = probs.len().checked_sub(1) {
        let rest: Q = probs[..last].iter().fold(Q::zero(), |a, b| a + b);
        probs[last] = Q::one() - rest;
    }
    let labels: Vec<&str> = params.types.iter().map(|t| t.label.as_str()).collect();
    let chance: Vec<(&str, Q)> = labels.iter().copied().zip(probs).collect();
    let root = s.b.root();
    let types = s.chance(root, "Nature: B cost", &chance)?;
    let offer_labels: Vec<String> = params
        .offers
        .iter()
        .map(|x| format!("x={}", fmt_exact(&exact(*x))))
        .collect();
    let offer_refs: Vec<&str> = offer_labels.iter().map(String::as_str).collect();
    let a =
        s.b.new_infoset(0, "A offer (type unobserved)", &offer_refs)?;
    let war_a = exact(params.p) - exact(params.cost_a);
    for (t, &node) in params.types.iter().zip(&types) {
        let offers = s.play(node, a)?;
        let war_b = Q::one() - exact(params.p) - exact(t.cost);
        for ((x, label), &o) in params.offers.iter().zip(&offer_labels).zip(&offers) {
            let shown = &label[2..];
            let r = s.decide(
                o,
                1,
                &format!("B {} sees {label}", t.label),
                &["Accept", "Reject"],
            )?;
            let x = exact(*x);
            s.terminal(
                r[0],
                &format!("{} accept {shown}", t.label),
                vec![x.clone(), Q::one() - x],
                "deal",
                false,
            )?;
            s.failure(r[1]);
            s.terminal(
                r[1],
                &format!("{} war after {shown}", t.label),
                vec![war_a.clone(), war_b.clone()],
                "war",
                false,
            )?;
        }
    }
    s.finish(&ROLES)
}
