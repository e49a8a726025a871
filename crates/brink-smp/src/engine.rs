//! The SMP algorithm itself, on KTAB's [0,1] scale: risk attitudes from a probabilistic Condorcet
//! election, challenges evaluated with third parties, S2P2 bargains, queue elections, and KTAB's
//! stopping rule. Written from ../shared/design/ktab-smp.md; floating-point operations are done in
//! KTAB's order so that deterministic runs reproduce KTAB's histories.
//!
//! Per turn the work is O(N³·D): N challengers × N targets × N third parties (phase 1), N queues
//! holding O(N) bargains in total, each valued by N actors over O(N) positions (phase 2), and two
//! elections over at most N options. All of it runs on rayon with order-preserving collection
//! and sequential sums inside each task, so results do not depend on the thread count.

use crate::params::{
    BargnModel, BigRAdjust, BigRRange, InterVecBrgn, PceModel, SmpParams, StateTransitions,
    StopRule, ThirdPartyCommit, VictoryProbModel, VotingRule,
};
use brink_core::convergence::{self, Settling};
use brink_core::ModelError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rayon::prelude::*;

/// The minimum coalition strength in an election (KTAB's `minC`).
const MIN_COALITION: f64 = 1e-8;
/// The minimum coalition strength in a challenge (KTAB's `minCltn`).
const MIN_CHALLENGE_COALITION: f64 = 1e-10;
/// A challenge must promise at least this gain (KTAB's `minSigEDU`).
const MIN_SIGNIFICANT_GAIN: f64 = 1e-5;
/// Regulariser of bargain weights (KTAB's `minW`).
const BARGAIN_MIN_WEIGHT: f64 = 1e-6;
/// Positions closer than this (Euclidean, [0,1] scale) are the same option (KTAB's `posTol`).
const POSITION_TOLERANCE: f64 = 1e-3;
/// Stopping rule constants (KTAB's `smpStopFn` arguments).
const STOP_MIN_TURNS: usize = 2;
const STOP_RATIO: f64 = 0.02;
const STOP_MIN_SIG_DELTA: f64 = 1e-4;

/// The input of a run: N actors on D dimensions, everything on [0,1].
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub n: usize,
    pub d: usize,
    /// Capability c_i > 0.
    pub capability: Vec<f64>,
    /// σ_{i,d}, row-major N×D, each row summing to at most 1 and to more than 0.
    pub salience: Vec<f64>,
    /// x_{i,d}, row-major N×D, in [0,1].
    pub position: Vec<f64>,
    /// The accommodation matrix (row-major N×N); `None` is the identity (ideal = position).
    pub accommodation: Option<Vec<f64>>,
}

/// One bargain put into the queues in a turn.
#[derive(Clone, Debug, PartialEq)]
pub struct Bargain {
    pub initiator: usize,
    pub receiver: usize,
    /// The position offered to the initiator (D values, [0,1]).
    pub init_position: Vec<f64>,
    /// The position offered to the receiver.
    pub rcvr_position: Vec<f64>,
    /// The initiator's estimate that it would win the challenge.
    pub prob_init_wins: f64,
    /// The initiator's expected gain from challenging.
    pub gain: f64,
    /// Whether the initiator's queue election chose this bargain.
    pub adopted_by_initiator: bool,
    /// Whether the receiver's queue election chose this bargain.
    pub adopted_by_receiver: bool,
}

/// One state of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct StateRecord {
    /// x_{i,d}, row-major N×D on [0,1].
    pub position: Vec<f64>,
    /// Each actor's risk attitude R_i in this state.
    pub risk: Vec<f64>,
    /// KTAB's reported probability of each actor's position (of its equivalence class, so
    /// actors sharing a position share it and the column may sum to more than 1).
    pub prob: Vec<f64>,
    /// The probability-weighted outcome per dimension: Σ over distinct positions of p·x.
    pub expected: Vec<f64>,
    /// The bargains of the turn that led here (empty for state 0).
    pub bargains: Vec<Bargain>,
}

/// Why the run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// KTAB's rule: the last turn moved actors by less than 2% of the first one.
    Converged,
    /// The turn limit.
    TurnLimit,
    /// The requested number of turns was run.
    RequestedTurns,
    /// `--until-stable`: a turn moved nobody (by more than the convergence tolerance).
    Stable,
    /// `--until-stable`: the state repeats the one `period` turns before (deterministic
    /// transitions only): the run cycles.
    Cycle { period: usize },
}

/// A whole run: state 0 and the state after every turn.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub states: Vec<StateRecord>,
    pub stopped: Stopped,
    /// How the run settled ([`brink_core::convergence`] on the positions, and the ideals when
    /// they adjust, on [0, 1]: tolerance 1e-9), and where a cycle begins. With stochastic
    /// transitions a repeated state is no cycle (the next draw differs) and counts as drift.
    pub settling: Option<(Settling, usize)>,
}

impl Run {
    pub fn turns(&self) -> usize {
        self.states.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Scalar building blocks (KTAB's Model::vote, vProb, bsUtil, bvDiff, estNRA).

/// An actor's vote of weight `w` between options it values `a` and `b`.
#[inline(always)]
pub fn vote(rule: VotingRule, w: f64, a: f64, b: f64) -> f64 {
    let du = a - b;
    match rule {
        VotingRule::Prop => w * du,
        VotingRule::Binary => w * binary_response(du),
        VotingRule::PropBin => w * ((1.0 - 0.2) * du + 0.2 * binary_response(du)),
        VotingRule::PropCbc => w * ((1.0 - 0.5) * du + 0.5 * (du * du * du)),
        VotingRule::Cubic => w * (du * du * du),
        VotingRule::ASymProsp => {
            if du < 0.0 {
                w * du
            } else if du > 0.0 {
                (2.0 * w * du) / 3.0
            } else {
                0.0
            }
        }
    }
}

#[inline(always)]
fn binary_response(du: f64) -> f64 {
    (du / 1e-8).clamp(-1.0, 1.0)
}

/// The probabilities (p₁, p₂) that coalitions of strengths s₁ and s₂ win against each other.
#[inline]
pub fn victory(model: VictoryProbModel, s1: f64, s2: f64) -> (f64, f64) {
    let (x1, x2) = match model {
        VictoryProbModel::Linear => (s1, s2),
        VictoryProbModel::Square => (s1 * s1, s2 * s2),
        VictoryProbModel::Quartic => {
            let (a, b) = (s1 * s1, s2 * s2);
            (a * a, b * b)
        }
        VictoryProbModel::Octic => {
            let (a, b) = (s1 * s1, s2 * s2);
            let (a, b) = (a * a, b * b);
            (a * a, b * b)
        }
        VictoryProbModel::Binary => {
            // A 10% advantage wins outright; linear in between, so no jump at equality.
            let thresh = 1.10;
            if s1 >= thresh * s2 {
                (1.0, 1e-6)
            } else if s2 >= thresh * s1 {
                (1e-6, 1.0)
            } else {
                let r12 = s1 / (s1 + s2);
                let p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
                (p12, 1.0 - p12)
            }
        }
    };
    (x1 / (x1 + x2), x2 / (x1 + x2))
}

/// Utility of a position at salience-weighted distance `sd` for risk attitude `r`.
#[inline(always)]
pub fn utility(sd: f64, r: f64) -> f64 {
    if sd <= 1.0 {
        (1.0 - sd) * (1.0 + sd * r)
    } else {
        (1.0 - sd) * (1.0 + r)
    }
}

/// Salience-weighted normalised distance between an ideal and a position.
#[inline]
fn distance(ideal: &[f64], pos: &[f64], sal: &[f64]) -> f64 {
    let mut ds2 = 0.0;
    let mut s2 = 0.0;
    for ((y, x), s) in ideal.iter().zip(pos).zip(sal) {
        let ds = (y - x) * s;
        ds2 += ds * ds;
        s2 += s * s;
    }
    if s2 > 0.0 {
        (ds2 / s2).sqrt()
    } else {
        // Excluded upstream (an actor that cares about nothing); indifferent if it ever happens.
        0.0
    }
}

/// h's estimate of i's risk attitude.
#[inline]
fn estimated_risk(adjust: BigRAdjust, rh: f64, ri: f64) -> f64 {
    match adjust {
        BigRAdjust::Full => ri,
        BigRAdjust::TwoThirds => (rh + (2.0 * ri)) / 3.0,
        BigRAdjust::Half => (rh + ri) / 2.0,
        BigRAdjust::OneThird => ((2.0 * rh) + ri) / 3.0,
        BigRAdjust::None => rh,
    }
}

/// Rounds to 1e-4 as KTAB does (`(int)(0.5 + 10⁴x) / 10⁴`).
#[inline]
fn round4(x: f64) -> f64 {
    ((0.5 + x * 10000.0) as i64) as f64 / 10000.0
}

// ---------------------------------------------------------------------------------------------
// The probabilistic Condorcet election.

/// Settings of an election.
#[derive(Clone, Copy, Debug)]
pub struct Election {
    pub rule: VotingRule,
    pub victory: VictoryProbModel,
    pub pce: PceModel,
}

fn no_convergence(what: &str) -> ModelError {
    ModelError::NoConvergence {
        model: "smp".into(),
        reason: format!("the {what} Markov election did not settle within 10000 iterations"),
    }
}

impl Election {
    /// The probability of each of `m` options, given voters' `weights` and
    /// `util(option) -> &[utility per voter]` (utilities stored option-major for speed).
    /// `parallel` spreads the coalition sums over rayon (each sum stays sequential).
    pub fn probabilities(
        &self,
        weights: &[f64],
        util_by_option: &[f64],
        m: usize,
        parallel: bool,
    ) -> Result<Vec<f64>, ModelError> {
        let nv = weights.len();
        debug_assert_eq!(util_by_option.len(), m * nv);
        // Coalition strengths, lower triangle computed as KTAB does: (i, j) for j < i.
        let pair = |i: usize, j: usize| -> (f64, f64) {
            let ui = &util_by_option[i * nv..(i + 1) * nv];
            let uj = &util_by_option[j * nv..(j + 1) * nv];
            let mut cij = MIN_COALITION;
            let mut cji = MIN_COALITION;
            for k in 0..nv {
                let v = vote(self.rule, weights[k], ui[k], uj[k]);
                // Branch-free; adding +0.0 leaves these positive sums unchanged.
                cij += v.max(0.0);
                cji -= v.min(0.0);
            }
            (cij, cji)
        };
        let mut coal = vec![MIN_COALITION; m * m];
        let mut pv = vec![0.5; m * m];
        let mut put = |i: usize, j: usize, (cij, cji): (f64, f64)| {
            coal[i * m + j] = cij;
            coal[j * m + i] = cji;
            let (pij, pji) = victory(self.victory, cij, cji);
            pv[i * m + j] = pij;
            pv[j * m + i] = pji;
        };
        if parallel {
            let rows: Vec<Vec<(f64, f64)>> = (0..m)
                .into_par_iter()
                .map(|i| (0..i).map(|j| pair(i, j)).collect())
                .collect();
            for (i, r) in rows.into_iter().enumerate() {
                for (j, c) in r.into_iter().enumerate() {
                    put(i, j, c);
                }
            }
        } else {
            // The same pairs in the same order, written in place.
            for i in 0..m {
                for j in 0..i {
                    put(i, j, pair(i, j));
                }
            }
        }
        match self.pce {
            PceModel::Conditional => Ok(conditional_pce(&pv, m)),
            PceModel::MarkovUniform => markov_uniform_pce(&pv, m),
            PceModel::MarkovIncentive => markov_incentive_pce(&coal, &pv, m),
        }
    }
}

fn conditional_pce(pv: &[f64], m: usize) -> Vec<f64> {
    let mut p: Vec<f64> = (0..m)
        .map(|i| pv[i * m..(i + 1) * m].iter().fold(1.0, |acc, x| acc * x))
        .collect();
    let total: f64 = p.iter().fold(0.0, |a, x| a + x);
    for x in &mut p {
        *x /= total;
    }
    p
}

fn markov_uniform_pce(pv: &[f64], m: usize) -> Result<Vec<f64>, ModelError> {
    let mut p = vec![1.0 / m as f64; m];
    let mut q = p.clone();
    let mut change = 1.0;
    let mut iter = 0;
    while 1e-6 < change {
        change = 0.0;
        for i in 0..m {
            let mut pi = 0.0;
            for j in 0..m {
                pi += pv[i * m + j] * (p[i] + p[j]);
            }
            q[i] = pi / m as f64;
            change = f64::max(change, (q[i] - p[i]).abs());
        }
        for i in 0..m {
            p[i] = (p[i] + q[i]) / 2.0;
        }
        iter += 1;
        if iter > 10_000 {
            return Err(no_convergence("MarkovUniform"));
        }
    }
    Ok(p)
}

fn markov_incentive_pce(coal: &[f64], pv: &[f64], m: usize) -> Result<Vec<f64>, ModelError> {
    // Incentive to challenge: strength times probability of success.
    let mut inctv = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..m {
            inctv[i * m + j] = coal[i * m + j] * pv[i * m + j] + if i == j { 1e-10 } else { 0.0 };
        }
    }
    // Challenge probabilities given j is the favourite: column-normalised incentives.
    let col_sum: Vec<f64> = (0..m)
        .map(|j| (0..m).fold(0.0, |s, k| s + inctv[k * m + j]))
        .collect();
    let chlg = |i: usize, j: usize| inctv[i * m + j] / col_sum[j];
    let mut p = vec![1.0 / m as f64; m];
    let mut q = p.clone();
    let mut change = 1.0;
    let mut iter = 0;
    let mut ct = vec![0.0; m * m];
    while 1e-8 < change {
        for i in 0..m {
            for j in 0..m {
                ct[i * m + j] = p[i] * chlg(j, i);
            }
        }
        change = 0.0;
        for i in 0..m {
            let mut qi = 0.0;
            for j in 0..m {
                qi += pv[i * m + j] * (ct[i * m + j] + ct[j * m + i]);
            }
            q[i] = qi;
            change = f64::max(change, (q[i] - p[i]).abs());
        }
        for i in 0..m {
            p[i] = (p[i] + q[i]) / 2.0;
        }
        iter += 1;
        if iter > 10_000 {
            return Err(no_convergence("MarkovIncentive"));
        }
    }
    Ok(p)
}

// ---------------------------------------------------------------------------------------------
// A state and what every actor perceives in it.

struct State {
    /// Positions, N×D.
    x: Vec<f64>,
    /// Ideals, N×D.
    y: Vec<f64>,
    /// δ_ij: distance from i's ideal to j's position, with i's saliences.
    delta: Vec<f64>,
    /// δ transposed (row j holds δ_nj for every n), so a target's column is contiguous.
    delta_t: Vec<f64>,
    /// R_i.
    risk: Vec<f64>,
    /// r_hi = h's estimate of R_i, N×N.
    est_risk: Vec<f64>,
    /// A^a_ab = U(δ_ab, r_aa): each actor's own-perspective utility of each position, N×N.
    own: Vec<f64>,
    /// `own` transposed (row b holds A^a_ab for every a), to value a state for all actors at once.
    own_t: Vec<f64>,
}

/// Where a run does its work: spread over rayon's pool (one run of a large table), or all on
/// the calling thread (Monte Carlo workers, which already run in parallel and whose tables are
/// small). The results are the same: every parallel step is an order-preserving map of pure
/// functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threads {
    Pool,
    Caller,
}

/// `(0..n).map(f)` collected in order, on rayon's pool or on the calling thread.
fn map_indices<T: Send>(
    threads: Threads,
    n: usize,
    f: impl Fn(usize) -> T + Sync + Send,
) -> Vec<T> {
    match threads {
        Threads::Pool => (0..n).into_par_iter().map(f).collect(),
        Threads::Caller => (0..n).map(f).collect(),
    }
}

/// A run in progress: the problem and derived constants.
struct Engine<'a> {
    p: &'a Problem,
    params: &'a SmpParams,
    threads: Threads,
    election: Election,
    /// S_i = Σ_d σ_id.
    total_sal: Vec<f64>,
    /// e_i = S_i·c_i.
    eff_power: Vec<f64>,
}

impl<'a> Engine<'a> {
    fn new(p: &'a Problem, params: &'a SmpParams, threads: Threads) -> Self {
        let total_sal: Vec<f64> = (0..p.n)
            .map(|i| {
                p.salience[i * p.d..(i + 1) * p.d]
                    .iter()
                    .fold(0.0, |a, s| a + s)
            })
            .collect();
        let eff_power = (0..p.n).map(|i| total_sal[i] * p.capability[i]).collect();
        Engine {
            p,
            params,
            threads,
            election: Election {
                rule: params.voting_rule,
                victory: params.victory_prob,
                pce: params.pce,
            },
            total_sal,
            eff_power,
        }
    }

    fn row<'v>(&self, v: &'v [f64], i: usize) -> &'v [f64] {
        &v[i * self.p.d..(i + 1) * self.p.d]
    }

    /// Sets up a state: distances, risk attitudes (§4) and everyone's estimates of them.
    fn state(&self, x: Vec<f64>, y: Vec<f64>) -> Result<State, ModelError> {
        let n = self.p.n;
        let (xs, ys) = (&x, &y);
        let distances = |i: usize| {
            let yi = self.row(ys, i);
            let si = self.row(&self.p.salience, i);
            (0..n).map(move |j| distance(yi, self.row(xs, j), si))
        };
        let delta: Vec<f64> = match self.threads {
            Threads::Pool => (0..n).into_par_iter().flat_map_iter(distances).collect(),
            Threads::Caller => {
                let mut delta = Vec::with_capacity(n * n);
                for i in 0..n {
                    delta.extend(distances(i));
                }
                delta
            }
        };
        // Risk-neutral election over every actor's position (duplicates kept), weights c.
        // (Square tables filled with their size known: no vector regrown element by element.)
        let util_by_option = square(n, |opt, voter| utility(delta[voter * n + opt], 0.0));
        let prob = self.election.probabilities(
            &self.p.capability,
            &util_by_option,
            n,
            self.threads == Threads::Pool,
        )?;
        let risk = risk_from_prob(&prob, self.params.big_r_range);
        let adjust = self.params.big_r_adjust;
        let est_risk = square(n, |h, i| estimated_risk(adjust, risk[h], risk[i]));
        let delta_t = square(n, |j, a| delta[a * n + j]);
        let own = square(n, |a, b| utility(delta[a * n + b], est_risk[a * n + a]));
        let own_t = square(n, |b, a| own[a * n + b]);
        Ok(State {
            x,
            y,
            delta,
            delta_t,
            risk,
            est_risk,
            own,
            own_t,
        })
    }

    /// A^h_ab: h's estimate of a's utility for b's position.
    #[inline]
    fn perceived(&self, s: &State, h: usize, a: usize, b: usize) -> f64 {
        let n = self.p.n;
        utility(s.delta[a * n + b], s.est_risk[h * n + a])
    }

    /// h's estimate of "i challenges j", seen from k: (probability i wins, k's expected gain).
    fn challenge(&self, s: &State, h: usize, k: usize, i: usize, j: usize) -> (f64, f64) {
        let rule = self.params.voting_rule;
        let a = |x: usize, y: usize| self.perceived(s, h, x, y);
        let (uii, uij, uji, ujj) = (a(i, i), a(i, j), a(j, i), a(j, j));
        let eu_sq = a(k, i) + a(k, j);
        let uhkij = a(k, i) + a(k, i);
        let uhkji = a(k, j) + a(k, j);
        let sj = self.total_sal[j];

        let contrib_i = vote(rule, self.eff_power[i], uii, uij);
        let contrib_j = vote(rule, self.eff_power[j], uji, ujj);
        let mut chij = MIN_CHALLENGE_COALITION;
        let mut chji = MIN_CHALLENGE_COALITION;
        if contrib_i > 0.0 {
            chij += contrib_i;
        }
        if contrib_i < 0.0 {
            chji -= contrib_i;
        }
        if contrib_j > 0.0 {
            chij += contrib_j;
        }
        if contrib_j < 0.0 {
            chji -= contrib_j;
        }
        // Each third party weighs in on the little i:j:n contest, starting from the principals.
        let (base_i, base_j) = (chij, chji);
        let n_act = self.p.n;
        let row_h = &s.est_risk[h * n_act..(h + 1) * n_act];
        for n in 0..n_act {
            if n == i || n == j {
                continue;
            }
            let rn = row_h[n];
            let dn = &s.delta[n * n_act..(n + 1) * n_act];
            let uni = utility(dn[i], rn);
            let unj = utility(dn[j], rn);
            let unn = utility(dn[n], rn);
            let wn = self.eff_power[n];
            let g = vote(rule, wn, uni, unj);
            let cni = if g > 0.0 { base_i + g } else { base_i };
            let cnj = if g < 0.0 { base_j - g } else { base_j };
            let pin = cni / (cni + cnj);
            let pjn = 1.0 - pin;
            let (ik_def_j, j_def_ik, i_def_jk, jk_def_i) = match self.params.third_party {
                ThirdPartyCommit::FullCommit => (
                    uni + uni + uni,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unj,
                ),
                ThirdPartyCommit::SemiCommit => (
                    uni + uni + unn,
                    unj + unj + unj,
                    uni + uni + uni,
                    unj + unj + unn,
                ),
                ThirdPartyCommit::NoCommit => (
                    uni + uni + unn,
                    unj + unj + unn,
                    uni + uni + unn,
                    unj + unj + unn,
                ),
            };
            // KTAB uses the same π_n for both hypotheticals.
            let u_ik_j = (pin * ik_def_j) + (pjn * j_def_ik);
            let u_i_jk = (pin * i_def_jk) + (pjn * jk_def_i);
            let t = vote(rule, wn, u_ik_j, u_i_jk);
            if t > 0.0 {
                chij += t;
            }
            if t < 0.0 {
                chji -= t;
            }
        }
        let phij = chij / (chij + chji);
        let phji = chji / (chij + chji);
        let eu_vict = uhkij;
        let eu_contest = phij * uhkij + phji * uhkji;
        let eu_chlg = (1.0 - sj) * eu_vict + sj * eu_contest;
        (phij, eu_chlg - eu_sq)
    }

    /// Interpolates a bargain between i and j with probabilities (prb_i, prb_j).
    fn interpolate(
        &self,
        s: &State,
        i: usize,
        j: usize,
        prb_i: f64,
        prb_j: f64,
    ) -> (Vec<f64>, Vec<f64>) {
        let d = self.p.d;
        let (xi, xj) = (self.row(&s.x, i), self.row(&s.x, j));
        let (si, sj) = (self.row(&self.p.salience, i), self.row(&self.p.salience, j));
        let mut bi = vec![0.0; d];
        let mut bj = vec![0.0; d];
        for k in 0..d {
            let (tik, sik, tjk, sjk) = (xi[k], si[k], xj[k], sj[k]);
            match self.params.inter_vec {
                InterVecBrgn::S1P1 | InterVecBrgn::S2P2 => {
                    let (wik, wjk) = if self.params.inter_vec == InterVecBrgn::S1P1 {
                        (sik * prb_i, sjk * prb_j)
                    } else {
                        ((sik * sik) * (prb_i * prb_i), (sjk * sjk) * (prb_j * prb_j))
                    };
                    let w = BARGAIN_MIN_WEIGHT;
                    bi[k] = round4(((wik + w) * tik + wjk * tjk) / (wik + w + wjk));
                    bj[k] = round4((wik * tik + (w + wjk) * tjk) / (wik + w + wjk));
                }
                InterVecBrgn::S2PMax => {
                    let di = if prb_j > prb_i { prb_j - prb_i } else { 0.0 };
                    let dj = if prb_i > prb_j { prb_i - prb_j } else { 0.0 };
                    let (sik2, sjk2) = (sik * sik, sjk * sjk);
                    let w = BARGAIN_MIN_WEIGHT;
                    let dik = (di * sjk2) / ((di * sjk2) + w + ((1.0 - di) * sik2));
                    let djk = (dj * sik2) / ((dj * sik2) + w + ((1.0 - dj) * sjk2));
                    bi[k] = tik + dik * (tjk - tik);
                    bj[k] = tjk + djk * (tik - tjk);
                }
            }
        }
        (bi, bj)
    }

    /// Phase 1 for challenger i: the bargains it proposes (none, one or two).
    /// i's own estimate of challenging every j, `(probability i wins, i's gain)` per j (j = i
    /// gives nothing): [`Engine::challenge`] with h = k = i, restructured for speed — the
    /// terms that do not depend on j are computed once, each third party's vote is computed in
    /// a branch-free pass the compiler can vectorise, and the votes are then summed in KTAB's
    /// order, so every number is the same as `challenge`'s. On a CPU with AVX2 the same code is
    /// built for it (wider vectors; the same IEEE operations in the same order, no fused
    /// multiply-add: identical bits).
    fn own_challenges(&self, s: &State, i: usize) -> Vec<Option<(f64, f64)>> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.own_challenges_avx2(s, i) };
        }
        self.own_challenges_portable(s, i)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn own_challenges_avx2(&self, s: &State, i: usize) -> Vec<Option<(f64, f64)>> {
        self.own_challenges_portable(s, i)
    }

    #[inline(always)]
    fn own_challenges_portable(&self, s: &State, i: usize) -> Vec<Option<(f64, f64)>> {
        let n = self.p.n;
        let rule = self.params.voting_rule;
        let tpc = self.params.third_party;
        let (full, none) = (
            tpc == ThirdPartyCommit::FullCommit,
            tpc == ThirdPartyCommit::NoCommit,
        );
        let r = &s.est_risk[i * n..(i + 1) * n];
        let col_i = &s.delta_t[i * n..(i + 1) * n];
        let u_ni: Vec<f64> = (0..n).map(|m| utility(col_i[m], r[m])).collect();
        let u_nn: Vec<f64> = (0..n).map(|m| utility(s.delta[m * n + m], r[m])).collect();
        let w = &self.eff_power;
        let mut t = vec![0.0; n];
        // A plain loop (not an iterator's `collect`), so that all of it is built where this
        // function is inlined (the AVX2 build of `own_challenges`).
        let mut out = Vec::with_capacity(n);
        for j in 0..n {
            out.push({
                if j == i {
                    out.push(None);
                    continue;
                }
                let col_j = &s.delta_t[j * n..(j + 1) * n];
                let (uii, uij) = (u_ni[i], utility(col_j[i], r[i]));
                let (uji, ujj) = (u_ni[j], u_nn[j]);
                let eu_sq = uii + uij;
                let uhkij = uii + uii;
                let uhkji = uij + uij;
                let sj = self.total_sal[j];
                let contrib_i = vote(rule, w[i], uii, uij);
                let contrib_j = vote(rule, w[j], uji, ujj);
                let mut chij = MIN_CHALLENGE_COALITION;
                let mut chji = MIN_CHALLENGE_COALITION;
                if contrib_i > 0.0 {
                    chij += contrib_i;
                }
                if contrib_i < 0.0 {
                    chji -= contrib_i;
                }
                if contrib_j > 0.0 {
                    chij += contrib_j;
                }
                if contrib_j < 0.0 {
                    chji -= contrib_j;
                }
                let cols = ThirdPartyColumns {
                    u_ni: &u_ni,
                    u_nn: &u_nn,
                    delta_nj: col_j,
                    risk: r,
                    weight: w,
                };
                // One monomorphised loop per voting rule, so the compiler can vectorise it.
                macro_rules! votes_with {
                    ($($rule:ident),+) => {
                        match rule {
                            $(VotingRule::$rule => third_party_votes(
                                |w, a, b| vote(VotingRule::$rule, w, a, b),
                                &cols, (chij, chji), full, none, &mut t,
                            ),)+
                        }
                    };
                }
                votes_with!(Binary, PropBin, Prop, PropCbc, Cubic, ASymProsp);
                // Branch-free (the signs are unpredictable): adding +0.0 leaves the positive
                // sums unchanged, so this is KTAB's conditional sum.
                for (m, &tm) in t.iter().enumerate() {
                    if m == i || m == j {
                        continue;
                    }
                    chij += tm.max(0.0);
                    chji -= tm.min(0.0);
                }
                let phij = chij / (chij + chji);
                let phji = chji / (chij + chji);
                let eu_contest = phij * uhkij + phji * uhkji;
                let eu_chlg = (1.0 - sj) * uhkij + sj * eu_contest;
                Some((phij, eu_chlg - eu_sq))
            });
        }
        out
    }

    fn proposals(&self, s: &State, i: usize) -> Vec<Bargain> {
        let mut best: Option<(usize, f64, f64)> = None;
        let mut best_eu = -1.0;
        for (j, c) in self.own_challenges(s, i).into_iter().enumerate() {
            let Some((pij, gain)) = c else { continue };
            if MIN_SIGNIFICANT_GAIN < gain && best_eu < gain {
                best = Some((j, pij, gain));
                best_eu = gain;
            }
        }
        let Some((j, piij, gain)) = best else {
            return Vec::new();
        };
        let make = |(a, b): (Vec<f64>, Vec<f64>)| Bargain {
            initiator: i,
            receiver: j,
            init_position: a,
            rcvr_position: b,
            prob_init_wins: piij,
            gain,
            adopted_by_initiator: false,
            adopted_by_receiver: false,
        };
        let iij = self.interpolate(s, i, j, piij, 1.0 - piij);
        match self.params.bargain_model {
            BargnModel::InitOnlyInterp => vec![make(iij)],
            BargnModel::InitRcvrInterp | BargnModel::PWCompInterp => {
                // KTAB builds the receiver's bargain from j's estimated *gain* of i (its
                // comment says probability): copied, as it only matters off the default.
                let pjij = self.challenge(s, j, i, i, j).1;
                let jij = self.interpolate(s, i, j, pjij, 1.0 - pjij);
                if self.params.bargain_model == BargnModel::InitRcvrInterp {
                    vec![make(iij), make(jij)]
                } else {
                    // Power-weighted compromise; KTAB's receiver weight is c_i·S_j.
                    let wi = self.p.capability[i] * self.total_sal[i];
                    let wj = self.p.capability[i] * self.total_sal[j];
                    let mix = |a: &[f64], b: &[f64]| -> Vec<f64> {
                        a.iter()
                            .zip(b)
                            .map(|(a, b)| (wi * a + wj * b) / (wi + wj))
                            .collect()
                    };
                    vec![make((mix(&iij.0, &jij.0), mix(&iij.1, &jij.1)))]
                }
            }
        }
    }

    /// a's utility for position `z` (its own risk attitude, ideal and saliences).
    fn pos_util(&self, s: &State, a: usize, z: &[f64]) -> f64 {
        let dist = distance(self.row(&s.y, a), z, self.row(&self.p.salience, a));
        utility(dist, s.risk[a])
    }

    /// Every actor's value of the state a bargain would make (§6 step 6), or of the status quo
    /// (`None`): (1/N)·[U(z_init) + U(z_rcvr) + Σ_{n ∉ {init, rcvr}} A^a_an], summed in KTAB's
    /// order for each actor a, all actors at once (so the loop over a can be vectorised; with
    /// AVX2 where the CPU has it, as [`Engine::own_challenges`]).
    fn state_values(&self, s: &State, bargain: Option<&Bargain>) -> Vec<f64> {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.state_values_avx2(s, bargain) };
        }
        self.state_values_portable(s, bargain)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn state_values_avx2(&self, s: &State, bargain: Option<&Bargain>) -> Vec<f64> {
        self.state_values_portable(s, bargain)
    }

    #[inline(always)]
    fn state_values_portable(&self, s: &State, bargain: Option<&Bargain>) -> Vec<f64> {
        let n = self.p.n;
        let mut acc = vec![0.0; n];
        let skip = match bargain {
            Some(bg) => {
                for (a, v) in acc.iter_mut().enumerate() {
                    *v += self.pos_util(s, a, &bg.init_position);
                    *v += self.pos_util(s, a, &bg.rcvr_position);
                }
                Some((bg.initiator, bg.receiver))
            }
            None => None,
        };
        for b in 0..n {
            if skip.is_some_and(|(i, r)| b == i || b == r) {
                continue;
            }
            let row = &s.own_t[b * n..(b + 1) * n];
            for (v, u) in acc.iter_mut().zip(row) {
                *v += u;
            }
        }
        for v in &mut acc {
            *v /= n as f64;
        }
        acc
    }

    /// Phase 2 for one actor: the index of the option chosen among its status quo (0) and the
    /// bargains of its `queue` (1…), given every actor's value of each (`values[b]` for bargain
    /// b, `sq` for the status quo).
    fn choose(
        &self,
        queue: &[usize],
        sq: &[f64],
        values: &[Vec<f64>],
        rng_stream: u64,
        seed: u64,
    ) -> Result<usize, ModelError> {
        let n = self.p.n;
        let m = queue.len() + 1;
        let mut util_by_option = Vec::with_capacity(m * n);
        util_by_option.extend_from_slice(sq);
        for &b in queue {
            util_by_option.extend_from_slice(&values[b]);
        }
        debug_assert_eq!(util_by_option.len(), m * n);
        let p = self
            .election
            .probabilities(&self.p.capability, &util_by_option, m, false)?;
        Ok(match self.params.transitions {
            StateTransitions::Deterministic => {
                let mut best = 0;
                let mut best_p = -1.0;
                for (i, &pi) in p.iter().enumerate() {
                    if best_p < pi.abs() {
                        best = i;
                        best_p = pi.abs();
                    }
                }
                best
            }
            StateTransitions::Stochastic => {
                let mut rng = ChaCha20Rng::seed_from_u64(seed);
                rng.set_stream(rng_stream);
                let u: f64 = rng.gen();
                let mut acc = 0.0;
                let mut chosen = m - 1;
                for (i, &pi) in p.iter().enumerate() {
                    acc += pi;
                    if u < acc {
                        chosen = i;
                        break;
                    }
                }
                chosen
            }
        })
    }

    /// KTAB's reported probabilities (§8) and the probability-weighted outcome.
    fn report(&self, s: &State) -> Result<(Vec<f64>, Vec<f64>), ModelError> {
        let n = self.p.n;
        let d = self.p.d;
        let mut unique: Vec<usize> = Vec::new();
        let mut class = Vec::with_capacity(n);
        for i in 0..n {
            let xi = self.row(&s.x, i);
            let found = unique.iter().position(|&u| {
                let xu = self.row(&s.x, u);
                let sq = xi
                    .iter()
                    .zip(xu)
                    .fold(0.0, |acc, (a, b)| acc + (a - b) * (a - b));
                sq.sqrt() < POSITION_TOLERANCE
            });
            match found {
                Some(c) => class.push(c),
                None => {
                    unique.push(i);
                    class.push(unique.len() - 1);
                }
            }
        }
        let m = unique.len();
        let mut util_by_option = Vec::with_capacity(m * n);
        for &u in &unique {
            util_by_option.extend((0..n).map(|voter| s.own[voter * n + u]));
        }
        let p = self.election.probabilities(
            &self.p.capability,
            &util_by_option,
            m,
            self.threads == Threads::Pool,
        )?;
        let mut expected = vec![0.0; d];
        for (c, &u) in unique.iter().enumerate() {
            for (e, x) in expected.iter_mut().zip(self.row(&s.x, u)) {
                *e += p[c] * x;
            }
        }
        Ok((class.iter().map(|&c| p[c]).collect(), expected))
    }

    /// New ideals after positions moved (§6 step 10).
    fn new_ideals(&self, x: &[f64], old_y: &[f64]) -> Vec<f64> {
        let Some(acc) = &self.p.accommodation else {
            return x.to_vec();
        };
        let (n, d) = (self.p.n, self.p.d);
        let mut y = vec![0.0; n * d];
        for i in 0..n {
            let mut si = 0.0;
            let yi = &mut y[i * d..(i + 1) * d];
            for j in 0..n {
                let aij = acc[i * n + j];
                si += aij;
                for (v, xj) in yi.iter_mut().zip(&x[j * d..(j + 1) * d]) {
                    *v += aij * xj;
                }
            }
            let lag = 1.0 - si.min(1.0);
            for (v, oy) in yi.iter_mut().zip(&old_y[i * d..(i + 1) * d]) {
                *v += lag * oy;
            }
        }
        y
    }
}

/// What each third party n brings to i's challenge of j, as seen by h = i: its utility for i's
/// position (u_ni), for its own (u_nn), its distance to j's (δ_nj), i's estimate of its risk
/// attitude and its effective power.
struct ThirdPartyColumns<'a> {
    u_ni: &'a [f64],
    u_nn: &'a [f64],
    delta_nj: &'a [f64],
    risk: &'a [f64],
    weight: &'a [f64],
}

/// Every third party's vote in the little i:j:n contest (§5), branch-free over n; `base` holds
/// the principals' coalitions. The same operations as [`Engine::challenge`], in the same order.
#[inline(always)]
fn third_party_votes(
    vote: impl Fn(f64, f64, f64) -> f64,
    c: &ThirdPartyColumns,
    (base_i, base_j): (f64, f64),
    full: bool,
    none: bool,
    out: &mut [f64],
) {
    let n = out.len();
    let (u_ni, u_nn, d_nj, risk, weight) = (
        &c.u_ni[..n],
        &c.u_nn[..n],
        &c.delta_nj[..n],
        &c.risk[..n],
        &c.weight[..n],
    );
    for m in 0..n {
        let uni = u_ni[m];
        let unj = utility(d_nj[m], risk[m]);
        let unn = u_nn[m];
        let w = weight[m];
        let g = vote(w, uni, unj);
        let cni = if g > 0.0 { base_i + g } else { base_i };
        let cnj = if g < 0.0 { base_j - g } else { base_j };
        let pin = cni / (cni + cnj);
        let pjn = 1.0 - pin;
        let ik_def_j = uni + uni + if full { uni } else { unn };
        let j_def_ik = unj + unj + if none { unn } else { unj };
        let i_def_jk = uni + uni + if none { unn } else { uni };
        let jk_def_i = unj + unj + if full { unj } else { unn };
        let u_ik_j = (pin * ik_def_j) + (pjn * j_def_ik);
        let u_i_jk = (pin * i_def_jk) + (pjn * jk_def_i);
        out[m] = vote(w, u_ik_j, u_i_jk);
    }
}

/// With BigRRange, maps the risk-neutral probabilities onto risk attitudes; the most likely
/// actor is the most risk-averse. All-equal probabilities (where KTAB divides by zero) give
/// risk neutrality.
fn risk_from_prob(p: &[f64], range: BigRRange) -> Vec<f64> {
    let mut p_min = 1.0;
    let mut p_max = 0.0;
    for &x in p {
        if x < p_min {
            p_min = x;
        }
        if x > p_max {
            p_max = x;
        }
    }
    if p_max - p_min <= 0.0 {
        return vec![0.0; p.len()];
    }
    p.iter()
        .map(|&x| match range {
            BigRRange::Min => (x - p_min) / (p_max - p_min),
            BigRRange::Mid => (3.0 * x - (p_max + 2.0 * p_min)) / (2.0 * (p_max - p_min)),
            BigRRange::Max => (2.0 * x - (p_max + p_min)) / (p_max - p_min),
        })
        .collect()
}

/// The n × n table of `f(row, column)`, row-major, allocated once at its size.
#[inline(always)]
fn square(n: usize, f: impl Fn(usize, usize) -> f64) -> Vec<f64> {
    let mut v = Vec::with_capacity(n * n);
    for r in 0..n {
        v.extend((0..n).map(|c| f(r, c)));
    }
    v
}

/// States (on [0, 1]) closer than this count as the same: converged, or a cycle.
const SETTLE_TOL: f64 = convergence::RELATIVE_TOLERANCE;

/// Σ_i ‖x_i − x'_i‖₂: KTAB's distance between two states.
fn state_distance(a: &[f64], b: &[f64], d: usize) -> f64 {
    a.chunks(d).zip(b.chunks(d)).fold(0.0, |acc, (x, y)| {
        let sq = x.iter().zip(y).fold(0.0, |s, (p, q)| s + (p - q) * (p - q));
        acc + sq.sqrt()
    })
}

/// Runs SMP on `problem` to its stopping rule, spread over rayon's pool. `seed` drives
/// stochastic transitions only: actor k's draw in turn t uses ChaCha20 stream (t << 32 | k) of
/// `seed`, so it is reproducible at any thread count.
pub fn run(problem: &Problem, params: &SmpParams, seed: u64) -> Result<Run, ModelError> {
    run_on(problem, params, seed, Threads::Pool)
}

/// [`run`] with its work where `threads` says: the same run.
pub fn run_on(
    problem: &Problem,
    params: &SmpParams,
    seed: u64,
    threads: Threads,
) -> Result<Run, ModelError> {
    run_with(problem, params, seed, threads, false)
}

/// [`run_on`] for a caller that reads only the forecast (a Monte Carlo kernel): the same turns,
/// stop and settling, but KTAB's report (`prob`, `expected`) is computed only for the states the
/// forecast reads — the last, and the states of a final cycle — and left empty in the others,
/// whose `position` and `risk` are left empty too. Only with the conditional PCE, whose
/// elections cannot fail (a Markov PCE's report may fail on any state, failing the run: those
/// runs report every state, as [`run_on`]).
pub fn run_for_forecast(
    problem: &Problem,
    params: &SmpParams,
    seed: u64,
    threads: Threads,
) -> Result<Run, ModelError> {
    run_with(
        problem,
        params,
        seed,
        threads,
        params.pce == PceModel::Conditional,
    )
}

/// The run; `lean`: reports only where the forecast reads them ([`run_for_forecast`]).
fn run_with(
    problem: &Problem,
    params: &SmpParams,
    seed: u64,
    threads: Threads,
    lean: bool,
) -> Result<Run, ModelError> {
    let engine = Engine::new(problem, params, threads);
    let (n, d) = (problem.n, problem.d);
    let y0 = problem.position.clone();
    let mut state = engine.state(problem.position.clone(), y0)?;
    let skipped = || StateRecord {
        position: Vec::new(),
        risk: Vec::new(),
        prob: Vec::new(),
        expected: Vec::new(),
        bargains: Vec::new(),
    };
    let record = |state: &State| -> Result<StateRecord, ModelError> {
        let (prob, expected) = engine.report(state)?;
        Ok(StateRecord {
            position: state.x.clone(),
            risk: state.risk.clone(),
            prob,
            expected,
            bargains: Vec::new(),
        })
    };
    let mut records = vec![if lean { skipped() } else { record(&state)? }];
    let mut first_move = 0.0;
    // What the next turn depends on: positions, and the ideals when they adjust on their own.
    let adjusting = problem.accommodation.is_some();
    let snapshot = |x: &[f64], y: &[f64]| -> Vec<f64> {
        if adjusting {
            x.iter().chain(y).copied().collect()
        } else {
            x.to_vec()
        }
    };
    let deterministic = params.transitions != crate::params::StateTransitions::Stochastic;
    let judge = |history: &[Vec<f64>]| match convergence::settling_of_run(history, SETTLE_TOL) {
        Some(Settling::Cycle { .. }) if !deterministic => Some(Settling::Drift),
        other => other,
    };
    let mut history = vec![snapshot(&state.x, &state.y)];
    let stopped = loop {
        let turn = records.len(); // the turn being played, 1-based
                                  // Phase 1: every actor picks its best target and proposes.
        let proposals: Vec<Vec<Bargain>> = map_indices(threads, n, |i| engine.proposals(&state, i));
        let mut bargains: Vec<Bargain> = proposals.into_iter().flatten().collect();
        // Queue of each actor: status quo, then bargains involving it in initiator order.
        let mut queues: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (b, bg) in bargains.iter().enumerate() {
            queues[bg.initiator].push(b);
            queues[bg.receiver].push(b);
        }
        // Phase 2: each actor's queue election, against the old state. Each bargain sits in
        // two queues: value it once.
        let sq = engine.state_values(&state, None);
        let values: Vec<Vec<f64>> = map_indices(threads, bargains.len(), |b| {
            engine.state_values(&state, Some(&bargains[b]))
        });
        // The first failure in actor order, whatever the thread count.
        let choices: Vec<usize> = map_indices(threads, n, |k| {
            let stream = ((turn as u64) << 32) | k as u64;
            engine.choose(&queues[k], &sq, &values, stream, seed)
        })
        .into_iter()
        .collect::<Result<_, _>>()?;
        // Phase 3: move.
        let mut x = state.x.clone();
        for k in 0..n {
            if choices[k] == 0 {
                continue;
            }
            let b = queues[k][choices[k] - 1];
            let bg = &mut bargains[b];
            let z = if bg.initiator == k {
                bg.adopted_by_initiator = true;
                &bg.init_position
            } else {
                bg.adopted_by_receiver = true;
                &bg.rcvr_position
            };
            x[k * d..(k + 1) * d].copy_from_slice(z);
        }
        let y = engine.new_ideals(&x, &state.y);
        let moved = state_distance(&state.x, &x, d);
        let next = engine.state(x, y)?;
        records.push(if lean {
            skipped()
        } else {
            StateRecord {
                bargains,
                ..record(&next)?
            }
        });
        state = next;
        history.push(snapshot(&state.x, &state.y));
        if turn == 1 {
            first_move = moved + STOP_MIN_SIG_DELTA;
        }
        match params.stop {
            StopRule::Ktab { max_turns } => {
                if turn >= max_turns {
                    break Stopped::TurnLimit;
                }
                if turn >= STOP_MIN_TURNS && moved / first_move < STOP_RATIO {
                    break Stopped::Converged;
                }
            }
            StopRule::Turns(t) => {
                if turn >= t {
                    break Stopped::RequestedTurns;
                }
            }
            StopRule::UntilStable { max_turns } => {
                match judge(&history) {
                    Some(Settling::Converged) => break Stopped::Stable,
                    Some(Settling::Cycle { period }) => break Stopped::Cycle { period },
                    _ => {}
                }
                if turn >= max_turns {
                    break Stopped::TurnLimit;
                }
            }
        }
    };
    let settling = judge(&history).map(|settling| match settling {
        Settling::Cycle { period } => (
            settling,
            convergence::cycle_start(&history, period, SETTLE_TOL),
        ),
        _ => (settling, 0),
    });
    if lean {
        // The states the forecast reads: the last, and those of a final cycle (recomputed from
        // their positions and ideals: the same function of them as during the run).
        let from = match settling {
            Some((Settling::Cycle { period }, _)) => records.len().saturating_sub(period),
            _ => records.len() - 1,
        };
        let last = records.len() - 1;
        for (t, rec) in records.iter_mut().enumerate().skip(from) {
            *rec = if t == last {
                record(&state)?
            } else {
                let snap = &history[t];
                let x = snap[..n * d].to_vec();
                let y = if adjusting {
                    snap[n * d..].to_vec()
                } else {
                    x.clone()
                };
                record(&engine.state(x, y)?)?
            };
        }
    }
    Ok(Run {
        states: records,
        stopped,
        settling,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn votes_follow_ktabs_rules() {
        assert_eq!(vote(VotingRule::Prop, 2.0, 0.75, 0.25), 1.0);
        assert_eq!(vote(VotingRule::Binary, 2.0, 0.75, 0.25), 2.0);
        assert_eq!(vote(VotingRule::Binary, 2.0, 0.25, 0.75), -2.0);
        assert_eq!(vote(VotingRule::Cubic, 2.0, 0.75, 0.25), 0.25);
        assert_eq!(
            vote(VotingRule::PropCbc, 1.0, 0.75, 0.25),
            0.5 * 0.5 + 0.5 * 0.125
        );
        assert_eq!(vote(VotingRule::PropBin, 1.0, 0.75, 0.25), 0.8 * 0.5 + 0.2);
        // Prospect theory: losses count fully, gains two thirds.
        assert_eq!(vote(VotingRule::ASymProsp, 3.0, 0.75, 0.25), 1.0);
        assert_eq!(vote(VotingRule::ASymProsp, 3.0, 0.25, 0.75), -1.5);
    }

    #[test]
    fn victory_probabilities() {
        assert_eq!(victory(VictoryProbModel::Linear, 3.0, 1.0), (0.75, 0.25));
        assert_eq!(victory(VictoryProbModel::Square, 3.0, 1.0), (0.9, 0.1));
        let (p, q) = victory(VictoryProbModel::Binary, 1.2, 1.0);
        assert!((p - 1.0 / 1.000001).abs() < 1e-12 && q < 1e-5);
        let (p, _) = victory(VictoryProbModel::Binary, 1.0, 1.0);
        assert!((p - 0.5).abs() < 1e-12);
    }

    #[test]
    fn utility_and_rounding() {
        assert_eq!(utility(0.0, 0.7), 1.0);
        assert_eq!(utility(1.0, 0.7), 0.0);
        // Risk-averse actors (R > 0) value a half-way position more than risk-neutral ones.
        assert!(utility(0.5, 1.0) > utility(0.5, 0.0));
        assert_eq!(utility(0.5, -0.5), 0.5 * 0.75);
        assert_eq!(round4(0.123449), 0.1234);
        assert_eq!(round4(0.12345), 0.1235);
    }

    #[test]
    fn risk_attitudes_span_the_range() {
        let r = risk_from_prob(&[0.2, 0.5, 0.3], BigRRange::Mid);
        assert!((r[0] + 0.5).abs() < 1e-12 && (r[1] - 1.0).abs() < 1e-12);
        let r = risk_from_prob(&[0.2, 0.5, 0.3], BigRRange::Max);
        assert!((r[0] + 1.0).abs() < 1e-12 && (r[1] - 1.0).abs() < 1e-12);
        let r = risk_from_prob(&[0.2, 0.5, 0.3], BigRRange::Min);
        assert!(r[0].abs() < 1e-12 && (r[1] - 1.0).abs() < 1e-12);
        assert_eq!(risk_from_prob(&[0.5, 0.5], BigRRange::Mid), vec![0.0, 0.0]);
    }

    #[test]
    fn a_two_option_election_is_the_pairwise_contest() {
        // One voter of weight 1 values the options 0.8 and 0.3: coalition 0.5 + 1e-8 vs 1e-8.
        let e = Election {
            rule: VotingRule::Prop,
            victory: VictoryProbModel::Linear,
            pce: PceModel::Conditional,
        };
        let p = e.probabilities(&[1.0], &[0.8, 0.3], 2, false).unwrap();
        let want = (0.5 + 1e-8) / (0.5 + 2e-8);
        assert!((p[0] - want).abs() < 1e-12, "{p:?}");
        assert!((p[0] + p[1] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn every_election_model_favours_the_condorcet_winner() {
        // Three voters, three options; option 1 is everyone's second or first choice.
        let util_by_option = [
            0.9, 0.1, 0.2, // option 0, by voter
            0.6, 0.7, 0.8, // option 1
            0.1, 0.9, 0.3, // option 2
        ];
        for pce in [
            PceModel::Conditional,
            PceModel::MarkovUniform,
            PceModel::MarkovIncentive,
        ] {
            let e = Election {
                rule: VotingRule::Prop,
                victory: VictoryProbModel::Linear,
                pce,
            };
            let p = e
                .probabilities(&[1.0, 1.0, 1.0], &util_by_option, 3, false)
                .unwrap();
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-6, "{pce}: {p:?}");
            assert!(p[1] > p[0] && p[1] > p[2], "{pce}: {p:?}");
        }
    }

    #[test]
    fn the_fast_own_challenges_equal_the_generic_challenge() {
        let problem = Problem {
            n: 5,
            d: 2,
            capability: vec![1.0, 2.0, 3.0, 0.5, 4.0],
            salience: vec![0.5, 0.5, 0.2, 0.3, 0.9, 0.1, 0.3, 0.3, 0.05, 0.6],
            position: vec![0.1, 0.6, 0.4, 0.2, 0.9, 0.9, 0.5, 0.5, 0.3, 0.8],
            accommodation: None,
        };
        for tpc in ThirdPartyCommit::ALL {
            for rule in VotingRule::ALL {
                let params = SmpParams {
                    third_party: *tpc,
                    voting_rule: *rule,
                    ..SmpParams::default()
                };
                let e = Engine::new(&problem, &params, Threads::Pool);
                let s = e
                    .state(problem.position.clone(), problem.position.clone())
                    .unwrap();
                for i in 0..5 {
                    let fast = e.own_challenges(&s, i);
                    for (j, got) in fast.iter().enumerate() {
                        let want = (j != i).then(|| e.challenge(&s, i, i, i, j));
                        assert_eq!(*got, want, "{tpc} {rule} i={i} j={j}");
                    }
                }
            }
        }
    }

    #[test]
    fn actors_who_agree_stay_put_and_stop_after_two_turns() {
        let problem = Problem {
            n: 3,
            d: 2,
            capability: vec![1.0, 2.0, 3.0],
            salience: vec![0.5, 0.5, 0.2, 0.3, 0.9, 0.1],
            position: vec![0.4, 0.6, 0.4, 0.6, 0.4, 0.6],
            accommodation: None,
        };
        let run = run(&problem, &SmpParams::default(), 0).unwrap();
        assert_eq!(run.turns(), 2);
        assert_eq!(run.stopped, Stopped::Converged);
        for s in &run.states {
            assert_eq!(s.position, problem.position);
            assert!(s.bargains.is_empty());
            assert!(s.prob.iter().all(|&p| (p - 1.0).abs() < 1e-12));
        }
    }

    fn problem_strategy() -> impl Strategy<Value = Problem> {
        (3usize..8, 1usize..4).prop_flat_map(|(n, d)| {
            (
                proptest::collection::vec(0.1f64..10.0, n),
                proptest::collection::vec(0.01f64..1.0, n * d),
                proptest::collection::vec(0.0f64..1.0, n * d),
            )
                .prop_map(move |(capability, raw_sal, position)| {
                    // Saliences scaled so each actor's total is at most 1.
                    let mut salience = raw_sal;
                    for row in salience.chunks_mut(d) {
                        let t: f64 = row.iter().sum();
                        if t > 1.0 {
                            row.iter_mut().for_each(|s| *s /= t);
                        }
                    }
                    Problem {
                        n,
                        d,
                        capability,
                        salience,
                        position,
                        accommodation: None,
                    }
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Bargains interpolate between two current positions, so every dimension stays within
        /// its initial range (up to the 1e-4 rounding), and the run is the same on 1 or 2 threads.
        #[test]
        fn positions_stay_in_the_initial_hull_at_any_thread_count(p in problem_strategy()) {
            let params = SmpParams { stop: StopRule::Ktab { max_turns: 12 }, ..SmpParams::default() };
            let on = |threads: usize| {
                rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
                    .install(|| run(&p, &params, 3).unwrap())
            };
            let one = on(1);
            prop_assert_eq!(&one, &on(2));
            for k in 0..p.d {
                let col = |x: &[f64]| x.iter().skip(k).step_by(p.d).copied().collect::<Vec<f64>>();
                let init = col(&p.position);
                let lo = init.iter().cloned().fold(f64::MAX, f64::min) - 5e-5;
                let hi = init.iter().cloned().fold(f64::MIN, f64::max) + 5e-5;
                for s in &one.states {
                    for x in col(&s.position) {
                        prop_assert!(x >= lo && x <= hi, "dimension {}: {} outside [{}, {}]", k, x, lo, hi);
                    }
                    let total: f64 = s.expected.iter().sum();
                    prop_assert!(total.is_finite());
                }
            }
        }
    }
}
