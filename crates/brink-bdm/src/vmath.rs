//! `exp` and `ln` over whole slices, written so that the compiler turns each loop into SIMD code
//! (eight lanes with AVX-512, four with AVX2 + FMA, chosen at run time) — the dense engine
//! computes hundreds of powers per round, and one libm call at a time was most of its cost.
//!
//! The algorithms and polynomial coefficients are fdlibm's (`e_exp.c`, `e_log.c`: Sun
//! Microsystems, 1993, freely redistributable), both accurate to under 1 ulp; the code is
//! branch-free per element (selects instead of `if`s) so that it vectorises. The polynomials are
//! evaluated with fused multiply-adds, `f64::mul_add`, which is correctly rounded everywhere (the
//! FMA instruction in the AVX2 + FMA build, the CPU's or libm's exact `fma` in the portable one):
//! with only IEEE `+ − × ÷`, `mul_add` and bit operations, the SIMD and the portable builds give
//! bit-identical results on every machine. Results may differ from the platform's libm in the
//! last bit (both are within 1 ulp of the true value).

/// ln 2 split so that k · LN2_HI is exact for |k| < 2^11.
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const INV_LN2: f64 = std::f64::consts::LOG2_E;
/// 1.5 · 2^52: adding and subtracting it rounds a float below 2^51 to an integer, and the
/// integer can be read from the low bits of the sum.
const ROUNDING_SHIFT: f64 = 6755399441055744.0;

// fdlibm e_exp.c: a minimax polynomial for R(r²) = r (e^r + 1)/(e^r − 1) on |r| ≤ ln2/2.
const EXP_P1: f64 = 0.16666666666666602;
const EXP_P2: f64 = -0.0027777777777015593;
const EXP_P3: f64 = 6.613756321437934e-05;
const EXP_P4: f64 = -1.6533902205465252e-06;
const EXP_P5: f64 = 4.1381367970572385e-08;

// fdlibm e_log.c: a minimax polynomial for (ln(1+f) − 2s)/s, s = f/(2+f), in s².
const LG1: f64 = 0.6666666666666735;
const LG2: f64 = 0.3999999999940942;
const LG3: f64 = 0.2857142874366239;
const LG4: f64 = 0.22222198432149784;
const LG5: f64 = 0.1818357216161805;
const LG6: f64 = 0.15313837699209373;
const LG7: f64 = 0.14798198605116586;

/// Below this e^x is flushed to 0 (e^−708 ≈ 3.3e−308, next to the smallest normal number).
const EXP_FLUSH_BELOW: f64 = -708.0;
/// Above this e^x overflows f64 (ln of the largest finite number).
const EXP_OVERFLOW_ABOVE: f64 = 709.7827128933839;

/// e^x for one value, branch-free, within 1 ulp. Results below e^−708 (≈ 3.3e−308) are flushed
/// to 0 instead of being rounded to a subnormal — the model's powers are of numbers in [0, 1]
/// that weigh O(1) sums, where that absolute difference of < 4e−308 cannot show — and skipping
/// subnormals lets 2^k be applied by adding k to the exponent bits. −∞ gives 0, +∞ and anything
/// above 709.78 give +∞, NaN gives NaN.
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    // x = k ln2 + r with |r| ≤ ln2/2; k is read back from the low bits of `shifted`. Inputs the
    // selects at the end replace may make garbage here, never a trap.
    let shifted = x.mul_add(INV_LN2, ROUNDING_SHIFT);
    let kf = shifted - ROUNDING_SHIFT;
    let hi = (-kf).mul_add(LN2_HI, x);
    let lo = kf * LN2_LO;
    let r = hi - lo;
    let t = r * r;
    let polynomial = EXP_P5
        .mul_add(t, EXP_P4)
        .mul_add(t, EXP_P3)
        .mul_add(t, EXP_P2)
        .mul_add(t, EXP_P1);
    let c = (-t).mul_add(polynomial, r);
    let y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    let k = (shifted.to_bits() as i64).wrapping_sub(ROUNDING_SHIFT.to_bits() as i64);
    let scaled = f64::from_bits((y.to_bits() as i64).wrapping_add(k.wrapping_shl(52)) as u64);
    if x < EXP_FLUSH_BELOW {
        0.0
    } else if x > EXP_OVERFLOW_ABOVE {
        f64::INFINITY
    } else {
        scaled
    }
}

/// ln x for one value, branch-free: ln 0 = −∞, ln +∞ = +∞, negative or NaN input gives NaN.
#[inline(always)]
pub(crate) fn ln(x: f64) -> f64 {
    // Subnormals are scaled into the normal range first.
    let subnormal = x < f64::MIN_POSITIVE;
    let xs = if subnormal {
        x * 18_014_398_509_481_984.0
    } else {
        x
    }; // 2^54
    let bits = xs.to_bits();
    let exponent_field = (bits >> 52) & 0x7ff;
    // The mantissa as a number in [1, 2), then halved when above √2 so that f = m − 1 is small.
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    // The exponent as a float without an int → float conversion (which AVX2 lacks).
    let e_field = f64::from_bits(exponent_field | 0x4330_0000_0000_0000) - 4_503_599_627_370_496.0;
    let e = e_field - 1023.0 + if big { 1.0 } else { 0.0 } - if subnormal { 54.0 } else { 0.0 };
    let f = m - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * LG6.mul_add(w, LG4).mul_add(w, LG2);
    let t2 = z * LG7.mul_add(w, LG5).mul_add(w, LG3).mul_add(w, LG1);
    let r = t2 + t1;
    let y = e.mul_add(LN2_HI, -((hfsq - s.mul_add(hfsq + r, e * LN2_LO)) - f));
    if x > 0.0 && x < f64::INFINITY {
        y
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        x
    } else {
        f64::NAN
    }
}

/// Whether this CPU runs the AVX2 + FMA builds (`exp_in_place`, `ln_in_place` and the dense
/// engine's round).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn simd_available() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// Whether this CPU runs the AVX-512 builds of `exp_in_place` and `ln_in_place` (eight lanes
/// instead of four: about 1.45× faster here).
#[cfg(target_arch = "x86_64")]
#[inline]
fn wide_simd_available() -> bool {
    simd_available() && std::arch::is_x86_feature_detected!("avx512f")
}

/// Replaces every value by its exponential.
pub(crate) fn exp_in_place(values: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if wide_simd_available() {
        // SAFETY: the CPU supports AVX-512F, AVX2 and FMA, checked just above.
        unsafe { exp_in_place_avx512(values) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if simd_available() {
        // SAFETY: the CPU supports AVX2 and FMA, checked just above.
        unsafe { exp_in_place_avx2(values) };
        return;
    }
    exp_in_place_portable(values)
}

/// Replaces every value by its natural logarithm.
pub(crate) fn ln_in_place(values: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if wide_simd_available() {
        // SAFETY: the CPU supports AVX-512F, AVX2 and FMA, checked just above.
        unsafe { ln_in_place_avx512(values) };
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if simd_available() {
        // SAFETY: the CPU supports AVX2 and FMA, checked just above.
        unsafe { ln_in_place_avx2(values) };
        return;
    }
    ln_in_place_portable(values)
}

#[inline(always)]
fn exp_in_place_portable(values: &mut [f64]) {
    for v in values.iter_mut() {
        *v = exp(*v);
    }
}

#[inline(always)]
fn ln_in_place_portable(values: &mut [f64]) {
    for v in values.iter_mut() {
        *v = ln(*v);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn exp_in_place_avx2(values: &mut [f64]) {
    exp_in_place_portable(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn ln_in_place_avx2(values: &mut [f64]) {
    ln_in_place_portable(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn exp_in_place_avx512(values: &mut [f64]) {
    exp_in_place_portable(values)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn ln_in_place_avx512(values: &mut [f64]) {
    ln_in_place_portable(values)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Distance in units in the last place (same sign, finite).
    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    /// A reproducible stream of floats in [0, 1) (splitmix64); the crate's unit tests share it.
    pub(crate) fn uniform(seed: u64) -> impl FnMut() -> f64 {
        let mut state = seed;
        move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    #[test]
    fn exp_is_within_one_ulp_of_libm() {
        let mut next = uniform(1);
        let mut worst = 0;
        for i in 0..200_000 {
            // The model's range (r · ln of a number in (0, 1]) and the whole finite range.
            let x = if i % 2 == 0 {
                -40.0 * next()
            } else {
                -708.0 + 1417.7 * next()
            };
            let (ours, libm) = (exp(x), x.exp());
            worst = worst.max(ulps(ours, libm));
        }
        assert!(worst <= 1, "worst {worst} ulp");
    }

    #[test]
    fn exp_special_values() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(-708.5), 0.0);
        assert!(exp(f64::NAN).is_nan());
        assert!(ulps(exp(-707.9), (-707.9f64).exp()) <= 1);
        assert!(ulps(exp(709.78), 709.78f64.exp()) <= 1);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert!(ulps(exp(1.0), std::f64::consts::E) <= 1);
    }

    #[test]
    fn ln_is_within_one_ulp_of_libm() {
        let mut next = uniform(2);
        let mut worst = 0;
        for i in 0..200_000 {
            let x = match i % 3 {
                0 => next(),
                1 => 0.5 + next(),
                _ => f64::from_bits((next() * f64::MAX.to_bits() as f64) as u64),
            };
            if x <= 0.0 {
                continue;
            }
            worst = worst.max(ulps(ln(x), x.ln()));
        }
        assert!(worst <= 1, "worst {worst} ulp");
    }

    #[test]
    fn ln_special_values() {
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!(ln(-1.0).is_nan());
        assert!(ln(f64::NAN).is_nan());
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
        for x in [f64::MIN_POSITIVE / 3.0, 5e-324, 1e-310] {
            assert!(ulps(ln(x), x.ln()) <= 1, "{x}: {} vs {}", ln(x), x.ln());
        }
    }

    #[test]
    fn slices_equal_one_at_a_time() {
        let mut next = uniform(3);
        let xs: Vec<f64> = (0..1003).map(|_| -30.0 * next()).collect();
        let mut e = xs.clone();
        exp_in_place(&mut e);
        let ys: Vec<f64> = xs.iter().map(|x| -x).collect();
        let mut l = ys.clone();
        ln_in_place(&mut l);
        for i in 0..xs.len() {
            assert_eq!(e[i].to_bits(), exp(xs[i]).to_bits());
            assert_eq!(l[i].to_bits(), ln(ys[i]).to_bits());
        }
    }
}
