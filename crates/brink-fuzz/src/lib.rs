//! A mutation fuzzer for brink's input parsers that runs on stable Rust (no `cargo fuzz`, no
//! nightly). It mutates a seed corpus — the reference files of `../shared/reference`, the repo's
//! scenarios and a few built-in seeds — with byte flips, insertions, deletions, splices, huge
//! numbers, long repeats and deep nesting, and runs each input through everything `brink check`
//! and `brink game info` run ([`target::run`]), in-process, catching panics.
//!
//! - [`corpus`]: the seed inputs;
//! - [`mutate`]: the mutations (deterministic: input `i` of seed `s` is always the same bytes);
//! - [`target`]: the parsers under test;
//! - [`campaign`]: a loop over iterations with an execution counter, panics saved to files.
//!
//! `cargo run --release -p brink-fuzz -- --help` runs long campaigns (aborts and hangs are
//! caught by running chunks in child processes); `tests/short_run.rs` is CI's short run.

pub mod campaign;
pub mod corpus;
pub mod mutate;
pub mod target;
