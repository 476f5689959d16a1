//! `ombuds rules check` and `ombuds rules list`.

use std::io::Write;

use anyhow::Result;

use crate::cli::RulesCommand;
use crate::rules::RuleSet;
use crate::{EXIT_OK, EXIT_SOME_FAILED};

/// Runs a `rules` subcommand; returns the exit code.
pub fn run(command: &RulesCommand) -> Result<u8> {
    match command {
        RulesCommand::Check { rules } => {
            let set = RuleSet::load(rules)?;
            let (report, failures) = set.check();
            print!("{report}");
            Ok(if failures == 0 {
                EXIT_OK
            } else {
                EXIT_SOME_FAILED
            })
        }
        RulesCommand::List { rules } => {
            let set = RuleSet::load(rules)?;
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
    }
}
