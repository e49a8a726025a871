//! Criterion benchmarks of the solvers on random games: bimatrix n×n (payoffs 0–99, the same
//! kind as ../shared/reference/games/random/, where pygambit's timings are), and random trees
//! of growing size (the reference trees up to 9,841 nodes when ../shared is there, generated
//! ones otherwise), with sequence-form Lemke's sparse and dense engines side by side.
//! Run short on a shared machine: `cargo bench -p brink-games -- --warm-up-time 1 --measurement-time 3`.

use brink_games::num::qi;
use brink_games::solvers::seqform::{lemke_with, Engine};
use brink_games::{load_file, solve, AnyGame, Method, Options, StrategicGame};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[path = "../tests/common/random_tree.rs"]
mod random_tree;

fn random_bimatrix(n: usize, seed: u64) -> AnyGame {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let a: Vec<Vec<_>> = (0..n)
        .map(|_| (0..n).map(|_| qi(rng.gen_range(0..100))).collect())
        .collect();
    let b: Vec<Vec<_>> = (0..n)
        .map(|_| (0..n).map(|_| qi(rng.gen_range(0..100))).collect())
        .collect();
    AnyGame::Strategic(StrategicGame::bimatrix("random", &a, &b))
}

/// The zero-sum game with player 1's payoffs of `g` (a bimatrix game).
fn zero_sum(g: &AnyGame) -> AnyGame {
    let AnyGame::Strategic(s) = g else {
        panic!("a strategic game")
    };
    let n = s.num_strategies();
    let a: Vec<Vec<_>> = (0..n[0])
        .map(|i| {
            (0..n[1])
                .map(|j| s.payoff(s.profile_index(&[i, j]), 0).clone())
                .collect()
        })
        .collect();
    let b: Vec<Vec<_>> = a.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
    AnyGame::Strategic(StrategicGame::bimatrix("zero-sum", &a, &b))
}

/// The reference game of that size when ../shared is there (pygambit was timed on it).
fn bimatrix(n: usize) -> AnyGame {
    if let Some(dir) = brink_testkit::shared_dir() {
        let f = dir.join(format!(
            "reference/games/random/rand_bimatrix_{n}x{n}_s{}.nfg",
            1000 + n
        ));
        if let Ok(g) = load_file(&f) {
            return g;
        }
    }
    random_bimatrix(n, n as u64)
}

fn sizes_from_env(default: &[usize]) -> Vec<usize> {
    std::env::var("BRINK_BENCH_SIZES")
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|_| default.to_vec())
}

fn bench_bimatrix(c: &mut Criterion) {
    let mut group = c.benchmark_group("bimatrix");
    group.sample_size(10);
    for n in sizes_from_env(&[4, 6, 8, 10, 12, 15, 20]) {
        let g = bimatrix(n);
        let exact = Options {
            exact: true,
            ..Options::default()
        };
        let float = Options::default();
        if n <= 12 {
            group.bench_with_input(BenchmarkId::new("enummixed_exact", n), &g, |b, g| {
                b.iter(|| solve(g, Method::EnumMixed, &exact).unwrap())
            });
            group.bench_with_input(BenchmarkId::new("enummixed_float", n), &g, |b, g| {
                b.iter(|| solve(g, Method::EnumMixed, &float).unwrap())
            });
        }
        group.bench_with_input(BenchmarkId::new("lcp_float_all", n), &g, |b, g| {
            b.iter(|| solve(g, Method::Lcp, &float).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("logit", n), &g, |b, g| {
            b.iter(|| solve(g, Method::Logit, &float).unwrap())
        });
        // lp needs a constant-sum game: player 1's payoffs of the same game, player 2 minus them.
        let zs = zero_sum(&g);
        group.bench_with_input(BenchmarkId::new("lp_zero_sum_exact", n), &zs, |b, g| {
            b.iter(|| solve(g, Method::Lp, &exact).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("lp_zero_sum_float", n), &zs, |b, g| {
            b.iter(|| solve(g, Method::Lp, &float).unwrap())
        });
    }
    group.finish();
}

fn bench_trees(c: &mut Criterion) {
    let mut group = c.benchmark_group("trees");
    group.sample_size(10);
    let mut trees: Vec<(String, AnyGame)> = vec![];
    if let Some(dir) = brink_testkit::shared_dir() {
        for name in [
            "rand_efg_d4_b2_s2042",
            "rand_efg_d5_b2_s2052",
            "rand_efg_d6_b2_s2062",
            "rand_efg_d7_b2_s2072",
            "rand_efg_d8_b2_s2082",
            "rand_efg_d9_b2_s2092",
            "rand_efg_d10_b2_s2102",
            "rand_efg_d7_b3_s2073",
            "rand_efg_d8_b3_s2083",
        ] {
            if let Ok(g) = load_file(&dir.join(format!("reference/games/random/{name}.efg"))) {
                trees.push((name.to_string(), g));
            }
        }
    }
    if trees.is_empty() {
        for depth in [3, 4, 5, 6] {
            trees.push((
                format!("generated_d{depth}"),
                AnyGame::Extensive(random_tree::random_tree(depth as u64, depth)),
            ));
        }
    }
    for (name, g) in &trees {
        let AnyGame::Extensive(t) = g else { continue };
        let nodes = t.nodes().len();
        let id = format!("{name}_{nodes}nodes");
        // The default (sparse from 100 LCP rows) with its regret check, then each engine alone.
        group.bench_with_input(BenchmarkId::new("lcp_seqform", &id), g, |b, g| {
            b.iter(|| solve(g, Method::Lcp, &Options::default()).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("lcp_seqform_sparse", &id), t, |b, t| {
            b.iter(|| lemke_with(t, false, Engine::Sparse).unwrap())
        });
        // The dense tableau takes seconds from ~2,000 nodes and is refused at 9,841.
        if nodes <= 1100 {
            group.bench_with_input(BenchmarkId::new("lcp_seqform_dense", &id), t, |b, t| {
                b.iter(|| lemke_with(t, false, Engine::Dense).unwrap())
            });
        }
        if nodes <= 300 {
            group.bench_with_input(BenchmarkId::new("logit_agent", &id), g, |b, g| {
                b.iter(|| solve(g, Method::Logit, &Options::default()))
            });
        }
        if nodes <= 1100 {
            group.bench_with_input(BenchmarkId::new("spe", &id), g, |b, g| {
                b.iter(|| solve(g, Method::Spe, &Options::default()))
            });
        }
    }
    // lp on trees needs constant-sum payoffs: generated zero-sum trees (no reference exists).
    for depth in [4, 6, 8] {
        let t = AnyGame::Extensive(random_tree::random_zero_sum_tree(depth as u64, depth));
        let AnyGame::Extensive(tt) = &t else { continue };
        let id = format!("zero_sum_d{depth}_{}nodes", tt.nodes().len());
        let exact = Options {
            exact: true,
            ..Options::default()
        };
        // The rational tableau takes about a second at depth 8: exact only up to depth 6.
        if depth <= 6 {
            group.bench_with_input(BenchmarkId::new("lp_seqform_exact", &id), &t, |b, g| {
                b.iter(|| solve(g, Method::Lp, &exact).unwrap())
            });
        }
        group.bench_with_input(BenchmarkId::new("lp_seqform_float", &id), &t, |b, g| {
            b.iter(|| solve(g, Method::Lp, &Options::default()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_bimatrix, bench_trees);
criterion_main!(benches);
