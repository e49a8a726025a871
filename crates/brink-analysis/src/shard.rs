//! Sharded Monte Carlo that merges exactly: shard `k` of `n` computes runs
//! `⌊k·R/n⌋ .. ⌊(k+1)·R/n⌋` of an `R`-run simulation, each run from its own stream (so its numbers
//! are the ones the whole run draws), and keeps a [`SimulationPart`]: the run-ordered forecasts
//! (the sufficient statistics of a median and of a sum taken in run order: nothing less gives
//! the same bits), the clipping counts and failures, and on request the draws. [`merge_simulation`]
//! concatenates the parts in shard order and summarises them with the same code as
//! [`crate::simulate`], so the merged report is byte-identical to the single-machine one.
//!
//! A part is JSON text ([`SimulationPart::to_json`]); every float in it is written as the hex of
//! its bits, so nothing is lost in the round trip through text.

use crate::montecarlo::{self, McSample, SimulateOptions, SimulationReport, SkippedModel, Slot};
use crate::sample::{Input, Target};
use crate::AnalysisError;
use brink_core::{BargainingModel, Issue, ModelParams, Scenario, Uncertain};
use serde::{Deserialize, Serialize};

/// Shard `index` of `count` (0-based: `0/8` … `7/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// Reads `K/N` (0 ≤ K < N).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("a shard is K/N with 0 ≤ K < N (e.g. `0/8` … `7/8`), found `{text}`");
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The runs of this shard in a `runs`-run simulation: `⌊k·runs/n⌋ .. ⌊(k+1)·runs/n⌋`.
    pub fn range(&self, runs: usize) -> std::ops::Range<usize> {
        let at = |k: usize| (k as u128 * runs as u128 / self.count as u128) as usize;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The format tag every part carries.
const FORMAT: &str = "brink-simulate-part/1";

/// One shard's result: what [`merge_simulation`] needs, nothing of the scenario file itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationPart {
    pub format: String,
    pub shard: Shard,
    /// The whole simulation's runs (not the shard's).
    pub runs: usize,
    /// This shard's runs, `[first, end)`.
    pub run_range: [usize; 2],
    pub seed: u64,
    #[serde(with = "bits_opt")]
    pub jitter: Option<f64>,
    pub bins: usize,
    pub scenario: String,
    pub issues: Vec<PartIssue>,
    /// The uncertain inputs: `[field, label]`.
    pub inputs: Vec<[String; 2]>,
    pub slots: Vec<PartSlot>,
    pub skipped: Vec<PartSkipped>,
    /// Per input: this shard's draws clipped up, and down.
    pub clipped: Vec<[u64; 2]>,
    /// Per slot: this shard's failed runs, and its first failure's message.
    pub failures: Vec<(u64, Option<String>)>,
    /// Run-major forecasts, `values[run * slots + slot]`, as little-endian f64 bits in hex.
    pub values: String,
    /// Run-major draws (`draws[run * inputs + input]`) when asked for, same encoding.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub draws: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartIssue {
    pub id: String,
    pub name: String,
    #[serde(with = "bits2")]
    pub scale: [f64; 2],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartSlot {
    pub model: usize,
    pub model_name: String,
    pub issue: usize,
    #[serde(with = "bits")]
    pub point: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartSkipped {
    pub model: String,
    pub reason: String,
}

impl SimulationPart {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a part always serialises") + "\n"
    }

    /// Reads a part written by [`SimulationPart::to_json`]; `name` (a file name) is put in errors.
    pub fn from_json(text: &str, name: &str) -> Result<SimulationPart, AnalysisError> {
        let part: SimulationPart = serde_json::from_str(text).map_err(|e| {
            AnalysisError::Usage(format!(
                "{name}: not a part written by `brink simulate --shard` ({e})"
            ))
        })?;
        if part.format != FORMAT {
            return Err(AnalysisError::Usage(format!(
                "{name}: format `{}`, expected `{FORMAT}`",
                part.format
            )));
        }
        let n = part.run_range[1].saturating_sub(part.run_range[0]);
        let ok = part.shard.index < part.shard.count
            && part.shard.range(part.runs).start == part.run_range[0]
            && part.shard.range(part.runs).end == part.run_range[1]
            && part.values.len() == 16 * n * part.slots.len()
            && (part.draws.is_empty() || part.draws.len() == 16 * n * part.inputs.len())
            && part.clipped.len() == part.inputs.len()
            && part.failures.len() == part.slots.len()
            && part.slots.iter().all(|s| s.issue < part.issues.len())
            && hex_ok(&part.values)
            && hex_ok(&part.draws);
        if !ok {
            return Err(AnalysisError::Usage(format!(
                "{name}: a damaged part (its sizes or run range do not agree)"
            )));
        }
        Ok(part)
    }

    /// Everything that must agree between the parts of one simulation.
    fn header(&self) -> impl PartialEq + '_ {
        (
            (
                self.shard.count,
                self.runs,
                self.seed,
                self.jitter.map(f64::to_bits),
            ),
            (self.bins, &self.scenario, &self.issues, &self.inputs),
            (&self.slots, &self.skipped),
        )
    }
}

/// Computes shard `shard` of the simulation [`crate::simulate`] would compute with `opts`
/// (`opts.mc.runs` is the whole simulation's runs; `opts.mc.first_run` is ignored).
pub fn simulate_shard(
    scenario: &Scenario,
    models: &[&dyn BargainingModel],
    params: &ModelParams,
    opts: SimulateOptions,
    shard: Shard,
) -> Result<SimulationPart, AnalysisError> {
    if shard.count == 0 || shard.index >= shard.count {
        return Err(AnalysisError::Usage(format!("bad shard {shard}")));
    }
    if opts.mc.runs < shard.count {
        return Err(AnalysisError::Usage(format!(
            "{} runs cannot be split into {} shards: give at least one run per shard",
            opts.mc.runs, shard.count
        )));
    }
    let sampled = montecarlo::sampled_scenario(scenario, opts.jitter)?;
    let range = shard.range(opts.mc.runs);
    let mut mc = opts.mc;
    mc.first_run = range.start;
    mc.runs = range.len();
    let sample = montecarlo::run(&sampled, models, params, mc)?;
    Ok(SimulationPart {
        format: FORMAT.into(),
        shard,
        runs: opts.mc.runs,
        run_range: [range.start, range.end],
        seed: opts.mc.seed,
        jitter: opts.jitter,
        bins: opts.bins,
        scenario: sampled.name.clone(),
        issues: sampled
            .issues
            .iter()
            .map(|i| PartIssue {
                id: i.id.clone(),
                name: i.name.clone(),
                scale: i.scale,
            })
            .collect(),
        inputs: sample
            .inputs
            .iter()
            .map(|i| [i.field.clone(), i.label.clone()])
            .collect(),
        slots: sample
            .slots
            .iter()
            .map(|s| PartSlot {
                model: s.model,
                model_name: s.model_name.clone(),
                issue: s.issue,
                point: s.point,
            })
            .collect(),
        skipped: sample
            .skipped
            .iter()
            .map(|s| PartSkipped {
                model: s.model.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
        clipped: sample.clipped,
        failures: sample.failures,
        values: hex_of(&sample.values),
        draws: hex_of(&sample.draws),
    })
}

/// Merges the parts of one simulation (any order; every shard exactly once) into the report
/// the whole simulation gives, bit for bit. `names` name the parts in errors (file names).
pub fn merge_simulation(
    parts: Vec<SimulationPart>,
    names: &[String],
) -> Result<SimulationReport, AnalysisError> {
    let name = |i: usize| names.get(i).cloned().unwrap_or_else(|| format!("part {i}"));
    let Some(first) = parts.first() else {
        return Err(AnalysisError::Usage(
            "nothing to merge: no part given".into(),
        ));
    };
    let count = first.shard.count;
    let mut order: Vec<Option<usize>> = vec![None; count];
    for (i, p) in parts.iter().enumerate() {
        if p.header() != first.header() {
            return Err(AnalysisError::Usage(format!(
                "{} and {} are parts of different simulations (scenario, runs, seed, jitter, \
                 bins, shard count or models differ)",
                name(0),
                name(i)
            )));
        }
        match order[p.shard.index] {
            Some(j) => {
                return Err(AnalysisError::Usage(format!(
                    "{} and {} are both shard {}",
                    name(j),
                    name(i),
                    p.shard
                )))
            }
            None => order[p.shard.index] = Some(i),
        }
    }
    let missing: Vec<String> = (0..count)
        .filter(|k| order[*k].is_none())
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(AnalysisError::Usage(format!(
            "shard{} {} missing: merge needs all {count} shards",
            if missing.len() == 1 { " is" } else { "s are" },
            missing.join(", ")
        )));
    }
    let n_slots = first.slots.len();
    let mut values = Vec::with_capacity(first.runs * n_slots);
    let mut clipped = vec![[0u64; 2]; first.inputs.len()];
    let mut failures: Vec<(u64, Option<String>)> = vec![(0, None); n_slots];
    for i in order.into_iter().flatten() {
        let p = &parts[i];
        values.extend(floats_of(&p.values));
        for (total, part) in clipped.iter_mut().zip(&p.clipped) {
            total[0] += part[0];
            total[1] += part[1];
        }
        for (total, part) in failures.iter_mut().zip(&p.failures) {
            total.0 += part.0;
            if total.1.is_none() {
                total.1.clone_from(&part.1);
            }
        }
    }
    // The report reads the issues' ids, names and scales and the inputs' fields and labels.
    let scenario = Scenario {
        name: first.scenario.clone(),
        issues: first
            .issues
            .iter()
            .map(|i| Issue {
                id: i.id.clone(),
                name: i.name.clone(),
                scale: i.scale,
                labels: Vec::new(),
                status_quo: None,
                outcome: None,
                why: None,
            })
            .collect(),
        ..Scenario::default()
    };
    let sample = McSample {
        inputs: first
            .inputs
            .iter()
            .map(|[field, label]| Input {
                field: field.clone(),
                label: label.clone(),
                target: Target::Capability(0),
                spec: Uncertain::Fixed(0.0),
                valid: (0.0, 0.0),
            })
            .collect(),
        slots: first
            .slots
            .iter()
            .map(|s| Slot {
                model: s.model,
                model_name: s.model_name.clone(),
                issue: s.issue,
                point: s.point,
            })
            .collect(),
        runs: first.runs,
        values,
        draws: Vec::new(),
        clipped,
        failures,
        skipped: first
            .skipped
            .iter()
            .map(|s| SkippedModel {
                model: s.model.clone(),
                reason: s.reason.clone(),
            })
            .collect(),
    };
    Ok(montecarlo::report(
        &scenario,
        &sample,
        first.jitter,
        first.seed,
        first.bins,
    ))
}

fn hex_of(values: &[f64]) -> String {
    let mut s = String::with_capacity(values.len() * 16);
    for v in values {
        for b in v.to_le_bytes() {
            s.push(char::from(HEX[(b >> 4) as usize]));
            s.push(char::from(HEX[(b & 15) as usize]));
        }
    }
    s
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex_ok(s: &str) -> bool {
    s.len().is_multiple_of(16)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn nibble(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        _ => b - b'a' + 10,
    }
}

/// The floats of a hex string that passed [`hex_ok`].
fn floats_of(s: &str) -> impl Iterator<Item = f64> + '_ {
    s.as_bytes().chunks_exact(16).map(|c| {
        let mut bytes = [0u8; 8];
        for (k, b) in bytes.iter_mut().enumerate() {
            *b = (nibble(c[2 * k]) << 4) | nibble(c[2 * k + 1]);
        }
        f64::from_le_bytes(bytes)
    })
}

/// The draws a part kept (run-major), empty unless asked for.
pub fn part_draws(part: &SimulationPart) -> Vec<f64> {
    floats_of(&part.draws).collect()
}

/// An f64 as the hex of its bits (exact through any JSON reader).
mod bits {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:016x}", v.to_bits()))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let t = String::deserialize(d)?;
        u64::from_str_radix(&t, 16)
            .map(f64::from_bits)
            .map_err(serde::de::Error::custom)
    }
}

mod bits2 {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|x| format!("{:016x}", x.to_bits())))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
        let [a, b] = <[String; 2]>::deserialize(d)?;
        let f = |t: &str| {
            u64::from_str_radix(t, 16)
                .map(f64::from_bits)
                .map_err(serde::de::Error::custom)
        };
        Ok([f(&a)?, f(&b)?])
    }
}

mod bits_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => s.serialize_some(&format!("{:016x}", x.to_bits())),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| {
                u64::from_str_radix(&t, 16)
                    .map(f64::from_bits)
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Never, WeightedMean};
    use crate::McOptions;
    use brink_testkit::ScenarioBuilder;

    fn scenario() -> Scenario {
        ScenarioBuilder::new("shards")
            .issue("x", [0.0, 10.0])
            .issue("y", [0.0, 10.0])
            .actor("a", Uncertain::Normal { mean: 2.0, sd: 1.5 })
            .actor("b", 1.0)
            .position("a", "x", Uncertain::Uniform { min: 1.0, max: 4.0 }, 0.8)
            .position("b", "x", 9.0, Uncertain::Normal { mean: 0.9, sd: 0.2 })
            .position("a", "y", 5.0, 1.0)
            .position("b", "y", 3.0, 1.0)
            .build()
    }

    fn opts(runs: usize, keep_draws: bool) -> SimulateOptions<'static> {
        let mut mc = McOptions::new(runs, 42);
        mc.keep_draws = keep_draws;
        SimulateOptions {
            mc,
            jitter: None,
            bins: 12,
        }
    }

    #[test]
    fn shards_cover_the_runs_once_in_order() {
        for (runs, n) in [(10, 3), (1000, 8), (7, 7), (1_000_000, 13)] {
            let mut next = 0;
            for k in 0..n {
                let r = Shard { index: k, count: n }.range(runs);
                assert_eq!(r.start, next);
                assert!(r.len() >= runs / n && r.len() <= runs / n + 1);
                next = r.end;
            }
            assert_eq!(next, runs);
        }
        assert_eq!(Shard::parse(" 3/8").unwrap(), Shard { index: 3, count: 8 });
        for bad in ["8/8", "1/0", "x/2", "3", "-1/4"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn merged_parts_are_the_whole_run_byte_for_byte() {
        let s = scenario();
        let models: [&dyn BargainingModel; 2] = [&WeightedMean, &Never];
        let p = ModelParams::default();
        let whole = crate::simulate(&s, &models, &p, opts(1001, false)).unwrap();
        let whole = serde_json::to_string(&whole).unwrap();
        let parts: Vec<SimulationPart> = (0..5)
            .rev()
            .map(|k| {
                let part = simulate_shard(
                    &s,
                    &models,
                    &p,
                    opts(1001, true),
                    Shard { index: k, count: 5 },
                )
                .unwrap();
                // Through text and back, as a part travels between machines.
                SimulationPart::from_json(&part.to_json(), "part").unwrap()
            })
            .collect();
        assert_eq!(part_draws(&parts[0]).len(), parts[0].inputs.len() * 201); // 800..1001
        let merged = merge_simulation(parts.clone(), &[]).unwrap();
        assert_eq!(serde_json::to_string(&merged).unwrap(), whole);

        // A missing, a repeated and a foreign shard are refused, naming them.
        let err = merge_simulation(parts[1..].to_vec(), &[]).unwrap_err();
        assert!(err.to_string().contains("shard is 4/5 missing"), "{err}");
        let mut twice = parts.clone();
        twice[1] = parts[0].clone();
        assert!(merge_simulation(twice, &[])
            .unwrap_err()
            .to_string()
            .contains("both shard"));
        let mut other = parts.clone();
        other[2].seed = 7;
        assert!(merge_simulation(other, &[])
            .unwrap_err()
            .to_string()
            .contains("different simulations"));
        assert!(SimulationPart::from_json("{}", "p.json").is_err());
    }
}
