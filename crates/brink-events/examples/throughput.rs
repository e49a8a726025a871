//! Sentences per second of the whole pipeline (raw text → events) on one thread, for profiling
//! (`valgrind --tool=callgrind`) and quick timing: codes the given files `REPEAT` times.
//! `cargo run --release -p brink-events --example throughput -- REPEAT FILE...`
//! The coder is built (and the tagger loaded) before timing starts. Besides wall time it reports
//! the thread's own CPU time (Linux `/proc/thread-self/schedstat`), the figure that stays
//! meaningful on a loaded machine.

use brink_events::Coder;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let repeat: usize = args
        .next()
        .and_then(|r| r.parse().ok())
        .expect("usage: throughput REPEAT FILE...");
    let texts: Vec<(String, String)> = args
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}"));
            (p, t)
        })
        .collect();
    let coder = Coder::embedded();
    coder.code("warm-up", "Iran met Israel.", None);
    let cpu0 = cpu_ns();
    let start = Instant::now();
    let (mut sentences, mut events) = (0usize, 0usize);
    for _ in 0..repeat {
        for (path, text) in &texts {
            let doc = coder.code(path, text, None);
            sentences += doc.sentences;
            events += doc.events.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{sentences} sentences, {events} events in {secs:.3} s wall: {:.0} sentences/s",
        sentences as f64 / secs
    );
    if let (Some(a), Some(b)) = (cpu0, cpu_ns()) {
        let cpu = (b - a) as f64 / 1e9;
        println!(
            "on-CPU time {cpu:.3} s: {:.0} sentences/s per core",
            sentences as f64 / cpu
        );
    }
}

/// This thread's time on a CPU in nanoseconds (Linux only).
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
