//! `brink`: forecasts negotiations and crises. This binary only parses arguments, calls the
//! libraries and prints; every error flows to [`error::CliError`] and its exit code
//! (0 success, 1 bad input, 2 usage, 3 a model or solver did not converge or was stopped by
//! `--timeout`, 130 interrupted by Ctrl-C).

// Writes that never panic. std's `println!`/`eprintln!` panic when the write fails (stdout
// closed by `| head -1`, stderr on `/dev/full`); these shadow them in every module of the crate
// (declared before the modules, so in scope there). stdout: a closed pipe ends the program
// quietly with exit 0 as ripgrep does, any other failure with a message and exit 1. stderr:
// a failed diagnostic has nowhere left to go, so it is dropped and the exit code still tells.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let result = writeln!(std::io::stdout().lock(), $($arg)*);
        if let Err(e) = result {
            $crate::output::stdout_failed(e);
        }
    }};
}
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod cmd;
mod error;
mod output;
mod record;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "brink",
    version,
    about = "Forecast negotiations and crises: bargaining models, game solvers, uncertainty",
    long_about = None,
    after_help = "Documentation: docs/README.md in the repository — docs/cli.md (every command, flag, \
                  exit code and JSON shape), docs/models.md, docs/games.md, docs/scenario.md."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Record the run in this run store (an SQLite file, created if need be); default: the
    /// `BRINK_STORE` environment variable. `brink runs` reads it.
    #[arg(long, global = true, value_name = "PATH")]
    store: Option<std::path::PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a commented scenario template to fill in (`brink check` accepts it as written).
    Init(cmd::init::Args),
    /// Validate inputs of any kind; exit 0, or 1 with located diagnostics.
    Check(cmd::check::Args),
    /// Convert any scenario input to brink's own format (TOML or JSON).
    Convert(cmd::convert::Args),
    /// Forecast each issue's outcome with every bargaining model that applies.
    Forecast(cmd::forecast::Args),
    /// Monte Carlo over the scenario's uncertain numbers: forecasts with error bars.
    Simulate(cmd::simulate::Args),
    /// Merge the parts of `brink simulate --shard K/N` into the whole run's result, byte for byte.
    Merge(cmd::merge::Args),
    /// Which inputs move each forecast most: a tornado table (and chart with --plot).
    Sensitivity(cmd::sensitivity::Args),
    /// Score the models against known outcomes (the DEU dataset layout).
    Validate(cmd::validate::Args),
    /// Games in Gambit's formats: info, solve (Nash, QRE, subgame-perfect), convert.
    Game(cmd::game::Args),
    /// Solve the scenario's crisis game: odds of each outcome, SPE path, shift of the forecasts.
    Crisis(cmd::crisis::Args),
    /// Two scenarios side by side: crisis odds and forecasts, with differences.
    Compare(cmd::compare::Args),
    /// Each actor's view: gains against the status quo, allies, rivals, and its best moves.
    Actors(cmd::actors::Args),
    /// The runs kept in a run store: list, show, diff, export, delete.
    Runs(cmd::runs::Args),
    /// Code news articles into events (CAMEO, PLOVER, Goldstein); a scenario skeleton.
    Events(cmd::events::Args),
    /// The local web workbench on a folder of scenarios (prints its URL with an access token).
    Serve(cmd::serve::Args),
    /// A printable report (inputs, forecasts, odds, sensitivity) as one self-contained HTML file.
    Report(cmd::serve::ReportArgs),
}

fn main() {
    let cli = Cli::parse();
    output::handle_interrupts();
    let store = cmd::runs::store_path(cli.store);
    // `runs` reads the store and `serve` records its own runs; the others record through `record`.
    let own_store = matches!(cli.command, Command::Runs(_) | Command::Serve(_));
    if let (Some(path), false) = (&store, own_store) {
        record::configure(path.clone());
    }
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Convert(args) => cmd::convert::run(args),
        Command::Forecast(args) => cmd::forecast::run(args),
        Command::Simulate(args) => cmd::simulate::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Sensitivity(args) => cmd::sensitivity::run(args),
        Command::Validate(args) => cmd::validate::run(args),
        Command::Game(args) => cmd::game::run(args),
        Command::Crisis(args) => cmd::crisis::run(args),
        Command::Compare(args) => cmd::compare::run(args),
        Command::Events(args) => cmd::events::run(args),
        Command::Actors(args) => cmd::actors::run(args),
        Command::Runs(args) => cmd::runs::run(args, store),
        Command::Serve(args) => cmd::serve::run(args, store),
        Command::Report(args) => cmd::serve::report(args),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(e.exit_code());
    }
}
