//! brink's own scenario format: TOML written by hand (see the README's format section and
//! ../shared/design/scenario.md), plus its JSON twin for `brink convert --to json`.
//!
//! Reading keeps the span of every field so that validation can say `file:line:col`.
//! Writing produces the same layout an analyst would write: `[scenario]`, `[[issue]]`,
//! `[[actor]]`, `[[position]]`, then `[crisis]` and `[models.*]`.

use brink_core::{
    number::{parse_written, WrittenValue},
    Actor, Diagnostic, Diagnostics, Issue, LineIndex, Location, Origin, Position, Scenario,
    Severity, Uncertain,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    scenario: Option<Spanned<RawMeta>>,
    #[serde(default)]
    issue: Vec<Spanned<RawIssue>>,
    #[serde(default)]
    actor: Vec<Spanned<RawActor>>,
    #[serde(default)]
    position: Vec<Spanned<RawPosition>>,
    // Values unspanned: toml cannot span a table that a dotted header (`[crisis.outcomes.war]`)
    // creates implicitly, and only the keys' places are recorded.
    crisis: Option<Spanned<BTreeMap<Spanned<String>, toml::Value>>>,
    models: Option<BTreeMap<Spanned<String>, SpannedTable>>,
}

/// A TOML table whose keys and values keep their place in the file.
type SpannedTable = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: String,
    date: Option<DateValue>,
    source: Option<String>,
    notes: Option<String>,
    /// 1 (default): saliences are on 0–1; 100: on 0–100.
    salience_scale: Option<Spanned<f64>>,
}

/// `date = 2026-02-16` (a TOML date) or `date = "February 2026"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Text(String),
    Date(toml::value::Datetime),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    id: Spanned<String>,
    name: Option<String>,
    scale: Spanned<Vec<f64>>,
    labels: Option<Spanned<BTreeMap<String, String>>>,
    status_quo: Option<Spanned<toml::Value>>,
    outcome: Option<Spanned<f64>>,
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    name: Option<String>,
    capability: Spanned<toml::Value>,
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPosition {
    actor: Spanned<String>,
    issue: Spanned<String>,
    at: Spanned<toml::Value>,
    salience: Spanned<toml::Value>,
    why: Option<String>,
}

struct Ctx<'a> {
    lines: LineIndex<'a>,
    file: &'a str,
    origin: Origin,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn loc(&self, span: std::ops::Range<usize>) -> Location {
        self.lines.locate(span.start)
    }
    fn record<T>(&mut self, field: String, spanned: &Spanned<T>) {
        let loc = self.loc(spanned.span());
        self.origin.record(field, loc);
    }
    fn error(&mut self, field: &str, span: std::ops::Range<usize>, message: String) {
        let loc = self.loc(span);
        self.errors.push(
            Diagnostic::error(self.file, message)
                .at(loc)
                .field(field.to_string()),
        );
    }
    /// A number that may be uncertain, read by core's one number parser; a `why` in its table
    /// is added to `why` (the issue's, actor's or position's), named by the number's key.
    fn number(
        &mut self,
        field: &str,
        value: &Spanned<toml::Value>,
        why: &mut Option<String>,
    ) -> Option<Uncertain> {
        self.record(field.to_string(), value);
        match parse_written(Toml(value.get_ref())) {
            Ok(w) => {
                add_why(why, field, w.why);
                Some(w.number)
            }
            Err(e) => {
                let field = match e.key {
                    Some(key) => format!("{field}.{key}"),
                    None => field.to_string(),
                };
                self.error(&field, value.span(), e.message);
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

/// A TOML value as core's number parser reads it.
#[derive(Clone, Copy)]
struct Toml<'a>(&'a toml::Value);

impl WrittenValue for Toml<'_> {
    fn as_number(self) -> Option<f64> {
        match self.0 {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        }
    }
    fn as_text(self) -> Option<String> {
        self.0.as_str().map(str::to_string)
    }
    fn as_list(self) -> Option<Vec<Self>> {
        self.0.as_array().map(|a| a.iter().map(Toml).collect())
    }
    fn as_table(self) -> Option<Vec<(String, Self)>> {
        self.0
            .as_table()
            .map(|t| t.iter().map(|(k, v)| (k.clone(), Toml(v))).collect())
    }
    fn describe(self) -> String {
        describe_toml(self.0)
    }
}

/// How a TOML value reads in a message: its kind in words and, when short, the value as written.
fn describe_toml(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("the string \"{s}\""),
        toml::Value::Integer(i) => format!("the integer {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("the boolean `{b}`"),
        // Displaying the value itself would show toml's private wrapper.
        toml::Value::Datetime(d) if d.time.is_none() => format!("a date (`{d}`)"),
        toml::Value::Datetime(d) => format!("a date-time (`{d}`)"),
        toml::Value::Array(a) => format!("a list of {} item(s)", a.len()),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

/// Parses a brink scenario TOML. The result is not yet validated (see [`Scenario::validate`]);
/// errors here are those of the file's shape (syntax, unknown keys, wrong types).
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let loc = e.span().map(|s| Location::of_offset(text, s.start));
        let mut d = Diagnostic::error(file, toml_message(&e));
        d.location = loc.or(Some(Location { line: 1, col: 1 }));
        Diagnostics::single(d)
    })?;
    let mut cx = Ctx {
        lines: LineIndex::new(text),
        file,
        origin: Origin::new(file),
        errors: Vec::new(),
    };
    let mut scenario = Scenario::default();

    let mut salience_scale = 1.0;
    match &raw.scenario {
        None => cx.errors.push(
            Diagnostic::error(file, "missing the `[scenario]` table: expected `[scenario]` with at least `name = \"…\"`")
                .at_line_col(1, 1),
        ),
        Some(meta) => {
            cx.record("scenario".into(), meta);
            let m = meta.get_ref();
            scenario.name = m.name.clone();
            scenario.date = m.date.as_ref().map(|d| match d {
                DateValue::Text(s) => s.clone(),
                DateValue::Date(d) => d.to_string(),
            });
            scenario.source = m.source.clone();
            scenario.notes = m.notes.clone();
            if let Some(scale) = &m.salience_scale {
                let v = *scale.get_ref();
                if v == 1.0 || v == 100.0 {
                    salience_scale = v;
                } else {
                    cx.error("scenario.salience_scale", scale.span(), format!("expected 1 (saliences on 0–1) or 100 (on 0–100), found {v}"));
                }
            }
        }
    }

    for (i, spanned) in raw.issue.iter().enumerate() {
        let f = format!("issue[{i}]");
        cx.record(f.clone(), spanned);
        let r = spanned.get_ref();
        cx.record(format!("{f}.id"), &r.id);
        cx.record(format!("{f}.scale"), &r.scale);
        let scale = match r.scale.get_ref().as_slice() {
            [lo, hi] => [*lo, *hi],
            other => {
                cx.error(
                    &format!("{f}.scale"),
                    r.scale.span(),
                    format!(
                        "expected [lo, hi] (two numbers), found {} numbers",
                        other.len()
                    ),
                );
                [0.0, 1.0]
            }
        };
        let mut labels = Vec::new();
        if let Some(l) = &r.labels {
            cx.record(format!("{f}.labels"), l);
            for (key, label) in l.get_ref() {
                match key.trim().parse::<f64>() {
                    Ok(x) if x.is_finite() => labels.push((x, label.clone())),
                    _ => cx.error(&format!("{f}.labels"), l.span(), format!("label key `{key}` is not a number: expected keys that are points of the scale, e.g. {{ 0 = \"none\", 100 = \"full\" }}")),
                }
            }
            labels.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        let mut why = r.why.clone();
        let status_quo = r
            .status_quo
            .as_ref()
            .and_then(|v| cx.number(&format!("{f}.status_quo"), v, &mut why));
        if let Some(o) = &r.outcome {
            cx.record(format!("{f}.outcome"), o);
        }
        scenario.issues.push(Issue {
            id: r.id.get_ref().clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.get_ref().clone()),
            scale,
            labels,
            status_quo,
            outcome: r.outcome.as_ref().map(|o| *o.get_ref()),
            why,
        });
    }

    for (i, spanned) in raw.actor.iter().enumerate() {
        let f = format!("actor[{i}]");
        cx.record(f.clone(), spanned);
        let r = spanned.get_ref();
        cx.record(format!("{f}.id"), &r.id);
        let mut why = r.why.clone();
        let capability = cx
            .number(&format!("{f}.capability"), &r.capability, &mut why)
            .unwrap_or(Uncertain::Fixed(0.0));
        scenario.actors.push(Actor {
            id: r.id.get_ref().clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.get_ref().clone()),
            capability,
            why,
        });
    }

    for (k, spanned) in raw.position.iter().enumerate() {
        let f = format!("position[{k}]");
        cx.record(f.clone(), spanned);
        let r = spanned.get_ref();
        cx.record(format!("{f}.actor"), &r.actor);
        cx.record(format!("{f}.issue"), &r.issue);
        let mut why = r.why.clone();
        let at = cx
            .number(&format!("{f}.at"), &r.at, &mut why)
            .unwrap_or(Uncertain::Fixed(f64::NAN));
        let mut salience = cx
            .number(&format!("{f}.salience"), &r.salience, &mut why)
            .unwrap_or(Uncertain::Fixed(0.0));
        if salience_scale != 1.0 && salience.problem().is_none() {
            let (lo, hi) = salience.support();
            if lo < 0.0 || hi > salience_scale {
                cx.error(&format!("{f}.salience"), r.salience.span(), format!("expected `salience` in [0, {salience_scale}] (the file's salience_scale), found {}", if lo == hi { lo.to_string() } else { format!("values from {lo} to {hi}") }));
            }
            salience = salience.map(|x| x / salience_scale);
        }
        scenario.positions.push(Position {
            actor: r.actor.get_ref().clone(),
            issue: r.issue.get_ref().clone(),
            at,
            salience,
            why,
        });
    }

    if let Some(crisis) = &raw.crisis {
        cx.record("crisis".into(), crisis);
        let mut map = serde_json::Map::new();
        for (key, value) in crisis.get_ref() {
            let field = format!("crisis.{}", key.get_ref());
            let loc = cx.loc(key.span());
            cx.origin.record(field, loc);
            map.insert(key.get_ref().clone(), toml_to_json(value));
        }
        scenario.crisis = Some(map);
    }
    if let Some(models) = &raw.models {
        for (model, table) in models {
            // Located, so that a bad setting is reported at its key (`models.smp.MaxTurns`).
            let model_field = format!("models.{}", model.get_ref());
            let loc = cx.loc(model.span());
            cx.origin.record(model_field.clone(), loc);
            let mut map = serde_json::Map::new();
            for (k, v) in table {
                let loc = cx.loc(k.span());
                cx.origin
                    .record(format!("{model_field}.{}", k.get_ref()), loc);
                map.insert(k.get_ref().clone(), toml_to_json(v.get_ref()));
            }
            scenario.model_settings.insert(model.get_ref().clone(), map);
        }
    }

    if !cx.errors.is_empty() {
        return Err(Diagnostics(cx.errors));
    }
    scenario.origin = cx.origin;
    Ok(scenario)
}

/// toml's messages carry a rendered snippet; keep the first line (the location is ours).
fn toml_message(e: &toml::de::Error) -> String {
    let msg = e.message().trim();
    let msg = msg.lines().next().unwrap_or(msg);
    if msg.contains("unknown field") {
        msg.to_string()
    } else {
        format!("invalid scenario TOML: {msg}")
    }
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
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
