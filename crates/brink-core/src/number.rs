//! Numbers that may be uncertain. Any number of a scenario may be a plain value, a normal
//! `{ mean, sd }`, a uniform range `{ min, max }` or discrete values `{ values, weights }`;
//! [`parse_written`] is the one reader of them for every input format.

use rand::Rng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

/// Serialized as written in a scenario (a number or a table); read back through
/// [`parse_written`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
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

/// The forms a written number may take, for messages and docs.
/// (`{ value = … }` reads as a plain number, and any of these tables may carry a `why`.)
pub const NUMBER_FORMS: &str =
    "a number, { mean = …, sd = … }, { min = …, max = … } or { values = […], weights = […] }";

/// A number as an input document holds it (a reference to a TOML or JSON value): what the one
/// number parser, [`parse_written`], needs to read it, whatever the format.
pub trait WrittenValue: Copy {
    fn as_number(self) -> Option<f64>;
    fn as_text(self) -> Option<String>;
    fn as_list(self) -> Option<Vec<Self>>;
    /// The keys and values of a table, in the document's order.
    fn as_table(self) -> Option<Vec<(String, Self)>>;
    /// The value in words for a message ("the string \"high\"", "a list of 2 item(s)").
    fn describe(self) -> String;
}

/// A number as written, with the `why` its table may carry.
#[derive(Clone, Debug, PartialEq)]
pub struct WrittenNumber {
    pub number: Uncertain,
    pub why: Option<String>,
}

/// Why a written number could not be read: the message, and the key of its table the message is
/// about (`sd`, `values`), if any — the caller locates it at `FIELD.KEY`.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberError {
    pub key: Option<&'static str>,
    pub message: String,
}

/// The one reader of an (optionally uncertain) number, for every input that writes one (the
/// scenario TOML, its JSON twin, the `[crisis]` section): a number, `{ value }`, `{ mean, sd }`,
/// `{ min, max }` or `{ values, weights }` (weights optional), any table with an optional
/// `why = "…"`. It checks the shape only; [`Uncertain::problem`] and the caller's range checks
/// judge the numbers.
pub fn parse_written<V: WrittenValue>(v: V) -> Result<WrittenNumber, NumberError> {
    let err = |key: Option<&'static str>, message: String| NumberError { key, message };
    if let Some(x) = v.as_number() {
        return Ok(WrittenNumber {
            number: Uncertain::Fixed(x),
            why: None,
        });
    }
    let Some(table) = v.as_table() else {
        return Err(err(
            None,
            format!("expected {NUMBER_FORMS}, found {}", v.describe()),
        ));
    };
    let mut why = None;
    // The keys of the number (all but `why`), sorted, to tell the form.
    let mut keys: Vec<&str> = Vec::new();
    for (k, x) in &table {
        if k == "why" {
            match x.as_text() {
                Some(w) => why = Some(w),
                None => {
                    return Err(err(
                        Some("why"),
                        format!("`why` must be a string, found {}", x.describe()),
                    ))
                }
            }
        } else {
            keys.push(k.as_str());
        }
    }
    let get = |key: &str| table.iter().find(|(k, _)| k == key).map(|(_, x)| *x);
    let num = |key: &'static str| -> Result<f64, NumberError> {
        let x = get(key).expect("key checked present");
        x.as_number().ok_or_else(|| {
            err(
                Some(key),
                format!("`{key}` must be a number, found {}", x.describe()),
            )
        })
    };
    let list = |key: &'static str| -> Result<Vec<f64>, NumberError> {
        let x = get(key).expect("key checked present");
        let not_list = || {
            err(
                Some(key),
                format!("`{key}` must be a list of numbers, found {}", x.describe()),
            )
        };
        let items = x.as_list().ok_or_else(not_list)?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_number().ok_or_else(|| {
                    err(
                        Some(key),
                        format!(
                            "`{key}` must be a list of numbers, found {} at item {}",
                            item.describe(),
                            i + 1
                        ),
                    )
                })
            })
            .collect()
    };
    keys.sort_unstable();
    let number = match keys.as_slice() {
        ["value"] => Uncertain::Fixed(num("value")?),
        ["mean", "sd"] => Uncertain::Normal {
            mean: num("mean")?,
            sd: num("sd")?,
        },
        ["max", "min"] => Uncertain::Uniform {
            min: num("min")?,
            max: num("max")?,
        },
        ["values"] => Uncertain::Discrete {
            values: list("values")?,
            weights: None,
        },
        ["values", "weights"] => Uncertain::Discrete {
            values: list("values")?,
            weights: Some(list("weights")?),
        },
        ["mean"] | ["sd"] => {
            return Err(err(
                None,
                "a normal needs both `mean` and `sd` (numbers)".into(),
            ))
        }
        ["max"] | ["min"] => {
            return Err(err(
                None,
                "a uniform range needs both `min` and `max` (numbers)".into(),
            ))
        }
        _ => {
            let found = if keys.is_empty() {
                "an empty table".to_string()
            } else {
                format!("a table with keys {{{}}}", keys.join(", "))
            };
            const KNOWN: [&str; 7] = ["value", "mean", "sd", "min", "max", "values", "weights"];
            let what = match keys.iter().find(|k| !KNOWN.contains(k)) {
                Some(unknown) => format!("unknown key `{unknown}` in an uncertain number"),
                None => "malformed uncertain number".to_string(),
            };
            return Err(err(
                None,
                format!("{what}: expected {NUMBER_FORMS}; found {found}"),
            ));
        }
    };
    Ok(WrittenNumber { number, why })
}

impl WrittenValue for &serde_json::Value {
    fn as_number(self) -> Option<f64> {
        self.as_f64()
    }
    fn as_text(self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn as_list(self) -> Option<Vec<Self>> {
        self.as_array().map(|a| a.iter().collect())
    }
    fn as_table(self) -> Option<Vec<(String, Self)>> {
        self.as_object()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), v)).collect())
    }
    fn describe(self) -> String {
        use serde_json::Value;
        match self {
            Value::Null => "nothing (null)".into(),
            Value::Bool(b) => format!("the boolean `{b}`"),
            Value::Number(n) if n.is_f64() => format!("the number {n}"),
            Value::Number(n) => format!("the integer {n}"),
            Value::String(s) => format!("the string \"{s}\""),
            Value::Array(a) => format!("a list of {} item(s)", a.len()),
            Value::Object(_) => "a table".into(),
        }
    }
}

impl<'de> Deserialize<'de> for Uncertain {
    /// Through [`parse_written`], so that every reader accepts the same forms; a `why` has
    /// nowhere to go in a bare number and is refused.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        let written = parse_written(&value).map_err(|e| serde::de::Error::custom(e.message))?;
        if written.why.is_some() {
            return Err(serde::de::Error::custom(
                "a `why` is not kept here: write the number without it",
            ));
        }
        Ok(written.number)
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

    fn read(json: &str) -> Result<WrittenNumber, NumberError> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        parse_written(&v)
    }

    #[test]
    fn every_written_form_is_read_with_its_why() {
        let n = |json: &str| read(json).unwrap().number;
        assert_eq!(n("3"), Uncertain::Fixed(3.0));
        assert_eq!(n(r#"{"value": 3}"#), Uncertain::Fixed(3.0));
        assert_eq!(
            n(r#"{"mean": 2, "sd": 1}"#),
            Uncertain::Normal { mean: 2.0, sd: 1.0 }
        );
        assert_eq!(
            n(r#"{"max": 4, "min": 0}"#),
            Uncertain::Uniform { min: 0.0, max: 4.0 }
        );
        assert_eq!(
            n(r#"{"values": [1, 2]}"#),
            Uncertain::Discrete {
                values: vec![1.0, 2.0],
                weights: None
            }
        );
        assert_eq!(
            n(r#"{"values": [1, 2], "weights": [3, 1]}"#),
            Uncertain::Discrete {
                values: vec![1.0, 2.0],
                weights: Some(vec![3.0, 1.0])
            }
        );
        let w = read(r#"{"min": 0, "max": 1, "why": "a guess"}"#).unwrap();
        assert_eq!(w.why.as_deref(), Some("a guess"));
        // What `Serialize` writes, the parser reads back.
        for u in [
            n("3"),
            n(r#"{"mean": 2, "sd": 1}"#),
            n(r#"{"values": [1, 2]}"#),
        ] {
            let back: Uncertain =
                serde_json::from_value(serde_json::to_value(&u).unwrap()).unwrap();
            assert_eq!(back, u);
        }
    }

    #[test]
    fn malformed_numbers_say_what_was_expected_and_where() {
        let e = |json: &str| read(json).unwrap_err();
        assert!(e(r#""high""#)
            .message
            .ends_with("found the string \"high\""));
        let unknown = e(r#"{"mean": 1, "sdev": 2}"#);
        assert_eq!(unknown.key, None);
        assert!(
            unknown.message.starts_with("unknown key `sdev`"),
            "{unknown:?}"
        );
        assert!(unknown
            .message
            .ends_with("; found a table with keys {mean, sdev}"));
        assert!(e(r#"{"mean": 1, "max": 2}"#)
            .message
            .starts_with("malformed uncertain number"));
        assert!(e(r#"{"mean": 1}"#)
            .message
            .contains("needs both `mean` and `sd`"));
        assert!(e(r#"{"max": 1}"#)
            .message
            .contains("needs both `min` and `max`"));
        let sd = e(r#"{"mean": 1, "sd": "x"}"#);
        assert_eq!(sd.key, Some("sd"));
        assert_eq!(sd.message, "`sd` must be a number, found the string \"x\"");
        let values = e(r#"{"values": [1, true]}"#);
        assert_eq!(values.key, Some("values"));
        assert!(values.message.contains("at item 2"), "{values:?}");
        assert_eq!(e(r#"{"value": 1, "why": 3}"#).key, Some("why"));
        assert!(e("{}").message.ends_with("found an empty table"));
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
