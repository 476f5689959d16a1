//! Command-line arguments as clap parses them: raw values only. They become a
//! checked [`crate::config`] before any document is read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "ombuds",
    version,
    about = "Turn a folder of published Ombudsman decision statements into a structured dataset and statistics."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read decision pages (.txt, .html, .htm) and write the dataset.
    Extract(ExtractArgs),
    /// Council-by-council statistics and reports from an existing dataset
    /// (decisions.jsonl), without re-reading the corpus. Reads the dataset
    /// once, one line at a time, then the few lines each organisation's page
    /// shows; memory grows with the number of organisations, categories and
    /// years, not with the number of decisions.
    Summary(SummaryArgs),
    /// Work with the extraction rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Folders (read recursively) or files. Default: corpus
    pub paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "reports")]
    pub out: PathBuf,
    /// Worker threads (default: number of CPUs).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Extra rules file (TOML, same schema as rules/extract.toml); its rules
    /// replace embedded rules with the same id. Repeatable.
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Extra boilerplate file (same schema as rules/boilerplate.toml). Repeatable.
    #[arg(long = "boilerplate", value_name = "FILE")]
    pub boilerplate: Vec<PathBuf>,
    /// Files above this size (bytes) are reported as too_large without being read.
    #[arg(long, default_value_t = 20 * 1024 * 1024)]
    pub max_file_size: u64,
    /// Seconds allowed per file; a file that takes longer (pathological HTML)
    /// is reported as a timeout error instead of holding up the run.
    #[arg(long, default_value_t = 10.0, value_name = "SECS")]
    pub file_timeout: f64,
    /// Reuse the records of files unchanged since the last --incremental run
    /// into the same --out (cache kept in OUT/.ombuds); only new or changed
    /// files are read. The outputs are identical to a full run.
    #[arg(long)]
    pub incremental: bool,
    /// With --incremental: read and hash every file instead of trusting its
    /// size, times and inode (for file systems whose timestamps cannot be
    /// trusted); only files whose content changed are extracted again.
    #[arg(long)]
    pub checksum: bool,
    /// Do not write a UTF-8 byte-order mark at the start of the CSV files
    /// (by default it is written so that Excel shows £ correctly).
    #[arg(long)]
    pub no_bom: bool,
    /// Do not write the SQLite database (ombuds.db) and its Datasette
    /// metadata (metadata.json).
    #[arg(long)]
    pub no_db: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args, Default)]
pub struct SummaryArgs {
    /// The dataset: a decisions.jsonl written by `ombuds extract`.
    /// Default: reports/decisions.jsonl
    pub dataset: Option<PathBuf>,
    /// Output folder for summary.json, summary.md, report.html and the
    /// organisation pages (councils/), councils.csv and ombuds.xlsx.
    #[arg(short, long, default_value = "reports")]
    pub out: PathBuf,
    /// Only this organisation (matched after name normalisation: case, "the",
    /// "&", known renamings).
    #[arg(long, value_name = "NAME")]
    pub council: Option<String>,
    /// Only decisions whose category contains TEXT (ignoring case).
    #[arg(long, value_name = "TEXT")]
    pub category: Option<String>,
    /// Only decisions dated on or after DATE (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only decisions dated on or before DATE (YYYY-MM-DD); undated ones are left out.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only decisions with this outcome (ignoring case), e.g. "upheld".
    #[arg(long, value_name = "TEXT")]
    pub outcome: Option<String>,
    /// Only decisions with a money remedy.
    #[arg(long)]
    pub with_payment: bool,
    /// Also print the decisions kept, one per line (tab-separated), on stdout.
    #[arg(long)]
    pub list: bool,
    /// Do not write a UTF-8 byte-order mark at the start of councils.csv.
    #[arg(long)]
    pub no_bom: bool,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Compile every rule and run its examples and counter-examples.
    Check {
        /// Extra rules file to check with the embedded ones. Repeatable.
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<PathBuf>,
    },
    /// List the rules: id, field and description.
    List {
        #[arg(long = "rules", value_name = "FILE")]
        rules: Vec<PathBuf>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn extract_defaults_and_flags() {
        let cli = Cli::try_parse_from(["ombuds", "extract", "a", "b", "--out", "o", "--jobs", "3"])
            .unwrap();
        let Command::Extract(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.paths, [PathBuf::from("a"), PathBuf::from("b")]);
        assert_eq!(a.out, PathBuf::from("o"));
        assert_eq!(a.jobs, Some(3));
        assert_eq!(a.max_file_size, 20 * 1024 * 1024);
        let cli = Cli::try_parse_from(["ombuds", "extract"]).unwrap();
        let Command::Extract(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.out, PathBuf::from("reports"));
        assert!(Cli::try_parse_from(["ombuds", "extract", "--jobs", "x"]).is_err());
    }

    #[test]
    fn summary_defaults_and_filters() {
        let cli = Cli::try_parse_from([
            "ombuds",
            "summary",
            "--council",
            "Essex County Council",
            "--since",
            "2023-01-01",
        ])
        .unwrap();
        let Command::Summary(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.dataset, None);
        assert_eq!(a.out, PathBuf::from("reports"));
        assert_eq!(a.council.as_deref(), Some("Essex County Council"));
        assert_eq!(a.since.as_deref(), Some("2023-01-01"));
        assert!(!a.no_bom && !a.list && !a.with_payment);
    }
}
