//! The whole pipeline from raw text (sentences, tokens, POS tags, chunks, automaton, patterns,
//! events), in sentences per second on one core. The corpus is the seed report and PETRARCH2's
//! validation sentences when ../shared is there, else hand-written news sentences.
//!
//! `cargo bench -p brink-events --bench pipeline`

use brink_events::Coder;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const FALLBACK: &str = "Iran was attacked by Israel on Monday. Jordan and Egypt condemned Israel. \
If talks fail, Israel will attack Iran. The United States deployed troops to the Gulf. \
Russia threatened to attack Ukraine, officials said. The second round of indirect U.S.-Iran nuclear talks is taking place in Geneva. \
Other countries such as Jordan, Saudi Arabia and the United Arab Emirates have declared that they would not permit their airspace to be utilized in any attacks on Iran. ";

fn corpus() -> String {
    let mut text = String::new();
    if let Some(shared) = brink_testkit::shared_dir() {
        if let Ok(s) = std::fs::read_to_string(shared.join("seed/us-iran-talks-2026-02-16.txt")) {
            text.push_str(&s);
        }
        if let Ok(s) =
            std::fs::read_to_string(shared.join("reference/events/PETR2_GSR_validation.xml"))
        {
            for part in s.split("<Text>").skip(1) {
                let body = part.split("</Text>").next().unwrap_or("");
                text.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
                text.push('\n');
            }
        }
    }
    if text.is_empty() {
        text = FALLBACK.repeat(20);
    }
    text
}

fn bench(c: &mut Criterion) {
    let coder = Coder::embedded();
    let text = corpus();
    let sentences = coder.code("bench", &text, None).sentences as u64;
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(sentences));
    g.bench_function(format!("code {sentences} sentences from raw text"), |b| {
        b.iter(|| coder.code("bench", std::hint::black_box(&text), None))
    });
    // The seed report alone (16 February 2026, 31 sentences): the article the issue names.
    if let Some(seed) = brink_testkit::shared_dir().and_then(|shared| {
        std::fs::read_to_string(shared.join("seed/us-iran-talks-2026-02-16.txt")).ok()
    }) {
        let date = brink_events::parse_date("2026-02-16");
        let n = coder.code("seed", &seed, date).sentences as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_function(format!("code the seed report ({n} sentences)"), |b| {
            b.iter(|| coder.code("seed", std::hint::black_box(&seed), date))
        });
        g.throughput(Throughput::Elements(sentences));
    }
    // The tagger's share of that time: the same sentences, tokenised, tagged only.
    let mut toks = vec![];
    brink_events::text::tokenize(&text, &mut toks);
    let mut spans = vec![];
    brink_events::text::sentences(&text, &toks, &mut spans);
    let raw: Vec<Vec<&str>> = spans
        .iter()
        .map(|s| {
            toks[s.first..s.end]
                .iter()
                .map(|t| &text[t.start..t.end])
                .collect()
        })
        .collect();
    let tagger = brink_pos::Tagger::english();
    g.bench_function(
        format!("of which tagging {} tokens (brink-pos)", toks.len()),
        |b| {
            let mut tags = vec![];
            b.iter(|| {
                for s in &raw {
                    tagger.tag_into(std::hint::black_box(s), &mut tags);
                }
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
