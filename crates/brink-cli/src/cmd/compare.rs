//! `brink compare A B`: two scenarios side by side — crisis odds, SPE outcome and every
//! bargaining forecast, with B − A — and with `--plot OUT.svg` a chart of the odds and of the
//! forecasts' differences.

use super::common::{
    check_svg_path, json_text, load_for_models, select_models, with_threads, write_chart,
    CrisisArgs, Format,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num, Align, Table};
use brink_crisis::Comparison;
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The first scenario (A).
    pub a: String,
    /// The second scenario (B): differences are B − A.
    pub b: String,
    /// Bargaining models to compare: a comma-separated list, or `all` (every model that applies).
    #[arg(long, short, default_value = "all")]
    pub model: String,
    /// Write a chart (SVG): the crisis odds of A and B side by side with their 90% intervals,
    /// and the forecasts' differences B − A per issue and model.
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<PathBuf>,
    /// How both crises are solved (the same λ, runs and seed for A and B) and the report written.
    #[command(flatten)]
    pub crisis: CrisisArgs,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let opts = args.crisis.options()?;
    check_svg_path("--plot", args.plot.as_deref())?;
    let (models, _) = select_models(&args.model)?;
    let a = load_for_models(&args.a)?;
    let b = load_for_models(&args.b)?;
    let bar = super::common::progress_bar(0, "crisis A and B");
    let opts = brink_crisis::AnalysisOptions {
        control: Some(super::common::control(&bar, "crisis A and B", None)),
        ..opts
    };
    let cmp = with_threads(args.crisis.threads, || {
        brink_crisis::compare(&a, &b, &opts, &models)
    })??;
    bar.finish_and_clear();
    // Recorded under A's input and name; B's path is in the recorded command line.
    crate::record::result(
        "compare",
        Some(&args.a),
        Some(&a.name),
        Some(opts.seed),
        &cmp,
    )?;
    let text = match args.crisis.format {
        Format::Json => json_text(&cmp),
        Format::Csv => brink_present::csv::comparison(&cmp),
        Format::Table => crate::output::fit_prose(&table(&a, &b, &cmp)),
    };
    if let Some(path) = &args.plot {
        if cmp.outcomes.is_empty() {
            eprintln!("note: neither scenario has a `[crisis]` section: the chart shows the forecasts' differences only");
        }
        write_chart(path, "comparison chart", brink_present::compare_svg(&cmp))?;
    }
    emit(None, &text)
}

fn signed(x: Option<f64>, dec: usize) -> String {
    match x {
        Some(x) => crate::output::fmt_signed(x, dec),
        None => "—".into(),
    }
}

fn table(a: &brink_core::Scenario, b: &brink_core::Scenario, c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "A: {} ({})", c.a.scenario, c.a.file);
    let _ = writeln!(out, "B: {} ({})", c.b.scenario, c.b.file);
    if !c.outcomes.is_empty() {
        let _ = writeln!(
            out,
            "\nCrisis odds (logit QRE){}",
            match (&c.crisis_a, &c.crisis_b) {
                (Some(x), _) | (None, Some(x)) => format!(", λ = {}", x.lambda),
                _ => String::new(),
            }
        );
        let mut t = Table::new(&[
            ("outcome", Align::Left),
            ("A", Align::Right),
            ("B", Align::Right),
            ("B − A", Align::Right),
        ]);
        let pct = |x: Option<f64>| x.map_or("—".into(), |x| format!("{:.1}%", 100.0 * x));
        for o in &c.outcomes {
            t.row(vec![
                o.outcome.clone(),
                pct(o.row.a),
                pct(o.row.b),
                o.row.diff.map_or("—".into(), |d| {
                    if (100.0 * d).abs() < 0.05 {
                        "0.0 pt".into()
                    } else {
                        format!("{:+.1} pt", 100.0 * d)
                    }
                }),
            ]);
        }
        t.row(vec![
            "SPE outcome".into(),
            c.a.spe_outcome.clone().unwrap_or("—".into()),
            c.b.spe_outcome.clone().unwrap_or("—".into()),
            if c.a.spe_outcome.is_none() || c.b.spe_outcome.is_none() {
                "—".into()
            } else if c.a.spe_outcome == c.b.spe_outcome {
                "same".into()
            } else {
                "changed".into()
            },
        ]);
        out.push_str(&t.render_within("  ", crate::output::table_width()));
    }
    let _ = writeln!(out, "\nForecasts (B − A)");
    let mut t = Table::new(&[
        ("issue", Align::Left),
        ("model", Align::Left),
        ("A", Align::Right),
        ("B", Align::Right),
        ("B − A", Align::Right),
    ]);
    let mut last = String::new();
    for f in &c.forecasts {
        let dec = a
            .issues
            .iter()
            .chain(&b.issues)
            .find(|i| i.id == f.issue)
            .map_or(2, |i| decimals_for(i.scale));
        t.row(vec![
            if f.issue == last {
                String::new()
            } else {
                f.issue.clone()
            },
            f.model.clone(),
            f.row.a.map_or("—".into(), |x| fmt_num(x, dec)),
            f.row.b.map_or("—".into(), |x| fmt_num(x, dec)),
            signed(f.row.diff, dec),
        ]);
        last = f.issue.clone();
    }
    out.push_str(&t.render_within("  ", crate::output::table_width()));
    let _ = writeln!(
        out,
        "  (`{}`: the NBS with every actor's breakdown utility as its disagreement point)",
        brink_crisis::compare::LINKED_MODEL
    );
    for n in &c.notes {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}
