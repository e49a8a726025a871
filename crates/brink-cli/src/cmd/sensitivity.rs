//! `brink sensitivity FILE`: which inputs move each issue's forecast most — a tornado table of
//! one-at-a-time swings with each input's share of the Monte Carlo variance, and with `--plot`
//! the tornado chart as SVG.

use super::common::limits;
use super::common::{
    affordable, check_model_options, json_text, load_for_models, progress_bar, Format, ModelOpts,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num, issue_heading, Align, Table};
use brink_analysis::{McOptions, SensitivityOptions, SensitivityReport};
use std::fmt::Write;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// A scenario input of any kind (`-` reads stdin).
    pub file: String,
    /// The model to analyse (default: bdm when available, else compromise).
    #[arg(long, short)]
    pub model: Option<String>,
    /// Write the tornado chart to this SVG file.
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<String>,
    /// Monte Carlo runs behind the variance shares (at most 1,000,000).
    #[arg(long, default_value_t = 4000, value_parser = limits::runs)]
    pub runs: usize,
    /// Points of each input's one-at-a-time sweep, from the low to the high end of its range
    /// (2 to 101; 2 is the two ends only).
    #[arg(long, default_value_t = brink_analysis::sensitivity::DEFAULT_GRID, value_parser = limits::grid)]
    pub grid: usize,
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores; at most 256).
    #[arg(long, value_parser = limits::threads)]
    pub threads: Option<usize>,
    /// Relative noise for a scenario without uncertainty (as in `brink simulate`).
    #[arg(long, value_name = "SD", value_parser = limits::jitter)]
    pub jitter: Option<f64>,
    /// Inputs listed per issue in the table (the widest swings).
    #[arg(long, default_value_t = 10, value_parser = limits::count)]
    pub top: usize,
    /// Run the model even when its estimated time exceeds a minute.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub model_opts: ModelOpts,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let params = args.model_opts.params()?;
    let name = args.model.clone().unwrap_or_else(|| {
        if brink_models::by_name("bdm").is_some() {
            "bdm".into()
        } else {
            "compromise".into()
        }
    });
    let model = brink_models::by_name(&name).ok_or_else(|| {
        CliError::Usage(format!(
            "unknown model `{name}`: expected one of {}",
            brink_models::names().join(", ")
        ))
    })?;
    let scenario = load_for_models(&args.file)?;
    check_model_options(&[model], &scenario, &params)?;
    // The Monte Carlo's runs and one run per grid point of each uncertain input.
    let sweeps = args.grid * brink_analysis::sample::inputs(&scenario).len().max(1);
    affordable(
        vec![model],
        false,
        &scenario,
        &params,
        args.runs + sweeps,
        args.force,
    )?;
    let bar = progress_bar(args.runs, "sampling");
    let tick = |n: u64| bar.inc(n);
    let mut mc = McOptions::new(args.runs, args.seed);
    mc.threads = args.threads;
    mc.progress = Some(&tick);
    let report = brink_analysis::sensitivity(
        &scenario,
        model,
        &params,
        SensitivityOptions {
            mc,
            jitter: args.jitter,
            grid: args.grid,
        },
    )?;
    bar.finish_and_clear();
    if let Some(s) = report.skipped.first() {
        return Err(CliError::InputMessage(s.reason.clone()));
    }
    crate::record::result(
        "sensitivity",
        Some(&args.file),
        Some(&scenario.name),
        Some(args.seed),
        &report,
    )?;
    if let Some(path) = &args.plot {
        let svg = brink_present::tornado_svg(&report)
            .map_err(|e| CliError::InputMessage(format!("cannot draw the tornado chart: {e}")))?;
        emit(Some(Path::new(path)), &svg)?;
    }
    let text = match args.format {
        Format::Json => json_text(&report),
        Format::Csv => brink_present::csv::sensitivity(&report),
        Format::Table => crate::output::fit_prose(&table(&report, args.top)),
    };
    emit(None, &text)
}

fn table(r: &SensitivityReport, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — sensitivity of {} ({} runs, seed {}, {}-point sweeps{})",
        r.scenario,
        r.model,
        r.runs,
        r.seed,
        r.grid,
        r.jitter
            .map(|j| format!(", jitter {j}"))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "sweep: the forecast with one input at {} evenly spaced values from the low to the high end \
         of its range (a normal's 5th–95th percentile), all else at its point estimate; range: the \
         lowest and highest forecast along the sweep (the point forecast included), swing its width; \
         ~ marks an input the forecast does not follow monotonically; share: the part of the \
         forecast's Monte Carlo variance the input explains alone",
        r.grid
    );
    for issue in &r.issues {
        let dec = decimals_for(issue.scale);
        let detail = format!(
            "forecast {} at the point estimates, Monte Carlo sd {}, first-order shares sum to {:.0}%",
            fmt_num(issue.base, dec),
            fmt_num(issue.variance.sqrt(), dec + 1),
            100.0 * issue.explained
        );
        out.push_str(&issue_heading(&issue.name, &issue.id, &detail));
        let shown: Vec<_> = issue
            .inputs
            .iter()
            .filter(|e| e.swing > 0.0 || e.share >= 0.02)
            .take(top)
            .collect();
        if shown.is_empty() {
            let _ = writeln!(out, "  no uncertain input moves this forecast");
            continue;
        }
        let widest = shown.iter().map(|e| e.swing).fold(0.0, f64::max);
        let headers = [
            ("input", Align::Left),
            ("range", Align::Right),
            ("at low", Align::Right),
            ("at high", Align::Right),
            ("forecast range", Align::Right),
            ("swing", Align::Right),
            ("share", Align::Right),
            ("", Align::Left),
        ];
        let mut rows = Vec::new();
        for e in &shown {
            rows.push(vec![
                if e.monotone {
                    e.label.clone()
                } else {
                    format!("{} ~", e.label)
                },
                {
                    // Positions and status quos on the issue's scale; capability and salience
                    // with three decimals.
                    let d = if e.field.ends_with(".at") || e.field.ends_with("status_quo") {
                        dec
                    } else {
                        3
                    };
                    format!("{} – {}", fmt_num(e.range[0], d), fmt_num(e.range[1], d))
                },
                fmt_num(e.low, dec),
                fmt_num(e.high, dec),
                format!("{} – {}", fmt_num(e.min, dec), fmt_num(e.max, dec)),
                fmt_num(e.swing, dec),
                format!("{:.0}%", 100.0 * e.share),
            ]);
        }
        // The bars take what room the numbers leave, up to 24 cells; with less than 8 (an
        // 80-column terminal) they are left out: the share column says the same in figures.
        let max_width = crate::output::table_width();
        let mut numbers = Table::new(&headers[..7]);
        for row in &rows {
            numbers.row(row.clone());
        }
        let room = max_width.saturating_sub(numbers.natural_width("  ") + 2);
        let t = if room >= 8 {
            let mut t = Table::new(&headers);
            for (mut row, e) in rows.into_iter().zip(&shown) {
                row.push("█".repeat(bar_width(e.swing, widest, room.min(24))));
                t.row(row);
            }
            t
        } else {
            numbers
        };
        out.push_str(&t.render_within("  ", max_width));
        let hidden = issue.inputs.len().saturating_sub(top);
        if hidden > 0 {
            let _ = writeln!(out, "  … and {hidden} more (--top N, or --format json)");
        }
        let bent = issue.inputs.iter().filter(|e| !e.monotone).count();
        if bent > 0 {
            let _ = writeln!(
                out,
                "  ~ {bent} input(s) move this forecast both ways along their sweep: the ends alone \
                 would misstate their effect"
            );
        }
        if issue.explained < 0.8 && issue.variance > 0.0 {
            let _ = writeln!(
                out,
                "  first-order shares sum to {:.0}%: the rest of the variance comes from inputs \
                 acting together (or from jumps a one-input view cannot attribute)",
                100.0 * issue.explained
            );
        }
    }
    out
}

/// Bar cells (of `full`) for a swing relative to the widest: 0 for anything not a finite ratio
/// (swings near f64::MAX, NaN), so that no width can overflow.
fn bar_width(swing: f64, widest: f64, full: usize) -> usize {
    let ratio = swing / widest;
    if ratio.is_finite() && ratio > 0.0 {
        (full as f64 * ratio.min(1.0)).round() as usize
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::bar_width;

    #[test]
    fn bar_widths_stay_within_the_column() {
        assert_eq!(bar_width(1.0, 2.0, 24), 12);
        assert_eq!(bar_width(1e308, 1e308, 24), 24);
        assert_eq!(bar_width(f64::MAX, f64::MAX, 24), 24);
        assert_eq!(bar_width(f64::NAN, 1.0, 24), 0);
        assert_eq!(bar_width(1.0, 0.0, 24), 0);
    }
}
