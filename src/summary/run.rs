//! `ombuds summary`: the reports of an existing dataset, without
//! re-reading the corpus.
//!
//! The reports are staged and published as one set, under the output
//! folder's lock ([`Staging`]). Into the dataset's own folder (the default:
//! `reports/`) only an unfiltered summary may write: it carries the dataset
//! over unchanged and keeps the extract run's counts. A filtered summary
//! there would replace the dataset's reports with a subset's: refused
//! (exit 2, "use --out").

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use super::json::{DatasetRead, ExtractRun, Source, SummaryFile};
use super::stats::Summary;
use super::{html, reports, warn_unknown, xlsx, Filter, REPORTS};
use crate::escape::printable;
use crate::stage::{write_staged, Staging};

/// A checked `ombuds summary`.
#[derive(Debug, Clone)]
pub struct SummaryConfig {
    /// The `decisions.jsonl` to read.
    pub dataset: PathBuf,
    pub out: PathBuf,
    pub filter: Filter,
    /// Print the decisions kept on stdout.
    pub list: bool,
    /// A UTF-8 byte-order mark at the start of `councils.csv`.
    pub excel_bom: bool,
}

/// What `ombuds summary` did.
pub struct SummaryRun {
    pub summary: Summary,
    pub read: u64,
    pub out: PathBuf,
    /// `--council` named an organisation no decision of the dataset has:
    /// nothing was written (exit 1).
    pub council_unmatched: Option<String>,
}

/// Cells too long for `ombuds.xlsx` named on stderr, at most.
const SHOWN_CUTS: u64 = 20;

/// Runs `ombuds summary` as configured.
pub fn run(cfg: &SummaryConfig) -> Result<SummaryRun> {
    let (dataset, filter) = (&cfg.dataset, &cfg.filter);
    if !dataset.is_file() {
        bail!(
            "dataset {} not found (run `ombuds extract` first, or give the path of a decisions.jsonl)",
            dataset.display()
        );
    }
    if cfg.out.is_file() {
        bail!("output folder {} is a file", cfg.out.display());
    }
    let same_file =
        |p: &Path| p.exists() && fs::canonicalize(p).ok() == fs::canonicalize(dataset).ok();
    let beside_dataset = same_file(&cfg.out.join(crate::write::DECISIONS_JSONL));
    if beside_dataset && !filter.is_empty() {
        bail!(
            "a filtered summary ({}) would replace the reports of the dataset in {} with a \
             subset's figures: use --out DIR to write it elsewhere",
            filter.describe(),
            cfg.out.display()
        );
    }
    // The extract run's own counts (files seen, errors...), from the
    // summary.json beside the dataset: only that run knew them.
    let run = ExtractRun::beside(dataset);
    // Beside the dataset: the reports, and the outputs of the set they join
    // (carried over). Not every output name: a file of the user's named
    // ombuds.db beside a --no-db dataset is not ombuds's to refuse or keep.
    let published = if beside_dataset {
        crate::stage::published_outputs(&cfg.out)
    } else {
        Vec::new()
    };
    let declared: Vec<&str> = crate::write::OUTPUTS
        .iter()
        .copied()
        .filter(|n| REPORTS.contains(n) || published.iter().any(|p| p == n))
        .collect();
    let mut staging = Staging::create(&cfg.out, &declared)?;
    if beside_dataset {
        staging.carry_over()?;
    }
    // Cells too long for ombuds.xlsx: the dataset is not ours to change
    // here, so they are named on stderr.
    let mut cut = 0u64;
    let stdout = std::io::stdout();
    let mut list = cfg.list.then(|| stdout.lock());
    if let Some(w) = list.as_mut() {
        writeln!(
            w,
            "reference\tdecision_date\torganisation\tcategory\toutcome\tremedy_total_gbp\tfile"
        )?;
    }
    let scan = reports::scan(dataset, filter, |d| {
        if let Some(w) = list.as_mut() {
            // Page text on a terminal, or in a .tsv a spreadsheet opens:
            // no control characters (a tab would shift the columns), no
            // formulas.
            let cell = |s: &str| crate::escape::csv_text(&printable(s)).into_owned();
            let o = |s: &Option<String>| s.as_deref().map(cell).unwrap_or_default();
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                o(&d.reference),
                o(&d.decision_date),
                o(&d.organisation),
                o(&d.category),
                o(&d.outcome),
                d.remedy_total_gbp
                    .map(crate::record::Gbp::decimal)
                    .unwrap_or_default(),
                cell(&d.file)
            )?;
        }
        for (field, chars) in xlsx::overlong_cells(d) {
            cut += 1;
            if cut <= SHOWN_CUTS {
                eprintln!(
                    "ombuds: warning: {}: {}",
                    printable(&d.file),
                    xlsx::cut_warning(field, chars)
                );
            }
        }
        Ok(())
    })?;
    drop(list);
    if cut > SHOWN_CUTS {
        eprintln!(
            "ombuds: warning: and {} more cells cut in ombuds.xlsx",
            super::count(cut - SHOWN_CUTS)
        );
    }
    let reports::Scan {
        summary,
        read,
        pages,
        book,
    } = scan;
    if let Some((council, _)) = &filter.council {
        if summary.overall.decisions == 0 {
            // Nothing published: the staging folder goes with `staging`.
            return Ok(SummaryRun {
                summary,
                read,
                out: cfg.out.clone(),
                council_unmatched: Some(council.clone()),
            });
        }
    }
    let site = html::Site::new(&summary);
    let file = SummaryFile::build(
        &summary,
        &site,
        filter,
        Source::Dataset {
            read: DatasetRead {
                path: dataset.display().to_string(),
                records_read: read,
            },
            run,
        },
    );
    write_staged(staging.dir(), crate::write::SUMMARY_JSON, |w| file.write(w))?;
    // The dataset's database, only when ombuds published it with the
    // dataset: a file of the user's named ombuds.db beside a --no-db
    // dataset is not its database.
    let folder = dataset.parent().unwrap_or(Path::new("."));
    let database = folder.join(crate::db::OMBUDS_DB);
    let published_db = crate::stage::published_outputs(folder)
        .iter()
        .any(|n| n == crate::db::OMBUDS_DB);
    let data = reports::data_links(
        staging.out(),
        dataset,
        published_db.then_some(database.as_path()),
    );
    let target = reports::Target {
        dir: staging.dir(),
        dataset,
        filter,
        bom: cfg.excel_bom,
        data: &data,
    };
    reports::write(&target, &summary, &site, pages, book)?;
    staging.commit()?;
    warn_unknown(&summary);
    Ok(SummaryRun {
        summary,
        read,
        out: cfg.out.clone(),
        council_unmatched: None,
    })
}
