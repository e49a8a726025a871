//! Writing results: all at once (never half-written), and Ctrl-C: the handler waits for a
//! write in progress (a file renamed into place, a run recorded in the store) and then exits 130,
//! so an interrupted command leaves either the whole output or none. The table helpers come
//! from brink-present.

use crate::error::CliError;
pub use brink_present::table::{
    decimals_for, fmt_num, fmt_scale, fmt_signed, wrap_lines, Align, Table,
};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// Held while something must not be cut short by Ctrl-C (see [`uninterrupted`]).
static WRITING: Mutex<()> = Mutex::new(());

/// The exit code of a command interrupted by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// Installs the Ctrl-C handler (once, from main): it waits for any write in progress to end,
/// then exits with [`INTERRUPTED`] without starting another.
pub fn handle_interrupts() {
    let _ = ctrlc::set_handler(|| {
        let _held = WRITING.lock().unwrap_or_else(|e| e.into_inner());
        // A progress bar may have left the cursor mid-line.
        eprintln!("\ninterrupted");
        std::process::exit(INTERRUPTED);
    });
}

/// Runs `f` with Ctrl-C held off until it returns: the process exits before or after it,
/// never during.
pub fn uninterrupted<T>(f: impl FnOnce() -> T) -> T {
    let _held = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    f()
}

/// Writes `content` to `path` whole or not at all: into a temporary file in the same directory,
/// renamed over `path` (a rename within a directory is atomic), with Ctrl-C held off. On a
/// failure the temporary file is removed and `path` is as it was. Every file the CLI writes
/// goes through here.
pub fn write_file(path: &Path, content: &[u8]) -> Result<(), CliError> {
    let err = |e: std::io::Error| CliError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.brink-tmp",
        path.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    uninterrupted(|| {
        let written = std::fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(content).and_then(|_| f.sync_all()))
            .and_then(|_| std::fs::rename(&tmp, path));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })
    })
}

/// Writes `content` to `path` (atomically: a temporary file renamed into place) or to stdout.
/// On stdout, control characters from names in the input are escaped
/// ([`brink_core::printable`]): a terminal must not obey an escape sequence in an actor's name.
/// Files get the content as it is.
pub fn emit(path: Option<&Path>, content: &str) -> Result<(), CliError> {
    match path {
        None => {
            let content = brink_core::printable(content);
            let mut out = std::io::stdout().lock();
            // Not held off from Ctrl-C: a reader that stopped reading (a pager) must not keep
            // the process alive; what reached a pipe is the reader's, not a file of ours.
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
        Some(path) => write_file(path, content.as_bytes()),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The files of `dir`, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        write_file(&path, b"first\n").unwrap();
        write_file(&path, b"second\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
        assert_eq!(listing(dir.path()), vec!["out.csv".to_string()]);
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a non-empty directory: the rename fails after the temporary was written.
        let path = dir.path().join("taken");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep"), b"x").unwrap();
        let e = write_file(&path, b"data").unwrap_err();
        assert!(e.to_string().contains("taken"), "{e}");
        assert_eq!(listing(dir.path()), vec!["taken".to_string()]);
        assert_eq!(std::fs::read(path.join("keep")).unwrap(), b"x");
        // A directory that does not exist: nothing is created anywhere.
        let missing = dir.path().join("no/such/dir/out.svg");
        assert!(write_file(&missing, b"data").is_err());
        assert_eq!(listing(dir.path()), vec!["taken".to_string()]);
    }

    #[test]
    fn a_reader_never_sees_a_partial_file() {
        // A reader polling the file while it is rewritten sees one whole version or the other,
        // never a prefix: the content reaches the path by rename only.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let a = vec![b'a'; 4 << 20];
        let b = vec![b'b'; 3 << 20];
        write_file(&path, &a).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            let reader = s.spawn(|| {
                let mut reads = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) || reads == 0 {
                    let got = std::fs::read(&path).unwrap();
                    assert!(
                        got == a || got == b,
                        "a partial file of {} bytes",
                        got.len()
                    );
                    reads += 1;
                }
                reads
            });
            for i in 0..20 {
                write_file(&path, if i % 2 == 0 { &b } else { &a }).unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            assert!(reader.join().unwrap() > 0);
        });
    }
}
