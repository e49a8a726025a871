//! Summary statistics of a sample of forecasts: mean, sd, quantiles, a histogram over the issue's
//! scale, and a variance-based first-order sensitivity index. All deterministic: sums run in the
//! sample's order, which is the run order.

use serde::Serialize;

/// The summary of one (issue, model) sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    pub median: f64,
    /// Sample standard deviation (n − 1 in the denominator; 0 for one value).
    pub sd: f64,
    pub p05: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// Values summarised (runs where the model failed are left out).
    pub n: usize,
}

/// The quantile every analysis reads (brink-core's, shared with the crisis Monte Carlo).
pub use brink_core::montecarlo::quantile_sorted;

/// Mean and sample sd, summed in the given order.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mut mean = values.iter().sum::<f64>() / n as f64;
    if !mean.is_finite() && values.iter().all(|v| v.is_finite()) {
        // Values near f64's limits overflow the sum: average them in units of the largest.
        let m = values.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
        mean = m * (values.iter().map(|v| v / m).sum::<f64>() / n as f64);
    }
    if n == 1 {
        return (mean, 0.0);
    }
    let ss: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = (ss / (n - 1) as f64).sqrt();
    if sd.is_finite() || !mean.is_finite() {
        return (mean, sd);
    }
    // The same in units of the largest deviation (which itself may only be f64::MAX).
    let m = values
        .iter()
        .fold(0.0_f64, |a, v| a.max((v - mean).abs().min(f64::MAX)));
    let ss: f64 = values
        .iter()
        .map(|v| ((v - mean).clamp(f64::MIN, f64::MAX) / m).powi(2))
        .sum();
    (mean, (m * (ss / (n - 1) as f64).sqrt()).min(f64::MAX))
}

/// Summarises `values` (NaN = a failed run, left out). `scratch` is reused for sorting.
pub fn summarise(values: &[f64], scratch: &mut Vec<f64>) -> Summary {
    scratch.clear();
    scratch.extend(values.iter().copied().filter(|v| !v.is_nan()));
    let (mean, sd) = mean_sd(scratch);
    scratch.sort_by(f64::total_cmp);
    Summary {
        mean,
        median: quantile_sorted(scratch, 0.5),
        sd,
        p05: quantile_sorted(scratch, 0.05),
        p95: quantile_sorted(scratch, 0.95),
        min: scratch.first().copied().unwrap_or(f64::NAN),
        max: scratch.last().copied().unwrap_or(f64::NAN),
        n: scratch.len(),
    }
}

/// Counts of values in equal-width bins over `[lo, hi]` (values outside go to the end bins; the
/// last bin includes `hi`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u64>,
}

impl Histogram {
    pub fn of(values: &[f64], lo: f64, hi: f64, bins: usize) -> Histogram {
        let bins = bins.max(1);
        let mut counts = vec![0u64; bins];
        let width = (hi - lo) / bins as f64;
        for v in values.iter().filter(|v| !v.is_nan()) {
            let b = if width > 0.0 {
                (((v - lo) / width).floor().max(0.0) as usize).min(bins - 1)
            } else {
                0
            };
            counts[b] += 1;
        }
        Histogram { lo, hi, counts }
    }

    /// The bins' edges (`counts.len() + 1` of them).
    pub fn edges(&self) -> Vec<f64> {
        let n = self.counts.len();
        (0..=n)
            .map(|k| self.lo + (self.hi - self.lo) * k as f64 / n as f64)
            .collect()
    }
}

/// A first-order (main-effect) sensitivity index Var(E[Y | X]) / Var(Y), estimated from a Monte
/// Carlo sample of pairs (x, y) by grouping runs on x: by distinct value when x takes few values
/// (a discrete input), otherwise into ⌈√n⌉ equal-count bins of the sorted x. This is the
/// given-data estimator of Plischke, Borgonovo & Smith (2013, *European Journal of Operational
/// Research* 226(3), 536–550); it needs no extra model runs. Under no effect it is biased upwards
/// by about (bins − 1)/n × Var(Y), which is subtracted; the result is clamped to [0, 1].
pub fn first_order_index(x: &[f64], y: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(_, y)| !y.is_nan())
        .map(|(x, y)| (*x, *y))
        .collect();
    let n = pairs.len();
    if n < 4 {
        return 0.0;
    }
    let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let (mean, sd) = mean_sd(&ys);
    let var = sd * sd * (n - 1) as f64 / n as f64;
    if var <= 0.0 || !var.is_finite() {
        return 0.0;
    }
    let mut sorted = pairs;
    // Stable sort on x: ties keep run order, so the grouping is deterministic.
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let target_bins = ((n as f64).sqrt().ceil() as usize).max(2);
    let mut groups: Vec<(usize, usize)> = Vec::new(); // [start, end)
    let distinct = {
        let mut d = 1;
        for w in sorted.windows(2) {
            if w[0].0 != w[1].0 {
                d += 1;
            }
        }
        d
    };
    if distinct <= target_bins {
        let mut start = 0;
        for k in 1..=n {
            if k == n || sorted[k].0 != sorted[start].0 {
                groups.push((start, k));
                start = k;
            }
        }
    } else {
        for b in 0..target_bins {
            let (s, e) = (b * n / target_bins, (b + 1) * n / target_bins);
            if e > s {
                groups.push((s, e));
            }
        }
    }
    let between: f64 = groups
        .iter()
        .map(|&(s, e)| {
            let m = sorted[s..e].iter().map(|p| p.1).sum::<f64>() / (e - s) as f64;
            (e - s) as f64 * (m - mean) * (m - mean)
        })
        .sum::<f64>()
        / n as f64;
    let bias = (groups.len() as f64 - 1.0) / n as f64 * var;
    ((between - bias) / var).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sd_of_numbers_near_f64s_limits_are_finite() {
        let (mean, sd) = mean_sd(&[-1e308, 1.5e308, 1.6e308]);
        assert!((mean - 0.7e308).abs() < 1e294, "{mean}");
        assert!(sd.is_finite() && sd > 1e308, "{sd}");
        assert_eq!(mean_sd(&[1.0, 3.0]), (2.0, 2f64.sqrt()));
    }
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn quantiles_interpolate_like_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert!((quantile_sorted(&v, 0.05) - 1.2).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.95) - 4.8).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.3), 7.0);
        assert!(quantile_sorted(&[], 0.3).is_nan());
    }

    #[test]
    fn summary_leaves_failed_runs_out() {
        let s = summarise(&[1.0, f64::NAN, 3.0], &mut Vec::new());
        assert_eq!(s.n, 2);
        assert_eq!(s.mean, 2.0);
        assert!((s.sd - 2f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn histogram_bins_every_value() {
        let h = Histogram::of(&[0.0, 0.5, 9.99, 10.0, 12.0, -1.0], 0.0, 10.0, 10);
        assert_eq!(h.counts.iter().sum::<u64>(), 6);
        assert_eq!(h.counts[0], 3);
        assert_eq!(h.counts[9], 3);
        assert_eq!(h.edges().len(), 11);
    }

    #[test]
    fn first_order_index_matches_a_linear_model() {
        // y = x1 + 2 x2 with x1, x2 ~ U(0,1): S1 = 1/5, S2 = 4/5.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let n = 20_000;
        let x1: Vec<f64> = (0..n).map(|_| rng.gen()).collect();
        let x2: Vec<f64> = (0..n).map(|_| rng.gen()).collect();
        let y: Vec<f64> = x1.iter().zip(&x2).map(|(a, b)| a + 2.0 * b).collect();
        let s1 = first_order_index(&x1, &y);
        let s2 = first_order_index(&x2, &y);
        assert!((s1 - 0.2).abs() < 0.03, "{s1}");
        assert!((s2 - 0.8).abs() < 0.03, "{s2}");
        // A discrete input: y depends only on it.
        let d: Vec<f64> = (0..n).map(|k| (k % 3) as f64).collect();
        assert!((first_order_index(&d, &d) - 1.0).abs() < 1e-3);
        // An input y does not depend on.
        let noise: Vec<f64> = (0..n).map(|_| rng.gen()).collect();
        assert!(first_order_index(&noise, &y) < 0.02);
    }

    proptest! {
        #[test]
        fn quantiles_are_ordered_and_inside_the_range(mut v in proptest::collection::vec(-1e6f64..1e6, 1..200)) {
            let s = summarise(&v, &mut Vec::new());
            v.sort_by(f64::total_cmp);
            prop_assert!(s.min <= s.p05 && s.p05 <= s.median && s.median <= s.p95 && s.p95 <= s.max);
            prop_assert!(s.min <= s.mean + 1e-6 && s.mean <= s.max + 1e-6);
            prop_assert!(s.sd >= 0.0);
        }
    }
}
