//! The report pass: one read of the dataset feeds every report.
//!
//! [`scan`] reads `decisions.jsonl` once, in file order: each decision the
//! filter keeps is folded into the figures ([`Summary`]), streamed into the
//! spreadsheet's Decisions and Remedies sheets (on their own thread: the
//! deflate is the longest part), and offered to its organisation's two
//! short lists, its newest [`MAX_ROWS`] decisions and its [`LARGEST`]
//! largest remedies, kept as line positions (about 40 bytes each). Memory
//! grows with the number of organisations, never with the number of
//! decisions. [`write`](fn@write) then writes `summary.md`, `councils.csv`,
//! `report.html` and, in parallel, the organisation pages, each reading
//! back only the lines it shows ([`Dataset::read_at`]), while the
//! spreadsheet is finished and saved.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::path::{Component, Path};
use std::sync::mpsc::sync_channel;
use std::thread;

use anyhow::{anyhow, bail, Context, Result};
use rayon::prelude::*;

use super::dataset::{for_each_batch, Dataset, LineRef};
use super::filter::Filter;
use super::gazetteer::Gazetteer;
use super::html::organisation::{OrgPage, LARGEST, MAX_ROWS};
use super::html::{organisation, overview, DataLink, Site, COUNCILS_DIR};
use super::stats::Summary;
use super::{markdown, tables, xlsx, Decision, COUNCILS_CSV, OMBUDS_XLSX, REPORT_HTML, SUMMARY_MD};

use crate::db::OMBUDS_DB;
use crate::record::Gbp;
use crate::stage::write_staged;
use crate::write::{DECISIONS_CSV, DECISIONS_JSONL, REMEDIES_CSV, SUMMARY_JSON};

/// Batches in flight to the spreadsheet writer: bounds the memory of the
/// pass whatever the dataset's size.
const QUEUE: usize = 4;

/// The `k` best entries offered, by key (larger is better).
#[derive(Debug)]
struct Best<K: Ord> {
    k: usize,
    heap: BinaryHeap<Reverse<(K, LineRef)>>,
}

impl<K: Ord> Best<K> {
    fn new(k: usize) -> Best<K> {
        Best {
            k,
            heap: BinaryHeap::new(),
        }
    }

    fn offer(&mut self, key: K, at: LineRef) {
        if self.heap.len() < self.k {
            self.heap.push(Reverse((key, at)));
        } else if self.heap.peek().is_some_and(|w| key > w.0 .0) {
            self.heap.pop();
            self.heap.push(Reverse((key, at)));
        }
    }

    /// Best first.
    fn into_sorted(self) -> Vec<LineRef> {
        // into_sorted_vec is ascending in Reverse: best first.
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.0 .1)
            .collect()
    }
}

/// `2024-03-14` as 20240314; 0 (oldest) when undated or unreadable.
fn date_key(d: &Decision) -> u32 {
    let Some(s) = d.decision_date.as_deref() else {
        return 0;
    };
    let part = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(day)) => y * 10_000 + m * 100 + day,
        _ => 0,
    }
}

/// Per organisation: where its newest decisions and its largest remedies
/// are in the dataset.
#[derive(Debug, Default)]
pub struct PageRows {
    newest: HashMap<String, Best<(u32, Reverse<u64>)>>,
    largest: HashMap<String, Best<(Gbp, Reverse<u64>)>>,
}

impl PageRows {
    fn observe(&mut self, org: &str, at: LineRef, d: &Decision) {
        // Newest first; on the same date, in dataset order.
        let newest = (date_key(d), Reverse(at.line));
        match self.newest.get_mut(org) {
            Some(b) => b.offer(newest, at),
            None => {
                let mut b = Best::new(MAX_ROWS);
                b.offer(newest, at);
                self.newest.insert(org.to_string(), b);
            }
        }
        if let Some(total) = d.remedy_total_gbp.filter(|g| g.0 > 0) {
            self.largest
                .entry(org.to_string())
                .or_insert_with(|| Best::new(LARGEST))
                .offer((total, Reverse(at.line)), at);
        }
    }
}

/// What one pass over the dataset gathered.
pub struct Scan {
    pub summary: Summary,
    /// Decisions read (kept or not).
    pub read: u64,
    pub pages: PageRows,
    pub book: xlsx::Book,
}

/// Reads the dataset once (see the module documentation); `each` sees
/// every decision the filter keeps, in order.
pub fn scan(
    dataset: &Path,
    filter: &Filter,
    mut each: impl FnMut(&Decision) -> Result<()>,
) -> Result<Scan> {
    let g = Gazetteer::embedded();
    let mut book = xlsx::Book::new()?;
    let (tx, rx) = sync_channel::<Vec<Decision>>(QUEUE);
    thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<xlsx::Book> {
            for batch in rx {
                for d in &batch {
                    book.add_decision(d)?;
                }
            }
            Ok(book)
        });
        let mut summary = Summary::default();
        let mut rows = PageRows::default();
        let mut read = 0u64;
        let parsed = for_each_batch(dataset, |batch| {
            let mut kept = Vec::with_capacity(batch.len());
            for (at, d) in batch {
                read += 1;
                if !filter.matches(&d, g) {
                    continue;
                }
                each(&d)?;
                summary.observe_ombudsman(&d);
                // The council-by-council figures and pages are the LGSCO's.
                if d.is_lgsco() {
                    let org = summary.observe(&d, g);
                    rows.observe(&org, at, &d);
                }
                kept.push(d);
            }
            if tx.send(kept).is_err() {
                bail!("the spreadsheet writer stopped");
            }
            Ok(())
        });
        drop(tx);
        let book = writer
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the spreadsheet writer panicked")));
        // The writer's own error explains a failed send better.
        let book = book?;
        parsed?;
        Ok(Scan {
            summary,
            read,
            pages: rows,
            book,
        })
    })
}

/// Encodes a path segment for an `href`.
fn href_segment(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                o.push(b as char)
            }
            _ => o.push_str(&format!("%{b:02X}")),
        }
    }
    o
}

/// `to` relative to the folder `from`, as an `href` (`../data/decisions.csv`).
fn relative_href(from: &Path, to: &Path) -> Option<String> {
    let from = std::fs::canonicalize(from).ok()?;
    let to = std::fs::canonicalize(to).ok()?;
    let f: Vec<Component> = from.components().collect();
    let t: Vec<Component> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); f.len() - common];
    for c in &t[common..] {
        parts.push(href_segment(c.as_os_str().to_str()?));
    }
    Some(parts.join("/"))
}

/// The files the pages link to. The reports are beside `report.html` in
/// `out`; the dataset's own files (`decisions.csv`...) are beside
/// `dataset`, which may be elsewhere (`ombuds summary --out`), and so is
/// `database`, the run's `ombuds.db` when it has one.
pub fn data_links(out: &Path, dataset: &Path, database: Option<&Path>) -> Vec<DataLink> {
    let link = |label: &str, href: String, what: &str, lists: bool| DataLink {
        label: label.into(),
        href,
        what: what.into(),
        lists_decisions: lists,
    };
    let mut v = Vec::new();
    let folder = dataset.parent().unwrap_or(Path::new("."));
    let beside = same_folder(out, folder);
    for (name, what) in [
        (
            DECISIONS_CSV,
            "every decision of the dataset, one row each (CSV, opens in a spreadsheet)",
        ),
        (
            REMEDIES_CSV,
            "every payment and non-financial remedy, one row each (CSV)",
        ),
        (
            crate::write::FINDINGS_CSV,
            "every finding of the Housing Ombudsman and PHSO decisions, one row per complaint item or body (CSV)",
        ),
        (
            DECISIONS_JSONL,
            "every decision with the sentences its figures come from (JSON lines)",
        ),
    ] {
        let target = if name == DECISIONS_JSONL {
            dataset.to_path_buf()
        } else {
            folder.join(name)
        };
        let Some(file_name) = target.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !target.is_file() {
            continue;
        }
        let href = if beside {
            Some(href_segment(file_name))
        } else {
            relative_href(out, &target)
        };
        if let Some(href) = href {
            v.push(link(file_name, href, what, name == DECISIONS_CSV));
        }
    }
    if let Some(db) = database.filter(|p| p.is_file()) {
        let href = if same_folder(out, db.parent().unwrap_or(Path::new("."))) {
            Some(OMBUDS_DB.to_string())
        } else {
            relative_href(out, db)
        };
        if let Some(href) = href {
            v.push(link(
                OMBUDS_DB,
                href,
                "every decision of the dataset with its payments, remedies, deadlines and full text, as an SQLite database with full-text search (datasette ombuds.db -m metadata.json)",
                true,
            ));
        }
    }
    v.push(link(
        OMBUDS_XLSX,
        OMBUDS_XLSX.into(),
        "the decisions counted here, their remedies and the organisations, in a spreadsheet with filters",
        true,
    ));
    v.push(link(
        COUNCILS_CSV,
        COUNCILS_CSV.into(),
        "one row per organisation with every figure (CSV)",
        false,
    ));
    v.push(link(
        SUMMARY_JSON,
        SUMMARY_JSON.into(),
        "every figure of this report, with its definition (JSON)",
        false,
    ));
    v.push(link(
        SUMMARY_MD,
        SUMMARY_MD.into(),
        "the figures as text (Markdown)",
        false,
    ));
    v
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Where and how the reports are written.
pub struct Target<'a> {
    /// The staging folder ([`crate::stage::Staging::dir`]).
    pub dir: &'a Path,
    /// The dataset the scan read (the pages read their rows back from it).
    pub dataset: &'a Path,
    pub filter: &'a Filter,
    /// A UTF-8 byte-order mark at the start of `councils.csv`.
    pub bom: bool,
    pub data: &'a [DataLink],
}

/// Writes every report but `summary.json` into the target folder, from a
/// scan of its dataset: `summary` is the scan's, `pages` and `book` too.
pub fn write(
    t: &Target,
    s: &Summary,
    site: &Site,
    pages: PageRows,
    book: xlsx::Book,
) -> Result<()> {
    let (dir, filter, data) = (t.dir, t.filter, t.data);
    let bom = t.bom;
    let rows = pages;
    write_staged(dir, SUMMARY_MD, |w| markdown::write(w, s, site, filter))?;
    write_staged(dir, COUNCILS_CSV, |w| {
        tables::write_councils_csv(w, s, site, bom)
    })?;
    write_staged(dir, REPORT_HTML, |w| {
        overview::write(w, s, site, filter, data)
    })?;
    let pages = dir.join(COUNCILS_DIR);
    std::fs::create_dir_all(&pages)
        .with_context(|| format!("cannot create {}", pages.display()))?;
    let ds = Dataset::open(t.dataset)?;
    let averages = s.type_averages();
    let PageRows {
        mut newest,
        mut largest,
    } = rows;
    let orgs: Vec<_> = s
        .organisations_by_name()
        .into_iter()
        .map(|(key, org, name)| {
            let n = newest.remove(key).map_or_else(Vec::new, Best::into_sorted);
            let l = largest.remove(key).map_or_else(Vec::new, Best::into_sorted);
            (key, org, name, n, l)
        })
        .collect();
    let xlsx_path = dir.join(OMBUDS_XLSX);
    // A carried-over workbook is a hard link into the published set: saving
    // must not write through it.
    let _ = std::fs::remove_file(&xlsx_path);
    thread::scope(|scope| {
        let saving = scope.spawn(|| {
            book.finish(s, site, &xlsx_path)
                .with_context(|| format!("cannot write {}", xlsx_path.display()))
        });
        let written = orgs.par_iter().try_for_each(|(key, org, name, n, l)| {
            let read = |v: &[LineRef]| {
                v.iter()
                    .map(|at| ds.read_at(*at))
                    .collect::<Result<Vec<_>>>()
            };
            let (newest, largest) = (read(n)?, read(l)?);
            let page = OrgPage {
                key,
                name,
                org,
                type_average: averages.get(&org.org_type),
                newest: &newest,
                largest: &largest,
                filter,
                data,
            };
            write_staged(&pages, site.file(key), |w| organisation::write(w, &page))
        });
        let saved = saving
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the spreadsheet writer panicked")));
        written.and(saved)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u64) -> LineRef {
        LineRef {
            line,
            offset: line * 10,
            len: 10,
        }
    }

    #[test]
    fn the_newest_are_kept_newest_first() {
        let mut b = Best::new(3);
        for (line, date) in [
            (1, 20200101),
            (2, 20240101),
            (3, 0),
            (4, 20240101),
            (5, 20210601),
            (6, 20190101),
        ] {
            b.offer((date, Reverse(line)), at(line));
        }
        let lines: Vec<u64> = b.into_sorted().iter().map(|a| a.line).collect();
        // 2024 (line 2 before line 4), then June 2021.
        assert_eq!(lines, [2, 4, 5]);
    }

    #[test]
    fn hrefs_are_relative_and_encoded() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("out");
        let b = dir.path().join("my data");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(b.join("decisions.jsonl"), "").unwrap();
        assert_eq!(
            relative_href(&a, &b.join("decisions.jsonl")).unwrap(),
            "../my%20data/decisions.jsonl"
        );
        let links = data_links(&a, &b.join("decisions.jsonl"), None);
        assert_eq!(links[0].label, "decisions.jsonl");
        assert_eq!(links[0].href, "../my%20data/decisions.jsonl");
        let beside = data_links(&b, &b.join("decisions.jsonl"), None);
        assert_eq!(beside[0].href, "decisions.jsonl");
        // The run's database, when it has one, is listed after the dataset.
        let db = b.join(OMBUDS_DB);
        assert!(data_links(&a, &b.join("decisions.jsonl"), Some(&db))
            .iter()
            .all(|l| l.label != OMBUDS_DB));
        std::fs::write(&db, "").unwrap();
        let links = data_links(&a, &b.join("decisions.jsonl"), Some(&db));
        assert_eq!(
            (links[1].label.as_str(), links[1].href.as_str()),
            (OMBUDS_DB, "../my%20data/ombuds.db")
        );
        assert!(links[1].lists_decisions);
        let beside = data_links(&b, &b.join("decisions.jsonl"), Some(&db));
        assert_eq!(beside[1].href, "ombuds.db");
    }
}
