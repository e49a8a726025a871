//! The feature weights laid out for fast scoring: a compact open-addressing table (one `u64`
//! per slot: a 32-bit fingerprint of the key, never 0, and where the weights are) pointing
//! either at a sparse list (label, weight) for the many rare features, or at a dense row of
//! `i16` per label for the few features with many weights (bias, previous tags, common
//! suffixes), which the compiler adds with SIMD. Small enough to stay in cache.
//!
//! The slot is found by the key's low bits and confirmed by its high 32: a false match needs
//! two different features to agree on ~49 bits, which does not happen in practice and is
//! deterministic if it ever does.

use crate::model::Entry;

/// Features with at least this many weights are stored densely.
const DENSE_MIN: u32 = 24;
/// In a slot's low 32 bits: set for a dense row (index), clear for a sparse list (offset).
const DENSE_BIT: u32 = 1 << 31;
pub(crate) const ABSENT: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub(crate) struct Weights {
    slots: Vec<u64>,
    /// Per sparse feature: a header (its `label` holds how many entries follow), the entries.
    sparse: Vec<Entry>,
    /// Dense rows of `width` weights each.
    dense: Vec<i16>,
    /// The label count rounded up to a multiple of 8 (whole SIMD lanes).
    width: usize,
}

impl Weights {
    /// `features` (key, weight count) index consecutive runs of `entries`; labels are below
    /// `n_labels` (at most 255); keys are unique and non-zero.
    pub(crate) fn new(features: &[(u64, u32)], entries: &[Entry], n_labels: usize) -> Weights {
        let width = n_labels.div_ceil(8) * 8;
        // Load factor at most 0.7.
        let len = (features.len() * 10 / 7 + 1).max(2).next_power_of_two();
        let mask = len - 1;
        let mut slots = vec![0u64; len];
        let mut sparse = Vec::new();
        let mut dense = Vec::new();
        let mut next = 0usize;
        for &(key, count) in features {
            let weights = &entries[next..next + count as usize];
            next += count as usize;
            let location = if count >= DENSE_MIN {
                let row = dense.len() / width;
                dense.resize(dense.len() + width, 0);
                for entry in weights {
                    dense[row * width + entry.label as usize] = entry.weight;
                }
                DENSE_BIT | row as u32
            } else {
                let offset = sparse.len() as u32;
                sparse.push(Entry {
                    label: count as u8,
                    weight: 0,
                });
                sparse.extend_from_slice(weights);
                offset
            };
            let mut index = key as usize & mask;
            while slots[index] != 0 {
                index = (index + 1) & mask;
            }
            slots[index] = (u64::from(fingerprint(key)) << 32) | u64::from(location);
        }
        Weights {
            slots,
            sparse,
            dense,
            width,
        }
    }

    /// Where the key's weights are, or [`ABSENT`].
    #[inline]
    fn find(&self, key: u64) -> u32 {
        let mask = self.slots.len() - 1;
        let fingerprint = fingerprint(key);
        let mut index = key as usize & mask;
        loop {
            let slot = self.slots[index];
            if (slot >> 32) as u32 == fingerprint {
                return slot as u32;
            }
            if slot == 0 {
                return ABSENT;
            }
            index = (index + 1) & mask;
        }
    }

    /// Where each key's weights are ([`ABSENT`] for a key without weights).
    #[inline]
    pub(crate) fn locate(&self, keys: &[u64], locations: &mut [u32]) {
        // Independent loads: their cache misses overlap.
        for (location, &key) in locations.iter_mut().zip(keys) {
            *location = self.find(key);
        }
    }

    /// Adds the weights found by [`Weights::locate`] to `scores` (per label).
    #[inline]
    pub(crate) fn add_located(&self, locations: &[u32], scores: &mut [i16; 256]) {
        let width = self.width;
        for &location in locations {
            if location == ABSENT {
                continue;
            }
            if location & DENSE_BIT != 0 {
                let row = (location & !DENSE_BIT) as usize * width;
                let row = &self.dense[row..row + width];
                // Whole lanes of 8, so that the compiler adds them as vectors. No overflow:
                // every weight is within ±MAX_WEIGHT (checked on reading), so N_FEATURES of
                // them sum within i16.
                for (lane, weights) in scores[..width].chunks_exact_mut(8).zip(row.chunks_exact(8))
                {
                    for (score, &weight) in lane.iter_mut().zip(weights) {
                        *score = score.wrapping_add(weight);
                    }
                }
            } else {
                let start = location as usize;
                let count = self.sparse[start].label as usize;
                for entry in &self.sparse[start + 1..start + 1 + count] {
                    let score = &mut scores[entry.label as usize];
                    *score = score.wrapping_add(entry.weight);
                }
            }
        }
    }
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    (key >> 32) as u32 | 1
}
