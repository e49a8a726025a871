//! The model file: a compact binary format of our own, checked on reading.
//!
//! Layout (little-endian): magic `BRINKPOS`; format version (u32); features version (u32);
//! label count (u8) and per label its UPOS and XPOS (u8 length + bytes each); dictionary size
//! (u32) and per word a key (varint delta from the previous key) and its label (u8); lexicon
//! size (u32) and per word or lowercase form a key (varint delta) and its ambiguity class (u16:
//! most frequent label + 1, runner-up + 1 or 0); feature
//! count (u32) and per feature a key (varint delta), its weight count (u8) and per weight a
//! label (u8, ascending) and a weight (i16, non-zero); a checksum (u64) of everything before it.

use crate::features::FEATURES_VERSION;
use crate::hash::Hasher;
use crate::model::{Entry, ModelParts, Tagger};
use crate::tags::{xpos_static, Tag, Upos};
use crate::train::MAX_WEIGHT;

const MAGIC: &[u8; 8] = b"BRINKPOS";
const FORMAT_VERSION: u32 = 1;
const CHECKSUM_SEED: u64 = 0x4252_494e_4b50_4f53;

/// Why a model file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("not a brink-pos model (the file does not start with \"BRINKPOS\")")]
    BadMagic,
    #[error("model file ends early: {what} expected at byte {offset}")]
    Truncated { what: &'static str, offset: usize },
    #[error(
        "model format version {found} is not supported (this build reads version {supported})"
    )]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("model was trained with features version {found}, this build computes version {expected}: re-train it")]
    FeaturesVersion { found: u32, expected: u32 },
    #[error("model file is corrupt: checksum mismatch")]
    Checksum,
    #[error("model file is invalid at byte {offset}: {message}")]
    Invalid { offset: usize, message: String },
}

fn checksum(bytes: &[u8]) -> u64 {
    let mut hasher = Hasher::new(CHECKSUM_SEED);
    hasher.bytes(bytes);
    hasher.finish()
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_str(out: &mut Vec<u8>, text: &str) {
    out.push(text.len() as u8);
    out.extend_from_slice(text.as_bytes());
}

impl Tagger {
    /// The model in its file format (deterministic: the same model gives the same bytes).
    pub fn to_bytes(&self) -> Vec<u8> {
        let parts = self.to_parts();
        let mut out = Vec::with_capacity(parts.features.len() * 6 + parts.entries.len() * 3 + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURES_VERSION.to_le_bytes());
        out.push(parts.labels.len() as u8);
        for tag in &parts.labels {
            put_str(&mut out, tag.upos.as_str());
            put_str(&mut out, tag.xpos);
        }
        out.extend_from_slice(&(parts.dict.len() as u32).to_le_bytes());
        let mut previous = 0u64;
        for &(key, label) in &parts.dict {
            put_varint(&mut out, key - previous);
            out.push(label);
            previous = key;
        }
        out.extend_from_slice(&(parts.lexicon.len() as u32).to_le_bytes());
        let mut previous = 0u64;
        for &(key, class) in &parts.lexicon {
            put_varint(&mut out, key - previous);
            out.extend_from_slice(&class.to_le_bytes());
            previous = key;
        }
        out.extend_from_slice(&(parts.features.len() as u32).to_le_bytes());
        let mut previous = 0u64;
        let mut start = 0usize;
        for &(key, len) in &parts.features {
            put_varint(&mut out, key - previous);
            out.push(len as u8);
            for entry in &parts.entries[start..start + len as usize] {
                out.push(entry.label);
                out.extend_from_slice(&entry.weight.to_le_bytes());
            }
            previous = key;
            start += len as usize;
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model written by [`Tagger::to_bytes`]; any truncation, corruption or
    /// inconsistency is an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(if MAGIC.starts_with(bytes) {
                ModelError::Truncated {
                    what: "the magic number",
                    offset: bytes.len(),
                }
            } else {
                ModelError::BadMagic
            });
        }
        let mut reader = Reader {
            bytes,
            offset: MAGIC.len(),
        };
        let version = reader.u32("the format version")?;
        if version != FORMAT_VERSION {
            return Err(ModelError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let features_version = reader.u32("the features version")?;
        if features_version != FEATURES_VERSION {
            return Err(ModelError::FeaturesVersion {
                found: features_version,
                expected: FEATURES_VERSION,
            });
        }
        if bytes.len() < reader.offset + 8 {
            return Err(ModelError::Truncated {
                what: "the model body",
                offset: bytes.len(),
            });
        }
        let body_end = bytes.len() - 8;
        let stored = u64::from_le_bytes(bytes[body_end..].try_into().expect("8 bytes"));
        if checksum(&bytes[..body_end]) != stored {
            return Err(ModelError::Checksum);
        }
        reader.bytes = &bytes[..body_end];
        let parts = reader.parts()?;
        if reader.offset != body_end {
            return Err(reader.invalid(format!(
                "{} unexpected bytes after the weights",
                body_end - reader.offset
            )));
        }
        Ok(Tagger::from_parts(parts))
    }
}

/// A cursor over the model bytes whose every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&[u8], ModelError> {
        match self.bytes.get(self.offset..self.offset + n) {
            Some(slice) => {
                self.offset += n;
                Ok(slice)
            }
            None => Err(ModelError::Truncated {
                what,
                offset: self.offset,
            }),
        }
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, ModelError> {
        Ok(self.take(1, what)?[0])
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().expect("4 bytes"),
        ))
    }

    fn varint(&mut self, what: &'static str) -> Result<u64, ModelError> {
        let start = self.offset;
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.u8(what)?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ModelError::Invalid {
            offset: start,
            message: format!("{what}: varint overflows 64 bits"),
        })
    }

    fn str(&mut self, what: &'static str) -> Result<&str, ModelError> {
        let offset = self.offset;
        let len = self.u8(what)? as usize;
        std::str::from_utf8(self.take(len, what)?).map_err(|_| ModelError::Invalid {
            offset,
            message: format!("{what} is not UTF-8"),
        })
    }

    fn invalid(&self, message: String) -> ModelError {
        ModelError::Invalid {
            offset: self.offset,
            message,
        }
    }

    /// The next key of a strictly ascending list stored as deltas.
    fn next_key(&mut self, previous: u64, what: &'static str) -> Result<u64, ModelError> {
        let offset = self.offset;
        let delta = self.varint(what)?;
        match previous.checked_add(delta) {
            Some(key) if delta > 0 => Ok(key),
            _ => Err(ModelError::Invalid {
                offset,
                message: format!("{what}: keys must be non-zero and strictly ascending"),
            }),
        }
    }

    fn parts(&mut self) -> Result<ModelParts, ModelError> {
        let n_labels = self.u8("the label count")? as usize;
        if n_labels == 0 {
            return Err(self.invalid("a model needs at least one label".into()));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let offset = self.offset;
            let upos_text = self.str("a label's UPOS")?;
            let upos = Upos::parse(upos_text).ok_or_else(|| ModelError::Invalid {
                offset,
                message: format!("unknown UPOS {upos_text:?}"),
            })?;
            let offset = self.offset;
            let xpos_text = self.str("a label's XPOS")?;
            let xpos = xpos_static(xpos_text).ok_or_else(|| ModelError::Invalid {
                offset,
                message: format!("unknown XPOS {xpos_text:?}"),
            })?;
            let tag = Tag { upos, xpos };
            if labels.contains(&tag) {
                return Err(ModelError::Invalid {
                    offset,
                    message: format!("label {tag} twice"),
                });
            }
            labels.push(tag);
        }
        let label = |reader: &mut Self, what| -> Result<u8, ModelError> {
            let offset = reader.offset;
            let label = reader.u8(what)?;
            if label as usize >= n_labels {
                return Err(ModelError::Invalid {
                    offset,
                    message: format!("{what} {label} is not below the label count {n_labels}"),
                });
            }
            Ok(label)
        };

        let n_dict = self.u32("the dictionary size")? as usize;
        // Capacities are bounded by what the remaining bytes can hold, not by the stored counts.
        let remaining = self.bytes.len() - self.offset;
        let mut dict = Vec::with_capacity(n_dict.min(remaining / 2));
        let mut previous = 0u64;
        for _ in 0..n_dict {
            let key = self.next_key(previous, "a dictionary key")?;
            dict.push((key, label(self, "a dictionary label")?));
            previous = key;
        }

        let n_lexicon = self.u32("the lexicon size")? as usize;
        let remaining = self.bytes.len() - self.offset;
        let mut lexicon = Vec::with_capacity(n_lexicon.min(remaining / 3));
        let mut previous = 0u64;
        for _ in 0..n_lexicon {
            let key = self.next_key(previous, "a lexicon key")?;
            previous = key;
            let offset = self.offset;
            let class = u16::from_le_bytes(
                self.take(2, "an ambiguity class")?
                    .try_into()
                    .expect("2 bytes"),
            );
            let (top, second) = ((class >> 8) as usize, (class & 0xff) as usize);
            if top == 0 || top > n_labels || second > n_labels {
                return Err(ModelError::Invalid {
                    offset,
                    message: format!(
                        "ambiguity class {class:#06x} names labels beyond the {n_labels} labels"
                    ),
                });
            }
            lexicon.push((key, class));
        }

        let n_features = self.u32("the feature count")? as usize;
        let remaining = self.bytes.len() - self.offset;
        let mut features = Vec::with_capacity(n_features.min(remaining / 5));
        let mut entries = Vec::with_capacity(remaining / 3);
        let mut previous = 0u64;
        for _ in 0..n_features {
            let key = self.next_key(previous, "a feature key")?;
            previous = key;
            let offset = self.offset;
            let len = self.u8("a feature's weight count")? as usize;
            if len == 0 || len > n_labels {
                return Err(ModelError::Invalid {
                    offset,
                    message: format!("a feature with {len} weights (expected 1 to {n_labels})"),
                });
            }
            let mut last_label = None;
            for _ in 0..len {
                let offset = self.offset;
                let label = label(self, "a weight's label")?;
                let weight =
                    i16::from_le_bytes(self.take(2, "a weight")?.try_into().expect("2 bytes"));
                if last_label.is_some_and(|last| label <= last)
                    || weight == 0
                    || weight.unsigned_abs() > MAX_WEIGHT.unsigned_abs()
                {
                    return Err(ModelError::Invalid {
                        offset,
                        message: format!(
                            "a feature's weights must have ascending labels and be non-zero \
                             and within ±{MAX_WEIGHT}"
                        ),
                    });
                }
                last_label = Some(label);
                entries.push(Entry { label, weight });
            }
            features.push((key, len as u32));
        }
        Ok(ModelParts {
            labels,
            dict,
            lexicon,
            features,
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_conllu, train, TrainOptions};

    fn model_bytes() -> Vec<u8> {
        let text = "1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                    2\trefused\trefuse\tVERB\tVBD\t_\t0\troot\t_\t_\n\
                    3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n\
                    1\tIran\tIran\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n\
                    2\ttalks\ttalk\tVERB\tVBZ\t_\t0\troot\t_\t_\n";
        let options = TrainOptions {
            epochs: 3,
            prune_below: 0.0,
            dictionary_min_count: 2,
            lexicon_min_count: 1,
            ..TrainOptions::default()
        };
        train(&read_conllu(text).unwrap(), &options).to_bytes()
    }

    /// Replaces the checksum so that damage reaches the parser behind it.
    fn reseal(body: &[u8]) -> Vec<u8> {
        let mut bytes = body.to_vec();
        bytes.extend_from_slice(&checksum(body).to_le_bytes());
        bytes
    }

    #[test]
    fn damage_behind_a_valid_checksum_is_an_error_or_a_valid_model() {
        let bytes = model_bytes();
        let body = &bytes[..bytes.len() - 8];
        let model = Tagger::from_bytes(&bytes).unwrap();
        assert!(model.dictionary_len() > 0 && model.feature_count() > 0);
        for len in 0..body.len() {
            assert!(
                Tagger::from_bytes(&reseal(&body[..len])).is_err(),
                "body cut to {len}"
            );
        }
        for position in 8..body.len() {
            for value in [0x00, 0x01, 0x7f, 0x80, 0xff] {
                let mut damaged = body.to_vec();
                damaged[position] = value;
                // Must not panic; if it reads, the model must tag.
                if let Ok(tagger) = Tagger::from_bytes(&reseal(&damaged)) {
                    let _ = tagger.tag(&["Iran", "refused", "talks", "."]);
                }
            }
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let bytes = model_bytes();
        let mut wrong_version = bytes.clone();
        wrong_version[8] = 9;
        assert_eq!(
            Tagger::from_bytes(&wrong_version).unwrap_err(),
            ModelError::UnsupportedVersion {
                found: 9,
                supported: FORMAT_VERSION
            }
        );
        let mut flipped = bytes.clone();
        let last = flipped.len() - 9;
        flipped[last] ^= 1;
        assert_eq!(
            Tagger::from_bytes(&flipped).unwrap_err(),
            ModelError::Checksum
        );
        assert!(matches!(
            Tagger::from_bytes(&bytes[..5]).unwrap_err(),
            ModelError::Truncated { .. }
        ));
        let message = ModelError::FeaturesVersion {
            found: 1,
            expected: 3,
        }
        .to_string();
        assert!(message.contains("re-train"), "{message}");
    }
}
