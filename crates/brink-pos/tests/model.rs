//! Training, round trips and rejection of bad model bytes, on tiny hand-made corpora (no
//! ../shared needed).

use brink_pos::{accuracy, read_conllu, train, ModelError, Tag, Tagger, TrainOptions, Upos};

/// Six short sentences in EWT's style, hand-tagged.
const TINY: &str = "\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\twas\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\tseen\tsee\tVERB\tVBN\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\trefused\trefuse\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\toffer\toffer\tNOUN\tNN\t_\t2\tobj\t_\t_
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tagree\tagree\tVERB\tVB\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\ttalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj:pass\t_\t_
3\twere\tbe\tAUX\tVBD\t_\t4\taux:pass\t_\t_
4\theld\thold\tVERB\tVBN\t_\t0\troot\t_\t_
5\tin\tin\tADP\tIN\t_\t6\tcase\t_\t_
6\tGeneva\tGeneva\tPROPN\tNNP\t_\t4\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tthreatened\tthreaten\tVERB\tVBD\t_\t0\troot\t_\t_
3\tIsrael\tIsrael\tPROPN\tNNP\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
";

fn options() -> TrainOptions {
    TrainOptions {
        epochs: 8,
        dictionary_min_count: 3,
        prune_below: 0.0,
        ..TrainOptions::default()
    }
}

fn tiny_model() -> Tagger {
    train(&read_conllu(TINY).unwrap(), &options())
}

#[test]
fn a_model_learns_its_training_sentences() {
    let sentences = read_conllu(TINY).unwrap();
    let tagger = train(&sentences, &options());
    let score = accuracy(&tagger, &sentences);
    assert_eq!(score.tokens, 30);
    assert!(score.upos >= 0.95 && score.xpos >= 0.95, "{score:?}");
    let tags = tagger.tag(&["The", "cat", "was", "held", "."]);
    assert_eq!(tags.len(), 5);
    assert_eq!(
        tags[0],
        Tag {
            upos: Upos::Det,
            xpos: "DT"
        }
    );
    assert_eq!(
        tags[4],
        Tag {
            upos: Upos::Punct,
            xpos: "."
        }
    );
}

#[test]
fn tagging_an_empty_sentence_gives_no_tags() {
    assert!(tiny_model().tag(&[]).is_empty());
    let mut out = vec![Tag {
        upos: Upos::X,
        xpos: "XX",
    }];
    tiny_model().tag_into(&[], &mut out);
    assert!(out.is_empty());
}

#[test]
fn training_is_deterministic_and_the_bytes_round_trip() {
    let sentences = read_conllu(TINY).unwrap();
    let first = train(&sentences, &options()).to_bytes();
    let second = train(&sentences, &options()).to_bytes();
    assert_eq!(first, second, "same options, same bytes");
    let other_seed = TrainOptions {
        seed: 99,
        ..options()
    };
    let _ = train(&sentences, &other_seed); // any seed trains

    let tagger = Tagger::from_bytes(&first).unwrap();
    assert_eq!(
        tagger.to_bytes(),
        first,
        "decode then encode is the identity"
    );
    let words = ["Iran", "refused", "the", "talks", "."];
    assert_eq!(
        tagger.tag(&words),
        train(&sentences, &options()).tag(&words)
    );
}

#[test]
fn every_truncation_is_rejected() {
    let bytes = tiny_model().to_bytes();
    for len in 0..bytes.len() {
        assert!(
            Tagger::from_bytes(&bytes[..len]).is_err(),
            "truncated to {len} bytes"
        );
    }
}

#[test]
fn corrupt_bytes_are_rejected() {
    let bytes = tiny_model().to_bytes();
    assert_eq!(
        Tagger::from_bytes(b"NOTAMODEL").unwrap_err(),
        ModelError::BadMagic
    );
    for position in 0..bytes.len() {
        let mut corrupt = bytes.clone();
        corrupt[position] ^= 0x41;
        assert!(
            Tagger::from_bytes(&corrupt).is_err(),
            "byte {position} flipped"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(Tagger::from_bytes(&longer).is_err());
}

#[test]
fn the_english_model_loads_and_tags_a_passive() {
    let tagger = Tagger::english();
    let tags = tagger.tag(&["The", "carrier", "was", "deployed", "to", "Qatar", "."]);
    let xpos: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
    assert_eq!(xpos, ["DT", "NN", "VBD", "VBN", "IN", "NNP", "."]);
    assert_eq!(tags[3].upos, Upos::Verb);
    assert_eq!(tags[2].upos, Upos::Aux);
}
