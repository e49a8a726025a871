//! Every kind of bad input, in brink's TOML and in the BDM CSV importer, through the real `brink`
//! binary: each must exit 1 with a diagnostic naming `file:line:col` and what was expected,
//! print nothing on stdout, and (for `convert -o OUT`) write no file. Fixtures are small files in
//! `tests/fixtures/`; the tests run there so that messages carry the bare file name.

use crate::common::{assert_rejected, brink_in_fixtures, text};
use assert_cmd::Command;

// brink's own TOML format (fixtures are `good.toml` with one thing broken).
rejected! {
    toml_unknown_actor: "unknown_actor.toml" at "24:9"
        says "`position[1].actor`: unknown actor `Z`: expected one of the actor ids (A, B)";
    toml_unknown_issue: "unknown_issue.toml" at "25:9"
        says "`position[1].issue`: unknown issue `taxx`: expected one of the issue ids (tax)";
    toml_duplicate_actor: "duplicate_actor.toml" at "14:6"
        says "`actor[1].id`: duplicate actor id `A`";
    toml_duplicate_issue: "duplicate_issue.toml" at "10:6"
        says "`issue[1].id`: duplicate issue id `tax`";
    toml_position_outside_scale: "position_outside_scale.toml" at "20:6"
        says "`position[0].at`: expected `at` in [0, 100], found 120";
    toml_uncertain_position_outside_scale: "uncertain_outside_scale.toml" at "26:6"
        says "`position[1].at`: expected `at` in [0, 100], found values from 50 to 120";
    toml_salience_above_1: "salience_above_1.toml" at "21:12"
        says "`position[0].salience`: expected `salience` in [0, 1], found 1.5";
    toml_salience_negative: "salience_negative.toml" at "27:12"
        says "`position[1].salience`: expected `salience` in [0, 1], found -0.1";
    toml_salience_outside_0_100_when_the_file_says_so: "salience_scale_100_bad.toml" at "22:12"
        says "`position[0].salience`: expected `salience` in [0, 100] (the file's salience_scale), found 150";
    toml_negative_capability: "negative_capability.toml" at "15:14"
        says "`actor[1].capability`: expected `capability` ≥ 0, found -0.5";
    toml_nan: "nan_position.toml" at "20:6"
        says "`position[0].at`: the value must be a finite number, found NaN";
    toml_inf: "inf_capability.toml" at "11:14"
        says "`actor[0].capability`: the value must be a finite number, found inf";
    toml_issue_nobody_holds: "unheld_issue.toml" at "9:1"
        says "`issue[1]`: nobody holds a position on issue `vat`: expected at least one actor with a position on it";
    toml_malformed_uncertainty: "malformed_uncertainty.toml" at "20:6"
        says "expected a number, { mean = …, sd = … }, { min = …, max = … } or { values = […], weights = […] }; found a table with keys {mean, sdev}";
    toml_uncertainty_of_wrong_type: "uncertainty_wrong_type.toml" at "11:14"
        says "found the string \"high\"";
    toml_negative_sd: "negative_sd.toml" at "20:6"
        says "`position[0].at`: `sd` must be ≥ 0, found -5";
    toml_min_above_max: "min_above_max.toml" at "26:6"
        says "`position[1].at`: `min` (60) must not exceed `max` (40)";
    toml_weights_mismatch: "weights_mismatch.toml" at "21:12"
        says "`weights` must have one weight per value: 2 values, 1 weights";
    toml_syntax_error: "syntax_error.toml" at "9:8"
        says "invalid scenario TOML";
    toml_unknown_key: "unknown_key.toml" at "12:1"
        says "unknown field `capabilty`, expected one of `id`, `name`, `capability`, `why`";
    toml_empty_file: "empty.toml" at "1:1"
        says "missing the `[scenario]` table";
    toml_binary_garbage: "binary.toml" at "1:1"
        says "invalid UTF-8 (byte 0x89): expected a text file";
    toml_nul_bytes: "nul_byte.toml" at "1:4"
        says "NUL byte: expected a text file, found binary data";
    toml_invalid_utf8: "invalid_utf8.toml" at "6:14"
        says "invalid UTF-8 (byte 0xe4): expected a text file";
}

// The BDM CSV importer.
rejected! {
    csv_empty_file: "empty.csv" at "1:1"
        says "empty file: expected a header naming the columns Actor";
    csv_header_without_rows: "header_only.csv" at "2:1"
        says "the table has a header but no rows: expected one row per actor";
    csv_missing_column: "missing_column.csv" at "1:1"
        says "missing column Salience: expected a header naming the columns";
    csv_unknown_column: "unknown_column.csv" at "1:36"
        says "unknown column `Weight`: expected a header naming the columns Actor (or Stakeholder, Name, Player), Capability (or Resources, Power, Clout), Position and Salience, in any order";
    csv_no_header: "not_a_header.csv" at "1:1"
        says "the first row is not a header: expected a header naming the columns";
    csv_not_a_number: "not_a_number.csv" at "3:3"
        says "expected a number in column `Capability`, found `lots`";
    csv_empty_cell: "empty_cell.csv" at "2:5"
        says "expected a number in column `Position`, found an empty cell";
    csv_too_few_fields: "too_few_fields.csv" at "3:9"
        says "expected 4 fields (Actor, Capability, Position, Salience), found 3";
    csv_too_many_fields: "too_many_fields.csv" at "2:12"
        says "expected 4 fields (Actor, Capability, Position, Salience), found 5";
    csv_duplicate_actor: "duplicate_actor.csv" at "4:1"
        says "duplicate actor `A` (first on line 2): expected each actor once";
    csv_negative_capability: "negative_capability.csv" at "3:3"
        says "expected `Capability` ≥ 0, found -0.5";
    csv_nan: "nan.csv" at "2:5"
        says "expected a finite number in column `Position`, found `NaN`";
    csv_inf: "inf.csv" at "2:3"
        says "expected a finite number in column `Capability`, found `inf`";
    csv_salience_above_100: "salience_above_100.csv" at "3:10"
        says "expected `Salience` in [0, 100] (saliences above 1 are read as 0–100), found 150";
    csv_salience_negative: "salience_negative.csv" at "3:10"
        says "expected `Salience` in [0, 1] or [0, 100], found -0.6";
    csv_unterminated_quote: "unterminated_quote.csv" at "3:1"
        says "unterminated quoted field: expected a closing `\"`";
    csv_binary_garbage: "binary.csv" at "1:11"
        says "invalid UTF-8 (byte 0xff): expected a text file";
    csv_nul_bytes: "nul_byte.csv" at "1:17"
        says "NUL byte: expected a text file, found binary data";
    csv_invalid_utf8: "invalid_utf8.csv" at "3:2"
        says "invalid UTF-8 (byte 0xfc): expected a text file";
}

#[test]
fn actor_without_position_is_a_warning_and_exit_0() {
    let out = brink_in_fixtures()
        .args(["check", "actor_without_position.toml"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with(
            "actor_without_position.toml:17:1: warning: `actor[2]`: actor `C` holds no position"
        )),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("actor_without_position.toml: ok"));
}

#[test]
fn good_fixtures_pass() {
    for file in [
        "good.toml",
        "salience_scale_100_ok.toml",
        "good.csv",
        "good_percent.csv",
        "good_variants.csv",
    ] {
        let out = brink_in_fixtures().args(["check", file]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{file}: {}", text(&out.stderr));
    }
}

#[test]
fn salience_scale_100_is_normalised_like_0_1() {
    let forecast = |file: &str| {
        let out = brink_in_fixtures()
            .args([
                "forecast",
                file,
                "--model",
                "compromise",
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["issues"][0]["forecasts"][0]["forecast"].as_f64().unwrap()
    };
    assert_eq!(
        forecast("good.toml"),
        forecast("salience_scale_100_ok.toml")
    );
    // The same table as CSV, with saliences on 0–100: the same compromise.
    assert_eq!(forecast("good.toml"), forecast("good_percent.csv"));
}

#[test]
fn csv_import_converts_to_toml_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("variants.toml");
    let out = brink_in_fixtures()
        .args(["convert", "good_variants.csv", "--to", "toml", "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = std::fs::read_to_string(&out_file).unwrap();
    // BOM, CRLF, quotes, any column order, trailing empty columns, 0–100 saliences.
    assert!(toml.contains("id = \"Costa Rica\""), "{toml}");
    assert!(toml.contains("id = 'Li, \"P\"'"), "{toml}");
    assert!(toml.contains("salience = 0.8"), "{toml}");
    assert!(toml.contains("saliences read as 0–100"), "{toml}");
    assert!(toml.contains("scale = [20, 70]"), "{toml}");
    brink_in_fixtures()
        .arg("check")
        .arg(&out_file)
        .assert()
        .success();
}

/// Whatever bytes a `.csv` or `.toml` holds, `brink check` answers 0 or 1, never a panic (101).
/// (The importers' own proptests cover many more inputs in-process; this checks the binary.)
#[test]
fn arbitrary_bytes_never_panic_the_binary() {
    // xorshift64*: a fixed, dependency-free byte stream, so every run tests the same inputs.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let dir = tempfile::tempdir().unwrap();
    for case in 0..24 {
        let len = (next() % 200) as usize;
        let alphabet = b"Actor,Capability;Position\tSalience\"\n\r 0123456789.-eEnaif[]={}#";
        let mut content = match case % 3 {
            0 => b"Actor,Capability,Position,Salience\n".to_vec(),
            1 => b"[scenario]\nname = \"x\"\n".to_vec(),
            _ => Vec::new(),
        };
        for _ in 0..len {
            let r = next();
            // Half CSV-like text, half raw bytes.
            content.push(if case % 2 == 0 {
                alphabet[(r % alphabet.len() as u64) as usize]
            } else {
                (r >> 24) as u8
            });
        }
        let ext = if case % 3 == 1 { "toml" } else { "csv" };
        let file = dir.path().join(format!("fuzz{case}.{ext}"));
        std::fs::write(&file, &content).unwrap();
        let out = Command::cargo_bin("brink")
            .unwrap()
            .arg("check")
            .arg(&file)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "case {case}: exit {code:?} on {content:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn json_scenario_good_fixture_passes() {
    let out = brink_in_fixtures()
        .args(["check", "good.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn json_scenario_errors_are_located() {
    assert_rejected(
        "json_position_outside.json",
        "37:13",
        "`position[1].at`: expected `at` in [0, 100], found 170",
    );
}
