//! brink-pos: a part-of-speech tagger trained in Rust, needing no downloads.
//!
//! An averaged perceptron predicts the joint UPOS/XPOS label of each token, greedily left to
//! right, from hashed features (word, lowercase form, affixes, shape, capitalisation, neighbours
//! and their ambiguity classes, word bigrams, the two previous predicted tags) looked up in flat
//! tables; frequent unambiguous words come from a tag dictionary. The shipped English model
//! ([`Tagger::english`]) is trained on UD English EWT's train split (CC BY-SA 4.0; see
//! `data/LICENSE-weights.md`): on its test split UPOS 95.45%, XPOS 94.90%. Re-train it, byte
//! for byte, with `cargo run --release -p brink-pos --example train --
//! ../shared/reference/events/ud_english_ewt crates/brink-pos/data/en_ewt.bin`.
//!
//! ```
//! use brink_pos::{Tagger, Upos};
//!
//! let tags = Tagger::english().tag(&["The", "carrier", "was", "deployed", "."]);
//! assert_eq!(tags[3].xpos, "VBN");
//! assert_eq!(tags[3].upos, Upos::Verb);
//! ```

mod conllu;
mod eval;
mod features;
mod format;
mod hash;
mod model;
mod table;
mod tags;
mod train;
mod weights;

use std::sync::OnceLock;

pub use conllu::{read_conllu, ConlluError, TrainingSentence};
pub use eval::{accuracy, Accuracy};
pub use format::ModelError;
pub use model::Tagger;
pub use tags::{xpos_static, Tag, Upos, XPOS_TAGS};
pub use train::{train, train_with_checkpoints, TrainOptions};

/// The shipped English model's bytes.
pub static ENGLISH_MODEL: &[u8] = include_bytes!("../data/en_ewt.bin");

impl Tagger {
    /// The shipped English model (UD English EWT), decoded once on first use.
    pub fn english() -> &'static Tagger {
        static ENGLISH: OnceLock<Tagger> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            Tagger::from_bytes(ENGLISH_MODEL)
                .expect("the shipped model data/en_ewt.bin is valid (tested)")
        })
    }
}
