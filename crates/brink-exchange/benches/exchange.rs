//! Criterion benchmarks: the equal-gain model, 10 rounds, on decide's three sample inputs, in
//! f64 and in decide's decimal arithmetic. decide-exchange-model 2022.1.28 needs ≈ 3 s, 5 s and
//! 46 s wall (1.5 s, –, 26 s CPU) for these here (../shared/reference/decide/output/*_meta.json).
//! Needs ../shared; without it the benchmarks are skipped with a note.

use brink_exchange::engine::{self, Problem, Settings};
use criterion::{criterion_group, criterion_main, Criterion};

fn load(input: &str) -> Option<Problem> {
    let path = brink_core::shared_dir()?
        .join("reference/decide/input")
        .join(input);
    let text = std::fs::read_to_string(path).ok()?;
    let scenario = brink_formats::decide::parse(&text, input).ok()?;
    brink_exchange::problem(&scenario).ok()
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    for (name, input) in [
        ("sample_data", "sample_data.txt"),
        ("copenhagen", "copenhagen.csv"),
        ("cop21", "cop21.csv"),
    ] {
        let Some(prob) = load(input) else {
            brink_core::report_skip(&format!("decide sample `{input}` not found"));
            return;
        };
        c.bench_function(&format!("exchange equal f64 10 rounds {name}"), |b| {
            b.iter(|| engine::run(&prob, &settings, 0))
        });
    }
    let mut slow = c.benchmark_group("decimal");
    slow.sample_size(10);
    for (name, input) in [("sample_data", "sample_data.txt"), ("cop21", "cop21.csv")] {
        let Some(prob) = load(input) else { return };
        slow.bench_function(format!("exchange equal decimal 10 rounds {name}"), |b| {
            b.iter(|| engine::run_exact(&prob, &settings, 0))
        });
    }
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
