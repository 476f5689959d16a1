//! Reading a dataset (`decisions.jsonl`): in file order, in batches parsed
//! in parallel, each decision with the place of its line, so that the
//! organisation pages can read back the few lines they show
//! ([`Dataset::read_at`]) instead of holding decisions in memory.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use rayon::prelude::*;

use super::Decision;
use crate::record::Gbp;

/// Where a decision's line is in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineRef {
    /// 1-based line number.
    pub line: u64,
    /// Byte offset of the line's start, and its length.
    pub offset: u64,
    pub len: u32,
}

/// Lines parsed per batch: enough to keep both cores busy, small enough that
/// a batch is a few hundred kilobytes.
const PARSE_BATCH: usize = 256;

/// Reads `decisions.jsonl` in batches of decisions, in file order. Each
/// batch is parsed in parallel: parsing is most of the time of a summary.
/// A line that is not a decision record (not UTF-8, not a JSON object, no
/// `file`, a negative amount) ends the run naming the line: a dataset ombuds
/// did not write is not summarised as if it were sound.
pub fn for_each_batch(
    path: &Path,
    mut f: impl FnMut(Vec<(LineRef, Decision)>) -> Result<()>,
) -> Result<()> {
    let file =
        File::open(path).with_context(|| format!("cannot open dataset {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut lines: Vec<(LineRef, Vec<u8>)> = Vec::with_capacity(PARSE_BATCH);
    let (mut n, mut offset) = (0u64, 0u64);
    loop {
        let mut line = Vec::new();
        let read = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if read > 0 {
            n += 1;
            if !line.trim_ascii().is_empty() {
                let at = LineRef {
                    line: n,
                    offset,
                    len: u32::try_from(read).with_context(|| {
                        format!("{}:{n}: a line over 4 GB is not a decision", path.display())
                    })?,
                };
                lines.push((at, line));
            }
            offset += read as u64;
        }
        if lines.len() == PARSE_BATCH || (read == 0 && !lines.is_empty()) {
            let batch = lines
                .par_drain(..)
                .map(|(at, line)| {
                    parse_decision(&line)
                        .map(|d| (at, d))
                        .with_context(|| not_a_decision(path, at.line))
                })
                .collect::<Result<Vec<_>>>()?;
            f(batch)?;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

fn not_a_decision(path: &Path, line: u64) -> String {
    format!("{}:{line}: not a decision record", path.display())
}

/// One line of `decisions.jsonl`, checked.
pub fn parse_decision(line: &[u8]) -> Result<Decision> {
    let text = std::str::from_utf8(line).map_err(|e| {
        anyhow::anyhow!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1)
    })?;
    let text = text.trim();
    if !text.starts_with('{') {
        bail!("not a JSON object");
    }
    let d: Decision = serde_json::from_str(text)?;
    if d.file.is_empty() {
        bail!("no `file` field");
    }
    let negative = |g: Gbp| g.0 < 0;
    if d.remedy_total_gbp.is_some_and(negative)
        || d.remedy_already_provided_gbp.is_some_and(negative)
        || d.payments.iter().any(|p| negative(p.amount_gbp))
    {
        bail!("a negative amount of money");
    }
    Ok(d)
}

/// A dataset opened for reading lines back by their place.
pub struct Dataset {
    path: PathBuf,
    file: File,
}

impl Dataset {
    pub fn open(path: &Path) -> Result<Dataset> {
        let file =
            File::open(path).with_context(|| format!("cannot open dataset {}", path.display()))?;
        Ok(Dataset {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The decision on the line at `at` (as [`for_each_batch`] found it).
    /// Safe to call from several threads at once.
    pub fn read_at(&self, at: LineRef) -> Result<Decision> {
        let mut buf = vec![0u8; at.len as usize];
        read_exact_at(&self.file, &mut buf, at.offset)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        parse_decision(&buf).with_context(|| not_a_decision(&self.path, at.line))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_back_by_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.jsonl");
        let mut text = String::new();
        for i in 0..600 {
            if i == 3 {
                text.push_str("\n  \n");
            }
            text.push_str(&format!(
                "{{\"file\":\"f{i}.txt\",\"reference\":\"24 000 {i:03}\",\"summary\":\"£{i} é\"}}\n"
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let mut seen = Vec::new();
        for_each_batch(&path, |b| {
            seen.extend(b);
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 600);
        // Two blank lines before the fourth decision.
        assert_eq!(seen[3].0.line, 6);
        let ds = Dataset::open(&path).unwrap();
        for (at, d) in [&seen[0], &seen[3], &seen[599]] {
            assert_eq!(ds.read_at(*at).unwrap(), *d);
        }
        assert_eq!(seen[599].1.summary.as_deref(), Some("£599 é"));
    }
}
