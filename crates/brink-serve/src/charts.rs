//! The workbench's SVG charts, drawn as text (inline in the pages and the report): an issue's
//! forecasts on its labelled scale with the actors as dots sized by capability × salience, the
//! iterating models' rounds as small multiples, a crisis game tree with the SPE path and QRE
//! probabilities, crisis odds with intervals, and an issue's forecast across stored runs.

use brink_core::{IssueForecasts, Scenario};
use std::fmt::Write;

/// Escapes text for HTML and SVG.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A number for a chart: at most `d` decimals, no `-0`.
pub fn num(x: f64, d: usize) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let s = format!("{x:.d$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return format!("{:.d$}", 0.0);
    }
    s
}

/// Distinct colours for models and lines.
pub const PALETTE: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
];

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// One issue: the scale with its labels, the actors' positions as dots (area ∝ capability ×
/// salience, hover for the name), and each model's forecast with its 90% interval.
pub fn forecast_svg(scenario: &Scenario, issue: &IssueForecasts) -> String {
    let (w, left, right) = (760.0, 110.0, 30.0);
    let [lo, hi] = issue.scale;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| left + (v - lo) / span * (w - left - right);
    let rows = issue.forecasts.len();
    let dots_h = 70.0;
    let row_h = 22.0;
    let axis_y = dots_h + rows as f64 * row_h + 16.0;
    let h = axis_y + 58.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart forecast" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="{}">"#,
        esc(&issue.name)
    );
    // Actors' positions.
    let positions: Vec<_> = scenario
        .positions
        .iter()
        .filter(|p| p.issue == issue.id)
        .filter_map(|p| {
            let actor = scenario.actors.iter().find(|a| a.id == p.actor)?;
            Some((
                actor,
                p.at.point(),
                actor.capability.point() * p.salience.point(),
            ))
        })
        .collect();
    let wmax = positions
        .iter()
        .map(|p| p.2)
        .fold(0.0f64, f64::max)
        .max(1e-12);
    let _ = write!(
        s,
        r#"<text x="4" y="{}" class="lab">actors</text><line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>"#,
        dots_h / 2.0 + 4.0,
        x(lo),
        x(hi),
        dots_h / 2.0,
        dots_h / 2.0
    );
    let mut sorted = positions.clone();
    sorted.sort_by(|a, b| b.2.total_cmp(&a.2));
    for (i, (actor, at, weight)) in sorted.iter().enumerate() {
        let r = 3.0 + 17.0 * (weight / wmax).sqrt();
        let dy = if i % 2 == 0 { -1.0 } else { 1.0 } * ((i % 5) as f64) * 3.0;
        let _ = write!(
            s,
            r#"<circle class="actor" cx="{:.1}" cy="{:.1}" r="{r:.1}"><title>{} at {} (capability × salience {})</title></circle>"#,
            x(*at),
            dots_h / 2.0 + dy,
            esc(&actor.name),
            num(*at, 1),
            num(*weight, 3)
        );
        if r > 9.0 {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" class="dotlab">{}</text>"#,
                x(*at),
                dots_h / 2.0 + dy + 3.5,
                esc(&shorten(&actor.id, 4))
            );
        }
    }
    // Forecasts.
    for (i, f) in issue.forecasts.iter().enumerate() {
        let y = dots_h + i as f64 * row_h + 11.0;
        let colour = PALETTE[i % PALETTE.len()];
        let _ = write!(
            s,
            r#"<text x="4" y="{:.1}" class="lab">{}</text><line x1="{}" x2="{}" y1="{y:.1}" y2="{y:.1}" class="grid"/>"#,
            y + 4.0,
            esc(&f.model),
            x(lo),
            x(hi)
        );
        if let Some(iv) = f.extra.get("interval").and_then(|v| v.as_array()) {
            if let (Some(a), Some(b)) = (
                iv.first().and_then(|v| v.as_f64()),
                iv.get(1).and_then(|v| v.as_f64()),
            ) {
                let _ = write!(
                    s,
                    r#"<line class="interval" x1="{:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{colour}"><title>90% interval {} to {}</title></line>"#,
                    x(a),
                    x(b),
                    num(a, 1),
                    num(b, 1)
                );
            }
        }
        let _ = write!(
            s,
            r#"<circle class="fc" data-model="{}" data-value="{}" cx="{:.1}" cy="{y:.1}" r="5" fill="{colour}"><title>{}: {}</title></circle><text x="{:.1}" y="{:.1}" class="val">{}</text>"#,
            esc(&f.model),
            f.forecast,
            x(f.forecast),
            esc(&f.model),
            num(f.forecast, 1),
            x(f.forecast) + 8.0,
            y - 4.0,
            num(f.forecast, 1)
        );
    }
    // Axis with the labels.
    let _ = write!(
        s,
        r#"<line x1="{}" x2="{}" y1="{axis_y}" y2="{axis_y}" class="axis"/>"#,
        x(lo),
        x(hi)
    );
    let labels: Vec<(f64, String)> = scenario
        .issues
        .iter()
        .find(|i| i.id == issue.id)
        .map(|i| i.labels.clone())
        .unwrap_or_default();
    let ticks: Vec<(f64, String)> = if labels.is_empty() {
        (0..=4)
            .map(|k| (lo + span * k as f64 / 4.0, String::new()))
            .collect()
    } else {
        labels
    };
    for (k, (v, label)) in ticks.iter().enumerate() {
        let tx = x(*v);
        let ly = axis_y + 26.0 + (k % 2) as f64 * 13.0;
        let _ = write!(
            s,
            r#"<line x1="{tx:.1}" x2="{tx:.1}" y1="{axis_y}" y2="{}" class="axis"/><text x="{tx:.1}" y="{}" class="tick">{}</text>"#,
            axis_y + 5.0,
            axis_y + 15.0,
            num(*v, 1)
        );
        if !label.is_empty() {
            let _ = write!(
                s,
                r#"<text x="{tx:.1}" y="{ly}" class="scalelab"><title>{}</title>{}</text>"#,
                esc(label),
                esc(&shorten(label, 26))
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// The rounds of the iterating models on one issue, one small chart per model: each actor's
/// position round by round (grey) and the weighted mean (the model's colour).
pub fn rounds_svg(issue: &IssueForecasts) -> String {
    let with_rounds: Vec<_> = issue
        .forecasts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.rounds.as_ref().filter(|r| r.len() > 1).map(|r| (i, f, r)))
        .collect();
    if with_rounds.is_empty() {
        return String::new();
    }
    let (cw, ch, pad) = (240.0, 150.0, 28.0);
    let w = cw * with_rounds.len() as f64;
    let [lo, hi] = issue.scale;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart rounds" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {}" width="{w}" height="{}">"#,
        ch + 20.0,
        ch + 20.0
    );
    for (k, (i, f, rounds)) in with_rounds.iter().enumerate() {
        let ox = k as f64 * cw;
        let n = rounds.len() - 1;
        let x = |r: usize| ox + pad + r as f64 / n.max(1) as f64 * (cw - pad - 10.0);
        let y = |v: f64| 16.0 + (1.0 - (v - lo) / span) * (ch - 30.0);
        let _ = write!(
            s,
            r#"<text x="{}" y="11" class="lab">{} — {} rounds</text><rect x="{}" y="16" width="{}" height="{}" class="frame"/>"#,
            ox + pad,
            esc(&f.model),
            n,
            ox + pad,
            cw - pad - 10.0,
            ch - 30.0
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" class="tick">{}</text><text x="{}" y="{}" class="tick">{}</text>"#,
            ox + pad - 12.0,
            y(hi) + 4.0,
            num(hi, 0),
            ox + pad - 12.0,
            y(lo),
            num(lo, 0)
        );
        let actors: Vec<&String> = rounds[0].positions.keys().collect();
        for a in actors {
            let pts: Vec<String> = rounds
                .iter()
                .enumerate()
                .filter_map(|(r, rr)| {
                    rr.positions
                        .get(a)
                        .map(|v| format!("{:.1},{:.1}", x(r), y(*v)))
                })
                .collect();
            let _ = write!(
                s,
                r#"<polyline class="trail" points="{}"><title>{}</title></polyline>"#,
                pts.join(" "),
                esc(a)
            );
        }
        let mean: Vec<String> = rounds
            .iter()
            .enumerate()
            .map(|(r, rr)| format!("{:.1},{:.1}", x(r), y(rr.mean)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline class="mean" stroke="{}" points="{}"><title>weighted mean</title></polyline>"#,
            PALETTE[i % PALETTE.len()],
            mean.join(" ")
        );
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" class="tick">round 0 … {n}</text>"#,
            ox + pad,
            ch + 2.0
        );
    }
    s.push_str("</svg>");
    s
}

/// Outcome odds as horizontal bars with 90% intervals.
pub fn odds_svg(outcomes: &[(String, f64, Option<[f64; 2]>)]) -> String {
    let (w, left, bar_h) = (520.0, 110.0, 24.0);
    let h = outcomes.len() as f64 * (bar_h + 8.0) + 26.0;
    let x = |p: f64| left + p.clamp(0.0, 1.0) * (w - left - 60.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart odds" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">"#
    );
    for (i, (name, p, iv)) in outcomes.iter().enumerate() {
        let y = 4.0 + i as f64 * (bar_h + 8.0);
        let _ = write!(
            s,
            r#"<text x="4" y="{:.1}" class="lab">{}</text><rect class="bar" data-outcome="{}" x="{left}" y="{y:.1}" width="{:.1}" height="{bar_h}" fill="{}"/><text x="{:.1}" y="{:.1}" class="val">{}%</text>"#,
            y + 16.0,
            esc(name),
            esc(name),
            x(*p) - left,
            PALETTE[i % PALETTE.len()],
            x(*p) + 4.0,
            y + 16.0,
            num(p * 100.0, 1)
        );
        if let Some([a, b]) = iv {
            let _ = write!(
                s,
                r#"<line class="interval dark" x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}"><title>90% interval {}% to {}%</title></line>"#,
                x(*a),
                x(*b),
                y + bar_h / 2.0,
                y + bar_h / 2.0,
                num(a * 100.0, 1),
                num(b * 100.0, 1)
            );
        }
    }
    let base = outcomes.len() as f64 * (bar_h + 8.0) + 8.0;
    for k in 0..=4 {
        let p = k as f64 / 4.0;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="tick">{}%</text>"#,
            x(p),
            base + 12.0,
            k * 25
        );
    }
    s.push_str("</svg>");
    s
}

/// The crisis game tree, left to right: decision nodes with their player, chance nodes, each
/// branch with its action and QRE probability (the SPE's branches drawn bold), each leaf with
/// its outcome and payoffs.
pub fn tree_svg(
    game: &brink_games::ExtensiveGame,
    classes: &[Option<String>],
    qre: &brink_games::BackwardSolution,
    spe: &brink_games::BackwardSolution,
) -> String {
    use brink_games::Mover;
    let nodes = game.nodes();
    let n = nodes.len();
    // Depth and leaf order.
    let mut depth = vec![0usize; n];
    let mut y = vec![0.0f64; n];
    let mut leaf = 0usize;
    fn place(
        game: &brink_games::ExtensiveGame,
        id: usize,
        d: usize,
        depth: &mut [usize],
        y: &mut [f64],
        leaf: &mut usize,
    ) {
        depth[id] = d;
        let kids = &game.nodes()[id].children;
        if kids.is_empty() {
            y[id] = *leaf as f64;
            *leaf += 1;
            return;
        }
        for &k in kids {
            place(game, k.index(), d + 1, depth, y, leaf);
        }
        y[id] = (y[kids[0].index()] + y[kids[kids.len() - 1].index()]) / 2.0;
    }
    if n == 0 {
        return String::new();
    }
    place(game, 0, 0, &mut depth, &mut y, &mut leaf);
    let max_depth = depth.iter().copied().max().unwrap_or(0);
    let (dx, dy, left, top) = (150.0, 30.0, 20.0, 20.0);
    let w = left + max_depth as f64 * dx + 330.0;
    let h = top + leaf as f64 * dy + 10.0;
    let px = |id: usize| left + depth[id] as f64 * dx;
    let py = |id: usize| top + y[id] * dy;
    let payoffs = game.outcome_payoffs_f64();
    let players = game.players();
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart tree" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">"#
    );
    for (id, node) in nodes.iter().enumerate() {
        let Some(iset) = node.infoset else { continue };
        let infoset = game.infoset(iset);
        for (a, &k) in node.children.iter().enumerate() {
            let q = qre.probs(iset).get(a).copied().unwrap_or(0.0);
            let on_spe = spe.probs(iset).get(a).copied().unwrap_or(0.0) > 0.5
                && spe.reach.get(id).copied().unwrap_or(0.0) > 0.0;
            let class = if on_spe { "edge spe" } else { "edge" };
            let (x1, y1, x2, y2) = (px(id), py(id), px(k.index()), py(k.index()));
            let _ = write!(
                s,
                r#"<path class="{class}" d="M{x1:.1},{y1:.1} L{:.1},{y2:.1} L{x2:.1},{y2:.1}"/><text x="{:.1}" y="{:.1}" class="act">{} <tspan class="p">{}</tspan></text>"#,
                x1 + 12.0,
                x1 + 16.0,
                y2 - 4.0,
                esc(&shorten(
                    infoset.actions.get(a).map_or("", |s| s.as_str()),
                    16
                )),
                if matches!(infoset.mover, Mover::Chance) {
                    format!("p={}", num(q, 2))
                } else {
                    format!("{}%", num(q * 100.0, 0))
                }
            );
        }
    }
    for (id, node) in nodes.iter().enumerate() {
        let (x, y) = (px(id), py(id));
        match node.infoset {
            Some(iset) => {
                let mover = match game.infoset(iset).mover {
                    Mover::Chance => "chance".to_string(),
                    Mover::Player(p) => players.get(p).cloned().unwrap_or_default(),
                };
                let class = if matches!(game.infoset(iset).mover, Mover::Chance) {
                    "node chance"
                } else {
                    "node"
                };
                let _ = write!(
                    s,
                    r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="5"><title>{}</title></circle><text x="{:.1}" y="{:.1}" class="mover">{}</text>"#,
                    esc(&mover),
                    x - 4.0,
                    y - 8.0,
                    esc(&shorten(&mover, 12))
                );
            }
            None => {
                let class = classes.get(id).cloned().flatten().unwrap_or_default();
                let pay = node
                    .outcome
                    .and_then(|o| payoffs.get(o.index()))
                    .map(|p| p.iter().map(|v| num(*v, 2)).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                let reach = qre.reach.get(id).copied().unwrap_or(0.0);
                let _ = write!(
                    s,
                    r#"<rect class="leaf {}" x="{:.1}" y="{:.1}" width="8" height="8"/><text x="{:.1}" y="{:.1}" class="leaflab"><tspan class="cls">{}</tspan> ({}) reach {}%</text>"#,
                    esc(&class),
                    x - 4.0,
                    y - 4.0,
                    x + 8.0,
                    y + 4.0,
                    esc(&class),
                    pay,
                    num(reach * 100.0, 1)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// An issue's forecast across stored runs (oldest first): one line per model.
pub fn timeline_svg(scale: [f64; 2], runs: &[(String, Vec<(String, f64)>)]) -> String {
    if runs.is_empty() {
        return String::new();
    }
    let (w, h, left, bottom) = (700.0, 240.0, 40.0, 40.0);
    let [lo, hi] = scale;
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = runs.len();
    let x = |i: usize| left + 10.0 + i as f64 / (n.max(2) - 1) as f64 * (w - left - 130.0);
    let y = |v: f64| 10.0 + (1.0 - (v - lo) / span) * (h - bottom - 10.0);
    let mut models: Vec<String> = Vec::new();
    for (_, fs) in runs {
        for (m, _) in fs {
            if !models.contains(m) {
                models.push(m.clone());
            }
        }
    }
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}"><rect x="{left}" y="10" width="{}" height="{}" class="frame"/>"#,
        w - left - 110.0,
        h - bottom - 10.0
    );
    let _ = write!(
        s,
        r#"<text x="4" y="{:.1}" class="tick">{}</text><text x="4" y="{:.1}" class="tick">{}</text>"#,
        y(hi) + 4.0,
        num(hi, 0),
        y(lo),
        num(lo, 0)
    );
    for (i, (label, _)) in runs.iter().enumerate() {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="tick">{}</text>"#,
            x(i),
            h - bottom + 16.0 + (i % 2) as f64 * 12.0,
            esc(label)
        );
    }
    for (k, m) in models.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let pts: Vec<(f64, f64)> = runs
            .iter()
            .enumerate()
            .filter_map(|(i, (_, fs))| fs.iter().find(|f| &f.0 == m).map(|f| (x(i), y(f.1))))
            .collect();
        let line: Vec<String> = pts.iter().map(|(a, b)| format!("{a:.1},{b:.1}")).collect();
        let _ = write!(
            s,
            r#"<polyline class="mean" stroke="{colour}" points="{}"/>"#,
            line.join(" ")
        );
        for (a, b) in &pts {
            let _ = write!(
                s,
                r#"<circle cx="{a:.1}" cy="{b:.1}" r="3" fill="{colour}"/>"#
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="lab" fill="{colour}">{}</text>"#,
            w - 100.0,
            20.0 + k as f64 * 14.0,
            esc(m)
        );
    }
    s.push_str("</svg>");
    s
}
