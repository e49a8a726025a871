//! Iterated polymatrix approximation (`ipa`, after Govindan and Wilson 2004): at the current
//! profile σ, each player's payoff is replaced by its first-order expansion in the others'
//! strategies — a polymatrix game that agrees with the game at σ — whose equilibrium, found by
//! Lemke's algorithm on the polymatrix LCP (Howson's formulation with value variables, costs made
//! positive so the matrix is copositive-plus and Lemke ends at a solution), is the next target;
//! σ moves toward it by a damped step, the damping halved whenever the regret grows. A profile
//! that is an equilibrium of its own approximation is a Nash equilibrium; the limit is polished on
//! its support and `solve` verifies its regret. Deterministic.
//!
//! ```
//! use brink_games::{num::qi, solve, AnyGame, Method, Options, StrategicGame};
//! // Matching pennies: the one equilibrium mixes ½–½ on both sides.
//! let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
//! let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
//! let eqs = solve(&game, Method::Ipa, &Options::default()).unwrap();
//! let mixed = eqs[0].mixed().unwrap();
//! assert!((mixed[(0, 0)] - 0.5).abs() < 1e-6 && (mixed[(1, 1)] - 0.5).abs() < 1e-6);
//! assert!(eqs[0].max_regret <= 1e-9);
//! ```

use super::nplayer::{Mixed, Payoffs};
use crate::error::SolveError;
use crate::model::StrategicGame;

/// Options of `ipa`.
#[derive(Clone, Debug)]
pub struct IpaOptions {
    /// Most polymatrix approximations solved.
    pub max_iterations: usize,
}

impl Default for IpaOptions {
    fn default() -> Self {
        IpaOptions {
            max_iterations: 2_000,
        }
    }
}

const NAME: &str = "ipa";

/// One equilibrium, from the uniform profile; returns it and the iterations taken.
pub fn ipa(game: &StrategicGame, opts: &IpaOptions) -> Result<(Mixed, usize), SolveError> {
    let pay = Payoffs::new(game);
    let mut sigma = pay.centroid();
    let mut regret = pay.regret(game, &sigma).1;
    let mut step = 1.0;
    for it in 1..=opts.max_iterations {
        if regret < 1e-10 {
            let (p, r) = pay.refine(game, &sigma);
            if r < 1e-13 {
                return Ok((p, it));
            }
        }
        let target = polymatrix_equilibrium(&pay, game, &sigma)?;
        let mut moved = false;
        while step > 1e-6 {
            let next: Mixed = sigma
                .iter()
                .zip(&target)
                .map(|(s, t)| s.iter().zip(t).map(|(a, b)| a + step * (b - a)).collect())
                .collect();
            let r = pay.regret(game, &next).1;
            if r < regret || step <= 1e-6 * 2.0 {
                sigma = next;
                regret = r;
                step = (step * 2.0).min(1.0);
                moved = true;
                break;
            }
            step /= 2.0;
        }
        if !moved {
            // Stalled: try to finish from here.
            break;
        }
    }
    let (p, r) = pay.refine(game, &sigma);
    if r < 1e-10 {
        return Ok((p, opts.max_iterations));
    }
    Err(SolveError::no_convergence(
        NAME,
        format!(
            "the iteration stalled at regret {:.3e} (relative to the payoff range); try simpdiv",
            r
        ),
    ))
}

/// An equilibrium of the polymatrix approximation at `sigma`, by Lemke's algorithm.
fn polymatrix_equilibrium(
    pay: &Payoffs,
    game: &StrategicGame,
    sigma: &Mixed,
) -> Result<Mixed, SolveError> {
    let n = pay.num_players();
    let t = pay.total_strategies();
    let w = pay.pair_values(sigma);
    let values = pay.values(game, sigma);
    let owner: Vec<usize> = (0..n)
        .flat_map(|i| std::iter::repeat_n(i, pay.counts[i]))
        .collect();
    // Polymatrix payoff of flat strategy a against b: W[a][b] − (N−2)/(N−1)·u_a(σ) (the
    // constant spread over the N−1 opponents so the expansion is exact at σ).
    let share = if n > 1 {
        (n as f64 - 2.0) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let mut payoff = vec![vec![0.0; t]; t];
    let mut top = f64::NEG_INFINITY;
    for a in 0..t {
        let i = owner[a];
        let ua = values[i][a - pay.offsets[i]];
        for b in 0..t {
            if owner[b] != i {
                payoff[a][b] = w[a][b] - share * ua;
                top = top.max(payoff[a][b]);
            }
        }
    }
    // Costs C = K − payoff > 0 (own blocks K: the same for all of a player's strategies).
    let k = if top.is_finite() { top + 1.0 } else { 1.0 };
    let m = t + n;
    // LCP w = q + M x: x = (z, γ); M = [[C, −Eᵀ], [E, 0]], q = (0, −1).
    let mut mat = vec![vec![0.0; m]; m];
    for a in 0..t {
        for b in 0..t {
            mat[a][b] = k - payoff[a][b];
        }
        mat[a][t + owner[a]] = -1.0;
        mat[t + owner[a]][a] = 1.0;
    }
    let mut q = vec![0.0; m];
    for qi in q.iter_mut().skip(t) {
        *qi = -1.0;
    }
    let x = lemke(&mat, &q).ok_or_else(|| {
        SolveError::no_convergence(
            NAME,
            "Lemke's algorithm on the polymatrix approximation ended on a ray",
        )
    })?;
    let mut out: Mixed = pay.counts.iter().map(|&c| vec![0.0; c]).collect();
    for a in 0..t {
        out[owner[a]][a - pay.offsets[owner[a]]] = x[a].max(0.0);
    }
    for s in out.iter_mut() {
        let mass: f64 = s.iter().sum();
        if mass <= 0.0 {
            return Err(SolveError::no_convergence(
                NAME,
                "an empty strategy in the polymatrix solution",
            ));
        }
        for p in s.iter_mut() {
            *p /= mass;
        }
    }
    Ok(out)
}

/// Lemke's algorithm with covering vector 1 on `w = q + M x`, `w, x ≥ 0`, `wᵀx = 0`; `None`
/// on ray termination. Dense Gauss–Jordan tableau over `[I | −M | −1 | q]`.
fn lemke(mat: &[Vec<f64>], q: &[f64]) -> Option<Vec<f64>> {
    let m = q.len();
    let cols = 2 * m + 1;
    let z0 = 2 * m;
    let mut tab: Vec<Vec<f64>> = (0..m)
        .map(|r| {
            let mut row = vec![0.0; cols + 1];
            row[r] = 1.0;
            for c in 0..m {
                row[m + c] = -mat[r][c];
            }
            row[z0] = -1.0;
            row[cols] = q[r];
            row
        })
        .collect();
    let mut basis: Vec<usize> = (0..m).collect();
    let pivot = |tab: &mut Vec<Vec<f64>>, r: usize, c: usize| {
        let p = tab[r][c];
        for v in tab[r].iter_mut() {
            *v /= p;
        }
        let row = tab[r].clone();
        for (rr, other) in tab.iter_mut().enumerate() {
            if rr != r {
                let f = other[c];
                if f != 0.0 {
                    for (o, v) in other.iter_mut().zip(&row) {
                        *o -= f * v;
                    }
                }
            }
        }
    };
    // The first pivot: the most negative q; ties to the last row (lexicographic rule).
    let start = (0..m).fold(0, |b, r| if q[r] <= q[b] { r } else { b });
    if q[start] >= 0.0 {
        return Some(vec![0.0; m]);
    }
    pivot(&mut tab, start, z0);
    let mut leaving = basis[start];
    basis[start] = z0;
    for _ in 0..50_000 {
        let entering = if leaving < m {
            leaving + m
        } else {
            leaving - m
        };
        // Lexicographic minimum ratio: (rhs, then the basis inverse's row) over the pivot
        // element, which keeps the path unique on this degenerate q.
        let mut best: Option<usize> = None;
        for r in 0..m {
            let a = tab[r][entering];
            if a <= 1e-12 {
                continue;
            }
            let better = match best {
                None => true,
                Some(b) => {
                    let ab = tab[b][entering];
                    let mut verdict = false;
                    for c in std::iter::once(cols).chain(0..m) {
                        let (x, y) = (tab[r][c] / a, tab[b][c] / ab);
                        if x < y - 1e-12 {
                            verdict = true;
                            break;
                        }
                        if x > y + 1e-12 {
                            break;
                        }
                    }
                    verdict
                }
            };
            if better {
                best = Some(r);
            }
        }
        let r = best?;
        pivot(&mut tab, r, entering);
        leaving = basis[r];
        basis[r] = entering;
        if leaving == z0 {
            let mut x = vec![0.0; m];
            for (row, &b) in basis.iter().enumerate() {
                if (m..2 * m).contains(&b) {
                    x[b - m] = tab[row][cols];
                }
            }
            return Some(x);
        }
    }
    None
}
