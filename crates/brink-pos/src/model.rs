//! The tagger: averaged-perceptron weights in flat open-addressing tables keyed by feature hash,
//! a tag dictionary for frequent unambiguous words, a lexicon of the labels words usually carry,
//! and greedy left-to-right decoding.

use std::cell::RefCell;

use crate::features::{
    dynamic_features, static_features, token_infos, TokenInfo, N_DYNAMIC, N_STATIC,
};
use crate::table::KeyTable;
use crate::tags::Tag;
use crate::weights::{Weights, ABSENT};

/// One weight of a feature: the label it votes for and how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) label: u8,
    pub(crate) weight: i16,
}

/// A model as lists: what training produces and what the file stores. Keys strictly ascending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModelParts {
    pub(crate) labels: Vec<Tag>,
    /// Word key → its only label.
    pub(crate) dict: Vec<(u64, u8)>,
    /// Word or lowercase-form key → its ambiguity class (see [`crate::features::class_code`]).
    pub(crate) lexicon: Vec<(u64, u16)>,
    /// Per feature: its key and how many entries it has (consecutive in `entries`).
    pub(crate) features: Vec<(u64, u32)>,
    pub(crate) entries: Vec<Entry>,
}

/// A trained part-of-speech tagger (UPOS and Penn XPOS predicted jointly).
#[derive(Clone)]
pub struct Tagger {
    labels: Vec<Tag>,
    weights: Weights,
    /// The features' full keys and weights, sorted (to write the model out).
    features: Vec<(u64, u32)>,
    entries: Vec<Entry>,
    dict: KeyTable<u8>,
    lexicon: KeyTable<u16>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("labels", &self.labels.len())
            .field("features", &self.feature_count())
            .field("weights", &self.entries.len())
            .field("dictionary_words", &self.dictionary_len())
            .field("lexicon_words", &self.lexicon.len())
            .finish()
    }
}

/// Reused per thread so that tagging allocates nothing once warm.
#[derive(Default)]
struct Scratch {
    infos: Vec<TokenInfo>,
    lower: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Tagger {
    /// Builds the lookup tables. `parts` must hold unique non-zero keys and labels below
    /// `labels.len()` (the trainer and the file reader guarantee it).
    pub(crate) fn from_parts(parts: ModelParts) -> Tagger {
        Tagger {
            weights: Weights::new(&parts.features, &parts.entries, parts.labels.len()),
            entries: parts.entries,
            features: parts.features,
            dict: KeyTable::new(parts.dict.into_iter()),
            lexicon: KeyTable::new(parts.lexicon.into_iter()),
            labels: parts.labels,
        }
    }

    /// The model as sorted lists (for writing it out).
    pub(crate) fn to_parts(&self) -> ModelParts {
        ModelParts {
            labels: self.labels.clone(),
            dict: self.dict.sorted(),
            lexicon: self.lexicon.sorted(),
            features: self.features.clone(),
            entries: self.entries.clone(),
        }
    }

    /// The labels this model predicts (joint UPOS/XPOS pairs).
    pub fn labels(&self) -> &[Tag] {
        &self.labels
    }

    /// How many features carry weights.
    pub fn feature_count(&self) -> usize {
        self.features.len()
    }

    /// How many words the tag dictionary settles without scoring.
    pub fn dictionary_len(&self) -> usize {
        self.dict.len()
    }

    /// Tags one sentence of tokens (UD/PTB-style tokens: "do" "n't", "Iran" "'s", punctuation
    /// separate).
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(tokens.len());
        self.tag_into(tokens, &mut out);
        out
    }

    /// Like [`Tagger::tag`], into `out` (cleared first): allocation-free once `out` and this
    /// thread's scratch space have grown to the longest sentence.
    pub fn tag_into(&self, tokens: &[&str], out: &mut Vec<Tag>) {
        out.clear();
        SCRATCH.with(|scratch| {
            let scratch = &mut *scratch.borrow_mut();
            token_infos(tokens, &mut scratch.infos, &mut scratch.lower, |key| {
                self.lexicon.get(key).unwrap_or(0)
            });
            self.decode(&scratch.infos, |label| out.push(self.labels[label]));
        });
    }

    /// Greedy left-to-right decoding; `emit` receives each token's label index in order.
    fn decode(&self, infos: &[TokenInfo], mut emit: impl FnMut(usize)) {
        let mut static_keys = [0u64; N_STATIC];
        let mut dynamic_keys = [0u64; N_DYNAMIC];
        let mut current = [ABSENT; N_STATIC];
        let mut dynamic = [ABSENT; N_DYNAMIC];
        // The next token's static features, located while this token is scored.
        let mut ahead = [ABSENT; N_STATIC];
        let mut ahead_of = usize::MAX;
        let mut scores = [0i16; 256];
        let (mut prev, mut prev2) = (0u64, 0u64);
        for index in 0..infos.len() {
            let label = match self.dict.get(infos[index].word) {
                Some(label) => label as usize,
                None => {
                    if ahead_of == index {
                        current = ahead;
                    } else {
                        static_features(infos, index, &mut static_keys);
                        self.weights.locate(&static_keys, &mut current);
                    }
                    // Their cache misses overlap with this token's work.
                    let next = index + 1;
                    if next < infos.len() && self.dict.get(infos[next].word).is_none() {
                        static_features(infos, next, &mut static_keys);
                        self.weights.locate(&static_keys, &mut ahead);
                        ahead_of = next;
                    }
                    dynamic_features(infos, index, prev, prev2, &mut dynamic_keys);
                    self.weights.locate(&dynamic_keys, &mut dynamic);
                    self.best_label(&current, &dynamic, &mut scores)
                }
            };
            emit(label);
            prev2 = prev;
            prev = label as u64 + 1;
        }
    }

    #[inline]
    fn best_label(
        &self,
        static_part: &[u32; N_STATIC],
        dynamic_part: &[u32; N_DYNAMIC],
        scores: &mut [i16; 256],
    ) -> usize {
        let n = self.labels.len();
        scores[..n].fill(0);
        self.weights.add_located(static_part, scores);
        self.weights.add_located(dynamic_part, scores);
        // The first label with the highest score, in two passes that vectorise.
        let scores = &scores[..n];
        let best = scores.iter().copied().max().unwrap_or(0);
        scores.iter().position(|&score| score == best).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::features::{features, N_FEATURES};
    use crate::{read_conllu, train, TrainOptions};

    /// Tags the plain way, from the sorted lists and all features at once: the fast path (dense
    /// rows, fingerprints, located-ahead features) must agree with it.
    fn reference_labels(tagger: &Tagger, tokens: &[&str]) -> Vec<usize> {
        let parts = tagger.to_parts();
        let dict: HashMap<u64, u8> = parts.dict.iter().copied().collect();
        let lexicon: HashMap<u64, u16> = parts.lexicon.iter().copied().collect();
        let mut weights: HashMap<u64, &[Entry]> = HashMap::new();
        let mut next = 0;
        for &(key, count) in &parts.features {
            weights.insert(key, &parts.entries[next..next + count as usize]);
            next += count as usize;
        }
        let (mut infos, mut lower) = (Vec::new(), String::new());
        token_infos(tokens, &mut infos, &mut lower, |key| {
            lexicon.get(&key).copied().unwrap_or(0)
        });
        let (mut prev, mut prev2) = (0u64, 0u64);
        let mut labels = Vec::new();
        let mut keys = [0u64; N_FEATURES];
        for index in 0..infos.len() {
            let label = match dict.get(&infos[index].word) {
                Some(&label) => label as usize,
                None => {
                    features(&infos, index, prev, prev2, &mut keys);
                    let mut scores = vec![0i32; parts.labels.len()];
                    for key in keys {
                        for entry in weights.get(&key).copied().unwrap_or(&[]) {
                            scores[entry.label as usize] += i32::from(entry.weight);
                        }
                    }
                    let best = *scores.iter().max().unwrap();
                    scores.iter().position(|&s| s == best).unwrap()
                }
            };
            labels.push(label);
            prev2 = prev;
            prev = label as u64 + 1;
        }
        labels
    }

    #[test]
    fn fast_decoding_agrees_with_plain_scoring() {
        let text = "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\ttalks\ttalk\tNOUN\tNNS\t_\t3\tnsubj\t_\t_\n\
                    3\tfailed\tfail\tVERB\tVBD\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n\
                    1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\twas\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_\n\
                    3\twarned\twarn\tVERB\tVBN\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n";
        let options = TrainOptions {
            epochs: 4,
            prune_below: 0.0,
            dictionary_min_count: 2,
            lexicon_min_count: 1,
            ..TrainOptions::default()
        };
        let tiny = train(&read_conllu(text).unwrap(), &options);
        let sentences: [&[&str]; 4] = [
            &["The", "talks", "failed", "."],
            &["Iran", "was", "warned", "about", "the", "talks", "."],
            &["Unseen", "words", "here"],
            &[],
        ];
        for tagger in [&tiny, Tagger::english()] {
            for tokens in sentences {
                let mut fast = Vec::new();
                let infos = {
                    let (mut infos, mut lower) = (Vec::new(), String::new());
                    token_infos(tokens, &mut infos, &mut lower, |key| {
                        tagger.lexicon.get(key).unwrap_or(0)
                    });
                    infos
                };
                tagger.decode(&infos, |label| fast.push(label));
                assert_eq!(fast, reference_labels(tagger, tokens), "{tokens:?}");
            }
        }
    }
}
