//! The extract run: walk → read → clean → extract in parallel, then write in
//! input order.
//!
//! Paths are taken from the (sorted, lazy) walk in chunks; a chunk is
//! processed with rayon (`par_iter` keeps the order within it) and handed to a
//! single writer thread over a bounded channel while the next chunk is being
//! processed. Memory is bounded by the chunk size and the channel depth, never
//! by the corpus, and the output order never depends on thread timing.

use std::cell::RefCell;
use std::sync::mpsc::sync_channel;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::aggregate::RunCounts;
use crate::budget::{Budget, DEFAULT_BUDGET};
use crate::cache::{self, CacheReader, CacheWriter};
use crate::clean::{Cleaned, Cleaner};
use crate::config::ExtractConfig;
use crate::db;
use crate::dedupe::Dedupe;
use crate::error::{ErrorKind, FileError};
use crate::extract;
use crate::read;
use crate::record::{ErrorRecord, Record};
use crate::reflow::Reflow;
use crate::rules::RuleSet;
use crate::stage::{self, check_interrupted, Staging};
use crate::summary::{self, html::Site, json::ExtractRun, stats::Summary, Decision};
use crate::walk::{self, Input, Item};
use crate::write::{self, Outputs};
use serde_json::value::RawValue;

/// Files per chunk: large enough to keep both cores busy, small enough that
/// a chunk of records is a few MB. About six chunks are in flight (walked,
/// extracted, queued, written, loaded), so this sets much of the run's
/// memory: 256 instead of 512 took 1.5 to 2 MB off the peak at 100,000 and
/// 400,000 pages, and 128 instead of 256 another 1.4 MB (with mimalloc,
/// whose per-thread pages hold more than glibc's arenas did), each in the
/// same time.
const CHUNK: usize = 128;

/// A walked path with its root and, in an incremental run, its cache key
/// and entry.
type Job = (usize, Vec<u8>, Item, Option<cache::Entry>);
/// Chunks in flight between the workers and the writer.
const CHANNEL_DEPTH: usize = 2;

/// What one input gave.
#[derive(Debug)]
pub enum Outcome {
    Record(Box<Record>),
    Error(ErrorRecord),
}

/// What the caller needs to print and to choose an exit code.
#[derive(Debug, Default)]
pub struct RunResult {
    pub counts: RunCounts,
    pub seconds: f64,
    /// Files whose bytes were read and extracted in this run.
    pub files_read: u64,
    /// Files whose outcome came from the `--incremental` cache.
    pub files_reused: u64,
    /// Of those, files read and hashed to be sure (metadata not enough,
    /// or `--checksum`).
    pub files_hashed: u64,
}

thread_local! {
    static BUFFERS: RefCell<(Vec<u8>, Cleaned)> = RefCell::new((Vec::with_capacity(1 << 16), Cleaned::default()));
}

/// The shared, compiled state every worker uses.
pub struct Engine {
    pub rules: RuleSet,
    /// A copy of `rules` for each worker thread of the run's pool (empty
    /// outside a run): a regex's cache pool serves the first thread that
    /// uses it without a lock and every other thread through a mutex, so
    /// each worker gets regexes of its own (clones share the compiled
    /// automata, not the pools).
    pub worker_rules: Vec<RuleSet>,
    pub cleaner: Cleaner,
    /// Rejoins hard-wrapped text; its line patterns come from `rules`.
    pub reflow: Reflow,
    pub max_file_size: u64,
    /// Time allowed per file; see [`crate::budget`].
    pub time_budget: Duration,
    /// `--checksum`: in an incremental run, hash every file rather than
    /// trust unchanged metadata.
    pub checksum: bool,
}

impl Engine {
    /// The embedded rules and boilerplate with default limits.
    pub fn embedded() -> Engine {
        let rules = RuleSet::embedded();
        Engine {
            reflow: Reflow::new(&rules),
            rules,
            worker_rules: Vec::new(),
            cleaner: Cleaner::embedded(),
            max_file_size: 20 * 1024 * 1024,
            time_budget: DEFAULT_BUDGET,
            checksum: false,
        }
    }

    /// Processes one walk item into a record or an error.
    pub fn process(&self, item: &Item) -> Outcome {
        match item {
            Item::Error { rel, message } => Outcome::Error(ErrorRecord {
                file: rel.clone(),
                kind: ErrorKind::Walk,
                message: message.clone(),
            }),
            Item::File(input) => match self.process_file(input) {
                Ok(r) => Outcome::Record(Box::new(r)),
                Err(e) => error_outcome(input, e),
            },
        }
    }

    fn process_file(&self, input: &Input) -> Result<Record, FileError> {
        // A bug that panics on one page must cost that page, not the run.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.process_file_inner(input)
        }))
        .unwrap_or_else(|panic| Err(panic_error(panic)))
    }
}

/// The `internal` error for a panic payload.
fn panic_error(panic: Box<dyn std::any::Any + Send>) -> FileError {
    let msg = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    FileError::new(
        ErrorKind::Internal,
        format!("internal error (please report with this file): {msg}"),
    )
}

impl Engine {
    /// This worker's copy of the rules, or the shared ones.
    fn rules_here(&self) -> &RuleSet {
        rayon::current_thread_index()
            .and_then(|i| self.worker_rules.get(i))
            .unwrap_or(&self.rules)
    }

    fn process_file_inner(&self, input: &Input) -> Result<Record, FileError> {
        let Some(format) = input.format else {
            let ext = input
                .path
                .extension()
                .map(|e| format!(".{}", e.to_string_lossy()))
                .unwrap_or_else(|| "no extension".into());
            return Err(FileError::new(
                ErrorKind::UnsupportedType,
                format!("{ext}: only .txt, .html and .htm files are read"),
            ));
        };
        BUFFERS.with(|b| {
            let (bytes, cleaned) = &mut *b.borrow_mut();
            read::read_bytes(&input.path, self.max_file_size, bytes)?;
            self.process_bytes(input, format, bytes, cleaned)
        })
    }

    /// read (decode, HTML) → reflow → clean → extract, on bytes already in memory.
    pub fn process_bytes(
        &self,
        input: &Input,
        format: read::Format,
        bytes: &[u8],
        cleaned: &mut Cleaned,
    ) -> Result<Record, FileError> {
        let budget = Budget::start(self.time_budget);
        // For the loops that look at it without a `Budget` at hand.
        let _entered = budget.enter();
        let doc = read::to_doc(bytes, format, &budget)?;
        budget.check("decoding")?;
        // Before cleaning: a wrapped cookie paragraph must be removed whole.
        let reflowed = self.reflow.apply(&doc.text);
        self.cleaner.clean_into(&reflowed.text, cleaned);
        budget.check("cleaning")?;
        if cleaned.is_empty() {
            return Err(FileError::new(
                ErrorKind::Empty,
                "nothing left after removing page furniture",
            ));
        }
        let stem = input
            .path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let mut rec = extract::extract_within(
            self.rules_here(),
            input.rel.clone(),
            &stem,
            cleaned,
            &budget,
        )?;
        budget.check("extraction")?;
        rec.encoding = doc.encoding.to_string();
        crate::url::set(&mut rec, doc.canonical);
        let mut warnings = doc.warnings;
        warnings.extend(reflowed.wrapped.map(|w| w.warning()));
        warnings.append(&mut rec.warnings);
        rec.warnings = warnings;
        Ok(rec)
    }
}

/// One input's result on its way to the writer, with its cache line.
struct Done {
    outcome: Outcome,
    /// The `--incremental` cache line for this input, if it is cached.
    cache_line: Option<String>,
    /// True when the outcome came from the cache.
    reused: bool,
    /// True when the file was read and hashed to find it unchanged.
    hashed: bool,
    /// The record's cleaned text, for the database (only with one).
    text: Option<String>,
}

impl Engine {
    /// [`Engine::process`], reusing `cached` when the file is unchanged and
    /// returning the new cache line. Only called with `--incremental`. With
    /// `keep_text` (a run with a database) the cache keeps each record's
    /// cleaned text too, and an entry without one (from a `--no-db` run) is
    /// not reused: the file is read again.
    fn process_incremental(
        &self,
        root: usize,
        key: &[u8],
        item: &Item,
        cached: Option<cache::Entry>,
        keep_text: bool,
    ) -> Done {
        let Item::File(input) = item else {
            return self.fresh(item, keep_text);
        };
        if input.format.is_none() {
            return self.fresh(item, keep_text);
        }
        let Ok(meta) = std::fs::metadata(&input.path) else {
            return self.fresh(item, keep_text);
        };
        let stat = cache::Stat::of(&meta);
        let size = stat.size;
        let reuse = |e: &cache::Entry| -> Option<(Outcome, Option<String>)> {
            let o: CachedOutcome = serde_json::from_str(e.outcome.get()).ok()?;
            Some(match o {
                CachedOutcome::Record(r) if keep_text => {
                    (Outcome::Record(r), Some(e.text.clone()?))
                }
                CachedOutcome::Record(r) => (Outcome::Record(r), None),
                CachedOutcome::Error(e) => (Outcome::Error(e), None),
            })
        };
        let line = |hash: Option<&str>, outcome: &RawValue, text: Option<&str>| {
            serde_json::to_string(&cache::NewEntry::new(
                root,
                &input.rel,
                cache::raw_of(key, &input.rel),
                stat,
                hash,
                outcome,
                text,
            ))
            .ok()
        };
        if let Some(e) = cached.as_ref().filter(|_| !self.checksum) {
            if e.unchanged(&stat) {
                if let Some((outcome, text)) = reuse(e) {
                    return Done {
                        cache_line: line(e.hash.as_deref(), &e.outcome, text.as_deref()),
                        outcome,
                        reused: true,
                        hashed: false,
                        text,
                    };
                }
            }
        }
        if size > self.max_file_size {
            // Refused before reading; cached by size and time alone.
            let done = self.fresh(item, keep_text);
            let raw = outcome_json(&done.outcome);
            return Done {
                cache_line: raw.as_deref().and_then(|r| line(None, r, None)),
                ..done
            };
        }
        BUFFERS.with(|b| {
            let (bytes, cleaned) = &mut *b.borrow_mut();
            if let Err(e) = read::read_bytes(&input.path, self.max_file_size, bytes) {
                // Unreadable now: not cached, so it is tried again next time.
                return Done {
                    outcome: error_outcome(input, e),
                    cache_line: None,
                    reused: false,
                    hashed: false,
                    text: None,
                };
            }
            let hash = cache::content_hash(bytes);
            if let Some(e) = &cached {
                if e.hash.as_deref() == Some(hash.as_str()) {
                    if let Some((outcome, text)) = reuse(e) {
                        return Done {
                            cache_line: line(Some(&hash), &e.outcome, text.as_deref()),
                            outcome,
                            reused: true,
                            hashed: true,
                            text,
                        };
                    }
                }
            }
            let format = input.format.expect("checked above");
            let guarded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.process_bytes(input, format, bytes, cleaned)
            }));
            let outcome = match guarded.unwrap_or_else(|p| Err(panic_error(p))) {
                Ok(r) => Outcome::Record(Box::new(r)),
                Err(e) => error_outcome(input, e),
            };
            let raw = outcome_json(&outcome);
            let text = match &outcome {
                Outcome::Record(_) if keep_text => Some(cleaned.text.clone()),
                _ => None,
            };
            Done {
                cache_line: raw
                    .as_deref()
                    .and_then(|r| line(Some(&hash), r, text.as_deref())),
                outcome,
                reused: false,
                hashed: false,
                text,
            }
        })
    }

    /// [`Engine::process`]; with `keep_text`, a record comes with its cleaned
    /// text (for the database), which is still in this thread's buffer.
    fn fresh(&self, item: &Item, keep_text: bool) -> Done {
        let outcome = self.process(item);
        let text = match &outcome {
            Outcome::Record(_) if keep_text => Some(BUFFERS.with(|b| b.borrow().1.text.clone())),
            _ => None,
        };
        Done {
            outcome,
            cache_line: None,
            reused: false,
            hashed: false,
            text,
        }
    }
}

fn error_outcome(input: &Input, e: FileError) -> Outcome {
    Outcome::Error(ErrorRecord {
        file: input.rel.clone(),
        kind: e.kind,
        message: e.message,
    })
}

/// A file's outcome as the cache stores it.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum CachedOutcome {
    Record(Box<Record>),
    Error(ErrorRecord),
}

fn outcome_json(o: &Outcome) -> Option<Box<RawValue>> {
    let text = match o {
        Outcome::Record(r) => serde_json::to_string(&CachedOutcomeRef::Record(r)),
        Outcome::Error(e) => serde_json::to_string(&CachedOutcomeRef::Error(e)),
    }
    .ok()?;
    RawValue::from_string(text).ok()
}

#[derive(serde::Serialize)]
#[serde(rename_all = "snake_case")]
enum CachedOutcomeRef<'a> {
    Record(&'a Record),
    Error(&'a ErrorRecord),
}

/// True when producing the outcome meant reading the file's bytes.
fn was_read(o: &Outcome) -> bool {
    match o {
        Outcome::Record(_) => true,
        Outcome::Error(e) => !matches!(
            e.kind,
            ErrorKind::Walk | ErrorKind::UnsupportedType | ErrorKind::TooLarge
        ),
    }
}

/// What the writer thread hands back at the end.
struct Written {
    outputs: Outputs,
    counts: RunCounts,
    dedupe: Dedupe,
    cache: Option<CacheWriter>,
    reused: u64,
    hashed: u64,
    read: u64,
    /// The database's loader, fed as records are written (not with --no-db).
    loader: Option<db::Loader>,
}

/// Runs `ombuds extract` as configured.
///
/// Every output is written into a fresh staging folder and published at the
/// very end by [`Staging::commit`]; any error or Ctrl-C before that leaves
/// the previous outputs as they were.
pub fn run(cfg: &ExtractConfig) -> Result<RunResult> {
    let start = Instant::now();
    // Taken before any file is looked at: the cache's "racy" reference.
    let started_ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128);
    let engine = Engine {
        reflow: Reflow::new(&cfg.rules),
        rules: cfg.rules.clone(),
        worker_rules: (0..cfg.jobs).map(|_| cfg.rules.clone()).collect(),
        cleaner: cfg.cleaner.clone(),
        max_file_size: cfg.max_file_size,
        time_budget: cfg.time_budget,
        checksum: cfg.checksum,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .context("cannot start worker threads")?;

    let staging = Staging::create(&cfg.out, &write::extract_outputs(cfg.db))?;
    let fingerprint = cache::fingerprint(cfg);
    let mut cache_in = match (cfg.incremental, staging.previous()) {
        (true, Some(prev)) => CacheReader::open(&prev.join(cache::CACHE_FILE), &fingerprint),
        _ => None,
    };
    let cache_out = if cfg.incremental {
        Some(CacheWriter::create(&staging, &fingerprint, started_ns)?)
    } else {
        None
    };
    let progress = progress_bar(cfg);
    let outputs = Outputs::create(&staging, cfg.excel_bom)?;
    let loader = if cfg.db {
        Some(db::Loader::spawn(db::Database::create(staging.dir())?))
    } else {
        None
    };

    let (tx, rx) = sync_channel::<Vec<Done>>(CHANNEL_DEPTH);
    let writer_progress = progress.clone();
    let writer = thread::spawn(move || -> Result<Written> {
        let mut w = Written {
            outputs,
            counts: RunCounts::default(),
            dedupe: Dedupe::default(),
            cache: cache_out,
            reused: 0,
            hashed: 0,
            read: 0,
            loader,
        };
        for chunk in rx {
            let files = chunk.len() as u64;
            let mut rows = Vec::new();
            for done in chunk {
                if let (Some(c), Some(line)) = (&mut w.cache, &done.cache_line) {
                    c.write_line(line)?;
                }
                if done.reused {
                    w.reused += 1;
                    w.hashed += u64::from(done.hashed);
                } else if was_read(&done.outcome) {
                    w.read += 1;
                }
                match done.outcome {
                    Outcome::Record(mut r) => {
                        let index = w.counts.records;
                        if w.dedupe.observe(index, &r) {
                            w.counts.observe_duplicate();
                        } else {
                            let decision = Decision::from_record(&r);
                            // A text too long for a spreadsheet cell costs
                            // the record a warning, never the run.
                            for (field, chars) in summary::xlsx::overlong_cells(&decision) {
                                r.warnings.push(summary::xlsx::cut_warning(field, chars));
                            }
                            w.counts.observe_record(&r);
                            w.outputs.write_record(&r)?;
                            if w.loader.is_some() {
                                let mut record = r;
                                // The database has no use for the per-field
                                // evidence: freeing it here keeps the queue small.
                                record.evidence.clear();
                                rows.push(db::Item::Decision(db::Row {
                                    index,
                                    record,
                                    text: done.text.unwrap_or_default(),
                                }));
                            }
                        }
                    }
                    Outcome::Error(e) => {
                        w.counts.observe_error(&e);
                        w.outputs.write_error(&e)?;
                        if w.loader.is_some() {
                            rows.push(db::Item::Error(e));
                        }
                    }
                }
            }
            if let Some(loader) = &w.loader {
                if loader.send(rows).is_err() {
                    // The loader stopped: its own error says why.
                    let loader = w.loader.take().expect("checked");
                    return Err(loader
                        .join()
                        .err()
                        .unwrap_or_else(|| anyhow!("the database loader stopped")));
                }
            }
            writer_progress.inc(files);
        }
        // Only the fix-ups are needed from here: the reports then start
        // without the reference index in memory.
        w.dedupe.forget_references();
        Ok(w)
    });

    let incremental = cfg.incremental;
    let keep_text = cfg.db;
    let send = |chunk: &mut Vec<Job>| -> bool {
        let done: Vec<Done> = pool.install(|| {
            chunk
                .par_drain(..)
                .map(|(root, key, item, cached)| {
                    if incremental {
                        engine.process_incremental(root, &key, &item, cached, keep_text)
                    } else {
                        engine.fresh(&item, keep_text)
                    }
                })
                .collect()
        });
        tx.send(done).is_ok()
    };
    // The walk (directory listings, cache look-ups) runs on its own thread,
    // a chunk ahead, so that the workers never wait for it between chunks.
    let (walk_tx, walk_rx) = sync_channel::<Vec<Job>>(1);
    let paths = cfg.paths.clone();
    let out_dir = staging.out().to_path_buf();
    for root in &paths {
        if fs_contains(root, &out_dir) {
            eprintln!(
                "ombuds: warning: the output folder {} is inside the input {}: it is not read",
                crate::escape::printable(&cfg.out.display().to_string()),
                crate::escape::printable(&root.display().to_string())
            );
        }
    }
    let walker = thread::spawn(move || {
        let mut chunk: Vec<Job> = Vec::with_capacity(CHUNK);
        for (root_index, root) in paths.iter().enumerate() {
            for item in walk::walk_skipping(std::slice::from_ref(root), Some(&out_dir)) {
                let key = match &item {
                    Item::File(i) if incremental => cache::key(root, &i.path),
                    _ => Vec::new(),
                };
                let cached = match (&mut cache_in, &item) {
                    (Some(c), Item::File(_)) => c.take(root_index, &key),
                    _ => None,
                };
                chunk.push((root_index, key, item, cached));
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if walk_tx.send(full).is_err() {
                        return;
                    }
                }
            }
        }
        if !chunk.is_empty() {
            let _ = walk_tx.send(chunk);
        }
    });
    let mut stopped = Ok(());
    for mut chunk in walk_rx.iter() {
        stopped = check_interrupted();
        if stopped.is_err() || !send(&mut chunk) {
            break;
        }
    }
    // Dropping the receiver stops a walker still listing folders.
    drop(walk_rx);
    walker
        .join()
        .map_err(|_| anyhow!("walker thread panicked"))?;
    drop(tx);
    let written = writer
        .join()
        .map_err(|_| anyhow!("writer thread panicked"))?;
    progress.finish_and_clear();
    stopped?;
    let Written {
        outputs,
        mut counts,
        dedupe,
        cache,
        reused,
        hashed,
        read,
        loader,
    } = written?;
    let mut database = loader.map(db::Loader::join).transpose()?;
    // The reports need no rules: the workers' copies and their caches (the
    // lazy DFAs' states, several MB) go before the report pass.
    drop(engine);
    db::return_freed_memory();
    check_interrupted()?;

    let dir = outputs.dir().to_path_buf();
    outputs.finish()?;
    // The database gets the same fixed records as decisions.jsonl.
    counts.with_warnings +=
        write::apply_fixups(
            &dir,
            dedupe.fixups(),
            &mut |index, r| match database.as_mut() {
                Some(d) => d.apply_fixup(index, r),
                None => Ok(()),
            },
        )?;
    let run_info = db::RunInfo {
        counts: &counts,
        paths: cfg.paths.iter().map(|p| p.display().to_string()).collect(),
        rules_digest: db::rules_digest(cfg),
    };
    let run = ExtractRun::from_counts(&counts, &cfg.paths, &cfg.out);
    // The reports read the staged (fixed-up) decisions.jsonl once, write
    // summary.json with the run's counts, and are published with the rest
    // of the set. Meanwhile the database builds its indexes on a thread of
    // its own, then adds the organisations (the reports' figures) while the
    // reports are written.
    thread::scope(|scope| -> Result<()> {
        let indexing = database.map(|mut d| scope.spawn(move || d.build_indexes().map(|()| d)));
        let finish_database = |figures: &Summary, site: &Site| -> Result<()> {
            let Some(h) = indexing else {
                return Ok(());
            };
            h.join()
                .unwrap_or_else(|_| Err(anyhow!("database thread panicked")))?
                .finish(figures, site, &run_info)
        };
        // In the run's pool, so that the report pass keeps to --jobs too.
        pool.install(|| summary::write_extract_reports(&dir, run, cfg.excel_bom, finish_database))
            .map(drop)
    })?;
    if cfg.db {
        stage::write_small(
            &staging,
            db::metadata::METADATA_JSON,
            &db::metadata::metadata_json(),
        )?;
    }
    if let Some(c) = cache {
        c.finish()?;
    }
    // Every output of the run must be in the staging folder by now: the
    // commit publishes the folder as one set.
    staging.commit()?;
    Ok(RunResult {
        counts,
        seconds: start.elapsed().as_secs_f64(),
        files_read: read,
        files_reused: reused,
        files_hashed: hashed,
    })
}

/// True when the folder `inner` is `root` or lies inside it.
fn fs_contains(root: &std::path::Path, inner: &std::path::Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(inner)) {
        (Ok(r), Ok(i)) => r.is_dir() && i.starts_with(r),
        _ => false,
    }
}

fn progress_bar(cfg: &ExtractConfig) -> ProgressBar {
    use std::io::IsTerminal;
    if cfg.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    // Counting first costs one metadata-only walk; worth it for an ETA.
    let total = walk::walk(&cfg.paths).count() as u64;
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} files  {rate}  ETA {eta}")
            .expect("static template")
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0} files/s", s.per_sec());
                },
            ),
    );
    bar
}
