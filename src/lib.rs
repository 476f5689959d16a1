//! ombuds: published Ombudsman decision statements to a structured dataset.
//!
//! The modules follow the data: [`walk`] → [`read`] → [`clean`] →
//! [`extract`] → [`write`], driven by [`pipeline`]; [`rules`] holds the
//! extraction rules as data and [`aggregate`] the run statistics.

pub mod aggregate;
pub mod budget;
pub mod cache;
pub mod clean;
pub mod cli;
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
pub mod rules;
pub mod stage;
pub mod summary;
pub mod url;
pub mod walk;
pub mod write;

use std::io::Write;

use anyhow::Result;
use clap::Parser;

use cli::{Cli, Command, RulesCommand};

/// Exit code when every file gave a record (or a check passed).
pub const EXIT_OK: u8 = 0;
/// Exit code when some files failed (outputs still written) or a check failed.
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for fatal errors: bad flags, bad rules, unwritable output.
pub const EXIT_FATAL: u8 = 2;
/// Exit code when Ctrl-C (or SIGTERM) stopped the run: outputs unchanged.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Parses the command line and runs; returns the exit code.
pub fn run() -> Result<u8> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() { EXIT_FATAL } else { EXIT_OK });
        }
    };
    match cli.command {
        Command::Extract(args) => {
            // First thing: a Ctrl-C while the rules compile must also stop
            // cleanly (exit 130), not kill the process.
            stage::install_interrupt_handler();
            let cfg = config::ExtractConfig::from_args(&args)?;
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
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            if kinds.is_empty() {
                kinds.push("none".into());
            }
            let incremental = if cfg.incremental {
                format!(
                    " (incremental: {} files read, {} reused, {} of them checked by content)",
                    res.files_read, res.files_reused, res.files_hashed
                )
            } else {
                String::new()
            };
            eprintln!(
                "ombuds: {} files, {} decisions, {} errors ({}), {} duplicates in {:.2} s{} -> {}",
                c.files_seen,
                c.records,
                c.errors,
                kinds.join(", "),
                c.duplicates,
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
        Command::Summary(args) => {
            let res = summary::run(&args)?;
            if let Some(council) = &res.council_unmatched {
                eprintln!(
                    "ombuds: no decision of {} decisions read is of an organisation matching --council {}; nothing written",
                    res.read,
                    escape::printable(&format!("{council:?}"))
                );
                return Ok(EXIT_SOME_FAILED);
            }
            let o = &res.summary.overall;
            eprintln!(
                "ombuds: {} of {} decisions kept, {} organisations, uphold rate {}, remedies {} -> {}",
                o.decisions,
                res.read,
                res.summary.organisations.len(),
                summary::percent(o.uphold_rate()),
                summary::money(o.remedy_total.pounds()),
                escape::printable(&res.out.display().to_string())
            );
            Ok(EXIT_OK)
        }
        Command::Rules { command } => match command {
            RulesCommand::Check { rules } => {
                let set = rules::RuleSet::load(&rules)?;
                let (report, failures) = set.check();
                print!("{report}");
                Ok(if failures == 0 {
                    EXIT_OK
                } else {
                    EXIT_SOME_FAILED
                })
            }
            RulesCommand::List { rules } => {
                let set = rules::RuleSet::load(&rules)?;
                let mut out = std::io::stdout().lock();
                for r in set.all() {
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        r.spec.id, r.spec.field, r.spec.description
                    )?;
                }
                Ok(EXIT_OK)
            }
        },
    }
}
