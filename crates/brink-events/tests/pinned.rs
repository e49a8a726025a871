//! Pins the coder's whole output: fixture articles (here, no ../shared needed) and, when ../shared
//! is present, the seed report and PETRARCH2's GSR validation sentences are coded and compared,
//! field by field, with JSON stored in `tests/expected/` (and the seed's scenario skeleton with a
//! stored TOML). The expected files were written before the speed work on the pipeline, so any
//! change of behaviour shows here. After an intended change, re-bless them with
//! `BRINK_BLESS=1 cargo test --release -p brink-events --test pinned` and review the diff.

use brink_events::{parse_date, skeleton, Coder};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(Coder::embedded)
}

fn here(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}

/// Compares `actual` with the stored file (or writes it when blessing).
fn check(name: &str, actual: &str) {
    let path = here(&format!("expected/{name}"));
    if std::env::var_os("BRINK_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with BRINK_BLESS=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from {} first at line {}:\n expected: {:?}\n   actual: {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// The document coded with and without a date, as pretty JSON.
fn coded(name: &str, text: &str) -> String {
    let with = coder().code(name, text, parse_date("2026-02-16"));
    let without = coder().code(name, text, None);
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "with_date": with,
        "without_date": without,
    }))
    .unwrap();
    s.push('\n');
    s
}

#[test]
fn fixture_articles_code_as_pinned() {
    for name in ["gulf-crisis", "diplomacy", "unicode"] {
        let text = std::fs::read_to_string(here(&format!("fixtures/{name}.txt"))).unwrap();
        check(&format!("{name}.json"), &coded(name, &text));
    }
}

#[test]
fn seed_report_and_gsr_sentences_code_as_pinned() {
    let Some(shared) = brink_testkit::shared_dir() else {
        eprintln!("SKIPPED seed_report_and_gsr_sentences_code_as_pinned: ../shared not found (set BRINK_SHARED)");
        return;
    };
    let seed = std::fs::read_to_string(shared.join("seed/us-iran-talks-2026-02-16.txt")).unwrap();
    check("seed.json", &coded("seed", &seed));
    let date = parse_date("2026-02-16");
    let doc = coder().code("seed", &seed, date);
    check("seed.skeleton.toml", &skeleton::write(&[doc], date, true));
    // The GSR sentences, one per line: one article.
    let xml =
        std::fs::read_to_string(shared.join("reference/events/PETR2_GSR_validation.xml")).unwrap();
    let mut gsr = String::new();
    for part in xml.split("<Text>").skip(1) {
        let body = part.split("</Text>").next().unwrap_or("");
        gsr.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
        gsr.push('\n');
    }
    check("gsr.json", &coded("gsr", &gsr));
}
