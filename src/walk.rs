//! Walking the PATHs given on the command line, in sorted order, lazily.
//!
//! Every file under a folder is yielded, whatever its type: the pipeline turns
//! unsupported types into error records rather than dropping them. Symlinks
//! are followed so that a loop is detected and reported, not walked forever.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::read::Format;

/// One file to process.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Path relative to the PATH given (its file name when PATH is a file),
    /// with `/` separators: the `file` field of the output.
    pub rel: String,
    /// `None` for unsupported types.
    pub format: Option<Format>,
}

/// What the walk yields: a file, or a place it could not go.
#[derive(Debug, Clone)]
pub enum Item {
    File(Input),
    Error { rel: String, message: String },
}

impl Item {
    pub fn rel(&self) -> &str {
        match self {
            Item::File(i) => &i.rel,
            Item::Error { rel, .. } => rel,
        }
    }
}

/// All files under `roots`, each root in turn, sorted by path within it.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Item> + '_ {
    walk_skipping(roots, None)
}

/// [`walk`], leaving out the output folder `out` (and the sets being staged
/// beside it, `.OUT.ombuds-*`) when it lies inside an input folder: a run
/// must not read its own outputs (issue 11).
pub fn walk_skipping<'a>(
    roots: &'a [PathBuf],
    out: Option<&'a Path>,
) -> impl Iterator<Item = Item> + 'a {
    let out = out.and_then(|o| {
        let meta = std::fs::metadata(o).ok()?;
        let staged = format!(".{}.ombuds-", o.file_name()?.to_string_lossy());
        Some((meta, staged))
    });
    roots
        .iter()
        .flat_map(move |root| walk_one(root, out.clone()))
}

#[cfg(unix)]
fn same_folder(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_folder(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    false
}

fn walk_one(
    root: &Path,
    out: Option<(std::fs::Metadata, String)>,
) -> impl Iterator<Item = Item> + '_ {
    let single_file = root.is_file();
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            let Some((out, staged)) = &out else {
                return true;
            };
            if !e.file_type().is_dir() {
                return true;
            }
            if e.file_name().to_string_lossy().starts_with(staged.as_str()) {
                return false;
            }
            !e.metadata().is_ok_and(|m| same_folder(&m, out))
        })
        .filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_dir() => None,
            Ok(e) => {
                let rel = if single_file {
                    e.file_name().to_string_lossy().into_owned()
                } else {
                    relative(root, e.path())
                };
                let format = Format::from_path(e.path());
                Some(Item::File(Input {
                    path: e.into_path(),
                    rel,
                    format,
                }))
            }
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| root.display().to_string());
                let message = if let Some(ancestor) = err.loop_ancestor() {
                    format!("symlink loop: points back to {}", ancestor.display())
                } else if let Some(io) = err.io_error() {
                    match io.kind() {
                        std::io::ErrorKind::NotFound => {
                            "broken link or vanished while walking".to_string()
                        }
                        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                        _ => io.to_string(),
                    }
                } else {
                    err.to_string()
                };
                Some(Item::Error { rel, message })
            }
        })
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    if parts.is_empty() {
        path.display().to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_relative_and_typed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        for f in ["b.txt", "a.HTML", "sub/c.htm", "z.pdf"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let items: Vec<_> = walk(&[d.to_path_buf()]).collect();
        let rels: Vec<_> = items.iter().map(|i| i.rel().to_string()).collect();
        assert_eq!(rels, ["a.HTML", "b.txt", "sub/c.htm", "z.pdf"]);
        let formats: Vec<_> = items
            .iter()
            .map(|i| match i {
                Item::File(f) => f.format,
                Item::Error { .. } => panic!(),
            })
            .collect();
        assert_eq!(
            formats,
            [
                Some(Format::Html),
                Some(Format::Text),
                Some(Format::Html),
                None
            ]
        );
        let single: Vec<_> = walk(&[d.join("sub/c.htm")]).collect();
        assert_eq!(single[0].rel(), "c.htm");
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_an_item() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("loop"), d.join("loop/again")).unwrap();
        let items: Vec<_> = walk(&[d.to_path_buf()]).collect();
        assert!(items
            .iter()
            .any(|i| matches!(i, Item::Error { rel, message }
            if rel == "loop/again" && message.contains("symlink loop"))));
    }
}
