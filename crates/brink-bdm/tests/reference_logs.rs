//! The scholz variant against the published replication: jmckib's 10-round logs on the EC
//! emission and Saudi oil data, and the per-round, per-actor peer runs (risk exponents, chosen
//! offers, medians). Tests that read ../shared skip loudly without it.

use brink_bdm::{run, BdmInputs, BdmOptions, MoveKind, Trajectory, Variant};
use std::path::PathBuf;

const TOL: f64 = 1e-9;

#[path = "common/published.rs"]
mod published;
use published::EC_EMISSION as EC;

struct Table {
    names: Vec<String>,
    c: Vec<f64>,
    x: Vec<f64>,
    s: Vec<f64>,
}

impl Table {
    fn inputs(&self) -> BdmInputs<'_> {
        BdmInputs {
            positions: &self.x,
            capabilities: &self.c,
            saliences: &self.s,
        }
    }
    fn index(&self, name: &str) -> usize {
        self.names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("unknown actor {name}"))
    }
}

fn ec_table() -> Table {
    Table {
        names: EC.iter().map(|r| r.0.to_string()).collect(),
        c: EC.iter().map(|r| r.1).collect(),
        x: EC.iter().map(|r| r.2).collect(),
        s: EC.iter().map(|r| r.3).collect(),
    }
}

fn shared(rel: &str) -> Option<PathBuf> {
    match brink_testkit::shared_dir() {
        Some(dir) => Some(dir.join(rel)),
        None => {
            brink_testkit::report_skip(rel);
            None
        }
    }
}

/// Reads an `Actor,Capability,Position,Salience` table.
fn read_table(path: &PathBuf) -> Table {
    let mut rdr = csv::Reader::from_path(path).expect("reference CSV");
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (a, c, x, s) = (
        col("Actor"),
        col("Capability"),
        col("Position"),
        col("Salience"),
    );
    let mut t = Table {
        names: vec![],
        c: vec![],
        x: vec![],
        s: vec![],
    };
    for rec in rdr.records() {
        let rec = rec.unwrap();
        t.names.push(rec[a].to_string());
        t.c.push(rec[c].parse().unwrap());
        t.x.push(rec[x].parse().unwrap());
        t.s.push(rec[s].parse().unwrap());
    }
    t
}

/// One move of a jmckib log.
#[derive(Debug)]
struct LoggedMove {
    actor: String,
    kind: MoveKind,
    with: String,
    e_ij: f64,
    e_ji: f64,
    to: f64,
}

/// Per round (index 0 = initial): the moves and the logged mean.
fn read_log(path: &PathBuf) -> Vec<(Vec<LoggedMove>, f64)> {
    let text = std::fs::read_to_string(path).expect("reference log");
    let mut rounds = vec![(Vec::new(), f64::NAN)];
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        if line.starts_with("ROUND ") {
            rounds.push((Vec::new(), f64::NAN));
        } else if let Some(mean) = line.strip_prefix("Mean position: ") {
            rounds.last_mut().unwrap().1 = mean.parse().unwrap();
        } else if line.starts_with("Median position") || line.is_empty() {
        } else {
            let (kind, actor, with) = if let Some((a, w)) = line.split_once(" compromises with ") {
                (MoveKind::Compromise, a, w)
            } else if let Some((a, w)) = line.split_once(" loses confrontation to ") {
                (MoveKind::Confrontation, a, w)
            } else if let Some((a, w)) = line.split_once(" capitulates to ") {
                (MoveKind::Capitulation, a, w)
            } else {
                panic!("unexpected log line: {line}")
            };
            let eus = lines.next().unwrap().trim();
            let (e_ij, e_ji) = eus.split_once(" vs ").unwrap();
            let to = lines.next().unwrap().trim();
            let to = to.strip_prefix("new_pos = ").unwrap();
            rounds.last_mut().unwrap().0.push(LoggedMove {
                actor: actor.to_string(),
                kind,
                with: with.to_string(),
                e_ij: e_ij.parse().unwrap(),
                e_ji: e_ji.parse().unwrap(),
                to: to.parse().unwrap(),
            });
        }
    }
    rounds
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOL * b.abs().max(1.0)
}

fn check_against_log(table: &Table, traj: &Trajectory, log: &[(Vec<LoggedMove>, f64)]) {
    assert_eq!(traj.rounds.len(), log.len(), "rounds");
    for (state, (moves, mean)) in traj.rounds.iter().zip(log) {
        let r = state.round;
        assert!(
            close(state.mean, *mean),
            "round {r}: mean {} vs log {mean}",
            state.mean
        );
        assert_eq!(
            state.moves.len(),
            moves.len(),
            "round {r}: moves {:?} vs log {moves:?}",
            state.moves
        );
        for (m, l) in state.moves.iter().zip(moves) {
            assert_eq!(m.actor, table.index(&l.actor), "round {r}: {l:?}");
            assert_eq!(m.proposer, table.index(&l.with), "round {r}: {l:?}");
            assert_eq!(m.kind, l.kind, "round {r}: {l:?}");
            assert!(close(m.e_ij, l.e_ij), "round {r}: e_ij {} vs {l:?}", m.e_ij);
            assert!(close(m.e_ji, l.e_ji), "round {r}: e_ji {} vs {l:?}", m.e_ji);
            assert!(close(m.to, l.to), "round {r}: to {} vs {l:?}", m.to);
        }
    }
}

#[test]
fn ec_emission_reproduces_the_jmckib_log() {
    let Some(log_path) = shared("reference/bargaining/ec_emission_10.jmckib_10rounds.log") else {
        return;
    };
    let log = read_log(&log_path);
    assert_eq!(log.len(), 11);
    let table = ec_table();
    // The fixture is the reference CSV.
    if let Some(csv) = shared("reference/bargaining/ec_emission_10.csv") {
        let from_file = read_table(&csv);
        assert_eq!(from_file.names, table.names);
        assert_eq!(
            (from_file.c, from_file.x, from_file.s),
            (table.c.clone(), table.x.clone(), table.s.clone())
        );
    }
    let traj = run(&table.inputs(), &BdmOptions::default()).unwrap();
    check_against_log(&table, &traj, &log);
}

#[test]
fn saudi_oil_nobody_moves() {
    let Some(csv) = shared("reference/bargaining/saudi_oil_17.csv") else {
        return;
    };
    let table = read_table(&csv);
    let log = read_log(&csv.with_file_name("saudi_oil_17.jmckib_10rounds.log"));
    let traj = run(&table.inputs(), &BdmOptions::default()).unwrap();
    check_against_log(&table, &traj, &log);
    for state in &traj.rounds {
        assert!(close(state.mean, 13.619912134884823));
        assert_eq!(state.positions, table.x);
    }
}

/// Checks positions, medians and means per round against `*_positions_wide.csv`, and per actor
/// the risk exponent, offer and EUs of `*_long.csv`.
fn check_peer_run(table: &Table, stem: &str) {
    let Some(wide) = shared(&format!(
        "reference/bargaining/peer-runs/{stem}__dmasad_py3_positions_wide.csv"
    )) else {
        return;
    };
    let traj = run(&table.inputs(), &BdmOptions::default()).unwrap();
    let mut rdr = csv::Reader::from_path(&wide).unwrap();
    let headers = rdr.headers().unwrap().clone();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let round: usize = rec[0].parse().unwrap();
        let state = &traj.rounds[round];
        for (h, v) in headers.iter().zip(rec.iter()).skip(1) {
            let v_num = v.parse::<f64>();
            match h {
                "median_position" => assert!(
                    close(state.median, v_num.unwrap()),
                    "{stem} round {round}: median {} vs {v}",
                    state.median
                ),
                "mean_position" => assert!(close(state.mean, v_num.unwrap())),
                "median_is_condorcet_winner" => {}
                actor => {
                    let x = state.positions[table.index(actor)];
                    assert!(
                        close(x, v_num.unwrap()),
                        "{stem} round {round} {actor}: {x} vs {v}"
                    );
                }
            }
        }
    }
    let long = wide.with_file_name(format!("{stem}__dmasad_py3_long.csv"));
    let mut rdr = csv::Reader::from_path(&long).unwrap();
    let mut checked = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let round: usize = rec[0].parse().unwrap();
        let actor = table.index(&rec[1]);
        let state = &traj.rounds[round];
        let r: f64 = rec[3].parse().unwrap();
        assert!(
            close(state.risk[actor], r),
            "{stem} round {round} {}: r {} vs {r}",
            &rec[1],
            state.risk[actor]
        );
        let m = state.moves.iter().find(|m| m.actor == actor);
        match (&rec[4], m) {
            ("", None) => {}
            (kind, Some(m)) => {
                assert_eq!(m.kind.name(), kind);
                assert_eq!(m.proposer, table.index(&rec[5]));
                assert!(close(m.e_ij, rec[6].parse().unwrap()));
                assert!(close(m.e_ji, rec[7].parse().unwrap()));
            }
            (kind, None) => panic!("{stem} round {round} {}: missing {kind}", &rec[1]),
        }
        assert!(close(state.positions[actor], rec[8].parse().unwrap()));
        checked += 1;
    }
    assert_eq!(checked, 10 * table.names.len());
}

#[test]
fn ec_emission_matches_the_peer_run_round_by_round() {
    check_peer_run(&ec_table(), "ec10");
}

#[test]
fn saudi_oil_matches_the_peer_run_round_by_round() {
    let Some(csv) = shared("reference/bargaining/saudi_oil_17.csv") else {
        return;
    };
    check_peer_run(&read_table(&csv), "saudi17");
}

#[test]
fn ec_emission_textbook_differs_and_is_consistent() {
    // Not a reference comparison (no published textbook run exists): the variant must run,
    // differ from scholz, and only ever move actors between existing positions' hull.
    let table = ec_table();
    let opts = BdmOptions {
        variant: Variant::Textbook,
        ..BdmOptions::default()
    };
    let traj = run(&table.inputs(), &opts).unwrap();
    let scholz = run(&table.inputs(), &BdmOptions::default()).unwrap();
    assert_ne!(traj.rounds, scholz.rounds);
    for state in &traj.rounds {
        for &x in &state.positions {
            assert!((4.0..=10.0).contains(&x));
        }
    }
}
