//! The actor view (`brink actors`): for each actor, what every model's forecast gives it against
//! the status quo, who stands near it and far from it on each issue, and its leverage — how far
//! each forecast moves when the actor alone shifts its position or its salience — with the move
//! that brings the forecasts closest to what it wants.
//!
//! Everything is computed on the scenario's point estimates and one seed, so a lever's effect is
//! the model's response to that change alone (no sampling noise between the runs compared).
//! Gains use linear loss on the issue's scale: an actor at x gains
//! (|sq − x| − |f − x|) / width from a forecast f against the status quo sq, a number in
//! [−1, 1]; an issue without a status quo has no gain (null), never an invented baseline.

use crate::kernel::Slices;
use crate::montecarlo::SkippedModel;
use crate::AnalysisError;
use brink_core::{
    BargainingModel, IssueInputs, IssueWorkspace, Kernel, ModelError, ModelParams, Scenario,
    ScenarioWorkspace,
};
use rayon::prelude::*;
use serde::Serialize;

/// Options of [`actors`].
#[derive(Clone, Copy, Debug)]
pub struct ActorsOptions {
    /// A position lever moves the actor by this share of the issue's scale (0 < step ≤ 1).
    pub step: f64,
    /// Seed for models that draw random numbers (the same for every run compared).
    pub seed: u64,
}

/// The default position step: a tenth of the scale.
pub const DEFAULT_STEP: f64 = 0.1;

impl Default for ActorsOptions {
    fn default() -> Self {
        ActorsOptions {
            step: DEFAULT_STEP,
            seed: 0,
        }
    }
}

/// `brink actors`'s answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorsReport {
    pub scenario: String,
    /// The models that ran, in the order given.
    pub models: Vec<String>,
    pub step: f64,
    pub seed: u64,
    pub actors: Vec<ActorView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedModel>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorView {
    pub id: String,
    pub name: String,
    /// Its share of the scenario's total capability.
    pub capability_share: f64,
    /// Per model, its salience-weighted mean gain over the issues that have a status quo
    /// (null when none has one).
    pub gains: Vec<ModelGain>,
    /// The issues it holds a position on, in scenario order.
    pub issues: Vec<ActorIssue>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelGain {
    pub model: String,
    pub gain: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorIssue {
    pub issue: String,
    pub scale: [f64; 2],
    pub position: f64,
    pub salience: f64,
    pub status_quo: Option<f64>,
    /// Every model's forecast and what it gives the actor.
    pub outcomes: Vec<Outcome>,
    /// Of the nearer half of the other actors, those within [`ALLY_DISTANCE`] of its position
    /// (at most two), nearest first.
    pub allies: Vec<Neighbour>,
    /// Of the farther half of the other actors, those beyond [`ALLY_DISTANCE`] (at most two),
    /// farthest first.
    pub rivals: Vec<Neighbour>,
    /// What each lever does to the forecasts.
    pub levers: Vec<Lever>,
    /// The lever that moves the forecasts furthest toward the actor's position on average over
    /// the models; null when no lever helps.
    pub best: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    pub model: String,
    pub forecast: f64,
    /// (|sq − x| − |f − x|) / width; null without a status quo.
    pub gain: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbour {
    pub actor: String,
    pub position: f64,
    /// |their position − this actor's| / width.
    pub distance: f64,
    /// Their capability × salience as a share of the issue's total.
    pub weight: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    /// `position` or `salience`.
    pub lever: String,
    pub from: f64,
    pub to: f64,
    /// Per model: the forecast after the change and its shift toward the actor's position
    /// (positive: closer), as a share of the scale.
    pub effects: Vec<LeverEffect>,
    /// The mean of `toward` over the models.
    pub mean_toward: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverEffect {
    pub model: String,
    pub forecast: f64,
    pub toward: f64,
}

/// A change one actor can make on one issue.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Change {
    Position(f64),
    Salience(f64),
}

/// The actor view of `scenario` under `models` (those that do not apply are skipped, with the
/// reason). Runs each model once on the scenario and once per lever, in parallel, the levers
/// through the models' Monte Carlo kernels where they have one (the same numbers, far less
/// work); the result does not depend on the thread count.
pub fn actors(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    opts: ActorsOptions,
) -> Result<ActorsReport, AnalysisError> {
    if !(opts.step > 0.0 && opts.step <= 1.0) {
        return Err(AnalysisError::Usage(format!(
            "the position step must be in (0, 1] (a share of each issue's scale), found {}",
            opts.step
        )));
    }
    // Baseline forecasts: [model][issue]; models that cannot run are skipped.
    let mut ran: Vec<&dyn BargainingModel> = Vec::new();
    let mut base: Vec<Vec<Option<f64>>> = Vec::new();
    let mut skipped = Vec::new();
    for &model in models {
        match forecasts(scenario, model, params, opts.seed) {
            Ok(f) => {
                ran.push(model);
                base.push(f);
            }
            Err(ModelError::NotApplicable { reason, .. }) => skipped.push(SkippedModel {
                model: model.name().to_string(),
                reason,
            }),
            Err(e) => return Err(AnalysisError::Model(e)),
        }
    }
    if ran.is_empty() {
        return Err(AnalysisError::NoModel(
            skipped
                .iter()
                .map(|s| format!("{}: {}", s.model, s.reason))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }

    // Every (actor, issue, change) to try, in a fixed order.
    let mut tries: Vec<(usize, usize, Change)> = Vec::new();
    for (a, actor) in scenario.actors.iter().enumerate() {
        for (i, issue) in scenario.issues.iter().enumerate() {
            if let Some(p) = position_of(scenario, &actor.id, &issue.id) {
                for change in changes(p, issue.scale, opts.step) {
                    tries.push((a, i, change));
                }
            }
        }
    }
    // [try][model] → the forecast of the try's issue after the change (None where the model
    // does not forecast it or fails on the changed scenario).
    let runners = Runners::new(scenario, &ran, params);
    let after: Vec<Vec<Option<f64>>> = tries
        .par_iter()
        .map_init(
            || runners.workspaces(),
            |ws, &(a, i, change)| {
                let changed = with_change(scenario, a, i, change);
                (0..ran.len())
                    .map(|k| {
                        base[k][i]?;
                        runners.forecast(ws, k, &changed, i, opts.seed)
                    })
                    .collect()
            },
        )
        .collect();

    let total_capability: f64 = scenario.actors.iter().map(|a| a.capability.point()).sum();
    let mut views = Vec::with_capacity(scenario.actors.len());
    let mut next_try = 0;
    for (a, actor) in scenario.actors.iter().enumerate() {
        let mut issues = Vec::new();
        for (i, issue) in scenario.issues.iter().enumerate() {
            let Some(p) = position_of(scenario, &actor.id, &issue.id) else {
                continue;
            };
            let x = p.at.point();
            let width = issue.scale[1] - issue.scale[0];
            let sq = issue.status_quo.as_ref().map(|u| u.point());
            let outcomes: Vec<Outcome> = ran
                .iter()
                .zip(&base)
                .filter_map(|(m, f)| {
                    f[i].map(|f| Outcome {
                        model: m.name().to_string(),
                        forecast: f,
                        gain: sq.map(|sq| ((sq - x).abs() - (f - x).abs()) / width),
                    })
                })
                .collect();
            let (allies, rivals) = neighbours(scenario, a, i);
            let mut levers = Vec::new();
            while next_try < tries.len() && tries[next_try].0 == a && tries[next_try].1 == i {
                let change = tries[next_try].2;
                let mut effects = Vec::new();
                for (k, m) in ran.iter().enumerate() {
                    let (Some(before), Some(now)) = (base[k][i], after[next_try][k]) else {
                        continue;
                    };
                    effects.push(LeverEffect {
                        model: m.name().to_string(),
                        forecast: now,
                        toward: ((before - x).abs() - (now - x).abs()) / width,
                    });
                }
                let mean_toward = if effects.is_empty() {
                    0.0
                } else {
                    effects.iter().map(|e| e.toward).sum::<f64>() / effects.len() as f64
                };
                let (lever, from, to) = match change {
                    Change::Position(to) => ("position", x, to),
                    Change::Salience(to) => ("salience", p.salience.point(), to),
                };
                levers.push(Lever {
                    lever: lever.to_string(),
                    from,
                    to,
                    effects,
                    mean_toward,
                });
                next_try += 1;
            }
            // A lever "helps" when it moves the forecasts toward the actor by more than
            // rounding: 1e-9 of the scale.
            let best = levers
                .iter()
                .enumerate()
                .filter(|(_, l)| l.mean_toward > 1e-9)
                .max_by(|(_, l), (_, r)| l.mean_toward.total_cmp(&r.mean_toward))
                .map(|(k, _)| k);
            issues.push(ActorIssue {
                issue: issue.id.clone(),
                scale: issue.scale,
                position: x,
                salience: p.salience.point(),
                status_quo: sq,
                outcomes,
                allies,
                rivals,
                levers,
                best,
            });
        }
        let gains = ran
            .iter()
            .map(|m| {
                let mut num = 0.0;
                let mut den = 0.0;
                for is in &issues {
                    if let Some(g) = is
                        .outcomes
                        .iter()
                        .find(|o| o.model == m.name())
                        .and_then(|o| o.gain)
                    {
                        num += is.salience * g;
                        den += is.salience;
                    }
                }
                ModelGain {
                    model: m.name().to_string(),
                    gain: (den > 0.0).then(|| num / den),
                }
            })
            .collect();
        views.push(ActorView {
            id: actor.id.clone(),
            name: actor.name.clone(),
            capability_share: if total_capability > 0.0 {
                actor.capability.point() / total_capability
            } else {
                0.0
            },
            gains,
            issues,
        });
    }
    Ok(ActorsReport {
        scenario: scenario.name.clone(),
        models: ran.iter().map(|m| m.name().to_string()).collect(),
        step: opts.step,
        seed: opts.seed,
        actors: views,
        skipped,
    })
}

/// One model's forecast of every issue (None for an issue it does not report).
fn forecasts(
    scenario: &Scenario,
    model: &dyn BargainingModel,
    params: &ModelParams,
    seed: u64,
) -> Result<Vec<Option<f64>>, ModelError> {
    let mut out = vec![None; scenario.issues.len()];
    for (i, f) in model.run(scenario, &params.for_model(model.name()), seed)? {
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(f.forecast);
        }
    }
    Ok(out)
}

/// How the levers' runs reach each model: through its Monte Carlo kernel when it has one that
/// accepts the parameters ([`brink_core::kernel`]: by its contract the same number as `run`'s
/// forecast, without the rounds, records and JSON `run` builds), else through `run`. A
/// per-issue kernel runs only the issue whose lever moved: the other issues' inputs are
/// unchanged, so their forecasts (and whether they fail) are the baseline's.
struct Runners<'a> {
    models: &'a [&'a dyn BargainingModel],
    /// The parameters given (what `run` is called with, as for the baseline).
    given: &'a ModelParams,
    /// Each model's own parameters, what its kernel is made with.
    params: Vec<ModelParams>,
    kernels: Vec<Option<Kernel<'a>>>,
    scenario: &'a Scenario,
    rows: Vec<Vec<(usize, usize)>>,
    max_actors: usize,
}

/// One worker's state: a workspace per model with a kernel, the slices an issue kernel reads
/// and the forecasts a scenario kernel writes.
struct Workspaces {
    models: Vec<Option<Workspace>>,
    slices: Slices,
    by_issue: Vec<f64>,
}

enum Workspace {
    Issue(Box<dyn IssueWorkspace>),
    Scenario(Box<dyn ScenarioWorkspace>),
}

impl<'a> Runners<'a> {
    fn new(
        scenario: &'a Scenario,
        models: &'a [&'a dyn BargainingModel],
        given: &'a ModelParams,
    ) -> Self {
        let params: Vec<ModelParams> = models.iter().map(|m| given.for_model(m.name())).collect();
        let kernels = models
            .iter()
            .zip(&params)
            .map(|(m, p)| {
                m.kernel().filter(|k| match k {
                    Kernel::Issue(k) => k.accepts(p),
                    Kernel::Scenario(k) => k.accepts(scenario, p),
                })
            })
            .collect();
        let rows = brink_core::kernel::issue_rows(scenario);
        let max_actors = rows.iter().map(Vec::len).max().unwrap_or(0);
        Runners {
            models,
            given,
            params,
            kernels,
            scenario,
            rows,
            max_actors,
        }
    }

    fn workspaces(&self) -> Workspaces {
        Workspaces {
            models: self
                .kernels
                .iter()
                .zip(&self.params)
                .map(|(k, p)| {
                    k.map(|k| match k {
                        Kernel::Issue(k) => Workspace::Issue(k.workspace(self.max_actors, p)),
                        Kernel::Scenario(k) => Workspace::Scenario(k.workspace(self.scenario, p)),
                    })
                })
                .collect(),
            slices: Slices::with_capacity(self.max_actors),
            by_issue: vec![f64::NAN; self.scenario.issues.len()],
        }
    }

    /// Model k's forecast of `issue` on `changed` (a scenario shaped like the original).
    fn forecast(
        &self,
        ws: &mut Workspaces,
        k: usize,
        changed: &Scenario,
        issue: usize,
        seed: u64,
    ) -> Option<f64> {
        match ws.models[k].as_mut() {
            Some(Workspace::Issue(w)) => {
                ws.slices.fill(changed, &self.rows[issue]);
                let inputs = IssueInputs {
                    positions: &ws.slices.positions,
                    capabilities: &ws.slices.capabilities,
                    saliences: &ws.slices.saliences,
                    scale: changed.issues[issue].scale,
                };
                w.forecast(&inputs).ok()
            }
            Some(Workspace::Scenario(w)) => {
                ws.by_issue.fill(f64::NAN);
                w.forecast(changed, seed, &mut ws.by_issue).ok()?;
                Some(ws.by_issue[issue])
            }
            None => forecasts(changed, self.models[k], self.given, seed)
                .ok()
                .and_then(|f| f[issue]),
        }
    }
}

fn position_of<'s>(
    scenario: &'s Scenario,
    actor: &str,
    issue: &str,
) -> Option<&'s brink_core::Position> {
    scenario
        .positions
        .iter()
        .find(|p| p.actor == actor && p.issue == issue)
}

/// The levers of one position: a step each way along the scale (clipped to it; none past an
/// end), salience up to 1 and down by half (when that changes it).
fn changes(p: &brink_core::Position, scale: [f64; 2], step: f64) -> Vec<Change> {
    let x = p.at.point();
    let d = step * (scale[1] - scale[0]);
    let mut out = Vec::new();
    for to in [(x - d).max(scale[0]), (x + d).min(scale[1])] {
        if to != x {
            out.push(Change::Position(to));
        }
    }
    let s = p.salience.point();
    if s < 1.0 {
        out.push(Change::Salience(1.0));
    }
    if s > 0.0 {
        out.push(Change::Salience(s / 2.0));
    }
    out
}

fn with_change(scenario: &Scenario, actor: usize, issue: usize, change: Change) -> Scenario {
    let mut s = scenario.clone();
    let (a, i) = (&scenario.actors[actor].id, &scenario.issues[issue].id);
    if let Some(p) = s
        .positions
        .iter_mut()
        .find(|p| &p.actor == a && &p.issue == i)
    {
        match change {
            Change::Position(to) => p.at = to.into(),
            Change::Salience(to) => p.salience = to.into(),
        }
    }
    s
}

/// How near (a share of the scale) another actor must stand to count as an ally.
pub const ALLY_DISTANCE: f64 = 0.25;

/// Up to two allies (nearest first) and two rivals (farthest first) on an issue.
fn neighbours(scenario: &Scenario, actor: usize, issue: usize) -> (Vec<Neighbour>, Vec<Neighbour>) {
    let table = scenario.issue_table(issue);
    let width = scenario.issues[issue].scale[1] - scenario.issues[issue].scale[0];
    let weights = table.weights();
    let total: f64 = weights.iter().sum();
    let Some(me) = table.actors.iter().position(|&k| k == actor) else {
        return (Vec::new(), Vec::new());
    };
    let mut others: Vec<Neighbour> = (0..table.len())
        .filter(|&k| k != me)
        .map(|k| Neighbour {
            actor: table.ids[k].clone(),
            position: table.position[k],
            distance: (table.position[k] - table.position[me]).abs() / width,
            weight: if total > 0.0 { weights[k] / total } else { 0.0 },
        })
        .collect();
    // Stable sort: equal distances keep scenario order. Allies are the nearer half of the
    // others and within a quarter of the scale; rivals the farther half and beyond it (a lone
    // other actor is one or the other by that distance alone).
    others.sort_by(|l, r| l.distance.total_cmp(&r.distance));
    let k = (others.len() / 2).clamp(1, 2).min(others.len());
    let allies: Vec<Neighbour> = others
        .iter()
        .take(k)
        .filter(|o| o.distance <= ALLY_DISTANCE)
        .cloned()
        .collect();
    let rivals: Vec<Neighbour> = others
        .iter()
        .rev()
        .take(k)
        .filter(|o| o.distance > ALLY_DISTANCE)
        .cloned()
        .collect();
    (allies, rivals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::WeightedMean;
    use brink_testkit::ScenarioBuilder;

    fn two_actor_scenario() -> Scenario {
        ScenarioBuilder::new("two")
            .issue("tax", [0.0, 100.0])
            .status_quo("tax", 50.0)
            .table(
                "tax",
                &[
                    ("A", 1.0, 0.0, 1.0),
                    ("B", 3.0, 100.0, 0.5),
                    ("C", 1.0, 90.0, 0.5),
                ],
            )
            .build()
    }

    #[test]
    fn gains_allies_and_levers_follow_the_weighted_mean() {
        let s = two_actor_scenario();
        let r = actors(
            &s,
            &[&WeightedMean],
            &ModelParams::default(),
            ActorsOptions::default(),
        )
        .unwrap();
        // Weights: A 1, B 1.5, C 0.5 → forecast (0 + 150 + 45) / 3 = 65.
        let a = &r.actors[0];
        let tax = &a.issues[0];
        assert!((tax.outcomes[0].forecast - 65.0).abs() < 1e-12);
        // A at 0 against sq 50: |50−0| − |65−0| = −15 → −0.15 of the scale: A loses.
        assert!((tax.outcomes[0].gain.unwrap() + 0.15).abs() < 1e-12);
        assert!((a.gains[0].gain.unwrap() + 0.15).abs() < 1e-12);
        // B gains: |50−100| − |65−100| = 15.
        assert!((r.actors[1].gains[0].gain.unwrap() - 0.15).abs() < 1e-12);
        // A (0) has no ally within a quarter of the scale; its farthest rival is B (100).
        assert!(tax.allies.is_empty());
        assert_eq!(tax.rivals.len(), 1);
        assert_eq!(tax.rivals[0].actor, "B");
        assert!((tax.rivals[0].weight - 0.5).abs() < 1e-12);
        // B (100): C (90) is its ally, A (0) its rival.
        assert_eq!(r.actors[1].issues[0].allies[0].actor, "C");
        assert_eq!(r.actors[1].issues[0].rivals[0].actor, "A");
        // A sits at the scale's end: one position lever (+10), salience is already 1 so only
        // halving it; doubling weight is not possible, halving moves the forecast away.
        let kinds: Vec<(&str, f64)> = tax
            .levers
            .iter()
            .map(|l| (l.lever.as_str(), l.to))
            .collect();
        assert_eq!(kinds, vec![("position", 10.0), ("salience", 0.5)]);
        // Moving to 10 moves the mean away from A (up by 10/3), halving its salience too:
        // no lever helps A, so no best move.
        assert!(tax.levers.iter().all(|l| l.mean_toward < 0.0));
        assert_eq!(tax.best, None);
        // C (salience 0.5, at 90) can raise its salience to 1: forecast (0+150+90)/3.5 ≈ 68.57,
        // closer to 90 than 65 is.
        let c = &r.actors[2].issues[0];
        let best = &c.levers[c.best.unwrap()];
        assert_eq!(best.lever, "salience");
        let after = 240.0 / 3.5;
        assert!((best.effects[0].forecast - after).abs() < 1e-12);
        assert!((best.mean_toward - ((90.0 - 65.0) - (90.0 - after)) / 100.0).abs() < 1e-12);
    }

    #[test]
    fn no_status_quo_means_no_gain_and_a_bad_step_is_refused() {
        let mut s = two_actor_scenario();
        s.issues[0].status_quo = None;
        let r = actors(
            &s,
            &[&WeightedMean],
            &ModelParams::default(),
            ActorsOptions::default(),
        )
        .unwrap();
        assert_eq!(r.actors[0].issues[0].outcomes[0].gain, None);
        assert_eq!(r.actors[0].gains[0].gain, None);
        for step in [0.0, -0.1, 1.5, f64::NAN] {
            let e = actors(
                &s,
                &[&WeightedMean],
                &ModelParams::default(),
                ActorsOptions { step, seed: 0 },
            );
            assert!(matches!(e, Err(AnalysisError::Usage(_))), "{step}");
        }
    }

    #[test]
    fn a_model_that_does_not_apply_is_skipped_and_none_left_is_an_error() {
        let s = two_actor_scenario();
        let r = actors(
            &s,
            &[&crate::testing::Never, &WeightedMean],
            &ModelParams::default(),
            ActorsOptions::default(),
        )
        .unwrap();
        assert_eq!(r.models, vec!["wmean"]);
        assert_eq!(r.skipped[0].model, "never");
        let e = actors(
            &s,
            &[&crate::testing::Never],
            &ModelParams::default(),
            ActorsOptions::default(),
        );
        assert!(matches!(e, Err(AnalysisError::NoModel(_))));
    }
}
