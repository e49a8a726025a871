//! `brink simulate FILE`: Monte Carlo over the scenario's uncertain numbers — per issue and model
//! the forecast's mean, median, sd, 90% interval and histogram; `--plot` draws the histograms,
//! `--draws` writes every run's draws and forecasts as CSV.

use super::common::limits;
use super::common::{
    affordable, check_model_options, check_option_routing, check_svg_path, json_text,
    load_for_models, progress_bar, select_models, write_chart, Format, ModelOpts,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num, issue_heading, Align, Table};
use brink_analysis::{McOptions, SimulationReport};
use std::fmt::Write;
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
    /// SD × the issue's scale width on positions (e.g. 0.1).
    #[arg(long, value_name = "SD", value_parser = limits::jitter)]
    pub jitter: Option<f64>,
    /// Histogram bins over each issue's scale (at most 1,000).
    #[arg(long, default_value_t = 20, value_parser = limits::bins)]
    pub bins: usize,
    /// Run every model asked for even when its estimated time exceeds a minute.
    #[arg(long)]
    pub force: bool,
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
    let bar = progress_bar(args.runs, "simulating");
    let tick = |n: u64| bar.inc(n);
    let mut mc = McOptions::new(args.runs, args.seed);
    mc.threads = args.threads;
    mc.progress = Some(&tick);
    // Draws are kept only when written out (runs × inputs numbers).
    mc.keep_draws = args.draws.is_some();
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
    let text = match args.format {
        Format::Json => json_text(&report),
        Format::Csv => brink_present::csv::simulation(&report),
        Format::Table => crate::output::fit_prose(&table(&report)),
    };
    emit(None, &text)
}

/// A histogram as a one-line bar chart.
fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&c| {
            if c == 0 || max == 0 {
                ' '
            } else {
                BARS[((c as f64 / max as f64) * 7.0).round() as usize]
            }
        })
        .collect()
}

fn table(r: &SimulationReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} runs, seed {}, {} uncertain input{}{}",
        r.scenario,
        r.runs,
        r.seed,
        r.uncertain_inputs,
        if r.uncertain_inputs == 1 { "" } else { "s" },
        r.jitter
            .map(|j| format!(" (jitter {j} on every number)"))
            .unwrap_or_default()
    );
    for issue in &r.issues {
        let dec = decimals_for(issue.scale);
        let scale = format!(
            "scale {}; distribution drawn over the whole scale",
            crate::output::fmt_scale(issue.scale)
        );
        out.push_str(&issue_heading(&issue.name, &issue.id, &scale));
        let mut t = Table::new(&[
            ("model", Align::Left),
            ("point", Align::Right),
            ("mean", Align::Right),
            ("median", Align::Right),
            ("sd", Align::Right),
            ("90% interval", Align::Right),
            ("distribution", Align::Left),
        ]);
        for m in &issue.models {
            let s = &m.summary;
            t.row(vec![
                if m.failed > 0 {
                    format!("{} ({} failed)", m.model, m.failed)
                } else {
                    m.model.clone()
                },
                fmt_num(m.point, dec),
                fmt_num(s.mean, dec),
                fmt_num(s.median, dec),
                fmt_num(s.sd, dec + 1),
                format!("{} – {}", fmt_num(s.p05, dec), fmt_num(s.p95, dec)),
                format!("|{}|", sparkline(&m.histogram.counts)),
            ]);
        }
        out.push_str(&t.render_within("  ", crate::output::table_width()));
        for m in issue.models.iter().filter(|m| m.first_failure.is_some()) {
            let _ = writeln!(
                out,
                "  note ({}): first failure, {}",
                m.model,
                m.first_failure.as_deref().unwrap_or("")
            );
        }
    }
    if !r.clipped.is_empty() {
        let _ = writeln!(out, "\nDraws clipped into the valid range:");
        for c in &r.clipped {
            let _ = writeln!(
                out,
                "  {} ({}): {:.1}% of draws ({} raised to the minimum, {} lowered to the maximum)",
                c.label,
                c.field,
                100.0 * c.share,
                c.below,
                c.above
            );
        }
    }
    out
}
