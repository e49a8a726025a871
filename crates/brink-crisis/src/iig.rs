//! The International Interaction Game (Bueno de Mesquita & Lalman, *War and Reason*, 1992), in
//! the structure of `../reference/games/ir/iig_bdm_lalman.efg`: A demands or not; the other
//! side acquiesces or counter-demands; a crisis follows in which each may use force; outcomes
//! status quo, acquiescence, negotiation, capitulation and war (13 terminals).
//!
//! The payoff algebra is the reference file's illustrative one (games.md warns it is not the
//! book's full model): war `(p − α − τ, 1 − p − α − τ)`, the side that capitulates gets `−τ`
//! and the other `1 − α`, negotiation `(p, 1 − p)`, acquiescence gives the demander the whole
//! stake, status quo `(s, 1 − s)`.

use crate::crisis_game::{exact, CrisisGame, Sketch};
use brink_games::{BuildError, Q};
use num_traits::One;

#[derive(Clone, Debug, PartialEq)]
pub struct IigParams {
    /// A's probability of winning a war, and its share of a negotiated settlement.
    pub p_a: f64,
    /// The cost of using force (paid by both in a war, by the winner of a capitulation).
    pub alpha: f64,
    /// The cost of suffering force (paid by both in a war, by the side that capitulates).
    pub tau: f64,
    /// A's share of the status quo.
    pub status_quo: f64,
}

impl Default for IigParams {
    /// The reference file's values: p_A = .6, α = .1, τ = .15, status quo (.5, .5).
    fn default() -> Self {
        IigParams {
            p_a: 0.6,
            alpha: 0.1,
            tau: 0.15,
            status_quo: 0.5,
        }
    }
}

/// The outcome classes, in report order.
pub const CLASSES: [&str; 5] = [
    "status_quo",
    "acquiescence",
    "negotiation",
    "capitulation",
    "war",
];
/// The roles, in player order.
pub const ROLES: [&str; 2] = ["a", "b"];

/// Builds the tree with the given player names (A, B).
pub fn build(p: &IigParams, players: [&str; 2]) -> Result<CrisisGame, BuildError> {
    let title = format!(
        "International Interaction Game (BdM-Lalman structure), pA={}, alpha={}, tau={}",
        p.p_a, p.alpha, p.tau
    );
    let mut s = Sketch::new(&title, &players, &CLASSES);
    let one = Q::one();
    let (pa, al, ta, sq) = (
        exact(p.p_a),
        exact(p.alpha),
        exact(p.tau),
        exact(p.status_quo),
    );
    let war = vec![&pa - &al - &ta, &one - &pa - &al - &ta];
    let cap_b = vec![&one - &al, -ta.clone()];
    let cap_a = vec![-ta.clone(), &one - &al];
    let neg = vec![pa.clone(), &one - &pa];
    let zero = exact(0.0);

    let root = s.b.root();
    let r = s.decide(root, 0, "A: demand?", &["Demand", "NoDemand"])?;
    // A demands; B counter-demands or acquiesces.
    let b1 = s.decide(r[0], 1, "B after A demand", &["CounterDemand", "Acquiesce"])?;
    s.failure(b1[0]);
    let f1 = s.decide(b1[0], 0, "1: first force decision", &["Force", "NoForce"])?;
    let resp = s.decide(f1[0], 1, "1: respond to force", &["Fight", "Yield"])?;
    let war_o = s.terminal(resp[0], "WAR", war, "war", false)?;
    s.b.name_node(resp[0], "WAR_A1")?;
    let cap_b_o = s.terminal(resp[1], "CAP_B", cap_b, "capitulation", false)?;
    s.b.name_node(resp[1], "CAP_B1")?;
    let f2 = s.decide(f1[1], 1, "1: second force decision", &["Force", "NoForce"])?;
    let resp = s.decide(f2[0], 0, "1: first responds", &["Fight", "Yield"])?;
    s.reuse(resp[0], war_o, "WAR_B1", "war")?;
    let cap_a_o = s.terminal(resp[1], "CAP_A", cap_a, "capitulation", false)?;
    s.b.name_node(resp[1], "CAP_A1")?;
    let neg_o = s.terminal(f2[1], "NEG", neg, "negotiation", false)?;
    s.b.name_node(f2[1], "NEG1")?;
    s.terminal(
        b1[1],
        "ACQ_B",
        vec![one.clone(), zero.clone()],
        "acquiescence",
        true,
    )?;
    // A does not demand; B may.
    let b2 = s.decide(r[1], 1, "B after no demand", &["Demand", "NoDemand"])?;
    let a2 = s.decide(
        b2[0],
        0,
        "A after B demand",
        &["CounterDemand", "Acquiesce"],
    )?;
    s.failure(a2[0]);
    let f1 = s.decide(a2[0], 1, "2: first force decision", &["Force", "NoForce"])?;
    let resp = s.decide(f1[0], 0, "2: respond to force", &["Fight", "Yield"])?;
    s.reuse(resp[0], war_o, "WAR_B2", "war")?;
    s.reuse(resp[1], cap_a_o, "CAP_A2", "capitulation")?;
    let f2 = s.decide(f1[1], 0, "2: second force decision", &["Force", "NoForce"])?;
    let resp = s.decide(f2[0], 1, "2: first responds", &["Fight", "Yield"])?;
    s.reuse(resp[0], war_o, "WAR_A2", "war")?;
    s.reuse(resp[1], cap_b_o, "CAP_B2", "capitulation")?;
    s.reuse(f2[1], neg_o, "NEG2", "negotiation")?;
    s.terminal(
        a2[1],
        "ACQ_A",
        vec![zero, one.clone()],
        "acquiescence",
        true,
    )?;
    s.terminal(
        b2[1],
        "SQ",
        vec![sq.clone(), &one - &sq],
        "status_quo",
        true,
    )?;
    s.finish(&ROLES)
}
