//! Simplicial subdivision with restarts (`simpdiv`): a piecewise-linear path on a triangulated
//! grid, refined from restart to restart, to an equilibrium of a game with any number of players.
//!
//! The equilibria are the zeros of `f(x) = P(z + u(z)) − x` with `z = P(x)`, where `P` projects
//! each player's part onto its simplex and `u(z)` is every strategy's value against `z`
//! (`z = P(z + u(z))` exactly when no player has a better reply). Each restart is Merrill's
//! "sandwich" algorithm: the layer `t = 0` of the Freudenthal (K1) triangulation of
//! `ℝᴰ × [0, 1]`, mesh `δ`, carries the labels `c − x` (one zero, the current centre `c`), the
//! layer `t = 1` carries `f` (so the path follows `x = (1 − t)c + t P(z + u(z))`, which stays
//! bounded); complementary pivoting leads from the simplex around `c` to a
//! simplex of the top layer whose labels span 0, an approximate zero. Its zero becomes the next
//! centre and `δ` halves (van der Laan and Talman's restart with refinement). Once the grid is
//! fine, Newton's method on the support's indifference equations finishes the job and the answer
//! is verified by regret. Deterministic: no randomness anywhere.
//!
//! ```
//! use brink_games::{num::qi, solve, AnyGame, Method, Options, StrategicGame};
//! // Matching pennies: the one equilibrium mixes ½–½ on both sides.
//! let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
//! let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
//! let eqs = solve(&game, Method::Simpdiv, &Options::default()).unwrap();
//! let mixed = eqs[0].mixed().unwrap();
//! assert!((mixed[(0, 0)] - 0.5).abs() < 1e-6 && (mixed[(1, 1)] - 0.5).abs() < 1e-6);
//! assert!(eqs[0].max_regret <= 1e-9);
//! ```

use super::nplayer::{project_simplex, Mixed, Payoffs};
use crate::error::SolveError;
use crate::model::StrategicGame;
use crate::solvers::linalg;

/// Options of `simpdiv`.
#[derive(Clone, Debug)]
pub struct SimpdivOptions {
    /// Mesh of the first grid (in probability units).
    pub initial_mesh: f64,
    /// The grid stops refining below this mesh.
    pub final_mesh: f64,
    /// Most pivots of one restart before giving up.
    pub max_pivots: usize,
}

impl Default for SimpdivOptions {
    fn default() -> Self {
        SimpdivOptions {
            initial_mesh: 0.25,
            final_mesh: 1e-12,
            max_pivots: 1_000_000,
        }
    }
}

const NAME: &str = "simpdiv";

/// One equilibrium, from the uniform profile. Returns the profile (unscaled probabilities) and
/// the number of restarts it took.
pub fn simpdiv(game: &StrategicGame, opts: &SimpdivOptions) -> Result<(Mixed, usize), SolveError> {
    let pay = Payoffs::new(game);
    let counts = pay.counts.clone();
    let dim: usize = counts.iter().map(|c| c - 1).sum();
    if dim == 0 {
        return Ok((pay.centroid(), 0));
    }
    let free = |sigma: &Mixed| -> Vec<f64> {
        sigma
            .iter()
            .flat_map(|s| s[..s.len() - 1].iter().copied())
            .collect()
    };
    // A start that is already an equilibrium is the answer (as Gambit's simpdiv returns it).
    let (start, start_regret) = pay.refine(game, &pay.centroid());
    if start_regret < 1e-13 {
        return Ok((start, 0));
    }
    let mut centre = free(&pay.centroid());
    let mut mesh = opts.initial_mesh;
    let mut restarts = 0;
    let mut best: Option<(Mixed, f64)> = None;
    while mesh >= opts.final_mesh {
        let zero = sandwich(&pay, game, &counts, &centre, mesh, opts.max_pivots)?;
        restarts += 1;
        let approx = projected(&counts, &zero);
        // Polishing pays once the grid has narrowed to the support; try it from a fine mesh.
        if mesh < 1e-3 {
            let (p, r) = pay.refine(game, &approx);
            if best.as_ref().is_none_or(|b| r < b.1) {
                best = Some((p, r));
            }
            if best.as_ref().is_some_and(|b| b.1 < 1e-13) {
                break;
            }
        }
        centre = zero;
        mesh /= 2.0;
    }
    let (sigma, _) =
        best.ok_or_else(|| SolveError::no_convergence(NAME, "no restart reached a fine grid"))?;
    Ok((sigma, restarts))
}

/// The full profile (each player's part projected onto its simplex) of a point in free
/// coordinates (all but each player's last probability).
fn projected(counts: &[usize], x: &[f64]) -> Mixed {
    let mut at = 0;
    counts
        .iter()
        .map(|&c| {
            let mut full: Vec<f64> = x[at..at + c - 1].to_vec();
            at += c - 1;
            full.push(1.0 - full.iter().sum::<f64>());
            project_simplex(&full)
        })
        .collect()
}

/// The label of the top layer: `f(x) = P(z + u(z)) − x`, in free coordinates.
fn top_label(pay: &Payoffs, game: &StrategicGame, counts: &[usize], x: &[f64]) -> Vec<f64> {
    let z = projected(counts, x);
    let values = pay.values(game, &z);
    let mut out = Vec::with_capacity(x.len());
    let mut at = 0;
    for (i, &c) in counts.iter().enumerate() {
        let shifted: Vec<f64> = (0..c).map(|j| z[i][j] + values[i][j]).collect();
        let w = project_simplex(&shifted);
        for j in 0..c - 1 {
            out.push(w[j] - x[at + j]);
        }
        at += c - 1;
    }
    out
}

/// One restart: the sandwich path from `centre` at mesh `mesh`; returns the approximate zero of
/// `f` (free coordinates) on the top layer.
fn sandwich(
    pay: &Payoffs,
    game: &StrategicGame,
    counts: &[usize],
    centre: &[f64],
    mesh: f64,
    max_pivots: usize,
) -> Result<Vec<f64>, SolveError> {
    let d = centre.len();
    let n = d + 1; // grid dimensions: the D free coordinates and t (index d)
                   // The first simplex: base 0, coordinates added in order, t last, so vertices 0..=d lie in
                   // the bottom layer and vertex n on top. `centre` sits inside the bottom facet at generic
                   // barycentric weights (distinct, no ties in the ratio tests).
    let weights: Vec<f64> = (0..=d)
        .map(|k| 1.0 + ((k as f64 + 1.0) * 0.618_033_988_749_895).fract())
        .collect();
    let total: f64 = weights.iter().sum();
    let inside: Vec<f64> = (0..d)
        .map(|m| weights[m + 1..].iter().sum::<f64>() / total)
        .collect();
    let origin: Vec<f64> = (0..d).map(|m| centre[m] - mesh * inside[m]).collect();
    let mut base = vec![0i64; n];
    let mut perm: Vec<usize> = (0..n).collect();

    let vertex = |base: &[i64], perm: &[usize], pos: usize| -> Vec<i64> {
        let mut y = base.to_vec();
        for &m in &perm[..pos] {
            y[m] += 1;
        }
        y
    };
    let point =
        |y: &[i64]| -> Vec<f64> { (0..d).map(|m| origin[m] + mesh * y[m] as f64).collect() };
    let label = |y: &[i64]| -> Vec<f64> {
        let x = point(y);
        if y[d] == 0 {
            x.iter().zip(centre).map(|(a, c)| c - a).collect()
        } else {
            top_label(pay, game, counts, &x)
        }
    };
    // Labels of the n + 1 vertices by position; `out` is the one not in the current facet.
    let mut labels: Vec<Vec<f64>> = (0..=n).map(|p| label(&vertex(&base, &perm, p))).collect();
    let mut out = n;
    let rhs: Vec<f64> = {
        let mut r = vec![0.0; n];
        r[d] = 1.0;
        r
    };
    let facet_matrix = |labels: &[Vec<f64>], out: usize| -> (Vec<Vec<f64>>, Vec<usize>) {
        let cols: Vec<usize> = (0..=n).filter(|&p| p != out).collect();
        let m = (0..n)
            .map(|r| {
                cols.iter()
                    .map(|&p| if r < d { labels[p][r] } else { 1.0 })
                    .collect()
            })
            .collect();
        (m, cols)
    };
    for _ in 0..max_pivots {
        let (a, cols) = facet_matrix(&labels, out);
        let lambda = linalg::solve(a.clone(), rhs.clone())
            .ok_or_else(|| SolveError::no_convergence(NAME, "a singular facet on the path"))?;
        let mut entering = labels[out].clone();
        entering.push(1.0);
        let dir = linalg::solve(a, entering)
            .ok_or_else(|| SolveError::no_convergence(NAME, "a singular facet on the path"))?;
        let mut leave: Option<(usize, f64)> = None;
        for (k, &p) in cols.iter().enumerate() {
            if dir[k] > 1e-12 {
                let ratio = lambda[k].max(0.0) / dir[k];
                if leave.is_none_or(|(_, r)| ratio < r) {
                    leave = Some((p, ratio));
                }
            }
        }
        let (leaving, theta) = leave.ok_or_else(|| {
            SolveError::no_convergence(NAME, "the path left the grid (unbounded ray)")
        })?;
        // The new facet: every position but `leaving`.
        let layers: Vec<i64> = (0..=n)
            .filter(|&p| p != leaving)
            .map(|p| vertex(&base, &perm, p)[d])
            .collect();
        if layers.iter().all(|&t| t == 1) {
            // Completely labelled on top: the zero is the facet's convex combination.
            let mut x = vec![0.0; d];
            for (k, &p) in cols.iter().enumerate() {
                let w = if p == leaving {
                    0.0
                } else {
                    lambda[k] - theta * dir[k]
                };
                let y = point(&vertex(&base, &perm, p));
                for m in 0..d {
                    x[m] += w * y[m];
                }
            }
            let y = point(&vertex(&base, &perm, out));
            for m in 0..d {
                x[m] += theta * y[m];
            }
            return Ok(x);
        }
        if layers.iter().all(|&t| t == 0) {
            return Err(SolveError::no_convergence(
                NAME,
                "the path returned to its start",
            ));
        }
        // Replace the leaving vertex (K1 pivot rules); the new vertex enters next.
        if leaving == 0 {
            base[perm[0]] += 1;
            perm.rotate_left(1);
            labels.rotate_left(1);
            out = n;
        } else if leaving == n {
            base[perm[n - 1]] -= 1;
            perm.rotate_right(1);
            labels.rotate_right(1);
            out = 0;
        } else {
            perm.swap(leaving - 1, leaving);
            out = leaving;
        }
        labels[out] = label(&vertex(&base, &perm, out));
    }
    Err(SolveError::no_convergence(
        NAME,
        format!("no completely labelled simplex within {max_pivots} pivots at mesh {mesh:e}"),
    ))
}
