//! The tag sets: Universal POS tags (UD v2) and the Penn Treebank tags of EWT's XPOS column.

/// Universal POS tags (UD v2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// Every tag, in declaration order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as CoNLL-U writes it: "ADJ", "ADP", ...
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U UPOS string ("NOUN"); `None` if it is not a UD v2 tag.
    pub fn parse(text: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|tag| tag.as_str() == text)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// The XPOS tags a model may use: the Penn Treebank tags, EWT's additions (ADD, AFX, GW, HYPH,
/// NFP, XX) and "_" for a corpus without XPOS. Static, so that a [`Tag`] is `Copy` and needs no
/// allocation.
pub const XPOS_TAGS: &[&str] = &[
    "CC", "CD", "DT", "EX", "FW", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NN", "NNS", "NNP", "NNPS",
    "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
    "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", ".", ",", ":", "``", "''", "-LRB-", "-RRB-",
    "$", "#", "HYPH", "NFP", "ADD", "AFX", "GW", "XX", "-NONE-", "_",
];

/// The static spelling of an XPOS tag; `None` if it is not in [`XPOS_TAGS`].
pub fn xpos_static(text: &str) -> Option<&'static str> {
    XPOS_TAGS.iter().copied().find(|&tag| tag == text)
}

/// One token's tags: the universal tag and the Penn Treebank tag (EWT's XPOS column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    pub upos: Upos,
    /// Penn Treebank tag as in EWT's XPOS column, e.g. "VBN", "NNP".
    pub xpos: &'static str,
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.upos, self.xpos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upos_round_trips_through_its_string() {
        for tag in Upos::ALL {
            assert_eq!(Upos::parse(tag.as_str()), Some(tag));
        }
        assert_eq!(Upos::parse("NOUNS"), None);
    }

    #[test]
    fn xpos_tags_are_unique_and_found() {
        for (i, tag) in XPOS_TAGS.iter().enumerate() {
            assert!(!XPOS_TAGS[..i].contains(tag), "{tag} twice");
            assert_eq!(xpos_static(tag), Some(*tag));
        }
        assert_eq!(xpos_static("VBX"), None);
    }
}
