//! Bad input never panics: property tests over the tokenizer and sentence splitter, every
//! dictionary reader and the whole coder; binary-ish, empty and 10 MB single-line text.

use brink_events::dict::{self, Dictionaries};
use brink_events::text::{sentences, tokenize, MAX_SENTENCE_TOKENS};
use brink_events::Coder;
use proptest::prelude::*;
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(Coder::embedded)
}

/// Text made of the characters that matter to the splitter, plus anything.
fn texty() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("U.S.".to_string()),
            Just(". ".to_string()),
            Just("\"".to_string()),
            Just("n't".to_string()),
            Just("'s".to_string()),
            Just("-".to_string()),
            Just("\n".to_string()),
            Just("Gen.".to_string()),
            Just("Iran".to_string()),
            Just(" ".to_string()),
            Just("’".to_string()),
            Just("...".to_string()),
            "\\PC{0,6}".prop_map(|s| s),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn splitter_covers_tokens_in_order(text in texty()) {
        let mut toks = vec![];
        tokenize(&text, &mut toks);
        for t in &toks {
            prop_assert!(t.start < t.end && t.end <= text.len());
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        for w in toks.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
        let mut spans = vec![];
        sentences(&text, &toks, &mut spans);
        let mut next = 0;
        for s in &spans {
            prop_assert_eq!(s.first, next);
            prop_assert!(s.end > s.first && s.end - s.first <= MAX_SENTENCE_TOKENS);
            next = s.end;
        }
        prop_assert_eq!(next, toks.len());
    }

    #[test]
    fn dictionary_readers_never_panic(lines in prop::collection::vec(
        prop_oneof![
            Just("--- SEND [---] ---".to_string()), Just("&MIL".to_string()), Just("+TROOP".to_string()),
            Just("SEND {SENT}".to_string()), Just("- * &MIL (TO +) [154] # DEPLOY".to_string()),
            Just("- * ( [1".to_string()), Just("\t[USAGOV 20250120-]".to_string()), Just("IRAN_ [IRN]".to_string()),
            Just("DIPLOMAT [~GOV]".to_string()), Just("!P! = A, B".to_string()), Just("X!P! [~Q]".to_string()),
            Just("n:sanction [SANCTIONS]".to_string()), Just("~ a (a b Q) SAY = a b Q".to_string()),
            Just("A\tid\tUSA\tUSA:2020-\tUS".to_string()), Just("P\tx\t154\t\t\t&MIL".to_string()),
            "\\PC{0,30}".prop_map(|s| s),
        ],
        0..30,
    )) {
        let text = lines.join("\n");
        let mut d = Dictionaries::default();
        let _ = dict::verbs::read_into(&mut d.verbs, "v.txt", &text);
        let _ = dict::actors::read_into(&mut d.actors, "a.txt", &text);
        let _ = dict::agents::read_into(&mut d.agents, "g.txt", &text);
        let _ = dict::issues::read_issues(&mut d.issues, "i.txt", &text);
        let _ = dict::issues::read_discards(&mut d.discards, "d.txt", &text);
        let _ = dict::compact::read_into(&mut d, "c.tsv", &text);
        // Whatever was read compiles and codes.
        let c = Coder::new(d, brink_events::cameo::CameoTables::default());
        let _ = c.code("t", "The troops were sent to Iran by the US.", None);
    }

    #[test]
    fn coder_never_panics(text in texty()) {
        let doc = coder().code("t", &text, None);
        for e in &doc.events {
            prop_assert!(e.span[0] <= e.span[1] && e.span[1] <= text.chars().count());
        }
    }
}

#[test]
fn errors_in_dictionaries_are_located() {
    let mut d = Dictionaries::default();
    let e = dict::verbs::read_into(
        &mut d.verbs,
        "my.verbs.txt",
        "--- ATTACK [190] ---\nATTACK\n- * (ON + [190]\n",
    )
    .unwrap_err();
    let msg = e.to_string();
    assert!(msg.starts_with("my.verbs.txt:3:"), "{msg}");
    assert!(msg.contains("expected `)`"), "{msg}");
    let e = dict::decode("bin.txt", b"IRAN_ [IRN]\n\0\x01").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bin.txt:2:1: error: expected a text file, found a NUL byte (a binary file?)"
    );
}

#[test]
fn empty_and_huge_single_line_texts_are_coded() {
    assert_eq!(coder().code("t", "", None).sentences, 0);
    // 10 MB on one line, no period: coded in bounded pieces.
    let line = "Iran attacked Israel and the United States condemned Iran while "
        .repeat(10 * 1024 * 1024 / 64);
    let doc = coder().code("big", &line, None);
    assert!(doc.sentences >= line.len() / 2000);
    assert!(!doc.events.is_empty());
}
