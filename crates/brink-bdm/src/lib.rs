//! Bueno de Mesquita's expected-utility ("EU", "Predictioneer") bargaining model, as reconstructed
//! by Scholz, Calbert & Smith (2011, *Journal of Theoretical Politics* 23(4), 510–531) — the
//! algorithm of `models.md` §2 — run one issue at a time.
//!
//! # Entry points
//! - [`run`]: a pure function on plain slices (positions, capabilities, saliences) and
//!   [`BdmOptions`], returning a typed [`Trajectory`]: per round every actor's position, the
//!   median and the c·s-weighted mean, the risk exponents used and the moves made (kind,
//!   proposer, both expected utilities).
//! - [`run_into`] with a caller-owned [`BdmWorkspace`]: the same computation, returning only a
//!   [`Summary`] (final mean and median). Once the workspace has been created for `n` actors
//!   (`BdmWorkspace::new(n)`), running a scenario with at most `n` actors allocates nothing, not
//!   even per round: this is the entry point for Monte Carlo loops (one workspace per thread,
//!   reused for every draw).
//! - [`Bdm`]: the [`brink_core::BargainingModel`] named `bdm`, which maps each issue of a
//!   [`brink_core::Scenario`] (through `Scenario::issue_table`) into a
//!   [`brink_core::ModelForecast`] with one [`brink_core::RoundRecord`] per round.
//! - [`reference::run_direct`]: a direct O(n³)-per-round transcription of the formulas, kept to
//!   check the fast path (property tests) and to show what it saves (benchmarks).
//!
//! # Variants
//! [`Variant::Scholz`] (the default) reproduces the published replication (jmckib's Python code,
//! which its author says replicates Scholz et al.'s results; its 10-round log on the EC emission
//! data is matched to 1e-9 by this crate's tests), including three quirks: the global probability
//! denominator, the compromise-selection rule and a capitulation test that never fires.
//! [`Variant::Textbook`] is the model as the papers describe it. See [`Variant`] and the crate's
//! README for where they differ and why both exist.
//!
//! # Speed
//! The replications recompute a sum over all voter × actor × actor triples for every
//! probability, O(n⁵)–O(n⁷) per round. brink has two engines, chosen by size and
//! property-tested against the direct transcription and each other:
//! - **Dense, up to 160 actors** (`dense.rs`): O(n³) per round as whole-matrix passes in input
//!   order, vectorised (AVX2 + FMA when the CPU has them, else a portable build with identical
//!   results). The vote sums add the transcription's own terms in its order; every power of a
//!   round is e^{r ln y}, with each pair's logarithms kept until one of the pair moves and the
//!   round's exponentials in one branch-free batch (`vmath.rs`, within 1 ulp of libm). For the
//!   tens of actors of a real negotiation — and the millions of Monte Carlo draws — this is
//!   2–2.5× faster than the sorted engine; the two cross near 180 actors.
//! - **Sorted, above** (`engine.rs`): O(n log n) for sorting plus O(n²): whether voter k
//!   prefers x_i to x_j depends only on which side of the midpoint (x_i + x_j)/2 it stands, so
//!   with actors sorted by position every vote sum Σ_k max(0, v_k(i, j)) is a difference of
//!   prefix sums of the columns D_·c = c_k s_k (|x_k − x_c|/Δ)^{r_k} of i and j at that cut.
//!   Visiting pairs in increasing position makes every column's cut increase monotonically, so
//!   one running cursor per column answers all n² queries in O(n²) total time and O(n) memory.
//!   The global denominator is, per voter, a sum of pairwise absolute differences of its
//!   (distance-sorted) row: O(n) per voter after a merge. Up to 1,024 actors the column entries
//!   are also kept in an n × n table (≤ 8 MB) so that each power is computed once per round;
//!   beyond that memory stays O(n).
//!
//! # Edge cases (all tested)
//! - **One actor**, or **all actors at one position** (Δ = 0): nobody can move; every round is
//!   recorded with no moves, risk exponents 1, and the common position as median and mean.
//! - **Zero salience or capability**: an actor with c·s = 0 casts no vote (it still receives and
//!   makes offers). If *every* actor has c·s = 0 the vote sums are all zero, so every probability
//!   is 0 (scholz) or ½ (textbook), and the median and mean weigh actors equally (the weighted
//!   forms are 0/0).
//! - **Ties in the median**: the median is the c·s-weighted Condorcet winner among current
//!   positions (votes with r = 1), i.e. the weighted median; when the weight splits exactly in
//!   half, every position between the two middle ones ties and the **lowest** is reported (the
//!   rule of the `median` baseline). Half-splits are recognised up to a relative 1e-12, so that
//!   rounding in the running sum does not decide a tie.
//! - **Equal dangers**: the risk formula divides by max S − min S; when all dangers are equal (to
//!   a relative 1e-12) every actor gets r = 1 (risk-neutral). The replication would divide by
//!   zero.
//! - **Probability denominators of zero** (no actor casts a vote): P = 0 in scholz, P = ½ in
//!   textbook (so that P_ij + P_ji = 1 still holds).
//! - **Ties between expected utilities**: e_ji > e_ij and e_ji ≷ |e_ij| must hold by more than
//!   1e-12 relative to max(1, |e|) (utilities are O(1) numbers with absolute rounding errors).
//!   EUs that are equal in exact arithmetic — common in textbook: e_ij = e_ji whenever P_ji = 1
//!   and s_j = 0 — come out a few ulps apart either way, and a rounding error must not decide
//!   whether an actor moves. Nothing changes on the reference data.
//! - **Several proposers tie** for an actor's best offer: the first in input order wins, as in
//!   the replication (Python's `min`).
//! - **Cycles**: the model can cycle for ever (the EC case, scholz, repeats a cycle of 70 rounds
//!   from round 580). [`Trajectory::settling`] and [`Summary::settling`] say whether a run
//!   converged (the last round moved nobody by more than 1e-9 × Δ), ends in a cycle (its last
//!   state repeats one p ≤ 128 rounds before) or still drifts ([`brink_core::convergence`]). A
//!   cycling run's forecast is the mean of the weighted means over the cycle ([`Summary::forecast`],
//!   and [`Bdm`]'s forecast with a `cycle` entry); the per-round records are unchanged.
//! - **`until_stable`** stops after the first round at which the run has converged or entered a
//!   cycle; [`Trajectory::stable`] says whether the last round changed no position at all.

mod dense;
mod engine;
mod kernel;
mod model;
pub mod reference;
mod rules;
mod vmath;

pub use engine::{run, run_in, run_into, BdmWorkspace};
pub use kernel::BdmKernel;
pub use model::Bdm;

/// Which form of the model to run. They share steps 1, 2, 4, 5 of models.md §2 and differ in
/// three places:
///
/// | | `Scholz` (default) | `Textbook` |
/// |---|---|---|
/// | P_ij's denominator | Σ \|v_k(a, b)\| over **all** voters k and actor pairs (a, b): one constant per round, so P is tiny and P_ij + P_ji ≠ 1 | Σ_k \|v_k(i, j)\|: P_ij + P_ji = 1 |
/// | choice among compromises | the one minimising (\|e_ij\| x_i + \|e_ji\| x_j)/(\|e_ij\| + \|e_ji\|) | the one that moves the actor least |
/// | capitulation (e_ji > 0 > e_ij, e_ji < \|e_ij\|) | never (the replication tests `e_ji < abs(e_ji)`) | accepted: the actor moves to x_j |
///
/// Why both: `Scholz` is the only form whose output can be checked against a published
/// replication (and is what "the BDM model" means in most open code); `Textbook` is what Bueno de
/// Mesquita and Scholz et al. describe in prose, and what a user reading the papers expects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Variant {
    #[default]
    Scholz,
    Textbook,
}

impl Variant {
    /// The name used by `--variant`.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Scholz => "scholz",
            Variant::Textbook => "textbook",
        }
    }

    /// Parses a `--variant` value (case-insensitive).
    pub fn parse(name: &str) -> Option<Variant> {
        match name.trim().to_ascii_lowercase().as_str() {
            "scholz" => Some(Variant::Scholz),
            "textbook" => Some(Variant::Textbook),
            _ => None,
        }
    }
}

/// How to run the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BdmOptions {
    pub variant: Variant,
    /// Rounds to run; with `until_stable`, the most rounds to run.
    pub rounds: usize,
    /// Stop after the first round at which the run has converged or entered a cycle.
    pub until_stable: bool,
}

impl Default for BdmOptions {
    /// scholz, 10 rounds (the replication's and cli.md's default).
    fn default() -> Self {
        BdmOptions {
            variant: Variant::Scholz,
            rounds: 10,
            until_stable: false,
        }
    }
}

/// The round limit `--until-stable` uses when no `--rounds` is given.
pub const UNTIL_STABLE_LIMIT: usize = 1000;

/// The plain inputs for one issue; all three slices have one entry per actor, in the same order.
#[derive(Clone, Copy, Debug)]
pub struct BdmInputs<'a> {
    /// Positions on the scale (finite).
    pub positions: &'a [f64],
    /// Capabilities (power), ≥ 0; only ratios matter.
    pub capabilities: &'a [f64],
    /// Saliences in [0, 1].
    pub saliences: &'a [f64],
}

/// What kind of offer an actor accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoveKind {
    /// The actor expects to lose a confrontation (e_ji > e_ij > 0) and moves to the proposer.
    Confrontation,
    /// e_ji > 0 > e_ij, e_ji > |e_ij|: the actor moves part of the way, by |e_ij / e_ji|.
    Compromise,
    /// e_ji > 0 > e_ij, e_ji < |e_ij|: the actor moves to the proposer (textbook only).
    Capitulation,
}

impl MoveKind {
    pub fn name(self) -> &'static str {
        match self {
            MoveKind::Confrontation => "confrontation",
            MoveKind::Compromise => "compromise",
            MoveKind::Capitulation => "capitulation",
        }
    }
}

/// One accepted offer. Indices are into the input slices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Move {
    /// The actor who moves (the receiver i of the offer).
    pub actor: usize,
    /// The actor whose offer it accepted (j).
    pub proposer: usize,
    pub kind: MoveKind,
    /// The receiver's position before the move (x_i).
    pub from: f64,
    /// The proposer's position when it made the offer (x_j).
    pub proposer_at: f64,
    /// The receiver's new position.
    pub to: f64,
    /// EU(i → j): i's expected utility of challenging j, as i reckons it.
    pub e_ij: f64,
    /// EU(j → i): j's expected utility of challenging i, as i reckons it.
    pub e_ji: f64,
}

/// The state after one round (round 0: the initial state).
#[derive(Clone, Debug, PartialEq)]
pub struct RoundState {
    pub round: usize,
    /// Every actor's position, in input order.
    pub positions: Vec<f64>,
    /// The c·s-weighted Condorcet winner among the positions (see the crate doc for ties).
    pub median: f64,
    /// The c·s-weighted mean position.
    pub mean: f64,
    /// The risk exponents r_i the actors used to evaluate offers in this round (input order);
    /// empty for round 0.
    pub risk: Vec<f64>,
    /// The offers accepted in this round, by receiver in input order; empty for round 0.
    pub moves: Vec<Move>,
}

/// A whole run on one issue.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// Δ = max − min of the initial positions: the scale of every distance in the run.
    pub delta: f64,
    /// Round 0 (initial) to the last round run.
    pub rounds: Vec<RoundState>,
    /// Whether the last round run changed no position (false when no round was run).
    pub stable: bool,
}

impl Trajectory {
    /// How the run settled (see [`brink_core::convergence`]; the tolerance is 1e-9 × Δ):
    /// `None` when no round was run.
    pub fn settling(&self) -> Option<brink_core::Settling> {
        let states: Vec<&[f64]> = self.rounds.iter().map(|r| &r.positions[..]).collect();
        brink_core::convergence::settling_of_run(&states, engine::tolerance(self.delta))
    }

    /// The final round's state.
    pub fn last(&self) -> &RoundState {
        self.rounds
            .last()
            .expect("a trajectory always holds round 0")
    }
}

/// The result of [`run_into`]: the final state's figures and how the run settled, without the
/// per-round records.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub mean: f64,
    pub median: f64,
    /// Rounds run (≤ the requested rounds; fewer when `until_stable` stopped early).
    pub rounds_run: usize,
    /// Whether the last round run changed no position.
    pub stable: bool,
    /// How the run settled (`None` when no round was run).
    pub settling: Option<brink_core::Settling>,
    /// What [`Bdm`] reports as the forecast: the final c·s-weighted mean, or for a run that ends
    /// in a cycle the mean of the weighted means over the cycle's states.
    pub forecast: f64,
}

/// Bad inputs to [`run`] / [`run_into`]; `actor` is an index into the input slices.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BdmError {
    #[error("no actor holds a position: expected at least one")]
    NoActors,
    #[error("expected as many capabilities and saliences as positions ({positions}), found {capabilities} capabilities and {saliences} saliences")]
    LengthMismatch {
        positions: usize,
        capabilities: usize,
        saliences: usize,
    },
    #[error("actor #{actor}: expected {field} {expected}, found {value}")]
    BadValue {
        actor: usize,
        field: &'static str,
        expected: &'static str,
        value: f64,
    },
}

/// Checks the inputs: equal lengths, at least one actor, finite positions, capabilities ≥ 0,
/// saliences in [0, 1].
pub fn validate(inputs: &BdmInputs) -> Result<(), BdmError> {
    let n = inputs.positions.len();
    if inputs.capabilities.len() != n || inputs.saliences.len() != n {
        return Err(BdmError::LengthMismatch {
            positions: n,
            capabilities: inputs.capabilities.len(),
            saliences: inputs.saliences.len(),
        });
    }
    if n == 0 {
        return Err(BdmError::NoActors);
    }
    for i in 0..n {
        let (x, c, s) = (
            inputs.positions[i],
            inputs.capabilities[i],
            inputs.saliences[i],
        );
        if !x.is_finite() {
            return Err(BdmError::BadValue {
                actor: i,
                field: "position",
                expected: "a finite number",
                value: x,
            });
        }
        if !(c.is_finite() && c >= 0.0) {
            return Err(BdmError::BadValue {
                actor: i,
                field: "capability",
                expected: "a finite number ≥ 0",
                value: c,
            });
        }
        if !(0.0..=1.0).contains(&s) {
            return Err(BdmError::BadValue {
                actor: i,
                field: "salience",
                expected: "a number in [0, 1]",
                value: s,
            });
        }
    }
    Ok(())
}
