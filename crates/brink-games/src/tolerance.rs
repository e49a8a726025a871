//! Every numerical tolerance of the solvers, in one place. Exact arithmetic ([`crate::Q`])
//! needs none of them: there a value is zero or it is not (see [`crate::Scalar::EXACT`]).
//!
//! The floating-point solvers keep their own thresholds because they measure different things
//! (a pivot of a scaled tableau, a ratio test, a probability, a regret); each is named here
//! with what it bounds, and the solvers refer to these names only.

/// The regret every reported floating-point equilibrium must meet (relative to the payoffs
/// once they exceed 1,000 in magnitude); also [`crate::Scalar::TOL`] of `f64`.
pub const REGRET: f64 = 1e-9;

/// Pivot and sign tolerance of the simplex (`lp`): its programs are scaled so entries are O(1).
pub const LP_PIVOT: f64 = 1e-11;

/// Pivot and sign tolerance of the dense sequence-form Lemke tableau (`lcp` on trees).
pub const LEMKE_PIVOT: f64 = 1e-10;

/// Pivot tolerance of the floating-point bimatrix dictionaries (`enummixed`, Lemke–Howson).
pub const TABLEAU_PIVOT: f64 = 1e-9;

/// Smallest pivot the sparse sequence-form Lemke accepts.
pub const SPARSE_PIVOT: f64 = 1e-9;

/// Ratio-test tie tolerance of the sparse sequence-form Lemke.
pub const SPARSE_RATIO: f64 = 1e-12;

/// A pivot of the sparse LU factorisation below this (relative) is singular.
pub const SPARSE_SINGULAR: f64 = 1e-11;

/// A pivot of the dense Gaussian elimination below this times the column's scale is singular.
pub const DENSE_SINGULAR: f64 = 1e-14;

/// A probability (or realization weight) above this is "played" when reading a solution:
/// the equilibrium path, supports of LP and Lemke plans.
pub const POSITIVE_PROB: f64 = 1e-12;

/// Logit path following: Newton's corrector has converged when its residual is below this.
pub const LOGIT_CORRECTOR: f64 = 1e-11;

/// Logit path following: a step shorter than this has stalled; two points on the branch closer
/// than this (max-norm) are the same.
pub const LOGIT_STEP: f64 = 1e-9;

/// Logit: an action with probability at most this is off the support when polishing the limit.
pub const LOGIT_SUPPORT: f64 = 1e-7;

/// Logit: the end of the branch is near a Nash equilibrium once its regret is below this
/// (relative to the payoffs' scale).
pub const LOGIT_NEAR_NASH: f64 = 1e-6;

/// Backward induction (SPE by [`crate::backward_induction`]): actions whose values differ by at
/// most this (relative to the payoffs' range, at least 1) are tied and mixed equally.
pub const BACKWARD_TIE: f64 = 1e-9;

/// Logit: an information set counts as reached when its nodes' total reach exceeds this.
pub const LOGIT_REACHED: f64 = 1e-9;

/// Logit: the step of the central differences that check the Jacobian's derivatives.
pub const LOGIT_DIFF_STEP: f64 = 1e-6;

/// Logit, polishing the limit: the step of its central differences, the residual at which
/// Newton stops, and the ridge added to J Jᵀ so the minimum-norm step exists.
pub const POLISH_DIFF_STEP: f64 = 1e-7;
pub const POLISH_RESIDUAL: f64 = 1e-14;
pub const POLISH_RIDGE: f64 = 1e-13;

/// Logit λ estimation: the golden-section search stops when its bracket is this narrow
/// (relative to 1 + λ).
pub const LAMBDA_BRACKET: f64 = 1e-6;

/// Sparse sequence-form Lemke: the right-hand side perturbation of the last restarts
/// (against degeneracy).
pub const SPARSE_PERTURBATION: f64 = 1e-7;

/// Two floating-point equilibria closer than this (max-norm) are the same one.
pub const SAME_POINT: f64 = 1e-9;
