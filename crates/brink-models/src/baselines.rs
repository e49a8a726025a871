//! Baseline models (../shared/design/models.md §1): closed-form forecasts for one issue.
//!
//! Each is a pure function on an issue's positions `x`, capabilities `c` and saliences `s`, with a
//! [`BargainingModel`] wrapper that applies it to every issue of a scenario. Weights are
//! `w_i = c_i · s_i`; only their ratios matter. Where every weight is zero the weighted models
//! fall back to equal weights and say so in the forecast's `notes`.

use brink_core::{
    BargainingModel, IssueTable, ModelError, ModelForecast, ModelParams, Scenario, Utility,
};
use serde_json::json;

/// The compromise (Achen; Thomson et al. 2006): `Σ w_i x_i / Σ w_i`. `None` when `Σ w = 0`.
pub fn compromise(x: &[f64], w: &[f64]) -> Option<f64> {
    let total: f64 = w.iter().sum();
    (total > 0.0).then(|| x.iter().zip(w).map(|(x, w)| x * w).sum::<f64>() / total)
}

/// The weighted median: with actors sorted by position, the first position at which the running
/// weight reaches half the total. On an exact tie (the running weight equals half the total at a
/// position) this is the lower of the two middle positions. `None` when `Σ w = 0`.
pub fn weighted_median(x: &[f64], w: &[f64]) -> Option<f64> {
    let total: f64 = w.iter().sum();
    if total <= 0.0 || x.is_empty() {
        return None;
    }
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let half = 0.5 * total;
    let mut running = 0.0;
    for &i in &order {
        running += w[i];
        // A relative tolerance, so that c·s sums that are exactly half in decimal count as ties.
        if running >= half * (1.0 - 1e-12) {
            return Some(x[i]);
        }
    }
    order.last().map(|&i| x[i])
}

/// The unweighted mean of the positions.
pub fn mean(x: &[f64]) -> Option<f64> {
    (!x.is_empty()).then(|| x.iter().sum::<f64>() / x.len() as f64)
}

/// The asymmetric Nash bargaining solution on `[lo, hi]`:
/// `argmax Π_i (u_i(x) − u_i(d))^{w_i}` over the x that every actor with `w_i > 0` strictly
/// prefers to the disagreement point `d`, with `u_i(x) = −|x − x_i|` (linear) or `−(x − x_i)²`
/// (quadratic).
///
/// - `d = None` means a non-binding disagreement point (the limit of a `d` far away): the
///   solution is then the compromise for quadratic utilities and the weighted median for linear.
/// - When no x is strictly better than `d` for everyone (d lies among the actors' ideal points,
///   i.e. in the Pareto set), the solution is `d` itself: nobody can be made better off without
///   making someone worse off, so there is no bargain to strike.
///
/// The objective `Σ w_i ln(u_i(x) − u_i(d))` is concave on the feasible interval, so its
/// maximiser is found by bisection on the sign of its (right) derivative, to machine precision.
pub fn nash_bargaining(
    x: &[f64],
    w: &[f64],
    d: Option<f64>,
    utility: Utility,
    scale: [f64; 2],
) -> Option<f64> {
    let Some(d) = d else {
        return match utility {
            Utility::Quadratic => compromise(x, w),
            Utility::Linear => weighted_median(x, w),
        };
    };
    let radii: Vec<f64> = x.iter().map(|xi| (d - xi).abs()).collect();
    match nash_bargaining_radii(x, w, &radii, utility, scale) {
        Some(v) => Some(v),
        // Nothing beats d for everyone (or nobody has weight): d is the outcome.
        None => w.iter().any(|w| *w > 0.0).then_some(d),
    }
}

/// The NBS when each actor's disagreement payoff is given as a utility level `d_i` (e.g. its
/// expected payoff from a crisis game should talks fail) rather than as a position: the actor
/// accepts x when `u_i(x) > d_i`. `None` when no x in the scale is better than disagreement for
/// every actor with weight (then talks fail).
pub fn nash_bargaining_utilities(
    x: &[f64],
    w: &[f64],
    d_utility: &[f64],
    utility: Utility,
    scale: [f64; 2],
) -> Option<f64> {
    let radii: Vec<f64> = d_utility
        .iter()
        .map(|&d| match utility {
            Utility::Linear => -d,
            Utility::Quadratic => (-d).max(0.0).sqrt(),
        })
        .collect();
    nash_bargaining_radii(x, w, &radii, utility, scale)
}

/// The NBS core: actor i accepts x when `|x − x_i| < r_i`, its gain being `r_i − |x − x_i|`
/// (linear) or `r_i² − (x − x_i)²` (quadratic). Maximises `Σ w_i ln gain_i` over the feasible
/// interval; `None` when that interval is empty.
fn nash_bargaining_radii(
    x: &[f64],
    w: &[f64],
    radii: &[f64],
    utility: Utility,
    scale: [f64; 2],
) -> Option<f64> {
    let actors: Vec<(f64, f64, f64)> = x
        .iter()
        .zip(w)
        .zip(radii)
        .filter(|((_, w), _)| **w > 0.0)
        .map(|((x, w), r)| (*x, *w, *r))
        .collect();
    if actors.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = (scale[0], scale[1]);
    for &(xi, _, r) in &actors {
        lo = lo.max(xi - r);
        hi = hi.min(xi + r);
    }
    if lo >= hi {
        return None;
    }
    // Right derivative of Σ w ln gain_i at t (every gain > 0 inside (lo, hi)).
    let slope = |t: f64| -> f64 {
        actors
            .iter()
            .map(|&(xi, wi, r)| match utility {
                Utility::Quadratic => wi * (-2.0 * (t - xi)) / (r * r - (t - xi) * (t - xi)),
                Utility::Linear => {
                    let dir = if t >= xi { -1.0 } else { 1.0 };
                    wi * dir / (r - (t - xi).abs())
                }
            })
            .sum()
    };
    let (mut a, mut b) = (lo, hi);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if slope(m) > 0.0 {
            a = m;
        } else {
            b = m;
        }
    }
    Some(0.5 * (a + b))
}

type Extra = serde_json::Map<String, serde_json::Value>;
/// What a closed-form model computes for one issue: the forecast, notes, extra JSON keys.
type IssueForecast = (f64, Vec<String>, Extra);

/// A closed-form model: one function from an issue's table (and the scenario, for the issue's
/// scale and status quo) to a forecast, notes and extra keys; applied to every issue.
pub struct ClosedForm {
    name: &'static str,
    describe: &'static str,
    forecast: fn(&IssueTable, &Scenario, &ModelParams) -> IssueForecast,
}

impl BargainingModel for ClosedForm {
    fn name(&self) -> &'static str {
        self.name
    }
    fn describe(&self) -> &'static str {
        self.describe
    }
    fn run(
        &self,
        s: &Scenario,
        params: &ModelParams,
        _seed: u64,
    ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
        Ok((0..s.issues.len())
            .map(|i| {
                let table = s.issue_table(i);
                let (value, notes, mut extra) = (self.forecast)(&table, s, params);
                if !notes.is_empty() {
                    extra.insert("notes".into(), json!(notes));
                }
                let mut fc = ModelForecast::point(self.name, value);
                fc.extra = extra;
                (i, fc)
            })
            .collect())
    }
}

const ZERO_WEIGHTS: &str =
    "every actor's capability × salience is 0 on this issue: equal weights used";

/// `f` with c·s weights, or with equal weights (and a note) when they are all zero.
fn weighted_or_equal(table: &IssueTable, f: fn(&[f64], &[f64]) -> Option<f64>) -> IssueForecast {
    match f(&table.position, &table.weights()) {
        Some(v) => (v, vec![], Extra::new()),
        None => {
            let equal = vec![1.0; table.len()];
            (
                f(&table.position, &equal).unwrap_or(f64::NAN),
                vec![ZERO_WEIGHTS.into()],
                Extra::new(),
            )
        }
    }
}

pub static COMPROMISE: ClosedForm = ClosedForm {
    name: "compromise",
    describe: "capability×salience-weighted mean of the positions (Achen; the NBS with quadratic utilities)",
    forecast: |t, _, _| weighted_or_equal(t, compromise),
};

pub static WEIGHTED_MEDIAN: ClosedForm = ClosedForm {
    name: "median",
    describe: "capability×salience-weighted median position (ties: the lower one)",
    forecast: |t, _, _| weighted_or_equal(t, weighted_median),
};

pub static MEAN: ClosedForm = ClosedForm {
    name: "mean",
    describe: "unweighted mean of the positions (a sanity baseline)",
    forecast: |t, _, _| (mean(&t.position).unwrap_or(f64::NAN), vec![], Extra::new()),
};

pub static MIDPOINT: ClosedForm = ClosedForm {
    name: "midpoint",
    describe: "the middle of the issue's scale (a constant sanity baseline)",
    forecast: |t, s, _| {
        let [lo, hi] = s.issues[t.issue].scale;
        (0.5 * (lo + hi), vec![], Extra::new())
    },
};

pub static NBS: ClosedForm = ClosedForm {
    name: "nbs",
    describe: "asymmetric Nash bargaining solution (weights c×s; --utility linear|quadratic; d = status quo)",
    forecast: nbs_forecast,
};

fn nbs_forecast(t: &IssueTable, s: &Scenario, params: &ModelParams) -> IssueForecast {
    let issue = &s.issues[t.issue];
    let d = issue.status_quo.as_ref().map(|u| u.point());
    let mut w = t.weights();
    let mut notes = vec![];
    if w.iter().all(|w| *w <= 0.0) {
        w = vec![1.0; t.len()];
        notes.push(ZERO_WEIGHTS.to_string());
    }
    let v = nash_bargaining(&t.position, &w, d, params.utility, issue.scale).unwrap_or(f64::NAN);
    match d {
        None => notes.push(format!(
            "no status quo: non-binding disagreement point, so the NBS is the {}",
            if params.utility == Utility::Quadratic { "compromise" } else { "weighted median" }
        )),
        Some(d) if v == d => notes.push(format!(
            "the disagreement point {d} lies among the actors' positions: no outcome is better for every actor, so the NBS is d"
        )),
        Some(_) => {}
    }
    let mut extra = Extra::new();
    extra.insert(
        "utility".into(),
        json!(match params.utility {
            Utility::Linear => "linear",
            Utility::Quadratic => "quadratic",
        }),
    );
    extra.insert("disagreement_point".into(), json!(d));
    (v, notes, extra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The EC emission data: Bueno de Mesquita (1994), as tabulated by Scholz, Calbert & Smith
    /// (2011) Table 1 (capability, position in years, salience).
    const EC: [(f64, f64, f64); 10] = [
        (0.08, 4.0, 0.8),  // Netherlands
        (0.08, 7.0, 0.4),  // Belgium
        (0.03, 4.0, 0.2),  // Luxembourg
        (0.16, 4.0, 0.8),  // Germany
        (0.16, 10.0, 0.6), // France
        (0.16, 10.0, 0.6), // Italy
        (0.16, 10.0, 0.9), // UK
        (0.05, 7.0, 0.1),  // Ireland
        (0.05, 4.0, 1.0),  // Denmark
        (0.08, 7.0, 0.7),  // Greece
    ];

    fn ec() -> (Vec<f64>, Vec<f64>) {
        (
            EC.iter().map(|r| r.1).collect(),
            EC.iter().map(|r| r.0 * r.2).collect(),
        )
    }

    #[test]
    fn ec_compromise_is_the_published_weighted_mean() {
        let (x, w) = ec();
        assert!((compromise(&x, &w).unwrap() - 7.389955686853767).abs() < 1e-12);
    }

    #[test]
    fn weighted_median_tie_takes_the_lower() {
        assert_eq!(weighted_median(&[1.0, 3.0], &[1.0, 1.0]), Some(1.0));
        assert_eq!(
            weighted_median(&[1.0, 3.0, 5.0], &[1.0, 1.0, 1.0]),
            Some(3.0)
        );
        assert_eq!(weighted_median(&[1.0, 3.0], &[0.0, 0.0]), None);
    }

    #[test]
    fn nbs_quadratic_two_actors_has_closed_form() {
        // Two actors at 0 and 10, d = 20, weights 1 and 1: maximise ln(400 − x²) + ln(100 − (x−10)²).
        let v = nash_bargaining(
            &[0.0, 10.0],
            &[1.0, 1.0],
            Some(20.0),
            Utility::Quadratic,
            [0.0, 100.0],
        )
        .unwrap();
        // First-order condition: x/((20−x)(20+x)) = −(x−10)/(x(20−x)) ⇒ x² + 5x − 100 = 0.
        let expected = (-5.0 + 425f64.sqrt()) / 2.0;
        assert!((v - expected).abs() < 1e-9, "v = {v}, expected {expected}");
    }

    #[test]
    fn nbs_from_disagreement_utilities_matches_positional_d() {
        let (x, w, d) = ([0.0, 10.0], [1.0, 2.0], 20.0);
        for u in [Utility::Linear, Utility::Quadratic] {
            let du: Vec<f64> = x
                .iter()
                .map(|xi: &f64| match u {
                    Utility::Linear => -(d - xi).abs(),
                    Utility::Quadratic => -(d - xi) * (d - xi),
                })
                .collect();
            let a = nash_bargaining(&x, &w, Some(d), u, [0.0, 100.0]).unwrap();
            let b = nash_bargaining_utilities(&x, &w, &du, u, [0.0, 100.0]).unwrap();
            assert!((a - b).abs() < 1e-9);
        }
        // A disagreement as good as one's ideal point: no deal.
        assert_eq!(
            nash_bargaining_utilities(&x, &w, &[0.0, -5.0], Utility::Linear, [0.0, 100.0]),
            None
        );
    }

    #[test]
    fn nbs_with_d_in_the_pareto_set_is_d() {
        assert_eq!(
            nash_bargaining(
                &[0.0, 10.0],
                &[1.0, 1.0],
                Some(4.0),
                Utility::Linear,
                [0.0, 10.0]
            ),
            Some(4.0)
        );
    }

    #[test]
    fn nbs_without_d_is_compromise_or_median() {
        let (x, w) = ec();
        assert_eq!(
            nash_bargaining(&x, &w, None, Utility::Quadratic, [4.0, 10.0]),
            compromise(&x, &w)
        );
        assert_eq!(
            nash_bargaining(&x, &w, None, Utility::Linear, [4.0, 10.0]),
            weighted_median(&x, &w)
        );
    }

    fn actors() -> impl Strategy<Value = Vec<(f64, f64)>> {
        prop::collection::vec((0.0f64..100.0, 0.01f64..1.0), 1..12)
    }

    proptest! {
        #[test]
        fn permuting_actors_changes_nothing(a in actors(), seed in 0usize..1000) {
            let mut b = a.clone();
            b.rotate_left(seed % a.len());
            b.reverse();
            let split = |v: &[(f64, f64)]| (v.iter().map(|r| r.0).collect::<Vec<_>>(), v.iter().map(|r| r.1).collect::<Vec<_>>());
            let ((xa, wa), (xb, wb)) = (split(&a), split(&b));
            prop_assert!((compromise(&xa, &wa).unwrap() - compromise(&xb, &wb).unwrap()).abs() < 1e-9);
            prop_assert_eq!(weighted_median(&xa, &wa), weighted_median(&xb, &wb));
            let na = nash_bargaining(&xa, &wa, Some(150.0), Utility::Quadratic, [0.0, 200.0]).unwrap();
            let nb = nash_bargaining(&xb, &wb, Some(150.0), Utility::Quadratic, [0.0, 200.0]).unwrap();
            prop_assert!((na - nb).abs() < 1e-9);
        }

        #[test]
        fn scaling_all_weights_changes_nothing(a in actors(), k in 0.001f64..1000.0) {
            let x: Vec<f64> = a.iter().map(|r| r.0).collect();
            let w: Vec<f64> = a.iter().map(|r| r.1).collect();
            let wk: Vec<f64> = w.iter().map(|w| w * k).collect();
            prop_assert!((compromise(&x, &w).unwrap() - compromise(&x, &wk).unwrap()).abs() < 1e-9);
            prop_assert_eq!(weighted_median(&x, &w), weighted_median(&x, &wk));
            for u in [Utility::Linear, Utility::Quadratic] {
                let n1 = nash_bargaining(&x, &w, Some(-50.0), u, [-100.0, 200.0]).unwrap();
                let n2 = nash_bargaining(&x, &wk, Some(-50.0), u, [-100.0, 200.0]).unwrap();
                prop_assert!((n1 - n2).abs() < 1e-7, "{} vs {}", n1, n2);
            }
        }

        #[test]
        fn forecasts_lie_within_the_positions(a in actors()) {
            let x: Vec<f64> = a.iter().map(|r| r.0).collect();
            let w: Vec<f64> = a.iter().map(|r| r.1).collect();
            let (lo, hi) = x.iter().fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(*v), h.max(*v)));
            for v in [compromise(&x, &w).unwrap(), weighted_median(&x, &w).unwrap(),
                      nash_bargaining(&x, &w, Some(500.0), Utility::Linear, [0.0, 1000.0]).unwrap()] {
                prop_assert!(v >= lo - 1e-9 && v <= hi + 1e-9);
            }
        }

        #[test]
        fn quadratic_nbs_with_a_remote_d_tends_to_the_compromise(a in actors()) {
            let x: Vec<f64> = a.iter().map(|r| r.0).collect();
            let w: Vec<f64> = a.iter().map(|r| r.1).collect();
            // The gap shrinks like spread/d: at d = 1e9 it is below 1e-5 on a 0–100 spread.
            let n = nash_bargaining(&x, &w, Some(1e9), Utility::Quadratic, [0.0, 2e9]).unwrap();
            prop_assert!((n - compromise(&x, &w).unwrap()).abs() < 1e-3);
        }
    }
}
