//! `brink init FILE`: a commented scenario template to fill in, which `brink check` accepts as
//! written. Every number in it is a placeholder marked as such; the comments show each form a
//! number may take and point to docs/scenario.md.

use crate::error::CliError;
use crate::output::emit;
use std::fmt::Write;
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// The file to write (refused if it exists, unless --force).
    pub file: String,
    /// How many actors (1 to 200).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=200))]
    pub actors: u16,
    /// How many issues (1 to 50).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub issues: u16,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = Path::new(&args.file);
    if path.exists() && !args.force {
        return Err(CliError::Usage(format!(
            "{} exists: brink init does not overwrite a file unless --force is given",
            args.file
        )));
    }
    emit(
        Some(path),
        &template(usize::from(args.actors), usize::from(args.issues)),
    )?;
    eprintln!(
        "wrote {}: {} actors, {} issues. Replace the placeholders, then `brink check {}`.",
        args.file, args.actors, args.issues, args.file
    );
    Ok(())
}

/// The template: placeholders spread over each scale so that a forecast of the untouched file
/// already shows the models at work, but every one says it is a placeholder.
pub fn template(actors: usize, issues: usize) -> String {
    let mut t = String::new();
    t.push_str(
        "# A brink scenario: actors with power, positions and salience on the issues at stake.\n\
         # Written by `brink init`. EVERY NUMBER BELOW IS A PLACEHOLDER: replace it with your\n\
         # estimate and say why in `why` (a source, or that it is your judgement).\n\
         # The format, every key and its default: docs/scenario.md. Check with `brink check FILE`,\n\
         # then `brink forecast FILE`, `brink actors FILE`, `brink simulate FILE`.\n\
         #\n\
         # A number may be fixed (`at = 40`) or uncertain, for `brink simulate` and the 90%\n\
         # intervals of `brink forecast`:\n\
         #   { min = 30, max = 60 }       uniform between the two\n\
         #   { mean = 45, sd = 10 }       normal, clipped to the scale\n\
         #   { values = [30, 45, 60] }    one of these, equally likely\n\n",
    );
    t.push_str(
        "[scenario]\n\
         name = \"My negotiation\"\n\
         # date = 2026-01-31              # the date the estimates refer to (optional)\n\
         source = \"placeholder: where the numbers come from\"\n\n",
    );
    t.push_str(
        "# ---------------------------------------------------------------------------------------\n\
         # Issues: each a scale (any numbers, low to high) with labels saying what points mean.\n\
         # status_quo is today's point on the scale (optional; the Nash bargaining solution's\n\
         # disagreement point and the baseline of `brink actors`' gains).\n",
    );
    for i in 1..=issues {
        let _ = write!(
            t,
            "\n[[issue]]\n\
             id = \"issue{i}\"\n\
             name = \"Issue {i} (placeholder)\"\n\
             scale = [0, 100]\n\
             labels = {{ 0 = \"what 0 means\", 50 = \"a middle ground\", 100 = \"what 100 means\" }}\n\
             status_quo = {{ min = 20, max = 40 }}\n\
             why = \"placeholder: what the issue is and where things stand today\"\n"
        );
    }
    t.push_str(
        "\n# ---------------------------------------------------------------------------------------\n\
         # Actors: capability is relative power over the outcome (only ratios matter).\n",
    );
    for a in 1..=actors {
        let _ = write!(
            t,
            "\n[[actor]]\n\
             id = \"A{a}\"\n\
             name = \"Actor {a} (placeholder)\"\n\
             capability = {}\n\
             why = \"placeholder: why this much influence\"\n",
            if a == 1 {
                "1.0".to_string()
            } else {
                format!("{:.1}", 0.5 + 0.1 * ((a % 5) as f64))
            }
        );
    }
    t.push_str(
        "\n# ---------------------------------------------------------------------------------------\n\
         # Positions: where each actor stands on each issue (on the issue's scale), and its\n\
         # salience (0 to 1: how much the issue matters to it; `salience_scale = 100` under\n\
         # [scenario] lets you write 0-100 instead). An actor may leave out issues it ignores.\n",
    );
    for a in 1..=actors {
        for i in 1..=issues {
            // Spread the placeholders over the scale so the models have something to do.
            let at = if actors == 1 {
                50.0
            } else {
                100.0 * ((a - 1 + i - 1) % actors) as f64 / (actors - 1) as f64
            };
            let _ = write!(
                t,
                "\n[[position]]\n\
                 actor = \"A{a}\"\n\
                 issue = \"issue{i}\"\n\
                 at = {}\n\
                 salience = 0.5\n\
                 why = \"placeholder\"\n",
                trim(at)
            );
        }
    }
    t.push_str(
        "\n# ---------------------------------------------------------------------------------------\n\
         # A crisis game (optional): uncomment and fill in to get the odds of each outcome\n\
         # (`brink crisis FILE`). Games and every key with its default: docs/crisis.md.\n\
         #\n\
         # [crisis]\n\
         # game = \"fearon\"          # fearon | iig | deterrence | patron\n\
         # proposer = \"A1\"\n\
         # responder = \"A2\"\n\
         # p = { mean = 0.5, sd = 0.1 }   # the proposer's chance of winning a war\n\
         # cost_a = 0.1                 # the proposer's cost of fighting (share of the stakes)\n\
         # responder_costs = [0.05, 0.2] # the responder's possible costs (private information)\n",
    );
    t
}

/// `50` rather than `50.0`; two decimals at most.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_of_every_size_pass_the_checker() {
        for (a, i) in [(1, 1), (3, 2), (7, 5), (200, 1)] {
            let text = template(a, i);
            let (scenario, warnings) = brink_formats::load_scenario_text(&text, "init.toml")
                .unwrap_or_else(|e| panic!("{a}×{i}: {e}"));
            assert!(warnings.is_empty(), "{a}×{i}: {warnings:?}");
            assert_eq!(scenario.actors.len(), a);
            assert_eq!(scenario.issues.len(), i);
            assert_eq!(scenario.positions.len(), a * i);
        }
    }

    #[test]
    fn the_commented_crisis_block_is_a_valid_crisis_once_uncommented() {
        let text = template(3, 2);
        let start = text.find("# [crisis]").unwrap();
        let uncommented: String = text[start..]
            .lines()
            .map(|l| l.strip_prefix("# ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!("{}{uncommented}\n", &text[..start]);
        let (scenario, _) = brink_formats::load_scenario_text(&text, "init.toml").unwrap();
        let spec = brink_crisis::CrisisSpec::from_scenario(&scenario)
            .unwrap()
            .expect("a [crisis] section");
        assert_eq!(spec.kind.name(), "fearon");
    }
}
