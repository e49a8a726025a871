//! SMP speed on KTAB's examples (compare with smpc's times in ../shared/reference/ktab/README.md):
//! full runs to KTAB's stopping rule of the 40-, 80- and 160-actor examples and of the
//! 6-dimension one, plus one turn of the 160-actor example.

use brink_core::ModelParams;
use brink_formats::ktab_csv;
use brink_smp::{engine, model};
use criterion::{criterion_group, criterion_main, Criterion};

fn load(name: &str) -> Option<(engine::Problem, brink_smp::SmpParams)> {
    let dir = brink_testkit::shared_dir()?.join("reference/ktab/input");
    let text = std::fs::read_to_string(dir.join(format!("{name}.csv"))).ok()?;
    let scenario = ktab_csv::parse(&text, name).ok()?;
    let params = model::resolve_params(&scenario, &ModelParams::default()).ok()?;
    let mapped = model::map_scenario(&scenario, &params).ok()?;
    Some((mapped.problem, params))
}

fn full_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("smp_to_convergence");
    group.sample_size(10);
    for name in [
        "dummyData_6Dim",
        "dummyData-a040",
        "dummyData-a080",
        "dummyData-a160",
    ] {
        let Some((problem, params)) = load(name) else {
            brink_testkit::report_skip(&format!("KTAB input {name}"));
            continue;
        };
        group.bench_function(name, |b| {
            b.iter(|| engine::run(&problem, &params, 0).unwrap().turns())
        });
    }
    group.finish();
}

fn one_turn(c: &mut Criterion) {
    let Some((problem, mut params)) = load("dummyData-a160") else {
        brink_testkit::report_skip("KTAB input dummyData-a160");
        return;
    };
    params.stop = brink_smp::params::StopRule::Turns(1);
    let mut group = c.benchmark_group("smp_one_turn");
    group.sample_size(10);
    group.bench_function("dummyData-a160", |b| {
        b.iter(|| engine::run(&problem, &params, 0).unwrap().turns())
    });
    group.finish();
}

criterion_group!(benches, full_runs, one_turn);
criterion_main!(benches);
