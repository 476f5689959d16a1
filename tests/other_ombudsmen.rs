//! Issue 14: Housing Ombudsman and PHSO pages. Every sample of
//! ../shared/other-ombudsmen (read in place) and every page of corpus/housing
//! and corpus/phso (tests/expected/other_ombudsmen.jsonl) against its label,
//! field by field, with the figures printed; LGSCO records keep their lines.

use crate::util::*;
use ombuds::record::Record;
use serde_json::{json, Value};

/// The label keys scored, where a label has them.
const FIELDS: &[&str] = &[
    "ombudsman",
    "reference",
    "organisation",
    "organisation_type",
    "occupancy",
    "decision_date",
    "determinations",
    "payments_ordered",
    "payments_recommended",
    "organisations",
    "outcome",
    "findings",
    "payments",
    "remedy_total_gbp",
    "remedy_already_provided_gbp",
    "deadlines",
    "order_kinds",
];

/// A record's value for a label key, as the labels write it. Determinations
/// are scored on the determination of each item in order: the complaint in
/// short is the page's wording, which labels paraphrase.
fn value(r: &Record, key: &str) -> Value {
    match key {
        "determinations" => json!(r
            .determinations
            .iter()
            .map(|d| d.determination.clone())
            .collect::<Vec<_>>()),
        "findings" => json!(r
            .findings
            .iter()
            .map(|f| json!({ "organisation": f.organisation, "determination": f.determination }))
            .collect::<Vec<_>>()),
        "payments" => json!(r
            .payments
            .iter()
            .map(|p| p.amount_gbp.pounds())
            .collect::<Vec<_>>()),
        "deadlines" => json!(r
            .deadlines
            .iter()
            .map(|d| d.text.clone())
            .collect::<Vec<_>>()),
        "order_kinds" => json!(r.orders.iter().map(|o| o.kind.clone()).collect::<Vec<_>>()),
        k => field(r, k),
    }
}

fn label_value(label: &Value, key: &str) -> Option<Value> {
    let v = label.get(key)?;
    Some(match key {
        "determinations" => json!(v
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["determination"].clone())
            .collect::<Vec<_>>()),
        _ => v.clone(),
    })
}

/// Scores every label key; prints `field right/labelled` and each miss.
/// Returns the misses.
fn scored(name: &str, records: &[Record], labels: &[Value]) -> Vec<String> {
    let mut all = Vec::new();
    eprintln!("{name}: {} pages labelled", labels.len());
    for key in FIELDS {
        let (mut right, mut n) = (0, 0);
        for label in labels {
            let Some(want) = label_value(label, key) else {
                continue;
            };
            n += 1;
            let file = label["file"].as_str().unwrap();
            let got = find_record(records, file).map(|r| value(r, key));
            if got.as_ref().is_some_and(|g| same(g, &want)) {
                right += 1;
            } else {
                all.push(format!("{file}: {key} is {got:?}, label says {want}"));
            }
        }
        if n > 0 {
            eprintln!("  {key:28} {right:3}/{n:<3}");
        }
    }
    for m in &all {
        eprintln!("      {m}");
    }
    all
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn issue_14_every_shared_sample_every_labelled_field() {
    for name in ["housing", "phso"] {
        let dir = shared("other-ombudsmen").join(name);
        let (_out, recs) = extract_records(&[&dir]);
        let labels = read_jsonl(&dir.join("labels.jsonl"));
        assert!(labels.len() >= 3, "{name}: {} labels", labels.len());
        let misses = scored(&format!("other-ombudsmen/{name}"), &recs, &labels);
        assert!(misses.is_empty(), "{}", misses.join("\n"));
        // Every page is read, as its ombudsman, with evidence for each finding.
        assert_eq!(recs.len(), labels.len());
        for r in &recs {
            for f in &r.findings {
                assert!(f.evidence.line > 0, "{}: {f:?}", r.file);
                assert!(!f.evidence.text.is_empty());
            }
        }
    }
}

#[test]
fn issue_14_corpus_pages_of_other_ombudsmen() {
    let root = root().join("corpus");
    let (_out, recs) = extract_records(&[&root.join("housing"), &root.join("phso")]);
    let labels = read_jsonl(&self::root().join("tests/expected/other_ombudsmen.jsonl"));
    // Files are relative to the folder given: match on the file name.
    let labels: Vec<Value> = labels
        .into_iter()
        .map(|mut l| {
            let f = l["file"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            l["file"] = json!(f);
            l
        })
        .collect();
    let misses = scored("corpus (housing, phso)", &recs, &labels);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
    assert_eq!(recs.len(), labels.len());
    // Each finding's complaint, for the housing pages, as written.
    for l in labels
        .iter()
        .filter(|l| l["ombudsman"] == "Housing Ombudsman")
    {
        let r = find_record(&recs, l["file"].as_str().unwrap()).unwrap();
        let got: Vec<Value> = r
            .determinations
            .iter()
            .map(|d| json!(d.complaint))
            .collect();
        let want: Vec<Value> = l["determinations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["complaint"].clone())
            .collect();
        assert_eq!(got, want, "{}", r.file);
    }
}

#[test]
fn issue_14_lgsco_lines_carry_no_new_keys() {
    let out = tempfile::tempdir().unwrap();
    let root = root().join("corpus");
    let o = extract(&[&root.join("seeds"), &root.join("written")], out.path());
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(out.path().join("decisions.jsonl")).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["ombudsman"], "LGSCO");
        for key in [
            "findings",
            "determinations",
            "orders",
            "recommendations",
            "payments_ordered",
            "payments_recommended",
            "organisations",
            "organisation_type",
            "occupancy",
        ] {
            assert!(v.get(key).is_none(), "{key} in {line}");
        }
        n += 1;
    }
    assert!(n >= 10, "{n} LGSCO records");
}

#[test]
fn issue_14_findings_csv_database_and_summary_agree() {
    let out = tempfile::tempdir().unwrap();
    let root = root().join("corpus");
    let o = extract(&[&root], out.path());
    assert_eq!(o.status.code(), Some(0));
    let recs = read_records(out.path());
    let want: Vec<(String, String, String)> = recs
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(move |f| {
                (
                    r.reference.clone().unwrap_or_default(),
                    f.determination.clone(),
                    f.evidence.text.clone(),
                )
            })
        })
        .collect();
    assert_eq!(want.len(), 11, "7 housing items and 4 PHSO bodies");

    // findings.csv, read back with a CSV reader (BOM first).
    let bytes = std::fs::read(out.path().join("findings.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[col("reference")].to_string(),
                r[col("determination")].to_string(),
                r[col("evidence")].to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let severe = rows
        .iter()
        .find(|r| &r[col("determination")] == "severe maladministration")
        .unwrap();
    assert_eq!(&severe[col("ombudsman")], "Housing Ombudsman");
    assert_eq!(&severe[col("reference")], "202412345");
    assert_eq!(&severe[col("position")], "1");

    // The database's findings table, keyed to its decision.
    let db = rusqlite::Connection::open(out.path().join("ombuds.db")).unwrap();
    let mut st = db
        .prepare(
            "SELECT d.reference, f.determination, f.evidence FROM findings f \
             JOIN decisions d ON d.id = f.decision_id ORDER BY f.id",
        )
        .unwrap();
    let in_db: Vec<(String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(in_db, want);

    // The maladministration rate, by hand: Northfield Homes has
    // maladministration, no maladministration and service failure (2 of 3);
    // Eastgate's outside-jurisdiction item is not determined (0 of 1).
    let rate: f64 = db
        .query_row(
            "SELECT maladministration_rate FROM housing_landlords WHERE landlord = 'Northfield Homes Limited'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!((rate - 2.0 / 3.0).abs() < 1e-9);
    let s = read_json(&out.path().join("summary.json"));
    let landlords = s["housing_landlords"].as_array().unwrap();
    let eastgate = landlords
        .iter()
        .find(|l| l["landlord"] == "Eastgate Borough Council")
        .unwrap();
    assert_eq!(eastgate["findings"], 2);
    assert_eq!(eastgate["findings_determined"], 1);
    assert_eq!(eastgate["maladministration_rate"], 0.0);
    let northfield = landlords
        .iter()
        .find(|l| l["landlord"] == "Northfield Homes Limited")
        .unwrap();
    assert!((northfield["maladministration_rate"].as_f64().unwrap() - rate).abs() < 1e-9);
    assert!(s["definitions"]["maladministration_rate"]
        .as_str()
        .unwrap()
        .contains("service failure"));
    let housing = &s["by_ombudsman"]["Housing Ombudsman"];
    assert_eq!(housing["remedy_total_gbp"], 2100.0);
    assert_eq!(housing["payments_recommended_gbp"], 250.0);
    // The report says it too.
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<section id=ombudsmen>"));
    assert!(html.contains("Northfield Homes Limited"));
    // Ordered money has its payee.
    let r = find_record(&recs, "housing/202412345.txt").unwrap();
    assert_eq!(r.payments[0].recipient.as_deref(), Some("the resident"));
}
