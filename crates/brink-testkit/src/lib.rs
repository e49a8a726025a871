//! Helpers for brink's tests and benchmarks, never for its libraries (every crate takes it as a
//! dev-dependency only; brink-fuzz, a dev tool, is the one exception):
//!
//! - [`shared_dir`] finds the reference data of `../shared/`, and [`report_skip`] says loudly
//!   that a test skipped without it;
//! - [`ScenarioBuilder`] writes a [`Scenario`] in a few lines instead of a struct literal per
//!   issue, actor and position.

mod builder;

pub use builder::ScenarioBuilder;

/// Says loudly that a test skipped because `../shared/` is absent. It writes to the process's
/// stderr handle directly, because the test harness hides `eprintln!` output of passing tests and
/// a skip must be seen.
pub fn report_skip(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED (needs ../shared): {what}"
    );
}

/// Where the reference data of `../shared/` is, for tests that compare against it: `$BRINK_SHARED`
/// if set, else `shared/` beside the repository. `None` when absent — such tests must then print
/// a loud `SKIPPED` line and return, never fail: core tests do not need `../shared`.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let candidate = match std::env::var_os("BRINK_SHARED") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    candidate.is_dir().then_some(candidate)
}

// Re-exported so that a test needs only this crate to name what the builder takes.
pub use brink_core::{Scenario, Uncertain};
