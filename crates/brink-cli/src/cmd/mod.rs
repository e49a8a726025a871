//! One module per command; each has `Args` (clap) and `run(args) -> Result<(), CliError>`.
//! What several commands share lives in [`common`]; commands never import each other.

pub mod actors;
pub mod check;
pub mod common;
pub mod compare;
pub mod convert;
pub mod crisis;
pub mod events;
pub mod forecast;
pub mod game;
pub mod init;
pub mod merge;
pub mod runs;
pub mod sensitivity;
pub mod serve;
pub mod simulate;
pub mod validate;
