//! Decimal numbers with Python's default `decimal` context (28 significant digits, round half
//! to even): every operation returns the exact result correctly rounded, as CPython's `decimal`
//! does. The decide package computes in this arithmetic, and some of its choices (which of two
//! mathematically equal gains is larger) are decided by its rounding; [`Dec`] lets brink
//! reproduce them exactly.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::sync::OnceLock;

/// Python's default precision.
pub const PRECISION: usize = 28;

/// value = coeff · 10^exp.
#[derive(Clone, Debug)]
pub struct Dec {
    coeff: BigInt,
    exp: i64,
}

fn pow10(n: usize) -> &'static BigInt {
    static TABLE: OnceLock<Vec<BigInt>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut v = vec![BigInt::from(1u8)];
        for i in 1..=200 {
            let next = &v[i - 1] * 10u8;
            v.push(next);
        }
        v
    });
    &table[n]
}

fn pow10_owned(n: usize) -> BigInt {
    if n <= 200 {
        pow10(n).clone()
    } else {
        num_traits::pow(BigInt::from(10u8), n)
    }
}

/// Number of decimal digits of |c| (1 for 0).
fn digits(c: &BigInt) -> usize {
    if c.is_zero() {
        return 1;
    }
    let bits = c.bits() as f64;
    // log10(2^bits) brackets the digit count within one.
    let mut d = (bits * std::f64::consts::LOG10_2).floor() as usize;
    if d >= 199 {
        // Beyond the table (the exact expansion of a tiny or huge double): count the digits.
        return c.magnitude().to_string().len();
    }
    let mag = c.magnitude();
    while d < 200 && mag >= pow10(d).magnitude() {
        d += 1;
    }
    d.max(1)
}

/// Number of decimal digits of m (1 for 0).
pub(crate) fn digits_of(m: &num_bigint::BigUint) -> usize {
    digits(&BigInt::from(m.clone()))
}

impl Dec {
    pub fn zero() -> Dec {
        Dec {
            coeff: BigInt::zero(),
            exp: 0,
        }
    }

    pub fn from_int(v: i64) -> Dec {
        Dec {
            coeff: BigInt::from(v),
            exp: 0,
        }
    }

    /// Exact decimal text (`-12.5`, `3`, `1e-10`, `0.65`), like `Decimal("…")`.
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (mantissa, e) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], t[i + 1..].parse::<i64>().ok()?),
            None => (t, 0),
        };
        let (neg, digits_part) = match mantissa.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
        };
        let (int, frac) = match digits_part.find('.') {
            Some(i) => (&digits_part[..i], &digits_part[i + 1..]),
            None => (digits_part, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let all: String = format!("{int}{frac}");
        if !all.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut coeff: BigInt = all.parse().ok()?;
        if neg {
            coeff = -coeff;
        }
        Some(Dec {
            coeff,
            exp: e - frac.len() as i64,
        })
    }

    /// The exact value of a binary double, like `Decimal(float)`.
    pub fn from_f64_exact(v: f64) -> Dec {
        assert!(v.is_finite(), "finite input");
        if v == 0.0 {
            return Dec::zero();
        }
        let bits = v.to_bits();
        let sign = if bits >> 63 == 1 { -1 } else { 1 };
        let exponent = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1u64 << 52) - 1);
        let (mantissa, e2) = if exponent == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1u64 << 52), exponent - 1075)
        };
        let m = BigInt::from(mantissa) * sign;
        if e2 >= 0 {
            Dec {
                coeff: m << (e2 as usize),
                exp: 0,
            }
        } else {
            // m / 2^k = m · 5^k / 10^k.
            let k = (-e2) as usize;
            Dec {
                coeff: m * num_traits::pow(BigInt::from(5u8), k),
                exp: -(k as i64),
            }
        }
    }

    /// The decimal a user typed, recovered from a double (its shortest round-trip text).
    pub fn from_f64_shortest(v: f64) -> Dec {
        Dec::parse(&format!("{v:e}")).expect("Rust prints parseable floats")
    }

    pub fn to_f64(&self) -> f64 {
        format!("{}e{}", self.coeff, self.exp)
            .parse()
            .expect("a decimal prints as a parseable float")
    }

    pub fn is_zero(&self) -> bool {
        self.coeff.is_zero()
    }

    /// (coefficient, exponent): value = coefficient · 10^exponent.
    pub fn parts(&self) -> (&BigInt, i64) {
        (&self.coeff, self.exp)
    }

    /// coefficient · 10^exponent, exactly (not rounded).
    pub fn from_parts(coeff: BigInt, exp: i64) -> Dec {
        Dec { coeff, exp }
    }

    /// Rounds to [`PRECISION`] significant digits, half to even.
    fn rounded(coeff: BigInt, exp: i64) -> Dec {
        // 2^93 < 10^28: anything this small already fits the precision.
        if coeff.bits() <= 93 {
            return Dec { coeff, exp };
        }
        let n = digits(&coeff);
        if n <= PRECISION {
            return Dec { coeff, exp };
        }
        let drop = n - PRECISION;
        let divisor = pow10_owned(drop);
        let negative = coeff.sign() == Sign::Minus;
        let (mut q, r) = coeff.abs().div_rem(&divisor);
        let twice = &r * 2u8;
        match twice.cmp(&divisor) {
            Ordering::Greater => q += 1u8,
            Ordering::Equal if q.is_odd() => q += 1u8,
            _ => {}
        }
        let mut exp = exp + drop as i64;
        if &q == pow10(PRECISION) {
            q = pow10(PRECISION - 1).clone();
            exp += 1;
        }
        Dec {
            coeff: if negative { -q } else { q },
            exp,
        }
    }

    fn aligned(a: &Dec, b: &Dec) -> (BigInt, BigInt, i64) {
        match a.exp.cmp(&b.exp) {
            Ordering::Equal => (a.coeff.clone(), b.coeff.clone(), a.exp),
            Ordering::Greater => (
                &a.coeff * pow10_owned((a.exp - b.exp) as usize),
                b.coeff.clone(),
                b.exp,
            ),
            Ordering::Less => (
                a.coeff.clone(),
                &b.coeff * pow10_owned((b.exp - a.exp) as usize),
                a.exp,
            ),
        }
    }

    pub fn add(&self, o: &Dec) -> Dec {
        if o.is_zero() {
            return Dec::rounded(self.coeff.clone(), self.exp);
        }
        if self.is_zero() {
            return Dec::rounded(o.coeff.clone(), o.exp);
        }
        let (a, b, exp) = Dec::aligned(self, o);
        Dec::rounded(a + b, exp)
    }

    pub fn sub(&self, o: &Dec) -> Dec {
        self.add(&o.neg())
    }

    pub fn mul(&self, o: &Dec) -> Dec {
        Dec::rounded(&self.coeff * &o.coeff, self.exp + o.exp)
    }

    /// Division; the caller guarantees a non-zero divisor (Python would raise).
    pub fn div(&self, o: &Dec) -> Dec {
        assert!(!o.is_zero(), "division by zero");
        if self.is_zero() {
            return Dec::zero();
        }
        let negative = (self.coeff.sign() == Sign::Minus) != (o.coeff.sign() == Sign::Minus);
        let (a, b) = (self.coeff.abs(), o.coeff.abs());
        // Scale the dividend so the quotient has at least PRECISION + 2 digits.
        let shift = (PRECISION + 2 + digits(&b)).saturating_sub(digits(&a));
        let (q, r) = (a * pow10_owned(shift)).div_rem(&b);
        let mut exp = self.exp - o.exp - shift as i64;
        let coeff = if r.is_zero() {
            q
        } else {
            // A sticky digit below the rounding digit: the remainder is not zero.
            exp -= 1;
            q * 10u8 + 1u8
        };
        let coeff = if negative { -coeff } else { coeff };
        Dec::rounded(coeff, exp)
    }

    pub fn neg(&self) -> Dec {
        Dec {
            coeff: -&self.coeff,
            exp: self.exp,
        }
    }

    /// `abs()`, which in Python also rounds to the context.
    pub fn abs(&self) -> Dec {
        Dec::rounded(self.coeff.abs(), self.exp)
    }

    pub fn signum(&self) -> i32 {
        match self.coeff.sign() {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        }
    }

    pub fn to_i64_trunc(&self) -> Option<i64> {
        if self.exp >= 0 {
            (&self.coeff * pow10_owned(self.exp as usize)).to_i64()
        } else {
            (&self.coeff / pow10_owned((-self.exp) as usize)).to_i64()
        }
    }
}

impl PartialEq for Dec {
    fn eq(&self, o: &Dec) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Dec {}
impl PartialOrd for Dec {
    fn partial_cmp(&self, o: &Dec) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Dec {
    fn cmp(&self, o: &Dec) -> Ordering {
        let (sa, so) = (self.signum(), o.signum());
        if sa != so {
            return sa.cmp(&so);
        }
        if self.exp == o.exp {
            return self.coeff.cmp(&o.coeff);
        }
        let (a, b, _) = Dec::aligned(self, o);
        a.cmp(&b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Dec {
        Dec::parse(s).unwrap()
    }

    // Expected values from CPython 3.11's decimal module, default context.
    #[test]
    fn division_rounds_like_python() {
        assert_eq!(d("100").div(&d("6.5")), d("15.38461538461538461538461538"));
        assert_eq!(d("1").div(&d("3")), d("0.3333333333333333333333333333"));
        assert_eq!(d("2").div(&d("3")), d("0.6666666666666666666666666667"));
        assert_eq!(d("1.45").div(&d("1.3")), d("1.115384615384615384615384615"));
        assert_eq!(d("-1").div(&d("8")), d("-0.125"));
    }

    #[test]
    fn products_and_sums_round_half_even() {
        let third = d("1").div(&d("3"));
        assert_eq!(third.mul(&d("3")), d("0.9999999999999999999999999999"));
        // 28 nines + 0.5 ulp rounds to even.
        let x = d("1234567890123456789012345678");
        assert_eq!(x.add(&d("0.5")), d("1234567890123456789012345678"));
        assert_eq!(x.add(&d("1.5")), d("1234567890123456789012345680"));
        assert_eq!(
            d("3.0").sub(&d("0.5")).mul(&d("100").div(&d("6.5"))),
            d("38.46153846153846153846153845")
        );
    }

    #[test]
    fn long_expansions_round_to_28_digits() {
        // 1e-200 as a double has hundreds of significant digits.
        let tiny = Dec::from_f64_exact(1e-200);
        let r = tiny.abs();
        assert!(r.parts().0.magnitude().to_string().len() <= PRECISION);
        assert_eq!(r.to_f64(), 1e-200);
        let x = crate::dec28::Dec28::from_f64_exact(1e-200);
        assert_eq!(x.to_f64(), 1e-200);
        assert!(x.abs().to_dec() == r);
    }

    #[test]
    fn exact_float_conversion() {
        let x = Dec::from_f64_exact(0.4);
        assert_eq!(
            x,
            d("0.40000000000000002220446049250313080847263336181640625")
        );
        assert_eq!(Dec::from_f64_shortest(0.65), d("0.65"));
        assert_eq!(d("0.65").to_f64(), 0.65);
        assert!(d("1e-10") > Dec::from_f64_exact(1e-10) || d("1e-10") < Dec::from_f64_exact(1e-10));
    }
}
