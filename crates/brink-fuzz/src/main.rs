//! `brink-fuzz`: long fuzz campaigns over every brink parser.
//!
//! ```sh
//! cargo run --release -p brink-fuzz -- --executions 10000000 --seed 1 --out fuzz-findings
//! ```
//!
//! The parent runs the iterations in chunks, each in a child process (`--child`), so that an
//! abort (stack overflow, failed allocation) or a hang kills only the child; the parent then
//! bisects the chunk to the one input responsible and saves it. Panics and slow inputs are caught
//! in the child itself. One thread: the machine is shared.

use brink_fuzz::{campaign, corpus, mutate};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Opts {
    seed: u64,
    start: u64,
    executions: u64,
    chunk: u64,
    out: PathBuf,
    minutes: Option<f64>,
    child: bool,
}

const USAGE: &str = "usage: brink-fuzz [--seed S] [--start I] [--executions N] [--chunk C] [--out DIR] [--minutes M]
  --seed S         campaign seed (default 1); input i of seed S is always the same bytes
  --start I        first iteration (default 0)
  --executions N   iterations to run (default 1000000)
  --chunk C        iterations per child process (default 100000)
  --out DIR        where findings are saved (default fuzz-findings)
  --minutes M      stop after M minutes";

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        seed: 1,
        start: 0,
        executions: 1_000_000,
        chunk: 100_000,
        out: PathBuf::from("fuzz-findings"),
        minutes: None,
        child: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        let num = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{a}: expected a whole number, found `{v}`"))
        };
        match a.as_str() {
            "--seed" => o.seed = num(value()?)?,
            "--start" => o.start = num(value()?)?,
            "--executions" | "--count" => o.executions = num(value()?)?,
            "--chunk" => o.chunk = num(value()?)?.max(1),
            "--out" => o.out = PathBuf::from(value()?),
            "--minutes" => {
                let v = value()?;
                o.minutes = Some(
                    v.parse()
                        .map_err(|_| format!("--minutes: expected a number, found `{v}`"))?,
                )
            }
            "--child" => o.child = true,
            "--help" | "-h" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(o)
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    let seeds = corpus::load();
    if opts.child {
        let stats = campaign::run(
            &seeds,
            opts.seed,
            opts.start,
            opts.executions,
            None,
            Some(&opts.out),
        );
        println!(
            "EXECS {} LOADED {} PANICS {} SLOW {}",
            stats.executions,
            stats.loaded,
            stats.panics.len(),
            stats.slow.len()
        );
        return;
    }
    eprintln!(
        "brink-fuzz: {} seeds ({}), seed {}, {} executions from {}, findings in {}",
        seeds.len(),
        if corpus::has_reference() {
            "with ../shared/reference"
        } else {
            "built-in and scenarios only: ../shared not found"
        },
        opts.seed,
        opts.executions,
        opts.start,
        opts.out.display()
    );
    let started = Instant::now();
    let budget = opts.minutes.map(|m| Duration::from_secs_f64(m * 60.0));
    let end = opts.start.saturating_add(opts.executions);
    let mut queue: VecDeque<(u64, u64)> = VecDeque::new();
    let mut at = opts.start;
    while at < end {
        let n = opts.chunk.min(end - at);
        queue.push_back((at, n));
        at += n;
    }
    let (mut execs, mut loaded, mut panics, mut slow, mut aborts) = (0u64, 0u64, 0u64, 0u64, 0u64);
    while let Some((start, count)) = queue.pop_front() {
        if budget.is_some_and(|b| started.elapsed() >= b) {
            break;
        }
        match child(&opts, start, count) {
            Ok(line) => {
                let field = |key: &str| -> u64 {
                    let mut it = line.split_whitespace();
                    while let Some(w) = it.next() {
                        if w == key {
                            return it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
                        }
                    }
                    0
                };
                execs += field("EXECS");
                loaded += field("LOADED");
                panics += field("PANICS");
                slow += field("SLOW");
            }
            Err(why) if count == 1 => {
                aborts += 1;
                execs += 1;
                let input = mutate::input(&seeds, opts.seed, start);
                let saved = campaign::save(&opts.out, "abort", opts.seed, start, &input, &why);
                eprintln!("ABORT at iteration {start} ({why}): saved {saved:?}");
            }
            Err(_) => {
                // Bisect: the halves run again, the culprit ends up alone in a chunk of one.
                let half = count / 2;
                queue.push_front((start + half, count - half));
                queue.push_front((start, half));
            }
        }
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "[{secs:8.0} s] {execs} executions ({:.0}/s), {loaded} loaded; panics {panics}, aborts {aborts}, slow {slow}",
            execs as f64 / secs.max(1e-9)
        );
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "executions {execs} in {secs:.0} s ({:.0}/s), loaded {loaded}, panics {panics}, aborts {aborts}, slow {slow}",
        execs as f64 / secs.max(1e-9)
    );
    if panics + aborts > 0 {
        std::process::exit(1);
    }
}

/// Runs one chunk in a child; its summary line, or why it failed (a signal, an exit code, or a
/// hang past a deadline generous for the chunk's size).
fn child(opts: &Opts, start: u64, count: u64) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args([
            "--child",
            "--seed",
            &opts.seed.to_string(),
            "--start",
            &start.to_string(),
        ])
        .args(["--executions", &count.to_string(), "--out"])
        .arg(&opts.out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(60) + Duration::from_millis(20 * count);
    loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => {
                let mut out = String::new();
                if let Some(mut s) = child.stdout.take() {
                    let _ = std::io::Read::read_to_string(&mut s, &mut out);
                }
                return if status.success() && out.starts_with("EXECS") {
                    Ok(out)
                } else {
                    Err(format!("child ended with {status}"))
                };
            }
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("hang: past the deadline".into());
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}
