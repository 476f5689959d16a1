//! The checked configuration of `ombuds extract`: compiled rules and
//! verified paths, made before any document is read (by
//! [`crate::cmd::extract`], from the command line), so that a bad flag
//! fails fast (exit 2). No command-line type below this point.

use std::path::PathBuf;

use crate::clean::Cleaner;
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
