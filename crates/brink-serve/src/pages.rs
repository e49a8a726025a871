//! The server-rendered pages: the scenarios (`/`), one scenario's inputs as an editable table
//! with the forecast view and the what-if beside the saved forecast (`/s/{file}`), the crisis
//! view with live sliders (`/crisis/{file}`), the stored runs and their diff (`/runs`,
//! `/runs/{a}/diff/{b}`), an issue's history across runs (`/history?scenario=`), and the report
//! (`/report/{file}`). `POST /view/forecast` and `/view/crisis` answer the HTML fragments the
//! pages swap in when an input changes.

use crate::api::{body_text, folder_scenarios, solve, with_store, ApiError, ApiResult};
use crate::charts::{self, esc, num};
use crate::compute::{self, Options};
use crate::security::confined;
use crate::{assets, Shared};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use brink_core::{ForecastReport, Scenario};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt::Write;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/", get(index))
        .route("/s/{*file}", get(scenario_page))
        .route("/crisis/{*file}", get(crisis_page))
        .route("/report/{*file}", get(report_page))
        .route("/runs", get(runs_page))
        .route("/runs/{a}/diff/{b}", get(diff_page))
        .route("/history", get(history_page))
        .route("/view/forecast", post(view_forecast))
        .route("/view/crisis", post(view_crisis))
        .route(
            "/static/app.css",
            get(|| async { ([("content-type", "text/css")], assets::CSS) }),
        )
        .route(
            "/static/app.js",
            get(|| async { ([("content-type", "text/javascript")], assets::JS) }),
        )
}

/// A whole page around `body`.
fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{t} — brink</title>
<link rel="stylesheet" href="/static/app.css"><script src="/static/app.js"></script></head>
<body><header><a href="/"><b>brink</b></a><a href="/">Scenarios</a><a href="/runs">Runs</a></header>
<main>{body}</main></body></html>"#,
        t = esc(title)
    ))
}

/// A scenario file of the folder: its text, parsed.
fn load_file(state: &Shared, file: &str) -> ApiResult<(String, Scenario)> {
    let full = confined(&state.dir, file, true)?;
    let text = std::fs::read_to_string(&full)
        .map_err(|e| ApiError::bad(format!("{file}: cannot read: {e}")))?;
    let (scenario, _) = compute::load(&text, file)?;
    Ok((text, scenario))
}

/// An error as a page (the status kept).
fn error_page(e: ApiError) -> Response {
    let mut text = e.body["error"].as_str().unwrap_or("error").to_string();
    if let Some(ds) = e.body["diagnostics"].as_array() {
        for d in ds {
            let _ = write!(
                text,
                "\n{}:{}:{}: {}",
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("")
            );
        }
    }
    (
        e.status,
        page("error", &format!(r#"<p class="diag">{}</p>"#, esc(&text))),
    )
        .into_response()
}

async fn index(State(state): State<Shared>) -> Response {
    let dir = state.dir.clone();
    let files = tokio::task::spawn_blocking(move || folder_scenarios(&dir))
        .await
        .unwrap_or_default();
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
    .await
    .unwrap_or_default();
    let mut b = format!(
        "<h1>Scenarios</h1><p class=note>In {} — open one to see its inputs, forecasts, crisis and report.</p><table><tr><th>file</th><th>scenario</th><th></th></tr>",
        esc(&state.dir.display().to_string())
    );
    for (file, name) in &files {
        let f = esc(file);
        match name {
            Ok(n) => {
                let _ = write!(
                    b,
                    r#"<tr><td><a href="/s/{f}">{f}</a></td><td>{}</td><td><a href="/crisis/{f}">crisis</a> · <a href="/report/{f}">report</a></td></tr>"#,
                    esc(n)
                );
            }
            Err(e) => {
                let _ = write!(
                    b,
                    r#"<tr><td>{f}</td><td class="diag">{}</td><td></td></tr>"#,
                    esc(e.lines().next().unwrap_or(""))
                );
            }
        }
    }
    b.push_str("</table><h2>In the store</h2><ul>");
    for n in &stored {
        let _ = write!(
            b,
            r#"<li>{} — <a href="/history?scenario={}">history</a></li>"#,
            esc(n),
            urlencode(n)
        );
    }
    if stored.is_empty() {
        b.push_str("<li class=note>no runs yet</li>");
    }
    b.push_str("</ul>");
    page("Scenarios", &b).into_response()
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A number of the JSON twin as one point (a distribution's mean or middle).
fn point_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Object(m) => {
            if let Some(x) = m
                .get("value")
                .or_else(|| m.get("mean"))
                .and_then(Value::as_f64)
            {
                return Some(x);
            }
            match (
                m.get("min").and_then(Value::as_f64),
                m.get("max").and_then(Value::as_f64),
            ) {
                (Some(a), Some(b)) => Some((a + b) / 2.0),
                _ => m
                    .get("values")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .and_then(Value::as_f64),
            }
        }
        _ => None,
    }
}

fn is_uncertain(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.contains_key("value"))
}

fn cell(path: &str, v: &Value) -> String {
    let p = point_of(v).unwrap_or(f64::NAN);
    let shown = num(p, 3);
    format!(
        r#"<input class="cell" data-path="{path}" data-orig="{shown}" value="{shown}"{}>"#,
        if is_uncertain(v) {
            r#" title="uncertain in the file: editing fixes it at the value typed""#
        } else {
            ""
        }
    )
}

/// The forecast view of a report: per issue its chart and the iterating models' rounds.
pub fn forecast_view(scenario: &Scenario, report: &ForecastReport, rounds: bool) -> String {
    let mut b = String::new();
    for issue in &report.issues {
        let _ = write!(
            b,
            r#"<h3>{} <span class=note>({})</span></h3>{}"#,
            esc(&issue.name),
            esc(&issue.id),
            charts::forecast_svg(scenario, issue)
        );
        if rounds {
            let r = charts::rounds_svg(issue);
            if !r.is_empty() {
                let _ = write!(
                    b,
                    r#"<details><summary>rounds of the iterating models</summary>{r}</details>"#
                );
            }
        }
    }
    b
}

async fn scenario_page(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    let st = state.clone();
    let f = file.clone();
    let result = solve(&state, move || {
        let (_, scenario) = load_file(&st, &f)?;
        let q = HashMap::new();
        let (report, notes) =
            compute::forecast(&scenario, &Options::new(&q, st.config.limits.max_runs))?;
        Ok((scenario, report, notes))
    })
    .await;
    let (scenario, report, notes) = match result {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let twin: Value = serde_json::from_str(&brink_formats::toml_scenario::to_json(&scenario))
        .unwrap_or(Value::Null);
    let f = esc(&file);
    let mut b = format!(
        r#"<h1>{}</h1><p class=note>{f} — {} actors, {} issues. <a href="/crisis/{f}">crisis</a> · <a href="/report/{f}">report</a> · <a href="/history?scenario={}">history</a></p>"#,
        esc(&scenario.name),
        scenario.actors.len(),
        scenario.issues.len(),
        urlencode(&scenario.name)
    );
    b.push_str(r#"<div class="row"><div class="panel"><h2>Actors</h2><table><tr><th>id</th><th>name</th><th class=n>capability</th></tr>"#);
    if let Some(actors) = twin["actor"].as_array() {
        for (i, a) in actors.iter().enumerate() {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(a["id"].as_str().unwrap_or("")),
                esc(a["name"].as_str().unwrap_or("")),
                cell(&format!("actor.{i}.capability"), &a["capability"])
            );
        }
    }
    b.push_str(r#"</table></div><div class="panel"><h2>Positions</h2><table id="positions"><tr><th>actor</th><th>issue</th><th class=n>position</th><th class=n>salience</th></tr>"#);
    if let Some(ps) = twin["position"].as_array() {
        for (i, p) in ps.iter().enumerate() {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(p["actor"].as_str().unwrap_or("")),
                esc(p["issue"].as_str().unwrap_or("")),
                cell(&format!("position.{i}.at"), &p["at"]),
                cell(&format!("position.{i}.salience"), &p["salience"])
            );
        }
    }
    b.push_str("</table></div></div>");
    b.push_str(r#"<div class="panel"><button id="rerun" onclick="Brink.rerun()">Re-run what-if</button><button onclick="Brink.save()">Save as a version in the store</button><button onclick="Brink.saveFile()">Save as a new file…</button><button onclick="Brink.simulate('simulate')">Simulate (background)</button><button onclick="Brink.simulate('sensitivity')">Sensitivity (background)</button> <span id="status" class="note"></span><div id="diagnostics" class="diag"></div><div id="jobbox"></div><p class=note>Edit any number: the what-if forecast re-runs next to the saved one. The file itself is never overwritten.</p><div id="deltas"></div></div>"#);
    let _ = write!(
        b,
        r#"<div class="row"><div><h2>Forecast (saved file)</h2><div id="saved">{}</div></div><div><h2>What-if</h2><div id="whatif"><p class=note>edit a number to see the what-if</p></div></div></div>"#,
        forecast_view(&scenario, &report, true)
    );
    for n in &notes {
        let _ = write!(b, "<p class=note>note: {}</p>", esc(n));
    }
    let _ = write!(
        b,
        "<script>Brink.init({}, {}, {});</script>",
        script_json(&twin),
        script_json(&serde_json::to_value(&report).unwrap_or(Value::Null)),
        script_json(&Value::String(file.clone()))
    );
    page(&scenario.name, &b).into_response()
}

/// JSON safe inside a `<script>` element.
fn script_json(v: &Value) -> String {
    v.to_string().replace("</", "<\\/")
}

async fn view_forecast(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let st = state.clone();
    solve(&state, move || {
        let (scenario, _) = compute::load(body_text(&body)?, "edited")?;
        let (report, _) =
            compute::forecast(&scenario, &Options::new(&q, st.config.limits.max_runs))?;
        Ok(Json(json!({
            "html": forecast_view(&scenario, &report, false),
            "report": report,
        })))
    })
    .await
}

/// The crisis view: odds, the SPE outcome, the tree.
pub fn crisis_view(scenario: &Scenario, report: &brink_crisis::CrisisReport) -> String {
    let mut b = String::new();
    let odds: Vec<(String, f64, Option<[f64; 2]>)> = report
        .outcomes
        .iter()
        .map(|(k, p)| {
            (
                k.clone(),
                *p,
                report.intervals.as_ref().and_then(|i| i.get(k)).copied(),
            )
        })
        .collect();
    let _ = write!(
        b,
        r#"<h3>Outcome odds (logit QRE, λ = {}{})</h3>{}<p>SPE: <b id="spe-outcome">{}</b> — {}</p>"#,
        num(report.lambda, 2),
        if report.runs > 1 {
            format!(", {} runs; bars: 90% intervals", report.runs)
        } else {
            String::new()
        },
        charts::odds_svg(&odds),
        esc(&report.spe.outcome),
        esc(&report.spe.end)
    );
    if let Ok(Some(spec)) = brink_crisis::CrisisSpec::from_scenario(scenario) {
        if let Ok(cg) = spec.build(&spec.point()) {
            let qre =
                brink_games::backward_induction(&cg.game, brink_games::Rule::Logit(report.lambda));
            let spe = brink_games::backward_induction(&cg.game, brink_games::Rule::Best);
            if let (Ok(qre), Ok(spe)) = (qre, spe) {
                let classes: Vec<Option<String>> = cg
                    .terminal_class
                    .iter()
                    .map(|c| c.map(|c| cg.classes[c].to_string()))
                    .collect();
                let _ = write!(
                    b,
                    r#"<h3>The game tree ({}; players {}) — red: the SPE path; % on branches: QRE probabilities; leaves: payoffs in player order</h3>{}"#,
                    esc(&report.game),
                    esc(&cg.game.players().join(", ")),
                    charts::tree_svg(&cg.game, &classes, &qre, &spe)
                );
            }
        }
    }
    b
}

async fn crisis_page(
    State(state): State<Shared>,
    Path(file): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let st = state.clone();
    let f = file.clone();
    let result = solve(&state, move || {
        let (_, scenario) = load_file(&st, &f)?;
        let report = compute::crisis(&scenario, &Options::new(&q, st.config.limits.max_runs))?;
        Ok((scenario, report))
    })
    .await;
    let (scenario, report) = match result {
        Ok(x) => x,
        Err(e) => return error_page(e),
    };
    let twin: Value = serde_json::from_str(&brink_formats::toml_scenario::to_json(&scenario))
        .unwrap_or(Value::Null);
    let mut b = format!(
        r#"<h1>Crisis: {}</h1><p class=note>{} — <a href="/s/{}">inputs and forecasts</a></p><div class="panel"><h2>Parameters</h2><p class=note>Move a slider: the game is re-solved at once (200 Monte Carlo runs over the numbers still uncertain).</p>"#,
        esc(&scenario.name),
        esc(&file),
        esc(&file)
    );
    if let Ok(Some(spec)) = brink_crisis::CrisisSpec::from_scenario(&scenario) {
        for (def, values) in &spec.params {
            let [Some(v)] = [values.first().map(|u| u.point())] else {
                continue;
            };
            if values.len() != 1 {
                continue;
            }
            let (lo, hi) = match def.kind {
                brink_crisis::section::Kind::Probability => (0.0, 1.0),
                brink_crisis::section::Kind::Cost => (0.0, (2.0 * v).max(1.0)),
                brink_crisis::section::Kind::Payoff => (v.min(-1.0) * 2.0, v.max(1.0) * 2.0),
            };
            let _ = write!(
                b,
                r#"<div class="slider"><label for="p-{k}" title="{help}">{k}</label><input class="param" id="p-{k}" data-key="{k}" type="range" min="{lo}" max="{hi}" step="0.01" value="{v}"><span id="v-{k}">{vs}</span></div>"#,
                k = esc(def.name),
                help = esc(def.help),
                vs = num(v, 2)
            );
        }
    }
    let _ = write!(
        b,
        r#"<div id="diagnostics" class="diag"></div></div><div id="crisis">{}</div><script>Crisis.init({});</script>"#,
        crisis_view(&scenario, &report),
        script_json(&twin)
    );
    page(&format!("Crisis: {}", scenario.name), &b).into_response()
}

async fn view_crisis(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let st = state.clone();
    solve(&state, move || {
        let (scenario, _) = compute::load(body_text(&body)?, "edited")?;
        let report = compute::crisis(&scenario, &Options::new(&q, st.config.limits.max_runs))?;
        Ok(Json(json!({
            "html": crisis_view(&scenario, &report),
            "outcomes": report.outcomes,
        })))
    })
    .await
}

async fn report_page(State(state): State<Shared>, Path(file): Path<String>) -> Response {
    let st = state.clone();
    let f = file.clone();
    let result = solve(&state, move || {
        let full = confined(&st.dir, &f, true)?;
        let text = std::fs::read_to_string(&full)
            .map_err(|e| ApiError::bad(format!("{f}: cannot read: {e}")))?;
        Ok(crate::report::html(&[(f.clone(), text)])?)
    })
    .await;
    match result {
        Ok(html) => Html(html).into_response(),
        Err(e) => error_page(e),
    }
}

async fn runs_page(State(state): State<Shared>) -> Response {
    let runs = match with_store(&state, |s| {
        Ok(s.list(&brink_store::Filter {
            limit: Some(500),
            ..Default::default()
        })?)
    })
    .await
    {
        Ok(r) => r,
        Err(e) => return error_page(e),
    };
    let mut b = String::from(
        r#"<h1>Runs</h1><p><button onclick="diffSelected()">Compare the two runs ticked</button></p><table><tr><th></th><th>id</th><th>created (UTC)</th><th>command</th><th>scenario</th><th class=n>seed</th></tr>"#,
    );
    for r in &runs {
        let _ = write!(
            b,
            r#"<tr><td><input type="checkbox" class="pick" value="{id}"></td><td><a href="/api/runs/{id}">{id}</a></td><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td></tr>"#,
            esc(&r.created),
            esc(&r.command),
            r.scenario
                .as_deref()
                .map(|s| format!(
                    r#"<a href="/history?scenario={}">{}</a>"#,
                    urlencode(s),
                    esc(s)
                ))
                .unwrap_or_default(),
            r.seed.map(|s| s.to_string()).unwrap_or_default(),
            id = r.id
        );
    }
    b.push_str("</table>");
    page("Runs", &b).into_response()
}

fn changes_table(title: &str, changes: &Value) -> String {
    let list = changes.as_array().cloned().unwrap_or_default();
    let mut b = format!(
        "<h2>{} <span class=note>({} changed)</span></h2>",
        esc(title),
        list.len()
    );
    if list.is_empty() {
        b.push_str("<p class=note>no change</p>");
        return b;
    }
    b.push_str(r#"<table class="diff"><tr><th>what</th><th>before</th><th>after</th><th class=n>Δ</th></tr>"#);
    let show = |v: &Value| match v {
        Value::Null => "—".to_string(),
        Value::Number(n) => n.as_f64().map(|x| num(x, 3)).unwrap_or_default(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for c in list.iter().take(500) {
        let d = c["delta"].as_f64();
        let _ = write!(
            b,
            r#"<tr><td>{}</td><td>{}</td><td>{}</td><td class="n {}">{}</td></tr>"#,
            esc(c["path"].as_str().unwrap_or("")),
            esc(&show(&c["before"])),
            esc(&show(&c["after"])),
            match d {
                Some(x) if x > 0.0 => "up",
                Some(x) if x < 0.0 => "down",
                _ => "",
            },
            d.map(|x| format!("{}{}", if x >= 0.0 { "+" } else { "" }, num(x, 3)))
                .unwrap_or_default()
        );
    }
    b.push_str("</table>");
    b
}

async fn diff_page(State(state): State<Shared>, Path((a, b)): Path<(i64, i64)>) -> Response {
    let d = match with_store(&state, move |s| {
        let (ra, rb) = (s.get(a)?, s.get(b)?);
        Ok(compute::runs_diff(&ra, &rb))
    })
    .await
    {
        Ok(d) => d,
        Err(e) => return error_page(e),
    };
    let mut h = format!(
        "<h1>Run {a} → run {b}</h1><p class=note>{} {} ({}) → {} {} ({})</p>",
        esc(d["a"]["command"].as_str().unwrap_or("")),
        esc(d["a"]["scenario"].as_str().unwrap_or("")),
        esc(d["a"]["created"].as_str().unwrap_or("")),
        esc(d["b"]["command"].as_str().unwrap_or("")),
        esc(d["b"]["scenario"].as_str().unwrap_or("")),
        esc(d["b"]["created"].as_str().unwrap_or("")),
    );
    h.push_str(&changes_table("Inputs", &d["inputs"]));
    h.push_str(&changes_table("Options", &d["options"]));
    h.push_str(&changes_table("Results", &d["results"]));
    page(&format!("Run {a} → {b}"), &h).into_response()
}

async fn history_page(
    State(state): State<Shared>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(name) = q.get("scenario").cloned() else {
        return error_page(ApiError::bad("history needs ?scenario=NAME"));
    };
    let n2 = name.clone();
    let timeline = match with_store(&state, move |s| Ok(s.timeline(&n2, "forecast")?)).await {
        Ok(t) => t,
        Err(e) => return error_page(e),
    };
    let mut b = format!(
        "<h1>History: {}</h1><p class=note>{} forecast runs of this scenario, oldest first: how each issue's forecast moved as the inputs were updated.</p>",
        esc(&name),
        timeline.len()
    );
    // Issues in the order of the newest run.
    let issues: Vec<(String, String, [f64; 2])> = timeline
        .last()
        .and_then(|(_, v)| v["issues"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or("").to_string(),
                i["name"].as_str().unwrap_or("").to_string(),
                [
                    i["scale"][0].as_f64().unwrap_or(0.0),
                    i["scale"][1].as_f64().unwrap_or(100.0),
                ],
            )
        })
        .collect();
    for (id, iname, scale) in &issues {
        let points: Vec<(String, Vec<(String, f64)>)> = timeline
            .iter()
            .map(|(run, v)| {
                let fs = v["issues"]
                    .as_array()
                    .and_then(|is| is.iter().find(|i| i["id"] == id.as_str()))
                    .and_then(|i| i["forecasts"].as_array().cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|f| {
                        Some((f["model"].as_str()?.to_string(), f["forecast"].as_f64()?))
                    })
                    .collect();
                (format!("#{}", run.id), fs)
            })
            .collect();
        let _ = write!(
            b,
            "<h3>{} <span class=note>({})</span></h3>{}",
            esc(iname),
            esc(id),
            charts::timeline_svg(*scale, &points)
        );
    }
    if issues.is_empty() {
        b.push_str("<p class=note>no forecast runs of this scenario in the store yet</p>");
    }
    page(&format!("History: {name}"), &b).into_response()
}
