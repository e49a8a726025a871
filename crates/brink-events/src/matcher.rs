//! Phrase matching over normalised tokens with Aho–Corasick automata: every token becomes a
//! fixed-width 4-byte symbol (0xFF then three base-255 digits of its vocabulary id), so a match
//! can only start on a token boundary and one pass over a sentence finds every actor and agent
//! phrase (leftmost-longest) — linear in the text, never a loop over patterns.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use std::collections::HashMap;

/// FNV-1a: short word keys hash several times faster than with SipHash, and the keys are
/// dictionary words, not attacker-chosen (no HashDoS concern for an offline coder).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash map keyed by words, hashed with [`Fnv`].
pub type WordMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// What a matched phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An actor record (index into the actor list).
    Actor(u32),
    /// An agent record (index into the agent list).
    Agent(u32),
}

/// A token vocabulary shared by the automata.
#[derive(Default)]
pub struct Vocab {
    ids: WordMap<u32>,
}

/// Id 0 stands for every word that appears in no phrase.
const UNKNOWN: u32 = 0;

impl Vocab {
    pub(crate) fn intern(&mut self, w: &str) -> u32 {
        let next = self.ids.len() as u32 + 1;
        *self.ids.entry(w.to_string()).or_insert(next)
    }
    pub fn id(&self, w: &str) -> u32 {
        self.ids.get(w).copied().unwrap_or(UNKNOWN)
    }
    /// The id of token `k` of an encoded haystack.
    #[inline]
    pub fn token_id(hay: &[u8], k: usize) -> u32 {
        Self::decode_id(&hay[4 * k..4 * k + 4])
    }
    /// The id of a 4-byte token symbol.
    #[inline]
    fn decode_id(symbol: &[u8]) -> u32 {
        (symbol[1] as u32 * 255 + symbol[2] as u32) * 255 + symbol[3] as u32
    }
    fn encode_id(id: u32, out: &mut Vec<u8>) {
        out.push(0xFF);
        out.push((id / (255 * 255)) as u8);
        out.push(((id / 255) % 255) as u8);
        out.push((id % 255) as u8);
    }
    /// Encodes a token sequence (haystack) into `out`.
    pub fn encode<'a>(&self, words: impl Iterator<Item = &'a str>, out: &mut Vec<u8>) {
        out.clear();
        for w in words {
            Self::encode_id(self.id(w), out);
        }
    }
}

/// An automaton over phrases with a payload per phrase.
pub struct PhraseSet<T> {
    ac: Option<AhoCorasick>,
    payload: Vec<T>,
    /// A bit per vocabulary id: whether some phrase starts with that word. No match can start
    /// before the first such token, so the search starts there (and most sentences have none
    /// for the small sets).
    starts: Vec<u64>,
}

impl<T: Copy> PhraseSet<T> {
    /// Builds from (phrase, payload) pairs; for a repeated phrase the later payload wins unless
    /// `keep_first` says the earlier one does.
    pub fn build(
        vocab: &mut Vocab,
        items: Vec<(Vec<String>, T)>,
        keep_first: impl Fn(&T, &T) -> bool,
    ) -> Self {
        let mut index: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut patterns: Vec<Vec<u8>> = vec![];
        let mut payload: Vec<T> = vec![];
        let mut starts: Vec<u64> = vec![];
        for (phrase, p) in items {
            if phrase.is_empty() {
                continue;
            }
            let ids: Vec<u32> = phrase.iter().map(|w| vocab.intern(w)).collect();
            let first = ids[0] as usize;
            if starts.len() <= first / 64 {
                starts.resize(first / 64 + 1, 0);
            }
            starts[first / 64] |= 1 << (first % 64);
            match index.get(&ids) {
                Some(&k) => {
                    if !keep_first(&payload[k], &p) {
                        payload[k] = p;
                    }
                }
                None => {
                    let mut bytes = Vec::with_capacity(ids.len() * 4);
                    for &id in &ids {
                        Vocab::encode_id(id, &mut bytes);
                    }
                    index.insert(ids, patterns.len());
                    patterns.push(bytes);
                    payload.push(p);
                }
            }
        }
        let ac = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .build(&patterns)
                .expect("token-symbol patterns are always valid")
        });
        PhraseSet {
            ac,
            payload,
            starts,
        }
    }

    /// Whether some phrase starts with the word of vocabulary id `id`.
    #[inline]
    fn starts_with(&self, id: u32) -> bool {
        let id = id as usize;
        self.starts
            .get(id / 64)
            .is_some_and(|bits| bits & (1 << (id % 64)) != 0)
    }

    /// Leftmost-longest, non-overlapping matches in an encoded haystack: (first token, end
    /// token, payload).
    pub fn find(&self, hay: &[u8], out: &mut Vec<(usize, usize, T)>) {
        out.clear();
        let Some(first) = hay
            .chunks_exact(4)
            .position(|symbol| self.starts_with(Vocab::decode_id(symbol)))
        else {
            return;
        };
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(Input::new(hay).range(first * 4..)) {
                out.push((
                    m.start() / 4,
                    m.end() / 4,
                    self.payload[m.pattern().as_usize()],
                ));
            }
        }
    }

    pub fn len(&self) -> usize {
        self.payload.len()
    }

    pub fn is_empty(&self) -> bool {
        self.payload.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn finds_token_aligned_longest_phrases() {
        let mut v = Vocab::default();
        let set = PhraseSet::build(
            &mut v,
            vec![
                (words("UNITED STATES"), Hit::Actor(0)),
                (words("UNITED STATES CONGRESS"), Hit::Actor(1)),
                (words("CONGRESS"), Hit::Agent(0)),
                (words("IRAN"), Hit::Actor(2)),
                (words("IRAN"), Hit::Actor(3)),
            ],
            |_, _| false,
        );
        let mut hay = vec![];
        v.encode("THE UNITED STATES CONGRESS AND IRAN".split(' '), &mut hay);
        let mut out = vec![];
        set.find(&hay, &mut out);
        assert_eq!(out, vec![(1, 4, Hit::Actor(1)), (5, 6, Hit::Actor(3))]);
    }
}
