//! The crisis ↔ bargaining link on random scenarios (issue 12, item 2): every actor — players and
//! bystanders — has a breakdown utility, so the crisis moves the table whenever a bargain beats
//! breakdown for everyone; raising the odds of a strike moves the breakdown point and the
//! NBS-with-crisis toward the striking side; the degenerate cases reproduce the status-quo NBS.
//! Also the SPE path's rendering (item 4) and the Monte Carlo spread (item 5).

use brink_core::{Scenario, Utility};
use brink_crisis::analysis::{analyze, spread, AnalysisOptions, CrisisReport};
use brink_crisis::link::{link, Breakdown};
use proptest::prelude::*;
use std::fmt::Write;

/// A random scenario: `n` actors A0… (A0 patron, A1 ally, A2 target, A3 transit; the others
/// stand outside the game), `k` issues on [0, 100].
/// One actor: capability, and per issue (position, salience) or none.
type ActorGen = (f64, Vec<Option<(f64, f64)>>);

#[derive(Clone, Debug)]
struct Gen {
    sq: Vec<f64>,
    /// Per actor: capability, and per issue (position, salience) or none.
    actors: Vec<ActorGen>,
    p_success: f64,
    bystander_cost: f64,
}

fn gen() -> impl Strategy<Value = Gen> {
    (5usize..9, 1usize..4).prop_flat_map(|(n, k)| {
        let actor = (
            0.1f64..1.0,
            prop::collection::vec(
                prop::option::weighted(0.85, (0.0f64..100.0, 0.1f64..1.0)),
                k,
            ),
        );
        (
            prop::collection::vec(0.0f64..100.0, k),
            prop::collection::vec(actor, n),
            0.3f64..0.9,
            0.05f64..0.5,
        )
            .prop_map(|(sq, actors, p_success, bystander_cost)| Gen {
                sq,
                actors,
                p_success,
                bystander_cost,
            })
    })
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

impl Gen {
    fn toml(&self, crisis_extra: &str) -> String {
        let mut t = String::from("[scenario]\nname = \"random\"\n");
        for (j, sq) in self.sq.iter().enumerate() {
            let _ = write!(
                t,
                "[[issue]]\nid = \"k{j}\"\nscale = [0, 100]\nstatus_quo = {}\n",
                round(*sq)
            );
        }
        for (i, (c, _)) in self.actors.iter().enumerate() {
            let _ = write!(t, "[[actor]]\nid = \"A{i}\"\ncapability = {}\n", round(*c));
        }
        for (i, (_, pos)) in self.actors.iter().enumerate() {
            for (j, p) in pos.iter().enumerate() {
                if let Some((at, s)) = p {
                    let _ = write!(
                        t,
                        "[[position]]\nactor = \"A{i}\"\nissue = \"k{j}\"\nat = {}\nsalience = {}\n",
                        round(*at),
                        round(*s)
                    );
                }
            }
        }
        let _ = write!(
            t,
            "[crisis]\ngame = \"patron\"\npatron = \"A0\"\nally = \"A1\"\ntarget = \"A2\"\ntransit = [\"A3\"]\np_success = {}\nbystander_cost = {}\n{crisis_extra}\n",
            round(self.p_success),
            round(self.bystander_cost)
        );
        t
    }

    fn scenario(&self, crisis_extra: &str) -> Scenario {
        brink_formats::toml_scenario::parse(&self.toml(crisis_extra), "random.toml").unwrap()
    }

    fn position(&self, actor: usize, issue: usize) -> Option<f64> {
        self.actors[actor].1[issue].map(|(at, _)| round(at))
    }
}

fn run(s: &Scenario, utility: Utility) -> CrisisReport {
    analyze(
        s,
        &AnalysisOptions {
            utility,
            ..AnalysisOptions::default()
        },
    )
    .unwrap()
}

fn status_quo_nbs(s: &Scenario, utility: Utility) -> Vec<f64> {
    let nbs = brink_models::by_name("nbs").unwrap();
    let params = brink_core::ModelParams {
        utility,
        ..Default::default()
    };
    nbs.run(s, &params, 0)
        .unwrap()
        .into_iter()
        .map(|(_, f)| f.forecast)
        .collect()
}

const DENIED: &str = "transit_gain_from_alliance = 0.0";
const GRANTED: &str = "transit_gain_from_alliance = 0.5";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Where breakdown is worse than some deal for every actor (nobody blocks), the crisis moves
    /// every issue's NBS (P(no deal) > 0 always under the QRE); and when the what-if moves the
    /// odds, the forecast moves too. Quadratic utilities: with linear ones the NBS sits at a kink
    /// (an actor's position) and stays there under small changes of the disagreement point.
    #[test]
    fn the_crisis_moves_the_table_whenever_a_bargain_beats_breakdown(g in gen()) {
        for utility in [Utility::Quadratic] {
            let a = run(&g.scenario(DENIED), utility);
            let b = run(&g.scenario(GRANTED), utility);
            for r in [&a, &b] {
                prop_assert!(r.breakdown.p_no_deal > 0.0);
                for (issue, shift) in &r.forecast_shift {
                    if r.blocking.contains_key(issue) {
                        continue;
                    }
                    // None: nobody holds a position on this issue. With one position (or all
                    // at one point) the NBS is that point whatever the disagreement point.
                    let Some(shift) = shift else { continue };
                    let j: usize = issue[1..].parse().unwrap();
                    let xs: Vec<f64> = (0..g.actors.len()).filter_map(|i| g.position(i, j)).collect();
                    if xs.iter().all(|x| *x == xs[0]) {
                        continue;
                    }
                    prop_assert!(shift.abs() > 1e-9, "{utility:?} {issue}: shift {shift}");
                }
            }
            let moved = a
                .outcomes
                .iter()
                .any(|(o, p)| (p - b.outcomes[o]).abs() > 1e-3);
            if moved {
                for (issue, sa) in &a.forecast_shift {
                    if a.blocking.contains_key(issue) || b.blocking.contains_key(issue) {
                        continue;
                    }
                    let (Some(sa), Some(sb)) = (sa, b.forecast_shift[issue]) else { continue };
                    let j: usize = issue[1..].parse().unwrap();
                    let xs: Vec<f64> = (0..g.actors.len()).filter_map(|i| g.position(i, j)).collect();
                    if xs.iter().all(|x| *x == xs[0]) {
                        continue;
                    }
                    let (sa, sb) = (*sa, sb);
                    prop_assert!((sa - sb).abs() > 1e-9, "{utility:?} {issue}: {sa} vs {sb} with {:?} vs {:?}", a.outcomes, b.outcomes);
                }
            }
        }
    }

    /// Granting airspace raises P(strike | no deal); then the breakdown point moves toward the
    /// ally's position (the striking side), and so does the NBS-with-crisis wherever the
    /// breakdown utilities move in the striker's favour.
    #[test]
    fn raising_the_odds_of_a_strike_moves_the_table_toward_the_striker(g in gen()) {
        let a = run(&g.scenario(DENIED), Utility::Quadratic);
        let b = run(&g.scenario(GRANTED), Utility::Quadratic);
        let (pa, pb) = (a.breakdown.odds["strike"], b.breakdown.odds["strike"]);
        prop_assume!(pb > pa + 1e-6);
        for (j, sq) in g.sq.iter().enumerate() {
            let issue = format!("k{j}");
            let sq = round(*sq);
            let Some(ally) = g.position(1, j) else { continue };
            let dir = (ally - sq).signum();
            let (xa, xb) = (a.breakdown_point[&issue].unwrap(), b.breakdown_point[&issue].unwrap());
            prop_assert!((xb - xa) * dir >= -1e-9, "{issue}: x̄ {xa} → {xb}, ally at {ally}, sq {sq}");
            if dir == 0.0 {
                continue;
            }
            if a.blocking.contains_key(&issue) || b.blocking.contains_key(&issue) {
                continue;
            }
            let (fa, fb) = (a.forecasts[&issue].with_crisis.unwrap(), b.forecasts[&issue].with_crisis.unwrap());
            // The NBS moves toward the striker whenever the breakdown utilities do: up for every
            // actor on the striker's side of A's forecast, down for every actor on the other
            // side (the NBS's comparative static). They need not: the what-if also raises
            // P(deal), so P(no deal) — the weight of every threat — can fall enough that an
            // ally's expected threat value falls (docs/crisis.md, "Why weight by q").
            let (da, db) = (&a.disagreement_utilities[&issue], &b.disagreement_utilities[&issue]);
            let favourable = (0..g.actors.len()).all(|i| {
                let Some(x) = g.position(i, j) else { return true };
                let id = format!("A{i}");
                let change = db[&id] - da[&id];
                match ((x - fa) * dir).partial_cmp(&0.0) {
                    Some(std::cmp::Ordering::Greater) => change >= 0.0,
                    Some(std::cmp::Ordering::Less) => change <= 0.0,
                    _ => true,
                }
            });
            if !favourable {
                continue;
            }
            prop_assert!((fb - fa) * dir >= -1e-6, "{issue}: NBS {fa} → {fb}, ally at {ally}, sq {sq}");
        }
    }

    /// P(no deal) = 0: whatever the crisis would bring, the forecast is the status-quo NBS.
    #[test]
    fn no_chance_of_breakdown_leaves_the_forecast_unchanged(g in gen(), eu in prop::collection::vec(-1.0f64..1.0, 4)) {
        let s = g.scenario(DENIED);
        let bd = Breakdown {
            q: 0.0,
            failure_payoff: ["A0", "A1", "A2", "A3"].iter().map(|a| a.to_string()).zip(eu).collect(),
            violence: 1.0,
            lotteries: g.sq.iter().map(|_| vec![(0.5, 0.0), (0.5, 100.0)]).collect(),
            bystander_cost: Default::default(),
            default_bystander_cost: 1.0,
        };
        for utility in [Utility::Quadratic, Utility::Linear] {
            let links = link(&s, &bd, 1.0, None, utility);
            for (l, nbs) in links.iter().zip(status_quo_nbs(&s, utility)) {
                prop_assert_eq!(l.with_crisis, Some(nbs));
                prop_assert_eq!(l.shift, Some(0.0));
            }
        }
    }

    /// Every outcome at the status quo, every payoff and cost 0: exactly the status-quo NBS.
    #[test]
    fn a_costless_crisis_at_the_status_quo_reproduces_the_status_quo_nbs(g in gen()) {
        let zero = [
            "patron_deal", "patron_success", "patron_failure", "cost_support", "patron_commitment",
            "ally_deal", "ally_success", "ally_failure", "cost_strike", "ally_backdown",
            "target_concede", "target_success", "target_failure", "transit_cost",
        ]
        .iter()
        .map(|k| format!("{k} = 0.0\n"))
        .collect::<String>();
        let strike_at_sq = (0..g.sq.len())
            .map(|j| format!("k{j} = \"status_quo\""))
            .collect::<Vec<_>>()
            .join(", ");
        let text = g.toml(&format!("{DENIED}\n{zero}\n[crisis.outcomes]\nstrike = {{ {strike_at_sq} }}\n"))
            .replace(&format!("bystander_cost = {}", round(g.bystander_cost)), "bystander_cost = 0");
        let s = brink_formats::toml_scenario::parse(&text, "random.toml").unwrap();
        for utility in [Utility::Quadratic, Utility::Linear] {
            let r = run(&s, utility);
            for ((issue, f), nbs) in r.forecasts.iter().zip(status_quo_nbs(&s, utility)) {
                prop_assert_eq!(f.with_crisis, Some(nbs), "{}", issue);
                prop_assert_eq!(r.forecast_shift[issue], Some(0.0));
            }
        }
    }
}

/// The bystanders' breakdown costs are what makes the table hear the crisis when every player's
/// payoff is 0: a scenario in which, without them, the status quo lies among the positions (so the
/// status-quo NBS is the status quo) gets an interior bargain.
#[test]
fn bystander_costs_open_a_bargain_at_a_pareto_status_quo() {
    let text = "[scenario]\nname = \"t\"\n[[issue]]\nid = \"x\"\nscale = [0, 100]\nstatus_quo = 50\n\
        [[actor]]\nid = \"P\"\ncapability = 1\n[[actor]]\nid = \"A\"\ncapability = 1\n[[actor]]\nid = \"T\"\ncapability = 1\n\
        [[actor]]\nid = \"R\"\ncapability = 1\n[[actor]]\nid = \"B\"\ncapability = 1\n\
        [[position]]\nactor = \"B\"\nissue = \"x\"\nat = 20\nsalience = 1\n\
        [[position]]\nactor = \"A\"\nissue = \"x\"\nat = 90\nsalience = 1\n\
        [[position]]\nactor = \"T\"\nissue = \"x\"\nat = 10\nsalience = 1\n\
        [crisis]\ngame = \"patron\"\npatron = \"P\"\nally = \"A\"\ntarget = \"T\"\ntransit = [\"R\"]\n";
    let s = brink_formats::toml_scenario::parse(text, "t.toml").unwrap();
    let r = run(&s, Utility::Quadratic);
    let f = &r.forecasts["x"];
    assert_eq!(
        f.baseline,
        Some(50.0),
        "the status quo lies among the positions"
    );
    assert!(r.blocking.is_empty(), "{:?}", r.blocking);
    assert!(
        (f.with_crisis.unwrap() - 50.0).abs() > 0.1,
        "{:?}",
        f.with_crisis
    );
    assert_eq!(r.breakdown.bystander_costs["B"], 0.1);
}

/// When nothing beats breakdown for everyone, the blockers are named with their margins.
#[test]
fn blockers_are_named() {
    // The ally gains hugely from a strike it is sure to win: it prefers breakdown to any deal.
    let text = "[scenario]\nname = \"t\"\n[[issue]]\nid = \"x\"\nscale = [0, 100]\nstatus_quo = 50\n\
        [[actor]]\nid = \"P\"\ncapability = 1\n[[actor]]\nid = \"A\"\ncapability = 1\n[[actor]]\nid = \"T\"\ncapability = 1\n\
        [[actor]]\nid = \"R\"\ncapability = 1\n\
        [[position]]\nactor = \"A\"\nissue = \"x\"\nat = 90\nsalience = 1\n\
        [[position]]\nactor = \"T\"\nissue = \"x\"\nat = 10\nsalience = 1\n\
        [crisis]\ngame = \"patron\"\npatron = \"P\"\nally = \"A\"\ntarget = \"T\"\ntransit = [\"R\"]\n\
        p_success = 1.0\nsupport_effect = 0.0\nairspace_effect = 0.0\nally_success = 3.0\ncost_strike = 0.0\ntarget_concede = -1.0\n";
    let s = brink_formats::toml_scenario::parse(text, "t.toml").unwrap();
    let r = run(&s, Utility::Quadratic);
    let bl = &r.blocking["x"];
    assert_eq!(bl[0].actor, "A");
    assert!(bl[0].accepts.is_none() && bl[0].margin > 0.0, "{bl:?}");
    let words = brink_crisis::link::blocking_words("x", bl, 1);
    assert!(words.contains("A prefers breakdown to any deal"), "{words}");
    // The issue goes to the reference point.
    assert_eq!(
        r.forecasts["x"].with_crisis, r.disagreement_point["x"],
        "{:?}",
        r.forecasts["x"]
    );
}

/// Item 4: each decision once with its mix, chance moves shown, the end a lottery when it is one.
#[test]
fn the_spe_path_shows_each_decision_once_with_chance_and_lotteries() {
    // A patron indifferent between supporting and abstaining mixes 50/50 in the SPE; the ally's
    // two decisions (after support, after abstention) are different decisions, each shown once.
    let text = "[scenario]\nname = \"t\"\n[[issue]]\nid = \"x\"\nscale = [0, 100]\nstatus_quo = 50\n\
        [[actor]]\nid = \"USA\"\ncapability = 1\n[[actor]]\nid = \"ISR\"\ncapability = 1\n[[actor]]\nid = \"IRN\"\ncapability = 1\n\
        [[actor]]\nid = \"JOR\"\ncapability = 1\n\
        [crisis]\ngame = \"patron\"\npatron = \"USA\"\nally = \"ISR\"\ntarget = \"IRN\"\ntransit = [\"JOR\"]\nsignal = true\n\
        patron_deal = 0.0\npatron_success = 0.0\npatron_failure = 0.0\ncost_support = 0.0\npatron_commitment = 0.0\n\
        signal_cost = 0.0\nsignal_commitment = 0.0\n";
    let s = brink_formats::toml_scenario::parse(text, "t.toml").unwrap();
    let r = run(&s, Utility::Quadratic);
    let mut seen = std::collections::HashSet::new();
    for m in &r.spe.moves {
        assert!(
            seen.insert((m.player.clone(), m.decision.clone())),
            "{} — {} twice: {:?}",
            m.player,
            m.decision,
            r.spe.moves
        );
    }
    let signal = &r.spe.moves[0];
    assert_eq!(
        (signal.player.as_str(), signal.decision.as_str()),
        ("USA", "costly signal")
    );
    let commitment = r
        .spe
        .moves
        .iter()
        .find(|m| m.decision.starts_with("patron commitment"))
        .unwrap();
    assert_eq!(commitment.mix.len(), 2, "{commitment:?}");
    assert!(r.spe.moves.iter().any(|m| m.chance), "{:?}", r.spe.moves);
    // In the JSON `path`, each (decision, action) once.
    let mut steps = std::collections::HashSet::new();
    for p in &r.spe.path {
        assert!(
            steps.insert((p.infoset.clone(), p.action.clone())),
            "{:?}",
            r.spe.path
        );
    }

    // Fearon: nature draws the responder's type, and the screening offer ends in deal or war —
    // a lottery, not "war".
    let text =
        "[scenario]\nname = \"t\"\n[[issue]]\nid = \"x\"\nscale = [0, 100]\nstatus_quo = 50\n\
        [[actor]]\nid = \"USA\"\ncapability = 1\n[[actor]]\nid = \"IRN\"\ncapability = 1\n\
        [crisis]\ngame = \"fearon\"\nproposer = \"USA\"\nresponder = \"IRN\"\n";
    let s = brink_formats::toml_scenario::parse(text, "t.toml").unwrap();
    let r = run(&s, Utility::Quadratic);
    let nature = &r.spe.moves[0];
    assert!(nature.chance && nature.mix.len() == 2, "{nature:?}");
    assert_eq!(r.spe.end, "lottery: deal 50.0%, war 50.0%");
}

/// Item 5: a probability whose runs are two-valued is said to be so, with its median.
#[test]
fn a_two_valued_distribution_is_recognised() {
    let mut xs = vec![0.0; 970];
    xs.extend(vec![0.5; 30]);
    let s = spread(&xs);
    assert_eq!(s.median, 0.0);
    assert_eq!(s.interval, [0.0, 0.0]);
    assert_eq!(s.two_valued, Some([[0.0, 0.97], [0.5, 0.03]]));
    let ys: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
    assert_eq!(spread(&ys).two_valued, None);
}
