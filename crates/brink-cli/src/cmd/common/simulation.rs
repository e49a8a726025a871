//! How a simulation report is shown (`brink simulate`, and `brink merge` of its shards): a
//! table per issue with each model's distribution as a one-line bar chart, JSON or CSV.

use super::{json_text, Format};
use crate::output::{decimals_for, fmt_num, issue_heading, Align, Table};
use brink_analysis::SimulationReport;
use std::fmt::Write;

/// The report in `format`, as printed.
pub fn render(report: &SimulationReport, format: Format) -> String {
    match format {
        Format::Json => json_text(report),
        Format::Csv => brink_present::csv::simulation(report),
        Format::Table => crate::output::fit_prose(&table(report)),
    }
}

/// A histogram as a one-line bar chart.
fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0);
    counts
        .iter()
        .map(|&c| {
            if c == 0 || max == 0 {
                ' '
            } else {
                BARS[((c as f64 / max as f64) * 7.0).round() as usize]
            }
        })
        .collect()
}

fn table(r: &SimulationReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} runs, seed {}, {} uncertain input{}{}",
        r.scenario,
        r.runs,
        r.seed,
        r.uncertain_inputs,
        if r.uncertain_inputs == 1 { "" } else { "s" },
        r.jitter
            .map(|j| format!(" (jitter {j} on every number)"))
            .unwrap_or_default()
    );
    for issue in &r.issues {
        let dec = decimals_for(issue.scale);
        let scale = format!(
            "scale {}; distribution drawn over the whole scale",
            crate::output::fmt_scale(issue.scale)
        );
        out.push_str(&issue_heading(&issue.name, &issue.id, &scale));
        let mut t = Table::new(&[
            ("model", Align::Left),
            ("point", Align::Right),
            ("mean", Align::Right),
            ("median", Align::Right),
            ("sd", Align::Right),
            ("90% interval", Align::Right),
            ("distribution", Align::Left),
        ]);
        for m in &issue.models {
            let s = &m.summary;
            t.row(vec![
                if m.failed > 0 {
                    format!("{} ({} failed)", m.model, m.failed)
                } else {
                    m.model.clone()
                },
                fmt_num(m.point, dec),
                fmt_num(s.mean, dec),
                fmt_num(s.median, dec),
                fmt_num(s.sd, dec + 1),
                format!("{} – {}", fmt_num(s.p05, dec), fmt_num(s.p95, dec)),
                format!("|{}|", sparkline(&m.histogram.counts)),
            ]);
        }
        out.push_str(&t.render_within("  ", crate::output::table_width()));
        for m in issue.models.iter().filter(|m| m.first_failure.is_some()) {
            let _ = writeln!(
                out,
                "  note ({}): first failure, {}",
                m.model,
                m.first_failure.as_deref().unwrap_or("")
            );
        }
    }
    if !r.clipped.is_empty() {
        let _ = writeln!(out, "\nDraws clipped into the valid range:");
        for c in &r.clipped {
            let _ = writeln!(
                out,
                "  {} ({}): {:.1}% of draws ({} raised to the minimum, {} lowered to the maximum)",
                c.label,
                c.field,
                100.0 * c.share,
                c.below,
                c.above
            );
        }
    }
    out
}
