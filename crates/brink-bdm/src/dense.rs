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

/// Up to this many actors a round runs here; beyond it the sorted O(n²) engine is faster
/// (measured: `cargo bench -p brink-bdm --bench bdm -- engines`; dense is 2.4× faster at 10
/// actors, 2× at 64, 1.1× at 160, and the two cross near 180).
pub(crate) const DENSE_MAX_ACTORS: usize = 160;

/// The passes run over this many columns at once (four f64 in an AVX2 register).
const LANES: usize = 4;

/// Four adjacent columns: the unit every matrix and padded vector is stored in, so that the
/// loops over them have no remainders and index whole lanes.
type Quad = [f64; LANES];

/// ln 0.5, the logarithm of the status quo's distance term (0.5^r = e^{r ln 0.5}).
const LN_HALF: f64 = -std::f64::consts::LN_2;

/// Buffers for one round; sized by [`Dense::resize`], then reused without allocating.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dense {
    n: usize,
    /// Quads per row: n rounded up to whole lanes, divided by [`LANES`].
    quads: usize,
    /// This round's positions, saliences and c·s weights, padded (the padding repeats actor 0's
    /// position and has salience and weight 0).
    x: Vec<Quad>,
    s: Vec<Quad>,
    w: Vec<Quad>,
    /// |x_k − x_c|/Δ.
    scaled_distance: Vec<Quad>,
    /// W[k][c] = w_k (|x_k − x_c|/Δ)^{r_k}: voter k's weighted distance to actor c.
    weighted: Vec<Quad>,
    /// N[a][b] = Σ_k max(0, v_k(a, b)): the support for a over b.
    support_for: Vec<Quad>,
    /// N[b][a] in a's row: the support for b over a.
    support_against: Vec<Quad>,
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
    /// The round's exponents r_i ln(·) of every power, packed (see `round_portable`), then
    /// their exponentials in place.
    exponents: Vec<f64>,
    /// Three matrices, rows by actor i: (|x_i − x_j|/Δ)^{r_i} and (0.5 ∓ ½|x_i − x_j|/Δ)^{r_i};
    /// and a padded vector of 0.5^{r_i}. Padding stays 0.
    powers: Vec<Quad>,
    /// e_ij and e_ji (receiver i's reckoning).
    eu_ij: Vec<Quad>,
    eu_ji: Vec<Quad>,
    /// The rank and key of proposer j's offer to receiver i (`rules::offer_rank_key`).
    offer_rank: Vec<Quad>,
    offer_key: Vec<Quad>,
    danger: Vec<Quad>,
}

impl Dense {
    /// Sizes the buffers for `n` actors and forgets the last run.
    pub(crate) fn resize(&mut self, n: usize) {
        // A new run: no logarithm is known yet.
        self.logged_at.clear();
        if n == self.n && !self.x.is_empty() {
            // Same layout: every buffer is sized and its padding still finite.
            return;
        }
        self.n = n;
        let quads = n.div_ceil(LANES);
        self.quads = quads;
        let matrix = n * quads;
        for (v, len) in [
            (&mut self.x, quads),
            (&mut self.s, quads),
            (&mut self.w, quads),
            (&mut self.scaled_distance, matrix),
            (&mut self.weighted, matrix),
            (&mut self.support_for, matrix),
            (&mut self.support_against, matrix),
            (&mut self.powers, 3 * matrix + quads),
            (&mut self.eu_ij, matrix),
            (&mut self.eu_ji, matrix),
            (&mut self.offer_rank, matrix),
            (&mut self.offer_key, matrix),
            (&mut self.danger, quads),
        ] {
            v.resize(len, [0.0; LANES]);
        }
        // Padding must hold finite numbers: start from zeros.
        self.powers.fill([0.0; LANES]);
        let pairs = n * n.saturating_sub(1) / 2;
        self.pair_logs.resize(3 * pairs, 0.0);
        self.exponents.resize(6 * pairs + n, 0.0);
        self.stale_terms.resize(3 * pairs, 0.0);
        self.stale_pairs.resize(pairs, 0);
        self.moved.resize(n, true);
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
        if crate::vmath::simd_available() {
            // SAFETY: the CPU supports AVX2 and FMA, checked just above.
            unsafe {
                // Up to 16 actors (the usual negotiation) each row length gets a build whose row
                // loops the compiler unrolls whole.
                match (textbook, self.quads) {
                    (true, 1) => self.round_avx2::<true, 1>(x, w, s, delta, r, moves),
                    (true, 2) => self.round_avx2::<true, 2>(x, w, s, delta, r, moves),
                    (true, 3) => self.round_avx2::<true, 3>(x, w, s, delta, r, moves),
                    (true, 4) => self.round_avx2::<true, 4>(x, w, s, delta, r, moves),
                    (true, _) => self.round_avx2::<true, 0>(x, w, s, delta, r, moves),
                    (false, 1) => self.round_avx2::<false, 1>(x, w, s, delta, r, moves),
                    (false, 2) => self.round_avx2::<false, 2>(x, w, s, delta, r, moves),
                    (false, 3) => self.round_avx2::<false, 3>(x, w, s, delta, r, moves),
                    (false, 4) => self.round_avx2::<false, 4>(x, w, s, delta, r, moves),
                    (false, _) => self.round_avx2::<false, 0>(x, w, s, delta, r, moves),
                }
            };
            return;
        }
        if textbook {
            self.round_portable::<true, 0>(x, w, s, delta, r, moves)
        } else {
            self.round_portable::<false, 0>(x, w, s, delta, r, moves)
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn round_avx2<const TEXTBOOK: bool, const QUADS: usize>(
        &mut self,
        x: &[f64],
        w: &[f64],
        s: &[f64],
        delta: f64,
        r: &mut [f64],
        moves: &mut Vec<Move>,
    ) {
        self.round_portable::<TEXTBOOK, QUADS>(x, w, s, delta, r, moves)
    }

    /// The round itself, for one variant and row length (`QUADS`, or 0: known at run time
    /// only); inlined into each instruction-set variant so that every loop is vectorised for it
    /// (the same IEEE operations either way: the results are identical).
    #[inline(always)]
    fn round_portable<const TEXTBOOK: bool, const QUADS: usize>(
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
        // QUADS = 0: the row length is only known at run time.
        let n = self.n;
        let quads = if QUADS > 0 { QUADS } else { self.quads };
        debug_assert_eq!(quads, self.quads);
        let stride = quads * LANES;
        debug_assert_eq!(x_in.len(), n);
        {
            let x = self.x.as_flattened_mut();
            x[..n].copy_from_slice(x_in);
            x[n..].fill(x_in[0]);
            let s = self.s.as_flattened_mut();
            s[..n].copy_from_slice(s_in);
            s[n..].fill(0.0);
            let w = self.w.as_flattened_mut();
            w[..n].copy_from_slice(w_in);
            w[n..].fill(0.0);
        }

        // |x_k − x_c|/Δ once per pair: every term of the round is a function of it.
        {
            let x = &self.x[..quads];
            for k in 0..n {
                let xk = self.x.as_flattened()[k];
                let out = &mut self.scaled_distance[k * quads..(k + 1) * quads];
                for q in 0..quads {
                    let xc = x[q];
                    let mut scaled = [0.0; LANES];
                    for l in 0..LANES {
                        scaled[l] = (xk - xc[l]).abs() / delta;
                    }
                    out[q] = scaled;
                }
            }
        }

        // 1. Risk exponents from dangers computed with every r = 1.
        weigh(n, quads, &self.w, &self.scaled_distance, &mut self.weighted);
        let global = vote_sums(
            n,
            quads,
            &self.weighted,
            &mut self.support_for,
            &mut self.support_against,
        );
        {
            let danger = &mut self.danger[..quads];
            danger.fill([0.0; LANES]);
            let s = &self.s[..quads];
            for i in 0..n {
                let row = i * quads..(i + 1) * quads;
                let support = &self.support_for[row.clone()];
                let against = &self.support_against[row.clone()];
                let scaled = &self.scaled_distance[row];
                for q in 0..quads {
                    // Challenger i (this row), targets j: P_ij from N[i][j] and N[j][i].
                    let (support, against, scaled, s) = (support[q], against[q], scaled[q], s[q]);
                    let mut sum = danger[q];
                    for l in 0..LANES {
                        let p = probability::<TEXTBOOK>(support[l], against[l], global);
                        // (0.5 d)/Δ = 0.5 (d/Δ) exactly: scaling by 2 commutes with rounding.
                        let half = 0.5 * scaled[l];
                        let us = 2.0 - 4.0 * (0.5 - half);
                        let uf = 2.0 - 4.0 * (0.5 + half);
                        // i = j adds exactly 0 (distance 0: U_s = U_f = 0).
                        sum[l] += s[l] * (p * us + (1.0 - p) * uf) + (1.0 - s[l]) * us;
                    }
                    danger[q] = sum;
                }
            }
        }
        risk_exponents(&self.danger.as_flattened()[..n], r);

        // 2. Every power of the round in two batches: the logarithms once per unordered pair
        // (only for pairs that moved), then r_i times them (and ln 0.5 for the status quo)
        // exponentiated.
        self.refresh_pair_logs();
        let pairs = n * (n - 1) / 2;
        let matrix = n * quads;
        {
            // Packed per pair, six at a time — (a, b) and (b, a) of each of the three terms —
            // then the n status-quo terms: no exponential is spent on the diagonal or padding.
            let (lin, rest) = self.pair_logs.split_at(pairs);
            let (succ, fail) = rest.split_at(pairs);
            let (per_pair, per_actor) = self.exponents.split_at_mut(6 * pairs);
            let mut p = 0;
            for a in 0..n {
                for b in a + 1..n {
                    let (l, ls, lf) = (lin[p], succ[p], fail[p]);
                    let (ra, rb) = (r[a], r[b]);
                    let out = &mut per_pair[6 * p..6 * p + 6];
                    out[0] = ra * l;
                    out[1] = rb * l;
                    out[2] = ra * ls;
                    out[3] = rb * ls;
                    out[4] = ra * lf;
                    out[5] = rb * lf;
                    p += 1;
                }
            }
            for (u, &ra) in per_actor.iter_mut().zip(r.iter()) {
                *u = ra * LN_HALF;
            }
        }
        crate::vmath::exp_in_place(&mut self.exponents);
        let (dist_pow, rest) = self.powers.split_at_mut(matrix);
        let (succ_pow, rest) = rest.split_at_mut(matrix);
        let (fail_pow, usq_pow) = rest.split_at_mut(matrix);
        let usq_pow = usq_pow.as_flattened_mut();
        {
            let (dist, succ, fail) = (
                dist_pow.as_flattened_mut(),
                succ_pow.as_flattened_mut(),
                fail_pow.as_flattened_mut(),
            );
            let (per_pair, per_actor) = self.exponents.split_at(6 * pairs);
            let mut p = 0;
            for a in 0..n {
                let at = a * stride;
                // (|x_a − x_a|/Δ)^r = 0; the utilities of the diagonal are never read.
                dist[at + a] = 0.0;
                for b in a + 1..n {
                    let bt = b * stride;
                    let powers = &per_pair[6 * p..6 * p + 6];
                    dist[at + b] = powers[0];
                    dist[bt + a] = powers[1];
                    succ[at + b] = powers[2];
                    succ[bt + a] = powers[3];
                    fail[at + b] = powers[4];
                    fail[bt + a] = powers[5];
                    p += 1;
                }
            }
            usq_pow[..n].copy_from_slice(per_actor);
        }
        // r = 1 exactly (every actor, when the dangers tie) keeps the linear terms exact, as the
        // replication computes them.
        for a in 0..n {
            if r[a] == 1.0 {
                let scaled = self.scaled_distance.as_flattened();
                let at = a * stride;
                for b in 0..n {
                    let d = scaled[at + b];
                    let half = 0.5 * d;
                    dist_pow.as_flattened_mut()[at + b] = d;
                    succ_pow.as_flattened_mut()[at + b] = 0.5 - half;
                    fail_pow.as_flattened_mut()[at + b] = 0.5 + half;
                }
                usq_pow[a] = 0.5;
            }
        }
        weigh(n, quads, &self.w, dist_pow, &mut self.weighted);
        let global = vote_sums(
            n,
            quads,
            &self.weighted,
            &mut self.support_for,
            &mut self.support_against,
        );

        // 3. Every receiver's two expected utilities against every proposer, and the rank and
        // key of the offer it would take from each.
        {
            let (s_all, x_all) = (&self.s[..quads], &self.x[..quads]);
            for i in 0..n {
                let (si, xi) = (s_all.as_flattened()[i], x_all.as_flattened()[i]);
                let usq = if r[i] == 1.0 {
                    0.0
                } else {
                    2.0 - 4.0 * usq_pow[i]
                };
                let row = i * quads..(i + 1) * quads;
                let support = &self.support_for[row.clone()];
                let against = &self.support_against[row.clone()];
                let succ = &succ_pow[row.clone()];
                let fail = &fail_pow[row.clone()];
                let eu_ij = &mut self.eu_ij[row.clone()];
                let eu_ji = &mut self.eu_ji[row.clone()];
                let ranks = &mut self.offer_rank[row];

                for q in 0..quads {
                    let (support, against, succ, fail) = (support[q], against[q], succ[q], fail[q]);
                    let (s, x) = (s_all[q], x_all[q]);
                    let mut e_ij = [0.0; LANES];
                    let mut e_ji = [0.0; LANES];
                    let mut rank = [0.0; LANES];
                    for l in 0..LANES {
                        let p_ij = probability::<TEXTBOOK>(support[l], against[l], global);
                        let p_ji = probability::<TEXTBOOK>(against[l], support[l], global);
                        let us = 2.0 - 4.0 * succ[l];
                        let uf = 2.0 - 4.0 * fail[l];
                        e_ij[l] = s[l] * (p_ij * us + (1.0 - p_ij) * uf) + (1.0 - s[l]) * us - usq;
                        e_ji[l] = si * (p_ji * us + (1.0 - p_ji) * uf) + (1.0 - si) * us - usq;
                        // Actors at one position make each other no offers.
                        let takes = has_offer(variant, e_ij[l], e_ji[l]) & (x[l] != xi);
                        rank[l] = if takes { 1.0 } else { 0.0 };
                    }
                    eu_ij[q] = e_ij;
                    eu_ji[q] = e_ji;
                    ranks[q] = rank;
                }
            }
        }

        // Receiver i's best offer among those it would take (a bit set, so that the loop
        // branches once per offer, not once per proposer).
        moves.clear();
        let x = self.x.as_flattened();
        for i in 0..n {
            let at = i * stride;
            let takes = &self.offer_rank.as_flattened()[at..at + n];
            let mut best = BestOffers::default();
            let xi = x[i];
            // 64 proposers per bit set.
            for (block, takes) in takes.chunks(64).enumerate() {
                let mut offers = 0u64;
                for (bit, &t) in takes.iter().enumerate() {
                    offers |= u64::from(t != 0.0) << bit;
                }
                while offers != 0 {
                    let j = 64 * block + offers.trailing_zeros() as usize;
                    offers &= offers - 1;
                    let xj = x[j];
                    let (e_ij, e_ji) = (
                        self.eu_ij.as_flattened()[at + j],
                        self.eu_ji.as_flattened()[at + j],
                    );
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
        let n = self.n;
        let stride = self.quads * LANES;
        let pairs = n * (n - 1) / 2;
        let x = self.x.as_flattened();
        let scaled = self.scaled_distance.as_flattened();
        if self.logged_at.len() != n {
            self.moved.fill(true);
        } else {
            for ((moved, before), now) in self.moved.iter_mut().zip(&self.logged_at).zip(x) {
                *moved = before != now;
            }
        }
        let mut stale = 0;
        let mut p = 0;
        for a in 0..n {
            for b in a + 1..n {
                if self.moved[a] || self.moved[b] {
                    let d = scaled[a * stride + b];
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
        self.logged_at.extend_from_slice(&x[..n]);
    }
}

/// W[k][c] = w_k · `distance_term`[k][c] for every voter row k.
#[inline(always)]
fn weigh(n: usize, quads: usize, w: &[Quad], distance_term: &[Quad], weighted: &mut [Quad]) {
    for (k, &wk) in w.as_flattened()[..n].iter().enumerate() {
        let row = k * quads..(k + 1) * quads;
        let (d, out) = (&distance_term[row.clone()], &mut weighted[row]);
        for q in 0..quads {
            let mut weighted = [0.0; LANES];
            for l in 0..LANES {
                weighted[l] = wk * d[q][l];
            }
            out[q] = weighted;
        }
    }
}

/// Fills N[a][b] (`support_for`) and N[b][a] (`support_against`, in a's row) for every pair
/// from the weighted distances W and returns the scholz denominator
/// Σ_k Σ_{a,b} |v_k(a, b)| = 2 Σ_{a,b} N[a][b].
#[inline(always)]
fn vote_sums(
    n: usize,
    quads: usize,
    weighted: &[Quad],
    support_for: &mut [Quad],
    support_against: &mut [Quad],
) -> f64 {
    let stride = quads * LANES;
    let mut global = 0.0;
    for a in 0..n {
        // Columns b > a are computed (in whole quads from the one holding a + 1); the ones
        // before are the transposes of rows already done: N[a][b] = N[b][a] of row b.
        let first = (a + 1) / LANES;
        // Two quads of columns at a time where there are two: four independent running sums
        // hide the latency of each addition (each lane still sums its voters in order).
        let mut q = first;
        while q + 2 <= quads {
            let (for_a, for_b) = column_sums::<2>(weighted, quads, a, q);
            support_for[a * quads + q..a * quads + q + 2].copy_from_slice(&for_a);
            support_against[a * quads + q..a * quads + q + 2].copy_from_slice(&for_b);
            q += 2;
        }
        if q < quads {
            let (for_a, for_b) = column_sums::<1>(weighted, quads, a, q);
            support_for[a * quads + q] = for_a[0];
            support_against[a * quads + q] = for_b[0];
        }
        let (support_for, support_against) = (
            support_for.as_flattened_mut(),
            support_against.as_flattened_mut(),
        );
        for b in 0..(first * LANES).min(a) {
            support_for[a * stride + b] = support_against[b * stride + a];
            support_against[a * stride + b] = support_for[b * stride + a];
        }
        if first * LANES > a {
            support_for[a * stride + a] = 0.0;
            support_against[a * stride + a] = 0.0;
        }
        for &f in &support_for[a * stride..a * stride + n] {
            global += f;
        }
    }
    2.0 * global
}

/// For the `WIDTH` quads of columns b from quad `q` on: Σ_k max(0, v_k(a, b)) and
/// Σ_k max(0, v_k(b, a)), summed over voters k in input order.
#[inline(always)]
fn column_sums<const WIDTH: usize>(
    weighted: &[Quad],
    quads: usize,
    a: usize,
    q: usize,
) -> ([Quad; WIDTH], [Quad; WIDTH]) {
    let mut for_a = [[0.0; LANES]; WIDTH];
    let mut for_b = [[0.0; LANES]; WIDTH];
    for row in weighted.chunks_exact(quads) {
        let wa = row.as_flattened()[a];
        let wb: &[Quad; WIDTH] = row[q..q + WIDTH].try_into().expect("WIDTH quads");
        // v_k(a, b) = W[k][b] − W[k][a] and v_k(b, a) = W[k][a] − W[k][b], as the
        // transcription computes them.
        // Subtracting the negative part of v_k(a, b) adds max(0, v_k(b, a)) exactly (negation
        // is exact), one subtraction fewer per term.
        for u in 0..WIDTH {
            for l in 0..LANES {
                let vote_a = wb[u][l] - wa;
                for_a[u][l] += if vote_a > 0.0 { vote_a } else { 0.0 };
                for_b[u][l] -= if vote_a < 0.0 { vote_a } else { 0.0 };
            }
        }
    }
    (for_a, for_b)
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
    use crate::vmath::tests::uniform;

    /// The SIMD build of the round and the portable one give the same bits (the module's
    /// promise: same results on every machine).
    #[test]
    fn simd_and_portable_rounds_are_identical() {
        let mut next = uniform(7);
        for case in 0..40 {
            // Up to 22 actors, and some past 64 (several words of the offer bit sets).
            let n = if case % 10 == 9 {
                60 + case
            } else {
                2 + case % 21
            };
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
                        b.round_portable::<true, 0>(&xb, &w, &s, hi - lo, &mut rb, &mut mb);
                    } else {
                        b.round_portable::<false, 0>(&xb, &w, &s, hi - lo, &mut rb, &mut mb);
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
