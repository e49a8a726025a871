//! Reading CoNLL-U into training sentences (words with their UPOS and XPOS).

use crate::tags::{xpos_static, Tag, Upos};

/// One sentence of a treebank: its words and their gold tags (same length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

/// A CoNLL-U line the reader cannot use, with its 1-based line number and, where one field is
/// at fault, its 1-based column number (the field's first character).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ConlluError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Reads every sentence of a CoNLL-U text. Comment lines (`#`) are ignored, a blank line ends a
/// sentence, multiword-token lines ("1-2") and empty nodes ("1.1") are skipped. A token line
/// needs 10 tab-separated fields, an integer ID, a UD v2 UPOS and a known XPOS (see
/// [`crate::XPOS_TAGS`]).
pub fn read_conllu(text: &str) -> Result<Vec<TrainingSentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = TrainingSentence {
        words: Vec::new(),
        tags: Vec::new(),
    };
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.strip_suffix('\r').unwrap_or(raw);
        if content.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    TrainingSentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            continue;
        }
        if content.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = content.split('\t').collect();
        if fields.len() != 10 {
            return Err(ConlluError {
                line,
                column: 1,
                message: format!(
                    "expected 10 tab-separated fields (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL \
                     DEPS MISC), found {}",
                    fields.len()
                ),
            });
        }
        let column_of = |field: usize| {
            1 + fields[..field]
                .iter()
                .map(|f| f.chars().count() + 1)
                .sum::<usize>()
        };
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            continue; // multiword token or empty node: their words are on the lines around
        }
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConlluError {
                line,
                column: 1,
                message: format!("expected a word ID (1, 2, ...), a range (1-2) or a decimal (1.1), found {id:?}"),
            });
        }
        let form = fields[1];
        if form.is_empty() {
            return Err(ConlluError {
                line,
                column: column_of(1),
                message: "empty FORM".into(),
            });
        }
        let upos = Upos::parse(fields[3]).ok_or_else(|| ConlluError {
            line,
            column: column_of(3),
            message: format!(
                "expected a UD v2 UPOS tag (ADJ, ADP, ..., X), found {:?}",
                fields[3]
            ),
        })?;
        let xpos = xpos_static(fields[4]).ok_or_else(|| ConlluError {
            line,
            column: column_of(4),
            message: format!(
                "expected a Penn Treebank XPOS tag (NN, VBD, ...) or \"_\", found {:?}",
                fields[4]
            ),
        })?;
        current.words.push(form.to_string());
        current.tags.push(Tag { upos, xpos });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "# sent_id = a\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n3.1\tx\tx\tX\tXX\t_\t_\t_\t_\t_\n\
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_sentences_and_skips_ranges_and_empty_nodes() {
        let sentences = read_conllu(SAMPLE).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].words, ["I", "do", "n't", "."]);
        assert_eq!(
            sentences[0].tags[1],
            Tag {
                upos: Upos::Aux,
                xpos: "VBP"
            }
        );
        assert_eq!(sentences[1].words, ["Yes"]);
        assert_eq!(sentences[1].tags[0].upos, Upos::Intj);
    }

    #[test]
    fn bad_lines_are_located() {
        let err = read_conllu("1\tI\tI\tPRON\tPRP\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
        let err = read_conllu("# c\n1\tI\tI\tPRONOUN\tPRP\t_\t0\troot\t_\t_\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 7));
        assert!(err.to_string().contains("PRONOUN"), "{err}");
        let err = read_conllu("1\tI\tI\tPRON\tPRQ\t_\t0\troot\t_\t_\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 12));
        let err = read_conllu("x\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
