//! The exchange model's simulation, on positions normalised to 0–100 per issue: rounds of
//! candidate exchanges, executed best-first, each execution recomputing the candidates it touches.
//!
//! The equal-gain rule follows the decide package (foarsitter/decide-exchange-model, 2022.1.28)
//! step by step, including the details that decide's published outputs depend on: every candidate
//! keeps its own record of the other executed exchanges that moved "its" issues (`updates`), the
//! per-side history of moves that decides whether a move stays valid, the check that a move does
//! not push the outcome past the partner's position, and the new start position
//! x' = (1 − w)·x + w·y after a round.
//!
//! Arithmetic ([`Num`]): decide computes in 28-digit decimals, and its rounding noise takes some
//! of its decisions — which of two mathematically equal gains ranks first, and whether an outcome
//! that an earlier exchange put exactly on a partner's position is "crossed" by the next move.
//! [`run_exact`] computes in [`Dec28`] (Python's decimal semantics, fixed width) and reproduces
//! decide exactly; [`run_hybrid`] makes the same run with most of the work on f64 enclosures of
//! those decimals, computing a candidate exactly only where its enclosures cannot decide;
//! [`run_bigint`] is the big-integer oracle of both. [`run`] computes in f64 (fastest), compares
//! gains on a grid of [`GAIN_QUANTUM`] and positions within [`POS_TOL`], and agrees with decide
//! until the first such noise-decided choice (on decide's samples: cop21 in round 0, copenhagen
//! in round 1, sample_data in round 4).
//!
//! Modules, one concern each: `arith` (the [`Num`] arithmetics), `candidates` (the model's
//! numbers, a round's shared state and one candidate's computation), `select` (decide's
//! selection within a round over a pool of candidates), `rounds` (the one round driver, generic
//! over the run's candidate source, and the round's tail) and `hybrid` (the hybrid exact run's
//! candidate source). Items are shared among them through this module (`pub(super)`); the
//! public API is what this file declares and re-exports.

mod arith;
mod candidates;
mod hybrid;
mod rounds;
mod select;

use crate::dec::Dec;
use crate::dec28::Dec28;
use crate::enclosure::{self, Encl};
use brink_core::convergence::{self, Settling};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Ordering;

pub use arith::Num;
use arith::*;
use candidates::*;
pub use hybrid::run_hybrid;
use rounds::*;
use select::*;

/// Gains are compared on a grid of this size when the best exchange is chosen. Decide's decimal
/// gains often tie exactly (symmetric actors); in f64 the same gains can differ in the last bits,
/// which would make the choice depend on rounding. Gains closer than this are treated as equal
/// and the tie goes to the candidate that comes first in the list, as decide's stable sort does.
pub const GAIN_QUANTUM: f64 = 1e-9;

/// Tolerance on the 0–100 scale for decide's exact comparisons of positions (left of the outcome,
/// a move ending exactly on the scale's edge).
pub const POS_TOL: f64 = 1e-9;

/// Decide's threshold below which a move or a gain counts as none.
const NEGLIGIBLE: f64 = 1e-10;

/// How the terms of an exchange are set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rule {
    /// Both actors gain the same utility (Stokman & Van Oosten 1994); deterministic tie-breaking.
    EqualGain,
    /// The equal-gain rate shifted at random toward one actor's indifference rate, by a fraction
    /// p·z of the way (z uniform in [0, 1], the favoured actor by a fair coin). Candidates are
    /// still ranked by their equal gain, as in decide.
    RandomEqual { p: f64 },
    /// The exchange rate drawn uniformly between the two actors' indifference rates; candidates
    /// ranked by the smaller of the two gains.
    RandomRate,
}

/// The run's settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub rule: Rule,
    /// The most rounds to run; the run stops earlier when a round executes no exchange.
    pub rounds: usize,
    /// Weights of decide's start-position update w = (1 − s)·salience_weight + fixed_weight.
    pub salience_weight: f64,
    pub fixed_weight: f64,
    /// `until_stable`: also stop once no start position moves by more than this in a round
    /// (0–100 scale), or (equal gain) the start positions repeat those of an earlier round —
    /// exchanges can go on forever.
    pub stable_tolerance: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rule: Rule::EqualGain,
            rounds: 10,
            salience_weight: 0.4,
            fixed_weight: 0.1,
            stable_tolerance: None,
        }
    }
}

/// The model's input: every actor–issue pair's power, salience and position (0–100), dense.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub actors: Vec<String>,
    pub issues: Vec<String>,
    /// Per issue, the original scale `[lo, hi]` that 0–100 maps to.
    pub scales: Vec<[f64; 2]>,
    /// `has[a * n_issues + k]`: actor a holds a position on issue k.
    pub has: Vec<bool>,
    pub power: Vec<f64>,
    pub salience: Vec<f64>,
    /// Positions on 0–100.
    pub position: Vec<f64>,
    /// Positions on the issues' own scales, as given (the exact mode normalises them itself).
    pub original: Vec<f64>,
}

impl Problem {
    pub fn n_actors(&self) -> usize {
        self.actors.len()
    }
    pub fn n_issues(&self) -> usize {
        self.issues.len()
    }
    /// Decide's normalisation of a position on issue k's scale to 0–100.
    pub fn normalise(scale: [f64; 2], x: f64) -> f64 {
        (x - scale[0]) * (100.0 / (scale[1] - scale[0]))
    }
    /// Back to the issue's scale (decide maps exactly 0 to the lower end).
    pub fn denormalise(scale: [f64; 2], v: f64) -> f64 {
        if v == 0.0 {
            scale[0]
        } else {
            v / (100.0 / (scale[1] - scale[0])) + scale[0]
        }
    }
}

/// One side of an executed exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Party {
    pub actor: usize,
    /// The issue this actor gives way on (moves toward the partner).
    pub supply: usize,
    /// The issue on which the partner moves toward this actor.
    pub demand: usize,
    /// Position on the supply issue before the exchange (0–100).
    pub x: f64,
    /// Voting position after it (0–100).
    pub y: f64,
    /// The utility this actor gains.
    pub gain: f64,
    /// Decide's `eu` field as decide reports it (for equal gain: the gain before the outcome
    /// check resized the exchange).
    pub decide_eu: f64,
    /// The outcome of the supply issue before and after this actor's move, as the exchange saw it.
    pub nbs_before: f64,
    pub nbs_after: f64,
}

/// An executed exchange.
#[derive(Clone, Debug, PartialEq)]
pub struct Executed {
    /// `i` supplies the second issue of the pair, `j` the first (decide's convention).
    pub i: Party,
    pub j: Party,
    /// The gain the exchange was ranked by (equal gain; for random-rate the smaller gain).
    pub gain: f64,
    /// Decide's exchange ratios (outcome shifts, utility units) as decide stores them.
    pub dp: f64,
    pub dq: f64,
    /// Sum of the externalities of this exchange over the actors outside it.
    pub externalities: Externality,
}

/// Gains and losses caused by exchanges, split as decide splits them: to the exchanging actors
/// (own), and to others in the same pair of groups (inner) or the other pair (outer).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Externality {
    pub own: f64,
    pub inner_positive: f64,
    pub inner_negative: f64,
    pub outer_positive: f64,
    pub outer_negative: f64,
}

impl Externality {
    fn add(&mut self, o: &Externality) {
        self.own += o.own;
        self.inner_positive += o.inner_positive;
        self.inner_negative += o.inner_negative;
        self.outer_positive += o.outer_positive;
        self.outer_negative += o.outer_negative;
    }
}

/// What one round did. Position vectors are dense (`actor * n_issues + issue`, 0–100; entries
/// without a position are meaningless).
#[derive(Clone, Debug, PartialEq)]
pub struct Round {
    pub start: Vec<f64>,
    /// The outcome per issue at the start of the round.
    pub start_outcome: Vec<f64>,
    /// Candidate exchanges that were feasible at the start of the round.
    pub candidates: usize,
    pub exchanges: Vec<Executed>,
    /// Voting positions: where the exchanges left the actors.
    pub voting: Vec<f64>,
    /// The outcome per issue after the round (decide's `end_voting`).
    pub outcome: Vec<f64>,
    /// Where the actors start the next round.
    pub next_start: Vec<f64>,
    /// Per actor, the round's externalities.
    pub externalities: Vec<Externality>,
    /// In f64 runs: how many times the best exchange was chosen among gains equal to within
    /// [`GAIN_QUANTUM`] — taken in decide's list order here, while decide's 28-digit rounding
    /// orders such gains by their last digits, so the runs may part there. 0 in exact runs,
    /// which make decide's own choice.
    pub gain_ties: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub rounds: Vec<Round>,
}

impl Run {
    /// The outcome per issue after the last round (the initial outcome if nothing ran).
    pub fn final_outcome(&self) -> Option<&[f64]> {
        self.rounds.last().map(|r| r.outcome.as_slice())
    }
}

/// Runs the model in f64 (fast).
pub fn run(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_reusing(&mut Workspace::default(), prob, settings, seed)
}

/// What f64 runs can reuse from one run to the next (the candidates' storage): a Monte Carlo
/// worker keeps one for all its runs.
#[derive(Default)]
pub struct Workspace {
    storage: Vec<Candidate<f64>>,
}

/// [`run`] with the storage of `workspace`: the same run, fewer allocations.
pub fn run_reusing(
    workspace: &mut Workspace,
    prob: &Problem,
    settings: &Settings,
    seed: u64,
) -> Run {
    run_in::<f64>(prob, settings, seed, &mut workspace.storage)
}

/// Runs the model in decide's 28-digit decimal arithmetic ([`Dec28`]): slower than f64, and
/// identical to decide where decide's own rounding decides between mathematically equal gains.
pub fn run_exact(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_in::<Dec28>(prob, settings, seed, &mut Vec::new())
}

/// [`run_exact`] in the big-integer [`Dec`]: the same values, far slower; the oracle the
/// fixed-width arithmetic is tested against.
pub fn run_bigint(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_in::<Dec>(prob, settings, seed, &mut Vec::new())
}

/// The outcome per issue of the problem's initial positions (0–100).
pub fn outcome(prob: &Problem) -> Vec<f64> {
    let data = Data::<f64>::new(prob);
    data.outcomes(&data.normalised(prob))
}
