//! Charts (`--plot`), the CSV reports of `crisis`, `compare` and `simulate --draws`, and
//! `crisis --export-game`: every SVG parses as XML and shows its series and labels, every CSV
//! parses with the csv crate under its documented header and agrees with the JSON report.

use crate::common::*;
use serde_json::Value;
use std::path::Path;

/// The fixture written for these tests: 6 actors, 3 labelled issues, an IIG crisis.
fn strait() -> String {
    fixtures()
        .join("strait_charts.toml")
        .to_string_lossy()
        .into_owned()
}

/// The SVG at `path`, parsed; returns every text node's content joined by newlines.
fn svg_texts(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not well-formed XML: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_ok(args: &[&str]) -> Vec<u8> {
    let out = brink().args(args).output().unwrap();
    assert_success(&out);
    out.stdout
}

fn csv_rows(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let headers = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|r| r.unwrap()).collect();
    (headers, rows)
}

/// `a` and `b` equal up to serde_json's parsing (not correctly rounded: off by an ulp at times).
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-12 * a.abs().max(1.0),
        (a, b) => a == b,
    }
}

fn f(x: &str) -> Option<f64> {
    if x.is_empty() {
        None
    } else {
        Some(x.parse().unwrap())
    }
}

#[test]
fn forecast_chart_shows_every_issue_model_label_and_actor() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("forecast.svg");
    let file = strait();
    run_ok(&["forecast", &file, "--plot", svg.to_str().unwrap()]);
    let texts = svg_texts(&svg);
    for want in [
        "Corvan Strait dispute — forecasts",
        "Transit rights in the strait (transit)",
        "Naval patrols near the islands (patrols)",
        "compromise",
        "nbs",
        "bdm (scholz): positions by round",
        "smp: positions by round",
        "COR — Corvania",
        // An actor's name with an ampersand (escaped in the SVG, read back whole).
        "PEN — Pensula & Isles",
        "c·s-weighted mean",
        "innocent passage with",
        "status quo 60",
    ] {
        assert!(texts.contains(want), "missing {want:?} in:\n{texts}");
    }
    // A non-SVG name is refused before any work (usage error) and nothing is written.
    let png = dir.path().join("forecast.png");
    brink()
        .args(["forecast", &file, "--plot", png.to_str().unwrap()])
        .assert()
        .code(2);
    assert!(!png.exists());
}

#[test]
fn forecast_csv_says_what_its_mean_column_is() {
    let out = run_ok(&["forecast", &strait(), "--format", "csv"]);
    let (headers, rows) = csv_rows(&out);
    assert_eq!(
        headers.join(","),
        "issue,model,variant,forecast,median,mean,p05,p95,converged,cycle_period,cycle_min,cycle_max,mean_of"
    );
    for row in &rows {
        let (model, mean, mean_of) = (&row[1], &row[5], &row[12]);
        match model {
            "exchange" => assert_eq!(mean_of, "outcome"),
            "bdm" | "smp" => {
                let cycles = !row[9].is_empty();
                assert_eq!(
                    mean_of,
                    if cycles {
                        "positions_over_cycle"
                    } else {
                        "positions"
                    },
                    "{row:?}"
                );
            }
            _ => assert!(mean.is_empty() && mean_of.is_empty(), "{row:?}"),
        }
        assert_eq!(mean.is_empty(), mean_of.is_empty());
    }
}

#[test]
fn simulate_draws_are_every_run_and_agree_with_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sim.svg");
    let draws = dir.path().join("draws.csv");
    let file = strait();
    let report: Value = serde_json::from_slice(&run_ok(&[
        "simulate",
        &file,
        "--runs",
        "300",
        "--model",
        "compromise,median,bdm",
        "--format",
        "json",
        "--plot",
        svg.to_str().unwrap(),
        "--draws",
        draws.to_str().unwrap(),
    ]))
    .unwrap();
    let texts = svg_texts(&svg);
    for want in [
        "Corvan Strait dispute — forecasts over 300 runs",
        "Fishing quota for Veldra (thousand tonnes) (fishing)",
        "share of runs",
        "model: mean [90% interval]",
    ] {
        assert!(texts.contains(want), "missing {want:?} in:\n{texts}");
    }
    assert!(texts.contains("bdm: ") && texts.contains("median: "));

    let (headers, rows) = csv_rows(&std::fs::read(&draws).unwrap());
    assert_eq!(headers[0], "run");
    // The five uncertain numbers of the fixture, then a forecast column per issue and model.
    assert_eq!(
        headers[1..6],
        [
            "actor[1].capability",
            "actor[4].capability",
            "position[2].at",
            "position[10].at",
            "issue[0].status_quo"
        ]
    );
    assert_eq!(headers.len(), 6 + 3 * 3);
    assert_eq!(rows.len(), 300);
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(row[0].parse::<usize>().unwrap(), k);
        let cap: f64 = row[2].parse().unwrap();
        assert!(
            (0.2..=0.4).contains(&cap),
            "uniform draw out of range: {cap}"
        );
    }
    // Each forecast column's mean is the report's mean.
    for issue in report["issues"].as_array().unwrap() {
        for m in issue["models"].as_array().unwrap() {
            let name = format!(
                "forecast:{}:{}",
                issue["id"].as_str().unwrap(),
                m["model"].as_str().unwrap()
            );
            let col = headers.iter().position(|h| *h == name).unwrap();
            let values: Vec<f64> = rows.iter().filter_map(|r| f(&r[col])).collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let want = m["mean"].as_f64().unwrap();
            assert!(
                (mean - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{name}: {mean} vs {want}"
            );
        }
    }
}

#[test]
fn crisis_chart_csv_and_exported_game() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("odds.svg");
    let efg = dir.path().join("crisis.efg");
    let file = strait();
    let json: Value = serde_json::from_slice(&run_ok(&[
        "crisis", &file, "--runs", "50", "--format", "json",
    ]))
    .unwrap();
    let out = run_ok(&[
        "crisis",
        &file,
        "--runs",
        "50",
        "--format",
        "csv",
        "--plot",
        svg.to_str().unwrap(),
        "--export-game",
        efg.to_str().unwrap(),
    ]);
    let texts = svg_texts(&svg);
    for outcome in json["outcomes"].as_object().unwrap().keys() {
        assert!(texts.contains(outcome.as_str()), "{outcome} missing");
    }
    assert!(texts.contains("90% interval over the runs"));
    assert!(texts.contains("Monte Carlo, 50 runs"));

    let (headers, rows) = csv_rows(&out);
    assert_eq!(
        headers.join(","),
        "kind,name,p_qre,median,p05,p95,p_spe,breakdown,reference,nbs,with_crisis,shift,shift_p05,shift_p95"
    );
    let outcomes: Vec<_> = rows.iter().filter(|r| &r[0] == "outcome").collect();
    assert_eq!(outcomes.len(), json["outcomes"].as_object().unwrap().len());
    let total: f64 = outcomes.iter().map(|r| f(&r[2]).unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-9);
    for r in &outcomes {
        assert!(close(f(&r[2]), json["outcomes"][&r[1]].as_f64()), "{r:?}");
        let (lo, hi) = (f(&r[4]).unwrap(), f(&r[5]).unwrap());
        assert!(lo <= hi);
    }
    let issues: Vec<_> = rows.iter().filter(|r| &r[0] == "issue").collect();
    assert_eq!(issues.len(), 3);
    for r in &issues {
        assert!(
            close(f(&r[11]), json["forecast_shift"][&r[1]].as_f64()),
            "{r:?}"
        );
    }

    // The exported game reads back, solves, and draws.
    let text = std::fs::read_to_string(&efg).unwrap();
    let game = brink_games::read_efg(efg.to_str().unwrap(), &text).unwrap();
    assert_eq!(game.players(), ["COR", "VEL"]);
    let solved: Value = serde_json::from_slice(&run_ok(&[
        "game",
        "solve",
        efg.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    assert!(
        !solved["equilibria"].as_array().unwrap().is_empty(),
        "{solved}"
    );
    let tree = dir.path().join("tree.svg");
    run_ok(&[
        "game",
        "info",
        efg.to_str().unwrap(),
        "--plot",
        tree.to_str().unwrap(),
    ]);
    let texts = svg_texts(&tree);
    for want in ["COR", "VEL", "chance", "Demand", "WAR"] {
        assert!(texts.contains(want), "missing {want:?} in the tree");
    }
}

#[test]
fn exported_seed_game_is_gambits_and_a_strategic_game_has_no_tree() {
    let dir = tempfile::tempdir().unwrap();
    let efg = dir.path().join("seed.efg");
    run_ok(&[
        "crisis",
        &scenario("iran-2026.toml"),
        "--runs",
        "5",
        "--format",
        "json",
        "--export-game",
        efg.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&efg).unwrap();
    assert!(text.starts_with("EFG 2 R"));
    let game = brink_games::read_efg("seed.efg", &text).unwrap();
    assert_eq!(game.players().len(), 6);
    run_ok(&["game", "solve", efg.to_str().unwrap(), "--format", "gambit"]);
    // A scenario without a crisis has no game to export (exit 1, nothing written).
    let none = dir.path().join("none.efg");
    brink()
        .args(["crisis", &scenario("ec-emission.toml"), "--export-game"])
        .arg(&none)
        .assert()
        .code(1);
    assert!(!none.exists());
    // --plot on a strategic game: a usage error.
    let nfg = temp_file(
        ".nfg",
        "NFG 1 R \"pd\" { \"1\" \"2\" } { 2 2 }\n3 3 0 5 5 0 1 1\n",
    );
    brink()
        .args(["game", "info"])
        .arg(nfg.path())
        .args(["--plot", dir.path().join("t.svg").to_str().unwrap()])
        .assert()
        .code(2);
}

#[test]
fn compare_chart_names_scenarios_not_paths_and_csv_has_differences() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("cmp.svg");
    let (a, b) = (
        scenario("iran-2026.toml"),
        scenario("iran-2026-no-carrier.toml"),
    );
    let out = run_ok(&[
        "compare",
        &a,
        &b,
        "--runs",
        "20",
        "--model",
        "compromise,nbs",
        "--format",
        "csv",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    let texts = svg_texts(&svg);
    assert!(
        texts.contains("A: US–Iran nuclear talks, Geneva round 2"),
        "{texts}"
    );
    assert!(
        texts.contains("B: US–Iran nuclear talks, Geneva round 2 — what-if"),
        "{texts}"
    );
    assert!(
        !texts.contains("scenarios/"),
        "a path in the legend:\n{texts}"
    );
    for want in ["standoff", "issue enrichment", "nbs+crisis", "compromise"] {
        assert!(texts.contains(want), "missing {want:?}");
    }

    let (headers, rows) = csv_rows(&out);
    assert_eq!(headers.join(","), "kind,name,model,a,b,diff");
    assert_eq!(rows.iter().filter(|r| &r[0] == "outcome").count(), 4);
    // 5 issues × (2 models asked for + the crisis-linked ones).
    assert!(rows.iter().filter(|r| &r[0] == "forecast").count() >= 10);
    for r in &rows {
        if let (Some(x), Some(y), Some(d)) = (f(&r[3]), f(&r[4]), f(&r[5])) {
            assert!((y - x - d).abs() < 1e-9, "{r:?}");
        }
        if &r[0] == "outcome" {
            assert!(r[2].is_empty());
        }
    }
}
