//! Inputs at the extremes (issue 12, item 7): counts that overflow, nesting deep enough to
//! overflow a parser's stack, dates where numbers belong, outcomes off the scale, large files.
//! Each is a located error or note, never a panic, an abort or a quadratic wait.

use brink_core::Location;
use brink_formats::{ktab_csv, ktab_xml, load_text, Loaded};

fn first_error(text: &str, file: &str) -> brink_core::Diagnostic {
    let err = load_text(text, file).expect_err("expected the input to be rejected");
    err.0.into_iter().next().unwrap()
}

#[test]
fn ktab_csv_dimension_count_that_overflows_is_a_located_error() {
    // 3 + 2 × nDims wraps for nDims = 2^63 (and 2^63 - 1); Vec::with_capacity(nDims) would panic.
    for n in [
        "9223372036854775808",
        "9223372036854775807",
        "18446744073709551615",
    ] {
        let text = format!("s,d,2,{n}\nActor,Desc,Power,P,S\na,a,1,50,50\nb,b,1,50,50\n");
        let d = ktab_csv::parse(&text, "k.csv").unwrap_err().0.remove(0);
        assert_eq!(d.location, Some(Location { line: 2, col: 20 }), "{d}");
        assert!(d.message.contains("expected 3 + 2 ×"), "{d}");
    }
    // And through kind detection (the route `brink check` takes).
    let d = first_error("s,d,2,9223372036854775808\nActor,Desc,Power,P,S\n", "k.csv");
    assert!(d.message.contains("header has 5 column(s)"), "{d}");
}

#[test]
fn ktab_csv_actor_count_beyond_the_rows_is_located() {
    let text = "s,d,18446744073709551615,1\nActor,Desc,Power,P,S\na,a,1,50,50\n";
    let d = ktab_csv::parse(text, "k.csv").unwrap_err().0.remove(0);
    assert!(
        d.message
            .contains("announces 18446744073709551615 actor(s)"),
        "{d}"
    );
}

#[test]
fn ktab_xml_nested_15000_deep_is_refused_before_parsing() {
    let text = format!(
        "<Scenario>{}{}</Scenario>",
        "<a>".repeat(15_000),
        "</a>".repeat(15_000)
    );
    let d = ktab_xml::parse(&text, "deep.xml").unwrap_err().0.remove(0);
    assert!(d.message.contains("nested more than 256 deep"), "{d}");
    // The 257th start tag: 10 bytes of `<Scenario>`, then 255 `<a>`s.
    assert_eq!(
        d.location,
        Some(Location {
            line: 1,
            col: 11 + 3 * 255
        })
    );
    // Self-closing tags, comments, CDATA and quoted `>` do not count as nesting.
    let flat = format!(
        "<Scenario>{}<!-- <a><a> -->{}<b x=\"<c>\"/></Scenario>",
        "<a/>".repeat(20_000),
        "<![CDATA[<a><a><a>]]>".repeat(1000)
    );
    let d = ktab_xml::parse(&flat, "flat.xml").unwrap_err().0.remove(0);
    assert!(!d.message.contains("nested"), "{d}");
}

#[test]
fn a_date_where_a_number_belongs_is_named_a_date() {
    let text = "[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\nscale = [0, 100]\n\
                [[actor]]\nid = \"a\"\ncapability = 1\n[[position]]\nactor = \"a\"\nissue = \"i\"\n\
                at = 2026-01-01\nsalience = 1\n";
    let d = first_error(text, "d.toml");
    assert_eq!(d.location, Some(Location { line: 12, col: 6 }), "{d}");
    assert!(d.message.contains("expected a number"), "{d}");
    assert!(d.message.contains("found a date (`2026-01-01`)"), "{d}");
    assert!(!d.message.contains("$__toml_private"), "{d}");
    let text = text.replace(
        "at = 2026-01-01",
        "at = { mean = 1979-05-27T07:32:00Z, sd = 1 }",
    );
    let d = first_error(&text, "d.toml");
    assert!(
        d.message
            .contains("`mean` must be a number, found a date-time"),
        "{d}"
    );
}

#[test]
fn deu_outcomes_off_the_scale_are_skipped_with_a_located_note() {
    let text = "\"isnr\"\t\"pcom\"\t\"pfr\"\t\"scom\"\t\"sfr\"\t\"rp\"\t\"out\"\n\
                \t4\t2\t\t\t\t\n\
                \"i1\"\t100\t0\t50\t80\t0\t60\n\
                \"i2\"\t100\t0\t50\t80\t0\t1e9\n\
                \"i3\"\t100\t0\t50\t80\t0\t-5\n";
    let (loaded, _) = load_text(text, "deu.tsv").unwrap();
    let Loaded::Dataset(d) = loaded else {
        panic!("expected a dataset")
    };
    assert_eq!(d.scenarios.len(), 1);
    let note = d
        .notes
        .iter()
        .find(|n| n.contains("outside the scale"))
        .expect("a note on the skipped rows");
    assert!(note.starts_with("2 rows"), "{note}");
    assert!(note.contains("i2 (1000000000, line 4 col 20)"), "{note}");
    assert!(note.contains("i3 (-5, line 5 col 20)"), "{note}");
}

#[test]
fn a_scenario_outcome_off_the_scale_is_a_located_error() {
    let text = "[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\nscale = [0, 100]\noutcome = 150\n\
                [[actor]]\nid = \"a\"\ncapability = 1\n[[position]]\nactor = \"a\"\nissue = \"i\"\n\
                at = 5\nsalience = 1\n";
    let d = first_error(text, "o.toml");
    assert_eq!(d.field.as_deref(), Some("issue[0].outcome"));
    assert_eq!(d.location, Some(Location { line: 6, col: 11 }), "{d}");
    assert!(
        d.message.contains("on the scale [0, 100], found 150"),
        "{d}"
    );
}

/// A scenario with `actors` actors and `issues` issues, every actor on every issue.
fn large_scenario(actors: usize, issues: usize) -> String {
    let mut s = String::from("[scenario]\nname = \"large\"\n\n");
    for i in 0..issues {
        s += &format!("[[issue]]\nid = \"issue{i}\"\nscale = [0, 100]\n\n");
    }
    for a in 0..actors {
        s += &format!(
            "[[actor]]\nid = \"actor{a}\"\ncapability = {}\n\n",
            1 + a % 7
        );
    }
    for a in 0..actors {
        for i in 0..issues {
            s += &format!(
                "[[position]]\nactor = \"actor{a}\"\nissue = \"issue{i}\"\nat = {}\nsalience = 0.{}\n\n",
                (a * 37 + i * 11) % 101,
                1 + (a + i) % 9
            );
        }
    }
    s
}

#[test]
fn a_large_scenario_loads_and_an_error_at_its_end_is_located() {
    // Correctness only (speed is measured by benches/load.rs): a field near the end of a
    // 1 MB file is located on its own line, through TOML and its JSON twin.
    let text = large_scenario(1500, 10);
    assert!(text.len() > 1_000_000);
    let (loaded, _) = load_text(&text, "large.toml").unwrap();
    let Loaded::Scenario(s) = loaded else {
        panic!("expected a scenario")
    };
    assert_eq!(s.positions.len(), 15_000);
    let lines = text.lines().count();
    let bad = text.replacen("salience = 0.5\n\n", "salience = 7\n\n", usize::MAX);
    let err = load_text(&bad, "large.toml").unwrap_err();
    let last = err.0.last().unwrap();
    assert!(last.location.unwrap().line > lines - 10, "{last}");
    let json =
        brink_formats::toml_scenario::to_json(&s).replace("\"salience\": 0.5", "\"salience\": 7");
    let err = load_text(&json, "large.json").unwrap_err();
    assert!(err.0.iter().all(|d| d.location.is_some()), "{err}");
}
