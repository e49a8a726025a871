//! `lcp`: equilibria of two-player games by linear complementarity. On a strategic game,
//! Lemke–Howson ([`crate::solvers::bimatrix`]) from every starting label and then from every equilibrium
//! found ("all accessible", as Gambit's `lcp`); on a tree, one equilibrium by Lemke's algorithm
//! on the sequence form ([`crate::solvers::seqform`]: a dense tableau, exact or `f64`, or the sparse
//! revised pivoting of [`crate::solvers::seqform_sparse`] on large trees).
//!
//! ```
//! use brink_games::{lcp_solve, num::qi, AnyGame, LcpOptions, StrategicGame};
//! // Battle of the sexes: two pure equilibria and a mixed one, all reachable.
//! let a = vec![vec![qi(2), qi(0)], vec![qi(0), qi(1)]];
//! let b = vec![vec![qi(1), qi(0)], vec![qi(0), qi(2)]];
//! let game = AnyGame::Strategic(StrategicGame::bimatrix("bos", &a, &b));
//! let eqs = lcp_solve(&game, &LcpOptions { exact: true, stop_after: 0 }).unwrap();
//! assert_eq!(eqs.len(), 3);
//! assert!(eqs.iter().all(|e| e.max_regret == 0.0));
//! let first = lcp_solve(&game, &LcpOptions { exact: false, stop_after: 1 }).unwrap();
//! assert_eq!(first.len(), 1);
//! ```

use crate::equilibrium::{behavior_exact, behavior_f64, Equilibrium};
use crate::error::SolveError;
use crate::solve::Method;
use crate::solvers::bimatrix::{self, verified};
use crate::solvers::seqform;
use crate::AnyGame;

/// Options of [`lcp_solve`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LcpOptions {
    /// Exact rational arithmetic (else `f64`; on trees, the sparse floating-point path for
    /// large ones).
    pub exact: bool,
    /// Strategic games: stop after this many equilibria (0 = all accessible).
    pub stop_after: usize,
}

/// Equilibria of a two-player game by Lemke–Howson (strategic form) or sequence-form Lemke
/// (trees: one equilibrium).
pub fn lcp_solve(game: &AnyGame, opts: &LcpOptions) -> Result<Vec<Equilibrium>, SolveError> {
    let method = Method::Lcp;
    match game {
        AnyGame::Strategic(g) => bimatrix::lemke_howson(g, opts.exact, opts.stop_after)?
            .into_iter()
            .map(|e| verified(g, e, method))
            .collect(),
        AnyGame::Extensive(tree) => {
            check_two_players(tree, method)?;
            match seqform::lemke(tree, opts.exact)? {
                seqform::SeqEq::Exact(b) => Ok(vec![behavior_exact(tree, b, method)?]),
                seqform::SeqEq::Float(b) => Ok(vec![behavior_f64(tree, b, method, true)?]),
            }
        }
    }
}

/// The sequence-form methods (`lcp`, `lp`) need two players.
pub(crate) fn check_two_players(
    tree: &crate::ExtensiveGame,
    method: Method,
) -> Result<(), SolveError> {
    if tree.num_players() != 2 {
        return Err(SolveError::not_applicable(
            method.name(),
            format!("it needs 2 players, the game has {}", tree.num_players()),
        ));
    }
    Ok(())
}
