//! Shows how brink-events reads a sentence: tokens, tags, clauses, verb groups and events.
//! `cargo run --release -p brink-events --example explain -- "Iran refused to meet the envoy."`

use brink_events::syntax;
use brink_events::text;

fn main() {
    let sentence = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let mut toks = vec![];
    text::tokenize(&sentence, &mut toks);
    let raw: Vec<&str> = toks.iter().map(|t| &sentence[t.start..t.end]).collect();
    let words: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
    let tags = brink_pos::Tagger::english().tag(&raw);
    for (w, t) in raw.iter().zip(&tags) {
        print!("{w}/{}/{} ", t.upos.as_str(), t.xpos);
    }
    println!();
    let mut clauses = vec![];
    syntax::clauses(&words, &tags, &mut clauses);
    for c in &clauses {
        println!("clause {:?}: {}", c.intro, words[c.start..c.end].join(" "));
    }
    let mut vgs = vec![];
    syntax::verb_groups(&words, &tags, &clauses, &mut vgs);
    for g in &vgs {
        println!(
            "verb group: {} (verbs {:?}) {:?}",
            words[g.start..g.end].join(" "),
            g.verbs.iter().map(|&v| words[v]).collect::<Vec<_>>(),
            (g.negated, g.future, g.passive, g.reported)
        );
    }
    let coder = brink_events::Coder::embedded();
    let doc = coder.code("-", &sentence, None);
    for e in &doc.events {
        println!(
            "event: {} -> {:?} {} {} neg={} cond={} fut={} rep={}",
            e.source.code,
            e.target.as_ref().map(|t| &t.code),
            e.cameo,
            e.pattern,
            e.negated,
            e.conditional,
            e.future,
            e.reported
        );
    }
}
