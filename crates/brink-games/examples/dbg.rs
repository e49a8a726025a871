fn main() {
    let args: Vec<String> = std::env::args().collect();
    let g = brink_games::load_file(std::path::Path::new(&args[1])).unwrap();
    if let brink_games::AnyGame::Extensive(t) = &g {
        for l in [0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1000.0] {
            println!(
                "{l}: {:?}",
                brink_games::agent_qre(t, l).map(|b| b
                    .iter()
                    .flatten()
                    .flatten()
                    .map(|x| (x * 1e4).round() / 1e4)
                    .collect::<Vec<_>>())
            );
        }
    }
}
