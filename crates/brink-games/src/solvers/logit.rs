//! Logit quantal response equilibria (McKelvey & Palfrey 1995) by following the principal branch
//! from λ = 0 (uniform play) — for strategic forms (one group of strategies per player) and the
//! agent form of trees (one group of actions per information set, action values conditional on
//! reaching it). Gives the QRE at a given λ, the limit as λ → ∞ (polished to an exact-support
//! Nash equilibrium, then verified), and the maximum-likelihood λ for observed frequencies.
//!
//! The path is followed in (ln σ, λ) by pseudo-arclength continuation: the tangent solves the
//! Jacobian bordered by the previous tangent (which keeps the orientation through turning points
//! and simple bifurcations), and Newton corrects on the hyperplane orthogonal to it.

use crate::equilibrium::{behavior_f64, strategic_f64, Equilibrium};
use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, StrategicGame};
use crate::num::to_f64;
use crate::profile::{
    behavior_regret, infoset_positions, strategic_regret, strategy_values, Behavior,
};
use crate::profiles::{BehaviorProfile, MixedProfile};
use crate::solve::Method;
use crate::solvers::linalg::{dot, norm, solve};
use crate::AnyGame;
use brink_core::control::{Control, Stop};
use std::sync::Arc;

/// The action groups and payoff function a logit path is traced on.
trait QreModel {
    /// (first index, length) of each group of alternatives (a player, or an information set).
    fn groups(&self) -> &[(usize, usize)];
    /// Each alternative's value to its chooser (payoffs divided by the game's payoff range).
    fn values(&self, sigma: &[f64], out: &mut [f64]);
    /// [`QreModel::values`] at the profile with these log-probabilities (the path's own
    /// coordinates). Models that condition on reaching a group override it to work in logs:
    /// deep in the path probabilities fall below f64's range, and conditional beliefs must stay
    /// continuous there.
    fn values_log(&self, log_sigma: &[f64], out: &mut [f64]) {
        let sigma: Vec<f64> = log_sigma.iter().map(|v| v.exp()).collect();
        self.values(&sigma, out);
    }
    /// The largest gain any player gets by deviating from `sigma` (in the game's own units).
    fn regret(&self, sigma: &[f64]) -> f64;
    /// Whether a group is reached with positive probability (always, for strategic forms).
    fn reached(&self, sigma: &[f64]) -> Vec<bool>;
    /// The payoff range the values were divided by.
    fn scale(&self) -> f64;
    /// `d[j][i] = ∂u_i/∂σ_j` when the model can give it analytically.
    fn derivatives(&self, _sigma: &[f64]) -> Option<Vec<Vec<f64>>> {
        None
    }
}

fn flat_len(groups: &[(usize, usize)]) -> usize {
    groups.last().map_or(0, |&(s, l)| s + l)
}

struct StrategicModel<'a> {
    game: &'a StrategicGame,
    table: Vec<f64>,
    scaled: Vec<f64>,
    groups: Vec<(usize, usize)>,
    scale: f64,
}

impl<'a> StrategicModel<'a> {
    fn new(game: &'a StrategicGame) -> Self {
        let table = game.payoff_table_f64();
        let (lo, hi) = table
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let scale = if hi > lo { hi - lo } else { 1.0 };
        let scaled = table.iter().map(|x| x / scale).collect();
        let mut groups = vec![];
        let mut start = 0;
        for n in game.num_strategies() {
            groups.push((start, n));
            start += n;
        }
        StrategicModel {
            game,
            table,
            scaled,
            groups,
            scale,
        }
    }
    fn split(&self, sigma: &[f64]) -> Vec<Vec<f64>> {
        self.groups
            .iter()
            .map(|&(s, l)| sigma[s..s + l].to_vec())
            .collect()
    }
}

impl QreModel for StrategicModel<'_> {
    fn groups(&self) -> &[(usize, usize)] {
        &self.groups
    }
    fn values(&self, sigma: &[f64], out: &mut [f64]) {
        let v = strategy_values(self.game, &self.scaled, &self.split(sigma));
        for (g, vals) in self.groups.iter().zip(v) {
            out[g.0..g.0 + g.1].copy_from_slice(&vals);
        }
    }
    fn regret(&self, sigma: &[f64]) -> f64 {
        strategic_regret(self.game, &self.table, &self.split(sigma)).1
    }
    fn reached(&self, _sigma: &[f64]) -> Vec<bool> {
        vec![true; self.groups.len()]
    }
    fn scale(&self) -> f64 {
        self.scale
    }
    fn derivatives(&self, sigma: &[f64]) -> Option<Vec<Vec<f64>>> {
        // u_{p,s} is multilinear in the others' strategies: ∂u_{p,s}/∂σ_{q,t} sums payoffs over
        // profiles with s_p = s, s_q = t, weighted by the remaining players' probabilities.
        let n = self.groups.len();
        let k = flat_len(&self.groups);
        let mut d = vec![vec![0.0; k]; k];
        let counts: Vec<usize> = self.groups.iter().map(|g| g.1).collect();
        let mut idx = vec![0usize; n];
        for prof in 0..self.game.num_profiles() {
            for p in 0..n {
                let pay = self.scaled[prof * n + p];
                if pay == 0.0 {
                    continue;
                }
                let i = self.groups[p].0 + idx[p];
                for q in 0..n {
                    if q == p {
                        continue;
                    }
                    let mut w = pay;
                    for r in 0..n {
                        if r != p && r != q {
                            w *= sigma[self.groups[r].0 + idx[r]];
                        }
                    }
                    d[self.groups[q].0 + idx[q]][i] += w;
                }
            }
            for (p, c) in idx.iter_mut().enumerate() {
                *c += 1;
                if *c < counts[p] {
                    break;
                }
                *c = 0;
            }
        }
        Some(d)
    }
}

struct AgentModel<'a> {
    tree: &'a ExtensiveGame,
    /// Group index of each information set (None for chance).
    group_of: Vec<Option<usize>>,
    groups: Vec<(usize, usize)>,
    /// Scaled payoffs of each node's own outcome.
    node_pay: Vec<Vec<f64>>,
    chance: Vec<Vec<f64>>,
    scale: f64,
}

impl<'a> AgentModel<'a> {
    fn new(tree: &'a ExtensiveGame) -> Self {
        let pos = infoset_positions(tree);
        let mut groups = vec![];
        let mut group_of = vec![None; tree.infosets().len()];
        let mut start = 0;
        for p in 0..tree.num_players() {
            for &i in tree.player_infosets(p) {
                group_of[i.index()] = Some(groups.len());
                let l = tree.infoset(i).actions.len();
                groups.push((start, l));
                start += l;
            }
        }
        let _ = pos;
        let pays = tree.outcome_payoffs_f64();
        let all: Vec<f64> = pays.iter().flatten().copied().collect();
        let (lo, hi) = all
            .iter()
            .fold((0.0f64, 0.0f64), |(a, b), &x| (a.min(x), b.max(x)));
        let scale = if hi > lo { hi - lo } else { 1.0 };
        let n = tree.num_players();
        let node_pay = tree
            .nodes()
            .iter()
            .map(|nd| match nd.outcome {
                Some(o) => pays[o.index()].iter().map(|x| x / scale).collect(),
                None => vec![0.0; n],
            })
            .collect();
        let chance = tree
            .infosets()
            .iter()
            .map(|s| s.probs.iter().map(to_f64).collect())
            .collect();
        AgentModel {
            tree,
            group_of,
            groups,
            node_pay,
            chance,
            scale,
        }
    }
    fn prob(&self, sigma: &[f64], node: usize, a: usize) -> f64 {
        let i = self.tree.nodes()[node]
            .infoset
            .expect("decision node")
            .index();
        match self.group_of[i] {
            Some(g) => sigma[self.groups[g].0 + a],
            None => self.chance[i][a],
        }
    }
    /// Reach probability of every node and every node's continuation value to every player.
    fn reach_and_values(&self, sigma: &[f64]) -> (Vec<f64>, Vec<Vec<f64>>) {
        let nodes = self.tree.nodes();
        let mut reach = vec![0.0; nodes.len()];
        reach[0] = 1.0;
        for v in 0..nodes.len() {
            for (a, &c) in nodes[v].children.iter().enumerate() {
                reach[c.index()] = reach[v] * self.prob(sigma, v, a);
            }
        }
        let mut value = self.node_pay.clone();
        for v in (0..nodes.len()).rev() {
            for (a, &c) in nodes[v].children.iter().enumerate() {
                let p = self.prob(sigma, v, a);
                if p != 0.0 {
                    for k in 0..value[v].len() {
                        value[v][k] += p * value[c.index()][k];
                    }
                }
            }
        }
        (reach, value)
    }
    fn behavior(&self, sigma: &[f64]) -> Behavior<f64> {
        let mut g = 0;
        (0..self.tree.num_players())
            .map(|p| {
                self.tree
                    .player_infosets(p)
                    .iter()
                    .map(|_| {
                        let (s, l) = self.groups[g];
                        g += 1;
                        sigma[s..s + l].to_vec()
                    })
                    .collect()
            })
            .collect()
    }
}

impl QreModel for AgentModel<'_> {
    fn groups(&self) -> &[(usize, usize)] {
        &self.groups
    }
    fn values(&self, sigma: &[f64], out: &mut [f64]) {
        let log_sigma: Vec<f64> = sigma.iter().map(|v| v.ln()).collect();
        self.values_log(&log_sigma, out);
    }
    fn values_log(&self, log_sigma: &[f64], out: &mut [f64]) {
        let sigma: Vec<f64> = log_sigma.iter().map(|v| v.exp()).collect();
        let (_, value) = self.reach_and_values(&sigma);
        // Reach probabilities in logs: beliefs at an information set are a softmax of its
        // members' log-reaches, defined however small the reaches get.
        let nodes = self.tree.nodes();
        let mut log_reach = vec![f64::NEG_INFINITY; nodes.len()];
        log_reach[0] = 0.0;
        for v in 0..nodes.len() {
            let Some(i) = nodes[v].infoset.map(InfosetId::index) else {
                continue;
            };
            for (a, &c) in nodes[v].children.iter().enumerate() {
                let log_p = match self.group_of[i] {
                    Some(g) => log_sigma[self.groups[g].0 + a],
                    None => self.chance[i][a].ln(),
                };
                log_reach[c.index()] = log_reach[v] + log_p;
            }
        }
        for (i, set) in self.tree.infosets().iter().enumerate() {
            let (Some(g), Mover::Player(p)) = (self.group_of[i], set.mover) else {
                continue;
            };
            let (s, l) = self.groups[g];
            let top = set
                .members
                .iter()
                .map(|&h| log_reach[h.index()])
                .fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = if top.is_finite() {
                let w: Vec<f64> = set
                    .members
                    .iter()
                    .map(|&h| (log_reach[h.index()] - top).exp())
                    .collect();
                let total: f64 = w.iter().sum();
                w.iter().map(|x| x / total).collect()
            } else {
                vec![1.0 / set.members.len() as f64; set.members.len()]
            };
            for a in 0..l {
                out[s + a] = set
                    .members
                    .iter()
                    .zip(&weights)
                    .map(|(&h, w)| w * value[self.tree.node(h).children[a].index()][p])
                    .sum();
            }
        }
    }
    fn regret(&self, sigma: &[f64]) -> f64 {
        let beh = BehaviorProfile::new(self.tree, self.behavior(sigma)).expect("the tree's shape");
        behavior_regret(self.tree, &beh)
            .map(|r| r.1)
            .unwrap_or(f64::INFINITY)
    }
    fn reached(&self, sigma: &[f64]) -> Vec<bool> {
        let (reach, _) = self.reach_and_values(sigma);
        let mut out = vec![false; self.groups.len()];
        for (i, set) in self.tree.infosets().iter().enumerate() {
            if let Some(g) = self.group_of[i] {
                out[g] = set.members.iter().map(|&h| reach[h.index()]).sum::<f64>()
                    > crate::tolerance::LOGIT_REACHED;
            }
        }
        out
    }
    fn scale(&self) -> f64 {
        self.scale
    }
}

/// What to follow the branch for.
enum Goal<'a> {
    /// Stop at this λ (in the game's own payoff units).
    At(f64),
    /// Follow to the Nash limit.
    Limit,
    /// Follow while recording (λ, σ) to maximise a likelihood; stop when λ passes the bound.
    Record(f64, &'a mut Vec<(f64, Vec<f64>)>),
}

const METHOD: &str = "logit";

fn sigma_of(x: &[f64]) -> Vec<f64> {
    x[..x.len() - 1].iter().map(|v| v.exp()).collect()
}

fn residual<M: QreModel>(m: &M, x: &[f64], u: &mut [f64]) -> Vec<f64> {
    let k = x.len() - 1;
    let lambda = x[k];
    let sigma = sigma_of(x);
    m.values_log(&x[..k], u);
    let mut h = vec![0.0; k];
    for &(s, l) in m.groups() {
        h[s] = sigma[s..s + l].iter().sum::<f64>() - 1.0;
        for j in s + 1..s + l {
            h[j] = x[j] - x[s] - lambda * (u[j] - u[s]);
        }
    }
    h
}

/// Jacobian of the residual (k × (k+1)); value derivatives by central differences in ln σ.
fn jacobian<M: QreModel>(m: &M, x: &[f64]) -> Vec<Vec<f64>> {
    let k = x.len() - 1;
    let lambda = x[k];
    let sigma = sigma_of(x);
    let mut u = vec![0.0; k];
    m.values_log(&x[..k], &mut u);
    let mut jac = vec![vec![0.0; k + 1]; k];
    let (mut up, mut dn) = (vec![0.0; k], vec![0.0; k]);
    let eps: f64 = crate::tolerance::LOGIT_DIFF_STEP;
    let mut du = vec![vec![0.0; k]; k]; // du[j][i] = ∂u_i/∂v_j
    let analytic = m.derivatives(&sigma);
    if let Some(d) = &analytic {
        for j in 0..k {
            for i in 0..k {
                du[j][i] = d[j][i] * sigma[j];
            }
        }
    }
    let mut x2 = x[..k].to_vec();
    for j in (0..k).filter(|_| analytic.is_none()) {
        x2[j] = x[j] + eps;
        m.values_log(&x2, &mut up);
        x2[j] = x[j] - eps;
        m.values_log(&x2, &mut dn);
        x2[j] = x[j];
        for i in 0..k {
            du[j][i] = (up[i] - dn[i]) / (2.0 * eps);
        }
    }
    for &(s, l) in m.groups() {
        jac[s][s..s + l].copy_from_slice(&sigma[s..s + l]);
        for r in s + 1..s + l {
            jac[r][r] += 1.0;
            jac[r][s] -= 1.0;
            for (j, d) in du.iter().enumerate() {
                jac[r][j] -= lambda * (d[r] - d[s]);
            }
            jac[r][k] = -(u[r] - u[s]);
        }
    }
    jac
}

/// Tangent of the branch at `x`, oriented along `prev`.
fn tangent(jac: &[Vec<f64>], prev: &[f64]) -> Option<Vec<f64>> {
    let mut a = jac.to_vec();
    a.push(prev.to_vec());
    let mut b = vec![0.0; prev.len()];
    b[prev.len() - 1] = 1.0;
    let t = solve(a, b)?;
    let n = norm(&t);
    Some(t.iter().map(|v| v / n).collect())
}

/// Newton on `H = 0` restricted to the hyperplane `t·(x − x0) = 0` through the predictor. The
/// Jacobian is evaluated at the predictor and reused (a chord method: one Jacobian per step).
fn correct<M: QreModel>(
    m: &M,
    mut x: Vec<f64>,
    t: &[f64],
    fix_lambda: bool,
) -> Option<(Vec<f64>, usize)> {
    let k = x.len() - 1;
    let mut u = vec![0.0; k];
    let mut jac = vec![];
    for it in 0..12 {
        let h = residual(m, &x, &mut u);
        let err = norm(&h);
        if !err.is_finite() {
            return None;
        }
        if err < crate::tolerance::LOGIT_CORRECTOR {
            return Some((x, it));
        }
        if it == 0 || it == 6 {
            jac = jacobian(m, &x);
        }
        let mut a = jac.clone();
        let row = if fix_lambda {
            let mut e = vec![0.0; k + 1];
            e[k] = 1.0;
            e
        } else {
            t.to_vec()
        };
        a.push(row);
        let mut b: Vec<f64> = h.iter().map(|v| -v).collect();
        b.push(0.0);
        let d = solve(a, b)?;
        for (xi, di) in x.iter_mut().zip(&d) {
            *xi += di;
        }
    }
    let h = residual(m, &x, &mut u);
    (norm(&h) < crate::tolerance::LOGIT_STEP).then_some((x, 12))
}

/// Why [`follow_until`] ended without its goal.
enum Halt {
    Failed(SolveError),
    /// Stopped from outside (deadline, cancel) at this point `(ln σ, λ')` of the branch.
    Stopped(Stop, Vec<f64>),
}

impl From<SolveError> for Halt {
    fn from(e: SolveError) -> Self {
        Halt::Failed(e)
    }
}

/// Follows the principal branch; returns the final point `(ln σ, λ')` (λ' in scaled units).
fn follow<M: QreModel>(m: &M, goal: Goal) -> Result<Vec<f64>, SolveError> {
    follow_until(m, goal, None).map_err(|h| match h {
        Halt::Failed(e) => e,
        Halt::Stopped(stop, _) => SolveError::no_convergence(METHOD, format!("stopped: {stop}")),
    })
}

/// [`follow`], checking `control` before every step (and reporting λ and regret to it): when
/// it says stop, the point reached so far comes back in [`Halt::Stopped`].
fn follow_until<M: QreModel>(
    m: &M,
    mut goal: Goal,
    control: Option<&Control>,
) -> Result<Vec<f64>, Halt> {
    let groups = m.groups().to_vec();
    let k = flat_len(&groups);
    let mut x = vec![0.0; k + 1];
    for &(s, l) in &groups {
        for j in s..s + l {
            x[j] = -(l as f64).ln();
        }
    }
    let scale = m.scale();
    let target = match &goal {
        Goal::At(l) => Some(l * scale),
        Goal::Record(l, _) => Some(l * scale),
        Goal::Limit => None,
    };
    if let Some(t) = target {
        if t <= 0.0 {
            return Ok(x);
        }
    }
    let mut t_prev = vec![0.0; k + 1];
    t_prev[k] = 1.0;
    let mut h = 0.03;
    let mut steps = 0;
    // Goal::Limit: the scaled λ and polished profile of the last check, to see it settle.
    let mut settled: Option<(f64, Vec<f64>)> = None;
    loop {
        if let Some(c) = control {
            if let Err(stop) = c.check() {
                return Err(Halt::Stopped(stop, x));
            }
            c.status(|| {
                let sigma = normalize(&groups, &sigma_of(&x));
                format!(
                    "λ = {}, regret {}",
                    brief(x[k] / scale),
                    brief(m.regret(&sigma))
                )
            });
        }
        steps += 1;
        if steps > 20_000 {
            return Err(SolveError::no_convergence(
                METHOD,
                format!(
                    "no end of the branch after 20,000 steps (λ = {:.4e})",
                    x[k] / scale
                ),
            )
            .into());
        }
        let jac = jacobian(m, &x);
        let t = tangent(&jac, &t_prev).ok_or_else(|| {
            SolveError::no_convergence(
                METHOD,
                format!("singular Jacobian at λ = {:.4e}", x[k] / scale),
            )
        })?;
        let mut accepted = None;
        let mut tries = 0;
        while accepted.is_none() {
            tries += 1;
            if tries > 40 || h < crate::tolerance::LOGIT_STEP {
                // Stuck at a (near-)singular point, e.g. a bifurcation: jump along the tangent
                // and correct at fixed λ, which does not need the arclength system.
                let jumped = [1e-3, 1e-2, 1e-1, 0.5].iter().find_map(|&d| {
                    let xp: Vec<f64> = x.iter().zip(&t).map(|(a, b)| a + d * b).collect();
                    if xp[k] <= x[k] {
                        return None;
                    }
                    correct(m, xp, &t, true).map(|(xc, _)| (xc, d))
                });
                match jumped {
                    Some((xc, d)) => {
                        h = d;
                        accepted = Some((xc, 99, false));
                        continue;
                    }
                    None => {
                        // Looking for the limit, a stall deep in the path (a near-singular
                        // point, where conditional values at nearly unreached information sets
                        // make the system stiff) may already sit beside a Nash equilibrium: end
                        // there if polishing verifies one.
                        if let Goal::Limit = goal {
                            let sigma = normalize(&groups, &sigma_of(&x));
                            if polish(m, &sigma).is_some() {
                                return Ok(x);
                            }
                        }
                        return Err(SolveError::no_convergence(
                            METHOD,
                            format!("step size collapsed at λ = {:.4e}", x[k] / scale),
                        )
                        .into());
                    }
                }
            }
            let mut xp: Vec<f64> = x.iter().zip(&t).map(|(a, b)| a + h * b).collect();
            let mut fix = false;
            if let Some(tl) = target {
                if xp[k] > tl && t[k] > 0.0 {
                    // Land exactly on the target λ.
                    let hh = (tl - x[k]) / t[k];
                    xp = x.iter().zip(&t).map(|(a, b)| a + hh * b).collect();
                    xp[k] = tl;
                    fix = true;
                }
            }
            match correct(m, xp.clone(), &t, fix) {
                Some((xc, iters))
                    if norm(&x.iter().zip(&xc).map(|(a, b)| a - b).collect::<Vec<_>>())
                        < 2.0 * h.max(crate::tolerance::LOGIT_STEP)
                            + crate::tolerance::LOGIT_STEP
                        || fix =>
                {
                    accepted = Some((xc, iters, fix));
                }
                _ => h /= 2.0,
            }
        }
        let (xc, iters, fixed) = accepted.expect("accepted");
        x = xc;
        t_prev = t;
        if iters <= 5 {
            h *= 1.6;
        }
        if let Goal::Record(_, rec) = &mut goal {
            rec.push((x[k] / scale, sigma_of(&x)));
        }
        if fixed {
            return Ok(x);
        }
        if let Goal::Limit = goal {
            if x[k] > 10.0 && steps % 2 == 0 {
                // An ε-equilibrium is not yet the limit: at an information set reached with
                // vanishing probability the branch can still be far from where it tends (e.g.
                // 0.02 on its way to 0). Stop only once the (polished) profile itself has
                // settled: unchanged to 1e-9 over a doubling of λ.
                let sigma = normalize(&groups, &sigma_of(&x));
                let near_nash = m.regret(&sigma) <= crate::tolerance::LOGIT_NEAR_NASH * scale;
                let here = if near_nash { polish(m, &sigma) } else { None };
                if let Some(p) = here {
                    match &settled {
                        Some((l0, p0)) if x[k] >= 2.0 * l0 => {
                            if max_diff(&p, p0) <= crate::tolerance::LOGIT_STEP {
                                return Ok(x);
                            }
                            settled = Some((x[k], p));
                        }
                        Some(_) => {}
                        None => settled = Some((x[k], p)),
                    }
                } else {
                    settled = None;
                }
                if x[k] > 1e12 {
                    return Ok(x);
                }
            }
        }
    }
}

/// A number for a status line: 4 significant digits.
fn brief(x: f64) -> String {
    if x != 0.0 && !(1e-3..1e6).contains(&x.abs()) {
        format!("{x:.3e}")
    } else {
        format!("{}", (x * 1e4).round() / 1e4)
    }
}

fn max_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn normalize(groups: &[(usize, usize)], sigma: &[f64]) -> Vec<f64> {
    let mut out = sigma.to_vec();
    for &(s, l) in groups {
        let t: f64 = sigma[s..s + l].iter().sum();
        for v in &mut out[s..s + l] {
            *v /= t;
        }
    }
    out
}

/// Turns a near-Nash profile into an exact-support Nash equilibrium: keeps each reached group's
/// support, solves the indifference equations by Newton, and accepts if regret ≤ 1e-9.
fn polish<M: QreModel>(m: &M, sigma: &[f64]) -> Option<Vec<f64>> {
    let groups = m.groups().to_vec();
    let k = sigma.len();
    let reached = m.reached(sigma);
    let mut x = sigma.to_vec();
    // Free unknowns: support actions of reached groups; others fixed.
    let mut free = vec![];
    let mut eq_groups = vec![];
    for (g, &(s, l)) in groups.iter().enumerate() {
        if !reached[g] {
            continue;
        }
        let support: Vec<usize> = (s..s + l)
            .filter(|&j| sigma[j] > crate::tolerance::LOGIT_SUPPORT)
            .collect();
        for j in s..s + l {
            if sigma[j] <= crate::tolerance::LOGIT_SUPPORT {
                x[j] = 0.0;
            }
        }
        let t: f64 = support.iter().map(|&j| x[j]).sum();
        for &j in &support {
            x[j] /= t;
        }
        free.extend(support.iter().copied());
        eq_groups.push(support);
    }
    let eqs = |x: &[f64]| -> Vec<f64> {
        let mut u = vec![0.0; k];
        m.values(x, &mut u);
        let mut r = vec![];
        for sup in &eq_groups {
            r.push(sup.iter().map(|&j| x[j]).sum::<f64>() - 1.0);
            for &j in &sup[1..] {
                r.push(u[j] - u[sup[0]]);
            }
        }
        r
    };
    for _ in 0..30 {
        let r = eqs(&x);
        if norm(&r) < crate::tolerance::POLISH_RESIDUAL {
            break;
        }
        let mut a = vec![vec![0.0; free.len()]; r.len()];
        for (c, &j) in free.iter().enumerate() {
            let eps = crate::tolerance::POLISH_DIFF_STEP;
            let mut xp = x.clone();
            xp[j] += eps;
            let rp = eqs(&xp);
            xp[j] -= 2.0 * eps;
            let rm = eqs(&xp);
            for i in 0..r.len() {
                a[i][c] = (rp[i] - rm[i]) / (2.0 * eps);
            }
        }
        // Minimum-norm Newton step (J Jᵀ + μI) w = −r, Δ = Jᵀw: on a continuum of equilibria
        // it moves as little as possible instead of drifting along the continuum.
        let rows = r.len();
        let mut jjt = vec![vec![0.0; rows]; rows];
        for i in 0..rows {
            for k in 0..rows {
                jjt[i][k] = dot(&a[i], &a[k]);
            }
            jjt[i][i] += crate::tolerance::POLISH_RIDGE;
        }
        let w = solve(jjt, r.iter().map(|v| -v).collect())?;
        for (c, &j) in free.iter().enumerate() {
            let step: f64 = (0..rows).map(|i| a[i][c] * w[i]).sum();
            x[j] += step;
        }
    }
    if x.iter()
        .any(|&v| v < -crate::tolerance::POSITIVE_PROB || !v.is_finite())
    {
        return None;
    }
    for v in &mut x {
        *v = v.max(0.0);
    }
    let x = normalize(&groups, &x);
    (m.regret(&x) <= crate::tolerance::REGRET).then_some(x)
}

fn split_strategic(game: &StrategicGame, sigma: &[f64]) -> Vec<Vec<f64>> {
    StrategicModel::new(game).split(sigma)
}

/// [`follow_until`] for a solver's answer: stopped, the point reached becomes the partial
/// result of a [`SolveError::Stopped`] (`as_eq` turns a profile into an unverified solution),
/// with its λ and a note saying where the path was going.
fn follow_controlled<M: QreModel>(
    m: &M,
    goal: Goal,
    control: Option<&Control>,
    as_eq: impl Fn(&[f64]) -> Result<Equilibrium, SolveError>,
) -> Result<Vec<f64>, SolveError> {
    let towards = match goal {
        Goal::At(l) => format!("λ = {}", brief(l)),
        _ => "the limit λ → ∞".to_string(),
    };
    match follow_until(m, goal, control) {
        Ok(x) => Ok(x),
        Err(Halt::Failed(e)) => Err(e),
        Err(Halt::Stopped(stop, x)) => {
            let lambda = x[x.len() - 1] / m.scale();
            let mut e = as_eq(&normalize(m.groups(), &sigma_of(&x)))?;
            e.lambda = Some(lambda);
            e.notes.push(format!(
                "stopped ({stop}) on the logit path at λ = {} on its way to {towards}: the QRE \
                 there, not the answer asked for",
                brief(lambda)
            ));
            Err(SolveError::Stopped {
                method: METHOD.into(),
                stop,
                partial: vec![e],
            })
        }
    }
}

/// The logit QRE of a strategic game at `lambda` on the principal branch (per player, per strategy).
pub fn strategic_qre(game: &StrategicGame, lambda: f64) -> Result<MixedProfile<f64>, SolveError> {
    strategic_qre_until(game, lambda, None)
}

fn strategic_qre_until(
    game: &StrategicGame,
    lambda: f64,
    control: Option<&Control>,
) -> Result<MixedProfile<f64>, SolveError> {
    check_lambda(lambda)?;
    let m = StrategicModel::new(game);
    let as_eq = |s: &[f64]| strategic_f64(game, split_strategic(game, s), Method::Logit, false);
    let x = follow_controlled(&m, Goal::At(lambda), control, as_eq)?;
    MixedProfile::new(
        game,
        split_strategic(game, &normalize(m.groups(), &sigma_of(&x))),
    )
}

/// The Nash equilibrium the principal branch converges to (regret ≤ 1e-9, else an error).
pub fn strategic_limit(game: &StrategicGame) -> Result<MixedProfile<f64>, SolveError> {
    strategic_limit_until(game, None)
}

fn strategic_limit_until(
    game: &StrategicGame,
    control: Option<&Control>,
) -> Result<MixedProfile<f64>, SolveError> {
    let m = StrategicModel::new(game);
    let as_eq = |s: &[f64]| strategic_f64(game, split_strategic(game, s), Method::Logit, false);
    let x = follow_controlled(&m, Goal::Limit, control, as_eq)?;
    let sigma = limit_point(&m, &x);
    check_limit(&m, &sigma)?;
    MixedProfile::new(game, split_strategic(game, &sigma))
}

/// The agent logit QRE of a tree at `lambda` (`[player][information set][action]`).
pub fn agent_qre(tree: &ExtensiveGame, lambda: f64) -> Result<BehaviorProfile<f64>, SolveError> {
    agent_qre_until(tree, lambda, None)
}

fn agent_qre_until(
    tree: &ExtensiveGame,
    lambda: f64,
    control: Option<&Control>,
) -> Result<BehaviorProfile<f64>, SolveError> {
    check_lambda(lambda)?;
    let m = AgentModel::new(tree);
    let as_eq = |s: &[f64]| behavior_f64(tree, m.behavior(s), Method::Logit, false);
    let x = follow_controlled(&m, Goal::At(lambda), control, as_eq)?;
    BehaviorProfile::new(tree, m.behavior(&normalize(m.groups(), &sigma_of(&x))))
}

/// The limit of the agent QRE branch (≈ a sequential equilibrium), verified to regret ≤ 1e-9.
pub fn agent_limit(tree: &ExtensiveGame) -> Result<BehaviorProfile<f64>, SolveError> {
    agent_limit_until(tree, None)
}

fn agent_limit_until(
    tree: &ExtensiveGame,
    control: Option<&Control>,
) -> Result<BehaviorProfile<f64>, SolveError> {
    if tree.player_infosets(0).is_empty()
        && (0..tree.num_players()).all(|p| tree.player_infosets(p).is_empty())
    {
        return BehaviorProfile::new(tree, vec![vec![]; tree.num_players()]);
    }
    let m = AgentModel::new(tree);
    let as_eq = |s: &[f64]| behavior_f64(tree, m.behavior(s), Method::Logit, false);
    let x = follow_controlled(&m, Goal::Limit, control, as_eq)?;
    let sigma = limit_point(&m, &x);
    check_limit(&m, &sigma)?;
    BehaviorProfile::new(tree, m.behavior(&sigma))
}

/// The branch's end point must be a Nash equilibrium (regret ≤ 1e-9).
fn check_limit<M: QreModel>(m: &M, sigma: &[f64]) -> Result<(), SolveError> {
    let r = m.regret(sigma);
    if r > crate::tolerance::REGRET {
        return Err(SolveError::no_convergence(
            METHOD,
            format!("the branch's end point has regret {r:.3e} > 1e-9"),
        ));
    }
    Ok(())
}

fn check_lambda(lambda: f64) -> Result<(), SolveError> {
    if lambda.is_finite() && lambda >= 0.0 {
        Ok(())
    } else {
        Err(SolveError::BadInput(format!(
            "λ must be a finite number ≥ 0, got {lambda}"
        )))
    }
}

/// The maximum-likelihood λ on the principal branch for observed counts (one per alternative,
/// flattened like the profile), searched up to `max_lambda`; returns (λ, QRE, log-likelihood).
fn estimate<M: QreModel>(
    m: &M,
    counts: &[f64],
    max_lambda: f64,
) -> Result<(f64, Vec<f64>, f64), SolveError> {
    let k = flat_len(m.groups());
    if counts.len() != k {
        return Err(SolveError::BadInput(format!(
            "expected {k} observed frequencies (one per action), found {}",
            counts.len()
        )));
    }
    if counts.iter().any(|c| !c.is_finite() || *c < 0.0) {
        return Err(SolveError::BadInput(
            "observed frequencies must be finite and ≥ 0".into(),
        ));
    }
    let loglik = |s: &[f64]| -> f64 {
        let s = normalize(m.groups(), s);
        counts
            .iter()
            .zip(&s)
            .map(|(c, p)| {
                if *c > 0.0 {
                    c * p.max(1e-300).ln()
                } else {
                    0.0
                }
            })
            .sum()
    };
    let mut rec = vec![];
    let _ = follow(m, Goal::Record(max_lambda, &mut rec));
    let mut pts: Vec<(f64, Vec<f64>)> = vec![(0.0, {
        let mut x = vec![0.0; k];
        for &(s, l) in m.groups() {
            for v in &mut x[s..s + l] {
                *v = 1.0 / l as f64;
            }
        }
        x
    })];
    pts.extend(rec);
    let (best, _) = pts
        .iter()
        .enumerate()
        .map(|(i, (_, s))| (i, loglik(s)))
        .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
    // Golden-section refinement between the neighbours of the best recorded point.
    let lo = pts[best.saturating_sub(1)].0;
    let hi = pts[(best + 1).min(pts.len() - 1)].0;
    let eval = |l: f64| -> Option<(f64, Vec<f64>)> {
        let x = follow(m, Goal::At(l)).ok()?;
        let s = normalize(m.groups(), &sigma_of(&x));
        Some((loglik(&s), s))
    };
    let (mut a, mut b) = (lo, hi);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..40 {
        if b - a < crate::tolerance::LAMBDA_BRACKET * (1.0 + b) {
            break;
        }
        let c = b - g * (b - a);
        let d = a + g * (b - a);
        let fc = eval(c).map_or(f64::NEG_INFINITY, |r| r.0);
        let fd = eval(d).map_or(f64::NEG_INFINITY, |r| r.0);
        if fc >= fd {
            b = d;
        } else {
            a = c;
        }
    }
    let l = (a + b) / 2.0;
    let (ll, s) = eval(l).ok_or_else(|| {
        SolveError::no_convergence(METHOD, "could not evaluate the likelihood at the estimate")
    })?;
    Ok((l, s, ll))
}

/// Maximum-likelihood λ for observed strategy counts of a strategic game (per player, per
/// strategy): (λ, the QRE there, the log-likelihood).
pub fn estimate_lambda_strategic(
    game: &StrategicGame,
    counts: &[Vec<f64>],
    max_lambda: f64,
) -> Result<(f64, Vec<Vec<f64>>, f64), SolveError> {
    let m = StrategicModel::new(game);
    let flat: Vec<f64> = counts.iter().flatten().copied().collect();
    let (l, s, ll) = estimate(&m, &flat, max_lambda)?;
    Ok((l, split_strategic(game, &s), ll))
}

/// Maximum-likelihood λ for observed action counts of a tree's agent form.
pub fn estimate_lambda_agent(
    tree: &ExtensiveGame,
    counts: &Behavior<f64>,
    max_lambda: f64,
) -> Result<(f64, Behavior<f64>, f64), SolveError> {
    let m = AgentModel::new(tree);
    let flat: Vec<f64> = counts.iter().flatten().flatten().copied().collect();
    let (l, s, ll) = estimate(&m, &flat, max_lambda)?;
    Ok((l, m.behavior(&s), ll))
}

/// The verified end point: the polished profile when polishing succeeds, else the path's.
fn limit_point<M: QreModel>(m: &M, x: &[f64]) -> Vec<f64> {
    let sigma = normalize(m.groups(), &sigma_of(x));
    if m.regret(&sigma) <= crate::tolerance::REGRET * 1e-3 {
        return sigma;
    }
    polish(m, &sigma).unwrap_or(sigma)
}

/// The most actions (or strategies) the logit path follows: every step solves a dense system of
/// that size (O(k³)); 300 take seconds, a 1,000-deep chain's 2,000 took minutes a step.
pub const MAX_LOGIT_ACTIONS: usize = 300;

/// Refuses, before any step, a logit path too large to follow in reasonable time.
fn check_logit_size(actions: usize) -> Result<(), SolveError> {
    if actions > MAX_LOGIT_ACTIONS {
        return Err(SolveError::too_large(
            "logit",
            format!(
                "{actions} actions: the QRE path solves a dense {actions}×{actions} system at every step, at most {MAX_LOGIT_ACTIONS} actions; use spe or lcp on large trees"
            ),
        ));
    }
    Ok(())
}

/// Options of [`logit_solve`].
#[derive(Clone, Debug, Default)]
pub struct LogitOptions {
    /// The QRE at this λ instead of the branch's limit (with `observed`: the largest λ searched,
    /// 10⁴ by default).
    pub lambda: Option<f64>,
    /// Observed counts, one per strategy (strategic) or action (trees) in profile order, to
    /// estimate λ by maximum likelihood.
    pub observed: Option<Vec<f64>>,
    /// A deadline, cancel flag and progress callback for the path: stopped, the solver returns
    /// [`SolveError::Stopped`] with the last point reached (its λ and regret). Checked on the
    /// way to the limit or to `lambda`, not while estimating λ.
    pub control: Option<Arc<Control>>,
}

/// The logit quantal response equilibrium (agent QRE on trees): the principal branch's limit
/// as λ → ∞ (a verified Nash equilibrium), the QRE at `lambda`, or the maximum-likelihood λ
/// for `observed` counts and its QRE (both reported with their λ and regret).
///
/// ```
/// use brink_games::{logit_solve, num::qi, AnyGame, LogitOptions, StrategicGame};
/// // Matching pennies with a doubled top-left payoff.
/// let a = vec![vec![qi(2), qi(-1)], vec![qi(-1), qi(1)]];
/// let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
/// let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
/// let limit = &logit_solve(&game, &LogitOptions::default()).unwrap()[0];
/// assert!(limit.max_regret <= 1e-9);
/// assert!((limit.profile[1][0] - 0.4).abs() < 1e-9);
/// let opts = LogitOptions { lambda: Some(0.5), ..LogitOptions::default() };
/// let at = &logit_solve(&game, &opts).unwrap()[0];
/// assert_eq!(at.lambda, Some(0.5));
/// assert!(at.max_regret > 0.0);
/// ```
pub fn logit_solve(game: &AnyGame, opts: &LogitOptions) -> Result<Vec<Equilibrium>, SolveError> {
    let method = Method::Logit;
    let control = opts.control.as_deref();
    match game {
        AnyGame::Strategic(game) => {
            check_logit_size(game.num_strategies().iter().sum())?;
            if let Some(obs) = &opts.observed {
                let counts = game.num_strategies();
                let mut split = vec![];
                let mut at = 0;
                for c in counts {
                    if at + c > obs.len() {
                        return Err(SolveError::BadInput(format!(
                            "expected {} observed frequencies, found {}",
                            game.num_strategies().iter().sum::<usize>(),
                            obs.len()
                        )));
                    }
                    split.push(obs[at..at + c].to_vec());
                    at += c;
                }
                let (l, sigma, ll) =
                    estimate_lambda_strategic(game, &split, opts.lambda.unwrap_or(1e4))?;
                let e = strategic_f64(game, sigma, method, false)?;
                return Ok(vec![estimated(e, l, ll)]);
            }
            match opts.lambda {
                Some(l) => {
                    let sigma = strategic_qre_until(game, l, control)?.into_vecs();
                    let mut e = strategic_f64(game, sigma, method, false)?;
                    e.lambda = Some(l);
                    Ok(vec![e])
                }
                None => Ok(vec![strategic_f64(
                    game,
                    strategic_limit_until(game, control)?.into_vecs(),
                    method,
                    true,
                )?]),
            }
        }
        AnyGame::Extensive(tree) => {
            check_logit_size(tree.behavior_shape().iter().flatten().sum())?;
            if let Some(obs) = &opts.observed {
                let total: usize = tree.behavior_shape().iter().flatten().sum();
                if obs.len() != total {
                    return Err(SolveError::BadInput(format!(
                        "expected {total} observed frequencies (one per action), found {}",
                        obs.len()
                    )));
                }
                let per_player = split_flat(tree, obs);
                let counts = BehaviorProfile::from_player_vecs(tree, per_player)?.to_nested();
                let (l, beh, ll) =
                    estimate_lambda_agent(tree, &counts, opts.lambda.unwrap_or(1e4))?;
                let e = behavior_f64(tree, beh, method, false)?;
                return Ok(vec![estimated(e, l, ll)]);
            }
            match opts.lambda {
                Some(l) => {
                    let beh = agent_qre_until(tree, l, control)?.to_nested();
                    let mut e = behavior_f64(tree, beh, method, false)?;
                    e.lambda = Some(l);
                    Ok(vec![e])
                }
                None => Ok(vec![behavior_f64(
                    tree,
                    agent_limit_until(tree, control)?.to_nested(),
                    method,
                    true,
                )?]),
            }
        }
    }
}

/// Observed counts in profile order, cut per player.
fn split_flat(tree: &ExtensiveGame, obs: &[f64]) -> Vec<Vec<f64>> {
    let mut at = 0;
    tree.behavior_shape()
        .iter()
        .map(|p| {
            let l: usize = p.iter().sum();
            at += l;
            obs[at - l..at].to_vec()
        })
        .collect()
}

/// The QRE at the estimated λ, with its log-likelihood in a note.
fn estimated(mut e: Equilibrium, lambda: f64, loglik: f64) -> Equilibrium {
    e.lambda = Some(lambda);
    e.notes.push(format!(
        "maximum-likelihood λ = {lambda:.6} (log-likelihood {loglik:.6})"
    ));
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TreeBuilder;
    use crate::num::{q, qi};

    fn matching_pennies_variant() -> StrategicGame {
        let a = vec![vec![qi(3), qi(0)], vec![qi(0), qi(1)]];
        let b = vec![vec![qi(0), qi(1)], vec![qi(1), qi(0)]];
        StrategicGame::bimatrix("mp", &a, &b)
    }

    #[test]
    fn qre_at_zero_is_uniform_and_limit_is_nash() {
        let g = matching_pennies_variant();
        let s = strategic_qre(&g, 0.0).unwrap();
        assert_eq!(s.as_vecs(), [vec![0.5, 0.5], vec![0.5, 0.5]]);
        let l = strategic_limit(&g).unwrap();
        // Unique equilibrium: player 1 mixes 1/2, player 2 plays (1/4, 3/4).
        assert!(
            (l[0][0] - 0.5).abs() < 1e-9 && (l[1][0] - 0.25).abs() < 1e-9,
            "{l:?}"
        );
    }

    #[test]
    fn qre_satisfies_the_logit_equations() {
        let g = matching_pennies_variant();
        let s = strategic_qre(&g, 2.0).unwrap();
        let v = strategy_values(&g, &g.payoff_table_f64(), s.as_vecs());
        for p in 0..2 {
            let ratio = (s[p][1] / s[p][0]).ln();
            assert!((ratio - 2.0 * (v[p][1] - v[p][0])).abs() < 1e-8);
        }
    }

    #[test]
    fn maximum_likelihood_recovers_lambda() {
        let g = matching_pennies_variant();
        let truth = strategic_qre(&g, 1.5).unwrap();
        let counts: Vec<Vec<f64>> = truth
            .iter()
            .map(|p| p.iter().map(|x| 1000.0 * x).collect())
            .collect();
        let (l, _, _) = estimate_lambda_strategic(&g, &counts, 50.0).unwrap();
        assert!((l - 1.5).abs() < 1e-3, "λ̂ = {l}");

        let mut b = TreeBuilder::new("deterrence", &["C", "D"]);
        let k = b.decide(b.root(), 0, "c", &["SQ", "Challenge"]).unwrap();
        b.payoff(k[0], "sq", vec![qi(0), qi(0)]).unwrap();
        let r = b.decide(k[1], 1, "d", &["Back", "Fight"]).unwrap();
        b.payoff(r[0], "cap", vec![q(1, 2), qi(0)]).unwrap();
        b.payoff(r[1], "war", vec![qi(-1), q(1, 2)]).unwrap();
        let t = b.build().unwrap();
        let truth = agent_qre(&t, 3.0).unwrap();
        let counts: Behavior<f64> = truth
            .to_nested()
            .iter()
            .map(|p| {
                p.iter()
                    .map(|s| s.iter().map(|x| 500.0 * x).collect())
                    .collect()
            })
            .collect();
        let (l, _, _) = estimate_lambda_agent(&t, &counts, 50.0).unwrap();
        assert!((l - 3.0).abs() < 1e-3, "λ̂ = {l}");
    }

    #[test]
    fn bad_lambda_is_rejected() {
        assert!(strategic_qre(&matching_pennies_variant(), -1.0).is_err());
        assert!(strategic_qre(&matching_pennies_variant(), f64::NAN).is_err());
    }
}
