//! The arithmetic the rounds run in ([`Num`]): f64 with tolerances, decide's 28-digit decimals
//! (fixed-width and big-integer), and f64 enclosures of those decimals.

use super::*;

/// The arithmetic the model runs in: f64 (fast, with tolerances where decide compares exactly)
/// or [`Dec`] (decide's own 28-digit decimals, exact comparisons).
pub trait Num: Clone + PartialOrd + std::fmt::Debug {
    /// Tolerance of the comparisons that decide makes exactly (0: compare exactly).
    const TOL: f64;
    fn int(v: i64) -> Self;
    /// A number as the user typed it.
    fn input(v: f64) -> Self;
    /// A Python float constant of decide's code (converted exactly, as `Decimal(float)` does).
    fn constant(v: f64) -> Self;
    fn f(&self) -> f64;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    fn div(&self, o: &Self) -> Self;
    fn abs(&self) -> Self;
    fn neg(&self) -> Self;
    fn is_zero(&self) -> bool;
    /// Orders gains for ranking (`Less`: `a` ranks below `b`).
    fn rank(a: &Self, b: &Self) -> Ordering;
    /// decide's threshold 1e-10 (a Python float) in this arithmetic.
    fn negligible() -> Self;
    /// A cached integer rank key when ranking is by key (`rank` agrees with it), else 0.
    fn rank_key(&self) -> i64;
    const RANK_BY_KEY: bool;
    /// Whether decide's sums over an issue's holders may be computed as the round-start sum
    /// plus the changes (see [`Num::widen`]); otherwise they are redone in decide's order.
    const SUM_BY_CHANGES: bool;
    /// This value, also covering any value within `by` of it (enclosures; others: itself).
    fn widen(self, by: f64) -> Self {
        let _ = by;
        self
    }
}

impl Num for f64 {
    const TOL: f64 = POS_TOL;
    fn int(v: i64) -> Self {
        v as f64
    }
    fn input(v: f64) -> Self {
        v
    }
    fn constant(v: f64) -> Self {
        v
    }
    fn f(&self) -> f64 {
        *self
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    fn abs(&self) -> Self {
        f64::abs(*self)
    }
    fn neg(&self) -> Self {
        -self
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
    fn rank(a: &Self, b: &Self) -> Ordering {
        quantize(*a).cmp(&quantize(*b))
    }
    fn rank_key(&self) -> i64 {
        quantize(*self)
    }
    fn negligible() -> Self {
        NEGLIGIBLE
    }
    const RANK_BY_KEY: bool = true;
    const SUM_BY_CHANGES: bool = true;
}

/// The two exact decimal types (the big-integer oracle and the fixed-width one) have the same
/// inherent operations with Python's semantics: `Num` is a plain delegation to them.
macro_rules! exact_decimal_num {
    ($t:ident) => {
        impl Num for $t {
            const TOL: f64 = 0.0;
            fn int(v: i64) -> Self {
                $t::from_int(v)
            }
            fn input(v: f64) -> Self {
                $t::from_f64_shortest(v)
            }
            fn constant(v: f64) -> Self {
                $t::from_f64_exact(v)
            }
            fn f(&self) -> f64 {
                self.to_f64()
            }
            fn add(&self, o: &Self) -> Self {
                $t::add(self, o)
            }
            fn sub(&self, o: &Self) -> Self {
                $t::sub(self, o)
            }
            fn mul(&self, o: &Self) -> Self {
                $t::mul(self, o)
            }
            fn div(&self, o: &Self) -> Self {
                $t::div(self, o)
            }
            fn abs(&self) -> Self {
                $t::abs(self)
            }
            fn neg(&self) -> Self {
                $t::neg(self)
            }
            fn is_zero(&self) -> bool {
                $t::is_zero(self)
            }
            fn rank(a: &Self, b: &Self) -> Ordering {
                a.cmp(b)
            }
            fn rank_key(&self) -> i64 {
                0
            }
            fn negligible() -> Self {
                // The exact expansion of the double 1e-10 is long to compute: once.
                static VALUE: std::sync::OnceLock<$t> = std::sync::OnceLock::new();
                VALUE.get_or_init(|| $t::from_f64_exact(NEGLIGIBLE)).clone()
            }
            const RANK_BY_KEY: bool = false;
            const SUM_BY_CHANGES: bool = false;
        }
    };
}

exact_decimal_num!(Dec);
exact_decimal_num!(Dec28);

impl Num for Encl {
    const TOL: f64 = 0.0;
    fn int(v: i64) -> Self {
        Encl::exact(v as f64)
    }
    fn input(v: f64) -> Self {
        // The decimal typed is the shortest text of v (exact when that is v itself).
        Dec28::from_f64_shortest(v).enclose()
    }
    fn constant(v: f64) -> Self {
        Encl::exact(v)
    }
    fn f(&self) -> f64 {
        self.v
    }
    fn add(&self, o: &Self) -> Self {
        Encl::add(self, o)
    }
    fn sub(&self, o: &Self) -> Self {
        Encl::sub(self, o)
    }
    fn mul(&self, o: &Self) -> Self {
        Encl::mul(self, o)
    }
    fn div(&self, o: &Self) -> Self {
        Encl::div(self, o)
    }
    fn abs(&self) -> Self {
        Encl::abs(self)
    }
    fn neg(&self) -> Self {
        Encl::neg(self)
    }
    fn is_zero(&self) -> bool {
        Encl::is_zero(self)
    }
    fn rank(a: &Self, b: &Self) -> Ordering {
        a.order(b)
    }
    fn rank_key(&self) -> i64 {
        0
    }
    fn negligible() -> Self {
        // Decimal(1e-10) is the double's exact value.
        Encl::exact(NEGLIGIBLE)
    }
    const RANK_BY_KEY: bool = false;
    const SUM_BY_CHANGES: bool = true;
    fn widen(self, by: f64) -> Self {
        Encl::widen(&self, by)
    }
}

/// `a > b`, `a` counted equal to `b` within the arithmetic's tolerance.
pub(super) fn gt<N: Num>(a: &N, b: &N) -> bool {
    if N::TOL == 0.0 {
        a > b
    } else {
        a.f() > b.f() + N::TOL
    }
}

/// The sign of a difference, 0 within the arithmetic's tolerance.
pub(super) fn sign_of_diff<N: Num>(d: &N) -> i32 {
    let zero = N::int(0);
    if N::TOL > 0.0 {
        let v = d.f();
        if v.abs() <= N::TOL {
            0
        } else if v > 0.0 {
            1
        } else {
            -1
        }
    } else {
        match d.partial_cmp(&zero) {
            Some(Ordering::Greater) => 1,
            Some(Ordering::Less) => -1,
            _ => 0,
        }
    }
}

pub(super) fn quantize(gain: f64) -> i64 {
    (gain / GAIN_QUANTUM).round() as i64
}
