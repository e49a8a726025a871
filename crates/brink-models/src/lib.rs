//! The registry of bargaining models, and the baselines every forecast is compared with.
//!
//! [`registry`] lists every model brink has, in the order `brink forecast` reports them; model
//! crates (bdm, smp, exchange) implement [`BargainingModel`] and are listed here.

pub mod baselines;
pub mod cost;
pub mod settings;

pub use settings::{check_options, scenario_settings_diagnostics};

use brink_core::BargainingModel;

/// Every model, in report order.
pub fn registry() -> Vec<&'static dyn BargainingModel> {
    vec![
        &baselines::COMPROMISE,
        &baselines::WEIGHTED_MEDIAN,
        &baselines::MEAN,
        &baselines::MIDPOINT,
        &baselines::NBS,
        &brink_bdm::Bdm,
        &brink_smp::Smp,
        &brink_exchange::ExchangeModel,
    ]
}

/// The model called `name` (case-insensitive).
pub fn by_name(name: &str) -> Option<&'static dyn BargainingModel> {
    registry()
        .into_iter()
        .find(|m| m.name().eq_ignore_ascii_case(name))
}

/// The names of every model, for messages.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|m| m.name()).collect()
}
