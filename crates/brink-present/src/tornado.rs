//! The tornado chart of a sensitivity report, as SVG: one panel per issue, one bar per input over
//! the range of the forecast along the input's sweep (low to high end), widest on top, a marker at
//! the forecast with the input at its low end and one at its high end, and a line at the point
//! forecast. Inputs whose sweep is not monotone are flagged in their label.

use brink_analysis::sensitivity::{InputEffect, IssueSensitivity, SensitivityReport};
use plotters::prelude::*;

/// Inputs drawn per issue (the widest swings).
pub const TOP_INPUTS: usize = 12;

const LOW_COLOUR: RGBColor = RGBColor(49, 104, 176);
const HIGH_COLOUR: RGBColor = RGBColor(222, 128, 36);
const RANGE_COLOUR: RGBColor = RGBColor(160, 160, 160);

/// The axis unit for values of magnitude up to `m`: 1, or a power of ten when the numbers are so
/// large that the axis's tick arithmetic would overflow (scales near ±f64::MAX).
fn axis_unit(m: f64) -> (f64, i32) {
    if m.is_finite() && m > 1e12 {
        let e = m.log10().floor() as i32;
        (10f64.powi(e), e)
    } else {
        (1.0, 0)
    }
}

/// Renders `report` as an SVG document.
pub fn tornado_svg(report: &SensitivityReport) -> Result<String, String> {
    let mut svg = String::new();
    let panel_heights: Vec<u32> = report
        .issues
        .iter()
        .map(|i| 130 + 26 * shown(i).len().max(1) as u32)
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

fn shown(issue: &IssueSensitivity) -> Vec<&InputEffect> {
    issue
        .inputs
        .iter()
        .filter(|e| e.swing > 0.0 && e.min.is_finite() && e.max.is_finite())
        .take(TOP_INPUTS)
        .collect()
}

fn draw_issue<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    report: &SensitivityReport,
    issue: &IssueSensitivity,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rows = shown(issue);
    // Plot in units of `unit` so that every coordinate and tick step stays finite.
    let (unit, exponent) = axis_unit(issue.scale[0].abs().max(issue.scale[1].abs()));
    let u = |x: f64| x / unit;
    let (lo, hi) = (u(issue.scale[0]), u(issue.scale[1]));
    let base = u(issue.base);
    let (mut x0, mut x1) = rows
        .iter()
        .flat_map(|e| [u(e.min), u(e.max)])
        .chain([base])
        .filter(|x| x.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let pad = ((x1 - x0) * 0.08).max((hi - lo) * 0.01);
    x0 = (x0 - pad).max(lo);
    x1 = (x1 + pad).min(hi);
    if !(x1 > x0 && (x1 - x0).is_finite()) || x1 - x0 < 1e-12 * x0.abs().max(x1.abs()) {
        (x0, x1) = (lo, hi);
    }
    if !(x1 > x0 && (x1 - x0).is_finite()) || x1 - x0 < 1e-12 * x0.abs().max(x1.abs()) {
        // A scale too narrow to draw ticks on: a unit interval around it.
        (x0, x1) = (x0.min(x1) - 0.5, x0.min(x1) + 0.5);
    }
    let n = rows.len().max(1);
    // The legend, bottom left: below the input labels, beside the axis title.
    let legend = ("sans-serif", 12).into_font();
    let height = area.dim_in_pixel().1 as i32;
    area.draw(&Text::new(
        "▬ forecast range over the sweep   │ point forecast   ~ not monotone",
        (12, height - 56),
        legend.clone().color(&BLACK),
    ))?;
    area.draw(&Text::new(
        "◆ input at its low end",
        (12, height - 40),
        legend.clone().color(&LOW_COLOUR),
    ))?;
    area.draw(&Text::new(
        "◆ input at its high end",
        (12, height - 24),
        legend.color(&HIGH_COLOUR),
    ))?;
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "{} — {} point forecast {} ({}; widest ranges on top)",
                issue.name,
                report.model,
                fmt_value(issue.base),
                report.scenario
            ),
            ("sans-serif", 16),
        )
        .margin(12)
        // Tall enough for the legend, drawn bottom left below the input labels.
        .x_label_area_size(64)
        .y_label_area_size(300)
        .build_cartesian_2d(x0..x1, (0..n).into_segmented())?;
    let labels: Vec<String> = rows
        .iter()
        .rev()
        .map(|e| {
            if e.monotone {
                e.label.clone()
            } else {
                format!("{} ~", e.label)
            }
        })
        .collect();
    let unit_note = if exponent == 0 {
        String::new()
    } else {
        format!(" (× 1e{exponent})")
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => labels.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc(format!(
            "forecast on {} [{}, {}]{unit_note}",
            issue.id,
            fmt_value(issue.scale[0]),
            fmt_value(issue.scale[1])
        ))
        .draw()?;
    let clamp = |x: f64| x.clamp(x0, x1);
    for (k, e) in rows.iter().rev().enumerate() {
        // The range over the sweep, a thinner bar inside the row.
        let mut range = Rectangle::new(
            [
                (clamp(u(e.min)), SegmentValue::Exact(k)),
                (clamp(u(e.max)), SegmentValue::Exact(k + 1)),
            ],
            RANGE_COLOUR.mix(0.6).filled(),
        );
        range.set_margin(4, 4, 0, 0);
        chart.draw_series([range])?;
        for (x, colour) in [(e.low, LOW_COLOUR), (e.high, HIGH_COLOUR)] {
            if x.is_finite() {
                let mut marker = Rectangle::new(
                    [
                        (clamp(u(x) - (x1 - x0) * 0.004), SegmentValue::Exact(k)),
                        (clamp(u(x) + (x1 - x0) * 0.004), SegmentValue::Exact(k + 1)),
                    ],
                    colour.filled(),
                );
                marker.set_margin(2, 2, 0, 0);
                chart.draw_series([marker])?;
            }
        }
    }
    if base.is_finite() {
        chart.draw_series([PathElement::new(
            vec![
                (clamp(base), SegmentValue::Exact(0)),
                (clamp(base), SegmentValue::Exact(n)),
            ],
            BLACK.stroke_width(2),
        )])?;
    }
    if rows.is_empty() {
        chart.draw_series([Text::new(
            "no input moves this forecast".to_string(),
            (x0 + (x1 - x0) * 0.3, SegmentValue::CenterOf(0)),
            ("sans-serif", 14),
        )])?;
    }
    Ok(())
}

/// A number for a caption: 3 decimals, or scientific notation when huge or tiny.
fn fmt_value(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e9 || x.abs() < 1e-3) {
        format!("{x:.3e}")
    } else {
        format!("{x:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tornado_has_a_bar_per_moving_input_and_its_label() {
        let effect = |label: &str, low: f64, high: f64| InputEffect {
            field: label.into(),
            label: label.into(),
            range: [0.0, 1.0],
            low,
            high,
            min: low.min(high),
            max: low.max(high),
            swing: (high - low).abs(),
            monotone: true,
            sweep: vec![[0.0, low], [1.0, high]],
            share: 0.5,
        };
        let report = SensitivityReport {
            scenario: "s".into(),
            model: "compromise".into(),
            runs: 10,
            seed: 1,
            jitter: None,
            grid: 2,
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
        // A low-end marker per moving input.
        assert!(svg.matches("fill=\"#3168B0\"").count() >= 2, "{svg}");
    }

    #[test]
    fn a_scale_near_f64s_limits_is_drawn_in_finite_time() {
        let e = InputEffect {
            field: "position[0].at".into(),
            label: "position of a on x".into(),
            range: [-1.7e308, 1.7e308],
            low: -1.7e308,
            high: 1.7e308,
            min: -1.7e308,
            max: 1.7e308,
            swing: f64::MAX,
            monotone: false,
            sweep: vec![],
            share: 1.0,
        };
        let report = SensitivityReport {
            scenario: "s".into(),
            model: "compromise".into(),
            runs: 10,
            seed: 1,
            jitter: None,
            grid: 2,
            issues: vec![IssueSensitivity {
                id: "x".into(),
                name: "X".into(),
                scale: [-1.7e308, 1.7e308],
                base: 0.0,
                variance: f64::INFINITY,
                explained: 1.0,
                inputs: vec![e],
            }],
            skipped: vec![],
        };
        let svg = tornado_svg(&report).unwrap();
        assert!(svg.contains("position of a on x ~"));
        assert!(svg.contains("× 1e308"), "{svg}");
    }
}
