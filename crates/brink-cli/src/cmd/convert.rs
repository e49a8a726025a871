//! `brink convert FILE --to toml|json [-o OUT]`: any scenario input → brink's own format.

use super::common::print_warnings;
use crate::error::CliError;
use crate::output::emit;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum To {
    Toml,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// A scenario input of any kind (`-` reads stdin).
    pub file: String,
    /// The output format.
    #[arg(long, value_enum)]
    pub to: To,
    /// Write here instead of stdout (written only when the whole conversion succeeds).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (scenario, warnings) = brink_formats::load_scenario(&args.file)?;
    print_warnings(&warnings);
    let text = match args.to {
        To::Toml => brink_formats::toml_scenario::to_toml(&scenario),
        To::Json => brink_formats::toml_scenario::to_json(&scenario),
    };
    emit(args.output.as_deref(), &text)
}
