//! Development helper: writes the property tests' random trees to files (`--example randtree -- DIR N`).
#[path = "../tests/common/random_tree.rs"]
mod random_tree;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    for seed in 0..args[2].parse::<u64>().unwrap() {
        let t = random_tree::random_tree(seed, 4);
        std::fs::write(
            format!("{}/t{seed}.efg", args[1]),
            brink_games::write_efg(&t),
        )
        .unwrap();
    }
}
