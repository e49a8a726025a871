//! `brink crisis`: the odds of each outcome of a scenario's crisis game under the logit agent
//! QRE at λ, the subgame-perfect path, and the bargaining forecast with the crisis as
//! disagreement point — at the parameters' point estimates, or over a seeded Monte Carlo of
//! the uncertain parameters (each run its own stream, `brink_core::montecarlo::run_stream`, so
//! results are identical at any thread count; runs are reduced in run order).

use crate::breakdown::{self, Lottery};
use crate::link::{link, Blocker, Breakdown, IssueLink};
use crate::path::{path, PathStep};
use crate::section::{CrisisSpec, Draw, GameKind};
use crate::{CrisisError, CrisisGame, DEFAULT_LAMBDA};
/// The 5th and 95th percentiles of the finite values (brink-core's, shared with every Monte
/// Carlo).
pub use brink_core::montecarlo::interval90 as interval;
use brink_core::montecarlo::run_stream;
use brink_core::{Scenario, Utility};
use brink_games::{backward_induction, BackwardSolution as Solution, Rule};
use brink_games::{Mover, NodeId};
use indexmap::IndexMap;
use rayon::prelude::*;
use serde::Serialize;

/// How to run the analysis.
#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    /// The QRE's rationality (default: the section's `lambda`, else [`DEFAULT_LAMBDA`]).
    pub lambda: Option<f64>,
    /// Monte Carlo runs (default: 1000 when a parameter is uncertain, else 1 exact solve).
    pub runs: Option<usize>,
    pub seed: u64,
    pub utility: Utility,
    /// Told of each Monte Carlo run finished (a progress bar); it does not change results.
    pub control: Option<std::sync::Arc<brink_core::Control>>,
}

/// Equal when they ask for the same analysis (the control, which only watches, is left out).
impl PartialEq for AnalysisOptions {
    fn eq(&self, other: &Self) -> bool {
        (self.lambda, self.runs, self.seed, self.utility)
            == (other.lambda, other.runs, other.seed, other.utility)
    }
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            lambda: None,
            runs: None,
            seed: 0,
            utility: Utility::Quadratic,
            control: None,
        }
    }
}

/// Runs when a parameter is uncertain and `--runs` is not given.
pub const DEFAULT_RUNS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RolePlayer {
    pub role: String,
    pub actor: String,
}

/// One decision (or chance move) on an equilibrium path, once, with its mix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    /// The actor deciding (`chance` for a chance move).
    pub player: String,
    /// What is decided: the information set's label without the player's prefix (e.g.
    /// `costly signal`, `strike? (N)`); a branch tag such as `[held]` is kept only when the same
    /// decision is reached on two branches.
    pub decision: String,
    pub chance: bool,
    /// Each action played with positive probability, and that probability.
    pub mix: Vec<ActionProb>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActionProb {
    pub action: String,
    pub prob: f64,
}

/// The subgame-perfect equilibrium at the parameters' point estimates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpeReport {
    /// Each action played on the path (each decision once; chance moves in `moves`).
    pub path: Vec<PathStep>,
    /// The path as decisions and chance moves, in the order play meets them, each once.
    pub moves: Vec<Move>,
    /// How the path ends: an outcome class, or `lottery: deal 50.0%, war 50.0%` when chance or
    /// a mixed move splits it.
    pub end: String,
    /// The most likely outcome class on the SPE path (chance may split it: see `outcomes`).
    pub outcome: String,
    pub outcomes: IndexMap<String, f64>,
    /// Each actor's expected payoff.
    pub payoffs: IndexMap<String, f64>,
    /// Monte Carlo: the SPE's probability of each outcome, averaged over the runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_outcomes: Option<IndexMap<String, f64>>,
}

/// The QRE at the parameters' point estimates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QreReport {
    pub lambda: f64,
    pub path: Vec<PathStep>,
    pub payoffs: IndexMap<String, f64>,
    /// The largest gain from a one-shot deviation (what finite rationality leaves on the table).
    pub max_regret: f64,
}

/// One issue's bargaining forecast without and with the crisis.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IssueForecast {
    /// The NBS with the status quo as disagreement point.
    pub baseline: Option<f64>,
    /// `baseline + forecast_shift` (with a Monte Carlo, the shift's mean over the runs).
    pub with_crisis: Option<f64>,
    /// Monte Carlo: the forecast with the crisis at the parameters' point estimates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_crisis_point: Option<f64>,
    /// Monte Carlo: the 5th and 95th percentiles of the shift.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift_interval: Option<[f64; 2]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Everything `brink crisis` reports (cli.md's JSON contract, plus detail).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrisisReport {
    pub scenario: String,
    pub game: String,
    pub players: Vec<RolePlayer>,
    pub lambda: f64,
    /// P(each outcome class) under the QRE (the Monte Carlo mean when parameters are uncertain).
    pub outcomes: IndexMap<String, f64>,
    /// Monte Carlo: each outcome's 90% interval (5th and 95th percentiles over the runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intervals: Option<IndexMap<String, [f64; 2]>>,
    /// P(each terminal of the tree), by its label, under the QRE at the point estimates.
    pub terminals: IndexMap<String, f64>,
    pub spe: SpeReport,
    pub qre: QreReport,
    /// Each player's expected payoff should talks fail (QRE at the point estimates).
    pub failure_payoffs: IndexMap<String, f64>,
    /// Monte Carlo: each outcome's median, 90% interval and whether its distribution is
    /// two-valued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<IndexMap<String, Spread>>,
    /// Per issue (cli.md's contract): where failed talks leave the issue once the crisis is
    /// counted — the reference point `(1 − P(no deal))·status quo + P(no deal)·x̄` (Monte Carlo
    /// mean when uncertain; `null` without a status quo). It is the status quo of the models that
    /// use one.
    pub disagreement_point: IndexMap<String, Option<f64>>,
    /// Per issue: the expected breakdown point x̄ = Σ P(outcome | no deal)·point (Monte Carlo
    /// mean when uncertain).
    pub breakdown_point: IndexMap<String, Option<f64>>,
    /// Per issue where nothing beats breakdown for every actor: who blocks, and by how much.
    pub blocking: IndexMap<String, Vec<Blocker>>,
    /// P(no deal), the breakdown odds, P(violence) and the bystanders' costs (point estimates).
    pub breakdown: BreakdownReport,
    /// Per issue: each actor's disagreement utility (the issue's raw units) with the crisis —
    /// what the NBS actually uses.
    pub disagreement_utilities: IndexMap<String, IndexMap<String, f64>>,
    /// Per issue: how far the crisis moves the NBS forecast (Monte Carlo mean when uncertain;
    /// `null` when the issue has no status quo).
    pub forecast_shift: IndexMap<String, Option<f64>>,
    pub forecasts: IndexMap<String, IssueForecast>,
    pub runs: usize,
    pub seed: u64,
    /// The `why` of each parameter, from the scenario.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub why: std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What one solve of the game gives.
struct RunResult {
    qre_odds: Vec<f64>,
    spe_odds: Vec<f64>,
    shifts: Vec<Option<f64>>,
    reference: Vec<Option<f64>>,
    breakdown: Vec<Option<f64>>,
}

/// A probability's distribution over the Monte Carlo runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    pub median: f64,
    /// 5th and 95th percentiles.
    pub interval: [f64; 2],
    /// When (nearly) every run gives one of two values: each value and its share of the runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_valued: Option<[[f64; 2]; 2]>,
}

/// The median, 90% interval and two-valuedness of `values`.
pub fn spread(values: &[f64]) -> Spread {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    };
    let mut two_valued = None;
    if n >= 2 {
        let (lo, hi) = (v[0], v[n - 1]);
        // Two values 1 point or more apart, 95% of the runs within half a point of one of them.
        if hi - lo >= 0.01 {
            let near_lo = v.iter().filter(|x| (*x - lo).abs() <= 0.005).count();
            let near_hi = v.iter().filter(|x| (*x - hi).abs() <= 0.005).count();
            if near_lo + near_hi >= (0.95 * n as f64).ceil() as usize {
                two_valued = Some([
                    [lo, near_lo as f64 / n as f64],
                    [hi, near_hi as f64 / n as f64],
                ]);
            }
        }
    }
    Spread {
        median,
        interval: interval(values),
        two_valued,
    }
}

/// What the crisis says about failed talks, at the point estimates.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakdownReport {
    /// P(no deal) under the QRE.
    pub p_no_deal: f64,
    /// P(each outcome class | no deal).
    pub odds: IndexMap<String, f64>,
    /// P(force is used | no deal).
    pub p_violence: f64,
    /// The cost of a violent breakdown to each actor outside the game (crisis-payoff units).
    pub bystander_costs: IndexMap<String, f64>,
    /// Fearon and IIG, whose payoffs are shares of the stake: each player's own cost of fighting,
    /// with which it enters the link by the bystanders' rule (empty for the other games).
    pub player_costs: IndexMap<String, f64>,
}

/// P(each outcome class) under a solution.
pub fn class_odds(cg: &CrisisGame, sol: &Solution) -> Vec<f64> {
    let mut odds = vec![0.0; cg.classes.len()];
    for (node, class) in cg.terminal_class.iter().enumerate() {
        if let Some(c) = class {
            odds[*c] += sol.reach[node];
        }
    }
    odds
}

/// Each player's expected payoff should talks fail: the values at the failure nodes, weighted
/// by how likely play is to reach the decision that could end the talks there.
pub fn failure_payoffs(cg: &CrisisGame, sol: &Solution) -> Vec<f64> {
    let n = cg.game.num_players();
    let mut total = vec![0.0; n];
    let mut weight = 0.0;
    for &node in &cg.failure_nodes {
        let parent = cg.game.node(node).parent.map_or(NodeId::ROOT, |(p, _)| p);
        let w = sol.reach_of(parent);
        weight += w;
        for (t, v) in total.iter_mut().zip(sol.value_at(node)) {
            *t += w * v;
        }
    }
    if weight <= 0.0 {
        // Talks cannot fail on the path: use the failure nodes equally.
        let k = cg.failure_nodes.len().max(1) as f64;
        let mut total = vec![0.0; n];
        for &node in &cg.failure_nodes {
            for (t, v) in total.iter_mut().zip(sol.value_at(node)) {
                *t += v / k;
            }
        }
        return total;
    }
    total.into_iter().map(|t| t / weight).collect()
}

fn by_actor(spec: &CrisisSpec, xs: &[f64]) -> IndexMap<String, f64> {
    spec.players
        .iter()
        .cloned()
        .zip(xs.iter().copied())
        .collect()
}

fn by_class(cg: &CrisisGame, xs: &[f64]) -> IndexMap<String, f64> {
    cg.classes
        .iter()
        .map(|c| c.to_string())
        .zip(xs.iter().copied())
        .collect()
}

/// How the players' own stakes enter the link: as their expected failure payoffs when the game's
/// payoffs are measured from the status quo (the patron game; extended deterrence once the
/// challenger's status-quo payoff `u11` is taken off), or — where the payoffs are shares of the
/// stake (Fearon, the International Interaction Game), which the issue lotteries already carry —
/// as the breakdown lottery on the issues minus the player's own cost of fighting (Fearon: `cost_a`
/// for the proposer, the expected `c_B` for the responder; IIG: `alpha + tau` for both), entered
/// as its cost in the bystander rule. Adding a share-of-the-stake payoff to a status-quo utility
/// would count the stake twice and make war look better than any deal.
fn players_breakdown(
    spec: &CrisisSpec,
    draw: &Draw,
    cg: &CrisisGame,
    sol: &Solution,
) -> (IndexMap<String, f64>, IndexMap<String, f64>) {
    let mut failure = by_actor(spec, &failure_payoffs(cg, sol));
    let mut costs = spec.breakdown.bystander_cost.clone();
    let own_costs: Vec<f64> = match spec.kind {
        // A user's game's payoffs are read as changes from the status quo, like the patron's.
        GameKind::PatronAllyTargetTransit | GameKind::UserEfg => vec![],
        GameKind::ExtendedDeterrence => {
            let u11 = spec.value(draw, "u11")[0];
            if let Some(v) = spec.players.first().and_then(|c| failure.get_mut(c)) {
                *v -= u11;
            }
            vec![]
        }
        GameKind::Fearon => {
            let expected_cb: f64 = spec.responder_types.iter().map(|(c, p)| c * p).sum();
            vec![spec.value(draw, "cost_a")[0], expected_cb]
        }
        GameKind::InternationalInteraction => {
            let c = spec.value(draw, "alpha")[0] + spec.value(draw, "tau")[0];
            vec![c, c]
        }
    };
    if !own_costs.is_empty() {
        failure.clear();
        for (player, cost) in spec.players.iter().zip(own_costs) {
            costs.insert(player.clone(), cost);
        }
    }
    (failure, costs)
}

/// The breakdown of one solution: P(no deal), the failure payoffs, every issue's lottery.
fn breakdown_of(
    scenario: &Scenario,
    spec: &CrisisSpec,
    draw: &Draw,
    cg: &CrisisGame,
    sol: &Solution,
) -> (Breakdown, Lottery) {
    let lot = breakdown::lottery(cg, sol);
    let (failure_payoff, bystander_cost) = players_breakdown(spec, draw, cg, sol);
    let bd = Breakdown {
        q: lot.q,
        failure_payoff,
        violence: breakdown::violence(spec, cg, &lot),
        lotteries: breakdown::issue_lotteries(scenario, spec, draw, cg, &lot),
        bystander_cost,
        default_bystander_cost: spec.breakdown.default_bystander_cost,
    };
    (bd, lot)
}

/// The equilibrium path as decisions and chance moves, each once, in the order play meets them.
pub fn moves(cg: &CrisisGame, sol: &Solution) -> Vec<Move> {
    const EPS: f64 = 1e-12;
    let g = &cg.game;
    let mut seen = vec![false; g.infosets().len()];
    let mut out: Vec<(Move, String)> = vec![];
    let mut stack = vec![NodeId::ROOT];
    while let Some(node) = stack.pop() {
        let n = g.node(node);
        let Some(set) = n.infoset else { continue };
        let info = g.infoset(set);
        let live: Vec<usize> = (0..n.children.len())
            .filter(|&a| sol.probs(set)[a] > EPS)
            .collect();
        if !seen[set.index()] {
            seen[set.index()] = true;
            let (player, chance) = match info.mover {
                Mover::Player(p) => (g.players()[p].clone(), false),
                Mover::Chance => ("chance".to_string(), true),
            };
            let label = info.label.clone();
            let bare = label
                .strip_prefix(&format!("{player}: "))
                .unwrap_or(&label)
                .to_string();
            let untagged = match bare.rfind(" [") {
                Some(i) if bare.ends_with(']') => bare[..i].to_string(),
                _ => bare.clone(),
            };
            out.push((
                Move {
                    player,
                    decision: untagged,
                    chance,
                    mix: live
                        .iter()
                        .map(|&a| ActionProb {
                            action: info.actions[a].clone(),
                            prob: sol.probs(set)[a],
                        })
                        .collect(),
                },
                bare,
            ));
        }
        // Depth first, first action first.
        for &a in live.iter().rev() {
            stack.push(n.children[a]);
        }
    }
    // Keep a branch tag only where the same decision is met on two branches.
    let names: Vec<(String, String)> = out
        .iter()
        .map(|(m, _)| (m.player.clone(), m.decision.clone()))
        .collect();
    out.into_iter()
        .map(|(mut m, bare)| {
            if names
                .iter()
                .filter(|(p, d)| *p == m.player && *d == m.decision)
                .count()
                > 1
            {
                m.decision = bare;
            }
            m
        })
        .collect()
}

/// `deal`, or `lottery: deal 50.0%, war 50.0%` when the odds split.
pub fn end_of(odds: &IndexMap<String, f64>) -> String {
    let live: Vec<(&String, &f64)> = odds.iter().filter(|(_, p)| **p > 1e-9).collect();
    match live.as_slice() {
        [(name, _)] => (*name).clone(),
        _ => format!(
            "lottery: {}",
            live.iter()
                .map(|(n, p)| format!("{n} {:.1}%", 100.0 * **p))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn one_run(
    scenario: &Scenario,
    spec: &CrisisSpec,
    draw: &Draw,
    lambda: f64,
    utility: Utility,
) -> Result<RunResult, CrisisError> {
    let cg = spec.build(draw)?;
    let qre = backward_induction(&cg.game, Rule::Logit(lambda))?;
    let spe = backward_induction(&cg.game, Rule::Best)?;
    let (bd, _) = breakdown_of(scenario, spec, draw, &cg, &qre);
    let links = link(
        scenario,
        &bd,
        spec.payoff_scale,
        spec.issues.as_deref(),
        utility,
    );
    Ok(RunResult {
        qre_odds: class_odds(&cg, &qre),
        spe_odds: class_odds(&cg, &spe),
        shifts: links.iter().map(|l| l.shift).collect(),
        reference: links.iter().map(|l| l.reference_point).collect(),
        breakdown: links.iter().map(|l| l.breakdown_point).collect(),
    })
}

/// Analyses the scenario's crisis.
pub fn analyze(scenario: &Scenario, opts: &AnalysisOptions) -> Result<CrisisReport, CrisisError> {
    let spec = CrisisSpec::from_scenario(scenario)?.ok_or_else(|| CrisisError::NoCrisis {
        file: scenario.origin.file.clone(),
    })?;
    analyze_spec(scenario, &spec, opts)
}

/// Analyses a validated spec (the scenario supplies actors, issues and positions for the link).
pub fn analyze_spec(
    scenario: &Scenario,
    spec: &CrisisSpec,
    opts: &AnalysisOptions,
) -> Result<CrisisReport, CrisisError> {
    let lambda = opts.lambda.or(spec.lambda).unwrap_or(DEFAULT_LAMBDA);
    if !(lambda.is_finite() && lambda >= 0.0) {
        return Err(CrisisError::Options(format!(
            "--lambda must be a finite number ≥ 0, found {lambda}"
        )));
    }
    let mut notes = vec![];
    let runs = match opts.runs {
        Some(0) => return Err(CrisisError::Options("--runs must be at least 1".into())),
        Some(r) if !spec.is_uncertain() && r > 1 => {
            notes.push(format!(
                "no parameter is uncertain: one exact solve stands for all {r} runs"
            ));
            1
        }
        Some(r) => r,
        None if spec.is_uncertain() => DEFAULT_RUNS,
        None => 1,
    };

    // The point estimates: the tree, the paths, the payoffs.
    let point = spec.point();
    let cg = spec.build(&point)?;
    let qre = backward_induction(&cg.game, Rule::Logit(lambda))?;
    let spe = backward_induction(&cg.game, Rule::Best)?;
    let qre_odds = class_odds(&cg, &qre);
    let spe_odds = class_odds(&cg, &spe);
    let (bd, lot) = breakdown_of(scenario, spec, &point, &cg, &qre);
    // The game's own expected payoffs should talks fail, reported whichever rule the link uses.
    let fail = by_actor(spec, &failure_payoffs(&cg, &qre));
    let links: Vec<IssueLink> = link(
        scenario,
        &bd,
        spec.payoff_scale,
        spec.issues.as_deref(),
        opts.utility,
    );
    let mut terminals: IndexMap<String, f64> = IndexMap::new();
    for node in cg.game.node_ids() {
        let n = cg.game.node(node);
        if n.children.is_empty() {
            let label = n
                .outcome
                .map(|o| cg.game.outcome(o).label.clone())
                .unwrap_or_else(|| format!("node {node}"));
            *terminals.entry(label).or_default() += qre.reach_of(node);
        }
    }
    let spe_outcome = cg.classes[spe_odds
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i)]
    .to_string();

    let mut outcomes = by_class(&cg, &qre_odds);
    let mut intervals = None;
    let mut spreads = None;
    let mut mean_spe = None;
    let mut reference_mean: Vec<Option<f64>> = links.iter().map(|l| l.reference_point).collect();
    let mut breakdown_mean: Vec<Option<f64>> = links.iter().map(|l| l.breakdown_point).collect();
    let mut shift_mean: Vec<Option<f64>> = links.iter().map(|l| l.shift).collect();
    let mut shift_intervals: Vec<Option<[f64; 2]>> = vec![None; links.len()];
    if runs > 1 {
        let results: Vec<Result<(RunResult, usize), CrisisError>> = (0..runs)
            .into_par_iter()
            .map(|r| {
                let mut rng = run_stream(opts.seed, r as u64);
                let (draw, clipped) = spec.sample(&mut rng);
                let result =
                    one_run(scenario, spec, &draw, lambda, opts.utility).map(|res| (res, clipped));
                if let Some(c) = &opts.control {
                    c.done(1, Some(runs as u64));
                }
                result
            })
            .collect();
        // Reduce in run order: the same sums whatever the thread count.
        let mut all = Vec::with_capacity(runs);
        let mut clipped = 0;
        for r in results {
            let (res, c) = r?;
            clipped += c;
            all.push(res);
        }
        let k = cg.classes.len();
        let mean = |f: &dyn Fn(&RunResult) -> f64| all.iter().map(f).sum::<f64>() / runs as f64;
        let qre_mean: Vec<f64> = (0..k).map(|c| mean(&|r| r.qre_odds[c])).collect();
        let spe_mean: Vec<f64> = (0..k).map(|c| mean(&|r| r.spe_odds[c])).collect();
        outcomes = by_class(&cg, &qre_mean);
        intervals = Some(
            cg.classes
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    let xs: Vec<f64> = all.iter().map(|r| r.qre_odds[c]).collect();
                    (name.to_string(), interval(&xs))
                })
                .collect(),
        );
        spreads = Some(
            cg.classes
                .iter()
                .enumerate()
                .map(|(c, name)| {
                    let xs: Vec<f64> = all.iter().map(|r| r.qre_odds[c]).collect();
                    (name.to_string(), spread(&xs))
                })
                .collect(),
        );
        mean_spe = Some(by_class(&cg, &spe_mean));
        for (j, (m, b)) in reference_mean
            .iter_mut()
            .zip(&mut breakdown_mean)
            .enumerate()
        {
            let xs: Vec<f64> = all.iter().filter_map(|r| r.reference[j]).collect();
            if !xs.is_empty() {
                *m = Some(xs.iter().sum::<f64>() / xs.len() as f64);
            }
            let xs: Vec<f64> = all.iter().filter_map(|r| r.breakdown[j]).collect();
            if !xs.is_empty() {
                *b = Some(xs.iter().sum::<f64>() / xs.len() as f64);
            }
        }
        for (j, (m, iv)) in shift_mean.iter_mut().zip(&mut shift_intervals).enumerate() {
            let xs: Vec<f64> = all.iter().filter_map(|r| r.shifts[j]).collect();
            if !xs.is_empty() {
                *m = Some(xs.iter().sum::<f64>() / xs.len() as f64);
                *iv = Some(interval(&xs));
            }
        }
        if clipped > 0 {
            notes.push(format!(
                "{clipped} drawn parameter value(s) fell outside their range and were clipped to it (normals are unbounded)"
            ));
        }
    }

    Ok(CrisisReport {
        scenario: scenario.name.clone(),
        game: spec.game_name(),
        players: spec
            .roles
            .iter()
            .zip(&spec.players)
            .map(|(role, actor)| RolePlayer {
                role: role.clone(),
                actor: actor.clone(),
            })
            .collect(),
        lambda,
        outcomes,
        intervals,
        spread: spreads,
        terminals,
        spe: SpeReport {
            path: path(&cg.game, &spe),
            moves: moves(&cg, &spe),
            end: end_of(&by_class(&cg, &spe_odds)),
            outcome: spe_outcome,
            outcomes: by_class(&cg, &spe_odds),
            payoffs: by_actor(spec, &spe.value[0]),
            mean_outcomes: mean_spe,
        },
        qre: QreReport {
            lambda,
            path: path(&cg.game, &qre),
            payoffs: by_actor(spec, &qre.value[0]),
            max_regret: qre.max_regret,
        },
        failure_payoffs: fail,
        disagreement_point: links
            .iter()
            .zip(&reference_mean)
            .map(|(l, r)| (l.issue.clone(), *r))
            .collect(),
        breakdown_point: links
            .iter()
            .zip(&breakdown_mean)
            .map(|(l, b)| (l.issue.clone(), *b))
            .collect(),
        blocking: links
            .iter()
            .filter(|l| !l.blocking.is_empty())
            .map(|l| (l.issue.clone(), l.blocking.clone()))
            .collect(),
        breakdown: BreakdownReport {
            p_no_deal: lot.q,
            odds: by_class(&cg, &breakdown::class_odds(&cg, &lot)),
            p_violence: bd.violence,
            bystander_costs: scenario
                .actors
                .iter()
                .filter(|a| !spec.players.contains(&a.id))
                .map(|a| {
                    (
                        a.id.clone(),
                        bd.bystander_cost
                            .get(&a.id)
                            .copied()
                            .unwrap_or(bd.default_bystander_cost),
                    )
                })
                .collect(),
            player_costs: if bd.failure_payoff.is_empty() {
                spec.players
                    .iter()
                    .filter_map(|p| bd.bystander_cost.get(p).map(|c| (p.clone(), *c)))
                    .collect()
            } else {
                IndexMap::new()
            },
        },
        disagreement_utilities: links
            .iter()
            .map(|l| (l.issue.clone(), l.disagreement.clone()))
            .collect(),
        forecast_shift: links
            .iter()
            .zip(&shift_mean)
            .map(|(l, s)| (l.issue.clone(), *s))
            .collect(),
        forecasts: links
            .iter()
            .zip(shift_intervals)
            .zip(&shift_mean)
            .map(|((l, iv), shift)| {
                (
                    l.issue.clone(),
                    IssueForecast {
                        baseline: l.baseline,
                        with_crisis: match (l.baseline, shift) {
                            (Some(b), Some(s)) => Some(b + s),
                            _ => l.with_crisis,
                        },
                        with_crisis_point: (runs > 1).then_some(l.with_crisis).flatten(),
                        shift_interval: iv,
                        notes: l.notes.clone(),
                    },
                )
            })
            .collect(),
        runs,
        seed: opts.seed,
        why: spec.why.clone(),
        notes,
    })
}
