//! `brink runs list|show|diff|export|delete`: the runs kept in a run store (`--store PATH` or
//! `BRINK_STORE`), as recorded by `--store` on the commands that compute.

use crate::error::CliError;
use crate::output::emit;
use brink_store::{diff_json, Change, Filter, Run, Store};
use std::fmt::Write;
use std::path::PathBuf;

use super::common::{json_text, TableOrJson as Format};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
    #[arg(long, global = true, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// The runs, newest first.
    List {
        /// Only runs of this scenario name.
        #[arg(long)]
        scenario: Option<String>,
        /// Only runs of this command (forecast, simulate, crisis, …).
        #[arg(long)]
        command: Option<String>,
        /// At most this many.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// One run: what was run on what, and its result.
    Show { id: i64 },
    /// What changed between two runs: the inputs' numbers and the results.
    Diff { a: i64, b: i64 },
    /// One run as a self-contained JSON document (input text included).
    Export {
        id: i64,
        /// Write to this file (whole or not at all) instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Remove a run.
    Delete { id: i64 },
}

/// The store named by `--store`, else `BRINK_STORE`; `None` when neither is set.
pub fn store_path(flag: Option<PathBuf>) -> Option<PathBuf> {
    flag.or_else(|| {
        std::env::var_os("BRINK_STORE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

pub fn open_store(path: &std::path::Path) -> Result<Store, CliError> {
    Store::open(path).map_err(|e| CliError::InputMessage(e.to_string()))
}

/// `store`: `--store` or `BRINK_STORE`, resolved by main.
pub fn run(args: Args, store: Option<PathBuf>) -> Result<(), CliError> {
    let path = store.ok_or_else(|| {
        CliError::Usage("no run store: give --store PATH or set BRINK_STORE".into())
    })?;
    if !path.exists() {
        return Err(CliError::InputMessage(format!(
            "{}: no such run store (runs are recorded with --store on forecast, simulate, …)",
            path.display()
        )));
    }
    let mut store = open_store(&path)?;
    let store_err = |e: brink_store::StoreError| CliError::InputMessage(e.to_string());
    let text = match args.action {
        Action::List {
            scenario,
            command,
            limit,
        } => {
            let runs = store
                .list(&Filter {
                    scenario: scenario.as_deref(),
                    command: command.as_deref(),
                    limit,
                })
                .map_err(store_err)?;
            match args.format {
                Format::Json => json_text(&runs),
                Format::Table => list_table(&runs),
            }
        }
        Action::Show { id } => {
            let run = store.get(id).map_err(store_err)?;
            match args.format {
                Format::Json => json_text(&run),
                Format::Table => show_table(&run),
            }
        }
        Action::Diff { a, b } => {
            let (ra, rb) = (
                store.get(a).map_err(store_err)?,
                store.get(b).map_err(store_err)?,
            );
            let inputs = diff_json(&input_twin(&ra), &input_twin(&rb));
            let options = diff_json(&ra.options, &rb.options);
            let results = diff_json(&ra.result, &rb.result);
            match args.format {
                Format::Json => json_text(&serde_json::json!({
                    "a": ra.summary, "b": rb.summary,
                    "inputs": inputs, "options": options, "results": results,
                })),
                Format::Table => diff_table(&ra, &rb, &inputs, &options, &results),
            }
        }
        Action::Export { id, output } => {
            let run = store.get(id).map_err(store_err)?;
            return emit(output.as_deref(), &json_text(&run));
        }
        Action::Delete { id } => {
            if !store.delete(id).map_err(store_err)? {
                return Err(CliError::InputMessage(format!(
                    "{}: no run {id}",
                    path.display()
                )));
            }
            eprintln!("deleted run {id}");
            return Ok(());
        }
    };
    emit(None, &text)
}

/// A stored input read back as brink's scenario JSON, so that a diff names the numbers that
/// changed (`positions[…]`, `actors[USA].capability`) whatever the input's format; the raw text
/// (as one string) when it no longer parses.
fn input_twin(run: &Run) -> serde_json::Value {
    let Some(text) = &run.input else {
        return serde_json::Value::Null;
    };
    let file = run.summary.input_path.as_deref().unwrap_or("input");
    match brink_formats::load_scenario_text(text, file) {
        Ok((scenario, _)) => {
            serde_json::from_str(&brink_formats::toml_scenario::to_json(&scenario))
                .unwrap_or(serde_json::Value::Null)
        }
        Err(_) => serde_json::Value::String(text.clone()),
    }
}

fn list_table(runs: &[brink_store::RunSummary]) -> String {
    if runs.is_empty() {
        return "no runs\n".into();
    }
    let mut t = crate::output::Table::new(&[
        ("id", crate::output::Align::Right),
        ("created (UTC)", crate::output::Align::Left),
        ("command", crate::output::Align::Left),
        ("scenario", crate::output::Align::Left),
        ("seed", crate::output::Align::Right),
        ("took", crate::output::Align::Right),
    ]);
    for r in runs {
        t.row(vec![
            r.id.to_string(),
            r.created
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string(),
            r.command.clone(),
            shorten(r.scenario.as_deref().unwrap_or("—"), 32),
            r.seed.map(|s| s.to_string()).unwrap_or_default(),
            format!("{:.2} s", r.duration_ms as f64 / 1000.0),
        ]);
    }
    t.render("")
}

fn show_table(run: &Run) -> String {
    let s = &run.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "run {} — brink {} {}",
        s.id,
        s.command,
        s.input_path.as_deref().unwrap_or("")
    );
    let _ = writeln!(out, "scenario  {}", s.scenario.as_deref().unwrap_or("—"));
    let _ = writeln!(
        out,
        "created   {} (took {:.2} s, exit {})",
        s.created,
        s.duration_ms as f64 / 1000.0,
        s.exit_code
    );
    let _ = writeln!(out, "brink     {}", s.version);
    if let Some(seed) = s.seed {
        let _ = writeln!(out, "seed      {seed}");
    }
    if let Some(h) = &s.input_hash {
        let _ = writeln!(out, "input     sha256 {h}");
    }
    let _ = writeln!(out, "options   {}", run.options);
    let _ = writeln!(
        out,
        "\nresult (JSON; `brink runs export {}` for the whole run):",
        s.id
    );
    out.push_str(&serde_json::to_string_pretty(&run.result).expect("JSON values serialise"));
    out.push('\n');
    out
}

fn diff_table(
    a: &Run,
    b: &Run,
    inputs: &[Change],
    options: &[Change],
    results: &[Change],
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "run {} ({} {}) → run {} ({} {})",
        a.summary.id,
        a.summary.command,
        a.summary.created,
        b.summary.id,
        b.summary.command,
        b.summary.created
    );
    for (title, changes) in [
        ("inputs", inputs),
        ("options", options),
        ("results", results),
    ] {
        if changes.is_empty() {
            let _ = writeln!(out, "\n{title}: no change");
            continue;
        }
        let _ = writeln!(out, "\n{title}: {} change(s)", changes.len());
        // The models' round-by-round records change whenever anything does: count them, list
        // the rest (JSON lists everything).
        let (rounds, headline): (Vec<&Change>, Vec<&Change>) =
            changes.iter().partition(|c| c.path.contains(".rounds"));
        for c in headline {
            let _ = writeln!(out, "  {}", change_line(c));
        }
        if !rounds.is_empty() {
            let _ = writeln!(
                out,
                "  … and {} inside the models' rounds (--format json lists them)",
                rounds.len()
            );
        }
    }
    out
}

/// `path: before → after (+delta)`, values shortened to fit a line.
fn change_line(c: &Change) -> String {
    let v = |x: &Option<serde_json::Value>| match x {
        None => "(none)".to_string(),
        Some(serde_json::Value::Number(n)) => n
            .as_f64()
            .map(|f| {
                let s = format!("{f:.4}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            })
            .unwrap_or_else(|| n.to_string()),
        Some(other) => shorten(&other.to_string(), 30),
    };
    let delta = c
        .delta
        .map(|d| {
            let s = format!("{d:+.4}");
            format!(" ({})", s.trim_end_matches('0').trim_end_matches('.'))
        })
        .unwrap_or_default();
    format!("{}: {} → {}{delta}", c.path, v(&c.before), v(&c.after))
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
