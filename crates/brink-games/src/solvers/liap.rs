//! Lyapunov-function minimisation (`liap`): from several starting profiles, descend
//! `L(σ) = Σ_i Σ_j max(0, u_i(j, σ_{-i}) − u_i(σ))²`, which is zero exactly at the Nash
//! equilibria, by projected gradient steps on the product of simplices; every local minimum is
//! then polished on its support and kept only when its regret meets the tolerance. The starts are
//! the uniform profile and profiles drawn from a ChaCha stream seeded by the options, so the same
//! seed gives the same equilibria in the same order.
//!
//! ```
//! use brink_games::{num::qi, solve, AnyGame, Method, Options, StrategicGame};
//! // Matching pennies: the one equilibrium mixes ½–½ on both sides.
//! let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
//! let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
//! let eqs = solve(&game, Method::Liap, &Options::default()).unwrap();
//! let mixed = eqs[0].mixed().unwrap();
//! assert!((mixed[(0, 0)] - 0.5).abs() < 1e-6 && (mixed[(1, 1)] - 0.5).abs() < 1e-6);
//! assert!(eqs[0].max_regret <= 1e-9);
//! ```

use super::nplayer::{dedupe, project_simplex, sort_profiles, Mixed, Payoffs};
use crate::model::StrategicGame;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Options of `liap`.
#[derive(Clone, Debug)]
pub struct LiapOptions {
    /// Starting profiles: the uniform one, then `starts − 1` random ones.
    pub starts: usize,
    /// Seed of the random starts.
    pub seed: u64,
    /// Most descent steps from one start.
    pub max_steps: usize,
}

impl Default for LiapOptions {
    fn default() -> Self {
        LiapOptions {
            starts: 20,
            seed: 0,
            max_steps: 5_000,
        }
    }
}

/// What `liap` found: the distinct equilibria (unverified here; `solve` checks regret) and how
/// many starts ended at a local minimum that is not one.
pub struct LiapResult {
    pub equilibria: Vec<Mixed>,
    pub non_equilibrium_minima: usize,
}

/// The Lyapunov function and its gradient (flat, player-major) at `sigma` (scaled payoffs).
fn lyapunov(pay: &Payoffs, game: &StrategicGame, sigma: &Mixed) -> (f64, Vec<f64>) {
    let n = pay.num_players();
    let values = pay.values(game, sigma);
    let w = pay.pair_values(sigma);
    let total = pay.total_strategies();
    let mut value = 0.0;
    let mut grad = vec![0.0; total];
    for i in 0..n {
        let oi = pay.offsets[i];
        let u: f64 = (0..pay.counts[i]).map(|j| sigma[i][j] * values[i][j]).sum();
        // ∂u_i/∂σ_b for every flat strategy b.
        let du: Vec<f64> = (0..total)
            .map(|b| {
                if (oi..oi + pay.counts[i]).contains(&b) {
                    values[i][b - oi]
                } else {
                    (0..pay.counts[i]).map(|j| sigma[i][j] * w[oi + j][b]).sum()
                }
            })
            .collect();
        for j in 0..pay.counts[i] {
            let g = (values[i][j] - u).max(0.0);
            if g > 0.0 {
                value += g * g;
                for b in 0..total {
                    grad[b] += 2.0 * g * (w[oi + j][b] - du[b]);
                }
            }
        }
    }
    (value, grad)
}

fn step(pay: &Payoffs, sigma: &Mixed, grad: &[f64], t: f64) -> Mixed {
    sigma
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y: Vec<f64> = s
                .iter()
                .enumerate()
                .map(|(j, p)| p - t * grad[pay.offsets[i] + j])
                .collect();
            project_simplex(&y)
        })
        .collect()
}

/// Projected gradient descent with backtracking from `start`; returns the last profile.
fn descend(pay: &Payoffs, game: &StrategicGame, start: Mixed, max_steps: usize) -> Mixed {
    let mut sigma = start;
    let (mut value, mut grad) = lyapunov(pay, game, &sigma);
    let mut t = 1.0;
    for _ in 0..max_steps {
        if value < 1e-24 {
            break;
        }
        let mut accepted = false;
        for _ in 0..60 {
            let next = step(pay, &sigma, &grad, t);
            let (v, g) = lyapunov(pay, game, &next);
            let moved: f64 = next
                .iter()
                .flatten()
                .zip(sigma.iter().flatten())
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
            // Armijo's condition on the projected step.
            if v <= value - 1e-4 * moved / t {
                sigma = next;
                value = v;
                grad = g;
                accepted = true;
                t *= 2.0;
                break;
            }
            t /= 2.0;
        }
        if !accepted {
            break;
        }
    }
    sigma
}

/// A uniformly random profile (each player's probabilities normalised exponentials).
fn random_profile(rng: &mut ChaCha8Rng, counts: &[usize]) -> Mixed {
    counts
        .iter()
        .map(|&c| {
            let e: Vec<f64> = (0..c).map(|_| -(1.0 - rng.gen::<f64>()).ln()).collect();
            let s: f64 = e.iter().sum();
            e.iter().map(|x| x / s).collect()
        })
        .collect()
}

/// Runs `liap` from every start.
pub fn liap(game: &StrategicGame, opts: &LiapOptions, tol: f64) -> LiapResult {
    let pay = Payoffs::new(game);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut found = vec![];
    let mut misses = 0;
    for k in 0..opts.starts.max(1) {
        let start = if k == 0 {
            pay.centroid()
        } else {
            random_profile(&mut rng, &pay.counts)
        };
        let minimum = descend(&pay, game, start, opts.max_steps);
        let (p, r) = pay.refine(game, &minimum);
        // `tol` is in the game's units; `Payoffs` is scaled by the payoff range.
        if r <= tol / pay.range {
            found.push(p);
        } else {
            misses += 1;
        }
    }
    let mut equilibria = dedupe(found, 1e-6);
    sort_profiles(&mut equilibria);
    LiapResult {
        equilibria,
        non_equilibrium_minima: misses,
    }
}
