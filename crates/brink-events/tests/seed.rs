//! The seed report (`../shared/seed/us-iran-talks-2026-02-16.txt`, 16 February 2026): the events
//! the issue names, with their actors and flags, and a skeleton that names the six actors.
//! Needs ../shared; skips loudly without it. (That `brink check` accepts the skeleton is tested
//! in brink-cli's tests/events.rs.)

use brink_events::{skeleton, Coder, Event};

fn root(code: &str) -> &str {
    &code[..3.min(code.len())]
}

fn has(ev: &[Event], src: &str, tgt: Option<&str>, plover: &str) -> Vec<Event> {
    ev.iter()
        .filter(|e| {
            root(&e.source.code) == src
                && e.target.as_ref().map(|t| root(&t.code)) == tgt
                && e.plover.as_ref().is_some_and(|p| p.event == plover)
        })
        .cloned()
        .collect()
}

#[test]
fn seed_report_events_and_skeleton() {
    let Some(shared) = brink_testkit::shared_dir() else {
        eprintln!(
            "SKIPPED seed_report_events_and_skeleton: ../shared not found (set BRINK_SHARED)"
        );
        return;
    };
    let path = shared.join("seed/us-iran-talks-2026-02-16.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let date = brink_events::parse_date("2026-02-16");
    let doc = Coder::embedded().code("seed", &text, date);
    let ev = &doc.events;
    for e in ev {
        println!(
            "{} {} -> {:?} {} {:?}",
            e.sentence,
            e.source.code,
            e.target.as_ref().map(|t| &t.code),
            e.cameo,
            e.plover.as_ref().map(|p| &p.event)
        );
    }
    // The US's conditional threat towards Iran and support towards Israel.
    let threat = has(ev, "USA", Some("IRN"), "THREATEN");
    assert!(
        threat.iter().any(|e| e.conditional),
        "conditional US threat to Iran"
    );
    let support: Vec<Event> = ["SUPPORT", "COOPERATE", "AID"]
        .iter()
        .flat_map(|p| has(ev, "USA", Some("ISR"), p))
        .collect();
    assert!(
        support.iter().filter(|e| e.conditional).count() >= 2,
        "conditional US support of Israel (sentences 1 and 4)"
    );
    // Jordan, Saudi Arabia and the UAE refuse their airspace.
    for c in ["JOR", "SAU", "ARE"] {
        let r: Vec<Event> = ev
            .iter()
            .filter(|e| {
                e.source.code == c && e.plover.as_ref().is_some_and(|p| p.event == "REJECT")
            })
            .cloned()
            .collect();
        assert!(!r.is_empty(), "{c} refuses");
        assert!(r[0].text.contains("airspace"));
    }
    // The deployment: USA, MOBILIZE.
    assert!(
        !has(ev, "USA", None, "MOBILIZE").is_empty(),
        "US deployment"
    );
    // The Geneva talks: USA–IRN, CONSULT, not negated.
    let talks = has(ev, "USA", Some("IRN"), "CONSULT");
    assert!(
        talks
            .iter()
            .any(|e| !e.negated && e.text.contains("Geneva")),
        "Geneva talks"
    );
    // No catch-all statement events without an addressee.
    assert!(ev.iter().all(|e| e.cameo != "010" || e.target.is_some()));

    let sk = skeleton::write(&[doc], date, true);
    for id in ["USA", "IRN", "ISR", "JOR", "SAU", "ARE"] {
        assert!(
            sk.contains(&format!("[[actor]]\nid = \"{id}\"")),
            "skeleton names {id}"
        );
    }
    assert!(sk.contains("[crisis]\ngame = \"patron_ally_target_transit\""));
    assert!(sk.contains("patron = \"USA\"\nally = \"ISR\"\ntarget = \"IRN\""));
    assert!(sk.contains("why = \"not stated in the article\""));
}
