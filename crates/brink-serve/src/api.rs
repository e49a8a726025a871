//! The JSON API (the contract is docs/api.md): `GET /api/health`; `POST /api/forecast`,
//! `/api/simulate`, `/api/sensitivity`, `/api/crisis` with a scenario (TOML or its JSON twin) as
//! the body and options as query parameters, `POST /api/compare` with `{ "a", "b" }`, each
//! answering the CLI's `--format json` for the same run (and recording it in the store unless
//! `record=0`); background jobs with progress (`/api/jobs`); the run store (`/api/runs`,
//! `/api/runs/{id}`, `/api/runs/{a}/diff/{b}`); the scenario folder (`/api/scenarios`,
//! `/api/files/{path}`). Bad input is a 400 with located diagnostics, never a panic.

use crate::compute::{self, ComputeError, Options};
use crate::jobs;
use crate::security::confined;
use crate::Shared;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use brink_core::{Diagnostic, Diagnostics, Scenario};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

/// An error answer: a status and `{ "error", "diagnostics"? }`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, message: &str) -> Self {
        ApiError {
            status,
            body: json!({ "error": message }),
        }
    }

    pub fn bad(message: impl std::fmt::Display) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, &message.to_string())
    }

    fn internal(message: impl std::fmt::Display) -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, &message.to_string())
    }
}

/// One diagnostic as the API shows it.
pub fn diagnostic_json(d: &Diagnostic) -> Value {
    json!({
        "file": d.file,
        "line": d.location.map(|l| l.line),
        "column": d.location.map(|l| l.col),
        "field": d.field,
        "severity": if d.is_error() { "error" } else { "warning" },
        "message": d.message,
    })
}

impl From<ComputeError> for ApiError {
    fn from(e: ComputeError) -> Self {
        match e {
            ComputeError::Input(Diagnostics(ds)) => {
                let first = ds
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "invalid scenario".into());
                ApiError {
                    status: StatusCode::BAD_REQUEST,
                    body: json!({
                        "error": first,
                        "diagnostics": ds.iter().map(diagnostic_json).collect::<Vec<_>>(),
                    }),
                }
            }
            ComputeError::Usage(m) => ApiError {
                status: StatusCode::BAD_REQUEST,
                body: json!({ "error": m, "diagnostics": [] }),
            },
            ComputeError::Model(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, &m),
        }
    }
}

impl From<brink_store::StoreError> for ApiError {
    fn from(e: brink_store::StoreError) -> Self {
        match e {
            brink_store::StoreError::NoRun { .. } => {
                ApiError::new(StatusCode::NOT_FOUND, &e.to_string())
            }
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/forecast", post(forecast))
        .route("/api/simulate", post(simulate))
        .route("/api/sensitivity", post(sensitivity))
        .route("/api/crisis", post(crisis))
        .route("/api/compare", post(compare))
        .route("/api/jobs/{kind}", post(start_job))
        .route("/api/job/{id}", get(job))
        .route("/api/runs", get(runs))
        .route("/api/runs/{id}", get(run))
        .route("/api/runs/{a}/diff/{b}", get(diff))
        .route("/api/scenarios", get(scenarios))
        .route("/api/files/{*path}", get(read_file).put(write_file))
}

async fn health() -> Json<Value> {
    Json(json!({ "ok": true, "version": env!("CARGO_PKG_VERSION") }))
}

/// The request body as text (a scenario is text).
pub fn body_text(body: &Bytes) -> ApiResult<&str> {
    std::str::from_utf8(body).map_err(|e| {
        ApiError::bad(format!(
            "the body is not UTF-8 text (byte {}): send the scenario's TOML or JSON",
            e.valid_up_to()
        ))
    })
}

/// Runs `f` on the blocking pool within the concurrency cap and the solve timeout.
pub async fn solve<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let permit =
        state.solves.clone().acquire_owned().await.map_err(|_| {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
        })?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    });
    match tokio::time::timeout(state.config.limits.solve_timeout, task).await {
        Ok(Ok(result)) => result,
        Ok(Err(e)) => Err(ApiError::internal(format!("the solve failed: {e}"))),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            &format!(
                "the solve took longer than {} s (the server's --solve-timeout): ask for fewer runs",
                state.config.limits.solve_timeout.as_secs()
            ),
        )),
    }
}

/// Whether to record (`record=0`/`false` turns it off; the server records by default).
fn recording(q: &HashMap<String, String>) -> bool {
    !matches!(
        q.get("record").map(String::as_str),
        Some("0" | "false" | "no")
    )
}

/// What a recorded run keeps besides its result.
pub struct Record<'a> {
    pub command: &'a str,
    pub input: &'a [u8],
    pub input_path: Option<&'a str>,
    pub scenario: &'a str,
    pub seed: Option<u64>,
    pub query: &'a HashMap<String, String>,
    pub started: SystemTime,
}

/// Records one run in the store; its id.
pub fn record(state: &Shared, r: &Record, result: &Value) -> ApiResult<i64> {
    let mut store = brink_store::Store::open(&state.config.store)?;
    let mut query: Vec<(&String, &String)> =
        r.query.iter().filter(|(k, _)| *k != "token").collect();
    query.sort();
    let options: serde_json::Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    Ok(store.record(&brink_store::NewRun {
        command: r.command,
        scenario: Some(r.scenario),
        input_path: r.input_path,
        input: Some(r.input),
        options: json!({ "via": "serve", "query": options }),
        seed: r.seed,
        version: env!("CARGO_PKG_VERSION"),
        started: r.started,
        finished: SystemTime::now(),
        exit_code: 0,
        result,
    })?)
}

/// A JSON answer with the run's id in `X-Brink-Run` when it was recorded.
fn answer(value: Value, run: Option<i64>) -> Response {
    let mut response = Json(value).into_response();
    if let Some(id) = run {
        if let Ok(v) = id.to_string().parse() {
            response.headers_mut().insert("x-brink-run", v);
        }
    }
    response
}

/// One computing command over a scenario body: load, run `f`, record, answer.
async fn scenario_command(
    state: Shared,
    command: &'static str,
    q: HashMap<String, String>,
    body: Bytes,
    f: fn(&Scenario, &Options) -> Result<Value, ComputeError>,
) -> ApiResult<Response> {
    let started = SystemTime::now();
    let st = state.clone();
    solve(&state, move || {
        let text = body_text(&body)?;
        let (scenario, _) = compute::load(text, q.get("name").map_or("request", |s| s))?;
        let opts = Options::new(&q, st.config.limits.max_runs);
        let value = f(&scenario, &opts)?;
        let run = if recording(&q) {
            Some(record(
                &st,
                &Record {
                    command,
                    input: &body,
                    input_path: q.get("file").map(String::as_str),
                    scenario: &scenario.name,
                    seed: opts.seed().ok(),
                    query: &q,
                    started,
                },
                &value,
            )?)
        } else {
            None
        };
        Ok(answer(value, run))
    })
    .await
}

fn to_value(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

async fn forecast(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    scenario_command(state, "forecast", q, body, |s, o| {
        Ok(to_value(compute::forecast(s, o)?.0))
    })
    .await
}

async fn simulate(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    scenario_command(state, "simulate", q, body, |s, o| {
        Ok(to_value(compute::simulate(s, o, None)?))
    })
    .await
}

async fn sensitivity(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    scenario_command(state, "sensitivity", q, body, |s, o| {
        Ok(to_value(compute::sensitivity(s, o, None)?))
    })
    .await
}

async fn crisis(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    scenario_command(state, "crisis", q, body, |s, o| {
        Ok(to_value(compute::crisis(s, o)?))
    })
    .await
}

/// A scenario given inside a JSON document: TOML text as a string, or the JSON twin.
fn scenario_in(v: Option<&Value>, name: &str) -> ApiResult<(Scenario, String)> {
    let text = match v {
        Some(Value::String(s)) => s.clone(),
        Some(v @ Value::Object(_)) => v.to_string(),
        _ => {
            return Err(ApiError::bad(format!(
                "the body needs `{name}`: a scenario's TOML text, or its JSON twin"
            )))
        }
    };
    let (s, _) = compute::load(&text, name)?;
    Ok((s, text))
}

async fn compare(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    let started = SystemTime::now();
    let st = state.clone();
    solve(&state, move || {
        let doc: Value = serde_json::from_str(body_text(&body)?).map_err(|e| {
            ApiError::bad(format!(
                "the body must be JSON {{ \"a\": scenario, \"b\": scenario }}: {e}"
            ))
        })?;
        let (a, a_text) = scenario_in(doc.get("a"), "a")?;
        let (b, _) = scenario_in(doc.get("b"), "b")?;
        let opts = Options::new(&q, st.config.limits.max_runs);
        let value = to_value(compute::compare(&a, &b, &opts)?);
        let run = if recording(&q) {
            Some(record(
                &st,
                &Record {
                    command: "compare",
                    input: a_text.as_bytes(),
                    input_path: None,
                    scenario: &a.name,
                    seed: opts.seed().ok(),
                    query: &q,
                    started,
                },
                &value,
            )?)
        } else {
            None
        };
        Ok(answer(value, run))
    })
    .await
}

/// `POST /api/jobs/{simulate|sensitivity}`: starts the run in the background, or joins the same
/// run already started; answers the job (`GET /api/job/{id}` follows it).
async fn start_job(
    State(state): State<Shared>,
    Path(kind): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    if kind != "simulate" && kind != "sensitivity" {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "jobs run `simulate` or `sensitivity`",
        ));
    }
    let text = body_text(&body)?.to_string();
    // Validate now, so that a bad scenario is a 400 here rather than a failed job.
    let (scenario, _) = compute::load(&text, q.get("name").map_or("request", |s| s))?;
    let opts = Options::new(&q, state.config.limits.max_runs);
    let total = opts.runs("runs", if kind == "simulate" { 10_000 } else { 2_000 }, 1)? as u64;
    let mut sorted: Vec<_> = q.iter().filter(|(k, _)| *k != "token").collect();
    sorted.sort();
    let key = format!("{kind}\n{sorted:?}\n{text}");
    let (job, new) = state.jobs.get_or_create(&key, &kind, total);
    if new {
        let st = state.clone();
        let job2 = job.clone();
        tokio::spawn(async move {
            let started = SystemTime::now();
            let st2 = st.clone();
            let j = job2.clone();
            let outcome = solve(&st, move || {
                let opts = Options::new(&q, st2.config.limits.max_runs);
                let tick = |n: u64| {
                    j.done.fetch_add(n, Ordering::Relaxed);
                };
                let value = if j.kind == "simulate" {
                    to_value(compute::simulate(&scenario, &opts, Some(&tick))?)
                } else {
                    to_value(compute::sensitivity(&scenario, &opts, Some(&tick))?)
                };
                let run = if recording(&q) {
                    Some(record(
                        &st2,
                        &Record {
                            command: if j.kind == "simulate" {
                                "simulate"
                            } else {
                                "sensitivity"
                            },
                            input: text.as_bytes(),
                            input_path: q.get("file").map(String::as_str),
                            scenario: &scenario.name,
                            seed: opts.seed().ok(),
                            query: &q,
                            started,
                        },
                        &value,
                    )?)
                } else {
                    None
                };
                Ok((value, run))
            })
            .await;
            let mut s = job2.state.lock().unwrap_or_else(|e| e.into_inner());
            *s = match outcome {
                Ok((result, run)) => jobs::State::Done { result, run },
                Err(e) => jobs::State::Failed(e),
            };
        });
    }
    let status = if new {
        StatusCode::ACCEPTED
    } else {
        StatusCode::OK
    };
    let mut v = job.json();
    v["joined"] = (!new).into();
    Ok((status, Json(v)).into_response())
}

async fn job(State(state): State<Shared>, Path(id): Path<u64>) -> ApiResult<Json<Value>> {
    state
        .jobs
        .get(id)
        .map(|j| Json(j.json()))
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, &format!("no job {id}")))
}

/// Opens the store on the blocking pool and runs `f` with it.
pub async fn with_store<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&mut brink_store::Store) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let path = state.config.store.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = brink_store::Store::open(&path)?;
        f(&mut store)
    })
    .await
    .map_err(|e| ApiError::internal(format!("the store failed: {e}")))?
}

async fn runs(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let limit =
        match q.get("limit") {
            Some(l) => Some(l.parse::<usize>().map_err(|_| {
                ApiError::bad(format!("limit: expected a whole number, found `{l}`"))
            })?),
            None => None,
        };
    with_store(&state, move |s| {
        let list = s.list(&brink_store::Filter {
            scenario: q.get("scenario").map(String::as_str),
            command: q.get("command").map(String::as_str),
            limit,
        })?;
        Ok(Json(to_value(list)))
    })
    .await
}

async fn run(State(state): State<Shared>, Path(id): Path<i64>) -> ApiResult<Json<Value>> {
    with_store(&state, move |s| Ok(Json(to_value(s.get(id)?)))).await
}

async fn diff(
    State(state): State<Shared>,
    Path((a, b)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    with_store(&state, move |s| {
        let (ra, rb) = (s.get(a)?, s.get(b)?);
        Ok(Json(compute::runs_diff(&ra, &rb)))
    })
    .await
}

/// The scenario files of the folder (`.toml`, `.json`), with their names when they parse.
pub fn folder_scenarios(dir: &std::path::Path) -> Vec<(String, Result<String, String>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        let file = e.file_name().to_string_lossy().to_string();
        let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
        if !(ext == "toml" || ext == "json") || confined(dir, &file, true).is_err() {
            continue;
        }
        let name = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| {
                brink_formats::load_scenario_text(&t, &file)
                    .map(|(s, _)| s.name)
                    .map_err(|d| d.to_string())
            });
        out.push((file, name));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

async fn scenarios(State(state): State<Shared>) -> ApiResult<Json<Value>> {
    let dir = state.dir.clone();
    let files = tokio::task::spawn_blocking(move || folder_scenarios(&dir))
        .await
        .map_err(ApiError::internal)?;
    let stored = with_store(&state, |s| {
        let mut names: Vec<String> = s
            .list(&brink_store::Filter::default())?
            .into_iter()
            .filter_map(|r| r.scenario)
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    })
    .await?;
    Ok(Json(json!({
        "files": files.into_iter().map(|(file, name)| match name {
            Ok(n) => json!({ "file": file, "name": n }),
            Err(e) => json!({ "file": file, "error": e }),
        }).collect::<Vec<_>>(),
        "stored": stored,
    })))
}

async fn read_file(State(state): State<Shared>, Path(path): Path<String>) -> ApiResult<Response> {
    let full = confined(&state.dir, &path, true)?;
    let text = std::fs::read_to_string(&full)
        .map_err(|e| ApiError::bad(format!("{path}: cannot read: {e}")))?;
    Ok(([("content-type", "text/plain; charset=utf-8")], text).into_response())
}

/// `PUT /api/files/{path}`: writes a scenario into the folder — validated first, as TOML (a JSON
/// twin is converted), whole or not at all, and an existing file only with `overwrite=1`.
async fn write_file(
    State(state): State<Shared>,
    Path(path): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Response> {
    if !path.ends_with(".toml") {
        return Err(ApiError::bad(format!(
            "{path}: scenarios are written as .toml files"
        )));
    }
    let full = confined(&state.dir, &path, false)?;
    let overwrite = matches!(q.get("overwrite").map(String::as_str), Some("1" | "true"));
    if full.exists() && !overwrite {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            &format!("{path} exists: the original is never overwritten unless asked (overwrite=1)"),
        ));
    }
    let text = body_text(&body)?;
    let (scenario, _) = compute::load(text, &path)?;
    let toml = if text.trim_start().starts_with('{') {
        brink_formats::toml_scenario::to_toml(&scenario)
    } else {
        text.to_string()
    };
    let tmp = full.with_extension("toml.tmp");
    std::fs::write(&tmp, &toml)
        .and_then(|_| std::fs::rename(&tmp, &full))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            ApiError::internal(format!("{path}: cannot write: {e}"))
        })?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "file": path, "scenario": scenario.name })),
    )
        .into_response())
}
