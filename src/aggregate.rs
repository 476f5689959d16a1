//! Run statistics folded record by record, so nothing is kept per file.
//! Summaries merge with `+=` (per-chunk stats fold into the total).

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use crate::record::{ErrorRecord, Record};

/// Counts for `summary.json` of an extract run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunCounts {
    pub files_seen: u64,
    pub records: u64,
    pub errors: u64,
    pub duplicates: u64,
    pub by_outcome: BTreeMap<String, u64>,
    pub by_outcome_basis: BTreeMap<String, u64>,
    pub errors_by_kind: BTreeMap<String, u64>,
    pub with_warnings: u64,
}

impl RunCounts {
    pub fn observe_record(&mut self, r: &Record) {
        self.files_seen += 1 + r.duplicates.len() as u64;
        self.records += 1;
        self.duplicates += r.duplicates.len() as u64;
        let outcome = r.outcome.clone().unwrap_or_else(|| "unknown".into());
        *self.by_outcome.entry(outcome).or_default() += 1;
        let basis = r.outcome_basis.clone().unwrap_or_else(|| "none".into());
        *self.by_outcome_basis.entry(basis).or_default() += 1;
        if !r.warnings.is_empty() {
            self.with_warnings += 1;
        }
    }

    /// A later copy of a record already counted (same reference).
    pub fn observe_duplicate(&mut self) {
        self.files_seen += 1;
        self.duplicates += 1;
    }

    pub fn observe_error(&mut self, e: &ErrorRecord) {
        self.files_seen += 1;
        self.errors += 1;
        *self
            .errors_by_kind
            .entry(e.kind.as_str().to_string())
            .or_default() += 1;
    }
}

fn add_map(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

impl AddAssign<&RunCounts> for RunCounts {
    fn add_assign(&mut self, o: &RunCounts) {
        self.files_seen += o.files_seen;
        self.records += o.records;
        self.errors += o.errors;
        self.duplicates += o.duplicates;
        self.with_warnings += o.with_warnings;
        add_map(&mut self.by_outcome, &o.by_outcome);
        add_map(&mut self.by_outcome_basis, &o.by_outcome_basis);
        add_map(&mut self.errors_by_kind, &o.errors_by_kind);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn merge_equals_sequential() {
        let mut a = RunCounts::default();
        let mut b = RunCounts::default();
        let mut all = RunCounts::default();
        let mut r = Record::new("x".into());
        r.outcome = Some("Upheld".into());
        let e = ErrorRecord {
            file: "y".into(),
            kind: ErrorKind::Empty,
            message: "m".into(),
        };
        a.observe_record(&r);
        all.observe_record(&r);
        b.observe_error(&e);
        all.observe_error(&e);
        b.observe_record(&r);
        all.observe_record(&r);
        a += &b;
        assert_eq!(a, all);
        assert_eq!(a.files_seen, 3);
        assert_eq!(a.by_outcome["Upheld"], 2);
        assert_eq!(a.errors_by_kind["empty"], 1);
    }
}
