//! The one arithmetic the solvers are generic over: `f64` for speed, [`Q`] for exact answers
//! (regret exactly 0). Comparisons take the tolerance of the caller's step (named in
//! [`crate::tolerance`]); exact arithmetic ignores it.

use crate::num::{to_f64, Q};
use num_traits::{One, Signed, Zero};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// An ordered field element usable by every solver and evaluator: `f64` or an exact rational.
///
/// The by-reference operations (`plus`, `minus`, `times`, `over`, `sub_mul`) avoid cloning
/// big rationals in the solvers' inner loops.
pub trait Scalar:
    Clone
    + PartialOrd
    + Zero
    + One
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + std::fmt::Debug
{
    /// Whether the arithmetic is exact (then every tolerance is 0).
    const EXACT: bool;
    /// The regret a verified equilibrium may have in this arithmetic: 0 exactly,
    /// [`crate::tolerance::REGRET`] in `f64`.
    const TOL: f64;
    /// Whether ratio-test ties go to the largest pivot (numerical stability, `f64`) instead
    /// of Bland's smallest basic column (exact termination, rationals). In `f64` Bland's ties
    /// let rounding grow a tableau (to 1e28 on a 691-node zero-sum tree) until it cycles.
    const STABLE_TIES: bool = !Self::EXACT;

    fn from_q(q: &Q) -> Self;
    fn to_f64(&self) -> f64;
    fn plus(&self, o: &Self) -> Self;
    fn minus(&self, o: &Self) -> Self;
    fn times(&self, o: &Self) -> Self;
    fn over(&self, o: &Self) -> Self;
    /// `self −= f · x`.
    fn sub_mul(&mut self, f: &Self, x: &Self);
    /// Greater than zero by more than `eps`.
    fn is_pos_by(&self, eps: f64) -> bool;
    /// Less than zero by more than `eps`.
    fn is_neg_by(&self, eps: f64) -> bool;
    /// Farther from zero than `eps`.
    fn is_nonzero_by(&self, eps: f64) -> bool {
        self.is_pos_by(eps) || self.is_neg_by(eps)
    }
    /// `self < o` by more than `eps · (1 + |o|)`.
    fn lt_by(&self, o: &Self, eps: f64) -> bool;
    /// `|self − o| ≤ eps · (1 + |o|)`.
    fn approx_eq_by(&self, o: &Self, eps: f64) -> bool;
    /// `|self| > |o|`.
    fn abs_gt(&self, o: &Self) -> bool;
}

/// The by-reference operations, written once for both types.
macro_rules! by_reference_ops {
    () => {
        fn plus(&self, o: &Self) -> Self {
            self + o
        }
        fn minus(&self, o: &Self) -> Self {
            self - o
        }
        fn times(&self, o: &Self) -> Self {
            self * o
        }
        fn over(&self, o: &Self) -> Self {
            self / o
        }
        fn sub_mul(&mut self, f: &Self, x: &Self) {
            *self -= f * x;
        }
        fn abs_gt(&self, o: &Self) -> bool {
            self.abs() > o.abs()
        }
    };
}

impl Scalar for f64 {
    const EXACT: bool = false;
    const TOL: f64 = crate::tolerance::REGRET;
    fn from_q(q: &Q) -> Self {
        to_f64(q)
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    by_reference_ops!();
    fn is_pos_by(&self, eps: f64) -> bool {
        *self > eps
    }
    fn is_neg_by(&self, eps: f64) -> bool {
        *self < -eps
    }
    fn is_nonzero_by(&self, eps: f64) -> bool {
        self.abs() > eps
    }
    fn lt_by(&self, o: &Self, eps: f64) -> bool {
        *self < *o - eps * (1.0 + o.abs())
    }
    fn approx_eq_by(&self, o: &Self, eps: f64) -> bool {
        (self - o).abs() <= eps * (1.0 + o.abs())
    }
}

impl Scalar for Q {
    const EXACT: bool = true;
    const TOL: f64 = 0.0;
    fn from_q(q: &Q) -> Self {
        q.clone()
    }
    fn to_f64(&self) -> f64 {
        to_f64(self)
    }
    by_reference_ops!();
    fn is_pos_by(&self, _eps: f64) -> bool {
        self.is_positive()
    }
    fn is_neg_by(&self, _eps: f64) -> bool {
        self.is_negative()
    }
    fn is_nonzero_by(&self, _eps: f64) -> bool {
        !self.is_zero()
    }
    fn lt_by(&self, o: &Self, _eps: f64) -> bool {
        self < o
    }
    fn approx_eq_by(&self, o: &Self, _eps: f64) -> bool {
        self == o
    }
}
