//! Training: an averaged perceptron over the joint UPOS/XPOS label, greedy left-to-right with
//! the predicted previous tags as features, sentences shuffled each epoch by a seeded ChaCha
//! stream, and a tag dictionary for frequent unambiguous words. Integer updates and sorted
//! output make the result deterministic given the options.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::conllu::TrainingSentence;
use crate::features::{
    class_code, dict_key, features, lower_key, lowercase_into, token_infos, TokenInfo, N_FEATURES,
};
use crate::model::{Entry, ModelParts, Tagger};
use crate::tags::Tag;

/// How to train.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seeds the per-epoch shuffle.
    pub seed: u64,
    /// A word enters the tag dictionary when seen at least this often...
    pub dictionary_min_count: u32,
    /// ...with one label at least this share of the time.
    pub dictionary_min_share: f64,
    /// A word (as written, or lowercased) enters the lexicon of ambiguity classes when seen at
    /// least this often.
    pub lexicon_min_count: u32,
    /// A runner-up label joins a word's ambiguity class at this share of its occurrences.
    pub lexicon_second_share: f64,
    /// Averaged weights smaller than this in absolute value are dropped (smaller file, faster).
    pub prune_below: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 6,
            seed: 13,
            dictionary_min_count: 20,
            dictionary_min_share: 0.97,
            lexicon_min_count: 2,
            lexicon_second_share: 0.1,
            prune_below: 0.75,
        }
    }
}

/// The largest quantised weight: N_FEATURES of them sum within i16.
pub(crate) const MAX_WEIGHT: i16 = i16::MAX / N_FEATURES as i16;

/// Most labels a model holds (labels are stored as bytes).
const MAX_LABELS: usize = 255;

/// One weight during training, with what averaging needs.
#[derive(Clone, Copy)]
struct Weight {
    label: u8,
    value: i32,
    /// Sum of `value` over the time steps up to `stamp`.
    total: i64,
    stamp: u64,
}

/// The perceptron's state.
struct Perceptron {
    index: HashMap<u64, u32>,
    rows: Vec<Vec<Weight>>,
    time: u64,
    scores: Vec<i64>,
}

impl Perceptron {
    fn predict(&mut self, keys: &[u64; N_FEATURES]) -> usize {
        self.scores.fill(0);
        for key in keys {
            if let Some(&row) = self.index.get(key) {
                for weight in &self.rows[row as usize] {
                    self.scores[weight.label as usize] += i64::from(weight.value);
                }
            }
        }
        let mut best = 0;
        for label in 1..self.scores.len() {
            if self.scores[label] > self.scores[best] {
                best = label;
            }
        }
        best
    }

    fn update(&mut self, keys: &[u64; N_FEATURES], truth: usize, guess: usize) {
        let time = self.time;
        for &key in keys {
            let next = self.rows.len() as u32;
            let row = *self.index.entry(key).or_insert(next);
            if row == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[row as usize];
            for (label, delta) in [(truth, 1), (guess, -1)] {
                let position = match row.iter().position(|w| w.label as usize == label) {
                    Some(position) => position,
                    None => {
                        row.push(Weight {
                            label: label as u8,
                            value: 0,
                            total: 0,
                            stamp: time,
                        });
                        row.len() - 1
                    }
                };
                let weight = &mut row[position];
                weight.total += i64::from(weight.value) * (time - weight.stamp) as i64;
                weight.stamp = time;
                weight.value += delta;
            }
        }
    }

    /// The averaged, pruned and quantised weights as a model.
    fn averaged(
        &self,
        labels: &[Tag],
        dict: &[(u64, u8)],
        lexicon: &[(u64, u16)],
        prune_below: f64,
    ) -> Tagger {
        let time = self.time.max(1);
        let average = |w: &Weight| {
            (w.total + i64::from(w.value) * (time - w.stamp) as i64) as f64 / time as f64
        };
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let max_abs = self
            .rows
            .iter()
            .flatten()
            .map(|w| average(w).abs())
            .fold(0.0f64, f64::max);
        // Scale so that a token's score, a sum of N_FEATURES weights, always fits in i16 (the
        // tagger adds in 16 bits, 8 labels at a time); argmax does not care about the scale.
        let scale = if max_abs > 0.0 {
            f64::from(MAX_WEIGHT) / max_abs
        } else {
            1.0
        };
        let mut features = Vec::new();
        let mut entries = Vec::new();
        for (key, row) in keys {
            let mut kept: Vec<Entry> = self.rows[row as usize]
                .iter()
                .filter_map(|w| {
                    let value = average(w);
                    let quantised = (value * scale).round() as i16;
                    (value.abs() >= prune_below && quantised != 0).then_some(Entry {
                        label: w.label,
                        weight: quantised,
                    })
                })
                .collect();
            if kept.is_empty() {
                continue;
            }
            kept.sort_unstable_by_key(|e| e.label);
            features.push((key, kept.len() as u32));
            entries.extend(kept);
        }
        Tagger::from_parts(ModelParts {
            labels: labels.to_vec(),
            dict: dict.to_vec(),
            lexicon: lexicon.to_vec(),
            features,
            entries,
        })
    }
}

/// Trains a tagger on `sentences` (deterministic given `options`).
pub fn train(sentences: &[TrainingSentence], options: &TrainOptions) -> Tagger {
    let mut last = None;
    train_with_checkpoints(sentences, options, |epoch, tagger| {
        if epoch == options.epochs.max(1) {
            last = Some(tagger);
        }
    });
    last.expect("the last epoch produces a model")
}

/// Like [`train`], handing the averaged model after each epoch (1-based) to `checkpoint`, e.g.
/// to choose the number of epochs on a development set.
pub fn train_with_checkpoints(
    sentences: &[TrainingSentence],
    options: &TrainOptions,
    mut checkpoint: impl FnMut(usize, Tagger),
) {
    let labels = label_set(sentences);
    let label_of: HashMap<Tag, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, &tag)| (tag, i as u8))
        .collect();
    let dict = dictionary(sentences, &label_of, options);
    let dict_lookup: HashMap<u64, u8> = dict.iter().copied().collect();
    let counts = lexicon_counts(sentences, &label_of);
    let lexicon = lexicon(&counts, options);
    let all_infos = training_infos(sentences, &counts, &label_of, options);
    drop(counts);

    let mut perceptron = Perceptron {
        index: HashMap::new(),
        rows: Vec::new(),
        time: 0,
        scores: vec![0; labels.len().max(1)],
    };
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut keys = [0u64; N_FEATURES];
    for epoch in 1..=options.epochs.max(1) {
        order.shuffle(&mut rng);
        for &index in &order {
            let sentence = &sentences[index];
            let infos = &all_infos[index];
            let (mut prev, mut prev2) = (0u64, 0u64);
            for (position, tag) in sentence.tags.iter().enumerate().take(infos.len()) {
                let gold = label_of.get(tag).map(|&l| l as usize);
                let label = match dict_lookup.get(&infos[position].word) {
                    Some(&label) => label as usize,
                    None => {
                        features(infos, position, prev, prev2, &mut keys);
                        let guess = perceptron.predict(&keys);
                        perceptron.time += 1;
                        if let Some(gold) = gold.filter(|&gold| gold != guess) {
                            perceptron.update(&keys, gold, guess);
                        }
                        guess
                    }
                };
                prev2 = prev;
                prev = label as u64 + 1;
            }
        }
        checkpoint(
            epoch,
            perceptron.averaged(&labels, &dict, &lexicon, options.prune_below),
        );
    }
}

/// The labels of the training data, the [`MAX_LABELS`] most frequent (in practice all), sorted.
fn label_set(sentences: &[TrainingSentence]) -> Vec<Tag> {
    let mut counts: HashMap<Tag, usize> = HashMap::new();
    for tag in sentences.iter().flat_map(|s| &s.tags) {
        *counts.entry(*tag).or_default() += 1;
    }
    let mut by_count: Vec<(Tag, usize)> = counts.into_iter().collect();
    by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_count.truncate(MAX_LABELS);
    let mut labels: Vec<Tag> = by_count.into_iter().map(|(tag, _)| tag).collect();
    labels.sort_unstable();
    if labels.is_empty() {
        // An empty corpus still yields a usable (if useless) model.
        labels.push(Tag {
            upos: crate::Upos::X,
            xpos: "XX",
        });
    }
    labels
}

/// Frequent words that (almost) always carry one label, sorted by key.
fn dictionary(
    sentences: &[TrainingSentence],
    label_of: &HashMap<Tag, u8>,
    options: &TrainOptions,
) -> Vec<(u64, u8)> {
    let mut counts: HashMap<&str, HashMap<u8, u32>> = HashMap::new();
    for sentence in sentences {
        for (word, tag) in sentence.words.iter().zip(&sentence.tags) {
            if let Some(&label) = label_of.get(tag) {
                *counts.entry(word).or_default().entry(label).or_default() += 1;
            }
        }
    }
    let mut dict: Vec<(u64, u8)> = counts
        .into_iter()
        .filter_map(|(word, labels)| {
            let total: u32 = labels.values().sum();
            let (&label, &count) = labels
                .iter()
                .max_by_key(|&(&l, &c)| (c, std::cmp::Reverse(l)))?;
            (total >= options.dictionary_min_count
                && f64::from(count) >= options.dictionary_min_share * f64::from(total))
            .then_some((dict_key(word), label))
        })
        .collect();
    dict.sort_unstable();
    dict.dedup_by_key(|entry| entry.0);
    dict
}

/// Label counts per lexicon key (a word as written, and its lowercase form).
type LexiconCounts = HashMap<u64, Vec<(u8, u32)>>;

fn add_count(counts: &mut LexiconCounts, key: u64, label: u8) {
    let labels = counts.entry(key).or_default();
    match labels.iter_mut().find(|(l, _)| *l == label) {
        Some((_, count)) => *count += 1,
        None => labels.push((label, 1)),
    }
}

fn lexicon_counts<'a>(
    sentences: impl IntoIterator<Item = &'a TrainingSentence>,
    label_of: &HashMap<Tag, u8>,
) -> LexiconCounts {
    let mut counts = LexiconCounts::new();
    let mut lower = String::new();
    for sentence in sentences {
        for (word, tag) in sentence.words.iter().zip(&sentence.tags) {
            if let Some(&label) = label_of.get(tag) {
                lowercase_into(word, &mut lower);
                add_count(&mut counts, dict_key(word), label);
                add_count(&mut counts, lower_key(&lower), label);
            }
        }
    }
    counts
}

/// A word's ambiguity class from its label counts, if it is frequent enough.
fn ambiguity_class(labels: &[(u8, u32)], options: &TrainOptions) -> Option<u16> {
    let total: u32 = labels.iter().map(|&(_, count)| count).sum();
    if total == 0 || total < options.lexicon_min_count {
        return None;
    }
    let mut ranked: Vec<(u8, u32)> = labels.iter().copied().filter(|&(_, c)| c > 0).collect();
    ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let second = ranked
        .get(1)
        .filter(|&&(_, count)| f64::from(count) >= options.lexicon_second_share * f64::from(total))
        .map(|&(label, _)| label);
    Some(class_code(ranked[0].0, second))
}

/// The ambiguity classes of frequent words, as written and lowercased, sorted by key.
fn lexicon(counts: &LexiconCounts, options: &TrainOptions) -> Vec<(u64, u16)> {
    let mut lexicon: Vec<(u64, u16)> = counts
        .iter()
        .filter_map(|(&key, labels)| Some((key, ambiguity_class(labels, options)?)))
        .collect();
    lexicon.sort_unstable();
    lexicon
}

/// The token hashes of every training sentence, with ambiguity classes counted without the
/// sentence itself (leave one out), so that training sees rare words as unknown as often as
/// tagging new text will.
fn training_infos(
    sentences: &[TrainingSentence],
    counts: &LexiconCounts,
    label_of: &HashMap<Tag, u8>,
    options: &TrainOptions,
) -> Vec<Vec<TokenInfo>> {
    let mut lower = String::new();
    let mut remaining: Vec<(u8, u32)> = Vec::new();
    sentences
        .iter()
        .map(|sentence| {
            let own = lexicon_counts([sentence], label_of);
            let class_of = |key: u64| {
                let Some(all) = counts.get(&key) else {
                    return 0;
                };
                remaining.clear();
                remaining.extend(all.iter().map(|&(label, count)| {
                    let mine = own
                        .get(&key)
                        .and_then(|o| o.iter().find(|(l, _)| *l == label))
                        .map_or(0, |&(_, c)| c);
                    (label, count - mine)
                }));
                ambiguity_class(&remaining, options).unwrap_or(0)
            };
            let mut infos = Vec::with_capacity(sentence.words.len());
            token_infos(&sentence.words, &mut infos, &mut lower, class_of);
            infos
        })
        .collect()
}
