//! What an input goes through: everything `brink check` runs on it (reading, kind detection,
//! parsing, validation, the `[crisis]` section) and, when it loads, the writers `brink convert`
//! uses and a re-read of their output; games are read, described and written back.

use brink_formats::{InputKind, Loaded};

/// How far an input got: whether it loaded (the rest is exercised either way).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Loaded,
    Rejected,
}

/// Runs `bytes` (named `name`: its extension picks the parser) through every parser.
pub fn run(name: &str, bytes: &[u8]) -> Outcome {
    let text = match brink_formats::input::decode(bytes.to_vec(), name) {
        Ok(t) => t,
        Err(e) => {
            std::hint::black_box(e.to_string());
            return Outcome::Rejected;
        }
    };
    let kind = match brink_formats::detect(name, &text) {
        Ok(k) => k,
        Err(e) => {
            std::hint::black_box(e.to_string());
            return Outcome::Rejected;
        }
    };
    if kind.is_game() {
        return game(name, &text, kind);
    }
    match brink_formats::load_text(&text, name) {
        Ok((loaded, warnings)) => {
            for w in &warnings {
                std::hint::black_box(w.to_string());
            }
            match loaded {
                Loaded::Scenario(s) => scenario(&s, name),
                Loaded::Dataset(d) => {
                    for s in &d.scenarios {
                        scenario(s, name);
                    }
                }
            }
            Outcome::Loaded
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
            Outcome::Rejected
        }
    }
}

fn scenario(s: &brink_core::Scenario, name: &str) {
    if let Err(e) = brink_crisis::CrisisSpec::from_scenario(s) {
        std::hint::black_box(e.to_string());
    }
    std::hint::black_box(s.validate());
    // `brink convert`: both writers, and what they write must read back.
    let toml = brink_formats::toml_scenario::to_toml(s);
    let json = brink_formats::toml_scenario::to_json(s);
    let _ = std::hint::black_box(brink_formats::load_text(&toml, &format!("{name}.toml")));
    let _ = std::hint::black_box(brink_formats::load_text(&json, &format!("{name}.json")));
}

fn game(name: &str, text: &str, kind: InputKind) -> Outcome {
    let _ = kind;
    match brink_games::parse_game(name, text) {
        Ok(brink_games::AnyGame::Extensive(t)) => {
            std::hint::black_box((t.nodes().len(), t.infosets().len()));
            let again = brink_games::write_efg(&t);
            let _ = std::hint::black_box(brink_games::read_efg(name, &again));
            Outcome::Loaded
        }
        Ok(brink_games::AnyGame::Strategic(g)) => {
            std::hint::black_box(g.num_strategies());
            let again = brink_games::write_nfg(&g);
            let _ = std::hint::black_box(brink_games::read_nfg(name, &again));
            Outcome::Loaded
        }
        Err(e) => {
            std::hint::black_box(e.to_string());
            Outcome::Rejected
        }
    }
}
