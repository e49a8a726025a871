//! The tagger's features: per-token hashes computed once per sentence (word, lowercase form,
//! affixes, shape, flags), combined with the context and the previous predicted tags into hashed
//! feature keys. Shared by training and tagging, so both see exactly the same features.

use crate::hash::{combine, feature_key, hash_str, Hasher};

/// Bumped whenever the features change: a model trained on other features is rejected.
pub(crate) const FEATURES_VERSION: u32 = 3;
/// How many features one token has.
pub(crate) const N_FEATURES: usize = 28;

// Seeds that keep the per-token hashes apart.
const SEED_LOWER: u64 = 2;
const SEED_SUFFIX: u64 = 3;
const SEED_PREFIX: u64 = 4;
const SEED_SHAPE: u64 = 5;
const SEED_DICT: u64 = 6;

/// What the features need to know of one token, as hashes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenInfo {
    /// The word as written: the tag dictionary's key.
    pub(crate) word: u64,
    pub(crate) lower: u64,
    pub(crate) suffix1: u64,
    pub(crate) suffix2: u64,
    pub(crate) suffix3: u64,
    pub(crate) suffix4: u64,
    pub(crate) prefix1: u64,
    pub(crate) shape: u64,
    pub(crate) flags: u64,
    /// The ambiguity class of the word as written, and of its lowercase form (0: unknown).
    pub(crate) class: u64,
    pub(crate) lower_class: u64,
}

/// Codes an ambiguity class: a word's most frequent label and, if it is common too, its
/// runner-up. Never 0 (0 means "not in the lexicon").
pub(crate) fn class_code(top: u8, second: Option<u8>) -> u16 {
    ((u16::from(top) + 1) << 8) | second.map_or(0, |label| u16::from(label) + 1)
}

/// The key under which the lexicon stores a lowercase form (the word's `lower` hash).
pub(crate) fn lower_key(lower: &str) -> u64 {
    nonzero(hash_str(SEED_LOWER, lower))
}

fn nonzero(key: u64) -> u64 {
    if key == 0 {
        1
    } else {
        key
    }
}

/// Stands for the tokens before the first and after the last.
const fn padding(value: u64) -> TokenInfo {
    TokenInfo {
        word: value,
        lower: value,
        suffix1: value,
        suffix2: value,
        suffix3: value,
        suffix4: value,
        prefix1: value,
        shape: value,
        flags: value,
        class: value,
        lower_class: value,
    }
}
const START: TokenInfo = padding(0x5354_4152_5421);
const END: TokenInfo = padding(0x454e_4421);

const FLAG_DIGIT: u64 = 1;
const FLAG_HYPHEN: u64 = 2;
const FLAG_INITIAL_UPPER: u64 = 4;
const FLAG_ALL_UPPER: u64 = 8;
const FLAG_SENTENCE_START: u64 = 16;
const FLAG_LONG: u64 = 32;
const FLAG_HAS_LETTER: u64 = 64;
/// Most words of the sentence start with a capital: a headline or title.
const FLAG_TITLE_SENTENCE: u64 = 128;

/// The key under which the tag dictionary stores a word.
#[inline]
pub(crate) fn dict_key(word: &str) -> u64 {
    nonzero(hash_str(SEED_DICT, word))
}

/// Computes the token hashes of a sentence into `infos` (cleared first); `lower` is scratch
/// space for lowercasing, reused across calls so that tagging allocates nothing once warm;
/// `lexicon` gives the ambiguity class of a word key or lowercase key (0 if unknown).
pub(crate) fn token_infos<S: AsRef<str>>(
    tokens: &[S],
    infos: &mut Vec<TokenInfo>,
    lower: &mut String,
    mut lexicon: impl FnMut(u64) -> u16,
) {
    infos.clear();
    let (mut worded, mut capitalised) = (0usize, 0usize);
    for (index, token) in tokens.iter().enumerate() {
        let mut info = token_info(token.as_ref(), index == 0, lower);
        info.class = u64::from(lexicon(info.word));
        info.lower_class = u64::from(lexicon(info.lower));
        worded += usize::from(info.flags & FLAG_HAS_LETTER != 0);
        capitalised += usize::from(info.flags & FLAG_INITIAL_UPPER != 0);
        infos.push(info);
    }
    if worded >= 3 && capitalised * 5 >= worded * 3 {
        for info in infos.iter_mut() {
            info.flags |= FLAG_TITLE_SENTENCE;
        }
    }
}

/// Writes `word` lowercased, character by character, into `lower` (cleared first): the one
/// lowercasing that training and tagging share.
pub(crate) fn lowercase_into(word: &str, lower: &mut String) {
    lower.clear();
    if word.is_ascii() {
        lower.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        lower.extend(word.chars().flat_map(char::to_lowercase));
    }
}

fn token_info(word: &str, sentence_start: bool, lower: &mut String) -> TokenInfo {
    lowercase_into(word, lower);
    // Byte offsets of the last four characters (or of the whole word when it is shorter).
    let mut starts = [0usize; 4];
    let mut found = 0;
    for (offset, _) in lower.char_indices().rev().take(4) {
        starts[found] = offset;
        found += 1;
    }
    for k in found..4 {
        starts[k] = if found == 0 { 0 } else { starts[found - 1] };
    }
    let suffix = |k: usize| hash_str(SEED_SUFFIX + k as u64, &lower[starts[k]..]);
    let first_len = lower.chars().next().map_or(0, char::len_utf8);

    let mut shape = Hasher::new(SEED_SHAPE);
    let mut last_class = 0u8;
    let mut flags = 0;
    let mut letters = 0;
    let mut uppers = 0;
    let mut chars = 0;
    for (index, c) in word.chars().enumerate() {
        chars += 1;
        let class = if c.is_uppercase() {
            letters += 1;
            uppers += 1;
            if index == 0 {
                flags |= FLAG_INITIAL_UPPER;
            }
            b'X'
        } else if c.is_alphabetic() {
            letters += 1;
            b'x'
        } else if c.is_ascii_digit() {
            flags |= FLAG_DIGIT;
            b'd'
        } else {
            if c == '-' {
                flags |= FLAG_HYPHEN;
            }
            // Punctuation keeps its identity (its first byte suffices to tell ASCII marks apart).
            let mut buffer = [0u8; 4];
            c.encode_utf8(&mut buffer);
            buffer[0]
        };
        // Runs of one class collapse: "Obama" and "Xi" share the shape "Xx".
        if class != last_class {
            shape.byte(class);
            last_class = class;
        }
    }
    if letters > 0 {
        flags |= FLAG_HAS_LETTER;
    }
    if letters > 0 && uppers == letters {
        flags |= FLAG_ALL_UPPER;
    }
    if sentence_start {
        flags |= FLAG_SENTENCE_START;
    }
    if chars > 8 {
        flags |= FLAG_LONG;
    }
    TokenInfo {
        word: dict_key(word),
        lower: lower_key(lower),
        suffix1: suffix(0),
        suffix2: suffix(1),
        suffix3: suffix(2),
        suffix4: suffix(3),
        prefix1: hash_str(SEED_PREFIX, &lower[..first_len]),
        shape: shape.finish(),
        flags,
        class: 0,
        lower_class: 0,
    }
}

/// The features that do not depend on the predicted tags (computable ahead), then those that do.
pub(crate) const N_STATIC: usize = 24;
pub(crate) const N_DYNAMIC: usize = N_FEATURES - N_STATIC;

#[inline]
fn context(infos: &[TokenInfo], index: usize, offset: isize) -> &TokenInfo {
    let position = index as isize + offset;
    if position < 0 {
        &START
    } else {
        infos.get(position as usize).unwrap_or(&END)
    }
}

/// The keys of token `index`'s features that do not depend on predicted tags. Template numbers
/// (the first of each pair) are part of the model: never renumber them.
#[inline]
pub(crate) fn static_features(infos: &[TokenInfo], index: usize, out: &mut [u64; N_STATIC]) {
    let current = context(infos, index, 0);
    let (p1, p2) = (context(infos, index, -1), context(infos, index, -2));
    let (n1, n2) = (context(infos, index, 1), context(infos, index, 2));
    let features: [(usize, u64); N_STATIC] = [
        (0, 0), // bias
        (1, current.word),
        (2, current.lower),
        (3, current.suffix1),
        (4, current.suffix2),
        (5, current.suffix3),
        (6, current.suffix4),
        (7, current.prefix1),
        (8, current.shape),
        (9, current.flags),
        (13, p1.lower),
        (14, p1.suffix3),
        (15, p2.lower),
        (16, n1.lower),
        (17, n1.suffix3),
        (18, n2.lower),
        (19, n1.shape),
        (20, current.class),
        (21, current.lower_class),
        (22, n1.lower_class),
        (23, n2.lower_class),
        (25, combine(current.class, n1.lower_class)),
        (26, combine(p1.lower, current.lower)),
        (27, combine(current.lower, n1.lower)),
    ];
    for (key, (template, value)) in out.iter_mut().zip(features) {
        *key = feature_key(template, value);
    }
}

/// The keys of token `index`'s features that depend on the previous two predicted labels
/// (label index + 1; 0 before the sentence).
#[inline]
pub(crate) fn dynamic_features(
    infos: &[TokenInfo],
    index: usize,
    prev: u64,
    prev2: u64,
    out: &mut [u64; N_DYNAMIC],
) {
    let current = context(infos, index, 0);
    let n1 = context(infos, index, 1);
    let features: [(usize, u64); N_DYNAMIC] = [
        (10, prev),
        (11, combine(prev2, prev)),
        (12, combine(prev, current.lower)),
        (24, combine(prev, n1.lower_class)),
    ];
    for (key, (template, value)) in out.iter_mut().zip(features) {
        *key = feature_key(template, value);
    }
}

/// All the keys of token `index`'s features (static, then dynamic).
pub(crate) fn features(
    infos: &[TokenInfo],
    index: usize,
    prev: u64,
    prev2: u64,
    out: &mut [u64; N_FEATURES],
) {
    let (static_part, dynamic_part) = out.split_at_mut(N_STATIC);
    static_features(infos, index, static_part.try_into().expect("N_STATIC keys"));
    dynamic_features(
        infos,
        index,
        prev,
        prev2,
        dynamic_part.try_into().expect("N_DYNAMIC keys"),
    );
}
