//! `brink actors FILE`: each actor's view of the forecasts — what every model gives it against
//! the status quo, its nearest allies and rivals per issue, and its leverage (how far the
//! forecasts move if it shifts its position or salience), with its best move per issue.

use super::common::{
    affordable, check_model_options, check_option_routing, json_text, load_for_models,
    parse_options, select_models, Format,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num};
use brink_analysis::{ActorsOptions, ActorsReport};
use brink_core::ModelParams;
use std::fmt::Write;

#[derive(clap::Args)]
pub struct Args {
    /// A scenario input of any kind (`-` reads stdin).
    pub file: String,
    /// Models to run: a comma-separated list, or `all` (the default: every model that applies).
    #[arg(long, short, default_value = "all")]
    pub model: String,
    /// A position lever moves the actor by this share of the issue's scale.
    #[arg(long, default_value_t = brink_analysis::actors::DEFAULT_STEP, value_parser = step)]
    pub step: f64,
    /// A model option, KEY=VALUE or MODEL.KEY=VALUE (repeatable), as for `forecast`.
    #[arg(long = "option", value_name = "KEY=VALUE")]
    pub options: Vec<String>,
    /// Seed for models that draw random numbers (the same for every run compared).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Run every model asked for even when its estimated time exceeds a minute.
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

fn step(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a number in (0, 1], found `{s}`"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err(format!(
            "expected a share of the scale in (0, 1] (0.1 = a tenth), found {s}"
        ))
    }
}

pub fn run(args: Args) -> Result<(), CliError> {
    let params = ModelParams {
        options: parse_options(&args.options)?,
        ..ModelParams::default()
    };
    let (models, all) = select_models(&args.model)?;
    check_option_routing(&models, &params)?;
    let scenario = load_for_models(&args.file)?;
    check_model_options(&models, &scenario, &params)?;
    // One run per lever: about four per actor and issue, plus the baseline.
    let runs = 1 + 4 * scenario.positions.len();
    let models = affordable(models, all, &scenario, &params, runs, args.force)?;
    let report = brink_analysis::actors(
        &scenario,
        &models,
        &params,
        ActorsOptions {
            step: args.step,
            seed: args.seed,
        },
    )?;
    crate::record::result(
        "actors",
        Some(&args.file),
        Some(&scenario.name),
        Some(args.seed),
        &report,
    )?;
    for s in &report.skipped {
        eprintln!("note: skipped {}: {}", s.model, s.reason);
    }
    let text = match args.format {
        Format::Json => json_text(&report),
        Format::Csv => brink_present::csv::actors(&report),
        Format::Table => table(&report),
    };
    emit(None, &text)
}

/// A share of the scale as a signed percentage: `+12.5%`.
fn pct(x: f64) -> String {
    let v = 100.0 * x;
    // No `-0.0%` for a shift that rounds to nothing.
    if v.abs() < 0.05 {
        "0.0%".into()
    } else {
        format!("{v:+.1}%")
    }
}

/// The per-actor text view, lines of at most 80 characters for ordinary ids.
fn table(report: &ActorsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Actors of {}", report.scenario);
    let _ = writeln!(out, "models: {}", report.models.join(", "));
    let _ = writeln!(
        out,
        "gain: how much closer a forecast is to the actor's position than the status quo,\n\
         in % of the issue's scale (+ gains, - loses; the mean gain is weighted by the\n\
         actor's saliences, over the models); a lever changes one number of one actor."
    );
    // Who can move what: the largest best moves first.
    let mut moves: Vec<(f64, String)> = Vec::new();
    for a in &report.actors {
        for is in &a.issues {
            if let Some(b) = is.best {
                let l = &is.levers[b];
                moves.push((
                    l.mean_toward,
                    format!("{} on {}: {}", a.id, is.issue, lever(l, is)),
                ));
            }
        }
    }
    moves.sort_by(|l, r| r.0.total_cmp(&l.0));
    if !moves.is_empty() {
        let _ = writeln!(
            out,
            "\nThe strongest moves (mean shift of the forecasts toward the mover):"
        );
        for (shift, text) in moves.iter().take(5) {
            let _ = writeln!(out, "  {:>7}  {text}", pct(*shift));
        }
    }
    for a in &report.actors {
        let name = if a.name == a.id {
            String::new()
        } else {
            format!(" — {}", a.name)
        };
        let _ = writeln!(
            out,
            "\n{}{name} · {:.0}% of capability",
            a.id,
            100.0 * a.capability_share
        );
        let gains: Vec<(&str, f64)> = a
            .gains
            .iter()
            .filter_map(|g| g.gain.map(|v| (g.model.as_str(), v)))
            .collect();
        if gains.is_empty() {
            let _ = writeln!(
                out,
                "  no issue it holds a position on has a status quo: no gains"
            );
        } else {
            let mean = gains.iter().map(|g| g.1).sum::<f64>() / gains.len() as f64;
            let lo = gains.iter().min_by(|l, r| l.1.total_cmp(&r.1)).unwrap();
            let hi = gains.iter().max_by(|l, r| l.1.total_cmp(&r.1)).unwrap();
            let _ = writeln!(
                out,
                "  mean gain {} (from {} {} to {} {})",
                pct(mean),
                lo.0,
                pct(lo.1),
                hi.0,
                pct(hi.1)
            );
        }
        for is in &a.issues {
            let d = decimals_for(is.scale);
            let n = |x: f64| fmt_num(x, d);
            let sq = is
                .status_quo
                .map(|s| format!(", status quo {}", n(s)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} ({}–{}): at {}, salience {:.2}{sq}",
                is.issue,
                n(is.scale[0]),
                n(is.scale[1]),
                n(is.position),
                is.salience
            );
            if !is.outcomes.is_empty() {
                let f = |o: &brink_analysis::actors::Outcome| o.forecast;
                let lo = is.outcomes.iter().map(f).fold(f64::INFINITY, f64::min);
                let hi = is.outcomes.iter().map(f).fold(f64::NEG_INFINITY, f64::max);
                let range = if (hi - lo).abs() < 0.5 * 10f64.powi(-(d as i32)) {
                    n(lo)
                } else {
                    format!("{}–{}", n(lo), n(hi))
                };
                let gains: Vec<f64> = is.outcomes.iter().filter_map(|o| o.gain).collect();
                let gain = if gains.is_empty() {
                    String::new()
                } else {
                    let g_lo = gains.iter().copied().fold(f64::INFINITY, f64::min);
                    let g_hi = gains.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    if pct(g_lo) == pct(g_hi) {
                        format!(", gain {}", pct(g_lo))
                    } else {
                        format!(", gain {} to {}", pct(g_lo), pct(g_hi))
                    }
                };
                let _ = writeln!(
                    out,
                    "    forecasts {range} ({} models){gain}",
                    is.outcomes.len()
                );
            }
            let names = |v: &[brink_analysis::actors::Neighbour]| {
                v.iter()
                    .map(|x| format!("{} ({})", x.actor, n(x.position)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut line = String::new();
            if !is.allies.is_empty() {
                line.push_str(&format!("allies {}", names(&is.allies)));
            }
            if !is.rivals.is_empty() {
                if !line.is_empty() {
                    line.push_str("; ");
                }
                line.push_str(&format!("rivals {}", names(&is.rivals)));
            }
            if !line.is_empty() {
                let _ = writeln!(out, "    {line}");
            }
            match is.best {
                Some(b) => {
                    let l = &is.levers[b];
                    let _ = writeln!(
                        out,
                        "    best move: {} ({} toward it)",
                        lever(l, is),
                        pct(l.mean_toward)
                    );
                }
                None if is.levers.is_empty() => {}
                None => {
                    let _ = writeln!(out, "    no lever moves the forecasts toward it");
                }
            }
        }
    }
    out
}

/// `position 10 → 20` / `salience 0.50 → 1.00`.
fn lever(l: &brink_analysis::actors::Lever, is: &brink_analysis::actors::ActorIssue) -> String {
    if l.lever == "position" {
        let d = decimals_for(is.scale);
        format!("position {} → {}", fmt_num(l.from, d), fmt_num(l.to, d))
    } else {
        format!("salience {:.2} → {:.2}", l.from, l.to)
    }
}
