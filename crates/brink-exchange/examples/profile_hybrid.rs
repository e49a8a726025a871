//! Runs the exact hybrid on one decide sample N times, for profiling with `perf record`:
//! `cargo run --release -p brink-exchange --example profile_hybrid -- SHARED_DIR [INPUT] [N]`.

use brink_exchange::engine::{self, Settings};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() {
    let mut args = std::env::args().skip(1);
    let shared = args.next().unwrap_or_else(|| "../shared".into());
    let input = args.next().unwrap_or_else(|| "cop21.csv".into());
    let n: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(20);
    let path = std::path::Path::new(&shared)
        .join("reference/decide/input")
        .join(&input);
    let text = std::fs::read_to_string(&path).expect("decide sample");
    let scenario = brink_formats::decide::parse(&text, &input).expect("valid input");
    let prob = brink_exchange::problem(&scenario).expect("applicable");
    let settings = Settings::default();
    let (cpu, start) = (cpu_seconds(), std::time::Instant::now());
    for _ in 0..n {
        std::hint::black_box(engine::run_hybrid(&prob, &settings, 0));
    }
    println!(
        "{input}: {:.2} ms CPU ({:.2} ms wall) per hybrid run",
        (cpu_seconds() - cpu) * 1000.0 / n as f64,
        start.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
