//! The engines against the direct O(n³) transcription of the formulas, on random scenarios: same
//! moves, same positions (1e-9), both variants — the dense engine (`run` on up to 48 actors),
//! and the sorted one (positions sorted, prefix-sum cursors, O(n²) per round) forced on small
//! scenarios; the two engines against each other on 13–170 actors, around the size where `run`
//! switches from one to the other; and `run_into` against `run`.

use brink_bdm::reference::run_direct;
use brink_bdm::{run, run_in, run_into, BdmInputs, BdmOptions, BdmWorkspace, Trajectory, Variant};
use proptest::prelude::*;

const TOL: f64 = 1e-9;

fn assert_same(fast: &Trajectory, direct: &Trajectory) -> Result<(), TestCaseError> {
    prop_assert_eq!(fast.rounds.len(), direct.rounds.len());
    prop_assert_eq!(fast.stable, direct.stable);
    for (f, d) in fast.rounds.iter().zip(&direct.rounds) {
        let r = f.round;
        for (i, (a, b)) in f.positions.iter().zip(&d.positions).enumerate() {
            prop_assert!(
                (a - b).abs() <= TOL * b.abs().max(1.0),
                "round {r} actor {i}: fast {a} direct {b}"
            );
        }
        prop_assert!((f.mean - d.mean).abs() <= TOL * d.mean.abs().max(1.0));
        prop_assert!((f.median - d.median).abs() <= TOL * d.median.abs().max(1.0));
        // When every actor stands within a hair of the others, the dangers are differences at
        // rounding level and the risk exponents normalise noise: skip them then.
        let (lo, hi) = d
            .positions
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                (l.min(x), h.max(x))
            });
        if hi - lo > 1e-6 * direct.delta {
            for (a, b) in f.risk.iter().zip(&d.risk) {
                prop_assert!((a - b).abs() <= 1e-9, "round {r}: risk {a} vs {b}");
            }
        }
        // Below ~1e-8 the EUs are differences of O(1) utilities at rounding level (two actors
        // a hair apart), in both implementations: whether and how such a pair deals is noise,
        // and either way the actor lands on (almost) the same point — which the position check
        // above covers. Every move above that level must be the same in both.
        let noise = |m: &brink_bdm::Move| m.e_ij.abs().min(m.e_ji.abs()) <= 1e-8;
        for i in 0..f.positions.len() {
            let a = f.moves.iter().find(|m| m.actor == i);
            let b = d.moves.iter().find(|m| m.actor == i);
            match (a, b) {
                (Some(a), Some(b)) => {
                    prop_assert!((a.to - b.to).abs() <= TOL * b.to.abs().max(1.0));
                    prop_assert!((a.e_ij - b.e_ij).abs() <= TOL && (a.e_ji - b.e_ji).abs() <= TOL);
                    if !noise(b) {
                        prop_assert_eq!((a.proposer, a.kind), (b.proposer, b.kind), "round {}", r);
                    }
                }
                (Some(m), None) | (None, Some(m)) => {
                    prop_assert!(noise(m), "round {r}: only one implementation moves: {m:?}")
                }
                (None, None) => {}
            }
        }
    }
    Ok(())
}

/// A scenario: positions either continuous or on a coarse grid (ties, exact midpoints),
/// capabilities and saliences sometimes exactly 0 or 1.
fn scenario() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    (1usize..=12, any::<bool>()).prop_flat_map(|(n, grid)| {
        let position = if grid {
            (0u8..=5).prop_map(|g| f64::from(g) * 2.0).boxed()
        } else {
            (0.0f64..100.0).boxed()
        };
        let unit = prop_oneof![
            1 => Just(0.0),
            1 => Just(1.0),
            6 => 0.0f64..=1.0,
        ];
        (
            proptest::collection::vec(position, n),
            proptest::collection::vec(unit.clone(), n),
            proptest::collection::vec(unit, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fast_path_equals_direct((x, c, s) in scenario(), textbook in any::<bool>(), rounds in 1usize..=6) {
        let inputs = BdmInputs { positions: &x, capabilities: &c, saliences: &s };
        let opts = BdmOptions {
            variant: if textbook { Variant::Textbook } else { Variant::Scholz },
            rounds,
            until_stable: false,
        };
        let fast = run(&inputs, &opts).unwrap();
        let direct = run_direct(&inputs, &opts).unwrap();
        assert_same(&fast, &direct)?;
    }

    #[test]
    fn sorted_engine_equals_direct((x, c, s) in scenario(), textbook in any::<bool>(), rounds in 1usize..=6) {
        let inputs = BdmInputs { positions: &x, capabilities: &c, saliences: &s };
        let opts = BdmOptions {
            variant: if textbook { Variant::Textbook } else { Variant::Scholz },
            rounds,
            until_stable: false,
        };
        let sorted = run_in(&mut BdmWorkspace::sorted_engine(x.len()), &inputs, &opts).unwrap();
        let direct = run_direct(&inputs, &opts).unwrap();
        assert_same(&sorted, &direct)?;
    }

    #[test]
    fn run_into_equals_run((x, c, s) in scenario(), textbook in any::<bool>(), until_stable in any::<bool>()) {
        let inputs = BdmInputs { positions: &x, capabilities: &c, saliences: &s };
        let opts = BdmOptions {
            variant: if textbook { Variant::Textbook } else { Variant::Scholz },
            rounds: 8,
            until_stable,
        };
        let full = run(&inputs, &opts).unwrap();
        // The O(n)-memory path (no n × n cache) gives the same positions.
        let mut uncached = BdmWorkspace::with_cache_limit(4, 0);
        let summary = run_into(&mut uncached, &inputs, &opts).unwrap();
        let last = full.last();
        for (a, b) in uncached.positions().iter().zip(&last.positions) {
            prop_assert!((a - b).abs() <= TOL * b.abs().max(1.0), "uncached {a} vs {b}");
        }
        prop_assert!((summary.mean - last.mean).abs() <= TOL * last.mean.abs().max(1.0));
        // A workspace sized for more actors, reused twice.
        let mut ws = BdmWorkspace::new(16);
        let _ = run_into(&mut ws, &inputs, &opts).unwrap();
        let summary = run_into(&mut ws, &inputs, &opts).unwrap();
        prop_assert_eq!(ws.positions(), &last.positions[..]);
        prop_assert_eq!(summary.mean, last.mean);
        prop_assert_eq!(summary.median, last.median);
        prop_assert_eq!(summary.rounds_run, full.rounds.len() - 1);
        prop_assert_eq!(summary.stable, full.stable);
        // The ring of the last states judges the run as the whole record does.
        prop_assert_eq!(summary.settling, full.settling());
    }
}

/// A larger scenario: 13–170 actors (past the switch-over at 160), continuous positions.
fn larger_scenario() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    (13usize..=170).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.0f64..100.0, n),
            proptest::collection::vec(0.01f64..=1.0, n),
            proptest::collection::vec(0.01f64..=1.0, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn dense_and_sorted_engines_agree((x, c, s) in larger_scenario(), textbook in any::<bool>()) {
        let inputs = BdmInputs { positions: &x, capabilities: &c, saliences: &s };
        let opts = BdmOptions {
            variant: if textbook { Variant::Textbook } else { Variant::Scholz },
            rounds: 4,
            until_stable: false,
        };
        let default = run(&inputs, &opts).unwrap();
        let sorted = run_in(&mut BdmWorkspace::sorted_engine(x.len()), &inputs, &opts).unwrap();
        assert_same(&default, &sorted)?;
    }
}
