//! The documented edge cases: one actor, Δ = 0, zero salience or capability, ties in the median,
//! equal dangers, bad inputs; and two closed-form checks.

use brink_bdm::reference::run_direct;
use brink_bdm::{run, BdmError, BdmInputs, BdmOptions, MoveKind, Variant};

fn inputs<'a>(x: &'a [f64], c: &'a [f64], s: &'a [f64]) -> BdmInputs<'a> {
    BdmInputs {
        positions: x,
        capabilities: c,
        saliences: s,
    }
}

fn both_variants() -> [BdmOptions; 2] {
    [Variant::Scholz, Variant::Textbook].map(|variant| BdmOptions {
        variant,
        ..BdmOptions::default()
    })
}

#[test]
fn one_actor_never_moves() {
    for opts in both_variants() {
        let t = run(&inputs(&[3.5], &[2.0], &[0.7]), &opts).unwrap();
        assert_eq!(t.delta, 0.0);
        assert_eq!(t.rounds.len(), 11);
        for (r, state) in t.rounds.iter().enumerate() {
            assert_eq!(state.round, r);
            assert_eq!(state.positions, vec![3.5]);
            assert_eq!((state.median, state.mean), (3.5, 3.5));
            assert!(state.moves.is_empty());
            if r > 0 {
                assert_eq!(state.risk, vec![1.0]);
            }
        }
        assert!(t.stable);
    }
}

#[test]
fn everyone_at_one_position_is_stable() {
    let x = [7.0; 5];
    let c = [0.1, 0.5, 0.0, 1.0, 0.3];
    let s = [1.0, 0.2, 0.5, 0.0, 0.9];
    for opts in both_variants() {
        let until = BdmOptions {
            until_stable: true,
            ..opts
        };
        let t = run(&inputs(&x, &c, &s), &until).unwrap();
        assert_eq!(t.delta, 0.0);
        assert_eq!(
            t.rounds.len(),
            2,
            "stops after the first round without a move"
        );
        assert!(t.stable);
        let last = t.last();
        assert_eq!(last.positions, x.to_vec());
        assert_eq!((last.median, last.mean), (7.0, 7.0));
        assert_eq!(last.risk, vec![1.0; 5]);
    }
}

#[test]
fn zero_weight_actors_cast_no_vote_but_still_deal() {
    // Actor 2 has capability 0 and actor 3 salience 0: neither votes. Their presence must not
    // change the mean or median, and the engine must agree with the direct formulas.
    let x = [0.0, 10.0, 4.0, 9.0];
    let c = [1.0, 1.0, 0.0, 0.8];
    let s = [0.9, 0.5, 0.6, 0.0];
    for opts in both_variants() {
        let t = run(&inputs(&x, &c, &s), &opts).unwrap();
        let d = run_direct(&inputs(&x, &c, &s), &opts).unwrap();
        let r0 = &t.rounds[0];
        assert!((r0.mean - (0.0 * 0.9 + 10.0 * 0.5) / (0.9 + 0.5)).abs() < 1e-12);
        for (a, b) in t.rounds.iter().zip(&d.rounds) {
            for (p, q) in a.positions.iter().zip(&b.positions) {
                assert!((p - q).abs() < 1e-9);
            }
        }
        for state in &t.rounds {
            assert!(state.positions.iter().all(|p| (0.0..=10.0).contains(p)));
            assert!(state.mean.is_finite() && state.median.is_finite());
        }
    }
}

#[test]
fn all_weights_zero_fall_back_to_equal_weights() {
    // Nobody votes: every probability is 0 (scholz) or ½ (textbook), and median and mean weigh
    // actors equally.
    let x = [1.0, 2.0, 6.0];
    let c = [0.0, 0.0, 0.0];
    let s = [0.5, 1.0, 0.2];
    for opts in both_variants() {
        let t = run(&inputs(&x, &c, &s), &opts).unwrap();
        assert_eq!(t.rounds[0].mean, 3.0);
        assert_eq!(t.rounds[0].median, 2.0);
        let d = run_direct(&inputs(&x, &c, &s), &opts).unwrap();
        for (a, b) in t.rounds.iter().zip(&d.rounds) {
            assert_eq!(a.moves.len(), b.moves.len());
            for (p, q) in a.positions.iter().zip(&b.positions) {
                assert!((p - q).abs() < 1e-9);
            }
            assert!(a.mean.is_finite());
        }
    }
}

#[test]
fn median_ties_go_to_the_lower_position() {
    // Equal weight on each side: every point of [2, 8] is a (weak) Condorcet winner.
    let t = run(
        &inputs(&[8.0, 2.0], &[1.0, 1.0], &[0.5, 0.5]),
        &BdmOptions {
            rounds: 0,
            ..BdmOptions::default()
        },
    )
    .unwrap();
    assert_eq!(t.rounds[0].median, 2.0);
    assert_eq!(t.rounds[0].mean, 5.0);
    // A tie that only holds in exact arithmetic: 0.1 + 0.2 vs 0.3.
    let t = run(
        &inputs(&[1.0, 2.0, 9.0], &[0.1, 0.2, 0.3], &[1.0, 1.0, 1.0]),
        &BdmOptions {
            rounds: 0,
            ..BdmOptions::default()
        },
    )
    .unwrap();
    assert_eq!(t.rounds[0].median, 2.0);
    // A clear majority is no tie.
    let t = run(
        &inputs(&[1.0, 2.0, 9.0], &[0.1, 0.2, 0.31], &[1.0, 1.0, 1.0]),
        &BdmOptions {
            rounds: 0,
            ..BdmOptions::default()
        },
    )
    .unwrap();
    assert_eq!(t.rounds[0].median, 9.0);
}

#[test]
fn equal_dangers_give_risk_neutral_actors() {
    // Two mirror-image actors: their dangers are equal, max S − min S = 0 (the replication
    // divides by it): both get r = 1.
    let t = run(
        &inputs(&[0.0, 10.0], &[1.0, 1.0], &[0.6, 0.6]),
        &BdmOptions::default(),
    )
    .unwrap();
    for state in &t.rounds[1..] {
        assert_eq!(state.risk, vec![1.0, 1.0]);
    }
    // Mirror images under scholz never deal (the global denominator makes both P tiny and
    // equal, so e_ij = e_ji: no strict inequality holds).
    assert!(t.rounds.iter().all(|s| s.moves.is_empty()));
}

#[test]
fn risk_exponents_span_half_to_two() {
    // The most endangered actor gets r = 0.5, the safest r = 2 (R = ±1).
    let x = [0.0, 3.0, 10.0];
    let t = run(
        &inputs(&x, &[1.0, 0.5, 0.2], &[0.9, 0.4, 0.7]),
        &BdmOptions {
            rounds: 1,
            ..BdmOptions::default()
        },
    )
    .unwrap();
    let risk = &t.rounds[1].risk;
    let (lo, hi) = risk
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(l, h), &r| (l.min(r), h.max(r)));
    assert!(
        (lo - 0.5).abs() < 1e-12 && (hi - 2.0).abs() < 1e-12,
        "{risk:?}"
    );
}

#[test]
fn textbook_capitulates_where_scholz_cannot() {
    // Search small scenarios for a textbook capitulation: the variant must produce them (the
    // replication's test never fires), and scholz never does.
    let mut seen = false;
    for a in 0..6 {
        for b in 0..6 {
            let x = [0.0, 2.0 + a as f64, 10.0];
            let c = [1.0, 0.2 + 0.15 * b as f64, 0.6];
            let s = [0.9, 0.3 + 0.1 * a as f64, 0.5];
            let tb = run(
                &inputs(&x, &c, &s),
                &BdmOptions {
                    variant: Variant::Textbook,
                    rounds: 3,
                    until_stable: false,
                },
            )
            .unwrap();
            seen |= tb
                .rounds
                .iter()
                .flat_map(|r| &r.moves)
                .any(|m| m.kind == MoveKind::Capitulation);
            let sc = run(&inputs(&x, &c, &s), &BdmOptions::default()).unwrap();
            assert!(sc
                .rounds
                .iter()
                .flat_map(|r| &r.moves)
                .all(|m| m.kind != MoveKind::Capitulation));
        }
    }
    assert!(seen, "no textbook capitulation in the grid");
}

#[test]
fn moves_follow_the_offer_rules() {
    // Whatever happens, every recorded move satisfies its kind's defining inequalities and lands
    // where the rule says.
    let x = [0.0, 1.5, 4.0, 4.5, 7.0, 10.0];
    let c = [0.9, 0.3, 0.6, 0.2, 0.8, 0.5];
    let s = [0.8, 0.4, 0.9, 0.2, 0.6, 1.0];
    for opts in both_variants() {
        let t = run(&inputs(&x, &c, &s), &opts).unwrap();
        for state in &t.rounds {
            for m in &state.moves {
                match m.kind {
                    MoveKind::Confrontation => {
                        assert!(m.e_ji > m.e_ij && m.e_ij > 0.0);
                        assert_eq!(m.to, m.proposer_at);
                    }
                    MoveKind::Compromise => {
                        assert!(m.e_ji > 0.0 && 0.0 > m.e_ij && m.e_ji > m.e_ij.abs());
                        let expected = m.from + (m.proposer_at - m.from) * (m.e_ij / m.e_ji).abs();
                        assert_eq!(m.to, expected);
                    }
                    MoveKind::Capitulation => {
                        assert_eq!(opts.variant, Variant::Textbook);
                        assert!(m.e_ji > 0.0 && 0.0 > m.e_ij && m.e_ji < m.e_ij.abs());
                        assert_eq!(m.to, m.proposer_at);
                    }
                }
            }
        }
    }
}

#[test]
fn textbook_risk_step_closed_form() {
    // Two actors at 0 and 10 (δ = 1), w = (1.5, 0.5), s = ½. With pairwise P each actor votes for
    // its own position: P_01 = 1.5/2 = ¾, P_10 = ¼. With r = 1, EU(i → j) = 2δ(1 − 2s_j) +
    // 4 s_j δ P_ij, so S_0 = EU(1 → 0) = ½ and S_1 = EU(0 → 1) = 3/2: actor 1 is the more
    // endangered, R = (−1, 1), r = (2, ½).
    let t = run(
        &inputs(&[0.0, 10.0], &[3.0, 1.0], &[0.5, 0.5]),
        &BdmOptions {
            variant: Variant::Textbook,
            rounds: 1,
            until_stable: false,
        },
    )
    .unwrap();
    let risk = &t.rounds[1].risk;
    assert!(
        (risk[0] - 2.0).abs() < 1e-12 && (risk[1] - 0.5).abs() < 1e-12,
        "{risk:?}"
    );
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    let ok = [1.0, 2.0];
    assert_eq!(
        run(&inputs(&[], &[], &[]), &BdmOptions::default()),
        Err(BdmError::NoActors)
    );
    assert!(matches!(
        run(&inputs(&ok, &[1.0], &ok), &BdmOptions::default()),
        Err(BdmError::LengthMismatch { .. })
    ));
    for (x, c, s, field) in [
        ([f64::NAN, 1.0], [1.0, 1.0], [0.5, 0.5], "position"),
        ([0.0, 1.0], [-1.0, 1.0], [0.5, 0.5], "capability"),
        ([0.0, 1.0], [1.0, f64::INFINITY], [0.5, 0.5], "capability"),
        ([0.0, 1.0], [1.0, 1.0], [0.5, 1.5], "salience"),
    ] {
        match run(&inputs(&x, &c, &s), &BdmOptions::default()) {
            Err(e @ BdmError::BadValue { .. }) => assert!(e.to_string().contains(field), "{e}"),
            other => panic!("expected a bad {field}, got {other:?}"),
        }
    }
}
