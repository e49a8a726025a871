//! `brink forecast FILE`: every applicable bargaining model's forecast of each issue.

use super::common::limits;
use super::common::{
    affordable, check_model_options, check_option_routing, check_svg_path, human_seconds,
    json_text, load_for_models, parse_options, select_models, write_chart, Format, UtilityArg,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num, issue_heading, Align, Table};
use brink_core::{
    BargainingModel, ForecastReport, IssueForecasts, ModelError, ModelParams, RoundMove, Scenario,
};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A scenario input of any kind (`-` reads stdin).
    pub file: String,
    /// Models to run: a comma-separated list, or `all` (the default: every model that applies).
    #[arg(long, short, default_value = "all")]
    pub model: String,
    /// A model variant (bdm: scholz | textbook; exchange: equal | random-equal | random-rate).
    #[arg(long)]
    pub variant: Option<String>,
    /// Rounds for iterating models (default: each model's own; at most 10,000).
    #[arg(long, conflicts_with = "until_stable", value_parser = limits::rounds)]
    pub rounds: Option<usize>,
    /// Run iterating models until they converge or repeat a cycle (exit 3 if one still drifts
    /// at its limit: bdm 1000 rounds, smp 1000 turns, exchange 100 rounds).
    #[arg(long)]
    pub until_stable: bool,
    /// Print each round's moves of the iterating models.
    #[arg(long)]
    pub trace: bool,
    /// The utility shape of the Nash bargaining solution.
    #[arg(long, value_enum, default_value = "quadratic")]
    pub utility: UtilityArg,
    /// A model option, KEY=VALUE (repeatable), e.g. `--option VotingRule=Prop` with `--model smp`;
    /// with several models, MODEL.KEY=VALUE (`--option smp.VotingRule=Prop`).
    #[arg(long = "option", value_name = "KEY=VALUE")]
    pub options: Vec<String>,
    /// Seed for models that draw random numbers (and for the intervals' Monte Carlo).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Monte Carlo runs behind the 90% intervals shown when the scenario carries uncertainty
    /// (0: no intervals; at most 100,000). `brink simulate` gives the full distributions.
    #[arg(long, default_value_t = 400, value_name = "N", value_parser = limits::interval_runs)]
    pub interval_runs: usize,
    /// Run every model asked for even when its estimated time on this scenario exceeds a
    /// minute (SMP is O(N³) a turn: a 5,000-actor table would take days).
    #[arg(long)]
    pub force: bool,
    /// Write a chart (SVG): each issue's forecasts with their 90% intervals on the issue's
    /// labelled scale, and the actors' positions round by round for each iterating model.
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

impl Args {
    pub fn params(&self) -> Result<ModelParams, CliError> {
        Ok(ModelParams {
            variant: self.variant.clone(),
            rounds: self.rounds,
            until_stable: self.until_stable,
            utility: self.utility.into(),
            options: parse_options(&self.options)?,
        })
    }
}

/// Runs `models` on `scenario`: one entry per issue, the models' forecasts in order. With
/// `skip_inapplicable` (`--model all`), a model that does not apply is skipped with a note on
/// stderr, and one that did not converge (`--until-stable` still drifting) is left out and
/// returned, so that the others are shown before the command exits 3.
pub fn forecast(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    seed: u64,
    skip_inapplicable: bool,
) -> Result<(ForecastReport, Vec<ModelError>), CliError> {
    let mut unconverged = Vec::new();
    let mut issues: Vec<IssueForecasts> = scenario
        .issues
        .iter()
        .map(|i| IssueForecasts {
            id: i.id.clone(),
            name: i.name.clone(),
            scale: i.scale,
            forecasts: vec![],
        })
        .collect();
    for model in models {
        match model.run(scenario, &params.for_model(model.name()), seed) {
            Ok(results) => {
                for (issue, fc) in results {
                    issues[issue].forecasts.push(fc);
                }
            }
            Err(e @ ModelError::NotApplicable { .. }) if skip_inapplicable => {
                eprintln!("note: skipped {e}")
            }
            Err(e @ ModelError::NoConvergence { .. }) if skip_inapplicable => unconverged.push(e),
            Err(e) => return Err(e.into()),
        }
    }
    let report = ForecastReport {
        scenario: scenario.name.clone(),
        issues,
    };
    Ok((report, unconverged))
}

pub fn run(args: Args) -> Result<(), CliError> {
    check_svg_path("--plot", args.plot.as_deref())?;
    let params = args.params()?;
    let (models, all) = select_models(&args.model)?;
    check_option_routing(&models, &params)?;
    let scenario = load_for_models(&args.file)?;
    check_model_options(&models, &scenario, &params)?;
    let models = affordable(models, all, &scenario, &params, 1, args.force)?;
    let (mut report, unconverged) = forecast(&scenario, &models, &params, args.seed, all)?;
    let models: Vec<&dyn BargainingModel> = models
        .into_iter()
        .filter(|m| {
            !unconverged
                .iter()
                .any(|e| matches!(e, ModelError::NoConvergence { model, .. } if model == m.name()))
        })
        .collect();
    let with_intervals = args.interval_runs > 0 && scenario.has_uncertainty();
    if with_intervals {
        // Intervals only for the models whose draws fit the time budget (a note names the rest).
        let interval_models: Vec<_> = models
            .iter()
            .copied()
            .filter(|m| {
                let cost = brink_models::cost::estimated_seconds(*m, &scenario, &params)
                    * args.interval_runs as f64
                    / 2.0;
                let fits = args.force || cost <= brink_models::cost::BUDGET_SECONDS;
                if !fits {
                    eprintln!(
                        "note: no 90% interval for {}: {} draws would take about {} (--interval-runs N for fewer, --force)",
                        m.name(),
                        args.interval_runs,
                        human_seconds(cost)
                    );
                }
                fits
            })
            .collect();
        if !interval_models.is_empty() {
            add_intervals(&scenario, &interval_models, &params, &args, &mut report)?;
        }
    }
    crate::record::result(
        "forecast",
        Some(&args.file),
        Some(&scenario.name),
        Some(args.seed),
        &report,
    )?;
    if let Some(path) = &args.plot {
        write_chart(
            path,
            "forecast chart",
            brink_present::forecast_svg(&report, &scenario),
        )?;
    }
    let text = match args.format {
        Format::Json => json_text(&report),
        Format::Csv => brink_present::csv::forecast(&report),
        Format::Table => {
            let mut text = table(&scenario, &report, args.trace);
            if with_intervals {
                text.push_str(&format!(
                    "\n90% interval: 5th to 95th percentile of the model's forecast over {} draws of \
                     the scenario's uncertain numbers (--interval-runs N; `brink simulate` for \
                     the full distributions)\n",
                    args.interval_runs
                ));
            }
            crate::output::fit_prose(&text)
        }
    };
    emit(None, &text)?;
    // The models shown settled; one that did not is an error after them (exit 3).
    match unconverged
        .into_iter()
        .map(|e| e.to_string())
        .reduce(|a, b| a + "; " + &b)
    {
        Some(message) => Err(CliError::NoConvergence(message)),
        None => Ok(()),
    }
}

/// Adds `interval: [p05, p95]` to each forecast's extras: the 5th and 95th percentiles of the
/// model's forecast over `--interval-runs` draws of the scenario's uncertain numbers.
fn add_intervals(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    args: &Args,
    report: &mut ForecastReport,
) -> Result<(), CliError> {
    let bar = super::common::progress_bar(args.interval_runs, "90% intervals");
    let tick = |n: u64| bar.inc(n);
    let mut mc = brink_analysis::McOptions::new(args.interval_runs, args.seed);
    mc.progress = Some(&tick);
    let intervals = brink_analysis::intervals_with(scenario, models, params, mc);
    bar.finish_and_clear();
    let intervals = match intervals {
        Ok(intervals) => intervals,
        // Every model was skipped as not applicable: the table says so already.
        Err(brink_analysis::AnalysisError::NoModel(_)) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    for iv in intervals {
        if let Some(f) = report.issues[iv.issue]
            .forecasts
            .iter_mut()
            .find(|f| f.model == iv.model)
        {
            f.extra
                .insert("interval".into(), serde_json::json!([iv.p05, iv.p95]));
        }
    }
    Ok(())
}

/// Where `x` stands among the issue's labels: `≈ label` near one, else `label A → label B`.
fn describe_on_scale(x: f64, issue: &brink_core::Issue) -> String {
    let labels = &issue.labels;
    if labels.is_empty() || !x.is_finite() {
        return String::new();
    }
    let span = issue.scale[1] - issue.scale[0];
    let nearest = labels
        .iter()
        .min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()))
        .expect("non-empty");
    if (nearest.0 - x).abs() <= 0.05 * span {
        return format!("≈ {}", nearest.1);
    }
    let below = labels.iter().rev().find(|l| l.0 <= x);
    let above = labels.iter().find(|l| l.0 >= x);
    match (below, above) {
        (Some(b), Some(a)) => format!("between “{}” and “{}”", b.1, a.1),
        (Some(b), None) => format!("beyond “{}”", b.1),
        (None, Some(a)) => format!("short of “{}”", a.1),
        _ => String::new(),
    }
}

fn table(scenario: &Scenario, report: &ForecastReport, trace: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} actors, {} issue{}",
        report.scenario,
        scenario.actors.len(),
        scenario.issues.len(),
        if scenario.issues.len() == 1 { "" } else { "s" }
    );
    // A note every issue carries (e.g. how a multi-dimensional model read the scenario) is
    // printed once, after the tables.
    let notes_of = |f: &brink_core::ModelForecast| -> Vec<String> {
        f.extra
            .get("notes")
            .and_then(|n| n.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str().map(|n| format!("{} — {n}", f.model)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut common: Vec<String> = report
        .issues
        .first()
        .map(|i| i.forecasts.iter().flat_map(notes_of).collect())
        .unwrap_or_default();
    if report.issues.len() > 1 {
        common.retain(|n| {
            report
                .issues
                .iter()
                .all(|i| i.forecasts.iter().flat_map(notes_of).any(|m| &m == n))
        });
    } else {
        common.clear();
    }
    let mut unsettled = false;
    for (issue, fcs) in scenario.issues.iter().zip(&report.issues) {
        let dec = decimals_for(issue.scale);
        let sq = issue
            .status_quo
            .as_ref()
            .map(|s| format!(", status quo {}", plain(s.point(), dec)))
            .unwrap_or_default();
        let scale = format!("scale {}{sq}", crate::output::fmt_scale(issue.scale));
        out.push_str(&issue_heading(&issue.name, &issue.id, &scale));
        let has_interval = fcs
            .forecasts
            .iter()
            .any(|f| f.extra.contains_key("interval"));
        let mut headers = vec![("model", Align::Left), ("forecast", Align::Right)];
        if has_interval {
            headers.push(("90% interval", Align::Right));
        }
        if !issue.labels.is_empty() {
            headers.push(("on the scale", Align::Left));
        }
        let mut t = Table::new(&headers);
        for f in &fcs.forecasts {
            let name = match &f.variant {
                Some(v) => format!("{} ({v})", f.model),
                None => f.model.clone(),
            };
            let mut row = vec![name, fmt_num(f.forecast, dec)];
            if !converged(f) {
                row[1] = format!("~{}", row[1]);
                unsettled = true;
            }
            if has_interval {
                row.push(
                    f.extra
                        .get("interval")
                        .and_then(|v| v.as_array())
                        .and_then(|a| {
                            Some(format!(
                                "{} – {}",
                                fmt_num(a.first()?.as_f64()?, dec),
                                fmt_num(a.get(1)?.as_f64()?, dec)
                            ))
                        })
                        .unwrap_or_default(),
                );
            }
            if !issue.labels.is_empty() {
                row.push(describe_on_scale(f.forecast, issue));
            }
            t.row(row);
        }
        out.push_str(&t.render_within("  ", crate::output::table_width()));
        for note in fcs
            .forecasts
            .iter()
            .flat_map(notes_of)
            .filter(|n| !common.contains(n))
        {
            let _ = writeln!(out, "  note: {note}");
        }
        if trace {
            for f in &fcs.forecasts {
                trace_rounds(&mut out, scenario, f, dec);
            }
        }
    }
    if !common.is_empty() {
        let _ = writeln!(out, "\nNotes for every issue:");
        for note in &common {
            let _ = writeln!(out, "  {note}");
        }
    }
    if unsettled {
        let _ = writeln!(
            out,
            "\n~ the model's rounds did not converge (see its note): a run that cycles is \
             forecast by the mean over its cycle, one still drifting by its last round"
        );
    }
    out
}

/// Whether an iterating model's run converged (models that do not iterate always have).
fn converged(f: &brink_core::ModelForecast) -> bool {
    f.extra.get("converged").and_then(|c| c.as_bool()) != Some(false)
}

/// A number as written in a scenario: whole numbers without decimals.
fn plain(x: f64, decimals: usize) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        fmt_num(x, decimals)
    }
}

/// The moves of each round of an iterating model, as a table per round (an exchange's two
/// sides on two rows, each number on its own issue's scale).
fn trace_rounds(out: &mut String, scenario: &Scenario, f: &brink_core::ModelForecast, dec: usize) {
    let Some(rounds) = &f.rounds else { return };
    let _ = writeln!(out, "\n  {} — round by round", f.model);
    for r in rounds {
        let median = r
            .median
            .map(|m| format!("median {}, ", fmt_num(m, dec)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  round {}: {}mean {}, {} move(s)",
            r.round,
            median,
            fmt_num(r.mean, dec),
            r.moves.len()
        );
        if r.moves.is_empty() {
            continue;
        }
        if r.moves.iter().all(|m| matches!(m, RoundMove::Exchange(_))) {
            out.push_str(&exchange_table(scenario, &r.moves, dec));
            continue;
        }
        // Columns: the fields of the moves, in first-seen order; numbers right-aligned.
        let rows: Vec<Vec<(&str, Cell)>> = r.moves.iter().map(move_cells).collect();
        let mut keys: Vec<&str> = Vec::new();
        for row in &rows {
            for (k, _) in row {
                if !keys.contains(k) {
                    keys.push(k);
                }
            }
        }
        let numeric = |k: &str| {
            rows.iter().all(|row| {
                row.iter()
                    .all(|(key, c)| *key != k || matches!(c, Cell::Number(_)))
            })
        };
        let headers: Vec<(&str, Align)> = keys
            .iter()
            .map(|&k| {
                (
                    k,
                    if numeric(k) {
                        Align::Right
                    } else {
                        Align::Left
                    },
                )
            })
            .collect();
        let mut t = Table::new(&headers);
        for row in &rows {
            t.row(
                keys.iter()
                    .map(|k| match row.iter().find(|(key, _)| key == k) {
                        // JSON has no NaN or infinity: such a number was always shown blank.
                        Some((_, Cell::Number(x))) if x.is_finite() => fmt_num(*x, dec + 2),
                        Some((_, Cell::Number(_))) | None => String::new(),
                        Some((_, Cell::Text(s))) => s.clone(),
                    })
                    .collect(),
            );
        }
        out.push_str(&t.render_within("    ", crate::output::table_width()));
    }
}

/// A round's exchanges: one row per side (who gave way on which issue, from → to on that
/// issue's scale, and what the side gained), then the gains and the losses (negative) the
/// exchange brought the actors outside it, summed.
fn exchange_table(scenario: &Scenario, moves: &[RoundMove], dec: usize) -> String {
    let issue_dec = |id: &str| {
        scenario
            .issues
            .iter()
            .find(|i| i.id == id)
            .map_or(dec, |i| decimals_for(i.scale))
    };
    let mut t = Table::new(&[
        ("#", Align::Right),
        ("actor", Align::Left),
        ("gives way on", Align::Left),
        ("from", Align::Right),
        ("to", Align::Right),
        ("gain", Align::Right),
        ("others +", Align::Right),
        ("others −", Align::Right),
    ]);
    for (n, m) in moves.iter().enumerate() {
        let RoundMove::Exchange(e) = m else { continue };
        // decide's inner and outer blocs alike are actors outside the exchange.
        let x = &e.externalities;
        for (k, side) in e.moves.iter().enumerate() {
            let d = issue_dec(&side.issue);
            let outside = |x: f64| if k == 0 { fmt_num(x, 4) } else { String::new() };
            t.row(vec![
                if k == 0 {
                    (n + 1).to_string()
                } else {
                    String::new()
                },
                side.actor.clone(),
                side.issue.clone(),
                fmt_num(side.from, d),
                fmt_num(side.to, d),
                fmt_num(side.gain, 4),
                outside(x.inner_positive + x.outer_positive),
                outside(x.inner_negative + x.outer_negative),
            ]);
        }
    }
    t.render_within("    ", crate::output::table_width())
}

/// One field of a move in the trace table.
enum Cell {
    Number(f64),
    Text(String),
}

/// A move's fields in the order of its JSON.
fn move_cells(m: &RoundMove) -> Vec<(&'static str, Cell)> {
    let text = |s: &str| Cell::Text(s.to_string());
    match m {
        RoundMove::Offer(o) => vec![
            ("actor", text(&o.actor)),
            ("kind", text(o.kind.name())),
            ("with", text(&o.with)),
            ("from", Cell::Number(o.from)),
            ("to", Cell::Number(o.to)),
            ("e_ij", Cell::Number(o.e_ij)),
            ("e_ji", Cell::Number(o.e_ji)),
        ],
        RoundMove::Bargain(b) => vec![
            ("actor", text(&b.actor)),
            ("kind", text("bargain")),
            ("with", text(&b.with)),
            ("initiator", text(&b.initiator)),
            ("to", Cell::Number(b.to)),
            ("prob_initiator_wins", Cell::Number(b.prob_initiator_wins)),
            ("initiator_gain", Cell::Number(b.initiator_gain)),
        ],
        // Exchanges have their own table (`exchange_table`); a round mixing them with other
        // moves (no model does) lists who exchanged with whom.
        RoundMove::Exchange(e) => vec![
            ("actor", text(&e.actors[0])),
            ("kind", text("exchange")),
            ("with", text(&e.actors[1])),
        ],
    }
}
