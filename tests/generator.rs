//! The corpus generator (examples/gen_corpus.rs, issue 6) as an accuracy
//! check at scale: a few thousand generated pages, .txt and .html, with and
//! without header lines, must give exactly the fields the generator put in.

use crate::util::*;

#[allow(dead_code)]
#[path = "../examples/gen_corpus.rs"]
pub mod gen_corpus;

/// Fields the generator controls and writes into its expected file.
const FIELDS: &[&str] = &[
    "reference",
    "organisation",
    "category",
    "decision_date",
    "outcome",
    "outcome_basis",
    "complainant",
    "payments",
    "remedy_total_gbp",
];

#[test]
fn issue_6_generated_corpus_gives_the_generated_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gen");
    let n = 3000;
    let (expected_path, _) = gen_corpus::write_corpus(n, &dir, 7, None).unwrap();
    let expected = read_jsonl(&expected_path);
    assert_eq!(expected.len(), n);
    // Both formats and both header styles are in the sample.
    let html = expected
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with(".html"))
        .count();
    let stated = expected
        .iter()
        .filter(|e| e.get("outcome").is_some())
        .count();
    assert!(html > n / 10 && html < n / 2, "{html} html files");
    assert!(
        stated > n / 2 && stated < n,
        "{stated} pages with header lines"
    );

    let out = tmp.path().join("out");
    let o = extract(&[&dir], &out);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let records = read_records(&out);
    assert_eq!(records.len(), n, "one record per generated file");
    // Records come in walk order, the generator's expected file in index
    // order: match them by file.
    let by_file: std::collections::HashMap<&str, &ombuds::record::Record> =
        records.iter().map(|r| (r.file.as_str(), r)).collect();
    let mut misses = Vec::new();
    for e in &expected {
        let file = e["file"].as_str().unwrap();
        let Some(r) = by_file.get(file) else {
            misses.push(format!("{file}: no record"));
            continue;
        };
        for f in FIELDS {
            let Some(want) = e.get(*f) else { continue };
            let got = field(r, f);
            if !same(&got, want) {
                misses.push(format!("{file}: {f} is {got}, generator wrote {want}"));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} mismatches, first ones:\n{}",
        misses.len(),
        misses[..misses.len().min(20)].join("\n")
    );
}
