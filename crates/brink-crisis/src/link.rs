//! The link from the crisis to the bargaining table: diplomacy and deterrence as one system.
//!
//! Should the talks fail, the crisis game is played: with probability `q = P(no deal)` (the
//! QRE's) play reaches a failure node, and then each terminal t with `P(t | no deal)`, each at a
//! point `x_{t,k}` on every issue ([`crate::breakdown`]). On issue k actor i's utility of x is
//! `u_ik(x) = −|x − x_ik| / span_k` (linear) or `−((x − x_ik) / span_k)²` (quadratic): moving an
//! issue across its whole scale is worth 1. One unit of crisis payoff is worth `payoff_scale`
//! units of utility, shared among the issues the crisis bears on by the actor's salience
//! (`share_ik = s_ik / Σ_{k' crisis issues} s_ik'`). The disagreement utility of every actor is
//!
//! - a player of a game whose payoffs are measured from the status quo (patron; deterrence):
//!   `d_ik = u_ik(sq_k) + q · payoff_scale · share_ik · EU_i(talks fail)` — its own payoffs
//!   already price the outcomes and its costs; a player of a game whose payoffs are shares of the
//!   stake (Fearon, IIG) takes the rule below with its own cost of fighting as `cost_i`
//!   (`analysis::players_breakdown`);
//! - any other actor: `d_ik = (1 − q) u_ik(sq_k) + q [Σ_t P(t | no deal) u_ik(x_{t,k})
//!   − P(violence | no deal) · payoff_scale · share_ik · cost_i]` — the breakdown lottery seen
//!   from its own position, minus its cost of a war it does not fight (`bystander_cost`).
//!
//! (Fearon 1995; Powell 2006: the expected outcome of fighting, net of its costs, is each side's
//! disagreement value; Binmore, Rubinstein & Wolinsky 1986: the NBS's disagreement point is the
//! breakdown payoff, weighted here by the QRE's probability that failure leads to the crisis
//! rather than back to the status quo.) The asymmetric NBS (weights c·s) is recomputed per issue
//! with these `d_ik`. The expected breakdown point `x̄_k = Σ_t P(t | no deal) x_{t,k}` and the
//! reference point `(1 − q) sq_k + q x̄_k` are reported; the reference point replaces the status
//! quo in the models that use one ([`crate::compare`]). With `q = 0`, or every outcome at the
//! status quo and every payoff and cost 0, the forecast is exactly the status-quo NBS of `brink
//! forecast --model nbs`. When no point beats breakdown for every actor, the actors who block
//! are named with their margins, and the issue goes to the reference point.

use brink_core::{Scenario, Utility};
use brink_models::baselines::{nash_bargaining, nash_bargaining_utilities};
use indexmap::IndexMap;
use serde::Serialize;

/// What the crisis says about failed talks (one solution of the game).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Breakdown {
    /// P(no deal).
    pub q: f64,
    /// Each player's (actor id's) expected crisis payoff should talks fail.
    pub failure_payoff: IndexMap<String, f64>,
    /// P(a violent outcome | no deal).
    pub violence: f64,
    /// Per issue (scenario order): the breakdown lottery as `(P(t | no deal), point)` pairs.
    pub lotteries: Vec<Vec<(f64, f64)>>,
    /// Explicit bystander costs by actor id; `default_bystander_cost` for the others.
    pub bystander_cost: IndexMap<String, f64>,
    pub default_bystander_cost: f64,
}

/// An actor that keeps an issue from a bargain better than breakdown for everyone.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocker {
    pub actor: String,
    /// The part of the scale it prefers to breakdown (`null`: none — it prefers breakdown to
    /// every point, even its own position).
    pub accepts: Option<[f64; 2]>,
    /// How far apart the acceptable sets are (scale units), or, for an actor that accepts
    /// nothing, how much it prefers breakdown to its own position (issue utility).
    pub margin: f64,
}

/// One issue's bargaining forecast without and with the crisis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueLink {
    pub issue: String,
    /// The NBS with the status quo as disagreement point (`None` when the issue has none).
    pub baseline: Option<f64>,
    /// The NBS with the crisis disagreement utilities (the reference point when no point beats
    /// breakdown for every actor).
    pub with_crisis: Option<f64>,
    /// `with_crisis − baseline`.
    pub shift: Option<f64>,
    /// Each actor's disagreement utility on this issue, on the issue's raw scale (the units
    /// `nash_bargaining_utilities` takes).
    pub disagreement: IndexMap<String, f64>,
    /// The expected breakdown point `x̄` (conditional on no deal).
    pub breakdown_point: Option<f64>,
    /// `(1 − q) sq + q x̄`: where the talks leave the issue if the table does not settle it —
    /// the status quo of the models that use one.
    pub reference_point: Option<f64>,
    /// Who blocks a bargain, when nothing beats breakdown for everyone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocking: Vec<Blocker>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The actors who block a bargain on an issue (`radii`: how far from its position each actor
/// still prefers a point to breakdown; ≤ 0: nowhere), or an empty list when some point suits all.
fn blockers(
    ids: &[String],
    x: &[f64],
    w: &[f64],
    radii: &[f64],
    d: &[f64],
    scale: [f64; 2],
) -> Vec<Blocker> {
    let live: Vec<usize> = (0..x.len()).filter(|&i| w[i] > 0.0).collect();
    let mut out: Vec<Blocker> = live
        .iter()
        .filter(|&&i| radii[i] <= 0.0)
        .map(|&i| Blocker {
            actor: ids[i].clone(),
            accepts: None,
            margin: d[i].max(0.0),
        })
        .collect();
    if !out.is_empty() {
        return out;
    }
    let lower = |i: usize| (x[i] - radii[i]).max(scale[0]);
    let upper = |i: usize| (x[i] + radii[i]).min(scale[1]);
    let (Some(&a), Some(&b)) = (
        live.iter().max_by(|&&i, &&j| lower(i).total_cmp(&lower(j))),
        live.iter().min_by(|&&i, &&j| upper(i).total_cmp(&upper(j))),
    ) else {
        return out;
    };
    let gap = lower(a) - upper(b);
    if gap < 0.0 {
        return out;
    }
    for i in [a, b] {
        if out.iter().all(|o| o.actor != ids[i]) {
            out.push(Blocker {
                actor: ids[i].clone(),
                accepts: Some([lower(i), upper(i)]),
                margin: gap,
            });
        }
    }
    out
}

/// The blocking actors in words.
pub fn blocking_words(issue: &str, blocking: &[Blocker], dec: usize) -> String {
    let parts: Vec<String> = blocking
        .iter()
        .map(|b| match b.accepts {
            None => format!(
                "{} prefers breakdown to any deal, even its own position (by {:.3} in utility)",
                b.actor, b.margin
            ),
            Some([lo, hi]) => format!("{} accepts only {lo:.dec$}–{hi:.dec$}", b.actor),
        })
        .collect();
    let gap = blocking
        .iter()
        .find(|b| b.accepts.is_some())
        .map(|b| format!(" (a gap of {:.dec$})", b.margin))
        .unwrap_or_default();
    format!(
        "{issue}: no deal beats breakdown for every actor — {}{gap}; the issue goes to its reference point",
        parts.join("; ")
    )
}

/// Each issue's forecast with the crisis as everyone's disagreement point. `issues` restricts
/// the crisis payoffs and bystander costs to some issues (`None`: all).
pub fn link(
    scenario: &Scenario,
    bd: &Breakdown,
    payoff_scale: f64,
    issues: Option<&[String]>,
    utility: Utility,
) -> Vec<IssueLink> {
    let tables: Vec<_> = (0..scenario.issues.len())
        .map(|j| scenario.issue_table(j))
        .collect();
    let bears = |id: &str| issues.is_none_or(|ids| ids.iter().any(|i| i == id));
    // Each actor's total salience over the issues the crisis bears on.
    let mut total_salience: IndexMap<&str, f64> = IndexMap::new();
    for (issue, t) in scenario.issues.iter().zip(&tables) {
        if bears(&issue.id) {
            for (id, s) in t.ids.iter().zip(&t.salience) {
                *total_salience.entry(id.as_str()).or_default() += s;
            }
        }
    }
    let power = match utility {
        Utility::Linear => 1,
        Utility::Quadratic => 2,
    };
    let q = bd.q;
    scenario
        .issues
        .iter()
        .zip(&tables)
        .enumerate()
        .map(|(k, (issue, t))| {
            let mut notes = vec![];
            let span = issue.scale[1] - issue.scale[0];
            let mut w = t.weights();
            if w.iter().all(|w| *w <= 0.0) {
                w = vec![1.0; t.len()];
                notes.push("every actor's capability × salience is 0 on this issue: equal weights used".into());
            }
            let Some(sq) = issue.status_quo.as_ref().map(|s| s.point()) else {
                notes.push("no status quo on this issue: the threat has no reference point, so the crisis does not move it".into());
                return IssueLink {
                    issue: issue.id.clone(),
                    baseline: None,
                    with_crisis: None,
                    shift: None,
                    disagreement: IndexMap::new(),
                    breakdown_point: None,
                    reference_point: None,
                    blocking: vec![],
                    notes,
                };
            };
            let lottery = bd.lotteries.get(k).cloned().unwrap_or_default();
            let mass: f64 = lottery.iter().map(|(p, _)| p).sum();
            let x_bar = if mass > 0.0 {
                lottery.iter().map(|(p, x)| p * x).sum::<f64>() / mass
            } else {
                sq
            };
            let reference = (1.0 - q) * sq + q * x_bar;
            let u = |x: f64, xi: f64| -((x - xi).abs() / span).powi(power);
            let on_issue = bears(&issue.id);
            let baseline = nash_bargaining(&t.position, &w, Some(sq), utility, issue.scale);
            let mut disagreement = IndexMap::new();
            let d: Vec<f64> = t
                .ids
                .iter()
                .zip(&t.position)
                .zip(&t.salience)
                .map(|((id, &xi), s)| {
                    let share = match total_salience.get(id.as_str()) {
                        Some(total) if *total > 0.0 && on_issue => s / total,
                        _ => 0.0,
                    };
                    let d_norm = match bd.failure_payoff.get(id) {
                        Some(eu) => u(sq, xi) + q * payoff_scale * share * eu,
                        None => {
                            let cost = bd
                                .bystander_cost
                                .get(id)
                                .copied()
                                .unwrap_or(bd.default_bystander_cost);
                            let lot: f64 = if mass > 0.0 {
                                lottery.iter().map(|(p, x)| p * u(*x, xi)).sum::<f64>() / mass
                            } else {
                                u(sq, xi)
                            };
                            (1.0 - q) * u(sq, xi)
                                + q * (lot - bd.violence * payoff_scale * share * cost)
                        }
                    };
                    let d_raw = d_norm * span.powi(power);
                    disagreement.insert(id.clone(), d_raw);
                    d_raw
                })
                .collect();
            let unchanged = d.iter().zip(&t.position).all(|(d, x)| {
                (d + (sq - x).abs().powi(power)).abs() <= 1e-12 * span.powi(power)
            });
            let mut blocking = vec![];
            let with_crisis = if unchanged {
                // Unchanged disagreement utilities: exactly the baseline (its d-in-the-Pareto-set
                // convention included).
                baseline
            } else {
                match nash_bargaining_utilities(&t.position, &w, &d, utility, issue.scale) {
                    Some(v) => Some(v),
                    None => {
                        let radii: Vec<f64> = d
                            .iter()
                            .map(|&d| match utility {
                                Utility::Linear => -d,
                                Utility::Quadratic => (-d).max(0.0).sqrt(),
                            })
                            .collect();
                        blocking = blockers(&t.ids, &t.position, &w, &radii, &d, issue.scale);
                        Some(reference)
                    }
                }
            };
            IssueLink {
                issue: issue.id.clone(),
                baseline,
                shift: match (baseline, with_crisis) {
                    (Some(a), Some(b)) => Some(b - a),
                    _ => None,
                },
                with_crisis,
                disagreement,
                breakdown_point: Some(x_bar),
                reference_point: Some(reference),
                blocking,
                notes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scenario(positions: &[f64], weights: &[f64], sq: f64) -> Scenario {
        let mut s = brink_testkit::ScenarioBuilder::new("t")
            .issue("x", [0.0, 100.0])
            .status_quo("x", sq);
        for (i, (x, w)) in positions.iter().zip(weights).enumerate() {
            let id = format!("a{i}");
            s = s.actor(&id, *w).position(&id, "x", *x, 1.0);
        }
        s.build()
    }

    proptest! {
        /// A threat that hurts only one actor (its payoff should talks fail < 0) makes it accept
        /// more: the forecast moves away from its position, never toward it.
        #[test]
        fn a_threat_moves_the_forecast_away_from_its_target(
            xs in prop::collection::vec(0.0f64..100.0, 2..6),
            ws in prop::collection::vec(0.1f64..1.0, 6),
            sq in 0.0f64..100.0,
            hurt in 0.01f64..1.0,
            target in 0usize..6,
        ) {
            let target = target % xs.len();
            let s = scenario(&xs, &ws[..xs.len()], sq);
            let mut pay = IndexMap::new();
            pay.insert(format!("a{target}"), -hurt);
            // Only the target plays; the others are bystanders who bear no cost and for whom
            // breakdown is the status quo.
            let bd = Breakdown {
                q: 1.0,
                failure_payoff: pay,
                lotteries: vec![vec![(1.0, sq)]],
                ..Default::default()
            };
            for utility in [Utility::Quadratic, Utility::Linear] {
                let l = &link(&s, &bd, 1.0, None, utility)[0];
                let (Some(base), Some(with)) = (l.baseline, l.with_crisis) else { continue };
                let toward = (with - base) * (xs[target] - base);
                prop_assert!(toward <= 1e-7, "{utility:?}: base {base} → {with}, target at {}", xs[target]);
            }
        }
    }
}
