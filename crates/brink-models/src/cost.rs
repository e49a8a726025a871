//! A rough estimate of how long one run of a model takes on a scenario, so that a command can
//! refuse up front what would run for hours (SMP is O(N³) a turn: a 5,000-actor table takes
//! days) instead of running with no end in sight. Calibrated on this project's 2-core machine:
//! on small tables, the CPU time of one Monte Carlo draw through the model's kernel
//! (2026-12-02, the seed scenario, 12 actors × 5 issues: smp ≈ 2 ms, exchange ≈ 1.4 ms,
//! bdm ≈ 0.4 ms — a single `forecast` run, which records every round, costs a few times more
//! but is well within budget there); on large ones, where the O(N³) work dominates either way,
//! one run on random 3-issue tables of 50–400 actors (smp 5.3 s at 200 actors, exchange 5.7 s
//! and bdm ≈ 1 s at 400). Meant to be right within a factor of a few.

use brink_core::{BargainingModel, ModelParams, Scenario};

/// The default rounds the estimate assumes for iterating models.
const DEFAULT_ROUNDS: f64 = 10.0;

/// Estimated seconds for one run of `model` on `scenario` with `params`.
pub fn estimated_seconds(
    model: &dyn BargainingModel,
    scenario: &Scenario,
    params: &ModelParams,
) -> f64 {
    let n = scenario.actors.len() as f64;
    let d = scenario.issues.len().max(1) as f64;
    let rounds = params.rounds.map_or(DEFAULT_ROUNDS, |r| r as f64) / DEFAULT_ROUNDS;
    let stable = if params.until_stable { 10.0 } else { 1.0 };
    match model.name() {
        // Turns until KTAB's stopping rule: ~n² a turn at these sizes, O(n³·D) beyond.
        "smp" => (2.5e-6 * n * n * d).max(2.2e-7 * n.powi(3) * d) * rounds * stable,
        // Pairs of actors on pairs of issues, a round; each execution recomputes the candidates
        // it touches (≈ n³ on large tables).
        "exchange" => (4e-7 * n * n).max(1e-8 * n.powi(3)) * d * d * rounds * stable,
        // One issue at a time: O(n³) vectorised up to 160 actors, O(n²) above.
        "bdm" => {
            let per_issue = if n <= 160.0 {
                2e-8 * n.powi(3) + 2e-6
            } else {
                2e-6 * n * n
            };
            per_issue * d * rounds * stable
        }
        // Closed forms: a sort or a sum per issue.
        _ => 1e-7 * n * d * n.max(2.0).log2(),
    }
}

/// The longest a model may be estimated to take before a command skips it (with a note) or
/// refuses it, unless forced.
pub const BUDGET_SECONDS: f64 = 60.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn table(n: usize, d: usize) -> Scenario {
        let mut s = brink_testkit::ScenarioBuilder::new("t");
        for k in 0..d {
            s = s.issue(&format!("i{k}"), [0.0, 100.0]);
        }
        for a in 0..n {
            s = s.actor(&format!("a{a}"), 1.0);
        }
        s.build()
    }

    #[test]
    fn smp_on_thousands_of_actors_is_over_budget_and_small_cases_are_not() {
        let p = ModelParams::default();
        let smp = crate::by_name("smp").unwrap();
        assert!(estimated_seconds(smp, &table(5000, 1), &p) > BUDGET_SECONDS * 100.0);
        for m in crate::registry() {
            assert!(
                estimated_seconds(m, &table(50, 5), &p) < 1.0,
                "{}",
                m.name()
            );
            assert!(estimated_seconds(m, &table(100, 3), &p) < BUDGET_SECONDS);
        }
        let compromise = crate::by_name("compromise").unwrap();
        assert!(estimated_seconds(compromise, &table(5000, 5), &p) < 1.0);
    }
}
