//! The chart of `brink forecast --plot OUT.svg`, one section per issue: every model's forecast on
//! the issue's scale (a dot, and its 90% interval as a bar when there is one; the scale's labels
//! written under the axis; the status quo as a dashed line), then for each iterating model the
//! actors' positions round by round (KTAB's dashboard chart; the c·s-weighted mean in black),
//! with the actors' legend beside them.

use crate::plot::{colour, font, num, scale_labels, shorten, wrap};
use brink_core::{ForecastReport, IssueForecasts, ModelForecast, Scenario};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const WIDTH: u32 = 1100;
const LEGEND_WIDTH: u32 = 200;
const ROUNDS_HEIGHT: u32 = 320;
const LABEL_FONT: f64 = 11.0;
const LABEL_LINES: usize = 3;

/// The forecasts with rounds worth drawing (an iterating model that ran at least one round).
fn iterating(issue: &IssueForecasts) -> Vec<&ModelForecast> {
    issue
        .forecasts
        .iter()
        .filter(|f| f.rounds.as_ref().is_some_and(|r| r.len() > 1))
        .collect()
}

fn forecast_height(issue: &IssueForecasts, labelled: bool) -> u32 {
    let label_room = if labelled {
        12 + LABEL_LINES as u32 * 13
    } else {
        0
    };
    60 + 26 * issue.forecasts.len().max(1) as u32 + 40 + label_room
}

fn section_height(issue: &IssueForecasts, labelled: bool) -> u32 {
    let rounds = if iterating(issue).is_empty() {
        0
    } else {
        ROUNDS_HEIGHT
    };
    36 + forecast_height(issue, labelled) + rounds + 16
}

/// The SVG text of the forecast chart of `report` (run on `scenario`, which gives the scales'
/// labels, the status quo and the actors' names).
pub fn forecast_svg(report: &ForecastReport, scenario: &Scenario) -> Result<String, String> {
    let labelled = |id: &str| {
        scenario
            .issues
            .iter()
            .find(|i| i.id == id)
            .is_some_and(|i| !i.labels.is_empty())
    };
    let heights: Vec<u32> = report
        .issues
        .iter()
        .map(|i| section_height(i, labelled(&i.id)))
        .collect();
    let height = 40 + heights.iter().sum::<u32>();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        root.draw(&Text::new(
            format!("{} — forecasts", report.scenario),
            (16, 12),
            font(18.0, BLACK, HPos::Left, VPos::Top),
        ))
        .map_err(|e| e.to_string())?;
        let (_, mut rest) = root.split_vertically(40);
        for (issue, h) in report.issues.iter().zip(&heights) {
            let (section, below) = rest.split_vertically(*h);
            rest = below;
            draw_section(&section, issue, scenario).map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw_section<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueForecasts,
    scenario: &Scenario,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let spec = scenario.issues.iter().find(|i| i.id == issue.id);
    let labels: &[(f64, String)] = spec.map(|i| i.labels.as_slice()).unwrap_or(&[]);
    let status_quo = spec.and_then(|i| i.status_quo.as_ref()).map(|s| s.point());
    area.draw(&Text::new(
        format!(
            "{} ({}) — scale {} to {}",
            issue.name,
            issue.id,
            num(issue.scale[0]),
            num(issue.scale[1])
        ),
        (16, 10),
        font(16.0, BLACK, HPos::Left, VPos::Top),
    ))?;
    let (_, body) = area.split_vertically(36);
    let (top, bottom) = body.split_vertically(forecast_height(issue, !labels.is_empty()));
    draw_forecasts(&top, issue, labels, status_quo)?;
    let models = iterating(issue);
    if !models.is_empty() {
        let (_, rounds_area) = bottom.split_vertically(0);
        let (rounds_row, _) = rounds_area.split_vertically(ROUNDS_HEIGHT);
        let (panels, legend) = rounds_row.split_horizontally(WIDTH - LEGEND_WIDTH);
        let parts = panels.split_evenly((1, models.len()));
        let actors = actor_order(scenario, &models);
        for (panel, f) in parts.iter().zip(&models) {
            draw_rounds(panel, issue, f, &actors)?;
        }
        draw_actor_legend(&legend, scenario, &actors)?;
    }
    Ok(())
}

/// The actors drawn in the rounds panels (every actor with a position in some round), in the
/// scenario's order: their colours follow that order.
fn actor_order(scenario: &Scenario, models: &[&ModelForecast]) -> Vec<String> {
    let mut ids: Vec<String> = scenario
        .actors
        .iter()
        .map(|a| a.id.clone())
        .filter(|id| {
            models.iter().any(|f| {
                f.rounds
                    .as_ref()
                    .is_some_and(|r| r.iter().any(|r| r.positions.contains_key(id)))
            })
        })
        .collect();
    // Positions keyed by an id the scenario does not list (never in practice): drawn after.
    for f in models {
        for r in f.rounds.iter().flatten() {
            for id in r.positions.keys() {
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
        }
    }
    ids
}

fn model_name(f: &ModelForecast) -> String {
    match &f.variant {
        Some(v) => format!("{} ({v})", f.model),
        None => f.model.clone(),
    }
}

fn x_range(scale: [f64; 2]) -> (f64, f64) {
    let (lo, hi) = (scale[0], scale[1]);
    if hi > lo && (hi - lo).is_finite() {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

fn draw_forecasts<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueForecasts,
    labels: &[(f64, String)],
    status_quo: Option<f64>,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = issue.forecasts.len().max(1);
    let (x0, x1) = x_range(issue.scale);
    let label_room = if labels.is_empty() {
        0
    } else {
        12 + LABEL_LINES as u32 * 13
    };
    let (plot_area, label_area) = area.split_vertically(area.dim_in_pixel().1 - label_room);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin_left(16)
        .margin_right(40)
        .margin_top(20)
        .x_label_area_size(40)
        .y_label_area_size(150)
        .build_cartesian_2d(x0..x1, (0..n - 1).into_segmented())?;
    let no_light_lines = ShapeStyle::from(&TRANSPARENT);
    let names: Vec<String> = issue.forecasts.iter().rev().map(model_name).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(no_light_lines)
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => names.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_formatter(&|x| num(*x))
        .x_desc(
            if issue
                .forecasts
                .iter()
                .any(|f| f.extra.contains_key("interval"))
            {
                "forecast on the issue's scale (dot: point forecast; bar: 90% interval)"
            } else {
                "forecast on the issue's scale"
            },
        )
        .draw()?;
    let clamp = |x: f64| x.clamp(x0, x1);
    // The scale's labelled points as light vertical lines.
    for (v, _) in labels {
        chart.draw_series([PathElement::new(
            vec![
                (clamp(*v), SegmentValue::Exact(0)),
                (clamp(*v), SegmentValue::Exact(n)),
            ],
            RGBColor(200, 200, 200).stroke_width(1),
        )])?;
    }
    if let Some(sq) = status_quo.filter(|x| x.is_finite()) {
        let (bx, by) = area.get_base_pixel();
        let (px, top) = chart.backend_coord(&(clamp(sq), SegmentValue::Exact(n)));
        let (_, bottom) = chart.backend_coord(&(clamp(sq), SegmentValue::Exact(0)));
        let mut y = top;
        while y < bottom {
            area.draw(&PathElement::new(
                vec![(px - bx, y - by), (px - bx, (y + 6).min(bottom) - by)],
                RGBColor(90, 90, 90).stroke_width(2),
            ))?;
            y += 10;
        }
        area.draw(&Text::new(
            format!("status quo {}", num(sq)),
            (px - bx + 4, top - by - 2),
            font(11.0, RGBColor(90, 90, 90), HPos::Left, VPos::Bottom),
        ))?;
    }
    for (k, f) in issue.forecasts.iter().rev().enumerate() {
        let c = colour(issue.forecasts.len() - 1 - k);
        let interval = f
            .extra
            .get("interval")
            .and_then(|v| v.as_array())
            .and_then(|a| Some([a.first()?.as_f64()?, a.get(1)?.as_f64()?]));
        if let Some([lo, hi]) = interval {
            let mut bar = Rectangle::new(
                [
                    (clamp(lo), SegmentValue::Exact(k)),
                    (clamp(hi), SegmentValue::Exact(k + 1)),
                ],
                c.mix(0.35).filled(),
            );
            bar.set_margin(7, 7, 0, 0);
            chart.draw_series([bar])?;
        }
        if f.forecast.is_finite() {
            chart.draw_series([Circle::new(
                (clamp(f.forecast), SegmentValue::CenterOf(k)),
                5,
                c.filled(),
            )])?;
            let text = match interval {
                Some([lo, hi]) => format!("{} [{} – {}]", num(f.forecast), num(lo), num(hi)),
                None => num(f.forecast),
            };
            let (px, py) = chart.backend_coord(&(clamp(f.forecast), SegmentValue::CenterOf(k)));
            // Right of the dot, unless that would run past the plot: then left of it.
            let right_edge = chart.plotting_area().get_pixel_range().0.end;
            let room = (right_edge - px) as f64;
            let (px, py) = (px - area.get_base_pixel().0, py - area.get_base_pixel().1);
            let (anchor, dx) = if room > crate::plot::text_width(&text, 11.0) + 12.0 {
                (HPos::Left, 9)
            } else {
                (HPos::Right, -9)
            };
            area.draw(&Text::new(
                text,
                (px + dx, py - 15),
                font(11.0, BLACK, anchor, VPos::Center),
            ))?;
        }
    }
    // The scale's labels under the axis, each wrapped to the room it has.
    if !labels.is_empty() {
        let range = chart.plotting_area().get_pixel_range().0;
        let (left, right) = (range.start, range.end);
        let placed = scale_labels(
            labels,
            [x0, x1],
            left as f64,
            right as f64,
            LABEL_FONT,
            LABEL_LINES,
        );
        let ay = label_area.get_base_pixel().1;
        area.draw(&Text::new(
            "scale:",
            (16, ay - area.get_base_pixel().1 + 4),
            font(LABEL_FONT, RGBColor(90, 90, 90), HPos::Left, VPos::Top),
        ))?;
        let area_width = area.dim_in_pixel().0 as f64;
        for ((v, _), (x, lines)) in labels.iter().zip(placed) {
            let head = format!("{}:", num(*v));
            let mut all = vec![head];
            all.extend(lines);
            all.truncate(LABEL_LINES + 1);
            // Centred on its point, but never past the picture's edges (nor over "scale:").
            let half = all
                .iter()
                .map(|l| crate::plot::text_width(l, LABEL_FONT))
                .fold(0.0, f64::max)
                / 2.0;
            let x = (x - area.get_base_pixel().0 as f64)
                .min(area_width - 6.0 - half)
                .max(60.0 + half);
            for (j, line) in all.iter().enumerate() {
                area.draw(&Text::new(
                    line.clone(),
                    (x as i32, ay - area.get_base_pixel().1 + 4 + 12 * j as i32),
                    font(
                        LABEL_FONT,
                        if j == 0 {
                            RGBColor(60, 60, 60)
                        } else {
                            RGBColor(90, 90, 90)
                        },
                        HPos::Center,
                        VPos::Top,
                    ),
                ))?;
            }
        }
    }
    Ok(())
}

fn draw_rounds<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueForecasts,
    f: &ModelForecast,
    actors: &[String],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rounds = f.rounds.as_deref().unwrap_or(&[]);
    let last = rounds.iter().map(|r| r.round).max().unwrap_or(1).max(1);
    let (y0, y1) = x_range(issue.scale);
    let width = area.dim_in_pixel().0 as f64;
    let mut chart = ChartBuilder::on(area)
        .caption(
            shorten(
                &format!("{}: positions by round", model_name(f)),
                width - 20.0,
                13.0,
            ),
            ("sans-serif", 13),
        )
        .margin(10)
        .x_label_area_size(34)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..last as f64, y0..y1)?;
    chart
        .configure_mesh()
        .light_line_style(ShapeStyle::from(&TRANSPARENT))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| num(*y))
        .x_desc("round")
        .draw()?;
    let clamp = |y: f64| y.clamp(y0, y1);
    for (k, id) in actors.iter().enumerate() {
        let points: Vec<(f64, f64)> = rounds
            .iter()
            .filter_map(|r| {
                r.positions
                    .get(id)
                    .filter(|p| p.is_finite())
                    .map(|p| (r.round as f64, clamp(*p)))
            })
            .collect();
        if points.is_empty() {
            continue;
        }
        chart.draw_series([PathElement::new(points, colour(k).stroke_width(2))])?;
    }
    let mean: Vec<(f64, f64)> = rounds
        .iter()
        .filter(|r| r.mean.is_finite())
        .map(|r| (r.round as f64, clamp(r.mean)))
        .collect();
    chart.draw_series([PathElement::new(mean, BLACK.stroke_width(3))])?;
    Ok(())
}

fn draw_actor_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scenario: &Scenario,
    actors: &[String],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let height = area.dim_in_pixel().1 as i32;
    let room = ((height - 60) / 16).max(1) as usize;
    area.draw(&Text::new(
        "actors",
        (8, 14),
        font(12.0, BLACK, HPos::Left, VPos::Top),
    ))?;
    let mut y = 34;
    area.draw(&PathElement::new(
        vec![(8, y + 6), (30, y + 6)],
        BLACK.stroke_width(3),
    ))?;
    area.draw(&Text::new(
        "c·s-weighted mean",
        (36, y),
        font(11.0, BLACK, HPos::Left, VPos::Top),
    ))?;
    y += 18;
    let shown = if actors.len() > room {
        room - 1
    } else {
        actors.len()
    };
    for (k, id) in actors.iter().enumerate().take(shown) {
        let name = scenario
            .actors
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.name.as_str())
            .filter(|n| !n.is_empty() && *n != id);
        let text = match name {
            Some(n) => format!("{id} — {n}"),
            None => id.clone(),
        };
        area.draw(&PathElement::new(
            vec![(8, y + 6), (30, y + 6)],
            colour(k).stroke_width(2),
        ))?;
        let line = wrap(&text, (LEGEND_WIDTH - 44) as f64, 11.0, 1);
        area.draw(&Text::new(
            line.into_iter().next().unwrap_or_default(),
            (36, y),
            font(11.0, BLACK, HPos::Left, VPos::Top),
        ))?;
        y += 16;
    }
    if shown < actors.len() {
        area.draw(&Text::new(
            format!("… and {} more", actors.len() - shown),
            (36, y),
            font(11.0, RGBColor(90, 90, 90), HPos::Left, VPos::Top),
        ))?;
    }
    Ok(())
}
