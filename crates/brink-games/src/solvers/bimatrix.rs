//! Two-player strategic games: all extreme equilibria by vertex enumeration of the two
//! best-response polytopes (exact fraction-free integer pivoting or `f64`), and Lemke–Howson
//! from every starting label, then from every equilibrium found ("all accessible", as Gambit's
//! `lcp` does by default).
//!
//! Polytopes (payoffs made positive): P = {x ≥ 0 : Bᵀx ≤ 1}, Q = {y ≥ 0 : Ay ≤ 1}. Labels
//! 0..m are player 1's strategies (x_i = 0 or row i of A tight), m..m+n player 2's.

use crate::equilibrium::{strategic_exact, strategic_f64, Equilibrium};
use crate::error::SolveError;
use crate::model::StrategicGame;
use crate::num::Q;
use crate::solve::Method;
use crate::solvers::tableau::{lex_min_ratio, min_ratio_rows, ExactTableau, FloatTableau, Tableau};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::collections::{HashMap, HashSet};

/// An equilibrium of a bimatrix game: player 1's and player 2's mixed strategies, exact when
/// computed in exact arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub enum BiEq {
    Exact(Vec<Q>, Vec<Q>),
    Float(Vec<f64>, Vec<f64>),
}

/// A bimatrix equilibrium as a verified [`Equilibrium`].
pub(crate) fn verified(
    game: &StrategicGame,
    e: BiEq,
    method: Method,
) -> Result<Equilibrium, SolveError> {
    match e {
        BiEq::Exact(x, y) => strategic_exact(game, vec![x, y], method),
        BiEq::Float(x, y) => strategic_f64(game, vec![x, y], method, true),
    }
}

fn check_two(game: &StrategicGame, method: &str) -> Result<(usize, usize), SolveError> {
    if game.num_players() != 2 {
        return Err(SolveError::not_applicable(
            method,
            format!(
                "it needs exactly 2 players, the game has {}",
                game.num_players()
            ),
        ));
    }
    let s = game.num_strategies();
    if s[0] + s[1] > 128 {
        return Err(SolveError::too_large(
            method,
            "more than 128 strategies in total",
        ));
    }
    Ok((s[0], s[1]))
}

/// Integer payoff matrices, each scaled by the lcm of its denominators and shifted to be ≥ 1.
fn integer_matrices(game: &StrategicGame) -> (Vec<Vec<BigInt>>, Vec<Vec<BigInt>>) {
    let conv = |mat: Vec<Vec<Q>>| -> Vec<Vec<BigInt>> {
        let l = mat
            .iter()
            .flatten()
            .fold(BigInt::one(), |acc, x| acc.lcm(x.denom()));
        let ints: Vec<Vec<BigInt>> = mat
            .iter()
            .map(|r| {
                r.iter()
                    .map(|x| (x * Q::from_integer(l.clone())).to_integer())
                    .collect()
            })
            .collect();
        let min = ints
            .iter()
            .flatten()
            .min()
            .cloned()
            .unwrap_or_else(BigInt::zero);
        ints.iter()
            .map(|r| r.iter().map(|x| x - &min + BigInt::one()).collect())
            .collect()
    };
    (conv(game.matrix(0)), conv(game.matrix(1)))
}

fn float_matrices(game: &StrategicGame) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let conv = |mat: Vec<Vec<Q>>| -> Vec<Vec<f64>> {
        let f: Vec<Vec<f64>> = mat
            .iter()
            .map(|r| r.iter().map(crate::num::to_f64).collect())
            .collect();
        let finite_range = f.iter().flatten().all(|x| x.is_finite()) && {
            let (lo, hi) = f
                .iter()
                .flatten()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            (hi - lo).is_finite()
        };
        if !finite_range {
            // Payoffs beyond f64 (±1e400) or a range wider than it holds: scale to [1, 2]
            // exactly first, then convert (equilibria do not change under a player's
            // positive affine rescaling).
            let lo = mat.iter().flatten().min().cloned().unwrap_or_else(Q::zero);
            let hi = mat.iter().flatten().max().cloned().unwrap_or_else(Q::zero);
            let range = if hi > lo { hi - &lo } else { Q::one() };
            return mat
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|x| 1.0 + crate::num::to_f64(&((x - &lo) / &range)))
                        .collect()
                })
                .collect();
        }
        let (lo, hi) = f
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let range = if hi > lo { hi - lo } else { 1.0 };
        // Scaled to [1, 2] so tolerances are relative to the payoff range.
        f.iter()
            .map(|r| r.iter().map(|x| 1.0 + (x - lo) / range).collect())
            .collect()
    };
    (conv(game.matrix(0)), conv(game.matrix(1)))
}

fn transpose<T: Clone>(m: &[Vec<T>]) -> Vec<Vec<T>> {
    let cols = m.first().map_or(0, Vec::len);
    (0..cols)
        .map(|j| m.iter().map(|r| r[j].clone()).collect())
        .collect()
}

/// Bitmask of the labels of the current vertex: zero variables, mapped to labels.
fn zero_labels<T: Tableau>(t: &T, label: impl Fn(usize) -> usize) -> u128 {
    let mut basic = vec![false; t.vars()];
    let mut mask = 0u128;
    for (r, &v) in t.basis().iter().enumerate() {
        basic[v] = true;
        if t.rhs_zero(r) {
            mask |= 1 << label(v);
        }
    }
    for (v, b) in basic.iter().enumerate() {
        if !b {
            mask |= 1 << label(v);
        }
    }
    mask
}

fn basis_mask<T: Tableau>(t: &T) -> u128 {
    t.basis().iter().fold(0u128, |m, &v| m | (1 << v))
}

/// Every vertex of the polytope (as its label mask and the tableau's point), by depth-first
/// search over feasible bases with pivoting back (exact arithmetic makes the return exact).
fn vertices<T: Tableau, P>(
    mut t: T,
    label: impl Fn(usize) -> usize,
    point: impl Fn(&T) -> P,
    limit: usize,
) -> Result<Vec<(u128, P)>, SolveError> {
    let mut visited: HashSet<u128> = HashSet::new();
    let mut seen_vertex: HashSet<u128> = HashSet::new();
    let mut out = vec![];
    let neighbours = |t: &T| -> Vec<(usize, usize)> {
        let mut basic = vec![false; t.vars()];
        for &v in t.basis() {
            basic[v] = true;
        }
        let mut c = vec![];
        for v in 0..t.vars() {
            if !basic[v] {
                for r in min_ratio_rows(t, v) {
                    c.push((v, r));
                }
            }
        }
        c
    };
    visited.insert(basis_mask(&t));
    let lm = zero_labels(&t, &label);
    seen_vertex.insert(lm);
    out.push((lm, point(&t)));
    struct Frame {
        cands: Vec<(usize, usize)>,
        idx: usize,
        back: Option<(usize, usize)>,
    }
    let mut stack = vec![Frame {
        cands: neighbours(&t),
        idx: 0,
        back: None,
    }];
    while let Some(frame) = stack.last_mut() {
        if frame.idx < frame.cands.len() {
            let (v, r) = frame.cands[frame.idx];
            frame.idx += 1;
            let old = t.basis()[r];
            let mask = basis_mask(&t) & !(1u128 << old) | (1u128 << v);
            if !visited.insert(mask) {
                continue;
            }
            if visited.len() > limit {
                return Err(SolveError::too_large(
                    "enummixed",
                    format!("more than {limit} feasible bases"),
                ));
            }
            t.pivot(r, v);
            let lm = zero_labels(&t, &label);
            if seen_vertex.insert(lm) {
                out.push((lm, point(&t)));
            }
            let cands = neighbours(&t);
            stack.push(Frame {
                cands,
                idx: 0,
                back: Some((r, old)),
            });
        } else {
            let back = frame.back;
            stack.pop();
            if let Some((r, old)) = back {
                t.pivot(r, old);
            }
        }
    }
    Ok(out)
}

/// Matches vertices of P and Q whose labels together cover all m+n labels.
fn match_vertices<A: Clone, B: Clone>(
    pv: &[(u128, A)],
    qv: &[(u128, B)],
    m: usize,
    n: usize,
) -> Vec<(A, B)> {
    let full: u128 = if m + n == 128 {
        u128::MAX
    } else {
        (1u128 << (m + n)) - 1
    };
    let x_origin: u128 = (1u128 << m) - 1; // all x_i = 0
    let y_origin: u128 = full & !x_origin;
    let degenerate = pv.iter().any(|(l, _)| l.count_ones() as usize > m)
        || qv.iter().any(|(l, _)| l.count_ones() as usize > n);
    let mut out = vec![];
    if degenerate {
        for (lx, x) in pv {
            if lx & x_origin == x_origin {
                continue;
            }
            for (ly, y) in qv {
                if ly & y_origin == y_origin {
                    continue;
                }
                if lx | ly == full {
                    out.push((x.clone(), y.clone()));
                }
            }
        }
    } else {
        let index: HashMap<u128, usize> =
            qv.iter().enumerate().map(|(k, (l, _))| (*l, k)).collect();
        for (lx, x) in pv {
            if lx & x_origin == x_origin {
                continue;
            }
            if let Some(&k) = index.get(&(full & !lx)) {
                if qv[k].0 & y_origin != y_origin {
                    out.push((x.clone(), qv[k].1.clone()));
                }
            }
        }
    }
    out
}

fn normalize_exact((z, _d): (Vec<BigInt>, BigInt)) -> Vec<Q> {
    let total: BigInt = z.iter().sum();
    z.into_iter().map(|x| Q::new(x, total.clone())).collect()
}

fn normalize_f64(z: Vec<f64>) -> Vec<f64> {
    let t: f64 = z.iter().sum();
    z.into_iter().map(|x| x / t).collect()
}

const BASIS_LIMIT: usize = 20_000_000;

/// The most strategies (both players together) [`enum_mixed`] takes on.
pub const MAX_ENUM_MIXED_STRATEGIES: usize = 32;

/// All extreme equilibria (vertex enumeration), exact or in `f64`.
pub fn enum_mixed(game: &StrategicGame, exact: bool) -> Result<Vec<BiEq>, SolveError> {
    let (m, n) = check_two(game, "enummixed")?;
    if m + n > MAX_ENUM_MIXED_STRATEGIES {
        return Err(SolveError::too_large(
            "enummixed",
            format!(
                "{m}×{n}: vertex enumeration grows exponentially (15×15 takes seconds, 20×20 did not end in minutes); at most {MAX_ENUM_MIXED_STRATEGIES} strategies in all: use lcp"
            ),
        ));
    }
    let p_label = |v: usize| v; // x_i → i, s_j → m + j
    let q_label = move |v: usize| if v < n { m + v } else { v - n }; // y_j → m + j, r_i → i
    if exact {
        let (a, b) = integer_matrices(game);
        let pv = vertices(
            ExactTableau::new(&transpose(&b)),
            p_label,
            |t: &ExactTableau| t.z_exact(),
            BASIS_LIMIT,
        )?;
        let qv = vertices(
            ExactTableau::new(&a),
            q_label,
            |t: &ExactTableau| t.z_exact(),
            BASIS_LIMIT,
        )?;
        Ok(match_vertices(&pv, &qv, m, n)
            .into_iter()
            .map(|(x, y)| BiEq::Exact(normalize_exact(x), normalize_exact(y)))
            .collect())
    } else {
        let (a, b) = float_matrices(game);
        let pv = vertices(
            FloatTableau::new(&transpose(&b)),
            p_label,
            |t: &FloatTableau| t.z_f64(),
            BASIS_LIMIT,
        )?;
        let qv = vertices(
            FloatTableau::new(&a),
            q_label,
            |t: &FloatTableau| t.z_f64(),
            BASIS_LIMIT,
        )?;
        Ok(match_vertices(&pv, &qv, m, n)
            .into_iter()
            .map(|(x, y)| BiEq::Float(normalize_f64(x), normalize_f64(y)))
            .collect())
    }
}

/// One Lemke–Howson run dropping label `k` from the pair of dictionaries; returns the new pair.
fn lh_run<T: Tableau>(
    mut tp: T,
    mut tq: T,
    k: usize,
    m: usize,
    n: usize,
) -> Result<(T, T), SolveError> {
    let p_var = |l: usize| l;
    let q_var = |l: usize| if l < m { n + l } else { l - m };
    let p_label = |v: usize| v;
    let q_label = |v: usize| if v < n { m + v } else { v - n };
    let nonbasic = |t: &T, v: usize| !t.basis().contains(&v);
    let mut in_p = nonbasic(&tp, p_var(k));
    let mut entering = if in_p { p_var(k) } else { q_var(k) };
    for _ in 0..1_000_000 {
        let t = if in_p { &mut tp } else { &mut tq };
        let r = lex_min_ratio(t, entering)
            .ok_or_else(|| SolveError::no_convergence("lcp", "unbounded ray in Lemke–Howson"))?;
        let leaving = t.basis()[r];
        t.pivot(r, entering);
        let l = if in_p {
            p_label(leaving)
        } else {
            q_label(leaving)
        };
        if l == k {
            return Ok((tp, tq));
        }
        in_p = !in_p;
        entering = if in_p { p_var(l) } else { q_var(l) };
    }
    Err(SolveError::no_convergence(
        "lcp",
        "Lemke–Howson exceeded 1,000,000 pivots",
    ))
}

fn lh_all<T: Tableau, E>(
    tp0: T,
    tq0: T,
    m: usize,
    n: usize,
    stop_after: usize,
    value: impl Fn(&T, &T) -> E,
) -> Result<Vec<E>, SolveError> {
    let key = |tp: &T, tq: &T| (basis_mask(tp), basis_mask(tq));
    let x_zero = |tp: &T| tp.basis().iter().all(|&v| v >= m);
    let mut seen: HashSet<(u128, u128)> = HashSet::new();
    let mut found = vec![];
    let mut queue = vec![(tp0, tq0)];
    let mut head = 0;
    while head < queue.len() {
        let (tp, tq) = queue[head].clone();
        head += 1;
        for k in 0..m + n {
            let (np, nq) = lh_run(tp.clone(), tq.clone(), k, m, n)?;
            if x_zero(&np) {
                continue; // back at the artificial equilibrium
            }
            if seen.insert(key(&np, &nq)) {
                found.push(value(&np, &nq));
                if stop_after > 0 && found.len() >= stop_after {
                    return Ok(found);
                }
                queue.push((np, nq));
            }
        }
    }
    Ok(found)
}

/// Lemke–Howson: the equilibria reachable from the artificial one and, recursively, from each
/// equilibrium found, by dropping every label (`stop_after` = 0 for all of them).
pub fn lemke_howson(
    game: &StrategicGame,
    exact: bool,
    stop_after: usize,
) -> Result<Vec<BiEq>, SolveError> {
    let (m, n) = check_two(game, "lcp")?;
    let mut out = if exact {
        let (a, b) = integer_matrices(game);
        lh_all(
            ExactTableau::new(&transpose(&b)),
            ExactTableau::new(&a),
            m,
            n,
            stop_after,
            |p, q| BiEq::Exact(normalize_exact(p.z_exact()), normalize_exact(q.z_exact())),
        )?
    } else {
        let (a, b) = float_matrices(game);
        lh_all(
            FloatTableau::new(&transpose(&b)),
            FloatTableau::new(&a),
            m,
            n,
            stop_after,
            |p, q| BiEq::Float(normalize_f64(p.z_f64()), normalize_f64(q.z_f64())),
        )?
    };
    // Degenerate games can reach one equilibrium through several bases.
    let mut unique: Vec<BiEq> = vec![];
    for e in out.drain(..) {
        let dup = unique.iter().any(|u| match (u, &e) {
            (BiEq::Exact(a, b), BiEq::Exact(c, d)) => a == c && b == d,
            (BiEq::Float(a, b), BiEq::Float(c, d)) => a
                .iter()
                .chain(b)
                .zip(c.iter().chain(d))
                .all(|(x, y)| (x - y).abs() < crate::tolerance::SAME_POINT),
            _ => false,
        });
        if !dup {
            unique.push(e);
        }
    }
    Ok(unique)
}

#[allow(dead_code)]
fn is_positive(x: &BigInt) -> bool {
    x.is_positive()
}
