//! The fast engine: one round of the model in O(n log n + n²) time and O(n) memory, in a
//! caller-owned workspace that is reused across rounds and runs without allocating.
//!
//! Notation: actors sorted by position, x_0 ≤ … ≤ x_{n−1}; w_k = c_k s_k; the column of actor c
//! is D_kc = (|x_k − x_c|/Δ)^{r_k} over voters k; F(c, p) = Σ_{k<p} w_k D_kc its prefix sums and
//! T_c = F(c, n). For x_a < x_b the voters below the midpoint m = (x_a + x_b)/2 (the first
//! p = cut(a, b) in sorted order) prefer a, those above prefer b, so
//!   N(a, b) = Σ_k max(0, v_k(a, b)) = F(b, p) − F(a, p),
//!   N(b, a) = (T_a − F(a, p)) − (T_b − F(b, p)).
//! Taking receivers a in increasing position, cut(a, b) never decreases for a fixed b, so one
//! running cursor per column b yields every F(b, cut(a, b)) with O(n) work per column over the
//! whole round; F(a, ·) at the cuts of row a is one fresh O(n) sweep. Voters exactly at a
//! midpoint are indifferent (v = 0) and may sit on either side.

use crate::rules::{
    classify, expected_utility, probability, risk_exponents, status_quo, success_failure,
    weighted_mean, weighted_median, BestOffers,
};
use crate::{validate, BdmError, BdmInputs, BdmOptions, Move, RoundState, Summary, Trajectory};
use crate::{MoveKind, Variant};

/// D_kc for a voter at `xk` with exponent `r` and a position `xc`, exactly as the replication
/// computes it: (|x_k − x_c| / Δ)^r.
#[inline(always)]
fn column_entry(xk: f64, xc: f64, delta: f64, r: f64) -> f64 {
    let v = (xk - xc).abs() / delta;
    if r == 1.0 {
        v
    } else {
        v.powf(r)
    }
}

/// The actors' data in increasing position (ties by input index), for the current round.
#[derive(Clone, Debug, Default)]
struct Sorted {
    x: Vec<f64>,
    w: Vec<f64>,
    s: Vec<f64>,
    /// Each voter's exponent r_k in the vote sums being computed.
    r: Vec<f64>,
    /// The input index of each sorted slot.
    orig: Vec<usize>,
}

/// Buffers of the vote-sum sweep.
#[derive(Clone, Debug, Default)]
struct Sweep {
    /// T_c = Σ_k w_k D_kc.
    col_total: Vec<f64>,
    /// Per column b: the cut its cursor has reached and F(b, cut).
    cur_cut: Vec<usize>,
    cur_sum: Vec<f64>,
    /// For the current row a: N(a, b) and N(b, a) for every b (0 where x_b = x_a).
    row_ab: Vec<f64>,
    row_ba: Vec<f64>,
}

impl Sweep {
    fn resize(&mut self, n: usize) {
        for v in [
            &mut self.col_total,
            &mut self.cur_sum,
            &mut self.row_ab,
            &mut self.row_ba,
        ] {
            v.resize(n, 0.0);
        }
        self.cur_cut.resize(n, 0);
    }

    /// Fills `col_total` and returns the scholz denominator Σ_k w_k Σ_{a,b} |D_ka − D_kb| (over
    /// ordered pairs of actors, as the replication sums it). Per voter, the row D_k· is visited
    /// in increasing distance by merging the actors left and right of k, and for sorted values
    /// Σ_{a<b} |d_a − d_b| = Σ_m d_(m) (2m − n + 1).
    fn prepare(&mut self, sorted: &Sorted, delta: f64) -> f64 {
        let n = sorted.x.len();
        let col_total = &mut self.col_total;
        col_total.fill(0.0);
        let mut global = 0.0;
        for k in 0..n {
            let wk = sorted.w[k];
            if wk == 0.0 {
                continue;
            }
            let (xk, rk) = (sorted.x[k], sorted.r[k]);
            // m = 0 is D_kk = 0 itself.
            let mut rank = 1usize;
            let mut pairwise = 0.0;
            let (mut left, mut right) = (k, k + 1);
            while left > 0 || right < n {
                let take_left =
                    right >= n || (left > 0 && xk - sorted.x[left - 1] <= sorted.x[right] - xk);
                let c = if take_left {
                    left -= 1;
                    left
                } else {
                    right += 1;
                    right - 1
                };
                let d = column_entry(xk, sorted.x[c], delta, rk);
                col_total[c] += wk * d;
                pairwise += d * (2.0 * rank as f64 - (n - 1) as f64);
                rank += 1;
            }
            global += wk * 2.0 * pairwise;
        }
        global
    }

    /// For each a in sorted order, fills `row_ab`/`row_ba` and calls `on_row(a, row_ab, row_ba)`.
    /// Needs `prepare` first (for `col_total`).
    fn rows(&mut self, sorted: &Sorted, delta: f64, mut on_row: impl FnMut(usize, &[f64], &[f64])) {
        let n = sorted.x.len();
        let Sweep {
            col_total,
            cur_cut,
            cur_sum,
            row_ab,
            row_ba,
        } = self;
        cur_cut.fill(0);
        cur_sum.fill(0.0);
        let (x, w, r) = (&sorted.x[..], &sorted.w[..], &sorted.r[..]);
        for a in 0..n {
            let xa = x[a];
            let ta = col_total[a];
            let mut cut = 0usize;
            // Fresh sweep of column a: F(a, own_cut).
            let mut own_cut = 0usize;
            let mut own_sum = 0.0;
            for b in 0..n {
                let xb = x[b];
                if xb == xa {
                    row_ab[b] = 0.0;
                    row_ba[b] = 0.0;
                    continue;
                }
                let mid = 0.5 * (xa + xb);
                while cut < n && x[cut] < mid {
                    cut += 1;
                }
                while own_cut < cut {
                    if w[own_cut] != 0.0 {
                        own_sum += w[own_cut] * column_entry(x[own_cut], xa, delta, r[own_cut]);
                    }
                    own_cut += 1;
                }
                let (mut bc, mut bs) = (cur_cut[b], cur_sum[b]);
                while bc < cut {
                    if w[bc] != 0.0 {
                        bs += w[bc] * column_entry(x[bc], xb, delta, r[bc]);
                    }
                    bc += 1;
                }
                cur_cut[b] = bc;
                cur_sum[b] = bs;
                let tb = col_total[b];
                // Each N is a sum of non-negative terms: clamp the rounding of the differences.
                let (n_ab, n_ba) = if xa < xb {
                    (bs - own_sum, (ta - own_sum) - (tb - bs))
                } else {
                    ((tb - bs) - (ta - own_sum), own_sum - bs)
                };
                row_ab[b] = n_ab.max(0.0);
                row_ba[b] = n_ba.max(0.0);
            }
            on_row(a, row_ab, row_ba);
        }
    }
}

/// Everything one run needs, sized for up to `n` actors. Create once, reuse for many runs:
/// [`run_into`] allocates nothing when the scenario has at most as many actors as the
/// workspace was created (or last used) for.
#[derive(Clone, Debug, Default)]
pub struct BdmWorkspace {
    /// Current positions, input order.
    x: Vec<f64>,
    next: Vec<f64>,
    w: Vec<f64>,
    s: Vec<f64>,
    /// This round's risk exponents, input order.
    r: Vec<f64>,
    danger: Vec<f64>,
    order: Vec<usize>,
    sorted: Sorted,
    sweep: Sweep,
    /// This round's accepted offers (at most one per actor).
    moves: Vec<Move>,
}

impl BdmWorkspace {
    /// A workspace for scenarios of up to `n` actors.
    pub fn new(n: usize) -> Self {
        let mut ws = BdmWorkspace::default();
        ws.resize(n);
        ws.moves.reserve(n);
        ws
    }

    fn resize(&mut self, n: usize) {
        for v in [
            &mut self.x,
            &mut self.next,
            &mut self.w,
            &mut self.s,
            &mut self.r,
            &mut self.danger,
            &mut self.sorted.x,
            &mut self.sorted.w,
            &mut self.sorted.s,
            &mut self.sorted.r,
        ] {
            v.resize(n, 0.0);
        }
        self.order.resize(n, 0);
        self.sorted.orig.resize(n, 0);
        self.sweep.resize(n);
        self.moves.clear();
        self.moves.reserve(n);
    }

    /// Loads the inputs (validated) and returns Δ.
    fn load(&mut self, inputs: &BdmInputs) -> f64 {
        let n = inputs.positions.len();
        self.resize(n);
        self.x.copy_from_slice(inputs.positions);
        self.s.copy_from_slice(inputs.saliences);
        for i in 0..n {
            self.w[i] = inputs.capabilities[i] * inputs.saliences[i];
        }
        self.r.fill(1.0);
        let (lo, hi) = self
            .x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        hi - lo
    }

    /// (median, mean) of the current positions.
    fn outcome(&mut self) -> (f64, f64) {
        (
            weighted_median(&self.x, &self.w, &mut self.order),
            weighted_mean(&self.x, &self.w),
        )
    }

    /// Sorts the actors by current position into `sorted` (exponents left to the caller).
    fn sort(&mut self) {
        let x = &self.x;
        for (t, o) in self.order.iter_mut().enumerate() {
            *o = t;
        }
        self.order
            .sort_unstable_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
        for (t, &i) in self.order.iter().enumerate() {
            self.sorted.x[t] = self.x[i];
            self.sorted.w[t] = self.w[i];
            self.sorted.s[t] = self.s[i];
            self.sorted.orig[t] = i;
        }
    }

    /// Plays one round; returns whether any position changed.
    fn round(&mut self, delta: f64, variant: Variant) -> bool {
        self.moves.clear();
        let n = self.x.len();
        if delta <= 0.0 {
            // Everyone at one position: no offers exist, every danger is 0.
            self.r.fill(1.0);
            return false;
        }
        self.sort();

        // 1. Risk exponents, from dangers computed with every r = 1.
        self.sorted.r.fill(1.0);
        let global = self.sweep.prepare(&self.sorted, delta);
        {
            let sorted = &self.sorted;
            let danger = &mut self.danger;
            self.sweep.rows(sorted, delta, |a, n_ab, n_ba| {
                // S_a = Σ_{b≠a} EU(b → a); actors at a's own position add exactly 0.
                let (xa, sa) = (sorted.x[a], sorted.s[a]);
                let mut total = 0.0;
                for b in 0..n {
                    let xb = sorted.x[b];
                    if xb == xa {
                        continue;
                    }
                    let p_ba = probability(variant, n_ba[b], n_ab[b], global);
                    let (us, uf) = success_failure((xb - xa).abs(), delta, 1.0);
                    total += expected_utility(p_ba, sa, us, uf, 0.0);
                }
                danger[sorted.orig[a]] = total;
            });
        }
        risk_exponents(&self.danger, &mut self.r);

        // 2. Offers, reckoned with the new exponents (each voter its own).
        for t in 0..n {
            self.sorted.r[t] = self.r[self.sorted.orig[t]];
        }
        let global = self.sweep.prepare(&self.sorted, delta);
        self.next.copy_from_slice(&self.x);
        {
            let sorted = &self.sorted;
            let next = &mut self.next;
            let moves = &mut self.moves;
            self.sweep.rows(sorted, delta, |a, n_ab, n_ba| {
                let (xa, sa, ra) = (sorted.x[a], sorted.s[a], sorted.r[a]);
                let usq = status_quo(ra);
                let mut best = BestOffers::default();
                for b in 0..n {
                    let xb = sorted.x[b];
                    if xb == xa {
                        continue;
                    }
                    let p_ab = probability(variant, n_ab[b], n_ba[b], global);
                    let p_ba = probability(variant, n_ba[b], n_ab[b], global);
                    let (us, uf) = success_failure((xa - xb).abs(), delta, ra);
                    let e_ij = expected_utility(p_ab, sorted.s[b], us, uf, usq);
                    let e_ji = expected_utility(p_ba, sa, us, uf, usq);
                    if let Some((kind, to)) = classify(variant, xa, xb, e_ij, e_ji) {
                        best.consider(
                            variant,
                            Move {
                                actor: sorted.orig[a],
                                proposer: sorted.orig[b],
                                kind,
                                from: xa,
                                proposer_at: xb,
                                to,
                                e_ij,
                                e_ji,
                            },
                        );
                    }
                }
                if let Some(m) = best.choice() {
                    next[m.actor] = m.to;
                    moves.push(m);
                }
            });
        }
        self.moves.sort_unstable_by_key(|m| m.actor);
        let changed = self.x != self.next;
        std::mem::swap(&mut self.x, &mut self.next);
        changed
    }
}

/// What the driver reports after each round.
trait Observer {
    fn observe(&mut self, round: usize, ws: &mut BdmWorkspace);
}

/// Runs the rounds; returns (rounds run, stable).
fn drive(
    ws: &mut BdmWorkspace,
    delta: f64,
    opts: &BdmOptions,
    observer: &mut impl Observer,
) -> (usize, bool) {
    observer.observe(0, ws);
    let mut stable = false;
    let mut rounds_run = 0;
    for round in 1..=opts.rounds {
        stable = !ws.round(delta, opts.variant);
        rounds_run = round;
        observer.observe(round, ws);
        if opts.until_stable && stable {
            break;
        }
    }
    (rounds_run, stable)
}

/// Runs the model on one issue and returns the whole trajectory. Allocates its own workspace and
/// the records; for many runs use [`run_into`].
pub fn run(inputs: &BdmInputs, opts: &BdmOptions) -> Result<Trajectory, BdmError> {
    validate(inputs)?;
    let mut ws = BdmWorkspace::new(inputs.positions.len());
    let delta = ws.load(inputs);
    struct Recorder(Vec<RoundState>);
    impl Observer for Recorder {
        fn observe(&mut self, round: usize, ws: &mut BdmWorkspace) {
            let (median, mean) = ws.outcome();
            self.0.push(RoundState {
                round,
                positions: ws.x.clone(),
                median,
                mean,
                risk: if round == 0 { Vec::new() } else { ws.r.clone() },
                moves: if round == 0 {
                    Vec::new()
                } else {
                    ws.moves.clone()
                },
            });
        }
    }
    let mut recorder = Recorder(Vec::with_capacity(opts.rounds.min(UNTIL_STABLE_CAP) + 1));
    let (_, stable) = drive(&mut ws, delta, opts, &mut recorder);
    Ok(Trajectory {
        delta,
        rounds: recorder.0,
        stable,
    })
}

/// Pre-allocation cap for the records (a huge `rounds` with `until_stable` may stop early).
const UNTIL_STABLE_CAP: usize = 1024;

/// Runs the model on one issue in a caller-owned workspace and returns only the final figures.
/// Allocation-free once `ws` has been sized for this many actors (see [`BdmWorkspace::new`]).
pub fn run_into(
    ws: &mut BdmWorkspace,
    inputs: &BdmInputs,
    opts: &BdmOptions,
) -> Result<Summary, BdmError> {
    validate(inputs)?;
    let delta = ws.load(inputs);
    struct Silent;
    impl Observer for Silent {
        fn observe(&mut self, _: usize, _: &mut BdmWorkspace) {}
    }
    let (rounds_run, stable) = drive(ws, delta, opts, &mut Silent);
    let (median, mean) = ws.outcome();
    Ok(Summary {
        mean,
        median,
        rounds_run,
        stable,
    })
}

// The kinds are indices into `BestOffers`' slots, in priority order.
const _: () = {
    assert!(MoveKind::Confrontation as usize == 0);
    assert!(MoveKind::Compromise as usize == 1);
    assert!(MoveKind::Capitulation as usize == 2);
};
