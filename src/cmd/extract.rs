//! `ombuds extract`: `ExtractArgs` → [`ExtractConfig`] → [`pipeline::run`].

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::clean::Cleaner;
use crate::cli::ExtractArgs;
use crate::config::ExtractConfig;
use crate::rules::RuleSet;
use crate::summary::count;
use crate::{escape, pipeline, stage, EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED};

/// Checks the arguments and compiles the rules.
pub fn config(a: &ExtractArgs) -> Result<ExtractConfig> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        a.paths.clone()
    };
    for p in &paths {
        if !p.exists() {
            bail!("input path {} does not exist", p.display());
        }
    }
    if a.out.exists() && !a.out.is_dir() {
        bail!("output folder {} is a file", a.out.display());
    }
    if a.checksum && !a.incremental {
        bail!("--checksum only applies with --incremental");
    }
    if !(a.file_timeout > 0.0 && a.file_timeout.is_finite()) {
        bail!("--file-timeout must be a positive number of seconds");
    }
    let jobs = match a.jobs {
        Some(0) => bail!("--jobs must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    Ok(ExtractConfig {
        paths,
        out: a.out.clone(),
        jobs,
        rules: RuleSet::load(&a.rules)?,
        cleaner: Cleaner::load(&a.boilerplate)?,
        max_file_size: a.max_file_size,
        time_budget: std::time::Duration::from_secs_f64(a.file_timeout),
        incremental: a.incremental,
        checksum: a.checksum,
        rule_files: a.rules.iter().chain(&a.boilerplate).cloned().collect(),
        excel_bom: !a.no_bom,
        db: !a.no_db,
        quiet: a.quiet,
    })
}

/// Runs `ombuds extract`; returns the exit code.
pub fn run(a: &ExtractArgs) -> Result<u8> {
    // First thing: a Ctrl-C while the rules compile must also stop
    // cleanly (exit 130), not kill the process.
    stage::install_interrupt_handler();
    let cfg = config(a)?;
    let res = match pipeline::run(&cfg) {
        Ok(res) => res,
        Err(e) if e.is::<stage::Interrupted>() => {
            eprintln!(
                "ombuds: interrupted; outputs in {} left as they were",
                escape::printable(&cfg.out.display().to_string())
            );
            return Ok(EXIT_INTERRUPTED);
        }
        // Anything that fails before the commit leaves the published
        // set as it was; the commit itself never fails once it has
        // published (problems after it are warnings).
        Err(e) => {
            return Err(e.context(format!(
                "{}: nothing published, the previous outputs are as they were",
                cfg.out.display()
            )))
        }
    };
    let c = &res.counts;
    let mut kinds: Vec<String> = c
        .errors_by_kind
        .iter()
        .map(|(k, n)| format!("{} {k}", count(*n)))
        .collect();
    if kinds.is_empty() {
        kinds.push("none".into());
    }
    let incremental = if cfg.incremental {
        format!(
            " (incremental: {} files read, {} reused, {} of them checked by content)",
            count(res.files_read),
            count(res.files_reused),
            count(res.files_hashed)
        )
    } else {
        String::new()
    };
    eprintln!(
        "ombuds: {} files, {} decisions, {} errors ({}), {} duplicates in {:.2} s{} -> {}",
        count(c.files_seen),
        count(c.records),
        count(c.errors),
        kinds.join(", "),
        count(c.duplicates),
        res.seconds,
        incremental,
        escape::printable(&cfg.out.display().to_string())
    );
    Ok(if c.errors == 0 {
        EXIT_OK
    } else {
        EXIT_SOME_FAILED
    })
}
