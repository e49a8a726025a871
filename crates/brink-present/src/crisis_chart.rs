//! The chart of `brink crisis --plot OUT.svg`: the odds of each outcome of the crisis game as
//! horizontal bars (the logit QRE's probability; its 90% interval over the Monte Carlo runs as a
//! whisker when parameters are uncertain) with the subgame-perfect equilibrium's odds as a marker.

use crate::plot::{font, pct, shorten};
use brink_crisis::CrisisReport;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const BAR: RGBColor = RGBColor(31, 119, 180);
const SPE: RGBColor = RGBColor(214, 39, 40);

/// The SVG text of the odds chart of `r`.
pub fn crisis_svg(r: &CrisisReport) -> Result<String, String> {
    let n = r.outcomes.len().max(1);
    let (width, height) = (900u32, 150 + 44 * n as u32);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root, r, width).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    r: &CrisisReport,
    width: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let n = r.outcomes.len().max(1);
    let how = if r.runs > 1 {
        format!("Monte Carlo, {} runs, seed {}", r.runs, r.seed)
    } else {
        "point estimates".to_string()
    };
    root.draw(&Text::new(
        shorten(
            &format!("{} — odds of each outcome", r.scenario),
            width as f64 - 32.0,
            16.0,
        ),
        (16, 10),
        font(16.0, BLACK, HPos::Left, VPos::Top),
    ))?;
    root.draw(&Text::new(
        shorten(
            &format!(
                "crisis game `{}`, logit QRE λ = {}, {how}",
                r.game, r.lambda
            ),
            width as f64 - 32.0,
            12.0,
        ),
        (16, 32),
        font(12.0, RGBColor(80, 80, 80), HPos::Left, VPos::Top),
    ))?;
    let (_, body) = root.split_vertically(52);
    let (plot, legend) = body.split_vertically(body.dim_in_pixel().1 - 34);
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(16)
        .margin_right(30)
        .margin_top(8)
        .x_label_area_size(36)
        .y_label_area_size(140)
        .build_cartesian_2d(0f64..1f64, (0..n - 1).into_segmented())?;
    let names: Vec<String> = r.outcomes.keys().rev().cloned().collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(ShapeStyle::from(&TRANSPARENT))
        .x_labels(11)
        .x_label_formatter(&|x| format!("{:.0}%", 100.0 * x))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => names.get(*k).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("probability")
        .draw()?;
    let spe = |name: &str| {
        r.spe
            .mean_outcomes
            .as_ref()
            .and_then(|m| m.get(name))
            .or(r.spe.outcomes.get(name))
            .copied()
    };
    let (bx, by) = plot.get_base_pixel();
    for (k, (name, p)) in r.outcomes.iter().rev().enumerate() {
        let p = p.clamp(0.0, 1.0);
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(k)),
                (p, SegmentValue::Exact(k + 1)),
            ],
            BAR.mix(0.8).filled(),
        );
        bar.set_margin(8, 8, 0, 0);
        chart.draw_series([bar])?;
        let interval = r.intervals.as_ref().and_then(|iv| iv.get(name)).copied();
        let mut right = p;
        if let Some([lo, hi]) = interval {
            let (lo, hi) = (lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0));
            right = right.max(hi);
            let y = SegmentValue::CenterOf(k);
            chart.draw_series([PathElement::new(
                vec![(lo, y.clone()), (hi, y)],
                BLACK.stroke_width(2),
            )])?;
            for x in [lo, hi] {
                let (px, py) = chart.backend_coord(&(x, SegmentValue::CenterOf(k)));
                plot.draw(&PathElement::new(
                    vec![(px - bx, py - by - 7), (px - bx, py - by + 7)],
                    BLACK.stroke_width(2),
                ))?;
            }
        }
        if let Some(s) = spe(name) {
            right = right.max(s);
            let (px, py) = chart.backend_coord(&(s.clamp(0.0, 1.0), SegmentValue::CenterOf(k)));
            let (x, y) = (px - bx, py - by);
            plot.draw(&Polygon::new(
                vec![(x, y - 8), (x + 7, y), (x, y + 8), (x - 7, y)],
                SPE.filled(),
            ))?;
        }
        let text = match interval {
            Some([lo, hi]) => format!("{} [{} – {}]", pct(p), pct(lo), pct(hi)),
            None => pct(p),
        };
        let (px, py) = chart.backend_coord(&(right, SegmentValue::CenterOf(k)));
        let plot_right = chart.plotting_area().get_pixel_range().0.end;
        let fits = (plot_right - px) as f64 > crate::plot::text_width(&text, 12.0) + 14.0;
        let (x, anchor) = if fits {
            (px - bx + 12, HPos::Left)
        } else {
            (plot_right - bx - 4, HPos::Right)
        };
        let y = if fits { py - by } else { py - by - 14 };
        plot.draw(&Text::new(
            text,
            (x, y),
            font(12.0, BLACK, anchor, VPos::Center),
        ))?;
    }
    // The legend, under the axis.
    let y = 12;
    legend.draw(&Rectangle::new(
        [(160, y - 6), (180, y + 6)],
        BAR.mix(0.8).filled(),
    ))?;
    legend.draw(&Text::new(
        "P (logit QRE)",
        (186, y),
        font(12.0, BLACK, HPos::Left, VPos::Center),
    ))?;
    let mut x = 300;
    if r.intervals.is_some() {
        legend.draw(&PathElement::new(
            vec![(x, y), (x + 20, y)],
            BLACK.stroke_width(2),
        ))?;
        legend.draw(&Text::new(
            "90% interval over the runs",
            (x + 26, y),
            font(12.0, BLACK, HPos::Left, VPos::Center),
        ))?;
        x += 200;
    }
    legend.draw(&Polygon::new(
        vec![(x + 7, y - 7), (x + 14, y), (x + 7, y + 7), (x, y)],
        SPE.filled(),
    ))?;
    legend.draw(&Text::new(
        if r.spe.mean_outcomes.is_some() {
            "P (SPE), mean over the runs"
        } else {
            "P (SPE)"
        },
        (x + 20, y),
        font(12.0, BLACK, HPos::Left, VPos::Center),
    ))?;
    Ok(())
}
