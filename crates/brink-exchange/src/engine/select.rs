//! Decide's selection within a round: all feasible candidates, then the best executed and the
//! candidates it touches recomputed, again and again; over a [`Pool`] of candidates computed in
//! one arithmetic ([`Plain`]) or the hybrid's way.

use super::*;

/// The feasible candidates of a round, as the selection sees them.
pub(super) trait Pool<N: Num> {
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

/// Candidates computed in one arithmetic: the first `len` of `cands` are the round's; the rest
/// is storage kept from earlier rounds (and runs: [`Workspace`]), refilled in place, so that the
/// vectors inside candidates are not allocated again for every candidate of every round.
pub(super) struct Plain<'a, N> {
    pub(super) ctx: Ctx<'a, N>,
    pub(super) cands: Vec<Candidate<N>>,
    pub(super) len: usize,
}

impl<N: Num> Pool<N> for Plain<'_, N> {
    fn add(&mut self, actors: (usize, usize), issues: (usize, usize), ad: bool) {
        if self.len == self.cands.len() {
            self.cands.push(Candidate::blank());
        }
        let c = &mut self.cands[self.len];
        c.fill(self.ctx.data, self.ctx.x, actors, issues, ad, true);
        calculate(&mut self.ctx, c);
        if c.valid {
            self.len += 1;
        }
    }
    fn len(&self) -> usize {
        self.len
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

/// Decide's selection in a round: all feasible candidates, then again and again the best one
/// executed and the ones it touches recomputed. Returns the number of feasible candidates at
/// the start, the executed exchanges in order, and (f64 only, see [`Round::gain_ties`]) how
/// many picks were between gains equal to within [`GAIN_QUANTUM`].
pub(super) fn select<N: Num, P: Pool<N>>(
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
    // (actor, demand issue) of their sides (sides never change actor or issues). One flat list
    // per key kind, candidates of key k at `items[start[k]..start[k + 1]]` (two passes: no
    // vector per key grown push by push every round).
    let by_supply = Touching::new(pool, na * nk, |s| s.actor as usize * nk + s.supply as usize);
    let by_demand = Touching::new(pool, na * nk, |s| s.actor as usize * nk + s.demand as usize);
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
            for &ix in by_supply.of(sup).iter().chain(by_demand.of(dem)) {
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

/// The candidates whose sides have a given key (actor and supply issue, or actor and demand
/// issue), in index order, for every key at once.
struct Touching {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Touching {
    fn new<N: Num, P: Pool<N>>(pool: &P, keys: usize, key: impl Fn(&Side<N>) -> usize) -> Self {
        let mut start = vec![0u32; keys + 1];
        for ix in 0..pool.len() {
            let (i, j) = pool.sides(ix);
            start[key(i) + 1] += 1;
            start[key(j) + 1] += 1;
        }
        for k in 0..keys {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[keys] as usize];
        for ix in 0..pool.len() {
            let (i, j) = pool.sides(ix);
            for s in [i, j] {
                let slot = &mut fill[key(s)];
                items[*slot as usize] = ix as u32;
                *slot += 1;
            }
        }
        Touching { start, items }
    }

    fn of(&self, key: usize) -> &[u32] {
        &self.items[self.start[key] as usize..self.start[key + 1] as usize]
    }
}
