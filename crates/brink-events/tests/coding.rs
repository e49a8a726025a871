//! Core behaviour on hand-written sentences (no ../shared needed): passives, negation,
//! conditionals, compound actors, reported speech, future intent, no catch-all code.

use brink_events::{Coder, Event};
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(Coder::embedded)
}

fn events(text: &str) -> Vec<Event> {
    coder()
        .code("t", text, brink_events::parse_date("2026-02-16"))
        .events
}

fn dyad(e: &Event) -> (String, String) {
    (
        e.source.code.clone(),
        e.target.as_ref().map_or("—".into(), |t| t.code.clone()),
    )
}

#[test]
fn passive_voice_takes_the_by_agent_as_source() {
    let ev = events("Iran was attacked by Israel on Monday.");
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(dyad(&ev[0]), ("ISR".into(), "IRN".into()));
    assert!(ev[0].cameo.starts_with("19"));
    assert_eq!(ev[0].plover.as_ref().unwrap().event, "ASSAULT");
}

#[test]
fn negation_is_flagged() {
    let ev = events("Iran did not attack Israel.");
    assert_eq!(ev.len(), 1);
    assert!(ev[0].negated && !ev[0].conditional);
    assert_eq!(dyad(&ev[0]), ("IRN".into(), "ISR".into()));
    let ev = events("Israel attacked Iran.");
    assert!(!ev[0].negated);
}

#[test]
fn conditions_and_intent_are_flagged() {
    let ev = events("If talks fail, Israel will attack Iran.");
    let e = ev
        .iter()
        .find(|e| dyad(e) == ("ISR".into(), "IRN".into()))
        .expect("ISR → IRN");
    assert!(e.conditional && e.future && !e.negated);
    let ev = events("Russia threatened to attack Ukraine.");
    assert!(ev
        .iter()
        .any(|e| dyad(e) == ("RUS".into(), "UKR".into()) && e.future));
}

#[test]
fn compound_actors_give_one_event_each() {
    let ev = events("Jordan and Egypt condemned Israel.");
    let dyads: Vec<_> = ev.iter().map(dyad).collect();
    assert!(dyads.contains(&("JOR".into(), "ISR".into())), "{dyads:?}");
    assert!(dyads.contains(&("EGY".into(), "ISR".into())), "{dyads:?}");
    assert!(ev
        .iter()
        .all(|e| e.plover.as_ref().unwrap().event == "ACCUSE"));
}

#[test]
fn reported_speech_is_flagged() {
    let ev = events("Iran reportedly attacked Israel.");
    assert!(ev[0].reported);
    let ev = events("Israel said that Iran attacked Saudi Arabia.");
    let e = ev
        .iter()
        .find(|e| e.source.code == "IRN")
        .expect("IRN's attack");
    assert!(e.reported);
    assert_eq!(e.target.as_ref().unwrap().code, "SAU");
}

#[test]
fn unknown_verbs_and_bare_statements_give_no_event() {
    assert!(events("Iran painted Israel.").is_empty());
    assert!(events("Iran said on Monday.").is_empty());
    assert!(events("").is_empty());
}

#[test]
fn dates_pick_the_office_holder() {
    let on = |d: &str| {
        coder()
            .code(
                "t",
                "Donald Trump met Benjamin Netanyahu.",
                brink_events::parse_date(d),
            )
            .events
    };
    let e = on("2026-02-16");
    assert_eq!(dyad(&e[0]), ("USAGOV".into(), "ISRGOV".into()));
    let e = on("2022-06-01");
    assert_eq!(dyad(&e[0]), ("USAELI".into(), "ISRELI".into()));
}

#[test]
fn spans_point_at_the_evidence_in_characters() {
    let text = "Überall: Iran attacked Israel.";
    let ev = coder().code("t", text, None).events;
    let chars: Vec<char> = text.chars().collect();
    let [a, b] = ev[0].span;
    let evidence: String = chars[a..b].iter().collect();
    assert!(evidence.contains("Iran attacked Israel"), "{evidence}");
}

#[test]
fn evidence_names_the_pattern_and_scores() {
    let ev = events("The United States deployed troops to the Gulf.");
    let e = &ev[0];
    assert_eq!(e.source.code, "USA");
    assert_eq!(e.plover.as_ref().unwrap().event, "MOBILIZE");
    assert!(e.pattern.starts_with("CAMEO.2.0.txt:"), "{}", e.pattern);
    assert_eq!(e.quad_class, Some(4));
    assert!(e.goldstein.unwrap() < 0.0);
}

#[test]
fn transformations_turn_an_event_under_another_verb_into_one_event() {
    let coded = |text: &str| -> Vec<(String, String, String)> {
        events(text)
            .iter()
            .map(|e| (dyad(e).0, dyad(e).1, format!("{} {}", e.cameo, e.pattern)))
            .collect()
    };
    let t = |a: &str, b: &str, code: &str, line: u32| {
        (
            a.to_string(),
            b.to_string(),
            format!("{code} CAMEO.2.0.txt:{line}"),
        )
    };
    // ~ a (_ b ATTACK) WANT = a b 138: wanting to attack is a threat.
    assert_eq!(
        coded("Iran wants to attack Israel."),
        [t("IRN", "ISR", "138", 9184)]
    );
    // ~ a (a b ATTACK) SAY = a b 015: saying one attacked is claiming responsibility; the
    // attack itself stays, flagged as reported.
    let ev = events("Israel said that Israel had attacked Lebanon.");
    let claim = ev.iter().find(|e| e.cameo == "015").expect("a claim");
    assert_eq!(dyad(claim), ("ISR".into(), "LBN".into()));
    assert_eq!(claim.pattern, "CAMEO.2.0.txt:9178");
    assert!(!claim.reported);
    assert!(ev.iter().any(|e| e.cameo == "190" && e.reported));
    // ~ a (b . ATTACK) CLAIM = a b 112: claiming another attacked is an accusation.
    let ev = coded("Iran claimed that Syria had attacked Turkey.");
    assert!(ev.contains(&t("IRN", "SYR", "112", 9181)), "{ev:?}");
    // No rule for another speaker and another verb: the reported event stands.
    let ev = events("Egypt said that Jordan would meet Israel.");
    assert_eq!(dyad(&ev[0]), ("JOR".into(), "ISR".into()));
    assert!(ev[0].reported && ev[0].pattern == "verb:MEET");
}
