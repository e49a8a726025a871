//! The chart of `brink compare --plot OUT.svg`: the crisis odds of the two scenarios as grouped
//! bars (A and B side by side per outcome, with their 90% intervals when there are any), then
//! the forecasts' differences B − A as bars from zero, one panel per issue and a bar per model.
//! Legends name the scenarios (their `name`, with the file name only when both names are the
//! same), not their paths. SVG only, rendered to a string so that the caller writes the file all
//! at once.

use crate::plot::{font, num, shorten};
use brink_crisis::Comparison;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const COLOR_A: RGBColor = RGBColor(70, 110, 170);
const COLOR_B: RGBColor = RGBColor(215, 120, 50);
const UP: RGBColor = RGBColor(44, 140, 44);
const DOWN: RGBColor = RGBColor(200, 50, 50);
const WIDTH: u32 = 1000;
const ODDS_HEIGHT: u32 = 400;

/// The two scenarios' names for legends: their names, with the file name (no directories) when
/// the names are the same.
pub fn side_names(cmp: &Comparison) -> (String, String) {
    let file = |f: &str| {
        std::path::Path::new(f)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.to_string())
    };
    if cmp.a.scenario == cmp.b.scenario {
        (
            format!("{} ({})", cmp.a.scenario, file(&cmp.a.file)),
            format!("{} ({})", cmp.b.scenario, file(&cmp.b.file)),
        )
    } else {
        (cmp.a.scenario.clone(), cmp.b.scenario.clone())
    }
}

/// The issues of the forecast rows, in order, each with its rows.
fn issues(cmp: &Comparison) -> Vec<(&str, Vec<&brink_crisis::compare::ForecastRow>)> {
    let mut out: Vec<(&str, Vec<&brink_crisis::compare::ForecastRow>)> = vec![];
    for f in &cmp.forecasts {
        match out.iter_mut().find(|(id, _)| *id == f.issue) {
            Some((_, rows)) => rows.push(f),
            None => out.push((&f.issue, vec![f])),
        }
    }
    out
}

fn diff_height(rows: usize) -> u32 {
    70 + 22 * rows.max(1) as u32
}

/// The SVG text of the comparison chart: the odds (when either scenario has a crisis) and the
/// forecasts' differences.
pub fn compare_svg(cmp: &Comparison) -> Result<String, String> {
    let groups = issues(cmp);
    let odds_h = if cmp.outcomes.is_empty() {
        0
    } else {
        ODDS_HEIGHT
    };
    let diffs_h: u32 = groups.iter().map(|(_, r)| diff_height(r.len())).sum();
    let height = 90 + odds_h + 30 + diffs_h;
    let (name_a, name_b) = side_names(cmp);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let e = |e: DrawingAreaErrorKind<_>| e.to_string();
        root.draw(&Text::new(
            "Two scenarios compared (differences are B − A)",
            (16, 10),
            font(18.0, BLACK, HPos::Left, VPos::Top),
        ))
        .map_err(e)?;
        for (k, (name, c)) in [(&name_a, COLOR_A), (&name_b, COLOR_B)].iter().enumerate() {
            let y = 42 + 20 * k as i32;
            root.draw(&Rectangle::new([(16, y), (30, y + 14)], c.filled()))
                .map_err(e)?;
            root.draw(&Text::new(
                shorten(
                    &format!("{}: {name}", if k == 0 { "A" } else { "B" }),
                    WIDTH as f64 - 60.0,
                    13.0,
                ),
                (36, y + 7),
                font(13.0, BLACK, HPos::Left, VPos::Center),
            ))
            .map_err(e)?;
        }
        let (_, rest) = root.split_vertically(90);
        let (odds_area, rest) = rest.split_vertically(odds_h);
        if odds_h > 0 {
            draw_odds(&odds_area, cmp).map_err(e)?;
        }
        let (title, mut rest) = rest.split_vertically(30);
        title
            .draw(&Text::new(
                "Forecasts: B − A per issue and model (on the issue's scale)",
                (16, 8),
                font(15.0, BLACK, HPos::Left, VPos::Top),
            ))
            .map_err(e)?;
        for (issue, rows) in &groups {
            let (panel, below) = rest.split_vertically(diff_height(rows.len()));
            rest = below;
            draw_diffs(&panel, issue, rows).map_err(e)?;
        }
        root.present().map_err(e)?;
    }
    Ok(svg)
}

/// The odds part alone (the chart before the differences were added). `None` when neither
/// scenario has crisis odds.
pub fn odds_svg(cmp: &Comparison) -> Option<String> {
    if cmp.outcomes.is_empty() {
        return None;
    }
    compare_svg(cmp).ok()
}

fn draw_odds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cmp: &Comparison,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = cmp.outcomes.len();
    let lambda = cmp
        .crisis_a
        .as_ref()
        .or(cmp.crisis_b.as_ref())
        .map(|c| c.lambda);
    let title = match lambda {
        Some(l) => format!("Crisis odds (logit QRE, λ = {l}; whiskers: 90% intervals)"),
        None => "Crisis odds".to_string(),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 15))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(56)
        .build_cartesian_2d(0f64..n as f64, 0f64..1f64)?;
    let labels: Vec<String> = cmp.outcomes.iter().map(|o| o.outcome.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(ShapeStyle::from(&TRANSPARENT))
        .x_labels(n * 2 + 1)
        .x_label_formatter(&|x| {
            let k = x.floor() as usize;
            if (x - k as f64 - 0.5).abs() < 1e-6 && k < labels.len() {
                labels[k].clone()
            } else {
                String::new()
            }
        })
        .y_desc("probability")
        .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
        .draw()?;
    let interval = |c: &Option<brink_crisis::CrisisReport>, name: &str| {
        c.as_ref()
            .and_then(|c| c.intervals.as_ref())
            .and_then(|iv| iv.get(name).copied())
    };
    let (bx, by) = area.get_base_pixel();
    for (k, o) in cmp.outcomes.iter().enumerate() {
        let x0 = k as f64;
        for (value, color, offset, iv) in [
            (o.row.a, COLOR_A, 0.12, interval(&cmp.crisis_a, &o.outcome)),
            (o.row.b, COLOR_B, 0.50, interval(&cmp.crisis_b, &o.outcome)),
        ] {
            let Some(v) = value else { continue };
            let v = v.clamp(0.0, 1.0);
            let (l, r) = (x0 + offset, x0 + offset + 0.36);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(l, 0.0), (r, v)],
                color.filled(),
            )))?;
            let mid = 0.5 * (l + r);
            let mut top = v;
            if let Some([lo, hi]) = iv {
                top = top.max(hi);
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(mid, lo), (mid, hi)],
                    BLACK.stroke_width(2),
                )))?;
                for y in [lo, hi] {
                    let (px, py) = chart.backend_coord(&(mid, y));
                    area.draw(&PathElement::new(
                        vec![(px - bx - 5, py - by), (px - bx + 5, py - by)],
                        BLACK.stroke_width(2),
                    ))?;
                }
            }
            let (px, py) = chart.backend_coord(&(mid, top));
            area.draw(&Text::new(
                format!("{:.1}%", 100.0 * v),
                (px - bx, (py - by - 4).max(30)),
                font(12.0, BLACK, HPos::Center, VPos::Bottom),
            ))?;
        }
    }
    Ok(())
}

fn draw_diffs<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &str,
    rows: &[&brink_crisis::compare::ForecastRow],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = rows.len().max(1);
    let m = rows
        .iter()
        .filter_map(|r| r.row.diff)
        .filter(|d| d.is_finite())
        .fold(0.0f64, |a, d| a.max(d.abs()));
    let m = if m > 0.0 { m * 1.25 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .caption(format!("issue {issue}"), ("sans-serif", 13))
        .margin_left(16)
        .margin_right(30)
        .margin_top(4)
        .x_label_area_size(28)
        .y_label_area_size(150)
        .build_cartesian_2d(-m..m, (0..n - 1).into_segmented())?;
    let names: Vec<String> = rows.iter().rev().map(|r| r.model.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(ShapeStyle::from(&TRANSPARENT))
        .x_labels(9)
        .x_label_formatter(&|x| num(if x.abs() < 1e-9 * m { 0.0 } else { *x }))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => names.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .draw()?;
    chart.draw_series([PathElement::new(
        vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Exact(n))],
        BLACK.stroke_width(1),
    )])?;
    let (bx, by) = area.get_base_pixel();
    for (k, r) in rows.iter().rev().enumerate() {
        let text = match (r.row.a, r.row.b, r.row.diff) {
            (Some(a), Some(b), Some(d)) => {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(k)),
                        (d.clamp(-m, m), SegmentValue::Exact(k + 1)),
                    ],
                    if d >= 0.0 { UP } else { DOWN }.mix(0.8).filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                chart.draw_series([bar])?;
                let sign = if d > 0.0 { "+" } else { "" };
                format!("{sign}{} ({} → {})", num(d), num(a), num(b))
            }
            _ => "— (one side has no forecast)".to_string(),
        };
        let d = r.row.diff.unwrap_or(0.0).clamp(-m, m);
        // The text on the side of zero away from the bar.
        let (px, py) = chart.backend_coord(&(0.0, SegmentValue::CenterOf(k)));
        let (x, anchor) = if d >= 0.0 {
            (px - bx - 6, HPos::Right)
        } else {
            (px - bx + 6, HPos::Left)
        };
        area.draw(&Text::new(
            text,
            (x, py - by),
            font(11.0, BLACK, anchor, VPos::Center),
        ))?;
    }
    Ok(())
}
