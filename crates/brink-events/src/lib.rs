//! brink-events: an offline event coder. Raw news text → sentences → tokens → part-of-speech tags
//! (brink-pos) → shallow syntax (chunks, clauses, passives, negation, modality) → actors and
//! agents (one Aho–Corasick automaton) → verb patterns (indexed by verb form) → CAMEO events with
//! PLOVER types, Goldstein scores and evidence spans. Dictionaries are PETRARCH/TABARI's format or
//! brink's compact form (embedded by default). The scenario skeleton writer is the only part that
//! knows of scenarios.

pub mod cameo;
pub mod coder;
pub mod dict;
pub mod matcher;
pub mod skeleton;
pub mod syntax;
pub mod text;

pub use coder::{parse_date, ActorRef, Coder, Document, Event};
