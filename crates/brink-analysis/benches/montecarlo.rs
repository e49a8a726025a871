//! Monte Carlo throughput on the EC emission scenario (10 actors, jitter 0.1 on every number):
//! runs per second at 1 and 2 threads for `bdm` (10 rounds, scholz) through its allocation-free
//! kernel and through the generic path (`BargainingModel::run` per draw), and for the baselines;
//! and on the seed scenario (`scenarios/iran-2026.toml`, 12 actors, 5 issues, its own
//! uncertainty): smp and exchange through their scenario kernels and through `run`, and every
//! model together — the work of `brink forecast`'s intervals (400 draws) and of
//! `brink simulate` (per draw).
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

    // The seed scenario: every model, and smp and exchange through their kernels or `run`.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/iran-2026.toml"
    );
    let (iran, _) = brink_formats::load_scenario(path).expect("the seed scenario loads");
    let mut group = c.benchmark_group("mc_iran_2026");
    group.sample_size(10);
    let every: Vec<&dyn BargainingModel> = brink_models::registry();
    let smp = vec![brink_models::by_name("smp").unwrap()];
    let exchange = vec![brink_models::by_name("exchange").unwrap()];
    let sets: Vec<(&str, Vec<&dyn BargainingModel>, bool, usize)> = vec![
        ("every_model", every, true, 400),
        ("smp_kernel", smp.clone(), true, 400),
        ("smp_generic", smp, false, 100),
        ("exchange_kernel", exchange.clone(), true, 400),
        ("exchange_generic", exchange, false, 100),
    ];
    for (name, models, kernels, runs) in &sets {
        group.throughput(Throughput::Elements(*runs as u64));
        group.bench_function(BenchmarkId::new(*name, "2t"), |b| {
            b.iter(|| {
                let mut opts = McOptions::new(*runs, 1);
                opts.threads = Some(2);
                opts.use_kernels = *kernels;
                montecarlo::run(&iran, models, &params, opts).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
