//! The chart of `brink compare --plot OUT.svg`: the crisis odds of the two scenarios as grouped
//! bars (A and B side by side per outcome, with their 90% intervals when there are any). SVG
//! only, rendered to a string so that the caller writes the file all at once.

use brink_crisis::Comparison;
use plotters::prelude::*;

const COLOR_A: RGBColor = RGBColor(70, 110, 170);
const COLOR_B: RGBColor = RGBColor(215, 120, 50);

/// The SVG text of the odds chart. `None` when neither scenario has crisis odds.
pub fn odds_svg(cmp: &Comparison) -> Option<String> {
    if cmp.outcomes.is_empty() {
        return None;
    }
    let n = cmp.outcomes.len();
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (160 * n as u32 + 160, 420)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let lambda = cmp
            .crisis_a
            .as_ref()
            .or(cmp.crisis_b.as_ref())
            .map(|c| c.lambda);
        let title = match lambda {
            Some(l) => format!("Crisis odds, A vs B (logit QRE, λ = {l})"),
            None => "Crisis odds, A vs B".to_string(),
        };
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 15))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..n as f64, 0f64..1f64)
            .ok()?;
        let labels: Vec<String> = cmp.outcomes.iter().map(|o| o.outcome.clone()).collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
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
            .y_label_formatter(&|y| format!("{y:.1}"))
            .draw()
            .ok()?;
        let interval = |c: &Option<brink_crisis::CrisisReport>, name: &str| {
            c.as_ref()
                .and_then(|c| c.intervals.as_ref())
                .and_then(|iv| iv.get(name).copied())
        };
        for (k, o) in cmp.outcomes.iter().enumerate() {
            let x0 = k as f64;
            for (side, value, color, offset, iv) in [
                (
                    "A",
                    o.row.a,
                    COLOR_A,
                    0.12,
                    interval(&cmp.crisis_a, &o.outcome),
                ),
                (
                    "B",
                    o.row.b,
                    COLOR_B,
                    0.50,
                    interval(&cmp.crisis_b, &o.outcome),
                ),
            ] {
                let Some(v) = value else { continue };
                let (l, r) = (x0 + offset, x0 + offset + 0.36);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(l, 0.0), (r, v)],
                        color.filled(),
                    )))
                    .ok()?
                    .label(if k == 0 { side } else { "" });
                if let Some([lo, hi]) = iv {
                    let mid = 0.5 * (l + r);
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(mid, lo), (mid, hi)],
                            BLACK,
                        )))
                        .ok()?;
                }
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{v:.2}"),
                        (l + 0.04, (v + 0.04).min(0.97)),
                        ("sans-serif", 12),
                    )))
                    .ok()?;
            }
        }
        // Legend drawn by hand (series labels above are per bar).
        for (i, (name, color)) in [
            (format!("A: {}", cmp.a.file), COLOR_A),
            (format!("B: {}", cmp.b.file), COLOR_B),
        ]
        .into_iter()
        .enumerate()
        {
            let y = 0.95 - 0.07 * i as f64;
            let x = n as f64 - 0.02;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.08, y - 0.025), (x - 0.02, y + 0.015)],
                    color.filled(),
                )))
                .ok()?;
            chart
                .draw_series(std::iter::once(Text::new(
                    name,
                    (x - 0.1, y + 0.015),
                    ("sans-serif", 11)
                        .into_font()
                        .style(FontStyle::Normal)
                        .color(&BLACK)
                        .pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Right,
                            plotters::style::text_anchor::VPos::Top,
                        )),
                )))
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}
