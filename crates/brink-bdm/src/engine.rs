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

use crate::dense::{Dense, DENSE_MAX_ACTORS};
use crate::rules::{
    classify, expected_utility, probability, risk_exponents, status_quo, success_failure,
    weighted_mean, weighted_median, BestOffers,
};
use crate::{validate, BdmError, BdmInputs, BdmOptions, Move, RoundState, Summary, Trajectory};
use crate::{MoveKind, Variant};
use brink_core::convergence::{self, Settling, StateRing, MAX_PERIOD};

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
    /// Per column c: the cut its cursor has reached and F(c, cut).
    cur_cut: Vec<usize>,
    cur_sum: Vec<f64>,
    /// For small n: w_k D_kc at `c * n + k`, filled by `prepare` so that the cursors read what
    /// it computed instead of raising to a power again. Unused above [`CACHE_MAX_ACTORS`].
    cache: Vec<f64>,
    cached: bool,
    /// The largest n for which the cache is used.
    cache_limit: usize,
}

/// Up to this many actors the sweep keeps the n × n weighted column entries (8 MB at most):
/// that halves the powers computed per round. Beyond it memory stays O(n).
const CACHE_MAX_ACTORS: usize = 1024;

impl Sweep {
    fn resize(&mut self, n: usize) {
        if n <= self.cache_limit {
            self.cache.resize(n * n, 0.0);
        }
        self.col_total.resize(n, 0.0);
        self.cur_sum.resize(n, 0.0);
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
        self.cached = n <= self.cache_limit;
        let cache = &mut self.cache;
        let cached = self.cached;
        let mut global = 0.0;
        for k in 0..n {
            let wk = sorted.w[k];
            if wk == 0.0 {
                if cached {
                    for c in 0..n {
                        cache[c * n + k] = 0.0;
                    }
                }
                continue;
            }
            let (xk, rk) = (sorted.x[k], sorted.r[k]);
            // m = 0 is D_kk = 0 itself.
            let mut rank = 1usize;
            let mut pairwise = 0.0;
            let (mut last_diff, mut last_d) = (f64::NAN, 0.0);
            let (mut left, mut right) = (k, k + 1);
            if cached {
                cache[k * n + k] = 0.0;
            }
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
                // Distances come in increasing order, so repeats (actors sharing a position, or
                // standing symmetrically) are consecutive: raise each distinct one once.
                let diff = (xk - sorted.x[c]).abs();
                if diff != last_diff {
                    last_diff = diff;
                    last_d = column_entry(xk, sorted.x[c], delta, rk);
                }
                let d = last_d;
                let weighted = wk * d;
                col_total[c] += weighted;
                if cached {
                    cache[c * n + k] = weighted;
                }
                pairwise += d * (2.0 * rank as f64 - (n - 1) as f64);
                rank += 1;
            }
            global += wk * 2.0 * pairwise;
        }
        global
    }

    /// Calls `on_pair(a, b, N(a, b), N(b, a))` for every pair a < b (sorted order) with
    /// x_a < x_b. Needs `prepare` first (for `col_total`).
    ///
    /// Pairs come row by row (a increasing, then b increasing), so for a fixed column c every cut
    /// asked of it — cut(a', c) while c is the right member, then cut(c, b) in c's own row —
    /// increases: one cursor per column, advanced at most n steps over the whole pass.
    fn pairs(
        &mut self,
        sorted: &Sorted,
        delta: f64,
        mut on_pair: impl FnMut(usize, usize, f64, f64),
    ) {
        let n = sorted.x.len();
        let Sweep {
            col_total,
            cur_cut,
            cur_sum,
            cache,
            cached,
            cache_limit: _,
        } = self;
        let cache = if *cached { Some(&cache[..n * n]) } else { None };
        cur_cut.fill(0);
        cur_sum.fill(0.0);
        let (x, w, r) = (&sorted.x[..], &sorted.w[..], &sorted.r[..]);
        // Advances column c's cursor to `cut` and returns F(c, cut).
        let mut advance = |c: usize, cut: usize| -> f64 {
            let (mut k, mut sum) = (cur_cut[c], cur_sum[c]);
            debug_assert!(k <= cut, "column {c}: cursor at {k} asked for {cut}");
            if let Some(cache) = cache {
                for &weighted in &cache[c * n + k..c * n + cut.max(k)] {
                    sum += weighted;
                }
                k = k.max(cut);
            } else {
                let xc = x[c];
                while k < cut {
                    if w[k] != 0.0 {
                        sum += w[k] * column_entry(x[k], xc, delta, r[k]);
                    }
                    k += 1;
                }
            }
            cur_cut[c] = k;
            cur_sum[c] = sum;
            sum
        };
        for a in 0..n {
            let xa = x[a];
            let ta = col_total[a];
            let mut cut = a;
            // Actors tied with a are skipped: no offers, no danger between them.
            let mut b = a + 1;
            while b < n && x[b] == xa {
                b += 1;
            }
            for b in b..n {
                let xb = x[b];
                let mid = 0.5 * (xa + xb);
                while cut < n && x[cut] < mid {
                    cut += 1;
                }
                let fa = advance(a, cut);
                let fb = advance(b, cut);
                let tb = col_total[b];
                // Each N is a sum of non-negative terms: clamp the rounding of the differences.
                let n_ab = (fb - fa).max(0.0);
                let n_ba = ((ta - fa) - (tb - fb)).max(0.0);
                on_pair(a, b, n_ab, n_ba);
            }
        }
    }
}

/// ln(0.5 − 0.5 d/Δ) and ln(0.5 + 0.5 d/Δ): shared by both members of a pair, each of which
/// raises them to its own exponent (U_s, U_f = 2 − 4 e^{r ln(·)}).
#[inline(always)]
fn utility_logs(dist: f64, delta: f64) -> (f64, f64) {
    let half = 0.5 * dist / delta;
    ((0.5 - half).ln(), (0.5 + half).ln())
}

/// (U_s, U_f) for a reckoner with exponent r, from [`utility_logs`]; r = 1 exactly as
/// [`success_failure`] computes it.
#[inline(always)]
fn utilities_from_logs(logs: (f64, f64), dist: f64, delta: f64, r: f64) -> (f64, f64) {
    if r == 1.0 {
        success_failure(dist, delta, 1.0)
    } else {
        (
            2.0 - 4.0 * (r * logs.0).exp(),
            2.0 - 4.0 * (r * logs.1).exp(),
        )
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
    /// Per receiver (sorted order): its best offer of each kind so far this round.
    best: Vec<BestOffers>,
    /// Per actor (sorted order): U_sq = 2 − 4 · 0.5^{r}.
    status_quo: Vec<f64>,
    /// This round's accepted offers (at most one per actor).
    moves: Vec<Move>,
    /// The dense engine's buffers, for scenarios of at most `dense_limit` actors.
    dense: Dense,
    dense_limit: usize,
    /// The positions of the last rounds, to tell convergence from a cycle or drift.
    history: StateRing,
}

impl BdmWorkspace {
    /// A workspace for scenarios of up to `n` actors.
    pub fn new(n: usize) -> Self {
        BdmWorkspace::build(n, CACHE_MAX_ACTORS, DENSE_MAX_ACTORS)
    }

    /// A workspace that runs the sorted engine (see [`BdmWorkspace::sorted_engine`]) and keeps
    /// its n × n table of column entries only for scenarios of at most `limit` actors (0:
    /// never). The results are the same either way; this exists to test and measure the
    /// O(n)-memory path on small scenarios.
    pub fn with_cache_limit(n: usize, limit: usize) -> Self {
        BdmWorkspace::build(n, limit, 0)
    }

    /// Like [`BdmWorkspace::new`], but always runs the sorted O(n²)-per-round engine, even for
    /// the small scenarios that the dense engine handles by default. The two agree to rounding
    /// (1e-9, tested); this exists to test and measure the sorted engine on small scenarios.
    pub fn sorted_engine(n: usize) -> Self {
        BdmWorkspace::build(n, CACHE_MAX_ACTORS, 0)
    }

    fn build(n: usize, cache_limit: usize, dense_limit: usize) -> Self {
        let mut ws = BdmWorkspace::default();
        ws.sweep.cache_limit = cache_limit;
        ws.dense_limit = dense_limit;
        ws.resize(n);
        ws.moves.reserve(n);
        // Room for the longest history the convergence test keeps, so that no run allocates.
        ws.history.reset(n, MAX_PERIOD + 1);
        ws
    }

    /// The positions (input order) after the last run in this workspace.
    pub fn positions(&self) -> &[f64] {
        &self.x
    }

    fn resize(&mut self, n: usize) {
        for v in [
            &mut self.x,
            &mut self.next,
            &mut self.w,
            &mut self.s,
            &mut self.r,
            &mut self.danger,
            &mut self.status_quo,
            &mut self.sorted.x,
            &mut self.sorted.w,
            &mut self.sorted.s,
            &mut self.sorted.r,
        ] {
            v.resize(n, 0.0);
        }
        self.order.resize(n, 0);
        self.best.resize(n, BestOffers::default());
        self.sorted.orig.resize(n, 0);
        self.sweep.resize(n);
        if n <= self.dense_limit {
            self.dense.resize(n);
        }
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
        if n <= self.dense_limit {
            self.dense.round(
                &self.x,
                &self.w,
                &self.s,
                delta,
                variant,
                &mut self.r,
                &mut self.moves,
            );
            return self.apply_moves();
        }
        self.sort();

        // 1. Risk exponents, from dangers computed with every r = 1: S_a = Σ_{b≠a} EU(b → a).
        // Actors at a's own position add exactly 0 and are skipped.
        self.sorted.r.fill(1.0);
        let global = self.sweep.prepare(&self.sorted, delta);
        {
            let sorted = &self.sorted;
            let danger = &mut self.danger;
            danger.fill(0.0);
            self.sweep.pairs(sorted, delta, |a, b, n_ab, n_ba| {
                let dist = sorted.x[b] - sorted.x[a];
                let (us, uf) = success_failure(dist, delta, 1.0);
                let p_ab = probability(variant, n_ab, n_ba, global);
                let p_ba = probability(variant, n_ba, n_ab, global);
                danger[a] += expected_utility(p_ba, sorted.s[a], us, uf, 0.0);
                danger[b] += expected_utility(p_ab, sorted.s[b], us, uf, 0.0);
            });
        }
        // `danger` is in sorted order; the exponents are too until mapped back.
        risk_exponents(&self.danger, &mut self.sorted.r);
        for t in 0..n {
            self.r[self.sorted.orig[t]] = self.sorted.r[t];
        }

        // 2. Offers, reckoned by each receiver with its new exponent (each voter its own).
        let global = self.sweep.prepare(&self.sorted, delta);
        {
            let sorted = &self.sorted;
            let best = &mut self.best;
            best.fill(BestOffers::default());
            let usq = &mut self.status_quo;
            for (u, &r) in usq.iter_mut().zip(&sorted.r) {
                *u = status_quo(r);
            }
            let usq = &*usq;
            // Consecutive pairs often share a distance (actors at one position): reuse the
            // logarithms, and receiver a's utilities while a is unchanged.
            let mut memo_dist = f64::NAN;
            let mut memo_logs = (0.0, 0.0);
            let mut memo_a = usize::MAX;
            let mut memo_a_utilities = (0.0, 0.0);
            self.sweep.pairs(sorted, delta, |a, b, n_ab, n_ba| {
                let (xa, xb) = (sorted.x[a], sorted.x[b]);
                let (sa, sb) = (sorted.s[a], sorted.s[b]);
                let dist = xb - xa;
                let p_ab = probability(variant, n_ab, n_ba, global);
                let p_ba = probability(variant, n_ba, n_ab, global);
                if dist != memo_dist {
                    memo_dist = dist;
                    memo_logs = utility_logs(dist, delta);
                    memo_a = usize::MAX;
                }
                let logs = memo_logs;
                // Receiver a, proposer b: e_ij = EU(a → b), e_ji = EU(b → a), reckoned by a.
                if memo_a != a {
                    memo_a = a;
                    memo_a_utilities = utilities_from_logs(logs, dist, delta, sorted.r[a]);
                }
                let (us, uf) = memo_a_utilities;
                let e_ab = expected_utility(p_ab, sb, us, uf, usq[a]);
                let e_ba = expected_utility(p_ba, sa, us, uf, usq[a]);
                if let Some((kind, to)) = classify(variant, xa, xb, e_ab, e_ba) {
                    best[a].consider(variant, offer(sorted, a, b, kind, to, e_ab, e_ba));
                }
                // Receiver b, proposer a, reckoned by b.
                let (us, uf) = utilities_from_logs(logs, dist, delta, sorted.r[b]);
                let e_ba = expected_utility(p_ba, sa, us, uf, usq[b]);
                let e_ab = expected_utility(p_ab, sb, us, uf, usq[b]);
                if let Some((kind, to)) = classify(variant, xb, xa, e_ba, e_ab) {
                    best[b].consider(variant, offer(sorted, b, a, kind, to, e_ba, e_ab));
                }
            });
        }
        for t in 0..n {
            if let Some(m) = self.best[t].choice() {
                self.moves.push(m);
            }
        }
        self.moves.sort_unstable_by_key(|m| m.actor);
        self.apply_moves()
    }

    /// Moves the actors as `moves` says; returns whether any position changed.
    fn apply_moves(&mut self) -> bool {
        self.next.copy_from_slice(&self.x);
        for m in &self.moves {
            self.next[m.actor] = m.to;
        }
        let changed = self.x != self.next;
        std::mem::swap(&mut self.x, &mut self.next);
        changed
    }
}

/// The move receiver `a` would make on proposer `b`'s offer (sorted indices).
#[inline(always)]
fn offer(
    sorted: &Sorted,
    a: usize,
    b: usize,
    kind: MoveKind,
    to: f64,
    e_ij: f64,
    e_ji: f64,
) -> Move {
    Move {
        actor: sorted.orig[a],
        proposer: sorted.orig[b],
        kind,
        from: sorted.x[a],
        proposer_at: sorted.x[b],
        to,
        e_ij,
        e_ji,
    }
}

/// What the driver reports after each round.
trait Observer {
    fn observe(&mut self, round: usize, ws: &mut BdmWorkspace);
}

/// The tolerance of [`convergence`] for a run whose initial positions span Δ: positions never
/// leave that span, and Δ is the unit of every distance in the model.
pub(crate) fn tolerance(delta: f64) -> f64 {
    convergence::RELATIVE_TOLERANCE * delta
}

/// What [`drive`] found.
struct Driven {
    rounds_run: usize,
    /// The last round changed no position (exactly).
    stable: bool,
    settling: Option<Settling>,
}

/// Runs the rounds. With `until_stable`, stops once the run has converged or entered a cycle
/// (judged after every round on the last states kept in the workspace's ring); otherwise judges
/// the run once, after the last round.
fn drive(
    ws: &mut BdmWorkspace,
    delta: f64,
    opts: &BdmOptions,
    observer: &mut impl Observer,
) -> Driven {
    let tol = tolerance(delta);
    ws.history
        .reset(ws.x.len(), opts.rounds.min(MAX_PERIOD) + 1);
    ws.history.push(&ws.x);
    observer.observe(0, ws);
    let mut stable = false;
    let mut rounds_run = 0;
    for round in 1..=opts.rounds {
        stable = !ws.round(delta, opts.variant);
        rounds_run = round;
        ws.history.push(&ws.x);
        observer.observe(round, ws);
        if opts.until_stable && ws.history.settling(tol).is_some_and(Settling::settled) {
            break;
        }
    }
    Driven {
        rounds_run,
        stable,
        settling: ws.history.settling(tol),
    }
}

/// Runs the model on one issue and returns the whole trajectory. Allocates its own workspace and
/// the records; for many runs use [`run_into`].
pub fn run(inputs: &BdmInputs, opts: &BdmOptions) -> Result<Trajectory, BdmError> {
    run_in(&mut BdmWorkspace::new(inputs.positions.len()), inputs, opts)
}

/// [`run`] in a caller-owned workspace (e.g. [`BdmWorkspace::sorted_engine`]): the whole
/// trajectory, whatever engine the workspace runs.
pub fn run_in(
    ws: &mut BdmWorkspace,
    inputs: &BdmInputs,
    opts: &BdmOptions,
) -> Result<Trajectory, BdmError> {
    validate(inputs)?;
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
    let driven = drive(ws, delta, opts, &mut recorder);
    Ok(Trajectory {
        delta,
        rounds: recorder.0,
        stable: driven.stable,
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
    let driven = drive(ws, delta, opts, &mut Silent);
    let (median, mean) = ws.outcome();
    // A cycle's forecast is the mean of the weighted means of its states, as `Bdm` reports it.
    let forecast = match driven.settling {
        Some(Settling::Cycle { period }) => {
            // Oldest first, as the model sums its recorded rounds: the same bits.
            let mut sum = 0.0;
            for k in (0..period).rev() {
                sum += weighted_mean(ws.history.back(k), &ws.w);
            }
            sum / period as f64
        }
        _ => mean,
    };
    Ok(Summary {
        mean,
        median,
        rounds_run: driven.rounds_run,
        stable: driven.stable,
        settling: driven.settling,
        forecast,
    })
}

// The kinds are indices into `BestOffers`' slots, in priority order.
const _: () = {
    assert!(MoveKind::Confrontation as usize == 0);
    assert!(MoveKind::Compromise as usize == 1);
    assert!(MoveKind::Capitulation as usize == 2);
};
