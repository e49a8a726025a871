//! What several commands share: output formats, the model and crisis flags, worker threads,
//! progress bars and scenario loading (CSV, charts and tables are brink-present's). Commands
//! import from here, never from each other.

mod crisis;
pub mod limits;
mod models;
mod simulation;

pub use crisis::CrisisArgs;
pub use models::{
    affordable, check_model_options, check_option_routing, human_seconds, parse_options,
    select_models, ModelOpts, UtilityArg,
};
pub use simulation::render as render_simulation;

use crate::error::CliError;
use brink_core::{Diagnostic, Diagnostics, Scenario};

/// `--format` of the commands that print a report as a table, JSON or CSV.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// `--format` of the commands whose report has no CSV form (`runs`).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

/// A report as the JSON the contract shows: pretty, with a final newline.
pub fn json_text(report: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises") + "\n"
}

/// Runs `f` on `threads` workers (all cores by default).
pub fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, CliError> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(CliError::Usage("--threads must be at least 1".into())),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| CliError::Usage(format!("cannot start {n} threads: {e}"))),
    }
}

/// A progress bar on stderr when it is a terminal; nothing when piped (indicatif draws to a
/// terminal only), so tests and pipes never see bar text.
pub fn progress_bar(runs: usize, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(runs as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} runs ({eta} left)")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}

/// A spinner on stderr for work of unknown length (a solver's path) when stderr is a terminal;
/// nothing when piped. Its message is `what`, then the work's status once it reports one.
pub fn spinner(what: &str) -> indicatif::ProgressBar {
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// A [`brink_core::Control`] that drives `bar` (finished units advance it, a status becomes its
/// message after `what`) and, with `timeout` seconds, stops the work when they have passed.
pub fn control(
    bar: &indicatif::ProgressBar,
    what: &str,
    timeout: Option<f64>,
) -> std::sync::Arc<brink_core::Control> {
    let bar = bar.clone();
    let what = what.to_string();
    let mut control = brink_core::Control::new().on_progress(move |p| match p {
        brink_core::Progress::Done { units, total } => {
            // A known total sets the bar's length; a second batch of work (compare's second
            // crisis) reporting the same total extends it.
            if let Some(t) = total {
                let len = bar.length().unwrap_or(0);
                if len == 0 {
                    bar.set_length(t);
                } else if bar.position() + units > len {
                    bar.set_length(len + t);
                }
            }
            bar.inc(units)
        }
        brink_core::Progress::Status(s) => bar.set_message(format!("{what}: {s}")),
    });
    if let Some(t) = timeout {
        control = control.with_timeout(std::time::Duration::from_secs_f64(t));
    }
    std::sync::Arc::new(control)
}

/// Refuses, before any work, a chart file (`flag`, e.g. `--plot`) whose name does not end in
/// `.svg`: charts are SVG only (usage error, exit 2).
pub fn check_svg_path(flag: &str, path: Option<&std::path::Path>) -> Result<(), CliError> {
    match path {
        Some(p) if p.extension().and_then(|e| e.to_str()) != Some("svg") => {
            Err(CliError::Usage(format!(
                "{flag} writes SVG only: expected a file name ending in .svg, found {}",
                p.display()
            )))
        }
        _ => Ok(()),
    }
}

/// Writes a chart drawn by brink-present (`what` names it in an error) to `path`, all at once.
pub fn write_chart(
    path: &std::path::Path,
    what: &str,
    svg: Result<String, String>,
) -> Result<(), CliError> {
    let svg = svg.map_err(|e| CliError::InputMessage(format!("cannot draw the {what}: {e}")))?;
    crate::output::emit(Some(path), &svg)
}

/// Prints warnings (validation passed, but something deserves a look) to stderr.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

/// Loads a scenario for a command that runs models: warnings printed, the `[models.*]` sections
/// checked (located errors, exit 1), and capabilities so large or small that the models' sums
/// would overflow divided by the largest (only their ratios matter), with a note.
pub fn load_for_models(file: &str) -> Result<Scenario, CliError> {
    let (mut scenario, warnings) = brink_formats::load_scenario(file)?;
    print_warnings(&warnings);
    let problems = brink_models::scenario_settings_diagnostics(&scenario);
    if !problems.is_empty() {
        return Err(CliError::Input(Diagnostics(problems)));
    }
    if let Some(d) = scenario.normalise_capabilities() {
        eprintln!(
            "note: capabilities divided by the largest ({d:e}) so that the models' sums stay \
             within f64's range; only their ratios matter"
        );
    }
    Ok(scenario)
}

/// A one-line description of a game (`brink check`, `brink game`).
pub fn game_summary(game: &brink_games::AnyGame) -> String {
    use brink_games::AnyGame;
    match game {
        AnyGame::Strategic(g) => format!(
            "`{}`, {} players, strategies {}",
            g.title,
            g.num_players(),
            g.num_strategies()
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("×")
        ),
        AnyGame::Extensive(t) => format!(
            "`{}`, {} players, {} nodes, {} information sets",
            t.title,
            t.num_players(),
            t.nodes().len(),
            t.infosets().len()
        ),
    }
}
