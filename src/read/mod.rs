//! Reading one input file into text: size limit, byte decoding (UTF-8 with or
//! without BOM, UTF-16 with BOM, Windows-1252 fallback) and, for HTML, turning
//! the page into lines with its block structure kept.
//!
//! Reading never panics on bad input: every problem is a [`FileError`] with a
//! kind that ends up in `errors.jsonl`.

mod decode;
pub mod html;
pub mod nesting;

use std::fs::File;
use std::io::Read;
use std::path::Path;

pub use decode::{decode, Decoded};

use crate::budget::Budget;
use crate::error::{ErrorKind, FileError};

/// What the file's extension says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
}

impl Format {
    /// The format for a path's extension, or `None` for unsupported types.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("txt") {
            Some(Format::Text)
        } else if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") {
            Some(Format::Html)
        } else {
            None
        }
    }
}

/// A document as text, before cleaning.
#[derive(Debug, Clone)]
pub struct Doc {
    pub text: String,
    /// The encoding the bytes were read as (`utf-8`, `utf-16le`, `windows-1252`...).
    pub encoding: &'static str,
    pub warnings: Vec<String>,
    /// The page's own address (an HTML canonical link), when it gives one.
    pub canonical: Option<String>,
}

/// Reads `path` into `buf` (reused between files by the caller), refusing
/// files above `max_size` bytes before reading them.
pub fn read_bytes(path: &Path, max_size: u64, buf: &mut Vec<u8>) -> Result<(), FileError> {
    buf.clear();
    // Look before opening: opening a named pipe would block for ever, and a
    // device could stream without end.
    let meta = std::fs::metadata(path).map_err(|e| FileError::io(ErrorKind::Unreadable, e))?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(FileError::new(
            ErrorKind::Unreadable,
            "not a regular file (a named pipe, socket or device)",
        ));
    }
    let file = File::open(path).map_err(|e| FileError::io(ErrorKind::Unreadable, e))?;
    let meta = file
        .metadata()
        .map_err(|e| FileError::io(ErrorKind::Unreadable, e))?;
    if meta.is_dir() {
        return Err(FileError::new(
            ErrorKind::Unreadable,
            "is a folder, not a file",
        ));
    }
    if meta.len() > max_size {
        return Err(FileError::new(
            ErrorKind::TooLarge,
            format!(
                "file is {} bytes, above the limit of {max_size} bytes (--max-file-size)",
                meta.len()
            ),
        ));
    }
    if !meta.is_file() || meta.len() == 0 {
        // Size unknown (a device, a pipe, a file system that reports 0):
        // read at most one byte past the limit.
        file.take(max_size.saturating_add(1))
            .read_to_end(buf)
            .map_err(|e| FileError::io(ErrorKind::Unreadable, e))?;
        if buf.len() as u64 > max_size {
            return Err(FileError::new(
                ErrorKind::TooLarge,
                format!("file grew above the limit of {max_size} bytes while being read"),
            ));
        }
        return Ok(());
    }
    // Read the size stat gave, in one read call for a regular file, rather
    // than read_to_end's extra call to see the end: a system call a file
    // saved. A file that grew since stat is read as it was; one that shrank
    // stops at its end.
    let len = meta.len() as usize;
    buf.resize(len, 0);
    let mut filled = 0;
    let mut file = file;
    while filled < len {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FileError::io(ErrorKind::Unreadable, e)),
        }
    }
    buf.truncate(filled);
    Ok(())
}

/// Bytes to a [`Doc`]: decoding, then HTML to lines for HTML files.
pub fn to_doc(bytes: &[u8], format: Format, budget: &Budget) -> Result<Doc, FileError> {
    if bytes.is_empty() {
        return Err(FileError::new(ErrorKind::Empty, "file is empty (0 bytes)"));
    }
    let Decoded {
        text,
        encoding,
        warning,
    } = decode(bytes)?;
    let mut warnings: Vec<String> = warning.into_iter().collect();
    let mut canonical = None;
    let text = match format {
        Format::Text => text.into_owned(),
        Format::Html => {
            let c = html::convert(&text, budget)?;
            warnings.extend(c.warnings);
            canonical = c.canonical;
            c.text
        }
    };
    if text.trim().is_empty() {
        return Err(FileError::new(
            ErrorKind::Empty,
            "file has no text (only white space or markup)",
        ));
    }
    Ok(Doc {
        text,
        encoding,
        warnings,
        canonical,
    })
}
