//! The shipped English model's accuracy on UD English EWT's test split (needs ../shared).

use brink_pos::{accuracy, read_conllu, Tagger};

#[test]
fn shipped_model_accuracy_on_the_ewt_test_split() {
    let Some(shared) = brink_core::shared_dir() else {
        eprintln!("SKIPPED (needs ../shared)");
        return;
    };
    let path = shared.join("reference/events/ud_english_ewt/en_ewt-ud-test.conllu");
    let text = std::fs::read_to_string(&path).expect("the EWT test split is readable");
    let sentences = read_conllu(&text).expect("the EWT test split parses");
    let score = accuracy(Tagger::english(), &sentences);
    eprintln!("EWT test: {score:?}");
    assert_eq!(score.tokens, 25094);
    assert!(score.upos >= 0.952, "UPOS {:.4}", score.upos);
    assert!(score.xpos >= 0.946, "XPOS {:.4}", score.xpos);
}
