//! One module per command; each has `Args` (clap) and `run(args) -> Result<(), CliError>`.

pub mod check;
pub mod compare;
pub mod convert;
pub mod crisis;
pub mod events;
pub mod forecast;
pub mod game;
pub mod sensitivity;
pub mod simulate;
pub mod validate;

use brink_core::Diagnostic;

/// Prints warnings (validation passed, but something deserves a look) to stderr.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}
