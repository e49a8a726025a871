//! A direct transcription of models.md §2, O(n³) per round: every vote sum is a loop over
//! voters and the scholz denominator a triple loop, in input order, with no sorting. It exists
//! to check the fast engine (the property tests compare positions round by round) and to show
//! what the engine saves (benchmarks); use [`crate::run`] for real work.

use crate::rules::{
    classify, expected_utility, probability, risk_exponents, status_quo, success_failure,
    weighted_mean, weighted_median, BestOffers,
};
use crate::{validate, BdmError, BdmInputs, BdmOptions, Move, RoundState, Trajectory, Variant};

/// v_k(a, b) = c_k s_k [(|x_k − x_b|/Δ)^{r_k} − (|x_k − x_a|/Δ)^{r_k}]: k's vote for x_a over x_b.
fn vote(xk: f64, wk: f64, rk: f64, xa: f64, xb: f64, delta: f64) -> f64 {
    wk * ((xk - xb).abs() / delta).powf(rk) - wk * ((xk - xa).abs() / delta).powf(rk)
}

/// N[i][j] = Σ_k max(0, v_k(x_i, x_j)) for every pair, and the scholz denominator.
fn vote_sums(x: &[f64], w: &[f64], r: &[f64], delta: f64) -> (Vec<Vec<f64>>, f64) {
    let n = x.len();
    let mut global = 0.0;
    for k in 0..n {
        for a in 0..n {
            for b in 0..n {
                global += vote(x[k], w[k], r[k], x[a], x[b], delta).abs();
            }
        }
    }
    let mut sums = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            if x[i] != x[j] {
                sums[i][j] = (0..n)
                    .map(|k| vote(x[k], w[k], r[k], x[i], x[j], delta).max(0.0))
                    .sum();
            }
        }
    }
    (sums, global)
}

/// Runs the model like [`crate::run`], the slow and obvious way.
pub fn run_direct(inputs: &BdmInputs, opts: &BdmOptions) -> Result<Trajectory, BdmError> {
    validate(inputs)?;
    let n = inputs.positions.len();
    let mut x = inputs.positions.to_vec();
    let s = inputs.saliences;
    let w: Vec<f64> = (0..n)
        .map(|i| inputs.capabilities[i] * inputs.saliences[i])
        .collect();
    let (lo, hi) = x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let delta = hi - lo;
    let variant: Variant = opts.variant;
    let mut order = vec![0; n];
    let mut state = |round, x: &[f64], risk: Vec<f64>, moves: Vec<Move>| RoundState {
        round,
        positions: x.to_vec(),
        median: weighted_median(x, &w, &mut order),
        mean: weighted_mean(x, &w),
        risk,
        moves,
    };
    let mut rounds = vec![state(0, &x, Vec::new(), Vec::new())];
    let mut stable = false;
    for round in 1..=opts.rounds {
        let mut r = vec![1.0; n];
        let mut moves = Vec::new();
        if delta > 0.0 {
            let (sums, global) = vote_sums(&x, &w, &r, delta);
            let danger: Vec<f64> = (0..n)
                .map(|j| {
                    (0..n)
                        .filter(|&i| i != j)
                        .map(|i| {
                            let p = probability(variant, sums[i][j], sums[j][i], global);
                            let (us, uf) = success_failure((x[i] - x[j]).abs(), delta, 1.0);
                            expected_utility(p, s[j], us, uf, status_quo(1.0))
                        })
                        .sum()
                })
                .collect();
            risk_exponents(&danger, &mut r);
            let (sums, global) = vote_sums(&x, &w, &r, delta);
            for i in 0..n {
                let mut best = BestOffers::default();
                for j in 0..n {
                    if x[i] == x[j] {
                        continue;
                    }
                    let p_ij = probability(variant, sums[i][j], sums[j][i], global);
                    let p_ji = probability(variant, sums[j][i], sums[i][j], global);
                    let (us, uf) = success_failure((x[i] - x[j]).abs(), delta, r[i]);
                    let usq = status_quo(r[i]);
                    let e_ij = expected_utility(p_ij, s[j], us, uf, usq);
                    let e_ji = expected_utility(p_ji, s[i], us, uf, usq);
                    if let Some((kind, to)) = classify(variant, x[i], x[j], e_ij, e_ji) {
                        best.consider(
                            variant,
                            Move {
                                actor: i,
                                proposer: j,
                                kind,
                                from: x[i],
                                proposer_at: x[j],
                                to,
                                e_ij,
                                e_ji,
                            },
                        );
                    }
                }
                moves.extend(best.choice());
            }
        }
        let before = x.clone();
        for m in &moves {
            x[m.actor] = m.to;
        }
        stable = x == before;
        rounds.push(state(round, &x, r, moves));
        if opts.until_stable && stable {
            break;
        }
    }
    Ok(Trajectory {
        delta,
        rounds,
        stable,
    })
}
