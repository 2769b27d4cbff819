//! The one error type, for the few truly fatal per-input cases: the input could not be read,
//! or its bytes are not text. Everything odd inside a readable document is a
//! [`Warning`](crate::diag::Warning) instead.

use std::fmt;
use std::path::{Path, PathBuf};

/// Why an input produced no record. Opaque: ask with the predicates, print with `Display`.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
}

#[derive(Debug)]
enum ErrorKind {
    Io(std::io::Error),
    NotText(String),
    TooLarge { bytes: u64, limit: u64 },
    BadLine(String),
}

impl Error {
    /// The input could not be read (missing file, permission, …).
    #[cold]
    pub fn io(err: std::io::Error) -> Error {
        Error { kind: ErrorKind::Io(err), path: None }
    }

    /// The bytes are not text in any encoding vnplan reads.
    #[cold]
    pub fn not_text(why: impl Into<String>) -> Error {
        Error { kind: ErrorKind::NotText(why.into()), path: None }
    }

    /// The input is larger than the configured limit.
    #[cold]
    pub fn too_large(bytes: u64, limit: u64) -> Error {
        Error { kind: ErrorKind::TooLarge { bytes, limit }, path: None }
    }

    /// A `--stdin-jsonl` line is not a request vnplan can read (not JSON, no text, bad
    /// base64, …); `why` says which line and what is wrong.
    #[cold]
    pub fn bad_line(why: impl Into<String>) -> Error {
        Error { kind: ErrorKind::BadLine(why.into()), path: None }
    }

    /// Attaches the path of the input the error is about.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The input's path, if known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when reading failed at the operating-system level.
    pub fn is_io(&self) -> bool {
        matches!(self.kind, ErrorKind::Io(_))
    }

    /// True when the bytes were read but are not text.
    pub fn is_not_text(&self) -> bool {
        matches!(self.kind, ErrorKind::NotText(_))
    }

    /// The stable code written in the error record (`error.code` in SPEC.md).
    pub fn code(&self) -> &'static str {
        match self.kind {
            ErrorKind::Io(_) => "unreadable",
            ErrorKind::NotText(_) => "not_text",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::BadLine(_) => "bad_line",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}: ", p.display())?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot read input: {e}"),
            ErrorKind::NotText(why) => write!(f, "not text: {why}"),
            ErrorKind::TooLarge { bytes, limit } => {
                write!(f, "input is {bytes} bytes, over the limit of {limit} bytes")
            }
            ErrorKind::BadLine(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
