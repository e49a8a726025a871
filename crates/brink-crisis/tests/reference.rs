//! The crisis library against ../shared/reference/games/ir/: the built trees equal the reference
//! `.efg` files (same nodes, information sets, actions, chance probabilities, payoffs), and the
//! solutions match pygambit 16.7.0's answers printed in `EXPECTED_pygambit16.7.0.txt` and the
//! closed forms of ../shared/design/games.md.

use brink_crisis::path;
use brink_crisis::{deterrence, fearon, iig, patron, CrisisGame};
use brink_games::{backward_induction as solve, Rule};
use brink_games::{ExtensiveGame, InfosetId};

fn reference(name: &str) -> Option<ExtensiveGame> {
    let Some(dir) = brink_testkit::shared_dir() else {
        brink_testkit::report_skip(&format!("reference tree {name}"));
        return None;
    };
    let path = dir.join("reference/games/ir").join(name);
    let text = std::fs::read_to_string(&path).expect("reference file");
    Some(brink_games::read_efg(name, &text).expect("reference parses"))
}

/// Same tree and payoffs: players, nodes (names, moves, children, outcomes), information sets
/// (movers, labels, actions, chance probabilities, members) and outcomes (labels, payoffs).
fn assert_same_tree(built: &ExtensiveGame, reference: &ExtensiveGame) {
    assert_eq!(built.players(), reference.players(), "players");
    assert_eq!(built.outcomes(), reference.outcomes(), "outcomes");
    assert_eq!(built.infosets(), reference.infosets(), "information sets");
    assert_eq!(built.nodes(), reference.nodes(), "nodes");
}

fn actions(cg: &CrisisGame, rule: Rule) -> Vec<(String, String)> {
    let sol = solve(&cg.game, rule).unwrap();
    let mut out = vec![];
    for (i, set) in cg.game.infosets().iter().enumerate() {
        if let brink_games::Mover::Player(_) = set.mover {
            let (a, p) = sol
                .probs(InfosetId::new(i))
                .iter()
                .enumerate()
                .max_by(|x, y| x.1.total_cmp(y.1))
                .unwrap();
            assert!(*p > 0.999, "{}: pure SPE expected, got {p}", set.label);
            out.push((set.label.clone(), set.actions[a].clone()));
        }
    }
    out
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn patron_game_with_reference_parameters_is_the_reference_tree() {
    for (file, gain) in [
        ("patron_strike_airspace_T_grants.efg", 0.3),
        ("patron_strike_airspace_T_denies.efg", 0.0),
    ] {
        let Some(r) = reference(file) else { return };
        let built = patron::build(
            &patron::PatronParams::reference(1, gain),
            &["A", "B", "C", "T"],
        )
        .unwrap();
        assert_same_tree(&built.game, &r);
        assert_eq!(built.game.title, r.title, "{file}: title");
        assert_eq!(built.game, r, "{file}: the whole game");
    }
}

#[test]
fn patron_spe_matches_gambits_logit_limit() {
    // EXPECTED_pygambit16.7.0.txt, "logit limit (≈ sequential eq)" of both trees.
    let grants = patron::build(
        &patron::PatronParams::reference(1, 0.3),
        &["A", "B", "C", "T"],
    )
    .unwrap();
    assert_eq!(
        actions(&grants, Rule::Best),
        pairs(&[
            ("C: talks", "Concede"),
            ("A: patron commitment", "Support"),
            ("B: strike? (S)", "Strike"),
            ("T: airspace (S)", "Grant"),
            ("B: strike? (N)", "BackDown"),
            ("T: airspace (N)", "Deny"),
        ])
    );
    let sol = solve(&grants.game, Rule::Best).unwrap();
    for (x, y) in sol.value[0].iter().zip([0.5, 1.0, -0.5, 0.0]) {
        assert!((x - y).abs() < 1e-12, "{:?}", sol.value[0]);
    }
    let denies = patron::build(
        &patron::PatronParams::reference(1, 0.0),
        &["A", "B", "C", "T"],
    )
    .unwrap();
    assert_eq!(
        actions(&denies, Rule::Best),
        pairs(&[
            ("C: talks", "Refuse"),
            ("A: patron commitment", "Abstain"),
            ("B: strike? (S)", "Strike"),
            ("T: airspace (S)", "Deny"),
            ("B: strike? (N)", "BackDown"),
            ("T: airspace (N)", "Deny"),
        ])
    );
    let sol = solve(&denies.game, Rule::Best).unwrap();
    for (x, y) in sol.value[0].iter().zip([0.0, -0.1, 0.0, 0.0]) {
        assert!((x - y).abs() < 1e-12, "{:?}", sol.value[0]);
    }
    // The SPE path of the denial tree: C refuses, A abstains, B backs down.
    let steps: Vec<String> = path(&denies.game, &sol)
        .iter()
        .map(|s| format!("{}:{}", s.player, s.action))
        .collect();
    assert_eq!(steps, ["C:Refuse", "A:Abstain", "B:BackDown"]);
}

#[test]
fn egame12_is_the_reference_tree_and_its_qre_has_the_closed_form() {
    let p = deterrence::DeterrenceParams::default();
    let built = deterrence::build(&p, ["1 Challenger", "2 Defender"]).unwrap();
    if let Some(r) = reference("egame12_deterrence.efg") {
        assert_eq!(built.game, r);
    }
    // Gambit's values (EXPECTED_pygambit16.7.0.txt, printed to 6 decimals).
    let gambit = [
        (0.5, 0.457197, 0.562176),
        (1.0, 0.393246, 0.622459),
        (2.0, 0.232691, 0.731059),
        (5.0, 0.011762, 0.924142),
    ];
    for (lambda, g_challenge, g_fight) in gambit {
        let sol = solve(&built.game, Rule::Logit(lambda)).unwrap();
        let challenge = sol.probs(InfosetId::new(0))[1];
        let fight = sol.probs(InfosetId::new(1))[1];
        let (cf_challenge, cf_fight) = deterrence::closed_form_qre(&p, lambda);
        assert!(
            (challenge - cf_challenge).abs() < 1e-6,
            "λ={lambda}: {challenge} vs {cf_challenge}"
        );
        assert!(
            (fight - cf_fight).abs() < 1e-6,
            "λ={lambda}: {fight} vs {cf_fight}"
        );
        // Gambit's path follower agrees to its printed precision.
        assert!(
            (challenge - g_challenge).abs() < 1e-6,
            "λ={lambda}: {challenge} vs Gambit {g_challenge}"
        );
        assert!(
            (fight - g_fight).abs() < 1.5e-6,
            "λ={lambda}: {fight} vs Gambit {g_fight}"
        );
    }
    // The limit: SQ and Fight (Gambit's logit limit).
    let spe = solve(&built.game, Rule::Best).unwrap();
    assert_eq!(spe.probs(InfosetId::new(0)), vec![1.0, 0.0]);
    assert_eq!(spe.probs(InfosetId::new(1)), vec![0.0, 1.0]);
}

#[test]
fn fearon_two_types_is_the_reference_tree_with_offer_079_and_war_half() {
    let cg = fearon::build(&fearon::FearonParams::reference(), ["A", "B"]).unwrap();
    if let Some(r) = reference("fearon_ultimatum_2types.efg") {
        assert_same_tree(&cg.game, &r);
    }
    let sol = solve(&cg.game, Rule::Best).unwrap();
    // A's one information set: the offer 0.79 (games.md; Gambit's logit limit).
    assert_eq!(
        cg.game.infoset(InfosetId::new(1)).label,
        "A offer (type unobserved)"
    );
    assert_eq!(sol.probs(InfosetId::new(1)), vec![0.0, 1.0]);
    let war: f64 = cg
        .terminal_class
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == Some(1))
        .map(|(n, _)| sol.reach[n])
        .sum();
    assert!((war - 0.5).abs() < 1e-12, "P(war) = {war}");
    assert!((sol.value[0][0] - 0.595).abs() < 1e-12);
    assert!((sol.value[0][1] - 0.33).abs() < 1e-12);
}

#[test]
fn fearon_discrete_game_approaches_the_closed_form_as_types_grow() {
    // games.md: c_B uniform on [0, c̄], x* = p + (c̄ − c_A)/2, P(war) = (c̄ − c_A)/(2c̄).
    let (p, cost_a, c_bar) = (0.5, 0.1, 0.4);
    let (x_star, war_star) = fearon::closed_form(p, cost_a, c_bar);
    let mut last_err = f64::INFINITY;
    for n in [5usize, 20, 80] {
        let params = fearon::FearonParams::uniform(p, cost_a, c_bar, n, 1e-9);
        let cg = fearon::build(&params, ["A", "B"]).unwrap();
        let sol = solve(&cg.game, Rule::Best).unwrap();
        let a = cg.game.player_infosets(0)[0];
        let offer = sol
            .probs(a)
            .iter()
            .zip(&params.offers)
            .map(|(s, x)| s * x)
            .sum::<f64>();
        let war: f64 = cg
            .terminal_class
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Some(1))
            .map(|(node, _)| sol.reach[node])
            .sum();
        // One cell of the grid is c̄/n wide: the discrete optimum lies within a cell of x*.
        let cell = c_bar / n as f64;
        assert!(
            (offer - x_star).abs() <= cell,
            "n={n}: offer {offer} vs {x_star}"
        );
        assert!(
            (war - war_star).abs() <= 1.0 / n as f64,
            "n={n}: P(war) {war} vs {war_star}"
        );
        let err = (offer - x_star).abs() + (war - war_star).abs();
        assert!(err <= last_err + 1e-12, "n={n}: the error should not grow");
        last_err = err;
    }
    // No war when the proposer's cost exceeds every responder cost.
    assert_eq!(fearon::closed_form(0.5, 0.5, 0.4), (0.5, 0.0));
}

#[test]
fn iig_is_the_reference_tree_and_its_spe_is_gambits_logit_limit() {
    let cg = iig::build(&iig::IigParams::default(), ["A", "B"]).unwrap();
    if let Some(r) = reference("iig_bdm_lalman.efg") {
        assert_same_tree(&cg.game, &r);
    }
    assert_eq!(
        actions(&cg, Rule::Best),
        pairs(&[
            ("A: demand?", "Demand"),
            ("B after A demand", "CounterDemand"),
            ("1: first force decision", "NoForce"),
            ("1: respond to force", "Fight"),
            ("1: second force decision", "NoForce"),
            ("1: first responds", "Fight"),
            ("B after no demand", "NoDemand"),
            ("A after B demand", "CounterDemand"),
            ("2: first force decision", "NoForce"),
            ("2: respond to force", "Fight"),
            ("2: second force decision", "NoForce"),
            ("2: first responds", "Fight"),
        ])
    );
    let sol = solve(&cg.game, Rule::Best).unwrap();
    assert!((sol.value[0][0] - 0.6).abs() < 1e-12 && (sol.value[0][1] - 0.4).abs() < 1e-12);
}
