//! Council-by-council statistics and the reports, for `ombuds summary` and
//! at the end of `ombuds extract`. One file per job:
//!
//! - [`decision`]: the read model, what the reports use of a decision;
//! - [`dataset`]: reading `decisions.jsonl` in batches, and lines back;
//! - [`filter`]: which decisions to count;
//! - [`stats`]: the figures, folded one decision at a time;
//! - [`gazetteer`]: one council, one row, with its type;
//! - [`reports`]: the one pass over the dataset that feeds every report;
//! - [`json`]: `summary.json`; [`markdown`]: `summary.md`;
//!   [`html`]: `report.html` and the organisation pages;
//!   [`tables`]: `councils.csv`; [`xlsx`]: `ombuds.xlsx`;
//! - [`format`](mod@format): numbers for people;
//! - [`run`](mod@run): the `summary` command itself.
//!
//! Every report is written into a staging folder and published as one set
//! with the same lock as `ombuds extract` ([`crate::stage`]).

pub mod dataset;
pub mod decision;
pub mod filter;
pub mod format;
pub mod gazetteer;
pub mod html;
pub mod json;
pub mod markdown;
pub mod reports;
pub mod run;
pub mod stats;
pub mod tables;
pub mod xlsx;

use std::path::Path;

use anyhow::Result;

pub use decision::{Decision, DecisionPayment, DecisionRemedy, EvidenceText};
pub use filter::{Filter, FilterSpec};
pub use format::{count, money, percent};
pub use html::COUNCILS_DIR;
pub use run::{run, SummaryConfig, SummaryRun};

use crate::escape::printable;
use crate::stage::write_staged;
use json::{ExtractRun, Source, SummaryFile};
use stats::Summary;

pub const SUMMARY_MD: &str = "summary.md";
pub const REPORT_HTML: &str = "report.html";
pub const COUNCILS_CSV: &str = "councils.csv";
pub const OMBUDS_XLSX: &str = "ombuds.xlsx";

/// What `ombuds summary` publishes: the reports (the organisation pages
/// are the folder [`COUNCILS_DIR`]).
pub const REPORTS: &[&str] = &[
    crate::write::SUMMARY_JSON,
    SUMMARY_MD,
    REPORT_HTML,
    COUNCILS_CSV,
    OMBUDS_XLSX,
    COUNCILS_DIR,
];

/// The reports at the end of `ombuds extract`, once the staged
/// `decisions.jsonl` in `dir` is final (duplicates folded in): one pass
/// over it gives the figures, then `summary.json` (with the run's counts)
/// and every report, while `alongside` (the database's organisations) is
/// given the figures and the pages' names on a thread of its own. Returns
/// the figures.
pub fn write_extract_reports(
    dir: &Path,
    run: ExtractRun,
    bom: bool,
    alongside: impl FnOnce(&Summary, &html::Site) -> Result<()> + Send,
) -> Result<Summary> {
    let dataset = dir.join(crate::write::DECISIONS_JSONL);
    let filter = Filter::default();
    let scan = reports::scan(&dataset, &filter, |_| Ok(()))?;
    let site = html::Site::new(&scan.summary);
    let file = SummaryFile::build(&scan.summary, &site, &filter, Source::Extract(run));
    write_staged(dir, crate::write::SUMMARY_JSON, |w| file.write(w))?;
    // The database being written beside the dataset (not with --no-db):
    // everything in the staging folder is this run's.
    let database = dir.join(crate::db::OMBUDS_DB);
    let data = reports::data_links(dir, &dataset, Some(&database));
    let target = reports::Target {
        dir,
        dataset: &dataset,
        filter: &filter,
        bom,
        data: &data,
    };
    let reports::Scan {
        summary,
        pages,
        book,
        ..
    } = scan;
    std::thread::scope(|scope| {
        let other = scope.spawn(|| alongside(&summary, &site));
        let written = reports::write(&target, &summary, &site, pages, book);
        let other = other
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a thread beside the reports panicked")));
        written.and(other)
    })?;
    warn_unknown(&summary);
    Ok(summary)
}

/// Prints the organisations the gazetteer does not know, on stderr.
pub fn warn_unknown(summary: &Summary) {
    const SHOWN: usize = 20;
    let unknown = summary.unknown_organisations();
    if !unknown.is_empty() {
        let more = if unknown.len() > SHOWN {
            format!(
                "; and {} more (summary.json lists them all under unknown_organisations)",
                count((unknown.len() - SHOWN) as u64)
            )
        } else {
            String::new()
        };
        eprintln!(
            "ombuds: warning: {} organisation(s) not in the gazetteer (type unknown): {}{more}",
            count(unknown.len() as u64),
            printable(&unknown[..unknown.len().min(SHOWN)].join("; "))
        );
    }
}
