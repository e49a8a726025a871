//! What changed between two JSON documents (two runs' results, or two scenarios' JSON twins):
//! a flat list of leaf changes with readable paths. Array elements that carry an identity (`id`,
//! `model`, `actor`, `issue`, `name`, `outcome`) are matched by it, so a reordered or extended
//! list reads as what it is: `issues[enrichment].forecasts[bdm].forecast: 22.1 → 25.3 (+3.2)`.

use serde::Serialize;
use serde_json::Value;

/// One leaf that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Where: object keys joined by `.`, array elements as `[identity]` or `[index]`.
    pub path: String,
    /// The value before (absent when added).
    pub before: Option<Value>,
    /// The value after (absent when removed).
    pub after: Option<Value>,
    /// after − before when both are numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta: Option<f64>,
}

/// The keys that name an array element, tried in this order.
const IDENTITY_KEYS: [&str; 6] = ["id", "model", "actor", "issue", "name", "outcome"];

/// Every leaf that differs between `before` and `after`, in document order (`before`'s, then
/// what only `after` has).
pub fn diff_json(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(String::new(), Some(before), Some(after), &mut out);
    out
}

fn walk(path: String, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                walk(join(&path, k), Some(v), y.get(k), out);
            }
            for (k, v) in y {
                if !x.contains_key(k) {
                    walk(join(&path, k), None, Some(v), out);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => match identity_key(x, y) {
            Some(key) => {
                let id = |v: &Value| identity(v, key).unwrap_or_default();
                for v in x {
                    let name = id(v);
                    let twin = y.iter().find(|w| id(w) == name);
                    walk(format!("{path}[{name}]"), Some(v), twin, out);
                }
                for w in y {
                    let name = id(w);
                    if !x.iter().any(|v| id(v) == name) {
                        walk(format!("{path}[{name}]"), None, Some(w), out);
                    }
                }
            }
            None => {
                for k in 0..x.len().max(y.len()) {
                    walk(format!("{path}[{k}]"), x.get(k), y.get(k), out);
                }
            }
        },
        (Some(x), Some(y)) if x == y => {}
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64(), y.as_f64());
            out.push(Change {
                path,
                before: a.cloned(),
                after: b.cloned(),
                delta: x.zip(y).map(|(x, y)| y - x),
            });
        }
        (None, None) => {}
        _ => out.push(Change {
            path,
            before: a.cloned(),
            after: b.cloned(),
            delta: None,
        }),
    }
}

/// A scenario's positions are named by actor and issue together.
const ACTOR_ISSUE: &str = "actor/issue";

/// An element's name under `key` (only strings name: a number in an `outcome` field is a
/// value, not a name).
fn identity(v: &Value, key: &str) -> Option<String> {
    if key == ACTOR_ISSUE {
        let (a, i) = (v.get("actor")?.as_str()?, v.get("issue")?.as_str()?);
        return Some(format!("{a}/{i}"));
    }
    v.get(key)?.as_str().map(str::to_string)
}

/// The identity key both arrays' elements all carry as distinct strings.
fn identity_key(x: &[Value], y: &[Value]) -> Option<&'static str> {
    std::iter::once(ACTOR_ISSUE)
        .chain(IDENTITY_KEYS)
        .find(|key| {
            [x, y].iter().all(|items| {
                let labels: Vec<String> = items.iter().filter_map(|v| identity(v, key)).collect();
                labels.len() == items.len() && {
                    let mut sorted = labels.clone();
                    sorted.sort();
                    sorted.dedup();
                    sorted.len() == labels.len()
                }
            }) && !(x.is_empty() && y.is_empty())
        })
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_documents_have_no_changes() {
        let v = json!({ "a": [1, 2, { "b": null }], "c": "x" });
        assert!(diff_json(&v, &v).is_empty());
    }

    #[test]
    fn numbers_get_their_delta_and_elements_are_matched_by_identity() {
        let a = json!({ "issues": [
            { "id": "tax", "forecasts": [ { "model": "bdm", "forecast": 40.0 },
                                          { "model": "smp", "forecast": 50.0 } ] } ] });
        let b = json!({ "issues": [
            { "id": "tax", "forecasts": [ { "model": "smp", "forecast": 50.0 },
                                          { "model": "bdm", "forecast": 42.5 },
                                          { "model": "nbs", "forecast": 45.0 } ] } ] });
        let d = diff_json(&a, &b);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].path, "issues[tax].forecasts[bdm].forecast");
        assert_eq!(d[0].delta, Some(2.5));
        assert_eq!(d[1].path, "issues[tax].forecasts[nbs]");
        assert_eq!(d[1].before, None);
        assert_eq!(
            d[1].after,
            Some(json!({ "model": "nbs", "forecast": 45.0 }))
        );
    }

    #[test]
    fn arrays_without_identity_compare_by_index_and_types_may_change() {
        let d = diff_json(
            &json!({ "x": [1, 2, 3] }),
            &json!({ "x": [1, 5], "y": true }),
        );
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["x[1]", "x[2]", "y"]);
        assert_eq!(d[0].delta, Some(3.0));
        assert_eq!(d[1].after, None);
        let d = diff_json(&json!({ "x": 1 }), &json!({ "x": "one" }));
        assert_eq!(d[0].delta, None);
    }

    #[test]
    fn positions_are_named_by_actor_and_issue() {
        let a = json!({ "position": [ { "actor": "A", "issue": "x", "at": 1 },
                                      { "actor": "A", "issue": "y", "at": 2 } ] });
        let b = json!({ "position": [ { "actor": "A", "issue": "y", "at": 3 },
                                      { "actor": "A", "issue": "x", "at": 1 } ] });
        let d = diff_json(&a, &b);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "position[A/y].at");
    }
}
