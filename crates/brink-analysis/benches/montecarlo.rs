//! Monte Carlo throughput on the EC emission scenario (10 actors, jitter 0.1 on every number):
//! runs per second at 1 and 2 threads for `bdm` (10 rounds, scholz) through its allocation-free
//! kernel and through the generic path (`BargainingModel::run` per draw), and for the baselines.
//! Keep runs short on a shared machine:
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
    let mut group = c.benchmark_group("mc_ec_emission");
    group.sample_size(10);
    let baselines: Vec<&dyn BargainingModel> = ["compromise", "median", "mean", "midpoint", "nbs"]
        .iter()
        .map(|n| brink_models::by_name(n).unwrap())
        .collect();
    // (name, models, use kernels, runs per iteration)
    let sets: Vec<(&str, Vec<&dyn BargainingModel>, bool, usize)> = vec![
        ("bdm_kernel", vec![&brink_bdm::Bdm], true, 5_000),
        ("bdm_generic", vec![&brink_bdm::Bdm], false, 5_000),
        ("compromise", vec![baselines[0]], true, 20_000),
        ("baselines", baselines.clone(), true, 20_000),
    ];
    for (name, models, kernels, runs) in &sets {
        group.throughput(Throughput::Elements(*runs as u64));
        for threads in [1, 2] {
            group.bench_with_input(
                BenchmarkId::new(*name, format!("{threads}t")),
                &threads,
                |b, &t| {
                    b.iter(|| {
                        let mut opts = McOptions::new(*runs, 1);
                        opts.threads = Some(t);
                        if !kernels {
                            opts.use_kernels = false;
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
