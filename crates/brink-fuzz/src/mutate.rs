//! The mutations. Input `i` of a campaign with seed `s` is a pure function of `(s, i)` and the
//! corpus: a crash found by iteration number can be regenerated exactly.

use crate::corpus::Seed;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// No mutated input grows beyond this (repeats and nesting are capped to it).
pub const MAX_INPUT_BYTES: usize = 2 * 1024 * 1024;

/// Numbers at the edges: integer overflow, f64 overflow and underflow, non-finite spellings.
const NUMBERS: &[&str] = &[
    "9223372036854775808",
    "9223372036854775807",
    "18446744073709551616",
    "18446744073709551615",
    "4294967296",
    "99999999999999999999999999999999",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e400",
    "-1e400",
    "1e-320",
    "4.9e-324",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "-0",
    "0",
    "-1",
    "1000000",
    "1/0",
    "0/0",
    "1e999999",
    "1e-999999",
    "2026-01-01",
    "1979-05-27T07:32:00Z",
];

/// Short fragments that change a parser's state: delimiters, quotes, escapes, control bytes.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b"<",
    b">",
    b"</",
    b"/>",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"=",
    b"#",
    b".",
    b"-",
    b"+",
    b"e",
    b"\x00",
    b"\x1b[31m",
    b"\x07",
    b"\xc3\xa9",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"[[",
    b"]]",
    b"\"\"\"",
    b"'''",
    b"#A",
    b"#P",
    b"#M",
    b"#D",
    b"p \"\" 1 1 \"\" { \"a\" } 0 ",
    b"c \"\" 1 \"\" { \"x\" 1 } 0 ",
    b"t \"\" 1 \"\" { 1 2 } ",
    b"{ 1000 1000 50 }",
];

/// Openers for deep nesting, with their closers.
const NESTS: &[(&[u8], &[u8])] = &[
    (b"[", b"]"),
    (b"{", b"}"),
    (b"{\"a\":", b"}"),
    (b"<a>", b"</a>"),
    (b"a = [", b"]"),
    (b"{ a = ", b" }"),
    (b"p \"\" 1 1 \"\" { \"a\" } 0\n", b""),
    (b"p \"\" 1 1 0\n", b""),
    (b"c \"\" 1 \"\" { \"x\" 1 } 0\n", b""),
    (b"\"", b"\""),
];

/// Input `iteration` of a campaign seeded with `seed`: a corpus entry with 1–8 mutations (one
/// or two usually). The
/// name's extension picks the parser; now and then it is swapped to test kind detection.
pub fn input(corpus: &[Seed], seed: u64, iteration: u64) -> Seed {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(iteration);
    let base = &corpus[rng.gen_range(0..corpus.len())];
    let mut bytes = base.bytes.clone();
    let mut name = base.name.clone();
    // Mostly one or two mutations: most inputs stay near-valid and reach the deeper checks.
    let mut rounds = 1;
    while rounds < 8 && rng.gen_bool(0.4) {
        rounds += 1;
    }
    for _ in 0..rounds {
        mutate(&mut bytes, corpus, &mut rng);
    }
    if rng.gen_ratio(1, 40) {
        let ext = [
            "toml", "json", "csv", "xml", "tsv", "txt", "efg", "nfg", "dat",
        ][rng.gen_range(0..9)];
        name = format!("swapped.{ext}");
    }
    bytes.truncate(MAX_INPUT_BYTES);
    Seed { name, bytes }
}

fn pos(bytes: &[u8], rng: &mut ChaCha8Rng) -> usize {
    rng.gen_range(0..=bytes.len())
}

fn insert(bytes: &mut Vec<u8>, at: usize, what: &[u8]) {
    if bytes.len() + what.len() <= MAX_INPUT_BYTES {
        bytes.splice(at..at, what.iter().copied());
    }
}

/// One mutation, chosen at random.
pub fn mutate(bytes: &mut Vec<u8>, corpus: &[Seed], rng: &mut ChaCha8Rng) {
    match rng.gen_range(0..13) {
        // Flip a bit.
        0 if !bytes.is_empty() => {
            let i = rng.gen_range(0..bytes.len());
            bytes[i] ^= 1 << rng.gen_range(0..8);
        }
        // Overwrite a byte with any value.
        1 if !bytes.is_empty() => {
            let i = rng.gen_range(0..bytes.len());
            bytes[i] = rng.gen();
        }
        // Insert a structural token.
        2 => {
            let at = pos(bytes, rng);
            insert(bytes, at, TOKENS[rng.gen_range(0..TOKENS.len())]);
        }
        // Replace a number in the text with an extreme one.
        3 | 4 => {
            let starts: Vec<usize> = (0..bytes.len())
                .filter(|&i| {
                    bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                })
                .collect();
            let number = NUMBERS[rng.gen_range(0..NUMBERS.len())].as_bytes();
            if starts.is_empty() {
                let at = pos(bytes, rng);
                insert(bytes, at, number);
            } else {
                let start = starts[rng.gen_range(0..starts.len())];
                let end = (start..bytes.len())
                    .find(|&j| !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'.'))
                    .unwrap_or(bytes.len());
                bytes.splice(start..end, number.iter().copied());
            }
        }
        // Delete a range.
        5 if !bytes.is_empty() => {
            let start = rng.gen_range(0..bytes.len());
            let len = rng.gen_range(1..=64.min(bytes.len() - start));
            bytes.drain(start..start + len);
        }
        // Repeat a range many times (long lines, many rows, many fields).
        6 if !bytes.is_empty() => {
            let start = rng.gen_range(0..bytes.len());
            let len = rng.gen_range(1..=256.min(bytes.len() - start));
            // Huge repeats are rare: they are slow, and one in a few hundred finds the size bugs.
            let times = if rng.gen_ratio(1, 100) {
                [1000, 10_000][rng.gen_range(0..2)]
            } else {
                [2, 10, 100][rng.gen_range(0..3)]
            };
            let chunk = bytes[start..start + len].to_vec();
            let total = (chunk.len() * times).min(MAX_INPUT_BYTES.saturating_sub(bytes.len()));
            let rep: Vec<u8> = chunk.iter().copied().cycle().take(total).collect();
            bytes.splice(start..start, rep);
        }
        // Splice in a piece of another seed.
        7 => {
            let other = &corpus[rng.gen_range(0..corpus.len())].bytes;
            if !other.is_empty() {
                let start = rng.gen_range(0..other.len());
                let len = rng.gen_range(1..=512.min(other.len() - start));
                let piece = other[start..start + len].to_vec();
                let at = pos(bytes, rng);
                insert(bytes, at, &piece);
            }
        }
        // Cross over: this seed's head, another's tail.
        8 => {
            let other = &corpus[rng.gen_range(0..corpus.len())].bytes;
            let cut = pos(bytes, rng);
            let from = rng.gen_range(0..=other.len());
            bytes.truncate(cut);
            let room = MAX_INPUT_BYTES.saturating_sub(bytes.len());
            bytes.extend(other[from..].iter().take(room));
        }
        // Deep nesting, closed or not.
        9 => {
            let (open, close) = NESTS[rng.gen_range(0..NESTS.len())];
            let depth = if rng.gen_ratio(1, 100) {
                [3_000, 20_000, 100_000][rng.gen_range(0..3)]
            } else {
                [3, 10, 100, 300][rng.gen_range(0..4)]
            };
            let depth = depth.min(MAX_INPUT_BYTES / (open.len() + close.len()).max(1) / 2);
            let at = pos(bytes, rng);
            let mut nest = open.repeat(depth);
            if rng.gen_bool(0.7) {
                nest.extend(close.repeat(depth));
            }
            insert(bytes, at, &nest);
        }
        // Truncate.
        10 => {
            let at = pos(bytes, rng);
            bytes.truncate(at);
        }
        // Swap two lines.
        11 => {
            let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            if lines.len() > 2 {
                let mut lines: Vec<Vec<u8>> = lines.into_iter().map(<[u8]>::to_vec).collect();
                let a = rng.gen_range(0..lines.len());
                let b = rng.gen_range(0..lines.len());
                lines.swap(a, b);
                *bytes = lines.join(&b'\n');
            }
        }
        // Duplicate a whole line (repeated keys, actors, rows).
        _ => {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    (0..bytes.len())
                        .filter(|&i| bytes[i] == b'\n')
                        .map(|i| i + 1),
                )
                .collect();
            let s = starts[rng.gen_range(0..starts.len())];
            let e = bytes[s..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |p| s + p + 1);
            let line = bytes[s..e].to_vec();
            insert(bytes, e, &line);
        }
    }
}
