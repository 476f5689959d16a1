//! The `--incremental` cache: what each input file gave last time, so that a
//! rerun over a folder that grew reads only the new or changed files.
//!
//! The cache is `.ombuds/cache.jsonl` inside the published set
//! ([`crate::stage`]), published with it, so it is always consistent with
//! the outputs beside it. Its first line is a header with a fingerprint of everything that
//! shapes a record besides the file (the ombuds binary, extra rule files,
//! limits, the input paths) and the time the run started; a different
//! fingerprint means a full run. Then one line per input file, in walk
//! order: root index, relative path (and its exact bytes when it is not
//! UTF-8, so that two names that print alike never share a record), size,
//! modification and change times, inode and device, content hash (xxh3-128)
//! and the file's own outcome (the record before duplicate folding, or the
//! error), and, in runs that write the database, the record's cleaned text
//! (the database's `text`).
//!
//! Both the walk and the cache are in walk order, so they are joined as two
//! sorted streams ([`CacheReader::take`]): memory stays flat however many
//! files there are. As git does with its index (issue 11), a file is reused
//! without being opened only when its size, modification time, change time
//! (ctime, which no tool can set back: `cp -p`, `rsync -a`, `touch -r` and
//! `wget -N` all change it), inode and device are those cached, and its
//! modification time is not within [`RACY_NS`] of the time the caching run
//! started (a file edited in the same coarse tick, FAT's 2 seconds, as it was
//! read would look unchanged). Otherwise, or always with `--checksum`, it is
//! read and hashed, and reused when its content hash is the cached one.

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

/// The cache's file name inside the set's `.ombuds` folder.
pub const CACHE_NAME: &str = "cache.jsonl";
/// The cache, relative to the output folder (and to a staged set).
pub const CACHE_FILE: &str = ".ombuds/cache.jsonl";

/// The version of the cache's layout; another version means a full run.
const CACHE_VERSION: u32 = 2;

/// A modification time this close to (or after) the caching run's start is
/// "racy": the file may have changed within the same timestamp tick, so it
/// is hashed next time. 2 s covers FAT and SMB's coarse timestamps.
pub const RACY_NS: i128 = 2_000_000_000;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Header {
    ombuds_cache: u32,
    fingerprint: String,
    /// When the run that wrote the cache started (ns since the epoch).
    started_ns: i128,
}

/// One cached input, as read back (the outcome stays raw JSON until a
/// worker needs it).
#[derive(Debug, Deserialize)]
pub struct Entry {
    pub root: usize,
    pub rel: String,
    /// The path's bytes in hex, when they are not the UTF-8 of `rel`.
    #[serde(default)]
    pub raw: Option<String>,
    // Spelled out, not a flattened `Stat`: serde cannot flatten beside a
    // RawValue.
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub ino: u64,
    pub dev: u64,
    pub hash: Option<String>,
    pub outcome: Box<RawValue>,
    /// The record's cleaned text, kept by runs that write the database.
    #[serde(default)]
    pub text: Option<String>,
    /// Set by [`CacheReader::take`]: the file may have changed unseen.
    #[serde(skip)]
    pub racy: bool,
}

impl Entry {
    pub fn stat(&self) -> Stat {
        Stat {
            size: self.size,
            mtime_ns: self.mtime_ns,
            ctime_ns: self.ctime_ns,
            ino: self.ino,
            dev: self.dev,
        }
    }

    /// True when the file can be reused without reading it.
    pub fn unchanged(&self, now: &Stat) -> bool {
        !self.racy && self.stat() == *now
    }
}

/// What a file's metadata says of it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub ino: u64,
    pub dev: u64,
}

impl Stat {
    pub fn of(meta: &std::fs::Metadata) -> Stat {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stat {
                size: meta.len(),
                mtime_ns: mtime_ns(meta),
                ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
                ino: meta.ino(),
                dev: meta.dev(),
            }
        }
        #[cfg(not(unix))]
        {
            Stat {
                size: meta.len(),
                mtime_ns: mtime_ns(meta),
                ctime_ns: 0,
                ino: 0,
                dev: 0,
            }
        }
    }
}

/// One cache line to write.
#[derive(Debug, Serialize)]
pub struct NewEntry<'a> {
    pub root: usize,
    pub rel: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub ino: u64,
    pub dev: u64,
    pub hash: Option<&'a str>,
    pub outcome: &'a RawValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

impl<'a> NewEntry<'a> {
    pub fn new(
        root: usize,
        rel: &'a str,
        raw: Option<String>,
        stat: Stat,
        hash: Option<&'a str>,
        outcome: &'a RawValue,
        text: Option<&'a str>,
    ) -> NewEntry<'a> {
        NewEntry {
            root,
            rel,
            raw,
            size: stat.size,
            mtime_ns: stat.mtime_ns,
            ctime_ns: stat.ctime_ns,
            ino: stat.ino,
            dev: stat.dev,
            hash,
            outcome,
            text,
        }
    }
}

/// The path of `path` under `root` as exact bytes, `/`-separated: the
/// cache's key (the `file` field is its lossy UTF-8 form).
pub fn key(root: &Path, path: &Path) -> Vec<u8> {
    let rel = if root.is_file() {
        path.file_name().map(Path::new).unwrap_or(path)
    } else {
        path.strip_prefix(root).unwrap_or(path)
    };
    let parts: Vec<Vec<u8>> = rel.components().map(|c| os_bytes(c.as_os_str())).collect();
    parts.join(&b'/')
}

#[cfg(unix)]
fn os_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    s.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn os_bytes(s: &std::ffi::OsStr) -> Vec<u8> {
    s.to_string_lossy().as_bytes().to_vec()
}

/// `raw` for a cache line: the key in hex when `rel` does not spell it.
pub fn raw_of(key: &[u8], rel: &str) -> Option<String> {
    (key != rel.as_bytes()).then(|| key.iter().map(|b| format!("{b:02x}")).collect())
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl Entry {
    fn key(&self) -> Vec<u8> {
        self.raw
            .as_deref()
            .and_then(unhex)
            .unwrap_or_else(|| self.rel.as_bytes().to_vec())
    }
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

/// Walk order: root, then path components compared one by one, as bytes
/// (walkdir sorts each folder's entries by name).
pub fn walk_order(a: (usize, &[u8]), b: (usize, &[u8])) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.split(|&c| c == b'/').cmp(b.1.split(|&c| c == b'/')))
}

/// The previous run's cache, read as a stream in walk order.
pub struct CacheReader {
    lines: std::io::Lines<BufReader<File>>,
    peeked: Option<Entry>,
    /// When the run that wrote it started.
    started_ns: i128,
}

impl CacheReader {
    /// Opens `path` if it exists and was made with the same fingerprint.
    pub fn open(path: &Path, fingerprint: &str) -> Option<CacheReader> {
        let mut lines = BufReader::new(File::open(path).ok()?).lines();
        let header: Header = serde_json::from_str(&lines.next()?.ok()?).ok()?;
        (header.ombuds_cache == CACHE_VERSION && header.fingerprint == fingerprint).then_some(
            CacheReader {
                lines,
                peeked: None,
                started_ns: header.started_ns,
            },
        )
    }

    /// The entry for `(root, key)` ([`key`]), skipping entries of files
    /// that are gone. Calls must come in walk order.
    pub fn take(&mut self, root: usize, key: &[u8]) -> Option<Entry> {
        loop {
            if self.peeked.is_none() {
                // A damaged line ends the reuse, never the run.
                let line = self.lines.next()?.ok()?;
                self.peeked = Some(serde_json::from_str(&line).ok()?);
            }
            let e = self.peeked.as_ref().expect("peeked");
            match walk_order((e.root, &e.key()), (root, key)) {
                Ordering::Less => self.peeked = None,
                Ordering::Equal => {
                    let mut e = self.peeked.take()?;
                    e.racy = e.mtime_ns + RACY_NS > self.started_ns;
                    return Some(e);
                }
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
    /// Starts the cache of a run that started at `started_ns`.
    pub fn create(staging: &Staging, fingerprint: &str, started_ns: i128) -> Result<CacheWriter> {
        let mut w = staging.create_file(CACHE_FILE)?;
        let path = staging.dir().join(CACHE_FILE);
        let header = Header {
            ombuds_cache: CACHE_VERSION,
            fingerprint: fingerprint.to_string(),
            started_ns,
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
    fn keys_are_the_exact_bytes() {
        assert_eq!(raw_of(b"a/b.txt", "a/b.txt"), None);
        let raw = raw_of(b"a\xff.txt", "a\u{fffd}.txt").unwrap();
        assert_eq!(raw, "61ff2e747874");
        assert_eq!(unhex(&raw).unwrap(), b"a\xff.txt");
    }

    #[test]
    fn walk_order_compares_components() {
        // walkdir yields a/b before a.txt: the folder `a` sorts before `a.txt`.
        let o = |a: (usize, &str), b: (usize, &str)| {
            walk_order((a.0, a.1.as_bytes()), (b.0, b.1.as_bytes()))
        };
        assert_eq!(o((0, "a/b"), (0, "a.txt")), Ordering::Less);
        assert_eq!(o((0, "a.txt"), (0, "b")), Ordering::Less);
        assert_eq!(o((1, "a"), (0, "z")), Ordering::Greater);
        assert_eq!(o((0, "x/y"), (0, "x/y")), Ordering::Equal);
        // Names that print alike (both "a\u{fffd}.txt") stay apart.
        assert_eq!(
            walk_order((0, b"a\xfe.txt"), (0, b"a\xff.txt")),
            Ordering::Less
        );
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
            let (a, b) = (w[0].as_bytes(), w[1].as_bytes());
            assert_eq!(walk_order((0, a), (0, b)), Ordering::Less, "{w:?}");
        }
    }
}

#[cfg(test)]
mod racy_tests {
    use super::*;

    /// A file whose modification time is within [`RACY_NS`] of the caching
    /// run's start is hashed again even when all its metadata agree.
    #[test]
    fn entries_modified_near_the_runs_start_are_racy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.jsonl");
        let stat = |mtime_ns| Stat {
            size: 1,
            mtime_ns,
            ctime_ns: mtime_ns,
            ino: 7,
            dev: 1,
        };
        let start: i128 = 1_700_000_000_000_000_000;
        let mut text = serde_json::to_string(&Header {
            ombuds_cache: CACHE_VERSION,
            fingerprint: "f".into(),
            started_ns: start,
        })
        .unwrap();
        let outcome = RawValue::from_string("null".into()).unwrap();
        for (rel, mtime) in [
            ("a", start - 10 * RACY_NS),
            ("b", start - RACY_NS / 2),
            ("c", start + 1),
        ] {
            let line = NewEntry::new(0, rel, None, stat(mtime), Some("h"), &outcome, None);
            text.push('\n');
            text.push_str(&serde_json::to_string(&line).unwrap());
        }
        std::fs::write(&path, text + "\n").unwrap();
        assert!(
            CacheReader::open(&path, "other").is_none(),
            "fingerprint checked"
        );
        let mut r = CacheReader::open(&path, "f").unwrap();
        let a = r.take(0, b"a").unwrap();
        assert!(a.unchanged(&stat(start - 10 * RACY_NS)));
        assert!(
            !a.unchanged(&Stat {
                ino: 8,
                ..stat(start - 10 * RACY_NS)
            }),
            "inode"
        );
        assert!(
            !a.unchanged(&Stat {
                ctime_ns: 5,
                ..stat(start - 10 * RACY_NS)
            }),
            "ctime"
        );
        let b = r.take(0, b"b").unwrap();
        assert!(b.racy && !b.unchanged(&stat(start - RACY_NS / 2)));
        assert!(r.take(0, b"c").unwrap().racy);
    }
}
