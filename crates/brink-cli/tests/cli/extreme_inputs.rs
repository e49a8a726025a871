//! The input classes of issue 12's item 7, as a user meets them: the real `brink` on each bad
//! file exits 1 with `file:line:col: error: … expected …`, never 101 or an abort, and prints no
//! raw control character from the input.

use crate::common::{brink_in_fixtures, text};
use std::path::Path;

/// Writes `content` to `dir/name` and runs `brink ARGS… name` there.
fn run_on(dir: &Path, name: &str, content: &[u8], args: &[&str]) -> std::process::Output {
    std::fs::write(dir.join(name), content).unwrap();
    brink_in_fixtures()
        .current_dir(dir)
        .args(args)
        .arg(name)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap()
}

/// Exit 1, a located error line on stderr starting with `name:AT: error: ` and containing
/// `expected`, nothing on stdout.
fn assert_located(out: &std::process::Output, name: &str, at: &str, expected: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
    let prefix = format!("{name}:{at}: error: ");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(expected)),
        "{name}: expected a line starting {prefix:?} containing {expected:?}, got:\n{stderr}"
    );
    assert!(out.stdout.is_empty(), "{name}: {}", text(&out.stdout));
}

#[test]
fn ktab_csv_with_n_dims_2_to_the_63() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_on(
        dir.path(),
        "k.csv",
        b"s,d,2,9223372036854775808\nActor,Desc,Power,P,S\na,a,1,50,50\nb,b,1,50,50\n",
        &["check"],
    );
    assert_located(&out, "k.csv", "2:20", "expected 3 + 2 ×");
}

#[test]
fn ktab_xml_nested_15000_deep() {
    let dir = tempfile::tempdir().unwrap();
    let xml = format!(
        "<Scenario>{}{}</Scenario>",
        "<a>".repeat(15_000),
        "</a>".repeat(15_000)
    );
    let out = run_on(dir.path(), "deep.xml", xml.as_bytes(), &["check"]);
    assert_located(&out, "deep.xml", "1:776", "expected a KTAB scenario");
}

#[test]
fn nfg_declaring_more_payoffs_than_brink_holds() {
    let dir = tempfile::tempdir().unwrap();
    let nfg = b"NFG 1 R \"\" { \"A\" \"B\" \"C\" } { 1000 1000 50 }\n";
    for cmd in [&["check"][..], &["game", "info"], &["game", "solve"]] {
        let out = run_on(dir.path(), "big.nfg", nfg, cmd);
        assert_located(&out, "big.nfg", "1:40", "too large");
    }
}

#[test]
fn absent_minded_efg_is_located_at_the_node() {
    let dir = tempfile::tempdir().unwrap();
    let efg = b"EFG 2 R \"absent\" { \"A\" }\n\"\"\n\np \"\" 1 1 \"x\" { \"a\" \"b\" } 0\np \"\" 1 1 0\nt \"\" 1 \"o1\" { 1 }\nt \"\" 2 \"o2\" { 2 }\nt \"\" 3 \"o3\" { 3 }\n";
    let out = run_on(dir.path(), "absent.efg", efg, &["check"]);
    assert_located(&out, "absent.efg", "5:1", "absent-minded");
}

#[test]
fn a_date_where_a_number_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let toml = b"[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\nscale = [0, 100]\n[[actor]]\nid = \"a\"\ncapability = 1\n[[position]]\nactor = \"a\"\nissue = \"i\"\nat = 2026-01-01\nsalience = 1\n";
    let out = run_on(dir.path(), "date.toml", toml, &["check"]);
    assert_located(&out, "date.toml", "12:6", "found a date (`2026-01-01`)");
    assert!(!text(&out.stderr).contains("$__toml_private"));
}

#[cfg(unix)]
#[test]
fn a_fifo_with_no_writer_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    if !std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        brink_testkit::report_skip("mkfifo unavailable");
        return;
    }
    for cmd in [&["check"][..], &["forecast"], &["game", "info"]] {
        let out = brink_in_fixtures()
            .current_dir(dir.path())
            .args(cmd)
            .arg("pipe.toml")
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}: {stderr}");
        assert!(stderr.contains("pipe.toml"), "{stderr}");
        assert!(stderr.contains("expected a"), "{stderr}");
    }
}

#[test]
fn control_characters_in_names_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[scenario]\nname = \"evil\\u001b[2J\"\n[[issue]]\nid = \"i\\u001b[31m\"\nscale = [0, 100]\n\
                [[actor]]\nid = \"a\\r\\u0007\"\ncapability = 1\n[[actor]]\nid = \"b\"\ncapability = 2\n\
                [[position]]\nactor = \"a\\r\\u0007\"\nissue = \"i\\u001b[31m\"\nat = 10\nsalience = 1\n\
                [[position]]\nactor = \"b\"\nissue = \"i\\u001b[31m\"\nat = 90\nsalience = 1\n";
    for cmd in [&["check"][..], &["forecast", "--model", "compromise"]] {
        let out = run_on(dir.path(), "evil.toml", toml.as_bytes(), cmd);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        assert_eq!(out.status.code(), Some(0), "{cmd:?}: {}", text(&out.stderr));
        assert!(
            !all.iter().any(|&b| b == 0x1b || b == b'\r' || b == 0x07),
            "{cmd:?}: raw control characters in {:?}",
            text(&all)
        );
        assert!(text(&all).contains("\\u{1b}"), "{cmd:?}: {}", text(&all));
    }
    // A bad input quoting such a name: the error line is escaped too.
    let bad = toml.replace("at = 90", "at = 900");
    let out = run_on(dir.path(), "evil.toml", bad.as_bytes(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!out.stderr.contains(&0x1b), "{}", text(&out.stderr));
}

#[test]
fn a_deep_game_tree_is_described_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let mut efg = String::from("EFG 2 R \"chain\" { \"A\" \"B\" }\n\"\"\n");
    let n = 100_000;
    for i in 0..n {
        efg += &format!(
            "p \"\" {} {} \"\" {{ \"go\" \"stop\" }} 0\nt \"\" {} \"\" {{ 1, 0 }}\n",
            1 + i % 2,
            i + 1,
            i + 1
        );
    }
    efg += &format!("t \"\" {} \"end\" {{ 0, 1 }}\n", n + 1);
    let out = run_on(dir.path(), "chain.efg", efg.as_bytes(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("200001 nodes"));
    let out = run_on(dir.path(), "chain.efg", efg.as_bytes(), &["game", "info"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("nodes: 200001"));
}
