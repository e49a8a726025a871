//! The round driver every run shares: start outcome, selection by the run's candidate source,
//! the round's tail (voting positions, outcomes, next start positions, externalities) and the
//! stopping rule.

use super::*;

/// Whether a run stops after `round`: no exchange was made, or, with a stability tolerance
/// (`until_stable`), the start positions have converged or (equal gain: the next round is a
/// function of the start positions) entered a cycle — judged by [`brink_core::convergence`] on
/// `starts`, the start positions of every round so far, to which `next` is added.
pub(super) fn run_stops<N: Num>(
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

/// How a run computes the candidates of its rounds: the one thing the runs differ in.
pub(super) trait CandidateSource<N: Num> {
    /// Decide's selection in the round starting at positions `x` ([`select`]): the number of
    /// feasible candidates at the start, the executed exchanges in order, and the gain ties
    /// left to the list order ([`Round::gain_ties`]).
    fn select_round(&mut self, x: &[N], left: &[bool]) -> (usize, Vec<Candidate<N>>, usize);
}

/// Candidates computed in one arithmetic ([`Plain`]), in storage kept from round to round.
pub(super) struct PlainSource<'d, N> {
    pub(super) data: &'d Data<N>,
    pub(super) rule: Rule,
    pub(super) rng: ChaCha8Rng,
    pub(super) storage: Vec<Candidate<N>>,
}

impl<N: Num> CandidateSource<N> for PlainSource<'_, N> {
    fn select_round(&mut self, x: &[N], left: &[bool]) -> (usize, Vec<Candidate<N>>, usize) {
        let mut pool = Plain {
            ctx: Ctx::new(self.data, x, self.rule, &mut self.rng),
            cands: std::mem::take(&mut self.storage),
            len: 0,
        };
        let selected = select(&mut pool, self.data, left);
        self.storage = pool.cands;
        selected
    }
}

/// A run in one arithmetic `N`, its candidates in `storage` (kept for the next run).
pub(super) fn run_in<N: Num>(
    prob: &Problem,
    settings: &Settings,
    seed: u64,
    storage: &mut Vec<Candidate<N>>,
) -> Run {
    let data = Data::<N>::new(prob);
    let mut source = PlainSource {
        data: &data,
        rule: settings.rule,
        rng: ChaCha8Rng::seed_from_u64(seed),
        storage: std::mem::take(storage),
    };
    let run = drive(prob, settings, &data, &mut source);
    *storage = source.storage;
    run
}

/// The rounds of a run, from the problem's start positions until a round executes nothing,
/// the stopping rule holds or `settings.rounds` have run; `source` computes the candidates.
pub(super) fn drive<N: Num, C: CandidateSource<N>>(
    prob: &Problem,
    settings: &Settings,
    data: &Data<N>,
    source: &mut C,
) -> Run {
    let (na, nk) = (prob.n_actors(), prob.n_issues());
    let tail = Tail::new(data, settings);
    let mut x = data.normalised(prob);
    let mut starts = vec![to_f64(&x)];
    let mut rounds = Vec::new();
    for _ in 0..settings.rounds {
        let start_outcome = data.outcomes(&x);
        let left: Vec<bool> = (0..na * nk)
            .map(|ix| !gt(&x[ix], &start_outcome[ix % nk]))
            .collect();
        let (candidates, executed, gain_ties) = source.select_round(&x, &left);
        let (mut round, next) = finish_round(
            prob,
            data,
            &tail,
            &x,
            start_outcome,
            &left,
            candidates,
            executed,
        );
        round.gain_ties = gain_ties;
        let done = run_stops(settings, &round, &mut starts, &next);
        x = next;
        rounds.push(round);
        if done {
            break;
        }
    }
    Run { rounds }
}

pub(super) fn to_f64<N: Num>(v: &[N]) -> Vec<f64> {
    v.iter().map(Num::f).collect()
}

/// What the tail of every round reads that never changes in a run: decide's weights of the
/// next start position per actor and issue, w = (1 − s)·sw and rest = 1 − w − fw (the same
/// decimal operations decide makes, made once: the constants sw and fw are exact doubles with
/// long decimal expansions, slow to compute with), and the saliences in f64.
pub(super) struct Tail<N> {
    pub(super) w: Vec<N>,
    pub(super) rest: Vec<N>,
    pub(super) fw: N,
    pub(super) s: Vec<f64>,
}

impl<N: Num> Tail<N> {
    pub(super) fn new(data: &Data<N>, settings: &Settings) -> Tail<N> {
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
pub(super) fn finish_round<N: Num>(
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
