//! `brink validate DATASET`: every model's forecasts against the known outcomes — MAE, median
//! absolute error, RMSE and n per model — and the per-issue predictions as CSV.

use super::common::{check_option_routing, select_models, Format, ModelOpts};
use crate::error::CliError;
use crate::output::{emit, fmt_num, Align, Table};
use brink_analysis::ValidationReport;
use brink_core::{Dataset, Diagnostic};
use brink_formats::deu::{Capability, DeuOptions};
use brink_formats::InputKind;
use std::fmt::Write;
use std::path::Path;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CapabilityArg {
    /// The file's GDP row ÷ its maximum.
    Gdp,
    /// Equal for every actor (salience alone weighs).
    Equal,
    /// Council QMV votes (Treaty of Nice weights).
    Council,
    /// Each of the three, one table each.
    All,
}

#[derive(clap::Args)]
pub struct Args {
    /// A dataset with known outcomes (the DEU layout: `.tsv`).
    pub dataset: String,
    /// Models to score: a comma-separated list, or `all` (every model that applies).
    #[arg(long, short, default_value = "all")]
    pub model: String,
    /// Which number is an actor's capability (DEU datasets).
    #[arg(long, value_enum, default_value = "gdp")]
    pub capability: CapabilityArg,
    /// Write each issue's outcome and every model's prediction to this CSV file.
    #[arg(long, value_name = "OUT.csv")]
    pub per_issue: Option<String>,
    /// Seed for models that draw random numbers.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    #[command(flatten)]
    pub model_opts: ModelOpts,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Reads the dataset once per capability convention asked for.
fn load(args: &Args) -> Result<Vec<(Option<Capability>, Dataset)>, CliError> {
    let source = brink_formats::read_input(&args.dataset)?;
    let kind = brink_formats::detect(&args.dataset, &source.text)
        .map_err(brink_core::Diagnostics::from)?;
    let capabilities: Vec<Capability> = match args.capability {
        CapabilityArg::Gdp => vec![Capability::Gdp],
        CapabilityArg::Equal => vec![Capability::Equal],
        CapabilityArg::Council => vec![Capability::Council],
        CapabilityArg::All => Capability::ALL.to_vec(),
    };
    let datasets: Vec<(Option<Capability>, Dataset)> = if kind == InputKind::Deu {
        capabilities
            .into_iter()
            .map(|c| {
                brink_formats::deu::parse_with(
                    &source.text,
                    &args.dataset,
                    DeuOptions { capability: c },
                )
                .map(|d| (Some(c), d))
            })
            .collect::<Result<_, _>>()?
    } else {
        if args.capability != CapabilityArg::Gdp {
            return Err(CliError::Usage(format!(
                "--capability applies to DEU datasets; {} is a {}",
                args.dataset,
                kind.describe()
            )));
        }
        match brink_formats::load_text(&source.text, &args.dataset)? {
            (brink_formats::Loaded::Dataset(d), _) => vec![(None, d)],
            (brink_formats::Loaded::Scenario(s), _) => {
                // One scenario whose issues carry outcomes is a dataset of one.
                let name = Path::new(&args.dataset)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or(&args.dataset)
                    .to_string();
                vec![(
                    None,
                    Dataset {
                        name,
                        scenarios: vec![s],
                        notes: vec![],
                    },
                )]
            }
        }
    };
    for (_, d) in &datasets {
        let errors: Vec<Diagnostic> = d
            .scenarios
            .iter()
            .flat_map(|s| s.validate())
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(brink_core::Diagnostics(errors).into());
        }
    }
    if datasets.iter().all(|(_, d)| {
        d.scenarios
            .iter()
            .all(|s| s.issues.iter().all(|i| i.outcome.is_none()))
    }) {
        return Err(CliError::InputMessage(format!(
            "{}: no issue has a known outcome, so there is nothing to validate against",
            args.dataset
        )));
    }
    Ok(datasets)
}

pub fn run(args: Args) -> Result<(), CliError> {
    let params = args.model_opts.params()?;
    let (models, all) = select_models(&args.model)?;
    check_option_routing(&models, &params)?;
    let datasets = load(&args)?;
    let mut reports: Vec<(Option<Capability>, ValidationReport)> = Vec::new();
    let total: usize = datasets
        .iter()
        .map(|(_, d)| d.scenarios.len() * models.len())
        .sum();
    let bar = super::common::progress_bar(total, "validating");
    let tick = |n: u64| bar.inc(n);
    for (c, d) in &datasets {
        let r = brink_analysis::validate_with(d, &models, &params, args.seed, Some(&tick));
        let mut r = r.inspect_err(|_| bar.finish_and_clear())?;
        if all {
            // `all` means every model that applies: drop the ones that scored nothing.
            for m in brink_analysis::validate::unused_models(&r) {
                if reports.is_empty() {
                    eprintln!("note: skipped {} ({})", m.model, m.reason);
                }
            }
            let keep: Vec<bool> = r.models.iter().map(|m| m.n > 0).collect();
            let mut k = keep.iter();
            r.models.retain(|_| *k.next().unwrap_or(&true));
            for p in &mut r.per_issue {
                let mut k = keep.iter();
                p.predictions.retain(|_| *k.next().unwrap_or(&true));
            }
        }
        reports.push((*c, r));
    }
    bar.finish_and_clear();
    if let Some(path) = &args.per_issue {
        let labelled: Vec<(Option<&str>, &ValidationReport)> = reports
            .iter()
            .map(|(c, r)| (c.map(Capability::name), r))
            .collect();
        let text = brink_present::csv::per_issue_by_label(&labelled).ok_or_else(|| {
            CliError::InputMessage(
                "the capability conventions left out different issues: write --per-issue with \
                 one --capability at a time"
                    .into(),
            )
        })?;
        emit(Some(Path::new(path)), &text)?;
    }
    let json_report = json(&reports);
    let recorded: serde_json::Value =
        serde_json::from_str(&json_report).expect("our own JSON parses");
    crate::record::result(
        "validate",
        Some(&args.dataset),
        datasets.first().map(|(_, d)| d.name.as_str()),
        Some(args.seed),
        &recorded,
    )?;
    let text = match args.format {
        Format::Json => json_report + "\n",
        Format::Csv => brink_present::csv::validation(
            &reports
                .iter()
                .map(|(c, r)| (c.map(Capability::name), r))
                .collect::<Vec<_>>(),
        ),
        Format::Table => crate::output::fit_prose(&table(&reports)),
    };
    emit(None, &text)
}

fn json(reports: &[(Option<Capability>, ValidationReport)]) -> String {
    let entry = |c: &Option<Capability>, r: &ValidationReport| {
        let mut v = serde_json::to_value(r).expect("a report always serialises");
        if let (Some(c), Some(obj)) = (c, v.as_object_mut()) {
            obj.insert("capability".into(), c.name().into());
        }
        v
    };
    let (c0, r0) = &reports[0];
    let mut v = entry(c0, r0);
    if reports.len() > 1 {
        let all: Vec<serde_json::Value> = reports.iter().map(|(c, r)| entry(c, r)).collect();
        v.as_object_mut()
            .expect("an object")
            .insert("by_capability".into(), all.into());
    }
    serde_json::to_string_pretty(&v).expect("a value always serialises")
}

fn table(reports: &[(Option<Capability>, ValidationReport)]) -> String {
    let mut out = String::new();
    let (_, first) = &reports[0];
    let _ = writeln!(
        out,
        "{} — {} issues with a known outcome",
        first.dataset, first.issues
    );
    let _ = writeln!(out, "Conventions:");
    for n in first.notes.iter().filter(|n| !n.starts_with("capability")) {
        let _ = writeln!(out, "  - {n}");
    }
    for (c, r) in reports {
        let capability = r
            .notes
            .iter()
            .find(|n| n.starts_with("capability"))
            .cloned()
            .unwrap_or_else(|| "capability as given by the file".into());
        let _ = writeln!(
            out,
            "\n{}{}",
            c.map(|c| format!("[{}] ", c.name())).unwrap_or_default(),
            capability
        );
        let mut t = Table::new(&[
            ("model", Align::Left),
            ("MAE", Align::Right),
            ("median AE", Align::Right),
            ("RMSE", Align::Right),
            ("n", Align::Right),
        ]);
        let mut rows: Vec<_> = r.models.iter().collect();
        rows.sort_by(|a, b| a.mae.total_cmp(&b.mae));
        for m in rows {
            t.row(vec![
                m.model.clone(),
                fmt_num(m.mae, 2),
                fmt_num(m.median_ae, 2),
                fmt_num(m.rmse, 2),
                if m.missing > 0 {
                    format!("{} ({} missing)", m.n, m.missing)
                } else {
                    m.n.to_string()
                },
            ]);
        }
        out.push_str(&t.render_within("  ", crate::output::table_width()));
    }
    out
}
