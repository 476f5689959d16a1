//! Issue 10, item 8: every labelled field of ../shared/dev-corpus and
//! ../shared/full-decisions (read in place), scored and printed. Each field
//! must be right on at least 98% of the pages that label it; the figures are
//! in the README.

use crate::util::*;
use ombuds::record::Record;

/// Fields the label files use, scored where a page's label has the key.
const FIELDS: &[&str] = &[
    "reference",
    "organisation",
    "category",
    "decision_date",
    "outcome",
    "outcome_basis",
    "payments",
    "remedy_total_gbp",
    "remedy_already_provided_gbp",
    "remedy_kinds",
    "deadlines",
];

/// The floor every labelled field must reach.
const FLOOR: f64 = 0.98;

/// A record's value for a label key, as the labels write it.
fn value(r: &Record, field_name: &str) -> serde_json::Value {
    match field_name {
        "deadlines" => serde_json::json!(r
            .deadlines
            .iter()
            .map(|d| serde_json::json!({ "text": d.text, "days": d.days }))
            .collect::<Vec<_>>()),
        f => field(r, f),
    }
}

/// (field, right, labelled, misses) for every field some label has.
fn scores(
    records: &[Record],
    labels: &[serde_json::Value],
) -> Vec<(String, usize, usize, Vec<String>)> {
    let mut out = Vec::new();
    for f in FIELDS {
        let (mut right, mut n, mut misses) = (0, 0, Vec::new());
        for label in labels {
            let Some(want) = label.get(*f) else { continue };
            let file = label["file"].as_str().unwrap();
            let mut want = want.clone();
            if *f == "payments" {
                // Labels list payments in text order; records are compared sorted.
                if let Some(p) = want.as_array_mut() {
                    p.sort_by(|a, b| a.as_f64().unwrap().total_cmp(&b.as_f64().unwrap()));
                }
            }
            n += 1;
            let got = find_record(records, file).map(|r| value(r, f));
            if got.as_ref().is_some_and(|g| same(g, &want)) {
                right += 1;
            } else {
                misses.push(format!("{file}: {f} is {got:?}, label says {want}"));
            }
        }
        if n > 0 {
            out.push((f.to_string(), right, n, misses));
        }
    }
    out
}

fn check(name: &str) {
    let dir = shared(name);
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&dir], out.path());
    assert!(matches!(o.status.code(), Some(0 | 1)));
    let records = read_records(out.path());
    let labels = read_jsonl(&dir.join("labels.jsonl"));
    let mut low = Vec::new();
    eprintln!("{name}: {} pages labelled", labels.len());
    for (f, right, n, misses) in scores(&records, &labels) {
        let share = right as f64 / n as f64;
        eprintln!("  {f:28} {right:4}/{n:<4} {:6.1}%", 100.0 * share);
        for m in &misses {
            eprintln!("      {m}");
        }
        if share < FLOOR {
            low.push(format!("{f}: {right}/{n}"));
        }
    }
    assert!(low.is_empty(), "{name}: below {FLOOR}: {low:?}");
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn dev_corpus_every_labelled_field() {
    check("dev-corpus");
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn full_decisions_every_labelled_field() {
    check("full-decisions");
}
