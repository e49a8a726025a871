//! The link from the crisis to the bargaining table: each side's expected payoff from the crisis
//! game, should talks fail, becomes its disagreement point in the Nash bargaining forecast.
//!
//! Units. On issue j, actor i's utility of outcome x is `u_ij(x) = −|x − x_ij| / span_j`
//! (linear) or `−((x − x_ij) / span_j)²` (quadratic): moving an issue across its whole scale
//! is worth 1. Crisis payoffs are relative to the status quo (0) with stakes of order 1. One
//! unit of crisis payoff is worth `payoff_scale` units of the actor's utility over all the
//! issues it holds a position on, shared among them by salience. So the disagreement utility
//! is
//!
//! `d_ij = u_ij(status quo_j) + payoff_scale · (s_ij / Σ_k s_ik) · EU_i(talks fail)`
//!
//! for the actors who play a role in the game, and `u_ij(status quo_j)` for the others — with
//! every crisis payoff 0 the forecast is exactly the status-quo NBS of `brink forecast --model
//! nbs`. A side that gains from the crisis asks more at the table, a side that the threat hurts
//! accepts more: `forecast_shift` is how far that moves each issue's forecast.

use brink_core::{Scenario, Utility};
use brink_models::baselines::{nash_bargaining, nash_bargaining_utilities};
use indexmap::IndexMap;
use serde::Serialize;

/// One issue's bargaining forecast without and with the crisis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueLink {
    pub issue: String,
    /// The NBS with the status quo as disagreement point (`None` when the issue has none).
    pub baseline: Option<f64>,
    /// The NBS with the crisis disagreement utilities (the status quo, with a note, when no
    /// outcome beats the crisis for every actor).
    pub with_crisis: Option<f64>,
    /// `with_crisis − baseline`.
    pub shift: Option<f64>,
    /// Each actor's disagreement utility on this issue, on the issue's raw scale (the units
    /// `nash_bargaining_utilities` takes).
    pub disagreement: IndexMap<String, f64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Each issue's forecast with the crisis disagreement point. `failure_payoff` maps actor ids
/// (the game's players) to their expected payoff should talks fail; `issues` restricts the
/// link to some issues (the others are reported with a zero shift).
pub fn link(
    scenario: &Scenario,
    failure_payoff: &IndexMap<String, f64>,
    payoff_scale: f64,
    issues: Option<&[String]>,
    utility: Utility,
) -> Vec<IssueLink> {
    // Each actor's total salience over the issues it holds a position on.
    let tables: Vec<_> = (0..scenario.issues.len())
        .map(|j| scenario.issue_table(j))
        .collect();
    let mut total_salience: IndexMap<&str, f64> = IndexMap::new();
    for t in &tables {
        for (id, s) in t.ids.iter().zip(&t.salience) {
            *total_salience.entry(id.as_str()).or_default() += s;
        }
    }
    scenario
        .issues
        .iter()
        .zip(&tables)
        .map(|(issue, t)| {
            let mut notes = vec![];
            let span = issue.scale[1] - issue.scale[0];
            let power = match utility {
                Utility::Linear => 1,
                Utility::Quadratic => 2,
            };
            let mut w = t.weights();
            if w.iter().all(|w| *w <= 0.0) {
                w = vec![1.0; t.len()];
                notes.push("every actor's capability × salience is 0 on this issue: equal weights used".into());
            }
            let applies = match issues {
                Some(ids) => ids.contains(&issue.id),
                None => true,
            };
            let Some(sq) = issue.status_quo.as_ref().map(|s| s.point()) else {
                notes.push("no status quo on this issue: the threat has no reference point, so the crisis does not move it".into());
                return IssueLink {
                    issue: issue.id.clone(),
                    baseline: None,
                    with_crisis: None,
                    shift: None,
                    disagreement: IndexMap::new(),
                    notes,
                };
            };
            let baseline = nash_bargaining(&t.position, &w, Some(sq), utility, issue.scale);
            let mut disagreement = IndexMap::new();
            let d: Vec<f64> = t
                .ids
                .iter()
                .zip(&t.position)
                .zip(&t.salience)
                .map(|((id, x), s)| {
                    let u_sq = -((sq - x).abs() / span).powi(power);
                    let share = match total_salience.get(id.as_str()) {
                        Some(total) if *total > 0.0 => s / total,
                        _ => 0.0,
                    };
                    let crisis = if applies {
                        failure_payoff.get(id).copied().unwrap_or(0.0)
                    } else {
                        0.0
                    };
                    let d_norm = u_sq + payoff_scale * share * crisis;
                    let d_raw = d_norm * span.powi(power);
                    disagreement.insert(id.clone(), d_raw);
                    d_raw
                })
                .collect();
            let with_crisis = if d.iter().zip(&t.position).all(|(d, x)| {
                // Unchanged disagreement utilities: exactly the baseline (its d-in-the-Pareto-set
                // convention included).
                let u_sq = -((sq - x).abs()).powi(power);
                (d - u_sq).abs() <= 1e-12 * span.powi(power)
            }) {
                baseline
            } else {
                nash_bargaining_utilities(&t.position, &w, &d, utility, issue.scale)
            };
            let with_crisis = if with_crisis.is_none() {
                let blockers: Vec<&str> = t
                    .ids
                    .iter()
                    .zip(&d)
                    .filter(|(_, d)| **d >= 0.0)
                    .map(|(id, _)| id.as_str())
                    .collect();
                notes.push(if blockers.is_empty() {
                    "no outcome on the scale is better than the crisis for every actor: no bargain, the status quo stays".into()
                } else {
                    format!(
                        "no outcome is better than the crisis for every actor ({} prefer{} the crisis to any deal): no bargain, the status quo stays",
                        blockers.join(", "),
                        if blockers.len() == 1 { "s" } else { "" }
                    )
                });
                // As in the status-quo NBS: with no bargain to strike, the status quo stays.
                Some(sq)
            } else {
                with_crisis
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
                notes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_core::{Actor, Issue, Position, Uncertain};
    use proptest::prelude::*;

    fn scenario(positions: &[f64], weights: &[f64], sq: f64) -> Scenario {
        let mut s = Scenario {
            name: "t".into(),
            ..Default::default()
        };
        s.issues.push(Issue {
            id: "x".into(),
            name: "x".into(),
            scale: [0.0, 100.0],
            labels: vec![],
            status_quo: Some(Uncertain::Fixed(sq)),
            outcome: None,
            why: None,
        });
        for (i, (x, w)) in positions.iter().zip(weights).enumerate() {
            s.actors.push(Actor {
                id: format!("a{i}"),
                name: String::new(),
                capability: Uncertain::Fixed(*w),
                why: None,
            });
            s.positions.push(Position {
                actor: format!("a{i}"),
                issue: "x".into(),
                at: Uncertain::Fixed(*x),
                salience: Uncertain::Fixed(1.0),
                why: None,
            });
        }
        s
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
            for utility in [Utility::Quadratic, Utility::Linear] {
                let l = &link(&s, &pay, 1.0, None, utility)[0];
                let (Some(base), Some(with)) = (l.baseline, l.with_crisis) else { continue };
                let toward = (with - base) * (xs[target] - base);
                prop_assert!(toward <= 1e-7, "{utility:?}: base {base} → {with}, target at {}", xs[target]);
            }
        }
    }
}
