//! `brink serve [DIR]`: the local web workbench (brink-serve) on the scenarios in DIR, recording
//! every run in a run store; `brink report SCENARIO... -o report.html`: the printable report as
//! one self-contained HTML file.

use super::common::limits;
use crate::error::CliError;
use crate::output::emit;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// The folder of scenarios to serve (files are read and written only inside it).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to listen. Loopback by default; any other address is reachable from the network
    /// (a warning says so) and still needs the token.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The access token (default: a fresh random one, printed in the URL at start).
    #[arg(long)]
    pub token: Option<String>,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// The most Monte Carlo runs one request may ask for (at most 1,000,000).
    #[arg(long, default_value_t = 100_000, value_parser = limits::runs)]
    pub max_runs: usize,
    /// Seconds one solve may take before the request gets 503.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub solve_timeout: u64,
    /// Solves running at once (further requests wait their turn; at most 256).
    #[arg(long, default_value_t = 4, value_parser = limits::threads)]
    pub max_concurrent: usize,
}

/// `store`: `--store` or `BRINK_STORE`; the server records by default, in DIR/brink-runs.sqlite.
pub fn run(args: Args, store: Option<PathBuf>) -> Result<(), CliError> {
    let store = store.unwrap_or_else(|| args.dir.join("brink-runs.sqlite"));
    let token = match args.token {
        Some(t)
            if t.len() < 8
                || !t
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            return Err(CliError::Usage(
                "--token must be at least 8 letters, digits, `-` or `_`".into(),
            ))
        }
        Some(t) => t,
        None => brink_serve::random_token(),
    };
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, reachable from other machines: anyone with the token can use the workbench",
            args.addr
        );
    }
    let config = brink_serve::Config {
        addr: args.addr,
        dir: args.dir.clone(),
        store: store.clone(),
        token: token.clone(),
        limits: brink_serve::Limits {
            max_body: args.max_body,
            max_runs: args.max_runs,
            solve_timeout: Duration::from_secs(args.solve_timeout.max(1)),
            max_concurrent: args.max_concurrent,
        },
    };
    brink_serve::run_blocking(config, |addr| {
        eprintln!(
            "brink serve: the scenarios in {}, the run store {}",
            args.dir.display(),
            store.display()
        );
        // The URL on stdout (scripts read it); a line of its own.
        println!("{}", brink_serve::url(addr, &token));
    })
    .map_err(|e| CliError::InputMessage(e.to_string()))
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Scenario files: one printed page each.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// Write the HTML here (whole or not at all) instead of stdout.
    #[arg(short, long, value_name = "report.html")]
    pub output: Option<PathBuf>,
}

pub fn report(args: ReportArgs) -> Result<(), CliError> {
    let mut inputs = Vec::new();
    for f in &args.files {
        let source = brink_formats::read_input(f)?;
        inputs.push((f.clone(), source.text));
    }
    let html = brink_serve::report::html(&inputs).map_err(|e| match e {
        brink_serve::compute::ComputeError::Input(d) => CliError::Input(d),
        brink_serve::compute::ComputeError::Usage(m) => CliError::Usage(m),
        brink_serve::compute::ComputeError::Model(m) => CliError::InputMessage(m),
    })?;
    emit(args.output.as_deref().map(Path::new), &html)
}
