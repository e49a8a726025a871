//! The hybrid exact run: equal-gain candidates on f64 enclosures of decide's decimals, computed
//! in [`Dec28`] only where an enclosure cannot decide a comparison.

use super::*;

/// History entries of a candidate not yet known exactly: (side i?, index in its history, the
/// snapshot of the candidate's state whose own move it is).
pub(super) type Pending = Vec<(bool, usize, u32)>;

/// What decides a candidate's own moves at the moment one of them entered a history, to compute
/// that move exactly if it is ever needed: the inputs that change (supply positions, recorded
/// updates: a range of [`Snapshots::updates`]) and the decisions its enclosures took, which a
/// replay follows without reading the histories (the candidate's other data never change).
pub(super) struct Snapshot {
    pub(super) sup: (Dec28, Dec28),
    pub(super) updates: (u32, u32),
    pub(super) tape: Tape,
    /// The exact own moves (side i, side j), once computed.
    pub(super) own: Option<(Dec28, Dec28)>,
}

/// The round's snapshots side by side, named by index: thousands are taken in a round and
/// hardly any is ever read, so they are not allocated one by one.
#[derive(Default)]
pub(super) struct Snapshots {
    pub(super) list: Vec<Snapshot>,
    pub(super) updates: Vec<(u32, u32, Dec28)>,
}

impl Snapshots {
    pub(super) fn clear(&mut self) {
        self.list.clear();
        self.updates.clear();
    }

    /// Takes a snapshot of `c`'s changing inputs with its decisions `tape`.
    pub(super) fn take(
        &mut self,
        c: &Candidate<Dec28>,
        tape: Tape,
        own: Option<(Dec28, Dec28)>,
    ) -> u32 {
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
    pub(super) fn own(
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
pub(super) fn resolve(
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
pub(super) struct Twin {
    pub(super) exact: Candidate<Dec28>,
    pub(super) encl: Candidate<Encl>,
    pub(super) fresh: bool,
    pub(super) pending: Pending,
    /// The exact gain of the current inputs when known without the rest ([`gain_on_path`]).
    pub(super) gain: Option<Dec28>,
    /// The enclosed computation's [`Sizing`] when its enclosures decided it, for a
    /// recomputation after recorded updates only.
    pub(super) sizing: Option<Sizing<Encl>>,
}

/// Equal-gain candidates computed on enclosures, and exactly only when an enclosure cannot
/// decide a comparison, to rank candidates whose gains' enclosures overlap, and to execute
/// one. Every decision equals the exact run's: a decided comparison of enclosures is the
/// comparison of the enclosed decimals.
pub(super) struct Hybrid<'a> {
    pub(super) exact: Ctx<'a, Dec28>,
    pub(super) encl: Ctx<'a, Encl>,
    /// The candidates: the first `len` are the round's; the rest are storage kept from earlier
    /// rounds, refilled in place (twins are large, with vectors inside: building and freeing
    /// thousands of them every round cost more than computing them).
    pub(super) cands: Vec<Twin>,
    pub(super) len: usize,
    /// Every candidate's gain enclosure (`encl.gain`), side by side: ranking reads these
    /// again and again, and only these unless they overlap.
    pub(super) gains: Vec<Encl>,
    pub(super) snaps: Snapshots,
    /// The enclosures of the last executed candidate's sides' start and end positions
    /// (side i, side j), which the candidates it touches take.
    pub(super) moved: [(Encl, Encl); 2],
}

impl Twin {
    pub(super) fn blank() -> Twin {
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
    pub(super) fn compute(
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
    pub(super) fn calculate_enclosed(encl: &mut Ctx<Encl>, t: &mut Twin) {
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

    pub(super) fn compute_exact(ctx: &mut Ctx<Dec28>, snaps: &mut Snapshots, t: &mut Twin) {
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
    pub(super) fn compute_exact_on_path(ctx: &mut Ctx<Dec28>, snaps: &mut Snapshots, t: &mut Twin) {
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
    pub(super) fn adopt_exact(t: &mut Twin) {
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
    pub(super) fn ensure_gain(&mut self, ix: u32) {
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

    pub(super) fn ensure_exact(&mut self, ix: u32) {
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
pub(super) fn recalculate_twin(
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

/// The hybrid's candidate source: the exact and enclosed data, the random stream (and a spare
/// one for the enclosed context, which never draws: equal gain), and the candidates' storage,
/// kept from round to round (see [`Hybrid::cands`]).
pub(super) struct HybridSource<'d> {
    data: &'d Data<Dec28>,
    data_encl: Data<Encl>,
    rule: Rule,
    rng: ChaCha8Rng,
    spare: ChaCha8Rng,
    storage: Vec<Twin>,
    gains: Vec<Encl>,
    snaps: Snapshots,
}

impl CandidateSource<Dec28> for HybridSource<'_> {
    fn select_round(
        &mut self,
        x: &[Dec28],
        left: &[bool],
    ) -> (usize, Vec<Candidate<Dec28>>, usize) {
        let x_encl: Vec<Encl> = x.iter().map(Dec28::enclose).collect();
        let mut pool = Hybrid {
            exact: Ctx::new(self.data, x, self.rule, &mut self.rng),
            encl: Ctx::new(&self.data_encl, &x_encl, self.rule, &mut self.spare),
            cands: std::mem::take(&mut self.storage),
            len: 0,
            gains: std::mem::take(&mut self.gains),
            snaps: std::mem::take(&mut self.snaps),
            moved: [(Encl::exact(0.0), Encl::exact(0.0)); 2],
        };
        pool.gains.clear();
        pool.snaps.clear();
        // Exact: no tie is left to rounding (`gain_ties` is 0).
        let selected = select(&mut pool, self.data, left);
        (self.storage, self.gains, self.snaps) = (pool.cands, pool.gains, pool.snaps);
        selected
    }
}

/// Runs the equal-gain model in decide's decimals with the hybrid pool: the same run as
/// [`run_exact`] (the tests compare them), most of the work on f64 enclosures.
pub fn run_hybrid(prob: &Problem, settings: &Settings, seed: u64) -> Run {
    if settings.rule != Rule::EqualGain {
        return run_exact(prob, settings, seed);
    }
    let data = Data::<Dec28>::new(prob);
    let mut source = HybridSource {
        data: &data,
        data_encl: Data::<Encl>::new(prob),
        rule: settings.rule,
        rng: ChaCha8Rng::seed_from_u64(seed),
        spare: ChaCha8Rng::seed_from_u64(seed),
        storage: Vec::new(),
        gains: Vec::new(),
        snaps: Snapshots::default(),
    };
    drive(prob, settings, &data, &mut source)
}
