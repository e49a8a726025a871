//! Development helper: pivots and factorizations of sparse sequence-form Lemke on one tree.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let g = brink_games::load_file(std::path::Path::new(&args[1])).unwrap();
    let brink_games::AnyGame::Extensive(t) = g else {
        panic!("not a tree")
    };
    let sf = brink_games::solvers::seqform::sequence_form(&t).unwrap();
    let start = match args.get(2).map(String::as_str) {
        None | Some("prior") => brink_games::solvers::seqform_sparse::Start::Prior,
        Some(k) => brink_games::solvers::seqform_sparse::Start::Pure(k.parse().unwrap()),
    };
    let delta: f64 = args.get(3).map_or(1e-7, |s| s.parse().unwrap());
    let t0 = std::time::Instant::now();
    let r = brink_games::solvers::seqform_sparse::lemke_plans_sparse(&sf, start, delta);
    println!("{:.3} s: {:?}", t0.elapsed().as_secs_f64(), r.map(|x| x.1));
}
