//! brink's presentation of results, for every front-end (the `brink` command, a server): the
//! libraries return typed results, and this crate turns them into what people read.
//!
//! - [`csv`]: the reports of `forecast`, `simulate`, `sensitivity` and `validate` (scores and
//!   per-issue predictions) as CSV, and the one CSV quoting;
//! - [`game`]: games and equilibria as text (payoff grids, trees as indented text, equilibria
//!   as per-player tables);
//! - [`table`]: aligned text tables fitted to a width, prose wrapped to it, and numbers
//!   written to suit their scale (never `-0.0`);
//! - [`tornado_svg`]: the tornado chart of a sensitivity report;
//! - [`odds_svg`]: the crisis odds of two scenarios side by side (`brink compare --plot`).
//!
//! Charts are SVG documents rendered to a string, so that the caller writes them all at once.

pub mod csv;
mod forecast_chart;
pub mod game;
mod odds;
mod plot;
pub mod table;
mod tornado;

pub use forecast_chart::forecast_svg;
pub use odds::odds_svg;
pub use tornado::{tornado_svg, TOP_INPUTS};
