//! Tags UD English EWT's dev split many times with the shipped model and prints tokens per
//! second of CPU time (this thread's, so that other processes on a busy machine do not count).
//!
//! Usage: `cargo run --release -p brink-pos --example tag_speed -- [EWT_DIR] [ROUNDS]`.

use std::path::PathBuf;
use std::time::Instant;

use brink_pos::{read_conllu, Tagger};

/// CPU seconds this thread has run (Linux: /proc/thread-self/schedstat, nanoseconds first).
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared/reference/events/ud_english_ewt"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let path = dir.join("en_ewt-ud-dev.conllu");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    let sentences = read_conllu(&text).expect("the dev split parses");
    let sentences: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let loading = Instant::now();
    let tagger = Tagger::english();
    println!(
        "model decoded in {:.1} ms: {tagger:?}",
        loading.elapsed().as_secs_f64() * 1e3
    );
    let mut out = Vec::new();
    let mut checksum = 0usize;
    let (wall, cpu) = (Instant::now(), thread_cpu_seconds());
    for _ in 0..rounds {
        for sentence in &sentences {
            tagger.tag_into(sentence, &mut out);
            checksum += out.iter().map(|t| t.xpos.len()).sum::<usize>();
        }
    }
    let wall = wall.elapsed().as_secs_f64();
    let total = (tokens * rounds) as f64;
    println!(
        "{rounds} rounds of {} sentences, {tokens} tokens (checksum {checksum})",
        sentences.len()
    );
    println!("wall: {:.0} tokens/s", total / wall);
    if let (Some(start), Some(end)) = (cpu, thread_cpu_seconds()) {
        println!(
            "cpu:  {:.0} tokens/s ({:.0} sentences/s)",
            total / (end - start),
            (sentences.len() * rounds) as f64 / (end - start)
        );
    }
}
