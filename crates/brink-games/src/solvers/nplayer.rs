//! What the n-player mixed solvers share: a strategic game's payoffs in `f64` scaled to a unit
//! range, the values of strategies and of pairs of strategies against a mixed profile (the
//! Jacobian of the payoff map), Euclidean projection onto a simplex, Newton's method on the
//! indifference equations of a support (which turns an approximate equilibrium into one that
//! meets the regret tolerance), and duplicate removal.

use crate::equilibrium::{regret_tolerance, strategic_f64 as strategic_eq_f64, Equilibrium};
use crate::error::SolveError;
use crate::model::StrategicGame;
use crate::profile::{strategic_regret, strategy_values};
use crate::solve::{Method, Options};
use crate::solvers::linalg;

/// `solve`'s entry for the n-player methods on a strategic game: runs the method, then checks
/// every profile's regret against the tolerance every method meets.
pub(crate) fn solve(
    game: &StrategicGame,
    method: Method,
    opts: &Options,
) -> Result<Vec<Equilibrium>, SolveError> {
    match method {
        Method::Simpdiv => {
            let (sigma, restarts) = super::simpdiv::simpdiv(game, &opts.simpdiv)?;
            let mut e = strategic_eq_f64(game, sigma, method, true)?;
            e.notes.push(format!("{restarts} restarts of the grid"));
            Ok(vec![e])
        }
        Method::Ipa => {
            let (sigma, iterations) = super::ipa::ipa(game, &opts.ipa)?;
            let mut e = strategic_eq_f64(game, sigma, method, true)?;
            e.notes
                .push(format!("{iterations} polymatrix approximations"));
            Ok(vec![e])
        }
        Method::Liap => {
            let tol = regret_tolerance(game.payoff_table().iter());
            let found = super::liap::liap(game, &opts.liap, tol);
            let mut out = found
                .equilibria
                .into_iter()
                .map(|s| strategic_eq_f64(game, s, method, true))
                .collect::<Result<Vec<_>, _>>()?;
            if found.non_equilibrium_minima > 0 {
                if let Some(e) = out.first_mut() {
                    e.notes.push(format!(
                        "{} of {} starts ended at a local minimum that is not an equilibrium",
                        found.non_equilibrium_minima,
                        opts.liap.starts.max(1)
                    ));
                }
            }
            if out.is_empty() {
                return Err(SolveError::no_convergence(
                    method.name(),
                    format!(
                        "none of {} starts reached an equilibrium (try more starts or another seed)",
                        opts.liap.starts.max(1)
                    ),
                ));
            }
            Ok(out)
        }
        Method::Enumpoly => {
            let tol = regret_tolerance(game.payoff_table().iter());
            let found = super::enumpoly::enumpoly(game, &opts.enumpoly, tol)?;
            let mut out = found
                .equilibria
                .into_iter()
                .map(|s| strategic_eq_f64(game, s, method, true))
                .collect::<Result<Vec<_>, _>>()?;
            if found.degenerate_supports > 0 {
                if let Some(e) = out.first_mut() {
                    e.notes.push(format!(
                        "{} supports have non-isolated solutions (a continuum of equilibria); only isolated equilibria are listed",
                        found.degenerate_supports
                    ));
                }
            }
            Ok(out)
        }
        _ => unreachable!("not an n-player method: {method}"),
    }
}

/// A mixed profile in `f64`: `[player][strategy]`.
pub type Mixed = Vec<Vec<f64>>;

/// Payoffs of a strategic game in `f64`, divided by their range so every solver's tolerances
/// are relative (the equilibria do not change).
pub struct Payoffs {
    pub counts: Vec<usize>,
    /// Player-major offsets of each player's first strategy in a flat list of all strategies.
    pub offsets: Vec<usize>,
    /// Profile-major table (player fastest within a profile), scaled.
    pub table: Vec<f64>,
    /// The payoff range the table was divided by (1 when all payoffs are equal).
    pub range: f64,
    profiles: usize,
}

impl Payoffs {
    pub fn new(game: &StrategicGame) -> Self {
        let raw = game.payoff_table_f64();
        let (lo, hi) = raw
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let range = if hi > lo && (hi - lo).is_finite() {
            hi - lo
        } else {
            1.0
        };
        let counts = game.num_strategies();
        let offsets = counts
            .iter()
            .scan(0, |at, &c| {
                *at += c;
                Some(*at - c)
            })
            .collect();
        Payoffs {
            counts,
            offsets,
            table: raw.iter().map(|x| x / range).collect(),
            range,
            profiles: game.num_profiles(),
        }
    }

    pub fn num_players(&self) -> usize {
        self.counts.len()
    }

    pub fn total_strategies(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The uniform profile.
    pub fn centroid(&self) -> Mixed {
        self.counts
            .iter()
            .map(|&c| vec![1.0 / c as f64; c])
            .collect()
    }

    /// `u_i(j, σ_{-i})` for every player `i` and strategy `j`.
    pub fn values(&self, game: &StrategicGame, sigma: &Mixed) -> Mixed {
        strategy_values(game, &self.table, sigma)
    }

    /// Expected payoffs and maximum regret (both scaled).
    pub fn regret(&self, game: &StrategicGame, sigma: &Mixed) -> (Vec<f64>, f64) {
        strategic_regret(game, &self.table, sigma)
    }

    /// `W[a][b]` for flat strategies `a = (i, j)`, `b = (k, l)` of different players: player
    /// `i`'s expected payoff when `i` plays `j` and `k` plays `l`, the others mixing by `sigma`
    /// (0 when `i = k`). `∂u_i(j, σ_{-i}) / ∂σ_kl = W[a][b]`.
    pub fn pair_values(&self, sigma: &Mixed) -> Vec<Vec<f64>> {
        let n = self.num_players();
        let total = self.total_strategies();
        let mut w = vec![vec![0.0; total]; total];
        let mut idx = vec![0usize; n];
        for prof in 0..self.profiles {
            for i in 0..n {
                let pay = self.table[prof * n + i];
                if pay == 0.0 {
                    continue;
                }
                for k in 0..n {
                    if k == i {
                        continue;
                    }
                    let mut weight = pay;
                    for q in 0..n {
                        if q != i && q != k {
                            weight *= sigma[q][idx[q]];
                        }
                    }
                    w[self.offsets[i] + idx[i]][self.offsets[k] + idx[k]] += weight;
                }
            }
            for (p, x) in idx.iter_mut().enumerate() {
                *x += 1;
                if *x < self.counts[p] {
                    break;
                }
                *x = 0;
            }
        }
        w
    }

    /// Newton's method on the equations of the support `{j : σ_ij > threshold}`: every
    /// supported strategy earns the player's value `v_i`, the supported probabilities sum to 1.
    /// Returns the solution (unsupported strategies at 0) when Newton converges to a
    /// non-negative point; the caller checks regret.
    pub fn polish(&self, sigma: &Mixed, threshold: f64) -> Option<Mixed> {
        let support: Vec<Vec<usize>> = sigma
            .iter()
            .map(|s| (0..s.len()).filter(|&j| s[j] > threshold).collect())
            .collect();
        self.polish_on(sigma, &support)
    }

    /// Newton's method on the indifference equations of a given support (see [`Self::polish`]).
    pub fn polish_on(&self, sigma: &Mixed, support: &[Vec<usize>]) -> Option<Mixed> {
        let n = self.num_players();
        if support.iter().any(|s| s.is_empty()) {
            return None;
        }
        let mut x: Mixed = sigma
            .iter()
            .zip(support)
            .map(|(s, sup)| {
                let mass: f64 = sup.iter().map(|&j| s[j]).sum();
                (0..s.len())
                    .map(|j| if sup.contains(&j) { s[j] / mass } else { 0.0 })
                    .collect()
            })
            .collect();
        // Unknowns: supported probabilities, then one value per player.
        let vars: Vec<(usize, usize)> = support
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.iter().map(move |&j| (i, j)))
            .collect();
        let m = vars.len() + n;
        let mut v: Vec<f64> = {
            let vals = strategy_values_flat(self, &x);
            (0..n)
                .map(|i| {
                    support[i]
                        .iter()
                        .map(|&j| x[i][j] * vals[self.offsets[i] + j])
                        .sum()
                })
                .collect()
        };
        for _ in 0..60 {
            let w = self.pair_values(&x);
            // u_ij = Σ_l σ_kl W[(i,j)][(k,l)] for any k ≠ i; with one player, the payoff itself.
            let vals = strategy_values_flat(self, &x);
            let mut f = vec![0.0; m];
            let mut jac = vec![vec![0.0; m]; m];
            for (r, &(i, j)) in vars.iter().enumerate() {
                f[r] = vals[self.offsets[i] + j] - v[i];
                for (c, &(k, l)) in vars.iter().enumerate() {
                    if k != i {
                        jac[r][c] = w[self.offsets[i] + j][self.offsets[k] + l];
                    }
                }
                jac[r][vars.len() + i] = -1.0;
            }
            for i in 0..n {
                let r = vars.len() + i;
                f[r] = support[i].iter().map(|&j| x[i][j]).sum::<f64>() - 1.0;
                for (c, &(k, _)) in vars.iter().enumerate() {
                    if k == i {
                        jac[r][c] = 1.0;
                    }
                }
            }
            let resid = f.iter().fold(0.0f64, |a, b| a.max(b.abs()));
            if !resid.is_finite() {
                return None;
            }
            if resid < 1e-15 {
                break;
            }
            let step = linalg::solve(jac, f)?;
            for (c, &(i, j)) in vars.iter().enumerate() {
                x[i][j] -= step[c];
            }
            for i in 0..n {
                v[i] -= step[vars.len() + i];
            }
        }
        if x.iter().flatten().any(|p| *p < -1e-12 || !p.is_finite()) {
            return None;
        }
        Some(normalized(x))
    }

    /// The best verified refinement of an approximate equilibrium: the profile itself or its
    /// polish on the supports seen at decreasing thresholds, whichever has the least regret.
    pub fn refine(&self, game: &StrategicGame, sigma: &Mixed) -> (Mixed, f64) {
        let mut best = (sigma.clone(), self.regret(game, sigma).1);
        for threshold in [1e-10, 1e-8, 1e-6, 1e-4, 1e-3, 1e-2, 5e-2] {
            if let Some(p) = self.polish(sigma, threshold) {
                let r = self.regret(game, &p).1;
                if r < best.1 {
                    best = (p, r);
                }
            }
            if best.1 < 1e-13 {
                break;
            }
        }
        best
    }
}

/// Strategy values as one flat list (player-major).
fn strategy_values_flat(pay: &Payoffs, sigma: &Mixed) -> Vec<f64> {
    let n = pay.num_players();
    let mut vals = vec![0.0; pay.total_strategies()];
    let mut idx = vec![0usize; n];
    for prof in 0..pay.profiles {
        for i in 0..n {
            let mut weight = pay.table[prof * n + i];
            for q in 0..n {
                if q != i {
                    weight *= sigma[q][idx[q]];
                }
            }
            vals[pay.offsets[i] + idx[i]] += weight;
        }
        for (p, x) in idx.iter_mut().enumerate() {
            *x += 1;
            if *x < pay.counts[p] {
                break;
            }
            *x = 0;
        }
    }
    vals
}

/// Clamps tiny negatives to 0 and renormalises each player's probabilities.
pub fn normalized(mut sigma: Mixed) -> Mixed {
    for s in sigma.iter_mut() {
        for p in s.iter_mut() {
            if *p < 0.0 {
                *p = 0.0;
            }
        }
        let mass: f64 = s.iter().sum();
        if mass > 0.0 {
            for p in s.iter_mut() {
                *p /= mass;
            }
        }
    }
    sigma
}

/// Euclidean projection of `y` onto the probability simplex (sort-based).
pub fn project_simplex(y: &[f64]) -> Vec<f64> {
    let mut u = y.to_vec();
    u.sort_by(|a, b| b.total_cmp(a));
    let mut cum = 0.0;
    let mut tau = 0.0;
    for (k, &x) in u.iter().enumerate() {
        cum += x;
        let t = (cum - 1.0) / (k + 1) as f64;
        if x - t > 0.0 {
            tau = t;
        }
    }
    y.iter().map(|x| (x - tau).max(0.0)).collect()
}

/// Whether two profiles are the same equilibrium (every probability within `tol`).
pub fn same_profile(a: &Mixed, b: &Mixed, tol: f64) -> bool {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .all(|(x, y)| (x - y).abs() <= tol)
}

/// Keeps the first of profiles that are the same within `tol`, in order.
pub fn dedupe(profiles: Vec<Mixed>, tol: f64) -> Vec<Mixed> {
    let mut out: Vec<Mixed> = vec![];
    for p in profiles {
        if !out.iter().any(|q| same_profile(q, &p, tol)) {
            out.push(p);
        }
    }
    out
}

/// Orders profiles lexicographically, largest first (deterministic output order).
pub fn sort_profiles(profiles: &mut [Mixed]) {
    profiles.sort_by(|a, b| {
        for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
            let o = y.total_cmp(x);
            if (x - y).abs() > 1e-9 && o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_lands_on_the_simplex() {
        let p = project_simplex(&[0.5, 0.5, 0.5]);
        assert!(p.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-15));
        assert_eq!(project_simplex(&[2.0, 0.0]), vec![1.0, 0.0]);
        // Every coordinate shifts by the same (1 − 0.2)/3 while all stay positive.
        let q = project_simplex(&[0.3, -0.2, 0.1]);
        for (got, want) in q
            .iter()
            .zip([0.3 + 0.8 / 3.0, -0.2 + 0.8 / 3.0, 0.1 + 0.8 / 3.0])
        {
            assert!((got - want).abs() < 1e-15);
        }
        let r = project_simplex(&[0.9, -0.5, 0.4]);
        assert!((r[0] - 0.75).abs() < 1e-15 && r[1] == 0.0 && (r[2] - 0.25).abs() < 1e-15);
    }
}
