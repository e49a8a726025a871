//! Writing results: all at once (never half-written), and aligned text tables for terminals.

use crate::error::CliError;
use std::io::Write;
use std::path::Path;

/// Writes `content` to `path` (atomically: a temporary file renamed into place) or to stdout.
/// On stdout, control characters from names in the input are escaped
/// ([`brink_core::printable`]): a terminal must not obey an escape sequence in an actor's name.
/// Files get the content as it is.
pub fn emit(path: Option<&Path>, content: &str) -> Result<(), CliError> {
    match path {
        None => {
            let content = brink_core::printable(content);
            let mut out = std::io::stdout().lock();
            match out.write_all(content.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`brink … | head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
                Err(e) => Err(CliError::Write {
                    path: "standard output".into(),
                    message: e.to_string(),
                }),
            }
        }
        Some(path) => {
            let err = |e: std::io::Error| CliError::Write {
                path: path.display().to_string(),
                message: e.to_string(),
            };
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let tmp = dir.join(format!(
                ".{}.brink-tmp",
                path.file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            ));
            std::fs::write(&tmp, content).map_err(err)?;
            std::fs::rename(&tmp, path).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                err(e)
            })
        }
    }
}

/// A failed `println!` (see main.rs): a closed pipe ends the program quietly (exit 0), any
/// other failure (a full disk) with a message and exit 1 — never half-written in silence.
pub fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    let _ = writeln!(
        std::io::stderr(),
        "error: cannot write standard output: {e}"
    );
    std::process::exit(1);
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A text table with aligned columns.
pub struct Table {
    headers: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[(&str, Align)]) -> Self {
        Table {
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            align: headers.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    pub fn render(&self, indent: &str) -> String {
        let n = self.headers.len();
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(c));
            }
        }
        let line = |cells: &[String]| {
            let mut s = String::from(indent);
            for (i, w) in widths.iter().enumerate() {
                let c = cells.get(i).map(String::as_str).unwrap_or("");
                let pad = w - width(c);
                if i > 0 {
                    s.push_str("  ");
                }
                match self.align[i] {
                    Align::Left if i + 1 == n => s.push_str(c),
                    Align::Left => {
                        s.push_str(c);
                        s.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        s.push_str(&" ".repeat(pad));
                        s.push_str(c);
                    }
                }
            }
            s.trim_end().to_string() + "\n"
        };
        let mut out = line(&self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&line(&rule));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

/// Decimals that suit a scale: 1 on 0–100, 2 on 4–10, more on 0–1.
pub fn decimals_for(scale: [f64; 2]) -> usize {
    let span = (scale[1] - scale[0]).abs();
    if span >= 50.0 {
        1
    } else if span >= 5.0 {
        2
    } else {
        3
    }
}

pub fn fmt_num(x: f64, decimals: usize) -> String {
    if x.is_nan() {
        "—".into()
    } else if x.abs() >= 1e15 && x.is_finite() {
        // 300 digits of a number near f64::MAX help nobody.
        format!("{x:.3e}")
    } else {
        format!("{x:.decimals$}")
    }
}

/// The heading of an issue's section in a table report: a blank line, then `Name (id) — detail`.
pub fn issue_heading(name: &str, id: &str, detail: &str) -> String {
    format!("\n{name} ({id}) — {detail}\n")
}
