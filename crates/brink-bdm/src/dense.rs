//! The dense engine for small scenarios: one round as whole-matrix passes in input order, with
//! every power of the round computed in one batch of SIMD `exp`s and `ln`s (`vmath`).
//!
//! The sorted engine (`engine.rs`) needs O(n²) work per round against this one's O(n³), but its
//! work is a chain of scalar steps and single libm calls; for the tens of actors a real
//! negotiation has — and the millions of Monte Carlo draws it is run for — straight-line passes
//! over n × n matrices that the compiler vectorises are several times faster. The formulas are
//! the direct transcription's (`reference.rs`), in the same order: the vote sums add the same
//! terms in the same order, so with r = 1 (the danger pass) they are the same bits, and with
//! other exponents they differ only by `vmath`'s sub-ulp powers.
//!
//! Layout: every n × n matrix is stored by rows of `stride` = n rounded up to whole SIMD lanes,
//! and every per-actor vector is padded to `stride` too, so each pass over a row is whole
//! vectors with no scalar remainder. Padding columns hold finite garbage that no result reads.

use crate::rules::{classify, has_offer, risk_exponents, BestOffers};
use crate::{Move, Variant};

/// Up to this many actors a round runs here; beyond it the sorted O(n²) engine is faster.
pub(crate) const DENSE_MAX_ACTORS: usize = 48;

/// The passes run over this many columns at once (four f64 in an AVX2 register).
const LANES: usize = 4;

/// ln 0.5, the logarithm of the status quo's distance term (0.5^r = e^{r ln 0.5}).
const LN_HALF: f64 = -std::f64::consts::LN_2;

/// Buffers for one round; sized by [`Dense::resize`], then reused without allocating.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dense {
    n: usize,
    /// n rounded up to whole lanes: the row length of every matrix below.
    stride: usize,
    /// This round's positions, saliences and c·s weights, padded (the padding repeats actor 0's
    /// position and has salience and weight 0).
    x: Vec<f64>,
    s: Vec<f64>,
    w: Vec<f64>,
    /// |x_k − x_c|/Δ.
    scaled_distance: Vec<f64>,
    /// W[k][c] = w_k (|x_k − x_c|/Δ)^{r_k}: voter k's weighted distance to actor c.
    weighted: Vec<f64>,
    /// N[a][b] = Σ_k max(0, v_k(a, b)): the support for a over b.
    support_for: Vec<f64>,
    /// N[b][a] in a's row: the support for b over a.
    support_against: Vec<f64>,
    /// Per unordered pair a < b (packed), three blocks: ln(|x_a − x_b|/Δ), ln(0.5 − ½|x_a − x_b|/Δ)
    /// and ln(0.5 + ½|x_a − x_b|/Δ), for the positions in `logged_at`.
    pair_logs: Vec<f64>,
    /// The positions `pair_logs` were computed for; empty before the first round of a run.
    logged_at: Vec<f64>,
    /// Whether each actor stands elsewhere than in `logged_at`.
    moved: Vec<bool>,
    /// The pairs whose logarithms are recomputed this round: packed index, and the three
    /// arguments (then logarithms) interleaved.
    stale_pairs: Vec<usize>,
    stale_terms: Vec<f64>,
    /// Three matrices, rows by actor i: r_i ln(|x_i − x_j|/Δ) and r_i ln(0.5 ∓ ½|x_i − x_j|/Δ),
    /// then their exponentials in place; and a padded vector of r_i ln 0.5 → 0.5^{r_i}.
    powers: Vec<f64>,
    /// e_ij and e_ji (receiver i's reckoning).
    eu_ij: Vec<f64>,
    eu_ji: Vec<f64>,
    /// 1 where proposer j makes receiver i an offer it would accept (of any kind), else 0.
    offers: Vec<f64>,
    danger: Vec<f64>,
}

/// The lanes of a chunk from `chunks_exact(LANES)`, as an array (copied out: the compiler
/// cannot tell that the buffers don't overlap, and would not vectorise loads after stores).
#[inline(always)]
fn quad(chunk: &[f64]) -> [f64; LANES] {
    chunk.try_into().expect("chunks_exact(LANES)")
}

/// A row's lanes, as arrays.
#[inline(always)]
fn quads(row: &[f64]) -> impl Iterator<Item = [f64; LANES]> + '_ {
    row.chunks_exact(LANES).map(quad)
}

impl Dense {
    /// Sizes the buffers for `n` actors and forgets the last run.
    pub(crate) fn resize(&mut self, n: usize) {
        self.n = n;
        let stride = n.div_ceil(LANES) * LANES;
        self.stride = stride;
        let pairs = n * n.saturating_sub(1) / 2;
        let matrix = n * stride;
        for (v, len) in [
            (&mut self.x, stride),
            (&mut self.s, stride),
            (&mut self.w, stride),
            (&mut self.scaled_distance, matrix),
            (&mut self.weighted, matrix),
            (&mut self.support_for, matrix),
            (&mut self.support_against, matrix),
            (&mut self.pair_logs, 3 * pairs),
            (&mut self.stale_terms, 3 * pairs),
            (&mut self.powers, 3 * matrix + stride),
            (&mut self.eu_ij, matrix),
            (&mut self.eu_ji, matrix),
            (&mut self.offers, matrix),
            (&mut self.danger, stride),
        ] {
            v.resize(len, 0.0);
        }
        // Padding must hold finite numbers: start from zeros.
        self.powers.fill(0.0);
        self.stale_pairs.resize(pairs, 0);
        self.moved.resize(n, true);
        self.logged_at.clear();
        self.logged_at.reserve(n);
    }

    /// Plays one round on positions `x` (input order, Δ > 0): writes the risk exponents into `r`
    /// and the accepted offers, in actor order, into `moves`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn round(
        &mut self,
        x: &[f64],
        w: &[f64],
        s: &[f64],
        delta: f64,
        variant: Variant,
        r: &mut [f64],
        moves: &mut Vec<Move>,
    ) {
        let textbook = variant == Variant::Textbook;
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe {
                if textbook {
                    self.round_avx2::<true>(x, w, s, delta, r, moves)
                } else {
                    self.round_avx2::<false>(x, w, s, delta, r, moves)
                }
            };
            return;
        }
        if textbook {
            self.round_portable::<true>(x, w, s, delta, r, moves)
        } else {
            self.round_portable::<false>(x, w, s, delta, r, moves)
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn round_avx2<const TEXTBOOK: bool>(
        &mut self,
        x: &[f64],
        w: &[f64],
        s: &[f64],
        delta: f64,
        r: &mut [f64],
        moves: &mut Vec<Move>,
    ) {
        self.round_portable::<TEXTBOOK>(x, w, s, delta, r, moves)
    }

    /// The round itself; inlined into each instruction-set variant so that every loop is
    /// vectorised for it (the same IEEE operations either way: the results are identical).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn round_portable<const TEXTBOOK: bool>(
        &mut self,
        x_in: &[f64],
        w_in: &[f64],
        s_in: &[f64],
        delta: f64,
        r: &mut [f64],
        moves: &mut Vec<Move>,
    ) {
        let variant = if TEXTBOOK {
            Variant::Textbook
        } else {
            Variant::Scholz
        };
        let (n, stride) = (self.n, self.stride);
        debug_assert_eq!(x_in.len(), n);
        self.x[..n].copy_from_slice(x_in);
        self.x[n..].fill(x_in[0]);
        self.s[..n].copy_from_slice(s_in);
        self.w[..n].copy_from_slice(w_in);
        self.s[n..].fill(0.0);
        self.w[n..].fill(0.0);

        // |x_k − x_c|/Δ once per pair: every term of the round is a function of it.
        for (k, row) in self.scaled_distance.chunks_exact_mut(stride).enumerate() {
            let xk = self.x[k];
            for (out, xc) in row.chunks_exact_mut(LANES).zip(quads(&self.x)) {
                let mut scaled = [0.0; LANES];
                for l in 0..LANES {
                    scaled[l] = (xk - xc[l]).abs() / delta;
                }
                out.copy_from_slice(&scaled);
            }
        }

        // 1. Risk exponents from dangers computed with every r = 1.
        weigh(stride, &self.w, &self.scaled_distance, &mut self.weighted);
        let global = vote_sums(
            n,
            stride,
            &self.weighted,
            &mut self.support_for,
            &mut self.support_against,
        );
        self.danger.fill(0.0);
        let rows = self
            .support_for
            .chunks_exact(stride)
            .zip(self.support_against.chunks_exact(stride))
            .zip(self.scaled_distance.chunks_exact(stride));
        for ((support_row, against_row), scaled_row) in rows {
            let columns = self
                .danger
                .chunks_exact_mut(LANES)
                .zip(quads(support_row))
                .zip(quads(against_row))
                .zip(quads(scaled_row))
                .zip(quads(&self.s));
            for ((((out, support), against), scaled), s) in columns {
                // Challenger i (this row), targets j: P_ij from N[i][j] and N[j][i].
                let mut danger = quad(out);
                for l in 0..LANES {
                    let p = probability::<TEXTBOOK>(support[l], against[l], global);
                    // (0.5 d)/Δ = 0.5 (d/Δ) exactly: scaling by 2 commutes with rounding.
                    let half = 0.5 * scaled[l];
                    let us = 2.0 - 4.0 * (0.5 - half);
                    let uf = 2.0 - 4.0 * (0.5 + half);
                    // i = j adds exactly 0 (distance 0: U_s = U_f = 0).
                    danger[l] += s[l] * (p * us + (1.0 - p) * uf) + (1.0 - s[l]) * us;
                }
                out.copy_from_slice(&danger);
            }
        }
        risk_exponents(&self.danger[..n], r);

        // 2. Every power of the round in two batches: the logarithms once per unordered pair
        // (only for pairs that moved), then r_i times them (and ln 0.5 for the status quo)
        // exponentiated.
        self.refresh_pair_logs();
        let pairs = n * (n - 1) / 2;
        let matrix = n * stride;
        {
            let (lin, rest) = self.pair_logs.split_at(pairs);
            let (succ, fail) = rest.split_at(pairs);
            let (dist_pow, rest) = self.powers.split_at_mut(matrix);
            let (succ_pow, rest) = rest.split_at_mut(matrix);
            let (fail_pow, usq_pow) = rest.split_at_mut(matrix);
            let mut p = 0;
            for a in 0..n {
                let at = a * stride;
                dist_pow[at + a] = f64::NEG_INFINITY;
                succ_pow[at + a] = 0.0;
                fail_pow[at + a] = 0.0;
                for b in a + 1..n {
                    let (l, ls, lf) = (lin[p], succ[p], fail[p]);
                    p += 1;
                    let bt = b * stride;
                    dist_pow[at + b] = r[a] * l;
                    dist_pow[bt + a] = r[b] * l;
                    succ_pow[at + b] = r[a] * ls;
                    succ_pow[bt + a] = r[b] * ls;
                    fail_pow[at + b] = r[a] * lf;
                    fail_pow[bt + a] = r[b] * lf;
                }
                // The padding was left at e^0 = 1 by the last round: back to 0.
                dist_pow[at + n..at + stride].fill(0.0);
                succ_pow[at + n..at + stride].fill(0.0);
                fail_pow[at + n..at + stride].fill(0.0);
            }
            for (u, &ra) in usq_pow.iter_mut().zip(r.iter()) {
                *u = ra * LN_HALF;
            }
            usq_pow[n..].fill(0.0);
        }
        crate::vmath::exp_in_place(&mut self.powers);
        let (dist_pow, rest) = self.powers.split_at_mut(matrix);
        let (succ_pow, rest) = rest.split_at_mut(matrix);
        let (fail_pow, usq_pow) = rest.split_at_mut(matrix);
        // r = 1 exactly (every actor, when the dangers tie) keeps the linear terms exact, as the
        // replication computes them.
        for a in 0..n {
            if r[a] == 1.0 {
                for b in 0..n {
                    let d = self.scaled_distance[a * stride + b];
                    let half = 0.5 * d;
                    dist_pow[a * stride + b] = d;
                    succ_pow[a * stride + b] = 0.5 - half;
                    fail_pow[a * stride + b] = 0.5 + half;
                }
                usq_pow[a] = 0.5;
            }
        }
        weigh(stride, &self.w, dist_pow, &mut self.weighted);
        let global = vote_sums(
            n,
            stride,
            &self.weighted,
            &mut self.support_for,
            &mut self.support_against,
        );

        // 3. Every receiver's two expected utilities against every proposer, and whether the
        // offer is one it would take; then, per receiver, the best offer of those.
        let rows = self
            .support_for
            .chunks_exact(stride)
            .zip(self.support_against.chunks_exact(stride))
            .zip(
                succ_pow
                    .chunks_exact(stride)
                    .zip(fail_pow.chunks_exact(stride)),
            )
            .zip(self.eu_ij.chunks_exact_mut(stride))
            .zip(self.eu_ji.chunks_exact_mut(stride))
            .zip(self.offers.chunks_exact_mut(stride));
        for (i, rows) in rows.enumerate() {
            let (
                ((((support_row, against_row), (succ_row, fail_row)), eu_ij_row), eu_ji_row),
                offers_row,
            ) = rows;
            let (si, xi) = (self.s[i], self.x[i]);
            let usq = if r[i] == 1.0 {
                0.0
            } else {
                2.0 - 4.0 * usq_pow[i]
            };
            let inputs = quads(support_row)
                .zip(quads(against_row))
                .zip(quads(succ_row).zip(quads(fail_row)))
                .zip(quads(&self.s).zip(quads(&self.x)));
            let outputs = eu_ij_row
                .chunks_exact_mut(LANES)
                .zip(eu_ji_row.chunks_exact_mut(LANES))
                .zip(offers_row.chunks_exact_mut(LANES));
            for ((((support, against), (succ, fail)), (s, x)), ((out_ij, out_ji), out_offer)) in
                inputs.zip(outputs)
            {
                let mut e_ij = [0.0; LANES];
                let mut e_ji = [0.0; LANES];
                let mut offer = [0.0; LANES];
                for l in 0..LANES {
                    let p_ij = probability::<TEXTBOOK>(support[l], against[l], global);
                    let p_ji = probability::<TEXTBOOK>(against[l], support[l], global);
                    let us = 2.0 - 4.0 * succ[l];
                    let uf = 2.0 - 4.0 * fail[l];
                    e_ij[l] = s[l] * (p_ij * us + (1.0 - p_ij) * uf) + (1.0 - s[l]) * us - usq;
                    e_ji[l] = si * (p_ji * us + (1.0 - p_ji) * uf) + (1.0 - si) * us - usq;
                    // Actors at one position make each other no offers.
                    let takes = has_offer(variant, e_ij[l], e_ji[l]) & (x[l] != xi);
                    offer[l] = if takes { 1.0 } else { 0.0 };
                }
                out_ij.copy_from_slice(&e_ij);
                out_ji.copy_from_slice(&e_ji);
                out_offer.copy_from_slice(&offer);
            }
        }
        moves.clear();
        for i in 0..n {
            let mut best = BestOffers::default();
            let xi = self.x[i];
            let row = i * stride;
            for j in 0..n {
                if self.offers[row + j] == 0.0 {
                    continue;
                }
                let (xj, e_ij, e_ji) = (self.x[j], self.eu_ij[row + j], self.eu_ji[row + j]);
                if let Some((kind, to)) = classify(variant, xi, xj, e_ij, e_ji) {
                    best.consider(
                        variant,
                        Move {
                            actor: i,
                            proposer: j,
                            kind,
                            from: xi,
                            proposer_at: xj,
                            to,
                            e_ij,
                            e_ji,
                        },
                    );
                }
            }
            moves.extend(best.choice());
        }
    }

    /// Brings `pair_logs` up to date for this round's positions: only the pairs with a member
    /// that moved since they were computed (all of them in a run's first round) are
    /// recomputed, in one batch. Each logarithm depends on its pair's two positions and Δ alone,
    /// so the values are the same bits as a full recomputation.
    #[inline(always)]
    fn refresh_pair_logs(&mut self) {
        let (n, stride) = (self.n, self.stride);
        let pairs = n * (n - 1) / 2;
        let first = self.logged_at.len() != n;
        for a in 0..n {
            self.moved[a] = first || self.logged_at[a] != self.x[a];
        }
        let mut stale = 0;
        let mut p = 0;
        for a in 0..n {
            for b in a + 1..n {
                if self.moved[a] || self.moved[b] {
                    let d = self.scaled_distance[a * stride + b];
                    let half = 0.5 * d;
                    self.stale_pairs[stale] = p;
                    self.stale_terms[3 * stale] = d;
                    self.stale_terms[3 * stale + 1] = 0.5 - half;
                    self.stale_terms[3 * stale + 2] = 0.5 + half;
                    stale += 1;
                }
                p += 1;
            }
        }
        crate::vmath::ln_in_place(&mut self.stale_terms[..3 * stale]);
        for t in 0..stale {
            let p = self.stale_pairs[t];
            self.pair_logs[p] = self.stale_terms[3 * t];
            self.pair_logs[pairs + p] = self.stale_terms[3 * t + 1];
            self.pair_logs[2 * pairs + p] = self.stale_terms[3 * t + 2];
        }
        self.logged_at.clear();
        self.logged_at.extend_from_slice(&self.x[..n]);
    }
}

/// W[k][c] = w_k · `distance_term`[k][c] for every voter row k.
#[inline(always)]
fn weigh(stride: usize, w: &[f64], distance_term: &[f64], weighted: &mut [f64]) {
    let rows = weighted
        .chunks_exact_mut(stride)
        .zip(distance_term.chunks_exact(stride));
    for ((out_row, d_row), &wk) in rows.zip(w) {
        for (out, d) in out_row.chunks_exact_mut(LANES).zip(quads(d_row)) {
            let mut weighted = [0.0; LANES];
            for l in 0..LANES {
                weighted[l] = wk * d[l];
            }
            out.copy_from_slice(&weighted);
        }
    }
}

/// Fills N[a][b] (`support_for`) and N[b][a] (`support_against`, in a's row) for every pair
/// from the weighted distances W and returns the scholz denominator
/// Σ_k Σ_{a,b} |v_k(a, b)| = 2 Σ_{a,b} N[a][b].
#[inline(always)]
fn vote_sums(
    n: usize,
    stride: usize,
    weighted: &[f64],
    support_for: &mut [f64],
    support_against: &mut [f64],
) -> f64 {
    let mut global = 0.0;
    for a in 0..n {
        // Columns b > a are computed (in whole lanes from the one holding a + 1); the ones
        // before are the transposes of rows already done: N[a][b] = N[b][a] of row b.
        let first = (a + 1) / LANES * LANES;
        for c in (first / LANES..stride / LANES).map(|chunk| chunk * LANES) {
            // Four columns b at once, summed over voters k in input order in registers.
            let mut for_a = [0.0; LANES];
            let mut for_b = [0.0; LANES];
            for row in weighted.chunks_exact(stride) {
                let wa = row[a];
                let wb = quad(&row[c..c + LANES]);
                // v_k(a, b) = W[k][b] − W[k][a] and v_k(b, a) = W[k][a] − W[k][b], as the
                // transcription computes them.
                for l in 0..LANES {
                    let vote_a = wb[l] - wa;
                    let vote_b = wa - wb[l];
                    for_a[l] += if vote_a > 0.0 { vote_a } else { 0.0 };
                    for_b[l] += if vote_b > 0.0 { vote_b } else { 0.0 };
                }
            }
            support_for[a * stride + c..][..LANES].copy_from_slice(&for_a);
            support_against[a * stride + c..][..LANES].copy_from_slice(&for_b);
        }
        for b in 0..first.min(a) {
            support_for[a * stride + b] = support_against[b * stride + a];
            support_against[a * stride + b] = support_for[b * stride + a];
        }
        if first > a {
            support_for[a * stride + a] = 0.0;
            support_against[a * stride + a] = 0.0;
        }
        for &f in &support_for[a * stride..a * stride + n] {
            global += f;
        }
    }
    2.0 * global
}

/// [`crate::rules::probability`] without branches (selects, so that the loops around it
/// vectorise), for a variant fixed at compile time: the same values.
#[inline(always)]
fn probability<const TEXTBOOK: bool>(for_i: f64, for_j: f64, global: f64) -> f64 {
    if TEXTBOOK {
        let total = for_i + for_j;
        let p = for_i / total;
        if total > 0.0 {
            p
        } else {
            0.5
        }
    } else {
        let p = for_i / global;
        if global > 0.0 {
            p
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible stream of floats in [0, 1) (splitmix64).
    fn uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// The SIMD build of the round and the portable one give the same bits (the module's
    /// promise: same results on every machine).
    #[test]
    fn simd_and_portable_rounds_are_identical() {
        let mut next = uniform(7);
        for case in 0..40 {
            let n = 2 + case % 23;
            let x: Vec<f64> = (0..n).map(|_| (100.0 * next()).round() / 4.0).collect();
            let s: Vec<f64> = (0..n).map(|_| next()).collect();
            let w: Vec<f64> = s.iter().map(|si| si * next()).collect();
            let (lo, hi) = x
                .iter()
                .fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
            if hi <= lo {
                continue;
            }
            for variant in [Variant::Scholz, Variant::Textbook] {
                let (mut a, mut b) = (Dense::default(), Dense::default());
                a.resize(n);
                b.resize(n);
                let (mut xa, mut xb) = (x.clone(), x.clone());
                for _round in 0..5 {
                    let (mut ra, mut rb) = (vec![0.0; n], vec![0.0; n]);
                    let (mut ma, mut mb) = (Vec::new(), Vec::new());
                    a.round(&xa, &w, &s, hi - lo, variant, &mut ra, &mut ma);
                    if variant == Variant::Textbook {
                        b.round_portable::<true>(&xb, &w, &s, hi - lo, &mut rb, &mut mb);
                    } else {
                        b.round_portable::<false>(&xb, &w, &s, hi - lo, &mut rb, &mut mb);
                    }
                    let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&ra), bits(&rb), "case {case} {variant:?}: risk");
                    assert_eq!(ma.len(), mb.len());
                    for (p, q) in ma.iter().zip(&mb) {
                        assert_eq!((p.actor, p.proposer, p.kind), (q.actor, q.proposer, q.kind));
                        assert_eq!(p.to.to_bits(), q.to.to_bits());
                        xa[p.actor] = p.to;
                        xb[q.actor] = q.to;
                    }
                }
            }
        }
    }
}
