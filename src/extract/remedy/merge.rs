//! The same money stated twice counts once.
//!
//! Decisions often state a remedy in the summary and again in the agreed
//! action (`pay Miss X and her child £350`, then `£150` and `£200`): the
//! agreed action wins, and a later source adds only the sums the earlier
//! ones do not cover (equal to one of their sums, or to the total of several
//! of them). Within one source, a sum repeated in another sentence with no
//! payee in one of them is the same payment.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::sums::Sums;
use super::Found;
use crate::record::{Gbp, Payment};

/// Drops the sums introduced as a total ("The Council has agreed to pay a
/// total of £700") that add up two or more of the page's other sums, in any
/// source, with those already provided: "pay Miss T the £300 it offered and a
/// further £400 ... a total of £700" restates, it does not add.
pub fn drop_restated_totals(sums: &mut Sums, already: &BTreeSet<Gbp>) {
    let is_total = |f: &Found| f.total;
    if ![&sums.summary, &sums.action, &sums.body]
        .iter()
        .any(|v| v.iter().any(is_total))
    {
        return;
    }
    let parts: Vec<i64> = [&sums.summary, &sums.action, &sums.body]
        .iter()
        .flat_map(|v| v.iter().filter(|f| !f.total))
        .map(|f| f.payment.amount_gbp.0)
        .chain(already.iter().map(|g| g.0))
        .collect();
    let covered = subset_sums(&parts, 2);
    for v in [&mut sums.summary, &mut sums.action, &mut sums.body] {
        v.retain(|f| !(f.total && covered.contains(&f.payment.amount_gbp.0)));
    }
}

/// Above this many sums, subsets are not enumerated: only the whole total
/// covers a later sum (2^16 subset sums at most).
const SUBSET_LIMIT: usize = 16;

/// Drops payments stated twice in different sentences: the same sum with no
/// payee in one of them ("recommend a financial remedy of £5000" then "pay Ms
/// H £5000"), or, with `same_payee`, the same sum to the same payee (findings
/// that repeat a recommendation). Where a payee is named twice, the one named
/// survives. Linear in the number of sums for distinct amounts; comparisons
/// are of sentence indexes, never of text.
pub fn dedupe(found: Vec<Found>, same_payee: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut by_amount: HashMap<i64, Vec<usize>> = HashMap::new();
    for f in found {
        let same = by_amount.entry(f.payment.amount_gbp.0).or_default();
        let dup = same.iter().copied().find(|&i| {
            let o = &out[i];
            o.sentence != f.sentence
                && (o.payment.recipient.is_none()
                    || f.payment.recipient.is_none()
                    || (same_payee && o.payment.recipient == f.payment.recipient))
        });
        match dup {
            Some(i) => {
                if out[i].payment.recipient.is_none() && f.payment.recipient.is_some() {
                    out[i] = f;
                }
            }
            None => {
                same.push(out.len());
                out.push(f);
            }
        }
    }
    out
}

/// `base` plus the payments of `more` that `base` does not already cover: a
/// sum equal to one of base's sums, or to the total of two or more of them;
/// and none of `more` when together they are the breakdown of one of base's
/// sums (the summary itemises what the action pays as one sum).
pub fn merge(mut base: Vec<Payment>, more: Vec<Payment>) -> Vec<Payment> {
    if base.is_empty() {
        return more;
    }
    let sums: Vec<i64> = base.iter().map(|p| p.amount_gbp.0).collect();
    let covered = subset_sums(&sums, 1);
    let more_total = more
        .iter()
        .try_fold(0i64, |acc, p| acc.checked_add(p.amount_gbp.0));
    if more.len() >= 2 && more_total.is_some_and(|t| sums.contains(&t)) {
        return base;
    }
    base.extend(
        more.into_iter()
            .filter(|p| !covered.contains(&p.amount_gbp.0)),
    );
    base
}

/// Every sum of a subset of at least `min_parts` (1 or more) of `sums`;
/// when there are too many to enumerate, the sums themselves (for
/// `min_parts` 1) and their whole total.
fn subset_sums(sums: &[i64], min_parts: u8) -> HashSet<i64> {
    let mut out: HashSet<i64> = HashSet::new();
    if min_parts <= 1 {
        out.extend(sums);
    }
    if sums.len() >= usize::from(min_parts) {
        if let Some(total) = sums.iter().try_fold(0i64, |a, &b| a.checked_add(b)) {
            out.insert(total);
        }
    }
    if sums.len() > SUBSET_LIMIT {
        return out;
    }
    // (sum, how many parts) of every subset, the count capped at min_parts.
    let cap = min_parts.max(1);
    let mut all = vec![(0i64, 0u8)];
    for &s in sums {
        let n = all.len();
        for i in 0..n {
            let (v, k) = all[i];
            if let Some(v) = v.checked_add(s) {
                all.push((v, (k + 1).min(cap)));
            }
        }
    }
    out.extend(all.into_iter().filter(|&(_, k)| k >= cap).map(|(v, _)| v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_sums_cover_combinations() {
        let s = subset_sums(&[150, 200, 50], 1);
        for v in [150, 200, 50, 350, 200 + 50, 400] {
            assert!(s.contains(&v), "{v}");
        }
        assert!(!s.contains(&300));
        let many: Vec<i64> = (1..=40).collect();
        let s = subset_sums(&many, 1);
        assert!(s.contains(&820) && s.contains(&40) && !s.contains(&41));
        // Two parts or more: a single sum is not covered.
        let s = subset_sums(&[150, 200, 50], 2);
        assert!(s.contains(&350) && s.contains(&250) && s.contains(&400));
        assert!(!s.contains(&150) && !s.contains(&50));
    }
}
