//! Loading large scenarios (issue 12: TOML/JSON loading was quadratic — every located field
//! rescanned the file for its line and column; 2.7 MB took over a minute). A 2.7 MB generated
//! scenario (3,000 actors × 10 issues), as TOML and as its JSON twin, read and validated.

#[path = "../examples/common/large.rs"]
mod large;

use criterion::{criterion_group, criterion_main, Criterion};

fn load(c: &mut Criterion) {
    let toml = large::large_scenario(3000, 10);
    let (loaded, _) = brink_formats::load_text(&toml, "large.toml").expect("a valid scenario");
    let brink_formats::Loaded::Scenario(scenario) = loaded else {
        unreachable!("a scenario")
    };
    let json = brink_formats::toml_scenario::to_json(&scenario);
    let mut group = c.benchmark_group("load_large_scenario");
    group.sample_size(10);
    group.bench_function(format!("toml_{}_bytes", toml.len()), |b| {
        b.iter(|| brink_formats::load_text(&toml, "large.toml").unwrap())
    });
    group.bench_function(format!("json_{}_bytes", json.len()), |b| {
        b.iter(|| brink_formats::load_text(&json, "large.json").unwrap())
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
