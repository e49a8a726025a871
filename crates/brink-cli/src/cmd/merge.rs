//! `brink merge PART...`: the parts written by `brink simulate --shard K/N` (every shard once, in
//! any order) merged into the report `brink simulate` gives when run whole, byte for byte.

use super::common::{render_simulation as render, Format};
use crate::error::CliError;
use crate::output::emit;
use brink_analysis::SimulationPart;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The parts (files written by `brink simulate --shard K/N`).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Write the output to this file instead of stdout (whole or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut parts = Vec::with_capacity(args.parts.len());
    let mut names = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::InputMessage(format!("cannot read {name}: {e}")))?;
        parts.push(SimulationPart::from_json(&text, &name).map_err(input)?);
        names.push(name);
    }
    let report = brink_analysis::merge_simulation(parts, &names).map_err(input)?;
    crate::record::result(
        "merge",
        None,
        Some(&report.scenario),
        Some(report.seed),
        &report,
    )?;
    emit(args.output.as_deref(), &render(&report, args.format))
}

/// A part that does not belong or is damaged is bad input (exit 1), not a usage error.
fn input(e: brink_analysis::AnalysisError) -> CliError {
    CliError::InputMessage(e.to_string())
}
