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

use crate::dec::Dec;
use crate::dec28::Dec28;
use crate::enclosure::{self, Encl};
use brink_core::convergence::{self, Settling};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cmp::Ordering;

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

/// The arithmetic the model runs in: f64 (fast, with tolerances where decide compares exactly)
/// or [`Dec`] (decide's own 28-digit decimals, exact comparisons).
pub trait Num: Clone + PartialOrd + std::fmt::Debug {
    /// Tolerance of the comparisons that decide makes exactly (0: compare exactly).
    const TOL: f64;
    fn int(v: i64) -> Self;
    /// A number as the user typed it.
    fn input(v: f64) -> Self;
    /// A Python float constant of decide's code (converted exactly, as `Decimal(float)` does).
    fn constant(v: f64) -> Self;
    fn f(&self) -> f64;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    fn div(&self, o: &Self) -> Self;
    fn abs(&self) -> Self;
    fn neg(&self) -> Self;
    fn is_zero(&self) -> bool;
    /// Orders gains for ranking (`Less`: `a` ranks below `b`).
    fn rank(a: &Self, b: &Self) -> Ordering;
    /// decide's threshold 1e-10 (a Python float) in this arithmetic.
    fn negligible() -> Self;
    /// A cached integer rank key when ranking is by key (`rank` agrees with it), else 0.
    fn rank_key(&self) -> i64;
    const RANK_BY_KEY: bool;
    /// Whether decide's sums over an issue's holders may be computed as the round-start sum
    /// plus the changes (see [`Num::widen`]); otherwise they are redone in decide's order.
    const SUM_BY_CHANGES: bool;
    /// This value, also covering any value within `by` of it (enclosures; others: itself).
    fn widen(self, by: f64) -> Self {
        let _ = by;
        self
    }
}

impl Num for f64 {
    const TOL: f64 = POS_TOL;
    fn int(v: i64) -> Self {
        v as f64
    }
    fn input(v: f64) -> Self {
        v
    }
    fn constant(v: f64) -> Self {
        v
    }
    fn f(&self) -> f64 {
        *self
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    fn abs(&self) -> Self {
        f64::abs(*self)
    }
    fn neg(&self) -> Self {
        -self
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
    fn rank(a: &Self, b: &Self) -> Ordering {
        quantize(*a).cmp(&quantize(*b))
    }
    fn rank_key(&self) -> i64 {
        quantize(*self)
    }
    fn negligible() -> Self {
        NEGLIGIBLE
    }
    const RANK_BY_KEY: bool = true;
    const SUM_BY_CHANGES: bool = true;
}

/// The two exact decimal types (the big-integer oracle and the fixed-width one) have the same
/// inherent operations with Python's semantics: `Num` is a plain delegation to them.
macro_rules! exact_decimal_num {
    ($t:ident) => {
        impl Num for $t {
            const TOL: f64 = 0.0;
            fn int(v: i64) -> Self {
                $t::from_int(v)
            }
            fn input(v: f64) -> Self {
                $t::from_f64_shortest(v)
            }
            fn constant(v: f64) -> Self {
                $t::from_f64_exact(v)
            }
            fn f(&self) -> f64 {
                self.to_f64()
            }
            fn add(&self, o: &Self) -> Self {
                $t::add(self, o)
            }
            fn sub(&self, o: &Self) -> Self {
                $t::sub(self, o)
            }
            fn mul(&self, o: &Self) -> Self {
                $t::mul(self, o)
            }
            fn div(&self, o: &Self) -> Self {
                $t::div(self, o)
            }
            fn abs(&self) -> Self {
                $t::abs(self)
            }
            fn neg(&self) -> Self {
                $t::neg(self)
            }
            fn is_zero(&self) -> bool {
                $t::is_zero(self)
            }
            fn rank(a: &Self, b: &Self) -> Ordering {
                a.cmp(b)
            }
            fn rank_key(&self) -> i64 {
                0
            }
            fn negligible() -> Self {
                // The exact expansion of the double 1e-10 is long to compute: once.
                static VALUE: std::sync::OnceLock<$t> = std::sync::OnceLock::new();
                VALUE.get_or_init(|| $t::from_f64_exact(NEGLIGIBLE)).clone()
            }
            const RANK_BY_KEY: bool = false;
            const SUM_BY_CHANGES: bool = false;
        }
    };
}

exact_decimal_num!(Dec);
exact_decimal_num!(Dec28);

impl Num for Encl {
    const TOL: f64 = 0.0;
    fn int(v: i64) -> Self {
        Encl::exact(v as f64)
    }
    fn input(v: f64) -> Self {
        // The decimal typed is the shortest text of v (exact when that is v itself).
        Dec28::from_f64_shortest(v).enclose()
    }
    fn constant(v: f64) -> Self {
        Encl::exact(v)
    }
    fn f(&self) -> f64 {
        self.v
    }
    fn add(&self, o: &Self) -> Self {
        Encl::add(self, o)
    }
    fn sub(&self, o: &Self) -> Self {
        Encl::sub(self, o)
    }
    fn mul(&self, o: &Self) -> Self {
        Encl::mul(self, o)
    }
    fn div(&self, o: &Self) -> Self {
        Encl::div(self, o)
    }
    fn abs(&self) -> Self {
        Encl::abs(self)
    }
    fn neg(&self) -> Self {
        Encl::neg(self)
    }
    fn is_zero(&self) -> bool {
        Encl::is_zero(self)
    }
    fn rank(a: &Self, b: &Self) -> Ordering {
        a.order(b)
    }
    fn rank_key(&self) -> i64 {
        0
    }
    fn negligible() -> Self {
        // Decimal(1e-10) is the double's exact value.
        Encl::exact(NEGLIGIBLE)
    }
    const RANK_BY_KEY: bool = false;
    const SUM_BY_CHANGES: bool = true;
    fn widen(self, by: f64) -> Self {
        Encl::widen(&self, by)
    }
}

/// `a > b`, `a` counted equal to `b` within the arithmetic's tolerance.
fn gt<N: Num>(a: &N, b: &N) -> bool {
    if N::TOL == 0.0 {
        a > b
    } else {
        a.f() > b.f() + N::TOL
    }
}

/// The sign of a difference, 0 within the arithmetic's tolerance.
fn sign_of_diff<N: Num>(d: &N) -> i32 {
    let zero = N::int(0);
    if N::TOL > 0.0 {
        let v = d.f();
        if v.abs() <= N::TOL {
            0
        } else if v > 0.0 {
            1
        } else {
            -1
        }
    } else {
        match d.partial_cmp(&zero) {
            Some(Ordering::Greater) => 1,
            Some(Ordering::Less) => -1,
            _ => 0,
        }
    }
}

/// The outcomes of a candidate computation's comparisons in order: recorded by a computation,
/// replayed by another of the same inputs in another arithmetic (the hybrid computes a candidate
/// that its enclosures decided in decimals this way, without the comparisons and so without the
/// exact move histories that only comparisons read).
#[derive(Clone, Copy, Debug, Default)]
struct Tape {
    bits: u64,
    len: u8,
    pos: u8,
    replay: bool,
}

impl Tape {
    /// Starts recording, or replaying from the first decision.
    fn start(&mut self) {
        if self.replay {
            self.pos = 0;
        } else {
            *self = Tape::default();
        }
    }

    /// The decision `f` makes (recorded), or the recorded one.
    fn decide(&mut self, f: impl FnOnce() -> bool) -> bool {
        if self.replay {
            assert!(
                self.pos < self.len.min(64),
                "replayed past the recorded decisions"
            );
            let b = (self.bits >> self.pos) & 1 == 1;
            self.pos += 1;
            return b;
        }
        let b = f();
        if self.len < 64 {
            self.bits |= (b as u64) << self.len;
        }
        self.len = self.len.saturating_add(1);
        b
    }

    /// Whether every decision fitted (a replay needs all of them).
    fn complete(&self) -> bool {
        self.len <= 64
    }
}

/// Exact facts about a side's supply position x and the partner's position y on that issue:
/// decide's comparisons of them and the end of a move all the way, which enclosures of equal or
/// nearly equal decimals cannot decide.
#[derive(Clone, Copy, Debug)]
struct Gap {
    /// x > y.
    above: bool,
    /// x + (y − x) = y in decide's decimals: a move all the way ends exactly on y.
    lands: bool,
}

impl Gap {
    fn of(x: &Dec28, y: &Dec28) -> Gap {
        Gap {
            above: x > y,
            lands: x.add(&y.sub(x)) == *y,
        }
    }
}

/// One side of a candidate exchange while it is being computed.
#[derive(Clone, Debug)]
struct Side<N> {
    actor: u32,
    supply: u32,
    demand: u32,
    sup_pos: N,
    /// This actor's position on its demand issue at the round's start.
    dem_pos: N,
    start: N,
    y: N,
    mv: N,
    /// Decide's move history for this side, which decides validity (all moves one way).
    moves: Vec<N>,
    /// Facts about this side's move toward the partner, known exactly by the hybrid engine
    /// (`None`: the arithmetic decides them itself).
    gap: Option<Gap>,
    eu: N,
    gain: N,
    nbs0: N,
    nbs1: N,
    s_sup: N,
    c_sup: N,
    cs_sup: N,
    s_dem: N,
    /// The ratio of decide's `by_exchange_ratio` with this side supplying,
    /// (s_sup + partner's s_dem) / (s_dem + partner's s_sup), when computed once for the
    /// candidate (see [`Candidate::fill`]).
    ratio: Option<N>,
}

#[derive(Clone, Debug)]
struct Candidate<N> {
    i: Side<N>,
    j: Side<N>,
    p: u32,
    q: u32,
    /// Created from groups A×D (true) or B×C (false).
    ad: bool,
    gain: N,
    /// `gain.rank_key()`, cached for sorting.
    key: i64,
    dp: N,
    dq: N,
    valid: bool,
    /// The branches the last computation took: i (rather than j) moved all the way, and the
    /// side whose outcome check last resized the exchange (`Some(true)`: i). The gain follows
    /// from these and the inputs alone ([`gain_on_path`]).
    far: bool,
    last_crossing: Option<bool>,
    tape: Tape,
    /// Positions of other actors moved by executed exchanges, as this candidate records them:
    /// (issue, actor, position).
    updates: Vec<(u32, u32, N)>,
}

impl<N: Num> Candidate<N> {
    fn update(&self, issue: u32, actor: u32) -> Option<&N> {
        self.updates
            .iter()
            .find(|(k, a, _)| *k == issue && *a == actor)
            .map(|(_, _, v)| v)
    }
    fn set_update(&mut self, issue: u32, actor: u32, value: N) {
        match self
            .updates
            .iter_mut()
            .find(|(k, a, _)| *k == issue && *a == actor)
        {
            Some(slot) => slot.2 = value,
            None => self.updates.push((issue, actor, value)),
        }
    }
}

/// The model's numbers in the arithmetic `N`.
struct Data<N> {
    nk: usize,
    has: Vec<bool>,
    s: Vec<N>,
    c: Vec<N>,
    cs: Vec<N>,
    /// Per issue, the actors holding it, in actor order (decide's summation order).
    holders: Vec<Vec<u32>>,
    /// Σ s·c per issue (positions change, capabilities and saliences do not).
    denom: Vec<N>,
    /// `place[a * nk + k]`: actor a's place among the holders of issue k (u32::MAX: none).
    place: Vec<u32>,
    /// `ratio[(a * nk + p) * nk + q]`: decide's s_ap / s_aq, which orders a candidate's sides
    /// (saliences never change: computed once, not per candidate and round); zero where
    /// s_aq ≤ 0 (no candidate then).
    ratio: Vec<N>,
    /// `movable[a * nk + k]`: s > 0 and c·s > 0 (a candidate needs both on its two issues for
    /// both actors; decide would divide by zero otherwise).
    movable: Vec<bool>,
}

/// A candidate's recorded updates prepared for one side's outcome sums ([`Ctx::others`]).
struct Others<'u, N> {
    updates: &'u [(u32, u32, N)],
    /// For sums by changes: the round-start sum plus the other actors' changes, and the bound
    /// on the absolute terms it involves.
    by_changes: Option<(N, f64)>,
}

/// The state every candidate of a round reads: round-start positions and the data.
struct Ctx<'a, N> {
    data: &'a Data<N>,
    x: &'a [N],
    /// Σ (x·s)·c per issue at the round's start.
    numer: Vec<N>,
    /// (x·s)·c per actor and issue at the round's start.
    terms: Vec<N>,
    /// Per issue, decide's running sum of `terms` over its holders: `prefix[k][i]` after the
    /// first i holders.
    prefix: Vec<Vec<N>>,
    /// Per issue, a bound on Σ |terms| (for the rounding slack of sums by changes).
    abs_terms: Vec<f64>,
    /// Per issue, (4n + 16)·10⁻²⁷ for its n holders (see [`Ctx::numerator_by_changes`]).
    widen_per_bound: Vec<f64>,
    rule: Rule,
    rng: &'a mut ChaCha8Rng,
}

impl<'a, N: Num> Ctx<'a, N> {
    /// The round's context at start positions `x`.
    fn new(data: &'a Data<N>, x: &'a [N], rule: Rule, rng: &'a mut ChaCha8Rng) -> Ctx<'a, N> {
        let nk = data.nk;
        let terms: Vec<N> = (0..x.len())
            .map(|ix| x[ix].mul(&data.s[ix]).mul(&data.c[ix]))
            .collect();
        let prefix: Vec<Vec<N>> = (0..nk)
            .map(|k| {
                let mut sums = vec![N::int(0)];
                for &a in &data.holders[k] {
                    let next = sums[sums.len() - 1].add(&terms[a as usize * nk + k]);
                    sums.push(next);
                }
                sums
            })
            .collect();
        let numer = prefix.iter().map(|p| p[p.len() - 1].clone()).collect();
        let abs_terms = (0..nk)
            .map(|k| {
                let sum: f64 = data.holders[k]
                    .iter()
                    .map(|&a| terms[a as usize * nk + k].f().abs())
                    .sum();
                sum * 1.01
            })
            .collect();
        let widen_per_bound = data
            .holders
            .iter()
            .map(|h| (4.0 * h.len() as f64 + 16.0) * 1e-27)
            .collect();
        Ctx {
            data,
            x,
            numer,
            terms,
            prefix,
            abs_terms,
            widen_per_bound,
            rule,
            rng,
        }
    }

    fn at(&self, a: u32, k: u32) -> usize {
        a as usize * self.data.nk + k as usize
    }

    /// Decide's Σ (x·s)·c over the holders of issue k in actor order, with the actors for which
    /// `moved` gives a position there (all at or after holder place `first`), the others at the
    /// round's start. Decide rounds after every step, so the sum is redone from the first moved
    /// holder on; what comes before it is the round-start prefix.
    fn numerator<'p>(&self, k: u32, first: usize, moved: impl Fn(u32) -> Option<&'p N>) -> N
    where
        N: 'p,
    {
        let k = k as usize;
        let mut n = self.prefix[k][first].clone();
        for &a in &self.data.holders[k][first..] {
            let ix = a as usize * self.data.nk + k;
            n = match moved(a) {
                Some(pos) => n.add(&pos.mul(&self.data.s[ix]).mul(&self.data.c[ix])),
                None => n.add(&self.terms[ix]),
            };
        }
        n
    }

    /// The candidate's recorded `updates` as the outcome sums of `side`'s supply issue read
    /// them: for sums by changes, the part that does not depend on where `side`'s own actor
    /// stands — the round-start sum plus the other actors' changes, and its rounding bound —
    /// computed once for all the positions of the actor that a computation tries.
    fn others<'u>(&self, updates: &'u [(u32, u32, N)], side: &Side<N>) -> Others<'u, N> {
        let by_changes = N::SUM_BY_CHANGES.then(|| {
            let k = side.supply;
            let mut n = self.numer[k as usize].clone();
            let mut bound = self.abs_terms[k as usize];
            for (issue, a, v) in updates {
                if *issue == k && *a != side.actor {
                    let ix = self.at(*a, k);
                    if self.data.has[ix] {
                        n = n.add(&self.data.cs[ix].mul(&v.sub(&self.x[ix])));
                        bound += self.data.cs[ix].f().abs() * (v.f().abs() + self.x[ix].f().abs());
                    }
                }
            }
            (n, bound)
        });
        Others {
            updates,
            by_changes,
        }
    }

    /// Σ (x·s)·c over the holders of `side`'s supply issue with its actor at `own` and the other
    /// actors where the updates put them, as the round-start sum plus the changes
    /// c·s·(x' − x) ([`Ctx::others`] holds the sum of the others' changes).
    /// For enclosures, widened by a bound on the difference between decide's decimal sum in
    /// holder order and the real sum — at most 5·10⁻²⁸ relative per rounding, over 2n + 2
    /// roundings of terms and partial sums below Σ |terms| (the same for the start sum) — and
    /// on the real c·s against its decimal: (4n + 16)·10⁻²⁷ · Σ |terms| covers both.
    fn numerator_by_changes(&self, others: &Others<N>, side: &Side<N>, own: &N) -> N {
        let (n, bound) = others
            .by_changes
            .as_ref()
            .expect("sums by changes prepared");
        let k = side.supply;
        let ix = self.at(side.actor, k);
        let mut n = n.add(&side.cs_sup.mul(&own.sub(&self.x[ix])));
        if N::TOL == 0.0 {
            let bound = bound + side.cs_sup.f().abs() * (own.f().abs() + self.x[ix].f().abs());
            n = n.widen(self.widen_per_bound[k as usize] * bound * 1.01);
        }
        n
    }

    /// The first holder place of issue k whose position the actor `own` or the updates change.
    fn first_moved(&self, updates: &[(u32, u32, N)], own: u32, k: u32) -> usize {
        let place = |a: u32| self.data.place[self.at(a, k)] as usize;
        updates
            .iter()
            .filter(|(issue, _, _)| *issue == k)
            .map(|(_, a, _)| place(*a))
            .fold(place(own), usize::min)
    }

    /// The outcome on `side`'s supply issue with the candidate's recorded updates and `side`'s
    /// actor at `new_pos` (decide's `adjusted_nbs`: updates first, the actor last).
    fn adjust_nbs(&self, others: &Others<N>, side: &Side<N>, new_pos: &N) -> N {
        let (k, updates) = (side.supply, others.updates);
        let d = &self.data.denom[k as usize];
        if d.is_zero() {
            return N::int(0);
        }
        if N::SUM_BY_CHANGES {
            // The round-start sum plus the changes, instead of the sum afresh.
            return self.numerator_by_changes(others, side, new_pos).div(d);
        }
        let first = self.first_moved(updates, side.actor, k);
        self.numerator(k, first, |a| {
            if a == side.actor {
                return Some(new_pos);
            }
            updates
                .iter()
                .find(|(issue, ua, _)| *issue == k && *ua == a)
                .map(|(_, _, v)| v)
        })
        .div(d)
    }

    /// The shift of `side`'s actor that puts the outcome of its supply issue at `target`, from
    /// `x_pos` (decide's `adjusted_nbs_by_position`: the actor at `x_pos` first, updates last).
    fn shift_for_outcome(&self, others: &Others<N>, side: &Side<N>, x_pos: &N, target: &N) -> N {
        let (k, updates) = (side.supply, others.updates);
        if N::SUM_BY_CHANGES {
            let mut own = x_pos;
            for (issue, a, v) in updates {
                if *issue == k && *a == side.actor {
                    own = v;
                }
            }
            let n = self.numerator_by_changes(others, side, own);
            return target
                .mul(&self.data.denom[k as usize])
                .sub(&n)
                .div(&side.cs_sup);
        }
        let first = self.first_moved(updates, side.actor, k);
        let n = self.numerator(k, first, |a| {
            let own = (a == side.actor).then_some(x_pos);
            updates
                .iter()
                .rev()
                .find(|(issue, ua, _)| *issue == k && *ua == a)
                .map(|(_, _, v)| v)
                .or(own)
        });
        target
            .mul(&self.data.denom[k as usize])
            .sub(&n)
            .div(&side.cs_sup)
    }
}

/// Decide's validity of `side`'s move `mv`, which ends at `side.y` (= sup_pos + mv, computed
/// by the caller).
fn move_valid<N: Num>(side: &Side<N>, mv: &N) -> bool {
    let m = mv.abs();
    if gt(&m, &N::int(100)) || m <= N::negligible() {
        return false;
    }
    let end = &side.y;
    if gt(&N::int(0), end) || gt(end, &N::int(100)) {
        return false;
    }
    let total = side.moves.iter().fold(N::int(0), |acc, m| acc.add(m));
    if gt(&total, &N::int(100)) {
        return false;
    }
    let zero = N::int(0);
    side.moves.iter().all(|m| *m > zero) || side.moves.iter().all(|m| *m < zero)
}

fn replace_last<N>(moves: &mut Vec<N>, m: N) {
    moves.pop();
    moves.push(m);
}

fn quantize(gain: f64) -> i64 {
    (gain / GAIN_QUANTUM).round() as i64
}

/// decide's `by_exchange_ratio` for supplier `a` and partner `b`: the partner's outcome shift
/// that gives both the same gain for `a`'s shift `r`.
fn equal_gain_ratio<N: Num>(a: &Side<N>, b: &Side<N>, r: &N) -> N {
    match &a.ratio {
        Some(ratio) => ratio.mul(r),
        None => ratio_of(a, b).mul(r),
    }
}

/// The ratio of [`equal_gain_ratio`] (a quotient decide rounds before the product).
fn ratio_of<N: Num>(a: &Side<N>, b: &Side<N>) -> N {
    a.s_sup.add(&b.s_dem).div(&a.s_dem.add(&b.s_sup))
}

/// The outcome shifts (dp, dq) of decide's first sizing: j moves all the way to i's position on
/// p and i's shift on q follows from equal gain; with `far`, i moves all the way on q instead.
fn all_the_way<N: Num>(
    i: &Side<N>,
    j: &Side<N>,
    denom: &[N],
    (p, q): (usize, usize),
    far: bool,
) -> (N, N) {
    if far {
        let dq = j
            .dem_pos
            .sub(&i.sup_pos)
            .abs()
            .mul(&i.s_sup)
            .mul(&i.c_sup)
            .div(&denom[q]);
        (equal_gain_ratio(i, j, &dq), dq)
    } else {
        let dp = i
            .dem_pos
            .sub(&j.sup_pos)
            .abs()
            .mul(&j.s_sup)
            .mul(&j.c_sup)
            .div(&denom[p]);
        let dq = equal_gain_ratio(j, i, &dp);
        (dp, dq)
    }
}

/// The equal gain of outcome shifts (dp, dq), as side `b` (i, or the partner of a resized side)
/// values them.
fn equal_gain<N: Num>(b: &Side<N>, dp: &N, dq: &N) -> N {
    dq.mul(&b.s_sup).sub(&dp.mul(&b.s_dem)).abs()
}

/// Decide's resizing when side `a`'s move carries the outcome past partner `b`'s position:
/// `a`'s shift that stops the outcome there, and the outcome shifts (dp, dq) that follow.
fn crossing_shift<N: Num>(ctx: &Ctx<N>, others: &Others<N>, a: &Side<N>, b: &Side<N>) -> (N, N, N) {
    let delta = ctx
        .shift_for_outcome(others, a, &a.sup_pos, &b.dem_pos)
        .abs();
    let k = a.supply as usize;
    let dp = delta.mul(&a.s_sup).mul(&a.c_sup).div(&ctx.data.denom[k]);
    let dq = equal_gain_ratio(a, b, &dp);
    (delta, dp, dq)
}

/// The equal gain of candidate `c` computed from its inputs along the branches that a
/// computation of the same inputs took (`far`, `last_crossing`): the gain that computation
/// gives, in a handful of operations.
fn gain_on_path<N: Num>(
    ctx: &Ctx<N>,
    c: &Candidate<N>,
    far: bool,
    last_crossing: Option<bool>,
) -> N {
    match last_crossing {
        Some(a_is_i) => {
            let (a, b) = if a_is_i { (&c.i, &c.j) } else { (&c.j, &c.i) };
            let (_, dp, dq) = crossing_shift(ctx, &ctx.others(&c.updates, a), a, b);
            equal_gain(b, &dp, &dq)
        }
        None => {
            let pq = (c.p as usize, c.q as usize);
            let (dp, dq) = all_the_way(&c.i, &c.j, &ctx.data.denom, pq, far);
            equal_gain(&c.i, &dp, &dq)
        }
    }
}

/// Decide's outcome check for side `a` (partner `b`): when `a`'s move would carry the outcome of
/// its supply issue past `b`'s position there, the exchange is shrunk to stop the outcome at it.
fn check_nbs<N: Num>(ctx: &Ctx<N>, c: &mut Candidate<N>, a_is_i: bool) {
    let updates = std::mem::take(&mut c.updates);
    let mut terms = None;
    {
        let Candidate { i, j, tape, .. } = &mut *c;
        let (a, b) = if a_is_i { (i, j) } else { (j, i) };
        // The others' part of the outcome sums, shared by this side's sums below.
        let others = ctx.others(&updates, a);
        a.nbs0 = ctx.adjust_nbs(&others, a, &a.sup_pos);
        a.nbs1 = ctx.adjust_nbs(&others, a, &a.y);
        let x = b.dem_pos.clone();
        // Decide's test, with f64 differences within the tolerance counted as exactly zero (an
        // outcome already at the partner's position, put there by an earlier exchange).
        let crosses = tape.decide(|| {
            let (d0, d1) = (sign_of_diff(&x.sub(&a.nbs0)), sign_of_diff(&x.sub(&a.nbs1)));
            !((d0 >= 0 && d1 >= 0) || (d0 <= 0 && d1 <= 0))
        });
        if crosses {
            let (delta, dp, dq) = crossing_shift(ctx, &others, a, b);
            let kb = b.supply as usize;
            b.mv = dq.mul(&ctx.data.denom[kb]).div(&b.cs_sup).abs();
            a.mv = delta;
            let b_above = tape.decide(|| match b.gap {
                Some(g) => g.above,
                None => b.sup_pos > a.dem_pos,
            });
            if b_above {
                b.mv = b.mv.neg();
            }
            let a_above = tape.decide(|| match a.gap {
                Some(g) => g.above,
                None => a.sup_pos > b.dem_pos,
            });
            if a_above {
                a.mv = a.mv.neg();
            }
            replace_last(&mut b.moves, b.mv.clone());
            replace_last(&mut a.moves, a.mv.clone());
            b.y = b.sup_pos.add(&b.mv);
            a.y = a.sup_pos.add(&a.mv);
            let gain = equal_gain(b, &dp, &dq);
            a.nbs1 = ctx.adjust_nbs(&others, a, &a.y);
            terms = Some((dp, dq, gain));
        }
    }
    c.updates = updates;
    if let Some((dp, dq, gain)) = terms {
        c.last_crossing = Some(a_is_i);
        c.dp = dp;
        c.dq = dq;
        c.gain = gain;
    }
}

/// Decide's `EqualGainExchange.calculate`, then the random variants' terms. The sides' move
/// histories hold the moves that came before; each side's own move takes part in the validity
/// checks while it is computed and is then kept in `mv` only (see [`recalculate`]).
fn calculate<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>) {
    calculate_with_own_moves(ctx, c, |_| {});
    c.i.moves.pop();
    c.j.moves.pop();
}

/// What decide's first sizing of a feasible candidate leaves before the outcome checks: it
/// reads the supply and demand positions and the move histories only, not the recorded
/// updates, so a candidate recomputed because an update was recorded can start from it.
#[derive(Clone, Debug)]
struct Sizing<N> {
    mv: (N, N),
    y: (N, N),
    gain: N,
    dp: N,
    dq: N,
    far: bool,
    /// The decisions up to the outcome checks.
    tape: Tape,
}

/// [`calculate`] from a [`Sizing`] that a computation of the same positions and histories
/// left (see [`calculate_with_own_moves`]): the outcome checks and what follows them only.
fn calculate_from_sizing<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>, sized: &Sizing<N>) {
    c.tape = sized.tape;
    (c.i.mv, c.j.mv) = sized.mv.clone();
    (c.i.y, c.j.y) = sized.y.clone();
    c.gain = sized.gain.clone();
    c.i.eu = sized.gain.clone();
    c.j.eu = sized.gain.clone();
    c.dp = sized.dp.clone();
    c.dq = sized.dq.clone();
    c.far = sized.far;
    c.last_crossing = None;
    c.valid = true;
    c.i.moves.push(c.i.mv.clone());
    c.j.moves.push(c.j.mv.clone());
    check_outcomes(ctx, c);
    c.i.moves.pop();
    c.j.moves.pop();
}

/// The computation of [`calculate`] with the own moves left in the histories; `sized` sees a
/// feasible candidate after the first sizing, before the outcome checks.
fn calculate_with_own_moves<N: Num>(
    ctx: &mut Ctx<N>,
    c: &mut Candidate<N>,
    mut sized: impl FnMut(&Candidate<N>),
) {
    let (p, q) = (c.p as usize, c.q as usize);
    c.tape.start();
    {
        let (i, j, tape) = (&mut c.i, &mut c.j, &mut c.tape);
        let denom = &ctx.data.denom;
        // j moves all the way to i's position on p; i's move on q follows from equal gain.
        let (mut dp, mut dq) = all_the_way(i, j, denom, (p, q), false);
        i.mv = dq.mul(&denom[q]).div(&i.cs_sup);
        j.mv = i.dem_pos.sub(&j.sup_pos).abs();
        let far = tape.decide(|| i.mv.abs() > j.dem_pos.sub(&i.sup_pos).abs());
        if far {
            // i cannot go that far: i moves all the way instead and j's move follows.
            (dp, dq) = all_the_way(i, j, denom, (p, q), true);
            i.mv = j.dem_pos.sub(&i.sup_pos).abs();
            j.mv = dp.mul(&denom[p]).div(&j.cs_sup);
        }
        let i_all_the_way = far;
        let above = |a: &Side<N>, partner: &Side<N>| match a.gap {
            Some(g) => g.above,
            None => a.sup_pos > partner.dem_pos,
        };
        if tape.decide(|| above(i, j)) {
            i.mv = i.mv.neg();
        }
        if tape.decide(|| above(j, i)) {
            j.mv = j.mv.neg();
        }
        i.moves.push(i.mv.clone());
        j.moves.push(j.mv.clone());
        // A move all the way is the difference of the positions: where it ends exactly on the
        // partner's position, that position is the end (the same decimal, known for sure).
        let lands = |a: &Side<N>, all_the_way: bool| all_the_way && a.gap.is_some_and(|g| g.lands);
        i.y = if lands(i, i_all_the_way) {
            j.dem_pos.clone()
        } else {
            i.sup_pos.add(&i.mv)
        };
        j.y = if lands(j, !i_all_the_way) {
            i.dem_pos.clone()
        } else {
            j.sup_pos.add(&j.mv)
        };
        let gain = equal_gain(i, &dp, &dq);
        i.eu = gain.clone();
        j.eu = gain.clone();
        c.gain = gain;
        c.dp = dp;
        c.dq = dq;
        c.far = far;
        c.last_crossing = None;
    }
    c.valid = both_valid(c);
    if c.tape.decide(|| c.gain < N::negligible()) {
        c.valid = false;
    }
    if !c.valid {
        return;
    }
    sized(c);
    check_outcomes(ctx, c);
}

/// The end of [`calculate_with_own_moves`]: decide's outcome checks of a feasible candidate,
/// its validity again, and the random variants' terms.
fn check_outcomes<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>) {
    check_nbs(ctx, c, true);
    check_nbs(ctx, c, false);
    c.valid = both_valid(c);
    c.i.gain = c.gain.clone();
    c.j.gain = c.gain.clone();
    match ctx.rule {
        Rule::EqualGain => {}
        Rule::RandomEqual { p } => {
            let r_star =
                c.i.s_dem
                    .add(&c.j.s_sup)
                    .div(&c.i.s_sup.add(&c.j.s_dem))
                    .f();
            let (lo, hi) = rate_interval(c);
            let z: f64 = ctx.rng.gen();
            let toward_hi: bool = ctx.rng.gen();
            let end = if toward_hi { hi } else { lo };
            let rate = r_star + p * z * (end - r_star);
            set_rate(ctx, c, rate);
        }
        Rule::RandomRate => {
            let (lo, hi) = rate_interval(c);
            let rate = if hi > lo {
                ctx.rng.gen_range(lo..hi)
            } else {
                lo
            };
            set_rate(ctx, c, rate);
            c.gain = if c.i.gain < c.j.gain {
                c.i.gain.clone()
            } else {
                c.j.gain.clone()
            };
        }
    }
    c.key = c.gain.rank_key();
}

/// Both sides' moves valid (decisions of the candidate's tape).
fn both_valid<N: Num>(c: &mut Candidate<N>) -> bool {
    let Candidate { i, j, tape, .. } = c;
    tape.decide(|| move_valid(i, &i.mv)) && tape.decide(|| move_valid(j, &j.mv))
}

/// The exchange rates dq/dp at which j (low end) and i (high end) gain nothing.
fn rate_interval<N: Num>(c: &Candidate<N>) -> (f64, f64) {
    // i supplies q and demands p; j supplies p and demands q.
    let lo = c.j.s_sup.f() / c.j.s_dem.f();
    let hi = c.i.s_dem.f() / c.i.s_sup.f();
    (lo.min(hi), lo.max(hi))
}

/// Resizes a feasible equal-gain candidate to exchange at `rate` = dq/dp: as large as the same
/// limits allow (neither actor beyond its partner's position, neither outcome past the
/// partner's position), then records both gains.
fn set_rate<N: Num>(ctx: &Ctx<N>, c: &mut Candidate<N>, rate: f64) {
    let (p, q) = (c.p as usize, c.q as usize);
    let updates = std::mem::take(&mut c.updates);
    let denom = &ctx.data.denom;
    // Largest outcome shifts: on p (j moves toward i), on q (i moves toward j).
    let cap = |side: &Side<N>, partner: &Side<N>, d: f64| -> f64 {
        let gap = partner.dem_pos.f() - side.sup_pos.f();
        let by_position = gap.abs() * side.cs_sup.f() / d;
        let nbs0 = ctx
            .adjust_nbs(&ctx.others(&updates, side), side, &side.sup_pos)
            .f();
        let room = (partner.dem_pos.f() - nbs0) * gap.signum();
        if room > 0.0 {
            by_position.min(room)
        } else {
            by_position
        }
    };
    let cap_p = cap(&c.j, &c.i, denom[p].f());
    let cap_q = cap(&c.i, &c.j, denom[q].f());
    let dp = if rate > 0.0 {
        cap_p.min(cap_q / rate)
    } else {
        cap_p
    };
    let dq = rate * dp;
    let toward_j = (c.j.dem_pos.f() - c.i.sup_pos.f()).signum();
    let toward_i = (c.i.dem_pos.f() - c.j.sup_pos.f()).signum();
    c.i.mv = N::constant(toward_j * dq * denom[q].f() / c.i.cs_sup.f());
    c.j.mv = N::constant(toward_i * dp * denom[p].f() / c.j.cs_sup.f());
    replace_last(&mut c.i.moves, c.i.mv.clone());
    replace_last(&mut c.j.moves, c.j.mv.clone());
    c.i.y = c.i.sup_pos.add(&c.i.mv);
    c.j.y = c.j.sup_pos.add(&c.j.mv);
    c.i.gain = N::constant(dp * c.i.s_dem.f() - dq * c.i.s_sup.f());
    c.j.gain = N::constant(dq * c.j.s_dem.f() - dp * c.j.s_sup.f());
    c.i.eu = c.i.gain.clone();
    c.j.eu = c.j.gain.clone();
    c.dp = N::constant(dp);
    c.dq = N::constant(dq);
    let (oi, oj) = (ctx.others(&updates, &c.i), ctx.others(&updates, &c.j));
    c.i.nbs0 = ctx.adjust_nbs(&oi, &c.i, &c.i.sup_pos);
    c.i.nbs1 = ctx.adjust_nbs(&oi, &c.i, &c.i.y);
    c.j.nbs0 = ctx.adjust_nbs(&oj, &c.j, &c.j.sup_pos);
    c.j.nbs1 = ctx.adjust_nbs(&oj, &c.j, &c.j.y);
    c.updates = updates;
    c.valid = c.i.gain.f() > NEGLIGIBLE
        && c.j.gain.f() > NEGLIGIBLE
        && move_valid(&c.i, &c.i.mv)
        && move_valid(&c.j, &c.j.mv);
}

/// Whether executed exchange `e` changes candidate `c`: an actor of `c` supplies or demands
/// the same issue as the same actor in `e`.
fn touched_by<N: Num>(c: &Candidate<N>, e: &Candidate<N>) -> bool {
    let touches = |s: &Side<N>| {
        [&e.i, &e.j]
            .iter()
            .any(|es| s.actor == es.actor && (s.supply == es.supply || s.demand == es.demand))
    };
    touches(&c.i) || touches(&c.j)
}

/// Which side of `e` (0: i, 1: j) has the actor supplying the same issue as side `s`.
fn same_supply_index<N: Num>(s: &Side<N>, e: &Candidate<N>) -> Option<usize> {
    [&e.i, &e.j]
        .into_iter()
        .position(|es| s.actor == es.actor && s.supply == es.supply)
}

/// The side of `e` whose actor supplies the same issue as side `s`.
fn same_supply<'e, N: Num>(s: &Side<N>, e: &'e Candidate<N>) -> Option<&'e Side<N>> {
    [&e.i, &e.j]
        .into_iter()
        .find(|es| s.actor == es.actor && s.supply == es.supply)
}

/// Decide's choice of the position recorded for a mover that went from `start` to `y`, when
/// `prev` was recorded before: the one furthest along the mover's way (whether `prev` stays).
fn keeps_prev<N: Num>(start: &N, y: &N, prev: &N) -> bool {
    if start <= prev {
        prev < y
    } else {
        prev > y
    }
}

/// Decide's record of a partner's move on the issue a side of `c` demands, after `e` executed
/// ([`keeps_prev`], which `keeps(mover, issue, prev)` decides; mover 0 is `e.i`, 1 is `e.j`).
/// Per mover, the issue recorded on and whether the mover's new position was recorded.
fn record_updates<N: Num>(
    c: &mut Candidate<N>,
    e: &Candidate<N>,
    mut keeps: impl FnMut(usize, u32, &N) -> bool,
) -> [Option<(u32, bool)>; 2] {
    let mut recorded = [None, None];
    // e.j demands what e.i supplied, and the other way round.
    for (m, (demander, mover)) in [(&e.j, &e.i), (&e.i, &e.j)].into_iter().enumerate() {
        let shares = [&c.j, &c.i]
            .iter()
            .any(|s| s.actor == demander.actor && s.demand == demander.demand);
        if shares {
            let issue = demander.demand;
            let keep = c
                .update(issue, mover.actor)
                .is_some_and(|prev| keeps(m, issue, prev));
            if !keep {
                c.set_update(issue, mover.actor, mover.y.clone());
            }
            recorded[m] = Some((issue, !keep));
        }
    }
    recorded
}

/// Decide's `recalculate`: after `e` executed, a candidate that shares an actor's supply issue
/// with it starts from the new position; one that shares an actor's demand issue records the
/// partner's move; either is computed again.
fn recalculate<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>, e: &Candidate<N>) -> bool {
    if !touched_by(c, e) {
        return false;
    }
    // Decide appends the executed move to the history of a side that supplies the same issue
    // and then drops the last entry of both histories: the hit side keeps its own previous
    // move in its history, the other side loses its own. Own moves are not kept in the
    // history between computations here, so: the hit side's previous move joins its history.
    let mut recalc = false;
    for s in [&mut c.i, &mut c.j] {
        if let Some(es) = same_supply(s, e) {
            s.sup_pos = es.y.clone();
            s.moves.push(s.mv.clone());
            recalc = true;
        }
    }
    let movers = [&e.i, &e.j];
    let recorded = record_updates(c, e, |m, _, prev| {
        keeps_prev(&movers[m].start, &movers[m].y, prev)
    });
    recalc |= recorded.iter().any(Option::is_some);
    if recalc {
        calculate(ctx, c);
    }
    recalc
}

impl<N: Num> Data<N> {
    fn new(prob: &Problem) -> Data<N> {
        let (na, nk) = (prob.n_actors(), prob.n_issues());
        let s: Vec<N> = prob.salience.iter().map(|v| N::input(*v)).collect();
        let c: Vec<N> = prob.power.iter().map(|v| N::input(*v)).collect();
        let cs: Vec<N> = c.iter().zip(&s).map(|(c, s)| c.mul(s)).collect();
        let holders: Vec<Vec<u32>> = (0..nk)
            .map(|k| {
                (0..na)
                    .filter(|a| prob.has[a * nk + k])
                    .map(|a| a as u32)
                    .collect()
            })
            .collect();
        let mut place = vec![u32::MAX; na * nk];
        for (k, hs) in holders.iter().enumerate() {
            for (i, &a) in hs.iter().enumerate() {
                place[a as usize * nk + k] = i as u32;
            }
        }
        let denom = (0..nk)
            .map(|k| {
                holders[k].iter().fold(N::int(0), |acc, &a| {
                    let ix = a as usize * nk + k;
                    acc.add(&s[ix].mul(&c[ix]))
                })
            })
            .collect();
        let zero = N::int(0);
        let mut ratio = vec![zero.clone(); na * nk * nk];
        for a in 0..na {
            for p in 0..nk {
                for q in 0..nk {
                    let (sp, sq) = (&s[a * nk + p], &s[a * nk + q]);
                    if p != q && prob.has[a * nk + p] && prob.has[a * nk + q] && *sq > zero {
                        ratio[(a * nk + p) * nk + q] = sp.div(sq);
                    }
                }
            }
        }
        let movable = s
            .iter()
            .zip(&cs)
            .map(|(s, cs)| *s > zero && *cs > zero)
            .collect();
        Data {
            nk,
            movable,
            has: prob.has.clone(),
            s,
            c,
            cs,
            place,
            holders,
            denom,
            ratio,
        }
    }

    /// Decide's normalisation in `N`: (x − lo) · (100 / (hi − lo)).
    fn normalised(&self, prob: &Problem) -> Vec<N> {
        prob.original
            .iter()
            .enumerate()
            .map(|(ix, x)| {
                let [lo, hi] = prob.scales[ix % self.nk];
                let (lo, hi) = (N::input(lo), N::input(hi));
                let step = N::int(100).div(&hi.sub(&lo));
                N::input(*x).sub(&lo).mul(&step)
            })
            .collect()
    }

    fn outcomes(&self, x: &[N]) -> Vec<N> {
        (0..self.nk)
            .map(|k| {
                let mut n = N::int(0);
                for &a in &self.holders[k] {
                    let ix = a as usize * self.nk + k;
                    n = n.add(&x[ix].mul(&self.s[ix]).mul(&self.c[ix]));
                }
                if self.denom[k].is_zero() {
                    N::int(0)
                } else {
                    n.div(&self.denom[k])
                }
            })
            .collect()
    }
}

#[cfg(test)]
fn new_side<N: Num>(
    data: &Data<N>,
    x: &[N],
    actor: usize,
    supply: usize,
    demand: usize,
) -> Side<N> {
    let mut side = Side::blank();
    side.fill(data, x, actor, supply, demand);
    side
}

impl<N: Num> Side<N> {
    fn blank() -> Side<N> {
        let zero = N::int(0);
        Side {
            actor: 0,
            supply: 0,
            demand: 0,
            sup_pos: zero.clone(),
            dem_pos: zero.clone(),
            start: zero.clone(),
            y: zero.clone(),
            mv: zero.clone(),
            moves: Vec::with_capacity(4),
            gap: None,
            eu: zero.clone(),
            gain: zero.clone(),
            nbs0: zero.clone(),
            nbs1: zero.clone(),
            s_sup: zero.clone(),
            c_sup: zero.clone(),
            cs_sup: zero.clone(),
            s_dem: zero,
            ratio: None,
        }
    }

    /// Becomes the side of `actor` supplying `supply` at round-start positions `x`, keeping the
    /// history's allocation.
    fn fill(&mut self, data: &Data<N>, x: &[N], actor: usize, supply: usize, demand: usize) {
        let s_ix = actor * data.nk + supply;
        let d_ix = actor * data.nk + demand;
        let zero = N::int(0);
        self.actor = actor as u32;
        self.supply = supply as u32;
        self.demand = demand as u32;
        self.sup_pos.clone_from(&x[s_ix]);
        self.dem_pos.clone_from(&x[d_ix]);
        self.start.clone_from(&x[s_ix]);
        self.y.clone_from(&zero);
        self.mv.clone_from(&zero);
        self.moves.clear();
        self.gap = None;
        self.eu.clone_from(&zero);
        self.gain.clone_from(&zero);
        self.nbs0.clone_from(&zero);
        self.nbs1 = zero;
        self.s_sup.clone_from(&data.s[s_ix]);
        self.c_sup.clone_from(&data.c[s_ix]);
        self.cs_sup.clone_from(&data.cs[s_ix]);
        self.s_dem.clone_from(&data.s[d_ix]);
        self.ratio = None;
    }
}

impl<N: Num> Candidate<N> {
    fn blank() -> Candidate<N> {
        let zero = N::int(0);
        Candidate {
            i: Side::blank(),
            j: Side::blank(),
            p: 0,
            q: 0,
            ad: false,
            gain: zero.clone(),
            key: 0,
            dp: zero.clone(),
            dq: zero,
            valid: false,
            far: false,
            last_crossing: None,
            tape: Tape::default(),
            updates: Vec::new(),
        }
    }

    /// Becomes the candidate of actors `i` (supplying q) and `j` (supplying p) on issues p < q
    /// at round-start positions `x`, not yet computed; keeps the vectors' allocations. With
    /// `ratios`, the sides' exchange ratios are computed now, for every computation of the
    /// candidate to use. (On enclosures: one that cannot be computed has an infinite radius,
    /// and every use of it marks its computation unsure again.)
    fn fill(
        &mut self,
        data: &Data<N>,
        x: &[N],
        (i, j): (usize, usize),
        (p, q): (usize, usize),
        ad: bool,
        ratios: bool,
    ) {
        let zero = N::int(0);
        self.i.fill(data, x, i, q, p);
        self.j.fill(data, x, j, p, q);
        if ratios {
            self.i.ratio = Some(ratio_of(&self.i, &self.j));
            self.j.ratio = Some(ratio_of(&self.j, &self.i));
        }
        self.p = p as u32;
        self.q = q as u32;
        self.ad = ad;
        self.gain.clone_from(&zero);
        self.key = 0;
        self.dp.clone_from(&zero);
        self.dq = zero;
        self.valid = false;
        self.far = false;
        self.last_crossing = None;
        self.tape = Tape::default();
        self.updates.clear();
    }
}

/// The actors (i, j) of the candidate for actors `a` (first group) and `b` on issues p < q,
/// assigned as decide assigns them: `i` is the actor valuing p relatively more and supplies q.
/// `None` when it cannot move anybody (a zero c·s or salience, on which decide would divide by
/// zero).
fn candidate_actors<N: Num>(
    data: &Data<N>,
    (a, b): (usize, usize),
    (p, q): (usize, usize),
) -> Option<(usize, usize)> {
    let nk = data.nk;
    if ![a * nk + p, a * nk + q, b * nk + p, b * nk + q]
        .iter()
        .all(|&ix| data.movable[ix])
    {
        return None;
    }
    // Decide compares s_ap/s_aq < s_bp/s_bq. In f64 the ratios are compared with a tolerance:
    // equal ratios give a zero gain whichever side is which.
    let s = |actor: usize, k: usize| &data.s[actor * nk + k];
    let ratio = |actor: usize| &data.ratio[(actor * nk + p) * nk + q];
    let a_lower = if N::TOL == 0.0 {
        ratio(a) < ratio(b)
    } else {
        let lhs = s(a, p).f() / s(a, q).f();
        let rhs = s(b, p).f() / s(b, q).f();
        lhs < rhs - 1e-12 * lhs.abs().max(rhs.abs())
    };
    Some(if a_lower { (b, a) } else { (a, b) })
}

/// Runs the model in f64 (fast).
pub fn run(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_in::<f64>(prob, settings, seed)
}

/// Runs the model in decide's 28-digit decimal arithmetic ([`Dec28`]): slower than f64, and
/// identical to decide where decide's own rounding decides between mathematically equal gains.
pub fn run_exact(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_in::<Dec28>(prob, settings, seed)
}

/// [`run_exact`] in the big-integer [`Dec`]: the same values, far slower; the oracle the
/// fixed-width arithmetic is tested against.
pub fn run_bigint(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    run_in::<Dec>(prob, settings, seed)
}

/// Whether a run stops after `round`: no exchange was made, or, with a stability tolerance
/// (`until_stable`), the start positions have converged or (equal gain: the next round is a
/// function of the start positions) entered a cycle — judged by [`brink_core::convergence`] on
/// `starts`, the start positions of every round so far, to which `next` is added.
fn run_stops<N: Num>(
    settings: &Settings,
    round: &Round,
    starts: &mut Vec<Vec<f64>>,
    next: &[N],
) -> bool {
    if round.exchanges.is_empty() {
        return true;
    }
    let Some(tol) = settings.stable_tolerance else {
        return false;
    };
    starts.push(to_f64(next));
    match convergence::settling_of_run(starts, tol) {
        Some(Settling::Converged) => true,
        Some(Settling::Cycle { .. }) => settings.rule == Rule::EqualGain,
        _ => false,
    }
}

fn run_in<N: Num>(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let data = Data::<N>::new(prob);
    let tail = Tail::new(&data, settings);
    let mut x = data.normalised(prob);
    let mut starts = vec![to_f64(&x)];
    let mut rounds = Vec::new();
    for _ in 0..settings.rounds {
        let (round, next) = run_round(prob, &data, &tail, settings.rule, &x, &mut rng);
        let done = run_stops(settings, &round, &mut starts, &next);
        x = next;
        rounds.push(round);
        if done {
            break;
        }
    }
    Run { rounds }
}

fn to_f64<N: Num>(v: &[N]) -> Vec<f64> {
    v.iter().map(Num::f).collect()
}

#[allow(clippy::needless_range_loop)] // actor indices address several dense tables at once
fn run_round<N: Num>(
    prob: &Problem,
    data: &Data<N>,
    tail: &Tail<N>,
    rule: Rule,
    x: &[N],
    rng: &mut ChaCha8Rng,
) -> (Round, Vec<N>) {
    let (na, nk) = (prob.n_actors(), prob.n_issues());
    let start_outcome = data.outcomes(x);
    let left: Vec<bool> = (0..na * nk)
        .map(|ix| !gt(&x[ix], &start_outcome[ix % nk]))
        .collect();
    let ctx = Ctx::new(data, x, rule, rng);
    let mut pool = Plain {
        ctx,
        cands: Vec::new(),
    };
    let (candidates, executed, gain_ties) = select(&mut pool, data, &left);
    let (mut round, next) = finish_round(
        prob,
        data,
        tail,
        x,
        start_outcome,
        &left,
        candidates,
        executed,
    );
    round.gain_ties = gain_ties;
    (round, next)
}

/// The feasible candidates of a round, as the selection sees them.
trait Pool<N: Num> {
    /// Computes the new candidate of actors (i, j) on issues (p, q) ([`Candidate::fill`]);
    /// keeps it when feasible.
    fn add(&mut self, actors: (usize, usize), issues: (usize, usize), ad: bool);
    fn len(&self) -> usize;
    fn sides(&self, ix: usize) -> (&Side<N>, &Side<N>);
    /// Decide's ranking: `Less` when candidate `a` ranks before `b` (larger gain).
    fn by_gain(&mut self, a: u32, b: u32) -> Ordering;
    /// Sorts candidates in index order as decide's stable sort by gain does.
    fn sort(&mut self, order: &mut [u32]) {
        order.sort_by(|a, b| self.by_gain(*a, *b));
    }
    /// The candidate with all its values, to execute.
    fn exact(&mut self, ix: u32) -> Candidate<N>;
    /// [`recalculate`]: whether the candidate was computed again.
    fn recalculate(&mut self, ix: u32, e: &Candidate<N>) -> bool;
    fn valid(&self, ix: u32) -> bool;
}

/// Candidates computed in one arithmetic.
struct Plain<'a, N> {
    ctx: Ctx<'a, N>,
    cands: Vec<Candidate<N>>,
}

impl<N: Num> Pool<N> for Plain<'_, N> {
    fn add(&mut self, actors: (usize, usize), issues: (usize, usize), ad: bool) {
        let mut c = Candidate::blank();
        c.fill(self.ctx.data, self.ctx.x, actors, issues, ad, true);
        calculate(&mut self.ctx, &mut c);
        if c.valid {
            self.cands.push(c);
        }
    }
    fn len(&self) -> usize {
        self.cands.len()
    }
    fn sides(&self, ix: usize) -> (&Side<N>, &Side<N>) {
        (&self.cands[ix].i, &self.cands[ix].j)
    }
    fn by_gain(&mut self, a: u32, b: u32) -> Ordering {
        let (ca, cb) = (&self.cands[a as usize], &self.cands[b as usize]);
        if N::RANK_BY_KEY {
            cb.key.cmp(&ca.key)
        } else {
            N::rank(&cb.gain, &ca.gain)
        }
    }
    fn exact(&mut self, ix: u32) -> Candidate<N> {
        self.cands[ix as usize].clone()
    }
    fn recalculate(&mut self, ix: u32, e: &Candidate<N>) -> bool {
        recalculate(&mut self.ctx, &mut self.cands[ix as usize], e)
    }
    fn valid(&self, ix: u32) -> bool {
        self.cands[ix as usize].valid
    }
}

/// History entries of a candidate not yet known exactly: (side i?, index in its history, the
/// snapshot of the candidate's state whose own move it is).
type Pending = Vec<(bool, usize, u32)>;

/// What decides a candidate's own moves at the moment one of them entered a history, to compute
/// that move exactly if it is ever needed: the inputs that change (supply positions, recorded
/// updates: a range of [`Snapshots::updates`]) and the decisions its enclosures took, which a
/// replay follows without reading the histories (the candidate's other data never change).
struct Snapshot {
    sup: (Dec28, Dec28),
    updates: (u32, u32),
    tape: Tape,
    /// The exact own moves (side i, side j), once computed.
    own: Option<(Dec28, Dec28)>,
}

/// The round's snapshots side by side, named by index: thousands are taken in a round and
/// hardly any is ever read, so they are not allocated one by one.
#[derive(Default)]
struct Snapshots {
    list: Vec<Snapshot>,
    updates: Vec<(u32, u32, Dec28)>,
}

impl Snapshots {
    fn clear(&mut self) {
        self.list.clear();
        self.updates.clear();
    }

    /// Takes a snapshot of `c`'s changing inputs with its decisions `tape`.
    fn take(&mut self, c: &Candidate<Dec28>, tape: Tape, own: Option<(Dec28, Dec28)>) -> u32 {
        let start = self.updates.len() as u32;
        self.updates.extend_from_slice(&c.updates);
        self.list.push(Snapshot {
            sup: (c.i.sup_pos.clone(), c.j.sup_pos.clone()),
            updates: (start, self.updates.len() as u32),
            tape,
            own,
        });
        (self.list.len() - 1) as u32
    }

    /// The exact own moves (side i, side j) computed from snapshot `id`; `template` is the
    /// same candidate at any time (for its unchanging data).
    fn own(
        &mut self,
        id: u32,
        ctx: &mut Ctx<Dec28>,
        template: &Candidate<Dec28>,
    ) -> (Dec28, Dec28) {
        let snap = &self.list[id as usize];
        if let Some(v) = &snap.own {
            return v.clone();
        }
        let mut c = template.clone();
        c.i.sup_pos = snap.sup.0.clone();
        c.j.sup_pos = snap.sup.1.clone();
        c.i.moves.clear();
        c.j.moves.clear();
        c.updates.clear();
        let (a, b) = snap.updates;
        c.updates
            .extend_from_slice(&self.updates[a as usize..b as usize]);
        c.tape = Tape {
            replay: true,
            ..snap.tape
        };
        calculate(ctx, &mut c);
        let v = (c.i.mv, c.j.mv);
        self.list[id as usize].own = Some(v.clone());
        v
    }
}

/// Fills in the exact values of a history's pending entries.
fn resolve(
    ctx: &mut Ctx<Dec28>,
    snaps: &mut Snapshots,
    c: &mut Candidate<Dec28>,
    pending: &Pending,
) {
    for &(is_i, index, id) in pending {
        let (mi, mj) = snaps.own(id, ctx, c);
        if is_i {
            c.i.moves[index] = mi;
        } else {
            c.j.moves[index] = mj;
        }
    }
}

/// One candidate of the hybrid pool: its exact state (and exact values when `fresh`), and the
/// same candidate on enclosures, computed every time.
struct Twin {
    exact: Candidate<Dec28>,
    encl: Candidate<Encl>,
    fresh: bool,
    pending: Pending,
    /// The exact gain of the current inputs when known without the rest ([`gain_on_path`]).
    gain: Option<Dec28>,
    /// The enclosed computation's [`Sizing`] when its enclosures decided it, for a
    /// recomputation after recorded updates only.
    sizing: Option<Sizing<Encl>>,
}

/// Equal-gain candidates computed on enclosures, and exactly only when an enclosure cannot
/// decide a comparison, to rank candidates whose gains' enclosures overlap, and to execute
/// one. Every decision equals the exact run's: a decided comparison of enclosures is the
/// comparison of the enclosed decimals.
struct Hybrid<'a> {
    exact: Ctx<'a, Dec28>,
    encl: Ctx<'a, Encl>,
    /// The candidates: the first `len` are the round's; the rest are storage kept from earlier
    /// rounds, refilled in place (twins are large, with vectors inside: building and freeing
    /// thousands of them every round cost more than computing them).
    cands: Vec<Twin>,
    len: usize,
    /// Every candidate's gain enclosure (`encl.gain`), side by side: ranking reads these
    /// again and again, and only these unless they overlap.
    gains: Vec<Encl>,
    snaps: Snapshots,
    /// The enclosures of the last executed candidate's sides' start and end positions
    /// (side i, side j), which the candidates it touches take.
    moved: [(Encl, Encl); 2],
}

impl Twin {
    fn blank() -> Twin {
        Twin {
            exact: Candidate::blank(),
            encl: Candidate::blank(),
            fresh: false,
            pending: Vec::new(),
            gain: None,
            sizing: None,
        }
    }
}

impl Hybrid<'_> {
    /// Computes `t` on enclosures; exactly when unsure. With `updates_only` (only recorded
    /// updates changed since the last computation), from the sizing that one left.
    fn compute(
        exact: &mut Ctx<Dec28>,
        encl: &mut Ctx<Encl>,
        snaps: &mut Snapshots,
        t: &mut Twin,
        updates_only: bool,
    ) {
        t.gain = None;
        enclosure::reset();
        match t.sizing.take().filter(|_| updates_only) {
            Some(sized) => {
                calculate_from_sizing(encl, &mut t.encl, &sized);
                t.sizing = Some(sized);
            }
            None => Hybrid::calculate_enclosed(encl, t),
        }
        if enclosure::unsure() && (t.encl.i.gap.is_none() || t.encl.j.gap.is_none()) {
            // Most undecided comparisons are of positions that are equal, or of a move all
            // the way that ends exactly on the scale's edge: the exact facts of both gaps
            // (a few decimal operations) usually decide them.
            let (x, e) = (&t.exact, &mut t.encl);
            e.i.gap = Some(Gap::of(&x.i.sup_pos, &x.j.dem_pos));
            e.j.gap = Some(Gap::of(&x.j.sup_pos, &x.i.dem_pos));
            enclosure::reset();
            Hybrid::calculate_enclosed(encl, t);
        }
        if enclosure::unsure() {
            Hybrid::compute_exact(exact, snaps, t);
        } else {
            t.fresh = false;
        }
    }

    /// [`calculate`] on the enclosed twin, keeping its sizing when the enclosures decided it.
    fn calculate_enclosed(encl: &mut Ctx<Encl>, t: &mut Twin) {
        let Twin {
            encl: c, sizing, ..
        } = t;
        *sizing = None;
        calculate_with_own_moves(encl, c, |c| {
            if !enclosure::unsure() {
                *sizing = Some(Sizing {
                    mv: (c.i.mv, c.j.mv),
                    y: (c.i.y, c.j.y),
                    gain: c.gain,
                    dp: c.dp,
                    dq: c.dq,
                    far: c.far,
                    tape: c.tape,
                });
            }
        });
        c.i.moves.pop();
        c.j.moves.pop();
    }

    fn compute_exact(ctx: &mut Ctx<Dec28>, snaps: &mut Snapshots, t: &mut Twin) {
        resolve(ctx, snaps, &mut t.exact, &t.pending);
        t.pending.clear();
        calculate(ctx, &mut t.exact);
        Hybrid::adopt_exact(t);
    }

    /// Computes a candidate that its enclosures decided in decimals, replaying the enclosed
    /// computation's decisions: no comparison reads the move histories, so their pending
    /// entries stay pending.
    // (`snaps` serves the debug check only.)
    #[cfg_attr(not(debug_assertions), allow(unused_variables))]
    fn compute_exact_on_path(ctx: &mut Ctx<Dec28>, snaps: &mut Snapshots, t: &mut Twin) {
        #[cfg(debug_assertions)]
        let mut check = t.exact.clone();
        t.exact.tape = Tape {
            replay: true,
            ..t.encl.tape
        };
        calculate(ctx, &mut t.exact);
        t.exact.tape.replay = false;
        #[cfg(debug_assertions)]
        {
            // The whole exact computation gives the same values.
            resolve(ctx, snaps, &mut check, &t.pending);
            calculate(ctx, &mut check);
            let x = &t.exact;
            debug_assert_eq!(
                (&x.gain, &x.i.y, &x.j.y, &x.i.mv, &x.j.mv, &x.i.nbs1, &x.j.nbs1),
                (
                    &check.gain,
                    &check.i.y,
                    &check.j.y,
                    &check.i.mv,
                    &check.j.mv,
                    &check.i.nbs1,
                    &check.j.nbs1
                ),
                "replayed computation"
            );
        }
        Hybrid::adopt_exact(t);
    }

    /// Takes the exact results into the enclosed twin.
    fn adopt_exact(t: &mut Twin) {
        // The enclosed state stays valid (pending moves were enclosed already): the results only.
        let (x, e) = (&t.exact, &mut t.encl);
        for (xs, es) in [(&x.i, &mut e.i), (&x.j, &mut e.j)] {
            es.y = xs.y.enclose();
            es.mv = xs.mv.enclose();
            es.eu = xs.eu.enclose();
            es.gain = xs.gain.enclose();
            es.nbs0 = xs.nbs0.enclose();
            es.nbs1 = xs.nbs1.enclose();
        }
        e.gain = x.gain.enclose();
        e.dp = x.dp.enclose();
        e.dq = x.dq.enclose();
        e.valid = x.valid;
        t.gain = Some(x.gain.clone());
        t.fresh = true;
    }

    /// Fills in `gain` of candidate `ix` (sure on enclosures, so its branches are known).
    fn ensure_gain(&mut self, ix: u32) {
        let t = &mut self.cands[ix as usize];
        if t.gain.is_some() {
            return;
        }
        let gain = if t.fresh {
            t.exact.gain.clone()
        } else {
            gain_on_path(&self.exact, &t.exact, t.encl.far, t.encl.last_crossing)
        };
        #[cfg(debug_assertions)]
        {
            // The whole exact computation gives the same gain.
            let mut c = t.exact.clone();
            resolve(&mut self.exact, &mut self.snaps, &mut c, &t.pending);
            calculate(&mut self.exact, &mut c);
            debug_assert_eq!(c.gain, gain, "gain along the enclosures' branches");
        }
        t.gain = Some(gain);
    }

    fn ensure_exact(&mut self, ix: u32) {
        let t = &mut self.cands[ix as usize];
        if !t.fresh {
            if t.encl.tape.complete() {
                Hybrid::compute_exact_on_path(&mut self.exact, &mut self.snaps, t);
            } else {
                Hybrid::compute_exact(&mut self.exact, &mut self.snaps, t);
            }
            debug_assert!(t.exact.valid, "enclosures decided feasibility");
        }
    }
}

impl Pool<Dec28> for Hybrid<'_> {
    fn add(&mut self, actors: (usize, usize), issues: (usize, usize), ad: bool) {
        if self.len == self.cands.len() {
            self.cands.push(Twin::blank());
        }
        let t = &mut self.cands[self.len];
        // The enclosed twin from the enclosed data and positions, not converted number by number.
        t.exact
            .fill(self.exact.data, self.exact.x, actors, issues, ad, false);
        // (The exact twin is computed for few candidates: its ratios are not worth computing
        // for every one.)
        t.encl
            .fill(self.encl.data, self.encl.x, actors, issues, ad, true);
        t.fresh = false;
        t.pending.clear();
        t.gain = None;
        t.sizing = None;
        Hybrid::compute(&mut self.exact, &mut self.encl, &mut self.snaps, t, false);
        if t.encl.valid {
            self.gains.truncate(self.len);
            self.gains.push(t.encl.gain);
            self.len += 1;
        }
    }
    fn len(&self) -> usize {
        self.len
    }
    fn sides(&self, ix: usize) -> (&Side<Dec28>, &Side<Dec28>) {
        (&self.cands[ix].exact.i, &self.cands[ix].exact.j)
    }
    fn by_gain(&mut self, a: u32, b: u32) -> Ordering {
        // Decided enclosures order the exact gains (also those of fresh candidates, whose
        // enclosures are of their exact gains).
        if let Some(ord) = self.gains[b as usize].decided_order(&self.gains[a as usize]) {
            return ord;
        }
        // Equal or nearly equal gains (symmetric actors): their exact values, along the
        // branches the enclosures took.
        self.ensure_gain(a);
        self.ensure_gain(b);
        let (ta, tb) = (&self.cands[a as usize], &self.cands[b as usize]);
        tb.gain.cmp(&ta.gain)
    }
    /// Decide's order is by exact gain, ties by list place; here the list is sorted by the
    /// gains' midpoints first, which is already that order wherever the enclosures tell the
    /// gains apart: only runs of candidates whose gains may be in another order (some lower
    /// bound before not above some upper bound after) are sorted again by exact comparisons.
    fn sort(&mut self, order: &mut [u32]) {
        let mut keyed: Vec<(f64, u32)> = order
            .iter()
            .map(|&ix| (self.gains[ix as usize].v, ix))
            .collect();
        keyed.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // A run ends after place t when every gain up to t is above every gain after it.
        let n = keyed.len();
        let mut above_rest = vec![f64::NEG_INFINITY; n + 1];
        for t in (0..n).rev() {
            above_rest[t] = above_rest[t + 1].max(self.gains[keyed[t].1 as usize].upper());
        }
        let mut start = 0;
        let mut lowest = f64::INFINITY;
        for t in 0..n {
            lowest = lowest.min(self.gains[keyed[t].1 as usize].lower());
            if lowest > above_rest[t + 1] {
                if t > start {
                    keyed[start..=t].sort_by(|a, b| self.by_gain(a.1, b.1).then(a.1.cmp(&b.1)));
                }
                start = t + 1;
                lowest = f64::INFINITY;
            }
        }
        // (A run left open: bounds that are not numbers.)
        if n > start + 1 {
            keyed[start..].sort_by(|a, b| self.by_gain(a.1, b.1).then(a.1.cmp(&b.1)));
        }
        for (slot, (_, ix)) in order.iter_mut().zip(keyed) {
            *slot = ix;
        }
    }
    fn exact(&mut self, ix: u32) -> Candidate<Dec28> {
        self.ensure_exact(ix);
        self.gains[ix as usize] = self.cands[ix as usize].encl.gain;
        // (Its twin's enclosures hold the exact values now.)
        let e = &self.cands[ix as usize].encl;
        self.moved = [(e.i.start, e.i.y), (e.j.start, e.j.y)];
        self.cands[ix as usize].exact.clone()
    }
    fn recalculate(&mut self, ix: u32, e: &Candidate<Dec28>) -> bool {
        let t = &mut self.cands[ix as usize];
        let recomputed = recalculate_twin(
            &mut self.exact,
            &mut self.encl,
            &mut self.snaps,
            t,
            e,
            &self.moved,
        );
        self.gains[ix as usize] = t.encl.gain;
        recomputed
    }
    fn valid(&self, ix: u32) -> bool {
        self.cands[ix as usize].encl.valid
    }
}

/// [`recalculate`] on both twins: the state changes are made exactly and mirrored.
fn recalculate_twin(
    exact: &mut Ctx<Dec28>,
    encl: &mut Ctx<Encl>,
    snaps: &mut Snapshots,
    t: &mut Twin,
    e: &Candidate<Dec28>,
    moved: &[(Encl, Encl); 2],
) -> bool {
    {
        if !touched_by(&t.exact, e) {
            return false;
        }
        let hit_i = same_supply(&t.exact.i, e).is_some();
        let hit_j = same_supply(&t.exact.j, e).is_some();
        let mut recalc = false;
        if hit_i || hit_j {
            // The hit side's own previous move joins its history: exactly if known, else
            // pending on a snapshot of the state it came from.
            let snap = (!t.fresh).then(|| {
                let own = (!t.encl.tape.complete()).then(|| {
                    // No replay possible: the own moves now, from the resolved history.
                    let mut c = t.exact.clone();
                    resolve(exact, snaps, &mut c, &t.pending);
                    calculate(exact, &mut c);
                    (c.i.mv, c.j.mv)
                });
                snaps.take(&t.exact, t.encl.tape, own)
            });
            for (is_i, hit) in [(true, hit_i), (false, hit_j)] {
                if !hit {
                    continue;
                }
                let (xs, es) = if is_i {
                    (&mut t.exact.i, &mut t.encl.i)
                } else {
                    (&mut t.exact.j, &mut t.encl.j)
                };
                let m = same_supply_index(xs, e).expect("hit");
                let y = [&e.i, &e.j][m].y.clone();
                match snap {
                    None => xs.moves.push(xs.mv.clone()),
                    Some(id) => {
                        t.pending.push((is_i, xs.moves.len(), id));
                        xs.moves.push(Dec28::ZERO);
                    }
                }
                es.moves.push(es.mv);
                es.sup_pos = moved[m].1;
                es.gap = None;
                xs.sup_pos = y;
            }
            recalc = true;
        }
        let movers = [&e.i, &e.j];
        let encl_updates = &t.encl;
        let recorded = record_updates(&mut t.exact, e, |m, issue, prev| {
            // Decided by the enclosures where they can.
            let (start, y) = &moved[m];
            let pe = encl_updates
                .update(issue, movers[m].actor)
                .expect("mirrored updates");
            let decided = match start.decided_order(pe) {
                Some(Ordering::Greater) => pe.decided_order(y).map(|o| o == Ordering::Greater),
                Some(_) => pe.decided_order(y).map(|o| o == Ordering::Less),
                None => None,
            };
            decided.unwrap_or_else(|| keeps_prev(&movers[m].start, &movers[m].y, prev))
        });
        for (m, rec) in recorded.iter().enumerate() {
            if let Some((issue, took_y)) = *rec {
                // The same entry in the enclosed twin's updates (kept in the same order); a
                // kept entry is unchanged.
                if took_y {
                    t.encl.set_update(issue, movers[m].actor, moved[m].1);
                }
                recalc = true;
            }
        }
        if recalc {
            Hybrid::compute(exact, encl, snaps, t, !(hit_i || hit_j));
        }
        recalc
    }
}

/// Runs the equal-gain model in decide's decimals with the hybrid pool: the same run as
/// [`run_exact`] (the tests compare them), most of the work on f64 enclosures.
pub fn run_hybrid(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    if settings.rule != Rule::EqualGain {
        return run_exact(prob, settings, seed);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut spare = ChaCha8Rng::seed_from_u64(seed);
    let data = Data::<Dec28>::new(prob);
    let data_encl = Data::<Encl>::new(prob);
    let tail = Tail::new(&data, settings);
    let mut x = data.normalised(prob);
    let mut starts = vec![to_f64(&x)];
    let mut rounds = Vec::new();
    // The candidates' storage, kept from round to round (see `Hybrid::cands`).
    let (mut storage, mut gains): (Vec<Twin>, Vec<Encl>) = (Vec::new(), Vec::new());
    let mut snaps = Snapshots::default();
    for _ in 0..settings.rounds {
        let (na, nk) = (prob.n_actors(), prob.n_issues());
        let start_outcome = data.outcomes(&x);
        let left: Vec<bool> = (0..na * nk)
            .map(|ix| !gt(&x[ix], &start_outcome[ix % nk]))
            .collect();
        let x_encl: Vec<Encl> = x.iter().map(Dec28::enclose).collect();
        let mut pool = Hybrid {
            exact: Ctx::new(&data, &x, settings.rule, &mut rng),
            encl: Ctx::new(&data_encl, &x_encl, settings.rule, &mut spare),
            cands: std::mem::take(&mut storage),
            len: 0,
            gains: std::mem::take(&mut gains),
            snaps: std::mem::take(&mut snaps),
            moved: [(Encl::exact(0.0), Encl::exact(0.0)); 2],
        };
        pool.gains.clear();
        pool.snaps.clear();
        // Exact: no tie is left to rounding (`gain_ties` is 0).
        let (candidates, executed, _) = select(&mut pool, &data, &left);
        (storage, gains, snaps) = (pool.cands, pool.gains, pool.snaps);
        let (round, next) = finish_round(
            prob,
            &data,
            &tail,
            &x,
            start_outcome,
            &left,
            candidates,
            executed,
        );
        let done = run_stops(settings, &round, &mut starts, &next);
        x = next;
        rounds.push(round);
        if done {
            break;
        }
    }
    Run { rounds }
}

/// Decide's selection in a round: all feasible candidates, then again and again the best one
/// executed and the ones it touches recomputed. Returns the number of feasible candidates at
/// the start, the executed exchanges in order, and (f64 only, see [`Round::gain_ties`]) how
/// many picks were between gains equal to within [`GAIN_QUANTUM`].
fn select<N: Num, P: Pool<N>>(
    pool: &mut P,
    data: &Data<N>,
    left: &[bool],
) -> (usize, Vec<Candidate<N>>, usize) {
    let nk = data.nk;
    let na = data.has.len() / nk.max(1);
    // Groups per pair of issues (p, q), p before q: A right of both outcomes, B left on p only,
    // C left on q only, D left of both. A trades with D, B with C.
    let mut groups: [Vec<usize>; 4] = Default::default();
    for p in 0..nk {
        for q in p + 1..nk {
            for g in groups.iter_mut() {
                g.clear();
            }
            for a in 0..na {
                if data.has[a * nk + p] && data.has[a * nk + q] {
                    let g = left[a * nk + p] as usize | (left[a * nk + q] as usize) << 1;
                    groups[g].push(a);
                }
            }
            for (first, second, ad) in [(0, 3, true), (1, 2, false)] {
                for &a in &groups[first] {
                    for &b in &groups[second] {
                        if let Some(actors) = candidate_actors(data, (a, b), (p, q)) {
                            pool.add(actors, (p, q), ad);
                        }
                    }
                }
            }
        }
    }
    let candidates = pool.len();

    // The candidate list, as indices in decide's list order (candidates are large: sorting and
    // removing indices is what keeps this fast).
    // Decide sorts the whole list by gain, stably, before every pick. Between two picks only the
    // recomputed candidates change, so the stable sort is a merge of the unchanged ones (still
    // in order) with the recomputed ones sorted on their own, ties going to the earlier place.
    let mut order: Vec<u32> = (0..pool.len() as u32).collect();
    pool.sort(&mut order);
    // Which candidates an executed exchange can touch: by (actor, supply issue) and by
    // (actor, demand issue) of their sides (sides never change actor or issues).
    let mut by_supply: Vec<Vec<u32>> = vec![Vec::new(); na * nk];
    let mut by_demand: Vec<Vec<u32>> = vec![Vec::new(); na * nk];
    for ix in 0..pool.len() {
        let (i, j) = pool.sides(ix);
        for s in [i, j] {
            by_supply[s.actor as usize * nk + s.supply as usize].push(ix as u32);
            by_demand[s.actor as usize * nk + s.demand as usize].push(ix as u32);
        }
    }
    let mut touched = vec![false; pool.len()];
    let mut executed: Vec<Candidate<N>> = Vec::new();
    let mut kept: Vec<(u32, u32)> = Vec::with_capacity(order.len());
    let mut changed: Vec<(u32, u32)> = Vec::new();
    let mut gain_ties = 0;
    while !order.is_empty() {
        // In f64, gains within the quantum rank equal and the list order picks; decide's
        // decimals order them by their rounding.
        if N::TOL > 0.0 && order.len() > 1 && pool.by_gain(order[0], order[1]) == Ordering::Equal {
            gain_ties += 1;
        }
        let e = pool.exact(order[0]);
        for s in [&e.i, &e.j] {
            let (sup, dem) = (
                s.actor as usize * nk + s.supply as usize,
                s.actor as usize * nk + s.demand as usize,
            );
            for &ix in by_supply[sup].iter().chain(&by_demand[dem]) {
                touched[ix as usize] = true;
            }
        }
        kept.clear();
        changed.clear();
        for (place, &ix) in order.iter().enumerate().skip(1) {
            if !std::mem::take(&mut touched[ix as usize]) {
                // Untouched: unchanged and still feasible.
                kept.push((place as u32, ix));
                continue;
            }
            let recomputed = pool.recalculate(ix, &e);
            if !pool.valid(ix) {
                continue;
            }
            if recomputed {
                changed.push((place as u32, ix));
            } else {
                kept.push((place as u32, ix));
            }
        }
        // Flags of candidates no longer in the list (executed or dropped earlier).
        touched.iter_mut().for_each(|t| *t = false);
        executed.push(e);
        changed.sort_by(|a, b| pool.by_gain(a.1, b.1));
        order.clear();
        if changed.is_empty() {
            order.extend(kept.iter().map(|k| k.1));
            continue;
        }
        // Kept candidates are in (gain descending, place) order: each recomputed one goes after
        // those that rank above it or tie with it from an earlier place. Binary search keeps
        // the exact comparisons to about m·log n instead of n.
        let mut a = 0usize;
        for &(place, ix) in &changed {
            let before = |k: &(u32, u32)| match pool.by_gain(k.1, ix) {
                Ordering::Less => true,
                Ordering::Greater => false,
                Ordering::Equal => k.0 < place,
            };
            let end = a + kept[a..].partition_point(before);
            order.extend(kept[a..end].iter().map(|k| k.1));
            order.push(ix);
            a = end;
        }
        order.extend(kept[a..].iter().map(|k| k.1));
    }

    (candidates, executed, gain_ties)
}

/// What the tail of every round reads that never changes in a run: decide's weights of the
/// next start position per actor and issue, w = (1 − s)·sw and rest = 1 − w − fw (the same
/// decimal operations decide makes, made once: the constants sw and fw are exact doubles with
/// long decimal expansions, slow to compute with), and the saliences in f64.
struct Tail<N> {
    w: Vec<N>,
    rest: Vec<N>,
    fw: N,
    s: Vec<f64>,
}

impl<N: Num> Tail<N> {
    fn new(data: &Data<N>, settings: &Settings) -> Tail<N> {
        let (sw, fw) = (
            N::constant(settings.salience_weight),
            N::constant(settings.fixed_weight),
        );
        let one = N::int(1);
        let w: Vec<N> = data.s.iter().map(|s| one.sub(s).mul(&sw)).collect();
        let rest = w.iter().map(|w| one.sub(w).sub(&fw)).collect();
        Tail {
            w,
            rest,
            fw,
            s: to_f64(&data.s),
        }
    }
}

/// The tail of a round: voting positions, outcomes, next start positions, externalities.
#[allow(clippy::too_many_arguments, clippy::needless_range_loop)]
fn finish_round<N: Num>(
    prob: &Problem,
    data: &Data<N>,
    tail: &Tail<N>,
    x: &[N],
    start_outcome: Vec<N>,
    left: &[bool],
    candidates: usize,
    executed: Vec<Candidate<N>>,
) -> (Round, Vec<N>) {
    let (na, nk) = (prob.n_actors(), prob.n_issues());
    // Voting positions, the outcome on them, and the next start positions.
    let mut voting = x.to_vec();
    for e in &executed {
        for s in [&e.i, &e.j] {
            voting[s.actor as usize * nk + s.supply as usize] = s.y.clone();
        }
    }
    let outcome = data.outcomes(&voting);
    let mut next = voting.clone();
    for e in &executed {
        for s in [&e.i, &e.j] {
            // decide: (1 − s)·sw·y + fw·y + (1 − (1 − s)·sw − fw)·x.
            let ix = s.actor as usize * nk + s.supply as usize;
            let value = tail.w[ix]
                .mul(&s.y)
                .add(&tail.fw.mul(&s.y))
                .add(&tail.rest[ix].mul(&s.start));
            next[ix] = value;
        }
    }

    // Externalities of each exchange to every actor holding both issues (in f64: converted once).
    let (xf, sf) = (to_f64(x), &tail.s);
    let mut per_actor = vec![Externality::default(); na];
    let mut records = Vec::with_capacity(executed.len());
    for e in &executed {
        let mut sum = Externality::default();
        let (p, q) = (e.p as usize, e.q as usize);
        let (j0, j1, i0, i1) = (e.j.nbs0.f(), e.j.nbs1.f(), e.i.nbs0.f(), e.i.nbs1.f());
        for a in 0..na {
            let (ip, iq) = (a * nk + p, a * nk + q);
            if !(data.has[ip] && data.has[iq]) {
                continue;
            }
            let mut ext = Externality::default();
            if a as u32 == e.i.actor || a as u32 == e.j.actor {
                ext.own = e.gain.f();
            } else {
                let (xp, sp, xq, sq) = (xf[ip], sf[ip], xf[iq], sf[iq]);
                let l = (j0 - xp).abs() - (j1 - xp).abs();
                let r = (i0 - xq).abs() - (i1 - xq).abs();
                let value = l * sp + r * sq;
                let g = left[ip] as usize | (left[iq] as usize) << 1;
                let inner = if e.ad {
                    g == 0 || g == 3
                } else {
                    g == 1 || g == 2
                };
                match (value > 0.0, inner) {
                    (true, true) => ext.inner_positive = value,
                    (true, false) => ext.outer_positive = value,
                    (false, true) => ext.inner_negative = value,
                    (false, false) => ext.outer_negative = value,
                }
                sum.add(&ext);
            }
            per_actor[a].add(&ext);
        }
        // (Values converted above are not converted again: equal-gain sides' gains are the
        // exchange's gain.)
        let gain = e.gain.f();
        let party = |s: &Side<N>, (nbs_before, nbs_after): (f64, f64)| Party {
            actor: s.actor as usize,
            supply: s.supply as usize,
            demand: s.demand as usize,
            x: s.sup_pos.f(),
            y: s.y.f(),
            gain: if s.gain == e.gain { gain } else { s.gain.f() },
            decide_eu: s.eu.f(),
            nbs_before,
            nbs_after,
        };
        records.push(Executed {
            i: party(&e.i, (i0, i1)),
            j: party(&e.j, (j0, j1)),
            gain,
            dp: e.dp.f(),
            dq: e.dq.f(),
            externalities: sum,
        });
    }

    let round = Round {
        start: xf,
        start_outcome: to_f64(&start_outcome),
        candidates,
        exchanges: records,
        voting: to_f64(&voting),
        outcome: to_f64(&outcome),
        next_start: to_f64(&next),
        externalities: per_actor,
        gain_ties: 0,
    };
    (round, next)
}

/// The outcome per issue of the problem's initial positions (0–100).
pub fn outcome(prob: &Problem) -> Vec<f64> {
    let data = Data::<f64>::new(prob);
    data.outcomes(&data.normalised(prob))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A problem of `na` actors on two issues, every actor holding both, from typed values.
    fn problem(rows: &[(f64, f64, f64, f64, f64)]) -> Problem {
        let na = rows.len();
        let mut p = Problem {
            actors: (0..na).map(|a| format!("a{a}")).collect(),
            issues: vec!["p".into(), "q".into()],
            scales: vec![[0.0, 100.0]; 2],
            has: vec![true; na * 2],
            power: Vec::new(),
            salience: Vec::new(),
            position: Vec::new(),
            original: Vec::new(),
        };
        for &(c, s0, s1, x0, x1) in rows {
            p.power.extend([c, c]);
            p.salience.extend([s0, s1]);
            p.position.extend([x0, x1]);
        }
        p.original = p.position.clone();
        p
    }

    fn typed() -> impl Strategy<Value = f64> {
        prop_oneof![
            (0u32..=100).prop_map(f64::from),
            (0u32..=10_000).prop_map(|v| f64::from(v) / 100.0),
            0.0f64..100.0
        ]
    }

    /// Powers and saliences: positive (candidates need c·s > 0).
    fn weight() -> impl Strategy<Value = f64> {
        typed().prop_map(|v| v + 0.5)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// The enclosed outcome, summed as the round-start sum plus the changes, holds decide's
        /// decimal outcome summed holder by holder, for any moved actors.
        #[test]
        fn outcome_by_changes_encloses_the_ordered_decimal_sum(
            rows in prop::collection::vec((weight(), weight(), weight(), typed(), typed()), 2..7),
            moved in prop::collection::vec((0usize..7, typed()), 0..4),
            own in typed(),
        ) {
            let prob = problem(&rows);
            let na = rows.len();
            let exact = Data::<Dec28>::new(&prob);
            let encl = Data::<Encl>::new(&prob);
            let x = exact.normalised(&prob);
            let xe: Vec<Encl> = x.iter().map(Dec28::enclose).collect();
            let (mut r1, mut r2) = (ChaCha8Rng::seed_from_u64(0), ChaCha8Rng::seed_from_u64(0));
            let cx = Ctx::new(&exact, &x, Rule::EqualGain, &mut r1);
            let ce = Ctx::new(&encl, &xe, Rule::EqualGain, &mut r2);
            let mut ux = Vec::new();
            for (a, v) in moved {
                let a = (a % na) as u32;
                if ux.iter().all(|(_, b, _): &(u32, u32, Dec28)| *b != a) {
                    ux.push((0u32, a, Dec28::from_f64_shortest(v)));
                }
            }
            let ue: Vec<(u32, u32, Encl)> = ux.iter().map(|(k, a, v)| (*k, *a, v.enclose())).collect();
            let (sx, se) = (new_side(&exact, &x, 0, 0, 1), new_side(&encl, &xe, 0, 0, 1));
            let (ox, oe) = (Dec28::from_f64_shortest(own), Dec28::from_f64_shortest(own).enclose());
            enclosure::reset();
            for (want, got) in [
                (
                    cx.adjust_nbs(&cx.others(&ux, &sx), &sx, &ox),
                    ce.adjust_nbs(&ce.others(&ue, &se), &se, &oe),
                ),
                (
                    cx.shift_for_outcome(&cx.others(&ux, &sx), &sx, &ox, &x[1]),
                    ce.shift_for_outcome(&ce.others(&ue, &se), &se, &oe, &xe[1]),
                ),
            ] {
                if enclosure::unsure() {
                    continue;
                }
                let (v, r) = (Dec::from_f64_exact(got.v), Dec::from_f64_exact(got.r));
                prop_assert!(want.to_dec().sub(&v).abs() <= r, "{want:?} outside {got:?}");
            }
        }
    }
}
