//! ombuds: published Ombudsman decision statements to a structured dataset.
//!
//! The modules follow the data: [`walk`] → [`read`] → [`reflow`] → [`clean`] →
//! [`extract`] → [`write`](mod@write), driven by [`pipeline`]; [`rules`] holds the
//! extraction rules as data and [`aggregate`] the run statistics;
//! [`summary`] makes the statistics and the reports. [`cmd`] has one module
//! per subcommand (arguments → checked configuration → run).

pub mod aggregate;
pub mod budget;
pub mod cache;
pub mod clean;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod csvout;
pub mod db;
pub mod dedupe;
pub mod error;
pub mod escape;
pub mod extract;
pub mod fuzz;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod reflow;
pub mod rules;
pub mod stage;
pub mod summary;
pub mod url;
pub mod walk;
pub mod write;

use anyhow::Result;
use clap::Parser;

use cli::{Cli, Command};

/// Exit code when every file gave a record (or a check passed).
pub const EXIT_OK: u8 = 0;
/// Exit code when some files failed (outputs still written) or a check failed.
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for fatal errors: bad flags, bad rules, unwritable output.
pub const EXIT_FATAL: u8 = 2;
/// Exit code when Ctrl-C (or SIGTERM) stopped the run: outputs unchanged.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Parses the command line and runs the subcommand ([`cmd`]); returns the
/// exit code.
pub fn run() -> Result<u8> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() { EXIT_FATAL } else { EXIT_OK });
        }
    };
    match &cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Summary(args) => cmd::summary::run(args),
        Command::Rules { command } => cmd::rules::run(command),
    }
}
