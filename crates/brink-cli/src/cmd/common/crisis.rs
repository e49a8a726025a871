//! How a crisis is solved and its report written: the flags `brink crisis` and `brink compare`
//! share.

use super::{limits, Format, UtilityArg};
use crate::error::CliError;
use brink_crisis::AnalysisOptions;

#[derive(clap::Args)]
pub struct CrisisArgs {
    /// The logit QRE's rationality λ per unit of payoff (default: the section's `lambda`, else
    /// 10 — an action worth 0.1 more is chosen e ≈ 2.7 times as often; λ → ∞ is the SPE).
    #[arg(long, value_parser = limits::lambda)]
    pub lambda: Option<f64>,
    /// Monte Carlo runs over the uncertain parameters (default: 1000 when some parameter is
    /// uncertain; one exact solve otherwise; at most 1,000,000).
    #[arg(long, value_parser = limits::runs)]
    pub runs: Option<usize>,
    /// Seed: the same seed gives the same output at any thread count.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores; at most 256).
    #[arg(long, value_parser = limits::threads)]
    pub threads: Option<usize>,
    /// The NBS utility shape.
    #[arg(long, value_enum, default_value = "quadratic")]
    pub utility: UtilityArg,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl CrisisArgs {
    /// The crisis analysis options these flags ask for (a λ < 0 or `--runs 0` is a usage error).
    pub fn options(&self) -> Result<AnalysisOptions, CliError> {
        if let Some(l) = self.lambda {
            if !(l.is_finite() && l >= 0.0) {
                return Err(CliError::Usage(format!(
                    "--lambda must be a finite number ≥ 0, found {l}"
                )));
            }
        }
        if self.runs == Some(0) {
            return Err(CliError::Usage("--runs must be at least 1".into()));
        }
        Ok(AnalysisOptions {
            lambda: self.lambda,
            runs: self.runs,
            seed: self.seed,
            utility: self.utility.into(),
            control: None,
        })
    }
}
