//! Sequence-form Lemke for large trees: the same LCP as [`crate::solvers::seqform`], pivoted in revised
//! form in `f64` — the sparse constraint matrix stays as it is, the basis is kept as a sparse LU
//! factorization with eta updates ([`crate::solvers::sparse_lu`]), and each pivot needs one solve for the
//! entering column (complementarity fixes the entering variable) and a ratio test against the
//! current basic solution.
//!
//! Degeneracy (unreached sequences sit at zero) is broken by a tiny deterministic perturbation
//! of the right-hand side; the final basis is then re-solved with the true right-hand side (a
//! fresh factorization and one step of iterative refinement), so the reported plans solve the
//! unperturbed LCP, and the caller verifies the regret.

use crate::error::SolveError;
use crate::num::to_f64;
use crate::solvers::seqform::SequenceForm;
use crate::solvers::sparse_lu::{BasisFactor, SparseCol};

/// Pivot entries below this (on the scaled problem) are not used in the ratio test.
const PIVOT_TOL: f64 = crate::tolerance::SPARSE_PIVOT;
/// Slack of the first pass of the (Harris) ratio test.
const RATIO_TOL: f64 = crate::tolerance::SPARSE_RATIO;
/// Refactorize after this many column replacements at most.
const MAX_ETAS: usize = 80;

/// Counters of one run, for diagnostics and benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct SparseStats {
    pub pivots: usize,
    pub factorizations: usize,
    /// Largest violation of `β ≥ 0` the unperturbed re-solve found (clipped to zero).
    pub clipped: f64,
    /// Nonzeros of the last LU factorization and of all entering columns solved.
    pub lu_nnz: usize,
    pub column_nnz: usize,
}

/// The LCP `A v = b` in columns: the variable layout of the dense tableau.
struct Lcp {
    n1: usize,
    n2: usize,
    k1: usize,
    k2: usize,
    cols: Vec<SparseCol>,
    b: Vec<f64>,
    rows: usize,
}

impl Lcp {
    fn x0(&self) -> usize {
        0
    }
    fn y0(&self) -> usize {
        self.n1
    }
    fn u0(&self) -> usize {
        self.n1 + self.n2
    }
    fn v0(&self) -> usize {
        self.u0() + self.k1
    }
    fn wx0(&self) -> usize {
        self.v0() + self.k2
    }
    fn wy0(&self) -> usize {
        self.wx0() + self.n1
    }
    fn z(&self) -> usize {
        self.wy0() + self.n2
    }
    fn is_free(&self, v: usize) -> bool {
        (self.u0()..self.wx0()).contains(&v)
    }
    fn complement(&self, v: usize) -> usize {
        crate::solvers::seqform::complement(v, self.n1, self.n2, self.wx0(), self.wy0())
    }
}

fn infoset_ranges(s: &crate::solvers::seqform::Sequences) -> Vec<std::ops::Range<usize>> {
    (0..s.first.len())
        .map(|k| {
            let next = if k + 1 < s.first.len() {
                s.first[k + 1]
            } else {
                s.count
            };
            s.first[k]..next
        })
        .collect()
}

/// Where Lemke's path starts: the covering vector of z and the starting pure plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// The tracing procedure's start (von Stengel, van den Elzen & Talman 2002): a generic
    /// completely mixed prior for each player; the covering vector is each player's costs
    /// against the other's prior, and the start plans are the best replies to the priors
    /// (at every information set, reached or not).
    Prior,
    /// Koller, Megiddo & von Stengel's start: the plans taking action `shift` (mod the number
    /// of actions) everywhere, and a unit covering vector on the other sequences.
    Pure(usize),
}

/// Information sets ordered so that each comes after the one holding its parent sequence.
fn topological(s: &crate::solvers::seqform::Sequences) -> Vec<usize> {
    let ranges = infoset_ranges(s);
    let mut owner = vec![usize::MAX; s.count];
    for (k, r) in ranges.iter().enumerate() {
        for q in r.clone() {
            owner[q] = k;
        }
    }
    let mut depth = vec![usize::MAX; ranges.len()];
    for k0 in 0..ranges.len() {
        // Walk up to an information set of known depth, then fill the path back down.
        let mut path = vec![];
        let mut k = k0;
        while depth[k] == usize::MAX {
            path.push(k);
            let par = s.parent[k];
            if par == 0 {
                break;
            }
            k = owner[par];
        }
        let mut d = if depth[k] == usize::MAX {
            0
        } else {
            depth[k] + 1
        };
        while let Some(q) = path.pop() {
            if depth[q] == usize::MAX {
                depth[q] = d;
            }
            d = depth[q] + 1;
        }
    }
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&k| depth[k]);
    order
}

/// A generic completely mixed realization plan: at each information set, weights drawn
/// deterministically from [1, 2) and normalized.
fn prior_plan(s: &crate::solvers::seqform::Sequences, player: usize) -> Vec<f64> {
    let ranges = infoset_ranges(s);
    let mut plan = vec![0.0; s.count];
    plan[0] = 1.0;
    for k in topological(s) {
        let r = ranges[k].clone();
        let w: Vec<f64> = r.clone().map(|q| jitter(q * 2 + player + 7)).collect();
        let total: f64 = w.iter().sum();
        for (q, wq) in r.zip(w) {
            plan[q] = plan[s.parent[k]] * wq / total;
        }
    }
    plan
}

/// The plan minimizing `cost · plan` at every information set (reached or not), by backward
/// induction over the player's sequences.
fn best_reply_plan(s: &crate::solvers::seqform::Sequences, cost: &[f64]) -> Vec<bool> {
    let ranges = infoset_ranges(s);
    let mut value = cost.to_vec();
    let mut pick = vec![false; s.count];
    pick[0] = true;
    for k in topological(s).into_iter().rev() {
        let r = ranges[k].clone();
        let best = r
            .clone()
            .min_by(|&a, &b| value[a].total_cmp(&value[b]))
            .expect("an information set has actions");
        pick[best] = true;
        value[s.parent[k]] += value[best];
    }
    pick
}

/// Builds the columns of the sequence-form LCP for the start `start`, and the start plans.
fn build(sf: &SequenceForm, start: Start) -> (Lcp, [Vec<bool>; 2]) {
    let (n1, n2) = (sf.seqs[0].count, sf.seqs[1].count);
    let (k1, k2) = (sf.seqs[0].first.len() + 1, sf.seqs[1].first.len() + 1);
    let rows = n1 + n2 + k1 + k2;
    // Costs: bound minus payoff at every leaf, weighted by chance, scaled so the largest is 1
    // (a positive scaling of a player's costs leaves the equilibria unchanged).
    let mut cost: [std::collections::BTreeMap<(usize, usize), f64>; 2] = Default::default();
    for p in 0..2 {
        let bound = sf
            .leaves
            .iter()
            .map(|l| to_f64(&l.3[p]))
            .fold(f64::NEG_INFINITY, f64::max)
            + 1.0;
        for (s1, s2, r, pay) in &sf.leaves {
            *cost[p].entry((*s1, *s2)).or_insert(0.0) += to_f64(r) * (bound - to_f64(&pay[p]));
        }
        let top = cost[p].values().fold(0.0f64, |m, &c| m.max(c.abs()));
        if top > 0.0 {
            for c in cost[p].values_mut() {
                *c /= top;
            }
        }
    }
    let (x0, y0) = (0, n1);
    let total = n1 + n2 + k1 + k2 + n1 + n2 + 1;
    let mut cols: Vec<SparseCol> = vec![vec![]; total];
    // Row σ of player 1: w_σ − (C y)_σ + (Eᵀu)_σ − d_σ z = 0; row τ of player 2 likewise.
    for (&(s1, s2), &c) in &cost[0] {
        if c != 0.0 {
            cols[y0 + s2].push((s1, -c));
        }
    }
    for (&(s1, s2), &d) in &cost[1] {
        if d != 0.0 {
            cols[x0 + s1].push((n1 + s2, -d));
        }
    }
    // E x = e and F y = f: row 0 is the root, row k+1 the k-th information set (+1 on its
    // sequences, −1 on its parent sequence); the transposes sit in the sequence rows.
    let mut add_e = |p: usize, seq_row0: usize, dual_col0: usize, eq_row0: usize| {
        let s = &sf.seqs[p];
        let seq_col0 = seq_row0; // x's columns start at 0 like its rows, y's at n1 likewise
        let mut entries: Vec<(usize, usize, f64)> = vec![(0, 0, 1.0)];
        for (k, r) in infoset_ranges(s).into_iter().enumerate() {
            entries.push((k + 1, s.parent[k], -1.0));
            for q in r {
                entries.push((k + 1, q, 1.0));
            }
        }
        for (c, q, v) in entries {
            cols[dual_col0 + c].push((seq_row0 + q, v));
            cols[seq_col0 + q].push((eq_row0 + c, v));
        }
    };
    add_e(0, 0, n1 + n2, n1 + n2);
    add_e(1, n1, n1 + n2 + k1, n1 + n2 + k1);
    let wx0 = n1 + n2 + k1 + k2;
    for s in 0..n1 {
        cols[wx0 + s].push((s, 1.0));
    }
    for s in 0..n2 {
        cols[wx0 + n1 + s].push((n1 + s, 1.0));
    }
    let z = total - 1;
    let (plans, cover) = match start {
        Start::Pure(shift) => {
            let plans = [
                start_plan(&sf.seqs[0], shift),
                start_plan(&sf.seqs[1], shift),
            ];
            let cover = [0, 1].map(|p| {
                plans[p]
                    .iter()
                    .map(|&b| if b { 0.0 } else { 1.0 })
                    .collect::<Vec<f64>>()
            });
            (plans, cover)
        }
        Start::Prior => {
            let prior = [prior_plan(&sf.seqs[0], 0), prior_plan(&sf.seqs[1], 1)];
            let mut cover = [vec![0.0; n1], vec![0.0; n2]];
            for (&(s1, s2), &c) in &cost[0] {
                cover[0][s1] += c * prior[1][s2];
            }
            for (&(s1, s2), &d) in &cost[1] {
                cover[1][s2] += d * prior[0][s1];
            }
            let plans = [
                best_reply_plan(&sf.seqs[0], &cover[0]),
                best_reply_plan(&sf.seqs[1], &cover[1]),
            ];
            (plans, cover)
        }
    };
    for s in 0..n1 {
        if cover[0][s] != 0.0 {
            cols[z].push((s, -cover[0][s]));
        }
    }
    for s in 0..n2 {
        if cover[1][s] != 0.0 {
            cols[z].push((n1 + s, -cover[1][s]));
        }
    }
    let mut b = vec![0.0; rows];
    b[n1 + n2] = 1.0;
    b[n1 + n2 + k1] = 1.0;
    (
        Lcp {
            n1,
            n2,
            k1,
            k2,
            cols,
            b,
            rows,
        },
        plans,
    )
}

/// A deterministic pseudo-random number in [1, 2) for row `i` (splitmix64).
fn jitter(i: usize) -> f64 {
    let mut x = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    1.0 + (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The revised-Lemke state: basic variable per basis position, its factorization and values.
struct Revised<'a> {
    lcp: &'a Lcp,
    basic: Vec<usize>,
    pos_of: Vec<usize>,
    factor: BasisFactor,
    beta: Vec<f64>,
    rhs: Vec<f64>,
    stats: SparseStats,
    work: Vec<f64>,
}

impl<'a> Revised<'a> {
    fn new(lcp: &'a Lcp, basic: Vec<usize>, rhs: Vec<f64>) -> Result<Self, SolveError> {
        let mut pos_of = vec![usize::MAX; lcp.cols.len()];
        for (p, &v) in basic.iter().enumerate() {
            pos_of[v] = p;
        }
        let factor = Self::factorize(lcp, &basic)?;
        let mut s = Revised {
            lcp,
            basic,
            pos_of,
            factor,
            beta: vec![0.0; lcp.rows],
            rhs,
            stats: SparseStats {
                factorizations: 1,
                ..SparseStats::default()
            },
            work: vec![0.0; lcp.rows],
        };
        s.resolve();
        Ok(s)
    }

    fn factorize(lcp: &Lcp, basic: &[usize]) -> Result<BasisFactor, SolveError> {
        let cols: Vec<SparseCol> = basic.iter().map(|&v| lcp.cols[v].clone()).collect();
        BasisFactor::new(&cols).ok_or_else(|| {
            SolveError::no_convergence("lcp", "the sparse Lemke basis became numerically singular")
        })
    }

    /// β = B⁻¹ rhs, with one step of iterative refinement.
    fn resolve(&mut self) {
        self.work.copy_from_slice(&self.rhs);
        let mut beta = vec![0.0; self.lcp.rows];
        self.factor.solve(&mut self.work, &mut beta);
        // r = rhs − B β
        let mut r = self.rhs.clone();
        for (p, &v) in self.basic.iter().enumerate() {
            for &(i, a) in &self.lcp.cols[v] {
                r[i] -= a * beta[p];
            }
        }
        let mut corr = vec![0.0; self.lcp.rows];
        self.factor.solve(&mut r, &mut corr);
        for (b, c) in beta.iter_mut().zip(&corr) {
            *b += c;
        }
        self.beta = beta;
    }

    /// d = B⁻¹ a_v.
    fn column(&mut self, v: usize, d: &mut [f64]) {
        self.work.iter_mut().for_each(|x| *x = 0.0);
        for &(i, a) in &self.lcp.cols[v] {
            self.work[i] = a;
        }
        self.factor.solve(&mut self.work, d);
    }

    /// Brings `enter` in at position `p` (its column solved as `d`) by the step `theta`.
    fn pivot(
        &mut self,
        enter: usize,
        p: usize,
        d: &[f64],
        theta: f64,
    ) -> Result<usize, SolveError> {
        for (b, &di) in self.beta.iter_mut().zip(d) {
            *b -= theta * di;
        }
        self.beta[p] = theta;
        let leaving = self.basic[p];
        self.pos_of[leaving] = usize::MAX;
        self.basic[p] = enter;
        self.pos_of[enter] = p;
        self.stats.pivots += 1;
        self.stats.column_nnz += d.iter().filter(|x| **x != 0.0).count();
        self.stats.lu_nnz = self.factor.lu_nnz();
        if self.factor.etas() >= MAX_ETAS || self.factor.eta_nnz() > 2 * self.factor.lu_nnz() {
            self.factor = Self::factorize(self.lcp, &self.basic)?;
            self.stats.factorizations += 1;
            self.resolve();
        } else {
            self.factor.replace(p, d);
        }
        Ok(leaving)
    }
}

/// The starting plans: action `shift` (mod the number of actions) everywhere, and the empty
/// sequence.
fn start_plan(s: &crate::solvers::seqform::Sequences, shift: usize) -> Vec<bool> {
    let mut v = vec![false; s.count];
    v[0] = true;
    for r in infoset_ranges(s) {
        v[r.start + shift % r.len()] = true;
    }
    v
}

/// Realization plans solving the sequence-form LCP, from `start`, with the right-hand side
/// perturbed by `delta` (relative) during the pivoting.
pub fn lemke_plans_sparse(
    sf: &SequenceForm,
    start: Start,
    delta: f64,
) -> Result<([Vec<f64>; 2], SparseStats), SolveError> {
    let (lcp, start) = build(sf, start);
    let (n1, n2) = (lcp.n1, lcp.n2);
    let mut basic: Vec<usize> = vec![];
    basic.extend((0..n1).filter(|&s| start[0][s]).map(|s| lcp.x0() + s));
    basic.extend((0..n2).filter(|&s| start[1][s]).map(|s| lcp.y0() + s));
    basic.extend(lcp.u0()..lcp.wx0());
    basic.extend((0..n1).filter(|&s| !start[0][s]).map(|s| lcp.wx0() + s));
    basic.extend((0..n2).filter(|&s| !start[1][s]).map(|s| lcp.wy0() + s));
    debug_assert_eq!(basic.len(), lcp.rows);
    let rhs: Vec<f64> = lcp
        .b
        .iter()
        .enumerate()
        .map(|(i, &b)| b + delta * jitter(i))
        .collect();
    let mut st = Revised::new(&lcp, basic, rhs)?;
    let z = lcp.z();
    let m = lcp.rows;
    let mut d = vec![0.0; m];
    // z enters where the most negative w needs the largest z.
    st.column(z, &mut d);
    let mut first: Option<(usize, f64)> = None;
    for p in 0..m {
        let v = st.basic[p];
        if !lcp.is_free(v) && st.beta[p] < 0.0 && d[p] < -PIVOT_TOL {
            let t = st.beta[p] / d[p];
            if first.is_none_or(|(_, b)| t > b) {
                first = Some((p, t));
            }
        }
    }
    if let Some((p, theta)) = first {
        let mut leaving = st.pivot(z, p, &d, theta)?;
        // Unperturbed paths that run far beyond the usual length (about m/2) are cycling.
        let limit = if delta == 0.0 {
            5 * m + 1000
        } else {
            50 * m + 10_000
        };
        loop {
            if st.stats.pivots > limit {
                return Err(SolveError::no_convergence(
                    "lcp",
                    format!("sparse Lemke exceeded {limit} pivots"),
                ));
            }
            let enter = lcp.complement(leaving);
            st.column(enter, &mut d);
            // Harris ratio test: the largest step any row allows with a small slack, then
            // among the rows blocking within it, z if it can leave, else the largest pivot.
            let mut bound = f64::INFINITY;
            for p in 0..m {
                if d[p] > PIVOT_TOL && !lcp.is_free(st.basic[p]) {
                    bound = bound.min((st.beta[p].max(0.0) + RATIO_TOL) / d[p]);
                }
            }
            if bound == f64::INFINITY {
                return Err(SolveError::no_convergence(
                    "lcp",
                    "Lemke's algorithm ended on a secondary ray",
                ));
            }
            let mut pick: Option<usize> = None;
            for p in 0..m {
                let v = st.basic[p];
                if d[p] > PIVOT_TOL && !lcp.is_free(v) && st.beta[p].max(0.0) / d[p] <= bound {
                    let better = match pick {
                        None => true,
                        Some(q) => st.basic[q] != z && (v == z || d[p] > d[q]),
                    };
                    if better {
                        pick = Some(p);
                    }
                }
            }
            let p = pick.expect("a row attains the bound");
            let theta = st.beta[p].max(0.0) / d[p];
            leaving = st.pivot(enter, p, &d, theta)?;
            if leaving == z {
                break;
            }
        }
    }
    // The final basis with the true right-hand side.
    st.factor = Revised::factorize(&lcp, &st.basic)?;
    st.stats.factorizations += 1;
    st.rhs = lcp.b.clone();
    st.resolve();
    let mut clipped = 0.0f64;
    let mut value = |v: usize| -> f64 {
        match st.pos_of[v] {
            usize::MAX => 0.0,
            p => {
                let b = st.beta[p];
                if b < 0.0 {
                    clipped = clipped.max(-b);
                    0.0
                } else {
                    b
                }
            }
        }
    };
    let x: Vec<f64> = (0..n1).map(|s| value(lcp.x0() + s)).collect();
    let y: Vec<f64> = (0..n2).map(|s| value(lcp.y0() + s)).collect();
    // The slacks of the final basis must be nonnegative too (else the plans are no equilibrium).
    for v in lcp.wx0()..z {
        value(v);
    }
    st.stats.clipped = clipped;
    Ok(([x, y], st.stats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::qi;
    use crate::solvers::seqform::sequence_form;
    use crate::TreeBuilder;

    #[test]
    fn a_tree_without_moves_and_a_one_player_tree() {
        // Only an outcome: both plans are the empty sequence, no pivot.
        let mut b = TreeBuilder::new("trivial", &["A", "B"]);
        b.payoff(b.root(), "end", vec![qi(1), qi(2)]).unwrap();
        let sf = sequence_form(&b.build().unwrap()).unwrap();
        let (plans, stats) = lemke_plans_sparse(&sf, Start::Prior, 0.0).unwrap();
        assert_eq!(plans, [vec![1.0], vec![1.0]]);
        assert_eq!(stats.pivots, 0);
        // Only player 2 moves, and prefers its second action (payoff 3 > 1): its best reply to
        // any prior, reached at once.
        let mut b = TreeBuilder::new("one mover", &["A", "B"]);
        let k = b.decide(b.root(), 1, "choose", &["l", "r"]).unwrap();
        b.payoff(k[0], "l", vec![qi(0), qi(1)]).unwrap();
        b.payoff(k[1], "r", vec![qi(0), qi(3)]).unwrap();
        let sf = sequence_form(&b.build().unwrap()).unwrap();
        for start in [Start::Prior, Start::Pure(0)] {
            let (plans, _) = lemke_plans_sparse(&sf, start, 0.0).unwrap();
            assert_eq!(plans[1], vec![1.0, 0.0, 1.0], "{start:?}");
        }
    }
}
