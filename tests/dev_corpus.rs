//! ../shared/dev-corpus and ../shared/full-decisions read in place (they are
//! published texts and stay out of the repository). Ignored when absent,
//! failing when absent with CI set (build.rs).

use crate::util::*;

const STATED: &[&str] = &["reference", "organisation", "category", "decision_date"];

fn run(
    name: &str,
) -> (
    tempfile::TempDir,
    Vec<ombuds::record::Record>,
    Vec<serde_json::Value>,
) {
    let dir = shared(name);
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&dir], out.path());
    // README.md and labels.jsonl are reported as unsupported: exit 1.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = read_records(out.path());
    let labels = read_jsonl(&dir.join("labels.jsonl"));
    (out, recs, labels)
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn dev_corpus_stated_fields_match_labels() {
    let (_out, recs, labels) = run("dev-corpus");
    assert_eq!(recs.len(), labels.len());
    let misses = score(&recs, &labels, STATED);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    // Outcomes stated on a Decision line.
    let stated: Vec<_> = labels
        .iter()
        .filter(|l| l["outcome_basis"] == "stated")
        .cloned()
        .collect();
    assert!(stated.len() > 150);
    let misses = score(&recs, &stated, &["outcome", "outcome_basis"]);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn full_decisions_read_right() {
    let (_out, recs, labels) = run("full-decisions");
    assert_eq!(recs.len(), 12);
    let misses = score(
        &recs,
        &labels,
        &["category", "decision_date", "outcome", "outcome_basis"],
    );
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    for r in &recs {
        // The reference comes from the file name, with a warning saying so.
        let stem = r.file.trim_end_matches(".txt").replace('-', " ");
        assert_eq!(r.reference.as_deref(), Some(stem.as_str()));
        assert!(r.warnings.iter().any(|w| w.contains("file name")));
        assert_eq!(r.organisation, None);
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn errors_account_for_every_other_file() {
    let (out, recs, _) = run("dev-corpus");
    let errors = read_errors(out.path());
    let files = std::fs::read_dir(shared("dev-corpus")).unwrap().count();
    assert_eq!(recs.len() + errors.len(), files);
    assert!(errors
        .iter()
        .all(|e| e.kind == ombuds::error::ErrorKind::UnsupportedType));
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn other_ombudsmen_are_read_as_theirs() {
    // Issue 14: refused as not_a_decision before; read with their packs now.
    let dir = shared("other-ombudsmen");
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&dir], out.path());
    // The label files and README are unsupported types: exit 1.
    assert_eq!(o.status.code(), Some(1));
    let errors = read_errors(out.path());
    assert!(errors
        .iter()
        .all(|e| e.kind == ombuds::error::ErrorKind::UnsupportedType));
    let recs = read_records(out.path());
    for (folder, who, n) in [
        ("housing/", "Housing Ombudsman", 3),
        ("phso/", "Parliamentary and Health Service Ombudsman", 12),
    ] {
        let of: Vec<_> = recs.iter().filter(|r| r.file.starts_with(folder)).collect();
        assert_eq!(of.len(), n, "{folder}");
        assert!(of.iter().all(|r| r.ombudsman == who), "{folder}");
    }
}
