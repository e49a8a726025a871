//! `brink game info|solve|convert`: games in Gambit's formats, solved by brink's game engine.

use super::common::limits;
use crate::error::CliError;
use crate::output::emit;
use brink_core::Stop;
use brink_games::output::{gambit_lines, info_text, solution_json};
use brink_games::{AnyGame, Equilibrium, Method, Options, SolveError};
use brink_present::game::{equilibria_text, none_found, payoff_grids, tree_text};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: GameCommand,
}

#[derive(clap::Subcommand)]
pub enum GameCommand {
    /// Players, strategies or information sets, sizes and subgames of a game, then its payoff
    /// table (`.nfg`) or its tree as indented text (`.efg`).
    Info {
        /// A Gambit game (`.efg` or `.nfg`; `-` reads stdin).
        file: String,
        /// Draw the tree of an extensive game (`.efg`) as SVG.
        #[arg(long, value_name = "OUT.svg")]
        plot: Option<PathBuf>,
    },
    /// Equilibria: Nash (enumpure, enummixed, lcp, lp), logit QRE, subgame-perfect (spe).
    Solve(SolveArgs),
    /// Convert between the extensive (`efg`) and strategic (`nfg`) forms.
    Convert {
        /// A Gambit game (`.efg` or `.nfg`; `-` reads stdin).
        file: String,
        /// The output form.
        #[arg(long, value_enum)]
        to: To,
        /// Write here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum To {
    Efg,
    Nfg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Gambit,
    Json,
    Table,
}

#[derive(clap::Args)]
pub struct SolveArgs {
    /// A Gambit game (`.efg` or `.nfg`; `-` reads stdin).
    pub file: String,
    /// enumpure | enumpure-agent | enummixed | lcp | lp | logit | spe (default: spe on trees,
    /// enummixed on 2-player strategic games, enumpure otherwise).
    #[arg(long)]
    pub method: Option<String>,
    /// Exact rational arithmetic where the method supports it (ignored with a note otherwise).
    #[arg(long)]
    pub exact: bool,
    /// logit: the QRE at this λ instead of the limit (with --observed: the largest λ searched).
    #[arg(long, value_parser = limits::lambda)]
    pub lambda: Option<f64>,
    /// logit: observed action (or strategy) counts, comma-separated in profile order, to
    /// estimate λ by maximum likelihood.
    #[arg(long, value_delimiter = ',')]
    pub observed: Option<Vec<f64>>,
    /// lcp on strategic games: stop after this many equilibria (default: all accessible).
    #[arg(long, default_value_t = 0, value_parser = limits::count)]
    pub stop_after: usize,
    /// Decimal places of floating-point output (Gambit's -d; at most 40).
    #[arg(long, default_value_t = 6, value_parser = limits::decimals)]
    pub decimals: usize,
    /// `table`: each equilibrium as per-player tables (the default on a terminal); `gambit`:
    /// `NE,…` lines as Gambit's tools print them (the default when piped); `json`: the full
    /// solution.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Print the solver's own wall time (reading and printing excluded) to stderr.
    #[arg(long)]
    pub timing: bool,
    /// Stop the solver after SECS seconds and print what it reached, marked incomplete (logit:
    /// the last point on its path with its λ and regret; other methods: nothing yet), exit 3.
    #[arg(long, value_name = "SECS", value_parser = limits::timeout)]
    pub timeout: Option<f64>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    match args.command {
        GameCommand::Info { file, plot } => {
            super::common::check_svg_path("--plot", plot.as_deref())?;
            let game = load(&file)?;
            if let Some(path) = &plot {
                let AnyGame::Extensive(tree) = &game else {
                    return Err(CliError::Usage(format!(
                        "--plot draws game trees: {file} is a strategic game (`brink game convert --to efg` makes a tree of it)"
                    )));
                };
                super::common::write_chart(path, "game tree", brink_present::tree_svg(tree))?;
            }
            let shape = match &game {
                AnyGame::Strategic(g) => payoff_grids(g),
                AnyGame::Extensive(t) => tree_text(t),
            };
            emit(None, &format!("{}\n{shape}", info_text(&game)))
        }
        GameCommand::Solve(a) => solve(a),
        GameCommand::Convert { file, to, output } => {
            let game = load(&file)?;
            let text = match (to, &game) {
                (To::Efg, AnyGame::Extensive(t)) => brink_games::write_efg(t),
                (To::Efg, AnyGame::Strategic(g)) => {
                    brink_games::write_efg(&brink_games::to_tree(g)?)
                }
                (To::Nfg, AnyGame::Strategic(g)) => brink_games::write_nfg(g),
                (To::Nfg, AnyGame::Extensive(t)) => {
                    brink_games::write_nfg(&brink_games::to_strategic(t)?)
                }
            };
            emit(output.as_deref(), &text)
        }
    }
}

fn load(file: &str) -> Result<AnyGame, CliError> {
    let source = brink_formats::read_input(file)?;
    Ok(brink_games::parse_game(file, &source.text)?)
}

fn solve(a: SolveArgs) -> Result<(), CliError> {
    let game = load(&a.file)?;
    let method: Method = match &a.method {
        Some(m) => m.parse().map_err(CliError::Usage)?,
        None => match &game {
            AnyGame::Extensive(_) => Method::Spe,
            AnyGame::Strategic(g) if g.num_players() == 2 => Method::EnumMixed,
            AnyGame::Strategic(_) => Method::EnumPure,
        },
    };
    if a.observed.is_some() && method != Method::Logit {
        return Err(CliError::Usage("--observed needs --method logit".into()));
    }
    if a.lambda.is_some() && method != Method::Logit {
        return Err(CliError::Usage("--lambda needs --method logit".into()));
    }
    let bar = super::common::spinner(&format!("solving ({method})"));
    let control = super::common::control(&bar, &format!("{method}"), a.timeout);
    let opts = Options {
        exact: a.exact,
        lambda: a.lambda,
        observed: a.observed.clone(),
        stop_after: a.stop_after,
        control: Some(control.clone()),
        ..Options::default()
    };
    let started = Instant::now();
    let game = Arc::new(game);
    let solved = solve_within(&game, method, opts, a.timeout);
    bar.finish_and_clear();
    if a.timing {
        eprintln!("time: {:.6} s ({method})", started.elapsed().as_secs_f64());
    }
    let (eqs, stopped) = match solved {
        Ok(eqs) => (eqs, None),
        Err(SolveError::Stopped { stop, partial, .. }) => (partial, Some(stop)),
        Err(e) => return Err(e.into()),
    };
    if a.exact && eqs.iter().any(|e| e.exact.is_none()) {
        eprintln!("note: {method} computes in floating point here; --exact ignored");
    }
    for e in &eqs {
        for n in &e.notes {
            eprintln!("note: {n}");
        }
    }
    let format = a.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Gambit
    });
    if eqs.is_empty() && !matches!(format, Format::Table) {
        // Machine formats stay as they were (no lines, an empty list); people are told.
        eprintln!("note: {}", none_found(method));
    }
    let mut text = match format {
        Format::Table => equilibria_text(&game, method, &eqs, a.decimals),
        Format::Gambit => gambit_lines(&eqs, a.decimals),
        Format::Json => {
            let mut json = solution_json(&game, method, &eqs);
            json["complete"] = stopped.is_none().into();
            if let Some(stop) = stopped {
                json["stopped"] = stop.name().into();
            }
            format!("{}\n", serde_json::to_string_pretty(&json).expect("JSON"))
        }
    };
    let Some(stop) = stopped else {
        return emit(None, &text);
    };
    let what = match (method, eqs.len()) {
        (_, 0) => "nothing reached yet".to_string(),
        (Method::Logit, _) => "printed is the last point reached on the path".to_string(),
        (_, n) => format!("printed are the {n} solution(s) found so far"),
    };
    let message = format!(
        "{method} stopped ({stop}) after {:.1} s: {what}",
        started.elapsed().as_secs_f64()
    );
    if matches!(format, Format::Table) {
        text.push_str(&crate::output::fit_prose(&format!(
            "\nincomplete — {message}\n"
        )));
    }
    emit(None, &text)?;
    Err(CliError::NoConvergence(message))
}

/// How long past its deadline a solver that does not check its control (every method but logit
/// following its path) is waited for before the command gives up on it.
const GRACE: Duration = Duration::from_millis(500);

/// Solves on a worker thread. With `timeout`, a solver that checks its control stops itself with
/// what it reached ([`SolveError::Stopped`]); one that does not is abandoned (the process exits
/// soon after) a moment past the deadline, with nothing reached.
fn solve_within(
    game: &Arc<AnyGame>,
    method: Method,
    opts: Options,
    timeout: Option<f64>,
) -> Result<Vec<Equilibrium>, SolveError> {
    let Some(timeout) = timeout else {
        return brink_games::solve(game, method, &opts);
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let worker_game = Arc::clone(game);
    std::thread::Builder::new()
        .name("solver".into())
        .spawn(move || {
            let _ = tx.send(brink_games::solve(&worker_game, method, &opts));
        })
        .map_err(|e| SolveError::BadInput(format!("cannot start the solver's thread: {e}")))?;
    match rx.recv_timeout(Duration::from_secs_f64(timeout) + GRACE) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(SolveError::BadInput(format!(
            "the {method} solver ended without an answer"
        ))),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(SolveError::Stopped {
            method: method.name().into(),
            stop: Stop::Timeout,
            partial: vec![],
        }),
    }
}
