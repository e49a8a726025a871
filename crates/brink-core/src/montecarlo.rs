//! What every Monte Carlo in brink shares (brink-analysis's over a scenario's uncertain numbers,
//! brink-crisis's over a crisis's uncertain parameters): each run's own random stream, derived
//! from the seed and the run's index alone — so a run's draws, and the results stored by run
//! index, are the same whatever the thread count or the order runs are scheduled in — and the
//! percentile every interval is read with.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Run `run`'s random stream: ChaCha8 seeded with `seed`, on stream `run`.
pub fn run_stream(seed: u64, run: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run);
    rng
}

/// The `q`-quantile of sorted values, linearly interpolated between order statistics (the usual
/// "type 7" definition: position q·(n − 1)); NaN for no values.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let i = h.floor() as usize;
            let frac = h - i as f64;
            if i + 1 >= n {
                sorted[n - 1]
            } else {
                sorted[i] + frac * (sorted[i + 1] - sorted[i])
            }
        }
    }
}

/// The 5th and 95th percentiles of the finite values (a 90% interval; NaN for none).
pub fn interval90(values: &[f64]) -> [f64; 2] {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    [quantile_sorted(&v, 0.05), quantile_sorted(&v, 0.95)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn a_runs_stream_depends_on_the_seed_and_its_index_only() {
        let mut a = run_stream(7, 3);
        let mut b = ChaCha8Rng::seed_from_u64(7);
        b.set_stream(3);
        let (x, y): (u64, u64) = (a.gen(), b.gen());
        assert_eq!(x, y);
        let z: u64 = run_stream(7, 4).gen();
        assert_ne!(x, z);
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.5), 3.0);
        assert_eq!(quantile_sorted(&v, 0.25), 2.0);
        assert!((quantile_sorted(&v, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(quantile_sorted(&v, 1.0), 5.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
        assert_eq!(interval90(&[f64::NAN, 2.0, 1.0]), [1.05, 1.95]);
    }
}
