//! Enclosures of decide's decimal values in f64: each [`Encl`] is a midpoint and a radius
//! that the 28-digit decimal computed by the same operations provably lies within. The hybrid
//! engine runs a candidate's computation on enclosures first; a comparison that the enclosures
//! cannot decide marks the computation unsure (a thread-local flag), and the engine then
//! computes that candidate in exact decimals instead.
//!
//! Every operation's radius covers the operands' radii, the f64 rounding of the midpoint and of
//! the radius, and the decimal rounding (relative 5·10⁻²⁸): the midpoint's f64 rounding is at
//! most 2⁻⁵³ relative, the term |v|·[`REL`] with REL = 2⁻⁵⁰ covers it and the decimal rounding
//! with room to spare, and the factor [`GROW`] = 1 + 2⁻⁴⁰ covers the rounding of the radius
//! arithmetic itself.

use std::cell::Cell;
use std::cmp::Ordering;

const REL: f64 = 1.0 / (1u64 << 50) as f64;
const GROW: f64 = 1.0 + 1.0 / (1u64 << 40) as f64;

thread_local! {
    static UNSURE: Cell<bool> = const { Cell::new(false) };
}

/// Clears the unsure flag (before a computation on enclosures).
pub fn reset() {
    UNSURE.with(|u| u.set(false));
}

/// Whether a comparison or a division since [`reset`] could not be decided.
pub fn unsure() -> bool {
    UNSURE.with(|u| u.get())
}

fn mark() {
    UNSURE.with(|u| u.set(true));
}

/// Whether the double `s` is exactly a + b (Knuth's TwoSum: its error term is zero).
#[inline]
fn sum_is_exact(a: f64, b: f64, s: f64) -> bool {
    let bb = s - a;
    let err = (a - (s - bb)) + (b - bb);
    err == 0.0 && s.is_finite()
}

/// Whether the double v has at most 28 significant decimal digits, so that decide's decimal
/// operation whose exact result is v returns v unrounded. Sufficient test: v = n / 2^17 with
/// |n| < 2^53, i.e. v = n·5^17 / 10^17 with n·5^17 < 2^53·5^17 < 10^28; or v an integer below
/// 2^53 (16 digits). Covers the positions 0, 100, 37.5… that exact moves end on.
#[inline]
fn fits_28_digits(v: f64) -> bool {
    const TWO_53: f64 = (1u64 << 53) as f64;
    let t = v * (1u64 << 17) as f64;
    (t == t.trunc() && t.abs() < TWO_53) || (v == v.trunc() && v.abs() < TWO_53)
}

/// A decimal value known to lie in [v − r, v + r].
#[derive(Clone, Copy, Debug)]
pub struct Encl {
    pub v: f64,
    pub r: f64,
}

impl Encl {
    /// Exactly v.
    pub fn exact(v: f64) -> Encl {
        Encl { v, r: 0.0 }
    }

    /// A decimal within 2⁻⁵⁰ relative of v (any decimal that v is a correctly rounded or
    /// nearly correctly rounded image of).
    pub fn near(v: f64) -> Encl {
        Encl {
            v,
            r: v.abs() * REL,
        }
    }

    fn result(v: f64, spread: f64) -> Encl {
        let r = spread * GROW + v.abs() * REL;
        if !(v.is_finite() && r.is_finite()) {
            mark();
            return Encl {
                v: 0.0,
                r: f64::INFINITY,
            };
        }
        Encl { v, r }
    }

    pub fn add(&self, o: &Encl) -> Encl {
        let v = self.v + o.v;
        if self.r == 0.0 && o.r == 0.0 && sum_is_exact(self.v, o.v, v) && fits_28_digits(v) {
            return Encl::exact(v);
        }
        Encl::result(v, self.r + o.r)
    }

    pub fn sub(&self, o: &Encl) -> Encl {
        let v = self.v - o.v;
        if self.r == 0.0 && o.r == 0.0 && sum_is_exact(self.v, -o.v, v) && fits_28_digits(v) {
            return Encl::exact(v);
        }
        Encl::result(v, self.r + o.r)
    }

    pub fn mul(&self, o: &Encl) -> Encl {
        Encl::result(
            self.v * o.v,
            self.v.abs() * o.r + o.v.abs() * self.r + self.r * o.r,
        )
    }

    pub fn div(&self, o: &Encl) -> Encl {
        // |A/B − a/b| ≤ (ra + |a/b|·rb) / (|b| − rb) for B within rb of b.
        let room = (o.v.abs() - o.r) / GROW;
        // (NaN counts as no room.)
        if room.is_nan() || room <= 0.0 {
            mark();
            return Encl {
                v: 0.0,
                r: f64::INFINITY,
            };
        }
        let v = self.v / o.v;
        Encl::result(v, (self.r + v.abs() * o.r) / room)
    }

    /// Also covering every value within `by` of the enclosed ones.
    pub fn widen(&self, by: f64) -> Encl {
        Encl::result(self.v, self.r + by)
    }

    pub fn abs(&self) -> Encl {
        if self.r == 0.0 && fits_28_digits(self.v) {
            return Encl::exact(self.v.abs());
        }
        // Python's abs() rounds: one more rounding.
        Encl::result(self.v.abs(), self.r)
    }

    pub fn neg(&self) -> Encl {
        Encl {
            v: -self.v,
            r: self.r,
        }
    }

    /// Exactly zero; unsure when the enclosure holds zero and other values.
    pub fn is_zero(&self) -> bool {
        if self.v == 0.0 && self.r == 0.0 {
            return true;
        }
        if self.v.abs() <= self.r {
            mark();
        }
        false
    }

    /// The order of the enclosed decimals; unsure (and `Equal`) when the enclosures overlap,
    /// unless both are the same exact value.
    pub fn order(&self, o: &Encl) -> Ordering {
        self.decided_order(o).unwrap_or_else(|| {
            mark();
            Ordering::Equal
        })
    }

    /// The order of the enclosed decimals when the enclosures decide it (the unsure flag is
    /// left alone).
    #[inline]
    pub fn decided_order(&self, o: &Encl) -> Option<Ordering> {
        if self.r == 0.0 && o.r == 0.0 {
            if let Some(ord) = self.v.partial_cmp(&o.v) {
                return Some(ord);
            }
        }
        // The f64 difference carries its own rounding: a margin for it too.
        let margin = (self.r + o.r) * GROW + (self.v.abs() + o.v.abs()) * REL;
        let d = self.v - o.v;
        if d > margin {
            Some(Ordering::Greater)
        } else if -d > margin {
            Some(Ordering::Less)
        } else {
            None
        }
    }

    /// A double at or below every enclosed value (−∞ when the enclosure is not a number): the
    /// margin beyond r covers the rounding of the subtraction.
    pub fn lower(&self) -> f64 {
        let b = self.v - (self.r * GROW + (self.v.abs() + self.r) * REL);
        if b.is_nan() {
            f64::NEG_INFINITY
        } else {
            b
        }
    }

    /// A double at or above every enclosed value (+∞ when the enclosure is not a number).
    pub fn upper(&self) -> f64 {
        let b = self.v + (self.r * GROW + (self.v.abs() + self.r) * REL);
        if b.is_nan() {
            f64::INFINITY
        } else {
            b
        }
    }
}

impl PartialEq for Encl {
    fn eq(&self, o: &Encl) -> bool {
        self.order(o) == Ordering::Equal
    }
}

impl PartialOrd for Encl {
    fn partial_cmp(&self, o: &Encl) -> Option<Ordering> {
        Some(self.order(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dec::Dec;
    use proptest::prelude::*;

    fn holds(e: &Encl, d: &Dec) -> bool {
        // |d − v| ≤ r, checked in exact decimals.
        let v = Dec::from_f64_exact(e.v);
        let r = Dec::from_f64_exact(e.r);
        d.sub(&v).abs() <= r
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![-200.0f64..200.0, 0.01f64..1.0, Just(0.0), Just(100.0)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Chains of operations on typed inputs: the decimal result stays in its enclosure.
        #[test]
        fn decimal_results_stay_enclosed(a in value(), b in value(), c in value()) {
            let (da, db, dc) = (Dec::from_f64_shortest(a), Dec::from_f64_shortest(b), Dec::from_f64_shortest(c));
            let (ea, eb, ec) = (Encl::near(a), Encl::near(b), Encl::near(c));
            reset();
            let steps = [
                (ea.add(&eb).mul(&ec), da.add(&db).mul(&dc)),
                (ea.sub(&eb).sub(&ec).abs(), da.sub(&db).sub(&dc).abs()),
                (ea.mul(&eb).add(&ec.mul(&ea)), da.mul(&db).add(&dc.mul(&da))),
            ];
            for (e, d) in &steps {
                prop_assert!(holds(e, d), "{e:?} vs {d:?}");
            }
            if !db.is_zero() {
                let e = ea.add(&ec).div(&eb);
                if !unsure() {
                    prop_assert!(holds(&e, &da.add(&dc).div(&db)));
                }
            }
            // A decided comparison agrees with the decimals.
            reset();
            let ord = ea.sub(&ec).order(&eb.mul(&ec));
            if !unsure() {
                prop_assert_eq!(ord, da.sub(&dc).cmp(&db.mul(&dc)));
            }
        }
    }

    /// Values exact in a double and in 28 digits: quarters, eighths… of the 0–100 scale.
    fn exact_value() -> impl Strategy<Value = f64> {
        prop_oneof![
            (-800i64..800).prop_map(|n| n as f64 / 8.0),
            (-(1i64 << 40)..(1i64 << 40)).prop_map(|n| n as f64 / (1u64 << 17) as f64),
            Just(0.0),
            Just(100.0),
            Just(1e-10),
            (-1e3f64..1e3)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        /// Sums, differences and absolute values of exactly known decimals: the decimal result
        /// stays enclosed, and an enclosure claimed exact is the decimal itself.
        #[test]
        fn exact_sums_are_exact_or_enclosed(a in exact_value(), b in exact_value()) {
            let (da, db) = (Dec::from_f64_exact(a), Dec::from_f64_exact(b));
            let (ea, eb) = (Encl::exact(a), Encl::exact(b));
            reset();
            let steps = [
                (ea.add(&eb), da.add(&db)),
                (ea.sub(&eb), da.sub(&db)),
                (ea.sub(&eb).abs(), da.sub(&db).abs()),
                (ea.abs(), da.abs()),
                (ea.add(&eb).sub(&eb), da.add(&db).sub(&db)),
            ];
            for (e, d) in &steps {
                prop_assert!(holds(e, d), "{e:?} vs {d:?}");
                if e.r == 0.0 {
                    prop_assert_eq!(&Dec::from_f64_exact(e.v), d);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// The bounds hold the enclosed decimal.
        #[test]
        fn lower_and_upper_bound_the_decimal(a in value(), b in value(), c in value()) {
            let (da, db, dc) = (Dec::from_f64_shortest(a), Dec::from_f64_shortest(b), Dec::from_f64_shortest(c));
            let e = Encl::near(a).mul(&Encl::near(b)).add(&Encl::near(c));
            let d = da.mul(&db).add(&dc);
            prop_assert!(Dec::from_f64_exact(e.lower()) <= d && d <= Dec::from_f64_exact(e.upper()));
        }
    }

    #[test]
    fn exact_moves_end_exactly_on_the_scale_edge() {
        reset();
        let (from, to) = (Encl::exact(40.0), Encl::exact(100.0));
        let mv = to.sub(&from).abs();
        let end = from.add(&mv);
        assert_eq!((end.v, end.r), (100.0, 0.0));
        assert_eq!(end.order(&Encl::exact(100.0)), Ordering::Equal);
        assert!(!unsure());
        // Not exact in 28 digits: 1 + 2^-52 has 53 significant digits.
        let tiny = Encl::exact(1.0).add(&Encl::exact(f64::EPSILON));
        assert!(tiny.r > 0.0);
    }

    #[test]
    fn overlapping_enclosures_are_unsure() {
        reset();
        let third = Encl::exact(1.0).div(&Encl::exact(3.0));
        let again = Encl::exact(2.0).div(&Encl::exact(6.0));
        assert_eq!(third.order(&again), Ordering::Equal);
        assert!(unsure());
        reset();
        assert_eq!(third.order(&Encl::exact(0.5)), Ordering::Less);
        assert!(!unsure());
        assert!(Encl::exact(0.0).is_zero() && !unsure());
    }
}
