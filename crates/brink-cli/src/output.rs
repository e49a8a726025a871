//! Writing results: all at once (never half-written); the table helpers come from brink-present.

use crate::error::CliError;
pub use brink_present::table::{
    decimals_for, fmt_num, fmt_scale, fmt_signed, wrap_lines, Align, Table,
};
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

/// The heading of an issue's section in a table report: a blank line, then `Name (id) — detail`.
pub fn issue_heading(name: &str, id: &str, detail: &str) -> String {
    format!("\n{name} ({id}) — {detail}\n")
}

/// The width table output fits in: `COLUMNS` when set to a positive number, else the
/// terminal's width when stdout is a terminal, else 80 — a pipe or a file gets lines that
/// fit any terminal and any diff. See docs/cli.md ("Table output").
pub fn table_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return n.max(20);
    }
    let term = console::Term::stdout();
    if term.is_term() {
        if let Some((_, cols)) = term.size_checked() {
            return usize::from(cols).max(20);
        }
    }
    80
}

/// A table report's text with every line longer than [`table_width`] wrapped (headings and
/// notes; the tables in it are fitted as they are rendered).
pub fn fit_prose(text: &str) -> String {
    wrap_lines(text, table_width())
}
