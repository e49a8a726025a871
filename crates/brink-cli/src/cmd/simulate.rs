//! `brink simulate FILE`: Monte Carlo over the scenario's uncertain numbers — per issue and model
//! the forecast's mean, median, sd, 90% interval and histogram; `--plot` draws the histograms,
//! `--draws` writes every run's draws and forecasts as CSV. With `--shard K/N`, only the runs of
//! shard K and a part for `brink merge` (brink-analysis `shard.rs`).

use super::common::limits;
use super::common::{
    affordable, check_model_options, check_option_routing, check_svg_path, load_for_models,
    progress_bar, render_simulation as render, select_models, write_chart, Format, ModelOpts,
};
use crate::error::CliError;
use crate::output::emit;
use brink_analysis::{McOptions, Shard, SimulateOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A scenario input of any kind (`-` reads stdin).
    pub file: String,
    /// Monte Carlo runs (at most 1,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = limits::runs)]
    pub runs: usize,
    /// Seed: the same seed gives the same output at any thread count.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Models to run: a comma-separated list, or `all` (every model that applies).
    #[arg(long, short, default_value = "all")]
    pub model: String,
    /// Worker threads (default: all cores; at most 256).
    #[arg(long, value_parser = limits::threads)]
    pub threads: Option<usize>,
    /// Relative noise for a scenario without uncertainty: sd = SD × each capability and salience,
    /// SD × the scale width on positions (e.g. 0.1).
    #[arg(long, value_name = "SD", value_parser = limits::jitter)]
    pub jitter: Option<f64>,
    /// Histogram bins over each issue's scale (at most 1,000).
    #[arg(long, default_value_t = 20, value_parser = limits::bins)]
    pub bins: usize,
    /// Run every model asked for even when its estimated time exceeds a minute.
    #[arg(long)]
    pub force: bool,
    /// Compute only shard K of N (0 ≤ K < N: runs ⌊K·RUNS/N⌋ up to ⌊(K+1)·RUNS/N⌋, each from its
    /// own random stream) and write a part (JSON) for `brink merge`, which gives the whole run's
    /// result byte for byte.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// With --shard: keep each run's drawn inputs in the part.
    #[arg(long, requires = "shard")]
    pub keep_draws: bool,
    /// Write the output (or the part) to this file instead of stdout (whole or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub model_opts: ModelOpts,
    /// Write a chart of each issue's histograms, one outline per model (SVG).
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<PathBuf>,
    /// Write every run's draws of the uncertain inputs and the models' forecasts (CSV: a row per
    /// run).
    #[arg(long, value_name = "FILE")]
    pub draws: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: Args) -> Result<(), CliError> {
    check_svg_path("--plot", args.plot.as_deref())?;
    let params = args.model_opts.params()?;
    let (models, all) = select_models(&args.model)?;
    check_option_routing(&models, &params)?;
    let scenario = load_for_models(&args.file)?;
    check_model_options(&models, &scenario, &params)?;
    let models = affordable(models, all, &scenario, &params, args.runs, args.force)?;
    let bar = progress_bar(
        args.shard.map_or(args.runs, |s| s.range(args.runs).len()),
        "simulating",
    );
    let tick = |n: u64| bar.inc(n);
    let mut mc = McOptions::new(args.runs, args.seed);
    mc.threads = args.threads;
    mc.progress = Some(&tick);
    // Draws are kept only when written out (runs × inputs numbers).
    mc.keep_draws = args.draws.is_some() || args.keep_draws;
    if let Some(shard) = args.shard {
        let opts = SimulateOptions {
            mc,
            jitter: args.jitter,
            bins: args.bins,
        };
        let part = brink_analysis::simulate_shard(&scenario, &models, &params, opts, shard)?;
        bar.finish_and_clear();
        for s in &part.skipped {
            if all {
                eprintln!("note: skipped {}", s.reason);
            } else {
                return Err(CliError::InputMessage(s.reason.clone()));
            }
        }
        return emit(args.output.as_deref(), &part.to_json());
    }
    // brink_analysis::simulate, in its steps, so that the sample's draws can be written.
    let sampled = brink_analysis::montecarlo::sampled_scenario(&scenario, args.jitter)?;
    let sample = brink_analysis::montecarlo::run(&sampled, &models, &params, mc)?;
    let report =
        brink_analysis::montecarlo::report(&sampled, &sample, args.jitter, args.seed, args.bins);
    bar.finish_and_clear();
    for s in &report.skipped {
        if all {
            eprintln!("note: skipped {}", s.reason);
        } else {
            return Err(CliError::InputMessage(s.reason.clone()));
        }
    }
    crate::record::result(
        "simulate",
        Some(&args.file),
        Some(&scenario.name),
        Some(args.seed),
        &report,
    )?;
    if let Some(path) = &args.draws {
        emit(Some(path), &brink_present::csv::draws(&sample, &sampled))?;
    }
    if let Some(path) = &args.plot {
        write_chart(
            path,
            "simulation chart",
            brink_present::simulation_svg(&report),
        )?;
    }
    emit(args.output.as_deref(), &render(&report, args.format))
}
