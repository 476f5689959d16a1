//! The bundled corpus against its expected fields (tests/expected/corpus.jsonl).

use crate::util::*;

/// Fields the bundled corpus checks; see tests/expected/corpus.jsonl.
const FIELDS: &[&str] = &[
    "reference",
    "organisation",
    "category",
    "decision_date",
    "complainant",
    "decision_kind",
];

fn run_corpus() -> (tempfile::TempDir, Vec<ombuds::record::Record>) {
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&root().join("corpus")], out.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = read_records(out.path());
    (out, recs)
}

#[test]
fn corpus_matches_expected_fields() {
    let (_out, recs) = run_corpus();
    let labels = read_jsonl(&root().join("tests/expected/corpus.jsonl"));
    let stated: Vec<_> = labels
        .iter()
        .filter(|l| l.get("same_as").is_none())
        .cloned()
        .collect();
    let misses = score(&recs, &stated, FIELDS);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    let header_outcomes: Vec<_> = stated
        .iter()
        .filter(|l| l["outcome_basis"] == "stated")
        .cloned()
        .collect();
    let misses = score(&recs, &header_outcomes, &["outcome", "outcome_basis"]);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn seed_000_and_003_as_the_issue_states() {
    let (_out, recs) = run_corpus();
    // The HTML copy comes first in path order: the seed is its duplicate.
    let r = find_record(&recs, "seeds/000_397a35b6c4e47fb0.txt").unwrap();
    assert_eq!(r.file, "html/000_397a35b6c4e47fb0.html");
    assert_eq!(r.duplicates, ["seeds/000_397a35b6c4e47fb0.txt"]);
    assert_eq!(
        r.organisation.as_deref(),
        Some("West Northamptonshire Council")
    );
    assert_eq!(r.reference.as_deref(), Some("24 012 297"));
    assert_eq!(
        r.category.as_deref(),
        Some("Children's care services > Other")
    );
    assert_eq!(r.outcome.as_deref(), Some("Upheld"));
    assert_eq!(r.outcome_basis.as_deref(), Some("stated"));
    assert_eq!(r.decision_date.as_deref(), Some("2025-04-06"));
    assert_eq!(r.complainant.as_deref(), Some("Mr X"));
    assert_eq!(r.evidence["reference"].line, 1);
    assert_eq!(r.evidence["outcome"].text, "Decision : Upheld");
    let r = find_record(&recs, "seeds/003_3361a64780ec40b8.txt").unwrap();
    assert_eq!(
        r.organisation.as_deref(),
        Some("Warwickshire County Council")
    );
    assert_eq!(r.reference.as_deref(), Some("24 013 077"));
    assert_eq!(r.category, None);
    assert_eq!(r.decision_date, None);
}

/// The HTML and text versions of a decision give the same record, evidence
/// line numbers included; only the file name differs. Each is extracted on
/// its own (together they fold into one record, see below), and together
/// they fold without a conflict warning.
#[test]
fn html_and_text_give_the_same_record() {
    let labels = read_jsonl(&root().join("tests/expected/corpus.jsonl"));
    let alone = |rel: &str| {
        let out = tempfile::tempdir().unwrap();
        let o = extract(&[&root().join("corpus").join(rel)], out.path());
        assert_eq!(o.status.code(), Some(0), "{rel}");
        let mut recs = read_records(out.path());
        assert_eq!(recs.len(), 1);
        recs.pop().unwrap()
    };
    let (_out, all) = run_corpus();
    let mut pairs = 0;
    for l in labels.iter().filter(|l| l.get("same_as").is_some()) {
        let (html_rel, text_rel) = (l["file"].as_str().unwrap(), l["same_as"].as_str().unwrap());
        let mut html = alone(html_rel);
        let text = alone(text_rel);
        assert_ne!(html.file, text.file);
        html.file = text.file.clone();
        assert_eq!(html, text);
        let folded = all.iter().find(|r| r.file == html_rel).unwrap();
        assert_eq!(folded.duplicates, [text_rel]);
        assert!(folded.warnings.iter().all(|w| !w.contains("duplicate")));
        pairs += 1;
    }
    assert_eq!(pairs, 2);
}

#[test]
fn outputs_are_written_and_consistent() {
    let (out, recs) = run_corpus();
    let summary = read_json(&out.path().join("summary.json"));
    let n = recs.len() as u64;
    assert_eq!(summary["records"], n);
    assert_eq!(summary["errors"], 0);
    // Two HTML pages are copies of two seeds: 17 files, 15 records.
    assert_eq!(summary["duplicates"], 2);
    assert_eq!(summary["files_seen"], n + 2);
    let bytes = std::fs::read(out.path().join("decisions.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFfile,"),
        "CSV starts with a BOM for Excel"
    );
    let mut csv = csv::Reader::from_path(out.path().join("decisions.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let rows: Vec<_> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), recs.len());
    let col = headers.iter().position(|h| h == "reference").unwrap();
    for (row, rec) in rows.iter().zip(&recs) {
        assert_eq!(row[col], rec.reference.clone().unwrap_or_default());
    }
    // Sorted by path.
    let files: Vec<_> = recs.iter().map(|r| r.file.clone()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}
