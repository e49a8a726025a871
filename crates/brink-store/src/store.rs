//! Opening, migrating, writing and reading the store.

use crate::schema::MIGRATIONS;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("run store {path}: {message}")]
    Sqlite { path: String, message: String },
    #[error(
        "run store {path} has schema version {found}, newer than this brink's {known}: \
         use a newer brink, or another --store"
    )]
    Newer {
        path: String,
        found: u32,
        known: u32,
    },
    #[error("run store {path}: no run {id}")]
    NoRun { path: String, id: i64 },
    #[error("run store {path}: {what} is not valid JSON: {message}")]
    Json {
        path: String,
        what: String,
        message: String,
    },
}

/// An open store (one SQLite connection; open one per thread or process).
pub struct Store {
    conn: Connection,
    path: String,
}

/// A run to record.
#[derive(Clone, Debug)]
pub struct NewRun<'a> {
    pub command: &'a str,
    pub scenario: Option<&'a str>,
    pub input_path: Option<&'a str>,
    /// The input's bytes exactly as read (stored once per distinct content).
    pub input: Option<&'a [u8]>,
    /// The options that shaped the result (a JSON object).
    pub options: serde_json::Value,
    pub seed: Option<u64>,
    pub version: &'a str,
    pub started: SystemTime,
    pub finished: SystemTime,
    pub exit_code: i32,
    /// The command's JSON result.
    pub result: &'a serde_json::Value,
}

/// A run as listed (`brink runs list`, `GET /api/runs`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunSummary {
    pub id: i64,
    pub command: String,
    pub scenario: Option<String>,
    /// When it started, RFC 3339 UTC.
    pub created: String,
    pub duration_ms: i64,
    pub input_path: Option<String>,
    pub input_hash: Option<String>,
    pub seed: Option<u64>,
    pub version: String,
    pub exit_code: i32,
}

/// A whole run (`brink runs show`, `GET /api/runs/{id}`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    #[serde(flatten)]
    pub summary: RunSummary,
    pub options: serde_json::Value,
    pub result: serde_json::Value,
    /// The input as text when it is UTF-8 (scenarios are); see `input_bytes` otherwise.
    pub input: Option<String>,
    #[serde(skip)]
    pub input_bytes: Option<Vec<u8>>,
}

/// Which runs to list.
#[derive(Clone, Debug, Default)]
pub struct Filter<'a> {
    pub scenario: Option<&'a str>,
    pub command: Option<&'a str>,
    /// At most this many, newest first; all when `None`.
    pub limit: Option<usize>,
}

impl Store {
    /// Opens (creating if need be) the store at `path`, in WAL mode, migrated to
    /// [`crate::SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path_text = path.as_ref().display().to_string();
        let shown = path_text.clone();
        let err = sqlite_error(&shown);
        let conn = Connection::open(path.as_ref()).map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        // WAL: readers never block the writer; a killed writer's transaction is rolled back.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(&err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Sqlite {
                path: path_text,
                message: format!("cannot use write-ahead logging (journal mode {mode})"),
            });
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(&err)?;
        let mut store = Store {
            conn,
            path: path_text,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The path the store was opened with.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let err = sqlite_error(&self.path);
        let known = MIGRATIONS.len() as u32;
        loop {
            // Each step in its own immediate transaction, re-reading the version inside it, so
            // that two processes opening a new store at once migrate it once.
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(&err)?;
            let version: u32 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(&err)?;
            if version > known {
                return Err(StoreError::Newer {
                    path: self.path.clone(),
                    found: version,
                    known,
                });
            }
            if version == known {
                return tx.commit().map_err(&err);
            }
            tx.execute_batch(MIGRATIONS[version as usize])
                .map_err(&err)?;
            tx.pragma_update(None, "user_version", version + 1)
                .map_err(&err)?;
            tx.commit().map_err(&err)?;
        }
    }

    /// Records a run in one transaction; returns its id.
    pub fn record(&mut self, run: &NewRun) -> Result<i64, StoreError> {
        let err = sqlite_error(&self.path);
        let hash = run.input.map(sha256_hex);
        let options = serde_json::to_string(&run.options).expect("a JSON value always serialises");
        let result = serde_json::to_string(run.result).expect("a JSON value always serialises");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        if let (Some(bytes), Some(hash)) = (run.input, &hash) {
            tx.execute(
                "INSERT OR IGNORE INTO inputs (hash, bytes) VALUES (?1, ?2)",
                params![hash, bytes],
            )
            .map_err(&err)?;
        }
        tx.execute(
            "INSERT INTO runs (command, scenario, input_path, input_hash, options, seed, version,
                               started_ms, finished_ms, exit_code, result)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                run.command,
                run.scenario,
                run.input_path,
                hash,
                options,
                run.seed.map(|s| s as i64),
                run.version,
                unix_ms(run.started),
                unix_ms(run.finished),
                run.exit_code,
                result
            ],
        )
        .map_err(&err)?;
        let id = tx.last_insert_rowid();
        tx.commit().map_err(&err)?;
        Ok(id)
    }

    /// Runs matching `filter`, newest first (ties: the later id first).
    pub fn list(&self, filter: &Filter) -> Result<Vec<RunSummary>, StoreError> {
        let err = sqlite_error(&self.path);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM runs
                 WHERE (?1 IS NULL OR scenario = ?1) AND (?2 IS NULL OR command = ?2)
                 ORDER BY started_ms DESC, id DESC LIMIT ?3"
            ))
            .map_err(&err)?;
        let limit = filter.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64);
        let rows = stmt
            .query_map(params![filter.scenario, filter.command, limit], summary_of)
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    /// One whole run.
    pub fn get(&self, id: i64) -> Result<Run, StoreError> {
        let err = sqlite_error(&self.path);
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT {SUMMARY_COLUMNS}, options, result,
                            (SELECT bytes FROM inputs WHERE inputs.hash = runs.input_hash)
                     FROM runs WHERE id = ?1"
                ),
                [id],
                |r| {
                    Ok((
                        summary_of(r)?,
                        r.get::<_, String>(10)?,
                        r.get::<_, String>(11)?,
                        r.get::<_, Option<Vec<u8>>>(12)?,
                    ))
                },
            )
            .optional()
            .map_err(&err)?;
        let Some((summary, options, result, bytes)) = row else {
            return Err(StoreError::NoRun {
                path: self.path.clone(),
                id,
            });
        };
        let json = |what: &str, text: &str| {
            serde_json::from_str(text).map_err(|e| StoreError::Json {
                path: self.path.clone(),
                what: format!("run {id}'s {what}"),
                message: e.to_string(),
            })
        };
        Ok(Run {
            summary,
            options: json("options", &options)?,
            result: json("result", &result)?,
            input: bytes
                .as_ref()
                .and_then(|b| String::from_utf8(b.clone()).ok()),
            input_bytes: bytes,
        })
    }

    /// Deletes a run (and its input when no other run shares it); false when there was none.
    pub fn delete(&mut self, id: i64) -> Result<bool, StoreError> {
        let err = sqlite_error(&self.path);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let deleted = tx
            .execute("DELETE FROM runs WHERE id = ?1", [id])
            .map_err(&err)?;
        tx.execute(
            "DELETE FROM inputs WHERE hash NOT IN
                 (SELECT input_hash FROM runs WHERE input_hash IS NOT NULL)",
            [],
        )
        .map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(deleted > 0)
    }

    /// The runs of one scenario name and command, oldest first, with their results: how the
    /// answer moved as the analyst updated the inputs.
    pub fn timeline(
        &self,
        scenario: &str,
        command: &str,
    ) -> Result<Vec<(RunSummary, serde_json::Value)>, StoreError> {
        let err = sqlite_error(&self.path);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {SUMMARY_COLUMNS}, result FROM runs
                 WHERE scenario = ?1 AND command = ?2 ORDER BY started_ms, id"
            ))
            .map_err(&err)?;
        let rows = stmt
            .query_map(params![scenario, command], |r| {
                Ok((summary_of(r)?, r.get::<_, String>(10)?))
            })
            .map_err(&err)?;
        let mut out = Vec::new();
        for row in rows {
            let (summary, text) = row.map_err(&err)?;
            let value = serde_json::from_str(&text).map_err(|e| StoreError::Json {
                path: self.path.clone(),
                what: format!("run {}'s result", summary.id),
                message: e.to_string(),
            })?;
            out.push((summary, value));
        }
        Ok(out)
    }

    /// How many runs the store holds.
    pub fn count(&self) -> Result<usize, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM runs", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(sqlite_error(&self.path))
    }

    /// SQLite's own integrity check, and that every run's input is present.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        let err = sqlite_error(&self.path);
        let verdict: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(&err)?;
        let dangling: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM runs WHERE input_hash IS NOT NULL
                 AND input_hash NOT IN (SELECT hash FROM inputs)",
                [],
                |r| r.get(0),
            )
            .map_err(&err)?;
        if verdict != "ok" || dangling > 0 {
            return Err(StoreError::Sqlite {
                path: self.path.clone(),
                message: format!(
                    "integrity check failed: {verdict}; {dangling} run(s) without their input"
                ),
            });
        }
        Ok(())
    }
}

const SUMMARY_COLUMNS: &str = "id, command, scenario, started_ms, finished_ms, input_path, \
                               input_hash, seed, version, exit_code";

fn summary_of(r: &rusqlite::Row) -> rusqlite::Result<RunSummary> {
    let started: i64 = r.get(3)?;
    let finished: i64 = r.get(4)?;
    Ok(RunSummary {
        id: r.get(0)?,
        command: r.get(1)?,
        scenario: r.get(2)?,
        created: rfc3339(started),
        duration_ms: finished - started,
        input_path: r.get(5)?,
        input_hash: r.get(6)?,
        seed: r.get::<_, Option<i64>>(7)?.map(|s| s as u64),
        version: r.get(8)?,
        exit_code: r.get(9)?,
    })
}

fn sqlite_error(path: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError::Sqlite {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// Lower-case hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn unix_ms(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis().min(i64::MAX as u128) as i64,
        Err(e) => -(e.duration().as_millis().min(i64::MAX as u128) as i64),
    }
}

/// RFC 3339 in UTC, to the second (`2026-12-02T15:04:05Z`).
fn rfc3339(ms: i64) -> String {
    let t = if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms as u64)
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    };
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_string() {
        // FIPS 180-2, appendix B.1.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn times_print_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_223_845_000), "2026-12-02T15:04:05Z");
    }
}
