//! Helpers shared by the CLI's bad-input tests: run `brink` in `tests/fixtures/` and assert that
//! a bad input is rejected the way every bad input must be.
#![allow(dead_code)] // each test crate uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn brink() -> Command {
    let mut cmd = Command::cargo_bin("brink").unwrap();
    cmd.current_dir(fixtures());
    cmd
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
        let out = brink().args(&args).output().unwrap();
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

#[macro_export]
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
