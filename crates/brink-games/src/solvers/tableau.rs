//! Dictionaries for `M z + s = 1, z ≥ 0, s ≥ 0` (the best-response polytopes of a bimatrix game
//! with positive payoffs) that pivot in exact integer arithmetic (fraction-free, as in lrs: every
//! entry is an integer, the common denominator is the basis determinant) or in `f64`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};
use std::cmp::Ordering;

/// Operations the vertex enumerator and Lemke–Howson need.
pub trait Tableau: Clone {
    /// Number of constraint rows.
    fn rows(&self) -> usize;
    /// Number of variables (`z` then slacks).
    fn vars(&self) -> usize;
    /// The variable basic in each row.
    fn basis(&self) -> &[usize];
    /// Sign of the coefficient of variable `v` in row `r` (−1, 0, 1).
    fn sign(&self, r: usize, v: usize) -> i8;
    /// Is the basic variable of row `r` zero?
    fn rhs_zero(&self, r: usize) -> bool;
    /// Compares rhs_r / a_{r,v} with rhs_q / a_{q,v} (both coefficients positive).
    fn ratio_cmp(&self, r: usize, q: usize, v: usize) -> Ordering;
    /// Lexicographic tie-break of the ratio test (compares row r and q scaled by column v on
    /// the columns of the initial slack basis).
    fn lex_cmp(&self, r: usize, q: usize, v: usize) -> Ordering;
    /// Brings `v` into the basis in row `r`.
    fn pivot(&mut self, r: usize, v: usize);
    /// Values of the `z` variables (length `vars - rows`), as floats.
    fn z_f64(&self) -> Vec<f64>;
}

/// Row `r` (the pivot row, read) and row `q ≠ r` (updated) of `m` at once.
fn pivot_and_row<T>(m: &mut [Vec<T>], r: usize, q: usize) -> (&Vec<T>, &mut Vec<T>) {
    if q < r {
        let (a, b) = m.split_at_mut(r);
        (&b[0], &mut a[q])
    } else {
        let (a, b) = m.split_at_mut(q);
        (&a[r], &mut b[0])
    }
}

/// Fraction-free integer dictionary: column 0 is the right-hand side.
#[derive(Clone, Debug)]
pub struct ExactTableau {
    m: Vec<Vec<BigInt>>,
    det: BigInt,
    basis: Vec<usize>,
    nz: usize,
}

impl ExactTableau {
    /// `coef` is rows × nz (all entries are scaled to integers by the caller); rhs is 1.
    pub fn new(coef: &[Vec<BigInt>]) -> Self {
        let rows = coef.len();
        let nz = coef.first().map_or(0, Vec::len);
        let mut m = vec![];
        for (r, row) in coef.iter().enumerate() {
            let mut line = Vec::with_capacity(1 + nz + rows);
            line.push(BigInt::from(1));
            line.extend(row.iter().cloned());
            for q in 0..rows {
                line.push(BigInt::from((q == r) as i32));
            }
            m.push(line);
        }
        ExactTableau {
            m,
            det: BigInt::from(1),
            basis: (nz..nz + rows).collect(),
            nz,
        }
    }
    /// The general fraction-free pivot over every column (also for negative pivots).
    fn pivot_dense(&mut self, r: usize, v: usize) {
        let s = v + 1;
        let piv = self.m[r][s].clone();
        let cols = self.m[r].len();
        let (neg, piv_abs) = (piv.is_negative(), piv.abs());
        for q in 0..self.m.len() {
            if q == r {
                continue;
            }
            let f = self.m[q][s].clone();
            let (pr, row) = pivot_and_row(&mut self.m, r, q);
            for c in 0..cols {
                let x = &row[c] * &piv - &f * &pr[c];
                let (quo, rem) = x.div_rem(&self.det);
                debug_assert!(rem.is_zero(), "fraction-free pivot must divide exactly");
                row[c] = quo;
            }
        }
        // Keep the determinant positive so signs of entries keep their meaning.
        if neg {
            for row in self.m.iter_mut() {
                for x in row.iter_mut() {
                    *x = -&*x;
                }
            }
        }
        self.det = piv_abs;
        self.basis[r] = v;
    }

    /// Exact values of the `z` variables as (numerator, common denominator).
    pub fn z_exact(&self) -> (Vec<BigInt>, BigInt) {
        let mut z = vec![BigInt::zero(); self.nz];
        for (r, &v) in self.basis.iter().enumerate() {
            if v < self.nz {
                z[v] = self.m[r][0].clone();
            }
        }
        (z, self.det.clone())
    }
}

impl Tableau for ExactTableau {
    fn rows(&self) -> usize {
        self.m.len()
    }
    fn vars(&self) -> usize {
        self.nz + self.m.len()
    }
    fn basis(&self) -> &[usize] {
        &self.basis
    }
    fn sign(&self, r: usize, v: usize) -> i8 {
        let x = &self.m[r][v + 1];
        if x.is_positive() {
            1
        } else if x.is_negative() {
            -1
        } else {
            0
        }
    }
    fn rhs_zero(&self, r: usize) -> bool {
        self.m[r][0].is_zero()
    }
    fn ratio_cmp(&self, r: usize, q: usize, v: usize) -> Ordering {
        (&self.m[r][0] * &self.m[q][v + 1]).cmp(&(&self.m[q][0] * &self.m[r][v + 1]))
    }
    fn lex_cmp(&self, r: usize, q: usize, v: usize) -> Ordering {
        for c in 0..self.m.len() {
            let col = self.nz + c + 1;
            let o =
                (&self.m[r][col] * &self.m[q][v + 1]).cmp(&(&self.m[q][col] * &self.m[r][v + 1]));
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    }
    fn pivot(&mut self, r: usize, v: usize) {
        let s = v + 1;
        let piv = self.m[r][s].clone();
        let cols = self.m[r].len();
        if piv.is_negative() {
            return self.pivot_dense(r, v);
        }
        // Columns of basic variables are det·(unit vector) before and after (only the scale
        // changes), so only the right-hand side and the nonbasic columns need arithmetic.
        let leaving = self.basis[r];
        let mut basic_col = vec![false; cols];
        for &b in &self.basis {
            basic_col[b + 1] = true;
        }
        let work: Vec<usize> = (0..cols).filter(|&c| !basic_col[c] && c != s).collect();
        let old_det = self.det.clone();
        for q in 0..self.m.len() {
            if q == r {
                continue;
            }
            let f = self.m[q][s].clone();
            let (pr, row) = pivot_and_row(&mut self.m, r, q);
            if f.is_zero() {
                // (x·piv − 0)/det: a plain rescaling.
                for &c in &work {
                    if !row[c].is_zero() {
                        row[c] = &row[c] * &piv / &old_det;
                    }
                }
            } else {
                for &c in &work {
                    let x = &row[c] * &piv - &f * &pr[c];
                    let (quo, rem) = x.div_rem(&old_det);
                    debug_assert!(rem.is_zero(), "fraction-free pivot must divide exactly");
                    row[c] = quo;
                }
            }
            // The leaving variable's column was det_old·e_r: it becomes −f here, det_old in row r.
            row[leaving + 1] = -f;
            row[s] = BigInt::zero();
        }
        // Basic columns other than the entering one: rescale their unit entries.
        for (q, &b) in self.basis.iter().enumerate() {
            if q != r {
                self.m[q][b + 1] = piv.clone();
            }
        }
        self.m[r][leaving + 1] = old_det;
        self.det = piv;
        self.basis[r] = v;
    }
    fn z_f64(&self) -> Vec<f64> {
        let (z, d) = self.z_exact();
        let d = crate::num::to_f64(&crate::num::Q::from_integer(d));
        z.iter()
            .map(|x| crate::num::to_f64(&crate::num::Q::from_integer(x.clone())) / d)
            .collect()
    }
}

/// Floating-point dictionary (Gauss–Jordan), column 0 the right-hand side.
#[derive(Clone, Debug)]
pub struct FloatTableau {
    m: Vec<Vec<f64>>,
    basis: Vec<usize>,
    nz: usize,
}

const EPS: f64 = crate::tolerance::TABLEAU_PIVOT;

impl FloatTableau {
    pub fn new(coef: &[Vec<f64>]) -> Self {
        let rows = coef.len();
        let nz = coef.first().map_or(0, Vec::len);
        let m = coef
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let mut line = vec![1.0];
                line.extend_from_slice(row);
                line.extend((0..rows).map(|q| (q == r) as i32 as f64));
                line
            })
            .collect();
        FloatTableau {
            m,
            basis: (nz..nz + rows).collect(),
            nz,
        }
    }
}

impl Tableau for FloatTableau {
    fn rows(&self) -> usize {
        self.m.len()
    }
    fn vars(&self) -> usize {
        self.nz + self.m.len()
    }
    fn basis(&self) -> &[usize] {
        &self.basis
    }
    fn sign(&self, r: usize, v: usize) -> i8 {
        let x = self.m[r][v + 1];
        if x > EPS {
            1
        } else if x < -EPS {
            -1
        } else {
            0
        }
    }
    fn rhs_zero(&self, r: usize) -> bool {
        self.m[r][0].abs() <= EPS
    }
    fn ratio_cmp(&self, r: usize, q: usize, v: usize) -> Ordering {
        let a = self.m[r][0] / self.m[r][v + 1];
        let b = self.m[q][0] / self.m[q][v + 1];
        if (a - b).abs() <= EPS * (1.0 + a.abs().max(b.abs())) {
            Ordering::Equal
        } else {
            a.total_cmp(&b)
        }
    }
    fn lex_cmp(&self, r: usize, q: usize, v: usize) -> Ordering {
        for c in 0..self.m.len() {
            let col = self.nz + c + 1;
            let a = self.m[r][col] / self.m[r][v + 1];
            let b = self.m[q][col] / self.m[q][v + 1];
            if (a - b).abs() > EPS * (1.0 + a.abs().max(b.abs())) {
                return a.total_cmp(&b);
            }
        }
        Ordering::Equal
    }
    fn pivot(&mut self, r: usize, v: usize) {
        let s = v + 1;
        let piv = self.m[r][s];
        for x in self.m[r].iter_mut() {
            *x /= piv;
        }
        let prow = self.m[r].clone();
        for (q, row) in self.m.iter_mut().enumerate() {
            if q == r {
                continue;
            }
            let f = row[s];
            if f != 0.0 {
                for (x, p) in row.iter_mut().zip(&prow) {
                    *x -= f * p;
                }
                row[s] = 0.0;
            }
        }
        self.basis[r] = v;
    }
    fn z_f64(&self) -> Vec<f64> {
        let mut z = vec![0.0; self.nz];
        for (r, &v) in self.basis.iter().enumerate() {
            if v < self.nz {
                z[v] = self.m[r][0].max(0.0);
            }
        }
        z
    }
}

/// The leaving row when `v` enters: minimum ratio, ties broken lexicographically (which makes
/// the choice unique and Lemke–Howson finite on degenerate games). `None` if `v` is unbounded.
pub fn lex_min_ratio<T: Tableau>(t: &T, v: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for r in 0..t.rows() {
        if t.sign(r, v) <= 0 {
            continue;
        }
        best = Some(match best {
            None => r,
            Some(b) => match t.ratio_cmp(r, b, v).then_with(|| t.lex_cmp(r, b, v)) {
                Ordering::Less => r,
                _ => b,
            },
        });
    }
    best
}

/// All rows attaining the minimum ratio when `v` enters (each gives a neighbouring basis).
pub fn min_ratio_rows<T: Tableau>(t: &T, v: usize) -> Vec<usize> {
    let mut best: Vec<usize> = vec![];
    for r in 0..t.rows() {
        if t.sign(r, v) <= 0 {
            continue;
        }
        match best.first() {
            None => best.push(r),
            Some(&b) => match t.ratio_cmp(r, b, v) {
                Ordering::Less => best = vec![r],
                Ordering::Equal => best.push(r),
                Ordering::Greater => {}
            },
        }
    }
    best
}
