//! Recording runs in a run store (`--store PATH` or `BRINK_STORE`): main configures it once,
//! and each computing command hands its JSON result to [`result`] before printing it. Without
//! a store, [`result`] does nothing. What is recorded: the input's bytes as read at the start,
//! the command line (the options, exactly as given), the seed, brink's version, start and end
//! times and the JSON the command prints with `--format json` — whatever format was asked for.

use crate::error::CliError;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::SystemTime;

struct Config {
    store: PathBuf,
    started: SystemTime,
    argv: Vec<String>,
}

static CONFIG: OnceLock<Config> = OnceLock::new();

/// The command line minus `--store PATH`: where a run is kept is not one of its options.
fn without_store(args: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        if a == "--store" {
            args.next();
        } else if !a.starts_with("--store=") {
            out.push(a);
        }
    }
    out
}

/// Turns recording on for this process (called once, by main, before the command runs).
pub fn configure(store: PathBuf) {
    let _ = CONFIG.set(Config {
        store,
        started: SystemTime::now(),
        argv: without_store(std::env::args().skip(1)),
    });
}

/// The bytes of an input, read for the record (a file read again is the file the command read
/// a moment ago; standard input cannot be read twice, and is recorded without its bytes).
fn input_bytes(file: &str) -> Option<Vec<u8>> {
    (file != "-").then(|| std::fs::read(file).ok()).flatten()
}

/// Records one run when a store is configured; returns its id.
pub fn result<T: Serialize>(
    command: &str,
    input: Option<&str>,
    scenario: Option<&str>,
    seed: Option<u64>,
    report: &T,
) -> Result<Option<i64>, CliError> {
    let Some(config) = CONFIG.get() else {
        return Ok(None);
    };
    let value = serde_json::to_value(report).expect("a report always serialises");
    let bytes = input.and_then(input_bytes);
    let mut store = crate::cmd::runs::open_store(&config.store)?;
    // One transaction, with Ctrl-C held off: a run is recorded whole or not at all.
    let recorded = crate::output::uninterrupted(|| {
        store.record(&brink_store::NewRun {
            command,
            scenario,
            input_path: input,
            input: bytes.as_deref(),
            options: serde_json::json!({ "argv": config.argv }),
            seed,
            version: env!("CARGO_PKG_VERSION"),
            started: config.started,
            finished: SystemTime::now(),
            exit_code: 0,
            result: &value,
        })
    });
    let id = recorded.map_err(|e| CliError::InputMessage(e.to_string()))?;
    eprintln!("note: recorded as run {id} in {}", config.store.display());
    Ok(Some(id))
}
