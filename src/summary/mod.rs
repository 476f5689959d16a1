//! `ombuds summary`: council-by-council statistics from a dataset, and the
//! same reports at the end of `ombuds extract`.
//!
//! The dataset (`decisions.jsonl`) is read twice, one line at a time: the
//! first pass folds every decision into a [`stats::Summary`] (memory bounded
//! by the number of organisations, categories and years); the second streams
//! the decision rows into `ombuds.xlsx` and `report.html`. Outputs:
//! `summary.json`, `summary.md`, `report.html`, `councils.csv`, `ombuds.xlsx`,
//! written into a staging folder and published as one set with the same
//! lock as `ombuds extract` ([`crate::stage`]).

pub mod gazetteer;
pub mod html;
pub mod markdown;
pub mod stats;
pub mod tables;
pub mod xlsx;

use std::fs::{self, File};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::thread;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::cli::SummaryArgs;
use crate::escape::printable;
use crate::record::{Gbp, Record};
use crate::stage::Staging;
use gazetteer::{Gazetteer, OrgType};
use stats::Summary;

pub const SUMMARY_MD: &str = "summary.md";
pub const REPORT_HTML: &str = "report.html";
pub const COUNCILS_CSV: &str = "councils.csv";
pub const OMBUDS_XLSX: &str = "ombuds.xlsx";

/// What `ombuds summary` publishes: the reports.
pub const REPORTS: &[&str] = &[
    crate::write::SUMMARY_JSON,
    SUMMARY_MD,
    REPORT_HTML,
    COUNCILS_CSV,
    OMBUDS_XLSX,
];

/// The fields of a decision the summaries use, read leniently from
/// `decisions.jsonl` (unknown fields ignored, missing ones empty), so that a
/// dataset from another version of ombuds still summarises.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    pub file: String,
    /// The decision's page on the Ombudsman's website, when known.
    pub url: Option<String>,
    pub reference: Option<String>,
    pub organisation: Option<String>,
    pub category: Option<String>,
    pub category_area: Option<String>,
    pub decision_date: Option<String>,
    pub outcome: Option<String>,
    pub outcome_basis: Option<String>,
    pub complainant: Option<String>,
    pub summary: Option<String>,
    pub payments: Vec<DecisionPayment>,
    pub remedy_total_gbp: Gbp,
    pub remedies: Vec<DecisionRemedy>,
    pub remedy_already_provided: bool,
    pub remedy_already_provided_gbp: Option<Gbp>,
    pub duplicates: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionPayment {
    pub amount_gbp: Gbp,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    pub kind: Option<String>,
    pub evidence: Option<EvidenceText>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionRemedy {
    pub kind: String,
    pub group: String,
    pub evidence: Option<EvidenceText>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvidenceText {
    pub line: usize,
    pub text: String,
}

impl Decision {
    pub fn from_record(r: &Record) -> Decision {
        let ev = |e: &crate::record::Evidence| {
            Some(EvidenceText {
                line: e.line,
                text: e.text.clone(),
            })
        };
        Decision {
            file: r.file.clone(),
            url: r.url.clone(),
            reference: r.reference.clone(),
            organisation: r.organisation.clone(),
            category: r.category.clone(),
            category_area: r.category_area.clone(),
            decision_date: r.decision_date.clone(),
            outcome: r.outcome.clone(),
            outcome_basis: r.outcome_basis.clone(),
            complainant: r.complainant.clone(),
            summary: None,
            payments: r
                .payments
                .iter()
                .map(|p| DecisionPayment {
                    amount_gbp: p.amount_gbp,
                    recipient: p.recipient.clone(),
                    purpose: p.purpose.clone(),
                    kind: Some(p.kind.clone()),
                    evidence: ev(&p.evidence),
                })
                .collect(),
            remedy_total_gbp: r.remedy_total_gbp,
            remedies: r
                .remedies
                .iter()
                .map(|m| DecisionRemedy {
                    kind: m.kind.clone(),
                    group: m.group.clone(),
                    evidence: ev(&m.evidence),
                })
                .collect(),
            remedy_already_provided: r.remedy_already_provided,
            remedy_already_provided_gbp: r.remedy_already_provided_gbp,
            duplicates: r.duplicates.clone(),
        }
    }

    /// The reference, or the file when there is none: how reports point to
    /// a decision.
    pub fn label(&self) -> &str {
        self.reference.as_deref().unwrap_or(&self.file)
    }
}

/// Which decisions to count. Empty filter: all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// As given, and its normalised row key.
    pub council: Option<(String, String)>,
    /// Lower case; matched anywhere in `category`.
    pub category: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Lower case; equal to the outcome, ignoring case.
    pub outcome: Option<String>,
    pub with_payment: bool,
}

/// Checks an ISO date `YYYY-MM-DD`.
fn check_date(flag: &str, s: &str) -> Result<String> {
    let ok = s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s[..4].parse::<u16>().is_ok()
        && s[5..7].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    if !ok {
        bail!("{flag} {s:?}: expected a date written YYYY-MM-DD");
    }
    Ok(s.to_string())
}

impl Filter {
    pub fn from_args(a: &SummaryArgs, g: &Gazetteer) -> Result<Filter> {
        let council = match &a.council {
            Some(c) if c.trim().is_empty() => bail!("--council needs a name"),
            Some(c) => Some((c.clone(), g.resolve(c).key)),
            None => None,
        };
        let since = a
            .since
            .as_deref()
            .map(|s| check_date("--since", s))
            .transpose()?;
        let until = a
            .until
            .as_deref()
            .map(|s| check_date("--until", s))
            .transpose()?;
        if let (Some(s), Some(u)) = (&since, &until) {
            if s > u {
                bail!("--since {s} is after --until {u}");
            }
        }
        Ok(Filter {
            council,
            category: a.category.as_ref().map(|c| c.to_lowercase()),
            since,
            until,
            outcome: a.outcome.as_ref().map(|o| o.trim().to_lowercase()),
            with_payment: a.with_payment,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.council.is_none()
            && self.category.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.outcome.is_none()
            && !self.with_payment
    }

    pub fn matches(&self, d: &Decision, g: &Gazetteer) -> bool {
        if let Some((_, key)) = &self.council {
            match d.organisation.as_deref() {
                Some(o) if g.resolve(o).key == *key => {}
                _ => return false,
            }
        }
        if let Some(c) = &self.category {
            match &d.category {
                Some(cat) if cat.to_lowercase().contains(c.as_str()) => {}
                _ => return false,
            }
        }
        // A date filter excludes undated decisions: they cannot be placed.
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = d.decision_date.as_deref() else {
                return false;
            };
            if self.since.as_deref().is_some_and(|s| date < s)
                || self.until.as_deref().is_some_and(|u| date > u)
            {
                return false;
            }
        }
        if let Some(o) = &self.outcome {
            // The outcome as written, or its group as the report's links
            // name it (`closed`, `not-upheld`...).
            let written = d
                .outcome
                .as_deref()
                .is_some_and(|x| x.trim().to_lowercase() == *o);
            let group = html::outcome_slug(stats::classify(d.outcome.as_deref()));
            if !written && group != o.replace(' ', "-") {
                return false;
            }
        }
        if self.with_payment && d.remedy_total_gbp.0 <= 0 {
            return false;
        }
        true
    }

    /// The filters as written in `summary.json` (null when not used).
    pub fn to_json(&self) -> Value {
        json!({
            "council": self.council.as_ref().map(|c| &c.0),
            "category": self.category,
            "since": self.since,
            "until": self.until,
            "outcome": self.outcome,
            "with_payment": self.with_payment,
        })
    }

    /// One line for people: `council "Essex County Council", since 2023-01-01`.
    pub fn describe(&self) -> String {
        let mut v = Vec::new();
        if let Some((c, _)) = &self.council {
            v.push(format!("organisation {c:?}"));
        }
        if let Some(c) = &self.category {
            v.push(format!("category contains {c:?}"));
        }
        if let Some(s) = &self.since {
            v.push(format!("decided on or after {s}"));
        }
        if let Some(u) = &self.until {
            v.push(format!("decided on or before {u}"));
        }
        if let Some(o) = &self.outcome {
            v.push(format!("outcome {o:?}"));
        }
        if self.with_payment {
            v.push("with a money remedy".into());
        }
        if v.is_empty() {
            "all decisions".into()
        } else {
            v.join(", ")
        }
    }
}

/// Reads `decisions.jsonl` one decision at a time (parsed in batches).
pub fn for_each_decision(path: &Path, mut f: impl FnMut(Decision) -> Result<()>) -> Result<()> {
    for_each_batch(path, |batch| batch.into_iter().try_for_each(&mut f))
}

/// Lines parsed per batch: enough to keep both cores busy, small enough that
/// a batch is a few hundred kilobytes.
const PARSE_BATCH: usize = 256;

/// Reads a `decisions.jsonl` in batches of decisions, in file order. Each
/// batch is parsed in parallel: parsing is most of the time of a summary.
/// A line that is not a decision record (not UTF-8, not a JSON object, no
/// `file`, a negative amount) ends the run naming the line: a dataset ombuds
/// did not write is not summarised as if it were sound.
pub fn for_each_batch(path: &Path, mut f: impl FnMut(Vec<Decision>) -> Result<()>) -> Result<()> {
    let file =
        File::open(path).with_context(|| format!("cannot open dataset {}", path.display()))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut lines: Vec<(usize, Vec<u8>)> = Vec::with_capacity(PARSE_BATCH);
    let mut n = 0usize;
    loop {
        let mut line = Vec::new();
        let read = reader
            .read_until(b'\n', &mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if read > 0 {
            n += 1;
            if !line.trim_ascii().is_empty() {
                lines.push((n, line));
            }
        }
        if lines.len() == PARSE_BATCH || (read == 0 && !lines.is_empty()) {
            let batch = lines
                .par_drain(..)
                .map(|(n, line)| {
                    parse_decision(&line)
                        .with_context(|| format!("{}:{n}: not a decision record", path.display()))
                })
                .collect::<Result<Vec<Decision>>>()?;
            f(batch)?;
        }
        if read == 0 {
            return Ok(());
        }
    }
}

/// One line of `decisions.jsonl`, checked.
fn parse_decision(line: &[u8]) -> Result<Decision> {
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
    if negative(d.remedy_total_gbp)
        || d.remedy_already_provided_gbp.is_some_and(negative)
        || d.payments.iter().any(|p| negative(p.amount_gbp))
    {
        bail!("a negative amount of money");
    }
    Ok(d)
}

/// `summary.json`'s figures (without the extract-run counts).
pub fn figures_json(s: &Summary, filter: &Filter) -> Map<String, Value> {
    let averages = s.type_averages();
    let orgs: Vec<Value> = s
        .organisations_by_name()
        .into_iter()
        .map(|(key, o, name)| {
            json!({
                "name": name,
                "key": key,
                "type": o.org_type,
                "type_label": o.org_type.label(),
                "matched_by": o.matched_by,
                "abolished": o.abolished,
                "successor": o.successor,
                "spellings": o.spellings,
                "figures": o.stats.to_json(),
                "type_average": if key.is_empty() { None } else { averages.get(&o.org_type) },
            })
        })
        .collect();
    let groups = |m: &std::collections::BTreeMap<String, stats::Stats>| -> Value {
        m.iter()
            .map(|(k, v)| (k.clone(), serde_json::to_value(v.to_json()).unwrap()))
            .collect::<Map<String, Value>>()
            .into()
    };
    let mut m = Map::new();
    m.insert("filters".into(), filter.to_json());
    m.insert("records".into(), json!(s.overall.decisions));
    m.insert("by_outcome".into(), json!(s.overall.by_outcome));
    m.insert("overall".into(), json!(s.overall.to_json()));
    m.insert("organisations".into(), Value::Array(orgs));
    m.insert("category_areas".into(), groups(&s.category_areas));
    m.insert("decision_years".into(), groups(&s.decision_years));
    m.insert("financial_years".into(), groups(&s.financial_years));
    m.insert(
        "type_averages".into(),
        json!(averages
            .iter()
            .map(|(t, a)| (t.as_str().to_string(), a))
            .collect::<std::collections::BTreeMap<_, _>>()),
    );
    m.insert(
        "unknown_organisations".into(),
        json!(s.unknown_organisations()),
    );
    m.insert(
        "definitions".into(),
        json!({
            "uphold_rate": "upheld / (upheld + not upheld): of the complaints investigated in detail; closed after initial enquiries are not investigations",
            "with_payment": "decisions whose remedy_total_gbp is above 0",
            "remedy_median_gbp": "median remedy_total_gbp of the decisions with a payment (exact)",
            "financial_year": "1 April to 31 March, written 2024-25",
            "non_financial_remedies": "remedy kind -> decisions with at least one such remedy",
            "type_average": "mean over the organisations of the same type (uphold rate: mean of their rates)",
        }),
    );
    m
}

/// Writes a file under a temporary name beside its destination, then renames
/// it into place.
pub(crate) fn write_atomic(
    dir: &Path,
    name: &str,
    f: impl FnOnce(&mut BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let dest = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let file = File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let res = f(&mut w).and_then(|_| {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        Ok(())
    });
    if let Err(e) = res {
        let _ = fs::remove_file(&tmp);
        return Err(e.context(format!("cannot write {}", dir.join(name).display())));
    }
    fs::rename(&tmp, &dest).with_context(|| format!("cannot move {} into place", dest.display()))
}

/// Writes `summary.md`, `councils.csv`, `report.html` and `ombuds.xlsx` for
/// `summary` in `out` (a staging folder: [`crate::stage`]), streaming the decision rows from `dataset` (only those
/// the filter keeps).
pub fn write_reports(
    out: &Path,
    dataset: &Path,
    summary: &Summary,
    filter: &Filter,
    bom: bool,
) -> Result<()> {
    let g = Gazetteer::embedded();
    write_atomic(out, SUMMARY_MD, |w| markdown::write(w, summary, filter))?;
    write_atomic(out, COUNCILS_CSV, |w| {
        tables::write_councils_csv(w, summary, bom)
    })?;
    // One pass over the dataset feeds the HTML decision table and the xlsx
    // Decisions and Remedies sheets. This thread parses; the two writers run
    // on their own threads (the xlsx deflate is the longest part), fed the
    // same batches.
    let mut book = xlsx::Book::new(summary)?;
    let (html_tx, html_rx) = sync_channel::<Arc<Vec<Decision>>>(REPORT_QUEUE);
    let (xlsx_tx, xlsx_rx) = sync_channel::<Arc<Vec<Decision>>>(REPORT_QUEUE);
    thread::scope(|scope| {
        let html = scope.spawn(move || {
            write_atomic(out, REPORT_HTML, |w| {
                html::write_head(w, summary, filter)?;
                for batch in html_rx {
                    for d in batch.iter() {
                        html::write_decision_row(w, d, g)?;
                    }
                }
                html::write_tail(w)
            })
        });
        let xlsx = scope.spawn(move || -> Result<()> {
            for batch in xlsx_rx {
                for d in batch.iter() {
                    book.add_decision(d)?;
                }
            }
            let dest = out.join(OMBUDS_XLSX);
            let tmp = out.join(format!(".{OMBUDS_XLSX}.tmp"));
            book.save(&tmp)
                .with_context(|| format!("cannot write {}", out.join(OMBUDS_XLSX).display()))?;
            fs::rename(&tmp, &dest)
                .with_context(|| format!("cannot move {} into place", dest.display()))
        });
        let send = |batch: Vec<Decision>| -> Result<()> {
            let batch = Arc::new(batch);
            if html_tx.send(batch.clone()).is_err() || xlsx_tx.send(batch).is_err() {
                bail!("a report writer stopped");
            }
            Ok(())
        };
        let parsed = for_each_batch(dataset, |mut batch| {
            batch.retain(|d| filter.matches(d, g));
            send(batch)
        });
        drop(html_tx);
        drop(xlsx_tx);
        let joined = |h: thread::ScopedJoinHandle<'_, Result<()>>| {
            h.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("a report writer panicked")))
        };
        // A writer's own error explains a failed send better than the send.
        let (html, xlsx) = (joined(html), joined(xlsx));
        html.and(xlsx).and(parsed)
    })
}

/// Batches in flight to the report writers: bounds the memory of the report
/// pass whatever the dataset's size.
const REPORT_QUEUE: usize = 4;

/// Adds the figures to an extract run's `summary.json`, keeping the run's own
/// keys (`files_seen`, `records`, `errors`, `by_outcome`...).
pub fn extend_run_summary(json: &mut Value, s: &Summary) {
    if let Value::Object(m) = json {
        for (k, v) in figures_json(s, &Filter::default()) {
            m.entry(k).or_insert(v);
        }
    }
}

/// The reports at the end of `ombuds extract`, once `decisions.jsonl` is in
/// place in `out`.
pub fn write_extract_reports(out: &Path, s: &Summary, bom: bool) -> Result<()> {
    let dataset = out.join(crate::write::DECISIONS_JSONL);
    write_reports(out, &dataset, s, &Filter::default(), bom)?;
    warn_unknown(s);
    Ok(())
}

/// Prints the organisations the gazetteer does not know, on stderr.
pub fn warn_unknown(summary: &Summary) {
    const SHOWN: usize = 20;
    let unknown = summary.unknown_organisations();
    if !unknown.is_empty() {
        let more = if unknown.len() > SHOWN {
            format!(
                "; and {} more (summary.json lists them all under unknown_organisations)",
                unknown.len() - SHOWN
            )
        } else {
            String::new()
        };
        eprintln!(
            "ombuds: warning: {} organisation(s) not in the gazetteer (type unknown): {}{more}",
            unknown.len(),
            printable(&unknown[..unknown.len().min(SHOWN)].join("; "))
        );
    }
}

/// Keys of an extract run's `summary.json` that only the run can know.
const EXTRACT_RUN_KEYS: &[&str] = &[
    "run",
    "files_seen",
    "errors",
    "duplicates",
    "by_outcome_basis",
    "errors_by_kind",
    "records_with_warnings",
];

/// What `ombuds summary` did.
pub struct SummaryRun {
    pub summary: Summary,
    pub read: u64,
    pub out: PathBuf,
    /// `--council` named an organisation no decision of the dataset has:
    /// nothing was written (exit 1).
    pub council_unmatched: Option<String>,
}

/// Runs `ombuds summary` as configured.
///
/// The reports are staged and published as one set, under the output
/// folder's lock ([`Staging`]). Into the dataset's own folder (the default:
/// `reports/`) only an unfiltered summary may write: it carries the dataset
/// over unchanged and keeps the extract run's counts. A filtered summary
/// there would replace the dataset's reports with a subset's: refused
/// (exit 2, "use --out").
pub fn run(a: &SummaryArgs) -> Result<SummaryRun> {
    let g = Gazetteer::embedded();
    let filter = Filter::from_args(a, g)?;
    let dataset = a
        .dataset
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(crate::write::DECISIONS_JSONL));
    if !dataset.is_file() {
        bail!(
            "dataset {} not found (run `ombuds extract` first, or give the path of a decisions.jsonl)",
            dataset.display()
        );
    }
    if a.out.is_file() {
        bail!("output folder {} is a file", a.out.display());
    }
    let same_file =
        |p: &Path| p.exists() && fs::canonicalize(p).ok() == fs::canonicalize(&dataset).ok();
    let beside_dataset = same_file(&a.out.join(crate::write::DECISIONS_JSONL));
    if beside_dataset && !filter.is_empty() {
        bail!(
            "a filtered summary ({}) would replace the reports of the dataset in {} with a \
             subset's figures: use --out DIR to write it elsewhere",
            filter.describe(),
            a.out.display()
        );
    }
    // The extract run's own counts (files seen, errors...), from the
    // summary.json beside the dataset: only that run knew them.
    let run_keys: Map<String, Value> = dataset
        .parent()
        .map(|d| d.join(crate::write::SUMMARY_JSON))
        .and_then(|p| fs::read_to_string(p).ok())
        .and_then(|t| serde_json::from_str::<Map<String, Value>>(&t).ok())
        .map(|m| {
            m.into_iter()
                .filter(|(k, _)| EXTRACT_RUN_KEYS.contains(&k.as_str()))
                .collect()
        })
        .unwrap_or_default();
    // Beside the dataset: the reports, and the outputs of the set they join
    // (carried over). Not every output name: a file of the user's named
    // ombuds.db beside a --no-db dataset is not ombuds's to refuse or keep.
    let published = if beside_dataset {
        crate::stage::published_outputs(&a.out)
    } else {
        Vec::new()
    };
    let declared: Vec<&str> = crate::write::OUTPUTS
        .iter()
        .copied()
        .filter(|n| REPORTS.contains(n) || published.iter().any(|p| p == n))
        .collect();
    let mut staging = Staging::create(&a.out, &declared)?;
    if beside_dataset {
        staging.carry_over()?;
    }
    let mut summary = Summary::default();
    let mut read = 0u64;
    // Cells too long for ombuds.xlsx: the dataset is not ours to change
    // here, so they are named on stderr.
    const SHOWN_CUTS: u64 = 20;
    let mut cut = 0u64;
    let stdout = std::io::stdout();
    let mut list = a.list.then(|| stdout.lock());
    if let Some(w) = list.as_mut() {
        writeln!(
            w,
            "reference\tdecision_date\torganisation\tcategory\toutcome\tremedy_total_gbp\tfile"
        )?;
    }
    for_each_decision(&dataset, |d| {
        read += 1;
        if filter.matches(&d, g) {
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
                    d.remedy_total_gbp.decimal(),
                    cell(&d.file)
                )?;
            }
            for (field, chars) in xlsx::overlong_cells(&d) {
                cut += 1;
                if cut <= SHOWN_CUTS {
                    eprintln!(
                        "ombuds: warning: {}: {}",
                        printable(&d.file),
                        xlsx::cut_warning(field, chars)
                    );
                }
            }
            summary.observe(&d, g);
        }
        Ok(())
    })?;
    drop(list);
    if cut > SHOWN_CUTS {
        eprintln!(
            "ombuds: warning: and {} more cells cut in ombuds.xlsx",
            cut - SHOWN_CUTS
        );
    }
    if let Some((council, _)) = &filter.council {
        if summary.overall.decisions == 0 {
            return Ok(SummaryRun {
                summary,
                read,
                out: a.out.clone(),
                council_unmatched: Some(council.clone()),
            });
        }
    }
    let mut json = figures_json(&summary, &filter);
    json.insert(
        "dataset".into(),
        json!({ "path": dataset.display().to_string(), "records_read": read }),
    );
    if !run_keys.is_empty() {
        if filter.is_empty() {
            for (k, v) in run_keys {
                json.entry(k).or_insert(v);
            }
        } else {
            json.insert("extract_run".into(), Value::Object(run_keys));
        }
    }
    write_atomic(staging.dir(), crate::write::SUMMARY_JSON, |w| {
        serde_json::to_writer_pretty(&mut *w, &json)?;
        w.write_all(b"\n")?;
        Ok(())
    })?;
    write_reports(staging.dir(), &dataset, &summary, &filter, !a.no_bom)?;
    staging.commit()?;
    warn_unknown(&summary);
    Ok(SummaryRun {
        summary,
        read,
        out: a.out.clone(),
        council_unmatched: None,
    })
}

/// Formats pounds for people: `£1,250` or `£1,250.50`.
pub fn money(pounds: f64) -> String {
    let pence = (pounds * 100.0).round() as i64;
    let (neg, pence) = (pence < 0, pence.abs());
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if pence % 100 == 0 {
        String::new()
    } else {
        format!(".{:02}", pence % 100)
    };
    format!("{}£{grouped}{frac}", if neg { "-" } else { "" })
}

/// A rate as a percentage for people: `66.7%`, or `n/a`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "n/a".into(), |r| format!("{:.1}%", r * 100.0))
}

/// Type of an organisation row for people.
pub fn type_label(t: OrgType) -> &'static str {
    t.label()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_percent_for_people() {
        assert_eq!(money(350.0), "£350");
        assert_eq!(money(1250.5), "£1,250.50");
        assert_eq!(money(1234567.0), "£1,234,567");
        assert_eq!(money(0.0), "£0");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "n/a");
    }

    #[test]
    fn filter_by_council_dates_and_outcome() {
        let g = Gazetteer::embedded();
        let args = SummaryArgs {
            council: Some("the essex county council".into()),
            since: Some("2023-01-01".into()),
            outcome: Some("Upheld".into()),
            ..SummaryArgs::default()
        };
        let f = Filter::from_args(&args, g).unwrap();
        let mut d = Decision {
            organisation: Some("Essex County Council".into()),
            decision_date: Some("2023-01-01".into()),
            outcome: Some("Upheld".into()),
            ..Default::default()
        };
        assert!(f.matches(&d, g));
        d.decision_date = Some("2022-12-31".into());
        assert!(!f.matches(&d, g));
        d.decision_date = None;
        assert!(
            !f.matches(&d, g),
            "undated decisions are out of a date filter"
        );
        d.decision_date = Some("2024-01-01".into());
        d.outcome = Some("Not upheld".into());
        assert!(!f.matches(&d, g));
        d.outcome = Some("upheld".into());
        d.organisation = Some("Kent County Council".into());
        assert!(!f.matches(&d, g));
        let bad = SummaryArgs {
            since: Some("2023-1-1".into()),
            ..SummaryArgs::default()
        };
        assert!(Filter::from_args(&bad, g).is_err());
    }
}
