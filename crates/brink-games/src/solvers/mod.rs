//! The solvers, one module per method, each with its own entry point and options; the
//! [`crate::solve()`] dispatcher picks one by [`crate::Method`].

pub mod backward;
pub mod bimatrix;
pub(crate) mod linalg;
pub mod logit;
pub mod lp;
pub mod seqform;
pub mod seqform_sparse;
pub mod sparse_lu;
pub mod spe;
pub mod tableau;
