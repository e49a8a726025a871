//! Reads KTAB's SMP XML input (`smpSchema.xsd`) into a [`Scenario`]: one issue per dimension on
//! [0, 100], saliences divided by 100, and the `<ModelParameters>`, `<IdealAdjustment>` and
//! `<prngSeed>` elements into `model_settings["smp"]`. Every malformed element is reported with
//! its line and column.

use brink_core::{
    Actor, Diagnostic, Diagnostics, Issue, LineIndex, Location, Origin, Position, Scenario,
};
use roxmltree::{Document, Node};
use serde_json::{json, Map, Value};

/// KTAB's `<ModelParameters>` elements and their values, in schema order (mirrors
/// `brink_smp::params`; a test there checks they agree).
pub const MODEL_PARAMETERS: &[(&str, &[&str])] = &[
    (
        "VictoryProbModel",
        &["Linear", "Square", "Quartic", "Octic", "Binary"],
    ),
    (
        "PCEModel",
        &["Conditional", "MarkovIncentive", "MarkovUniform"],
    ),
    ("StateTransitions", &["Deterministic", "Stochastic"]),
    (
        "VotingRule",
        &["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"],
    ),
    (
        "BigRAdjust",
        &["None", "OneThird", "Half", "TwoThirds", "Full"],
    ),
    ("BigRRange", &["Min", "Mid", "Max"]),
    (
        "ThirdPartyCommit",
        &["NoCommit", "SemiCommit", "FullCommit"],
    ),
    ("InterVecBrgn", &["S1P1", "S2P2", "S2PMax"]),
    (
        "BargnModel",
        &["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"],
    ),
];

struct Reader<'a> {
    lines: LineIndex<'a>,
    file: &'a str,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn loc(&self, node: Node) -> Location {
        self.lines.locate(node.range().start)
    }

    fn error(&mut self, node: Node, msg: String) {
        let d = Diagnostic::error(self.file, msg).at(self.loc(node));
        self.errors.push(d);
    }

    /// Reports every child of `node` named in `unique` that appears more than once (KTAB's schema
    /// allows one; a second would be silently ignored otherwise).
    fn reject_repeats(&mut self, node: Node, unique: &[&str]) {
        for name in unique {
            let mut same = Self::elements(node).filter(|c| c.has_tag_name(*name));
            if let (Some(_), Some(second)) = (same.next(), same.next()) {
                self.error(
                    second,
                    format!(
                        "a second `<{name}>` in `<{}>`: expected exactly one (see KTAB's smpSchema.xsd)",
                        node.tag_name().name()
                    ),
                );
            }
        }
    }

    /// The element children of `node`.
    fn elements<'b, 'i>(node: Node<'b, 'i>) -> impl Iterator<Item = Node<'b, 'i>> {
        node.children().filter(|c| c.is_element())
    }

    fn child<'b, 'i>(node: Node<'b, 'i>, name: &str) -> Option<Node<'b, 'i>> {
        Self::elements(node).find(|c| c.has_tag_name(name))
    }

    /// The text of the required child `name`, or an error at `node`.
    fn required_text(&mut self, node: Node, name: &str) -> Option<String> {
        match Self::child(node, name) {
            Some(c) => Some(c.text().unwrap_or("").trim().to_string()),
            None => {
                self.error(
                    node,
                    format!(
                        "`<{}>` lacks `<{name}>`: expected one (see KTAB's smpSchema.xsd)",
                        node.tag_name().name()
                    ),
                );
                None
            }
        }
    }

    /// A number in [lo, hi] from element `node`'s text.
    fn number(&mut self, node: Node, what: &str, lo: f64, hi: f64) -> Option<f64> {
        let text = node.text().unwrap_or("").trim();
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= lo && v <= hi => Some(v),
            _ => {
                let range = if hi.is_infinite() {
                    format!("a number ≥ {lo}")
                } else {
                    format!("a number in [{lo}, {hi}]")
                };
                let found = if text.is_empty() {
                    "nothing".to_string()
                } else {
                    format!("`{text}`")
                };
                self.error(
                    node,
                    format!(
                        "`<{}>`: expected {what} ({range}), found {found}",
                        node.tag_name().name()
                    ),
                );
                None
            }
        }
    }
}

/// The deepest element nesting read. KTAB's schema nests 5 deep; the XML parser recurses once per
/// level, so a hostile file nested thousands deep would overflow the stack.
pub const MAX_DEPTH: usize = 256;

/// The byte offset of the first start tag nested deeper than `max`, if any. A lexical scan that
/// skips comments, CDATA, processing instructions and declarations and honours quoted attribute
/// values: on well-formed XML it sees the parser's nesting exactly; on malformed XML it agrees
/// with the parser up to the first error, where the parser stops.
fn too_deep(text: &str, max: usize) -> Option<usize> {
    let b = text.as_bytes();
    let find = |from: usize, pat: &[u8]| -> usize {
        b[from.min(b.len())..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map_or(b.len(), |p| from + p + pat.len())
    };
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = find(i + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(i + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = find(i + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            i = find(i + 2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = find(i + 2, b">");
        } else {
            // A start tag: find its `>` outside quoted attribute values.
            let start = i;
            let mut quote = None;
            i += 1;
            while i < b.len() {
                match (quote, b[i]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                i += 1;
            }
            let self_closing = i < b.len() && b[i - 1] == b'/';
            if !self_closing {
                depth += 1;
                if depth > max {
                    return Some(start);
                }
            }
            i += 1;
        }
    }
    None
}

/// Parses KTAB SMP XML `text` read from `file`.
pub fn parse(text: &str, file: &str) -> Result<Scenario, Diagnostics> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    // roxmltree recurses once per nesting level: refuse deep nesting before it parses.
    if let Some(offset) = too_deep(body, MAX_DEPTH) {
        return Err(Diagnostics::single(
            Diagnostic::error(
                file,
                format!(
                    "elements nested more than {MAX_DEPTH} deep: expected a KTAB scenario (its elements nest at most 5 deep)"
                ),
            )
            .at(Location::of_offset(body, offset)),
        ));
    }
    let doc = Document::parse(body).map_err(|e| {
        let pos = e.pos();
        Diagnostics::single(
            Diagnostic::error(file, format!("malformed XML: {e}")).at(Location {
                line: pos.row as usize,
                col: pos.col as usize,
            }),
        )
    })?;
    // Locations are computed on `body` (without a byte-order mark).
    let mut r = Reader {
        lines: LineIndex::new(body),
        file,
        errors: Vec::new(),
    };
    let root = doc.root_element();
    if !root.has_tag_name("Scenario") {
        r.error(
            root,
            format!(
                "expected the root element `<Scenario>` of a KTAB SMP file, found `<{}>`",
                root.tag_name().name()
            ),
        );
        return Err(Diagnostics(r.errors));
    }
    let mut origin = Origin::new(file);
    let name = r.required_text(root, "name").unwrap_or_default();
    let desc = Reader::child(root, "desc").and_then(|n| n.text().map(|t| t.trim().to_string()));
    let mut settings = Map::new();
    if let Some(seed) = Reader::child(root, "prngSeed") {
        let t = seed.text().unwrap_or("").trim();
        if !t.is_empty() {
            settings.insert("prngSeed".into(), json!(t));
        }
    }

    if let Some(mp) = Reader::child(root, "ModelParameters") {
        for el in Reader::elements(mp) {
            let key = el.tag_name().name();
            let value = el.text().unwrap_or("").trim();
            match MODEL_PARAMETERS.iter().find(|(k, _)| *k == key) {
                None => r.error(
                    el,
                    format!(
                        "unknown model parameter `<{key}>`: expected one of {}",
                        MODEL_PARAMETERS
                            .iter()
                            .map(|(k, _)| *k)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
                Some((_, values)) => match values.iter().find(|v| v.eq_ignore_ascii_case(value)) {
                    Some(v) => {
                        settings.insert(key.to_string(), json!(v));
                    }
                    None => r.error(
                        el,
                        format!(
                            "`<{key}>` = `{value}`: expected one of {}",
                            values.join(", ")
                        ),
                    ),
                },
            }
        }
    }

    // Dimensions: named by `<Dimensions>`, else Dim0, Dim1, … by the first actor's count.
    let mut dim_names: Vec<(String, Option<Location>)> = Vec::new();
    if let Some(dims) = Reader::child(root, "Dimensions") {
        for dn in Reader::elements(dims) {
            if !dn.has_tag_name("dName") {
                r.error(
                    dn,
                    format!(
                        "`<Dimensions>` holds `<dName>` elements, found `<{}>`",
                        dn.tag_name().name()
                    ),
                );
                continue;
            }
            let t = dn.text().unwrap_or("").trim().to_string();
            if t.is_empty() {
                r.error(dn, "expected a dimension name in `<dName>`".into());
            }
            dim_names.push((t, Some(r.loc(dn))));
        }
    }

    let Some(actors_el) = Reader::child(root, "Actors") else {
        r.error(
            root,
            "`<Scenario>` lacks `<Actors>`: expected at least one `<Actor>`".into(),
        );
        return Err(Diagnostics(r.errors));
    };
    let actor_els: Vec<Node> = Reader::elements(actors_el)
        .filter(|a| a.has_tag_name("Actor"))
        .collect();
    if actor_els.is_empty() {
        r.error(
            actors_el,
            "`<Actors>` holds no `<Actor>`: expected at least one".into(),
        );
        return Err(Diagnostics(r.errors));
    }
    if dim_names.is_empty() {
        let n = Reader::child(actor_els[0], "Position")
            .map(|p| Reader::elements(p).count())
            .unwrap_or(0);
        dim_names = (0..n).map(|d| (format!("Dim{d}"), None)).collect();
    }
    let n_dims = dim_names.len();
    if n_dims == 0 {
        r.error(
            actor_els[0],
            "cannot tell the number of dimensions: expected `<Dimensions>` or `<dCoord>` values"
                .into(),
        );
        return Err(Diagnostics(r.errors));
    }
    let mut issues = Vec::new();
    for (d, (dn, loc)) in dim_names.iter().enumerate() {
        let mut id = if dn.is_empty() {
            format!("Dim{d}")
        } else {
            dn.clone()
        };
        if issues.iter().any(|i: &Issue| i.id == id) {
            id = format!("{id}-{d}");
        }
        if let Some(l) = loc {
            origin.record(format!("issue[{d}]"), *l);
        }
        issues.push(Issue {
            id,
            name: dn.clone(),
            scale: [0.0, 100.0],
            labels: Vec::new(),
            status_quo: None,
            outcome: None,
            why: None,
        });
    }

    let mut actors: Vec<Actor> = Vec::new();
    let mut positions = Vec::new();
    // Every name given, even of actors with errors, so references to them are not errors too.
    let mut named: Vec<String> = Vec::new();
    for actor_el in actor_els {
        let before = r.errors.len();
        r.reject_repeats(
            actor_el,
            &["name", "description", "capability", "Position", "Salience"],
        );
        let id = r.required_text(actor_el, "name");
        named.extend(id.clone());
        let description = Reader::child(actor_el, "description")
            .and_then(|n| n.text().map(|t| t.trim().to_string()))
            .unwrap_or_default();
        let capability = match Reader::child(actor_el, "capability") {
            Some(c) => r.number(c, "the actor's capability", 0.0, f64::INFINITY),
            None => {
                r.required_text(actor_el, "capability");
                None
            }
        };
        let values =
            |r: &mut Reader, group: &str, item: &str, what: &str| -> Vec<(f64, Location)> {
                let Some(g) = Reader::child(actor_el, group) else {
                    r.required_text(actor_el, group);
                    return Vec::new();
                };
                let items: Vec<Node> = Reader::elements(g).collect();
                let mut out = Vec::new();
                for it in &items {
                    if !it.has_tag_name(item) {
                        r.error(
                            *it,
                            format!(
                                "`<{group}>` holds `<{item}>` elements, found `<{}>`",
                                it.tag_name().name()
                            ),
                        );
                        continue;
                    }
                    if let Some(v) = r.number(*it, what, 0.0, 100.0) {
                        out.push((v, r.loc(*it)));
                    }
                }
                if items.len() != n_dims {
                    r.error(
                        g,
                        format!(
                            "`<{group}>` has {} `<{item}>`: expected {n_dims}, one per dimension",
                            items.len()
                        ),
                    );
                }
                out
            };
        let pos = values(&mut r, "Position", "dCoord", "a position");
        let sal = values(&mut r, "Salience", "dSal", "a salience");
        let Some(id) = id.filter(|id| !id.is_empty()) else {
            if r.errors.len() == before {
                r.error(actor_el, "expected a non-empty actor `<name>`".into());
            }
            continue;
        };
        if actors.iter().any(|a| a.id == id) {
            r.error(
                actor_el,
                format!("duplicate actor `{id}`: expected each actor once"),
            );
            continue;
        }
        if r.errors.len() > before {
            continue;
        }
        let total: f64 = sal.iter().map(|(s, _)| s).sum();
        if total > 100.0 {
            r.error(
                actor_el,
                format!("the saliences of `{id}` total {total}: KTAB requires at most 100"),
            );
            continue;
        }
        let a = actors.len();
        origin.record(format!("actor[{a}]"), r.loc(actor_el));
        for (d, ((p, pl), (s, sl))) in pos.into_iter().zip(sal).enumerate() {
            let k = positions.len();
            origin.record(format!("position[{k}]"), pl);
            origin.record(format!("position[{k}].salience"), sl);
            positions.push(Position {
                actor: id.clone(),
                issue: issues[d].id.clone(),
                at: p.into(),
                salience: (s / 100.0).into(),
                why: None,
            });
        }
        actors.push(Actor {
            id,
            name: description,
            capability: capability.unwrap_or(0.0).into(),
            why: None,
        });
    }

    if let Some(ia) = Reader::child(root, "IdealAdjustment") {
        let mut pairs = Vec::new();
        for pair in Reader::elements(ia) {
            if !pair.has_tag_name("iaPair") {
                r.error(
                    pair,
                    format!(
                        "`<IdealAdjustment>` holds `<iaPair>` elements, found `<{}>`",
                        pair.tag_name().name()
                    ),
                );
                continue;
            }
            let adjusting = r.required_text(pair, "adjustingIdeal");
            let reference = r.required_text(pair, "referencePos");
            let adjust = match Reader::child(pair, "adjust") {
                Some(a) => r.number(a, "an adjustment", 0.0, 1.0),
                None => {
                    r.required_text(pair, "adjust");
                    None
                }
            };
            let (Some(adjusting), Some(reference), Some(adjust)) = (adjusting, reference, adjust)
            else {
                continue;
            };
            let mut known = true;
            for who in [&adjusting, &reference] {
                if !named.contains(who) {
                    r.error(
                        pair,
                        format!("unknown actor `{who}`: expected the `<name>` of an `<Actor>`"),
                    );
                    known = false;
                }
            }
            if known {
                pairs.push(
                    json!({ "adjusting": adjusting, "reference": reference, "adjust": adjust }),
                );
            }
        }
        settings.insert("IdealAdjustment".into(), Value::Array(pairs));
    }

    if !r.errors.is_empty() {
        return Err(Diagnostics(r.errors));
    }
    let mut model_settings = std::collections::BTreeMap::new();
    if !settings.is_empty() {
        model_settings.insert("smp".to_string(), settings);
    }
    Ok(Scenario {
        name,
        notes: desc.filter(|d| !d.is_empty()),
        source: Some(format!("KTAB SMP XML {file}")),
        issues,
        actors,
        positions,
        model_settings,
        origin,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tiny</name>
  <desc>Three actors</desc>
  <prngSeed>42</prngSeed>
  <ModelParameters>
    <VictoryProbModel>Square</VictoryProbModel>
    <StateTransitions>Stochastic</StateTransitions>
  </ModelParameters>
  <Dimensions><dName>Left-Right</dName><dName>Up</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><description>a</description><capability>10</capability>
      <Position><dCoord>10</dCoord><dCoord>20</dCoord></Position>
      <Salience><dSal>50</dSal><dSal>25</dSal></Salience></Actor>
    <Actor><name>B</name><description>b</description><capability>20</capability>
      <Position><dCoord>90</dCoord><dCoord>80</dCoord></Position>
      <Salience><dSal>30</dSal><dSal>30</dSal></Salience></Actor>
    <Actor><name>C</name><description>c</description><capability>30</capability>
      <Position><dCoord>50</dCoord><dCoord>50</dCoord></Position>
      <Salience><dSal>40</dSal><dSal>10</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment>
    <iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.1</adjust></iaPair>
  </IdealAdjustment>
</Scenario>
"#;

    #[test]
    fn reads_actors_dimensions_and_settings() {
        let s = parse(SMALL, "t.xml").unwrap();
        assert_eq!(s.name, "Tiny");
        assert_eq!(
            s.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ["Left-Right", "Up"]
        );
        assert_eq!(s.actors.len(), 3);
        assert_eq!(s.positions.len(), 6);
        assert_eq!(s.positions[1].at.point(), 20.0);
        assert_eq!(s.positions[1].salience.point(), 0.25);
        let smp = &s.model_settings["smp"];
        assert_eq!(smp["VictoryProbModel"], "Square");
        assert_eq!(smp["prngSeed"], "42");
        assert_eq!(smp["IdealAdjustment"][0]["adjust"], 0.1);
        assert!(s.validate().is_empty());
    }

    #[test]
    fn every_bad_element_is_located() {
        let text = SMALL
            .replace("<dCoord>20</dCoord>", "<dCoord></dCoord>")
            .replace("<capability>20</capability>", "<capability>-2</capability>")
            .replace("Square", "Cubic");
        let e = parse(&text, "t.xml").unwrap_err();
        let msgs: Vec<String> = e.0.iter().map(|d| d.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(
            msgs[0].starts_with("t.xml:7:5:") && msgs[0].contains("Linear, Square"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].starts_with("t.xml:13:36:") && msgs[1].contains("found nothing"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].starts_with("t.xml:15:54:") && msgs[2].contains("≥ 0"),
            "{msgs:?}"
        );
    }

    proptest::proptest! {
        /// Any text, and any corruption of a valid file, gives a scenario or located errors.
        #[test]
        fn never_panics(cut in 0usize..2000, junk in "[<>/a-zA-Z0-9 .\\-]{0,12}", text in "\\PC{0,200}") {
            let _ = parse(&text, "t.xml");
            let mut t = SMALL.to_string();
            let at = (cut % t.len()).min(t.len());
            let at = (0..=at).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
            t.insert_str(at, &junk);
            if let Err(e) = parse(&t, "t.xml") {
                proptest::prop_assert!(e.0.iter().all(|d| d.location.is_some()), "{}", e);
            }
        }
    }

    #[test]
    fn structure_errors_are_located() {
        let e = parse("<Scenario><name>x</name>", "t.xml").unwrap_err();
        assert!(e.to_string().starts_with("t.xml:1:"), "{e}");
        let e = parse(&SMALL.replace("<dSal>10</dSal>", ""), "t.xml").unwrap_err();
        assert!(
            e.to_string().contains("expected 2, one per dimension"),
            "{e}"
        );
        let e = parse(
            &SMALL.replace("<referencePos>B<", "<referencePos>Z<"),
            "t.xml",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown actor `Z`"), "{e}");
        let e = parse("<Other/>", "t.xml").unwrap_err();
        assert!(e.to_string().contains("`<Scenario>`"), "{e}");
    }
}
