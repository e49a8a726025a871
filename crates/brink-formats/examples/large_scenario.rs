//! Writes a large generated scenario to stdout, to time `brink check` on it:
//!
//! ```sh
//! cargo run --release -p brink-formats --example large_scenario -- 3000 10 > large.toml
//! time brink check large.toml        # 2.7 MB: 0.4 s here (was > 60 s before the line index)
//! ```

#[path = "common/large.rs"]
mod large;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let actors = args.next().and_then(Result::ok).unwrap_or(3000);
    let issues = args.next().and_then(Result::ok).unwrap_or(10);
    print!("{}", large::large_scenario(actors, issues));
}
