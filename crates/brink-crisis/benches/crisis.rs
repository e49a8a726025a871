//! Speed of the crisis analysis: building and solving the patron game (QRE and SPE) with one to
//! five transit states — what every Monte Carlo run does — and the solve alone.

use brink_crisis::patron::{build, PatronParams};
use brink_games::{backward_induction as solve, Rule};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    for n in [1usize, 3, 5] {
        let p = PatronParams::reference(n, 0.3);
        let mut names = vec!["A".to_string(), "B".into(), "C".into()];
        names.extend((1..=n).map(|k| format!("T{k}")));
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        c.bench_function(&format!("patron build+QRE+SPE, {n} transit"), |b| {
            b.iter(|| {
                let g = build(&p, &refs).unwrap();
                let q = solve(&g.game, Rule::Logit(10.0)).unwrap();
                let s = solve(&g.game, Rule::Best).unwrap();
                (q.reach[0], s.reach[0])
            })
        });
        let g = build(&p, &refs).unwrap();
        c.bench_function(&format!("patron QRE+SPE only, {n} transit"), |b| {
            b.iter(|| {
                let q = solve(&g.game, Rule::Logit(10.0)).unwrap();
                let s = solve(&g.game, Rule::Best).unwrap();
                (q.reach[0], s.reach[0])
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
