//! Fixed-width decimals with Python's default `decimal` context: the same values as the
//! big-integer [`Dec`] (every operation's exact result correctly rounded to 28 significant
//! digits, half to even), in a 128-bit coefficient with 256-bit intermediates, without
//! allocating. [`Dec`] stays the oracle: the tests compare every operation with it.
//!
//! Values with more than 28 significant digits arise only from `Decimal(float)` constants (the
//! exact expansion of a double). They are kept exactly ([`Dec28::Wide`]) and any arithmetic on
//! them goes through [`Dec`]; comparing with them uses their two neighbours on the 28-digit grid,
//! which decides every comparison with a 28-digit number exactly.

use crate::dec::{Dec, PRECISION};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::sync::Arc;

const P: u32 = PRECISION as u32;

/// 10^n for n ≤ 38 (the largest power of ten in a u128).
const POW10: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// 5^n for n ≤ 27.
const POW5: [i128; 28] = {
    let mut t = [1i128; 28];
    let mut i = 1;
    while i < 28 {
        t[i] = t[i - 1] * 5;
        i += 1;
    }
    t
};

/// 5^n for n ≤ 27, unsigned.
const POW5_U128: [u128; 28] = {
    let mut t = [1u128; 28];
    let mut i = 1;
    while i < 28 {
        t[i] = t[i - 1] * 5;
        i += 1;
    }
    t
};

/// 10^n for n ≤ 22, exact in f64.
const POW10_F64: [f64; 23] = {
    let mut t = [1.0f64; 23];
    let mut i = 1;
    while i < 23 {
        t[i] = t[i - 1] * 10.0;
        i += 1;
    }
    t
};

/// 10^28: one more than the largest coefficient.
const LIMIT: u128 = POW10[PRECISION];

/// A decimal of Python's default context.
#[derive(Clone, Debug)]
pub enum Dec28 {
    /// c · 10^e with |c| < 10^28.
    Small { c: i128, e: i32 },
    /// An exact value with more than 28 significant digits.
    Wide(Arc<Wide>),
}

/// An exact long value and the 28-digit number just below it (the next one up is above it).
#[derive(Debug)]
pub struct Wide {
    exact: Dec,
    below: (i128, i32),
    /// The value's magnitude to 38 digits, F·10^f ≤ |value| < (F + 1)·10^f, its sign, and
    /// whether F·10^f is the value itself: a product with a 28-digit number lies between the
    /// products with the two ends, which often round alike ([`mul_small_wide`]).
    fine: (u128, i32),
    negative: bool,
    fine_exact: bool,
}

/// m·10^e (|m| < 10^28) times a long value, rounded, from the products with the long
/// value's 38-digit neighbours (both below 10^66, exact in 256 bits): rounding is monotonic,
/// so when the two round to the same number, so does the product itself. `None` when they
/// do not.
fn mul_small_wide(c: i128, e: i32, w: &Wide) -> Option<Dec28> {
    let m = c.unsigned_abs();
    if m == 0 {
        return None;
    }
    let neg = (c < 0) != w.negative;
    let (f_coeff, f_exp) = w.fine;
    let exp = e as i64 + f_exp as i64;
    let (hi, lo) = mul_wide(m, f_coeff);
    let low = round_wide(neg, hi, lo, exp);
    if w.fine_exact {
        return Some(low);
    }
    let (lo_up, carry) = lo.overflowing_add(m);
    let high = round_wide(neg, hi + carry as u128, lo_up, exp);
    (low.cmp(&high) == Ordering::Equal).then_some(low)
}

/// Number of decimal digits of x (1 for 0).
#[inline]
fn digits(x: u128) -> u32 {
    if x == 0 {
        return 1;
    }
    let bits = 128 - x.leading_zeros();
    let t = (bits * 1233) >> 12;
    t + (x >= POW10[t as usize]) as u32
}

/// The full product of two u128 as (high, low).
#[inline]
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const M: u128 = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & M, b >> 64, b & M);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & M) + (p10 & M);
    let lo = (p00 & M) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// (hi·2^64 + lo) / d and the remainder, for hi < d (the quotient fits in 64 bits): one
/// hardware division on x86-64, where u128 division would call a general routine.
#[inline(always)]
fn div_2by1(hi: u64, lo: u64, d: u64) -> (u64, u64) {
    debug_assert!(hi < d);
    #[cfg(target_arch = "x86_64")]
    {
        let (q, r): (u64, u64);
        // SAFETY: `div` faults only on a zero divisor or a quotient over 64 bits, and hi < d
        // rules out both.
        unsafe {
            std::arch::asm!(
                "div {d}",
                d = in(reg) d,
                inout("rax") lo => q,
                inout("rdx") hi => r,
                options(pure, nomem, nostack)
            );
        }
        (q, r)
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let n = ((hi as u128) << 64) | lo as u128;
        ((n / d as u128) as u64, (n % d as u128) as u64)
    }
}

/// (hi·2^128 + lo) / 10^k and the remainder, for k ≤ 38 and a quotient below 2^128: one or two
/// hardware divisions (fast on current x86-64; a multiplication by a precomputed reciprocal
/// measured slower here).
#[inline]
fn div_pow10(hi: u128, lo: u128, k: u32) -> (u128, u128) {
    let p = POW10[k as usize];
    if hi == 0 && k <= 19 {
        let d = p as u64;
        let (h, l) = ((lo >> 64) as u64, lo as u64);
        if h < d {
            let (q, r) = div_2by1(h, l, d);
            return (q as u128, r as u128);
        }
        let (q1, r1) = div_2by1(0, h, d);
        let (q0, r) = div_2by1(r1, l, d);
        return (((q1 as u128) << 64) | q0 as u128, r as u128);
    }
    div_wide(hi, lo, p)
}

/// Knuth's trial quotient digit u / v1 (v1 < 2^64): one hardware division when it fits in 64
/// bits (nearly always), else the general u128 division.
#[inline(always)]
fn est(u: u128, v1: u128) -> u128 {
    let (hi, lo, v1) = ((u >> 64) as u64, u as u64, v1 as u64);
    if hi < v1 {
        div_2by1(hi, lo, v1).0 as u128
    } else {
        u / v1 as u128
    }
}

/// (hi·2^128 + lo) / v and the remainder, for hi < v (the quotient fits in a u128): the
/// two-digit long division of Hacker's Delight (divlu) with 64-bit digits.
fn div_wide(hi: u128, lo: u128, v: u128) -> (u128, u128) {
    debug_assert!(hi < v);
    const B: u128 = 1 << 64;
    let s = v.leading_zeros();
    let v = v << s;
    let (vn1, vn0) = (v >> 64, v & (B - 1));
    let un32 = if s == 0 {
        hi
    } else {
        (hi << s) | (lo >> (128 - s))
    };
    let un10 = lo << s;
    let (un1, un0) = (un10 >> 64, un10 & (B - 1));
    let mut q1 = est(un32, vn1);
    let mut rhat = un32 - q1 * vn1;
    while q1 >= B || q1 * vn0 > (rhat << 64) + un1 {
        q1 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let un21 = (un32 << 64)
        .wrapping_add(un1)
        .wrapping_sub(q1.wrapping_mul(v));
    let mut q0 = est(un21, vn1);
    let mut rhat = un21 - q0 * vn1;
    while q0 >= B || q0 * vn0 > (rhat << 64) + un0 {
        q0 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let r = (un21 << 64)
        .wrapping_add(un0)
        .wrapping_sub(q0.wrapping_mul(v))
        >> s;
    ((q1 << 64) | q0, r)
}

/// Rounds the quotient `q` with remainder `r` of a division by `p` half to even, then to a
/// coefficient below 10^28 (q is at most 10^28 here).
#[inline]
fn finish(neg: bool, mut q: u128, r: u128, p: u128, mut e: i64) -> Dec28 {
    let twice = r << 1;
    if twice > p || (twice == p && q & 1 == 1) {
        q += 1;
    }
    if q == LIMIT {
        q = POW10[PRECISION - 1];
        e += 1;
    }
    small(neg, q, e)
}

#[inline]
fn small(neg: bool, m: u128, e: i64) -> Dec28 {
    let c = m as i128;
    Dec28::Small {
        c: if neg { -c } else { c },
        e: i32::try_from(e).expect("decimal exponent within ±2^31"),
    }
}

/// ±m · 10^e rounded to 28 digits.
#[inline]
fn round(neg: bool, m: u128, e: i64) -> Dec28 {
    if m < LIMIT {
        return small(neg, m, e);
    }
    let drop = digits(m) - P;
    let (q, r) = div_pow10(0, m, drop);
    finish(neg, q, r, POW10[drop as usize], e + drop as i64)
}

/// 10^n as a 256-bit (high, low) pair, n ≤ 76.
fn pow10_wide(n: u32) -> (u128, u128) {
    if n <= 38 {
        (0, POW10[n as usize])
    } else {
        mul_wide(POW10[(n - 38) as usize], POW10[38])
    }
}

/// ±(hi·2^128 + lo) · 10^e rounded to 28 digits, for values below 10^66.
#[inline]
fn round_wide(neg: bool, hi: u128, lo: u128, e: i64) -> Dec28 {
    if hi == 0 {
        return round(neg, lo, e);
    }
    let bits = 256 - hi.leading_zeros();
    let t = (bits * 1233) >> 12;
    let n = t + ((hi, lo) >= pow10_wide(t)) as u32;
    let drop = n - P;
    // The quotient has 28 digits, so one two-digit long division does it.
    let (q, r) = div_pow10(hi, lo, drop);
    finish(neg, q, r, POW10[drop as usize], e + drop as i64)
}

impl Dec28 {
    pub const ZERO: Dec28 = Dec28::Small { c: 0, e: 0 };

    pub fn from_int(v: i64) -> Dec28 {
        round(v < 0, v.unsigned_abs() as u128, 0)
    }

    /// The value of a [`Dec`], exactly.
    pub fn from_dec(d: &Dec) -> Dec28 {
        let (coeff, exp) = d.parts();
        let mut m = coeff.magnitude().clone();
        let mut e = exp;
        let ten = num_bigint::BigUint::from(10u8);
        while m.bits() > 93 && !m.is_zero() && (&m % &ten).is_zero() {
            m /= &ten;
            e += 1;
        }
        if let Some(m) = m.to_u128().filter(|m| *m < LIMIT) {
            return small(coeff.is_negative(), m, e);
        }
        // Truncation toward zero gives the neighbour nearer zero; the other is one unit further.
        let n = crate::dec::digits_of(&m) as i64;
        let drop = (n - PRECISION as i64) as usize;
        let t = (&m / num_traits::pow(ten.clone(), drop))
            .to_u128()
            .expect("28 digits");
        let e28 = e + drop as i64;
        let near = small(false, t, e28);
        let far = round(false, t + 1, e28);
        let below = if coeff.is_negative() { far.neg() } else { near };
        let Dec28::Small { c, e: below_exp } = below else {
            unreachable!("28-digit neighbours are small")
        };
        let fine_drop = (n - 38).max(0) as usize;
        let (fine, rest) = num_integer::Integer::div_rem(&m, &num_traits::pow(ten, fine_drop));
        Dec28::Wide(Arc::new(Wide {
            exact: d.clone(),
            below: (c, below_exp),
            fine: (
                fine.to_u128().expect("38 digits"),
                i32::try_from(e + fine_drop as i64).expect("decimal exponent within ±2^31"),
            ),
            negative: coeff.is_negative(),
            fine_exact: rest.is_zero(),
        }))
    }

    pub fn to_dec(&self) -> Dec {
        match self {
            Dec28::Small { c, e } => Dec::from_parts(BigInt::from(*c), *e as i64),
            Dec28::Wide(w) => w.exact.clone(),
        }
    }

    pub fn from_f64_exact(v: f64) -> Dec28 {
        Dec28::from_dec(&Dec::from_f64_exact(v))
    }

    pub fn from_f64_shortest(v: f64) -> Dec28 {
        Dec28::from_dec(&Dec::from_f64_shortest(v))
    }

    /// The nearest double (correctly rounded, as Rust parses decimal text).
    pub fn to_f64(&self) -> f64 {
        match self {
            Dec28::Small { c, e } => small_to_f64(*c, *e),
            Dec28::Wide(w) => w.exact.to_f64(),
        }
    }

    /// An enclosure of this value in f64 (see [`crate::enclosure`]).
    pub fn enclose(&self) -> crate::enclosure::Encl {
        use crate::enclosure::Encl;
        match *self {
            Dec28::Small { c: 0, .. } => Encl::exact(0.0),
            // Values that are doubles (integers, halves, quarters…) are enclosed exactly: equal
            // positions then compare equal for sure.
            Dec28::Small { c, e }
                if (0..=15).contains(&e)
                    && c.unsigned_abs() < (1u128 << 53) / POW10[e as usize] =>
            {
                Encl::exact(c as f64 * POW10_F64[e as usize])
            }
            Dec28::Small { c, e }
                if (-27..0).contains(&e)
                    && c % POW5[(-e) as usize] == 0
                    && (c / POW5[(-e) as usize]).unsigned_abs() < 1u128 << 53 =>
            {
                // c·10^e = (c / 5^k) / 2^k with k = −e: exact in a double.
                Encl::exact((c / POW5[(-e) as usize]) as f64 / (1u64 << (-e)) as f64)
            }
            // c → f64 and one product or quotient by an exact power of ten: two roundings of
            // 2⁻⁵³ each, inside the enclosure's 2⁻⁵⁰.
            Dec28::Small { c, e } if (0..=22).contains(&e) => {
                Encl::near(c as f64 * POW10_F64[e as usize])
            }
            Dec28::Small { c, e } if (-22..0).contains(&e) => {
                Encl::near(c as f64 / POW10_F64[(-e) as usize])
            }
            // Three roundings of 2⁻⁵³: still inside 2⁻⁵⁰.
            Dec28::Small { c, e } if (-44..-22).contains(&e) => {
                Encl::near(c as f64 / POW10_F64[22] / POW10_F64[(-e - 22) as usize])
            }
            _ => Encl::near(self.to_f64()),
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Dec28::Small { c: 0, .. })
    }

    pub fn signum(&self) -> i32 {
        match self {
            Dec28::Small { c, .. } => c.signum() as i32,
            Dec28::Wide(w) => w.exact.signum(),
        }
    }

    pub fn neg(&self) -> Dec28 {
        match self {
            Dec28::Small { c, e } => Dec28::Small { c: -c, e: *e },
            Dec28::Wide(w) => Dec28::from_dec(&w.exact.neg()),
        }
    }

    /// `abs()`, which in Python also rounds to the context.
    pub fn abs(&self) -> Dec28 {
        match self {
            Dec28::Small { c, e } => Dec28::Small { c: c.abs(), e: *e },
            Dec28::Wide(w) => Dec28::from_dec(&w.exact.abs()),
        }
    }

    pub fn add(&self, o: &Dec28) -> Dec28 {
        match (self, o) {
            (&Dec28::Small { c: ca, e: ea }, &Dec28::Small { c: cb, e: eb }) => {
                add_small(ca, ea, cb, eb)
            }
            _ => Dec28::from_dec(&self.to_dec().add(&o.to_dec())),
        }
    }

    pub fn sub(&self, o: &Dec28) -> Dec28 {
        match (self, o) {
            (&Dec28::Small { c: ca, e: ea }, &Dec28::Small { c: cb, e: eb }) => {
                add_small(ca, ea, -cb, eb)
            }
            _ => Dec28::from_dec(&self.to_dec().sub(&o.to_dec())),
        }
    }

    pub fn mul(&self, o: &Dec28) -> Dec28 {
        match (self, o) {
            (&Dec28::Small { c: ca, e: ea }, &Dec28::Small { c: cb, e: eb }) => {
                let neg = (ca < 0) != (cb < 0);
                let e = ea as i64 + eb as i64;
                let (ma, mb) = (ca.unsigned_abs(), cb.unsigned_abs());
                if ma == 0 || mb == 0 {
                    return small(false, 0, e);
                }
                match ma.checked_mul(mb) {
                    Some(m) => round(neg, m, e),
                    None => {
                        let (hi, lo) = mul_wide(ma, mb);
                        round_wide(neg, hi, lo, e)
                    }
                }
            }
            (&Dec28::Small { c, e }, Dec28::Wide(w)) | (Dec28::Wide(w), &Dec28::Small { c, e }) => {
                mul_small_wide(c, e, w)
                    .unwrap_or_else(|| Dec28::from_dec(&self.to_dec().mul(&o.to_dec())))
            }
            _ => Dec28::from_dec(&self.to_dec().mul(&o.to_dec())),
        }
    }

    /// Division; the caller guarantees a non-zero divisor (Python would raise).
    pub fn div(&self, o: &Dec28) -> Dec28 {
        match (self, o) {
            (&Dec28::Small { c: ca, e: ea }, &Dec28::Small { c: cb, e: eb }) => {
                assert!(cb != 0, "division by zero");
                if ca == 0 {
                    return Dec28::ZERO;
                }
                let neg = (ca < 0) != (cb < 0);
                let (ma, mb) = (ca.unsigned_abs(), cb.unsigned_abs());
                // Scale the dividend so the quotient has at least 30 digits, as Dec does.
                let shift = (P + 2 + digits(mb)).saturating_sub(digits(ma));
                let (hi, lo) = if shift <= 38 {
                    mul_wide(ma, POW10[shift as usize])
                } else {
                    mul_wide(ma * POW10[(shift - 38) as usize], POW10[38])
                };
                let (q, r) = div_wide(hi, lo, mb);
                let mut e = ea as i64 - eb as i64 - shift as i64;
                let m = if r == 0 {
                    q
                } else {
                    // A sticky digit below the rounding digit: the remainder is not zero.
                    e -= 1;
                    q * 10 + 1
                };
                round(neg, m, e)
            }
            _ => Dec28::from_dec(&self.to_dec().div(&o.to_dec())),
        }
    }
}

/// c·10^e to the nearest double (ties to even): by integer comparisons for −27 ≤ e ≤ 22 (the
/// values of the 0–100 scale), else through decimal text.
fn small_to_f64(c: i128, e: i32) -> f64 {
    match small_to_f64_scaled(c.unsigned_abs(), e) {
        Some(v) if c < 0 => -v,
        Some(v) => v,
        None => small_to_f64_text(c, e),
    }
}

/// A positive normal double as mantissa and exponent: x = m·2^k, m < 2^53.
fn decompose(x: f64) -> (u128, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    ((bits & ((1 << 52) - 1) | (1 << 52)) as u128, exp - 1075)
}

/// x·2^s as a 256-bit (high, low) pair, for x·2^s < 2^256.
fn shl256(x: u128, s: u32) -> (u128, u128) {
    match s {
        0 => (0, x),
        1..=127 => (x >> (128 - s), x << s),
        _ => (x << (s - 128), 0),
    }
}

/// The order of m·10^e against the midpoint of the consecutive positive doubles a < b; None
/// when the integers would not fit (the caller then takes the text route).
fn cmp_midpoint(m: u128, e: i32, a: f64, b: f64) -> Option<Ordering> {
    let ((ma, ka), (mb, kb)) = (decompose(a), decompose(b));
    let k = ka.min(kb);
    // (a + b)/2 = n·2^j with n < 2^55.
    let n = (ma << (ka - k)) + (mb << (kb - k));
    let j = k - 1;
    if e >= 0 {
        // m·10^e·4 against n·2^(j+2): both sides in 256 bits (m·10^e < 2^168).
        let (hi, lo) = mul_wide(m, POW10[e as usize]);
        let left = ((hi << 2) | (lo >> 126), lo << 2);
        let s = u32::try_from(j + 2).ok().filter(|s| *s < 190)?;
        Some(left.cmp(&shl256(n, s)))
    } else {
        // m against n·5^d·2^(j+d), d = −e ≤ 27: n·5^d < 2^55·5^27 < 2^118.
        let d = (-e) as u32;
        let x = n * POW5_U128[d as usize];
        let s = j + d as i32;
        if s >= 0 {
            let s = u32::try_from(s).ok().filter(|s| *s < 140)?;
            Some((0, m).cmp(&shl256(x, s)))
        } else {
            let s = u32::try_from(-s).ok().filter(|s| *s < 150)?;
            Some(shl256(m, s).cmp(&(0, x)))
        }
    }
}

/// m·10^e (m > 0) to the nearest double, ties to even, for −27 ≤ e ≤ 22 without text: the
/// double computed in floating point is within a few units in the last place, and exact
/// comparisons with the midpoints to its neighbours move it to the nearest.
fn small_to_f64_scaled(m: u128, e: i32) -> Option<f64> {
    if !(-27..=22).contains(&e) {
        return None;
    }
    if m == 0 {
        return Some(0.0);
    }
    let mut f = if e >= 0 {
        m as f64 * POW10_F64[e as usize]
    } else if e >= -22 {
        m as f64 / POW10_F64[(-e) as usize]
    } else {
        m as f64 / POW10_F64[22] / POW10_F64[(-e - 22) as usize]
    };
    if m < 1 << 53 && e >= -22 {
        // Exact operands, one rounding.
        return Some(f);
    }
    if !(f.is_normal() && f < f64::MAX) {
        return None;
    }
    let even = |a: f64, b: f64| if a.to_bits() & 1 == 0 { a } else { b };
    for _ in 0..8 {
        let below = f64::from_bits(f.to_bits() - 1);
        let above = f64::from_bits(f.to_bits() + 1);
        if !below.is_normal() || !above.is_finite() {
            return None;
        }
        match cmp_midpoint(m, e, below, f)? {
            Ordering::Less => {
                f = below;
                continue;
            }
            Ordering::Equal => return Some(even(below, f)),
            Ordering::Greater => {}
        }
        match cmp_midpoint(m, e, f, above)? {
            Ordering::Greater => f = above,
            Ordering::Equal => return Some(even(f, above)),
            Ordering::Less => return Some(f),
        }
    }
    None
}

/// c·10^e to the nearest double: the decimal text written on the stack and parsed by the
/// standard library (correctly rounded), without the allocation and the u128 formatting of
/// `format!`.
fn small_to_f64_text(c: i128, e: i32) -> f64 {
    let mut buf = [0u8; 64];
    let mut n = 0;
    let mut put = |b: u8| {
        buf[n] = b;
        n += 1;
    };
    if c < 0 {
        put(b'-');
    }
    let m = c.unsigned_abs();
    // m < 10^28: at most 9 digits above 10^19.
    let (high, low) = div_pow10(0, m, 19);
    let digits_of = |mut v: u64, width: usize, put: &mut dyn FnMut(u8)| {
        let mut tmp = [0u8; 20];
        let mut k = 0;
        while v > 0 || k < width.max(1) {
            tmp[k] = b'0' + (v % 10) as u8;
            v /= 10;
            k += 1;
        }
        for d in tmp[..k].iter().rev() {
            put(*d);
        }
    };
    if high > 0 {
        digits_of(high as u64, 1, &mut put);
        digits_of(low as u64, 19, &mut put);
    } else {
        digits_of(low as u64, 1, &mut put);
    }
    put(b'e');
    let (neg_e, mut ae) = (e < 0, e.unsigned_abs());
    if neg_e {
        put(b'-');
    }
    let mut tmp = [0u8; 10];
    let mut k = 0;
    loop {
        tmp[k] = b'0' + (ae % 10) as u8;
        ae /= 10;
        k += 1;
        if ae == 0 {
            break;
        }
    }
    for d in tmp[..k].iter().rev() {
        put(*d);
    }
    std::str::from_utf8(&buf[..n])
        .expect("ASCII digits")
        .parse()
        .expect("a decimal prints as a parseable float")
}

/// ca·10^ea + cb·10^eb, correctly rounded.
#[inline]
fn add_small(ca: i128, ea: i32, cb: i128, eb: i32) -> Dec28 {
    if ca == 0 {
        return Dec28::Small { c: cb, e: eb };
    }
    if cb == 0 {
        return Dec28::Small { c: ca, e: ea };
    }
    if ea == eb {
        let sum = ca + cb;
        if sum.unsigned_abs() < LIMIT {
            return Dec28::Small { c: sum, e: ea };
        }
        return round(sum < 0, sum.unsigned_abs(), ea as i64);
    }
    // a: the operand with the larger exponent.
    let (ca, ea, cb, eb) = if ea >= eb {
        (ca, ea, cb, eb)
    } else {
        (cb, eb, ca, ea)
    };
    let diff = (ea as i64 - eb as i64) as u32;
    let da = digits(ca.unsigned_abs());
    let sum = if da + diff <= 38 {
        // Exact: |a·10^diff| < 10^38 and |b| < 10^28.
        (ca * POW10[diff as usize] as i128 + cb, eb as i64)
    } else {
        // b lies ≥ 10 digits below a's last kept digit: a widened to 37 digits, b floored to
        // that grid, and a sticky digit for what the floor dropped decide the rounding alike.
        let s = 36 - da;
        let e = ea as i64 - s as i64 - 1;
        let gap = (e - eb as i64) as u32;
        let (t, rest) = if gap <= 38 {
            let p = POW10[gap as usize] as i128;
            (cb.div_euclid(p), cb.rem_euclid(p))
        } else {
            (if cb < 0 { -1 } else { 0 }, 1)
        };
        let x = ca * POW10[s as usize + 1] as i128 + t;
        (x * 10 + (rest != 0) as i128, e - 1)
    };
    round(sum.0 < 0, sum.0.unsigned_abs(), sum.1)
}

/// Order of c·10^e pairs with |c| < 10^28.
#[inline]
fn cmp_small((ca, ea): (i128, i32), (cb, eb): (i128, i32)) -> Ordering {
    let (sa, sb) = (ca.signum(), cb.signum());
    if sa != sb {
        return sa.cmp(&sb);
    }
    if sa == 0 || ea == eb {
        return ca.cmp(&cb);
    }
    let (ma, mb) = (ca.unsigned_abs(), cb.unsigned_abs());
    let (da, db) = (digits(ma), digits(mb));
    let (la, lb) = (ea as i64 + da as i64, eb as i64 + db as i64);
    let mag = if la != lb {
        la.cmp(&lb)
    } else if ea > eb {
        (ma * POW10[(ea - eb) as usize]).cmp(&mb)
    } else {
        ma.cmp(&(mb * POW10[(eb - ea) as usize]))
    };
    if sa > 0 {
        mag
    } else {
        mag.reverse()
    }
}

impl PartialEq for Dec28 {
    fn eq(&self, o: &Dec28) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Dec28 {}
impl PartialOrd for Dec28 {
    fn partial_cmp(&self, o: &Dec28) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Dec28 {
    fn cmp(&self, o: &Dec28) -> Ordering {
        match (self, o) {
            (&Dec28::Small { c: ca, e: ea }, &Dec28::Small { c: cb, e: eb }) => {
                cmp_small((ca, ea), (cb, eb))
            }
            (&Dec28::Small { c, e }, Dec28::Wide(w)) => {
                // A 28-digit number is never strictly between a long value's neighbours.
                if cmp_small((c, e), w.below) != Ordering::Greater {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Dec28::Wide(_), Dec28::Small { .. }) => o.cmp(self).reverse(),
            (Dec28::Wide(a), Dec28::Wide(b)) => a.exact.cmp(&b.exact),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    fn same(a: &Dec28, b: &Dec) -> bool {
        a.to_dec() == *b
    }

    proptest! {
        #[test]
        fn division_by_powers_of_ten_is_exact(hi in 0u128..(1u128 << 64), lo: u128, k in 0u32..=38) {
            // Quotients below 2^128 only: hi·2^128 / 10^k < 2^128.
            prop_assume!(k >= 20 || hi < POW10[k as usize]);
            let (q, r) = div_pow10(hi, lo, k);
            prop_assert!(r < POW10[k as usize]);
            let (ph, pl) = mul_wide(q, POW10[k as usize]);
            let (sum, carry) = pl.overflowing_add(r);
            prop_assert_eq!((ph + carry as u128, sum), (hi, lo));
        }
    }

    #[test]
    fn wide_division_matches_long_division() {
        let v = 0x3_1234_5678_9abc_def0_1234_5678u128;
        let (hi, lo) = mul_wide(v, 0xffff_ffff_ffff_ffff_ffff_ffffu128);
        let (q, r) = div_wide(hi, lo, v);
        assert_eq!(q, 0xffff_ffff_ffff_ffff_ffff_ffffu128);
        assert_eq!(r, 0);
        let (q, r) = div_wide(hi, lo.wrapping_add(5), v);
        assert_eq!((q, r), (0xffff_ffff_ffff_ffff_ffff_ffffu128, 5));
    }

    // Expected values from CPython 3.11's decimal module, default context.
    #[test]
    fn rounds_like_python() {
        let x = |s: &str| Dec28::from_dec(&d(s));
        assert!(same(
            &x("100").div(&x("6.5")),
            &d("15.38461538461538461538461538")
        ));
        assert!(same(
            &x("2").div(&x("3")),
            &d("0.6666666666666666666666666667")
        ));
        let big = x("1234567890123456789012345678");
        assert!(same(
            &big.add(&x("0.5")),
            &d("1234567890123456789012345678")
        ));
        assert!(same(
            &big.add(&x("1.5")),
            &d("1234567890123456789012345680")
        ));
        assert!(same(&x("1e30").sub(&x("1e-30")), &d("1e30")));
        assert!(same(
            &x("1e28").sub(&x("1")),
            &d("9999999999999999999999999999")
        ));
        assert!(same(
            &x("1e28").sub(&x("0.6")),
            &d("9999999999999999999999999999")
        ));
        assert!(same(&x("1e28").sub(&x("0.4")), &d("1e28")));
        assert!(same(&x("1e30").add(&x("1e-30")), &d("1e30")));
        assert!(same(
            &x("1e30").add(&x("5e2")),
            &d("1.000000000000000000000000000e30")
        ));
        let c = Dec28::from_f64_exact(0.4);
        assert!(matches!(c, Dec28::Wide(_)));
        assert!(Dec28::from_dec(&d("0.4")) < c);
        assert!(Dec28::from_dec(&d("0.4000000000000000222044604926")) > c);
        assert!(Dec28::from_dec(&d("0.4000000000000000222044604925")) < c);
    }

    /// A random decimal: 1 to 28 digits (often short or all nines, which round at the edges),
    /// exponent −40…+10, either sign, sometimes zero.
    fn operand() -> impl Strategy<Value = Dec> {
        let coeff = prop_oneof![
            (0u128..LIMIT).boxed(),
            (0u128..1000).boxed(),
            (1u32..=28).prop_map(|n| POW10[n as usize] - 1).boxed(),
            (1u32..=28).prop_map(|n| POW10[n as usize - 1]).boxed(),
            (1u32..=28, 0u128..1_000_000)
                .prop_map(|(n, k)| POW10[n as usize] / 2 + k)
                .boxed(),
        ];
        (coeff, -40i64..10, any::<bool>()).prop_map(|(c, e, neg)| {
            let c = BigInt::from(c);
            Dec::from_parts(if neg { -c } else { c }, e)
        })
    }

    /// Operands including exact doubles (long, hence wide).
    fn any_operand() -> impl Strategy<Value = Dec> {
        prop_oneof![
            4 => operand(),
            1 => (-1e6f64..1e6).prop_map(Dec::from_f64_exact),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn every_operation_matches_the_big_integer_decimal(a in any_operand(), b in any_operand()) {
            let (x, y) = (Dec28::from_dec(&a), Dec28::from_dec(&b));
            prop_assert!(same(&x, &a));
            prop_assert!(same(&x.add(&y), &a.add(&b)), "{a:?} + {b:?}");
            prop_assert!(same(&x.sub(&y), &a.sub(&b)), "{a:?} - {b:?}");
            prop_assert!(same(&x.mul(&y), &a.mul(&b)), "{a:?} * {b:?}");
            if !b.is_zero() {
                prop_assert!(same(&x.div(&y), &a.div(&b)), "{a:?} / {b:?}");
            }
            prop_assert!(same(&x.abs(), &a.abs()));
            prop_assert!(same(&x.neg(), &a.neg()));
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            prop_assert_eq!(x.signum(), a.signum());
            prop_assert_eq!(x.is_zero(), a.is_zero());
            prop_assert_eq!(x.to_f64().to_bits(), a.to_f64().to_bits());
        }

        /// 28-digit numbers times long exact doubles (the fast product from the 38-digit
        /// neighbours, and the exact one for doubles of 29 to 38 digits), as the oracle.
        #[test]
        fn products_with_long_values_match_the_big_integer_decimal(
            a in operand(),
            v in prop_oneof![
                -1e6f64..1e6,
                ((1i64 << 45)..(1 << 52), 18i32..=30).prop_map(|(n, k)| n as f64 / 2f64.powi(k)),
                Just(0.1),
                Just(0.4),
            ],
        ) {
            let b = Dec::from_f64_exact(v);
            let (x, y) = (Dec28::from_dec(&a), Dec28::from_dec(&b));
            prop_assert!(same(&x.mul(&y), &a.mul(&b)), "{a:?} * {b:?}");
            prop_assert!(same(&y.mul(&x), &b.mul(&a)), "{b:?} * {a:?}");
        }

        /// Exact ties between two doubles, at several scales, round to the even one.
        #[test]
        fn scaled_conversion_breaks_ties_to_even(odd in 0u128..1000, k in 0u32..10, up in any::<bool>()) {
            let m = ((1u128 << 53) + 2 * odd + 1) << (up as u32);
            let scaled = m * 10u128.pow(k);
            let (c, e) = (scaled as i128, -(k as i32));
            prop_assert_eq!(small_to_f64(c, e).to_bits(), small_to_f64_text(c, e).to_bits());
            prop_assert_eq!(small_to_f64(c, e) as u128 & ((1 << (1 + up as u32)) - 1), 0);
        }

        /// The conversion to the nearest double by integer comparisons agrees with the text
        /// route (the standard library's correctly rounded parsing), ties and all.
        #[test]
        fn scaled_conversion_matches_text(
            m in prop_oneof![1u128..(1 << 60), 1u128..10u128.pow(28), (1u128..10u128.pow(12)).prop_map(|v| v * 10u128.pow(16))],
            e in -30i32..=24,
            neg in any::<bool>(),
        ) {
            let c = if neg { -(m as i128) } else { m as i128 };
            prop_assert_eq!(small_to_f64(c, e).to_bits(), small_to_f64_text(c, e).to_bits());
        }

        #[test]
        fn nearby_exponents_add_and_compare_alike(a in operand(), b in operand(), shift in 0i64..45) {
            // Exponents a few digits apart exercise the exact and the sticky paths of add.
            let b = Dec::from_parts(b.parts().0.clone(), a.parts().1 - shift);
            let (x, y) = (Dec28::from_dec(&a), Dec28::from_dec(&b));
            prop_assert!(same(&x.add(&y), &a.add(&b)), "{a:?} + {b:?}");
            prop_assert!(same(&x.sub(&y), &a.sub(&b)), "{a:?} - {b:?}");
            prop_assert!(same(&y.sub(&x), &b.sub(&a)), "{b:?} - {a:?}");
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        }
    }
}
