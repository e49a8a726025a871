//! Stable 64-bit hashing of strings and feature keys. Stable (no per-process seed, no dependence
//! on std's unspecified hasher) because the shipped weights are keyed by these hashes.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// 2^64 / golden ratio: spreads small integers (template ids, labels) over the 64 bits.
pub(crate) const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// Murmur3's 64-bit finaliser: every input bit affects every output bit.
#[inline]
pub(crate) fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// A streaming FNV-1a hasher, finished with [`fmix`].
#[derive(Clone, Copy)]
pub(crate) struct Hasher(u64);

impl Hasher {
    #[inline]
    pub(crate) fn new(seed: u64) -> Self {
        Hasher(FNV_OFFSET ^ seed)
    }

    #[inline]
    pub(crate) fn byte(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
    }

    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.byte(byte);
        }
    }

    #[inline]
    pub(crate) fn finish(self) -> u64 {
        fmix(self.0)
    }
}

/// The hash of a string under a seed (seeds keep, e.g., a word and its suffix apart).
#[inline]
pub(crate) fn hash_str(seed: u64, text: &str) -> u64 {
    let mut hasher = Hasher::new(seed);
    hasher.bytes(text.as_bytes());
    hasher.finish()
}

/// Combines two hashes into one (order matters).
#[inline]
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    fmix(a.wrapping_mul(GOLDEN) ^ b)
}

/// The key of a feature: its template and its value. Never 0 (0 marks an empty table slot).
#[inline]
pub(crate) fn feature_key(template: usize, value: u64) -> u64 {
    let key = fmix(value ^ (template as u64 + 1).wrapping_mul(GOLDEN));
    if key == 0 {
        1
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_across_builds() {
        // The shipped model depends on these exact values.
        assert_eq!(hash_str(0, ""), fmix(FNV_OFFSET));
        assert_eq!(hash_str(1, "the"), hash_str(1, "the"));
        assert_ne!(hash_str(1, "the"), hash_str(2, "the"));
        assert_eq!(fmix(0), 0);
        assert_eq!(fmix(1), 0xb456_bcfc_34c2_cb2c);
        assert_ne!(feature_key(0, 0), 0);
        assert_ne!(combine(1, 2), combine(2, 1));
    }
}
