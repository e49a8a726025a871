//! SMP as a brink [`BargainingModel`]: maps a scenario's issues onto SMP dimensions, resolves
//! the parameters (CLI options over `[models.smp]` / KTAB XML settings over KTAB's defaults),
//! runs the engine and reports one forecast per issue with its per-turn rounds.
//!
//! Conventions (also reported in each forecast's `notes`):
//! - each issue is a dimension, mapped from its scale onto [0,1] and back;
//! - an actor without a position on an issue gets salience 0 there and sits at the issue's status
//!   quo (or the scale's midpoint): it neither cares about nor pulls on that dimension;
//! - KTAB requires an actor's saliences to total at most 1: larger totals are scaled down;
//! - actors with no capability or no salience anywhere cannot vote in KTAB and are left out;
//! - the forecast is the probability-weighted outcome of the final state (Σ over its distinct
//!   positions of KTAB's election probability × position); KTAB itself reports only the
//!   positions and these probabilities, and `most_likely` gives the single most probable one;
//! - `converged`: true when KTAB's stopping rule ended the run or its last turn moved nobody
//!   (beyond 1e-9 of a dimension's width); a run that ends in a cycle (deterministic
//!   transitions) reports `cycle` and its forecast and `mean` are means over the cycle's
//!   states ([`brink_core::convergence`]); `--until-stable` stops at a cycle and fails only
//!   when the run still drifts at its turn limit.

use crate::engine::{self, Problem, Run, Stopped};
use crate::params::{SmpParams, StopRule, UNTIL_STABLE_LIMIT};
use brink_core::convergence;
use brink_core::{
    BargainMove, BargainingModel, Kernel, ModelError, ModelForecast, ModelParams, RoundMove,
    RoundRecord, Scenario, SettingSource,
};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// KTAB's Spatial Model of Politics.
#[derive(Clone, Copy, Debug, Default)]
pub struct Smp;

/// A scenario mapped onto SMP's problem, with how it was mapped.
#[derive(Clone, Debug)]
pub struct Mapped {
    pub problem: Problem,
    /// Scenario actor index of each SMP actor.
    pub actors: Vec<usize>,
    /// Whether each (SMP actor, dimension) had a position in the scenario.
    pub held: Vec<bool>,
    pub notes: Vec<String>,
}

fn not_applicable(reason: String) -> ModelError {
    ModelError::NotApplicable {
        model: "smp".into(),
        reason,
    }
}

/// Resolves SMP's parameters: KTAB's defaults, then the scenario's `smp` settings and the CLI's
/// `key=value` options as [`ModelParams::settings`] merges them (`smp.key=value` also;
/// `other.key=value` is left to model `other`), then `--rounds` / `--until-stable`.
pub fn resolve_params(scenario: &Scenario, params: &ModelParams) -> Result<SmpParams, ModelError> {
    let mut p = SmpParams::default();
    for (key, value, source) in params.settings(scenario, "smp").iter() {
        let origin = match source {
            SettingSource::Scenario => "the scenario's smp settings",
            SettingSource::Option => "option",
        };
        p.set(key, value, origin)?;
    }
    if let Some(r) = params.rounds {
        if r == 0 {
            return Err(ModelError::BadParams {
                model: "smp".into(),
                reason: "--rounds must be at least 1".into(),
            });
        }
        p.stop = StopRule::Turns(r);
    } else if params.until_stable {
        p.stop = StopRule::UntilStable {
            max_turns: UNTIL_STABLE_LIMIT,
        };
    }
    Ok(p)
}

/// Maps `scenario` onto an SMP problem (see the module doc for the conventions).
pub fn map_scenario(scenario: &Scenario, params: &SmpParams) -> Result<Mapped, ModelError> {
    let d = scenario.issues.len();
    if d == 0 {
        return Err(not_applicable("the scenario has no issue".into()));
    }
    let mut notes = Vec::new();
    if d > 1 {
        notes.push(format!(
            "SMP treats the {d} issues as the dimensions of one multi-dimensional space"
        ));
    }
    let issue_of: std::collections::HashMap<&str, usize> = scenario
        .issues
        .iter()
        .enumerate()
        .map(|(i, is)| (is.id.as_str(), i))
        .collect();
    // Per scenario actor: (position, salience) per dimension, None where not held.
    let mut table: Vec<Vec<Option<(f64, f64)>>> = vec![vec![None; d]; scenario.actors.len()];
    for p in &scenario.positions {
        if let (Some(a), Some(&i)) = (
            scenario.actor_index(&p.actor),
            issue_of.get(p.issue.as_str()),
        ) {
            table[a][i] = Some((p.at.point(), p.salience.point()));
        }
    }
    let mut actors = Vec::new();
    let mut capability = Vec::new();
    let mut salience = Vec::new();
    let mut position = Vec::new();
    let mut held = Vec::new();
    let mut scaled = Vec::new();
    for (a, actor) in scenario.actors.iter().enumerate() {
        let c = actor.capability.point();
        let total: f64 = table[a].iter().flatten().map(|(_, s)| s).sum();
        let usable = c > 0.0 && total > 0.0;
        if !usable {
            notes.push(format!(
                "actor `{}` is left out: it has {} (KTAB's votes need positive capability and salience)",
                actor.id,
                if c > 0.0 { "no salience on any issue" } else { "no capability" }
            ));
            continue;
        }
        // KTAB requires Σ_d σ ≤ 1; scale down larger totals (tolerance for rounding of /100).
        let factor = if total > 1.0 + 1e-9 {
            scaled.push(format!("`{}` ({total:.3})", actor.id));
            1.0 / total
        } else {
            1.0
        };
        for (i, issue) in scenario.issues.iter().enumerate() {
            let [lo, hi] = issue.scale;
            let (at, sal) = match table[a][i] {
                Some((at, s)) => {
                    held.push(true);
                    (at, if factor == 1.0 { s } else { s * factor })
                }
                None => {
                    held.push(false);
                    let sq = issue
                        .status_quo
                        .as_ref()
                        .map(|s| s.point())
                        .unwrap_or(0.5 * (lo + hi));
                    (sq, 0.0)
                }
            };
            position.push(((at - lo) / (hi - lo)).clamp(0.0, 1.0));
            salience.push(sal);
        }
        actors.push(a);
        capability.push(c);
    }
    if !scaled.is_empty() {
        notes.push(format!(
            "saliences scaled to total 1 (KTAB requires each actor's saliences to sum to at most 1) for {}",
            scaled.join(", ")
        ));
    }
    let n = actors.len();
    if n < 2 {
        return Err(not_applicable(format!(
            "SMP needs at least 2 actors with capability and salience, found {n}"
        )));
    }
    let accommodation = if params.ideal_adjustments.is_empty() {
        None
    } else {
        let mut acc = vec![0.0; n * n];
        for i in 0..n {
            acc[i * n + i] = 1.0;
        }
        let find = |id: &str| {
            actors
                .iter()
                .position(|&a| scenario.actors[a].id == id)
                .ok_or_else(|| ModelError::BadParams {
                    model: "smp".into(),
                    reason: format!(
                        "IdealAdjustment names `{id}`, which is not an SMP actor of the scenario"
                    ),
                })
        };
        for adj in &params.ideal_adjustments {
            let (i, j) = (find(&adj.adjusting)?, find(&adj.reference)?);
            acc[i * n + j] = adj.adjust;
        }
        for i in 0..n {
            let row: f64 = acc[i * n..(i + 1) * n].iter().sum();
            if row > 1.0 + 1e-10 {
                return Err(ModelError::BadParams {
                    model: "smp".into(),
                    reason: format!(
                        "IdealAdjustment: the adjustments of `{}` total {row}: expected at most 1",
                        scenario.actors[actors[i]].id
                    ),
                });
            }
        }
        notes.push("ideals adjust towards positions by the IdealAdjustment matrix".into());
        Some(acc)
    };
    Ok(Mapped {
        problem: Problem {
            n,
            d,
            capability,
            salience,
            position,
            accommodation,
        },
        actors,
        held,
        notes,
    })
}

fn parameter_summary(p: &SmpParams) -> Value {
    json!({
        "VictoryProbModel": p.victory_prob.name(),
        "PCEModel": p.pce.name(),
        "StateTransitions": p.transitions.name(),
        "VotingRule": p.voting_rule.name(),
        "BigRAdjust": p.big_r_adjust.name(),
        "BigRRange": p.big_r_range.name(),
        "ThirdPartyCommit": p.third_party.name(),
        "InterVecBrgn": p.inter_vec.name(),
        "BargnModel": p.bargain_model.name(),
    })
}

/// Builds the per-issue forecasts of a finished run.
pub fn forecasts(
    scenario: &Scenario,
    mapped: &Mapped,
    params: &SmpParams,
    run: &Run,
    seed: u64,
) -> Vec<(usize, ModelForecast)> {
    let p = &mapped.problem;
    let (n, d) = (p.n, p.d);
    let ids: Vec<&str> = mapped
        .actors
        .iter()
        .map(|&a| scenario.actors[a].id.as_str())
        .collect();
    let mut notes = mapped.notes.clone();
    if params.transitions == crate::params::StateTransitions::Stochastic {
        notes.push(format!(
            "stochastic transitions drawn from ChaCha20 streams of seed {seed} (one per turn and actor): reproducible at any thread count, unlike KTAB's"
        ));
        if let Some(s) = &params.ktab_seed {
            notes.push(format!(
                "KTAB's prngSeed {s} is not used: brink's generator cannot replay KTAB's draws"
            ));
        }
    }
    let stopped = match run.stopped {
        Stopped::Converged => "converged (KTAB's stopping rule)",
        Stopped::TurnLimit => "turn limit reached",
        Stopped::RequestedTurns => "requested number of turns",
        Stopped::Stable => "stable (a turn moved nobody)",
        Stopped::Cycle { .. } => "cycle (the state repeats an earlier one)",
    };
    let last = run.states.last().expect("a run has state 0");
    // The single most probable position of the final state.
    let best = (0..n)
        .max_by(|&a, &b| {
            last.prob[a]
                .partial_cmp(&last.prob[b])
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    (0..d)
        .map(|dim| {
            let issue = &scenario.issues[dim];
            let [lo, hi] = issue.scale;
            let back = |x: f64| lo + x * (hi - lo);
            let cs_mean = |pos: &[f64]| {
                let (mut num, mut den) = (0.0, 0.0);
                for i in 0..n {
                    let w = p.capability[i] * p.salience[i * d + dim];
                    num += w * back(pos[i * d + dim]);
                    den += w;
                }
                if den > 0.0 {
                    num / den
                } else {
                    back(pos.iter().skip(dim).step_by(d).sum::<f64>() / n as f64)
                }
            };
            let rounds: Vec<RoundRecord> = run
                .states
                .iter()
                .enumerate()
                .map(|(t, st)| {
                    let positions: IndexMap<String, f64> = (0..n)
                        .map(|i| (ids[i].to_string(), back(st.position[i * d + dim])))
                        .collect();
                    // One move per actor that adopted a bargain, in actor order.
                    let mut adopted_moves: Vec<(usize, RoundMove)> = Vec::new();
                    for b in &st.bargains {
                        for (adopted, actor, other, z) in [
                            (
                                b.adopted_by_initiator,
                                b.initiator,
                                b.receiver,
                                &b.init_position,
                            ),
                            (
                                b.adopted_by_receiver,
                                b.receiver,
                                b.initiator,
                                &b.rcvr_position,
                            ),
                        ] {
                            if adopted {
                                adopted_moves.push((
                                    actor,
                                    RoundMove::Bargain(BargainMove {
                                        actor: ids[actor].to_string(),
                                        with: ids[other].to_string(),
                                        initiator: ids[b.initiator].to_string(),
                                        to: back(z[dim]),
                                        prob_initiator_wins: b.prob_init_wins,
                                        initiator_gain: b.gain,
                                    }),
                                ));
                            }
                        }
                    }
                    adopted_moves.sort_by_key(|(actor, _)| *actor);
                    let moves: Vec<RoundMove> = adopted_moves.into_iter().map(|(_, m)| m).collect();
                    let mut extra = Map::new();
                    extra.insert("outcome".into(), json!(back(st.expected[dim])));
                    extra.insert(
                        "probabilities".into(),
                        Value::Object(
                            (0..n)
                                .map(|i| (ids[i].to_string(), json!(st.prob[i])))
                                .collect(),
                        ),
                    );
                    extra.insert(
                        "risk".into(),
                        Value::Object(
                            (0..n)
                                .map(|i| (ids[i].to_string(), json!(st.risk[i])))
                                .collect(),
                        ),
                    );
                    if t > 0 {
                        extra.insert("bargains_proposed".into(), json!(st.bargains.len()));
                    }
                    RoundRecord {
                        round: t,
                        positions,
                        median: None,
                        mean: cs_mean(&st.position),
                        moves,
                        extra,
                    }
                })
                .collect();
            let mut f = ModelForecast::point("smp", back(last.expected[dim]));
            f.mean = Some(cs_mean(&last.position));
            f.rounds = Some(rounds);
            f.extra.insert(
                "most_likely".into(),
                json!(back(last.position[best * d + dim])),
            );
            f.extra.insert("most_likely_actor".into(), json!(ids[best]));
            if run.stopped == Stopped::Converged {
                // KTAB's own criterion ended the run.
                f.extra.insert("converged".into(), json!(true));
            } else if let Some((settling, first_round)) = run.settling {
                let outcomes: Vec<f64> =
                    run.states.iter().map(|st| back(st.expected[dim])).collect();
                convergence::annotate(&mut f, settling, &outcomes, first_round, run.turns());
                if let convergence::Settling::Cycle { period } = settling {
                    // The c·s-weighted mean too, over the cycle's states.
                    let means: Vec<f64> = run.states[run.states.len() - period..]
                        .iter()
                        .map(|st| cs_mean(&st.position))
                        .collect();
                    f.mean = Some(convergence::CycleStats::of(&means).mean);
                }
            }
            f.extra.insert("turns".into(), json!(run.turns()));
            f.extra.insert("stopped".into(), json!(stopped));
            f.extra.insert("dimension".into(), json!(dim));
            f.extra
                .insert("parameters".into(), parameter_summary(params));
            let missing: Vec<String> = (0..n)
                .filter(|&i| !mapped.held[i * d + dim])
                .map(|i| format!("`{}`", ids[i]))
                .collect();
            let mut issue_notes = notes.clone();
            if !missing.is_empty() {
                issue_notes.push(format!(
                    "{} hold(s) no position on this issue: salience 0 here, placed at the status quo ({})",
                    missing.join(", "),
                    if issue.status_quo.is_some() { "given" } else { "none given, so the scale's midpoint" }
                ));
            }
            f.extra.insert("notes".into(), json!(issue_notes));
            (dim, f)
        })
        .collect()
}

impl BargainingModel for Smp {
    fn name(&self) -> &'static str {
        "smp"
    }

    fn describe(&self) -> &'static str {
        "KTAB's Spatial Model of Politics: multi-dimensional bargaining driven by probabilistic Condorcet elections"
    }

    fn run(
        &self,
        scenario: &Scenario,
        params: &ModelParams,
        seed: u64,
    ) -> Result<Vec<(usize, ModelForecast)>, ModelError> {
        let smp = resolve_params(scenario, params)?;
        let mapped = map_scenario(scenario, &smp)?;
        let run = engine::run(&mapped.problem, &smp, seed)?;
        check_settled(&smp, &run)?;
        Ok(forecasts(scenario, &mapped, &smp, &run, seed))
    }

    fn option_keys(&self) -> &'static [&'static str] {
        crate::params::ACCEPTED_KEYS
    }

    fn check_settings(&self, scenario: &Scenario, params: &ModelParams) -> Result<(), ModelError> {
        resolve_params(scenario, params).map(|_| ())
    }

    fn kernel(&self) -> Option<Kernel<'_>> {
        Some(Kernel::Scenario(&crate::kernel::SmpKernel))
    }
}

/// `--until-stable` fails on a run still moving at its turn limit.
pub(crate) fn check_settled(smp: &SmpParams, run: &Run) -> Result<(), ModelError> {
    if matches!(smp.stop, StopRule::UntilStable { .. }) && run.stopped == Stopped::TurnLimit {
        return Err(ModelError::NoConvergence {
            model: "smp".into(),
            reason: format!(
                "actors still move after {} turns and the state repeats none of the last {} \
                 (deterministic transitions) — give --rounds N to see the trajectory",
                run.turns(),
                convergence::MAX_PERIOD
            ),
        });
    }
    Ok(())
}

/// The forecast on dimension `dim` of issue scale `[lo, hi]`, as [`forecasts`] reports it: the
/// final state's probability-weighted outcome, or, for a run that ends in a cycle (and KTAB's
/// rule did not stop it), the mean of that outcome over the cycle's states.
pub(crate) fn forecast_value(run: &Run, dim: usize, [lo, hi]: [f64; 2]) -> f64 {
    let back = |x: f64| lo + x * (hi - lo);
    let last = run.states.last().expect("a run has state 0");
    match run.settling {
        Some((convergence::Settling::Cycle { period }, _)) if run.stopped != Stopped::Converged => {
            let cycle: Vec<f64> = run.states[run.states.len() - period..]
                .iter()
                .map(|st| back(st.expected[dim]))
                .collect();
            convergence::CycleStats::of(&cycle).mean
        }
        _ => back(last.expected[dim]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_testkit::ScenarioBuilder;

    fn scenario() -> Scenario {
        ScenarioBuilder::new("t")
            .issue("x", [0.0, 10.0])
            .issue("y", [-1.0, 1.0])
            .status_quo("y", 0.5)
            .actor("a", 2.0)
            .actor("b", 1.0)
            .actor("c", 3.0)
            .actor("z", 0.0)
            .position("a", "x", 2.0, 0.9)
            .position("a", "y", -1.0, 0.6)
            .position("b", "x", 8.0, 0.5)
            .position("c", "y", 1.0, 0.4)
            .position("z", "x", 5.0, 1.0)
            .build()
    }

    #[test]
    fn issues_become_dimensions_with_the_documented_conventions() {
        let s = scenario();
        let p = resolve_params(&s, &ModelParams::default()).unwrap();
        let m = map_scenario(&s, &p).unwrap();
        assert_eq!((m.problem.n, m.problem.d), (3, 2));
        assert_eq!(m.actors, vec![0, 1, 2]); // z has no capability
                                             // a's saliences 0.9 + 0.6 scaled to total 1.
        assert!((m.problem.salience[0] - 0.6).abs() < 1e-12);
        assert!((m.problem.salience[1] - 0.4).abs() < 1e-12);
        // b holds no position on y: salience 0 at the status quo 0.5 → 0.75 on [0,1].
        assert_eq!(m.problem.salience[3], 0.0);
        assert_eq!(m.problem.position[3], 0.75);
        // c holds none on x: midpoint.
        assert_eq!(m.problem.position[4], 0.5);
        assert_eq!(m.held, vec![true, true, true, false, false, true]);
        let notes = m.notes.join("\n");
        assert!(notes.contains("`z` is left out"), "{notes}");
        assert!(notes.contains("scaled to total 1"), "{notes}");
    }

    #[test]
    fn options_override_settings_and_unknown_ones_are_rejected() {
        let mut s = scenario();
        s.model_settings.insert(
            "smp".into(),
            [("VotingRule".to_string(), json!("Cubic"))]
                .into_iter()
                .collect(),
        );
        let p = resolve_params(&s, &ModelParams::default()).unwrap();
        assert_eq!(p.voting_rule, crate::params::VotingRule::Cubic);
        let mut mp = ModelParams {
            options: vec![
                ("smp.VotingRule".into(), "PropBin".into()),
                ("exchange.rate".into(), "0.4".into()),
            ],
            ..Default::default()
        };
        let p = resolve_params(&s, &mp).unwrap();
        assert_eq!(p.voting_rule, crate::params::VotingRule::PropBin);
        mp.options.push(("Speed".into(), "fast".into()));
        let e = resolve_params(&s, &mp).unwrap_err();
        assert!(matches!(e, ModelError::BadParams { .. }));
        assert!(e.to_string().contains("VictoryProbModel"), "{e}");
    }

    #[test]
    fn forecasts_are_on_each_issues_scale_with_rounds() {
        let s = scenario();
        let out = Smp
            .run(
                &s,
                &ModelParams {
                    rounds: Some(3),
                    ..Default::default()
                },
                1,
            )
            .unwrap();
        assert_eq!(out.len(), 2);
        for (i, f) in &out {
            let [lo, hi] = s.issues[*i].scale;
            assert!(f.forecast >= lo && f.forecast <= hi);
            let rounds = f.rounds.as_ref().unwrap();
            assert_eq!(rounds.len(), 4);
            assert_eq!(rounds[0].positions.len(), 3);
            assert!(rounds.iter().all(|r| r.extra.contains_key("probabilities")));
            assert_eq!(f.extra["stopped"], "requested number of turns");
        }
        let note = |i: usize| out[i].1.extra["notes"].to_string();
        assert!(
            note(1).contains("`b` hold(s) no position on this issue"),
            "{}",
            note(1)
        );
        assert!(
            note(0).contains("`c` hold(s)") && note(0).contains("midpoint"),
            "{}",
            note(0)
        );
        let y0 = out[1].1.rounds.as_ref().unwrap()[0].positions["a"];
        assert_eq!(y0, -1.0);
    }

    #[test]
    fn too_few_actors_is_not_applicable() {
        let mut s = scenario();
        s.actors[1].capability = 0.0.into();
        s.actors[2].capability = 0.0.into();
        let e = Smp.run(&s, &ModelParams::default(), 0).unwrap_err();
        assert!(matches!(e, ModelError::NotApplicable { .. }), "{e}");
    }
}
