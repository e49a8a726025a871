//! brink's own scenario format: TOML written by hand (see docs/scenario.md and
//! ../shared/design/scenario.md), plus its JSON twin for `brink convert --to json`.
//!
//! Reading walks the whole document (toml_edit keeps the span of every key and value) and
//! reports every problem of the file's shape in one pass — unknown keys with a "did you mean",
//! values of the wrong type, malformed numbers — so that [`parse_lenient`]'s caller can add
//! validation's messages to them and the analyst sees all errors at once, each at
//! `file:line:col`. Positions may be written one `[[position]]` per actor and issue, or in the
//! compact `[positions.ISSUE]` table (`ACTOR = [at, salience]` or `ACTOR = { at, salience,
//! why }`). Writing produces the layout an analyst would write: `[scenario]`, `[[issue]]`,
//! `[[actor]]`, `[[position]]` (or, with [`to_toml_compact`], `[positions.ISSUE]`), then
//! `[crisis]` and `[models.*]`.

use brink_core::{
    did_you_mean,
    number::{parse_written, WrittenValue},
    Actor, Diagnostic, Diagnostics, Issue, LineIndex, Location, Origin, Position, Scenario,
    Severity, Uncertain,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::ops::Range;

/// A TOML value with its place in the file (a table's keys keep theirs too).
#[derive(Debug)]
struct Node {
    span: Range<usize>,
    v: V,
}

#[derive(Debug)]
enum V {
    Table(Vec<Entry>),
    Array(Vec<Node>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(toml::value::Datetime),
}

#[derive(Debug)]
struct Entry {
    key: String,
    key_span: Range<usize>,
    node: Node,
}

fn span_or(s: Option<Range<usize>>, fallback: &Range<usize>) -> Range<usize> {
    s.unwrap_or_else(|| fallback.clone())
}

fn entries<'a>(
    pairs: impl Iterator<Item = (&'a toml_edit::Key, &'a toml_edit::Item)>,
    at: &Range<usize>,
) -> Vec<Entry> {
    pairs
        .filter(|(_, item)| !item.is_none())
        .map(|(key, item)| {
            let key_span = span_or(key.span(), at);
            let node = item_node(item, &key_span);
            Entry {
                key: key.get().to_string(),
                key_span,
                node,
            }
        })
        .collect()
}

fn item_node(item: &toml_edit::Item, at: &Range<usize>) -> Node {
    match item {
        toml_edit::Item::Value(v) => value_node(v, at),
        toml_edit::Item::Table(t) => {
            let span = span_or(t.span(), at);
            let kv = t
                .iter()
                .filter_map(|(k, _)| t.get_key_value(k))
                .collect::<Vec<_>>();
            Node {
                v: V::Table(entries(kv.into_iter(), &span)),
                span,
            }
        }
        toml_edit::Item::ArrayOfTables(a) => {
            let span = span_or(a.span(), at);
            let items = a
                .iter()
                .map(|t| item_node(&toml_edit::Item::Table(t.clone()), &span))
                .collect();
            Node {
                v: V::Array(items),
                span,
            }
        }
        toml_edit::Item::None => Node {
            span: at.clone(),
            v: V::Table(vec![]),
        },
    }
}

fn value_node(v: &toml_edit::Value, at: &Range<usize>) -> Node {
    let span = span_or(v.span(), at);
    let v = match v {
        toml_edit::Value::String(s) => V::Str(s.value().clone()),
        toml_edit::Value::Integer(i) => V::Int(*i.value()),
        toml_edit::Value::Float(f) => V::Float(*f.value()),
        toml_edit::Value::Boolean(b) => V::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => V::Date(*d.value()),
        toml_edit::Value::Array(a) => V::Array(a.iter().map(|x| value_node(x, &span)).collect()),
        toml_edit::Value::InlineTable(t) => {
            let kv = t
                .iter()
                .filter_map(|(k, _)| t.get_key_value(k))
                .collect::<Vec<_>>();
            V::Table(entries(kv.into_iter(), &span))
        }
    };
    Node { span, v }
}

impl Node {
    fn as_number(&self) -> Option<f64> {
        match self.v {
            V::Int(i) => Some(i as f64),
            V::Float(f) => Some(f),
            _ => None,
        }
    }
    fn entries(&self) -> Option<&[Entry]> {
        match &self.v {
            V::Table(e) => Some(e),
            _ => None,
        }
    }
    fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.node)
    }
    fn to_json(&self) -> serde_json::Value {
        match &self.v {
            V::Str(s) => serde_json::Value::String(s.clone()),
            V::Int(i) => serde_json::Value::from(*i),
            V::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            V::Bool(b) => serde_json::Value::Bool(*b),
            V::Date(d) => serde_json::Value::String(d.to_string()),
            V::Array(a) => serde_json::Value::Array(a.iter().map(Node::to_json).collect()),
            V::Table(t) => serde_json::Value::Object(
                t.iter()
                    .map(|e| (e.key.clone(), e.node.to_json()))
                    .collect(),
            ),
        }
    }
}

impl WrittenValue for &Node {
    fn as_number(self) -> Option<f64> {
        Node::as_number(self)
    }
    fn as_text(self) -> Option<String> {
        match &self.v {
            V::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
    fn as_list(self) -> Option<Vec<Self>> {
        match &self.v {
            V::Array(a) => Some(a.iter().collect()),
            _ => None,
        }
    }
    fn as_table(self) -> Option<Vec<(String, Self)>> {
        self.entries()
            .map(|t| t.iter().map(|e| (e.key.clone(), &e.node)).collect())
    }
    fn describe(self) -> String {
        describe(self)
    }
}

/// How a TOML value reads in a message: its kind in words and, when short, the value as written.
fn describe(n: &Node) -> String {
    match &n.v {
        V::Str(s) => format!("the string \"{s}\""),
        V::Int(i) => format!("the integer {i}"),
        V::Float(f) => format!("the number {f}"),
        V::Bool(b) => format!("the boolean `{b}`"),
        V::Date(d) if d.time.is_none() => format!("a date (`{d}`)"),
        V::Date(d) => format!("a date-time (`{d}`)"),
        V::Array(a) => format!("a list of {} item(s)", a.len()),
        V::Table(_) => "a table".to_string(),
    }
}

struct Ctx<'a> {
    lines: LineIndex<'a>,
    file: &'a str,
    origin: Origin,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn loc(&self, span: &Range<usize>) -> Location {
        self.lines.locate(span.start)
    }
    fn record(&mut self, field: impl Into<String>, span: &Range<usize>) {
        let loc = self.loc(span);
        self.origin.record(field, loc);
    }
    fn error(&mut self, field: &str, span: &Range<usize>, message: String) {
        let loc = self.loc(span);
        self.errors.push(
            Diagnostic::error(self.file, message)
                .at(loc)
                .field(field.to_string()),
        );
    }

    /// The entries of a table; an error when `node` is not one.
    fn table<'n>(&mut self, field: &str, node: &'n Node, what: &str) -> &'n [Entry] {
        match node.entries() {
            Some(e) => e,
            None => {
                self.error(
                    field,
                    &node.span,
                    format!("expected {what}, found {}", describe(node)),
                );
                &[]
            }
        }
    }

    /// Every key of `entries` outside `known` is an error at the key, with a "did you mean".
    fn known_keys(&mut self, field: &str, entries: &[Entry], known: &[&str]) {
        for e in entries {
            if !known.contains(&e.key.as_str()) {
                let list = known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let f = if field.is_empty() {
                    e.key.clone()
                } else {
                    format!("{field}.{}", e.key)
                };
                self.error(
                    &f,
                    &e.key_span,
                    format!(
                        "unknown field `{}`, expected one of {list}{}",
                        e.key,
                        did_you_mean(&e.key, known.iter().copied())
                    ),
                );
            }
        }
    }

    fn string(&mut self, field: &str, node: &Node) -> Option<String> {
        self.record(field, &node.span);
        match &node.v {
            V::Str(s) => Some(s.clone()),
            _ => {
                self.error(
                    field,
                    &node.span,
                    format!("expected a string, found {}", describe(node)),
                );
                None
            }
        }
    }

    /// A required key: an error at the table when missing.
    fn required<'n>(
        &mut self,
        field: &str,
        table: &'n Node,
        key: &str,
        what: &str,
    ) -> Option<&'n Node> {
        let n = table.get(key);
        if n.is_none() {
            self.error(
                &format!("{field}.{key}"),
                &table.span,
                format!("missing `{key}`: expected {what}"),
            );
        }
        n
    }

    /// A number that may be uncertain, read by core's one number parser; a `why` in its table
    /// is added to `why` (the issue's, actor's or position's), named by the number's key.
    fn number(&mut self, field: &str, value: &Node, why: &mut Option<String>) -> Option<Uncertain> {
        self.record(field, &value.span);
        match parse_written(value) {
            Ok(w) => {
                add_why(why, field, w.why);
                Some(w.number)
            }
            Err(e) => {
                let field = match e.key {
                    Some(key) => format!("{field}.{key}"),
                    None => field.to_string(),
                };
                self.error(&field, &value.span, e.message);
                None
            }
        }
    }
}

/// Adds the `why` written inside a number's table (`at = { mean = 40, sd = 5, why = "…" }`) to
/// the enclosing `why`, prefixed by the number's key (`at: …`), so that none is lost.
fn add_why(why: &mut Option<String>, field: &str, inner: Option<String>) {
    let Some(inner) = inner else { return };
    let key = field.rsplit('.').next().unwrap_or(field);
    let line = format!("{key}: {inner}");
    *why = Some(match why.take() {
        Some(outer) => format!("{outer}; {line}"),
        None => line,
    });
}

/// The keys each table of the format accepts (docs/scenario.md lists them; a test compares).
pub const SCENARIO_KEYS: &[&str] = &["name", "date", "source", "notes", "salience_scale"];
pub const ISSUE_KEYS: &[&str] = &[
    "id",
    "name",
    "scale",
    "labels",
    "status_quo",
    "outcome",
    "why",
];
pub const ACTOR_KEYS: &[&str] = &["id", "name", "capability", "why"];
pub const POSITION_KEYS: &[&str] = &["actor", "issue", "at", "salience", "why"];
/// An entry of the compact `[positions.ISSUE]` form written as a table.
pub const COMPACT_POSITION_KEYS: &[&str] = &["at", "salience", "why"];
const TOP_KEYS: &[&str] = &[
    "scenario",
    "issue",
    "actor",
    "position",
    "positions",
    "crisis",
    "models",
];

/// Parses a brink scenario TOML. The result is not yet validated (see [`Scenario::validate`]);
/// errors here are those of the file's shape (syntax, unknown keys, wrong types), all of them.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    match parse_lenient(text, file) {
        (Some(s), errors) if errors.is_empty() => Ok(s),
        (_, errors) => Err(Diagnostics(errors)),
    }
}

/// Every error of the file's shape, and the scenario as far as it could be read (`None` only
/// when the TOML itself does not parse). A field in error holds a harmless placeholder (a
/// capability of 0, a position of NaN) so that validation can run on the rest; the caller drops
/// validation's messages about fields already in error ([`merge_diagnostics`]).
pub fn parse_lenient(text: &str, file: &str) -> (Option<Scenario>, Vec<Diagnostic>) {
    let doc = match toml_edit::ImDocument::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let loc = e.span().map(|s| Location::of_offset(text, s.start));
            let mut d = Diagnostic::error(file, toml_message(&e));
            d.location = loc.or(Some(Location { line: 1, col: 1 }));
            return (None, vec![d]);
        }
    };
    let root = item_node(doc.as_item(), &(0..0));
    let mut cx = Ctx {
        lines: LineIndex::new(text),
        file,
        origin: Origin::new(file),
        errors: Vec::new(),
    };
    let mut scenario = Scenario::default();
    let top = root.entries().unwrap_or(&[]);
    cx.known_keys("", top, TOP_KEYS);
    let list = |cx: &mut Ctx, key: &str| -> Vec<&Node> {
        match root.get(key) {
            Some(Node {
                v: V::Array(items), ..
            }) => items.iter().collect(),
            Some(other) => {
                cx.error(
                    key,
                    &other.span,
                    format!(
                        "expected `[[{key}]]` tables (one per {key}), found {}",
                        describe(other)
                    ),
                );
                vec![]
            }
            None => vec![],
        }
    };

    let mut salience_scale = 1.0;
    match root.get("scenario") {
        None => cx.errors.push(
            Diagnostic::error(
                file,
                "missing the `[scenario]` table: expected `[scenario]` with at least `name = \"…\"`",
            )
            .at_line_col(1, 1),
        ),
        Some(meta) => {
            cx.record("scenario", &meta.span);
            let e = cx.table("scenario", meta, "the `[scenario]` table");
            cx.known_keys("scenario", e, SCENARIO_KEYS);
            if let Some(n) = cx.required("scenario", meta, "name", "the scenario's name (a string)") {
                scenario.name = cx.string("scenario.name", n).unwrap_or_default();
            }
            scenario.date = meta.get("date").and_then(|d| match &d.v {
                V::Str(s) => Some(s.clone()),
                V::Date(d) => Some(d.to_string()),
                _ => {
                    cx.error(
                        "scenario.date",
                        &d.span,
                        format!(
                            "expected a date (2026-02-16) or a string, found {}",
                            describe(d)
                        ),
                    );
                    None
                }
            });
            scenario.source = meta.get("source").and_then(|n| cx.string("scenario.source", n));
            scenario.notes = meta.get("notes").and_then(|n| cx.string("scenario.notes", n));
            if let Some(scale) = meta.get("salience_scale") {
                match scale.as_number() {
                    Some(v) if v == 1.0 || v == 100.0 => salience_scale = v,
                    _ => cx.error(
                        "scenario.salience_scale",
                        &scale.span,
                        format!(
                            "expected 1 (saliences on 0–1) or 100 (on 0–100), found {}",
                            match scale.as_number() {
                                Some(v) => v.to_string(),
                                None => describe(scale),
                            }
                        ),
                    ),
                }
            }
        }
    }

    for (i, node) in list(&mut cx, "issue").into_iter().enumerate() {
        let f = format!("issue[{i}]");
        cx.record(&f, &node.span);
        let e = cx.table(&f, node, "an `[[issue]]` table");
        cx.known_keys(&f, e, ISSUE_KEYS);
        let id = cx
            .required(&f, node, "id", "the issue's id (a string)")
            .and_then(|n| cx.string(&format!("{f}.id"), n))
            .unwrap_or_default();
        let name = node
            .get("name")
            .and_then(|n| cx.string(&format!("{f}.name"), n));
        let mut scale = [0.0, 1.0];
        if let Some(s) = cx.required(&f, node, "scale", "the issue's scale, [lo, hi]") {
            cx.record(format!("{f}.scale"), &s.span);
            let nums: Option<Vec<f64>> = match &s.v {
                V::Array(a) => a.iter().map(Node::as_number).collect(),
                _ => None,
            };
            match nums.as_deref() {
                Some([lo, hi]) => scale = [*lo, *hi],
                Some(other) => cx.error(
                    &format!("{f}.scale"),
                    &s.span,
                    format!(
                        "expected [lo, hi] (two numbers), found {} numbers",
                        other.len()
                    ),
                ),
                None => cx.error(
                    &format!("{f}.scale"),
                    &s.span,
                    format!("expected [lo, hi] (two numbers), found {}", describe(s)),
                ),
            }
        }
        let mut labels = Vec::new();
        if let Some(l) = node.get("labels") {
            let field = format!("{f}.labels");
            cx.record(&field, &l.span);
            let what = "a table of labels, e.g. { 0 = \"none\", 100 = \"full\" }";
            for e in cx.table(&field, l, what) {
                let label = cx.string(&format!("{field}.{}", e.key), &e.node);
                match e.key.trim().parse::<f64>() {
                    Ok(x) if x.is_finite() => {
                        if let Some(label) = label {
                            labels.push((x, label));
                        }
                    }
                    _ => cx.error(&field, &e.key_span, format!("label key `{}` is not a number: expected keys that are points of the scale, e.g. {{ 0 = \"none\", 100 = \"full\" }}", e.key)),
                }
            }
            labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let mut why = node
            .get("why")
            .and_then(|n| cx.string(&format!("{f}.why"), n));
        let status_quo = node
            .get("status_quo")
            .and_then(|v| cx.number(&format!("{f}.status_quo"), v, &mut why));
        let outcome = node.get("outcome").and_then(|o| {
            cx.record(format!("{f}.outcome"), &o.span);
            let x = o.as_number();
            if x.is_none() {
                cx.error(
                    &format!("{f}.outcome"),
                    &o.span,
                    format!(
                        "expected a number (the known outcome), found {}",
                        describe(o)
                    ),
                );
            }
            x
        });
        scenario.issues.push(Issue {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            scale,
            labels,
            status_quo,
            outcome,
            why,
        });
    }

    for (i, node) in list(&mut cx, "actor").into_iter().enumerate() {
        let f = format!("actor[{i}]");
        cx.record(&f, &node.span);
        let e = cx.table(&f, node, "an `[[actor]]` table");
        cx.known_keys(&f, e, ACTOR_KEYS);
        let id = cx
            .required(&f, node, "id", "the actor's id (a string)")
            .and_then(|n| cx.string(&format!("{f}.id"), n))
            .unwrap_or_default();
        let name = node
            .get("name")
            .and_then(|n| cx.string(&format!("{f}.name"), n));
        let mut why = node
            .get("why")
            .and_then(|n| cx.string(&format!("{f}.why"), n));
        let capability = cx
            .required(
                &f,
                node,
                "capability",
                "the actor's capability (a number ≥ 0)",
            )
            .and_then(|n| cx.number(&format!("{f}.capability"), n, &mut why))
            .unwrap_or(Uncertain::Fixed(0.0));
        scenario.actors.push(Actor {
            name: name.unwrap_or_else(|| id.clone()),
            id,
            capability,
            why,
        });
    }

    // A salience written on 0–100 (`salience_scale = 100`), checked there and brought to 0–1.
    let rescale = |cx: &mut Ctx, f: &str, node: &Node, salience: Uncertain| -> Uncertain {
        if salience_scale == 1.0 || salience.problem().is_some() {
            return salience;
        }
        let (lo, hi) = salience.support();
        if lo < 0.0 || hi > salience_scale {
            cx.error(&format!("{f}.salience"), &node.span, format!("expected `salience` in [0, {salience_scale}] (the file's salience_scale), found {}", if lo == hi { lo.to_string() } else { format!("values from {lo} to {hi}") }));
        }
        salience.map(|x| x / salience_scale)
    };

    for node in list(&mut cx, "position") {
        let f = format!("position[{}]", scenario.positions.len());
        cx.record(&f, &node.span);
        let e = cx.table(&f, node, "a `[[position]]` table");
        cx.known_keys(&f, e, POSITION_KEYS);
        let actor = cx
            .required(&f, node, "actor", "the actor's id (a string)")
            .and_then(|n| cx.string(&format!("{f}.actor"), n));
        let issue = cx
            .required(&f, node, "issue", "the issue's id (a string)")
            .and_then(|n| cx.string(&format!("{f}.issue"), n));
        let mut why = node
            .get("why")
            .and_then(|n| cx.string(&format!("{f}.why"), n));
        let at = cx
            .required(
                &f,
                node,
                "at",
                "the position on the issue's scale (a number)",
            )
            .and_then(|n| cx.number(&format!("{f}.at"), n, &mut why));
        let salience = cx
            .required(&f, node, "salience", "the salience (a number)")
            .and_then(|n| Some((n, cx.number(&format!("{f}.salience"), n, &mut why)?)))
            .map(|(n, s)| rescale(&mut cx, &f, n, s));
        // A position whose actor or issue is unreadable is left out (its errors are reported).
        if let (Some(actor), Some(issue)) = (actor, issue) {
            scenario.positions.push(Position {
                actor,
                issue,
                at: at.unwrap_or(Uncertain::Fixed(f64::NAN)),
                salience: salience.unwrap_or(Uncertain::Fixed(0.0)),
                why,
            });
        }
    }

    // The compact form: `[positions.ISSUE]` with `ACTOR = [at, salience]` or
    // `ACTOR = { at = …, salience = …, why = "…" }`. Each entry becomes a position, located
    // where it is written.
    if let Some(compact) = root.get("positions") {
        let what = "`[positions.ISSUE]` tables: `ACTOR = [at, salience]` by issue id";
        for by_issue in cx.table("positions", compact, what) {
            let issue = &by_issue.key;
            let pf = format!("positions.{issue}");
            let what = "a table `ACTOR = [at, salience]` (one entry per actor)";
            for entry in cx.table(&pf, &by_issue.node, what) {
                let f = format!("position[{}]", scenario.positions.len());
                let ef = format!("{pf}.{}", entry.key);
                cx.record(&f, &entry.key_span);
                cx.record(format!("{f}.actor"), &entry.key_span);
                cx.record(format!("{f}.issue"), &by_issue.key_span);
                let node = &entry.node;
                let mut why = None;
                let (at, salience) = match &node.v {
                    V::Array(items) if items.len() == 2 => {
                        let at = cx.number(&format!("{f}.at"), &items[0], &mut why);
                        let s = cx
                            .number(&format!("{f}.salience"), &items[1], &mut why)
                            .map(|s| rescale(&mut cx, &f, &items[1], s));
                        (at, s)
                    }
                    V::Table(e) => {
                        cx.known_keys(&ef, e, COMPACT_POSITION_KEYS);
                        why = node
                            .get("why")
                            .and_then(|n| cx.string(&format!("{f}.why"), n));
                        let at = cx
                            .required(&ef, node, "at", "the position on the issue's scale")
                            .and_then(|n| cx.number(&format!("{f}.at"), n, &mut why));
                        let s = cx
                            .required(&ef, node, "salience", "the salience")
                            .and_then(|n| {
                                Some((n, cx.number(&format!("{f}.salience"), n, &mut why)?))
                            })
                            .map(|(n, s)| rescale(&mut cx, &f, n, s));
                        (at, s)
                    }
                    _ => {
                        cx.error(&ef, &node.span, format!("expected `{} = [at, salience]` or `{} = {{ at = …, salience = … }}`, found {}", entry.key, entry.key, describe(node)));
                        (None, None)
                    }
                };
                scenario.positions.push(Position {
                    actor: entry.key.clone(),
                    issue: issue.clone(),
                    at: at.unwrap_or(Uncertain::Fixed(f64::NAN)),
                    salience: salience.unwrap_or(Uncertain::Fixed(0.0)),
                    why,
                });
            }
        }
    }

    if let Some(crisis) = root.get("crisis") {
        cx.record("crisis", &crisis.span);
        let mut map = serde_json::Map::new();
        for e in cx.table("crisis", crisis, "the `[crisis]` table") {
            let loc = cx.loc(&e.key_span);
            cx.origin.record(format!("crisis.{}", e.key), loc);
            // Keys one level down (`crisis.outcomes.war`, `crisis.bystander_cost.DEU`) too.
            if let Some(inner) = e.node.entries() {
                for sub in inner {
                    let loc = cx.loc(&sub.key_span);
                    cx.origin
                        .record(format!("crisis.{}.{}", e.key, sub.key), loc);
                }
            }
            map.insert(e.key.clone(), e.node.to_json());
        }
        scenario.crisis = Some(map);
    }
    if let Some(models) = root.get("models") {
        for model in cx.table("models", models, "`[models.NAME]` tables") {
            // Located, so that a bad setting is reported at its key (`models.smp.MaxTurns`).
            let model_field = format!("models.{}", model.key);
            cx.record(&model_field, &model.key_span);
            let mut map = serde_json::Map::new();
            let what = "a table of the model's settings";
            for k in cx.table(&model_field, &model.node, what) {
                cx.record(format!("{model_field}.{}", k.key), &k.key_span);
                map.insert(k.key.clone(), k.node.to_json());
            }
            scenario.model_settings.insert(model.key.clone(), map);
        }
    }

    scenario.origin = cx.origin;
    (Some(scenario), cx.errors)
}

/// The reader's errors and validation's, without validation's messages about a field the reader
/// already reported (a placeholder stands there), in file order.
pub fn merge_diagnostics(read: Vec<Diagnostic>, validation: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let overlaps = |a: &str, b: &str| {
        a == b
            || (a.starts_with(b) && matches!(a.as_bytes()[b.len()], b'.' | b'['))
            || (b.starts_with(a) && matches!(b.as_bytes()[a.len()], b'.' | b'['))
    };
    let bad: Vec<String> = read.iter().filter_map(|d| d.field.clone()).collect();
    let mut all = read;
    all.extend(validation.into_iter().filter(|d| match &d.field {
        // Entry-wide messages (`position[3]`: a second position) stay.
        Some(f) => !bad.iter().any(|b| overlaps(b, f) && f.contains('.')),
        None => true,
    }));
    all.sort_by_key(|d| {
        (
            d.location
                .map(|l| (l.line, l.col))
                .unwrap_or((usize::MAX, 0)),
            std::cmp::Reverse(d.severity),
        )
    });
    all
}

/// toml's messages carry a rendered snippet; keep the first line (the location is ours).
fn toml_message(e: &toml_edit::TomlError) -> String {
    let msg = e.message().trim();
    let msg = msg.lines().next().unwrap_or(msg);
    format!("invalid scenario TOML: {msg}")
}

// ---------------------------------------------------------------------------------------------
// The JSON twin: the same document, for tools. `brink convert --to json` writes it; `.json`
// inputs are read back with it.

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDoc {
    scenario: JsonMeta,
    issue: Vec<JsonIssue>,
    actor: Vec<JsonActor>,
    position: Vec<JsonPosition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crisis: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    models: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonMeta {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    notes: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIssue {
    id: String,
    name: String,
    scale: [f64; 2],
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    labels: Vec<(f64, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_quo: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    outcome: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonActor {
    id: String,
    name: String,
    capability: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPosition {
    actor: String,
    issue: String,
    at: serde_json::Value,
    salience: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    why: Option<String>,
}

/// Writes the scenario as brink's JSON document (pretty-printed).
pub fn to_json(s: &Scenario) -> String {
    let doc = JsonDoc {
        scenario: JsonMeta {
            name: s.name.clone(),
            date: s.date.clone(),
            source: s.source.clone(),
            notes: s.notes.clone(),
        },
        issue: s
            .issues
            .iter()
            .map(|i| JsonIssue {
                id: i.id.clone(),
                name: i.name.clone(),
                scale: i.scale,
                labels: i.labels.clone(),
                status_quo: i.status_quo.as_ref().map(written),
                outcome: i.outcome,
                why: i.why.clone(),
            })
            .collect(),
        actor: s
            .actors
            .iter()
            .map(|a| JsonActor {
                id: a.id.clone(),
                name: a.name.clone(),
                capability: written(&a.capability),
                why: a.why.clone(),
            })
            .collect(),
        position: s
            .positions
            .iter()
            .map(|p| JsonPosition {
                actor: p.actor.clone(),
                issue: p.issue.clone(),
                at: written(&p.at),
                salience: written(&p.salience),
                why: p.why.clone(),
            })
            .collect(),
        crisis: s.crisis.clone(),
        models: s.model_settings.clone(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("a scenario always serialises");
    out.push('\n');
    out
}

/// Reads brink's JSON document. Errors carry serde_json's line and column.
pub fn parse_json(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| {
        Diagnostics::single(
            Diagnostic::error(file, format!("invalid scenario JSON: {e}"))
                .at_line_col(e.line().max(1), e.column().max(1)),
        )
    })?;
    let origin = json_origin(text, file);
    let mut errors = Vec::new();
    // Every number through core's one parser, located like validation's messages.
    let mut number =
        |field: String, v: &serde_json::Value, why: &mut Option<String>| match parse_written(v) {
            Ok(w) => {
                add_why(why, &field, w.why);
                w.number
            }
            Err(e) => {
                let field = match e.key {
                    Some(key) => format!("{field}.{key}"),
                    None => field,
                };
                errors.push(origin.diagnostic(Severity::Error, &field, e.message));
                Uncertain::Fixed(f64::NAN)
            }
        };
    let mut scenario = Scenario {
        name: doc.scenario.name,
        date: doc.scenario.date,
        source: doc.scenario.source,
        notes: doc.scenario.notes,
        crisis: doc.crisis,
        model_settings: doc.models,
        ..Default::default()
    };
    for (k, i) in doc.issue.into_iter().enumerate() {
        let mut why = i.why;
        let status_quo = i
            .status_quo
            .map(|v| number(format!("issue[{k}].status_quo"), &v, &mut why));
        scenario.issues.push(Issue {
            id: i.id,
            name: i.name,
            scale: i.scale,
            labels: i.labels,
            status_quo,
            outcome: i.outcome,
            why,
        });
    }
    for (k, a) in doc.actor.into_iter().enumerate() {
        let mut why = a.why;
        let capability = number(format!("actor[{k}].capability"), &a.capability, &mut why);
        scenario.actors.push(Actor {
            id: a.id,
            name: a.name,
            capability,
            why,
        });
    }
    for (k, p) in doc.position.into_iter().enumerate() {
        let mut why = p.why;
        let at = number(format!("position[{k}].at"), &p.at, &mut why);
        let salience = number(format!("position[{k}].salience"), &p.salience, &mut why);
        scenario.positions.push(Position {
            actor: p.actor,
            issue: p.issue,
            at,
            salience,
            why,
        });
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    scenario.origin = origin;
    Ok(scenario)
}

/// A number as the JSON twin writes it (what [`parse_written`] reads back).
fn written(u: &Uncertain) -> serde_json::Value {
    serde_json::to_value(u).expect("a number always serialises")
}

/// Where each value of a (syntactically valid) JSON document starts, by field path
/// (`position[1].at`, `crisis.p_success`), so that validation can locate its messages as it does
/// for TOML.
fn json_origin(text: &str, file: &str) -> Origin {
    struct Walker<'a> {
        text: &'a str,
        lines: LineIndex<'a>,
        bytes: &'a [u8],
        pos: usize,
        origin: Origin,
    }
    impl Walker<'_> {
        fn skip_ws(&mut self) {
            while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
        }
        /// Reads a string literal at `pos` and returns its content (escapes kept as written: ids
        /// with escapes are rare and only the location matters).
        fn string(&mut self) -> String {
            let start = self.pos + 1;
            self.pos += 1;
            while self.pos < self.bytes.len() && self.bytes[self.pos] != b'"' {
                if self.bytes[self.pos] == b'\\' {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            let s = self
                .text
                .get(start..self.pos.min(self.text.len()))
                .unwrap_or("")
                .to_string();
            self.pos += 1;
            s
        }
        fn value(&mut self, path: &str) {
            self.skip_ws();
            if self.pos >= self.bytes.len() {
                return;
            }
            if !path.is_empty() {
                let loc = self.lines.locate(self.pos);
                self.origin.record(path.to_string(), loc);
            }
            match self.bytes[self.pos] {
                b'{' => {
                    self.pos += 1;
                    loop {
                        self.skip_ws();
                        match self.bytes.get(self.pos) {
                            Some(b'"') => {
                                let key = self.string();
                                self.skip_ws();
                                self.pos += 1; // ':'
                                let child = if path.is_empty() {
                                    key
                                } else {
                                    format!("{path}.{key}")
                                };
                                self.value(&child);
                                self.skip_ws();
                                if self.bytes.get(self.pos) == Some(&b',') {
                                    self.pos += 1;
                                }
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                return;
                            }
                            _ => return,
                        }
                    }
                }
                b'[' => {
                    self.pos += 1;
                    let mut index = 0;
                    loop {
                        self.skip_ws();
                        match self.bytes.get(self.pos) {
                            Some(b']') => {
                                self.pos += 1;
                                return;
                            }
                            None => return,
                            _ => {
                                self.value(&format!("{path}[{index}]"));
                                index += 1;
                                self.skip_ws();
                                if self.bytes.get(self.pos) == Some(&b',') {
                                    self.pos += 1;
                                }
                            }
                        }
                    }
                }
                b'"' => {
                    self.string();
                }
                _ => {
                    while self.pos < self.bytes.len()
                        && !matches!(self.bytes[self.pos], b',' | b'}' | b']')
                        && !self.bytes[self.pos].is_ascii_whitespace()
                    {
                        self.pos += 1;
                    }
                }
            }
        }
    }
    let mut walker = Walker {
        text,
        lines: LineIndex::new(text),
        bytes: text.as_bytes(),
        pos: 0,
        origin: Origin::new(file),
    };
    walker.value("");
    walker.origin
}

// ---------------------------------------------------------------------------------------------
// Writing TOML by hand: the layout an analyst would write, with `why` kept beside each number.

fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn num(x: f64) -> String {
    if x.is_finite() && x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x}")
    }
}

fn uncertain(u: &Uncertain) -> String {
    match u {
        Uncertain::Fixed(v) => num(*v),
        Uncertain::Normal { mean, sd } => format!("{{ mean = {}, sd = {} }}", num(*mean), num(*sd)),
        Uncertain::Uniform { min, max } => {
            format!("{{ min = {}, max = {} }}", num(*min), num(*max))
        }
        Uncertain::Discrete { values, weights } => {
            let list = |v: &[f64]| v.iter().map(|x| num(*x)).collect::<Vec<_>>().join(", ");
            match weights {
                Some(w) => format!("{{ values = [{}], weights = [{}] }}", list(values), list(w)),
                None => format!("{{ values = [{}] }}", list(values)),
            }
        }
    }
}

fn json_to_toml(v: &serde_json::Value) -> Option<toml::Value> {
    Some(match v {
        serde_json::Value::Null => return None,
        serde_json::Value::Bool(b) => toml::Value::Boolean(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        serde_json::Value::String(s) => toml::Value::String(s.clone()),
        serde_json::Value::Array(a) => {
            toml::Value::Array(a.iter().filter_map(json_to_toml).collect())
        }
        serde_json::Value::Object(o) => toml::Value::Table(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                .collect(),
        ),
    })
}

fn bare_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        q(k)
    }
}

/// Writes the scenario as brink's TOML format. Reading the result back gives the same scenario.
pub fn to_toml(s: &Scenario) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "[scenario]");
    let _ = writeln!(w, "name = {}", q(&s.name));
    for (key, value) in [
        ("date", &s.date),
        ("source", &s.source),
        ("notes", &s.notes),
    ] {
        if let Some(v) = value {
            let _ = writeln!(w, "{key} = {}", q(v));
        }
    }
    for i in &s.issues {
        let _ = writeln!(w, "\n[[issue]]");
        let _ = writeln!(w, "id = {}", q(&i.id));
        let _ = writeln!(w, "name = {}", q(&i.name));
        let _ = writeln!(w, "scale = [{}, {}]", num(i.scale[0]), num(i.scale[1]));
        if !i.labels.is_empty() {
            let labels: Vec<String> = i
                .labels
                .iter()
                .map(|(x, l)| format!("{} = {}", q(&num(*x)), q(l)))
                .collect();
            let _ = writeln!(w, "labels = {{ {} }}", labels.join(", "));
        }
        if let Some(sq) = &i.status_quo {
            let _ = writeln!(w, "status_quo = {}", uncertain(sq));
        }
        if let Some(o) = i.outcome {
            let _ = writeln!(w, "outcome = {}", num(o));
        }
        if let Some(why) = &i.why {
            let _ = writeln!(w, "why = {}", q(why));
        }
    }
    for a in &s.actors {
        let _ = writeln!(w, "\n[[actor]]");
        let _ = writeln!(w, "id = {}", q(&a.id));
        let _ = writeln!(w, "name = {}", q(&a.name));
        let _ = writeln!(w, "capability = {}", uncertain(&a.capability));
        if let Some(why) = &a.why {
            let _ = writeln!(w, "why = {}", q(why));
        }
    }
    for p in &s.positions {
        let _ = writeln!(w, "\n[[position]]");
        let _ = writeln!(w, "actor = {}", q(&p.actor));
        let _ = writeln!(w, "issue = {}", q(&p.issue));
        let _ = writeln!(w, "at = {}", uncertain(&p.at));
        let _ = writeln!(w, "salience = {}", uncertain(&p.salience));
        if let Some(why) = &p.why {
            let _ = writeln!(w, "why = {}", q(why));
        }
    }
    if let Some(crisis) = &s.crisis {
        let _ = writeln!(w, "\n[crisis]");
        for (k, v) in crisis {
            if let Some(v) = json_to_toml(v) {
                let _ = writeln!(w, "{} = {}", bare_key(k), v);
            }
        }
    }
    for (model, settings) in &s.model_settings {
        let _ = writeln!(w, "\n[models.{}]", bare_key(model));
        for (k, v) in settings {
            if let Some(v) = json_to_toml(v) {
                let _ = writeln!(w, "{} = {}", bare_key(k), v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[scenario]
name = "test"
date = 2026-02-16

[[issue]]
id = "enrichment"
name = "Enrichment"
scale = [0, 100]
labels = { 0 = "zero", 100 = "unrestricted" }
status_quo = 85

[[actor]]
id = "USA"
capability = 1.0

[[actor]]
id = "IRN"
capability = { mean = 0.4, sd = 0.1 }

[[position]]
actor = "USA"
issue = "enrichment"
at = 10
salience = 0.9
why = "US demands no enrichment"

[[position]]
actor = "IRN"
issue = "enrichment"
at = { min = 60, max = 90 }
salience = { values = [0.8, 1.0], weights = [1, 3] }

[crisis]
game = "patron_ally_target_transit"
p_success = { mean = 0.6, sd = 0.1 }
"#;

    fn diag(text: &str) -> Diagnostic {
        match parse(text, "t.toml") {
            Err(e) => e.0[0].clone(),
            Ok(s) => s
                .validate()
                .into_iter()
                .next()
                .expect("expected a diagnostic"),
        }
    }

    #[test]
    fn reads_a_good_scenario() {
        let s = parse(GOOD, "t.toml").unwrap();
        assert!(s.validate().is_empty(), "{:?}", s.validate());
        assert_eq!(s.date.as_deref(), Some("2026-02-16"));
        assert_eq!(s.issues[0].labels[1], (100.0, "unrestricted".into()));
        assert_eq!(
            s.actors[1].capability,
            Uncertain::Normal { mean: 0.4, sd: 0.1 }
        );
        assert_eq!(
            s.positions[1].at,
            Uncertain::Uniform {
                min: 60.0,
                max: 90.0
            }
        );
        assert_eq!(
            s.crisis.as_ref().unwrap()["game"],
            "patron_ally_target_transit"
        );
        assert_eq!(s.origin.locate("crisis.p_success").unwrap().line, 36);
    }

    #[test]
    fn round_trips_through_toml_and_json() {
        let s = parse(GOOD, "t.toml").unwrap();
        let again = parse(&to_toml(&s), "t.toml").unwrap();
        assert_eq!(again.issues, s.issues);
        assert_eq!(again.actors, s.actors);
        assert_eq!(again.positions, s.positions);
        assert_eq!(again.crisis, s.crisis);
        let json = to_json(&s);
        let from_json = parse_json(&json, "t.json").unwrap();
        assert_eq!(from_json.positions, s.positions);
        // JSON fields are located too: `position[1].at` is on the line that holds `"at": {`.
        let loc = from_json.origin.locate("position[1].at").unwrap();
        let line = json.lines().nth(loc.line - 1).unwrap();
        assert!(line.trim_start().starts_with("\"at\""), "{line}");
        assert_eq!(from_json.issues, s.issues);
    }

    #[test]
    fn syntax_errors_are_located() {
        let d = diag("[scenario]\nname = \"x\"\n[[issue]\n");
        assert_eq!(d.location.unwrap().line, 3, "{d}");
    }

    #[test]
    fn validation_errors_point_at_the_field() {
        let bad = GOOD.replace("at = 10", "at = 110");
        let d = diag(&bad);
        assert_eq!(d.location.unwrap().line, 24, "{d}");
        assert!(d.message.contains("[0, 100]"), "{d}");
    }

    #[test]
    fn malformed_uncertainty_is_named() {
        let d = diag(&GOOD.replace("{ mean = 0.4, sd = 0.1 }", "{ mean = 0.4, sdev = 0.1 }"));
        assert!(d.message.contains("{ mean = …, sd = … }"), "{d}");
        assert_eq!(d.location.unwrap().line, 19, "{d}");
    }

    #[test]
    fn numbers_read_the_same_in_toml_json_and_crisis_forms() {
        // `{ value = x }` and a `why` inside the table, as the `[crisis]` section allows.
        let t = GOOD
            .replace(
                "capability = 1.0",
                "capability = { value = 1.0, why = \"GDP share\" }",
            )
            .replace(
                "at = { min = 60, max = 90 }",
                "at = { min = 60, max = 90, why = \"a range\" }",
            );
        let s = parse(&t, "t.toml").unwrap();
        assert_eq!(s.actors[0].capability, Uncertain::Fixed(1.0));
        assert_eq!(s.actors[0].why.as_deref(), Some("capability: GDP share"));
        assert_eq!(s.positions[1].why.as_deref(), Some("at: a range"));
        // Its JSON twin reads back the same, and a bad number there is located like TOML's.
        let json = to_json(&s);
        let back = parse_json(&json, "t.json").unwrap();
        assert_eq!(back.actors, s.actors);
        assert_eq!(back.positions, s.positions);
        let bad = json.replacen("\"min\": 60.0", "\"min\": \"low\"", 1);
        let e = parse_json(&bad, "t.json").unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.field.as_deref(), Some("position[1].at.min"), "{d}");
        assert_eq!(
            d.message,
            "`min` must be a number, found the string \"low\""
        );
        let line = bad.lines().nth(d.location.unwrap().line - 1).unwrap();
        assert!(line.trim_start().starts_with("\"min\""), "{line}");
        let d = diag(&GOOD.replace("at = 10", "at = { mean = 10, sd = \"x\" }"));
        assert_eq!(d.field.as_deref(), Some("position[0].at.sd"), "{d}");
        assert_eq!(d.message, "`sd` must be a number, found the string \"x\"");
    }

    #[test]
    fn unknown_keys_are_rejected_with_location() {
        let d = diag(&GOOD.replace("why = \"US demands", "wy = \"US demands"));
        assert!(d.message.contains("unknown field `wy`"), "{d}");
        assert!(d.location.is_some());
    }

    #[test]
    fn salience_on_0_100_when_the_file_says_so() {
        let t = GOOD
            .replace("date = 2026-02-16", "salience_scale = 100")
            .replace("salience = 0.9", "salience = 90")
            .replace("values = [0.8, 1.0]", "values = [80, 100]");
        let s = parse(&t, "t.toml").unwrap();
        assert_eq!(s.positions[0].salience, Uncertain::Fixed(0.9));
        let d = diag(&t.replace("salience = 90", "salience = 190"));
        assert!(d.message.contains("[0, 100]"), "{d}");
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_a_result_or_a_located_error_never_a_panic(s in "\\PC*") {
            if let Err(e) = parse(&s, "f.toml") {
                proptest::prop_assert!(!e.0.is_empty());
            }
        }
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    const BASE: &str = "[scenario]\nname = \"c\"\n[[issue]]\nid = \"x\"\nscale = [0, 100]\n[[actor]]\nid = \"A\"\ncapability = 1\n[[actor]]\nid = \"B\"\ncapability = 2\n";

    #[test]
    fn compact_positions_read_like_position_tables() {
        let compact = format!(
            "{BASE}[positions.x]\nA = [10, 0.9]\nB = {{ at = {{ mean = 60, sd = 5 }}, salience = 0.5, why = \"w\" }}\n"
        );
        let long = format!(
            "{BASE}[[position]]\nactor = \"A\"\nissue = \"x\"\nat = 10\nsalience = 0.9\n[[position]]\nactor = \"B\"\nissue = \"x\"\nat = {{ mean = 60, sd = 5 }}\nsalience = 0.5\nwhy = \"w\"\n"
        );
        let a = parse(&compact, "c.toml").unwrap();
        let b = parse(&long, "l.toml").unwrap();
        assert_eq!(a.positions, b.positions);
        assert!(a.validate().is_empty(), "{:?}", a.validate());
        // Located where written: B's entry is on line 14.
        assert_eq!(a.origin.locate("position[1].at").unwrap().line, 14);
    }

    #[test]
    fn every_error_of_the_shape_is_reported_at_once() {
        let text =
            format!("{BASE}[positions.x]\nA = [\"ten\", 0.9]\nB = {{ at = 5, salinece = 0.5 }}\n")
                .replace("capability = 2", "capability = true");
        let (s, errors) = parse_lenient(&text, "c.toml");
        assert!(s.is_some());
        let fields: Vec<&str> = errors.iter().filter_map(|d| d.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                "actor[1].capability",
                "position[0].at",
                "positions.x.B.salinece",
                "positions.x.B.salience"
            ],
            "{errors:?}"
        );
        assert!(errors[2].message.contains("(did you mean `salience`?)"));
    }
}
