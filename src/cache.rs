//! The `--incremental` cache: what each input file gave last time, so that a
//! rerun over a folder that grew reads only the new or changed files.
//!
//! The cache is `.cache.jsonl` inside the published generation
//! ([`crate::stage`]), so it is always consistent with the outputs beside
//! it. Its first line is a header with a fingerprint of everything that
//! shapes a record besides the file (the ombuds binary, extra rule files,
//! limits, the input paths); a different fingerprint means a full run. Then
//! one line per input file, in walk order: root index, relative path, size,
//! modification time, content hash (xxh3-128) and the file's own outcome
//! (the record before duplicate folding, or the error), and, in runs that
//! write the database, the record's cleaned text (the database's `text`).
//!
//! Both the walk and the cache are in walk order, so they are joined as two
//! sorted streams ([`CacheReader::take`]): memory stays flat however many
//! files there are. A file is reused when its size and modification time
//! are unchanged (not even opened), or when they changed but its content
//! hash did not.

use std::cmp::Ordering;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use xxhash_rust::xxh3::Xxh3;

use crate::config::ExtractConfig;
use crate::stage::Staging;

pub const CACHE_FILE: &str = ".cache.jsonl";

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Header {
    ombuds_cache: u32,
    fingerprint: String,
}

/// One cached input, as read back (the outcome stays raw JSON until a
/// worker needs it).
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub root: usize,
    pub rel: String,
    pub size: u64,
    pub mtime_ns: i128,
    pub hash: Option<String>,
    pub outcome: Box<RawValue>,
    /// The record's cleaned text, kept by runs that write the database.
    #[serde(default)]
    pub text: Option<String>,
}

/// One cache line to write.
#[derive(Debug, Serialize)]
pub struct NewEntry<'a> {
    pub root: usize,
    pub rel: &'a str,
    pub size: u64,
    pub mtime_ns: i128,
    pub hash: Option<&'a str>,
    pub outcome: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// Content hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// Modification time in nanoseconds since the epoch (0 when unknown).
pub fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// Everything besides the file that decides its record.
pub fn fingerprint(cfg: &ExtractConfig) -> String {
    let mut h = Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    // The binary itself: a rebuilt ombuds may extract differently.
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        h.update(&meta.len().to_le_bytes());
        h.update(&mtime_ns(&meta).to_le_bytes());
    }
    for f in &cfg.rule_files {
        h.update(f.display().to_string().as_bytes());
        h.update(&std::fs::read(f).unwrap_or_default());
    }
    for p in &cfg.paths {
        h.update(p.display().to_string().as_bytes());
        h.update(b"\0");
    }
    h.update(&cfg.max_file_size.to_le_bytes());
    h.update(&cfg.time_budget.as_nanos().to_le_bytes());
    format!("{:032x}", h.digest128())
}

/// Walk order: root, then path components compared one by one (walkdir
/// sorts each folder's entries by name).
pub fn walk_order(a: (usize, &str), b: (usize, &str)) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.split('/').cmp(b.1.split('/')))
}

/// The previous run's cache, read as a stream in walk order.
pub struct CacheReader {
    lines: std::io::Lines<BufReader<File>>,
    peeked: Option<Entry>,
}

impl CacheReader {
    /// Opens `path` if it exists and was made with the same fingerprint.
    pub fn open(path: &Path, fingerprint: &str) -> Option<CacheReader> {
        let mut lines = BufReader::new(File::open(path).ok()?).lines();
        let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
        let want = Header {
            ombuds_cache: 1,
            fingerprint: fingerprint.to_string(),
        };
        (header == want).then_some(CacheReader {
            lines,
            peeked: None,
        })
    }

    /// The entry for `(root, rel)`, skipping entries of files that are gone.
    /// Calls must come in walk order.
    pub fn take(&mut self, root: usize, rel: &str) -> Option<Entry> {
        loop {
            if self.peeked.is_none() {
                // A damaged line ends the reuse, never the run.
                let line = self.lines.next()?.ok()?;
                self.peeked = Some(serde_json::from_str(&line).ok()?);
            }
            let e = self.peeked.as_ref().expect("peeked");
            match walk_order((e.root, &e.rel), (root, rel)) {
                Ordering::Less => self.peeked = None,
                Ordering::Equal => return self.peeked.take(),
                Ordering::Greater => return None,
            }
        }
    }
}

/// The new cache, written into the staging folder beside the outputs.
pub struct CacheWriter {
    w: std::io::BufWriter<File>,
    path: std::path::PathBuf,
}

impl CacheWriter {
    pub fn create(staging: &Staging, fingerprint: &str) -> Result<CacheWriter> {
        let mut w = staging.create_file(CACHE_FILE)?;
        let path = staging.dir().join(CACHE_FILE);
        let header = Header {
            ombuds_cache: 1,
            fingerprint: fingerprint.to_string(),
        };
        serde_json::to_writer(&mut w, &header)?;
        w.write_all(b"\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(CacheWriter { w, path })
    }

    /// Appends one line (already serialised by a worker).
    pub fn write_line(&mut self, line: &str) -> Result<()> {
        self.w
            .write_all(line.as_bytes())
            .and_then(|_| self.w.write_all(b"\n"))
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    pub fn finish(self) -> Result<()> {
        self.w
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_compares_components() {
        // walkdir yields a/b before a.txt: the folder `a` sorts before `a.txt`.
        assert_eq!(walk_order((0, "a/b"), (0, "a.txt")), Ordering::Less);
        assert_eq!(walk_order((0, "a.txt"), (0, "b")), Ordering::Less);
        assert_eq!(walk_order((1, "a"), (0, "z")), Ordering::Greater);
        assert_eq!(walk_order((0, "x/y"), (0, "x/y")), Ordering::Equal);
    }

    #[test]
    fn walk_order_matches_the_walk() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "a/b.txt",
            "a.txt",
            "a-b/c.txt",
            "A.txt",
            "a/b/c.txt",
            "ab.txt",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let rels: Vec<String> = crate::walk::walk(&[d.to_path_buf()])
            .map(|i| i.rel().to_string())
            .collect();
        for w in rels.windows(2) {
            assert_eq!(walk_order((0, &w[0]), (0, &w[1])), Ordering::Less, "{w:?}");
        }
    }
}
