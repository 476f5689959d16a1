//! Per-file errors. A file that gives no record gives exactly one of these,
//! written to `errors.jsonl`; fatal errors (bad flags, unwritable output) are
//! `anyhow` errors that end the run instead.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a file gave no record. The snake_case names are part of the output
/// contract (`errors.jsonl` field `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Not `.txt`, `.html` or `.htm`.
    UnsupportedType,
    /// No bytes, or no text after decoding and markup removal.
    Empty,
    /// NUL bytes without a UTF-16 byte-order mark.
    Binary,
    /// Could not be opened or read (permissions, vanished, a folder...).
    Unreadable,
    /// The walk itself failed here (symlink loop, unreadable folder).
    Walk,
    /// Above `--max-file-size`.
    TooLarge,
    /// Read as text, but no reference and no decision header lines.
    NotADecision,
    /// Parsing exceeded its budget (pathological HTML).
    Timeout,
    /// A sum of money, or the sum of the payments, too large to count
    /// exactly: the page's money cannot be read.
    Overflow,
    /// ombuds itself failed on this file (a bug: please report it with the
    /// file). The run goes on with the other files.
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnsupportedType => "unsupported_type",
            ErrorKind::Empty => "empty",
            ErrorKind::Binary => "binary",
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Walk => "walk",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::NotADecision => "not_a_decision",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Overflow => "overflow",
            ErrorKind::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct FileError {
    pub kind: ErrorKind,
    pub message: String,
}

impl FileError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> FileError {
        FileError {
            kind,
            message: message.into(),
        }
    }

    pub fn io(kind: ErrorKind, e: std::io::Error) -> FileError {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => "file vanished before it could be read".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        FileError { kind, message }
    }
}
