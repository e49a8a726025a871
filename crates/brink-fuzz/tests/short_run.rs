//! CI's short fuzz run: a fixed seed and a fixed number of mutated inputs through every parser,
//! in-process; any panic fails the test and is saved under the target directory. (Long campaigns:
//! the `brink-fuzz` binary.) An abort (stack overflow) fails the test binary itself.

use brink_fuzz::{campaign, corpus};
use std::time::Duration;

#[test]
fn mutated_reference_inputs_never_panic() {
    let seeds = corpus::load();
    if !corpus::has_reference() {
        brink_testkit::report_skip("fuzz short run over ../shared/reference (built-in seeds only)");
    }
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-findings");
    // A fixed seed: the same inputs on every run. The budget keeps a slow machine under 30 s.
    let stats = campaign::run(
        &seeds,
        20261202,
        0,
        20_000,
        Some(Duration::from_secs(25)),
        Some(&out),
    );
    assert!(
        stats.executions >= 1_000,
        "only {} executions",
        stats.executions
    );
    assert!(
        stats.loaded > 0,
        "no mutated input loaded: the mutations never leave a valid file"
    );
    assert!(
        stats.panics.is_empty(),
        "{} panic(s), inputs saved under {}:\n{:#?}",
        stats.panics.len(),
        out.display(),
        stats.panics
    );
}
