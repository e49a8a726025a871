//! The game model: strategic games with N players and game trees with chance, information sets
//! and outcomes on any node, payoffs exact (rationals); plus [`TreeBuilder`], the way code (and
//! the `.efg` reader) constructs a tree.

use crate::error::BuildError;
use crate::num::{to_f64, Q};
use num_traits::{Signed, Zero};

/// Defines a typed index: a newtype over `usize` that says what it indexes.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Copy, ordered and hashable; prints (and serializes) as the bare index.
        #[derive(
            Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(usize);

        impl $name {
            /// The id of the element at this position. An id is only meaningful for the game
            /// it came from; a position out of range makes the game's accessors panic, as a
            /// slice index would.
            pub const fn new(index: usize) -> Self {
                $name(index)
            }
            /// The position in the game's list.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0
            }
        }
    };
}

id_type!(
    /// A node of an [`ExtensiveGame`]: its position in [`ExtensiveGame::nodes`] (prefix, i.e.
    /// file, order; the root, [`NodeId::ROOT`], is 0).
    NodeId
);
id_type!(
    /// An information set of an [`ExtensiveGame`]: its position in
    /// [`ExtensiveGame::infosets`] (order of first appearance, chance's included).
    InfosetId
);
id_type!(
    /// An outcome of an [`ExtensiveGame`]: its position in [`ExtensiveGame::outcomes`].
    OutcomeId
);

impl NodeId {
    /// The root of every tree.
    pub const ROOT: NodeId = NodeId(0);
}

/// Whether a file's numbers are meant as rationals (`R`) or decimals (`D`). brink keeps every
/// number exact either way; this only decides how numbers are written back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NumberKind {
    #[default]
    Rational,
    Decimal,
}

/// Who moves at an information set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mover {
    Chance,
    /// A player, 0-based (player 1 of a file is `Player(0)`).
    Player(usize),
}

/// A payoff vector with a label; may sit on any node, and outcomes add up along a path.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub label: String,
    pub payoffs: Vec<Q>,
}

/// An information set: who moves, its label, its actions (with probabilities at chance) and the
/// nodes in it (in prefix order).
#[derive(Clone, Debug, PartialEq)]
pub struct Infoset {
    pub mover: Mover,
    pub label: String,
    pub actions: Vec<String>,
    /// Chance probabilities, one per action; empty for players.
    pub probs: Vec<Q>,
    pub members: Vec<NodeId>,
}

/// A node: terminal when `infoset` is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: String,
    pub infoset: Option<InfosetId>,
    pub children: Vec<NodeId>,
    /// The parent and the index of the action that leads here.
    pub parent: Option<(NodeId, usize)>,
    pub outcome: Option<OutcomeId>,
}

/// A game tree. Nodes are in prefix order (node 0 is the root), information sets in order of
/// first appearance in that order — the orders Gambit uses for files and for behaviour profiles.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtensiveGame {
    pub title: String,
    pub comment: String,
    pub numbers: NumberKind,
    players: Vec<String>,
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    outcomes: Vec<Outcome>,
    player_infosets: Vec<Vec<InfosetId>>,
}

impl ExtensiveGame {
    pub fn players(&self) -> &[String] {
        &self.players
    }
    pub fn num_players(&self) -> usize {
        self.players.len()
    }
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }
    /// The root node ([`NodeId::ROOT`]).
    pub fn root(&self) -> NodeId {
        NodeId::ROOT
    }
    /// Every node's id, in prefix order.
    pub fn node_ids(&self) -> impl DoubleEndedIterator<Item = NodeId> + ExactSizeIterator + Clone {
        (0..self.nodes.len()).map(NodeId)
    }
    /// Every information set's id (chance's included), in order of first appearance.
    pub fn infoset_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = InfosetId> + ExactSizeIterator + Clone {
        (0..self.infosets.len()).map(InfosetId)
    }
    /// Every outcome's id.
    pub fn outcome_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = OutcomeId> + ExactSizeIterator + Clone {
        (0..self.outcomes.len()).map(OutcomeId)
    }
    pub fn infosets(&self) -> &[Infoset] {
        &self.infosets
    }
    pub fn infoset(&self, id: InfosetId) -> &Infoset {
        &self.infosets[id.0]
    }
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }
    pub fn outcome(&self, id: OutcomeId) -> &Outcome {
        &self.outcomes[id.0]
    }
    /// A player's information sets (0-based player) in order of first appearance.
    pub fn player_infosets(&self, player: usize) -> &[InfosetId] {
        &self.player_infosets[player]
    }
    /// Information sets of the chance player, in order of first appearance.
    pub fn chance_infosets(&self) -> Vec<InfosetId> {
        self.infoset_ids()
            .filter(|&i| self.infoset(i).mover == Mover::Chance)
            .collect()
    }
    pub fn is_terminal(&self, node: NodeId) -> bool {
        self.node(node).infoset.is_none()
    }
    /// Who moves at a node (`None` at terminals).
    pub fn mover(&self, node: NodeId) -> Option<Mover> {
        self.node(node).infoset.map(|i| self.infoset(i).mover)
    }
    /// The payoffs of the node's own outcome (zeros if it has none).
    pub fn node_payoffs(&self, node: NodeId) -> Vec<Q> {
        match self.node(node).outcome {
            Some(o) => self.outcome(o).payoffs.clone(),
            None => vec![Q::zero(); self.players.len()],
        }
    }
    /// Number of nodes in the subtree rooted at `node` (prefix order makes it a contiguous range).
    pub fn subtree_size(&self, node: NodeId) -> usize {
        let mut size = 1;
        let mut stack = self.node(node).children.clone();
        while let Some(n) = stack.pop() {
            size += 1;
            stack.extend_from_slice(&self.node(n).children);
        }
        size
    }
    /// True when every information set is a single node (chance aside).
    pub fn is_perfect_information(&self) -> bool {
        self.infosets
            .iter()
            .all(|i| i.mover == Mover::Chance || i.members.len() == 1)
    }
    /// (player, index within the player's list) of a player's information set.
    pub fn infoset_position(&self, infoset: InfosetId) -> Option<(usize, usize)> {
        match self.infoset(infoset).mover {
            Mover::Chance => None,
            Mover::Player(p) => self.player_infosets[p]
                .iter()
                .position(|&i| i == infoset)
                .map(|k| (p, k)),
        }
    }
    /// Payoffs as floats, per outcome (cached by callers that need speed).
    pub fn outcome_payoffs_f64(&self) -> Vec<Vec<f64>> {
        self.outcomes
            .iter()
            .map(|o| o.payoffs.iter().map(to_f64).collect())
            .collect()
    }
    /// Total number of actions of each player's information sets (the behaviour profile's shape).
    pub fn behavior_shape(&self) -> Vec<Vec<usize>> {
        self.player_infosets
            .iter()
            .map(|sets| {
                sets.iter()
                    .map(|&i| self.infoset(i).actions.len())
                    .collect()
            })
            .collect()
    }
}

/// Builds a game tree step by step: every node starts as a leaf; `decide`/`play`/`chance` give
/// it a move (and children, one per action), `payoff`/`set_outcome` attach outcomes. `build`
/// validates and puts nodes in prefix order.
///
/// ```
/// use brink_games::{TreeBuilder, num::q};
/// let mut b = TreeBuilder::new("deterrence", &["Challenger", "Defender"]);
/// let root = b.root();
/// let [sq, ch] = b.decide(root, 0, "P1", &["SQ", "Challenge"]).unwrap()[..] else { panic!() };
/// b.payoff(sq, "StatusQuo", vec![q(0, 1), q(0, 1)]).unwrap();
/// let kids = b.decide(ch, 1, "P2", &["BackDown", "Fight"]).unwrap();
/// b.payoff(kids[0], "Capitulation", vec![q(1, 2), q(0, 1)]).unwrap();
/// b.payoff(kids[1], "War", vec![q(-1, 1), q(1, 2)]).unwrap();
/// let game = b.build().unwrap();
/// assert_eq!(game.nodes().len(), 5);
/// ```
#[derive(Clone, Debug)]
pub struct TreeBuilder {
    title: String,
    comment: String,
    numbers: NumberKind,
    players: Vec<String>,
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    outcomes: Vec<Outcome>,
}

impl TreeBuilder {
    /// A tree with the given players (at least one) and a single root leaf.
    pub fn new(title: &str, players: &[&str]) -> Self {
        TreeBuilder {
            title: title.to_string(),
            comment: String::new(),
            numbers: NumberKind::Rational,
            players: players.iter().map(|p| p.to_string()).collect(),
            nodes: vec![Node {
                name: String::new(),
                infoset: None,
                children: vec![],
                parent: None,
                outcome: None,
            }],
            infosets: vec![],
            outcomes: vec![],
        }
    }
    pub fn set_comment(&mut self, comment: &str) {
        self.comment = comment.to_string();
    }
    pub fn set_numbers(&mut self, numbers: NumberKind) {
        self.numbers = numbers;
    }
    pub fn root(&self) -> NodeId {
        NodeId::ROOT
    }
    pub fn num_players(&self) -> usize {
        self.players.len()
    }
    pub fn infoset(&self, id: InfosetId) -> Option<&Infoset> {
        self.infosets.get(id.0)
    }
    pub fn outcome(&self, id: OutcomeId) -> Option<&Outcome> {
        self.outcomes.get(id.0)
    }
    /// Names a node (Gambit files carry a name per node; usually empty).
    pub fn name_node(&mut self, node: NodeId, name: &str) -> Result<(), BuildError> {
        self.check_node(node)?;
        self.nodes[node.0].name = name.to_string();
        Ok(())
    }

    /// A new information set of `player` (0-based) with these actions, not yet holding a node.
    pub fn new_infoset(
        &mut self,
        player: usize,
        label: &str,
        actions: &[&str],
    ) -> Result<InfosetId, BuildError> {
        if player >= self.players.len() {
            return Err(BuildError::PlayerOutOfRange {
                player: player + 1,
                players: self.players.len(),
            });
        }
        if actions.is_empty() {
            return Err(BuildError::NoActions {
                label: label.to_string(),
            });
        }
        self.infosets.push(Infoset {
            mover: Mover::Player(player),
            label: label.to_string(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            probs: vec![],
            members: vec![],
        });
        Ok(InfosetId(self.infosets.len() - 1))
    }

    /// A new chance information set; probabilities must be ≥ 0 and sum to exactly 1.
    pub fn new_chance_infoset(
        &mut self,
        label: &str,
        actions: &[(&str, Q)],
    ) -> Result<InfosetId, BuildError> {
        if actions.is_empty() {
            return Err(BuildError::NoActions {
                label: label.to_string(),
            });
        }
        let mut sum = Q::zero();
        for (_, p) in actions {
            if p.is_negative() {
                return Err(BuildError::NegativeProbability {
                    label: label.to_string(),
                    prob: crate::num::fmt_rational(p),
                });
            }
            sum += p;
        }
        if sum != Q::from_integer(1.into()) {
            return Err(BuildError::ChanceSum {
                label: label.to_string(),
                sum: crate::num::fmt_rational(&sum),
            });
        }
        self.infosets.push(Infoset {
            mover: Mover::Chance,
            label: label.to_string(),
            actions: actions.iter().map(|(a, _)| a.to_string()).collect(),
            probs: actions.iter().map(|(_, p)| p.clone()).collect(),
            members: vec![],
        });
        Ok(InfosetId(self.infosets.len() - 1))
    }

    /// Puts leaf `node` into information set `infoset`; returns its new children, one per action.
    pub fn play(&mut self, node: NodeId, infoset: InfosetId) -> Result<Vec<NodeId>, BuildError> {
        self.check_node(node)?;
        if infoset.0 >= self.infosets.len() {
            return Err(BuildError::NoSuchInfoset { infoset: infoset.0 });
        }
        if self.nodes[node.0].infoset.is_some() {
            return Err(BuildError::NodeNotLeaf { node: node.0 });
        }
        self.nodes[node.0].infoset = Some(infoset);
        self.infosets[infoset.0].members.push(node);
        let n = self.infosets[infoset.0].actions.len();
        let first = self.nodes.len();
        for a in 0..n {
            self.nodes.push(Node {
                name: String::new(),
                infoset: None,
                children: vec![],
                parent: Some((node, a)),
                outcome: None,
            });
        }
        let kids: Vec<NodeId> = (first..first + n).map(NodeId).collect();
        self.nodes[node.0].children = kids.clone();
        Ok(kids)
    }

    /// A decision of `player` (0-based) at `node`, alone in a new information set.
    pub fn decide(
        &mut self,
        node: NodeId,
        player: usize,
        label: &str,
        actions: &[&str],
    ) -> Result<Vec<NodeId>, BuildError> {
        self.check_node(node)?;
        let i = self.new_infoset(player, label, actions)?;
        self.play(node, i)
    }

    /// A chance move at `node` with its own information set.
    pub fn chance(
        &mut self,
        node: NodeId,
        label: &str,
        actions: &[(&str, Q)],
    ) -> Result<Vec<NodeId>, BuildError> {
        self.check_node(node)?;
        let i = self.new_chance_infoset(label, actions)?;
        self.play(node, i)
    }

    /// A new outcome (one payoff per player).
    pub fn new_outcome(&mut self, label: &str, payoffs: Vec<Q>) -> Result<OutcomeId, BuildError> {
        if payoffs.len() != self.players.len() {
            return Err(BuildError::PayoffCount {
                label: label.to_string(),
                expected: self.players.len(),
                found: payoffs.len(),
            });
        }
        self.outcomes.push(Outcome {
            label: label.to_string(),
            payoffs,
        });
        Ok(OutcomeId(self.outcomes.len() - 1))
    }

    /// Attaches an existing outcome to a node (any node: outcomes add up along the path).
    pub fn set_outcome(&mut self, node: NodeId, outcome: OutcomeId) -> Result<(), BuildError> {
        self.check_node(node)?;
        if outcome.0 >= self.outcomes.len() {
            return Err(BuildError::NoSuchNode { node: outcome.0 });
        }
        self.nodes[node.0].outcome = Some(outcome);
        Ok(())
    }

    /// A new outcome attached to `node`.
    pub fn payoff(
        &mut self,
        node: NodeId,
        label: &str,
        payoffs: Vec<Q>,
    ) -> Result<OutcomeId, BuildError> {
        self.check_node(node)?;
        let o = self.new_outcome(label, payoffs)?;
        self.nodes[node.0].outcome = Some(o);
        Ok(o)
    }

    fn check_node(&self, node: NodeId) -> Result<(), BuildError> {
        if node.0 < self.nodes.len() {
            Ok(())
        } else {
            Err(BuildError::NoSuchNode { node: node.0 })
        }
    }

    /// Validates and returns the game, nodes renumbered in prefix order, information sets and
    /// outcomes in order of first appearance (unused ones dropped).
    pub fn build(self) -> Result<ExtensiveGame, BuildError> {
        if self.players.is_empty() {
            return Err(BuildError::NoPlayers);
        }
        // Prefix order.
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![0usize];
        while let Some(n) = stack.pop() {
            order.push(n);
            for &c in self.nodes[n].children.iter().rev() {
                stack.push(c.0);
            }
        }
        let mut new_id = vec![usize::MAX; self.nodes.len()];
        for (i, &n) in order.iter().enumerate() {
            new_id[n] = i;
        }
        let mut infoset_map = vec![usize::MAX; self.infosets.len()];
        let mut outcome_map = vec![usize::MAX; self.outcomes.len()];
        let mut infosets: Vec<Infoset> = vec![];
        let mut outcomes: Vec<Outcome> = vec![];
        let mut nodes: Vec<Node> = Vec::with_capacity(order.len());
        for &old in &order {
            let n = &self.nodes[old];
            let infoset = n.infoset.map(|InfosetId(i)| {
                if infoset_map[i] == usize::MAX {
                    infoset_map[i] = infosets.len();
                    let mut set = self.infosets[i].clone();
                    set.members.clear();
                    infosets.push(set);
                }
                InfosetId(infoset_map[i])
            });
            if let Some(i) = infoset {
                infosets[i.0].members.push(NodeId(nodes.len()));
            }
            let outcome = n.outcome.map(|OutcomeId(o)| {
                if outcome_map[o] == usize::MAX {
                    outcome_map[o] = outcomes.len();
                    outcomes.push(self.outcomes[o].clone());
                }
                OutcomeId(outcome_map[o])
            });
            nodes.push(Node {
                name: n.name.clone(),
                infoset,
                children: n.children.iter().map(|&c| NodeId(new_id[c.0])).collect(),
                parent: n.parent.map(|(p, a)| (NodeId(new_id[p.0]), a)),
                outcome,
            });
        }
        // No information set may hold a node and one of its descendants. One walk in prefix
        // order, counting how often each information set occurs on the current path (O(nodes),
        // not O(nodes × depth): a 100,000-deep chain is a legal input).
        let mut on_path = vec![0usize; infosets.len()];
        let mut path: Vec<NodeId> = Vec::new();
        for (id, node) in nodes.iter().enumerate() {
            let parent = node.parent.map(|(p, _)| p);
            while path.last().is_some_and(|&top| Some(top) != parent) {
                let top = path.pop().expect("non-empty");
                if let Some(i) = nodes[top.0].infoset {
                    on_path[i.0] -= 1;
                }
            }
            if let Some(i) = node.infoset {
                if on_path[i.0] > 0 {
                    return Err(BuildError::InfosetOnOnePath {
                        label: infosets[i.0].label.clone(),
                        node: order[id],
                    });
                }
                on_path[i.0] += 1;
            }
            path.push(NodeId(id));
        }
        let mut player_infosets = vec![vec![]; self.players.len()];
        for (i, set) in infosets.iter().enumerate() {
            if let Mover::Player(p) = set.mover {
                player_infosets[p].push(InfosetId(i));
            }
        }
        Ok(ExtensiveGame {
            title: self.title,
            comment: self.comment,
            numbers: self.numbers,
            players: self.players,
            nodes,
            infosets,
            outcomes,
            player_infosets,
        })
    }
}

/// A strategic-form game with N players. Payoffs are stored profile by profile, player 1's
/// strategy changing fastest (Gambit's order), one payoff per player.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategicGame {
    pub title: String,
    pub comment: String,
    pub numbers: NumberKind,
    players: Vec<String>,
    strategies: Vec<Vec<String>>,
    payoffs: Vec<Q>,
    /// When read from the outcome version of `.nfg`: the outcomes and each profile's outcome
    /// (0 = none), kept so the file is written back the same way.
    pub outcome_table: Option<OutcomeTable>,
}

/// The outcome version of an `.nfg` file's data.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeTable {
    pub outcomes: Vec<Outcome>,
    /// Per profile, 1-based outcome index or 0 for none.
    pub profile_outcome: Vec<usize>,
}

/// The most payoff entries (players × strategy profiles) a strategic game may have: 10⁷ exact
/// numbers already take about a gigabyte. Readers refuse larger games before building anything.
pub const MAX_PAYOFF_ENTRIES: usize = 10_000_000;

impl StrategicGame {
    /// A game from its strategy labels and payoffs (profile-major, player 1 fastest; `payoffs[k]`
    /// is the vector of profile `k`).
    pub fn new(
        title: &str,
        players: Vec<String>,
        strategies: Vec<Vec<String>>,
        payoffs: Vec<Vec<Q>>,
    ) -> Result<Self, BuildError> {
        if players.is_empty() {
            return Err(BuildError::NoPlayers);
        }
        let n = players.len();
        // Checked: a product that overflows cannot match the payoffs given.
        let count = strategies
            .iter()
            .try_fold(1usize, |acc, s| acc.checked_mul(s.len()));
        let expected = count.and_then(|c| c.checked_mul(n));
        let (Some(count), Some(expected)) = (count, expected) else {
            return Err(BuildError::PayoffCount {
                label: "payoff table".into(),
                expected: usize::MAX,
                found: payoffs.iter().map(Vec::len).sum(),
            });
        };
        if strategies.len() != n || payoffs.len() != count {
            return Err(BuildError::PayoffCount {
                label: "payoff table".into(),
                expected,
                found: payoffs.iter().map(Vec::len).sum(),
            });
        }
        let mut flat = Vec::with_capacity(expected);
        for (k, v) in payoffs.into_iter().enumerate() {
            if v.len() != n {
                return Err(BuildError::PayoffCount {
                    label: format!("profile {}", k + 1),
                    expected: n,
                    found: v.len(),
                });
            }
            flat.extend(v);
        }
        Ok(StrategicGame {
            title: title.to_string(),
            comment: String::new(),
            numbers: NumberKind::Rational,
            players,
            strategies,
            payoffs: flat,
            outcome_table: None,
        })
    }

    /// A two-player game from payoff matrices `a[i][j]`, `b[i][j]` (row player 1).
    pub fn bimatrix(title: &str, a: &[Vec<Q>], b: &[Vec<Q>]) -> Self {
        let m = a.len();
        let n = a.first().map_or(0, Vec::len);
        let mut payoffs = Vec::with_capacity(m * n);
        for j in 0..n {
            for i in 0..m {
                payoffs.push(vec![a[i][j].clone(), b[i][j].clone()]);
            }
        }
        let labels = |k: usize| (1..=k).map(|s| s.to_string()).collect::<Vec<_>>();
        StrategicGame::new(
            title,
            vec!["Player 1".into(), "Player 2".into()],
            vec![labels(m), labels(n)],
            payoffs,
        )
        .expect("bimatrix shapes are consistent")
    }

    pub fn players(&self) -> &[String] {
        &self.players
    }
    pub fn num_players(&self) -> usize {
        self.players.len()
    }
    pub fn strategies(&self) -> &[Vec<String>] {
        &self.strategies
    }
    pub fn num_strategies(&self) -> Vec<usize> {
        self.strategies.iter().map(Vec::len).collect()
    }
    pub fn num_profiles(&self) -> usize {
        self.strategies.iter().map(Vec::len).product()
    }
    /// The index of a pure profile (one strategy index per player).
    pub fn profile_index(&self, profile: &[usize]) -> usize {
        let mut idx = 0;
        let mut stride = 1;
        for (p, &s) in profile.iter().enumerate() {
            idx += s * stride;
            stride *= self.strategies[p].len();
        }
        idx
    }
    /// The pure profile with a given index.
    pub fn profile_of(&self, mut index: usize) -> Vec<usize> {
        self.strategies
            .iter()
            .map(|s| {
                let k = index % s.len();
                index /= s.len();
                k
            })
            .collect()
    }
    /// Payoff to `player` at profile index `k`.
    pub fn payoff(&self, k: usize, player: usize) -> &Q {
        &self.payoffs[k * self.players.len() + player]
    }
    /// All payoffs, profile-major.
    pub fn payoff_table(&self) -> &[Q] {
        &self.payoffs
    }
    /// All payoffs as floats, profile-major.
    pub fn payoff_table_f64(&self) -> Vec<f64> {
        self.payoffs.iter().map(to_f64).collect()
    }
    /// The payoff matrix of `player` in a two-player game, rows = player 1's strategies.
    pub fn matrix(&self, player: usize) -> Vec<Vec<Q>> {
        let (m, n) = (self.strategies[0].len(), self.strategies[1].len());
        (0..m)
            .map(|i| {
                (0..n)
                    .map(|j| self.payoff(self.profile_index(&[i, j]), player).clone())
                    .collect()
            })
            .collect()
    }
}
