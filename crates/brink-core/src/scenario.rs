//! The scenario: actors with capability, issues with a scale, and each actor's position and
//! salience on the issues it cares about. Every importer produces one; [`Scenario::validate`]
//! checks it and locates each problem through the scenario's [`Origin`].

use crate::diag::{did_you_mean, list_hint, Diagnostic, Origin, Severity};
use crate::number::Uncertain;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One negotiation: everything a bargaining model needs. Saliences are always on 0–1 here;
/// importers normalise.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scenario {
    pub name: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub notes: Option<String>,
    pub issues: Vec<Issue>,
    pub actors: Vec<Actor>,
    pub positions: Vec<Position>,
    /// The `[crisis]` section, kept as parsed data: the crisis module gives it meaning and
    /// validates it (its fields are located through `origin` as `crisis.KEY`).
    pub crisis: Option<serde_json::Map<String, serde_json::Value>>,
    /// Per-model settings carried by the input (`[models.smp]` in TOML, KTAB XML's model
    /// parameters): model name → key → value. The model validates them; CLI options override.
    pub model_settings:
        std::collections::BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    pub origin: Origin,
}

/// Many scenarios with known outcomes (e.g. the DEU dataset: one one-issue scenario per row),
/// for validation.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Dataset {
    pub name: String,
    pub scenarios: Vec<Scenario>,
    /// Notes on how the file was read (conventions applied, rows skipped and why).
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub id: String,
    pub name: String,
    /// `[lo, hi]`: every position lies in it.
    pub scale: [f64; 2],
    /// Labels for points of the scale, in increasing order of the point.
    pub labels: Vec<(f64, String)>,
    /// The reference point: the status quo, and by default the disagreement point of the NBS.
    pub status_quo: Option<Uncertain>,
    /// The known outcome, for datasets used in validation.
    pub outcome: Option<f64>,
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    /// Relative power (resources, clout). Only ratios matter to the models.
    pub capability: Uncertain,
    pub why: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// The actor's id.
    pub actor: String,
    /// The issue's id.
    pub issue: String,
    /// Where the actor stands, on the issue's scale.
    pub at: Uncertain,
    /// How much the actor cares, 0–1.
    pub salience: Uncertain,
    pub why: Option<String>,
}

/// One issue as the one-dimensional models see it: the actors holding a position on it, in the
/// scenario's actor order, with point estimates of their numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueTable {
    pub issue: usize,
    /// Indices into `Scenario::actors`.
    pub actors: Vec<usize>,
    pub ids: Vec<String>,
    pub position: Vec<f64>,
    pub salience: Vec<f64>,
    pub capability: Vec<f64>,
}

impl IssueTable {
    pub fn len(&self) -> usize {
        self.actors.len()
    }
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }
    /// c·s for each actor: the weight most models give it.
    pub fn weights(&self) -> Vec<f64> {
        self.capability
            .iter()
            .zip(&self.salience)
            .map(|(c, s)| c * s)
            .collect()
    }
}

impl Scenario {
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id == id)
    }
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id == id)
    }

    /// The one-dimensional view of issue `issue` (point estimates).
    pub fn issue_table(&self, issue: usize) -> IssueTable {
        let issue_id = &self.issues[issue].id;
        let actor_index: HashMap<&str, usize> = self
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut rows: Vec<(usize, &Position)> = self
            .positions
            .iter()
            .filter(|p| &p.issue == issue_id)
            .filter_map(|p| actor_index.get(p.actor.as_str()).map(|&a| (a, p)))
            .collect();
        rows.sort_by_key(|(a, _)| *a);
        IssueTable {
            issue,
            actors: rows.iter().map(|(a, _)| *a).collect(),
            ids: rows
                .iter()
                .map(|(a, _)| self.actors[*a].id.clone())
                .collect(),
            position: rows.iter().map(|(_, p)| p.at.point()).collect(),
            salience: rows.iter().map(|(_, p)| p.salience.point()).collect(),
            capability: rows
                .iter()
                .map(|(a, _)| self.actors[*a].capability.point())
                .collect(),
        }
    }

    /// Divides every capability by the largest one when capabilities are so large (or so small)
    /// that the models' weighted sums (Σ c·s·x) would leave f64's range and give `inf` or NaN
    /// forecasts. Only ratios of capabilities matter to every model, so the forecasts are the
    /// same; ordinary scenarios (largest capability within 1e-100 … 1e100) are left untouched,
    /// so their results stay bit-identical. Returns the divisor when it rescaled.
    pub fn normalise_capabilities(&mut self) -> Option<f64> {
        // The largest capability any draw can take (a normal's reach about mean + 6 sd).
        let reach = |u: &Uncertain| match u {
            Uncertain::Normal { mean, sd } => (mean.abs() + 6.0 * sd.abs()).min(f64::MAX),
            other => {
                let (lo, hi) = other.support();
                lo.abs().max(hi.abs())
            }
        };
        let largest = self
            .actors
            .iter()
            .map(|a| reach(&a.capability))
            .filter(|x| x.is_finite())
            .fold(0.0_f64, f64::max);
        if largest == 0.0 || (1e-100..=1e100).contains(&largest) {
            return None;
        }
        let scale = |x: f64| x / largest;
        for a in &mut self.actors {
            a.capability = match &a.capability {
                // `map` would compute the sd as f(mean + sd) − f(mean), which can overflow.
                Uncertain::Normal { mean, sd } => Uncertain::Normal {
                    mean: scale(*mean),
                    sd: scale(*sd),
                },
                other => other.map(scale),
            };
        }
        Some(largest)
    }

    /// Whether any number of the scenario is uncertain.
    pub fn has_uncertainty(&self) -> bool {
        self.actors.iter().any(|a| !a.capability.is_fixed())
            || self
                .positions
                .iter()
                .any(|p| !p.at.is_fixed() || !p.salience.is_fixed())
            || self
                .issues
                .iter()
                .any(|i| i.status_quo.as_ref().is_some_and(|s| !s.is_fixed()))
    }

    /// Every problem with the scenario, located; errors and warnings. Empty means valid.
    pub fn validate(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |out: &mut Vec<Diagnostic>, field: &str, msg: String| {
            out.push(self.origin.diagnostic(Severity::Error, field, msg))
        };
        if self.issues.is_empty() {
            err(
                &mut out,
                "issue",
                "the scenario has no issue: expected at least one issue".into(),
            );
        }
        if self.actors.is_empty() {
            err(
                &mut out,
                "actor",
                "the scenario has no actor: expected at least one actor".into(),
            );
        }

        let mut issue_ids = HashSet::new();
        for (i, issue) in self.issues.iter().enumerate() {
            let f = format!("issue[{i}]");
            if issue.id.trim().is_empty() {
                err(
                    &mut out,
                    &format!("{f}.id"),
                    "expected a non-empty issue id".into(),
                );
            } else if !issue_ids.insert(issue.id.as_str()) {
                err(
                    &mut out,
                    &format!("{f}.id"),
                    format!("duplicate issue id `{}`", issue.id),
                );
            }
            let [lo, hi] = issue.scale;
            if !lo.is_finite() || !hi.is_finite() || lo >= hi {
                err(
                    &mut out,
                    &format!("{f}.scale"),
                    format!("expected a scale [lo, hi] of finite numbers with lo < hi, found [{lo}, {hi}]"),
                );
                continue;
            }
            for (value, label) in &issue.labels {
                if !(lo..=hi).contains(value) {
                    err(
                        &mut out,
                        &format!("{f}.labels"),
                        format!("label `{label}` is at {value}, outside the scale [{lo}, {hi}]"),
                    );
                }
            }
            if let Some(sq) = &issue.status_quo {
                self.check_number(&mut out, &format!("{f}.status_quo"), sq, Some((lo, hi)));
            }
            if let Some(o) = issue.outcome {
                if !o.is_finite() {
                    err(
                        &mut out,
                        &format!("{f}.outcome"),
                        format!("expected a finite outcome, found {o}"),
                    );
                } else if !(lo..=hi).contains(&o) {
                    // Scored against, it would penalise every model for the file's mistake.
                    err(
                        &mut out,
                        &format!("{f}.outcome"),
                        format!("expected the outcome on the scale [{lo}, {hi}], found {o}"),
                    );
                }
            }
        }

        let mut actor_ids = HashSet::new();
        for (i, actor) in self.actors.iter().enumerate() {
            let f = format!("actor[{i}]");
            if actor.id.trim().is_empty() {
                err(
                    &mut out,
                    &format!("{f}.id"),
                    "expected a non-empty actor id".into(),
                );
            } else if !actor_ids.insert(actor.id.as_str()) {
                err(
                    &mut out,
                    &format!("{f}.id"),
                    format!("duplicate actor id `{}`", actor.id),
                );
            }
            self.check_number(
                &mut out,
                &format!("{f}.capability"),
                &actor.capability,
                Some((0.0, f64::INFINITY)),
            );
        }

        let mut pairs = HashSet::new();
        let mut issues_held = HashSet::new();
        let mut actors_placed = HashSet::new();
        for (k, p) in self.positions.iter().enumerate() {
            let f = format!("position[{k}]");
            let issue = self.issues.iter().find(|i| i.id == p.issue);
            if !actor_ids.contains(p.actor.as_str()) {
                err(
                    &mut out,
                    &format!("{f}.actor"),
                    format!(
                        "unknown actor `{}`: expected one of the actor ids{}{}",
                        p.actor,
                        list_hint(self.actors.iter().map(|a| a.id.as_str())),
                        did_you_mean(&p.actor, self.actors.iter().map(|a| a.id.as_str()))
                    ),
                );
            }
            match issue {
                None => err(
                    &mut out,
                    &format!("{f}.issue"),
                    format!(
                        "unknown issue `{}`: expected one of the issue ids{}{}",
                        p.issue,
                        list_hint(self.issues.iter().map(|i| i.id.as_str())),
                        did_you_mean(&p.issue, self.issues.iter().map(|i| i.id.as_str()))
                    ),
                ),
                Some(issue) => {
                    let [lo, hi] = issue.scale;
                    let range = (lo.is_finite() && hi.is_finite() && lo < hi).then_some((lo, hi));
                    self.check_number(&mut out, &format!("{f}.at"), &p.at, range);
                }
            }
            self.check_number(
                &mut out,
                &format!("{f}.salience"),
                &p.salience,
                Some((0.0, 1.0)),
            );
            if !pairs.insert((p.actor.as_str(), p.issue.as_str())) {
                err(
                    &mut out,
                    &f,
                    format!("actor `{}` has a second position on issue `{}`: expected one per actor and issue", p.actor, p.issue),
                );
            }
            if actor_ids.contains(p.actor.as_str()) && issue.is_some() {
                issues_held.insert(p.issue.as_str());
                actors_placed.insert(p.actor.as_str());
            }
        }
        for (i, issue) in self.issues.iter().enumerate() {
            if !issues_held.contains(issue.id.as_str()) {
                err(&mut out, &format!("issue[{i}]"), format!("nobody holds a position on issue `{}`: expected at least one actor with a position on it", issue.id));
            }
        }
        for (i, actor) in self.actors.iter().enumerate() {
            if !actors_placed.contains(actor.id.as_str()) {
                out.push(self.origin.diagnostic(
                    Severity::Warning,
                    &format!("actor[{i}]"),
                    format!(
                        "actor `{}` holds no position on any issue; the models ignore it",
                        actor.id
                    ),
                ));
            }
        }
        out
    }

    /// Checks an (optionally uncertain) number: well-formed, and its support inside `range`.
    fn check_number(
        &self,
        out: &mut Vec<Diagnostic>,
        field: &str,
        n: &Uncertain,
        range: Option<(f64, f64)>,
    ) {
        if let Some(problem) = n.problem() {
            out.push(self.origin.diagnostic(Severity::Error, field, problem));
            return;
        }
        let Some((lo, hi)) = range else { return };
        let what = field.rsplit('.').next().unwrap_or(field);
        let range_text = if hi.is_infinite() {
            format!("≥ {lo}")
        } else {
            format!("in [{lo}, {hi}]")
        };
        match n {
            Uncertain::Normal { mean, .. } if *mean < lo || *mean > hi => {
                out.push(self.origin.diagnostic(
                    Severity::Error,
                    field,
                    format!("expected `{what}` {range_text}, but the mean is {mean}"),
                ))
            }
            Uncertain::Normal { .. } => {}
            _ => {
                let (a, b) = n.support();
                if a < lo || b > hi {
                    let found = if a == b {
                        format!("{a}")
                    } else {
                        format!("values from {a} to {b}")
                    };
                    // A salience written on 0–100 in a file that did not say so.
                    let hint = if what == "salience" && a >= 0.0 && b <= 100.0 {
                        " — if this file writes saliences on 0–100, add `salience_scale = 100` to its `[scenario]` table"
                    } else {
                        ""
                    };
                    out.push(self.origin.diagnostic(
                        Severity::Error,
                        field,
                        format!("expected `{what}` {range_text}, found {found}{hint}"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Scenario {
        Scenario {
            name: "t".into(),
            issues: vec![Issue {
                id: "i".into(),
                name: "I".into(),
                scale: [0.0, 10.0],
                labels: vec![],
                status_quo: None,
                outcome: None,
                why: None,
            }],
            actors: ["a", "b"]
                .iter()
                .map(|id| Actor {
                    id: id.to_string(),
                    name: id.to_string(),
                    capability: 1.0.into(),
                    why: None,
                })
                .collect(),
            positions: vec![
                Position {
                    actor: "a".into(),
                    issue: "i".into(),
                    at: 2.0.into(),
                    salience: 0.5.into(),
                    why: None,
                },
                Position {
                    actor: "b".into(),
                    issue: "i".into(),
                    at: 8.0.into(),
                    salience: 1.0.into(),
                    why: None,
                },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn valid_scenario_has_no_diagnostics() {
        assert!(small().validate().is_empty());
    }

    #[test]
    fn each_rule_is_enforced() {
        let mut s = small();
        s.positions[0].at = 11.0.into();
        s.positions[1].salience = 1.5.into();
        s.actors[1].capability = (-1.0).into();
        let msgs: Vec<String> = s.validate().iter().map(|d| d.to_string()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("position[0].at") && m.contains("[0, 10]")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("position[1].salience")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("actor[1].capability") && m.contains("≥ 0")),
            "{msgs:?}"
        );
    }

    #[test]
    fn unknown_ids_and_unheld_issues() {
        let mut s = small();
        s.positions[0].actor = "zz".into();
        s.positions[1].issue = "nope".into();
        let d = s.validate();
        assert!(d.iter().any(|d| d.message.contains("unknown actor `zz`")));
        assert!(d.iter().any(|d| d.message.contains("unknown issue `nope`")));
        assert!(d
            .iter()
            .any(|d| d.message.contains("nobody holds a position")));
        assert!(d.iter().any(|d| d.severity == Severity::Warning));
    }

    #[test]
    fn issue_table_uses_point_estimates() {
        let mut s = small();
        s.positions[0].at = Uncertain::Uniform { min: 0.0, max: 4.0 };
        let t = s.issue_table(0);
        assert_eq!(t.position, vec![2.0, 8.0]);
        assert_eq!(t.weights(), vec![0.5, 1.0]);
    }

    #[test]
    fn huge_capabilities_are_divided_by_the_largest_and_ordinary_ones_kept() {
        let mut s = small();
        assert_eq!(s.normalise_capabilities(), None);
        assert_eq!(s.actors[0].capability, Uncertain::Fixed(1.0));
        s.actors[0].capability = 1.7e308.into();
        s.actors[1].capability = Uncertain::Uniform {
            min: 0.0,
            max: 0.85e308,
        };
        assert_eq!(s.normalise_capabilities(), Some(1.7e308));
        assert_eq!(s.actors[0].capability, Uncertain::Fixed(1.0));
        assert_eq!(
            s.actors[1].capability,
            Uncertain::Uniform { min: 0.0, max: 0.5 }
        );
        let mut tiny = small();
        tiny.actors[1].capability = Uncertain::Normal {
            mean: 1e-200,
            sd: 1e-201,
        };
        tiny.actors[0].capability = 2e-200.into();
        assert!(tiny.normalise_capabilities().is_some());
        assert_eq!(tiny.actors[0].capability.point(), 1.0);
    }
}
