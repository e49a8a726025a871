//! Trains the English tagger on UD English EWT and writes the model file.
//!
//! Usage: `cargo run --release -p brink-pos --example train -- EWT_DIR OUT.bin [--epochs N]
//! [--seed S] [--checkpoints]`. EWT_DIR holds `en_ewt-ud-{train,dev,test}.conllu`; only the
//! train split trains, dev and test are scored and printed. `--checkpoints` prints dev accuracy
//! after every epoch (to choose `--epochs`); `--confusions` prints the commonest UPOS errors on dev. The output is byte-for-byte reproducible.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use brink_pos::{accuracy, read_conllu, train_with_checkpoints, TrainOptions, TrainingSentence};

fn read_split(dir: &Path, split: &str) -> Result<Vec<TrainingSentence>, String> {
    let path = dir.join(format!("en_ewt-ud-{split}.conllu"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    read_conllu(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), (u8, String)> {
    let usage = "usage: train EWT_DIR OUT.bin [--epochs N] [--seed S] [--prune W] [--dict-count N] [--checkpoints] [--confusions]";
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut options = TrainOptions::default();
    let mut checkpoints = false;
    let mut confusions = false;
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, (u8, String)> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or((2, format!("{name} needs a non-negative integer\n{usage}")))
        };
        match arg.as_str() {
            "--epochs" => options.epochs = number("--epochs")? as usize,
            "--seed" => options.seed = number("--seed")?,
            "--checkpoints" => checkpoints = true,
            "--confusions" => confusions = true,
            "--prune" => {
                options.prune_below = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or((2, format!("--prune needs a number\n{usage}")))?
            }
            "--dict-count" => options.dictionary_min_count = number("--dict-count")? as u32,
            _ if arg.starts_with("--") => {
                return Err((2, format!("unknown option {arg}\n{usage}")))
            }
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [dir, out] = positional.as_slice() else {
        return Err((2, usage.to_string()));
    };
    let bad_input = |message: String| (1, message);
    let train = read_split(dir, "train").map_err(bad_input)?;
    let dev = read_split(dir, "dev").map_err(bad_input)?;
    let test = read_split(dir, "test").map_err(bad_input)?;
    let tokens: usize = train.iter().map(|s| s.words.len()).sum();
    eprintln!(
        "training on {} sentences ({tokens} tokens), {options:?}",
        train.len()
    );

    let started = Instant::now();
    let mut model = None;
    train_with_checkpoints(&train, &options, |epoch, tagger| {
        if checkpoints {
            let dev = accuracy(&tagger, &dev);
            eprintln!(
                "epoch {epoch:2}: dev UPOS {:.4} XPOS {:.4} ({:.1} s)",
                dev.upos,
                dev.xpos,
                started.elapsed().as_secs_f64()
            );
        }
        if epoch == options.epochs.max(1) {
            model = Some(tagger);
        }
    });
    let model = model.expect("the last epoch yields a model");
    let seconds = started.elapsed().as_secs_f64();
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| (1, format!("{}: {e}", out.display())))?;
    let dev_sentences = dev;
    let dev = accuracy(&model, &dev_sentences);
    let test = accuracy(&model, &test);
    println!("trained in {seconds:.1} s: {model:?}");
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    println!(
        "dev:  UPOS {:.4}  XPOS {:.4}  both {:.4}  ({} tokens)",
        dev.upos, dev.xpos, dev.both, dev.tokens
    );
    println!(
        "test: UPOS {:.4}  XPOS {:.4}  both {:.4}  ({} tokens)",
        test.upos, test.xpos, test.both, test.tokens
    );
    if confusions {
        let mut counts = std::collections::BTreeMap::new();
        for sentence in &dev_sentences {
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            for (gold, guess) in sentence.tags.iter().zip(model.tag(&words)) {
                if gold.upos != guess.upos {
                    *counts.entry((gold.upos, guess.upos)).or_insert(0usize) += 1;
                }
            }
        }
        let mut commonest: Vec<_> = counts.into_iter().collect();
        commonest.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        for ((gold, guess), n) in commonest.iter().take(20) {
            println!("dev: gold {gold:6} tagged {guess:6} {n:4} times");
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}
