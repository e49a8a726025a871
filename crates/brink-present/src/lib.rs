//! brink's presentation of results, for every front-end (the `brink` command, a server): the
//! libraries return typed results, and this crate turns them into what people read.
//!
//! - [`csv`]: the reports of `forecast`, `simulate`, `sensitivity` and `validate` (scores and
//!   per-issue predictions) as CSV, and the one CSV quoting;
//! - [`game`]: games and equilibria as text (payoff grids, trees as indented text, equilibria
//!   as per-player tables);
//! - [`table`]: aligned text tables fitted to a width, prose wrapped to it, and numbers
//!   written to suit their scale (never `-0.0`);
//! - [`tornado_svg`]: the tornado chart of a sensitivity report (`brink sensitivity --plot`);
//! - [`forecast_svg`]: each issue's forecasts with intervals on its labelled scale and the
//!   actors' positions round by round (`brink forecast --plot`);
//! - [`simulation_svg`]: the Monte Carlo histograms (`brink simulate --plot`);
//! - [`crisis_svg`]: the crisis odds with their intervals (`brink crisis --plot`);
//! - [`compare_svg`]: two scenarios' crisis odds side by side and their forecasts' differences
//!   (`brink compare --plot`; [`odds_svg`] is the same chart, `None` without crisis odds);
//! - [`tree_svg`]: a game tree (`brink game info --plot`);
//! - `plot` (private): what the charts share (palette, text wrapped to a width, scale labels).
//!
//! Charts are SVG documents rendered to a string, so that the caller writes them all at once.

mod crisis_chart;
pub mod csv;
mod forecast_chart;
pub mod game;
mod odds;
mod plot;
mod simulate_chart;
pub mod table;
mod tornado;
mod tree_chart;

pub use crisis_chart::crisis_svg;
pub use simulate_chart::simulation_svg;
pub use tree_chart::{tree_svg, MAX_TREE_NODES};

pub use forecast_chart::forecast_svg;
pub use odds::{compare_svg, odds_svg, side_names};
pub use tornado::{tornado_svg, TOP_INPUTS};
