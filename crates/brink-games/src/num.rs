//! Exact numbers for payoffs and probabilities: parsing Gambit's number syntax into rationals and
//! printing rationals back the way Gambit's files and tools do.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational payoff or probability.
pub type Q = BigRational;

/// `n/d` as a rational (panics if `d == 0`; for constants in code).
pub fn q(n: i64, d: i64) -> Q {
    Q::new(BigInt::from(n), BigInt::from(d))
}

/// An integer as a rational.
pub fn qi(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// The rational a decimal literal denotes, from an `f64`'s shortest round-trip text, so that
/// `0.3` becomes 3/10 (not the binary fraction nearest to it). `None` for NaN or infinities.
pub fn q_from_f64(x: f64) -> Option<Q> {
    if !x.is_finite() {
        return None;
    }
    parse_number(&format!("{x:e}"))
}

/// Parses `[+-]digits[.digits][e[+-]digits]`, `[+-].digits…` or `[+-]n/d` exactly.
/// `None` if the text is not such a number (or a fraction has a zero denominator).
pub fn parse_number(text: &str) -> Option<Q> {
    if let Some((n, d)) = text.split_once('/') {
        let n = parse_decimal(n)?;
        let d = parse_decimal(d)?;
        if d.is_zero() {
            return None;
        }
        return Some(n / d);
    }
    parse_decimal(text)
}

fn parse_decimal(text: &str) -> Option<Q> {
    let (neg, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exp) = match body.find(['e', 'E']) {
        Some(i) => {
            let e = &body[i + 1..];
            let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if e_digits.is_empty()
                || e_digits.len() > 6
                || !e_digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            (&body[..i], e.parse::<i64>().ok()?)
        }
        None => (body, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{int}{frac}");
    let mut value = Q::from_integer(digits.parse::<BigInt>().ok()?);
    let scale = exp - frac.len() as i64;
    // Refuse absurd exponents rather than allocate without bound on hostile input.
    if scale.abs() > 4000 {
        return None;
    }
    let ten = Q::from_integer(BigInt::from(10));
    let pow = num_traits::pow(ten, scale.unsigned_abs() as usize);
    if scale >= 0 {
        value *= pow;
    } else {
        value /= pow;
    }
    Some(if neg { -value } else { value })
}

/// The nearest `f64`.
pub fn to_f64(x: &Q) -> f64 {
    x.to_f64().unwrap_or_else(|| {
        // Huge numerators/denominators: divide in floating point after scaling down.
        let n = x.numer().to_f64().unwrap_or(f64::INFINITY);
        let d = x.denom().to_f64().unwrap_or(f64::INFINITY);
        n / d
    })
}

/// Gambit's rational text: `n` for integers, `n/d` otherwise.
pub fn fmt_rational(x: &Q) -> String {
    if x.is_integer() {
        x.numer().to_string()
    } else {
        format!("{}/{}", x.numer(), x.denom())
    }
}

/// A number as it should appear in a written game file: an integer, an exact decimal when the
/// denominator divides a power of ten, otherwise `n/d` — always read back to the same rational.
pub fn fmt_exact(x: &Q) -> String {
    if x.is_integer() {
        return x.numer().to_string();
    }
    let mut d = x.denom().clone();
    let (two, five) = (BigInt::from(2), BigInt::from(5));
    let (mut twos, mut fives) = (0usize, 0usize);
    while (&d % &two).is_zero() {
        d /= &two;
        twos += 1;
    }
    while (&d % &five).is_zero() {
        d /= &five;
        fives += 1;
    }
    if !d.is_one() || twos.max(fives) > 30 {
        return fmt_rational(x);
    }
    let places = twos.max(fives);
    let scaled = x * Q::from_integer(num_traits::pow(BigInt::from(10), places));
    let n = scaled.to_integer();
    let digits = n.abs().to_string();
    let digits = format!("{digits:0>width$}", width = places + 1);
    let (int, frac) = digits.split_at(digits.len() - places);
    format!("{}{int}.{frac}", if n.is_negative() { "-" } else { "" })
}

/// A float as Gambit's command-line tools print it: fixed point with `decimals` places (their
/// `-d` option, 6 by default), never `-0.000000`.
pub fn fmt_float(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gambit_numbers() {
        assert_eq!(parse_number("1/2"), Some(q(1, 2)));
        assert_eq!(parse_number("-0.54"), Some(q(-54, 100)));
        assert_eq!(parse_number(".5"), Some(q(1, 2)));
        assert_eq!(parse_number("+3"), Some(qi(3)));
        assert_eq!(parse_number("1.5e2"), Some(qi(150)));
        assert_eq!(parse_number("25e-2"), Some(q(1, 4)));
        assert_eq!(parse_number("1/0"), None);
        assert_eq!(parse_number("1.2.3"), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("e5"), None);
    }

    #[test]
    fn exact_text_round_trips() {
        for x in [q(1, 3), q(-54, 100), qi(7), q(1, 8), q(-1, 20), q(22, 7)] {
            assert_eq!(
                parse_number(&fmt_exact(&x)),
                Some(x.clone()),
                "{}",
                fmt_exact(&x)
            );
        }
        assert_eq!(fmt_exact(&q(-54, 100)), "-0.54");
        assert_eq!(fmt_exact(&q(1, 3)), "1/3");
        assert_eq!(q_from_f64(0.3), Some(q(3, 10)));
    }

    #[test]
    fn floats_print_like_gambit() {
        assert_eq!(fmt_float(0.5, 6), "0.500000");
        assert_eq!(fmt_float(1.0 / 3.0, 6), "0.333333");
        assert_eq!(fmt_float(-1e-15, 6), "0.000000");
    }
}
