//! The two typed profiles every solver hands back: [`MixedProfile`] (per player, a probability
//! vector over its strategies, shaped by a [`StrategicGame`] or a tree's [`ReducedForm`]) and
//! [`BehaviorProfile`] (per player, information set and action, shaped by an
//! [`ExtensiveGame`]). Both check their shape against their game when built, index by
//! position, iterate per player in Gambit's order, serialize as per-player lists (brink's JSON
//! `profile`), and evaluate themselves through [`crate::profile`]'s payoff and regret
//! functions.

use crate::error::SolveError;
use crate::model::{ExtensiveGame, InfosetId, Mover, StrategicGame};
use crate::reduce::ReducedForm;
use crate::scalar::Scalar;
use std::ops::{Index, IndexMut};

/// A mixed-strategy profile: per player, a probability vector over its strategies (Gambit's
/// strategy order). Index by `(player, strategy)`; `profile[p]` is player `p`'s vector.
///
/// ```
/// use brink_games::{num::qi, MixedProfile, StrategicGame};
/// // Matching pennies.
/// let a = vec![vec![qi(1), qi(-1)], vec![qi(-1), qi(1)]];
/// let b = vec![vec![qi(-1), qi(1)], vec![qi(1), qi(-1)]];
/// let game = StrategicGame::bimatrix("pennies", &a, &b);
/// let half: MixedProfile<f64> = MixedProfile::uniform(&game);
/// assert_eq!(half[(0, 1)], 0.5);
/// assert_eq!(half.payoffs(&game), vec![0.0, 0.0]);
/// assert_eq!(half.regret(&game), 0.0);
/// let pure = MixedProfile::new(&game, vec![vec![1.0, 0.0], vec![1.0, 0.0]]).unwrap();
/// assert_eq!(pure.regret(&game), 2.0);
/// ```
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct MixedProfile<T> {
    probs: Vec<Vec<T>>,
}

impl<T> MixedProfile<T> {
    /// A profile of `game` (one vector per player, one entry per strategy); refused when the
    /// shape differs. Probabilities are taken as given (solvers return distributions).
    pub fn new(game: &StrategicGame, probs: Vec<Vec<T>>) -> Result<Self, SolveError> {
        let counts = game.num_strategies();
        let shape: Vec<usize> = probs.iter().map(Vec::len).collect();
        if shape != counts {
            return Err(SolveError::BadInput(format!(
                "a mixed profile of shape {shape:?} does not fit a game with {counts:?} strategies"
            )));
        }
        Ok(MixedProfile { probs })
    }
    /// A profile of a tree's reduced strategic form.
    pub fn for_reduced(reduced: &ReducedForm, probs: Vec<Vec<T>>) -> Result<Self, SolveError> {
        MixedProfile::new(&reduced.game, probs)
    }
    /// Wraps vectors a solver built for `game` itself (shape right by construction).
    pub(crate) fn from_vecs(probs: Vec<Vec<T>>) -> Self {
        MixedProfile { probs }
    }
    pub fn num_players(&self) -> usize {
        self.probs.len()
    }
    /// Player `p`'s probabilities, one per strategy.
    pub fn player(&self, p: usize) -> &[T] {
        &self.probs[p]
    }
    /// Each player's probabilities, in player order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[T]> + '_ {
        self.probs.iter().map(Vec::as_slice)
    }
    /// Every `(player, strategy, probability)`.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize, &T)> + '_ {
        self.probs
            .iter()
            .enumerate()
            .flat_map(|(p, v)| v.iter().enumerate().map(move |(s, x)| (p, s, x)))
    }
    /// The per-player vectors.
    pub fn as_vecs(&self) -> &[Vec<T>] {
        &self.probs
    }
    pub fn into_vecs(self) -> Vec<Vec<T>> {
        self.probs
    }
    /// The same profile with every probability mapped (e.g. exact to `f64`).
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> MixedProfile<U> {
        MixedProfile {
            probs: self
                .probs
                .iter()
                .map(|v| v.iter().map(&mut f).collect())
                .collect(),
        }
    }
}

impl<T: Scalar> MixedProfile<T> {
    /// Every player mixing its strategies equally.
    pub fn uniform(game: &StrategicGame) -> Self {
        MixedProfile {
            probs: game.num_strategies().iter().map(|&k| uniform(k)).collect(),
        }
    }
    /// Each player's expected payoff.
    pub fn payoffs(&self, game: &StrategicGame) -> Vec<T> {
        self.evaluate(game).0
    }
    /// The most any player gains by deviating (0 at a Nash equilibrium).
    pub fn regret(&self, game: &StrategicGame) -> T {
        self.evaluate(game).1
    }
    /// Payoffs and maximum regret, as [`crate::strategic_regret`] computes them.
    pub fn evaluate(&self, game: &StrategicGame) -> (Vec<T>, T) {
        let table: Vec<T> = game.payoff_table().iter().map(T::from_q).collect();
        crate::profile::strategic_regret(game, &table, &self.probs)
    }
    /// The behaviour profile this mixed profile over a tree's reduced strategies induces
    /// (Kuhn's map; uniform where the player's own play never reaches an information set).
    pub fn to_behavior(&self, tree: &ExtensiveGame, reduced: &ReducedForm) -> BehaviorProfile<T> {
        crate::profile::mixed_to_behavior(tree, reduced, &self.probs)
    }
}

impl<T> Index<usize> for MixedProfile<T> {
    type Output = [T];
    /// Player `p`'s probabilities.
    fn index(&self, p: usize) -> &[T] {
        &self.probs[p]
    }
}

impl<T> Index<(usize, usize)> for MixedProfile<T> {
    type Output = T;
    fn index(&self, (p, s): (usize, usize)) -> &T {
        &self.probs[p][s]
    }
}

impl<T> IndexMut<(usize, usize)> for MixedProfile<T> {
    fn index_mut(&mut self, (p, s): (usize, usize)) -> &mut T {
        &mut self.probs[p][s]
    }
}

/// `k` equal probabilities summing to 1.
fn uniform<T: Scalar>(k: usize) -> Vec<T> {
    let mut n = T::zero();
    for _ in 0..k {
        n = n + T::one();
    }
    vec![T::one() / n; k]
}

/// Where an information set's probabilities are stored.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    /// Player `p`'s vector, from `start`, `len` actions.
    Player(usize, usize, usize),
    /// The chance vector, from `start`, `len` actions.
    Chance(usize, usize),
}

/// A behaviour profile of a tree: for each player, each of its information sets (in the
/// player's order, Gambit's) and each action, the probability of the action. Index by
/// `(player, information set, action)`, or read one information set by its [`InfosetId`]
/// with [`BehaviorProfile::probs`] (chance's included: its own probabilities). `profile[p]`
/// is player `p`'s actions concatenated, as Gambit prints them.
///
/// ```
/// use brink_games::{num::qi, BehaviorProfile, TreeBuilder};
/// let mut b = TreeBuilder::new("entry", &["Entrant", "Incumbent"]);
/// let kids = b.decide(b.root(), 0, "enter?", &["Out", "In"]).unwrap();
/// b.payoff(kids[0], "out", vec![qi(0), qi(2)]).unwrap();
/// let fight = b.decide(kids[1], 1, "fight?", &["Accommodate", "Fight"]).unwrap();
/// b.payoff(fight[0], "share", vec![qi(1), qi(1)]).unwrap();
/// b.payoff(fight[1], "war", vec![qi(-1), qi(-1)]).unwrap();
/// let game = b.build().unwrap();
/// let spe = BehaviorProfile::new(&game, vec![vec![vec![0.0, 1.0]], vec![vec![1.0, 0.0]]]).unwrap();
/// assert_eq!(spe[(1, 0, 0)], 1.0);
/// assert_eq!(spe.probs(game.player_infosets(1)[0]), &[1.0, 0.0]);
/// assert_eq!(spe.payoffs(&game), vec![1.0, 1.0]);
/// assert_eq!(spe.regret(&game).unwrap(), 0.0);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BehaviorProfile<T> {
    /// Per player: its information sets' actions concatenated, in its order.
    players: Vec<Vec<T>>,
    /// Per player: where each of its information sets starts in its vector.
    starts: Vec<Vec<usize>>,
    /// Chance's information sets' probabilities concatenated, in the game's order.
    chance: Vec<T>,
    /// Per information set of the game: where its probabilities are.
    slots: Vec<Slot>,
}

impl<T: Scalar> BehaviorProfile<T> {
    /// A profile of `tree` from `[player][information set in the player's order][action]`;
    /// refused when the shape differs from the tree's.
    pub fn new(tree: &ExtensiveGame, nested: Vec<Vec<Vec<T>>>) -> Result<Self, SolveError> {
        let shape: Vec<Vec<usize>> = nested
            .iter()
            .map(|p| p.iter().map(Vec::len).collect())
            .collect();
        check_shape(tree, &shape)?;
        Ok(Self::build(
            tree,
            nested
                .into_iter()
                .map(|p| p.into_iter().flatten().collect())
                .collect(),
        ))
    }
    /// A profile from each player's actions concatenated (Gambit's `NE,…` order); refused when
    /// a player's length differs from its actions' count.
    pub fn from_player_vecs(tree: &ExtensiveGame, flat: Vec<Vec<T>>) -> Result<Self, SolveError> {
        let expected: Vec<usize> = tree
            .behavior_shape()
            .iter()
            .map(|s| s.iter().sum())
            .collect();
        let found: Vec<usize> = flat.iter().map(Vec::len).collect();
        if expected != found {
            return Err(SolveError::BadInput(format!(
                "a behaviour profile with {found:?} actions per player does not fit a tree with {expected:?}"
            )));
        }
        Ok(Self::build(tree, flat))
    }
    /// A profile from every information set's probabilities in the game's order (chance's
    /// included; they are taken from the tree, whatever is given for them).
    pub fn from_infosets(tree: &ExtensiveGame, sets: Vec<Vec<T>>) -> Result<Self, SolveError> {
        if sets.len() != tree.infosets().len()
            || sets
                .iter()
                .zip(tree.infosets())
                .any(|(v, s)| v.len() != s.actions.len())
        {
            return Err(SolveError::BadInput(
                "a behaviour profile's information sets do not fit the tree".into(),
            ));
        }
        let mut players: Vec<Vec<T>> = vec![vec![]; tree.num_players()];
        for (set, v) in tree.infosets().iter().zip(sets) {
            if let Mover::Player(p) = set.mover {
                players[p].extend(v);
            }
        }
        // Player vectors are in order of first appearance, which is each player's order.
        Ok(Self::build(tree, players))
    }
    /// Every player mixing its actions equally at every information set.
    pub fn uniform(tree: &ExtensiveGame) -> Self {
        let players = tree
            .behavior_shape()
            .iter()
            .map(|sets| sets.iter().flat_map(|&k| uniform::<T>(k)).collect())
            .collect();
        Self::build(tree, players)
    }
    fn build(tree: &ExtensiveGame, players: Vec<Vec<T>>) -> Self {
        let mut starts: Vec<Vec<usize>> = vec![vec![]; tree.num_players()];
        let mut filled = vec![0usize; tree.num_players()];
        let mut chance = vec![];
        let slots = tree
            .infosets()
            .iter()
            .map(|set| {
                let len = set.actions.len();
                match set.mover {
                    Mover::Player(p) => {
                        starts[p].push(filled[p]);
                        filled[p] += len;
                        Slot::Player(p, filled[p] - len, len)
                    }
                    Mover::Chance => {
                        let start = chance.len();
                        chance.extend(set.probs.iter().map(T::from_q));
                        Slot::Chance(start, len)
                    }
                }
            })
            .collect();
        BehaviorProfile {
            players,
            starts,
            chance,
            slots,
        }
    }
    /// Each player's expected payoff.
    pub fn payoffs(&self, tree: &ExtensiveGame) -> Vec<T> {
        crate::profile::behavior_payoffs(tree, self)
    }
    /// The most any player gains by changing its whole behaviour strategy (0 at a Nash
    /// equilibrium); an error when the tree lacks perfect recall in a way that defeats it.
    pub fn regret(&self, tree: &ExtensiveGame) -> Result<T, SolveError> {
        crate::profile::behavior_regret(tree, self).map(|r| r.1)
    }
}

impl<T> BehaviorProfile<T> {
    pub fn num_players(&self) -> usize {
        self.players.len()
    }
    /// Player `p`'s actions, its information sets concatenated in its order.
    pub fn player(&self, p: usize) -> &[T] {
        &self.players[p]
    }
    /// The action probabilities at player `p`'s `k`-th information set.
    pub fn infoset(&self, p: usize, k: usize) -> &[T] {
        let start = self.starts[p][k];
        let end = self.starts[p]
            .get(k + 1)
            .copied()
            .unwrap_or(self.players[p].len());
        &self.players[p][start..end]
    }
    /// The action probabilities at an information set of the game (chance's own at chance's).
    pub fn probs(&self, infoset: InfosetId) -> &[T] {
        match self.slots[infoset.index()] {
            Slot::Player(p, start, len) => &self.players[p][start..start + len],
            Slot::Chance(start, len) => &self.chance[start..start + len],
        }
    }
    /// Each player's actions (information sets concatenated), in player order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[T]> + '_ {
        self.players.iter().map(Vec::as_slice)
    }
    /// Every information set of the game (chance's included) with its probabilities.
    pub fn infosets(&self) -> impl ExactSizeIterator<Item = (InfosetId, &[T])> + '_ {
        (0..self.slots.len()).map(|i| (InfosetId::new(i), self.probs(InfosetId::new(i))))
    }
    /// Player `p`'s information sets, each's probabilities, in the player's order.
    pub fn player_infosets(&self, p: usize) -> impl ExactSizeIterator<Item = &[T]> + '_ {
        (0..self.starts[p].len()).map(move |k| self.infoset(p, k))
    }
    /// `[player][information set][action]`.
    pub fn to_nested(&self) -> Vec<Vec<Vec<T>>>
    where
        T: Clone,
    {
        (0..self.players.len())
            .map(|p| self.player_infosets(p).map(<[T]>::to_vec).collect())
            .collect()
    }
    /// Each player's actions concatenated (Gambit's order).
    pub fn as_player_vecs(&self) -> &[Vec<T>] {
        &self.players
    }
    /// The same profile with every probability mapped (e.g. exact to `f64`).
    pub fn map<U>(&self, mut f: impl FnMut(&T) -> U) -> BehaviorProfile<U> {
        BehaviorProfile {
            players: self
                .players
                .iter()
                .map(|v| v.iter().map(&mut f).collect())
                .collect(),
            starts: self.starts.clone(),
            chance: self.chance.iter().map(&mut f).collect(),
            slots: self.slots.clone(),
        }
    }
}

fn check_shape(tree: &ExtensiveGame, shape: &[Vec<usize>]) -> Result<(), SolveError> {
    let expected = tree.behavior_shape();
    if shape != expected {
        return Err(SolveError::BadInput(format!(
            "a behaviour profile of shape {shape:?} does not fit a tree of shape {expected:?}"
        )));
    }
    Ok(())
}

impl<T> Index<usize> for BehaviorProfile<T> {
    type Output = [T];
    /// Player `p`'s actions, information sets concatenated.
    fn index(&self, p: usize) -> &[T] {
        &self.players[p]
    }
}

impl<T> Index<(usize, usize, usize)> for BehaviorProfile<T> {
    type Output = T;
    fn index(&self, (p, k, a): (usize, usize, usize)) -> &T {
        &self.players[p][self.starts[p][k] + a]
    }
}

impl<T> IndexMut<(usize, usize, usize)> for BehaviorProfile<T> {
    fn index_mut(&mut self, (p, k, a): (usize, usize, usize)) -> &mut T {
        &mut self.players[p][self.starts[p][k] + a]
    }
}

impl<T> Index<InfosetId> for BehaviorProfile<T> {
    type Output = [T];
    fn index(&self, i: InfosetId) -> &[T] {
        self.probs(i)
    }
}

/// Serialized as each player's actions concatenated (brink's JSON `profile`).
impl<T: serde::Serialize> serde::Serialize for BehaviorProfile<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.players.serialize(s)
    }
}

/// An equilibrium's profile: mixed over (reduced) strategies, or behaviour.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Profile<T> {
    Mixed(MixedProfile<T>),
    Behavior(BehaviorProfile<T>),
}

impl<T> Profile<T> {
    pub fn form(&self) -> crate::Form {
        match self {
            Profile::Mixed(_) => crate::Form::Strategic,
            Profile::Behavior(_) => crate::Form::Behavior,
        }
    }
    pub fn num_players(&self) -> usize {
        match self {
            Profile::Mixed(m) => m.num_players(),
            Profile::Behavior(b) => b.num_players(),
        }
    }
    /// Each player's vector (strategies, or actions concatenated), in Gambit's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[T]> + '_ {
        let vecs = match self {
            Profile::Mixed(m) => m.as_vecs(),
            Profile::Behavior(b) => b.as_player_vecs(),
        };
        vecs.iter().map(Vec::as_slice)
    }
    pub fn as_mixed(&self) -> Option<&MixedProfile<T>> {
        match self {
            Profile::Mixed(m) => Some(m),
            Profile::Behavior(_) => None,
        }
    }
    pub fn as_behavior(&self) -> Option<&BehaviorProfile<T>> {
        match self {
            Profile::Behavior(b) => Some(b),
            Profile::Mixed(_) => None,
        }
    }
    /// The same profile with every probability mapped.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Profile<U> {
        match self {
            Profile::Mixed(m) => Profile::Mixed(m.map(f)),
            Profile::Behavior(b) => Profile::Behavior(b.map(f)),
        }
    }
}

impl<T> Index<usize> for Profile<T> {
    type Output = [T];
    /// Player `p`'s vector.
    fn index(&self, p: usize) -> &[T] {
        match self {
            Profile::Mixed(m) => &m[p],
            Profile::Behavior(b) => &b[p],
        }
    }
}
