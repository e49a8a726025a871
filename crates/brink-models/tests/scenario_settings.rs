//! A scenario's `[models.*]` sections are checked by each model's own rules and every problem is
//! located at file:line:column: an unknown model, an unknown key, a value the model refuses.

use brink_core::Diagnostic;

const BASE: &str = "[scenario]\nname = \"t\"\n\
    [[issue]]\nid = \"x\"\nscale = [0, 100]\n\
    [[actor]]\nid = \"A\"\ncapability = 1\n\
    [[position]]\nactor = \"A\"\nissue = \"x\"\nat = 40\nsalience = 1\n";

/// The settings problems of BASE followed by `models`, printed as `brink check` prints them.
fn problems(models: &str) -> Vec<String> {
    let text = format!("{BASE}{models}");
    let scenario = brink_formats::toml_scenario::parse(&text, "s.toml").expect("parses");
    assert!(scenario.validate().is_empty());
    brink_models::scenario_settings_diagnostics(&scenario)
        .iter()
        .map(Diagnostic::to_string)
        .collect()
}

#[test]
fn an_unknown_model_is_located_with_a_suggestion() {
    let d = problems("[models.smpp]\nVotingRule = \"Prop\"\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("s.toml:14:9: error: `models.smpp`: unknown model `smpp`"),
        "{}",
        d[0]
    );
    assert!(d[0].contains("(did you mean `smp`?)"), "{}", d[0]);
}

#[test]
fn an_unknown_key_is_located_at_the_key() {
    let d = problems("[models.smp]\nVotingRul = \"Prop\"\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("s.toml:15:1: error: `models.smp.VotingRul`: unknown setting"),
        "{}",
        d[0]
    );
    assert!(d[0].contains("(did you mean `VotingRule`?)"), "{}", d[0]);
    // A model without settings says so.
    let d = problems("[models.bdm]\nrounds = 3\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("s.toml:15:1: error: `models.bdm.rounds`: unknown setting `rounds`: bdm takes no settings"),
        "{}",
        d[0]
    );
}

#[test]
fn a_bad_value_is_located_at_its_key() {
    let d = problems("[models.exchange]\nvariant = \"equal\"\narithmetic = \"wrong\"\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with("s.toml:16:1: error: `models.exchange.arithmetic`:"),
        "{}",
        d[0]
    );
    assert!(d[0].contains("wrong"), "{}", d[0]);
    // Keys tied together are judged as a section, located at its header.
    let d = problems("[models.exchange]\nvariant = \"random-equal\"\np = 1.5\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].contains("[0, 1]"), "{}", d[0]);
    let d = problems("[models.smp]\nVotingRule = \"Nope\"\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].starts_with("s.toml:15:1:"), "{}", d[0]);
    assert!(problems("[models.smp]\nVotingRule = \"Prop\"\n").is_empty());
}
