//! One module per command; each has `Args` (clap) and `run(args) -> Result<(), CliError>`.

pub mod actors;
pub mod check;
pub mod compare;
pub mod convert;
pub mod crisis;
pub mod events;
pub mod forecast;
pub mod game;
pub mod init;
pub mod limits;
pub mod runs;
pub mod sensitivity;
pub mod simulate;
pub mod validate;

use crate::error::CliError;
use brink_core::{Diagnostic, Diagnostics, Scenario};

/// Prints warnings (validation passed, but something deserves a look) to stderr.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

/// Loads a scenario for a command that runs models: warnings printed, the `[models.*]` sections
/// checked (located errors, exit 1), and capabilities so large or small that the models' sums
/// would overflow divided by the largest (only their ratios matter), with a note.
pub fn load_for_models(file: &str) -> Result<Scenario, CliError> {
    let (mut scenario, warnings) = brink_formats::load_scenario(file)?;
    print_warnings(&warnings);
    let problems = brink_models::scenario_settings_diagnostics(&scenario);
    if !problems.is_empty() {
        return Err(CliError::Input(Diagnostics(problems)));
    }
    if let Some(d) = scenario.normalise_capabilities() {
        eprintln!(
            "note: capabilities divided by the largest ({d:e}) so that the models' sums stay \
             within f64's range; only their ratios matter"
        );
    }
    Ok(scenario)
}
