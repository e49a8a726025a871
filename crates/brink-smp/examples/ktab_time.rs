//! Times full SMP runs of a KTAB CSV input: `cargo run --release -p brink-smp --example ktab_time -- FILE [REPEATS]`.
use brink_core::ModelParams;
use brink_smp::{engine, model};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).expect("usage: ktab_time FILE.csv [REPEATS]");
    let repeats: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let text = std::fs::read_to_string(file).expect("readable file");
    let scenario = brink_formats::ktab_csv::parse(&text, file).unwrap_or_else(|e| panic!("{e}"));
    let params = model::resolve_params(&scenario, &ModelParams::default()).unwrap();
    let mapped = model::map_scenario(&scenario, &params).unwrap();
    for _ in 0..repeats {
        let t = Instant::now();
        let run = engine::run(&mapped.problem, &params, 0).unwrap();
        println!(
            "{} turns in {:.3} s",
            run.turns(),
            t.elapsed().as_secs_f64()
        );
    }
}
