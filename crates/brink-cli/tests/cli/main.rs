//! brink-cli's integration tests, one binary (one link, one run): a module per command or input
//! class, the helpers they share in [`common`]. `cargo test -p brink-cli --test cli MODULE::`
//! runs one module.

#[macro_use]
mod common;

mod analysis;
mod bad_imports;
mod bad_input;
mod bdm;
mod charts;
mod cli;
mod control;
mod crisis;
mod events;
mod exchange;
mod extreme_inputs;
mod extremes;
mod game;
mod game_large;
mod game_people;
mod people;
mod scenario_easy;
mod seed_scenarios;
mod smp;
mod widths;
