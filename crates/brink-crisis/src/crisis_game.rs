//! A crisis game as the rest of brink sees it: a game tree of the game engine plus what the
//! analysis needs to read it — each player's role, the outcome class of every terminal (deal,
//! war, …) and the nodes where talks have failed (whose values become disagreement points).
//! Also [`Sketch`], the small path-tracking wrapper the game builders use.

use brink_games::{BuildError, ExtensiveGame, NodeId, TreeBuilder, Q};

/// A built crisis game.
#[derive(Clone, Debug)]
pub struct CrisisGame {
    pub game: ExtensiveGame,
    /// The role of each player, in player order (e.g. `patron`, `ally`, `target`, `transit`).
    pub roles: Vec<String>,
    /// The outcome classes of this game, in report order (e.g. deal, standoff, strike, war).
    pub classes: Vec<&'static str>,
    /// Per node: the index in `classes` of a terminal's outcome class (`None` off the leaves).
    pub terminal_class: Vec<Option<usize>>,
    /// The nodes where talks have failed: each side's expected payoff there, weighted by how
    /// likely each is to be reached, is its payoff "should talks fail".
    pub failure_nodes: Vec<NodeId>,
}

/// A node's address in a tree under construction: the action indices from the root.
pub type Path = Vec<usize>;

/// A [`TreeBuilder`] that remembers each node's path, so that nodes can be found again after
/// `build` renumbers them, plus the classes and failure nodes being declared.
pub(crate) struct Sketch {
    pub b: TreeBuilder,
    paths: Vec<Path>,
    classes: Vec<&'static str>,
    terminal_class: Vec<(Path, usize)>,
    failure: Vec<Path>,
}

impl Sketch {
    pub fn new(title: &str, players: &[&str], classes: &[&'static str]) -> Self {
        EXACT.with(|m| m.borrow_mut().clear());
        Sketch {
            b: TreeBuilder::new(title, players),
            paths: vec![vec![]],
            classes: classes.to_vec(),
            terminal_class: vec![],
            failure: vec![],
        }
    }

    fn track(&mut self, node: NodeId, kids: &[NodeId]) {
        for (a, &k) in kids.iter().enumerate() {
            if self.paths.len() <= k.index() {
                self.paths.resize(k.index() + 1, vec![]);
            }
            let mut p = self.paths[node.index()].clone();
            p.push(a);
            self.paths[k.index()] = p;
        }
    }

    /// A decision of `player` at `node`, alone in its information set.
    pub fn decide(
        &mut self,
        node: NodeId,
        player: usize,
        label: &str,
        actions: &[&str],
    ) -> Result<Vec<NodeId>, BuildError> {
        let kids = self.b.decide(node, player, label, actions)?;
        self.track(node, &kids);
        Ok(kids)
    }

    /// `node` joins an existing information set.
    pub fn play(
        &mut self,
        node: NodeId,
        infoset: brink_games::InfosetId,
    ) -> Result<Vec<NodeId>, BuildError> {
        let kids = self.b.play(node, infoset)?;
        self.track(node, &kids);
        Ok(kids)
    }

    pub fn chance(
        &mut self,
        node: NodeId,
        label: &str,
        actions: &[(&str, Q)],
    ) -> Result<Vec<NodeId>, BuildError> {
        let kids = self.b.chance(node, label, actions)?;
        self.track(node, &kids);
        Ok(kids)
    }

    /// A terminal with a new outcome; the node gets the outcome's label as its name when
    /// `named` (the reference files name some terminals, not others).
    pub fn terminal(
        &mut self,
        node: NodeId,
        label: &str,
        payoffs: Vec<Q>,
        class: &str,
        named: bool,
    ) -> Result<brink_games::OutcomeId, BuildError> {
        let o = self.b.payoff(node, label, payoffs)?;
        if named {
            self.b.name_node(node, label)?;
        }
        self.classify(node, class);
        Ok(o)
    }

    /// A terminal reusing an outcome already made.
    pub fn reuse(
        &mut self,
        node: NodeId,
        outcome: brink_games::OutcomeId,
        name: &str,
        class: &str,
    ) -> Result<(), BuildError> {
        self.b.set_outcome(node, outcome)?;
        self.b.name_node(node, name)?;
        self.classify(node, class);
        Ok(())
    }

    fn classify(&mut self, node: NodeId, class: &str) {
        let c = self
            .classes
            .iter()
            .position(|k| *k == class)
            .expect("builders classify into their own classes");
        self.terminal_class
            .push((self.paths[node.index()].clone(), c));
    }

    /// Marks `node` as one where talks have failed.
    pub fn failure(&mut self, node: NodeId) {
        self.failure.push(self.paths[node.index()].clone());
    }

    pub fn finish(self, roles: &[&str]) -> Result<CrisisGame, BuildError> {
        let game = self.b.build()?;
        let find = |path: &Path| {
            let mut n = NodeId::ROOT;
            for &a in path {
                n = game.node(n).children[a];
            }
            n
        };
        let mut terminal_class = vec![None; game.nodes().len()];
        for (path, c) in &self.terminal_class {
            terminal_class[find(path).index()] = Some(*c);
        }
        let failure_nodes = self.failure.iter().map(find).collect();
        Ok(CrisisGame {
            roles: roles.iter().map(|r| r.to_string()).collect(),
            classes: self.classes,
            terminal_class,
            failure_nodes,
            game,
        })
    }
}

thread_local! {
    /// Conversions made while building one tree (a parameter recurs at every leaf).
    static EXACT: std::cell::RefCell<std::collections::HashMap<u64, Q>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// An `f64` parameter as the exact rational its decimal text denotes (0.3 → 3/10), so that
/// payoffs built from sums (−0.2 + 0.3) are exactly those of the reference files. Memoised per
/// thread; [`Sketch::new`] clears the memo so that it never outgrows one tree.
pub(crate) fn exact(x: f64) -> Q {
    EXACT.with(|m| {
        m.borrow_mut()
            .entry(x.to_bits())
            .or_insert_with(|| {
                brink_games::num::q_from_f64(x).unwrap_or_else(|| brink_games::num::qi(0))
            })
            .clone()
    })
}
