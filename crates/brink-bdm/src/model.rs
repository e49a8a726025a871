//! The `bdm` [`BargainingModel`]: runs the engine on every issue of a scenario and shapes each
//! trajectory as cli.md's forecast JSON (one `RoundRecord` per round, moves as
//! `{actor, kind, with, from, to, e_ij, e_ji}`).

use crate::{run, BdmInputs, BdmOptions, MoveKind, Trajectory, Variant, UNTIL_STABLE_LIMIT};
use brink_core::convergence::{self, CycleStats, Settling, MAX_PERIOD};
use brink_core::{
    BargainingModel, Kernel, ModelError, ModelForecast, ModelParams, OfferKind, OfferMove,
    RoundMove, RoundRecord, Scenario,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// Bueno de Mesquita's expected-utility model (`--model bdm`).
///
/// Parameters read from [`ModelParams`]: `variant` (`scholz`, the default, or `textbook`),
/// `rounds` (default 10) and `until_stable` (stop once the run has converged or entered a cycle,
/// at most `rounds` or [`UNTIL_STABLE_LIMIT`] rounds; still drifting then is a
/// [`ModelError::NoConvergence`]). The forecast is the final round's c·s-weighted mean; `median`
/// and `mean` are the final round's — unless the run ends in a cycle: then all three are means
/// over the cycle's states, with `converged: false` and `cycle: {period, min, max, …}` in the
/// extras ([`brink_core::convergence::annotate`]). The model is deterministic: the seed is unused.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bdm;

impl Bdm {
    /// How the model reads [`ModelParams`]: the options every caller of the engine (the model
    /// itself, Monte Carlo kernels) must use so that their results agree.
    pub fn options(params: &ModelParams) -> Result<BdmOptions, ModelError> {
        let variant = match params.variant.as_deref() {
            None => Variant::Scholz,
            Some(name) => Variant::parse(name).ok_or_else(|| ModelError::BadParams {
                model: "bdm".into(),
                reason: format!("unknown variant `{name}`: expected `scholz` or `textbook`"),
            })?,
        };
        let rounds = match (params.rounds, params.until_stable) {
            (Some(r), _) => r,
            (None, true) => UNTIL_STABLE_LIMIT,
            (None, false) => BdmOptions::default().rounds,
        };
        Ok(BdmOptions {
            variant,
            rounds,
            until_stable: params.until_stable,
        })
    }
}

impl BargainingModel for Bdm {
    fn name(&self) -> &'static str {
        "bdm"
    }

    fn describe(&self) -> &'static str {
        "Bueno de Mesquita's expected-utility model (Scholz et al. 2011 reconstruction), \
         round by round; variants scholz (default, reproduces the published replication) and textbook"
    }

    fn check_settings(&self, _scenario: &Scenario, params: &ModelParams) -> Result<(), ModelError> {
        Bdm::options(params).map(|_| ())
    }

    fn kernel(&self) -> Option<Kernel<'_>> {
        Some(Kernel::Issue(&crate::BdmKernel))
    }

    fn run(
        &self,
        scenario: &Scenario,
        params: &ModelParams,
        _seed: u64,
    ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
        let opts = Bdm::options(params)?;
        let mut out = Vec::with_capacity(scenario.issues.len());
        for issue in 0..scenario.issues.len() {
            let table = scenario.issue_table(issue);
            if table.is_empty() {
                continue;
            }
            let issue_id = &scenario.issues[issue].id;
            let inputs = BdmInputs {
                positions: &table.position,
                capabilities: &table.capability,
                saliences: &table.salience,
            };
            let trajectory = run(&inputs, &opts).map_err(|e| {
                let reason = match e {
                    crate::BdmError::BadValue {
                        actor,
                        field,
                        expected,
                        value,
                    } => format!(
                        "issue `{issue_id}`, actor `{}`: expected {field} {expected}, found {value}",
                        table.ids[actor]
                    ),
                    other => format!("issue `{issue_id}`: {other}"),
                };
                ModelError::NotApplicable {
                    model: "bdm".into(),
                    reason,
                }
            })?;
            let settling = trajectory.settling();
            if opts.until_stable && settling == Some(Settling::Drift) {
                let last = trajectory.last();
                let movers: Vec<&str> = last
                    .moves
                    .iter()
                    .map(|m| table.ids[m.actor].as_str())
                    .collect();
                return Err(ModelError::NoConvergence {
                    model: "bdm".into(),
                    reason: format!(
                        "issue `{issue_id}`: actors still move after {} rounds (in the last: {}) \
                         and the positions repeat no state of the last {MAX_PERIOD} rounds — \
                         give --rounds N to see the trajectory",
                        trajectory.rounds.len() - 1,
                        if movers.is_empty() {
                            "none".to_string()
                        } else {
                            movers.join(", ")
                        }
                    ),
                });
            }
            out.push((issue, forecast(&trajectory, &table.ids, opts.variant)));
        }
        Ok(out)
    }
}

/// Shapes one issue's trajectory as a `ModelForecast`.
pub(crate) fn forecast(trajectory: &Trajectory, ids: &[String], variant: Variant) -> ModelForecast {
    let positions = |xs: &[f64]| -> IndexMap<String, f64> {
        ids.iter().cloned().zip(xs.iter().copied()).collect()
    };
    let rounds: Vec<RoundRecord> = trajectory
        .rounds
        .iter()
        .map(|state| {
            let mut extra = Map::new();
            if !state.risk.is_empty() {
                let risk: Map<String, Value> = ids
                    .iter()
                    .cloned()
                    .zip(state.risk.iter().map(|&r| json!(r)))
                    .collect();
                extra.insert("risk".into(), Value::Object(risk));
            }
            RoundRecord {
                round: state.round,
                positions: positions(&state.positions),
                median: Some(state.median),
                mean: state.mean,
                moves: state
                    .moves
                    .iter()
                    .map(|m| {
                        RoundMove::Offer(OfferMove {
                            actor: ids[m.actor].clone(),
                            kind: match m.kind {
                                MoveKind::Confrontation => OfferKind::Confrontation,
                                MoveKind::Compromise => OfferKind::Compromise,
                                MoveKind::Capitulation => OfferKind::Capitulation,
                            },
                            with: ids[m.proposer].clone(),
                            from: m.from,
                            to: m.to,
                            e_ij: m.e_ij,
                            e_ji: m.e_ji,
                        })
                    })
                    .collect(),
                extra,
            }
        })
        .collect();
    let last = trajectory.last();
    let mut f = ModelForecast::point("bdm", last.mean);
    f.variant = Some(variant.name().to_string());
    f.median = Some(last.median);
    f.mean = Some(last.mean);
    f.rounds = Some(rounds);
    f.extra.insert("delta".into(), json!(trajectory.delta));
    f.extra.insert("stable".into(), json!(trajectory.stable));
    if let Some(settling) = trajectory.settling() {
        let means: Vec<f64> = trajectory.rounds.iter().map(|r| r.mean).collect();
        let first_round = match settling {
            Settling::Cycle { period } => {
                let states: Vec<&[f64]> =
                    trajectory.rounds.iter().map(|r| &r.positions[..]).collect();
                let tol = crate::engine::tolerance(trajectory.delta);
                // The median too is the mean over the cycle's states.
                let medians: Vec<f64> = trajectory.rounds.iter().map(|r| r.median).collect();
                f.median = Some(CycleStats::of(&medians[medians.len() - period..]).mean);
                convergence::cycle_start(&states, period, tol)
            }
            _ => 0,
        };
        convergence::annotate(
            &mut f,
            settling,
            &means,
            first_round,
            trajectory.rounds.len() - 1,
        );
    }
    f
}
