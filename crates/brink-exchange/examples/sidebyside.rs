//! CPU time per 10-round equal-gain run on decide's samples, f64 and decimal, for comparing with
//! decide's own CPU time on the same machine (a loaded machine shows in wall time, far less in
//! CPU time): `cargo run --release -p brink-exchange --example sidebyside -- SHARED_DIR`.

use brink_exchange::engine::{self, Settings};

/// This process's user + system CPU time in seconds (Linux `/proc/self/stat`, 100 ticks/s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / 100.0
}

fn main() {
    let shared = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared".into());
    let dir = std::path::Path::new(&shared).join("reference/decide/input");
    let settings = Settings::default();
    for (input, f64_runs, dec_runs) in [
        ("sample_data.txt", 400, 3),
        ("copenhagen.csv", 200, 2),
        ("cop21.csv", 40, 1),
    ] {
        let text = std::fs::read_to_string(dir.join(input)).expect("decide sample");
        let scenario = brink_formats::decide::parse(&text, input).expect("valid input");
        let prob = brink_exchange::problem(&scenario).expect("applicable");
        let (c0, w0) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..f64_runs {
            std::hint::black_box(engine::run(&prob, &settings, 0));
        }
        let (c1, w1) = (cpu_seconds(), std::time::Instant::now());
        for _ in 0..dec_runs {
            std::hint::black_box(engine::run_exact(&prob, &settings, 0));
        }
        let (c2, w2) = (cpu_seconds(), std::time::Instant::now());
        println!(
            "{input}: f64 {:.2} ms CPU ({:.2} ms wall) per run; decimal {:.3} s CPU ({:.3} s wall) per run",
            (c1 - c0) * 1000.0 / f64_runs as f64,
            (w1 - w0).as_secs_f64() * 1000.0 / f64_runs as f64,
            (c2 - c1) / dec_runs as f64,
            (w2 - w1).as_secs_f64() / dec_runs as f64,
        );
    }
}
