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

/// `--format` of the commands whose report has no CSV form (`crisis`, `compare`).
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

/// A progress bar on stderr when it is a terminal; nothing when piped.
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
