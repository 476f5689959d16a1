//! Duplicate decisions: the same reference in two files (a `.txt` and a
//! `.html` of one page, two downloads) gives one record, the first in path
//! order, listing the other files in `duplicates`; fields on which a copy
//! disagrees become warnings on that record.
//!
//! Records stream out as they come, so the first copy is already written
//! when a later one turns up. Per reference we keep only the reference
//! itself, packed into a `u32` (4 bytes a decision, so 400,000 decisions cost
//! 1.6 MB), and collect [`Fixup`]s for the few records that gain duplicates,
//! keyed by that packed reference: the later copies' file names and compared
//! values. [`crate::write::apply_fixups`] applies them in one streaming pass
//! over the staged files at the end of the run, finding each first record by
//! its reference as it reads it back, and comparing each copy with it.

use std::collections::{BTreeMap, HashMap, HashSet};

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
        r.remedy_total_gbp
            .map_or_else(|| "null".into(), |g| g.to_string()),
        r.remedy_already_provided_gbp
            .map_or_else(|| "null".into(), |g| g.to_string()),
    ]
}

/// `24 012 297b` as one number: the eight digits times 27 plus the suffix
/// letter (0 for none) fits in a `u32`. `None` for anything else.
pub fn pack(reference: &str) -> Option<u32> {
    let b = reference.as_bytes();
    let digit_at = [0usize, 1, 3, 4, 5, 7, 8, 9];
    if b.len() < 10 || b.len() > 11 || b[2] != b' ' || b[6] != b' ' {
        return None;
    }
    let mut n: u32 = 0;
    for &i in &digit_at {
        let d = b[i];
        if !d.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(d - b'0');
    }
    let suffix = match b.get(10) {
        None => 0,
        Some(c) if c.is_ascii_lowercase() => u32::from(c - b'a') + 1,
        Some(_) => return None,
    };
    Some(n * 27 + suffix)
}

/// A later copy of a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub file: String,
    values: [String; 7],
}

/// What later copies add to a first record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixup {
    pub copies: Vec<Copy>,
}

impl Fixup {
    /// Adds the copies and a warning for each copy that disagrees with `r`.
    /// Returns true when `r` had no warning and now has one.
    pub fn apply(&self, r: &mut Record) -> bool {
        let had_warnings = !r.warnings.is_empty();
        let first = values(r);
        for c in &self.copies {
            r.duplicates.push(c.file.clone());
            let differs: Vec<String> = COMPARED
                .iter()
                .zip(first.iter().zip(&c.values))
                .filter(|(_, (a, b))| a != b)
                .map(|(name, (_, v))| format!("{name} {v:?}"))
                .collect();
            if !differs.is_empty() {
                r.warnings.push(format!(
                    "duplicate {} of {} differs: {}",
                    c.file,
                    r.reference.as_deref().unwrap_or(""),
                    differs.join(", ")
                ));
            }
        }
        !had_warnings && !r.warnings.is_empty()
    }
}

/// Tracks references across one run, in output order.
#[derive(Default)]
pub struct Dedupe {
    /// The packed references of the records written so far.
    seen: RefSet,
    /// References that do not pack (never seen from the embedded rules), to
    /// the index of their first record.
    seen_other: HashMap<String, u64>,
    fixups: Fixups,
}

/// The fixups of a run: by packed reference (one written record has it), or
/// by index for a reference that does not pack.
#[derive(Debug, Default)]
pub struct Fixups {
    by_reference: BTreeMap<u32, Fixup>,
    by_index: BTreeMap<u64, Fixup>,
}

impl Fixups {
    pub fn is_empty(&self) -> bool {
        self.by_reference.is_empty() && self.by_index.is_empty()
    }

    pub fn len(&self) -> usize {
        self.by_reference.len() + self.by_index.len()
    }

    /// The fixup of the record written as number `index` with `reference`.
    pub fn get(&self, index: u64, reference: &str) -> Option<&Fixup> {
        match pack(reference) {
            Some(key) => self.by_reference.get(&key),
            None => self.by_index.get(&index),
        }
    }
}

impl Dedupe {
    /// Looks at the record about to be written as number `index` (0-based
    /// among written records). Returns true when it is a copy of an earlier
    /// record: then it must not be written.
    pub fn observe(&mut self, index: u64, r: &Record) -> bool {
        let Some(reference) = &r.reference else {
            return false;
        };
        let fixup = match pack(reference) {
            Some(key) => {
                if self.seen.insert(key) {
                    return false;
                }
                self.fixups.by_reference.entry(key).or_default()
            }
            None => {
                let first = *self.seen_other.entry(reference.clone()).or_insert(index);
                if first == index {
                    return false;
                }
                self.fixups.by_index.entry(first).or_default()
            }
        };
        fixup.copies.push(Copy {
            file: r.file.clone(),
            values: values(r),
        });
        true
    }

    /// Frees the reference index once every record has been observed.
    pub fn forget_references(&mut self) {
        self.seen = RefSet::default();
        self.seen_other = HashMap::new();
    }

    pub fn fixups(&self) -> &Fixups {
        &self.fixups
    }
}

/// A set of packed references in 4 bytes an entry: a sorted vector plus a
/// small hash set of the latest entries, merged into the vector when it
/// fills. A hash set of every reference would take about twice that, and
/// three times while it grows; this keeps peak memory nearly flat as a
/// corpus grows.
#[derive(Default)]
struct RefSet {
    sorted: Vec<u32>,
    recent: HashSet<u32>,
}

/// Entries held in `RefSet::recent` before a merge: merges cost a pass over
/// `sorted` each, so about n²/4096 moves over a run (a few tens of
/// milliseconds at 400,000 references).
const RECENT: usize = 4096;

impl RefSet {
    /// Adds `key`; false when it was there already.
    fn insert(&mut self, key: u32) -> bool {
        if self.sorted.binary_search(&key).is_ok() || !self.recent.insert(key) {
            return false;
        }
        if self.recent.len() >= RECENT {
            self.merge_recent();
        }
        true
    }

    fn merge_recent(&mut self) {
        let mut tail: Vec<u32> = self.recent.drain().collect();
        tail.sort_unstable();
        // Merge from the back, in place: the vector grows by the tail's
        // length and each entry moves at most once.
        let old = self.sorted.len();
        self.sorted.extend_from_slice(&tail);
        let (mut i, mut j, mut k) = (old, tail.len(), self.sorted.len());
        while j > 0 {
            k -= 1;
            if i > 0 && self.sorted[i - 1] > tail[j - 1] {
                self.sorted[k] = self.sorted[i - 1];
                i -= 1;
            } else {
                self.sorted[k] = tail[j - 1];
                j -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_set_finds_every_key_across_merges() {
        let mut set = RefSet::default();
        // Distinct keys in a scrambled order (a bijection modulo a prime),
        // enough for several merges.
        let n = (RECENT * 3 + 17) as u32;
        let key = |i: u32| i * 7919 % 100_003;
        for i in 0..n {
            assert!(set.insert(key(i)), "key {} is new", key(i));
        }
        assert!(set.sorted.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(set.sorted.len() + set.recent.len(), n as usize);
        for i in 0..n {
            assert!(!set.insert(key(i)), "key {} was seen", key(i));
        }
        assert_eq!(set.sorted.len() + set.recent.len(), n as usize);
    }

    #[test]
    fn references_pack_uniquely() {
        assert_eq!(pack("00 000 000"), Some(0));
        assert_eq!(pack("24 012 297"), Some(24_012_297 * 27));
        assert_eq!(pack("17 002 402b"), Some(17_002_402 * 27 + 2));
        assert!(pack("99 999 999z").is_some());
        assert_ne!(pack("17 002 402"), pack("17 002 402a"));
        assert_eq!(pack("17 002 402B"), None);
        assert_eq!(pack("17-002-402"), None);
        assert_eq!(pack("1 002 402"), None);
    }

    fn rec(file: &str, reference: Option<&str>, outcome: &str) -> Record {
        let mut r = Record::new(file.into());
        r.reference = reference.map(String::from);
        r.outcome = Some(outcome.into());
        r
    }

    #[test]
    fn a_reference_that_does_not_pack_is_found_by_its_index() {
        let mut d = Dedupe::default();
        assert!(!d.observe(0, &rec("a.txt", Some("24 012 297"), "Upheld")));
        assert!(!d.observe(1, &rec("b.txt", Some("REF/24/1"), "Upheld")));
        assert!(d.observe(2, &rec("c.txt", Some("REF/24/1"), "Upheld")));
        assert_eq!(d.fixups().len(), 1);
        let fix = d.fixups().get(1, "REF/24/1").expect("a fixup");
        assert_eq!(fix.copies[0].file, "c.txt");
        assert!(
            d.fixups().get(0, "REF/24/1").is_none(),
            "by index, not text"
        );
        assert!(d.fixups().get(0, "24 012 297").is_none());
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
        let fix = d.fixups().get(0, "24 012 297").expect("a fixup");
        assert_eq!(d.fixups().len(), 1);
        assert!(d.fixups().get(0, "24 000 001").is_none());
        let mut first = rec("a.html", Some("24 012 297"), "Upheld");
        assert!(fix.apply(&mut first), "gains its first warning");
        assert_eq!(first.duplicates, ["a.txt", "z.txt"]);
        assert_eq!(first.warnings.len(), 1);
        assert!(first.warnings[0].contains("z.txt"), "{:?}", first.warnings);
        assert!(
            first.warnings[0].contains("outcome \"Not upheld\""),
            "{:?}",
            first.warnings
        );
    }
}
