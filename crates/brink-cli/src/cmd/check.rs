//! `brink check FILE...`: validate inputs of any kind.

use super::common::{game_summary, print_warnings};
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
    // Every problem in one pass: the file's shape and content, then the `[models.*]` sections
    // by each model's own rules and the `[crisis]` section by the crisis module.
    let (loaded, mut diagnostics) = brink_formats::load_text_all(&source.text, file);
    let mut crisis_game = None;
    if let Some(Loaded::Scenario(s)) = &loaded {
        diagnostics.extend(brink_models::scenario_settings_diagnostics(s));
        match brink_crisis::CrisisSpec::from_scenario(s) {
            Ok(spec) => crisis_game = spec.map(|spec| spec.game_name()),
            Err(e) => diagnostics.extend(e.0),
        }
    }
    let loaded = match loaded {
        Some(loaded) if !diagnostics.iter().any(brink_core::Diagnostic::is_error) => loaded,
        _ => return Err(brink_core::Diagnostics(diagnostics).into()),
    };
    let warnings = diagnostics;
    print_warnings(&warnings);
    Ok(match loaded {
        Loaded::Scenario(s) => format!(
            "{}: `{}`, {}, {}, {}{}{}",
            kind.describe(),
            brink_core::printable(&s.name),
            count(s.actors.len(), "actor"),
            count(s.issues.len(), "issue"),
            count(s.positions.len(), "position"),
            match crisis_game {
                Some(game) => format!(", crisis game `{game}`"),
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
    let game = brink_games::parse_game(file, text)?;
    Ok(format!("{}: {}", kind.describe(), game_summary(&game)))
}
