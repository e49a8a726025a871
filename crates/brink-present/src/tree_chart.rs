//! The chart of `brink game info GAME.efg --plot OUT.svg`: a game tree drawn left to right — a
//! decision node as a dot in its player's colour with the player's name, chance nodes as grey
//! squares, each branch labelled with its action (and its probability at chance), each leaf with
//! its outcome's label and the payoffs summed along its path; nodes of one information set
//! joined by a dashed line.

use crate::plot::{colour, font, num, shorten};
use brink_games::num::to_f64;
use brink_games::{ExtensiveGame, Mover, Node};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The most nodes drawn: a bigger tree would be unreadable (and a huge file).
pub const MAX_TREE_NODES: usize = 2000;

const COLUMN: i32 = 170;
const ROW: i32 = 30;
const LEFT: i32 = 40;
const TOP: i32 = 90;
const LEAF_TEXT: i32 = 300;

struct Placed {
    x: i32,
    y: i32,
    /// The infoset's mover and label, for decision nodes.
    mover: Option<Mover>,
    /// The node's information set (index into the game's infosets), for the dashed links.
    infoset_key: Option<String>,
}

/// A branch: from, to (pixels) and its label.
type Edge = ((i32, i32), (i32, i32), String);

struct Layout<'a> {
    game: &'a ExtensiveGame,
    nodes: Vec<Placed>,
    edges: Vec<Edge>,
    leaves: Vec<((i32, i32), String)>,
    next_leaf: i32,
    depth: i32,
}

impl Layout<'_> {
    /// Places `node` (at `depth`, with `payoffs` summed along the path above it) and its
    /// subtree; returns its position.
    fn place(&mut self, node: &Node, depth: i32, payoffs: &[f64]) -> (i32, i32) {
        self.depth = self.depth.max(depth);
        let mut sum = payoffs.to_vec();
        let mut label = String::new();
        if let Some(o) = node.outcome {
            let outcome = self.game.outcome(o);
            for (s, p) in sum.iter_mut().zip(&outcome.payoffs) {
                *s += to_f64(p);
            }
            label = outcome.label.clone();
        }
        let x = LEFT + depth * COLUMN;
        let index = self.nodes.len();
        self.nodes.push(Placed {
            x,
            y: 0,
            mover: None,
            infoset_key: None,
        });
        let y = if node.children.is_empty() {
            let y = TOP + self.next_leaf * ROW;
            self.next_leaf += 1;
            let pay: Vec<String> = sum.iter().map(|p| num(*p)).collect();
            let text = if label.is_empty() {
                format!("({})", pay.join(", "))
            } else {
                format!("{label}  ({})", pay.join(", "))
            };
            self.leaves.push(((x, y), text));
            y
        } else {
            let infoset = node.infoset.map(|i| self.game.infoset(i));
            let mut mine = vec![];
            for (k, child) in node.children.iter().enumerate() {
                let (cx, cy) = self.place(self.game.node(*child), depth + 1, &sum);
                let action = infoset
                    .and_then(|s| s.actions.get(k))
                    .cloned()
                    .unwrap_or_default();
                let prob = infoset
                    .filter(|s| s.mover == Mover::Chance)
                    .and_then(|s| s.probs.get(k))
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                mine.push(((cx, cy), format!("{action}{prob}")));
            }
            let y = mine.iter().map(|((_, cy), _)| cy).sum::<i32>() / mine.len() as i32;
            for (to, label) in mine {
                self.edges.push(((x, y), to, label));
            }
            self.nodes[index].mover = infoset.map(|s| s.mover);
            self.nodes[index].infoset_key = node.infoset.map(|i| format!("{i:?}"));
            y
        };
        self.nodes[index].y = y;
        (x, y)
    }
}

/// The SVG text of the tree of `game`; an error for a tree of more than [`MAX_TREE_NODES`] nodes.
pub fn tree_svg(game: &ExtensiveGame) -> Result<String, String> {
    let count = game.nodes().len();
    if count > MAX_TREE_NODES {
        return Err(format!(
            "the tree has {count} nodes; a picture is drawn for at most {MAX_TREE_NODES} \
             (`brink game info` prints it as text)"
        ));
    }
    let Some(root) = game.nodes().first() else {
        return Err("the game has no nodes".into());
    };
    let mut layout = Layout {
        game,
        nodes: vec![],
        edges: vec![],
        leaves: vec![],
        next_leaf: 0,
        depth: 0,
    };
    layout.place(root, 0, &vec![0.0; game.num_players()]);
    // Room for the longest leaf text (payoff lists grow with the players), within reason.
    let leaf_text = layout
        .leaves
        .iter()
        .map(|(_, t)| crate::plot::text_width(t, 11.0) as i32 + 30)
        .max()
        .unwrap_or(0)
        .clamp(LEAF_TEXT, 3 * LEAF_TEXT);
    let width = (LEFT + layout.depth * COLUMN + leaf_text).max(700) as u32;
    let height = (TOP + layout.next_leaf * ROW + 20) as u32;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let e = |e: DrawingAreaErrorKind<_>| e.to_string();
        area.fill(&WHITE).map_err(e)?;
        let title = if game.title.is_empty() {
            "Game tree".to_string()
        } else {
            format!("Game tree: {}", game.title)
        };
        area.draw(&Text::new(
            shorten(&title, width as f64 - 32.0, 16.0),
            (16, 10),
            font(16.0, BLACK, HPos::Left, VPos::Top),
        ))
        .map_err(e)?;
        // The players' legend.
        let mut x = 16;
        for (p, name) in game.players().iter().enumerate() {
            area.draw(&Circle::new((x + 6, 46), 6, colour(p).filled()))
                .map_err(e)?;
            let name = shorten(name, 160.0, 12.0);
            area.draw(&Text::new(
                name.clone(),
                (x + 16, 46),
                font(12.0, BLACK, HPos::Left, VPos::Center),
            ))
            .map_err(e)?;
            x += 30 + crate::plot::text_width(&name, 12.0) as i32;
        }
        area.draw(&Rectangle::new(
            [(x, 40), (x + 12, 52)],
            RGBColor(130, 130, 130).filled(),
        ))
        .map_err(e)?;
        area.draw(&Text::new(
            "chance",
            (x + 18, 46),
            font(12.0, BLACK, HPos::Left, VPos::Center),
        ))
        .map_err(e)?;
        area.draw(&Text::new(
            "leaves: outcome (payoffs in player order); dashed: one information set",
            (16, 64),
            font(11.0, RGBColor(90, 90, 90), HPos::Left, VPos::Top),
        ))
        .map_err(e)?;
        // Information sets with several nodes: dashed links between consecutive members.
        let mut seen: Vec<(&str, (i32, i32))> = vec![];
        for n in &layout.nodes {
            if let Some(key) = &n.infoset_key {
                if let Some((_, (px, py))) = seen.iter().rev().find(|(k, _)| k == key) {
                    let (mut y, end) = (*py, n.y);
                    while y < end {
                        let t0 = (y - py) as f64 / (end - py).max(1) as f64;
                        let t1 = ((y + 5 - py) as f64 / (end - py).max(1) as f64).min(1.0);
                        let at = |t: f64| {
                            (
                                px + ((n.x - px) as f64 * t) as i32,
                                py + ((end - py) as f64 * t) as i32,
                            )
                        };
                        area.draw(&PathElement::new(
                            vec![at(t0), at(t1)],
                            RGBColor(120, 120, 120).stroke_width(2),
                        ))
                        .map_err(e)?;
                        y += 9;
                    }
                }
                seen.push((key, (n.x, n.y)));
            }
        }
        for ((x0, y0), (x1, y1), label) in &layout.edges {
            area.draw(&PathElement::new(
                vec![(*x0, *y0), (*x1, *y1)],
                RGBColor(60, 60, 60).stroke_width(1),
            ))
            .map_err(e)?;
            // The action's name near the child's end of the branch, above it.
            let (tx, ty) = (x0 + (x1 - x0) * 6 / 10, y0 + (y1 - y0) * 6 / 10);
            area.draw(&Text::new(
                shorten(label, (COLUMN - 30) as f64, 11.0),
                (tx, ty - 3),
                font(11.0, RGBColor(30, 30, 120), HPos::Center, VPos::Bottom),
            ))
            .map_err(e)?;
        }
        for n in &layout.nodes {
            match n.mover {
                Some(Mover::Player(p)) => {
                    area.draw(&Circle::new((n.x, n.y), 6, colour(p).filled()))
                        .map_err(e)?;
                }
                Some(Mover::Chance) => {
                    area.draw(&Rectangle::new(
                        [(n.x - 6, n.y - 6), (n.x + 6, n.y + 6)],
                        RGBColor(130, 130, 130).filled(),
                    ))
                    .map_err(e)?;
                }
                None => {
                    area.draw(&Circle::new((n.x, n.y), 3, BLACK.filled()))
                        .map_err(e)?;
                }
            }
        }
        for ((x, y), text) in &layout.leaves {
            area.draw(&Text::new(
                shorten(text, (leaf_text - 20) as f64, 11.0),
                (x + 8, *y),
                font(11.0, BLACK, HPos::Left, VPos::Center),
            ))
            .map_err(e)?;
        }
        area.present().map_err(e)?;
    }
    Ok(svg)
}
