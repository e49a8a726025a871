//! The solvers: one module per method, each with its own entry point (re-exported at the crate
//! root) and options, and the machinery they share.
//!
//! Methods: [`enumpure`], [`enummixed`], [`lcp`], [`lp`], [`logit`], [`spe`],
//! [`backward`] (backward induction for trees whose beliefs chance alone fixes), and for games
//! with any number of players [`simpdiv`], [`ipa`], [`liap`] and [`enumpoly`] (sharing
//! [`nplayer`]).
//! Machinery: [`bimatrix`] and [`tableau`] (best-response polytopes, vertex enumeration,
//! Lemke–Howson), [`seqform`] (sequence form, dense Lemke), [`seqform_sparse`] and
//! [`sparse_lu`] (sparse revised Lemke for large trees), `linalg` (dense Gaussian elimination).
//! Verification lives outside: every entry point returns [`crate::Equilibrium`]s checked by
//! their regret.

pub mod backward;
pub mod bimatrix;
pub mod enummixed;
pub mod enumpoly;
pub mod enumpure;
pub mod ipa;
pub mod lcp;
pub mod liap;
pub(crate) mod linalg;
pub mod logit;
pub mod lp;
pub mod nplayer;
pub mod seqform;
pub mod seqform_sparse;
pub mod simpdiv;
pub mod sparse_lu;
pub mod spe;
pub mod tableau;
