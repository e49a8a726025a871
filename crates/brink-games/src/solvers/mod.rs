//! Mixed-equilibrium solvers for strategic games with any number of players, one module per
//! method; `crate::solve` dispatches to them.

pub mod enumpoly;
pub mod ipa;
pub mod liap;
pub mod nplayer;
pub mod simpdiv;
