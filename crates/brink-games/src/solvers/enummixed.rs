//! `enummixed`: every extreme Nash equilibrium of a two-player game, by enumerating the vertices
//! of the two best-response polytopes ([`crate::solvers::bimatrix`]); a tree is solved on its reduced
//! strategic form. Exact (fraction-free integer pivoting) or `f64`.
//!
//! ```
//! use brink_games::{enummixed_solve, num::{q, qi}, AnyGame, EnumMixedOptions, StrategicGame};
//! // Matching pennies: the one equilibrium mixes ½–½.
//! let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
//! let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("pennies", &a, &b));
//! let eqs = enummixed_solve(&game, &EnumMixedOptions { exact: true }).unwrap();
//! assert_eq!(eqs.len(), 1);
//! assert_eq!(eqs[0].exact.as_ref().unwrap()[0], vec![q(1, 2), q(1, 2)]);
//! ```

use crate::equilibrium::Equilibrium;
use crate::error::SolveError;
use crate::solve::Method;
use crate::solvers::bimatrix::{self, verified};
use crate::AnyGame;

/// Options of [`enummixed_solve`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnumMixedOptions {
    /// Exact rational arithmetic (else `f64`).
    pub exact: bool,
}

/// All extreme equilibria of a two-player game (of a tree: of its reduced strategic form).
pub fn enummixed_solve(
    game: &AnyGame,
    opts: &EnumMixedOptions,
) -> Result<Vec<Equilibrium>, SolveError> {
    let strategic = game.strategic_form()?;
    let game = strategic.as_ref();
    bimatrix::enum_mixed(game, opts.exact)?
        .into_iter()
        .map(|e| verified(game, e, Method::EnumMixed))
        .collect()
}
