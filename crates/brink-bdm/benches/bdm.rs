//! Criterion benchmarks of the BDM engine: random scenarios of n = 10, 100, 1,000 actors × 10
//! rounds (scholz and textbook) and 10,000 actors (× 1 round, × 10 with `BRINK_BENCH_HUGE=1`),
//! the EC emission and Saudi oil cases, the allocation-free `run_into` path, the direct O(n³)
//! reference for contrast, and the dense engine against the sorted one on 10–192 actors. Keep runs short on shared machines:
//! `cargo bench -p brink-bdm -- --warm-up-time 1 --measurement-time 3`.

use brink_bdm::reference::run_direct;
use brink_bdm::{run, run_into, BdmInputs, BdmOptions, BdmWorkspace, Variant};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use std::time::Duration;

#[path = "../tests/common/published.rs"]
mod published;
use published::{columns, EC_EMISSION, SAUDI_OIL};

type Columns = (Vec<f64>, Vec<f64>, Vec<f64>);

/// A reproducible random scenario (splitmix64): positions on 0–100, capabilities and saliences
/// on (0, 1].
fn random(n: usize, seed: u64) -> Columns {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut x = Vec::with_capacity(n);
    let mut c = Vec::with_capacity(n);
    let mut s = Vec::with_capacity(n);
    for _ in 0..n {
        x.push(100.0 * next());
        c.push(1.0 - next());
        s.push(1.0 - next());
    }
    (x, c, s)
}

fn inputs(cols: &Columns) -> BdmInputs<'_> {
    BdmInputs {
        positions: &cols.0,
        capabilities: &cols.1,
        saliences: &cols.2,
    }
}

fn opts(variant: Variant) -> BdmOptions {
    BdmOptions {
        variant,
        rounds: 10,
        until_stable: false,
    }
}

fn cases(c: &mut Criterion) {
    let ec = columns(&EC_EMISSION);
    let saudi = columns(&SAUDI_OIL);
    let mut g = c.benchmark_group("cases_10_rounds");
    g.bench_function("ec_emission_10/run", |b| {
        b.iter(|| run(black_box(&inputs(&ec)), &opts(Variant::Scholz)).unwrap())
    });
    g.bench_function("saudi_oil_17/run", |b| {
        b.iter(|| run(black_box(&inputs(&saudi)), &opts(Variant::Scholz)).unwrap())
    });
    let mut ws = BdmWorkspace::new(17);
    g.bench_function("ec_emission_10/run_into", |b| {
        b.iter(|| run_into(&mut ws, black_box(&inputs(&ec)), &opts(Variant::Scholz)).unwrap())
    });
    g.bench_function("saudi_oil_17/run_into", |b| {
        b.iter(|| run_into(&mut ws, black_box(&inputs(&saudi)), &opts(Variant::Scholz)).unwrap())
    });
    g.bench_function("saudi_oil_17/direct_reference", |b| {
        b.iter(|| run_direct(black_box(&inputs(&saudi)), &opts(Variant::Scholz)).unwrap())
    });
    g.finish();
}

fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("random_10_rounds");
    g.sample_size(10);
    for &n in &[10usize, 100, 1_000] {
        let cols = random(n, 42 + n as u64);
        for variant in [Variant::Scholz, Variant::Textbook] {
            let mut ws = BdmWorkspace::new(n);
            g.bench_with_input(BenchmarkId::new(variant.name(), n), &cols, |b, cols| {
                b.iter(|| run_into(&mut ws, black_box(&inputs(cols)), &opts(variant)).unwrap())
            });
        }
        if n <= 100 {
            g.bench_with_input(BenchmarkId::new("direct_reference", n), &cols, |b, cols| {
                b.iter(|| run_direct(black_box(&inputs(cols)), &opts(Variant::Scholz)).unwrap())
            });
        }
    }
    g.finish();

    // n = 10,000: about a minute of CPU per 10-round run, so criterion's 10 samples take ten
    // minutes — only on request. By default one round (the cost per round is the same in every
    // round: no state carries over but the positions).
    let huge = std::env::var_os("BRINK_BENCH_HUGE").is_some();
    let n = 10_000;
    let cols = random(n, 42 + n as u64);
    let rounds = if huge { 10 } else { 1 };
    let mut g = c.benchmark_group(format!("random_{rounds}_rounds"));
    g.sample_size(10);
    g.sampling_mode(criterion::SamplingMode::Flat);
    g.measurement_time(Duration::from_secs(1));
    let mut ws = BdmWorkspace::new(n);
    let o = BdmOptions {
        rounds,
        ..opts(Variant::Scholz)
    };
    g.bench_with_input(BenchmarkId::new("scholz", n), &cols, |b, cols| {
        b.iter(|| run_into(&mut ws, black_box(&inputs(cols)), &o).unwrap())
    });
    g.finish();
}

/// The dense engine against the sorted one up to and past `run`'s switch-over (160 actors; the
/// two cross near 180 here): 10 rounds, scholz, on random scenarios.
fn engines(c: &mut Criterion) {
    let mut g = c.benchmark_group("engines_10_rounds");
    g.sample_size(20);
    for &n in &[10usize, 24, 48, 96, 160, 192] {
        let cols = random(n, 7 + n as u64);
        let mut dense = BdmWorkspace::new(n);
        g.bench_with_input(BenchmarkId::new("default", n), &cols, |b, cols| {
            b.iter(|| {
                run_into(&mut dense, black_box(&inputs(cols)), &opts(Variant::Scholz)).unwrap()
            })
        });
        let mut sorted = BdmWorkspace::sorted_engine(n);
        g.bench_with_input(BenchmarkId::new("sorted", n), &cols, |b, cols| {
            b.iter(|| {
                run_into(
                    &mut sorted,
                    black_box(&inputs(cols)),
                    &opts(Variant::Scholz),
                )
                .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, cases, scaling, engines);
criterion_main!(benches);
