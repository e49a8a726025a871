//! The printable report: one page per scenario — inputs, every model's forecast (charts and
//! table), the crisis odds when the scenario has a `[crisis]` section, and a sensitivity
//! tornado — as one self-contained HTML file (styles and SVG inline, no script, no link to
//! fetch). `brink report SCENARIO -o report.html` writes it; the server shows it at
//! `/report/{file}`.

use crate::charts::{esc, num};
use crate::compute::{self, ComputeError, Options};
use std::collections::HashMap;
use std::fmt::Write;

/// Monte Carlo runs behind the report's intervals and sensitivity (kept small: a report is
/// read, not a study).
const REPORT_RUNS: &str = "400";

/// The report of each `(file name, text)` scenario, one printed page each.
pub fn html(files: &[(String, String)]) -> Result<String, ComputeError> {
    let mut body = String::new();
    let mut title = String::new();
    for (file, text) in files {
        let (scenario, _) = compute::load(text, file)?;
        if title.is_empty() {
            title = scenario.name.clone();
        }
        body.push_str(&section(file, &scenario)?);
    }
    Ok(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{} — brink report</title><style>{}</style></head><body><main>{body}<p class=note>brink {} — report made {}</p></main></body></html>"#,
        esc(&title),
        crate::assets::CSS,
        env!("CARGO_PKG_VERSION"),
        humantime_now()
    ))
}

fn humantime_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02} (UTC)")
}

fn section(file: &str, scenario: &brink_core::Scenario) -> Result<String, ComputeError> {
    let mut b = format!(
        r#"<section class="scenario"><h1>{}</h1><p class=note>{}{}</p>"#,
        esc(&scenario.name),
        esc(file),
        scenario
            .date
            .as_deref()
            .map(|d| format!(" — {}", esc(d)))
            .unwrap_or_default()
    );
    if let Some(notes) = &scenario.notes {
        let _ = write!(b, "<p class=note>{}</p>", esc(notes));
    }
    // Inputs.
    b.push_str(r#"<h2>Inputs</h2><div class="row"><table><tr><th>actor</th><th class=n>capability</th></tr>"#);
    for a in &scenario.actors {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=n>{}</td></tr>",
            esc(&a.name),
            num(a.capability.point(), 2)
        );
    }
    b.push_str("</table><table><tr><th>actor</th>");
    for i in &scenario.issues {
        let _ = write!(b, "<th class=n>{}</th>", esc(&i.id));
    }
    b.push_str("</tr>");
    for a in &scenario.actors {
        let _ = write!(b, "<tr><td>{}</td>", esc(&a.id));
        for i in &scenario.issues {
            let p = scenario
                .positions
                .iter()
                .find(|p| p.actor == a.id && p.issue == i.id);
            let _ = write!(
                b,
                "<td class=n>{}</td>",
                p.map(|p| format!(
                    "{} <span class=note>s {}</span>",
                    num(p.at.point(), 0),
                    num(p.salience.point(), 2)
                ))
                .unwrap_or_default()
            );
        }
        b.push_str("</tr>");
    }
    b.push_str("</table></div><p class=note>Positions (s: salience); a distribution is shown by its mean.</p>");
    // Forecasts.
    let q: HashMap<String, String> =
        [("interval_runs".to_string(), REPORT_RUNS.to_string())].into();
    let opts = Options::new(&q, 100_000);
    let (report, _) = compute::forecast(scenario, &opts)?;
    b.push_str("<h2>Forecasts</h2><p class=note>Dots: actors (area ∝ capability × salience); rows: each model's forecast with its 90% interval where the inputs are uncertain.</p>");
    b.push_str(&crate::pages::forecast_view(scenario, &report, false));
    // Crisis.
    if scenario.crisis.is_some() {
        let q: HashMap<String, String> = [("runs".to_string(), REPORT_RUNS.to_string())].into();
        match compute::crisis(scenario, &Options::new(&q, 100_000)) {
            Ok(c) => {
                b.push_str("<h2>Crisis</h2>");
                b.push_str(&crate::pages::crisis_view(scenario, &c));
            }
            Err(e) => {
                let _ = write!(
                    b,
                    "<h2>Crisis</h2><p class=diag>{}</p>",
                    esc(&e.to_string())
                );
            }
        }
    }
    // Sensitivity.
    let q: HashMap<String, String> = [
        ("runs".to_string(), REPORT_RUNS.to_string()),
        (
            "jitter".to_string(),
            if scenario.has_uncertainty() {
                String::new()
            } else {
                "0.1".into()
            },
        ),
    ]
    .into();
    b.push_str("<h2>Sensitivity</h2>");
    match compute::sensitivity(scenario, &Options::new(&q, 100_000), None)
        .map_err(|e| e.to_string())
        .and_then(|r| brink_present::tornado_svg(&r))
    {
        Ok(svg) => {
            let _ = write!(
                b,
                r#"<p class=note>Which inputs move the bdm forecast most ({REPORT_RUNS} runs).</p><div class="tornado">{svg}</div>"#
            );
        }
        Err(e) => {
            let _ = write!(b, "<p class=note>no sensitivity: {}</p>", esc(&e));
        }
    }
    b.push_str("</section>");
    Ok(b)
}
