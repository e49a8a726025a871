//! Arbitrary bytes and random damage to a valid model: `from_bytes` returns an error or a
//! model, never panics (no ../shared needed).

use brink_pos::{read_conllu, train, Tagger, TrainOptions};
use proptest::prelude::*;

fn small_model_bytes() -> Vec<u8> {
    let text = "1\tTalks\ttalk\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tresumed\tresume\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n";
    let options = TrainOptions {
        epochs: 3,
        prune_below: 0.0,
        ..TrainOptions::default()
    };
    train(&read_conllu(text).unwrap(), &options).to_bytes()
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Tagger::from_bytes(&bytes);
        let mut prefixed = b"BRINKPOS".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = Tagger::from_bytes(&prefixed);
    }

    #[test]
    fn damaged_models_never_panic(
        damage in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = small_model_bytes();
        for (index, value) in damage {
            let position = index.index(bytes.len());
            bytes[position] = value;
        }
        let _ = Tagger::from_bytes(&bytes);
        let _ = Tagger::from_bytes(&bytes[..cut.index(bytes.len())]);
    }
}
