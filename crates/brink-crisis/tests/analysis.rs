//! The crisis analysis end to end on a fixture: odds sum to 1, airspace decides credibility,
//! the Monte Carlo is identical at any thread count, and the link to the bargaining table is
//! exactly the status-quo NBS when the crisis carries no payoff.

use brink_core::{Scenario, Utility};
use brink_crisis::{analyze, AnalysisOptions};

const FIXTURE: &str = include_str!("fixtures/coercion.toml");

fn load(text: &str) -> Scenario {
    brink_formats::toml_scenario::parse(text, "f.toml").unwrap()
}

fn fixed(text: &str) -> String {
    text.replace(
        "p_success = { mean = 0.8, sd = 0.05, why = \"test\" }",
        "p_success = 0.8",
    )
}

#[test]
fn odds_sum_to_one_and_airspace_decides_credibility() {
    let denied = load(&fixed(FIXTURE));
    let granted = load(&fixed(FIXTURE).replace(
        "transit_gain_from_alliance = 0.0",
        "transit_gain_from_alliance = 0.3",
    ));
    let opts = AnalysisOptions::default();
    let d = analyze(&denied, &opts).unwrap();
    let g = analyze(&granted, &opts).unwrap();
    for r in [&d, &g] {
        let total: f64 = r.outcomes.values().sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        assert_eq!(r.runs, 1);
        assert_eq!(
            r.outcomes.keys().collect::<Vec<_>>(),
            ["deal", "standoff", "strike", "war"]
        );
    }
    // As in the reference trees: denial → the patron abstains, the ally backs down, the target
    // refuses; an alliance gain → support is credible and the target concedes.
    assert_eq!(d.spe.outcome, "standoff");
    assert_eq!(g.spe.outcome, "deal");
    let d_path: Vec<String> = d
        .spe
        .path
        .iter()
        .map(|s| format!("{}:{}", s.player, s.action))
        .collect();
    assert_eq!(d_path, ["IRN:Refuse", "USA:Abstain", "ISR:BackDown"]);
    assert!(
        g.outcomes["deal"] > d.outcomes["deal"] + 0.05,
        "{:?} vs {:?}",
        g.outcomes,
        d.outcomes
    );
    // The credible threat makes a strike likelier should talks fail: the breakdown point moves
    // toward the ally (ISR at 0 on both issues), and the target expects worse from failure.
    for issue in ["enrichment", "missiles"] {
        assert!(
            g.breakdown_point[issue].unwrap() < d.breakdown_point[issue].unwrap(),
            "{issue}"
        );
    }
    assert!(g.breakdown.odds["strike"] > d.breakdown.odds["strike"]);
    assert!(g.failure_payoffs["IRN"] < d.failure_payoffs["IRN"]);
}

#[test]
fn a_costly_signal_restores_credibility_without_airspace() {
    let s = load(&fixed(FIXTURE).replace(
        "transit_gain_from_alliance = 0.0",
        "transit_gain_from_alliance = 0.0\nsignal = true",
    ));
    let r = analyze(&s, &AnalysisOptions::default()).unwrap();
    let steps: Vec<String> = r
        .spe
        .path
        .iter()
        .map(|s| format!("{}:{}", s.player, s.action))
        .collect();
    assert_eq!(steps, ["USA:Deploy", "IRN:Concede"], "{steps:?}");
    assert_eq!(r.spe.outcome, "deal");
}

#[test]
fn monte_carlo_is_seeded_and_identical_at_any_thread_count() {
    let s = load(FIXTURE);
    let opts = AnalysisOptions {
        runs: Some(200),
        seed: 7,
        ..AnalysisOptions::default()
    };
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyze(&s, &opts).unwrap())
    };
    let one = run(1);
    let two = run(2);
    assert_eq!(one, two);
    assert_eq!(one.runs, 200);
    let iv = one.intervals.as_ref().unwrap();
    for (k, p) in &one.outcomes {
        let [lo, hi] = iv[k];
        assert!(
            lo <= *p + 1e-12 && *p <= hi + 1e-12,
            "{k}: {lo} ≤ {p} ≤ {hi}"
        );
    }
    let total: f64 = one.outcomes.values().sum();
    assert!((total - 1.0).abs() < 1e-9);
    // Another seed, other draws.
    let other = analyze(
        &s,
        &AnalysisOptions {
            seed: 8,
            ..opts.clone()
        },
    )
    .unwrap();
    assert_ne!(one.outcomes, other.outcomes);
}

#[test]
fn without_crisis_payoffs_the_forecast_is_the_status_quo_nbs() {
    // Crisis payoffs worth nothing (so no bystander cost either) and the one outcome that moves
    // an issue by default (a successful strike) mapped to the status quo: the degenerate case.
    for utility in [Utility::Quadratic, Utility::Linear] {
        let s = load(&format!(
            "{}\n[crisis.outcomes]\nstrike = {{ enrichment = \"status_quo\", missiles = \"status_quo\" }}\n",
            fixed(FIXTURE).replace("[crisis]", "[crisis]\npayoff_scale = 0")
        ));
        let r = analyze(
            &s,
            &AnalysisOptions {
                utility,
                ..AnalysisOptions::default()
            },
        )
        .unwrap();
        let nbs = brink_models::by_name("nbs").unwrap();
        let params = brink_core::ModelParams {
            utility,
            ..Default::default()
        };
        for (i, fc) in nbs.run(&s, &params, 0).unwrap() {
            let id = &s.issues[i].id;
            assert_eq!(r.forecasts[id].baseline, Some(fc.forecast));
            assert_eq!(r.forecast_shift[id], Some(0.0));
        }
    }
}

#[test]
fn lambda_moves_the_qre_toward_the_spe() {
    let s = load(&fixed(FIXTURE).replace(
        "transit_gain_from_alliance = 0.0",
        "transit_gain_from_alliance = 0.3",
    ));
    // Not monotone in general (noisy play below can make refusing look better at small λ),
    // but at large λ the QRE converges to the SPE.
    let deal = |lambda: f64| {
        analyze(
            &s,
            &AnalysisOptions {
                lambda: Some(lambda),
                ..AnalysisOptions::default()
            },
        )
        .unwrap()
        .outcomes["deal"]
    };
    let (d10, d100, d1000) = (deal(10.0), deal(100.0), deal(1000.0));
    assert!(d10 < d100 && d100 < d1000, "{d10} {d100} {d1000}");
    assert!(
        d1000 > 0.999,
        "at λ = 1000 the QRE is the SPE: P(deal) = {d1000}"
    );
    // λ = 0: uniform play at every decision.
    let r = analyze(
        &s,
        &AnalysisOptions {
            lambda: Some(0.0),
            ..AnalysisOptions::default()
        },
    )
    .unwrap();
    assert!((r.outcomes["deal"] - 0.5).abs() < 1e-12);
}

/// The fixture with its `[crisis]` section replaced.
fn with_crisis(crisis: &str) -> Scenario {
    let head = FIXTURE.split("[crisis]").next().unwrap();
    load(&format!("{head}[crisis]\n{crisis}\n"))
}

#[test]
fn every_game_of_the_library_runs_from_a_crisis_section() {
    // Fearon with the reference defaults: SPE offer 0.79, P(war) = 1/2 (games.md).
    let r = analyze(
        &with_crisis("game = \"fearon\"\nproposer = \"USA\"\nresponder = \"IRN\""),
        &AnalysisOptions::default(),
    )
    .unwrap();
    assert_eq!(r.outcomes.keys().collect::<Vec<_>>(), ["deal", "war"]);
    assert!((r.spe.outcomes["war"] - 0.5).abs() < 1e-12);
    assert!(r
        .spe
        .path
        .iter()
        .any(|s| s.player == "USA" && s.action == "x=0.79"));
    // With explicit types: a responder that always accepts the high offer means no war.
    let r = analyze(
        &with_crisis(
            "game = \"fearon\"\nproposer = \"USA\"\nresponder = \"IRN\"\nresponder_costs = [0.3]\n",
        ),
        &AnalysisOptions::default(),
    )
    .unwrap();
    assert!(r.spe.outcomes["war"].abs() < 1e-12);
    // egame12 and the IIG: their SPE outcomes as in Gambit's logit limits.
    let r = analyze(
        &with_crisis("game = \"egame12\"\nchallenger = \"IRN\"\ndefender = \"USA\""),
        &AnalysisOptions::default(),
    )
    .unwrap();
    assert_eq!(r.spe.outcome, "status_quo");
    let r = analyze(
        &with_crisis("game = \"iig\"\nside_a = \"USA\"\nside_b = \"IRN\""),
        &AnalysisOptions::default(),
    )
    .unwrap();
    assert_eq!(r.spe.outcome, "negotiation");
    let total: f64 = r.outcomes.values().sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn intervals_are_the_5th_and_95th_percentiles() {
    let xs: Vec<f64> = (0..=100).map(f64::from).collect();
    assert_eq!(brink_crisis::analysis::interval(&xs), [5.0, 95.0]);
    assert_eq!(brink_crisis::analysis::interval(&[2.0]), [2.0, 2.0]);
    assert!(brink_crisis::analysis::interval(&[])
        .iter()
        .all(|x| x.is_nan()));
}

#[test]
fn the_crisis_moves_only_the_issues_it_bears_on() {
    let all = load(&fixed(FIXTURE));
    let some = load(&fixed(FIXTURE).replace("[crisis]", "[crisis]\nissues = [\"missiles\"]"));
    let a = analyze(&all, &AnalysisOptions::default()).unwrap();
    let s = analyze(&some, &AnalysisOptions::default()).unwrap();
    assert_eq!(s.forecast_shift["enrichment"], Some(0.0));
    assert_ne!(a.forecast_shift["enrichment"], Some(0.0));
    assert_ne!(s.forecast_shift["missiles"], Some(0.0));
    // Off the crisis's issues the breakdown leaves the status quo.
    assert_eq!(s.disagreement_point["enrichment"], Some(80.0));
    assert_eq!(s.outcomes, a.outcomes);
}
