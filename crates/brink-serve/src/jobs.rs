//! Long work in the background: a simulate or sensitivity run started by `POST /api/jobs/KIND`
//! runs on the blocking pool (within the concurrency cap) while the page polls
//! `GET /api/jobs/{id}` for its progress; a second request for the same work (same kind, options
//! and scenario) joins the running or finished job instead of starting another.

use crate::api::ApiError;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// How many finished jobs are kept for late pollers.
const KEEP: usize = 64;

pub enum State {
    Running,
    Done { result: Value, run: Option<i64> },
    Failed(ApiError),
}

pub struct Job {
    pub id: u64,
    pub kind: String,
    pub total: u64,
    pub done: AtomicU64,
    pub state: Mutex<State>,
}

impl Job {
    /// The job as `GET /api/jobs/{id}` shows it.
    pub fn json(&self) -> Value {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut v = json!({
            "id": self.id,
            "kind": self.kind,
            "done": self.done.load(Ordering::Relaxed).min(self.total),
            "total": self.total,
        });
        match &*state {
            State::Running => v["state"] = "running".into(),
            State::Done { result, run } => {
                v["state"] = "done".into();
                v["done"] = self.total.into();
                v["result"] = result.clone();
                v["run"] = json!(run);
            }
            State::Failed(e) => {
                v["state"] = "failed".into();
                v["error"] = e.body.clone();
            }
        }
        v
    }

    fn failed(&self) -> bool {
        matches!(
            *self.state.lock().unwrap_or_else(|e| e.into_inner()),
            State::Failed(_)
        )
    }
}

#[derive(Default)]
pub struct Jobs {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    next: u64,
    by_key: HashMap<String, u64>,
    jobs: HashMap<u64, Arc<Job>>,
}

impl Jobs {
    /// The job for `key`, and whether it is new (the caller then starts it). A failed job is
    /// not joined: asking again retries.
    pub fn get_or_create(&self, key: &str, kind: &str, total: u64) -> (Arc<Job>, bool) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(job) = inner.by_key.get(key).and_then(|id| inner.jobs.get(id)) {
            if !job.failed() {
                return (job.clone(), false);
            }
        }
        if inner.jobs.len() >= KEEP {
            let finished: Vec<u64> = inner
                .jobs
                .values()
                .filter(|j| {
                    !matches!(
                        *j.state.lock().unwrap_or_else(|e| e.into_inner()),
                        State::Running
                    )
                })
                .map(|j| j.id)
                .collect();
            for id in finished.into_iter().take(KEEP / 2) {
                inner.jobs.remove(&id);
                inner.by_key.retain(|_, v| *v != id);
            }
        }
        inner.next += 1;
        let job = Arc::new(Job {
            id: inner.next,
            kind: kind.to_string(),
            total,
            done: AtomicU64::new(0),
            state: Mutex::new(State::Running),
        });
        inner.by_key.insert(key.to_string(), job.id);
        inner.jobs.insert(job.id, job.clone());
        (job, true)
    }

    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.jobs.get(&id).cloned()
    }
}
