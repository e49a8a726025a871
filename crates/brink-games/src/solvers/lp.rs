//! Linear programming for two-player constant-sum games: a dense two-phase simplex (exact
//! rationals or `f64`) and the two programs it solves —
//!
//! - the strategic form's minimax program: with payoffs shifted to A′ ≥ 1, maximise Σ w
//!   subject to A′w ≤ 1, w ≥ 0; then y = w / Σw is player 2's optimal strategy, and the
//!   program's duals, normalised, are player 1's;
//! - the sequence form's program (Koller, Megiddo & von Stengel 1996): maximise q₀ subject to
//!   Fᵀq − Aᵀx ≤ 0, Ex = e, x ≥ 0, q free; x is player 1's optimal realization plan and the
//!   duals of the first block are player 2's.
//!
//! In a constant-sum game every Nash equilibrium is a pair of optimal strategies, so one
//! optimum is an equilibrium (which `solve` then verifies, like every solver's answer).
//! Pivoting is Dantzig's largest reduced cost, switching to Bland's rule after a run of
//! degenerate pivots so that the method cannot cycle (exactly; in `f64` ratio ties go to the
//! largest pivot instead, for stability).

use crate::equilibrium::{behavior_exact, behavior_f64, Equilibrium};
use crate::error::SolveError;
use crate::model::{ExtensiveGame, StrategicGame};
use crate::num::Q;
use crate::profile::Behavior;
use crate::scalar::Scalar;
use crate::solve::Method;
use crate::solvers::bimatrix::{verified, BiEq};
use crate::solvers::lcp::check_two_players;
use crate::solvers::seqform::is_constant_sum;
use crate::solvers::seqform::{plans_to_behavior, sequence_form, SequenceForm};
use crate::AnyGame;
use num_traits::{One, Signed, Zero};

/// Pivot and sign tolerance for `f64` (the programs are scaled so that entries are O(1)).
const EPS: f64 = crate::tolerance::LP_PIVOT;

/// A constraint's relation to its right-hand side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rel {
    Le,
    Eq,
}

/// One constraint: sparse coefficients, relation, right-hand side.
pub(crate) type Row<T> = (Vec<(usize, T)>, Rel, T);

/// maximise cᵀz subject to rows (sparse coefficients, relation, right-hand side), z ≥ 0.
#[derive(Clone, Debug)]
pub(crate) struct Program<T> {
    pub vars: usize,
    pub objective: Vec<T>,
    pub rows: Vec<Row<T>>,
}

/// An optimal vertex: the variables and one dual per row (yᵀA ≥ c on the variables, y ≥ 0 on
/// `Le` rows).
#[derive(Clone, Debug)]
pub(crate) struct Optimum<T> {
    pub primal: Vec<T>,
    pub dual: Vec<T>,
}

/// Why a program has no optimum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LpFailure {
    Infeasible,
    Unbounded,
    TooLarge(String),
    PivotLimit,
}

/// Largest dense tableau built (entries).
const MAX_CELLS: usize = 40_000_000;
/// Consecutive degenerate pivots after which entering switches to Bland's rule.
const DEGENERATE_RUN: usize = 50;
const MAX_PIVOTS: usize = 1_000_000;

/// The dense simplex tableau: `rows` constraint rows over `cols` columns plus the right-hand
/// side, and the reduced-cost row d_j = c_j − c_Bᵀ B⁻¹ a_j.
struct Tableau<T> {
    t: Vec<Vec<T>>,
    cost: Vec<T>,
    basis: Vec<usize>,
    cols: usize,
}

impl<T: Scalar> Tableau<T> {
    fn rhs(&self, r: usize) -> &T {
        &self.t[r][self.cols]
    }

    fn pivot(&mut self, r: usize, c: usize) {
        let p = self.t[r][c].clone();
        for x in self.t[r].iter_mut() {
            *x = x.over(&p);
        }
        let prow = std::mem::take(&mut self.t[r]);
        let nz: Vec<usize> = (0..=self.cols)
            .filter(|&j| prow[j].is_nonzero_by(EPS))
            .collect();
        for (q, row) in self.t.iter_mut().enumerate() {
            if q == r || !row[c].is_nonzero_by(EPS) {
                continue;
            }
            let f = row[c].clone();
            for &j in &nz {
                row[j].sub_mul(&f, &prow[j]);
            }
            row[c] = T::zero();
        }
        let f = self.cost[c].clone();
        if f.is_nonzero_by(EPS) {
            for &j in &nz {
                self.cost[j].sub_mul(&f, &prow[j]);
            }
            self.cost[c] = T::zero();
        }
        self.t[r] = prow;
        self.basis[r] = c;
    }

    /// Sets the reduced costs for objective `c` (over all columns) and the current basis.
    fn price(&mut self, c: &[T]) {
        self.cost = c.to_vec();
        self.cost.push(T::zero());
        for (r, row) in self.t.iter().enumerate() {
            let cb = &c[self.basis[r]];
            if !cb.is_nonzero_by(EPS) {
                continue;
            }
            for (j, x) in row.iter().enumerate() {
                if x.is_nonzero_by(EPS) {
                    self.cost[j].sub_mul(cb, x);
                }
            }
        }
    }

    /// Pivots to optimality over the columns `allowed` may enter.
    fn optimise(&mut self, allowed: impl Fn(usize) -> bool) -> Result<(), LpFailure> {
        let mut degenerate = 0usize;
        for _ in 0..MAX_PIVOTS {
            let bland = degenerate >= DEGENERATE_RUN;
            let mut enter: Option<usize> = None;
            for j in 0..self.cols {
                if !allowed(j) || !self.cost[j].is_pos_by(EPS) {
                    continue;
                }
                match enter {
                    None => enter = Some(j),
                    Some(e) if !bland && self.cost[e].lt_by(&self.cost[j], EPS) => enter = Some(j),
                    _ => {}
                }
                if bland {
                    break;
                }
            }
            let Some(c) = enter else {
                return Ok(());
            };
            // Ratio test (a value within rounding of 0 counts as 0); ties go to the smallest
            // basic column (Bland) in exact arithmetic, to the largest pivot in `f64`.
            let mut leave: Option<(usize, T)> = None;
            for r in 0..self.t.len() {
                let a = &self.t[r][c];
                if !a.is_pos_by(EPS) {
                    continue;
                }
                let ratio = if self.rhs(r).is_pos_by(EPS) {
                    self.rhs(r).over(a)
                } else {
                    T::zero()
                };
                let better = match &leave {
                    None => true,
                    Some((q, best)) => {
                        ratio.lt_by(best, EPS)
                            || (!best.lt_by(&ratio, EPS)
                                && if T::STABLE_TIES {
                                    self.t[*q][c].lt_by(a, EPS)
                                } else {
                                    self.basis[r] < self.basis[*q]
                                })
                    }
                };
                if better {
                    leave = Some((r, ratio));
                }
            }
            let Some((r, ratio)) = leave else {
                return Err(LpFailure::Unbounded);
            };
            if ratio.is_pos_by(EPS) {
                degenerate = 0;
            } else {
                degenerate += 1;
            }
            self.pivot(r, c);
        }
        Err(LpFailure::PivotLimit)
    }
}

/// Solves `p` by the two-phase simplex method.
pub(crate) fn maximize<T: Scalar>(p: &Program<T>) -> Result<Optimum<T>, LpFailure> {
    let m = p.rows.len();
    let n = p.vars;
    // Columns: the variables, a slack per `Le` row, an artificial per row that needs one
    // (`Eq` rows, and `Le` rows with a negative right-hand side).
    let mut slack_of = vec![usize::MAX; m];
    let mut cols = n;
    for (i, (_, rel, _)) in p.rows.iter().enumerate() {
        if *rel == Rel::Le {
            slack_of[i] = cols;
            cols += 1;
        }
    }
    let first_artificial = cols;
    let mut artificial_of = vec![usize::MAX; m];
    let mut negated = vec![false; m];
    for (i, (_, rel, b)) in p.rows.iter().enumerate() {
        negated[i] = b.is_neg_by(EPS);
        if *rel == Rel::Eq || negated[i] {
            artificial_of[i] = cols;
            cols += 1;
        }
    }
    if m.saturating_mul(cols + 1) > MAX_CELLS {
        return Err(LpFailure::TooLarge(format!(
            "the dense simplex tableau would have {m} × {} entries",
            cols + 1
        )));
    }
    let mut t = vec![vec![T::zero(); cols + 1]; m];
    let mut basis = vec![0; m];
    for (i, (coeffs, _, b)) in p.rows.iter().enumerate() {
        let sign = |x: &T| {
            if negated[i] {
                x.clone().neg()
            } else {
                x.clone()
            }
        };
        for (j, a) in coeffs {
            t[i][*j] = t[i][*j].plus(&sign(a));
        }
        t[i][cols] = sign(b);
        if slack_of[i] != usize::MAX {
            t[i][slack_of[i]] = sign(&T::one());
        }
        basis[i] = if artificial_of[i] != usize::MAX {
            t[i][artificial_of[i]] = T::one();
            artificial_of[i]
        } else {
            slack_of[i]
        };
    }
    let mut tab = Tableau {
        t,
        cost: vec![],
        basis,
        cols,
    };
    let is_artificial = |j: usize| j >= first_artificial && j < cols;
    if first_artificial < cols {
        // Phase 1: maximise −Σ artificials.
        let c1: Vec<T> = (0..cols)
            .map(|j| {
                if is_artificial(j) {
                    -T::one()
                } else {
                    T::zero()
                }
            })
            .collect();
        tab.price(&c1);
        tab.optimise(|_| true)?;
        let infeasibility = (0..m)
            .filter(|&r| is_artificial(tab.basis[r]))
            .fold(T::zero(), |s, r| s.plus(tab.rhs(r)));
        if infeasibility.is_pos_by(EPS) {
            return Err(LpFailure::Infeasible);
        }
        // Drive artificials left in the basis (at level 0) out where the row allows; a row
        // with no other entry is redundant and keeps its artificial at 0 for ever.
        for r in 0..m {
            if !is_artificial(tab.basis[r]) {
                continue;
            }
            if let Some(j) = (0..first_artificial).find(|&j| tab.t[r][j].is_nonzero_by(EPS)) {
                tab.pivot(r, j);
            }
        }
    }
    let mut c2: Vec<T> = p.objective.clone();
    c2.resize(cols, T::zero());
    tab.price(&c2);
    tab.optimise(|j| !is_artificial(j))?;
    let mut primal = vec![T::zero(); n];
    for r in 0..m {
        if tab.basis[r] < n {
            primal[tab.basis[r]] = tab.rhs(r).clone();
        }
    }
    // y_i = −d(slack_i); an artificial stands for ±e_i, as its row was (not) negated.
    let dual = (0..m)
        .map(|i| {
            if slack_of[i] != usize::MAX {
                tab.cost[slack_of[i]].clone().neg()
            } else if negated[i] {
                tab.cost[artificial_of[i]].clone()
            } else {
                tab.cost[artificial_of[i]].clone().neg()
            }
        })
        .collect();
    Ok(Optimum { primal, dual })
}

fn failure(method: &str, f: LpFailure) -> SolveError {
    match f {
        // Neither can happen for a game's programs (both are feasible and bounded); if rounding
        // makes them appear, say so rather than answer.
        LpFailure::Infeasible => {
            SolveError::no_convergence(method, "the linear program appeared infeasible (rounding)")
        }
        LpFailure::Unbounded => {
            SolveError::no_convergence(method, "the linear program appeared unbounded (rounding)")
        }
        LpFailure::PivotLimit => {
            SolveError::no_convergence(method, "the simplex method exceeded its pivot limit")
        }
        LpFailure::TooLarge(why) => SolveError::too_large(method, why),
    }
}

/// Player 1's and player 2's optimal mixed strategies of a 2-player constant-sum strategic
/// game (the caller checks both conditions).
pub fn strategic<T: Scalar>(game: &StrategicGame) -> Result<(Vec<T>, Vec<T>), SolveError> {
    let counts = game.num_strategies();
    let (m, n) = (counts[0], counts[1]);
    let a: Vec<Vec<Q>> = (0..m)
        .map(|i| {
            (0..n)
                .map(|j| game.payoff(game.profile_index(&[i, j]), 0).clone())
                .collect()
        })
        .collect();
    let lo = a
        .iter()
        .flatten()
        .min()
        .cloned()
        .unwrap_or_else(<Q as Zero>::zero);
    let hi = a
        .iter()
        .flatten()
        .max()
        .cloned()
        .unwrap_or_else(<Q as Zero>::zero);
    // A′ = (A − min) / (max − min) + 1 ∈ [1, 2]: positive (so the value is positive and the
    // origin feasible) and O(1) for the floating-point tolerances.
    let range = if hi > lo {
        &hi - &lo
    } else {
        <Q as One>::one()
    };
    let program = Program {
        vars: n,
        objective: vec![T::one(); n],
        rows: a
            .iter()
            .map(|row| {
                let coeffs = row
                    .iter()
                    .enumerate()
                    .map(|(j, x)| (j, T::from_q(&((x - &lo) / &range + <Q as One>::one()))))
                    .collect();
                (coeffs, Rel::Le, T::one())
            })
            .collect(),
    };
    let opt = maximize(&program).map_err(|f| failure("lp", f))?;
    let normalise = |v: Vec<T>| -> Vec<T> {
        let total = v.iter().fold(T::zero(), |s, x| s.plus(x));
        v.iter().map(|x| x.over(&total)).collect()
    };
    // Duals of an optimum are ≥ 0 up to rounding; clamp the rounding.
    let clamp = |v: Vec<T>| -> Vec<T> {
        v.into_iter()
            .map(|x| if x.is_nonzero_by(EPS) { x } else { T::zero() })
            .collect()
    };
    Ok((normalise(clamp(opt.dual)), normalise(clamp(opt.primal))))
}

/// The sequence-form constraint matrix of one player as sparse rows: row 0 is the empty
/// sequence (= 1), row k + 1 says the k-th information set's actions sum to its parent sequence.
fn constraint_rows(sf: &SequenceForm, p: usize) -> Vec<Vec<(usize, i8)>> {
    let s = &sf.seqs[p];
    let mut rows = vec![vec![(0usize, 1i8)]];
    for k in 0..s.first.len() {
        let next = s.first.get(k + 1).copied().unwrap_or(s.count);
        let mut row = vec![(s.parent[k], -1i8)];
        row.extend((s.first[k]..next).map(|q| (q, 1i8)));
        rows.push(row);
    }
    rows
}

/// Optimal behaviour strategies of a 2-player constant-sum tree with perfect recall, from the
/// sequence-form linear program.
pub fn tree<T: Scalar>(tree: &ExtensiveGame) -> Result<Behavior<T>, SolveError> {
    let sf = sequence_form(tree)?;
    let (n1, n2) = (sf.seqs[0].count, sf.seqs[1].count);
    let e_rows = constraint_rows(&sf, 0);
    let f_rows = constraint_rows(&sf, 1);
    let k2 = f_rows.len();
    // Player 1's expected payoff at the leaves, scaled to O(1) for the tolerances.
    let scale = sf
        .leaves
        .iter()
        .map(|l| l.3[0].abs())
        .max()
        .filter(|m| !m.is_zero())
        .unwrap_or_else(<Q as One>::one);
    // Columns of Aᵀ: for each of player 2's sequences, player 1's sequences and the entries.
    let mut a_cols: Vec<Vec<(usize, Q)>> = vec![vec![]; n2];
    for (s1, s2, reach, pay) in &sf.leaves {
        let v = reach * &pay[0] / &scale;
        match a_cols[*s2].iter_mut().find(|(q, _)| q == s1) {
            Some((_, x)) => *x += v,
            None => a_cols[*s2].push((*s1, v)),
        }
    }
    // Variables: x (n1), q⁺ (k2), q⁻ (k2).
    let (q_plus, q_minus) = (n1, n1 + k2);
    let one = T::one();
    let mut rows: Vec<Row<T>> = Vec::with_capacity(n2 + e_rows.len());
    // Fᵀq − Aᵀx ≤ 0: one row per sequence τ of player 2.
    let mut f_t: Vec<Vec<(usize, i8)>> = vec![vec![]; n2];
    for (k, row) in f_rows.iter().enumerate() {
        for &(tau, sign) in row {
            f_t[tau].push((k, sign));
        }
    }
    for tau in 0..n2 {
        let mut coeffs: Vec<(usize, T)> = vec![];
        for &(k, sign) in &f_t[tau] {
            let v = if sign > 0 {
                one.clone()
            } else {
                one.clone().neg()
            };
            coeffs.push((q_plus + k, v.clone()));
            coeffs.push((q_minus + k, v.clone().neg()));
        }
        for (s1, a) in &a_cols[tau] {
            coeffs.push((*s1, -T::from_q(a)));
        }
        rows.push((coeffs, Rel::Le, T::zero()));
    }
    // Ex = e.
    for (k, row) in e_rows.iter().enumerate() {
        let coeffs = row
            .iter()
            .map(|&(s, sign)| {
                (
                    s,
                    if sign > 0 {
                        one.clone()
                    } else {
                        one.clone().neg()
                    },
                )
            })
            .collect();
        rows.push((
            coeffs,
            Rel::Eq,
            if k == 0 { one.clone() } else { T::zero() },
        ));
    }
    let mut objective = vec![T::zero(); n1 + 2 * k2];
    objective[q_plus] = one.clone();
    objective[q_minus] = one.clone().neg();
    let program = Program {
        vars: n1 + 2 * k2,
        objective,
        rows,
    };
    let opt = maximize(&program).map_err(|f| failure("lp", f))?;
    let clamp = |x: &T| {
        if x.is_pos_by(EPS) {
            x.clone()
        } else {
            T::zero()
        }
    };
    let x: Vec<T> = opt.primal[..n1].iter().map(clamp).collect();
    let y: Vec<T> = opt.dual[..n2].iter().map(clamp).collect();
    Ok(plans_to_behavior(tree, &sf, &[x, y]))
}

/// Options of [`lp_solve`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LpOptions {
    /// Exact rational arithmetic (else `f64`).
    pub exact: bool,
}

/// One equilibrium of a two-player constant-sum game (a pair of optimal strategies): the
/// minimax program on a strategic game, the sequence-form program on a tree.
///
/// ```
/// use brink_games::{lp_solve, num::{q, qi}, AnyGame, LpOptions, StrategicGame};
/// // A zero-sum game whose value is 1/2.
/// let a = vec![vec![qi(2), qi(-1)], vec![qi(-1), qi(1)]];
/// let b: Vec<Vec<_>> = a.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
/// let game = AnyGame::Strategic(StrategicGame::bimatrix("zero-sum", &a, &b));
/// let eq = &lp_solve(&game, &LpOptions { exact: true }).unwrap()[0];
/// assert_eq!(eq.exact.as_ref().unwrap()[0], vec![q(2, 5), q(3, 5)]);
/// assert_eq!(eq.payoffs, vec![0.2, -0.2]);
/// ```
pub fn lp_solve(game: &AnyGame, opts: &LpOptions) -> Result<Vec<Equilibrium>, SolveError> {
    let method = Method::Lp;
    match game {
        AnyGame::Strategic(g) => {
            check_constant_sum(g)?;
            // In a constant-sum game every equilibrium is a pair of optimal strategies: the
            // minimax linear program's optimum and its duals.
            let e = if opts.exact {
                let (x, y) = strategic::<Q>(g)?;
                BiEq::Exact(x, y)
            } else {
                let (x, y) = strategic::<f64>(g)?;
                BiEq::Float(x, y)
            };
            Ok(vec![verified(g, e, method)?])
        }
        AnyGame::Extensive(t) => {
            check_two_players(t, method)?;
            if !is_constant_sum(t) {
                return Err(SolveError::not_applicable(
                    "lp",
                    "the game is not constant-sum (use lcp)",
                ));
            }
            if opts.exact {
                Ok(vec![behavior_exact(t, tree::<Q>(t)?, method)?])
            } else {
                Ok(vec![behavior_f64(t, tree::<f64>(t)?, method, true)?])
            }
        }
    }
}

fn check_constant_sum(game: &StrategicGame) -> Result<(), SolveError> {
    if game.num_players() != 2 {
        return Err(SolveError::not_applicable(
            "lp",
            format!("it needs 2 players, the game has {}", game.num_players()),
        ));
    }
    let sums: Vec<Q> = (0..game.num_profiles())
        .map(|k| game.payoff(k, 0) + game.payoff(k, 1))
        .collect();
    if sums.iter().any(|s| *s != sums[0]) {
        return Err(SolveError::not_applicable(
            "lp",
            "the game is not constant-sum (use lcp or enummixed)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::{q, to_f64};

    fn value<T: Scalar>(p: &Program<T>, o: &Optimum<T>) -> T {
        p.objective
            .iter()
            .zip(&o.primal)
            .fold(T::zero(), |s, (c, x)| s.plus(&c.times(x)))
    }

    fn le(coeffs: &[(usize, i64)], b: i64) -> (Vec<(usize, Q)>, Rel, Q) {
        (
            coeffs.iter().map(|&(j, a)| (j, q(a, 1))).collect(),
            Rel::Le,
            q(b, 1),
        )
    }

    #[test]
    fn textbook_program_and_its_duals() {
        // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 (Hillier & Lieberman's Wyndor
        // example): optimum (2, 6), value 36, duals (0, 3/2, 1).
        let p = Program {
            vars: 2,
            objective: vec![q(3, 1), q(5, 1)],
            rows: vec![
                le(&[(0, 1)], 4),
                le(&[(1, 2)], 12),
                le(&[(0, 3), (1, 2)], 18),
            ],
        };
        let o = maximize(&p).unwrap();
        assert_eq!(o.primal, vec![q(2, 1), q(6, 1)]);
        assert_eq!(value(&p, &o), q(36, 1));
        assert_eq!(o.dual, vec![q(0, 1), q(3, 2), q(1, 1)]);
        let f = Program {
            vars: 2,
            objective: vec![3.0, 5.0],
            rows: p
                .rows
                .iter()
                .map(|(c, r, b)| {
                    (
                        c.iter().map(|(j, a)| (*j, to_f64(a))).collect(),
                        *r,
                        to_f64(b),
                    )
                })
                .collect(),
        };
        let o = maximize(&f).unwrap();
        assert!((value(&f, &o) - 36.0).abs() < 1e-12);
    }

    #[test]
    fn equalities_negative_rhs_infeasible_and_unbounded() {
        // max x + y s.t. x + y = 2, −x ≤ −1/2 (x ≥ 1/2), y ≤ 1: value 2, x ∈ [1, 2] by y ≤ 1.
        let p = Program {
            vars: 2,
            objective: vec![q(1, 1), q(1, 1)],
            rows: vec![
                (vec![(0, q(1, 1)), (1, q(1, 1))], Rel::Eq, q(2, 1)),
                (vec![(0, q(-1, 1))], Rel::Le, q(-1, 2)),
                le(&[(1, 1)], 1),
            ],
        };
        let o = maximize(&p).unwrap();
        assert_eq!(value(&p, &o), q(2, 1));
        assert_eq!(&o.primal[0] + &o.primal[1], q(2, 1));
        // Dual feasibility: yᵀA ≥ c, y ≥ 0 on ≤ rows, and yᵀb = value (strong duality).
        let y = &o.dual;
        assert!(y[1] >= q(0, 1) && y[2] >= q(0, 1));
        assert!(&y[0] - &y[1] >= q(1, 1));
        assert!(&y[0] + &y[2] >= q(1, 1));
        assert_eq!(&y[0] * q(2, 1) - &y[1] * q(1, 2) + &y[2], q(2, 1));
        let infeasible = Program {
            vars: 1,
            objective: vec![q(1, 1)],
            rows: vec![le(&[(0, 1)], 1), (vec![(0, q(1, 1))], Rel::Eq, q(2, 1))],
        };
        assert_eq!(maximize(&infeasible).unwrap_err(), LpFailure::Infeasible);
        let unbounded = Program {
            vars: 2,
            objective: vec![q(1, 1), q(0, 1)],
            rows: vec![le(&[(0, 1), (1, -1)], 1)],
        };
        assert_eq!(maximize(&unbounded).unwrap_err(), LpFailure::Unbounded);
    }
}
