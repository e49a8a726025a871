//! The `[crisis]` section's validation: every problem is an error located at its key, saying
//! what was expected.

use brink_core::Scenario;
use brink_crisis::CrisisSpec;

const FIXTURE: &str = include_str!("fixtures/coercion.toml");

fn load(text: &str) -> Scenario {
    brink_formats::toml_scenario::parse(text, "f.toml").expect("the scenario part is valid")
}

/// The fixture with its `[crisis]` section replaced by `crisis`.
fn with_crisis(crisis: &str) -> String {
    let head = FIXTURE.split("[crisis]").next().unwrap();
    format!("{head}[crisis]\n{crisis}\n")
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

/// The errors of a section: (line, field, message).
fn errors(crisis: &str) -> Vec<(usize, String, String)> {
    let text = with_crisis(crisis);
    let s = load(&text);
    let err = CrisisSpec::from_scenario(&s).expect_err("the section is invalid");
    err.0
        .iter()
        .map(|d| {
            assert_eq!(d.file, "f.toml");
            (
                d.location.expect("every crisis error is located").line,
                d.field.clone().unwrap_or_default(),
                d.message.clone(),
            )
        })
        .collect()
}

fn one_error(crisis: &str, key_line: &str) -> (String, String) {
    let text = with_crisis(crisis);
    let errs = errors(crisis);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let (line, field, msg) = errs.into_iter().next().unwrap();
    assert_eq!(line, line_of(&text, key_line), "{field}: {msg}");
    (field, msg)
}

const ROLES: &str = "game = \"patron\"\npatron = \"USA\"\nally = \"ISR\"\ntarget = \"IRN\"\ntransit = [\"JOR\", \"SAU\"]\n";

#[test]
fn the_fixture_is_valid_and_assigns_roles_in_player_order() {
    let s = load(FIXTURE);
    let spec = CrisisSpec::from_scenario(&s).unwrap().unwrap();
    assert_eq!(spec.players, ["USA", "ISR", "IRN", "JOR", "SAU"]);
    assert_eq!(
        spec.roles,
        ["patron", "ally", "target", "transit", "transit"]
    );
    assert!(spec.is_uncertain());
    assert_eq!(spec.why.get("p_success").map(String::as_str), Some("test"));
}

#[test]
fn unknown_game() {
    let (field, msg) = one_error("game = \"chicken\"\npatron = \"USA\"", "game =");
    assert_eq!(field, "crisis.game");
    assert!(
        msg.contains("unknown game \"chicken\"") && msg.contains("patron_ally_target_transit"),
        "{msg}"
    );
}

#[test]
fn unknown_role_actor() {
    let crisis = ROLES.replace("ally = \"ISR\"", "ally = \"IDF\"");
    let (field, msg) = one_error(&crisis, "ally =");
    assert_eq!(field, "crisis.ally");
    assert!(
        msg.contains("unknown actor id \"IDF\"") && msg.contains("USA, ISR"),
        "{msg}"
    );
    let crisis = ROLES.replace("\"SAU\"]", "\"QAT\"]");
    let (field, msg) = one_error(&crisis, "transit =");
    assert_eq!(field, "crisis.transit");
    assert!(msg.contains("\"QAT\""), "{msg}");
}

#[test]
fn an_actor_plays_one_role() {
    let crisis = ROLES.replace("ally = \"ISR\"", "ally = \"USA\"");
    let (_, msg) = one_error(&crisis, "ally =");
    assert!(msg.contains("already plays the patron"), "{msg}");
}

#[test]
fn missing_role() {
    let crisis = ROLES.replace("target = \"IRN\"\n", "");
    let (field, msg) = one_error(&crisis, "[crisis]");
    assert_eq!(field, "crisis");
    assert!(msg.contains("missing `target`"), "{msg}");
}

#[test]
fn wrong_type() {
    let (field, msg) = one_error(&format!("{ROLES}p_success = \"high\""), "p_success");
    assert_eq!(field, "crisis.p_success");
    assert!(
        msg.contains("expected a probability in [0, 1]")
            && msg.contains("found the string \"high\""),
        "{msg}"
    );
    let (_, msg) = one_error(&format!("{ROLES}signal = 1"), "signal");
    assert!(msg.contains("expected `true`"), "{msg}");
}

#[test]
fn probabilities_outside_0_1() {
    let (_, msg) = one_error(&format!("{ROLES}p_success = 1.3"), "p_success");
    assert!(
        msg.contains("must be a probability in [0, 1], found 1.3"),
        "{msg}"
    );
    let (_, msg) = one_error(
        &format!("{ROLES}support_effect = {{ min = -0.1, max = 0.4 }}"),
        "support_effect",
    );
    assert!(msg.contains("values from -0.1 to 0.4"), "{msg}");
    let (_, msg) = one_error(&format!("{ROLES}cost_strike = -0.2"), "cost_strike");
    assert!(msg.contains("a cost ≥ 0"), "{msg}");
}

#[test]
fn malformed_uncertainty() {
    let (_, msg) = one_error(&format!("{ROLES}p_success = {{ mean = 0.5 }}"), "p_success");
    assert!(msg.contains("needs both `mean` and `sd`"), "{msg}");
    let (_, msg) = one_error(
        &format!("{ROLES}p_success = {{ mean = 0.5, max = 0.9 }}"),
        "p_success",
    );
    assert!(msg.contains("malformed uncertain number"), "{msg}");
    let (_, msg) = one_error(
        &format!("{ROLES}p_success = {{ min = 0.9, max = 0.5 }}"),
        "p_success",
    );
    assert!(msg.contains("must not exceed"), "{msg}");
    let (_, msg) = one_error(
        &format!("{ROLES}p_success = {{ values = [0.5, 0.7], weights = [1] }}"),
        "p_success",
    );
    assert!(msg.contains("one weight per value"), "{msg}");
    let (_, msg) = one_error(
        &format!("{ROLES}p_success = {{ mean = 0.5, sd = 0.1, spread = 2 }}"),
        "p_success",
    );
    assert!(msg.contains("unknown key `spread`"), "{msg}");
}

#[test]
fn unknown_key_and_per_state_tables() {
    let (field, msg) = one_error(&format!("{ROLES}p_sucess = 0.5"), "p_sucess");
    assert_eq!(field, "crisis.p_sucess");
    assert!(
        msg.contains("unknown key `p_sucess`") && msg.contains("p_success"),
        "{msg}"
    );
    // A per-state table must name transit states only.
    let (field, msg) = one_error(
        &format!("{ROLES}transit_gain_from_alliance = {{ JOR = 0.3, OMN = 0.1 }}"),
        "transit_gain_from_alliance",
    );
    assert_eq!(field, "crisis.transit_gain_from_alliance.OMN");
    assert!(msg.contains("not a transit state"), "{msg}");
    // A valid one: each state its own gain.
    let text = with_crisis(&format!(
        "{ROLES}transit_gain_from_alliance = {{ JOR = 0.3, SAU = {{ min = 0, max = 0.1 }} }}"
    ));
    let spec = CrisisSpec::from_scenario(&load(&text)).unwrap().unwrap();
    let (_, values) = spec
        .params
        .iter()
        .find(|(d, _)| d.name == "transit_gain_from_alliance")
        .unwrap();
    assert_eq!(values[0].point(), 0.3);
    assert_eq!(values[1].point(), 0.05);
}

#[test]
fn several_errors_are_all_reported() {
    let errs = errors("game = \"patron\"\npatron = \"XX\"\nally = \"ISR\"\ntarget = \"IRN\"\ntransit = \"JOR\"\np_success = 2\nlambda = -1");
    let fields: Vec<&str> = errs.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        fields,
        ["crisis.patron", "crisis.p_success", "crisis.lambda"]
    );
}

/// The link's keys (issue 12 item 2): `[crisis.outcomes]` and `bystander_cost`, each error at its
/// field, saying what was expected.
#[test]
fn breakdown_keys_are_validated() {
    let base = "game = \"patron\"\npatron = \"USA\"\nally = \"ISR\"\ntarget = \"IRN\"\ntransit = [\"JOR\", \"SAU\"]\n";
    let cases: [(&str, &str, &str); 6] = [
        (
            "[crisis.outcomes]\npeace = { missiles = 10 }",
            "crisis.outcomes.peace",
            "unknown outcome \"peace\"",
        ),
        (
            "[crisis.outcomes]\nstrike = { oil = 10 }",
            "crisis.outcomes.strike.oil",
            "unknown issue \"oil\"",
        ),
        (
            "[crisis.outcomes]\nstrike = { missiles = 150 }",
            "crisis.outcomes.strike.missiles",
            "scale [0, 100]",
        ),
        (
            "[crisis.outcomes]\nstrike = { missiles = \"patron_of_peace\" }",
            "crisis.outcomes.strike.missiles",
            "\"status_quo\" or a role",
        ),
        (
            "bystander_cost = { ISR = 0.2 }",
            "crisis.bystander_cost.ISR",
            "plays the ally",
        ),
        ("bystander_cost = -1", "crisis.bystander_cost", "a cost ≥ 0"),
    ];
    for (extra, field, message) in cases {
        let errs = errors(&format!("{base}{extra}"));
        assert!(
            errs.iter()
                .any(|(_, f, m)| f == field && m.contains(message)),
            "{extra}: {errs:?}"
        );
    }
    // Valid: numbers, the status quo, a role, a per-actor cost with a default.
    let text = with_crisis(&format!(
        "{base}bystander_cost = {{ default = 0.2, OMN = 0.05 }}\n[crisis.outcomes]\nstrike = {{ missiles = 15, enrichment = \"status_quo\" }}\nwar = {{ missiles = \"target\" }}"
    ));
    let spec = CrisisSpec::from_scenario(&load(&text)).unwrap().unwrap();
    assert_eq!(spec.breakdown.default_bystander_cost, 0.2);
    assert_eq!(spec.breakdown.bystander_cost["OMN"], 0.05);
    assert_eq!(spec.breakdown.overrides["war"].len(), 1);
}
