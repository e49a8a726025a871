//! The Python module `brink._brink` (re-exported by the package `brink`, python/brink/): brink's
//! computing calls through brink-api, returning the CLI's JSON results as Python objects.
//!
//! Every call releases the GIL while it computes and catches a Rust panic, which becomes
//! `brink.InternalError` (nothing unwinds across the FFI boundary). Errors are typed:
//! `ScenarioError` (located: `.path`, `.line`, `.column`, `.field`, `.diagnostics`),
//! `InputError`, `UsageError`, `ConvergenceError`, all subclasses of `BrinkError`.

use brink_api::ApiError;
use brink_core::{Diagnostics, ModelParams, Utility};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::panic::AssertUnwindSafe;

create_exception!(_brink, BrinkError, PyException, "Any error brink reports.");
create_exception!(
    _brink,
    ScenarioError,
    BrinkError,
    "A bad scenario input, located: `.path`, `.line`, `.column` (1-based, None when unknown), \
     `.field` (e.g. `position[3].salience`) of the first error, and `.diagnostics` (every \
     error and warning as dicts)."
);
create_exception!(
    _brink,
    InputError,
    BrinkError,
    "Bad input not tied to a place in a file (e.g. no model applies; no uncertainty to sample)."
);
create_exception!(
    _brink,
    UsageError,
    BrinkError,
    "A bad argument or option value."
);
create_exception!(
    _brink,
    ConvergenceError,
    BrinkError,
    "A model or solver did not converge within its limits."
);
create_exception!(
    _brink,
    InternalError,
    BrinkError,
    "A bug in brink (a Rust panic, caught at the boundary): please report it."
);

/// A loaded, validated scenario (any input brink reads: TOML, JSON, KTAB, BDM CSV, decide).
#[pyclass(module = "brink._brink", name = "Scenario", frozen)]
struct PyScenario {
    loaded: brink_api::Loaded,
    path: String,
    /// The input's text (what `brink.dask` sends to the workers).
    source: String,
}

#[pymethods]
impl PyScenario {
    /// Reads and validates a scenario file; raises `ScenarioError` (located) when it is bad.
    #[staticmethod]
    fn load(py: Python<'_>, path: std::path::PathBuf) -> PyResult<PyScenario> {
        let path = path.to_string_lossy().into_owned();
        let (source, loaded) = compute(py, || {
            let source = brink_formats::read_input(&path)?.text;
            let loaded = brink_api::load_text_for_models(&source, &path)?;
            Ok((source, loaded))
        })?;
        Ok(PyScenario {
            loaded,
            path,
            source,
        })
    }

    /// A scenario from text in any input format; `name` (a file name: its extension tells the
    /// format when the content does not) names it in errors.
    #[staticmethod]
    #[pyo3(signature = (text, name = "scenario.toml"))]
    fn from_text(py: Python<'_>, text: &str, name: &str) -> PyResult<PyScenario> {
        let loaded = compute(py, || brink_api::load_text_for_models(text, name))?;
        Ok(PyScenario {
            loaded,
            path: name.to_string(),
            source: text.to_string(),
        })
    }

    /// A scenario from a dict shaped as brink's JSON scenario format (docs/scenario.md).
    #[staticmethod]
    #[pyo3(signature = (data, name = "scenario.json"))]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>, name: &str) -> PyResult<PyScenario> {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (data,))?
            .extract()?;
        Self::from_text(py, &text, name)
    }

    #[getter]
    fn name(&self) -> &str {
        &self.loaded.scenario.name
    }
    /// The file it was read from (or the name given to `from_text` / `from_dict`).
    #[getter]
    fn path(&self) -> &str {
        &self.path
    }
    /// The input's text as read.
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }
    /// The issues' ids, in order.
    #[getter]
    fn issues(&self) -> Vec<String> {
        self.loaded
            .scenario
            .issues
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }
    /// The actors' ids, in order.
    #[getter]
    fn actors(&self) -> Vec<String> {
        self.loaded
            .scenario
            .actors
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }
    /// Validation warnings (the input is usable), as located messages.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.loaded
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect()
    }
    fn __repr__(&self) -> String {
        format!(
            "Scenario({:?}, {} actors, {} issues)",
            self.loaded.scenario.name,
            self.loaded.scenario.actors.len(),
            self.loaded.scenario.issues.len()
        )
    }
}

/// Runs `f` without the GIL, a panic caught and turned into `InternalError`.
fn compute<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, ApiError> + Send) -> PyResult<T> {
    let out = py.allow_threads(|| std::panic::catch_unwind(AssertUnwindSafe(f)));
    match out {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py_err(py, e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(InternalError::new_err(format!(
                "internal error (a bug in brink, please report it): {what}"
            )))
        }
    }
}

fn to_py_err(py: Python<'_>, e: ApiError) -> PyErr {
    match e {
        ApiError::Input(d) => scenario_error(py, &d),
        ApiError::InputMessage(m) => InputError::new_err(m),
        ApiError::Usage(m) => UsageError::new_err(m),
        ApiError::NoConvergence(m) => ConvergenceError::new_err(m),
    }
}

fn scenario_error(py: Python<'_>, d: &Diagnostics) -> PyErr {
    let err = ScenarioError::new_err(d.to_string());
    let first = d.0.iter().find(|x| x.is_error()).or(d.0.first());
    let set = || -> PyResult<()> {
        let value = err.value(py);
        value.setattr("path", first.map(|x| x.file.clone()))?;
        value.setattr("line", first.and_then(|x| x.location.map(|l| l.line)))?;
        value.setattr("column", first.and_then(|x| x.location.map(|l| l.col)))?;
        value.setattr("field", first.and_then(|x| x.field.clone()))?;
        let list = PyList::empty(py);
        for x in &d.0 {
            let item = PyDict::new(py);
            item.set_item("severity", if x.is_error() { "error" } else { "warning" })?;
            item.set_item("path", &x.file)?;
            item.set_item("line", x.location.map(|l| l.line))?;
            item.set_item("column", x.location.map(|l| l.col))?;
            item.set_item("field", x.field.clone())?;
            item.set_item("message", &x.message)?;
            list.append(item)?;
        }
        value.setattr("diagnostics", list)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// A scenario argument: a `Scenario`, or a path to load.
fn scenario_of(py: Python<'_>, s: &Bound<'_, PyAny>) -> PyResult<Py<PyScenario>> {
    if let Ok(s) = s.downcast::<PyScenario>() {
        return Ok(s.clone().unbind());
    }
    let path: std::path::PathBuf = s.extract().map_err(|_| {
        pyo3::exceptions::PyTypeError::new_err("scenario: a brink.Scenario or a path")
    })?;
    Py::new(py, PyScenario::load(py, path)?)
}

/// `models`: None (all), a comma-separated string, or a list of names.
fn models_of(models: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    match models {
        None => Ok("all".into()),
        Some(m) => {
            if let Ok(s) = m.extract::<String>() {
                Ok(s)
            } else {
                let names: Vec<String> = m.extract().map_err(|_| {
                    pyo3::exceptions::PyTypeError::new_err(
                        "models: a list of model names, a comma-separated string, or None (all)",
                    )
                })?;
                Ok(names.join(","))
            }
        }
    }
}

fn params_of(
    variant: Option<String>,
    rounds: Option<usize>,
    until_stable: bool,
    utility: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ModelParams> {
    let utility = match utility {
        "quadratic" => Utility::Quadratic,
        "linear" => Utility::Linear,
        u => {
            return Err(UsageError::new_err(format!(
                "utility: `linear` or `quadratic`, found `{u}`"
            )))
        }
    };
    let mut opts = Vec::new();
    if let Some(d) = options {
        for (k, v) in d.iter() {
            let key: String = k.extract()?;
            let value = match v.extract::<String>() {
                Ok(s) => s,
                Err(_) => v.str()?.to_string(),
            };
            opts.push((key, value));
        }
    }
    if matches!(rounds, Some(r) if r == 0 || r > 10_000) {
        return Err(UsageError::new_err("rounds: between 1 and 10,000"));
    }
    Ok(ModelParams {
        variant,
        rounds,
        until_stable,
        utility,
        options: opts,
    })
}

/// Notes (models skipped, …) as Python warnings (`brink.BrinkWarning`).
fn warn(py: Python<'_>, notes: &[String]) -> PyResult<()> {
    if notes.is_empty() {
        return Ok(());
    }
    let category = py.import("brink")?.getattr("BrinkWarning")?;
    let warnings = py.import("warnings")?;
    for n in notes {
        warnings.call_method1("warn", (n, &category, 2))?;
    }
    Ok(())
}

/// JSON text → Python objects (the same dict `json.loads` of the CLI's output gives).
fn to_python(py: Python<'_>, text: &str) -> PyResult<PyObject> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// `brink forecast --format json` as a dict.
#[pyfunction]
#[pyo3(signature = (scenario, models = None, *, rounds = None, seed = 0, interval_runs = 400,
    variant = None, utility = "quadratic", options = None, until_stable = false, force = false))]
#[allow(clippy::too_many_arguments)]
fn forecast(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    models: Option<&Bound<'_, PyAny>>,
    rounds: Option<usize>,
    seed: u64,
    interval_runs: usize,
    variant: Option<String>,
    utility: &str,
    options: Option<&Bound<'_, PyDict>>,
    until_stable: bool,
    force: bool,
) -> PyResult<PyObject> {
    let s = scenario_of(py, scenario)?;
    if interval_runs > 100_000 {
        return Err(UsageError::new_err("interval_runs: at most 100,000"));
    }
    let opts = brink_api::forecast::ForecastOptions {
        models: models_of(models)?,
        params: params_of(variant, rounds, until_stable, utility, options)?,
        seed,
        interval_runs,
        force,
    };
    let s = s.get();
    let (text, notes, unconverged) = compute(py, || {
        let f = brink_api::forecast::forecast(&s.loaded.scenario, &opts)?;
        let text = serde_json::to_string(&f.report).expect("a report serialises");
        Ok((text, f.notes, f.unconverged))
    })?;
    warn(py, &s.loaded.notes)?;
    warn(py, &notes)?;
    if !unconverged.is_empty() {
        return Err(ConvergenceError::new_err(unconverged.join("; ")));
    }
    to_python(py, &text)
}

fn shard_of(shard: &Bound<'_, PyAny>) -> PyResult<brink_analysis::Shard> {
    if let Ok(text) = shard.extract::<String>() {
        return brink_analysis::Shard::parse(&text).map_err(UsageError::new_err);
    }
    let (index, count): (usize, usize) = shard
        .extract()
        .map_err(|_| pyo3::exceptions::PyTypeError::new_err("shard: \"K/N\" or a pair (K, N)"))?;
    brink_analysis::Shard::parse(&format!("{index}/{count}")).map_err(UsageError::new_err)
}

/// `brink simulate --format json` as a dict; with `shard`, that shard's part (JSON text for
/// `merge`).
#[pyfunction]
#[pyo3(signature = (scenario, models = None, *, runs = 10_000, seed = 0, jitter = None, bins = 20,
    threads = None, rounds = None, variant = None, utility = "quadratic", options = None,
    force = false, shard = None, draws = false))]
#[allow(clippy::too_many_arguments)]
fn simulate(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    models: Option<&Bound<'_, PyAny>>,
    runs: usize,
    seed: u64,
    jitter: Option<f64>,
    bins: usize,
    threads: Option<usize>,
    rounds: Option<usize>,
    variant: Option<String>,
    utility: &str,
    options: Option<&Bound<'_, PyDict>>,
    force: bool,
    shard: Option<&Bound<'_, PyAny>>,
    draws: bool,
) -> PyResult<PyObject> {
    let s = scenario_of(py, scenario)?;
    // The CLI's caps (brink-cli cmd/common/limits.rs).
    if runs == 0 || runs > 1_000_000 {
        return Err(UsageError::new_err("runs: between 1 and 1,000,000"));
    }
    if bins == 0 || bins > 1_000 {
        return Err(UsageError::new_err("bins: between 1 and 1,000"));
    }
    if matches!(threads, Some(t) if t == 0 || t > 256) {
        return Err(UsageError::new_err("threads: between 1 and 256"));
    }
    if matches!(jitter, Some(j) if !(j.is_finite() && j >= 0.0)) {
        return Err(UsageError::new_err(
            "jitter: a finite number ≥ 0 (e.g. 0.1)",
        ));
    }
    let shard = shard.map(shard_of).transpose()?;
    let req = brink_api::simulate::SimulateRequest {
        models: models_of(models)?,
        params: params_of(variant, rounds, false, utility, options)?,
        runs,
        seed,
        jitter,
        bins,
        threads,
        force,
        draws,
    };
    let s = s.get();
    let (text, notes) = compute(py, || match shard {
        None => {
            let r = brink_api::simulate::simulate(&s.loaded.scenario, &req)?;
            Ok((
                serde_json::to_string(&r.value).expect("a report serialises"),
                r.notes,
            ))
        }
        Some(shard) => {
            let r = brink_api::simulate::simulate_shard(&s.loaded.scenario, &req, shard)?;
            Ok((r.value.to_json(), r.notes))
        }
    })?;
    warn(py, &s.loaded.notes)?;
    warn(py, &notes)?;
    if shard.is_some() {
        return Ok(pyo3::types::PyString::new(py, &text).into_any().unbind());
    }
    to_python(py, &text)
}

/// Merges parts (JSON texts) of one simulation into `simulate`'s dict, bit for bit.
#[pyfunction]
#[pyo3(signature = (parts, names = None))]
fn merge_texts(
    py: Python<'_>,
    parts: Vec<String>,
    names: Option<Vec<String>>,
) -> PyResult<PyObject> {
    let names = names.unwrap_or_default();
    let text = compute(py, || {
        let r = brink_api::simulate::merge(&parts, &names)?;
        Ok(serde_json::to_string(&r).expect("a report serialises"))
    })?;
    to_python(py, &text)
}

/// Panics inside a computation (for the test that a panic becomes `InternalError`).
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    compute(py, || -> Result<(), ApiError> {
        let v: Vec<u8> = Vec::new();
        let i = v.len() + 3;
        panic!("deliberate panic for the tests (index {i})")
    })
}

/// Seconds per call of the Rust side of `forecast` (brink-api's forecast and its JSON text),
/// timed in a Rust loop of `calls` calls with no interval runs: the benchmark of Python's
/// per-call overhead subtracts it from `forecast`'s time (bench/python_overhead.py).
#[pyfunction]
#[pyo3(signature = (scenario, models, calls))]
fn _time_forecast_rust(
    py: Python<'_>,
    scenario: &Bound<'_, PyAny>,
    models: &str,
    calls: usize,
) -> PyResult<f64> {
    let s = scenario_of(py, scenario)?;
    let s = s.get();
    let opts = brink_api::forecast::ForecastOptions {
        models: models.to_string(),
        interval_runs: 0,
        ..Default::default()
    };
    compute(py, || {
        let start = std::time::Instant::now();
        for _ in 0..calls {
            let f = brink_api::forecast::forecast(&s.loaded.scenario, &opts)?;
            std::hint::black_box(serde_json::to_string(&f.report).expect("serialises"));
        }
        Ok(start.elapsed().as_secs_f64() / calls.max(1) as f64)
    })
}

/// The version of brink this module was built from.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _brink(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("BrinkError", py.get_type::<BrinkError>())?;
    m.add("ScenarioError", py.get_type::<ScenarioError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("ConvergenceError", py.get_type::<ConvergenceError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add_class::<PyScenario>()?;
    m.add_function(wrap_pyfunction!(forecast, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(merge_texts, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(_time_forecast_rust, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
