//! The model's small per-actor rules, shared by the fast engine and the direct reference:
//! utilities, expected utility, offer classification and choice, risk exponents, median, mean.
//! Expressions keep the replication's order of operations so that results agree to the last bits
//! where possible.

use crate::{Move, MoveKind, Variant};

/// The weight Q of the status quo in EU (Scholz et al. set Q = 1).
const Q: f64 = 1.0;

/// Relative tolerance under which two floating-point sums are treated as tied (risk spread,
/// median half-split).
const TIE_TOLERANCE: f64 = 1e-12;

/// (U_s, U_f) of a challenge across distance `dist`, for a reckoner with exponent `r`:
/// 2 − 4 (0.5 ∓ 0.5 dist/Δ)^r.
#[inline]
pub(crate) fn success_failure(dist: f64, delta: f64, r: f64) -> (f64, f64) {
    let half = 0.5 * dist / delta;
    let success = 0.5 - half;
    let failure = 0.5 + half;
    if r == 1.0 {
        (2.0 - 4.0 * success, 2.0 - 4.0 * failure)
    } else {
        (2.0 - 4.0 * success.powf(r), 2.0 - 4.0 * failure.powf(r))
    }
}

/// U_sq = 2 − 4 · 0.5^r.
#[inline]
pub(crate) fn status_quo(r: f64) -> f64 {
    if r == 1.0 {
        0.0
    } else {
        2.0 - 4.0 * 0.5f64.powf(r)
    }
}

/// EU(i → j) = s_j [P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq, where `s_target` is the
/// challenged actor's salience (its probability of resisting).
#[inline]
pub(crate) fn expected_utility(p: f64, s_target: f64, us: f64, uf: f64, usq: f64) -> f64 {
    s_target * (p * us + (1.0 - p) * uf) + (1.0 - s_target) * us - Q * usq
}

/// P_ij from the vote sums: `for_i` = Σ_k max(0, v_k(i, j)), `for_j` = Σ_k max(0, v_k(j, i)),
/// `global` = the scholz denominator Σ_{k,a,b} |v_k(a, b)|.
#[inline]
pub(crate) fn probability(variant: Variant, for_i: f64, for_j: f64, global: f64) -> f64 {
    match variant {
        // No voter at all (every c·s = 0): no challenge can win.
        Variant::Scholz => {
            if global > 0.0 {
                for_i / global
            } else {
                0.0
            }
        }
        // Nobody prefers either: an even chance, so P_ij + P_ji = 1 still holds.
        Variant::Textbook => {
            let total = for_i + for_j;
            if total > 0.0 {
                for_i / total
            } else {
                0.5
            }
        }
    }
}

/// The offer receiver i gets from proposer j, if any: its kind and i's new position.
#[inline]
pub(crate) fn classify(
    variant: Variant,
    x_i: f64,
    x_j: f64,
    e_ij: f64,
    e_ji: f64,
) -> Option<(MoveKind, f64)> {
    if exceeds(e_ji, e_ij) && e_ij > 0.0 {
        Some((MoveKind::Confrontation, x_j))
    } else if e_ji > 0.0 && 0.0 > e_ij && exceeds(e_ji, e_ij.abs()) {
        Some((
            MoveKind::Compromise,
            compromise_position(x_i, x_j, e_ij, e_ji),
        ))
    } else if variant == Variant::Textbook && e_ji > 0.0 && 0.0 > e_ij && exceeds(e_ij.abs(), e_ji)
    {
        // The replication writes this test as `e_ji < abs(e_ji)`, which never holds: scholz
        // never capitulates.
        Some((MoveKind::Capitulation, x_j))
    } else {
        None
    }
}

/// Whether [`classify`] finds an offer (any kind), without branches: the dense engine
/// evaluates it for every pair in vectorised loops and classifies only the pairs it selects.
#[inline(always)]
pub(crate) fn has_offer(variant: Variant, e_ij: f64, e_ji: f64) -> bool {
    let confrontation = exceeds(e_ji, e_ij) & (e_ij > 0.0);
    let yielding = (e_ji > 0.0) & (0.0 > e_ij);
    let compromise = yielding & exceeds(e_ji, e_ij.abs());
    let capitulation = (variant == Variant::Textbook) & yielding & exceeds(e_ij.abs(), e_ji);
    confrontation | compromise | capitulation
}

/// Where a compromise takes receiver i: |e_ij / e_ji| of the way to x_j.
#[inline(always)]
fn compromise_position(x_i: f64, x_j: f64, e_ij: f64, e_ji: f64) -> f64 {
    x_i + (x_j - x_i) * (e_ij / e_ji).abs()
}

/// The key by which [`BestOffers::consider`] ranks offers of one kind (least first).
#[inline(always)]
fn offer_key(
    variant: Variant,
    kind: MoveKind,
    from: f64,
    proposer_at: f64,
    to: f64,
    e_ij: f64,
    e_ji: f64,
) -> f64 {
    match (variant, kind) {
        // Scholz's rule, faithful to the replication though it contradicts the papers'
        // "least move": the compromise whose EU-weighted mix of the two positions is least.
        (Variant::Scholz, MoveKind::Compromise) => {
            (e_ij.abs() * from + e_ji.abs() * proposer_at) / (e_ij.abs() + e_ji.abs())
        }
        _ => (from - to).abs(),
    }
}

/// `a > b` by more than rounding: [`TIE_TOLERANCE`] relative to max(1, |a|, |b|) — utilities
/// are O(1) quantities (U ∈ [−2, 2]) whose floating-point errors are absolute. Two expected
/// utilities that are equal in exact arithmetic (e.g. e_ij = e_ji whenever P_ji = 1 and s_j = 0
/// in textbook) come out a few ulps apart in either direction; such a tie must not decide a move.
#[inline(always)]
fn exceeds(a: f64, b: f64) -> bool {
    a - b > TIE_TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// The best offer of each kind one receiver has seen so far.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct BestOffers {
    slots: [Option<(f64, Move)>; 3],
}

impl BestOffers {
    /// Keeps `m` if it beats the current best of its kind: least key, then first proposer in input
    /// order (the replication's `min` over actors in input order).
    #[inline]
    pub(crate) fn consider(&mut self, variant: Variant, m: Move) {
        let key = offer_key(variant, m.kind, m.from, m.proposer_at, m.to, m.e_ij, m.e_ji);
        let slot = &mut self.slots[m.kind as usize];
        let better = match slot {
            None => true,
            Some((best_key, best)) => {
                key < *best_key || (key == *best_key && m.proposer < best.proposer)
            }
        };
        if better {
            *slot = Some((key, m));
        }
    }

    /// Any confrontation first, else a compromise, else a capitulation.
    #[inline]
    pub(crate) fn choice(&self) -> Option<Move> {
        self.slots.iter().flatten().map(|(_, m)| *m).next()
    }
}

/// r_i = (1 − R_i/3)/(1 + R_i/3) with R_i = (2 S_i − max S − min S)/(max S − min S); all 1 when
/// the dangers are equal up to rounding ([`TIE_TOLERANCE`] relative to max(1, |S|): dangers are
/// sums of O(1) utilities, so their errors are absolute).
pub(crate) fn risk_exponents(danger: &[f64], r: &mut [f64]) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &d in danger {
        lo = lo.min(d);
        hi = hi.max(d);
    }
    let spread = hi - lo;
    if spread <= TIE_TOLERANCE * hi.abs().max(lo.abs()).max(1.0) {
        r.fill(1.0);
        return;
    }
    for (ri, &d) in r.iter_mut().zip(danger) {
        let big_r = (2.0 * d - hi - lo) / spread;
        *ri = (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0);
    }
}

/// The c·s-weighted mean; the plain mean when every weight is 0.
pub(crate) fn weighted_mean(x: &[f64], w: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (xi, wi) in x.iter().zip(w) {
        num += wi * xi;
        den += wi;
    }
    if den > 0.0 {
        num / den
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// The c·s-weighted Condorcet winner among the positions (linear utilities): the lowest position
/// at which the running weight, in increasing position, reaches half the total. `order` is
/// scratch space of length `x.len()`; every weight 0 ⇒ equal weights.
pub(crate) fn weighted_median(x: &[f64], w: &[f64], order: &mut [usize]) -> f64 {
    for (t, o) in order.iter_mut().enumerate() {
        *o = t;
    }
    order.sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let total: f64 = order.iter().map(|&i| w[i]).sum();
    let equal = total <= 0.0;
    let total = if equal { x.len() as f64 } else { total };
    let half = 0.5 * total * (1.0 - TIE_TOLERANCE);
    let mut running = 0.0;
    for &i in order.iter() {
        running += if equal { 1.0 } else { w[i] };
        if running >= half {
            return x[i];
        }
    }
    x[order[order.len() - 1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_offer_agrees_with_classify() {
        let values = [
            -2.0,
            -1.0,
            -0.5,
            -1e-9,
            -1e-13,
            -0.0,
            0.0,
            1e-13,
            1e-9,
            0.3,
            0.5,
            0.5 + 1e-13,
            1.0,
            2.0,
        ];
        for variant in [Variant::Scholz, Variant::Textbook] {
            for &e_ij in &values {
                for &e_ji in &values {
                    assert_eq!(
                        has_offer(variant, e_ij, e_ji),
                        classify(variant, 1.0, 2.0, e_ij, e_ji).is_some(),
                        "{variant:?} e_ij {e_ij} e_ji {e_ji}"
                    );
                }
            }
        }
    }
}
