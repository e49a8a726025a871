//! Runs one case many times through `run_into`, so that `/usr/bin/time` can report the CPU time
//! per run on a machine too loaded for criterion's wall-clock figures to mean much:
//! `cargo build --release -p brink-bdm --example cpu_time`, then
//! `/usr/bin/time -f "user %U s" target/release/examples/cpu_time CASE REPS [ROUNDS]` with CASE
//! `ec` (EC emission, 10 actors), `saudi` (Saudi oil, 17 actors) or a number of random actors.
//! The printed mean keeps the work from being optimised away.

use brink_bdm::*;

#[path = "../tests/common/published.rs"]
mod published;

fn usage() -> ! {
    eprintln!("usage: cpu_time ec|saudi|N [REPS [ROUNDS]]");
    std::process::exit(2)
}

fn arg(i: usize, default: usize) -> usize {
    match std::env::args().nth(i) {
        None => default,
        Some(a) => a.parse().unwrap_or_else(|_| usage()),
    }
}

fn main() {
    let what = std::env::args().nth(1).unwrap_or_else(|| usage());
    let reps = arg(2, 1);
    let (x, c, s): (Vec<f64>, Vec<f64>, Vec<f64>) = match what.as_str() {
        "ec" => published::columns(&published::EC_EMISSION),
        "saudi" => published::columns(&published::SAUDI_OIL),
        n => {
            let n: usize = n.parse().unwrap_or_else(|_| usage());
            let mut state = 12345u64;
            let mut next = move || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let x: Vec<f64> = (0..n).map(|_| 100.0 * next()).collect();
            let c: Vec<f64> = (0..n).map(|_| 1.0 - next()).collect();
            let s: Vec<f64> = (0..n).map(|_| 1.0 - next()).collect();
            (x, c, s)
        }
    };
    let inputs = BdmInputs {
        positions: &x,
        capabilities: &c,
        saliences: &s,
    };
    let mut ws = BdmWorkspace::new(x.len());
    let mut m = 0.0;
    let rounds = arg(3, 10);
    let o = BdmOptions {
        rounds,
        ..BdmOptions::default()
    };
    for _ in 0..reps {
        m += run_into(&mut ws, &inputs, &o)
            .unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(1)
            })
            .mean;
    }
    println!("{what} x{reps}: {}", m / reps as f64);
}
