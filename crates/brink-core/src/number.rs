//! Numbers that may be uncertain. Any number of a scenario may be a plain value, a normal
//! `{ mean, sd }`, a uniform range `{ min, max }` or discrete values `{ values, weights }`.

use rand::Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Uncertain {
    Fixed(f64),
    Normal {
        mean: f64,
        sd: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Discrete {
        values: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weights: Option<Vec<f64>>,
    },
}

impl From<f64> for Uncertain {
    fn from(v: f64) -> Self {
        Uncertain::Fixed(v)
    }
}

impl Uncertain {
    /// The point estimate models use when they do not sample: the value, the mean, the midpoint
    /// of the range, or the weighted mean of the discrete values.
    pub fn point(&self) -> f64 {
        match self {
            Uncertain::Fixed(v) => *v,
            Uncertain::Normal { mean, .. } => *mean,
            Uncertain::Uniform { min, max } => midpoint(*min, *max),
            Uncertain::Discrete { values, weights } => {
                let w = self.discrete_weights(values, weights.as_deref());
                let total: f64 = w.iter().sum();
                let mean = values.iter().zip(&w).map(|(v, w)| v * w).sum::<f64>() / total;
                if mean.is_finite() {
                    mean
                } else {
                    // Values near f64's limits overflow the weighted sum: sum shares instead.
                    values.iter().zip(&w).map(|(v, w)| v * (w / total)).sum()
                }
            }
        }
    }

    pub fn is_fixed(&self) -> bool {
        matches!(self, Uncertain::Fixed(_))
    }

    /// The range every draw falls in (a normal's is unbounded).
    pub fn support(&self) -> (f64, f64) {
        match self {
            Uncertain::Fixed(v) => (*v, *v),
            Uncertain::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
            Uncertain::Uniform { min, max } => (*min, *max),
            Uncertain::Discrete { values, .. } => values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                    (lo.min(*v), hi.max(*v))
                }),
        }
    }

    fn discrete_weights(&self, values: &[f64], weights: Option<&[f64]>) -> Vec<f64> {
        match weights {
            Some(w) => w.to_vec(),
            None => vec![1.0; values.len()],
        }
    }

    /// What is wrong with this specification, if anything (NaN/inf, sd < 0, min > max, empty or
    /// mismatched discrete values, weights that cannot be sampled).
    pub fn problem(&self) -> Option<String> {
        let finite = |x: f64, what: &str| {
            if x.is_finite() {
                None
            } else {
                Some(format!("{what} must be a finite number, found {x}"))
            }
        };
        match self {
            Uncertain::Fixed(v) => finite(*v, "the value"),
            Uncertain::Normal { mean, sd } => finite(*mean, "`mean`")
                .or_else(|| finite(*sd, "`sd`"))
                .or_else(|| (*sd < 0.0).then(|| format!("`sd` must be ≥ 0, found {sd}"))),
            Uncertain::Uniform { min, max } => finite(*min, "`min`")
                .or_else(|| finite(*max, "`max`"))
                .or_else(|| {
                    (min > max).then(|| format!("`min` ({min}) must not exceed `max` ({max})"))
                }),
            Uncertain::Discrete { values, weights } => {
                if values.is_empty() {
                    return Some("`values` must hold at least one value".into());
                }
                if let Some(p) = values.iter().find_map(|v| finite(*v, "every value")) {
                    return Some(p);
                }
                if let Some(w) = weights {
                    if w.len() != values.len() {
                        return Some(format!(
                            "`weights` must have one weight per value: {} values, {} weights",
                            values.len(),
                            w.len()
                        ));
                    }
                    if w.iter().any(|x| !x.is_finite() || *x < 0.0) {
                        return Some("every weight must be a finite number ≥ 0".into());
                    }
                    if w.iter().sum::<f64>() <= 0.0 {
                        return Some("the weights must not all be 0".into());
                    }
                }
                None
            }
        }
    }

    /// One draw. The caller clips to the valid range and reports clipping.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Uncertain::Fixed(v) => *v,
            Uncertain::Normal { mean, sd } => {
                if *sd == 0.0 {
                    *mean
                } else {
                    // An sd near f64's limit can overflow mean + sd·z: keep the draw finite.
                    Normal::new(*mean, *sd)
                        .map(|n| n.sample(rng))
                        .unwrap_or(*mean)
                        .clamp(f64::MIN, f64::MAX)
                }
            }
            Uncertain::Uniform { min, max } => {
                if min == max {
                    *min
                } else if (max - min).is_finite() {
                    rng.gen_range(*min..=*max)
                } else {
                    // A range wider than f64 holds (`-1e308..1e308`): rand's sampler would
                    // overflow computing max − min, so interpolate, each term within range.
                    let u: f64 = rng.gen();
                    (min * (1.0 - u) + max * u).clamp(*min, *max)
                }
            }
            Uncertain::Discrete { values, weights } => {
                let w = self.discrete_weights(values, weights.as_deref());
                let total: f64 = w.iter().sum();
                let mut u = rng.gen::<f64>() * total;
                for (v, w) in values.iter().zip(&w) {
                    if u < *w {
                        return *v;
                    }
                    u -= w;
                }
                *values.last().expect("validated: non-empty")
            }
        }
    }

    /// Apply `f` to every number of the specification (used to rescale, e.g. salience 0–100 → 0–1).
    pub fn map(&self, f: impl Fn(f64) -> f64) -> Uncertain {
        match self {
            Uncertain::Fixed(v) => Uncertain::Fixed(f(*v)),
            Uncertain::Normal { mean, sd } => Uncertain::Normal {
                mean: f(*mean),
                sd: (f(*mean + *sd) - f(*mean)).abs(),
            },
            Uncertain::Uniform { min, max } => Uncertain::Uniform {
                min: f(*min),
                max: f(*max),
            },
            Uncertain::Discrete { values, weights } => Uncertain::Discrete {
                values: values.iter().map(|v| f(*v)).collect(),
                weights: weights.clone(),
            },
        }
    }
}

/// (a + b) / 2 without overflow when both are near f64's limits.
fn midpoint(a: f64, b: f64) -> f64 {
    let m = 0.5 * (a + b);
    if m.is_finite() {
        m
    } else {
        0.5 * a + 0.5 * b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn ranges_wider_than_f64_holds_are_sampled_within_them() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        let u = Uncertain::Uniform {
            min: -1e308,
            max: 1e308,
        };
        assert_eq!(u.point(), 0.0);
        for _ in 0..1000 {
            let x = u.sample(&mut rng);
            assert!(x.is_finite() && (-1e308..=1e308).contains(&x), "{x}");
        }
        let high = Uncertain::Uniform {
            min: 1e308,
            max: 1.7e308,
        };
        assert_eq!(high.point(), 1.35e308);
        let n = Uncertain::Normal {
            mean: 1e308,
            sd: 1e308,
        };
        assert!((0..1000).all(|_| n.sample(&mut rng).is_finite()));
        let d = Uncertain::Discrete {
            values: vec![1.7e308, 1.7e308],
            weights: None,
        };
        assert_eq!(d.point(), 1.7e308);
    }

    #[test]
    fn point_estimates() {
        assert_eq!(Uncertain::Fixed(3.0).point(), 3.0);
        assert_eq!(Uncertain::Normal { mean: 2.0, sd: 1.0 }.point(), 2.0);
        assert_eq!(Uncertain::Uniform { min: 0.0, max: 4.0 }.point(), 2.0);
        let d = Uncertain::Discrete {
            values: vec![0.0, 10.0],
            weights: Some(vec![3.0, 1.0]),
        };
        assert_eq!(d.point(), 2.5);
    }

    #[test]
    fn problems_are_named() {
        assert!(Uncertain::Normal {
            mean: 1.0,
            sd: -1.0
        }
        .problem()
        .unwrap()
        .contains("sd"));
        assert!(Uncertain::Uniform { min: 2.0, max: 1.0 }
            .problem()
            .is_some());
        assert!(Uncertain::Discrete {
            values: vec![],
            weights: None
        }
        .problem()
        .is_some());
        assert!(Uncertain::Fixed(f64::NAN).problem().is_some());
    }

    #[test]
    fn discrete_sampling_stays_on_values() {
        let d = Uncertain::Discrete {
            values: vec![1.0, 2.0],
            weights: None,
        };
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..100 {
            let x = d.sample(&mut rng);
            assert!(x == 1.0 || x == 2.0);
        }
    }
}
