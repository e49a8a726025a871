//! The arithmetic the profile evaluators are generic over: `f64` for speed, [`Q`] for exact
//! answers (regret exactly 0).

use crate::num::{to_f64, Q};
use num_traits::{One, Zero};
use std::ops::{Add, Mul, Sub};

/// A field element usable by the evaluators: `f64` or an exact rational.
pub trait Scalar:
    Clone
    + PartialOrd
    + Zero
    + One
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + std::fmt::Debug
{
    fn from_q(q: &Q) -> Self;
    fn to_f64(&self) -> f64;
}

impl Scalar for f64 {
    fn from_q(q: &Q) -> Self {
        to_f64(q)
    }
    fn to_f64(&self) -> f64 {
        *self
    }
}

impl Scalar for Q {
    fn from_q(q: &Q) -> Self {
        q.clone()
    }
    fn to_f64(&self) -> f64 {
        to_f64(self)
    }
}
