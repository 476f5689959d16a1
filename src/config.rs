//! Checked configuration: arguments turned into compiled rules and verified
//! paths before any document is read, so that a bad flag fails fast (exit 2).

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::clean::Cleaner;
use crate::cli::ExtractArgs;
use crate::rules::RuleSet;

pub struct ExtractConfig {
    pub paths: Vec<PathBuf>,
    pub out: PathBuf,
    pub jobs: usize,
    pub rules: RuleSet,
    pub cleaner: Cleaner,
    pub max_file_size: u64,
    pub time_budget: std::time::Duration,
    pub incremental: bool,
    /// `--checksum`: hash every file in an incremental run.
    pub checksum: bool,
    /// The --rules and --boilerplate files (for the incremental cache's fingerprint).
    pub rule_files: Vec<PathBuf>,
    pub excel_bom: bool,
    /// Write `ombuds.db` and `metadata.json` (not with `--no-db`).
    pub db: bool,
    pub quiet: bool,
}

impl ExtractConfig {
    pub fn from_args(a: &ExtractArgs) -> Result<ExtractConfig> {
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
}
