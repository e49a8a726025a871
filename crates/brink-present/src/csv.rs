//! Reports as CSV: one header line, then a row per record; fields quoted (RFC 4180) only where
//! they need it; numbers as Rust prints them (shortest round-trip).

use brink_analysis::montecarlo::McSample;
use brink_analysis::{ActorsReport, SensitivityReport, SimulationReport, ValidationReport};
use brink_core::{ForecastReport, Scenario};
use brink_crisis::{Comparison, CrisisReport};
use std::fmt::Write;

/// One field, quoted when it holds a comma, a quote or a line break (`\n` or `\r`).
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// What the `mean` column of the forecast CSV holds for `f` (the `mean_of` column): `positions`
/// — the c·s-weighted mean of the actors' final positions (bdm, smp); `positions_over_cycle` —
/// that mean averaged over the states of the cycle a run ended in; `outcome` — the outcome after
/// the last round (exchange, whose mean is its forecast); empty when the model gives no mean.
pub fn mean_of(f: &brink_core::ModelForecast) -> &'static str {
    match (f.mean, f.model.as_str()) {
        (None, _) => "",
        (Some(_), "exchange") => "outcome",
        (Some(_), _) if f.extra.contains_key("cycle") => "positions_over_cycle",
        (Some(_), _) => "positions",
    }
}

/// `brink forecast --format csv`: a row per issue and model, with the 90% interval and the
/// convergence of iterating models where there are any; `mean_of` says what `mean` is
/// ([`mean_of`]).
pub fn forecast(report: &ForecastReport) -> String {
    let mut out = String::from(
        "issue,model,variant,forecast,median,mean,p05,p95,converged,cycle_period,cycle_min,cycle_max,mean_of\n",
    );
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for issue in &report.issues {
        for f in &issue.forecasts {
            let bound = |k: usize| {
                f.extra
                    .get("interval")
                    .and_then(|v| v.get(k))
                    .and_then(|v| v.as_f64())
            };
            let cycle = |k: &str| f.extra.get("cycle").and_then(|c| c.get(k)).cloned();
            let text = |v: Option<serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                field(&issue.id),
                f.model,
                f.variant.as_deref().unwrap_or(""),
                f.forecast,
                opt(f.median),
                opt(f.mean),
                opt(bound(0)),
                opt(bound(1)),
                text(f.extra.get("converged").cloned()),
                text(cycle("period")),
                text(cycle("min")),
                text(cycle("max")),
                mean_of(f),
            );
        }
    }
    out
}

/// `brink simulate --format csv`: a row per issue and model, the summary of its draws.
pub fn simulation(r: &SimulationReport) -> String {
    let mut out = String::from("issue,model,point,mean,median,sd,p05,p95,min,max,n,failed\n");
    for issue in &r.issues {
        for m in &issue.models {
            let s = &m.summary;
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                field(&issue.id),
                m.model,
                m.point,
                s.mean,
                s.median,
                s.sd,
                s.p05,
                s.p95,
                s.min,
                s.max,
                s.n,
                m.failed
            );
        }
    }
    out
}

/// `brink simulate --draws FILE`: a row per Monte Carlo run — `run` (0-based; run r draws from
/// stream r of the seed), then each uncertain input's draw (after clipping; the column named by
/// its field, as in diagnostics: `position[3].at`), then each model's forecast on each issue
/// (`forecast:<issue>:<model>`; empty where the model failed on that run). `scenario` is the
/// scenario sampled (its issues name the forecast columns). Empty draws columns when `mc` was run
/// without keeping its draws.
pub fn draws(mc: &McSample, scenario: &Scenario) -> String {
    let mut out = String::from("run");
    for input in &mc.inputs {
        out.push(',');
        out.push_str(&field(&input.field));
    }
    for slot in &mc.slots {
        out.push(',');
        let issue = scenario
            .issues
            .get(slot.issue)
            .map_or(String::new(), |i| i.id.clone());
        out.push_str(&field(&format!("forecast:{issue}:{}", slot.model_name)));
    }
    out.push('\n');
    let (ni, ns) = (mc.inputs.len(), mc.slots.len());
    for run in 0..mc.runs {
        let _ = write!(out, "{run}");
        for k in 0..ni {
            out.push(',');
            if let Some(v) = mc.draws.get(run * ni + k) {
                let _ = write!(out, "{v}");
            }
        }
        for k in 0..ns {
            out.push(',');
            let v = mc.values[run * ns + k];
            if !v.is_nan() {
                let _ = write!(out, "{v}");
            }
        }
        out.push('\n');
    }
    out
}

/// `brink crisis --format csv`: a row per outcome (`kind` = `outcome`: the logit QRE's
/// probability, the median and 90% interval over the runs when parameters are uncertain, the
/// subgame-perfect equilibrium's probability — its mean over the runs then), then a row per issue
/// the crisis bears on (`kind` = `issue`: the expected breakdown point, the reference point, the
/// status-quo NBS, the NBS with the crisis, the shift and its 90% interval). Empty where a value
/// does not apply.
pub fn crisis(r: &CrisisReport) -> String {
    let mut out = String::from(
        "kind,name,p_qre,median,p05,p95,p_spe,breakdown,reference,nbs,with_crisis,shift,shift_p05,shift_p95\n",
    );
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for (name, p) in &r.outcomes {
        let iv = r.intervals.as_ref().and_then(|iv| iv.get(name)).copied();
        let median = r
            .spread
            .as_ref()
            .and_then(|s| s.get(name))
            .map(|s| s.median);
        let spe = r
            .spe
            .mean_outcomes
            .as_ref()
            .and_then(|m| m.get(name))
            .or(r.spe.outcomes.get(name))
            .copied();
        let _ = writeln!(
            out,
            "outcome,{},{p},{},{},{},{},,,,,,,",
            field(name),
            opt(median),
            opt(iv.map(|i| i[0])),
            opt(iv.map(|i| i[1])),
            opt(spe)
        );
    }
    for (issue, f) in &r.forecasts {
        let _ = writeln!(
            out,
            "issue,{},,,,,,{},{},{},{},{},{},{}",
            field(issue),
            opt(r.breakdown_point.get(issue).copied().flatten()),
            opt(r.disagreement_point.get(issue).copied().flatten()),
            opt(f.baseline),
            opt(f.with_crisis),
            opt(r.forecast_shift.get(issue).copied().flatten()),
            opt(f.shift_interval.map(|i| i[0])),
            opt(f.shift_interval.map(|i| i[1])),
        );
    }
    out
}

/// `brink compare --format csv`: a row per crisis outcome (`kind` = `outcome`, `model` empty: the
/// logit QRE's probability in A and B) and per issue and model (`kind` = `forecast`); `diff` is
/// B − A. Empty where a side has no value.
pub fn comparison(c: &Comparison) -> String {
    let mut out = String::from("kind,name,model,a,b,diff\n");
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for o in &c.outcomes {
        let _ = writeln!(
            out,
            "outcome,{},,{},{},{}",
            field(&o.outcome),
            opt(o.row.a),
            opt(o.row.b),
            opt(o.row.diff)
        );
    }
    for f in &c.forecasts {
        let _ = writeln!(
            out,
            "forecast,{},{},{},{},{}",
            field(&f.issue),
            field(&f.model),
            opt(f.row.a),
            opt(f.row.b),
            opt(f.row.diff)
        );
    }
    out
}

/// `brink sensitivity --format csv`: a row per issue and uncertain input.
pub fn sensitivity(r: &SensitivityReport) -> String {
    let mut out = String::from(
        "issue,input,field,range_low,range_high,low,high,swing,share,min,max,monotone\n",
    );
    for issue in &r.issues {
        for e in &issue.inputs {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{}",
                field(&issue.id),
                field(&e.label),
                e.field,
                e.range[0],
                e.range[1],
                e.low,
                e.high,
                e.swing,
                e.share,
                e.min,
                e.max,
                e.monotone
            );
        }
    }
    out
}

/// `brink validate --per-issue`: `issue,name,outcome,<model>…` (empty where a model gave no
/// forecast).
pub fn per_issue(report: &ValidationReport) -> String {
    let mut out = String::from("issue,name,outcome");
    for m in &report.models {
        out.push(',');
        out.push_str(&field(&m.model));
    }
    out.push('\n');
    for p in &report.per_issue {
        out.push_str(&field(&p.id));
        out.push(',');
        out.push_str(&field(&p.name));
        out.push(',');
        out.push_str(&p.outcome.to_string());
        for f in &p.predictions {
            out.push(',');
            if let Some(f) = f {
                out.push_str(&format!("{f:.6}"));
            }
        }
        out.push('\n');
    }
    out
}

/// `brink validate --format csv`: a row per scoring convention (`label`, empty when the file's
/// own) and model.
pub fn validation(reports: &[(Option<&str>, &ValidationReport)]) -> String {
    let mut out = String::from("capability,model,mae,median_ae,rmse,n\n");
    for (label, r) in reports {
        for m in &r.models {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{}",
                label.unwrap_or(""),
                m.model,
                m.mae,
                m.median_ae,
                m.rmse,
                m.n
            );
        }
    }
    out
}

/// The per-issue predictions of several reports of one dataset side by side (one per scoring
/// convention, `label`): `issue,name,outcome,<model>@<label>…` (`@file` for an unlabelled
/// report); one report alone is [`per_issue`]. `None` when the reports do not cover the same
/// issues in the same order.
pub fn per_issue_by_label(reports: &[(Option<&str>, &ValidationReport)]) -> Option<String> {
    let (_, first) = reports.first()?;
    if reports.len() == 1 {
        return Some(per_issue(first));
    }
    let mut out = String::from("issue,name,outcome");
    for (label, r) in reports {
        if r.per_issue.len() != first.per_issue.len()
            || r.per_issue
                .iter()
                .zip(&first.per_issue)
                .any(|(a, b)| a.id != b.id)
        {
            return None;
        }
        for m in &r.models {
            let _ = write!(out, ",{}@{}", m.model, label.unwrap_or("file"));
        }
    }
    out.push('\n');
    for (k, p) in first.per_issue.iter().enumerate() {
        let _ = write!(out, "{},{},{}", field(&p.id), field(&p.name), p.outcome);
        for (_, r) in reports {
            for f in &r.per_issue[k].predictions {
                out.push(',');
                if let Some(f) = f {
                    let _ = write!(out, "{f:.6}");
                }
            }
        }
        out.push('\n');
    }
    Some(out)
}

/// `brink actors --format csv`: one row per actor, issue and model: the forecast and the gain, then one row per lever with
/// the forecast after it and its shift toward the actor (`lever` empty on the baseline rows).
pub fn actors(report: &ActorsReport) -> String {
    let mut out = String::from(
        "actor,issue,model,position,salience,status_quo,lever,lever_to,forecast,gain,toward\n",
    );
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for a in &report.actors {
        for is in &a.issues {
            let head = |model: &str| {
                format!(
                    "{},{},{},{},{},{}",
                    field(&a.id),
                    field(&is.issue),
                    field(model),
                    is.position,
                    is.salience,
                    num(is.status_quo)
                )
            };
            for o in &is.outcomes {
                let _ = writeln!(out, "{},,,{},{},", head(&o.model), o.forecast, num(o.gain));
            }
            for l in &is.levers {
                for e in &l.effects {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},,{}",
                        head(&e.model),
                        l.lever,
                        l.to,
                        e.forecast,
                        e.toward
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_analysis::validate::{IssuePrediction, ModelScore};

    #[test]
    fn fields_are_quoted_only_where_needed() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn per_issue_predictions_leave_a_missing_forecast_empty() {
        let score = |model: &str| ModelScore {
            model: model.into(),
            mae: 0.0,
            median_ae: 0.0,
            rmse: 0.0,
            n: 1,
            missing: 0,
            first_missing: None,
        };
        let report = ValidationReport {
            dataset: "d".into(),
            issues: 1,
            models: vec![score("wmean"), score("never")],
            notes: vec![],
            per_issue: vec![IssuePrediction {
                id: "x".into(),
                name: "issue, x".into(),
                outcome: 40.0,
                predictions: vec![Some(50.0), None],
            }],
        };
        let csv = per_issue(&report);
        assert_eq!(csv.lines().next(), Some("issue,name,outcome,wmean,never"));
        assert_eq!(csv.lines().nth(1), Some("x,\"issue, x\",40,50.000000,"));
    }

    #[test]
    fn reports_side_by_side_are_labelled_and_must_cover_the_same_issues() {
        let prediction = |id: &str, f: f64| IssuePrediction {
            id: id.into(),
            name: id.into(),
            outcome: 0.0,
            predictions: vec![Some(f)],
        };
        let report = |issues: Vec<IssuePrediction>| ValidationReport {
            dataset: "d".into(),
            issues: issues.len(),
            models: vec![ModelScore {
                model: "m".into(),
                mae: 1.0,
                median_ae: 1.0,
                rmse: 1.0,
                n: issues.len(),
                missing: 0,
                first_missing: None,
            }],
            notes: vec![],
            per_issue: issues,
        };
        let a = report(vec![prediction("x", 1.0)]);
        let b = report(vec![prediction("x", 2.0)]);
        let both = per_issue_by_label(&[(Some("gdp"), &a), (None, &b)]).unwrap();
        assert_eq!(
            both,
            "issue,name,outcome,m@gdp,m@file\nx,x,0,1.000000,2.000000\n"
        );
        assert_eq!(
            per_issue_by_label(&[(Some("gdp"), &a)]),
            Some(per_issue(&a))
        );
        let other = report(vec![prediction("y", 2.0)]);
        assert_eq!(per_issue_by_label(&[(None, &a), (None, &other)]), None);
        assert_eq!(
            validation(&[(Some("gdp"), &a)]),
            "capability,model,mae,median_ae,rmse,n\ngdp,m,1,1,1,1\n"
        );
    }
}
