//! Helpers every CLI test shares: running `brink` (here or in `tests/fixtures/`), the paths of
//! the repository's scenarios and of `../shared` (skipped loudly without it), temporary input
//! files, and the assertion that a bad input is rejected the way every bad input must be.

use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `brink` binary, run in the crate's directory.
pub fn brink() -> Command {
    Command::cargo_bin("brink").unwrap()
}

/// The `brink` binary, run in `tests/fixtures/` (so fixtures are named as in their messages).
pub fn brink_in_fixtures() -> Command {
    let mut cmd = brink();
    cmd.current_dir(fixtures());
    cmd
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The repository's root (where `scenarios/` is).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scenario shipped in `scenarios/`, as a path string.
pub fn scenario(name: &str) -> String {
    format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, or `None` after a loud `SKIPPED` line naming `what` (the test then returns).
pub fn shared(what: &str) -> Option<PathBuf> {
    let dir = brink_testkit::shared_dir();
    if dir.is_none() {
        brink_testkit::report_skip(what);
    }
    dir
}

/// A temporary file ending in `suffix` holding `text`.
pub fn temp_file(suffix: &str, text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

/// Runs `brink` as `cmd` says, asserts it succeeded and parses its stdout as JSON.
pub fn json_stdout(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).unwrap()
}

/// Asserts that a run of `brink` succeeded, showing its stderr if not.
pub fn assert_success(out: &std::process::Output) {
    assert!(out.status.success(), "{}", text(&out.stderr));
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `check`, `forecast`, `convert` and `convert -o OUT` on `file` and asserts, for each: exit
/// code 1, empty stdout, a stderr line that starts with `file:AT: error: ` and contains
/// `expected`; and that `-o OUT` wrote nothing.
pub fn assert_rejected(file: &str, at: &str, expected: &str) {
    let prefix = format!("{file}:{at}: error: ");
    let out_dir = tempfile::tempdir().unwrap();
    let out_file = out_dir.path().join("out.toml");
    let out_arg = out_file.to_str().unwrap().to_string();
    let runs: [Vec<&str>; 4] = [
        vec!["check", file],
        vec!["forecast", file],
        vec!["convert", file, "--to", "toml"],
        vec!["convert", file, "--to", "json", "-o", &out_arg],
    ];
    for args in runs {
        let out = brink_in_fixtures().args(&args).output().unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "brink {args:?}: expected exit 1\nstderr:\n{stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "brink {args:?}: expected nothing on stdout, found:\n{}",
            text(&out.stdout)
        );
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(expected)),
            "brink {args:?}: expected a line starting with {prefix:?} and containing \
             {expected:?}; stderr:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(
        !out_file.exists(),
        "`convert -o` wrote {} although the input is bad",
        out_file.display()
    );
}

/// Tests that each bad input is rejected as [`assert_rejected`] says.
macro_rules! rejected {
    ($($name:ident: $file:literal at $at:literal says $expected:literal;)*) => {
        $(
            #[test]
            fn $name() {
                $crate::common::assert_rejected($file, $at, $expected);
            }
        )*
    };
}
