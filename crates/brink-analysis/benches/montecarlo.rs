//! Monte Carlo throughput on the EC emission scenario (10 actors, jitter 0.1 on every number):
//! runs per second through the generic path (`BargainingModel::run` per draw) for the baselines,
//! at 1 and 2 threads. Keep runs short on a shared machine:
//! `cargo bench -p brink-analysis --bench montecarlo -- --warm-up-time 1 --measurement-time 3`.

use brink_analysis::{montecarlo, sample, McOptions};
use brink_core::{BargainingModel, ModelParams, Scenario};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn ec() -> Scenario {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ec_emission.toml");
    let (s, _) = brink_formats::load_scenario(path).expect("the EC fixture loads");
    sample::jittered(&s, 0.1)
}

fn bench(c: &mut Criterion) {
    let scenario = ec();
    let params = ModelParams::default();
    const RUNS: usize = 20_000;
    let mut group = c.benchmark_group("mc_ec_emission");
    group.sample_size(10);
    group.throughput(Throughput::Elements(RUNS as u64));
    let sets: Vec<(&str, Vec<&dyn BargainingModel>)> = vec![
        ("compromise", vec![brink_models::by_name("compromise").unwrap()]),
        ("baselines", brink_models::registry()),
    ];
    for (name, models) in &sets {
        for threads in [1, 2] {
            group.bench_with_input(
                BenchmarkId::new(*name, format!("{threads}t")),
                &threads,
                |b, &t| {
                    b.iter(|| {
                        let mut opts = McOptions::new(RUNS, 1);
                        opts.threads = Some(t);
                        montecarlo::run(&scenario, models, &params, opts).unwrap()
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
