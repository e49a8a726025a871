//! The run store end to end: record, read back, delete, migrate, concurrent writers, and a
//! writer killed with SIGKILL in the middle of its work.

use brink_store::{Filter, NewRun, Store, StoreError, SCHEMA_VERSION};
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn at(s: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(s)
}

fn run<'a>(
    command: &'a str,
    scenario: &'a str,
    input: &'a [u8],
    result: &'a serde_json::Value,
    start: u64,
) -> NewRun<'a> {
    NewRun {
        command,
        scenario: Some(scenario),
        input_path: Some("scenarios/x.toml"),
        input: Some(input),
        options: json!({ "model": "bdm", "rounds": 10 }),
        seed: Some(u64::MAX),
        version: "0.1.0",
        started: at(start),
        finished: at(start) + Duration::from_millis(1500),
        exit_code: 0,
        result,
    }
}

#[test]
fn runs_are_recorded_listed_read_back_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.db");
    let mut store = Store::open(&path).unwrap();
    let r1 = json!({ "issues": [ { "id": "tax", "forecast": 40.0 } ] });
    let r2 = json!({ "issues": [ { "id": "tax", "forecast": 45.0 } ] });
    let input = b"[scenario]\nname = \"x\"\n";
    let a = store
        .record(&run("forecast", "x", input, &r1, 1000))
        .unwrap();
    let b = store
        .record(&run("forecast", "x", input, &r2, 2000))
        .unwrap();
    let c = store
        .record(&run("crisis", "y", b"other", &r1, 3000))
        .unwrap();
    assert!(a < b && b < c);

    let all = store.list(&Filter::default()).unwrap();
    assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [c, b, a]);
    assert_eq!(all[2].created, "1970-01-01T00:16:40Z");
    assert_eq!(all[2].duration_ms, 1500);
    assert_eq!(
        all[2].seed,
        Some(u64::MAX),
        "a u64 seed survives SQLite's i64"
    );
    assert_eq!(
        all[2].input_hash.as_deref(),
        Some(brink_store_sha(input).as_str())
    );
    let xs = store
        .list(&Filter {
            scenario: Some("x"),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(xs.len(), 2);
    let newest = store
        .list(&Filter {
            limit: Some(1),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(newest[0].id, c);

    let got = store.get(b).unwrap();
    assert_eq!(got.result, r2);
    assert_eq!(got.options, json!({ "model": "bdm", "rounds": 10 }));
    assert_eq!(got.input.as_deref(), Some("[scenario]\nname = \"x\"\n"));

    let timeline = store.timeline("x", "forecast").unwrap();
    assert_eq!(
        timeline.iter().map(|(s, _)| s.id).collect::<Vec<_>>(),
        [a, b]
    );
    assert_eq!(timeline[1].1, r2);

    assert!(store.delete(a).unwrap());
    assert!(!store.delete(a).unwrap());
    assert!(matches!(store.get(a), Err(StoreError::NoRun { .. })));
    // The shared input stays while run b uses it.
    assert_eq!(store.get(b).unwrap().input_bytes.unwrap(), input);
    store.check_integrity().unwrap();
    assert_eq!(store.count().unwrap(), 2);
}

/// SHA-256 in lower-case hex, computed here independently of the store's code path.
fn brink_store_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_new_store_is_at_the_current_schema_and_a_newer_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    match Store::open(&path) {
        Err(StoreError::Newer { found, known, .. }) => {
            assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION))
        }
        other => panic!("expected a refusal, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn a_file_that_is_not_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not.db");
    std::fs::write(&path, "this is a text file, not SQLite\n".repeat(100)).unwrap();
    let e = Store::open(&path).err().expect("refused");
    let text = e.to_string();
    assert!(text.contains("not.db"), "{text}");
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.db");
    drop(Store::open(&path).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each writer its own connection, as two processes would have.
                let mut store = Store::open(&path).unwrap();
                for k in 0..500u64 {
                    let result = json!({ "writer": w, "k": k });
                    let input = format!("writer {w} run {k}");
                    store
                        .record(&run("forecast", "x", input.as_bytes(), &result, k))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count().unwrap(), 1000);
    store.check_integrity().unwrap();
}

/// Run only as the child of the next test (it writes until it is killed).
#[test]
#[ignore]
fn child_writer_until_killed() {
    let Ok(path) = std::env::var("BRINK_STORE_CHILD") else {
        return;
    };
    let mut store = Store::open(&path).unwrap();
    let big: Vec<u64> = (0..2000).collect();
    for k in 0.. {
        // A large result, so that the kill often lands inside a transaction.
        let result = json!({ "k": k, "payload": big });
        store
            .record(&run("simulate", "x", format!("{k}").as_bytes(), &result, k))
            .unwrap();
    }
}

#[test]
fn a_writer_killed_mid_run_leaves_a_consistent_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.db");
    drop(Store::open(&path).unwrap());
    for attempt in 0..3 {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "child_writer_until_killed",
                "--test-threads",
                "1",
            ])
            .env("BRINK_STORE_CHILD", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300 + 100 * attempt));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let store = Store::open(&path).unwrap();
        store.check_integrity().unwrap();
        // Every run that is there is whole: its result parses and carries its payload.
        for summary in store.list(&Filter::default()).unwrap() {
            let run = store.get(summary.id).unwrap();
            assert_eq!(run.result["payload"].as_array().unwrap().len(), 2000);
            assert!(run.input.is_some());
        }
    }
    let store = Store::open(&path).unwrap();
    assert!(
        store.count().unwrap() > 0,
        "the child should have recorded some runs before it was killed"
    );
}
