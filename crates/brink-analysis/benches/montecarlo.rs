//! Monte Carlo throughput on the EC emission scenario (10 actors, jitter 0.1 on every number):
//! runs per second at 1 and 2 threads for `bdm` (10 rounds, scholz) through its allocation-free
//! kernel and through the generic path (`BargainingModel::run` per draw), and for the baselines. Keep runs short on a shared machine:
//! `cargo bench -p brink-analysis --bench montecarlo -- --warm-up-time 1 --measurement-time 3`.

use brink_analysis::{montecarlo, sample, McOptions};
use brink_core::{BargainingModel, ModelParams, Scenario};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn ec() -> Scenario {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ec_emission.toml"
    );
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
    let baselines: Vec<&dyn BargainingModel> = ["compromise", "median", "mean", "midpoint", "nbs"]
        .iter()
        .map(|n| brink_models::by_name(n).unwrap())
        .collect();
    let sets: Vec<(&str, Vec<&dyn BargainingModel>, bool)> = vec![
        ("bdm_kernel", vec![&brink_bdm::Bdm], true),
        ("bdm_generic", vec![&brink_bdm::Bdm], false),
        ("compromise", vec![baselines[0]], true),
        ("baselines", baselines.clone(), true),
    ];
    for (name, models, kernels) in &sets {
        for threads in [1, 2] {
            group.bench_with_input(
                BenchmarkId::new(*name, format!("{threads}t")),
                &threads,
                |b, &t| {
                    b.iter(|| {
                        let mut opts = McOptions::new(RUNS, 1);
                        opts.threads = Some(t);
                        if !kernels {
                            opts.kernels = &[];
                        }
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
