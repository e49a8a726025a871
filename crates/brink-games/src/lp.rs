//! A dense two-phase simplex method, exact (rationals) or in `f64`, for the linear programs of
//! two-player constant-sum games: `maximize cᵀx` subject to rows `aᵢx ≤ bᵢ` or `aᵢx = bᵢ` and
//! `x ≥ 0`. It returns the optimal `x` and the row duals (the other player's strategy in the
//! games' LPs). Dantzig's rule, switching for good to Bland's rule after a run of degenerate
//! pivots, so it cannot cycle in exact arithmetic; in `f64` ratio ties go to the largest pivot
//! instead (Bland's smallest-index ties there let rounding grow the tableau until it cycles).

use crate::num::Q;
use crate::scalar::Scalar;
use num_traits::Signed;
use std::ops::Div;

/// A field the simplex pivots in: sign tests are exact for rationals and tolerant for `f64`.
pub trait LpNum: Scalar + Div<Output = Self> {
    fn is_pos(&self) -> bool;
    fn is_neg(&self) -> bool;
    /// Compares two ratios of the ratio test: exactly for rationals, as equal within the
    /// tolerance for `f64` (so rounding noise cannot break the ties Bland's rule relies on).
    fn ratio_cmp(&self, other: &Self) -> std::cmp::Ordering;
    /// Break ratio ties by the largest pivot (numerical stability) rather than by Bland's
    /// smallest index (exact termination).
    const STABLE_TIES: bool;
}

/// Sign tolerance of the `f64` simplex (the games' LPs are scaled so payoffs are O(1)).
const EPS: f64 = 1e-11;

impl LpNum for f64 {
    const STABLE_TIES: bool = true;
    fn is_pos(&self) -> bool {
        *self > EPS
    }
    fn is_neg(&self) -> bool {
        *self < -EPS
    }
    fn ratio_cmp(&self, other: &Self) -> std::cmp::Ordering {
        if (self - other).abs() <= EPS * (1.0 + self.abs().max(other.abs())) {
            std::cmp::Ordering::Equal
        } else {
            self.total_cmp(other)
        }
    }
}

impl LpNum for Q {
    const STABLE_TIES: bool = false;
    fn is_pos(&self) -> bool {
        self.is_positive()
    }
    fn is_neg(&self) -> bool {
        self.is_negative()
    }
    fn ratio_cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.cmp(other)
    }
}

/// The kind of a constraint row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// `aᵢx ≤ bᵢ`
    Le,
    /// `aᵢx = bᵢ`
    Eq,
}

/// Why the simplex has no optimum to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LpError {
    Infeasible,
    Unbounded,
    PivotLimit(usize),
}

/// An optimal solution: the variables, the duals of the rows (`y ≥ 0` on `≤` rows, free on
/// equalities; `cᵀx = bᵀy`) and the optimal value.
#[derive(Clone, Debug)]
pub struct LpSolution<T> {
    pub x: Vec<T>,
    pub duals: Vec<T>,
    pub value: T,
}

/// Consecutive degenerate pivots after which Bland's rule takes over.
const DEGENERATE_RUN: usize = 50;

struct Tableau<T> {
    /// Rows of `B⁻¹[A | I-columns]`, right-hand side last.
    t: Vec<Vec<T>>,
    /// Reduced costs `c_B B⁻¹ a_j − c_j`, objective value last.
    obj: Vec<T>,
    basis: Vec<usize>,
    pivots: usize,
}

impl<T: LpNum> Tableau<T> {
    fn pivot(&mut self, r: usize, c: usize) {
        let p = self.t[r][c].clone();
        for v in self.t[r].iter_mut() {
            *v = v.clone() / p.clone();
        }
        let prow = self.t[r].clone();
        let nz: Vec<usize> = (0..prow.len()).filter(|&j| !prow[j].is_zero()).collect();
        for (i, row) in self.t.iter_mut().enumerate() {
            if i == r || row[c].is_zero() {
                continue;
            }
            let f = row[c].clone();
            for &j in &nz {
                row[j] = row[j].clone() - f.clone() * prow[j].clone();
            }
            row[c] = T::zero();
        }
        if !self.obj[c].is_zero() {
            let f = self.obj[c].clone();
            for &j in &nz {
                self.obj[j] = self.obj[j].clone() - f.clone() * prow[j].clone();
            }
            self.obj[c] = T::zero();
        }
        self.basis[r] = c;
        self.pivots += 1;
    }

    /// Sets the objective row for costs `c` (by column) from the current basis.
    fn price(&mut self, c: &[T]) {
        let cols = self.obj.len();
        let mut obj: Vec<T> = (0..cols)
            .map(|j| {
                if j + 1 < cols {
                    T::zero() - c[j].clone()
                } else {
                    T::zero()
                }
            })
            .collect();
        for (i, row) in self.t.iter().enumerate() {
            let cb = &c[self.basis[i]];
            if cb.is_zero() {
                continue;
            }
            for (o, v) in obj.iter_mut().zip(row) {
                *o = o.clone() + cb.clone() * v.clone();
            }
        }
        self.obj = obj;
    }

    /// Pivots to optimality over the columns `allowed`.
    fn optimize(&mut self, allowed: &[bool], limit: usize) -> Result<(), LpError> {
        let rhs = self.obj.len() - 1;
        let mut degenerate = 0;
        let mut bland = false;
        loop {
            if self.pivots > limit {
                return Err(LpError::PivotLimit(limit));
            }
            let enter = if bland {
                (0..rhs).find(|&j| allowed[j] && self.obj[j].is_neg())
            } else {
                let mut best: Option<usize> = None;
                for j in 0..rhs {
                    if allowed[j]
                        && self.obj[j].is_neg()
                        && best.is_none_or(|b| self.obj[j] < self.obj[b])
                    {
                        best = Some(j);
                    }
                }
                best
            };
            let Some(c) = enter else { return Ok(()) };
            // Ratio test (values within the tolerance of 0 count as 0); ties go to the
            // smallest basic variable, as Bland's rule needs.
            let mut leave: Option<(usize, T)> = None;
            for i in 0..self.t.len() {
                if !self.t[i][c].is_pos() {
                    continue;
                }
                let value = &self.t[i][rhs];
                let value = if value.is_pos() {
                    value.clone()
                } else {
                    T::zero()
                };
                let ratio = value / self.t[i][c].clone();
                let better = match &leave {
                    None => true,
                    Some((q, best)) => match ratio.ratio_cmp(best) {
                        std::cmp::Ordering::Less => true,
                        std::cmp::Ordering::Equal => {
                            if T::STABLE_TIES {
                                self.t[i][c].clone() - self.t[*q][c].clone() > T::zero()
                            } else {
                                self.basis[i] < self.basis[*q]
                            }
                        }
                        std::cmp::Ordering::Greater => false,
                    },
                };
                if better {
                    leave = Some((i, ratio));
                }
            }
            let Some((r, _)) = leave else {
                return Err(LpError::Unbounded);
            };
            if self.t[r][rhs].is_pos() {
                degenerate = 0;
            } else {
                degenerate += 1;
                bland |= degenerate >= DEGENERATE_RUN;
            }
            self.pivot(r, c);
        }
    }
}

/// Maximizes `cᵀx` subject to `a x (≤ | =) b` row by row and `x ≥ 0`.
pub fn maximize<T: LpNum>(
    a: &[Vec<T>],
    kinds: &[Row],
    b: &[T],
    c: &[T],
) -> Result<LpSolution<T>, LpError> {
    let m = a.len();
    let n = c.len();
    // Column layout: x, then one slack per ≤ row, then one artificial per row that has no
    // slack usable as its starting basic variable. Each row remembers its identity column
    // (whose final reduced cost is the row's dual) and its sign flip (rows with b < 0 are
    // negated so the right-hand side starts nonnegative).
    let slacks: Vec<usize> = (0..m).filter(|&i| kinds[i] == Row::Le).collect();
    let mut slack_col = vec![usize::MAX; m];
    for (k, &i) in slacks.iter().enumerate() {
        slack_col[i] = n + k;
    }
    let flip: Vec<bool> = (0..m).map(|i| b[i].is_neg()).collect();
    let needs_art: Vec<usize> = (0..m).filter(|&i| kinds[i] == Row::Eq || flip[i]).collect();
    let art0 = n + slacks.len();
    let cols = art0 + needs_art.len();
    let mut ident = vec![usize::MAX; m];
    let mut t: Vec<Vec<T>> = vec![vec![T::zero(); cols + 1]; m];
    for i in 0..m {
        let sign = |v: &T| {
            if flip[i] {
                T::zero() - v.clone()
            } else {
                v.clone()
            }
        };
        for j in 0..n {
            t[i][j] = sign(&a[i][j]);
        }
        if slack_col[i] != usize::MAX {
            t[i][slack_col[i]] = sign(&T::one());
            ident[i] = slack_col[i];
        }
        t[i][cols] = sign(&b[i]);
    }
    for (k, &i) in needs_art.iter().enumerate() {
        t[i][art0 + k] = T::one();
        ident[i] = art0 + k;
    }
    let mut tab = Tableau {
        t,
        obj: vec![T::zero(); cols + 1],
        basis: ident.clone(),
        pivots: 0,
    };
    let limit = 50 * (m + cols) + 1000;
    let is_art: Vec<bool> = (0..cols).map(|j| j >= art0).collect();
    if !needs_art.is_empty() {
        // Phase 1: maximize −Σ artificials.
        let c1: Vec<T> = (0..cols)
            .map(|j| {
                if is_art[j] {
                    T::zero() - T::one()
                } else {
                    T::zero()
                }
            })
            .collect();
        tab.price(&c1);
        tab.optimize(&vec![true; cols], limit)?;
        if tab.obj[cols].is_neg() {
            return Err(LpError::Infeasible);
        }
        // Artificials still basic (at zero) leave on any other nonzero entry of their row;
        // a row with none is redundant and keeps its artificial at zero.
        for r in 0..m {
            if is_art[tab.basis[r]] {
                // (Columns basic in other rows are zero in this one.)
                let nonzero = |v: &T| v.is_pos() || v.is_neg();
                if let Some(j) = (0..art0).find(|&j| nonzero(&tab.t[r][j])) {
                    tab.pivot(r, j);
                }
            }
        }
    }
    let c2: Vec<T> = (0..cols)
        .map(|j| if j < n { c[j].clone() } else { T::zero() })
        .collect();
    tab.price(&c2);
    let allowed: Vec<bool> = (0..cols).map(|j| !is_art[j]).collect();
    tab.optimize(&allowed, limit)?;
    let mut x = vec![T::zero(); n];
    for (i, &v) in tab.basis.iter().enumerate() {
        if v < n {
            x[v] = tab.t[i][cols].clone();
        }
    }
    let duals = (0..m)
        .map(|i| {
            let d = tab.obj[ident[i]].clone();
            if flip[i] {
                T::zero() - d
            } else {
                d
            }
        })
        .collect();
    Ok(LpSolution {
        x,
        duals,
        value: tab.obj[cols].clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::{q, qi};

    #[test]
    fn textbook_lp_and_its_duals() {
        // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18: optimum (2, 6), value 36, duals
        // (0, 3/2, 1) (Hillier & Lieberman's Wyndor example).
        let a = vec![vec![qi(1), qi(0)], vec![qi(0), qi(2)], vec![qi(3), qi(2)]];
        let s = maximize(&a, &[Row::Le; 3], &[qi(4), qi(12), qi(18)], &[qi(3), qi(5)]).unwrap();
        assert_eq!(s.x, vec![qi(2), qi(6)]);
        assert_eq!(s.value, qi(36));
        assert_eq!(s.duals, vec![qi(0), q(3, 2), qi(1)]);
        let f: Vec<Vec<f64>> = a
            .iter()
            .map(|r| r.iter().map(crate::num::to_f64).collect())
            .collect();
        let s = maximize(&f, &[Row::Le; 3], &[4.0, 12.0, 18.0], &[3.0, 5.0]).unwrap();
        assert!((s.value - 36.0).abs() < 1e-12 && (s.duals[1] - 1.5).abs() < 1e-12);
    }

    #[test]
    fn equalities_negative_rhs_infeasible_and_unbounded() {
        // max x + y s.t. x + y = 2, −x ≤ −1 (x ≥ 1): value 2 with x ≥ 1.
        let a = vec![vec![qi(1), qi(1)], vec![qi(-1), qi(0)]];
        let s = maximize(&a, &[Row::Eq, Row::Le], &[qi(2), qi(-1)], &[qi(1), qi(1)]).unwrap();
        assert_eq!(s.value, qi(2));
        assert!(s.x[0] >= qi(1));
        // x + y = 2 and x + y ≤ 1: infeasible.
        let a = vec![vec![qi(1), qi(1)], vec![qi(1), qi(1)]];
        assert_eq!(
            maximize(&a, &[Row::Eq, Row::Le], &[qi(2), qi(1)], &[qi(1), qi(0)]).unwrap_err(),
            LpError::Infeasible
        );
        // max x s.t. x − y ≤ 1: unbounded.
        let a = vec![vec![qi(1), qi(-1)]];
        assert_eq!(
            maximize(&a, &[Row::Le], &[qi(1)], &[qi(1), qi(0)]).unwrap_err(),
            LpError::Unbounded
        );
    }

    #[test]
    fn redundant_equality_is_kept_at_zero() {
        // x + y = 1 twice: the second artificial cannot leave; max x gives 1.
        let a = vec![vec![qi(1), qi(1)], vec![qi(1), qi(1)]];
        let s = maximize(&a, &[Row::Eq, Row::Eq], &[qi(1), qi(1)], &[qi(1), qi(0)]).unwrap();
        assert_eq!(s.value, qi(1));
        assert_eq!(s.x, vec![qi(1), qi(0)]);
    }
}
