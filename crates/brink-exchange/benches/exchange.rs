//! Criterion benchmarks: the equal-gain model, 10 rounds, on decide's three sample inputs, in
//! each arithmetic: f64 (`run`), the exact hybrid (`run_hybrid`, what `arithmetic=exact` runs),
//! the fixed-width exact decimals alone (`run_exact`) and the big-integer decimals
//! (`run_bigint`, the oracle). decide-exchange-model 2022.1.28 needs ≈ 3 s, 5 s and 46 s wall
//! (1.5 s, –, 26 s CPU) for these here (../shared/reference/decide/output/*_meta.json).
//! Needs ../shared; without it the benchmarks are skipped with a note.
//! `cargo bench -p brink-exchange --bench exchange -- --warm-up-time 1 --measurement-time 3`

use brink_exchange::engine::{self, Problem, Run, Settings};
use criterion::{criterion_group, criterion_main, Criterion};

fn load(input: &str) -> Option<Problem> {
    let path = brink_testkit::shared_dir()?
        .join("reference/decide/input")
        .join(input);
    let text = std::fs::read_to_string(path).ok()?;
    let scenario = brink_formats::decide::parse(&text, input).ok()?;
    brink_exchange::problem(&scenario).ok()
}

const SAMPLES: [(&str, &str); 3] = [
    ("sample_data", "sample_data.txt"),
    ("copenhagen", "copenhagen.csv"),
    ("cop21", "cop21.csv"),
];

type Runner = fn(&Problem, &Settings, u64) -> Run;

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let mut problems = Vec::new();
    for (name, input) in SAMPLES {
        match load(input) {
            Some(prob) => problems.push((name, prob)),
            None => {
                brink_testkit::report_skip(&format!("decide sample `{input}` not found"));
                return;
            }
        }
    }
    let arithmetics: [(&str, Runner, usize); 4] = [
        ("f64", engine::run, 100),
        ("exact hybrid", engine::run_hybrid, 20),
        ("exact dec28", engine::run_exact, 10),
        ("big-integer decimal", engine::run_bigint, 10),
    ];
    for (arithmetic, runner, samples) in arithmetics {
        let mut group = c.benchmark_group(format!("exchange equal 10 rounds {arithmetic}"));
        group.sample_size(samples);
        for (name, prob) in &problems {
            group.bench_function(*name, |b| b.iter(|| runner(prob, &settings, 0)));
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
