//! Tagging speed (tokens/s) of the shipped English model on UD English EWT's dev split.
//! Needs ../shared; prints a notice and measures nothing without it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use brink_pos::{read_conllu, Tagger};

fn tag_dev_split(c: &mut Criterion) {
    let Some(shared) = brink_testkit::shared_dir() else {
        eprintln!("SKIPPED (needs ../shared)");
        return;
    };
    let path = shared.join("reference/events/ud_english_ewt/en_ewt-ud-dev.conllu");
    let text = std::fs::read_to_string(&path).expect("the dev split is readable");
    let sentences = read_conllu(&text).expect("the dev split parses");
    let sentences: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let tagger = Tagger::english();
    let mut out = Vec::new();

    let mut group = c.benchmark_group("tag");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("ewt_dev_tokens", |b| {
        b.iter(|| {
            let mut checksum = 0usize;
            for sentence in &sentences {
                tagger.tag_into(sentence, &mut out);
                checksum += out.len();
            }
            checksum
        })
    });
    group.finish();
}

criterion_group!(benches, tag_dev_split);
criterion_main!(benches);
