//! A run over a range of iterations, in this process: each input through [`crate::target::run`]
//! under `catch_unwind`; a panic or a slow input is saved to the output directory with a note of
//! how to regenerate it.

use crate::corpus::Seed;
use crate::mutate;
use crate::target::{self, Outcome};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Inputs slower than this are saved as findings (the CLI's inputs must load in seconds).
pub const SLOW: Duration = Duration::from_secs(2);

/// What a run found.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub executions: u64,
    pub loaded: u64,
    pub panics: Vec<Finding>,
    pub slow: Vec<Finding>,
    pub elapsed: Duration,
}

/// One input that panicked or was slow, and where it was saved.
#[derive(Clone, Debug)]
pub struct Finding {
    pub iteration: u64,
    pub name: String,
    pub message: String,
    pub saved: Option<PathBuf>,
}

impl Stats {
    pub fn per_second(&self) -> f64 {
        self.executions as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Runs iterations `start..start + count` of campaign `seed` (stopping early once `budget` has
/// passed), saving findings under `out` when given.
pub fn run(
    corpus: &[Seed],
    seed: u64,
    start: u64,
    count: u64,
    budget: Option<Duration>,
    out: Option<&Path>,
) -> Stats {
    let started = Instant::now();
    let mut stats = Stats::default();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {})); // panics are reported below, once each
    for iteration in start..start.saturating_add(count) {
        if budget.is_some_and(|b| started.elapsed() >= b) {
            break;
        }
        let input = mutate::input(corpus, seed, iteration);
        let t0 = Instant::now();
        let result =
            std::panic::catch_unwind(AssertUnwindSafe(|| target::run(&input.name, &input.bytes)));
        let took = t0.elapsed();
        stats.executions += 1;
        match result {
            Ok(Outcome::Loaded) => stats.loaded += 1,
            Ok(Outcome::Rejected) => {}
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".into());
                let saved = out.and_then(|d| save(d, "panic", seed, iteration, &input, &message));
                stats.panics.push(Finding {
                    iteration,
                    name: input.name.clone(),
                    message,
                    saved,
                });
            }
        }
        if took >= SLOW {
            let message = format!("took {:.1} s", took.as_secs_f64());
            let saved = out.and_then(|d| save(d, "slow", seed, iteration, &input, &message));
            stats.slow.push(Finding {
                iteration,
                name: input.name.clone(),
                message,
                saved,
            });
        }
    }
    std::panic::set_hook(previous_hook);
    stats.elapsed = started.elapsed();
    stats
}

/// Saves a finding's input as `<what>-<seed>-<iteration>.<ext>` with a `.txt` note beside it.
pub fn save(
    dir: &Path,
    what: &str,
    seed: u64,
    iteration: u64,
    input: &Seed,
    message: &str,
) -> Option<PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let ext = Path::new(&input.name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("dat");
    let path = dir.join(format!("{what}-{seed}-{iteration}.{ext}"));
    std::fs::write(&path, &input.bytes).ok()?;
    let note = format!(
        "{what}: {message}\nparsed as: {}\nregenerate: brink-fuzz --seed {seed} --start {iteration} --count 1\n",
        input.name
    );
    std::fs::write(path.with_extension(format!("{ext}.txt")), note).ok()?;
    Some(path)
}
