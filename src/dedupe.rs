//! Duplicate decisions: the same reference in two files (a `.txt` and a
//! `.html` of one page, two downloads) gives one record, the first in path
//! order, listing the other files in `duplicates`; fields on which a copy
//! disagrees become warnings on that record.
//!
//! Records stream out as they come, so the first copy is already written
//! when a later one turns up. We keep only a small fingerprint per reference
//! (its record index and a hash of each compared field, about 150 bytes, not
//! the record) and collect [`Fixup`]s for the few records that gain
//! duplicates; [`crate::write::apply_fixups`] applies them in one streaming
//! pass over the staged files at the end of the run.

use std::collections::{BTreeMap, HashMap};

use xxhash_rust::xxh3::xxh3_64;

use crate::record::Record;

/// The fields compared between copies of a decision.
const COMPARED: &[&str] = &[
    "organisation",
    "category",
    "decision_date",
    "outcome",
    "complainant",
    "remedy_total_gbp",
    "remedy_already_provided_gbp",
];

fn values(r: &Record) -> [String; 7] {
    let o = |s: &Option<String>| s.clone().unwrap_or_else(|| "null".into());
    [
        o(&r.organisation),
        o(&r.category),
        o(&r.decision_date),
        o(&r.outcome),
        o(&r.complainant),
        r.remedy_total_gbp.to_string(),
        r.remedy_already_provided_gbp
            .map_or_else(|| "null".into(), |g| g.to_string()),
    ]
}

struct First {
    index: u64,
    fields: [u64; 7],
    had_warnings: bool,
}

/// What later copies add to a first record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixup {
    pub duplicates: Vec<String>,
    pub warnings: Vec<String>,
}

impl Fixup {
    pub fn apply(&self, r: &mut Record) {
        r.duplicates.extend(self.duplicates.iter().cloned());
        r.warnings.extend(self.warnings.iter().cloned());
    }
}

/// Tracks references across one run, in output order.
#[derive(Default)]
pub struct Dedupe {
    seen: HashMap<String, First>,
    fixups: BTreeMap<u64, Fixup>,
    /// First records that had no warning and gained one (for the count of
    /// records with warnings).
    pub newly_warned: u64,
}

impl Dedupe {
    /// Looks at the record about to be written as number `index` (0-based
    /// among written records). Returns true when it is a copy of an earlier
    /// record: then it must not be written.
    pub fn observe(&mut self, index: u64, r: &Record) -> bool {
        let Some(reference) = &r.reference else {
            return false;
        };
        let vals = values(r);
        let hashes = vals.clone().map(|v| xxh3_64(v.as_bytes()));
        let Some(first) = self.seen.get(reference) else {
            self.seen.insert(
                reference.clone(),
                First {
                    index,
                    fields: hashes,
                    had_warnings: !r.warnings.is_empty(),
                },
            );
            return false;
        };
        let fix = self.fixups.entry(first.index).or_default();
        fix.duplicates.push(r.file.clone());
        let differs: Vec<String> = COMPARED
            .iter()
            .zip(&vals)
            .zip(hashes.iter().zip(&first.fields))
            .filter(|(_, (a, b))| a != b)
            .map(|((name, v), _)| format!("{name} {v:?}"))
            .collect();
        if !differs.is_empty() {
            if fix.warnings.is_empty() && !first.had_warnings {
                self.newly_warned += 1;
            }
            fix.warnings.push(format!(
                "duplicate {} of {reference} differs: {}",
                r.file,
                differs.join(", ")
            ));
        }
        true
    }

    pub fn fixups(&self) -> &BTreeMap<u64, Fixup> {
        &self.fixups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(file: &str, reference: Option<&str>, outcome: &str) -> Record {
        let mut r = Record::new(file.into());
        r.reference = reference.map(String::from);
        r.outcome = Some(outcome.into());
        r
    }

    #[test]
    fn later_copies_fold_into_the_first() {
        let mut d = Dedupe::default();
        assert!(!d.observe(0, &rec("a.html", Some("24 012 297"), "Upheld")));
        assert!(!d.observe(1, &rec("b.txt", Some("24 000 001"), "Upheld")));
        assert!(!d.observe(2, &rec("c.txt", None, "Upheld")));
        assert!(
            !d.observe(3, &rec("d.txt", None, "Upheld")),
            "no reference: never a duplicate"
        );
        assert!(d.observe(4, &rec("a.txt", Some("24 012 297"), "Upheld")));
        assert!(d.observe(4, &rec("z.txt", Some("24 012 297"), "Not upheld")));
        let fix = &d.fixups()[&0];
        assert_eq!(fix.duplicates, ["a.txt", "z.txt"]);
        assert_eq!(fix.warnings.len(), 1);
        assert!(fix.warnings[0].contains("z.txt"), "{:?}", fix.warnings);
        assert!(
            fix.warnings[0].contains("outcome \"Not upheld\""),
            "{:?}",
            fix.warnings
        );
        assert_eq!(d.fixups().len(), 1);
        assert_eq!(d.newly_warned, 1);
    }
}
