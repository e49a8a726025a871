//! Two-player trees in sequence form (Koller, Megiddo & von Stengel 1996): realization plans
//! instead of strategies, so the problem grows with the tree, not exponentially. Lemke's
//! algorithm solves the sequence-form LCP
//!
//! `x ⊥ C y − Eᵀu ≥ 0`, `y ⊥ Dᵀx − Fᵀv ≥ 0`, `Ex = e`, `Fy = f`, `u, v` free,
//!
//! with costs `C, D ≥ 0` (payoffs subtracted from a bound at the leaves). It starts from the
//! pure plans that take every information set's first action, with the free duals basic and a
//! covering vector on the other sequences, and pivots complementarily until the artificial
//! variable leaves. Exact (rationals) or `f64`.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, Mover, NodeId};
use crate::num::Q;
use crate::profile::Behavior;
use crate::scalar::Scalar;
use num_traits::{One, Zero};

/// Pivot and sign tolerance of the dense tableau in `f64`.
const EPS: f64 = crate::tolerance::LEMKE_PIVOT;

/// A player's sequences: 0 is the empty sequence, then each information set's actions in
/// order; with each information set's parent sequence.
#[derive(Clone, Debug)]
pub struct Sequences {
    /// First sequence of each of the player's information sets (in the player's order).
    pub first: Vec<usize>,
    /// Parent sequence of each of the player's information sets.
    pub parent: Vec<usize>,
    /// Total number of sequences (including the empty one).
    pub count: usize,
}

/// The sequence form of a two-player tree: sequences, and for every leaf its two sequences,
/// chance probability and total payoffs.
#[derive(Clone, Debug)]
pub struct SequenceForm {
    pub seqs: [Sequences; 2],
    /// (sequence of player 1, sequence of player 2, chance reach, payoffs summed along the path)
    pub leaves: Vec<(usize, usize, Q, Vec<Q>)>,
}

/// Builds the sequence form; errors when the tree is not 2-player or lacks perfect recall.
pub fn sequence_form(tree: &ExtensiveGame) -> Result<SequenceForm, SolveError> {
    if tree.num_players() != 2 {
        return Err(SolveError::not_applicable(
            "sequence form",
            format!("it needs 2 players, the game has {}", tree.num_players()),
        ));
    }
    let pos = crate::profile::infoset_positions(tree);
    let mut seqs = vec![];
    for p in 0..2 {
        let mut first = vec![];
        let mut count = 1;
        for &i in tree.player_infosets(p) {
            first.push(count);
            count += tree.infoset(i).actions.len();
        }
        seqs.push(Sequences {
            parent: vec![usize::MAX; first.len()],
            first,
            count,
        });
    }
    // Walk the tree: each node's last sequence per player, chance reach, and path payoffs.
    let n = tree.nodes().len();
    let mut last = vec![[0usize; 2]; n];
    let mut reach = vec![<Q as Zero>::zero(); n];
    let mut total: Vec<Vec<Q>> = vec![vec![]; n];
    reach[0] = <Q as One>::one();
    total[0] = tree.node_payoffs(NodeId::ROOT);
    let mut leaves = vec![];
    for v in 0..n {
        let nd = &tree.nodes()[v];
        match nd.infoset {
            None => leaves.push((last[v][0], last[v][1], reach[v].clone(), total[v].clone())),
            Some(i) => {
                let mover = tree.infoset(i).mover;
                if let Mover::Player(p) = mover {
                    let k = pos[i.index()].expect("player infoset").1;
                    let par = &mut seqs[p].parent[k];
                    if *par == usize::MAX {
                        *par = last[v][p];
                    } else if *par != last[v][p] {
                        return Err(SolveError::not_applicable(
                            "sequence form",
                            format!(
                                "information set `{}` is not of perfect recall",
                                tree.infoset(i).label
                            ),
                        ));
                    }
                }
                for (a, &c) in nd.children.iter().enumerate() {
                    let mut l = last[v];
                    let mut r = reach[v].clone();
                    match mover {
                        Mover::Player(p) => {
                            l[p] = seqs[p].first[pos[i.index()].expect("player").1] + a
                        }
                        Mover::Chance => r *= &tree.infoset(i).probs[a],
                    }
                    last[c.index()] = l;
                    reach[c.index()] = r;
                    let own = tree.node_payoffs(c);
                    total[c.index()] = total[v].iter().zip(&own).map(|(x, y)| x + y).collect();
                }
            }
        }
    }
    let s1 = seqs.remove(0);
    let s2 = seqs.remove(0);
    Ok(SequenceForm {
        seqs: [s1, s2],
        leaves,
    })
}

/// True when the two players' payoffs add up to the same constant at every leaf.
pub fn is_constant_sum(tree: &ExtensiveGame) -> bool {
    let Ok(sf) = sequence_form(tree) else {
        return false;
    };
    let sums: Vec<Q> = sf.leaves.iter().map(|l| l.3.iter().sum()).collect();
    sums.iter().all(|s| *s == sums[0])
}

/// The result of sequence-form Lemke.
#[derive(Clone, Debug)]
pub enum SeqEq {
    Exact(Behavior<Q>),
    Float(Behavior<f64>),
}

const MAX_CELLS: usize = 60_000_000;

/// Which implementation of sequence-form Lemke runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Dense tableau for `--exact` and small trees, sparse revised pivoting for large ones.
    Auto,
    /// The dense tableau (exact rationals or `f64`).
    Dense,
    /// Revised pivoting on a sparse LU factorization (`f64` only).
    Sparse,
}

/// LCP rows (sequences plus information sets of both players, plus the two roots) from which
/// [`Engine::Auto`] pivots sparsely in `f64`. The sparse path is as fast from a few dozen rows,
/// but below this the dense float tableau runs the same path as `--exact` (same start and
/// covering vector), so small games give the same equilibrium with and without `--exact`.
pub const SPARSE_FROM_ROWS: usize = 100;

/// One equilibrium by Lemke's algorithm on the sequence form.
pub fn lemke(tree: &ExtensiveGame, exact: bool) -> Result<SeqEq, SolveError> {
    lemke_with(tree, exact, Engine::Auto)
}

/// Number of rows of the sequence-form LCP.
pub fn lcp_rows(sf: &SequenceForm) -> usize {
    sf.seqs.iter().map(|s| s.count + s.first.len() + 1).sum()
}

/// One equilibrium by Lemke's algorithm on the sequence form, with the chosen engine.
pub fn lemke_with(tree: &ExtensiveGame, exact: bool, engine: Engine) -> Result<SeqEq, SolveError> {
    let sf = sequence_form(tree)?;
    let sparse = match engine {
        Engine::Sparse => true,
        Engine::Dense => false,
        Engine::Auto => !exact && lcp_rows(&sf) >= SPARSE_FROM_ROWS,
    };
    if sparse {
        if exact {
            return Err(SolveError::not_applicable(
                "lcp",
                "the sparse sequence-form Lemke pivots in floating point only",
            ));
        }
        return sparse_behavior(tree, &sf).map(SeqEq::Float);
    }
    if exact {
        let plans = with_restarts(|shift| lemke_plans::<Q>(&sf, shift))?;
        Ok(SeqEq::Exact(plans_to_behavior(tree, &sf, &plans)))
    } else {
        let plans = with_restarts(|shift| lemke_plans::<f64>(&sf, shift))?;
        Ok(SeqEq::Float(plans_to_behavior(tree, &sf, &plans)))
    }
}

/// Sparse Lemke from the tracing procedure's start, then from the first-, second- and
/// third-action plans, then with a perturbed right-hand side against degeneracy; the first
/// behaviour profile whose regret is within [`crate::tolerance::REGRET`] is returned.
fn sparse_behavior(tree: &ExtensiveGame, sf: &SequenceForm) -> Result<Behavior<f64>, SolveError> {
    let mut last = None;
    use crate::solvers::seqform_sparse::Start;
    // Unperturbed first (a perturbation makes every degenerate tie a real pivot and the
    // paths ten times longer); perturbed only when every unperturbed path failed.
    let attempts = [
        (Start::Prior, 0.0),
        (Start::Pure(0), 0.0),
        (Start::Pure(1), 0.0),
        (Start::Pure(2), 0.0),
        (Start::Prior, crate::tolerance::SPARSE_PERTURBATION),
        (Start::Pure(0), crate::tolerance::SPARSE_PERTURBATION),
    ];
    for (start, delta) in attempts {
        {
            match crate::solvers::seqform_sparse::lemke_plans_sparse(sf, start, delta) {
                Ok((plans, _)) => {
                    let beh = plans_to_behavior(tree, sf, &plans);
                    let profile = crate::profiles::BehaviorProfile::new(tree, beh.clone())?;
                    let (_, regret) = crate::profile::behavior_regret(tree, &profile)?;
                    if regret <= crate::tolerance::REGRET {
                        return Ok(beh);
                    }
                    last = Some(SolveError::no_convergence(
                        "lcp",
                        format!(
                            "sparse Lemke's profile has regret {regret:.3e} > {:e} after \
                             re-solving its final basis",
                            crate::tolerance::REGRET
                        ),
                    ));
                }
                Err(e @ SolveError::NoConvergence { .. }) => last = Some(e),
                Err(e) => return Err(e),
            }
        }
    }
    Err(last.expect("six attempts"))
}

/// Lemke from the first-action plans; if that path ends on a secondary ray, from the plans
/// taking the second, then the third action everywhere.
fn with_restarts<T>(run: impl Fn(usize) -> Result<T, SolveError>) -> Result<T, SolveError> {
    let mut last = None;
    for shift in 0..3 {
        match run(shift) {
            Ok(p) => return Ok(p),
            Err(e @ SolveError::NoConvergence { .. }) => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("three attempts"))
}

/// The complement of variable `v` in the sequence-form LCP: the plans `x` (`0..n1`) and `y`
/// (`n1..n1 + n2`) pair with their slacks, which start at `wx0` and `wy0`.
pub(crate) fn complement(v: usize, n1: usize, n2: usize, wx0: usize, wy0: usize) -> usize {
    if v < n1 {
        wx0 + v
    } else if v < n1 + n2 {
        wy0 + (v - n1)
    } else if (wx0..wx0 + n1).contains(&v) {
        v - wx0
    } else {
        n1 + (v - wy0)
    }
}

/// Behaviour from realization plans: each action's weight over its parent sequence's
/// (the centroid where the player's own plan never reaches the information set).
pub(crate) fn plans_to_behavior<T: Scalar>(
    tree: &ExtensiveGame,
    sf: &SequenceForm,
    plans: &[Vec<T>; 2],
) -> Behavior<T> {
    (0..2)
        .map(|p| {
            tree.player_infosets(p)
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let l = tree.infoset(i).actions.len();
                    let par = &plans[p][sf.seqs[p].parent[k]];
                    if par.is_pos_by(crate::tolerance::POSITIVE_PROB) {
                        (0..l)
                            .map(|a| plans[p][sf.seqs[p].first[k] + a].over(par))
                            .collect()
                    } else {
                        // Never reached by the player's own plan: the centroid, as Gambit does.
                        vec![T::one().over(&T::from_q(&crate::num::qi(l as i64))); l]
                    }
                })
                .collect()
        })
        .collect()
}

fn lemke_plans<T: Scalar>(sf: &SequenceForm, shift: usize) -> Result<[Vec<T>; 2], SolveError> {
    let (n1, n2) = (sf.seqs[0].count, sf.seqs[1].count);
    let (k1, k2) = (sf.seqs[0].first.len() + 1, sf.seqs[1].first.len() + 1);
    // Costs: bound minus payoff at every leaf, weighted by chance.
    let bound = |p: usize| -> Q {
        sf.leaves
            .iter()
            .map(|l| l.3[p].clone())
            .max()
            .unwrap_or_else(<Q as Zero>::zero)
            + <Q as One>::one()
    };
    let (b1, b2) = (bound(0), bound(1));
    // Variable layout.
    let x0 = 0;
    let y0 = n1;
    let u0 = n1 + n2;
    let v0 = u0 + k1;
    let wx0 = v0 + k2;
    let wy0 = wx0 + n1;
    let z = wy0 + n2;
    let cols = z + 1;
    let rows = n1 + n2 + k1 + k2;
    if rows.saturating_mul(cols + 1) > MAX_CELLS {
        return Err(SolveError::too_large(
            "lcp",
            format!(
                "the dense sequence-form tableau would have {rows} × {cols} entries \
                 (exact arithmetic needs it; without --exact the sparse float path solves it)"
            ),
        ));
    }
    let mut t: Vec<Vec<T>> = vec![vec![T::zero(); cols + 1]; rows];
    let rhs = cols;
    // Rows of player 1's sequences: w_σ − (C y)_σ + (Eᵀu)_σ − d_σ z = 0.
    // Rows of player 2's sequences: w_τ − (Dᵀx)_τ + (Fᵀv)_τ − d_τ z = 0.
    for (s1, s2, r, pay) in &sf.leaves {
        let c = r * (&b1 - &pay[0]);
        let d = r * (&b2 - &pay[1]);
        t[*s1][y0 + s2].sub_mul(&T::one(), &T::from_q(&c));
        t[n1 + s2][x0 + s1].sub_mul(&T::one(), &T::from_q(&d));
    }
    // Constraint matrices: row 0 is the root (x_∅ = 1), row k+1 the k-th information set.
    let add_e = |t: &mut Vec<Vec<T>>,
                 p: usize,
                 seq_row0: usize,
                 seq_col0: usize,
                 dual_col0: usize,
                 eq_row0: usize| {
        let s = &sf.seqs[p];
        let mut entries: Vec<(usize, usize, bool)> = vec![(0, 0, true)]; // (constraint, sequence, +1?)
        for k in 0..s.first.len() {
            entries.push((k + 1, s.parent[k], false));
            let next = if k + 1 < s.first.len() {
                s.first[k + 1]
            } else {
                s.count
            };
            for q in s.first[k]..next {
                entries.push((k + 1, q, true));
            }
        }
        for (c, q, plus) in entries {
            let v = if plus {
                T::one()
            } else {
                let mut m = T::zero();
                m.sub_mul(&T::one(), &T::one());
                m
            };
            // Eᵀu in the sequence rows, E x in the equality rows.
            t[seq_row0 + q][dual_col0 + c] = v.clone();
            t[eq_row0 + c][seq_col0 + q] = v;
        }
    };
    add_e(&mut t, 0, 0, x0, u0, n1 + n2);
    add_e(&mut t, 1, n1, y0, v0, n1 + n2 + k1);
    t[n1 + n2][rhs] = T::one();
    t[n1 + n2 + k1][rhs] = T::one();
    for s in 0..n1 {
        t[s][wx0 + s] = T::one();
    }
    for s in 0..n2 {
        t[n1 + s][wy0 + s] = T::one();
    }
    // The starting pure plans: action `shift` (mod the number of actions) everywhere, and the
    // empty sequence.
    let start = |p: usize| -> Vec<bool> {
        let s = &sf.seqs[p];
        let mut v = vec![false; s.count];
        v[0] = true;
        for (k, &f) in s.first.iter().enumerate() {
            let next = if k + 1 < s.first.len() {
                s.first[k + 1]
            } else {
                s.count
            };
            v[f + shift % (next - f)] = true;
        }
        v
    };
    let (s1, s2) = (start(0), start(1));
    let mut minus_one = T::zero();
    minus_one.sub_mul(&T::one(), &T::one());
    for s in 0..n1 {
        if !s1[s] {
            t[s][z] = minus_one.clone();
        }
    }
    for s in 0..n2 {
        if !s2[s] {
            t[n1 + s][z] = minus_one.clone();
        }
    }
    let mut basic: Vec<usize> = vec![];
    basic.extend((0..n1).filter(|&s| s1[s]).map(|s| x0 + s));
    basic.extend((0..n2).filter(|&s| s2[s]).map(|s| y0 + s));
    basic.extend(u0..u0 + k1);
    basic.extend(v0..v0 + k2);
    basic.extend((0..n1).filter(|&s| !s1[s]).map(|s| wx0 + s));
    basic.extend((0..n2).filter(|&s| !s2[s]).map(|s| wy0 + s));
    let mut row_of = vec![usize::MAX; cols];
    let mut var_of = vec![usize::MAX; rows];
    let pivot = |t: &mut Vec<Vec<T>>, r: usize, c: usize| {
        let p = t[r][c].clone();
        for x in t[r].iter_mut() {
            *x = x.over(&p);
        }
        let prow = t[r].clone();
        let nz: Vec<usize> = (0..=cols).filter(|&j| prow[j].is_nonzero_by(EPS)).collect();
        for (q, row) in t.iter_mut().enumerate() {
            if q == r || !row[c].is_nonzero_by(EPS) {
                continue;
            }
            let f = row[c].clone();
            for &j in &nz {
                row[j].sub_mul(&f, &prow[j]);
            }
            row[c] = T::zero();
        }
    };
    // Bring the starting basis in (Gauss–Jordan with partial pivoting).
    for &b in &basic {
        let mut best: Option<usize> = None;
        for r in 0..rows {
            if var_of[r] == usize::MAX
                && t[r][b].is_nonzero_by(EPS)
                && best.is_none_or(|q| t[r][b].abs_gt(&t[q][b]))
            {
                best = Some(r);
            }
        }
        let r = best.ok_or_else(|| {
            SolveError::no_convergence("lcp", "the starting basis of the sequence form is singular")
        })?;
        pivot(&mut t, r, b);
        var_of[r] = b;
        row_of[b] = r;
    }
    let nonneg = |v: usize| !(u0..v0 + k2).contains(&v);
    // Bring z in at the most negative w (or stop: the starting plans are an equilibrium).
    let mut leave_row: Option<usize> = None;
    for r in 0..rows {
        let v = var_of[r];
        if nonneg(v) && t[r][rhs].lt_by(&T::zero(), EPS) && t[r][z].lt_by(&T::zero(), EPS) {
            let better = match leave_row {
                None => true,
                Some(q) => t[r][rhs].over(&t[r][z]).abs_gt(&t[q][rhs].over(&t[q][z])),
            };
            if better {
                leave_row = Some(r);
            }
        }
    }
    if let Some(r) = leave_row {
        let mut leaving = var_of[r];
        pivot(&mut t, r, z);
        var_of[r] = z;
        row_of[leaving] = usize::MAX;
        row_of[z] = r;
        let complement = |v: usize| complement(v, n1, n2, wx0, wy0);
        let mut steps = 0;
        loop {
            steps += 1;
            if steps > 200_000 {
                return Err(SolveError::no_convergence(
                    "lcp",
                    "Lemke's algorithm exceeded 200,000 pivots",
                ));
            }
            let enter = complement(leaving);
            // Ratio test over rows whose basic variable must stay ≥ 0.
            let mut best: Option<(usize, T)> = None;
            let mut z_ties = false;
            for r in 0..rows {
                if !nonneg(var_of[r]) || !t[r][enter].is_pos_by(EPS) {
                    continue;
                }
                let ratio = t[r][rhs].over(&t[r][enter]);
                match &best {
                    None => {
                        z_ties = var_of[r] == z;
                        best = Some((r, ratio));
                    }
                    Some((q, b)) => {
                        if ratio.lt_by(b, EPS) {
                            z_ties = var_of[r] == z;
                            best = Some((r, ratio));
                        } else if ratio.approx_eq_by(b, EPS) {
                            if var_of[r] == z {
                                z_ties = true;
                                best = Some((r, ratio));
                            } else if !z_ties && var_of[r] < var_of[*q] {
                                best = Some((r, ratio));
                            }
                        }
                    }
                }
            }
            let Some((r, _)) = best else {
                return Err(SolveError::no_convergence(
                    "lcp",
                    "Lemke's algorithm ended on a secondary ray",
                ));
            };
            leaving = var_of[r];
            pivot(&mut t, r, enter);
            var_of[r] = enter;
            row_of[leaving] = usize::MAX;
            row_of[enter] = r;
            if leaving == z {
                break;
            }
        }
    }
    let value = |v: usize| -> T {
        match row_of[v] {
            usize::MAX => T::zero(),
            r => t[r][rhs].clone(),
        }
    };
    let x: Vec<T> = (0..n1).map(|s| value(x0 + s)).collect();
    let y: Vec<T> = (0..n2).map(|s| value(y0 + s)).collect();
    Ok([x, y])
}

#[allow(dead_code)]
fn node_count(tree: &ExtensiveGame) -> usize {
    tree.nodes().len()
}
