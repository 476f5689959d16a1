//! Writing the dataset: `decisions.jsonl`, `decisions.csv`, `remedies.csv`,
//! `errors.jsonl` and `summary.json`, one record at a time.
//!
//! Every file is written into the run's staging folder ([`crate::stage`]),
//! which is published as a whole only when the run completes, so an
//! interrupted run never leaves a truncated or mixed dataset behind.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::csvout::CsvWriter;
use crate::dedupe::Fixups;
use crate::escape::csv_text;
use crate::record::{ErrorRecord, Gbp, Record};
use crate::stage::Staging;

pub const DECISIONS_JSONL: &str = "decisions.jsonl";
pub const DECISIONS_CSV: &str = "decisions.csv";
pub const REMEDIES_CSV: &str = "remedies.csv";
pub const FINDINGS_CSV: &str = "findings.csv";
pub const ERRORS_JSONL: &str = "errors.jsonl";
pub const SUMMARY_JSON: &str = "summary.json";

/// Every file ombuds publishes in an output folder: the dataset, then the
/// reports ([`crate::summary::REPORTS`]). A writer that adds an output adds
/// its name here; [`crate::stage::Staging`] refuses to publish any other.
pub const OUTPUTS: &[&str] = &[
    DECISIONS_JSONL,
    DECISIONS_CSV,
    REMEDIES_CSV,
    FINDINGS_CSV,
    ERRORS_JSONL,
    SUMMARY_JSON,
    crate::summary::SUMMARY_MD,
    crate::summary::REPORT_HTML,
    crate::summary::COUNCILS_CSV,
    crate::summary::OMBUDS_XLSX,
    crate::summary::COUNCILS_DIR,
    crate::db::OMBUDS_DB,
    crate::db::metadata::METADATA_JSON,
];

/// The outputs of the database, which `--no-db` does not write.
pub const DB_OUTPUTS: &[&str] = &[crate::db::OMBUDS_DB, crate::db::metadata::METADATA_JSON];

/// The outputs an extract run publishes: [`OUTPUTS`], without
/// [`DB_OUTPUTS`] when `db` is false (so that a file of the user's with
/// one of their names is left alone, and a database of an earlier run is
/// not published beside a dataset it does not describe).
pub fn extract_outputs(db: bool) -> Vec<&'static str> {
    OUTPUTS
        .iter()
        .copied()
        .filter(|n| db || !DB_OUTPUTS.contains(n))
        .collect()
}

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
    "url",
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
    "per",
    "evidence_line",
    "evidence",
    "url",
];

/// Column names of `findings.csv`: one row per complaint item (Housing
/// Ombudsman) or body complained about (PHSO), issue 14.
pub const FINDING_COLUMNS: &[&str] = &[
    "file",
    "ombudsman",
    "reference",
    "organisation",
    "decision_date",
    "position",
    "complaint",
    "finding_organisation",
    "determination",
    "evidence_line",
    "evidence_section",
    "evidence",
    "url",
];

/// The open output files of one run, all in the run's staging folder.
pub struct Outputs {
    dir: PathBuf,
    decisions: BufWriter<File>,
    errors: BufWriter<File>,
    csv: CsvWriter<BufWriter<File>>,
    remedies: CsvWriter<BufWriter<File>>,
    findings: CsvWriter<BufWriter<File>>,
    line: Vec<u8>,
}

impl Outputs {
    /// Opens every output in the staging folder. With `bom`, the CSV files
    /// start with a UTF-8 byte-order mark so that Excel reads £ right.
    pub fn create(staging: &Staging, bom: bool) -> Result<Outputs> {
        let decisions = staging.create_file(DECISIONS_JSONL)?;
        let errors = staging.create_file(ERRORS_JSONL)?;
        let mut csv_file = staging.create_file(DECISIONS_CSV)?;
        let mut remedies_file = staging.create_file(REMEDIES_CSV)?;
        let mut findings_file = staging.create_file(FINDINGS_CSV)?;
        let dir = staging.dir().to_path_buf();
        if bom {
            csv_file
                .write_all(UTF8_BOM)
                .and_then(|_| remedies_file.write_all(UTF8_BOM))
                .and_then(|_| findings_file.write_all(UTF8_BOM))
                .with_context(|| format!("cannot write {}", dir.display()))?;
        }
        let mut csv = CsvWriter::new(csv_file);
        csv.write_header(DECISION_COLUMNS)
            .with_context(|| format!("cannot write {}", dir.join(DECISIONS_CSV).display()))?;
        let mut remedies = CsvWriter::new(remedies_file);
        remedies
            .write_header(REMEDY_COLUMNS)
            .with_context(|| format!("cannot write {}", dir.join(REMEDIES_CSV).display()))?;
        let mut findings = CsvWriter::new(findings_file);
        findings
            .write_header(FINDING_COLUMNS)
            .with_context(|| format!("cannot write {}", dir.join(FINDINGS_CSV).display()))?;
        Ok(Outputs {
            dir,
            decisions,
            errors,
            csv,
            remedies,
            findings,
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
            .write_row(decision_row(r))
            .with_context(|| self.err_context(DECISIONS_CSV))?;
        for row in remedy_rows(r) {
            self.remedies
                .write_row(&row)
                .with_context(|| self.err_context(REMEDIES_CSV))?;
        }
        for row in finding_rows(r) {
            self.findings
                .write_row(&row)
                .with_context(|| self.err_context(FINDINGS_CSV))?;
        }
        Ok(())
    }

    pub fn write_error(&mut self, e: &ErrorRecord) -> Result<()> {
        serde_json::to_writer(&mut self.errors, e)
            .map_err(std::io::Error::from)
            .and_then(|_| self.errors.write_all(b"\n"))
            .with_context(|| self.err_context(ERRORS_JSONL))
    }

    fn err_context(&self, name: &str) -> String {
        format!("cannot write {}", self.dir.join(name).display())
    }

    /// Flushes everything. Nothing is published yet: that is
    /// [`Staging::commit`], after every other output is written.
    pub fn finish(self) -> Result<()> {
        let Outputs {
            dir,
            decisions,
            errors,
            csv,
            remedies,
            findings,
            ..
        } = self;
        let ctx = |name: &str| format!("cannot write {}", dir.join(name).display());
        let flush = |w: BufWriter<File>, name: &str| -> Result<()> {
            w.into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| ctx(name))?;
            Ok(())
        };
        flush(decisions, DECISIONS_JSONL)?;
        flush(errors, ERRORS_JSONL)?;
        flush(csv.into_inner(), DECISIONS_CSV)?;
        flush(remedies.into_inner(), REMEDIES_CSV)?;
        flush(findings.into_inner(), FINDINGS_CSV)
    }
}

/// Adds what later copies of a decision taught us (their file names, the
/// fields they disagree on) to the first record, which was streamed out
/// before they were seen. One streaming pass over `decisions.jsonl` and
/// `decisions.csv` in step (they hold one entry per record, in order); a
/// record's fixup is found by the reference in its CSV row, and only the
/// records with one are parsed, every other line is copied as is.
/// Returns how many records had no warning before and have one now.
/// `fixed` sees each fixed record with its 0-based index (the database
/// takes the same records).
pub fn apply_fixups(
    dir: &Path,
    fixups: &Fixups,
    fixed: &mut dyn FnMut(u64, &Record) -> Result<()>,
) -> Result<u64> {
    if fixups.is_empty() {
        return Ok(0);
    }
    let mut newly_warned = 0;
    let jsonl_path = dir.join(DECISIONS_JSONL);
    let csv_path = dir.join(DECISIONS_CSV);
    let ctx = |p: &Path| format!("cannot rewrite {}", p.display());
    let mut jsonl_in = BufReader::new(File::open(&jsonl_path).with_context(|| ctx(&jsonl_path))?);
    let mut csv_raw = BufReader::new(File::open(&csv_path).with_context(|| ctx(&csv_path))?);
    let bom = csv_raw.fill_buf()?.starts_with(UTF8_BOM);
    if bom {
        csv_raw.consume(UTF8_BOM.len());
    }
    let mut csv_in = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_raw);

    let jsonl_tmp = dir.join(format!(".{DECISIONS_JSONL}.fix"));
    let csv_tmp = dir.join(format!(".{DECISIONS_CSV}.fix"));
    let mut jsonl_out = BufWriter::new(File::create(&jsonl_tmp).with_context(|| ctx(&jsonl_tmp))?);
    let mut csv_file = BufWriter::new(File::create(&csv_tmp).with_context(|| ctx(&csv_tmp))?);
    if bom {
        csv_file.write_all(UTF8_BOM)?;
    }
    let mut csv_out = CsvWriter::new(csv_file);

    let mut rows = csv_in.records();
    let header = rows.next().context("decisions.csv has no header")??;
    csv_out.write_header(&header.iter().collect::<Vec<_>>())?;
    let reference_at = header
        .iter()
        .position(|h| h == "reference")
        .context("decisions.csv has no reference column")?;
    let mut line = Vec::new();
    let mut index = 0u64;
    loop {
        line.clear();
        if jsonl_in.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let row = rows
            .next()
            .with_context(|| format!("{} has fewer rows than records", csv_path.display()))??;
        match fixups.get(index, row.get(reference_at).unwrap_or_default()) {
            Some(fix) => {
                let mut r: Record = serde_json::from_slice(&line)
                    .with_context(|| format!("{} line {}", jsonl_path.display(), index + 1))?;
                newly_warned += u64::from(fix.apply(&mut r));
                fixed(index, &r)?;
                serde_json::to_writer(&mut jsonl_out, &r)?;
                jsonl_out.write_all(b"\n")?;
                csv_out.write_row(decision_row(&r))?;
            }
            None => {
                jsonl_out
                    .write_all(&line)
                    .with_context(|| ctx(&jsonl_tmp))?;
                // Re-quoted by the same rule, so the row is as written.
                csv_out.write_row(&row).with_context(|| ctx(&csv_tmp))?;
            }
        }
        index += 1;
    }
    jsonl_out
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| ctx(&jsonl_tmp))?;
    csv_out
        .into_inner()
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| ctx(&csv_tmp))?;
    fs::rename(&jsonl_tmp, &jsonl_path).with_context(|| ctx(&jsonl_path))?;
    fs::rename(&csv_tmp, &csv_path).with_context(|| ctx(&csv_path))?;
    Ok(newly_warned)
}

/// A text cell: the value, neutralised if it starts like a formula.
fn text(s: &str) -> String {
    csv_text(s).into_owned()
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(text).unwrap_or_default()
}

/// A row of `decisions.csv`. Every text cell goes through [`csv_text`]
/// (a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`);
/// money cells are numbers with two decimals and are written as they are.
pub fn decision_row(r: &Record) -> Vec<String> {
    let join = |it: Vec<String>| text(&it.join("; "));
    vec![
        text(&r.file),
        text(&r.ombudsman),
        opt(&r.reference),
        opt(&r.organisation),
        opt(&r.category),
        opt(&r.category_area),
        opt(&r.category_sub),
        opt(&r.decision_date),
        opt(&r.outcome),
        opt(&r.outcome_basis),
        text(&r.decision_kind),
        opt(&r.complainant),
        opt(&r.summary),
        join(r.payments.iter().map(|p| p.amount_gbp.decimal()).collect()),
        r.remedy_total_gbp.map(Gbp::decimal).unwrap_or_default(),
        join(r.remedies.iter().map(|m| m.kind.clone()).collect()),
        r.remedy_already_provided.to_string(),
        r.remedy_already_provided_gbp
            .map(Gbp::decimal)
            .unwrap_or_default(),
        join(
            r.deadlines
                .iter()
                .map(|d| match d.days {
                    Some(n) => format!("{n} days"),
                    None => d.text.clone(),
                })
                .collect(),
        ),
        join(r.duplicates.clone()),
        text(&r.encoding),
        text(&r.warnings.join(" | ")),
        opt(&r.url),
    ]
}

/// The rows of `remedies.csv` for one record (text cells as in
/// [`decision_row`]).
fn remedy_rows(r: &Record) -> Vec<[String; 13]> {
    let mut rows = Vec::new();
    for p in &r.payments {
        rows.push([
            text(&r.file),
            opt(&r.reference),
            opt(&r.organisation),
            opt(&r.decision_date),
            text(&p.kind),
            "personal".into(),
            p.amount_gbp.decimal(),
            opt(&p.recipient),
            opt(&p.purpose),
            opt(&p.per),
            p.evidence.line.to_string(),
            text(&p.evidence.text),
            opt(&r.url),
        ]);
    }
    for m in r.remedies.iter().filter(|m| m.kind != "payment") {
        rows.push([
            text(&r.file),
            opt(&r.reference),
            opt(&r.organisation),
            opt(&r.decision_date),
            text(&m.kind),
            text(&m.group),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            m.evidence.line.to_string(),
            text(&m.evidence.text),
            opt(&r.url),
        ]);
    }
    rows
}

/// The rows of `findings.csv` for one record (text cells as in
/// [`decision_row`]).
fn finding_rows(r: &Record) -> Vec<[String; 13]> {
    r.findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            [
                text(&r.file),
                text(&r.ombudsman),
                opt(&r.reference),
                opt(&r.organisation),
                opt(&r.decision_date),
                (i + 1).to_string(),
                opt(&f.complaint),
                opt(&f.organisation),
                text(&f.determination),
                f.evidence.line.to_string(),
                opt(&f.evidence.section),
                text(&f.evidence.text),
                opt(&r.url),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_cells_are_neutralised() {
        let mut r = Record::new("h.txt".into());
        r.ombudsman = "Housing Ombudsman".into();
        r.findings.push(crate::record::Finding {
            complaint: Some("=cmd|' /C calc'!A0".into()),
            organisation: None,
            determination: "maladministration".into(),
            evidence: crate::record::Evidence {
                line: 7,
                text: "Maladministration in its response.".into(),
                section: Some("determination".into()),
            },
        });
        let rows = finding_rows(&r);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].len(), FINDING_COLUMNS.len());
        assert_eq!(rows[0][6], "'=cmd|' /C calc'!A0");
        assert_eq!(rows[0][8], "maladministration");
        assert_eq!(rows[0][9], "7");
    }

    /// The `url` cell of both CSVs is a text cell like the others (issue 11
    /// and 12): neutralised when it starts like a formula, and quoted.
    #[test]
    fn url_cells_are_text_cells() {
        let mut r = Record::new("a.txt".into());
        r.payments.push(crate::record::Payment {
            amount_gbp: Gbp(35000),
            recipient: None,
            purpose: None,
            kind: "payment".into(),
            per: None,
            evidence: crate::record::Evidence {
                line: 3,
                text: "pay £350".into(),
                section: None,
            },
        });
        r.url = Some("=HYPERLINK(\"http://example.invalid\")".into());
        let row = decision_row(&r);
        assert_eq!(row.len(), DECISION_COLUMNS.len());
        assert_eq!(
            row.last().unwrap(),
            "'=HYPERLINK(\"http://example.invalid\")"
        );
        let rows = remedy_rows(&r);
        assert_eq!(rows[0].len(), REMEDY_COLUMNS.len());
        assert_eq!(rows[0][12], "'=HYPERLINK(\"http://example.invalid\")");
        assert_eq!(rows[0][6], "350.00", "money keeps its two decimals");

        r.url = Some("https://www.lgo.org.uk/decisions/a/b/24-012-297".into());
        let mut w = CsvWriter::new(Vec::new());
        w.write_row(decision_row(&r)).unwrap();
        let line = String::from_utf8(w.into_inner()).unwrap();
        assert!(
            line.ends_with(",\"https://www.lgo.org.uk/decisions/a/b/24-012-297\"\n"),
            "{line}"
        );
        r.url = None;
        assert_eq!(decision_row(&r).last().unwrap(), "");
    }
}
