//! The tornado chart of a sensitivity report, as SVG: one panel per issue, one bar per input from
//! the forecast at the input's low end to the forecast at its high end, widest on top, around a
//! line at the base forecast.

use crate::sensitivity::SensitivityReport;
use plotters::prelude::*;

/// Inputs drawn per issue (the widest swings).
pub const TOP_INPUTS: usize = 12;

const LOW_COLOUR: RGBColor = RGBColor(49, 104, 176);
const HIGH_COLOUR: RGBColor = RGBColor(222, 128, 36);

/// Renders `report` as an SVG document.
pub fn tornado_svg(report: &SensitivityReport) -> Result<String, String> {
    let mut svg = String::new();
    let panel_heights: Vec<u32> = report
        .issues
        .iter()
        .map(|i| 90 + 26 * shown(i).len().max(1) as u32)
        .collect();
    let height = panel_heights.iter().sum::<u32>().max(120);
    {
        let root = SVGBackend::with_string(&mut svg, (960, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut rest = root;
        for (issue, h) in report.issues.iter().zip(&panel_heights) {
            let (panel, below) = rest.split_vertically(*h);
            rest = below;
            draw_issue(&panel, report, issue).map_err(|e| e.to_string())?;
        }
        rest.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn shown(issue: &crate::sensitivity::IssueSensitivity) -> Vec<&crate::sensitivity::InputEffect> {
    issue
        .inputs
        .iter()
        .filter(|e| e.swing > 0.0 && e.low.is_finite() && e.high.is_finite())
        .take(TOP_INPUTS)
        .collect()
}

fn draw_issue<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    report: &SensitivityReport,
    issue: &crate::sensitivity::IssueSensitivity,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rows = shown(issue);
    let [lo, hi] = issue.scale;
    let (mut x0, mut x1) = rows
        .iter()
        .flat_map(|e| [e.low, e.high])
        .chain([issue.base])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let pad = ((x1 - x0) * 0.08).max((hi - lo) * 0.01);
    x0 = (x0 - pad).max(lo);
    x1 = (x1 + pad).min(hi);
    if x1 <= x0 {
        (x0, x1) = (lo, hi);
    }
    let n = rows.len().max(1);
    // The legend, bottom left: below the input labels, beside the axis title.
    let legend = ("sans-serif", 12).into_font();
    let height = area.dim_in_pixel().1 as i32;
    area.draw(&Text::new(
        "■ input at its low end",
        (12, height - 40),
        legend.clone().color(&LOW_COLOUR),
    ))?;
    area.draw(&Text::new(
        "■ input at its high end",
        (12, height - 24),
        legend.color(&HIGH_COLOUR),
    ))?;
    let (low_colour, high_colour) = (LOW_COLOUR, HIGH_COLOUR);
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "{} — {} forecast {:.3} ({}; widest swings on top)",
                issue.name, report.model, issue.base, report.scenario
            ),
            ("sans-serif", 16),
        )
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(300)
        .build_cartesian_2d(x0..x1, (0..n).into_segmented())?;
    let labels: Vec<String> = rows.iter().rev().map(|e| e.label.clone()).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => labels.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc(format!("forecast on {} [{lo}, {hi}]", issue.id))
        .draw()?;
    for (k, e) in rows.iter().rev().enumerate() {
        let (y0, y1) = (SegmentValue::Exact(k), SegmentValue::Exact(k + 1));
        // Input at its low end: from the base to `low`; at its high end: from the base to `high`.
        chart.draw_series([
            Rectangle::new(
                [(issue.base, y0.clone()), (e.low, y1.clone())],
                low_colour.mix(0.85).filled(),
            ),
            Rectangle::new(
                [(issue.base, y0), (e.high, y1)],
                high_colour.mix(0.85).filled(),
            ),
        ])?;
    }
    chart.draw_series([PathElement::new(
        vec![
            (issue.base, SegmentValue::Exact(0)),
            (issue.base, SegmentValue::Exact(n)),
        ],
        BLACK.stroke_width(2),
    )])?;
    if rows.is_empty() {
        chart.draw_series([Text::new(
            "no input moves this forecast".to_string(),
            (x0 + (x1 - x0) * 0.3, SegmentValue::CenterOf(0)),
            ("sans-serif", 14),
        )])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::{InputEffect, IssueSensitivity};

    #[test]
    fn tornado_has_a_bar_per_moving_input_and_its_label() {
        let effect = |label: &str, low: f64, high: f64| InputEffect {
            field: label.into(),
            label: label.into(),
            range: [0.0, 1.0],
            low,
            high,
            swing: (high - low).abs(),
            share: 0.5,
        };
        let report = SensitivityReport {
            scenario: "s".into(),
            model: "compromise".into(),
            runs: 10,
            seed: 1,
            jitter: None,
            issues: vec![IssueSensitivity {
                id: "i".into(),
                name: "Issue".into(),
                scale: [0.0, 10.0],
                base: 5.0,
                variance: 1.0,
                explained: 1.0,
                inputs: vec![
                    effect("position of usa", 3.0, 7.0),
                    effect("salience of iran", 4.5, 5.5),
                    effect("inert", 5.0, 5.0),
                ],
            }],
            skipped: vec![],
        };
        let svg = tornado_svg(&report).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("position of usa"));
        assert!(svg.contains("salience of iran"));
        assert!(!svg.contains(">inert<"));
        // Two filled bars per moving input.
        assert!(svg.matches("fill=\"#3168B0\"").count() >= 2, "{svg}");
    }
}
