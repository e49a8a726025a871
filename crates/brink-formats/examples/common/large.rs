//! A large generated scenario, for load-time measurements (`benches/load.rs`) and for timing
//! the CLI on one (`examples/large_scenario.rs`).

/// `actors` actors with a `why` each, `issues` issues, every actor on every issue: about
/// 90 bytes per position, so 3,000 × 10 is a 2.7 MB file.
pub fn large_scenario(actors: usize, issues: usize) -> String {
    let mut s = String::from("[scenario]\nname = \"large\"\nsource = \"generated\"\n\n");
    for i in 0..issues {
        s += &format!(
            "[[issue]]\nid = \"issue{i}\"\nname = \"Issue number {i}\"\nscale = [0, 100]\nwhy = \"generated issue {i}\"\n\n"
        );
    }
    for a in 0..actors {
        s += &format!(
            "[[actor]]\nid = \"actor{a}\"\nname = \"Actor {a}\"\ncapability = {}.{:03}\nwhy = \"generated actor {a}\"\n\n",
            1 + a % 9,
            (a * 7919) % 1000
        );
    }
    for a in 0..actors {
        for i in 0..issues {
            s += &format!(
                "[[position]]\nactor = \"actor{a}\"\nissue = \"issue{i}\"\nat = {}.{:02}\nsalience = 0.{:03}\n\n",
                (a * 37 + i * 11) % 100,
                (a * 13 + i) % 100,
                1 + (a * 31 + i * 7) % 999
            );
        }
    }
    s
}
