//! Candidate exchanges: the model's numbers per arithmetic (`Data`), a round's shared state
//! (`Ctx`), and the computation of one candidate (sizing, outcome checks, recorded updates).

use super::*;

/// The outcomes of a candidate computation's comparisons in order: recorded by a computation,
/// replayed by another of the same inputs in another arithmetic (the hybrid computes a candidate
/// that its enclosures decided in decimals this way, without the comparisons and so without the
/// exact move histories that only comparisons read).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Tape {
    pub(super) bits: u64,
    pub(super) len: u8,
    pub(super) pos: u8,
    pub(super) replay: bool,
}

impl Tape {
    /// Starts recording, or replaying from the first decision.
    pub(super) fn start(&mut self) {
        if self.replay {
            self.pos = 0;
        } else {
            *self = Tape::default();
        }
    }

    /// The decision `f` makes (recorded), or the recorded one.
    pub(super) fn decide(&mut self, f: impl FnOnce() -> bool) -> bool {
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
    pub(super) fn complete(&self) -> bool {
        self.len <= 64
    }
}

/// Exact facts about a side's supply position x and the partner's position y on that issue:
/// decide's comparisons of them and the end of a move all the way, which enclosures of equal or
/// nearly equal decimals cannot decide.
#[derive(Clone, Copy, Debug)]
pub(super) struct Gap {
    /// x > y.
    pub(super) above: bool,
    /// x + (y − x) = y in decide's decimals: a move all the way ends exactly on y.
    pub(super) lands: bool,
}

impl Gap {
    pub(super) fn of(x: &Dec28, y: &Dec28) -> Gap {
        Gap {
            above: x > y,
            lands: x.add(&y.sub(x)) == *y,
        }
    }
}

/// One side of a candidate exchange while it is being computed.
#[derive(Clone, Debug)]
pub(super) struct Side<N> {
    pub(super) actor: u32,
    pub(super) supply: u32,
    pub(super) demand: u32,
    pub(super) sup_pos: N,
    /// This actor's position on its demand issue at the round's start.
    pub(super) dem_pos: N,
    pub(super) start: N,
    pub(super) y: N,
    pub(super) mv: N,
    /// Decide's move history for this side, which decides validity (all moves one way).
    pub(super) moves: Vec<N>,
    /// Facts about this side's move toward the partner, known exactly by the hybrid engine
    /// (`None`: the arithmetic decides them itself).
    pub(super) gap: Option<Gap>,
    pub(super) eu: N,
    pub(super) gain: N,
    pub(super) nbs0: N,
    pub(super) nbs1: N,
    pub(super) s_sup: N,
    pub(super) c_sup: N,
    pub(super) cs_sup: N,
    pub(super) s_dem: N,
    /// The ratio of decide's `by_exchange_ratio` with this side supplying,
    /// (s_sup + partner's s_dem) / (s_dem + partner's s_sup), when computed once for the
    /// candidate (see [`Candidate::fill`]).
    pub(super) ratio: Option<N>,
}

#[derive(Clone, Debug)]
pub(super) struct Candidate<N> {
    pub(super) i: Side<N>,
    pub(super) j: Side<N>,
    pub(super) p: u32,
    pub(super) q: u32,
    /// Created from groups A×D (true) or B×C (false).
    pub(super) ad: bool,
    pub(super) gain: N,
    /// `gain.rank_key()`, cached for sorting.
    pub(super) key: i64,
    pub(super) dp: N,
    pub(super) dq: N,
    pub(super) valid: bool,
    /// The branches the last computation took: i (rather than j) moved all the way, and the
    /// side whose outcome check last resized the exchange (`Some(true)`: i). The gain follows
    /// from these and the inputs alone ([`gain_on_path`]).
    pub(super) far: bool,
    pub(super) last_crossing: Option<bool>,
    pub(super) tape: Tape,
    /// Positions of other actors moved by executed exchanges, as this candidate records them:
    /// (issue, actor, position).
    pub(super) updates: Vec<(u32, u32, N)>,
}

impl<N: Num> Candidate<N> {
    pub(super) fn update(&self, issue: u32, actor: u32) -> Option<&N> {
        self.updates
            .iter()
            .find(|(k, a, _)| *k == issue && *a == actor)
            .map(|(_, _, v)| v)
    }
    pub(super) fn set_update(&mut self, issue: u32, actor: u32, value: N) {
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
pub(super) struct Data<N> {
    pub(super) nk: usize,
    pub(super) has: Vec<bool>,
    pub(super) s: Vec<N>,
    pub(super) c: Vec<N>,
    pub(super) cs: Vec<N>,
    /// Per issue, the actors holding it, in actor order (decide's summation order).
    pub(super) holders: Vec<Vec<u32>>,
    /// Σ s·c per issue (positions change, capabilities and saliences do not).
    pub(super) denom: Vec<N>,
    /// `place[a * nk + k]`: actor a's place among the holders of issue k (u32::MAX: none).
    pub(super) place: Vec<u32>,
    /// `ratio[(a * nk + p) * nk + q]`: decide's s_ap / s_aq, which orders a candidate's sides
    /// (saliences never change: computed once, not per candidate and round); zero where
    /// s_aq ≤ 0 (no candidate then).
    pub(super) ratio: Vec<N>,
    /// `movable[a * nk + k]`: s > 0 and c·s > 0 (a candidate needs both on its two issues for
    /// both actors; decide would divide by zero otherwise).
    pub(super) movable: Vec<bool>,
}

/// A candidate's recorded updates prepared for one side's outcome sums ([`Ctx::others`]).
pub(super) struct Others<'u, N> {
    pub(super) updates: &'u [(u32, u32, N)],
    /// For sums by changes: the round-start sum plus the other actors' changes, and the bound
    /// on the absolute terms it involves.
    pub(super) by_changes: Option<(N, f64)>,
}

/// The state every candidate of a round reads: round-start positions and the data.
pub(super) struct Ctx<'a, N> {
    pub(super) data: &'a Data<N>,
    pub(super) x: &'a [N],
    /// Σ (x·s)·c per issue at the round's start.
    pub(super) numer: Vec<N>,
    /// (x·s)·c per actor and issue at the round's start.
    pub(super) terms: Vec<N>,
    /// Per issue, decide's running sum of `terms` over its holders: `prefix[k][i]` after the
    /// first i holders.
    pub(super) prefix: Vec<Vec<N>>,
    /// Per issue, a bound on Σ |terms| (for the rounding slack of sums by changes).
    pub(super) abs_terms: Vec<f64>,
    /// Per issue, (4n + 16)·10⁻²⁷ for its n holders (see [`Ctx::numerator_by_changes`]).
    pub(super) widen_per_bound: Vec<f64>,
    pub(super) rule: Rule,
    pub(super) rng: &'a mut ChaCha8Rng,
}

impl<'a, N: Num> Ctx<'a, N> {
    /// The round's context at start positions `x`.
    pub(super) fn new(
        data: &'a Data<N>,
        x: &'a [N],
        rule: Rule,
        rng: &'a mut ChaCha8Rng,
    ) -> Ctx<'a, N> {
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

    pub(super) fn at(&self, a: u32, k: u32) -> usize {
        a as usize * self.data.nk + k as usize
    }

    /// Decide's Σ (x·s)·c over the holders of issue k in actor order, with the actors for which
    /// `moved` gives a position there (all at or after holder place `first`), the others at the
    /// round's start. Decide rounds after every step, so the sum is redone from the first moved
    /// holder on; what comes before it is the round-start prefix.
    pub(super) fn numerator<'p>(
        &self,
        k: u32,
        first: usize,
        moved: impl Fn(u32) -> Option<&'p N>,
    ) -> N
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
    pub(super) fn others<'u>(&self, updates: &'u [(u32, u32, N)], side: &Side<N>) -> Others<'u, N> {
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
    pub(super) fn numerator_by_changes(&self, others: &Others<N>, side: &Side<N>, own: &N) -> N {
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
    pub(super) fn first_moved(&self, updates: &[(u32, u32, N)], own: u32, k: u32) -> usize {
        let place = |a: u32| self.data.place[self.at(a, k)] as usize;
        updates
            .iter()
            .filter(|(issue, _, _)| *issue == k)
            .map(|(_, a, _)| place(*a))
            .fold(place(own), usize::min)
    }

    /// The outcome on `side`'s supply issue with the candidate's recorded updates and `side`'s
    /// actor at `new_pos` (decide's `adjusted_nbs`: updates first, the actor last).
    pub(super) fn adjust_nbs(&self, others: &Others<N>, side: &Side<N>, new_pos: &N) -> N {
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
    pub(super) fn shift_for_outcome(
        &self,
        others: &Others<N>,
        side: &Side<N>,
        x_pos: &N,
        target: &N,
    ) -> N {
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
pub(super) fn move_valid<N: Num>(side: &Side<N>, mv: &N) -> bool {
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

pub(super) fn replace_last<N>(moves: &mut Vec<N>, m: N) {
    moves.pop();
    moves.push(m);
}

/// decide's `by_exchange_ratio` for supplier `a` and partner `b`: the partner's outcome shift
/// that gives both the same gain for `a`'s shift `r`.
pub(super) fn equal_gain_ratio<N: Num>(a: &Side<N>, b: &Side<N>, r: &N) -> N {
    match &a.ratio {
        Some(ratio) => ratio.mul(r),
        None => ratio_of(a, b).mul(r),
    }
}

/// The ratio of [`equal_gain_ratio`] (a quotient decide rounds before the product).
pub(super) fn ratio_of<N: Num>(a: &Side<N>, b: &Side<N>) -> N {
    a.s_sup.add(&b.s_dem).div(&a.s_dem.add(&b.s_sup))
}

/// The outcome shifts (dp, dq) of decide's first sizing: j moves all the way to i's position on
/// p and i's shift on q follows from equal gain; with `far`, i moves all the way on q instead.
pub(super) fn all_the_way<N: Num>(
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
pub(super) fn equal_gain<N: Num>(b: &Side<N>, dp: &N, dq: &N) -> N {
    dq.mul(&b.s_sup).sub(&dp.mul(&b.s_dem)).abs()
}

/// Decide's resizing when side `a`'s move carries the outcome past partner `b`'s position:
/// `a`'s shift that stops the outcome there, and the outcome shifts (dp, dq) that follow.
pub(super) fn crossing_shift<N: Num>(
    ctx: &Ctx<N>,
    others: &Others<N>,
    a: &Side<N>,
    b: &Side<N>,
) -> (N, N, N) {
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
pub(super) fn gain_on_path<N: Num>(
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
pub(super) fn check_nbs<N: Num>(ctx: &Ctx<N>, c: &mut Candidate<N>, a_is_i: bool) {
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
pub(super) fn calculate<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>) {
    calculate_with_own_moves(ctx, c, |_| {});
    c.i.moves.pop();
    c.j.moves.pop();
}

/// What decide's first sizing of a feasible candidate leaves before the outcome checks: it
/// reads the supply and demand positions and the move histories only, not the recorded
/// updates, so a candidate recomputed because an update was recorded can start from it.
#[derive(Clone, Debug)]
pub(super) struct Sizing<N> {
    pub(super) mv: (N, N),
    pub(super) y: (N, N),
    pub(super) gain: N,
    pub(super) dp: N,
    pub(super) dq: N,
    pub(super) far: bool,
    /// The decisions up to the outcome checks.
    pub(super) tape: Tape,
}

/// [`calculate`] from a [`Sizing`] that a computation of the same positions and histories
/// left (see [`calculate_with_own_moves`]): the outcome checks and what follows them only.
pub(super) fn calculate_from_sizing<N: Num>(
    ctx: &mut Ctx<N>,
    c: &mut Candidate<N>,
    sized: &Sizing<N>,
) {
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
pub(super) fn calculate_with_own_moves<N: Num>(
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
pub(super) fn check_outcomes<N: Num>(ctx: &mut Ctx<N>, c: &mut Candidate<N>) {
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
pub(super) fn both_valid<N: Num>(c: &mut Candidate<N>) -> bool {
    let Candidate { i, j, tape, .. } = c;
    tape.decide(|| move_valid(i, &i.mv)) && tape.decide(|| move_valid(j, &j.mv))
}

/// The exchange rates dq/dp at which j (low end) and i (high end) gain nothing.
pub(super) fn rate_interval<N: Num>(c: &Candidate<N>) -> (f64, f64) {
    // i supplies q and demands p; j supplies p and demands q.
    let lo = c.j.s_sup.f() / c.j.s_dem.f();
    let hi = c.i.s_dem.f() / c.i.s_sup.f();
    (lo.min(hi), lo.max(hi))
}

/// Resizes a feasible equal-gain candidate to exchange at `rate` = dq/dp: as large as the same
/// limits allow (neither actor beyond its partner's position, neither outcome past the
/// partner's position), then records both gains.
pub(super) fn set_rate<N: Num>(ctx: &Ctx<N>, c: &mut Candidate<N>, rate: f64) {
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
pub(super) fn touched_by<N: Num>(c: &Candidate<N>, e: &Candidate<N>) -> bool {
    let touches = |s: &Side<N>| {
        [&e.i, &e.j]
            .iter()
            .any(|es| s.actor == es.actor && (s.supply == es.supply || s.demand == es.demand))
    };
    touches(&c.i) || touches(&c.j)
}

/// Which side of `e` (0: i, 1: j) has the actor supplying the same issue as side `s`.
pub(super) fn same_supply_index<N: Num>(s: &Side<N>, e: &Candidate<N>) -> Option<usize> {
    [&e.i, &e.j]
        .into_iter()
        .position(|es| s.actor == es.actor && s.supply == es.supply)
}

/// The side of `e` whose actor supplies the same issue as side `s`.
pub(super) fn same_supply<'e, N: Num>(s: &Side<N>, e: &'e Candidate<N>) -> Option<&'e Side<N>> {
    [&e.i, &e.j]
        .into_iter()
        .find(|es| s.actor == es.actor && s.supply == es.supply)
}

/// Decide's choice of the position recorded for a mover that went from `start` to `y`, when
/// `prev` was recorded before: the one furthest along the mover's way (whether `prev` stays).
pub(super) fn keeps_prev<N: Num>(start: &N, y: &N, prev: &N) -> bool {
    if start <= prev {
        prev < y
    } else {
        prev > y
    }
}

/// Decide's record of a partner's move on the issue a side of `c` demands, after `e` executed
/// ([`keeps_prev`], which `keeps(mover, issue, prev)` decides; mover 0 is `e.i`, 1 is `e.j`).
/// Per mover, the issue recorded on and whether the mover's new position was recorded.
pub(super) fn record_updates<N: Num>(
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
pub(super) fn recalculate<N: Num>(
    ctx: &mut Ctx<N>,
    c: &mut Candidate<N>,
    e: &Candidate<N>,
) -> bool {
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
    pub(super) fn new(prob: &Problem) -> Data<N> {
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
    pub(super) fn normalised(&self, prob: &Problem) -> Vec<N> {
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

    pub(super) fn outcomes(&self, x: &[N]) -> Vec<N> {
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
pub(super) fn new_side<N: Num>(
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
    pub(super) fn blank() -> Side<N> {
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
    pub(super) fn fill(
        &mut self,
        data: &Data<N>,
        x: &[N],
        actor: usize,
        supply: usize,
        demand: usize,
    ) {
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
    pub(super) fn blank() -> Candidate<N> {
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
    pub(super) fn fill(
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
pub(super) fn candidate_actors<N: Num>(
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
