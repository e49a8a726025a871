//! Stokman's exchange model as a brink [`BargainingModel`] (`--model exchange`): reads a
//! scenario, runs [`engine`] and shapes its rounds into one [`ModelForecast`] per issue.
//!
//! Variants (`ModelParams::variant`): `equal` (default; equal gain, deterministic tie-breaking,
//! reproducing decide's `detties` runs), `random-equal` (randomized equal gain, option `p`,
//! default 0.8), `random-rate` (exchange rate drawn between the actors' indifference rates).
//! Rounds: `ModelParams::rounds` (default 10) or `until_stable` (stops when no exchange is
//! possible, when no start position moves by more than [`STABLE_TOLERANCE`], or — equal gain,
//! whose rounds are a function of the start positions — when the start positions repeat an
//! earlier round's: a cycle; at most [`STABLE_LIMIT`] rounds, still drifting then is a
//! [`ModelError::NoConvergence`]). Every forecast says whether the run converged
//! (`converged`, and for a cycle `cycle` with the forecast the mean over it:
//! [`brink_core::convergence`], on the start positions, tolerance 1e-9 × the scale).
//!
//! Options: `p`, `salience_weight` (0.4), `fixed_weight` (0.1), `arithmetic`: `exact` (the
//! default; `decimal` is the same) or `f64`. Exact is decide's own 28-digit decimals, which
//! reproduce decide's runs — including its choices between mathematically equal gains, which
//! its rounding decides — in the fixed-width [`dec28`] arithmetic with f64 [`enclosure`]s doing
//! most of the equal-gain work ([`engine::run_hybrid`]); about 3× the f64 time (decide's cop21
//! sample, 10 rounds: 37 ms against 14 ms; decide itself ≈ 26 s CPU, 46 s wall). `f64` is what
//! Monte Carlo loops use ([`BargainingModel::sampling_params`]) unless `arithmetic` is given; an
//! f64 run reports `ties_decided_by_rounding`, the number of choices between gains equal to
//! within 1e-9 that it took in list order where decide's rounding decides. The same keys may be
//! given in the scenario's `[models.exchange]`; command-line parameters override them.

pub mod dec;
pub mod dec28;
pub mod enclosure;
pub mod engine;
mod kernel;

use brink_core::convergence::{self, Settling};
use brink_core::{
    BargainingModel, ExchangeMove, ExchangeSide, Externalities, Kernel, ModelError, ModelForecast,
    ModelParams, RoundMove, RoundRecord, Scenario,
};
use engine::{Problem, Rule, Run, Settings};
use indexmap::IndexMap;
pub use kernel::ExchangeKernel;
use serde_json::{json, Map, Value};

/// The most rounds `until_stable` runs (on decide's samples exchanges go on for ever, never
/// repeating: `until_stable` fails there).
pub const STABLE_LIMIT: usize = 100;
/// The most rounds a run may ask for (every round is recorded).
pub const MAX_ROUNDS: usize = 10_000;

/// `until_stable` stops once no position moves by more than this in a round (0–100 scale: the
/// convergence tolerance, 1e-9 × the scale's width).
pub const STABLE_TOLERANCE: f64 = brink_core::convergence::RELATIVE_TOLERANCE * 100.0;

const NAME: &str = "exchange";

/// The exchange model.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExchangeModel;

fn bad(reason: impl Into<String>) -> ModelError {
    ModelError::BadParams {
        model: NAME.into(),
        reason: reason.into(),
    }
}

/// The arithmetic a run computes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arithmetic {
    /// f64 with tolerances where decide compares exactly: fastest (Monte Carlo); parts from
    /// decide at the first choice that decide's decimal rounding takes.
    F64,
    /// decide's 28-digit decimals: decide's runs exactly (the default).
    Exact,
}

/// What [`settings`] reads: the engine's settings, the variant's name, and the arithmetic.
pub struct Config {
    pub settings: Settings,
    pub variant: String,
    pub arithmetic: Arithmetic,
}

/// The keys [`settings`] reads (`--option KEY=VALUE` or `[models.exchange]`).
pub const OPTION_KEYS: &[&str] = &[
    "variant",
    "rounds",
    "p",
    "salience_weight",
    "fixed_weight",
    "arithmetic",
];

/// Reads the model's settings from the scenario's `[models.exchange]` and then `params`.
pub fn settings(scenario: &Scenario, params: &ModelParams) -> Result<Config, ModelError> {
    let merged = params.settings(scenario, NAME);
    let option = |key: &str| merged.text(key);
    let number = |key: &str, default: f64| -> Result<f64, ModelError> {
        match option(key) {
            None => Ok(default),
            Some(text) => text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad(format!("option `{key}`: expected a number, found `{text}`"))),
        }
    };
    let variant = params
        .variant
        .clone()
        .or_else(|| option("variant"))
        .unwrap_or_else(|| "equal".into());
    let rule = match variant.as_str() {
        "equal" | "equal-gain" => Rule::EqualGain,
        "random-equal" => {
            let p = number("p", 0.8)?;
            if !(0.0..=1.0).contains(&p) {
                return Err(bad(format!(
                    "option `p`: expected a number in [0, 1], found {p}"
                )));
            }
            Rule::RandomEqual { p }
        }
        "random-rate" => Rule::RandomRate,
        other => {
            return Err(bad(format!(
                "unknown variant `{other}`: expected `equal`, `random-equal` or `random-rate`"
            )))
        }
    };
    let stored_rounds = match option("rounds") {
        None => None,
        Some(t) => Some(
            t.trim()
                .parse::<usize>()
                .ok()
                .filter(|r| (1..=MAX_ROUNDS).contains(r))
                .ok_or_else(|| {
                    bad(format!(
                        "`rounds`: expected a whole number from 1 to {MAX_ROUNDS}, found `{t}`"
                    ))
                })?,
        ),
    };
    let rounds = if params.until_stable {
        STABLE_LIMIT
    } else {
        params.rounds.or(stored_rounds).unwrap_or(10)
    };
    let salience_weight = number("salience_weight", 0.4)?;
    let fixed_weight = number("fixed_weight", 0.1)?;
    if salience_weight < 0.0 || fixed_weight < 0.0 || salience_weight + fixed_weight > 1.0 {
        return Err(bad(format!(
            "expected salience_weight ≥ 0, fixed_weight ≥ 0 and their sum ≤ 1, found {salience_weight} and {fixed_weight}"
        )));
    }
    let arithmetic = match option("arithmetic").as_deref() {
        Some("f64") => Arithmetic::F64,
        None | Some("exact") | Some("decimal") => Arithmetic::Exact,
        Some(other) => {
            return Err(bad(format!(
                "option `arithmetic`: expected `f64`, `exact` or `decimal` (the same as `exact`), found `{other}`"
            )))
        }
    };
    Ok(Config {
        settings: Settings {
            rule,
            rounds,
            salience_weight,
            fixed_weight,
            stable_tolerance: params.until_stable.then_some(STABLE_TOLERANCE),
        },
        variant,
        arithmetic,
    })
}

/// The model's view of a scenario: point estimates, positions normalised to 0–100 per issue.
pub fn problem(scenario: &Scenario) -> Result<Problem, ModelError> {
    let not_applicable = |reason: String| ModelError::NotApplicable {
        model: NAME.into(),
        reason,
    };
    let nk = scenario.issues.len();
    let na = scenario.actors.len();
    if nk < 2 {
        return Err(not_applicable(format!(
            "an exchange trades across two issues; the scenario has {nk}"
        )));
    }
    let mut has = vec![false; na * nk];
    let mut power = vec![0.0; na * nk];
    let mut salience = vec![0.0; na * nk];
    let mut position = vec![0.0; na * nk];
    for k in 0..nk {
        let table = scenario.issue_table(k);
        for (row, &a) in table.actors.iter().enumerate() {
            let ix = a * nk + k;
            has[ix] = true;
            power[ix] = table.capability[row];
            salience[ix] = table.salience[row];
            position[ix] = table.position[row];
        }
    }
    let shares_two = (0..na)
        .filter(|a| (0..nk).filter(|k| has[a * nk + k]).count() >= 2)
        .count()
        >= 2;
    if !shares_two {
        return Err(not_applicable(
            "an exchange needs two actors that each hold positions on two issues".into(),
        ));
    }
    let original = position.clone();
    for k in 0..nk {
        for a in 0..na {
            position[a * nk + k] =
                Problem::normalise(scenario.issues[k].scale, original[a * nk + k]);
        }
    }
    Ok(Problem {
        original,
        actors: scenario.actors.iter().map(|a| a.id.clone()).collect(),
        issues: scenario.issues.iter().map(|i| i.id.clone()).collect(),
        scales: scenario.issues.iter().map(|i| i.scale).collect(),
        has,
        power,
        salience,
        position,
    })
}

impl BargainingModel for ExchangeModel {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> &'static str {
        "Stokman's exchange model: actors trade moves across pairs of issues (equal gain, random-equal, random-rate)"
    }

    fn option_keys(&self) -> &'static [&'static str] {
        OPTION_KEYS
    }

    fn check_settings(&self, scenario: &Scenario, params: &ModelParams) -> Result<(), ModelError> {
        settings(scenario, params).map(|_| ())
    }

    fn kernel(&self) -> Option<Kernel<'_>> {
        Some(Kernel::Scenario(&kernel::ExchangeKernel))
    }

    fn run(
        &self,
        scenario: &Scenario,
        params: &ModelParams,
        seed: u64,
    ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
        let config = settings(scenario, params)?;
        let prob = problem(scenario)?;
        let run = match config.arithmetic {
            Arithmetic::Exact => engine::run_hybrid(&prob, &config.settings, seed),
            Arithmetic::F64 => engine::run(&prob, &config.settings, seed),
        };
        let mut out = forecasts(&prob, &run, &config.variant, config.settings.rounds);
        let settled = settling(&prob, &run, config.settings.rule);
        check_settled(params, &prob, &run, settled)?;
        if config.arithmetic == Arithmetic::F64 {
            let ties: usize = run.rounds.iter().map(|r| r.gain_ties).sum();
            for (_, f) in &mut out {
                f.extra
                    .insert("ties_decided_by_rounding".into(), json!(ties));
                if ties > 0 {
                    f.extra.insert(
                        "notes".into(),
                        json!([format!(
                            "computed in f64 (`--option arithmetic=f64`): {ties} time(s) the best exchange was chosen among gains equal to within 1e-9, taking the first in decide's list, where decide's 28-digit rounding picks by the last digits — from the first such choice the run may part from decide's; the default exact arithmetic reproduces decide's choices"
                        )]),
                    );
                }
            }
        }
        if let Some((settling, first_round)) = settled {
            let initial = engine::outcome(&prob);
            for (k, f) in &mut out {
                let scale = prob.scales[*k];
                let values: Vec<f64> = std::iter::once(initial[*k])
                    .chain(run.rounds.iter().map(|r| r.outcome[*k]))
                    .map(|v| Problem::denormalise(scale, v))
                    .collect();
                convergence::annotate(f, settling, &values, first_round, run.rounds.len());
            }
        }
        Ok(out)
    }

    /// Monte Carlo runs compute in f64 (about 3× faster) unless `arithmetic` is set by option
    /// or in the scenario's `[models.exchange]`.
    fn sampling_params(&self, scenario: &Scenario, params: &ModelParams) -> ModelParams {
        let mut p = params.clone();
        if params.settings(scenario, NAME).get("arithmetic").is_none() {
            p.options.push(("arithmetic".into(), "f64".into()));
        }
        p
    }
}

/// `--until-stable` fails on a run still drifting at its round limit.
fn check_settled(
    params: &ModelParams,
    prob: &Problem,
    run: &Run,
    settled: Option<(Settling, usize)>,
) -> Result<(), ModelError> {
    if params.until_stable && settled.is_some_and(|(s, _)| s == Settling::Drift) {
        return Err(ModelError::NoConvergence {
            model: NAME.into(),
            reason: format!(
                "positions still move after {} rounds (by up to {:.3} on a 0–100 scale in the \
                 last) and repeat no earlier round's: exchanges go on for ever — give \
                 --rounds N to see the trajectory",
                run.rounds.len(),
                last_move(prob, run)
            ),
        });
    }
    Ok(())
}

/// The start positions of every round (round 0: the input), on the issues each actor holds.
fn start_states(prob: &Problem, run: &Run) -> Vec<Vec<f64>> {
    let held = |x: &[f64]| -> Vec<f64> {
        x.iter()
            .zip(&prob.has)
            .filter(|(_, &h)| h)
            .map(|(v, _)| *v)
            .collect()
    };
    std::iter::once(held(&prob.position))
        .chain(run.rounds.iter().map(|r| held(&r.next_start)))
        .collect()
}

/// How the run settled, judged on the start positions (0–100, tolerance [`STABLE_TOLERANCE`]),
/// and where a cycle begins. Only equal gain can cycle: the random rules draw afresh each round,
/// so a repeated state is no cycle there (reported as drift).
fn settling(prob: &Problem, run: &Run, rule: Rule) -> Option<(Settling, usize)> {
    let states = start_states(prob, run);
    match convergence::settling_of_run(&states, STABLE_TOLERANCE)? {
        Settling::Cycle { .. } if rule != Rule::EqualGain => Some((Settling::Drift, 0)),
        Settling::Cycle { period } => Some((
            Settling::Cycle { period },
            convergence::cycle_start(&states, period, STABLE_TOLERANCE),
        )),
        other => Some((other, 0)),
    }
}

/// The largest move of a start position in the last round (0–100).
fn last_move(prob: &Problem, run: &Run) -> f64 {
    let states = start_states(prob, run);
    let n = states.len();
    if n < 2 {
        return 0.0;
    }
    states[n - 1]
        .iter()
        .zip(&states[n - 2])
        .fold(0.0, |m, (a, b)| f64::max(m, (a - b).abs()))
}

/// Shapes a run into one forecast per issue (positions and outcomes on the issues' own scales).
pub fn forecasts(
    prob: &Problem,
    run: &Run,
    variant: &str,
    limit: usize,
) -> Vec<(usize, ModelForecast)> {
    let nk = prob.n_issues();
    let initial = engine::outcome(prob);
    let stopped = match run.rounds.last() {
        Some(r) if r.exchanges.is_empty() => "no exchange possible",
        _ if run.rounds.len() >= limit => {
            "round limit (positions still moving: exchanges can cycle)"
        }
        _ => "stable: no position moved by more than the tolerance",
    };
    (0..nk)
        .map(|k| {
            let scale = prob.scales[k];
            let de = |v: f64| Problem::denormalise(scale, v);
            let positions = |x: &[f64]| -> IndexMap<String, f64> {
                (0..prob.n_actors())
                    .filter(|a| prob.has[a * nk + k])
                    .map(|a| (prob.actors[a].clone(), de(x[a * nk + k])))
                    .collect()
            };
            let mut rounds = vec![RoundRecord {
                round: 0,
                positions: positions(&prob.position),
                median: None,
                mean: de(initial[k]),
                moves: vec![],
                extra: Map::new(),
            }];
            let mut total = 0usize;
            for (r, round) in run.rounds.iter().enumerate() {
                let moves: Vec<RoundMove> = round
                    .exchanges
                    .iter()
                    .filter(|e| e.i.supply == k || e.j.supply == k)
                    .map(|e| {
                        let side = |p: &engine::Party| {
                            let sc = prob.scales[p.supply];
                            ExchangeSide {
                                actor: prob.actors[p.actor].clone(),
                                issue: prob.issues[p.supply].clone(),
                                from: Problem::denormalise(sc, p.x),
                                to: Problem::denormalise(sc, p.y),
                                gain: p.gain,
                            }
                        };
                        RoundMove::Exchange(ExchangeMove {
                            actors: [
                                prob.actors[e.i.actor].clone(),
                                prob.actors[e.j.actor].clone(),
                            ],
                            issues: [
                                prob.issues[e.i.supply].clone(),
                                prob.issues[e.j.supply].clone(),
                            ],
                            moves: [side(&e.i), side(&e.j)],
                            gains: [e.i.gain, e.j.gain],
                            externalities: externalities(&e.externalities),
                        })
                    })
                    .collect();
                total += moves.len();
                let mut extra = Map::new();
                extra.insert("candidates".into(), json!(round.candidates));
                extra.insert(
                    "start_positions_next".into(),
                    json!(positions(&round.next_start)),
                );
                let ext: Map<String, Value> = round
                    .externalities
                    .iter()
                    .enumerate()
                    .filter(|(a, _)| prob.has[a * nk + k])
                    .map(|(a, e)| (prob.actors[a].clone(), json!(externalities(e))))
                    .collect();
                extra.insert("externalities".into(), Value::Object(ext));
                rounds.push(RoundRecord {
                    round: r + 1,
                    positions: positions(&round.voting),
                    median: None,
                    mean: de(round.outcome[k]),
                    moves,
                    extra,
                });
            }
            let outcome = run.final_outcome().map_or(initial[k], |o| o[k]);
            let mut extra = Map::new();
            extra.insert("rounds_run".into(), json!(run.rounds.len()));
            extra.insert("stopped".into(), json!(stopped));
            extra.insert("exchanges".into(), json!(total));
            let forecast = ModelForecast {
                model: NAME.into(),
                variant: Some(variant.to_string()),
                forecast: de(outcome),
                median: None,
                mean: Some(de(outcome)),
                rounds: Some(rounds),
                extra,
            };
            (k, forecast)
        })
        .collect()
}

fn externalities(e: &engine::Externality) -> Externalities {
    Externalities {
        own: e.own,
        inner_positive: e.inner_positive,
        inner_negative: e.inner_negative,
        outer_positive: e.outer_positive,
        outer_negative: e.outer_negative,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_core::Uncertain;
    use brink_testkit::ScenarioBuilder;

    fn scenario(issues: usize) -> Scenario {
        // Two camps with opposite priorities: a, b care about i0, c, d about i1.
        let table = [
            ("a", 0, 10.0, 0.9),
            ("a", 1, 20.0, 0.2),
            ("b", 0, 15.0, 0.8),
            ("b", 1, 10.0, 0.3),
            ("c", 0, 90.0, 0.2),
            ("c", 1, 80.0, 0.9),
            ("d", 0, 80.0, 0.3),
            ("d", 1, 95.0, 0.7),
        ];
        let mut s = ScenarioBuilder::new("camps");
        for k in 0..issues {
            s = s.issue(&format!("i{k}"), [0.0, 100.0]);
        }
        for id in ["a", "b", "c", "d"] {
            s = s.actor(id, 1.0);
        }
        for (a, k, x, salience) in table.into_iter().filter(|&(_, k, _, _)| k < issues) {
            s = s.position(a, &format!("i{k}"), x, salience);
        }
        s.build()
    }

    #[test]
    fn one_issue_is_not_applicable() {
        let err = ExchangeModel
            .run(&scenario(1), &ModelParams::default(), 0)
            .unwrap_err();
        assert!(matches!(err, ModelError::NotApplicable { .. }), "{err}");
    }

    #[test]
    fn camps_trade_their_less_salient_issue() {
        let out = ExchangeModel
            .run(&scenario(2), &ModelParams::default(), 0)
            .unwrap();
        assert_eq!(out.len(), 2);
        let (_, i0) = &out[0];
        let rounds = i0.rounds.as_ref().unwrap();
        assert_eq!(rounds[0].round, 0);
        let RoundMove::Exchange(first) = &rounds[1].moves[0] else {
            panic!(
                "an exchange model's move is an exchange: {:?}",
                rounds[1].moves[0]
            );
        };
        // a or b (caring about i0) gives way on i1, c or d on i0.
        assert_ne!(first.issues[0], first.issues[1]);
        assert!(first.gains[0] > 0.0);
        // The camp caring about i0 (left) pulls its outcome left of the initial compromise.
        assert!(
            i0.forecast < rounds[0].mean,
            "{} vs {}",
            i0.forecast,
            rounds[0].mean
        );
        assert_eq!(i0.variant.as_deref(), Some("equal"));
        assert!(rounds[1].extra.contains_key("externalities"));
    }

    #[test]
    fn until_stable_converges_without_exchanges_and_fails_on_drift() {
        let params = ModelParams {
            until_stable: true,
            ..Default::default()
        };
        // Equal saliences on both issues: nobody gains from trading, the first round makes no
        // exchange and the run has converged.
        let mut flat = scenario(2);
        for p in &mut flat.positions {
            p.salience = Uncertain::Fixed(0.5);
        }
        for arithmetic in ["exact", "f64"] {
            let mut p = params.clone();
            p.options.push(("arithmetic".into(), arithmetic.into()));
            let out = ExchangeModel.run(&flat, &p, 0).unwrap();
            for (_, f) in &out {
                assert_eq!(f.extra["converged"], json!(true), "{arithmetic}");
                assert_eq!(f.rounds.as_ref().unwrap().len(), 2);
            }
            // The two camps trade for ever, never repeating a state: exit 3's error.
            let err = ExchangeModel.run(&scenario(2), &p, 0).unwrap_err();
            assert!(
                matches!(&err, ModelError::NoConvergence { reason, .. } if reason.contains("after 100 rounds")),
                "{err}"
            );
            // With a round limit, the same run is reported, marked as not converged.
            let out = ExchangeModel
                .run(&scenario(2), &ModelParams::default(), 0)
                .unwrap();
            assert_eq!(out[0].1.extra["converged"], json!(false));
        }
    }

    #[test]
    fn parameters_are_checked() {
        let s = scenario(2);
        let with = |variant: &str, options: &[(&str, &str)]| ModelParams {
            variant: Some(variant.into()),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Default::default()
        };
        for bad_params in [
            with("nope", &[]),
            with("random-equal", &[("p", "1.5")]),
            with("random-equal", &[("p", "x")]),
            with("equal", &[("arithmetic", "float")]),
            with("equal", &[("salience_weight", "0.95")]),
        ] {
            let err = ExchangeModel.run(&s, &bad_params, 0).unwrap_err();
            assert!(matches!(err, ModelError::BadParams { .. }), "{err}");
        }
        let f = ExchangeModel
            .run(&s, &with("equal", &[("arithmetic", "decimal")]), 0)
            .unwrap();
        let g = ExchangeModel.run(&s, &with("equal", &[]), 0).unwrap();
        assert!((f[0].1.forecast - g[0].1.forecast).abs() < 1e-9);
        let x = ExchangeModel
            .run(&s, &with("equal", &[("arithmetic", "exact")]), 0)
            .unwrap();
        assert_eq!(x, f);
        let r = ExchangeModel.run(&s, &with("random-rate", &[]), 7).unwrap();
        assert_eq!(
            r,
            ExchangeModel.run(&s, &with("random-rate", &[]), 7).unwrap()
        );
    }
}
