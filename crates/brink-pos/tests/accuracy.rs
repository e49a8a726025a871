//! The shipped English model's accuracy on UD English EWT's test split (needs ../shared).

use brink_pos::{accuracy, read_conllu, train, Tagger, TrainOptions, TrainingSentence};

#[test]
fn shipped_model_accuracy_on_the_ewt_test_split() {
    let Some(shared) = brink_testkit::shared_dir() else {
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

fn split(name: &str) -> Option<Vec<TrainingSentence>> {
    let shared = brink_testkit::shared_dir()?;
    let path = shared.join(format!(
        "reference/events/ud_english_ewt/en_ewt-ud-{name}.conllu"
    ));
    let text = std::fs::read_to_string(&path).expect("the EWT split is readable");
    Some(read_conllu(&text).expect("the EWT split parses"))
}

#[test]
fn training_on_an_ewt_subset_twice_gives_identical_bytes() {
    let Some(train_split) = split("train") else {
        eprintln!("SKIPPED (needs ../shared)");
        return;
    };
    let subset = &train_split[..600];
    let options = TrainOptions {
        epochs: 2,
        ..TrainOptions::default()
    };
    let first = train(subset, &options).to_bytes();
    assert_eq!(first, train(subset, &options).to_bytes());
    assert_eq!(Tagger::from_bytes(&first).unwrap().to_bytes(), first);
}

/// The shipped file is what the re-train command produces (slow: a full training run; run with
/// `cargo test --release -p brink-pos --test accuracy -- --ignored`).
#[test]
#[ignore]
fn shipped_model_is_reproduced_byte_for_byte() {
    let Some(train_split) = split("train") else {
        eprintln!("SKIPPED (needs ../shared)");
        return;
    };
    let retrained = train(&train_split, &TrainOptions::default()).to_bytes();
    assert!(
        retrained == brink_pos::ENGLISH_MODEL,
        "re-training gives other bytes than data/en_ewt.bin"
    );
}
