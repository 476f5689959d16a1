//! `ombuds summary`: `SummaryArgs` → [`SummaryConfig`] → [`summary::run()`].

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::SummaryArgs;
use crate::summary::{self, count, gazetteer::Gazetteer, money, FilterSpec, SummaryConfig};
use crate::{escape, EXIT_OK, EXIT_SOME_FAILED};

/// Checks the arguments: dates, the council's name.
pub fn config(a: &SummaryArgs) -> Result<SummaryConfig> {
    let spec = FilterSpec {
        council: a.council.clone(),
        category: a.category.clone(),
        since: a.since.clone(),
        until: a.until.clone(),
        outcome: a.outcome.clone(),
        with_payment: a.with_payment,
    };
    Ok(SummaryConfig {
        dataset: a
            .dataset
            .clone()
            .unwrap_or_else(|| PathBuf::from("reports").join(crate::write::DECISIONS_JSONL)),
        out: a.out.clone(),
        filter: spec.check(Gazetteer::embedded())?,
        list: a.list,
        excel_bom: !a.no_bom,
    })
}

/// Runs `ombuds summary`; returns the exit code.
pub fn run(a: &SummaryArgs) -> Result<u8> {
    let cfg = config(a)?;
    let res = summary::run(&cfg)?;
    if let Some(council) = &res.council_unmatched {
        eprintln!(
            "ombuds: no decision of {} decisions read is of an organisation matching --council {}; nothing written",
            count(res.read),
            escape::printable(&format!("{council:?}"))
        );
        return Ok(EXIT_SOME_FAILED);
    }
    let o = &res.summary.overall;
    eprintln!(
        "ombuds: {} of {} decisions kept, {} organisations, uphold rate {}, remedies {} -> {}",
        count(o.decisions),
        count(res.read),
        count(res.summary.organisations.len() as u64),
        summary::format::rate(o.rate()),
        money(o.remedy_total.pounds()),
        escape::printable(&res.out.display().to_string())
    );
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_become_a_checked_config() {
        let a = SummaryArgs {
            council: Some("the essex county council".into()),
            since: Some("2023-01-01".into()),
            ..SummaryArgs::default()
        };
        let cfg = config(&a).unwrap();
        assert_eq!(cfg.dataset, PathBuf::from("reports/decisions.jsonl"));
        assert_eq!(
            cfg.filter.council.as_ref().map(|c| c.1.as_str()),
            Some("essex county council")
        );
        assert!(cfg.excel_bom && !cfg.list);
        let bad = SummaryArgs {
            until: Some("2023-02-30x".into()),
            ..SummaryArgs::default()
        };
        assert!(config(&bad).is_err());
    }
}
