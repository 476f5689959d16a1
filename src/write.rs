//! Writing the dataset: `decisions.jsonl`, `decisions.csv`, `remedies.csv`,
//! `errors.jsonl` and `summary.json`, one record at a time.
//!
//! Every file is written under a temporary name in the output folder and
//! renamed into place by [`Outputs::finish`] only when the run completes, so
//! an interrupted run never leaves a truncated dataset behind.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::record::{ErrorRecord, Record};

pub const DECISIONS_JSONL: &str = "decisions.jsonl";
pub const DECISIONS_CSV: &str = "decisions.csv";
pub const REMEDIES_CSV: &str = "remedies.csv";
pub const ERRORS_JSONL: &str = "errors.jsonl";
pub const SUMMARY_JSON: &str = "summary.json";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Column names of `decisions.csv`.
pub const DECISION_COLUMNS: &[&str] = &[
    "file",
    "ombudsman",
    "reference",
    "organisation",
    "category",
    "category_area",
    "category_sub",
    "decision_date",
    "outcome",
    "outcome_basis",
    "decision_kind",
    "complainant",
    "summary",
    "payments",
    "remedy_total_gbp",
    "remedies",
    "remedy_already_provided",
    "remedy_already_provided_gbp",
    "deadlines",
    "duplicates",
    "encoding",
    "warnings",
];

/// Column names of `remedies.csv`.
pub const REMEDY_COLUMNS: &[&str] = &[
    "file",
    "reference",
    "organisation",
    "decision_date",
    "kind",
    "group",
    "amount_gbp",
    "recipient",
    "purpose",
    "evidence_line",
    "evidence",
];

/// A file being written under a temporary name.
struct Pending {
    tmp: PathBuf,
    dest: PathBuf,
}

/// The open output files of one run.
pub struct Outputs {
    dir: PathBuf,
    pending: Vec<Pending>,
    decisions: BufWriter<File>,
    errors: BufWriter<File>,
    csv: csv::Writer<BufWriter<File>>,
    remedies: csv::Writer<BufWriter<File>>,
    line: Vec<u8>,
}

/// Creates `name` in `dir` under a temporary name.
pub fn create_pending(dir: &Path, name: &str) -> Result<(BufWriter<File>, PathBuf, PathBuf)> {
    let tmp = dir.join(format!(".{name}.tmp"));
    let file = File::create(&tmp)
        .with_context(|| format!("cannot create output file {}", tmp.display()))?;
    Ok((BufWriter::with_capacity(1 << 16, file), tmp, dir.join(name)))
}

impl Outputs {
    /// Opens every output in `dir` (created if missing). With `bom`, the CSV
    /// files start with a UTF-8 byte-order mark so that Excel reads £ right.
    pub fn create(dir: &Path, bom: bool) -> Result<Outputs> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let mut pending = Vec::new();
        let mut open = |name: &str| -> Result<BufWriter<File>> {
            let (w, tmp, dest) = create_pending(dir, name)?;
            pending.push(Pending { tmp, dest });
            Ok(w)
        };
        let decisions = open(DECISIONS_JSONL)?;
        let errors = open(ERRORS_JSONL)?;
        let mut csv_file = open(DECISIONS_CSV)?;
        let mut remedies_file = open(REMEDIES_CSV)?;
        if bom {
            csv_file.write_all(UTF8_BOM)?;
            remedies_file.write_all(UTF8_BOM)?;
        }
        let mut csv = csv::Writer::from_writer(csv_file);
        csv.write_record(DECISION_COLUMNS)?;
        let mut remedies = csv::Writer::from_writer(remedies_file);
        remedies.write_record(REMEDY_COLUMNS)?;
        Ok(Outputs {
            dir: dir.to_path_buf(),
            pending,
            decisions,
            errors,
            csv,
            remedies,
            line: Vec::with_capacity(8192),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn write_record(&mut self, r: &Record) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, r)?;
        self.line.push(b'\n');
        self.decisions
            .write_all(&self.line)
            .with_context(|| self.err_context(DECISIONS_JSONL))?;
        self.csv
            .write_record(decision_row(r))
            .with_context(|| self.err_context(DECISIONS_CSV))?;
        for row in remedy_rows(r) {
            self.remedies
                .write_record(&row)
                .with_context(|| self.err_context(REMEDIES_CSV))?;
        }
        Ok(())
    }

    pub fn write_error(&mut self, e: &ErrorRecord) -> Result<()> {
        serde_json::to_writer(&mut self.errors, e)?;
        self.errors
            .write_all(b"\n")
            .with_context(|| self.err_context(ERRORS_JSONL))
    }

    fn err_context(&self, name: &str) -> String {
        format!("cannot write {}", self.dir.join(name).display())
    }

    /// Flushes everything, writes `summary.json`, then renames all files into
    /// place.
    pub fn finish(self, summary: &impl Serialize) -> Result<()> {
        let Outputs {
            dir,
            mut pending,
            decisions,
            errors,
            csv,
            remedies,
            ..
        } = self;
        let mut writers = vec![decisions, errors];
        writers.push(csv.into_inner().map_err(|e| e.into_error())?);
        writers.push(remedies.into_inner().map_err(|e| e.into_error())?);
        let (mut s, tmp, dest) = create_pending(&dir, SUMMARY_JSON)?;
        serde_json::to_writer_pretty(&mut s, summary)?;
        s.write_all(b"\n")?;
        writers.push(s);
        pending.push(Pending { tmp, dest });
        for (w, p) in writers.into_iter().zip(&pending) {
            let file = w
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write {}", p.tmp.display()))?;
            file.sync_all()
                .with_context(|| format!("cannot write {}", p.tmp.display()))?;
        }
        commit(
            &dir,
            &pending
                .iter()
                .map(|p| (p.tmp.clone(), p.dest.clone()))
                .collect::<Vec<_>>(),
        )
    }
}

/// Renames finished temporary files into place.
pub fn commit(_dir: &Path, files: &[(PathBuf, PathBuf)]) -> Result<()> {
    for (tmp, dest) in files {
        fs::rename(tmp, dest)
            .with_context(|| format!("cannot move {} into place", dest.display()))?;
    }
    Ok(())
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn decision_row(r: &Record) -> Vec<String> {
    let join = |it: Vec<String>| it.join("; ");
    vec![
        r.file.clone(),
        r.ombudsman.clone(),
        opt(&r.reference),
        opt(&r.organisation),
        opt(&r.category),
        opt(&r.category_area),
        opt(&r.category_sub),
        opt(&r.decision_date),
        opt(&r.outcome),
        opt(&r.outcome_basis),
        r.decision_kind.clone(),
        opt(&r.complainant),
        opt(&r.summary),
        join(
            r.payments
                .iter()
                .map(|p| p.amount_gbp.to_string())
                .collect(),
        ),
        r.remedy_total_gbp.to_string(),
        join(r.remedies.iter().map(|m| m.kind.clone()).collect()),
        r.remedy_already_provided.to_string(),
        r.remedy_already_provided_gbp
            .map(|g| g.to_string())
            .unwrap_or_default(),
        join(
            r.deadlines
                .iter()
                .map(|d| format!("{} days", d.days))
                .collect(),
        ),
        join(r.duplicates.clone()),
        r.encoding.clone(),
        r.warnings.join(" | "),
    ]
}

fn remedy_rows(r: &Record) -> Vec<[String; 11]> {
    let mut rows = Vec::new();
    for p in &r.payments {
        rows.push([
            r.file.clone(),
            opt(&r.reference),
            opt(&r.organisation),
            opt(&r.decision_date),
            p.kind.clone(),
            "personal".into(),
            p.amount_gbp.to_string(),
            opt(&p.recipient),
            opt(&p.purpose),
            p.evidence.line.to_string(),
            p.evidence.text.clone(),
        ]);
    }
    for m in r.remedies.iter().filter(|m| m.kind != "payment") {
        rows.push([
            r.file.clone(),
            opt(&r.reference),
            opt(&r.organisation),
            opt(&r.decision_date),
            m.kind.clone(),
            m.group.clone(),
            String::new(),
            String::new(),
            String::new(),
            m.evidence.line.to_string(),
            m.evidence.text.clone(),
        ]);
    }
    rows
}
