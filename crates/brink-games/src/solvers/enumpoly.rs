//! All isolated equilibria of a small game (`enumpoly`): for every support profile, the
//! indifference equations (each supported strategy earns the same as the player's first
//! supported one, probabilities on the support) form a polynomial system, multilinear in the
//! other players' probabilities. Every isolated complex root of that system is reached by a
//! total-degree homotopy — from the roots of `x_e^{d_e} = 1`, `d_e` the degree of equation `e`,
//! with a fixed complex `γ` (the "gamma trick") — tracked by Euler prediction and Newton
//! correction. The real roots inside the support's simplices whose unsupported strategies earn no
//! more are equilibria; Newton's method in reals finishes them and `solve` verifies their regret.
//!
//! Limits: the sum over supports of the number of paths (the Bézout numbers) must stay within
//! [`EnumpolyOptions::max_paths`]; beyond it the game is refused before any work. Equilibria that
//! lie on a continuum (non-isolated roots) are not enumerated; their supports are counted in the
//! result so the caller can say so.
//!
//! ```
//! use brink_games::{num::qi, solve, AnyGame, Method, Options, StrategicGame};
//! // Matching pennies: the one equilibrium mixes ½–½ on both sides.
//! let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
//! let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
//! let eqs = solve(&game, Method::Enumpoly, &Options::default()).unwrap();
//! let mixed = eqs[0].mixed().unwrap();
//! assert!((mixed[(0, 0)] - 0.5).abs() < 1e-6 && (mixed[(1, 1)] - 0.5).abs() < 1e-6);
//! assert!(eqs[0].max_regret <= 1e-9);
//! ```

use super::nplayer::{dedupe, sort_profiles, Mixed, Payoffs};
use crate::error::SolveError;
use crate::model::StrategicGame;
use std::ops::{Add, Div, Mul, Neg, Sub};

/// Options of `enumpoly`.
#[derive(Clone, Debug)]
pub struct EnumpolyOptions {
    /// The most homotopy paths (summed over all supports) before the game is refused.
    pub max_paths: usize,
}

impl Default for EnumpolyOptions {
    fn default() -> Self {
        EnumpolyOptions { max_paths: 5_000 }
    }
}

const NAME: &str = "enumpoly";

/// What `enumpoly` found: the equilibria (distinct, sorted) and the number of supports whose
/// equations had non-isolated solutions (skipped).
pub struct EnumpolyResult {
    pub equilibria: Vec<Mixed>,
    pub degenerate_supports: usize,
    pub paths: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct C {
    re: f64,
    im: f64,
}

impl C {
    const ZERO: C = C { re: 0.0, im: 0.0 };
    const ONE: C = C { re: 1.0, im: 0.0 };
    fn real(re: f64) -> C {
        C { re, im: 0.0 }
    }
    fn abs(self) -> f64 {
        self.re.hypot(self.im)
    }
    fn polar(r: f64, theta: f64) -> C {
        C {
            re: r * theta.cos(),
            im: r * theta.sin(),
        }
    }
    fn powi(self, k: usize) -> C {
        (0..k).fold(C::ONE, |a, _| a * self)
    }
}
impl Add for C {
    type Output = C;
    fn add(self, o: C) -> C {
        C {
            re: self.re + o.re,
            im: self.im + o.im,
        }
    }
}
impl Sub for C {
    type Output = C;
    fn sub(self, o: C) -> C {
        C {
            re: self.re - o.re,
            im: self.im - o.im,
        }
    }
}
impl Mul for C {
    type Output = C;
    fn mul(self, o: C) -> C {
        C {
            re: self.re * o.re - self.im * o.im,
            im: self.re * o.im + self.im * o.re,
        }
    }
}
impl Div for C {
    type Output = C;
    fn div(self, o: C) -> C {
        let d = o.re * o.re + o.im * o.im;
        C {
            re: (self.re * o.re + self.im * o.im) / d,
            im: (self.im * o.re - self.re * o.im) / d,
        }
    }
}
impl Neg for C {
    type Output = C;
    fn neg(self) -> C {
        C {
            re: -self.re,
            im: -self.im,
        }
    }
}

/// Solves `a x = b` over ℂ by Gaussian elimination with partial pivoting; `None` if singular.
fn solve_c(mut a: Vec<Vec<C>>, mut b: Vec<C>) -> Option<Vec<C>> {
    let n = b.len();
    let scale = a
        .iter()
        .flatten()
        .fold(0.0f64, |m, x| m.max(x.abs()))
        .max(1e-300);
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() <= 1e-13 * scale {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for r in col + 1..n {
            let f = a[r][col] / a[col][col];
            if f != C::ZERO {
                for c in col..n {
                    let v = a[col][c];
                    a[r][c] = a[r][c] - f * v;
                }
                let v = b[col];
                b[r] = b[r] - f * v;
            }
        }
    }
    let mut x = vec![C::ZERO; n];
    for i in (0..n).rev() {
        let mut s = b[i];
        for j in i + 1..n {
            s = s - a[i][j] * x[j];
        }
        x[i] = s / a[i][i];
    }
    x.iter()
        .all(|v| v.re.is_finite() && v.im.is_finite())
        .then_some(x)
}

/// The indifference system of one support profile.
struct System<'a> {
    pay: &'a Payoffs,
    support: Vec<Vec<usize>>,
    /// Variables: (player, index in the support ≥ 1).
    vars: Vec<(usize, usize)>,
    /// Equation degrees (players other than the equation's owner with a mixed support).
    degrees: Vec<usize>,
}

impl System<'_> {
    fn sigma(&self, x: &[C]) -> Vec<Vec<C>> {
        let mut s: Vec<Vec<C>> = self
            .support
            .iter()
            .map(|sup| vec![C::ZERO; sup.len()])
            .collect();
        for (v, &(i, m)) in self.vars.iter().enumerate() {
            s[i][m] = x[v];
        }
        for si in s.iter_mut() {
            let rest = si[1..].iter().fold(C::ZERO, |a, &b| a + b);
            si[0] = C::ONE - rest;
        }
        s
    }

    /// `f(x)` and its Jacobian: `f_e = u_i(S_i[m]) − u_i(S_i[0])` for variable `e = (i, m)`.
    fn eval(&self, x: &[C]) -> (Vec<C>, Vec<Vec<C>>) {
        let pay = self.pay;
        let n = pay.num_players();
        let sigma = self.sigma(x);
        let sizes: Vec<usize> = self.support.iter().map(|s| s.len()).collect();
        // value[i][a]: u_i(S_i[a]); pair[i][a][k][b]: u_i(S_i[a], S_k[b]) (others mixed).
        let mut value: Vec<Vec<C>> = sizes.iter().map(|&s| vec![C::ZERO; s]).collect();
        let mut pair: Vec<Vec<Vec<Vec<C>>>> = sizes
            .iter()
            .map(|&s| vec![sizes.iter().map(|&t| vec![C::ZERO; t]).collect(); s])
            .collect();
        let mut idx = vec![0usize; n];
        let total: usize = sizes.iter().product();
        let strides: Vec<usize> = pay
            .counts
            .iter()
            .scan(1, |acc, &c| {
                let s = *acc;
                *acc *= c;
                Some(s)
            })
            .collect();
        for _ in 0..total {
            let prof: usize = (0..n).map(|q| self.support[q][idx[q]] * strides[q]).sum();
            for i in 0..n {
                let u = C::real(pay.table[prof * n + i]);
                if u == C::ZERO {
                    continue;
                }
                let mut w = u;
                for q in 0..n {
                    if q != i {
                        w = w * sigma[q][idx[q]];
                    }
                }
                value[i][idx[i]] = value[i][idx[i]] + w;
                for k in 0..n {
                    if k == i {
                        continue;
                    }
                    let mut w = u;
                    for q in 0..n {
                        if q != i && q != k {
                            w = w * sigma[q][idx[q]];
                        }
                    }
                    pair[i][idx[i]][k][idx[k]] = pair[i][idx[i]][k][idx[k]] + w;
                }
            }
            for (q, v) in idx.iter_mut().enumerate() {
                *v += 1;
                if *v < sizes[q] {
                    break;
                }
                *v = 0;
            }
        }
        let m = self.vars.len();
        let mut f = vec![C::ZERO; m];
        let mut jac = vec![vec![C::ZERO; m]; m];
        for (e, &(i, a)) in self.vars.iter().enumerate() {
            f[e] = value[i][a] - value[i][0];
            for (v, &(k, b)) in self.vars.iter().enumerate() {
                if k != i {
                    // σ_k(b) = x_v, σ_k(0) = 1 − Σ x.
                    jac[e][v] = (pair[i][a][k][b] - pair[i][a][k][0])
                        - (pair[i][0][k][b] - pair[i][0][k][0]);
                }
            }
        }
        (f, jac)
    }
}

/// Tracks one path of `H(x, t) = (1 − t) γ g(x) + t f(x)` from `t = 0`; the root at `t = 1`, or
/// `None` when the path diverges or fails.
fn track(sys: &System, gamma: C, start: Vec<C>) -> Option<Vec<C>> {
    let m = start.len();
    let degrees = &sys.degrees;
    let start_sys = |x: &[C]| -> (Vec<C>, Vec<C>) {
        let g = (0..m).map(|e| x[e].powi(degrees[e]) - C::ONE).collect();
        let dg = (0..m)
            .map(|e| C::real(degrees[e] as f64) * x[e].powi(degrees[e] - 1))
            .collect();
        (g, dg)
    };
    let homotopy = |x: &[C], t: f64| -> (Vec<C>, Vec<Vec<C>>, Vec<C>) {
        let (f, jf) = sys.eval(x);
        let (g, dg) = start_sys(x);
        let a = gamma * C::real(1.0 - t);
        let tt = C::real(t);
        let h = (0..m).map(|e| a * g[e] + tt * f[e]).collect();
        let mut jh: Vec<Vec<C>> = jf
            .iter()
            .map(|row| row.iter().map(|&v| tt * v).collect())
            .collect();
        for e in 0..m {
            jh[e][e] = jh[e][e] + a * dg[e];
        }
        let ht = (0..m).map(|e| f[e] - gamma * g[e]).collect();
        (h, jh, ht)
    };
    let norm = |v: &[C]| v.iter().fold(0.0f64, |a, z| a.max(z.abs()));
    let mut x = start;
    let mut t = 0.0f64;
    let mut h = 0.02f64;
    for _ in 0..20_000 {
        if t >= 1.0 {
            break;
        }
        let step = h.min(1.0 - t);
        let (_, jh, ht) = homotopy(&x, t);
        let dx = solve_c(jh, ht.iter().map(|&v| -v).collect())?;
        let mut y: Vec<C> = (0..m).map(|e| x[e] + C::real(step) * dx[e]).collect();
        let t1 = t + step;
        let mut ok = false;
        let mut iters = 0;
        for k in 0..6 {
            let (hv, jh, _) = homotopy(&y, t1);
            let Some(d) = solve_c(jh, hv) else { break };
            for e in 0..m {
                y[e] = y[e] - d[e];
            }
            iters = k + 1;
            if norm(&d) <= 1e-11 * (1.0 + norm(&y)) {
                ok = true;
                break;
            }
        }
        // Accept only short corrections (no jump to another path).
        let jump = (0..m).map(|e| (y[e] - x[e]).abs()).fold(0.0, f64::max);
        if ok && jump <= 0.2 * (1.0 + norm(&x)) * (step / 0.02).clamp(0.05, 1.0) {
            x = y;
            t = t1;
            if iters <= 2 {
                h = (h * 1.6).min(0.05);
            }
        } else {
            h /= 2.0;
            if h < 1e-13 {
                return None;
            }
        }
        if norm(&x) > 1e7 {
            return None;
        }
    }
    if t < 1.0 {
        return None;
    }
    // Finish on f alone.
    for _ in 0..20 {
        let (f, jf) = sys.eval(&x);
        if norm(&f) < 1e-14 {
            break;
        }
        let d = solve_c(jf, f)?;
        for e in 0..m {
            x[e] = x[e] - d[e];
        }
    }
    let (f, _) = sys.eval(&x);
    (norm(&f) < 1e-9).then_some(x)
}

/// Every non-empty subset of `0..c`, smallest first.
fn subsets(c: usize) -> Vec<Vec<usize>> {
    let mut all: Vec<Vec<usize>> = (1u64..(1 << c))
        .map(|mask| (0..c).filter(|j| mask >> j & 1 == 1).collect())
        .collect();
    all.sort_by_key(|s| s.len());
    all
}

/// The Bézout number of a support profile (paths its homotopy tracks), or `None` if
/// some equation is constant (no root, or a continuum).
fn degrees_of(support: &[Vec<usize>]) -> Vec<usize> {
    let mixed: Vec<bool> = support.iter().map(|s| s.len() > 1).collect();
    support
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let d = mixed
                .iter()
                .enumerate()
                .filter(|&(k, &m)| k != i && m)
                .count();
            std::iter::repeat_n(d, s.len() - 1)
        })
        .collect()
}

/// Enumerates the equilibria; `tol` is the regret tolerance in the game's units.
pub fn enumpoly(
    game: &StrategicGame,
    opts: &EnumpolyOptions,
    tol: f64,
) -> Result<EnumpolyResult, SolveError> {
    let pay = Payoffs::new(game);
    let n = pay.num_players();
    if pay.counts.iter().any(|&c| c > 20) {
        return Err(SolveError::too_large(
            NAME,
            "a player with more than 20 strategies (2^20 supports)",
        ));
    }
    let per_player: Vec<Vec<Vec<usize>>> = pay.counts.iter().map(|&c| subsets(c)).collect();
    let profiles: usize = per_player.iter().map(|s| s.len()).product();
    // Count the paths first: refuse before any work.
    let mut paths = 0usize;
    let mut choice = vec![0usize; n];
    let mut supports = vec![];
    for _ in 0..profiles {
        let support: Vec<Vec<usize>> = (0..n).map(|i| per_player[i][choice[i]].clone()).collect();
        let bezout = degrees_of(&support)
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d.max(1)))
            .unwrap_or(usize::MAX);
        paths = paths.saturating_add(bezout);
        if paths > opts.max_paths {
            return Err(SolveError::too_large(
                NAME,
                format!(
                    "over {} homotopy paths over the supports (strategy counts {:?}); use simpdiv or liap",
                    opts.max_paths, pay.counts
                ),
            ));
        }
        supports.push(support);
        for (i, c) in choice.iter_mut().enumerate() {
            *c += 1;
            if *c < per_player[i].len() {
                break;
            }
            *c = 0;
        }
    }
    let gamma = C::polar(1.0, 2.183_907);
    let mut found = vec![];
    let mut degenerate = 0;
    let tol_scaled = tol / pay.range;
    for support in supports {
        let degrees = degrees_of(&support);
        let vars: Vec<(usize, usize)> = support
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (1..s.len()).map(move |m| (i, m)))
            .collect();
        let sys = System {
            pay: &pay,
            support: support.clone(),
            vars,
            degrees: degrees.clone(),
        };
        let mut roots: Vec<Vec<f64>> = vec![];
        if degrees.is_empty() {
            roots.push(vec![]);
        } else if degrees.contains(&0) {
            // An equation not involving any variable: a constant. Nonzero: no root; zero: the
            // support's solutions are not isolated.
            let (f, _) = sys.eval(&vec![C::real(0.5); degrees.len()]);
            let constant_zero = degrees
                .iter()
                .zip(&f)
                .any(|(&d, v)| d == 0 && v.abs() < 1e-12);
            if constant_zero {
                degenerate += 1;
            }
            continue;
        } else {
            // Start roots: every combination of d_e-th roots of unity.
            let count: usize = degrees.iter().product();
            for k in 0..count {
                let mut rest = k;
                let start: Vec<C> = degrees
                    .iter()
                    .map(|&d| {
                        let r = rest % d;
                        rest /= d;
                        C::polar(1.0, 2.0 * std::f64::consts::PI * r as f64 / d as f64)
                    })
                    .collect();
                if let Some(x) = track(&sys, gamma, start) {
                    if x.iter().all(|z| z.im.abs() < 1e-7) {
                        roots.push(x.iter().map(|z| z.re).collect());
                    }
                }
            }
        }
        for r in roots {
            let mut sigma: Mixed = pay.counts.iter().map(|&c| vec![0.0; c]).collect();
            for (i, sup) in support.iter().enumerate() {
                let rest: f64 = (1..sup.len())
                    .map(|m| r[sys.vars.iter().position(|&v| v == (i, m)).unwrap()])
                    .sum();
                sigma[i][sup[0]] = 1.0 - rest;
                for m in 1..sup.len() {
                    sigma[i][sup[m]] = r[sys.vars.iter().position(|&v| v == (i, m)).unwrap()];
                }
            }
            if sigma.iter().flatten().any(|&p| p < -1e-9) {
                continue;
            }
            let polished = pay.polish_on(&sigma, &support).unwrap_or(sigma);
            if pay.regret(game, &polished).1 <= tol_scaled {
                found.push(polished);
            }
        }
    }
    let mut equilibria = dedupe(found, 1e-6);
    sort_profiles(&mut equilibria);
    Ok(EnumpolyResult {
        equilibria,
        degenerate_supports: degenerate,
        paths,
    })
}
