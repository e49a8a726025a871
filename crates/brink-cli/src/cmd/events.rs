//! `brink events FILE...`: code news text into events (CAMEO, PLOVER, Goldstein, modality) — a
//! table, tidy CSV or JSON (the contract in docs/events.md), a per-dyad `--summary`, and with
//! `--scenario OUT.toml` a scenario skeleton that `brink check` accepts. Many files or a directory
//! are coded in parallel and printed in input order as they finish (memory stays flat).

use super::common::{limits, with_threads, Format};
use crate::error::CliError;
use crate::output::{emit, Align, Table};
use brink_core::{Diagnostic, Diagnostics, Location};
use brink_events::{skeleton, Coder, Document};
use brink_present::csv::field as csv_field;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Articles (text files, one article each), directories of them, or `-` for stdin.
    #[arg(required = true)]
    pub files: Vec<String>,
    /// The articles' date (YYYY-MM-DD): resolves date-bounded actor codes (leaders in office).
    #[arg(long)]
    pub date: Option<String>,
    /// Worker threads for a batch (default: all cores; at most 256).
    #[arg(long, value_parser = limits::threads)]
    pub threads: Option<usize>,
    /// A directory of PETRARCH-format dictionaries (or brink's compact `.tsv`) to use instead of
    /// the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub dictionaries: Option<PathBuf>,
    /// Also write a scenario skeleton (actors, issues, stated stances, a crisis sketch).
    #[arg(long, value_name = "OUT.toml")]
    pub scenario: Option<PathBuf>,
    /// Per dyad: event counts by PLOVER type and the mean Goldstein score, instead of events.
    #[arg(long)]
    pub summary: bool,
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Articles read per parallel round: enough to keep every core busy, few enough to stay small.
const CHUNK: usize = 64;

pub fn run(args: Args) -> Result<(), CliError> {
    let date =
        match &args.date {
            Some(d) => Some(brink_events::parse_date(d).ok_or_else(|| {
                CliError::Usage(format!("--date expects YYYY-MM-DD, found `{d}`"))
            })?),
            None => None,
        };
    if let Some(p) = &args.scenario {
        if p.extension().and_then(|e| e.to_str()) != Some("toml") {
            return Err(CliError::Usage(format!(
                "--scenario writes TOML: expected a file name ending in .toml, found {}",
                p.display()
            )));
        }
    }
    let coder = match &args.dictionaries {
        Some(dir) => Coder::new(
            brink_events::dict::load_dir(dir)?,
            brink_events::cameo::CameoTables::embedded(),
        ),
        None => Coder::embedded(),
    };
    let inputs = expand(&args.files)?;
    with_threads(args.threads, || code_all(&args, &coder, &inputs, date))?
}

enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::Stdin => "-".into(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Files, directories (their files, recursively, sorted; hidden ones skipped) and `-`.
fn expand(files: &[String]) -> Result<Vec<Input>, CliError> {
    let mut out = vec![];
    for f in files {
        if f == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let p = PathBuf::from(f);
        if p.is_dir() {
            let mut found = vec![];
            walk(&p, &mut found).map_err(|e| {
                CliError::Input(
                    Diagnostic::error(f, format!("cannot read the directory: {e}")).into(),
                )
            })?;
            found.sort();
            out.extend(found.into_iter().map(Input::File));
        } else if p.is_file() {
            out.push(Input::File(p));
        } else {
            return Err(CliError::Input(
                Diagnostic::error(f, "no such file or directory: expected an article (a text file), a directory of articles, or `-`").into(),
            ));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads an article: text with a NUL byte is binary (an error); invalid UTF-8 is decoded with
/// replacement characters and a located warning.
fn read_article(input: &Input) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let name = input.name();
    let bytes = match input {
        Input::Stdin => {
            let mut b = vec![];
            std::io::stdin()
                .read_to_end(&mut b)
                .map_err(|e| Diagnostic::error(&name, format!("cannot read stdin: {e}")))?;
            b
        }
        Input::File(p) => std::fs::read(p)
            .map_err(|e| Diagnostic::error(&name, format!("cannot read the file: {e}")))?,
    };
    let locate = |pos: usize| {
        let lossy = String::from_utf8_lossy(&bytes[..pos]);
        Location::of_offset(&lossy, lossy.len())
    };
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Diagnostic::error(
            &name,
            "expected a text article, found a NUL byte (a binary file?)",
        )
        .at(locate(pos)));
    }
    match String::from_utf8(bytes.clone()) {
        Ok(s) => Ok((s, None)),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let warning = Diagnostic::warning(
                &name,
                "invalid UTF-8 byte: expected UTF-8 text; undecodable bytes were replaced by U+FFFD and the article coded",
            )
            .at(locate(pos));
            Ok((String::from_utf8_lossy(&bytes).into_owned(), Some(warning)))
        }
    }
}

fn code_all(
    args: &Args,
    coder: &Coder,
    inputs: &[Input],
    date: Option<u32>,
) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed: Vec<Diagnostic> = vec![];
    let mut summary = Summary::default();
    let mut kept: Vec<Document> = vec![];
    let mut first = true;
    let write = |out: &mut std::io::BufWriter<std::io::StdoutLock>, s: &str| {
        // A closed pipe (`brink events … | head`) ends the output quietly.
        let _ = out.write_all(s.as_bytes());
    };
    if !args.summary {
        match args.format {
            Format::Json => write(&mut out, "{\n  \"documents\": [\n"),
            Format::Csv => write(&mut out, &csv_header()),
            Format::Table => {}
        }
    }
    let mut total_events = 0;
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<Result<(Document, Option<Diagnostic>), Diagnostic>> = chunk
            .par_iter()
            .map(|input| {
                let (text, warning) = read_article(input)?;
                Ok((coder.code(&input.name(), &text, date), warning))
            })
            .collect();
        for r in results {
            let (doc, warning) = match r {
                Ok(x) => x,
                Err(d) => {
                    failed.push(d);
                    continue;
                }
            };
            if let Some(w) = warning {
                eprintln!("{w}");
            }
            total_events += doc.events.len();
            if args.summary {
                summary.add(&doc);
            } else {
                let text = match args.format {
                    Format::Json => {
                        let body = serde_json::to_string_pretty(&doc)
                            .expect("a document always serialises");
                        let indented = body
                            .lines()
                            .map(|l| format!("    {l}"))
                            .collect::<Vec<_>>()
                            .join("\n");
                        format!("{}{indented}", if first { "" } else { ",\n" })
                    }
                    Format::Csv => csv_rows(&doc),
                    Format::Table => table(&doc),
                };
                write(&mut out, &text);
                first = false;
            }
            if args.scenario.is_some() {
                kept.push(doc);
            }
        }
        let _ = out.flush();
    }
    if args.summary {
        write(&mut out, &summary.render(args.format));
    } else {
        match args.format {
            Format::Json => write(&mut out, "\n  ]\n}\n"),
            Format::Table if inputs.len() > 1 => write(
                &mut out,
                &format!(
                    "{} article(s), {total_events} event(s)\n",
                    inputs.len() - failed.len()
                ),
            ),
            _ => {}
        }
    }
    let _ = out.flush();
    drop(out);
    for d in &failed {
        eprintln!("{d}");
    }
    if let Some(path) = &args.scenario {
        if failed.is_empty() {
            write_skeleton(path, &kept, date)?;
        } else {
            eprintln!(
                "note: {} not written: some inputs could not be read",
                path.display()
            );
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::InputMessage(format!(
            "{} of {} input(s) could not be coded",
            failed.len(),
            inputs.len()
        )))
    }
}

/// Writes the skeleton; the `[crisis]` sketch stays a TOML table only if brink's own loaders
/// accept it, else it is written as comments.
fn write_skeleton(path: &Path, docs: &[Document], date: Option<u32>) -> Result<(), CliError> {
    let name = path.display().to_string();
    let accepted = |text: &str| -> Result<(), Diagnostics> {
        let (loaded, _) = brink_formats::load_text(text, &name)?;
        if let brink_formats::Loaded::Scenario(s) = loaded {
            brink_crisis::CrisisSpec::from_scenario(&s)?;
        }
        Ok(())
    };
    let with_crisis = skeleton::write(docs, date, true);
    let text = if accepted(&with_crisis).is_ok() {
        with_crisis
    } else {
        let plain = skeleton::write(docs, date, false);
        if let Err(e) = accepted(&plain) {
            return Err(CliError::InputMessage(format!(
                "the scenario skeleton did not pass brink's checks, so {name} was not written:\n{e}"
            )));
        }
        plain
    };
    emit(Some(path), &text)?;
    eprintln!("wrote {name}: check it with `brink check {name}`");
    Ok(())
}

fn flags(e: &brink_events::Event) -> String {
    let mut f = String::new();
    for (on, c) in [
        (e.negated, 'N'),
        (e.conditional, 'C'),
        (e.future, 'F'),
        (e.reported, 'R'),
    ] {
        f.push(if on { c } else { '·' });
    }
    f
}

fn truncate(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= n {
        s
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

fn table(doc: &Document) -> String {
    // Long paths keep their tail, so the header fits in 100 columns.
    let n = doc.path.chars().count();
    let path = if n > 56 {
        format!("…{}", doc.path.chars().skip(n - 55).collect::<String>())
    } else {
        doc.path.clone()
    };
    let mut s = format!(
        "{}{} — {} sentence(s), {} event(s)\n",
        path,
        doc.date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default(),
        doc.sentences,
        doc.events.len()
    );
    if doc.events.is_empty() {
        return s + "\n";
    }
    let mut t = Table::new(&[
        ("#", Align::Right),
        ("source", Align::Left),
        ("target", Align::Left),
        ("CAMEO", Align::Left),
        ("PLOVER", Align::Left),
        ("G", Align::Right),
        ("NCFR", Align::Left),
        ("evidence", Align::Left),
    ]);
    for e in &doc.events {
        let evidence = e.text.clone();
        t.row(vec![
            e.sentence.to_string(),
            e.source.code.clone(),
            e.target
                .as_ref()
                .map(|t| t.code.clone())
                .unwrap_or_else(|| "—".into()),
            e.cameo.clone(),
            e.plover
                .as_ref()
                .map(|p| p.event.clone())
                .unwrap_or_else(|| "—".into()),
            e.goldstein
                .map(|g| format!("{g:.1}"))
                .unwrap_or_else(|| "—".into()),
            flags(e),
            truncate(&evidence, 44),
        ]);
    }
    s.push_str(&t.render("  "));
    s.push_str("  flags: N negated, C conditional, F future/intended, R reported; G Goldstein\n\n");
    s
}

const CSV_COLUMNS: &[&str] = &[
    "path",
    "date",
    "sentence",
    "source",
    "source_text",
    "target",
    "target_text",
    "cameo",
    "plover_event",
    "plover_mode",
    "plover_context",
    "goldstein",
    "quad_class",
    "negated",
    "conditional",
    "future",
    "reported",
    "pattern",
    "span_start",
    "span_end",
    "text",
];

fn csv_header() -> String {
    CSV_COLUMNS.join(",") + "\n"
}

fn csv_rows(doc: &Document) -> String {
    let mut s = String::new();
    for e in &doc.events {
        let p = e.plover.as_ref();
        let cells = [
            doc.path.clone(),
            doc.date.clone().unwrap_or_default(),
            e.sentence.to_string(),
            e.source.code.clone(),
            e.source.text.clone(),
            e.target
                .as_ref()
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            e.target
                .as_ref()
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            e.cameo.clone(),
            p.map(|p| p.event.clone()).unwrap_or_default(),
            p.map(|p| p.mode.clone()).unwrap_or_default(),
            p.map(|p| p.context.clone()).unwrap_or_default(),
            e.goldstein.map(|g| g.to_string()).unwrap_or_default(),
            e.quad_class.map(|q| q.to_string()).unwrap_or_default(),
            e.negated.to_string(),
            e.conditional.to_string(),
            e.future.to_string(),
            e.reported.to_string(),
            e.pattern.clone(),
            e.span[0].to_string(),
            e.span[1].to_string(),
            e.text.split_whitespace().collect::<Vec<_>>().join(" "),
        ];
        s.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        s.push('\n');
    }
    s
}

/// Per dyad: counts by PLOVER type, Goldstein sum.
#[derive(Default)]
struct Summary {
    dyads: BTreeMap<(String, String), Dyad>,
}

#[derive(Default)]
struct Dyad {
    events: usize,
    by_type: BTreeMap<String, (usize, f64, usize)>,
    goldstein: f64,
    scored: usize,
}

impl Summary {
    fn add(&mut self, doc: &Document) {
        for e in &doc.events {
            let key = (
                e.source.code.clone(),
                e.target
                    .as_ref()
                    .map(|t| t.code.clone())
                    .unwrap_or_else(|| "—".into()),
            );
            let d = self.dyads.entry(key).or_default();
            d.events += 1;
            let ty = e
                .plover
                .as_ref()
                .map(|p| p.event.clone())
                .unwrap_or_else(|| format!("(CAMEO {})", &e.cameo[..2.min(e.cameo.len())]));
            let cell = d.by_type.entry(ty).or_insert((0, 0.0, 0));
            cell.0 += 1;
            if let Some(g) = e.goldstein {
                d.goldstein += g;
                d.scored += 1;
                cell.1 += g;
                cell.2 += 1;
            }
        }
    }

    fn render(&self, format: Format) -> String {
        let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
        match format {
            Format::Json => {
                let dyads: Vec<serde_json::Value> = self
                    .dyads
                    .iter()
                    .map(|((s, t), d)| {
                        serde_json::json!({
                            "source": s,
                            "target": if t == "—" { serde_json::Value::Null } else { serde_json::Value::from(t.clone()) },
                            "events": d.events,
                            "mean_goldstein": mean(d.goldstein, d.scored),
                            "plover": d.by_type.iter().map(|(k, v)| (k.clone(), serde_json::Value::from(v.0))).collect::<serde_json::Map<_, _>>(),
                        })
                    })
                    .collect();
                serde_json::to_string_pretty(&serde_json::json!({ "dyads": dyads })).expect("json")
                    + "\n"
            }
            Format::Csv => {
                let mut s = String::from("source,target,plover_event,events,mean_goldstein\n");
                for ((src, tgt), d) in &self.dyads {
                    for (ty, (n, g, k)) in &d.by_type {
                        let t = if tgt == "—" { "" } else { tgt };
                        let m = mean(*g, *k).map(|m| format!("{m:.2}")).unwrap_or_default();
                        s.push_str(&format!(
                            "{},{},{},{n},{m}\n",
                            csv_field(src),
                            csv_field(t),
                            csv_field(ty)
                        ));
                    }
                }
                s
            }
            Format::Table => {
                let mut t = Table::new(&[
                    ("source", Align::Left),
                    ("target", Align::Left),
                    ("events", Align::Right),
                    ("mean G", Align::Right),
                    ("by PLOVER type", Align::Left),
                ]);
                let mut rows: Vec<_> = self.dyads.iter().collect();
                rows.sort_by(|a, b| b.1.events.cmp(&a.1.events).then(a.0.cmp(b.0)));
                for ((src, tgt), d) in rows {
                    let types: Vec<String> = d
                        .by_type
                        .iter()
                        .map(|(k, v)| format!("{k} {}", v.0))
                        .collect();
                    t.row(vec![
                        src.clone(),
                        tgt.clone(),
                        d.events.to_string(),
                        mean(d.goldstein, d.scored)
                            .map(|m| format!("{m:+.1}"))
                            .unwrap_or_else(|| "—".into()),
                        truncate(&types.join(", "), 50),
                    ]);
                }
                t.render("")
            }
        }
    }
}
