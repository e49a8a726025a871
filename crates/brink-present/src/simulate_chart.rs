//! The chart of `brink simulate --plot OUT.svg`: one panel per issue, each model's histogram of
//! its forecast over the Monte Carlo runs (the report's bins over the issue's scale, as the share
//! of runs per bin so that models with failed runs compare), outlined in the model's colour, with
//! a legend giving each model's mean and 90% interval.

use crate::plot::{colour, font, num, shorten};
use brink_analysis::montecarlo::IssueSummary;
use brink_analysis::SimulationReport;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const WIDTH: u32 = 1100;
const PANEL: u32 = 340;
const LEGEND: u32 = 290;

/// The SVG text of the histograms of `r`.
pub fn simulation_svg(r: &SimulationReport) -> Result<String, String> {
    let height = 60 + PANEL * r.issues.len().max(1) as u32;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let jitter = r
            .jitter
            .map(|j| format!(", jitter {j}"))
            .unwrap_or_default();
        root.draw(&Text::new(
            shorten(
                &format!("{} — forecasts over {} runs", r.scenario, r.runs),
                WIDTH as f64 - 32.0,
                18.0,
            ),
            (16, 10),
            font(18.0, BLACK, HPos::Left, VPos::Top),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Text::new(
            format!(
                "seed {}, {} uncertain input{}{jitter}",
                r.seed,
                r.uncertain_inputs,
                if r.uncertain_inputs == 1 { "" } else { "s" }
            ),
            (16, 34),
            font(12.0, RGBColor(80, 80, 80), HPos::Left, VPos::Top),
        ))
        .map_err(|e| e.to_string())?;
        let (_, mut rest) = root.split_vertically(60);
        for issue in &r.issues {
            let (panel, below) = rest.split_vertically(PANEL);
            rest = below;
            draw_issue(&panel, issue).map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw_issue<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    issue: &IssueSummary,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (plot, legend) = area.split_horizontally(WIDTH - LEGEND);
    let (lo, hi) =
        if issue.scale[1] > issue.scale[0] && (issue.scale[1] - issue.scale[0]).is_finite() {
            (issue.scale[0], issue.scale[1])
        } else {
            (issue.scale[0] - 0.5, issue.scale[0] + 0.5)
        };
    // Shares of runs per bin.
    let shares: Vec<Vec<f64>> = issue
        .models
        .iter()
        .map(|m| {
            let total: u64 = m.histogram.counts.iter().sum();
            m.histogram
                .counts
                .iter()
                .map(|&c| {
                    if total == 0 {
                        0.0
                    } else {
                        c as f64 / total as f64
                    }
                })
                .collect()
        })
        .collect();
    let top = shares
        .iter()
        .flatten()
        .copied()
        .fold(0.0f64, f64::max)
        .max(0.01)
        * 1.08;
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            shorten(
                &format!("{} ({})", issue.name, issue.id),
                (WIDTH - LEGEND) as f64 - 40.0,
                15.0,
            ),
            ("sans-serif", 15),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(lo..hi, 0f64..top.min(1.0))?;
    chart
        .configure_mesh()
        .light_line_style(ShapeStyle::from(&TRANSPARENT))
        .x_label_formatter(&|x| num(*x))
        .y_label_formatter(&|y| format!("{:.0}%", 100.0 * y))
        .x_desc("forecast on the issue's scale")
        .y_desc("share of runs")
        .draw()?;
    for (k, (m, s)) in issue.models.iter().zip(&shares).enumerate() {
        let bins = s.len().max(1);
        let w = (m.histogram.hi - m.histogram.lo) / bins as f64;
        // A step outline: up and across each bin, down at the end.
        let mut pts = vec![(m.histogram.lo, 0.0)];
        for (b, &v) in s.iter().enumerate() {
            let x0 = m.histogram.lo + w * b as f64;
            pts.push((x0, v));
            pts.push((x0 + w, v));
        }
        pts.push((m.histogram.hi, 0.0));
        let pts: Vec<(f64, f64)> = pts
            .into_iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(x, y)| (x.clamp(lo, hi), y))
            .collect();
        chart.draw_series([Polygon::new(pts.clone(), colour(k).mix(0.08).filled())])?;
        chart.draw_series([PathElement::new(pts, colour(k).stroke_width(2))])?;
        // The point forecast as a short tick above the axis.
        if m.point.is_finite() {
            let x = m.point.clamp(lo, hi);
            chart.draw_series([PathElement::new(
                vec![(x, 0.0), (x, top * 0.06)],
                colour(k).stroke_width(3),
            )])?;
        }
    }
    // The legend: each model with its mean and 90% interval.
    legend.draw(&Text::new(
        "model: mean [90% interval]",
        (4, 40),
        font(12.0, BLACK, HPos::Left, VPos::Top),
    ))?;
    let mut y = 62;
    for (k, m) in issue.models.iter().enumerate() {
        legend.draw(&PathElement::new(
            vec![(4, y + 7), (24, y + 7)],
            colour(k).stroke_width(3),
        ))?;
        let failed = if m.failed > 0 {
            format!(", {} failed", m.failed)
        } else {
            String::new()
        };
        legend.draw(&Text::new(
            shorten(
                &format!(
                    "{}: {} [{} – {}]{failed}",
                    m.model,
                    num(m.summary.mean),
                    num(m.summary.p05),
                    num(m.summary.p95)
                ),
                (LEGEND - 34) as f64,
                11.0,
            ),
            (30, y),
            font(11.0, BLACK, HPos::Left, VPos::Top),
        ))?;
        y += 18;
    }
    legend.draw(&Text::new(
        "tick on the axis: the point forecast",
        (4, y + 8),
        font(11.0, RGBColor(90, 90, 90), HPos::Left, VPos::Top),
    ))?;
    Ok(())
}
