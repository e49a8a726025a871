//! `brink crisis FILE`: the odds of each outcome of the scenario's crisis game (logit agent QRE
//! at λ), its subgame-perfect path, and the bargaining forecast with the crisis as each side's
//! disagreement point; a seeded Monte Carlo when parameters are uncertain. `--plot` draws the
//! odds, `--export-game` writes the game built on the point estimates for Gambit.

use super::common::{
    check_svg_path, control, json_text, load_for_models, progress_bar, with_threads, write_chart,
    CrisisArgs, Format,
};
use crate::error::CliError;
use crate::output::{decimals_for, emit, fmt_num, Align, Table};
use brink_core::Scenario;
use brink_crisis::{CrisisReport, DEFAULT_LAMBDA};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A brink scenario with a `[crisis]` section (`-` reads stdin).
    pub file: String,
    #[command(flatten)]
    pub crisis: CrisisArgs,
    /// Write a chart of the odds of each outcome with their 90% intervals (SVG).
    #[arg(long, value_name = "OUT.svg")]
    pub plot: Option<PathBuf>,
    /// Write the crisis game built on the parameters' point estimates as a Gambit `.efg` file
    /// (`brink game solve` and Gambit read it).
    #[arg(long, value_name = "OUT.efg")]
    pub export_game: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut opts = args.crisis.options()?;
    check_svg_path("--plot", args.plot.as_deref())?;
    let scenario = load_for_models(&args.file)?;
    let bar = progress_bar(0, "crisis");
    opts.control = Some(control(&bar, "crisis", None));
    let report = with_threads(args.crisis.threads, || {
        brink_crisis::analyze(&scenario, &opts)
    })??;
    bar.finish_and_clear();
    crate::record::result(
        "crisis",
        Some(&args.file),
        Some(&scenario.name),
        Some(opts.seed),
        &report,
    )?;
    if let Some(path) = &args.export_game {
        emit(Some(path), &exported_game(&scenario)?)?;
    }
    if let Some(path) = &args.plot {
        write_chart(
            path,
            "crisis odds chart",
            brink_present::crisis_svg(&report),
        )?;
    }
    let text = match args.crisis.format {
        Format::Json => json_text(&report),
        Format::Csv => brink_present::csv::crisis(&report),
        Format::Table => crate::output::fit_prose(&table(&scenario, &report)),
    };
    emit(None, &text)
}

/// The scenario's crisis game on its parameters' point estimates, as Gambit `.efg` text.
fn exported_game(scenario: &Scenario) -> Result<String, CliError> {
    let spec = brink_crisis::CrisisSpec::from_scenario(scenario)?.ok_or_else(|| {
        CliError::from(brink_crisis::CrisisError::NoCrisis {
            file: scenario.origin.file.clone(),
        })
    })?;
    let game = spec.build(&spec.point())?;
    Ok(brink_games::write_efg(&game.game))
}

/// `+1.2`, `-0.4`, and `0.0` for anything that rounds to zero (never `-0.0`).
fn signed(x: f64, dec: usize) -> String {
    crate::output::fmt_signed(x, dec)
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// The human report.
fn table(scenario: &Scenario, r: &CrisisReport) -> String {
    let mut out = String::new();
    let how = if r.runs > 1 {
        format!("Monte Carlo, {} runs, seed {}", r.runs, r.seed)
    } else {
        "point estimates".to_string()
    };
    let _ = writeln!(
        out,
        "{} — crisis game `{}` (logit QRE λ = {}, {how})",
        r.scenario, r.game, r.lambda
    );
    let roles: Vec<String> = r
        .players
        .iter()
        .map(|p| format!("{} {}", p.role, p.actor))
        .collect();
    let _ = writeln!(out, "  roles: {}", roles.join(", "));
    if r.lambda == DEFAULT_LAMBDA {
        let _ = writeln!(out, "  (λ = {DEFAULT_LAMBDA} is the default: players mostly, not always, see their interest; --lambda to change)");
    }

    let _ = writeln!(out, "\nOdds of each outcome");
    let mut headers = vec![("outcome", Align::Left), ("P (QRE)", Align::Right)];
    if r.intervals.is_some() {
        headers.push(("median", Align::Right));
        headers.push(("90% interval", Align::Right));
    }
    let mut odds_notes = vec![];
    headers.push(("P (SPE)", Align::Right));
    let mut t = Table::new(&headers);
    for (name, p) in &r.outcomes {
        let mut row = vec![name.clone(), pct(*p)];
        if let Some(iv) = &r.intervals {
            let [lo, hi] = iv[name];
            if let Some(sp) = r.spread.as_ref().and_then(|s| s.get(name)) {
                row.push(pct(sp.median));
                if let Some([[a, sa], [b, sb]]) = sp.two_valued {
                    odds_notes.push(format!(
                        "{name} is two-valued over the runs: {} in {} of them, {} in {} — the mean {} is a mix of the two, not a typical run",
                        pct(a), pct(sa), pct(b), pct(sb), pct(*p)
                    ));
                } else if *p < lo - 5e-4 || *p > hi + 5e-4 {
                    odds_notes.push(format!(
                        "{name}: the mean {} lies outside its 90% interval — a few runs far from the rest carry it (median {})",
                        pct(*p), pct(sp.median)
                    ));
                }
            } else {
                row.push(String::new());
            }
            row.push(format!("{} – {}", pct(lo), pct(hi)));
        }
        let spe = r
            .spe
            .mean_outcomes
            .as_ref()
            .and_then(|m| m.get(name))
            .or(r.spe.outcomes.get(name))
            .copied()
            .unwrap_or(0.0);
        row.push(pct(spe));
        t.row(row);
    }
    let total: f64 = r.outcomes.values().sum();
    let mut sum = vec!["total".to_string(), pct(total)];
    if r.intervals.is_some() {
        sum.push(String::new());
        sum.push(String::new());
    }
    sum.push(pct(1.0));
    t.row(sum);
    out.push_str(&t.render_within("  ", crate::output::table_width()));
    if r.spe.mean_outcomes.is_some() {
        let _ = writeln!(
            out,
            "  (P (SPE): the subgame-perfect equilibrium's odds averaged over the runs)"
        );
    }
    for n in &odds_notes {
        let _ = writeln!(out, "  note: {n}");
    }

    let steps: Vec<String> = r
        .spe
        .moves
        .iter()
        .map(|m| {
            let mix: Vec<String> = m
                .mix
                .iter()
                .map(|a| {
                    if m.mix.len() > 1 || a.prob < 1.0 - 1e-9 {
                        format!("{} {}", a.action, pct(a.prob))
                    } else {
                        a.action.clone()
                    }
                })
                .collect();
            format!("{} — {}: {}", m.player, m.decision, mix.join(" / "))
        })
        .collect();
    let _ = writeln!(out, "\nSubgame-perfect path (point estimates):");
    for (k, s) in steps.iter().enumerate() {
        let _ = writeln!(out, "  {}{s}", if k == 0 { "  " } else { "→ " });
    }
    let _ = writeln!(out, "  ⇒ {}", r.spe.end);
    let payoffs: Vec<String> = r
        .spe
        .payoffs
        .iter()
        .map(|(a, u)| format!("{a} {}", crate::output::fmt_signed(*u, 3)))
        .collect();
    let _ = writeln!(out, "  SPE payoffs: {}", payoffs.join(", "));
    let fail: Vec<String> = r
        .failure_payoffs
        .iter()
        .map(|(a, u)| format!("{a} {}", crate::output::fmt_signed(*u, 3)))
        .collect();
    let _ = writeln!(
        out,
        "  expected payoff should talks fail (QRE): {}",
        fail.join(", ")
    );

    let b = &r.breakdown;
    let odds: Vec<String> = b
        .odds
        .iter()
        .filter(|(_, p)| **p > 5e-4)
        .map(|(o, p)| format!("{o} {}", pct(*p)))
        .collect();
    let _ = writeln!(
        out,
        "\nShould talks fail (QRE, point estimates): P(no deal) = {}; then {}; force used {}",
        pct(b.p_no_deal),
        odds.join(", "),
        pct(b.p_violence)
    );
    let mut costs: Vec<(f64, Vec<&str>)> = vec![];
    for (a, c) in &b.bystander_costs {
        match costs.iter_mut().find(|(x, _)| x == c) {
            Some((_, v)) => v.push(a),
            None => costs.push((*c, vec![a])),
        }
    }
    if !costs.is_empty() {
        let parts: Vec<String> = costs
            .iter()
            .map(|(c, ids)| format!("{} {c}", ids.join(", ")))
            .collect();
        let _ = writeln!(
            out,
            "  cost of a violent breakdown to actors outside the game (crisis-payoff units): {}",
            parts.join("; ")
        );
    }

    if !b.player_costs.is_empty() {
        let parts: Vec<String> = b
            .player_costs
            .iter()
            .map(|(a, c)| format!("{a} {}", fmt_num(*c, 3)))
            .collect();
        let _ = writeln!(
            out,
            "  the players' own cost of fighting (this game's payoffs are shares of the stake, so they enter like outsiders: docs/crisis.md): {}",
            parts.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nThe bargaining table with the crisis as everyone's disagreement point (NBS)"
    );
    let mut t = Table::new(&[
        ("issue", Align::Left),
        ("status quo", Align::Right),
        ("breakdown x̄", Align::Right),
        ("reference", Align::Right),
        ("status-quo NBS", Align::Right),
        ("with crisis", Align::Right),
        ("shift", Align::Right),
        ("90% interval", Align::Right),
    ]);
    let mut notes = vec![];
    for issue in &scenario.issues {
        let dec = decimals_for(issue.scale);
        let Some(f) = r.forecasts.get(&issue.id) else {
            continue;
        };
        let shift = r.forecast_shift.get(&issue.id).copied().flatten();
        let num = |x: Option<f64>| x.map_or("—".into(), |x| fmt_num(x, dec));
        t.row(vec![
            issue.id.clone(),
            num(issue.status_quo.as_ref().map(|s| s.point())),
            num(r.breakdown_point.get(&issue.id).copied().flatten()),
            num(r.disagreement_point.get(&issue.id).copied().flatten()),
            f.baseline.map_or("—".into(), |x| fmt_num(x, dec)),
            f.with_crisis.map_or("—".into(), |x| fmt_num(x, dec)),
            shift.map_or("—".into(), |x| signed(x, dec)),
            f.shift_interval.map_or(String::new(), |[lo, hi]| {
                format!("{} – {}", signed(lo, dec), signed(hi, dec))
            }),
        ]);
        for n in &f.notes {
            notes.push(format!("{}: {n}", issue.id));
        }
        if let Some(bl) = r.blocking.get(&issue.id) {
            notes.push(brink_crisis::link::blocking_words(&issue.id, bl, dec));
        }
    }
    out.push_str(&t.render_within("  ", crate::output::table_width()));
    let _ = writeln!(
        out,
        "  (x̄: the expected breakdown point; reference = (1 − P(no deal))·status quo + P(no deal)·x̄, the status quo of the models that use one — `brink compare` shows them; both are Monte Carlo means when parameters are uncertain; bdm and smp capabilities are not changed: docs/crisis.md)"
    );
    for n in notes.iter().chain(&r.notes) {
        let _ = writeln!(out, "  note: {n}");
    }
    out
}
