//! KTAB's Spatial Model of Politics (SMP) for brink: `--model smp`.
//!
//! - [`params`]: KTAB's model parameters, typed, with KTAB's defaults;
//! - [`engine`]: the algorithm on [0,1] (risk attitudes, challenges, bargains, stopping rule);
//! - [`model`]: the [`brink_core::BargainingModel`] adapter (scenario ↔ dimensions, output);
//! - `kernel`: the Monte Carlo kernel ([`SmpKernel`]), the model's forecasts without its records;
//!
//! KTAB's CSV and XML inputs are read by `brink_formats::{ktab_csv, ktab_xml}`.
//!
//! The algorithm follows ../shared/design/ktab-smp.md. With the default (deterministic)
//! transitions it reproduces KTAB's `smpc` histories; stochastic transitions draw from ChaCha20
//! streams per turn and actor, so a seed gives the same run at any thread count (KTAB draws
//! inside its threads, so its stochastic runs are not reproducible even with a fixed seed).

pub mod engine;
mod kernel;
pub mod model;
pub mod params;

pub use kernel::SmpKernel;
pub use model::Smp;
pub use params::SmpParams;
