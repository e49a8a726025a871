//! The linear programs of two-player constant-sum games, solved by the simplex of [`crate::lp`]:
//! the maximin LP of a strategic form, and the sequence-form LP of a tree (Koller, Megiddo &
//! von Stengel 1996). One LP gives both players' optimal strategies: player 2's as the primal
//! (strategic form) or the duals (sequence form), player 1's as the other.

use crate::bimatrix::BiEq;
use crate::error::SolveError;
use crate::lp::{maximize, LpError, LpNum, Row};
use crate::model::{ExtensiveGame, StrategicGame};
use crate::num::Q;
use crate::seqform::{plans_to_behavior, sequence_form, SeqEq, SequenceForm};

/// Largest dense simplex tableau (rows × columns) these LPs build.
const MAX_CELLS: usize = 30_000_000;

fn lp_error(e: LpError) -> SolveError {
    match e {
        // A game's LP always has an optimum; these mean numerical trouble.
        LpError::Infeasible => {
            SolveError::no_convergence("lp", "the simplex found the game's LP infeasible")
        }
        LpError::Unbounded => {
            SolveError::no_convergence("lp", "the simplex found the game's LP unbounded")
        }
        LpError::PivotLimit(n) => {
            SolveError::no_convergence("lp", format!("the simplex exceeded {n} pivots"))
        }
    }
}

/// Player 1 maximizes, player 2 minimizes player 1's payoff `A` (shifted to be ≥ 1, which
/// changes no optimal strategy): `max Σq s.t. A q ≤ 1, q ≥ 0`; then player 2's strategy is
/// `q / Σq` and player 1's the normalized duals.
fn strategic_lp<T: LpNum>(game: &StrategicGame) -> Result<(Vec<T>, Vec<T>), SolveError> {
    let s = game.num_strategies();
    let (m, n) = (s[0], s[1]);
    let pay = |i: usize, j: usize| -> Q { game.payoff(game.profile_index(&[i, j]), 0).clone() };
    let low = (0..m)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| pay(i, j))
        .min()
        .unwrap_or_default();
    let one = Q::from_integer(1.into());
    let a: Vec<Vec<T>> = (0..m)
        .map(|i| {
            (0..n)
                .map(|j| T::from_q(&(pay(i, j) - &low + &one)))
                .collect()
        })
        .collect();
    let sol = maximize(
        &a,
        &vec![Row::Le; m],
        &vec![T::one(); m],
        &vec![T::one(); n],
    )
    .map_err(lp_error)?;
    let normalize = |v: Vec<T>| -> Vec<T> {
        let total = v.iter().fold(T::zero(), |acc, x| acc + x.clone());
        v.into_iter().map(|x| x / total.clone()).collect()
    };
    Ok((normalize(sol.duals), normalize(sol.x)))
}

/// Optimal strategies of a 2-player constant-sum strategic game by linear programming.
pub fn strategic(game: &StrategicGame, exact: bool) -> Result<BiEq, SolveError> {
    let s = game.num_strategies();
    if s[0].saturating_mul(s[0] + s[1]) > MAX_CELLS {
        return Err(SolveError::too_large(
            "lp",
            format!("{} × {} strategies", s[0], s[1]),
        ));
    }
    Ok(if exact {
        let (x, y) = strategic_lp::<Q>(game)?;
        BiEq::Exact(x, y)
    } else {
        let (x, y) = strategic_lp::<f64>(game)?;
        BiEq::Float(x, y)
    })
}

/// The sequence-form LP of player 1 (payoff matrix `A` over sequence pairs, chance included):
/// `max q_∅ s.t. Fᵀq − Aᵀx ≤ 0, E x = e, x ≥ 0, q free` (q split as q⁺ − q⁻). Its duals on
/// the `≤` rows are player 2's realization plan.
fn sequence_lp<T: LpNum>(sf: &SequenceForm) -> Result<[Vec<T>; 2], SolveError> {
    let (n1, n2) = (sf.seqs[0].count, sf.seqs[1].count);
    let (k1, k2) = (sf.seqs[0].first.len() + 1, sf.seqs[1].first.len() + 1);
    let cols = n1 + 2 * k2;
    let rows = n2 + k1;
    if rows.saturating_mul(cols + rows + k1) > MAX_CELLS {
        return Err(SolveError::too_large(
            "lp",
            format!("the sequence-form LP would have {rows} rows and {cols} variables"),
        ));
    }
    let mut a: Vec<Vec<T>> = vec![vec![T::zero(); cols]; rows];
    // −Aᵀx in the rows of player 2's sequences.
    for (s1, s2, r, pay) in &sf.leaves {
        a[*s2][*s1] = a[*s2][*s1].clone() - T::from_q(&(r * &pay[0]));
    }
    // +Fᵀq: F's row 0 is y_∅ = 1, row k+1 says information set k's actions sum to its parent.
    let minus = T::zero() - T::one();
    let mut put_f = |c: usize, tau: usize, v: T| {
        a[tau][n1 + c] = a[tau][n1 + c].clone() + v.clone();
        a[tau][n1 + k2 + c] = a[tau][n1 + k2 + c].clone() - v;
    };
    put_f(0, 0, T::one());
    let s2 = &sf.seqs[1];
    for k in 0..s2.first.len() {
        put_f(k + 1, s2.parent[k], minus.clone());
        let next = s2.first.get(k + 1).copied().unwrap_or(s2.count);
        for tau in s2.first[k]..next {
            put_f(k + 1, tau, T::one());
        }
    }
    // E x = e.
    let s1 = &sf.seqs[0];
    a[n2][0] = T::one();
    for k in 0..s1.first.len() {
        a[n2 + k + 1][s1.parent[k]] = minus.clone();
        let next = s1.first.get(k + 1).copied().unwrap_or(s1.count);
        for sigma in s1.first[k]..next {
            a[n2 + k + 1][sigma] = T::one();
        }
    }
    let mut kinds = vec![Row::Le; n2];
    kinds.extend(std::iter::repeat_n(Row::Eq, k1));
    let mut b = vec![T::zero(); rows];
    b[n2] = T::one();
    let mut c = vec![T::zero(); cols];
    c[n1] = T::one();
    c[n1 + k2] = minus;
    let sol = maximize(&a, &kinds, &b, &c).map_err(lp_error)?;
    let x = sol.x[..n1].to_vec();
    let y = sol.duals[..n2].to_vec();
    Ok([x, y])
}

/// Optimal behaviour strategies of a 2-player constant-sum tree by the sequence-form LP.
pub fn tree(tree: &ExtensiveGame, exact: bool) -> Result<SeqEq, SolveError> {
    let sf = sequence_form(tree)?;
    Ok(if exact {
        let plans = sequence_lp::<Q>(&sf)?;
        SeqEq::Exact(plans_to_behavior(
            tree,
            &sf,
            &plans,
            num_traits::Signed::is_positive,
            |a, b| a / b,
            |k| Q::new(1.into(), (k as i64).into()),
        ))
    } else {
        let plans = sequence_lp::<f64>(&sf)?;
        SeqEq::Float(plans_to_behavior(
            tree,
            &sf,
            &plans,
            |x| *x > 1e-12,
            |a, b| a / b,
            |k| 1.0 / k as f64,
        ))
    })
}
