//! The store's schema as a list of migrations: migration k takes `user_version` k to k + 1.
//! Append, never edit: a store written by this brink must open in every later one.

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: inputs by content hash (a scenario re-run unchanged is stored once), runs.
    "CREATE TABLE inputs (
         hash  TEXT PRIMARY KEY,   -- SHA-256 of the bytes, lower-case hex
         bytes BLOB NOT NULL
     );
     CREATE TABLE runs (
         id          INTEGER PRIMARY KEY AUTOINCREMENT,
         command     TEXT NOT NULL,    -- forecast, simulate, crisis, …
         scenario    TEXT,             -- the scenario's name: runs of one name form a timeline
         input_path  TEXT,             -- as the user gave it (informative only)
         input_hash  TEXT REFERENCES inputs(hash),
         options     TEXT NOT NULL,    -- JSON object of the options that shaped the result
         seed        INTEGER,          -- u64 stored bit for bit in SQLite's i64
         version     TEXT NOT NULL,    -- brink's version
         started_ms  INTEGER NOT NULL, -- Unix time, milliseconds
         finished_ms INTEGER NOT NULL,
         exit_code   INTEGER NOT NULL,
         result      TEXT NOT NULL     -- the command's JSON output
     );
     CREATE INDEX runs_by_scenario ON runs (scenario, started_ms);",
];
