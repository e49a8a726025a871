//! `brink serve`: a local web workbench over brink's libraries — a JSON API with the CLI's JSON
//! shapes and server-rendered pages (HTML with inline SVG charts, a little plain JavaScript, every
//! asset served by the binary) — and the self-contained HTML report `brink report` writes.
//!
//! Modules:
//! - [`compute`]: the runs themselves (forecast, simulate, sensitivity, crisis, compare, the
//!   runs diff), library calls that return the CLI's JSON; no HTTP in it.
//! - `security`: the access token, `Host`/`Origin` checks, paths confined to the scenario folder.
//! - `api`: the JSON API (`/api/...`), its errors (`400` with located diagnostics) and limits.
//! - `jobs`: long work (simulate, sensitivity) in the background with progress; a second request
//!   for the same work joins the first.
//! - `pages`, `charts`, [`report`], `assets`: the HTML pages, their SVG charts, the printable
//!   report, the one stylesheet and script.
//!
//! Invariants: no model knows about the server; every handler returns a response (bad input is a
//! `400` with diagnostics, never a panic or a `500` from input); files are read and written only
//! inside the scenario folder; nothing from input is executed.

mod api;
mod assets;
mod charts;
pub mod compute;
mod jobs;
mod pages;
pub mod report;
mod security;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Caps that keep the server up, each configurable (`brink serve --max-...`).
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest request body, bytes (a larger one gets 413).
    pub max_body: usize,
    /// The most Monte Carlo runs one request may ask for (`runs`, `interval_runs`).
    pub max_runs: usize,
    /// How long one solve may take before the request gets 503 (the work is bounded by the
    /// concurrency cap meanwhile).
    pub solve_timeout: Duration,
    /// How many solves run at once; further requests wait their turn.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body: 2 * 1024 * 1024,
            max_runs: 100_000,
            solve_timeout: Duration::from_secs(120),
            max_concurrent: 4,
        }
    }
}

/// What `brink serve` was asked to serve.
#[derive(Clone, Debug)]
pub struct Config {
    /// The address to listen on (loopback unless asked otherwise).
    pub addr: SocketAddr,
    /// The folder of scenario files the pages list and edit (nothing outside it is touched).
    pub dir: PathBuf,
    /// The run store (SQLite; created if need be).
    pub store: PathBuf,
    /// The access token every request must carry.
    pub token: String,
    pub limits: Limits,
}

/// A fresh random access token (32 hex digits, from the OS's random source).
pub fn random_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: SocketAddr, message: String },
}

/// The state every handler shares.
pub(crate) struct AppState {
    pub config: Config,
    /// The scenario folder, canonical (symlinks resolved), for the confinement checks.
    pub dir: PathBuf,
    /// The `host:port` names the server answers to (`Host`, and `Origin` after `http://`).
    pub hosts: Vec<String>,
    pub solves: Arc<tokio::sync::Semaphore>,
    pub jobs: jobs::Jobs,
}

pub(crate) type Shared = Arc<AppState>;

fn state(config: Config, local: SocketAddr) -> Result<Shared, ServeError> {
    let dir = config.dir.canonicalize().map_err(|e| {
        ServeError::Setup(format!(
            "{}: not a folder of scenarios: {e}",
            config.dir.display()
        ))
    })?;
    if !dir.is_dir() {
        return Err(ServeError::Setup(format!(
            "{}: not a folder",
            config.dir.display()
        )));
    }
    // The store must open (and migrate) before the server says it is up.
    brink_store::Store::open(&config.store).map_err(|e| ServeError::Setup(e.to_string()))?;
    let port = local.port();
    let mut hosts = vec![format!("{}:{port}", local.ip())];
    if local.ip().is_loopback() {
        hosts.push(format!("localhost:{port}"));
        hosts.push(format!("127.0.0.1:{port}"));
        hosts.push(format!("[::1]:{port}"));
    }
    let max = config.limits.max_concurrent.max(1);
    Ok(Arc::new(AppState {
        config,
        dir,
        hosts,
        solves: Arc::new(tokio::sync::Semaphore::new(max)),
        jobs: jobs::Jobs::default(),
    }))
}

/// The whole application as an axum router (for tests that serve it themselves).
fn app(state: Shared) -> axum::Router {
    let max_body = state.config.limits.max_body;
    api::routes()
        .merge(pages::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .with_state(state)
}

/// The URL to open: the server's address with the token.
pub fn url(addr: SocketAddr, token: &str) -> String {
    format!("http://{addr}/?token={token}")
}

/// Binds `config.addr` and serves until the process ends (or `shutdown` resolves). `ready` is
/// called with the bound address (port 0 picks a free one) once requests are accepted.
pub async fn serve(
    config: Config,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let addr = config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServeError::Bind {
            addr,
            message: e.to_string(),
        })?;
    let local = listener.local_addr().map_err(|e| ServeError::Bind {
        addr,
        message: e.to_string(),
    })?;
    let state = state(config, local)?;
    ready(local);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ServeError::Setup(format!("server stopped: {e}")))
}

/// Runs [`serve`] on a tokio runtime of its own until Ctrl-C (the CLI's entry point).
pub fn run_blocking(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Setup(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(serve(config, ready, async {
        let _ = tokio::signal::ctrl_c().await;
    }))
}
