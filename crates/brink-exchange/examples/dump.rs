//! Prints the exchanges of one run, decide's exchanges.csv columns, for comparing by eye:
//! `cargo run -p brink-exchange --example dump -- FILE [ROUND] [VARIANT]`.

use brink_exchange::engine;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let file = args.get(1).expect("usage: dump FILE [ROUND] [VARIANT]");
    let only: Option<usize> = args.get(2).and_then(|a| a.parse().ok());
    let text = std::fs::read_to_string(file).expect("readable file");
    let scenario = brink_formats::decide::parse(&text, file).unwrap_or_else(|e| panic!("{e}"));
    let params = brink_core::ModelParams {
        variant: args.get(3).cloned(),
        ..Default::default()
    };
    let settings = brink_exchange::settings(&scenario, &params)
        .expect("settings")
        .settings;
    let prob = brink_exchange::problem(&scenario).expect("applicable");
    let run = engine::run(&prob, &settings, 42);
    for (r, round) in run.rounds.iter().enumerate() {
        if only.is_some_and(|o| o != r) {
            continue;
        }
        println!("round {r}: {} candidates", round.candidates);
        for (n, e) in round.exchanges.iter().enumerate() {
            println!(
                "{r},{n},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                prob.actors[e.i.actor],
                prob.issues[e.i.supply],
                e.i.x,
                e.i.y,
                e.i.decide_eu,
                prob.actors[e.j.actor],
                prob.issues[e.j.supply],
                e.j.x,
                e.j.y,
                e.j.decide_eu,
                e.gain,
                e.dp,
                e.dq
            );
        }
    }
}
