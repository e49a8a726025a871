//! brink's run store: every recorded run in one SQLite file — the input's bytes and SHA-256, the
//! command, its options, the seed, brink's version, start and end times, and the full JSON
//! result — so that forecasts can be kept, listed, compared (`brink runs diff`) and followed over
//! time (runs of one scenario name form its timeline).
//!
//! Invariants:
//! - one transaction per run: a process killed while recording leaves either the whole run or
//!   nothing (SQLite's journal, in WAL mode);
//! - writers in several processes queue (`BEGIN IMMEDIATE` with a busy timeout), none is lost;
//! - the schema carries its version (`PRAGMA user_version`); [`Store::open`] migrates an older
//!   store forward step by step and refuses one written by a newer brink;
//! - the store knows nothing of scenarios or models: results are JSON values, inputs bytes. The
//!   front-ends decide what to record and how to read it back.

mod diff;
mod schema;
mod store;

pub use diff::{diff_json, Change};
pub use store::{Filter, NewRun, Run, RunSummary, Store, StoreError};

/// The newest schema this brink writes.
pub const SCHEMA_VERSION: u32 = schema::MIGRATIONS.len() as u32;
