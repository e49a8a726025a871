//! Scoring a tagger against gold tags.

use crate::conllu::TrainingSentence;
use crate::model::Tagger;

/// Token-level accuracy (punctuation included, as UD evaluations count it).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    pub tokens: usize,
    /// Share of tokens whose UPOS is right.
    pub upos: f64,
    /// Share of tokens whose XPOS is right.
    pub xpos: f64,
    /// Share of tokens whose UPOS and XPOS are both right.
    pub both: f64,
}

/// Tags every sentence and compares with its gold tags.
pub fn accuracy(tagger: &Tagger, sentences: &[TrainingSentence]) -> Accuracy {
    let (mut tokens, mut upos, mut xpos, mut both) = (0usize, 0usize, 0usize, 0usize);
    let mut predicted = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(sentence.words.iter().map(String::as_str));
        tagger.tag_into(&words, &mut predicted);
        for (guess, gold) in predicted.iter().zip(&sentence.tags) {
            tokens += 1;
            let upos_right = guess.upos == gold.upos;
            let xpos_right = guess.xpos == gold.xpos;
            upos += usize::from(upos_right);
            xpos += usize::from(xpos_right);
            both += usize::from(upos_right && xpos_right);
        }
    }
    let share = |n: usize| {
        if tokens == 0 {
            0.0
        } else {
            n as f64 / tokens as f64
        }
    };
    Accuracy {
        tokens,
        upos: share(upos),
        xpos: share(xpos),
        both: share(both),
    }
}
