//! [`ScenarioBuilder`]: a scenario for a test in a few chained calls.

use brink_core::{Actor, Issue, Position, Scenario, Uncertain};

/// Builds a [`Scenario`] for a test: issues, actors and positions in the order given, names
/// equal to ids, no `why`. It does not validate (tests of validation build broken scenarios on
/// purpose); call [`Scenario::validate`] when that matters.
///
/// ```
/// use brink_testkit::ScenarioBuilder;
/// let s = ScenarioBuilder::new("t")
///     .issue("x", [0.0, 100.0])
///     .actor("A", 2.0)
///     .actor("B", 1.0)
///     .position("A", "x", 40.0, 0.5)
///     .position("B", "x", 80.0, 1.0)
///     .build();
/// assert!(s.validate().is_empty());
/// assert_eq!(s.issue_table(0).position, vec![40.0, 80.0]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ScenarioBuilder {
    scenario: Scenario,
}

impl ScenarioBuilder {
    pub fn new(name: &str) -> Self {
        ScenarioBuilder {
            scenario: Scenario {
                name: name.into(),
                ..Default::default()
            },
        }
    }

    /// An issue with the scale `[lo, hi]`.
    pub fn issue(mut self, id: &str, scale: [f64; 2]) -> Self {
        self.scenario.issues.push(Issue {
            id: id.into(),
            name: id.into(),
            scale,
            labels: vec![],
            status_quo: None,
            outcome: None,
            why: None,
        });
        self
    }

    /// The status quo of issue `issue` (added before).
    pub fn status_quo(mut self, issue: &str, at: impl Into<Uncertain>) -> Self {
        self.issue_mut(issue).status_quo = Some(at.into());
        self
    }

    /// The known outcome of issue `issue` (added before), for validation.
    pub fn outcome(mut self, issue: &str, at: f64) -> Self {
        self.issue_mut(issue).outcome = Some(at);
        self
    }

    /// An actor with its capability.
    pub fn actor(mut self, id: &str, capability: impl Into<Uncertain>) -> Self {
        self.scenario.actors.push(Actor {
            id: id.into(),
            name: id.into(),
            capability: capability.into(),
            why: None,
        });
        self
    }

    /// Where `actor` stands on `issue` and how much it cares (salience on 0–1).
    pub fn position(
        mut self,
        actor: &str,
        issue: &str,
        at: impl Into<Uncertain>,
        salience: impl Into<Uncertain>,
    ) -> Self {
        self.scenario.positions.push(Position {
            actor: actor.into(),
            issue: issue.into(),
            at: at.into(),
            salience: salience.into(),
            why: None,
        });
        self
    }

    /// One actor per row `(id, capability, position, salience)`, each with its position on
    /// `issue`: the one-issue tables of the BDM literature.
    pub fn table(mut self, issue: &str, rows: &[(&str, f64, f64, f64)]) -> Self {
        for &(id, capability, at, salience) in rows {
            self = self.actor(id, capability).position(id, issue, at, salience);
        }
        self
    }

    /// A setting of the scenario's `[models.MODEL]` section.
    pub fn model_setting(mut self, model: &str, key: &str, value: serde_json::Value) -> Self {
        self.scenario
            .model_settings
            .entry(model.into())
            .or_default()
            .insert(key.into(), value);
        self
    }

    pub fn build(self) -> Scenario {
        self.scenario
    }

    fn issue_mut(&mut self, id: &str) -> &mut Issue {
        self.scenario
            .issues
            .iter_mut()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("ScenarioBuilder: no issue `{id}` added yet"))
    }
}
