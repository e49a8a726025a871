//! The tagger: averaged-perceptron weights in flat open-addressing tables keyed by feature hash,
//! a tag dictionary for frequent unambiguous words, and greedy left-to-right decoding.

use std::cell::RefCell;

use crate::features::{features, token_infos, TokenInfo, N_FEATURES};
use crate::tags::Tag;

/// One weight of a feature: the label it votes for and how much.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) label: u8,
    pub(crate) weight: i16,
}

/// A feature's slot: its key (0 = empty) and its weights, `entries[start..start + len]`.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// A tag dictionary slot: a word's key (0 = empty) and its only label.
#[derive(Clone, Copy, Debug, Default)]
struct DictSlot {
    key: u64,
    label: u32,
}

/// A model as a list: what training produces and what the file stores. Keys strictly ascending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModelParts {
    pub(crate) labels: Vec<Tag>,
    pub(crate) dict: Vec<(u64, u8)>,
    /// Per feature: its key and how many entries it has (consecutive in `entries`).
    pub(crate) features: Vec<(u64, u32)>,
    pub(crate) entries: Vec<Entry>,
}

/// A trained part-of-speech tagger (UPOS and Penn XPOS predicted jointly).
#[derive(Clone)]
pub struct Tagger {
    labels: Vec<Tag>,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    dict: Vec<DictSlot>,
}

impl std::fmt::Debug for Tagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tagger")
            .field("labels", &self.labels.len())
            .field("features", &self.feature_count())
            .field("weights", &self.entries.len())
            .field("dictionary_words", &self.dictionary_len())
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

fn table_len(items: usize) -> usize {
    // Load factor at most 1/2 keeps probe sequences short.
    (items * 2).max(2).next_power_of_two()
}

impl Tagger {
    /// Builds the lookup tables. `parts` must hold unique keys and labels below `labels.len()`
    /// (the trainer and the file reader guarantee it).
    pub(crate) fn from_parts(parts: ModelParts) -> Tagger {
        let mut slots = vec![Slot::default(); table_len(parts.features.len())];
        let mask = slots.len() - 1;
        let mut start = 0u32;
        for &(key, len) in &parts.features {
            let mut index = key as usize & mask;
            while slots[index].key != 0 {
                index = (index + 1) & mask;
            }
            slots[index] = Slot { key, start, len };
            start += len;
        }
        let mut dict = vec![DictSlot::default(); table_len(parts.dict.len())];
        let dict_mask = dict.len() - 1;
        for &(key, label) in &parts.dict {
            let mut index = key as usize & dict_mask;
            while dict[index].key != 0 {
                index = (index + 1) & dict_mask;
            }
            dict[index] = DictSlot {
                key,
                label: u32::from(label),
            };
        }
        Tagger {
            labels: parts.labels,
            slots,
            entries: parts.entries,
            dict,
        }
    }

    /// The model as sorted lists (for writing it out).
    pub(crate) fn to_parts(&self) -> ModelParts {
        let mut slots: Vec<Slot> = self.slots.iter().copied().filter(|s| s.key != 0).collect();
        slots.sort_unstable_by_key(|s| s.key);
        let mut entries = Vec::with_capacity(self.entries.len());
        for slot in &slots {
            entries.extend_from_slice(
                &self.entries[slot.start as usize..(slot.start + slot.len) as usize],
            );
        }
        let mut dict: Vec<(u64, u8)> = self
            .dict
            .iter()
            .filter(|d| d.key != 0)
            .map(|d| (d.key, d.label as u8))
            .collect();
        dict.sort_unstable();
        ModelParts {
            labels: self.labels.clone(),
            dict,
            features: slots.iter().map(|s| (s.key, s.len)).collect(),
            entries,
        }
    }

    /// The labels this model predicts (joint UPOS/XPOS pairs).
    pub fn labels(&self) -> &[Tag] {
        &self.labels
    }

    /// How many features carry weights.
    pub fn feature_count(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    /// How many words the tag dictionary settles without scoring.
    pub fn dictionary_len(&self) -> usize {
        self.dict.iter().filter(|d| d.key != 0).count()
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
            token_infos(tokens, &mut scratch.infos, &mut scratch.lower);
            self.decode(&scratch.infos, |label| out.push(self.labels[label]));
        });
    }

    /// Greedy left-to-right decoding; `emit` receives each token's label index in order.
    pub(crate) fn decode(&self, infos: &[TokenInfo], mut emit: impl FnMut(usize)) {
        let mut keys = [0u64; N_FEATURES];
        let mut scores = [0i32; 256];
        let (mut prev, mut prev2) = (0u64, 0u64);
        for index in 0..infos.len() {
            let label = match self.dictionary_label(infos[index].word) {
                Some(label) => label,
                None => {
                    features(infos, index, prev, prev2, &mut keys);
                    self.best_label(&keys, &mut scores)
                }
            };
            emit(label);
            prev2 = prev;
            prev = label as u64 + 1;
        }
    }

    #[inline]
    fn dictionary_label(&self, key: u64) -> Option<usize> {
        let mask = self.dict.len() - 1;
        let mut index = key as usize & mask;
        loop {
            let slot = self.dict[index];
            if slot.key == key {
                return Some(slot.label as usize);
            }
            if slot.key == 0 {
                return None;
            }
            index = (index + 1) & mask;
        }
    }

    #[inline]
    fn weights(&self, key: u64) -> &[Entry] {
        let mask = self.slots.len() - 1;
        let mut index = key as usize & mask;
        loop {
            let slot = self.slots[index];
            if slot.key == key {
                return &self.entries[slot.start as usize..(slot.start + slot.len) as usize];
            }
            if slot.key == 0 {
                return &[];
            }
            index = (index + 1) & mask;
        }
    }

    #[inline]
    fn best_label(&self, keys: &[u64; N_FEATURES], scores: &mut [i32; 256]) -> usize {
        let n = self.labels.len();
        scores[..n].fill(0);
        for &key in keys {
            for entry in self.weights(key) {
                scores[entry.label as usize] += i32::from(entry.weight);
            }
        }
        let mut best = 0;
        for label in 1..n {
            if scores[label] > scores[best] {
                best = label;
            }
        }
        best
    }
}
