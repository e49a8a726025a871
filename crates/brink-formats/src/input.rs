//! Reading an input file safely: any bytes, stdin as `-`, invalid UTF-8 located.

use brink_core::{Diagnostic, Diagnostics, Location};
use std::io::Read;

/// The text of an input and the name used in diagnostics.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceText {
    pub file: String,
    pub text: String,
}

/// Reads `path` (`-` = stdin) as UTF-8 text. A byte-order mark is dropped; invalid UTF-8 is an
/// error located at its first bad byte; so is a NUL byte (a binary file).
pub fn read_input(path: &str) -> Result<SourceText, Diagnostics> {
    if path != "-" {
        refuse_special_file(path)?;
    }
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    if let Err(e) = result {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if std::path::Path::new(path).is_dir() => {
                "is a directory, expected a file".to_string()
            }
            _ => e.to_string(),
        };
        return Err(Diagnostic::error(path, format!("cannot read: {what}")).into());
    }
    decode(bytes, path).map(|text| SourceText {
        file: path.to_string(),
        text,
    })
}

/// Refuses a path that is not a regular file (a FIFO, a socket, a device), before anything opens
/// it: opening a FIFO with no writer blocks forever, and a device can be endless.
fn refuse_special_file(path: &str) -> Result<(), Diagnostics> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(()); // Missing or unreadable: the open below says which.
    };
    if meta.is_file() {
        return Ok(());
    }
    let what = if meta.is_dir() {
        "is a directory".to_string()
    } else {
        format!("is a {}", special_kind(&meta))
    };
    Err(Diagnostic::error(
        path,
        format!("cannot read: {what}, expected a regular file (use `-` to read standard input)"),
    )
    .into())
}

#[cfg(unix)]
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "named pipe (FIFO)"
    } else if t.is_socket() {
        "socket"
    } else if t.is_char_device() {
        "character device"
    } else if t.is_block_device() {
        "block device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::Metadata) -> &'static str {
    "special file"
}

/// Bytes → text, with located errors for invalid UTF-8 and NUL bytes.
pub fn decode(bytes: Vec<u8>, file: &str) -> Result<String, Diagnostics> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            return Err(Diagnostic::error(
                file,
                format!(
                    "invalid UTF-8 (byte 0x{:02x}): expected a text file",
                    bytes[valid]
                ),
            )
            .at(Location::of_offset(prefix, prefix.len()))
            .into());
        }
    };
    if let Some(nul) = text.find('\0') {
        return Err(
            Diagnostic::error(file, "NUL byte: expected a text file, found binary data")
                .at(Location::of_offset(&text, nul))
                .into(),
        );
    }
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode(b"ab\ncd\xffx".to_vec(), "f.toml").unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.location, Some(Location { line: 2, col: 3 }));
        assert!(d.message.contains("invalid UTF-8"));
    }

    #[test]
    fn binary_is_rejected() {
        assert!(decode(b"x\0y".to_vec(), "f").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_before_opening() {
        // A character device (reading /dev/zero would never end); a FIFO with no writer would
        // block on open — both are refused from their metadata alone.
        let err = read_input("/dev/zero").unwrap_err();
        assert!(err.0[0].message.contains("character device"), "{err}");
        let dir = std::env::temp_dir().join(format!("brink-fifo-{}", std::process::id()));
        let status = std::process::Command::new("mkfifo").arg(&dir).status();
        if status.is_ok_and(|s| s.success()) {
            let err = read_input(dir.to_str().unwrap()).unwrap_err();
            let _ = std::fs::remove_file(&dir);
            assert!(err.0[0].message.contains("named pipe"), "{err}");
        }
    }

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode("\u{feff}a".as_bytes().to_vec(), "f").unwrap(), "a");
    }
}
