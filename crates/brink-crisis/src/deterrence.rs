//! Extended deterrence (Signorino 1999, Gambit's `egame12`): the challenger keeps the status quo
//! or challenges; the defender backs down (the challenger's capitulation payoff) or fights (war).
//! The defender's status-quo and capitulation payoffs are normalised to 0. Its logit agent QRE
//! has a closed form ([`closed_form_qre`]), which makes it the solver's test oracle.

use crate::crisis_game::{exact, CrisisGame, Sketch};
use brink_games::BuildError;

/// The four free payoffs of the tree (Signorino's notation).
#[derive(Clone, Debug, PartialEq)]
pub struct DeterrenceParams {
    /// Challenger's status-quo payoff.
    pub u11: f64,
    /// Challenger's payoff when the defender backs down.
    pub u13: f64,
    /// Challenger's payoff from war.
    pub u14: f64,
    /// Defender's payoff from war.
    pub u24: f64,
}

impl Default for DeterrenceParams {
    /// The values of `../reference/games/ir/egame12_deterrence.efg`.
    fn default() -> Self {
        DeterrenceParams {
            u11: 0.0,
            u13: 0.5,
            u14: -1.0,
            u24: 0.5,
        }
    }
}

/// The outcome classes, in report order.
pub const CLASSES: [&str; 3] = ["status_quo", "capitulation", "war"];
/// The roles, in player order.
pub const ROLES: [&str; 2] = ["challenger", "defender"];

/// Builds the tree with the given player names (challenger, defender).
pub fn build(p: &DeterrenceParams, players: [&str; 2]) -> Result<CrisisGame, BuildError> {
    let title = format!(
        "Signorino egame12 deterrence tree (u11={:?}, u13={:?}, u14={:?}, u24={:?})",
        p.u11, p.u13, p.u14, p.u24
    );
    let mut s = Sketch::new(&title, &players, &CLASSES);
    s.b.set_comment("Player 1: SQ (keep status quo, u11) or Challenge; Player 2: Back down (CAP, u13 / 0) or Fight (WAR, u14 / u24).");
    let root = s.b.root();
    let kids = s.decide(root, 0, "P1", &["SQ", "Challenge"])?;
    let zero = exact(0.0);
    s.terminal(
        kids[0],
        "StatusQuo",
        vec![exact(p.u11), zero.clone()],
        "status_quo",
        false,
    )?;
    s.failure(kids[1]);
    let d = s.decide(kids[1], 1, "P2", &["BackDown", "Fight"])?;
    s.terminal(
        d[0],
        "Capitulation",
        vec![exact(p.u13), zero],
        "capitulation",
        false,
    )?;
    s.terminal(d[1], "War", vec![exact(p.u14), exact(p.u24)], "war", false)?;
    s.finish(&ROLES)
}

/// The logit agent QRE at rationality `lambda` in closed form: the defender fights with
/// probability `1 / (1 + e^{−λ u24})` (fighting against a backing-down payoff of 0), and the
/// challenger challenges with the logit probability of its expected challenge payoff against
/// the status quo. Returns `(P(Challenge), P(Fight))`.
pub fn closed_form_qre(p: &DeterrenceParams, lambda: f64) -> (f64, f64) {
    let logistic = |z: f64| 1.0 / (1.0 + (-z).exp());
    let fight = logistic(lambda * p.u24);
    let challenge_value = fight * p.u14 + (1.0 - fight) * p.u13;
    (logistic(lambda * (challenge_value - p.u11)), fight)
}
