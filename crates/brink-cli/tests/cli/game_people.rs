//! `brink game` for people: the payoff table of an `.nfg` and the tree of an `.efg` in `game
//! info`, equilibria as per-player tables (`game solve --format table`), and "no pure
//! equilibrium" said when there is none.

use crate::common::{brink, shared, temp_file, text};

const PENNIES: &str = r#"NFG 1 R "Matching pennies" { "Row" "Column" }
{ { "Heads" "Tails" } { "heads" "tails" } }
""
1 -1 -1 1 -1 1 1 -1
"#;

const ENTRY: &str = r#"EFG 2 R "Entry" { "Entrant" "Incumbent" }
""

c "" 1 "nature" { "weak" 1/3 "strong" 2/3 } 0
p "" 1 1 "e1" { "Out" "In" } 0
t "" 1 "stay out" { 0, 2 }
p "" 2 1 "resp" { "Fight" "Accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "share" { 1, 1 }
p "" 1 2 "e2" { "Out" "In" } 0
t "" 1 "stay out" { 0, 2 }
p "" 2 1 "resp" { "Fight" "Accommodate" } 0
t "" 2 "war" { -1, -1 }
t "" 3 "share" { 1, 1 }
"#;

/// Runs `brink ARGS`, asserts success, returns (stdout, stderr).
fn run(args: &[&str]) -> (String, String) {
    let out = brink().args(args).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    (text(&out.stdout), text(&out.stderr))
}

fn assert_fits(out: &str) {
    for line in out.lines() {
        assert!(
            line.chars().count() <= 80,
            "line over 80 characters: {line}"
        );
    }
}

#[test]
fn info_shows_the_bimatrix_with_labels() {
    let f = temp_file(".nfg", PENNIES);
    let (out, _) = run(&["game", "info", f.path().to_str().unwrap()]);
    // Row player's strategies label the rows, the column player's the columns; cells `a, b`.
    let header = out.lines().find(|l| l.contains("heads")).expect(&out);
    assert!(header.contains("tails"), "{out}");
    let heads = out.lines().find(|l| l.contains("Heads │")).expect(&out);
    assert!(heads.contains("1, -1") && heads.contains("-1, 1"), "{out}");
    let tails = out.lines().find(|l| l.contains("Tails │")).expect(&out);
    assert!(tails.find("-1, 1") < tails.find("1, -1"), "{out}");
    assert_fits(&out);
}

#[test]
fn info_shows_the_tree_indented() {
    let f = temp_file(".efg", ENTRY);
    let (out, _) = run(&["game", "info", f.path().to_str().unwrap()]);
    for expected in [
        "weak (1/3) → Entrant at \"e1\"",
        "strong (2/3) → Entrant at \"e2\"",
        "In → Incumbent, information set \"resp\" (2 nodes)",
        "Fight → end: -1, -1 \"war\"",
        "Out → end: 0, 2 \"stay out\"",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // Deeper nodes are indented further than their parents.
    let indent = |s: &str| {
        let l = out.lines().find(|l| l.contains(s)).unwrap();
        l.len() - l.trim_start().len()
    };
    assert!(indent("weak") < indent("In → ") && indent("In → ") < indent("Fight →"));
    assert_fits(&out);
}

#[test]
fn solve_table_labels_strategies_payoffs_and_regret() {
    let f = temp_file(".nfg", PENNIES);
    let path = f.path().to_str().unwrap();
    let (out, _) = run(&["game", "solve", "--format", "table", "--exact", path]);
    assert!(
        out.contains("equilibrium 1 of 1 (enummixed, exact)"),
        "{out}"
    );
    assert!(out.contains("Row: expected payoff 0"), "{out}");
    assert!(out.contains("Column: expected payoff 0"), "{out}");
    for s in ["Heads", "Tails", "heads", "tails"] {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(s))
            .expect(&out);
        assert!(line.ends_with("1/2"), "{out}");
    }
    assert!(out.contains("max regret: 0"), "{out}");
    assert_fits(&out);
    // In floating point: decimals without trailing zeros.
    let (out, _) = run(&["game", "solve", "--format", "table", path]);
    assert!(out.contains("equilibrium 1 of 1 (enummixed)"), "{out}");
    let heads = out.lines().find(|l| l.contains("Heads")).expect(&out);
    assert!(heads.ends_with(" 0.5"), "{out}");
}

#[test]
fn solve_table_on_a_tree_lists_actions_per_information_set() {
    let f = temp_file(".efg", ENTRY);
    let (out, _) = run(&[
        "game",
        "solve",
        "--format",
        "table",
        f.path().to_str().unwrap(),
    ]);
    assert!(out.contains("equilibrium 1 of 1 (spe"), "{out}");
    let accommodate = out.lines().find(|l| l.contains("Accommodate")).expect(&out);
    assert!(accommodate.trim_end().ends_with(" 1"), "{out}");
    let resp = out.lines().find(|l| l.contains("resp")).expect(&out);
    assert!(
        resp.contains("Fight") && resp.trim_end().ends_with(" 0"),
        "{out}"
    );
    assert!(out.contains("Entrant: expected payoff 1"), "{out}");
}

#[test]
fn no_pure_equilibrium_is_said_and_exits_0() {
    let f = temp_file(".nfg", PENNIES);
    let path = f.path().to_str().unwrap();
    let (out, _) = run(&[
        "game", "solve", "--method", "enumpure", "--format", "table", path,
    ]);
    assert_eq!(out, "no pure equilibrium\n");
    // The machine formats keep their shape (no lines; an empty list) and say it on stderr.
    let (out, err) = run(&[
        "game", "solve", "--method", "enumpure", "--format", "gambit", path,
    ]);
    assert_eq!(out, "");
    assert!(err.contains("no pure equilibrium"), "{err}");
    let (out, err) = run(&[
        "game", "solve", "--method", "enumpure", "--format", "json", path,
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["equilibria"], serde_json::json!([]));
    assert!(err.contains("no pure equilibrium"), "{err}");
}

#[test]
fn piped_default_stays_gambit_lines() {
    let f = temp_file(".nfg", PENNIES);
    let (out, _) = run(&["game", "solve", f.path().to_str().unwrap()]);
    assert_eq!(out, "NE,0.500000,0.500000,0.500000,0.500000\n");
}

#[test]
fn info_shows_the_payoffs_of_every_reference_nfg() {
    let Some(dir) = shared("game info on ../shared/reference/games/**/*.nfg") else {
        return;
    };
    let mut files = vec![];
    let mut stack = vec![dir.join("reference/games")];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "nfg") {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty());
    for file in files {
        let path = file.to_str().unwrap();
        let (out, _) = run(&["game", "info", path]);
        let source = std::fs::read_to_string(&file).unwrap();
        let AnyGameStrategic {
            strategies,
            payoffs,
        } = strategic(&source, path);
        // Every strategy label and the first and last profiles' payoffs appear.
        for label in strategies.iter().flatten() {
            assert!(out.contains(label.as_str()), "{path}: no {label} in\n{out}");
        }
        for cell in [payoffs.first().unwrap(), payoffs.last().unwrap()] {
            assert!(
                out.contains(cell.as_str()),
                "{path}: no cell {cell} in\n{out}"
            );
        }
        assert_fits(&out);
    }
}

struct AnyGameStrategic {
    strategies: Vec<Vec<String>>,
    payoffs: Vec<String>,
}

/// The strategy labels and each profile's payoff cell (`a, b, …` as `game info` writes it),
/// from brink's own reading of the file (exact numbers printed as game files write them).
fn strategic(source: &str, path: &str) -> AnyGameStrategic {
    let brink_games::AnyGame::Strategic(g) = brink_games::parse_game(path, source).unwrap() else {
        panic!("{path} is not a strategic game");
    };
    let payoffs = (0..g.num_profiles())
        .map(|k| {
            (0..g.num_players())
                .map(|p| brink_games::num::fmt_exact(g.payoff(k, p)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    AnyGameStrategic {
        strategies: g.strategies().to_vec(),
        payoffs,
    }
}
