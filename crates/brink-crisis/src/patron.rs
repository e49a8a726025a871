//! The patron–ally–target–transit game: the seed report's coercion as a tree.
//!
//! The target (C) concedes at the talks or refuses. If it refuses, the patron (A) supports its
//! ally's strike or abstains; the ally (B) strikes or backs down; each transit state, in list
//! order, grants or denies its airspace; chance decides whether the strike succeeds. Optionally
//! the patron first sends a costly signal (the carrier deployment): it pays `signal_cost`, its
//! later abstention costs it `signal_commitment` more (tying hands) and its support raises the
//! strike's chances by `signal_effect`.
//!
//! With one transit state and the default parameters the tree is exactly
//! `../reference/games/ir/patron_strike_airspace_T_{grants,denies}.efg`. A transit state's payoff
//! depends only on its own decision and the patron's, so letting each see the earlier states'
//! decisions (a perfect-information tree) changes no equilibrium and keeps the tree solvable
//! by backward induction.

use crate::crisis_game::{exact, CrisisGame, Sketch};
use brink_games::{BuildError, NodeId, Q};
use num_traits::{One, Zero};

/// The game's parameters; every payoff is relative to the status quo (0).
#[derive(Clone, Debug, PartialEq)]
pub struct PatronParams {
    /// P(strike succeeds) with the patron's support and every transit state's airspace.
    pub p_success: f64,
    /// How much less likely success is without the patron's support (refuelling, intelligence).
    pub support_effect: f64,
    /// How much less likely success is when every transit state denies its airspace; each
    /// state's denial counts for its `airspace_share`.
    pub airspace_effect: f64,
    /// Each transit state's share of `airspace_effect`; `None`: equal shares (exactly 1/n).
    pub airspace_share: Option<Vec<f64>>,
    pub patron_deal: f64,
    pub patron_success: f64,
    pub patron_failure: f64,
    /// The patron's cost of supporting a strike.
    pub cost_support: f64,
    /// The patron's cost of abstaining after its public pledge (an audience cost).
    pub patron_commitment: f64,
    pub ally_deal: f64,
    /// The ally's value of a successful strike, before `cost_strike`.
    pub ally_success: f64,
    /// The ally's value of a failed strike, before `cost_strike`.
    pub ally_failure: f64,
    /// The ally's cost of striking, paid whatever the result.
    pub cost_strike: f64,
    /// The ally's cost of backing down after talks fail.
    pub ally_backdown: f64,
    pub target_concede: f64,
    /// The target's payoff after a successful strike.
    pub target_success: f64,
    /// The target's payoff after a failed strike.
    pub target_failure: f64,
    /// Per transit state: the cost of granting airspace (exposure, domestic opinion).
    pub transit_cost: Vec<f64>,
    /// Per transit state: what granting gains it in its alliance with the patron, when the
    /// patron supports the strike.
    pub transit_gain_from_alliance: Vec<f64>,
    /// Whether the patron first chooses to send a costly signal.
    pub signal: bool,
    pub signal_cost: f64,
    pub signal_commitment: f64,
    pub signal_effect: f64,
}

impl PatronParams {
    /// The reference trees' parameters with `transits` transit states, each gaining `gain` from
    /// the alliance (0.3 in `…_T_grants.efg`, 0 in `…_T_denies.efg`).
    pub fn reference(transits: usize, gain: f64) -> Self {
        PatronParams {
            p_success: 0.8,
            support_effect: 0.3,
            airspace_effect: 0.3,
            airspace_share: None,
            patron_deal: 0.5,
            patron_success: 0.5,
            patron_failure: -0.3,
            cost_support: 0.2,
            patron_commitment: 0.0,
            ally_deal: 1.0,
            ally_success: 1.0,
            ally_failure: -0.2,
            cost_strike: 0.2,
            ally_backdown: -0.1,
            target_concede: -0.5,
            target_success: -1.0,
            target_failure: -0.3,
            transit_cost: vec![0.2; transits],
            transit_gain_from_alliance: vec![gain; transits],
            signal: false,
            signal_cost: 0.0,
            signal_commitment: 0.0,
            signal_effect: 0.0,
        }
    }

    pub fn transits(&self) -> usize {
        self.transit_cost.len()
    }
}

/// The outcome classes, in report order: C concedes; talks fail and nobody strikes; the strike
/// succeeds (a short campaign); the strike fails and the conflict goes on (war).
pub const CLASSES: [&str; 4] = ["deal", "standoff", "strike", "war"];
/// The roles of the first three players; transit states follow as `transit`.
pub const ROLES: [&str; 3] = ["patron", "ally", "target"];

/// Most transit states a tree may have (the tree doubles with each).
pub const MAX_TRANSITS: usize = 8;

fn clamp01(x: Q) -> Q {
    if x < Q::zero() {
        Q::zero()
    } else if x > Q::one() {
        Q::one()
    } else {
        x
    }
}

/// Builds the tree. `players` are the patron, ally, target and one name per transit state.
pub fn build(p: &PatronParams, players: &[&str]) -> Result<CrisisGame, BuildError> {
    let n = p.transits();
    assert_eq!(players.len(), 3 + n, "one player name per role");
    assert_eq!(p.transit_gain_from_alliance.len(), n);
    if let Some(share) = &p.airspace_share {
        assert_eq!(share.len(), n);
    }
    let title = if n == 1 {
        format!(
            "Patron {} backs ally {} strike on {} if talks fail; transit {} may deny airspace ({} alliance benefit={:?})",
            players[0], players[1], players[2], players[3], players[3], p.transit_gain_from_alliance[0]
        )
    } else {
        format!(
            "Patron {} backs ally {} strike on {} if talks fail; transit states {} may deny airspace",
            players[0],
            players[1],
            players[2],
            players[3..].join(", ")
        )
    };
    let mut s = Sketch::new(&title, players, &CLASSES);
    let mut roles: Vec<&str> = ROLES.to_vec();
    roles.extend(vec!["transit"; n]);
    let root = s.b.root();
    if p.signal {
        let kids = s.decide(
            root,
            0,
            &format!("{}: costly signal", players[0]),
            &["Deploy", "Hold"],
        )?;
        talks(&mut s, p, players, kids[0], Some(true))?;
        talks(&mut s, p, players, kids[1], Some(false))?;
    } else {
        talks(&mut s, p, players, root, None)?;
    }
    s.finish(&roles)
}

/// The game from the target's decision at the talks on; `signal` says whether the patron
/// deployed (None: the game has no signal move).
fn talks(
    s: &mut Sketch,
    p: &PatronParams,
    players: &[&str],
    node: NodeId,
    signal: Option<bool>,
) -> Result<(), BuildError> {
    let n = p.transits();
    let tag = match signal {
        None => String::new(),
        Some(true) => " [deployed]".into(),
        Some(false) => " [held]".into(),
    };
    let deployed = signal == Some(true);
    let signal_cost = if deployed {
        exact(p.signal_cost)
    } else {
        Q::zero()
    };
    let players_n = 3 + n;
    let (a, b, c) = (players[0], players[1], players[2]);
    let kids = s.decide(node, 2, &format!("{c}: talks{tag}"), &["Concede", "Refuse"])?;
    let mut deal = vec![Q::zero(); players_n];
    deal[0] = exact(p.patron_deal) - &signal_cost;
    deal[1] = exact(p.ally_deal);
    deal[2] = exact(p.target_concede);
    s.terminal(kids[0], &format!("Settlement{tag}"), deal, "deal", true)?;
    s.failure(kids[1]);
    let support = s.decide(
        kids[1],
        0,
        &format!("{a}: patron commitment{tag}"),
        &["Support", "Abstain"],
    )?;
    for (k, &sup_node) in support.iter().enumerate() {
        let supports = k == 0;
        let letter = if supports { "S" } else { "N" };
        let strike = s.decide(
            sup_node,
            1,
            &format!("{b}: strike? ({letter}){tag}"),
            &["Strike", "BackDown"],
        )?;
        // What the patron pays on every outcome of this branch.
        let mut patron_extra = -signal_cost.clone();
        if supports {
            // The support's cost is paid only if the ally strikes (see below).
        } else {
            patron_extra -= exact(p.patron_commitment);
            if deployed {
                patron_extra -= exact(p.signal_commitment);
            }
        }
        transit_step(
            s,
            p,
            players,
            strike[0],
            supports,
            deployed,
            letter.to_string(),
            &tag,
            &patron_extra,
        )?;
        let mut back = vec![Q::zero(); players_n];
        back[0] = patron_extra.clone();
        back[1] = exact(p.ally_backdown);
        s.terminal(
            strike[1],
            &format!("BackDown_{letter}{tag}"),
            back,
            "standoff",
            true,
        )?;
    }
    Ok(())
}

/// The transit states' decisions, in order, then chance. `history` holds S/N and one G/D per
/// state decided so far.
#[allow(clippy::too_many_arguments)]
fn transit_step(
    s: &mut Sketch,
    p: &PatronParams,
    players: &[&str],
    node: NodeId,
    supports: bool,
    deployed: bool,
    history: String,
    tag: &str,
    patron_extra: &Q,
) -> Result<(), BuildError> {
    let decided = history.len() - 1;
    let n = p.transits();
    if decided < n {
        let t = players[3 + decided];
        let kids = s.decide(
            node,
            3 + decided,
            &format!("{t}: airspace ({history}){tag}"),
            &["Grant", "Deny"],
        )?;
        transit_step(
            s,
            p,
            players,
            kids[0],
            supports,
            deployed,
            format!("{history}G"),
            tag,
            patron_extra,
        )?;
        return transit_step(
            s,
            p,
            players,
            kids[1],
            supports,
            deployed,
            format!("{history}D"),
            tag,
            patron_extra,
        );
    }
    let grants: Vec<bool> = history[1..].chars().map(|c| c == 'G').collect();
    let mut prob = exact(p.p_success);
    if !supports {
        prob -= exact(p.support_effect);
    }
    if supports && deployed {
        prob += exact(p.signal_effect);
    }
    for (t, granted) in grants.iter().enumerate() {
        if !granted {
            let share = match &p.airspace_share {
                Some(share) => exact(share[t]),
                None => Q::one() / Q::from_integer((n as i64).into()),
            };
            prob -= exact(p.airspace_effect) * share;
        }
    }
    let prob = clamp01(prob);
    let kids = s.chance(
        node,
        &format!("strike {history}{tag}"),
        &[("Success", prob.clone()), ("Failure", Q::one() - prob)],
    )?;
    let mut patron = patron_extra.clone();
    if supports {
        patron -= exact(p.cost_support);
    }
    let mut base = vec![Q::zero(); 3 + n];
    for (t, granted) in grants.iter().enumerate() {
        if *granted {
            base[3 + t] = -exact(p.transit_cost[t])
                + if supports {
                    exact(p.transit_gain_from_alliance[t])
                } else {
                    Q::zero()
                };
        }
    }
    let cost_strike = exact(p.cost_strike);
    let mut success = base.clone();
    success[0] = exact(p.patron_success) + &patron;
    success[1] = exact(p.ally_success) - &cost_strike;
    success[2] = exact(p.target_success);
    s.terminal(
        kids[0],
        &format!("Success_{history}{tag}"),
        success,
        "strike",
        true,
    )?;
    let mut failure = base;
    failure[0] = exact(p.patron_failure) + &patron;
    failure[1] = exact(p.ally_failure) - &cost_strike;
    failure[2] = exact(p.target_failure);
    s.terminal(
        kids[1],
        &format!("Failure_{history}{tag}"),
        failure,
        "war",
        true,
    )?;
    Ok(())
}
