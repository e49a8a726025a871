//! Development helper: times one solver on one game file (`cargo run --release --example dbg -- FILE METHOD [exact]`).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let g = brink_games::load_file(std::path::Path::new(&args[1])).unwrap();
    let m: brink_games::Method = args[2].parse().unwrap();
    let opts = brink_games::Options {
        exact: args.get(3).is_some_and(|a| a == "exact"),
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let r = brink_games::solve(&g, m, &opts);
    let el = t.elapsed().as_secs_f64();
    match r {
        Ok(eqs) => println!(
            "{} {}: {} eq in {:.4} s, max regret {:.2e}",
            args[1].rsplit('/').next().unwrap(),
            args[2],
            eqs.len(),
            el,
            eqs.iter().map(|e| e.max_regret).fold(0.0, f64::max)
        ),
        Err(e) => println!("{}: error {e} after {el:.3} s", args[1]),
    }
}
