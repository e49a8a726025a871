//! Drawing scenarios: the list of a scenario's uncertain numbers, one draw of each (clipped to
//! its valid range, the clipping counted), and writing a draw into a reusable scenario buffer so
//! that a worker allocates nothing per run.

use brink_core::{Scenario, Uncertain};
use rand::Rng;
use serde::Serialize;

/// Where an uncertain number lives in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `actors[i].capability`
    Capability(usize),
    /// `positions[k].at`
    Position(usize),
    /// `positions[k].salience`
    Salience(usize),
    /// `issues[i].status_quo`
    StatusQuo(usize),
}

/// One uncertain number of a scenario, with its valid range.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The scenario field, as diagnostics name it (`position[3].at`).
    pub field: String,
    /// What it is, for people (`position of usa on enrichment`).
    pub label: String,
    pub target: Target,
    pub spec: Uncertain,
    /// Draws are clipped into `[lo, hi]` (capability: `[0, f64::MAX]`, salience: `[0, 1]`, positions
    /// and status quo: the issue's scale).
    pub valid: (f64, f64),
}

impl Input {
    /// One draw, clipped; the second value says whether (and which way) it was clipped:
    /// −1 below, +1 above, 0 not.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> (f64, i8) {
        clip(self.spec.sample(rng), self.valid)
    }

    /// The range a one-at-a-time sensitivity swing covers: a uniform's or a discrete's extremes,
    /// a normal's 5th to 95th percentile (mean ± 1.645 sd); clipped to the valid range.
    pub fn swing_range(&self) -> (f64, f64) {
        let (lo, hi) = match &self.spec {
            Uncertain::Normal { mean, sd } => (mean - Z95 * sd, mean + Z95 * sd),
            other => other.support(),
        };
        (clip(lo, self.valid).0, clip(hi, self.valid).0)
    }

    /// `n` evenly spaced values from the low to the high end of [`swing_range`](Self::swing_range)
    /// (n ≥ 2), computed without overflow on ranges wider than f64 holds.
    pub fn grid(&self, n: usize) -> Vec<f64> {
        let (lo, hi) = self.swing_range();
        let last = n.max(2) - 1;
        (0..=last)
            .map(|j| {
                let t = j as f64 / last as f64;
                match j {
                    0 => lo,
                    _ if j == last => hi,
                    _ => (lo * (1.0 - t) + hi * t).clamp(lo, hi),
                }
            })
            .collect()
    }
}

/// The 95th percentile of the standard normal.
pub const Z95: f64 = 1.644_853_626_951_472_2;

fn clip(x: f64, (lo, hi): (f64, f64)) -> (f64, i8) {
    if x < lo {
        (lo, -1)
    } else if x > hi {
        (hi, 1)
    } else {
        (x, 0)
    }
}

/// Every uncertain number of `scenario`, in a fixed order (actors' capabilities, then positions
/// and saliences in file order, then status quos) — the order in which a run draws them, so that
/// the same seed gives the same draws.
pub fn inputs(scenario: &Scenario) -> Vec<Input> {
    let mut out = Vec::new();
    for (i, a) in scenario.actors.iter().enumerate() {
        if !a.capability.is_fixed() {
            out.push(Input {
                field: format!("actor[{i}].capability"),
                label: format!("capability of {}", a.id),
                target: Target::Capability(i),
                spec: a.capability.clone(),
                // f64::MAX rather than ∞: a draw is always a finite number.
                valid: (0.0, f64::MAX),
            });
        }
    }
    for (k, p) in scenario.positions.iter().enumerate() {
        let scale = scenario
            .issues
            .iter()
            .find(|i| i.id == p.issue)
            .map(|i| (i.scale[0], i.scale[1]))
            .unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        if !p.at.is_fixed() {
            out.push(Input {
                field: format!("position[{k}].at"),
                label: format!("position of {} on {}", p.actor, p.issue),
                target: Target::Position(k),
                spec: p.at.clone(),
                valid: scale,
            });
        }
        if !p.salience.is_fixed() {
            out.push(Input {
                field: format!("position[{k}].salience"),
                label: format!("salience of {} on {}", p.actor, p.issue),
                target: Target::Salience(k),
                spec: p.salience.clone(),
                valid: (0.0, 1.0),
            });
        }
    }
    for (i, issue) in scenario.issues.iter().enumerate() {
        if let Some(sq) = issue.status_quo.as_ref().filter(|s| !s.is_fixed()) {
            out.push(Input {
                field: format!("issue[{i}].status_quo"),
                label: format!("status quo of {}", issue.id),
                target: Target::StatusQuo(i),
                spec: sq.clone(),
                valid: (issue.scale[0], issue.scale[1]),
            });
        }
    }
    out
}

/// `scenario` with every number at its point estimate: the starting buffer a worker overwrites.
pub fn point_scenario(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    for a in &mut s.actors {
        a.capability = Uncertain::Fixed(a.capability.point());
    }
    for p in &mut s.positions {
        p.at = Uncertain::Fixed(p.at.point());
        p.salience = Uncertain::Fixed(p.salience.point());
    }
    for i in &mut s.issues {
        if let Some(sq) = &mut i.status_quo {
            *sq = Uncertain::Fixed(sq.point());
        }
    }
    s
}

/// Writes `value` into the buffer at `target` (no allocation: the old value is a `Fixed`).
pub fn set(buffer: &mut Scenario, target: Target, value: f64) {
    match target {
        Target::Capability(i) => buffer.actors[i].capability = Uncertain::Fixed(value),
        Target::Position(k) => buffer.positions[k].at = Uncertain::Fixed(value),
        Target::Salience(k) => buffer.positions[k].salience = Uncertain::Fixed(value),
        Target::StatusQuo(i) => buffer.issues[i].status_quo = Some(Uncertain::Fixed(value)),
    }
}

/// `scenario` with relative noise on every position, salience and capability: each fixed number
/// v becomes a normal with sd `jitter × v` (capability, salience) or `jitter × scale width`
/// (position). Already uncertain numbers are kept as they are. For scenarios without uncertainty.
pub fn jittered(scenario: &Scenario, jitter: f64) -> Scenario {
    let mut s = scenario.clone();
    let normal = |u: &Uncertain, sd: f64| match u {
        Uncertain::Fixed(v) if sd > 0.0 => Uncertain::Normal { mean: *v, sd },
        other => other.clone(),
    };
    for a in &mut s.actors {
        let v = a.capability.point();
        a.capability = normal(&a.capability, jitter * v.abs());
    }
    for p in &mut s.positions {
        let width = scenario
            .issues
            .iter()
            .find(|i| i.id == p.issue)
            .map(|i| i.scale[1] - i.scale[0])
            .unwrap_or(0.0);
        p.at = normal(&p.at, jitter * width);
        let v = p.salience.point();
        p.salience = normal(&p.salience, jitter * v.abs());
    }
    s
}

/// How often draws of one input were clipped into its valid range.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Clipping {
    pub field: String,
    pub label: String,
    /// Draws raised to the lower bound.
    pub below: u64,
    /// Draws lowered to the upper bound.
    pub above: u64,
    /// (below + above) / runs.
    pub share: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use brink_testkit::ScenarioBuilder;
    use rand::SeedableRng;

    fn scenario() -> Scenario {
        ScenarioBuilder::new("t")
            .issue("i", [0.0, 10.0])
            .status_quo("i", Uncertain::Uniform { min: 1.0, max: 3.0 })
            .actor("a", Uncertain::Normal { mean: 1.0, sd: 5.0 })
            .actor("b", 2.0)
            .position("a", "i", Uncertain::Normal { mean: 9.0, sd: 4.0 }, 0.5)
            .position(
                "b",
                "i",
                1.0,
                Uncertain::Discrete {
                    values: vec![0.2, 0.8],
                    weights: None,
                },
            )
            .build()
    }

    #[test]
    fn inputs_are_listed_in_draw_order_with_valid_ranges() {
        let ins = inputs(&scenario());
        let fields: Vec<&str> = ins.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "actor[0].capability",
                "position[0].at",
                "position[1].salience",
                "issue[0].status_quo"
            ]
        );
        assert_eq!(ins[1].valid, (0.0, 10.0));
        assert_eq!(ins[0].valid.0, 0.0);
    }

    #[test]
    fn draws_are_clipped_and_the_clipping_reported() {
        let ins = inputs(&scenario());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (mut below, mut above) = (0, 0);
        for _ in 0..2000 {
            let (x, c) = ins[1].draw(&mut rng);
            assert!((0.0..=10.0).contains(&x));
            match c {
                -1 => below += 1,
                1 => above += 1,
                _ => {}
            }
        }
        // N(9, 4) exceeds 10 with probability ≈ 0.40 and falls below 0 with ≈ 0.012.
        assert!((700..900).contains(&above), "{above}");
        assert!(below < 60, "{below}");
    }

    #[test]
    fn swing_range_covers_the_central_90_percent_of_a_normal() {
        let ins = inputs(&scenario());
        let (lo, hi) = ins[1].swing_range();
        assert!((lo - (9.0 - Z95 * 4.0)).abs() < 1e-12);
        assert_eq!(hi, 10.0);
        assert_eq!(ins[2].swing_range(), (0.2, 0.8));
    }

    #[test]
    fn grids_run_from_end_to_end_even_on_ranges_wider_than_f64_holds() {
        let ins = inputs(&scenario());
        assert_eq!(ins[2].grid(3), vec![0.2, 0.5, 0.8]);
        let wide = Input {
            spec: Uncertain::Uniform {
                min: -1.7e308,
                max: 1.7e308,
            },
            valid: (f64::MIN, f64::MAX),
            ..ins[1].clone()
        };
        let g = wide.grid(9);
        assert_eq!((g[0], g[4], g[8]), (-1.7e308, 0.0, 1.7e308));
        assert!(g.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn jitter_makes_fixed_numbers_normal_and_keeps_uncertain_ones() {
        let j = jittered(&scenario(), 0.1);
        assert_eq!(
            j.actors[1].capability,
            Uncertain::Normal { mean: 2.0, sd: 0.2 }
        );
        assert_eq!(j.positions[1].at, Uncertain::Normal { mean: 1.0, sd: 1.0 });
        assert_eq!(j.actors[0].capability, scenario().actors[0].capability);
        assert!(!point_scenario(&j).has_uncertainty());
    }
}
