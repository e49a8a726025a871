//! `brink events` end to end: formats (the JSON contract), batches in input order, stdin,
//! `--summary`, `--scenario` (a skeleton `brink check` accepts), `--dictionaries`, and bad input.

use crate::common::{brink, shared, text};
use serde_json::Value;
use std::path::PathBuf;

const ARTICLE: &str = "Iran was attacked by Israel on Monday.\nJordan and Egypt condemned Israel.\nIf talks fail, Israel will attack Iran.\n";

fn write(dir: &tempfile::TempDir, name: &str, body: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.txt", ARTICLE.as_bytes());
    let out = brink()
        .args([
            "events",
            a.to_str().unwrap(),
            "--date",
            "2026-02-16",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &v["documents"][0];
    assert_eq!(doc["date"], "2026-02-16");
    assert_eq!(doc["sentences"], 3);
    let events = doc["events"].as_array().unwrap();
    assert!(events.len() >= 4);
    let e = &events[0];
    for key in [
        "sentence",
        "text",
        "span",
        "source",
        "target",
        "cameo",
        "plover",
        "goldstein",
        "quad_class",
        "pattern",
        "negated",
        "conditional",
        "future",
        "reported",
    ] {
        assert!(e.get(key).is_some(), "missing {key}");
    }
    assert_eq!(e["source"]["code"], "ISR");
    assert_eq!(e["source"]["text"], "Israel");
    assert_eq!(e["target"]["code"], "IRN");
    assert_eq!(e["plover"]["event"], "ASSAULT");
    assert!(events.iter().any(|e| e["conditional"] == true));
}

#[test]
fn batches_keep_input_order_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..30 {
        write(
            &dir,
            &format!("{i:02}.txt"),
            format!("Article {i}. Israel attacked Iran.\n").as_bytes(),
        );
    }
    let out = brink()
        .args([
            "events",
            dir.path().to_str().unwrap(),
            "--format",
            "csv",
            "--threads",
            "2",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = text(&out.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("path,date,sentence,source,source_text,target"));
    assert_eq!(lines.len(), 31);
    for (i, l) in lines[1..].iter().enumerate() {
        assert!(l.contains(&format!("{i:02}.txt")), "row {i}: {l}");
    }
    let out = brink()
        .args(["events", "-", "--format", "csv"])
        .write_stdin("Israel attacked Iran.")
        .output()
        .unwrap();
    assert!(text(&out.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("-,,1,ISR,"));
}

#[test]
fn summary_counts_dyads() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        &dir,
        "a.txt",
        b"Israel attacked Iran. Israel attacked Iran again on Tuesday. Iran condemned Israel.",
    );
    let out = brink()
        .args([
            "events",
            a.to_str().unwrap(),
            "--summary",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = v["dyads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "ISR")
        .unwrap()
        .clone();
    assert_eq!(d["target"], "IRN");
    assert_eq!(d["events"], 2);
    assert_eq!(d["plover"]["ASSAULT"], 2);
    assert_eq!(d["mean_goldstein"], -10.0);
    let table = brink()
        .args(["events", a.to_str().unwrap(), "--summary"])
        .output()
        .unwrap();
    assert!(text(&table.stdout)
        .lines()
        .all(|l| l.chars().count() <= 100));
}

#[test]
fn table_fits_in_100_columns() {
    let Some(shared) = shared("brink events on the seed article") else {
        return;
    };
    let seed = shared.join("seed/us-iran-talks-2026-02-16.txt");
    let out = brink()
        .args(["events", seed.to_str().unwrap(), "--date", "2026-02-16"])
        .output()
        .unwrap();
    let t = text(&out.stdout);
    assert!(t.lines().count() > 10);
    for l in t.lines() {
        assert!(
            l.chars().count() <= 100,
            "{} columns: {l}",
            l.chars().count()
        );
    }
}

#[test]
fn seed_skeleton_passes_check() {
    let Some(shared) = shared("brink events --scenario on the seed article") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sk = dir.path().join("seed.toml");
    let seed = shared.join("seed/us-iran-talks-2026-02-16.txt");
    let out = brink()
        .args([
            "events",
            seed.to_str().unwrap(),
            "--date",
            "2026-02-16",
            "--scenario",
            sk.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = std::fs::read_to_string(&sk).unwrap();
    for id in ["USA", "IRN", "ISR", "JOR", "SAU", "ARE"] {
        assert!(toml.contains(&format!("id = \"{id}\"")), "{id}");
    }
    let check = brink()
        .args(["check", sk.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("crisis game `patron_ally_target_transit`"));
    let crisis = brink()
        .args(["crisis", sk.to_str().unwrap(), "--runs", "20"])
        .output()
        .unwrap();
    assert!(crisis.status.success(), "{}", text(&crisis.stderr));
}

#[test]
fn bad_inputs_get_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bin = write(&dir, "bin.txt", b"Iran attacked\nIsrael.\x00\x01\x02");
    let out = brink()
        .args(["events", bin.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bin.txt:2:8: error: expected a text article"),
        "{}",
        text(&out.stderr)
    );
    // Non-UTF-8 bytes: a located warning, the article still coded.
    let latin = write(&dir, "latin.txt", b"Caf\xe9 owners: Israel attacked Iran.");
    let out = brink()
        .args(["events", latin.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(text(&out.stderr).contains("latin.txt:1:4: warning: invalid UTF-8"));
    assert!(text(&out.stdout).contains("ISR"));
    let empty = write(&dir, "empty.txt", b"");
    let out = brink()
        .args(["events", empty.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let missing = brink()
        .args(["events", "no-such-file.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let bad_date = brink()
        .args(["events", empty.to_str().unwrap(), "--date", "16/02/2026"])
        .output()
        .unwrap();
    assert_eq!(bad_date.status.code(), Some(2));
    // A scenario is not written when an input fails.
    let sk = dir.path().join("sk.toml");
    let out = brink()
        .args([
            "events",
            bin.to_str().unwrap(),
            "--scenario",
            sk.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!sk.exists());
}

#[test]
fn user_dictionaries_are_read_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir,
        "my.verbs.txt",
        b"--- ATTACK [190] ---\nATTACK\nBOMB\n- * EMBASSY [183]\n",
    );
    write(
        &dir,
        "my.actors.txt",
        b"GONDOR_ [GON]\nMORDOR_ [MOR]\n+SAURON\n",
    );
    let a = write(
        &dir,
        "../article.txt",
        b"Sauron bombed the embassy of Gondor.",
    );
    let out = brink()
        .args([
            "events",
            a.to_str().unwrap(),
            "--dictionaries",
            dir.path().to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(",MOR,Sauron,GON,Gondor,183,"),
        "{}",
        text(&out.stdout)
    );
    write(
        &dir,
        "my.actors.txt",
        b"GONDOR_ [GON]\n\t[GONGOV 2001-02]\n",
    );
    let out = brink()
        .args([
            "events",
            a.to_str().unwrap(),
            "--dictionaries",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("my.actors.txt:2:3: error: expected a date restriction"),
        "{}",
        text(&out.stderr)
    );
}
