//! `ombuds.db`: the run's decisions as an SQLite database for SQLite,
//! Datasette and sqlite-utils, with a full-text index, written with the
//! bundled SQLite of `rusqlite` (no system library needed).
//!
//! The database is one more file of the run's output set: it is created in
//! the staging folder ([`crate::stage`]) and published with the rest. Rows
//! and their full-text entries stream in one transaction, on a thread of
//! their own ([`Loader`]) fed by the writer as records are written, so the
//! database costs the run its inserts and not a second pass over the
//! records. The duplicates pass then brings the few records that gained
//! copies up to date ([`Database::apply_fixup`], from the same fixed records
//! as `decisions.jsonl`), [`Database::build_indexes`] adds the indexes, the
//! full-text index's triggers and the views while the reports read the
//! dataset, and [`Database::finish`] adds the organisations (the figures of
//! `councils.csv`, from that read) and the run, and commits.
//!
//! Money is stored twice: `*_gbp` REAL pounds rounded to the penny, for
//! reading, and `*_pence` INTEGER, so that sums are exact.

pub mod metadata;
pub mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::{self, JoinHandle};

use anyhow::{anyhow, Context, Result};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection};

use crate::aggregate::RunCounts;
use crate::config::ExtractConfig;
use crate::record::{ErrorRecord, Gbp, Record};
use crate::summary::gazetteer::Gazetteer;
use crate::summary::html::Site;
use crate::summary::stats::{classify, financial_year, OutcomeClass, Summary};
use crate::summary::tables::{council_columns, council_rows, Cell};

/// The database's file name in the output folder.
pub const OMBUDS_DB: &str = "ombuds.db";

/// SQLite's page size: the file is written a page at a time once the cache
/// is full, so bigger pages mean fewer writes.
const PAGE_SIZE: usize = 16 * 1024;

/// Pages of SQLite's cache while loading (negative: KiB). The load appends,
/// so a small cache loses nothing; it keeps the run within its memory bound
/// (256 KiB instead of 1 MiB: 1 MB less at 100,000 pages, in the same time).
const CACHE_KIB: i64 = 256;

/// A decision on its way into the database: its 0-based position in
/// `decisions.jsonl` (the row id is one more), the record and its cleaned
/// text.
pub struct Row {
    pub index: u64,
    pub record: Box<Record>,
    pub text: String,
}

/// What the writer sends to the [`Loader`].
pub enum Item {
    Decision(Row),
    Error(ErrorRecord),
}

/// What only the run knows, for the `run` table.
pub struct RunInfo<'a> {
    pub counts: &'a RunCounts,
    pub paths: Vec<String>,
    pub rules_digest: String,
}

/// The database being written, inside one open transaction.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    /// Organisation key (normalised name) → row id, in order of first
    /// appearance.
    org_ids: HashMap<String, i64>,
    /// Organisation as written → its row id and type.
    spellings: HashMap<String, (i64, &'static str)>,
    errors: i64,
}

/// The `outcome_class` column: the groups of the uphold rate.
pub fn outcome_class(outcome: Option<&str>) -> &'static str {
    match classify(outcome) {
        OutcomeClass::Upheld => "upheld",
        OutcomeClass::NotUpheld => "not_upheld",
        OutcomeClass::ClosedAfterInitialEnquiries => "closed_after_initial_enquiries",
        OutcomeClass::Other => "other",
        OutcomeClass::Unknown => "unknown",
    }
}

/// A digest of the rules that shaped the records: every rule's id, field,
/// pattern and value, the embedded page-furniture list and the extra rule
/// and furniture files given.
pub fn rules_digest(cfg: &ExtractConfig) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for r in cfg.rules.all() {
        for part in [&r.spec.id, &r.spec.field, &r.spec.pattern] {
            h.update(part.as_bytes());
            h.update(b"\0");
        }
        h.update(r.spec.yields.as_deref().unwrap_or("").as_bytes());
        h.update(b"\n");
    }
    h.update(crate::clean::EMBEDDED_BOILERPLATE.as_bytes());
    for f in &cfg.rule_files {
        h.update(&std::fs::read(f).unwrap_or_default());
    }
    format!("{:032x}", h.digest128())
}

fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("lists serialise")
}

impl Database {
    /// Creates `dir/ombuds.db` with its tables and opens the transaction.
    pub fn create(dir: &Path) -> Result<Database> {
        let path = dir.join(OMBUDS_DB);
        let _ = std::fs::remove_file(&path);
        let ctx = || format!("cannot create {}", path.display());
        let conn = Connection::open(&path).with_context(ctx)?;
        // No rollback journal and no syncs while loading: the file is in the
        // staging folder, which a failed run deletes and a commit syncs.
        // Foreign keys are not enforced while loading (decisions come before
        // the organisations they point to, which are known at the end);
        // the tests check them with `PRAGMA foreign_key_check`.
        conn.execute_batch(&format!(
            "PRAGMA page_size = {PAGE_SIZE}; PRAGMA foreign_keys = OFF; \
             PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
             PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -{CACHE_KIB}; \
             PRAGMA user_version = {};",
            schema::SCHEMA_VERSION
        ))
        .with_context(ctx)?;
        conn.execute_batch("BEGIN").with_context(ctx)?;
        conn.execute_batch(schema::TABLES).with_context(ctx)?;
        conn.execute_batch(schema::FTS).with_context(ctx)?;
        conn.execute_batch(schema::FTS_LOADING).with_context(ctx)?;
        Ok(Database {
            conn,
            path,
            org_ids: HashMap::new(),
            spellings: HashMap::new(),
            errors: 0,
        })
    }

    fn context(&self) -> String {
        format!("cannot write {}", self.path.display())
    }

    /// The organisation row id and type for a name as written.
    fn organisation(&mut self, name: &str) -> (i64, &'static str) {
        if let Some(v) = self.spellings.get(name) {
            return *v;
        }
        let r = Gazetteer::embedded().resolve(name);
        let next = self.org_ids.len() as i64 + 1;
        let id = *self.org_ids.entry(r.key).or_insert(next);
        let v = (id, r.org_type.as_str());
        self.spellings.insert(name.to_string(), v);
        v
    }

    /// Inserts a decision and its payments, remedies, findings and deadlines.
    pub fn insert_decision(&mut self, index: u64, r: &Record, text: &str) -> Result<()> {
        let id = index as i64 + 1;
        // The organisations table holds councils.csv's rows: the LGSCO's
        // organisations (another ombudsman's body keeps its name only).
        let org = match r.organisation.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() && r.ombudsman == "LGSCO" => {
                Some(self.organisation(name))
            }
            _ => None,
        };
        let date = r.decision_date.as_deref();
        let amounts: Vec<Gbp> = r.payments.iter().map(|p| p.amount_gbp).collect();
        let kinds: Vec<&str> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
        let days: Vec<u32> = r.deadlines.iter().filter_map(|d| d.days).collect();
        let res = (|| -> rusqlite::Result<()> {
            let mut st = self.conn.prepare_cached(INSERT_DECISION)?;
            st.execute(params![
                id,
                r.file,
                r.url,
                r.ombudsman,
                r.reference,
                r.organisation,
                org.map(|o| o.0),
                org.map(|o| o.1),
                r.category,
                r.category_area,
                r.category_sub,
                date,
                r.decision_year(),
                date.and_then(financial_year),
                r.outcome,
                outcome_class(r.outcome.as_deref()),
                r.outcome_basis,
                r.decision_kind,
                r.complainant,
                r.summary,
                json(&amounts),
                r.remedy_total_gbp.map(Gbp::pounds),
                r.remedy_total_gbp.map(|g| g.0),
                json(&kinds),
                r.remedy_already_provided,
                r.remedy_already_provided_gbp.map(Gbp::pounds),
                r.remedy_already_provided_gbp.map(|g| g.0),
                r.remedied_closure,
                json(&days),
                json(&r.duplicates),
                r.encoding,
                json(&r.warnings),
                text.trim_end(),
            ])?;
            self.conn
                .prepare_cached(schema::INSERT_FTS)?
                .execute(params![id, r.summary, text.trim_end()])?;
            if !r.payments.is_empty() {
                let mut st = self.conn.prepare_cached(INSERT_PAYMENT)?;
                for (i, p) in r.payments.iter().enumerate() {
                    st.execute(params![
                        id,
                        r.reference,
                        i as i64 + 1,
                        p.amount_gbp.pounds(),
                        p.amount_gbp.0,
                        p.recipient,
                        p.purpose,
                        p.kind,
                        p.per,
                        p.evidence.line as i64,
                        p.evidence.text,
                    ])?;
                }
            }
            if !r.remedies.is_empty() {
                let mut st = self.conn.prepare_cached(INSERT_REMEDY)?;
                for (i, m) in r.remedies.iter().enumerate() {
                    st.execute(params![
                        id,
                        r.reference,
                        i as i64 + 1,
                        m.kind,
                        m.group,
                        m.evidence.line as i64,
                        m.evidence.text,
                    ])?;
                }
            }
            if !r.findings.is_empty() {
                let mut st = self.conn.prepare_cached(INSERT_FINDING)?;
                for (i, f) in r.findings.iter().enumerate() {
                    st.execute(params![
                        id,
                        r.reference,
                        r.ombudsman,
                        i as i64 + 1,
                        f.complaint,
                        f.organisation,
                        f.determination,
                        f.evidence.line as i64,
                        f.evidence.section,
                        f.evidence.text,
                    ])?;
                }
            }
            if !r.deadlines.is_empty() {
                let mut st = self.conn.prepare_cached(INSERT_DEADLINE)?;
                for (i, d) in r.deadlines.iter().enumerate() {
                    st.execute(params![
                        id,
                        r.reference,
                        i as i64 + 1,
                        d.text,
                        d.days,
                        d.applies_to,
                        d.evidence.line as i64,
                        d.evidence.text,
                    ])?;
                }
            }
            Ok(())
        })();
        res.with_context(|| format!("{}: decision {}", self.context(), r.file))
    }

    pub fn insert_error(&mut self, e: &ErrorRecord) -> Result<()> {
        self.errors += 1;
        let res = self
            .conn
            .prepare_cached("INSERT INTO errors (id, file, kind, message) VALUES (?, ?, ?, ?)")
            .and_then(|mut st| {
                st.execute(params![self.errors, e.file, e.kind.as_str(), e.message])
            });
        res.with_context(|| format!("{}: error of {}", self.context(), e.file))?;
        Ok(())
    }

    /// Brings decision `index` (0-based, as in the duplicates pass) up to
    /// date with its fixed record: its duplicate files and warnings.
    pub fn apply_fixup(&mut self, index: u64, r: &Record) -> Result<()> {
        let id = index as i64 + 1;
        let res = (|| -> rusqlite::Result<()> {
            self.conn
                .prepare_cached("UPDATE decisions SET duplicates = ?, warnings = ? WHERE id = ?")?
                .execute(params![json(&r.duplicates), json(&r.warnings), id])?;
            let mut st = self
                .conn
                .prepare_cached("INSERT INTO duplicates (decision_id, file) VALUES (?, ?)")?;
            for f in &r.duplicates {
                st.execute(params![id, f])?;
            }
            Ok(())
        })();
        res.with_context(|| format!("{}: duplicates of {}", self.context(), r.file))
    }

    /// Builds the indexes, restores the full-text index's merge settings
    /// and adds its triggers, and creates the views: all that needs only
    /// the decisions, so that it runs while the reports read the dataset.
    pub fn build_indexes(&mut self) -> Result<()> {
        let ctx = self.context();
        let conn = &self.conn;
        conn.execute_batch(schema::INDEXES)
            .with_context(|| format!("{ctx}: indexes"))?;
        conn.execute_batch(schema::FTS_LOADED)
            .and_then(|_| conn.execute_batch(schema::FTS_TRIGGERS))
            .with_context(|| format!("{ctx}: full-text index"))?;
        conn.execute_batch(schema::VIEWS)
            .with_context(|| format!("{ctx}: views"))?;
        Ok(())
    }

    /// After [`Database::build_indexes`]: adds the organisations (the
    /// figures of the reports) and the run, commits and closes the file.
    pub fn finish(mut self, summary: &Summary, site: &Site, run: &RunInfo) -> Result<()> {
        let ctx = self.context();
        self.insert_organisations(summary, site)
            .with_context(|| ctx.clone())?;
        self.insert_run(run).with_context(|| ctx.clone())?;
        let Database { conn, .. } = self;
        conn.execute_batch("COMMIT; PRAGMA optimize;")
            .with_context(|| ctx.clone())?;
        conn.close().map_err(|(_, e)| e).with_context(|| ctx)?;
        Ok(())
    }

    fn insert_organisations(&mut self, s: &Summary, site: &Site) -> Result<()> {
        let names = council_columns();
        // The figures of councils.csv, under the same names, but
        // `organisation` (the row's `name`) and `spellings` (a JSON list).
        let figures: Vec<usize> = (0..names.len())
            .filter(|&i| names[i] != "organisation" && names[i] != "spellings")
            .collect();
        let mut columns: Vec<&str> = vec![
            "id",
            "name",
            "key",
            "type_label",
            "spellings",
            "remedy_total_pence",
            "remedy_already_provided_pence",
        ];
        let fixed = columns.len();
        columns.extend(figures.iter().map(|&i| names[i].as_str()));
        let sql = format!(
            "INSERT INTO organisations ({}) VALUES ({})",
            columns.join(", "),
            vec!["?"; columns.len()].join(", ")
        );
        let rows = council_rows(s, site);
        let orgs = s.organisations_by_name();
        let mut st = self.conn.prepare(&sql)?;
        for ((key, o, _), row) in orgs.into_iter().zip(rows) {
            let next = self.org_ids.len() as i64 + 1;
            let id = *self.org_ids.entry(key.clone()).or_insert(next);
            let mut values: Vec<Value> = Vec::with_capacity(columns.len());
            values.push(Value::Integer(id));
            values.push(cell_value(&row[0]));
            values.push(Value::Text(key.clone()));
            values.push(Value::Text(o.org_type.label().into()));
            values.push(Value::Text(json(&o.spellings.keys().collect::<Vec<_>>())));
            values.push(Value::Integer(o.stats.remedy_total.0));
            values.push(Value::Integer(o.stats.remedy_already_provided_total.0));
            debug_assert_eq!(values.len(), fixed);
            values.extend(figures.iter().map(|&i| cell_value(&row[i])));
            st.execute(params_from_iter(values))?;
        }
        Ok(())
    }

    fn insert_run(&mut self, run: &RunInfo) -> Result<()> {
        let c = run.counts;
        self.conn.execute(
            "INSERT INTO run (id, ombuds_version, schema_version, rules_digest, paths, \
             files_seen, records, errors, duplicates, records_with_warnings, by_outcome, \
             by_outcome_basis, errors_by_kind) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            params![
                env!("CARGO_PKG_VERSION"),
                schema::SCHEMA_VERSION,
                run.rules_digest,
                json(&run.paths),
                c.files_seen as i64,
                c.records as i64,
                c.errors as i64,
                c.duplicates as i64,
                c.with_warnings as i64,
                json(&c.by_outcome),
                json(&c.by_outcome_basis),
                json(&c.errors_by_kind),
            ],
        )?;
        Ok(())
    }
}

/// A councils.csv cell as an SQLite value (money rounded to the penny).
fn cell_value(c: &Cell) -> Value {
    match c {
        Cell::Text(s) | Cell::Link { text: s, .. } => Value::Text(s.clone()),
        Cell::Int(n) => Value::Integer(*n as i64),
        Cell::Money(p) => Value::Real(Gbp::from_pounds(*p).pounds()),
        Cell::Rate(r) | Cell::Number(r) => Value::Real(*r),
        Cell::Empty => Value::Null,
    }
}

const INSERT_DECISION: &str = "INSERT INTO decisions (id, file, url, ombudsman, reference, \
    organisation, organisation_id, organisation_type, category, category_area, category_sub, \
    decision_date, decision_year, financial_year, outcome, outcome_class, outcome_basis, \
    decision_kind, complainant, summary, payments, remedy_total_gbp, remedy_total_pence, \
    remedies, remedy_already_provided, remedy_already_provided_gbp, \
    remedy_already_provided_pence, remedied_closure, deadlines, duplicates, encoding, warnings, \
    text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, \
    ?, ?, ?, ?, ?, ?, ?)";
const INSERT_PAYMENT: &str = "INSERT INTO payments (decision_id, reference, position, \
    amount_gbp, amount_pence, recipient, purpose, kind, per, evidence_line, evidence) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const INSERT_REMEDY: &str = "INSERT INTO remedies (decision_id, reference, position, kind, \
    remedy_group, evidence_line, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)";
const INSERT_FINDING: &str = "INSERT INTO findings (decision_id, reference, ombudsman, position, \
    complaint, organisation, determination, evidence_line, evidence_section, evidence) \
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const INSERT_DEADLINE: &str = "INSERT INTO deadlines (decision_id, reference, position, text, \
    days, applies_to, evidence_line, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/// Gives the memory freed by the load (the queued records and texts, spread
/// over the threads' malloc arenas) and by the extraction (the rules'
/// caches) back to the system before the reports and the index builds run
/// side by side, so that their peaks do not stack on it (about 10 MB at
/// 100,000 decisions).
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Batches queued between the writer and the loader (one more is being
/// inserted): each holds a chunk of records and their texts, so this is
/// what the database adds to the run's memory.
const LOADER_DEPTH: usize = 1;

/// The database's own thread during the run: the writer hands it batches
/// of rows and goes on with the next chunk while they are inserted.
pub struct Loader {
    tx: Option<SyncSender<Vec<Item>>>,
    handle: JoinHandle<Result<Database>>,
}

impl Loader {
    pub fn spawn(mut db: Database) -> Loader {
        let (tx, rx) = sync_channel::<Vec<Item>>(LOADER_DEPTH);
        let handle = thread::spawn(move || -> Result<Database> {
            for batch in rx {
                for item in batch {
                    match item {
                        Item::Decision(row) => {
                            db.insert_decision(row.index, &row.record, &row.text)?
                        }
                        Item::Error(e) => db.insert_error(&e)?,
                    }
                }
            }
            Ok(db)
        });
        Loader {
            tx: Some(tx),
            handle,
        }
    }

    /// Hands a batch over; an error means the loader stopped (its own error
    /// comes from [`Loader::join`]).
    pub fn send(&self, batch: Vec<Item>) -> Result<()> {
        let tx = self.tx.as_ref().expect("sender kept until join");
        tx.send(batch)
            .map_err(|_| anyhow!("the database loader stopped"))
    }

    /// Waits for every row to be inserted.
    pub fn join(mut self) -> Result<Database> {
        drop(self.tx.take());
        self.handle
            .join()
            .unwrap_or_else(|_| Err(anyhow!("the database loader panicked")))
    }
}
