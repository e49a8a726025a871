//! CPU time per 10-round equal-gain run on decide's samples, in f64, in the hybrid (enclosures
//! and exact decimals), in the fixed-width exact decimals and in the big-integer decimals, for comparing with
//! decide's own CPU time on the same machine (a loaded machine shows in wall time, far less in
//! CPU time): `cargo run --release -p brink-exchange --example sidebyside -- SHARED_DIR`.

use brink_exchange::engine::{self, Settings};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() {
    let shared = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared".into());
    let dir = std::path::Path::new(&shared).join("reference/decide/input");
    let settings = Settings::default();
    for (input, f64_runs, exact_runs, dec_runs) in [
        ("sample_data.txt", 400, 100, 3),
        ("copenhagen.csv", 200, 50, 2),
        ("cop21.csv", 40, 10, 1),
    ] {
        let text = std::fs::read_to_string(dir.join(input)).expect("decide sample");
        let scenario = brink_formats::decide::parse(&text, input).expect("valid input");
        let prob = brink_exchange::problem(&scenario).expect("applicable");
        let (c0, w0) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..f64_runs {
            std::hint::black_box(engine::run(&prob, &settings, 0));
        }
        let (c1, w1) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..exact_runs {
            std::hint::black_box(engine::run_exact(&prob, &settings, 0));
        }
        let (c2, w2) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..exact_runs {
            std::hint::black_box(engine::run_hybrid(&prob, &settings, 0));
        }
        let (c2h, w2h) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..dec_runs {
            std::hint::black_box(engine::run_bigint(&prob, &settings, 0));
        }
        let (c3, w3) = (cpu_seconds(), std::time::Instant::now());
        let same =
            engine::run_hybrid(&prob, &settings, 0) == engine::run_exact(&prob, &settings, 0);
        let ms = |c: f64, w: std::time::Duration, n: usize| {
            format!(
                "{:.2} ms CPU ({:.2} ms wall)",
                c * 1000.0 / n as f64,
                w.as_secs_f64() * 1000.0 / n as f64
            )
        };
        println!(
            "{input} per run: f64 {}; hybrid {}; exact {}; big-integer decimal {}; hybrid = exact: {same}",
            ms(c1 - c0, w1 - w0, f64_runs),
            ms(c2h - c2, w2h - w2, exact_runs),
            ms(c2 - c1, w2 - w1, exact_runs),
            ms(c3 - c2h, w3 - w2h, dec_runs),
        );
    }
}
