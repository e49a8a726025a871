//! `brink check FILE...`: validate inputs of any kind.

use crate::error::CliError;
use brink_formats::{InputKind, Loaded};

#[derive(clap::Args)]
pub struct Args {
    /// Input files (scenarios, imports, datasets, games); `-` reads stdin.
    #[arg(required = true)]
    pub files: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let mut failed = 0;
    for file in &args.files {
        match check_one(file) {
            Ok(summary) => println!("{file}: ok — {summary}"),
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        Err(CliError::InputMessage(format!(
            "{failed} of {} input(s) failed the check",
            args.files.len()
        )))
    } else {
        Ok(())
    }
}

fn check_one(file: &str) -> Result<String, CliError> {
    let source = brink_formats::read_input(file)?;
    let kind = brink_formats::detect(file, &source.text).map_err(brink_core::Diagnostics::from)?;
    if kind.is_game() {
        return check_game(file, &source.text, kind);
    }
    let (loaded, warnings) = brink_formats::load_text(&source.text, file)?;
    super::print_warnings(&warnings);
    if let Loaded::Scenario(s) = &loaded {
        // The `[models.*]` sections, by each model's own rules.
        let problems = brink_models::scenario_settings_diagnostics(s);
        if !problems.is_empty() {
            return Err(brink_core::Diagnostics(problems).into());
        }
    }
    Ok(match loaded {
        Loaded::Scenario(s) => format!(
            "{}: `{}`, {}, {}, {}{}{}",
            kind.describe(),
            brink_core::printable(&s.name),
            count(s.actors.len(), "actor"),
            count(s.issues.len(), "issue"),
            count(s.positions.len(), "position"),
            // The `[crisis]` section is validated by the crisis module.
            match brink_crisis::CrisisSpec::from_scenario(&s)? {
                Some(spec) => format!(", crisis game `{}`", spec.kind.name()),
                None => String::new(),
            },
            if warnings.is_empty() {
                String::new()
            } else {
                format!(", {} warning(s)", warnings.len())
            }
        ),
        Loaded::Dataset(d) => format!(
            "{}: `{}`, {} issues with known outcomes",
            kind.describe(),
            brink_core::printable(&d.name),
            d.scenarios.len()
        ),
    })
}

/// `1 issue`, `5 issues`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Games are read by the game engine.
fn check_game(file: &str, text: &str, kind: InputKind) -> Result<String, CliError> {
    let game = brink_games::parse_game(file, text).map_err(brink_core::Diagnostics::single)?;
    Ok(format!(
        "{}: {}",
        kind.describe(),
        super::game::summary(&game)
    ))
}
