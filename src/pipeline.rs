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
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::aggregate::RunCounts;
use crate::clean::{Cleaned, Cleaner};
use crate::config::ExtractConfig;
use crate::error::{ErrorKind, FileError};
use crate::extract;
use crate::read;
use crate::record::{ErrorRecord, Record};
use crate::rules::RuleSet;
use crate::walk::{self, Input, Item};
use crate::write::Outputs;

/// Files per chunk: large enough to keep both cores busy, small enough that
/// a chunk of records is a few MB.
const CHUNK: usize = 512;
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
}

thread_local! {
    static BUFFERS: RefCell<(Vec<u8>, Cleaned)> = RefCell::new((Vec::with_capacity(1 << 16), Cleaned::default()));
}

/// The shared, compiled state every worker uses.
pub struct Engine {
    pub rules: RuleSet,
    pub cleaner: Cleaner,
    pub max_file_size: u64,
}

impl Engine {
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
                Err(e) => Outcome::Error(ErrorRecord {
                    file: input.rel.clone(),
                    kind: e.kind,
                    message: e.message,
                }),
            },
        }
    }

    fn process_file(&self, input: &Input) -> Result<Record, FileError> {
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

    /// read (decode, HTML) → clean → extract, on bytes already in memory.
    pub fn process_bytes(
        &self,
        input: &Input,
        format: read::Format,
        bytes: &[u8],
        cleaned: &mut Cleaned,
    ) -> Result<Record, FileError> {
        let doc = read::to_doc(bytes, format)?;
        self.cleaner.clean_into(&doc.text, cleaned);
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
        let mut rec = extract::extract(&self.rules, input.rel.clone(), &stem, cleaned)?;
        rec.encoding = doc.encoding.to_string();
        let mut warnings = doc.warnings;
        warnings.append(&mut rec.warnings);
        rec.warnings = warnings;
        Ok(rec)
    }
}

/// Runs `ombuds extract` as configured.
pub fn run(cfg: &ExtractConfig) -> Result<RunResult> {
    let start = Instant::now();
    let engine = Engine {
        rules: cfg.rules.clone(),
        cleaner: cfg.cleaner.clone(),
        max_file_size: cfg.max_file_size,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .build()
        .context("cannot start worker threads")?;

    let progress = progress_bar(cfg);
    let mut outputs = Outputs::create(&cfg.out, cfg.excel_bom)?;

    let (tx, rx) = sync_channel::<Vec<Outcome>>(CHANNEL_DEPTH);
    let writer_progress = progress.clone();
    let writer = thread::spawn(move || -> Result<(Outputs, RunCounts)> {
        let mut counts = RunCounts::default();
        for chunk in rx {
            for outcome in &chunk {
                match outcome {
                    Outcome::Record(r) => {
                        counts.observe_record(r);
                        outputs.write_record(r)?;
                    }
                    Outcome::Error(e) => {
                        counts.observe_error(e);
                        outputs.write_error(e)?;
                    }
                }
            }
            writer_progress.inc(chunk.len() as u64);
        }
        Ok((outputs, counts))
    });

    // The walk runs on its own thread, a chunk ahead, so that reading
    // directories overlaps with processing instead of pausing the workers.
    let (walk_tx, walk_rx) = sync_channel::<Vec<Item>>(CHANNEL_DEPTH);
    thread::scope(|scope| {
        scope.spawn(move || {
            let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK);
            for item in walk::walk(&cfg.paths) {
                chunk.push(item);
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if walk_tx.send(full).is_err() {
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = walk_tx.send(chunk);
            }
        });
        for chunk in walk_rx {
            let outcomes: Vec<Outcome> =
                pool.install(|| chunk.par_iter().map(|item| engine.process(item)).collect());
            if tx.send(outcomes).is_err() {
                // The writer failed; its error is reported below.
                break;
            }
        }
    });
    drop(tx);
    let (outputs, counts) = writer
        .join()
        .map_err(|_| anyhow!("writer thread panicked"))??;
    progress.finish_and_clear();

    let summary = serde_json::json!({
        "run": {
            "paths": cfg.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "out": cfg.out.display().to_string(),
        },
        "files_seen": counts.files_seen,
        "records": counts.records,
        "errors": counts.errors,
        "duplicates": counts.duplicates,
        "by_outcome": counts.by_outcome,
        "by_outcome_basis": counts.by_outcome_basis,
        "errors_by_kind": counts.errors_by_kind,
        "records_with_warnings": counts.with_warnings,
    });
    outputs.finish(&summary)?;
    Ok(RunResult {
        counts,
        seconds: start.elapsed().as_secs_f64(),
    })
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
