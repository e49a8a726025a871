//! The caps on numeric flags, and the value parsers that enforce them: a value beyond its cap is
//! a usage error (exit 2) before any work, so that no flag can ask for unbounded memory or time.
//! Each cap is documented in the flag's help and in README ("Limits").

/// `--runs` of `simulate`, `sensitivity` and `crisis` (a million bdm runs take ~10 s here).
pub const MAX_RUNS: usize = 1_000_000;
/// `forecast --interval-runs` (0 turns the intervals off).
pub const MAX_INTERVAL_RUNS: usize = 100_000;
/// `simulate --bins`.
pub const MAX_BINS: usize = 1_000;
/// `--rounds` of the iterating models (every round is recorded).
pub const MAX_ROUNDS: usize = 10_000;
/// `--threads`.
pub const MAX_THREADS: usize = 256;
/// `game solve --decimals` (f64 carries 17 significant digits).
pub const MAX_DECIMALS: usize = 40;
/// `sensitivity --grid`.
pub const MAX_GRID: usize = brink_analysis::sensitivity::MAX_GRID;
/// `sensitivity --top`, `game solve --stop-after`: counts that only bound output.
pub const MAX_COUNT: usize = 1_000_000;

/// A whole number in `lo..=hi`.
fn whole(text: &str, lo: usize, hi: usize) -> Result<usize, String> {
    match text.trim().parse::<u128>() {
        Ok(n) if (lo as u128..=hi as u128).contains(&n) => Ok(n as usize),
        Ok(n) => Err(format!("{n} is outside the allowed range {lo} to {hi}")),
        Err(_) => Err(format!(
            "expected a whole number from {lo} to {hi}, found `{text}`"
        )),
    }
}

pub fn runs(text: &str) -> Result<usize, String> {
    whole(text, 1, MAX_RUNS)
}
pub fn interval_runs(text: &str) -> Result<usize, String> {
    whole(text, 0, MAX_INTERVAL_RUNS)
}
pub fn bins(text: &str) -> Result<usize, String> {
    whole(text, 1, MAX_BINS)
}
pub fn rounds(text: &str) -> Result<usize, String> {
    whole(text, 1, MAX_ROUNDS)
}
pub fn threads(text: &str) -> Result<usize, String> {
    whole(text, 1, MAX_THREADS)
}
pub fn decimals(text: &str) -> Result<usize, String> {
    whole(text, 0, MAX_DECIMALS)
}
pub fn grid(text: &str) -> Result<usize, String> {
    whole(text, 2, MAX_GRID)
}
pub fn count(text: &str) -> Result<usize, String> {
    whole(text, 0, MAX_COUNT)
}

/// The logit rationality λ, for `game solve` and `crisis` alike: a finite number ≥ 0.
pub fn lambda(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(l) if l.is_finite() && l >= 0.0 => Ok(l),
        _ => Err(format!("expected a finite number ≥ 0, found `{text}`")),
    }
}

/// `--timeout` (a week: longer is no timeout worth the name).
pub const MAX_TIMEOUT_SECONDS: f64 = 604_800.0;

/// `--timeout SECS`: a number of seconds above 0, at most a week.
pub fn timeout(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(t) if t > 0.0 && t <= MAX_TIMEOUT_SECONDS => Ok(t),
        _ => Err(format!(
            "expected a number of seconds above 0 and at most {MAX_TIMEOUT_SECONDS} (a week), found `{text}`"
        )),
    }
}

/// Relative noise (`--jitter`): a finite number ≥ 0.
pub fn jitter(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(j) if j.is_finite() && j >= 0.0 => Ok(j),
        _ => Err(format!("expected a finite number ≥ 0, found `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_beyond_the_caps_are_refused() {
        assert_eq!(runs("1000"), Ok(1000));
        assert!(runs("0").is_err());
        assert!(runs("100000000000").is_err());
        assert!(runs(&u64::MAX.to_string()).is_err());
        assert!(runs("340282366920938463463374607431768211456").is_err());
        assert!(bins("1000000000").is_err());
        assert!(rounds("10000000").is_err());
        assert!(threads("10000").is_err());
        assert!(decimals("65536").is_err());
        assert_eq!(interval_runs("0"), Ok(0));
        assert!(lambda("NaN").is_err());
        assert!(lambda("inf").is_err());
        assert!(lambda("-1").is_err());
        assert_eq!(lambda("2.5"), Ok(2.5));
        assert_eq!(timeout("0.5"), Ok(0.5));
        assert!(timeout("0").is_err());
        assert!(timeout("-3").is_err());
        assert!(timeout("NaN").is_err());
        assert!(timeout("1e9").is_err());
    }
}
