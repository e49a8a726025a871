//! Whether an iterating model's run settled — converged, cycling or drifting — and how its
//! forecast is summarised when it did not. Shared by every iterating model (bdm, smp, exchange)
//! and by their allocation-free Monte Carlo paths, so that all of them decide the same way.
//!
//! A run is a sequence of **states**: round 0 the initial one, round r the one after r rounds.
//! A state is the whole of what the next round depends on (every actor's position on the issue,
//! or in the model's space), as one vector of numbers. Two states are **the same** when no entry
//! differs by more than the tolerance `tol` = [`RELATIVE_TOLERANCE`] × the width of the scale the
//! entries live on (each model says which width it uses). Then:
//!
//! - **converged**: the last round moved no entry by more than `tol` (state_r ≈ state_{r−1});
//! - **cycle of period p** (p ≥ 2): the smallest p ≤ [`MAX_PERIOD`] with state_r ≈ state_{r−p}
//!   (and no smaller one): when the next state is a function of the current one, the run repeats
//!   those p states for ever;
//! - **drift**: neither — still moving, with no repeat found among the last [`MAX_PERIOD`] states.
//!
//! The forecast of a cycling run is the mean of the model's forecast quantity over the p states
//! of the cycle (the last p rounds run), with the cycle's range [min, max] as its interval; a
//! drifting run keeps its last round's forecast, marked as not converged ([`annotate`]).

use crate::forecast::ModelForecast;
use serde::Serialize;
use serde_json::json;

/// States closer than this × the scale's width count as the same.
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// The longest cycle looked for. (The EC emission case under bdm's scholz variant settles into
/// a cycle of 70 rounds, after 580.)
pub const MAX_PERIOD: usize = 128;

/// How a run ended, judged on its last states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settling {
    /// The last round moved nothing (beyond the tolerance).
    Converged,
    /// The last state repeats the one `period` rounds before it (`period` ≥ 2, the smallest).
    Cycle { period: usize },
    /// Still moving, no repeat found.
    Drift,
}

impl Settling {
    /// Whether the run has come to rest, in a point or in a cycle (what `--until-stable` waits for).
    pub fn settled(self) -> bool {
        !matches!(self, Settling::Drift)
    }
}

/// Whether no entry of `a` and `b` differs by more than `tol`. Stops at the first that does, so
/// comparing against states that differ costs a few reads.
#[inline]
pub fn same_state(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

/// Judges a run from its last states: `back(k)` is the state k rounds before the newest
/// (`back(0)` the newest), for k < `count`. `None` when fewer than two states exist (no round run).
pub fn settling<'a>(count: usize, back: impl Fn(usize) -> &'a [f64], tol: f64) -> Option<Settling> {
    if count < 2 {
        return None;
    }
    let newest = back(0);
    let period = (1..count.min(MAX_PERIOD + 1)).find(|&p| same_state(newest, back(p), tol));
    Some(match period {
        Some(1) => Settling::Converged,
        Some(period) => Settling::Cycle { period },
        None => Settling::Drift,
    })
}

/// [`settling`] over a whole recorded run (`states[r]` is round r).
pub fn settling_of_run<S: AsRef<[f64]>>(states: &[S], tol: f64) -> Option<Settling> {
    let n = states.len();
    settling(n, |k| states[n - 1 - k].as_ref(), tol)
}

/// For a recorded run that ends in a cycle of `period`: the round at which the repeating part
/// begins, i.e. the smallest s with state_t ≈ state_{t+period} for every t from s on.
pub fn cycle_start<S: AsRef<[f64]>>(states: &[S], period: usize, tol: f64) -> usize {
    let mut s = states.len() - 1 - period;
    while s > 0 && same_state(states[s - 1].as_ref(), states[s - 1 + period].as_ref(), tol) {
        s -= 1;
    }
    s
}

/// The last states of a run that keeps no records (Monte Carlo): a ring of up to
/// [`MAX_PERIOD`] + 1 states, sized once and reused without allocating.
#[derive(Clone, Debug, Default)]
pub struct StateRing {
    /// Numbers per state.
    width: usize,
    /// States it can hold.
    capacity: usize,
    buf: Vec<f64>,
    len: usize,
    /// Slot of the newest state.
    head: usize,
}

impl StateRing {
    /// Empties the ring for states of `width` numbers, keeping the last `keep` (at most
    /// [`MAX_PERIOD`] + 1); allocates only when it must grow.
    pub fn reset(&mut self, width: usize, keep: usize) {
        self.width = width;
        self.capacity = keep.clamp(1, MAX_PERIOD + 1);
        let need = self.capacity * width;
        if self.buf.len() < need {
            self.buf.resize(need, 0.0);
        }
        self.len = 0;
        self.head = 0;
    }

    /// Records the newest state (dropping the oldest when full).
    pub fn push(&mut self, state: &[f64]) {
        debug_assert_eq!(state.len(), self.width);
        self.head = if self.len == 0 {
            0
        } else {
            (self.head + 1) % self.capacity
        };
        self.buf[self.head * self.width..][..self.width].copy_from_slice(state);
        self.len = (self.len + 1).min(self.capacity);
    }

    /// States held.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The state `k` rounds before the newest (k < `len`).
    pub fn back(&self, k: usize) -> &[f64] {
        assert!(
            k < self.len,
            "the ring holds {} states, asked for {k} back",
            self.len
        );
        let slot = (self.head + self.capacity - k) % self.capacity;
        &self.buf[slot * self.width..][..self.width]
    }

    /// [`settling`] of the states held.
    pub fn settling(&self, tol: f64) -> Option<Settling> {
        settling(self.len, |k| self.back(k), tol)
    }
}

/// The forecast quantity over the states of a cycle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CycleStats {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

impl CycleStats {
    pub fn of(values: &[f64]) -> CycleStats {
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let (min, max) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        CycleStats { mean, min, max }
    }
}

/// A cycle as reported in a forecast's JSON (`"cycle": {…}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CycleReport {
    pub period: usize,
    /// The forecast quantity's range over the cycle.
    pub min: f64,
    pub max: f64,
    /// Its mean over the cycle: the reported forecast.
    pub mean: f64,
    /// The round at which the repeating part of the run begins.
    pub first_round: usize,
    /// The forecast quantity at each state of the cycle: rounds r − period + 1 … r.
    pub values: Vec<f64>,
}

/// Records in `f` how the run settled, with `values[r]` the forecast quantity after round r
/// (round 0 first) and `first_round` where a cycle begins (see [`cycle_start`]):
/// - always `"converged": bool`;
/// - for a cycle, `"cycle": {period, min, max, mean, first_round, values}`, the forecast (and
///   `mean`, for models whose forecast is their mean) replaced by the mean over the cycle, the
///   last round's kept as `"last_round_forecast"`, and a note;
/// - for drift, a note (the forecast stays the last round's) with the forecast's range over the
///   rounds run (at most the last [`MAX_PERIOD`]).
pub fn annotate(
    f: &mut ModelForecast,
    settling: Settling,
    values: &[f64],
    first_round: usize,
    rounds_run: usize,
) {
    let note = match settling {
        Settling::Converged => {
            f.extra.insert("converged".into(), json!(true));
            return;
        }
        Settling::Cycle { period } => {
            let cycle = &values[values.len() - period..];
            let stats = CycleStats::of(cycle);
            let last = *values.last().expect("a cycle has values");
            let report = CycleReport {
                period,
                min: stats.min,
                max: stats.max,
                mean: stats.mean,
                first_round,
                values: cycle.to_vec(),
            };
            if f.mean == Some(f.forecast) {
                f.mean = Some(stats.mean);
            }
            f.forecast = stats.mean;
            f.extra.insert("converged".into(), json!(false));
            f.extra.insert(
                "cycle".into(),
                serde_json::to_value(report).expect("a cycle serialises"),
            );
            f.extra.insert("last_round_forecast".into(), json!(last));
            format!(
                "does not converge: from round {first_round} it repeats a cycle of {period} rounds, \
                 over which its forecast ranges {} – {}; the forecast is the mean over the cycle \
                 ({} after the last round, {rounds_run})",
                short(stats.min),
                short(stats.max),
                short(last)
            )
        }
        Settling::Drift => {
            f.extra.insert("converged".into(), json!(false));
            // Rounds 1 … r (at most the last MAX_PERIOD); round 0 is the input.
            let from = values
                .len()
                .saturating_sub(MAX_PERIOD)
                .max(1)
                .min(values.len() - 1);
            let stats = CycleStats::of(&values[from..]);
            format!(
                "does not converge: still moving after {rounds_run} rounds, with no repeating cycle \
                 (its forecast ranged {} – {} over them); the forecast is the last round's — \
                 `--until-stable` runs until it settles or cycles",
                short(stats.min),
                short(stats.max)
            )
        }
    };
    let notes = f
        .extra
        .entry("notes")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    if let Some(list) = notes.as_array_mut() {
        list.push(json!(note));
    }
}

/// A number for a note: four significant digits, no trailing zeros.
fn short(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let digits = (3 - x.abs().max(1e-300).log10().floor() as i32).clamp(0, 12) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(states: &[&[f64]]) -> Option<Settling> {
        settling_of_run(states, 1e-9)
    }

    #[test]
    fn a_run_that_stops_moving_converged() {
        assert_eq!(
            run(&[&[0.0, 1.0], &[0.5, 1.0], &[0.5, 1.0]]),
            Some(Settling::Converged)
        );
        // Within the tolerance counts as still.
        assert_eq!(
            run(&[&[0.0], &[0.5], &[0.5 + 1e-10]]),
            Some(Settling::Converged)
        );
        assert_eq!(run(&[&[0.0]]), None);
    }

    #[test]
    fn the_smallest_period_is_found_and_where_the_cycle_starts() {
        let a: &[f64] = &[4.1, 7.0];
        let b: &[f64] = &[9.96, 7.0];
        let states = [&[5.0, 5.0][..], &[6.0, 6.0], a, b, a, b, a];
        assert_eq!(run(&states), Some(Settling::Cycle { period: 2 }));
        assert_eq!(cycle_start(&states, 2, 1e-9), 2);
        let c: &[f64] = &[1.0, 1.0];
        let states3 = [a, b, c, a, b, c, a, b, c];
        assert_eq!(run(&states3), Some(Settling::Cycle { period: 3 }));
        assert_eq!(cycle_start(&states3, 3, 1e-9), 0);
    }

    #[test]
    fn a_run_still_moving_drifts() {
        let states: Vec<Vec<f64>> = (0..20).map(|r| vec![r as f64 * 0.1]).collect();
        assert_eq!(settling_of_run(&states, 1e-9), Some(Settling::Drift));
        assert!(!Settling::Drift.settled());
        assert!(Settling::Cycle { period: 3 }.settled());
    }

    #[test]
    fn the_ring_judges_as_the_whole_run_does() {
        // A cycle of period 5 after a transient of 7, then the ring of 6 states.
        let state = |r: usize| -> Vec<f64> {
            if r < 7 {
                vec![100.0 + r as f64, 0.0]
            } else {
                vec![((r - 7) % 5) as f64, 1.0]
            }
        };
        let states: Vec<Vec<f64>> = (0..30).map(state).collect();
        let mut ring = StateRing::default();
        ring.reset(2, 6);
        for (r, s) in states.iter().enumerate() {
            ring.push(s);
            assert_eq!(ring.len(), (r + 1).min(6));
            assert_eq!(ring.back(0), &s[..]);
            let whole = settling_of_run(&states[..=r], 1e-9);
            // The ring sees periods up to 5, as does the whole run here.
            assert_eq!(ring.settling(1e-9), whole, "round {r}");
        }
        assert_eq!(ring.back(5), &states[24][..]);
        assert_eq!(cycle_start(&states, 5, 1e-9), 7);
        // Reuse for a narrower state without allocating more.
        let cap = ring.buf.capacity();
        ring.reset(1, 3);
        ring.push(&[1.0]);
        assert_eq!(ring.settling(1e-9), None);
        assert_eq!(ring.buf.capacity(), cap);
    }

    #[test]
    fn a_cycle_replaces_the_forecast_by_its_mean() {
        let mut f = ModelForecast::point("bdm", 9.96);
        f.mean = Some(9.96);
        let values = [7.0, 6.0, 4.1, 9.96, 4.1, 9.96];
        annotate(&mut f, Settling::Cycle { period: 2 }, &values, 2, 5);
        assert!((f.forecast - 7.03).abs() < 1e-12);
        assert_eq!(f.mean, Some(f.forecast));
        assert_eq!(f.extra["converged"], json!(false));
        let cycle = &f.extra["cycle"];
        assert_eq!(cycle["period"], json!(2));
        assert_eq!(cycle["min"], json!(4.1));
        assert_eq!(cycle["max"], json!(9.96));
        assert_eq!(cycle["first_round"], json!(2));
        assert_eq!(cycle["values"], json!([4.1, 9.96]));
        assert_eq!(f.extra["last_round_forecast"], json!(9.96));
        let note = f.extra["notes"][0].as_str().unwrap();
        assert!(
            note.contains("cycle of 2 rounds") && note.contains("4.1 – 9.96"),
            "{note}"
        );

        let mut g = ModelForecast::point("exchange", 3.0);
        annotate(&mut g, Settling::Drift, &[1.0, 2.0, 3.0], 0, 2);
        assert_eq!(g.forecast, 3.0);
        assert_eq!(g.extra["converged"], json!(false));
        assert!(!g.extra.contains_key("cycle"));
        assert!(g.extra["notes"][0]
            .as_str()
            .unwrap()
            .contains("still moving after 2 rounds"));

        let mut h = ModelForecast::point("smp", 3.0);
        annotate(&mut h, Settling::Converged, &[1.0, 3.0, 3.0], 0, 2);
        assert_eq!(h.extra["converged"], json!(true));
        assert!(!h.extra.contains_key("notes"));
    }
}
