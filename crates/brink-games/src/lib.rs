//! brink's game engine: Gambit's `.efg`/`.nfg` formats, the game model (strategic forms and
//! trees, built from files or in code with [`TreeBuilder`]), the reduced strategic form in
//! Gambit's order, and solvers — pure and mixed Nash equilibria, Lemke–Howson, sequence-form
//! Lemke and LP, logit QRE path following, and subgame-perfect equilibria.
//!
//! - [`model`]: [`ExtensiveGame`], [`StrategicGame`], [`TreeBuilder`];
//! - [`efg`], [`nfg`]: readers and writers with located errors ([`GameFileError`]);
//! - [`solve()`]: every solver behind one call ([`Method`], [`Options`]) returning verified
//!   [`Equilibrium`]s; [`spe()`], [`agent_qre`], [`agent_limit`], [`strategic_qre`] directly;
//! - [`seqform`], [`seqform_sparse`]: sequence-form Lemke, dense (exact or `f64`) and sparse
//!   (revised pivoting on [`sparse_lu`], for large trees); [`lp`]: the constant-sum LPs;
//! - [`output`]: Gambit's `NE,…` lines and brink's JSON (with the equilibrium path);
//! - [`num`]: exact rationals ([`Q`]) and Gambit's number syntax.
//!
//! ```
//! use brink_games::{TreeBuilder, num::q, agent_qre, spe};
//! // A challenger moves; the defender fights (payoff ½) or backs down (0).
//! let mut b = TreeBuilder::new("deterrence", &["Challenger", "Defender"]);
//! let kids = b.decide(b.root(), 0, "challenge?", &["SQ", "Challenge"]).unwrap();
//! b.payoff(kids[0], "status quo", vec![q(0, 1), q(0, 1)]).unwrap();
//! let resp = b.decide(kids[1], 1, "respond", &["BackDown", "Fight"]).unwrap();
//! b.payoff(resp[0], "capitulation", vec![q(1, 2), q(0, 1)]).unwrap();
//! b.payoff(resp[1], "war", vec![q(-1, 1), q(1, 2)]).unwrap();
//! let tree = b.build().unwrap();
//! // Logit agent QRE at λ = 1: [player][information set][action].
//! let qre = agent_qre(&tree, 1.0).unwrap();
//! assert!((qre[1][0][1] - 1.0 / (1.0 + (-0.5f64).exp())).abs() < 1e-9);
//! // Subgame-perfect: the defender would fight, so the challenger keeps the status quo.
//! let s = spe(&tree).unwrap();
//! assert!(s.exact);
//! assert_eq!(s.behavior[0][0], vec![q(1, 1), q(0, 1)]);
//! ```

// Numerical kernels index several parallel arrays at once; index loops read clearer there.
#![allow(clippy::needless_range_loop)]

pub mod bimatrix;
pub mod convert;
pub mod efg;
pub mod error;
mod lex;
mod linalg;
pub mod logit;
pub mod lp;
pub mod model;
pub mod nfg;
pub mod num;
pub mod output;
pub mod profile;
pub mod reduce;
pub mod scalar;
pub mod seqform;
pub mod seqform_sparse;
pub mod solve;
pub mod solvers;
pub mod sparse_lu;
pub mod spe;
pub mod tableau;

pub use efg::{read_efg, write_efg};
pub use error::{BuildError, GameFileError, SolveError};
pub use logit::{agent_limit, agent_qre, strategic_limit, strategic_qre};
pub use model::{
    ExtensiveGame, Infoset, InfosetId, Mover, Node, NodeId, NumberKind, Outcome, OutcomeId,
    StrategicGame, TreeBuilder,
};
pub use nfg::{read_nfg, write_nfg};
pub use num::Q;
pub use reduce::{reduced_strategic_form, ReducedForm};
pub use solve::{solve, Equilibrium, Form, Method, Options};
pub use spe::{spe, SpeProfile};

/// A game read from a file: a tree or a strategic form.
#[derive(Clone, Debug, PartialEq)]
pub enum AnyGame {
    Extensive(ExtensiveGame),
    Strategic(StrategicGame),
}

impl AnyGame {
    pub fn title(&self) -> &str {
        match self {
            AnyGame::Extensive(g) => &g.title,
            AnyGame::Strategic(g) => &g.title,
        }
    }
    pub fn players(&self) -> &[String] {
        match self {
            AnyGame::Extensive(g) => g.players(),
            AnyGame::Strategic(g) => g.players(),
        }
    }
}

/// Parses game text, telling `.efg` from `.nfg` by its first word; `file` names it in errors.
pub fn parse_game(file: &str, text: &str) -> Result<AnyGame, GameFileError> {
    let first = text.split_whitespace().next().unwrap_or("");
    match first {
        "EFG" => read_efg(file, text).map(AnyGame::Extensive),
        "NFG" => read_nfg(file, text).map(AnyGame::Strategic),
        _ => {
            let offset = text.len() - text.trim_start().len();
            Err(GameFileError::new(
                file,
                text,
                offset,
                "expected `EFG 2` or `NFG 1` at the start of a Gambit game file",
            ))
        }
    }
}

/// Reads a game file (`-` for stdin). Bytes that are not UTF-8 are replaced, then reported by
/// the parser like any other bad input; an unreadable file is an error at 1:1.
pub fn load_file(path: &std::path::Path) -> Result<AnyGame, GameFileError> {
    let name = path.display().to_string();
    // Not a regular file (a FIFO with no writer would block, a device may never end): refused
    // before opening.
    if name != "-" && std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(GameFileError {
            file: name,
            line: 1,
            col: 1,
            message: "cannot read: not a regular file (a directory, pipe or device): expected a game file".into(),
        });
    }
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    }
    .map_err(|e| GameFileError {
        file: name.clone(),
        line: 1,
        col: 1,
        message: format!("cannot read the file: {e}"),
    })?;
    let text = String::from_utf8_lossy(&bytes);
    parse_game(&name, &text)
}
