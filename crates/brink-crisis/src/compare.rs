//! `brink compare A B`: two scenarios side by side — the crisis odds, the SPE outcome and every
//! bargaining forecast (the baseline models' and the NBS with the crisis as disagreement point),
//! with B − A differences. The what-if an analyst asks first: airspace granted or denied, with
//! or without the patron's commitment, with or without the costly signal.

use crate::analysis::{analyze, AnalysisOptions, CrisisReport};
use crate::CrisisError;
use brink_core::{BargainingModel, ModelError, ModelParams, Scenario};
use serde::Serialize;

/// One row: a quantity in A and in B, and B − A.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub a: Option<f64>,
    pub b: Option<f64>,
    pub diff: Option<f64>,
}

impl Row {
    fn new(a: Option<f64>, b: Option<f64>) -> Row {
        let diff = match (a, b) {
            (Some(a), Some(b)) if a.is_finite() && b.is_finite() => Some(b - a),
            _ => None,
        };
        Row { a, b, diff }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OddsRow {
    pub outcome: String,
    #[serde(flatten)]
    pub row: Row,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ForecastRow {
    pub issue: String,
    pub model: String,
    #[serde(flatten)]
    pub row: Row,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    pub scenario: String,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub game: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spe_outcome: Option<String>,
}

/// The comparison (the JSON of `brink compare --format json`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    /// The crisis odds (QRE), outcome by outcome.
    pub outcomes: Vec<OddsRow>,
    /// Every issue's forecasts, model by model; `nbs+crisis` is the NBS with the crisis as
    /// disagreement point.
    pub forecasts: Vec<ForecastRow>,
    /// The full crisis reports, when the scenarios have a `[crisis]` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_a: Option<CrisisReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crisis_b: Option<CrisisReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The name of the crisis-linked NBS row.
pub const LINKED_MODEL: &str = "nbs+crisis";

fn crisis_of(s: &Scenario, opts: &AnalysisOptions) -> Result<Option<CrisisReport>, CrisisError> {
    match analyze(s, opts) {
        Ok(r) => Ok(Some(r)),
        Err(CrisisError::NoCrisis { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The scenario as the crisis leaves it: every issue's status quo replaced by its reference
/// point `(1 − P(no deal))·status quo + P(no deal)·x̄` (the models' reference point).
pub fn with_reference_point(s: &Scenario, crisis: &CrisisReport) -> Scenario {
    let mut out = s.clone();
    for issue in &mut out.issues {
        if let Some(Some(x)) = crisis.disagreement_point.get(&issue.id) {
            if issue.status_quo.is_some() {
                issue.status_quo = Some(brink_core::Uncertain::Fixed(*x));
            }
        }
    }
    out
}

fn run_models(
    s: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    suffix: &str,
    out: &mut Vec<(String, String, f64)>,
) -> Result<(), CrisisError> {
    for model in models {
        match model.run(s, &params.for_model(model.name()), 0) {
            Ok(results) => {
                for (i, fc) in results {
                    out.push((
                        s.issues[i].id.clone(),
                        format!("{}{suffix}", fc.model),
                        fc.forecast,
                    ));
                }
            }
            Err(ModelError::NotApplicable { .. }) => {}
            Err(e) => return Err(CrisisError::Options(e.to_string())),
        }
    }
    Ok(())
}

/// Every baseline model's point forecast per issue id, the crisis-linked NBS, and every other
/// model run with the crisis's reference point as its status quo (`MODEL+crisis`).
fn forecasts(
    s: &Scenario,
    crisis: Option<&CrisisReport>,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
) -> Result<Vec<(String, String, f64)>, CrisisError> {
    let mut out = vec![];
    run_models(s, models, params, "", &mut out)?;
    if let Some(c) = crisis {
        // The NBS hears the crisis through everyone's disagreement utilities (`nbs+crisis`);
        // the other models through the reference point, where they use one.
        let others: Vec<&dyn BargainingModel> = models
            .iter()
            .copied()
            .filter(|m| m.name() != "nbs")
            .collect();
        run_models(
            &with_reference_point(s, c),
            &others,
            params,
            "+crisis",
            &mut out,
        )?;
        for (issue, f) in &c.forecasts {
            if let (Some(x), Some(shift)) = (f.baseline, c.forecast_shift[issue]) {
                out.push((issue.clone(), LINKED_MODEL.into(), x + shift));
            }
        }
    }
    Ok(out)
}

/// Compares two scenarios. Both are analysed with the same options (λ, runs, seed, utility)
/// and forecast by the same bargaining `models` (those that do not apply are left out).
pub fn compare(
    a: &Scenario,
    b: &Scenario,
    opts: &AnalysisOptions,
    models: &[&dyn BargainingModel],
) -> Result<Comparison, CrisisError> {
    let ca = crisis_of(a, opts)?;
    let cb = crisis_of(b, opts)?;
    let params = ModelParams {
        utility: opts.utility,
        ..ModelParams::default()
    };
    let fa = forecasts(a, ca.as_ref(), models, &params)?;
    let fb = forecasts(b, cb.as_ref(), models, &params)?;
    let mut notes = vec![];

    // Outcomes: A's order, then any of B's that A lacks.
    let mut names: Vec<String> = vec![];
    for c in [&ca, &cb].into_iter().flatten() {
        for k in c.outcomes.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    let outcomes = names
        .into_iter()
        .map(|o| OddsRow {
            row: Row::new(
                ca.as_ref().and_then(|c| c.outcomes.get(&o).copied()),
                cb.as_ref().and_then(|c| c.outcomes.get(&o).copied()),
            ),
            outcome: o,
        })
        .collect();
    match (&ca, &cb) {
        (None, None) => notes.push("neither scenario has a `[crisis]` section: forecasts only".into()),
        (Some(x), Some(y)) if x.game != y.game => notes.push(format!(
            "the scenarios model different crisis games (A: {}, B: {}): their odds are not directly comparable",
            x.game, y.game
        )),
        (Some(x), Some(y)) if x.lambda != y.lambda => notes.push(format!(
            "the scenarios' QRE rationality differs (A: λ = {}, B: λ = {})",
            x.lambda, y.lambda
        )),
        _ => {}
    }

    // Forecasts: A's (issue, model) order, then B's extras.
    let mut keys: Vec<(String, String)> = vec![];
    for (issue, model, _) in fa.iter().chain(&fb) {
        let k = (issue.clone(), model.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    // Group by issue, keeping first-seen issue order.
    let mut issues: Vec<String> = vec![];
    for (i, _) in &keys {
        if !issues.contains(i) {
            issues.push(i.clone());
        }
    }
    let find = |f: &[(String, String, f64)], i: &str, m: &str| {
        f.iter().find(|(x, y, _)| x == i && y == m).map(|t| t.2)
    };
    // A `MODEL+crisis` row is shown only for models that hear the reference point (a model
    // without one gives the same forecast: it is named in a note instead).
    let same = |f: &[(String, String, f64)], i: &str, m: &str| -> bool {
        match (find(f, i, &format!("{m}+crisis")), find(f, i, m)) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * (1.0 + y.abs()),
            _ => true,
        }
    };
    let mut deaf: Vec<String> = vec![];
    let mut hears: Vec<String> = vec![];
    for (_, m) in &keys {
        let Some(base) = m.strip_suffix("+crisis") else {
            continue;
        };
        if m == LINKED_MODEL {
            continue;
        }
        let unchanged = issues
            .iter()
            .all(|i| same(&fa, i, base) && same(&fb, i, base));
        let list = if unchanged { &mut deaf } else { &mut hears };
        if !list.contains(&base.to_string()) {
            list.push(base.to_string());
        }
    }
    let mut rows = vec![];
    for issue in &issues {
        for (i, m) in keys.iter().filter(|(i, _)| i == issue) {
            if m.strip_suffix("+crisis")
                .is_some_and(|base| deaf.iter().any(|d| d == base))
            {
                continue;
            }
            rows.push(ForecastRow {
                issue: i.clone(),
                model: m.clone(),
                row: Row::new(find(&fa, i, m), find(&fb, i, m)),
            });
        }
    }
    if ca.is_some() || cb.is_some() {
        if !hears.is_empty() {
            notes.push(format!(
                "`MODEL+crisis`: {} run with each issue's status quo replaced by the crisis's reference point (1 − P(no deal))·status quo + P(no deal)·x̄{}",
                hears.join(", "),
                if hears.iter().any(|m| m == "smp") {
                    " (smp places an actor that holds no position on an issue at its status quo; its issues interact, so one issue's reference point can move another's forecast)"
                } else {
                    ""
                }
            ));
        }
        if !deaf.is_empty() {
            notes.push(format!(
                "the crisis does not move {}: they use no status quo here; brink applies no capability rule from the crisis's military outcome to bdm or smp (no rule in the literature maps a crisis game's outcome to these models' capabilities; docs/crisis.md)",
                deaf.join(", ")
            ));
        }
    }
    let side = |s: &Scenario, c: &Option<CrisisReport>| Side {
        scenario: s.name.clone(),
        file: s.origin.file.clone(),
        game: c.as_ref().map(|c| c.game.clone()),
        spe_outcome: c.as_ref().map(|c| c.spe.outcome.clone()),
    };
    Ok(Comparison {
        a: side(a, &ca),
        b: side(b, &cb),
        outcomes,
        forecasts: rows,
        crisis_a: ca,
        crisis_b: cb,
        notes,
    })
}
