//! The crisis solver against the game engine's general solvers (brink-games): the same agent
//! QRE as its path follower at several λ, an SPE that its regret check verifies as a Nash
//! equilibrium, and the same SPE as its `spe` on the crisis trees (up to exact ties).

use brink_crisis::{deterrence, fearon, iig, patron, CrisisGame};
use brink_games::behavior_regret;
use brink_games::num::to_f64;
use brink_games::Mover;
use brink_games::{backward_induction as solve, Rule};

fn games() -> Vec<(&'static str, CrisisGame)> {
    let names = |n: usize| {
        let mut v = vec!["A".to_string(), "B".into(), "C".into()];
        v.extend((1..=n).map(|k| format!("T{k}")));
        v
    };
    let patron = |n: usize, gain: f64, signal: bool| {
        let mut p = patron::PatronParams::reference(n, gain);
        p.signal = signal;
        p.patron_commitment = 0.05;
        let v = names(n);
        let r: Vec<&str> = v.iter().map(String::as_str).collect();
        patron::build(&p, &r).unwrap()
    };
    vec![
        (
            "egame12",
            deterrence::build(&Default::default(), ["1", "2"]).unwrap(),
        ),
        (
            "fearon",
            fearon::build(&fearon::FearonParams::reference(), ["A", "B"]).unwrap(),
        ),
        ("iig", iig::build(&Default::default(), ["A", "B"]).unwrap()),
        ("patron grants", patron(1, 0.3, false)),
        ("patron denies", patron(1, 0.0, false)),
        ("patron 2 transit + signal", patron(2, 0.1, true)),
    ]
}

#[test]
fn agent_qre_matches_the_engines_path_follower() {
    for (name, cg) in games() {
        for lambda in [0.5, 2.0, 10.0] {
            // One profile type on both sides: compare them information set by information set.
            let ours = solve(&cg.game, Rule::Logit(lambda)).unwrap().behavior;
            let theirs = brink_games::agent_qre(&cg.game, lambda).unwrap();
            for p in 0..cg.game.num_players() {
                let a = ours.player_infosets(p);
                let b = theirs.player_infosets(p);
                for (k, (x, y)) in a.zip(b).enumerate() {
                    for (u, v) in x.iter().zip(y) {
                        assert!(
                            (u - v).abs() < 1e-6,
                            "{name} λ={lambda} player {p} set {k}: {x:?} vs {y:?}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn spe_is_verified_by_the_engine_and_equals_its_spe() {
    for (name, cg) in games() {
        let sol = solve(&cg.game, Rule::Best).unwrap();
        let (payoffs, regret) = behavior_regret(&cg.game, &sol.behavior).unwrap();
        assert!(regret < 1e-9, "{name}: regret {regret}");
        for (x, y) in payoffs.iter().zip(&sol.value[0]) {
            assert!((x - y).abs() < 1e-9, "{name}");
        }
        let theirs = brink_games::spe(&cg.game).unwrap();
        for p in 0..cg.game.num_players() {
            for (k, probs) in theirs.behavior.player_infosets(p).enumerate() {
                let i = cg.game.player_infosets(p)[k];
                assert!(matches!(cg.game.infoset(i).mover, Mover::Player(_)));
                let theirs: Vec<f64> = probs.iter().map(to_f64).collect();
                let label = &cg.game.infoset(i).label;
                if sol.probs(i).contains(&1.0) {
                    assert_eq!(sol.probs(i), theirs, "{name}: `{label}`");
                } else {
                    // An exact tie: we mix the best actions equally (the logit limit), the
                    // engine picks one of them — both subgame perfect.
                    for (ours, t) in sol.probs(i).iter().zip(&theirs) {
                        assert!(*t == 0.0 || *ours > 0.0, "{name}: `{label}`");
                    }
                }
            }
        }
    }
}
