//! `ombuds.db` (issue 12) opened with SQLite itself (rusqlite's bundled
//! SQLite, the library Datasette and the sqlite3 shell are built on): the
//! same decisions, payments, remedies, deadlines, duplicates and errors as
//! the JSONL; exact money; foreign keys that hold; the indexes; a
//! full-text index that finds exactly the decisions whose text holds a
//! phrase; the organisations' figures of councils.csv; the views.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ombuds::budget::Budget;
use ombuds::clean::Cleaner;
use ombuds::read::{self, Format};
use ombuds::record::Record;
use ombuds::reflow::Reflow;
use ombuds::rules::RuleSet;
use rusqlite::{Connection, OpenFlags};

use crate::util::*;

fn open(out: &Path) -> Connection {
    Connection::open_with_flags(out.join("ombuds.db"), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("ombuds.db opens")
}

fn count(db: &Connection, sql: &str) -> i64 {
    db.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn strings(db: &Connection, sql: &str) -> Vec<String> {
    db.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn run_ok(paths: &[&Path], out: &Path, want: i32) {
    let o = extract(paths, out);
    assert_eq!(
        o.status.code(),
        Some(want),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The cleaned text of an input file, as ombuds reads it (decoding, HTML to
/// lines, hard-wrapped lines rejoined, page furniture removed).
fn cleaned_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let format = Format::from_path(path).unwrap();
    let doc = read::to_doc(&bytes, format, &Budget::none()).unwrap();
    static REFLOW: std::sync::OnceLock<Reflow> = std::sync::OnceLock::new();
    let reflow = REFLOW.get_or_init(|| Reflow::new(&RuleSet::embedded()));
    let reflowed = reflow.apply(&doc.text);
    Cleaner::embedded().clean(&reflowed.text).text
}

/// Lower-case words, as FTS5's unicode61 tokenizer splits text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The files of the decisions `decisions_fts` finds for the phrase.
fn fts_files(db: &Connection, phrase: &str) -> BTreeSet<String> {
    strings(
        db,
        &format!(
            "SELECT d.file FROM decisions_fts JOIN decisions d ON d.id = decisions_fts.rowid \
             WHERE decisions_fts MATCH '\"{phrase}\"'"
        ),
    )
    .into_iter()
    .collect()
}

/// The files whose cleaned text (read from `dir`) holds the phrase: what
/// the search must find.
fn files_holding(records: &[Record], dir: &Path, phrase: &str) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| holds_phrase(&cleaned_text(&dir.join(&r.file)), phrase))
        .map(|r| r.file.clone())
        .collect()
}

fn holds_phrase(text: &str, phrase: &str) -> bool {
    let (t, p) = (words(text), words(phrase));
    t.windows(p.len()).any(|w| w == p.as_slice())
}

/// Checks everything the database must agree on with the JSONL of `out`,
/// whose inputs are under `root`; returns the records.
fn check_against_jsonl(out: &Path, root: &Path) -> Vec<Record> {
    let records = read_records(out);
    let errors = read_errors(out);
    let db = open(out);

    assert_eq!(
        count(&db, "SELECT count(*) FROM decisions"),
        records.len() as i64
    );
    let n = |f: &dyn Fn(&Record) -> usize| records.iter().map(f).sum::<usize>() as i64;
    assert_eq!(
        count(&db, "SELECT count(*) FROM payments"),
        n(&|r| r.payments.len())
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM remedies"),
        n(&|r| r.remedies.len())
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM deadlines"),
        n(&|r| r.deadlines.len())
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM duplicates"),
        n(&|r| r.duplicates.len())
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM errors"),
        errors.len() as i64
    );

    // The run: files seen = records + errors + duplicates, as summary.json.
    let summary = read_json(&out.join("summary.json"));
    let (seen, recs, errs, dups): (i64, i64, i64, i64) = db
        .query_row(
            "SELECT files_seen, records, errors, duplicates FROM run",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(seen, summary["files_seen"].as_i64().unwrap());
    assert_eq!(seen, recs + errs + dups);
    assert_eq!(recs, records.len() as i64);
    assert_eq!(errs, errors.len() as i64);
    let digest: String = db
        .query_row("SELECT rules_digest FROM run", [], |r| r.get(0))
        .unwrap();
    assert_eq!(digest.len(), 32);

    // Row by row: the same values, in the same order, the text as ombuds
    // cleaned the file, money exact in pence.
    let mut st = db
        .prepare(
            "SELECT id, file, url, reference, organisation, decision_date, outcome, \
             remedy_total_pence, remedy_total_gbp, remedy_already_provided_pence, \
             duplicates, warnings, text, remedied_closure FROM decisions ORDER BY id",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, Option<i64>>(7)?,
                r.get::<_, Option<f64>>(8)?,
                r.get::<_, Option<i64>>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
                r.get::<_, String>(12)?,
                r.get::<_, bool>(13)?,
            ))
        })
        .unwrap();
    let mut seen_rows = 0;
    for (row, rec) in rows.map(Result::unwrap).zip(&records) {
        let (
            id,
            file,
            url,
            reference,
            org,
            date,
            outcome,
            pence,
            gbp,
            already,
            dups,
            warns,
            text,
            remedied_closure,
        ) = row;
        seen_rows += 1;
        assert_eq!(id, seen_rows);
        assert_eq!(file, rec.file);
        assert_eq!(url, rec.url);
        assert_eq!(reference, rec.reference);
        assert_eq!(org, rec.organisation);
        assert_eq!(date, rec.decision_date);
        assert_eq!(outcome, rec.outcome);
        assert_eq!(pence, rec.remedy_total_gbp.map(|g| g.0), "{}", rec.file);
        assert_eq!(gbp, rec.remedy_total_gbp.map(|g| g.pounds()));
        assert_eq!(already, rec.remedy_already_provided_gbp.map(|g| g.0));
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&dups).unwrap(),
            rec.duplicates,
            "duplicates of {} (fixed after streaming)",
            rec.file
        );
        assert_eq!(
            serde_json::from_str::<Vec<String>>(&warns).unwrap(),
            rec.warnings,
            "warnings of {}",
            rec.file
        );
        assert_eq!(text, cleaned_text(&root.join(&rec.file)).trim_end());
        assert_eq!(remedied_closure, rec.remedied_closure, "{}", rec.file);
    }
    assert_eq!(seen_rows, records.len() as i64);

    // Exact sums: whole pence add up to the JSONL's totals.
    let total: i64 = records
        .iter()
        .filter_map(|r| r.remedy_total_gbp.map(|g| g.0))
        .sum();
    assert_eq!(
        count(
            &db,
            "SELECT coalesce(sum(remedy_total_pence), 0) FROM decisions"
        ),
        total
    );
    let paid: i64 = records
        .iter()
        .flat_map(|r| &r.payments)
        .map(|p| p.amount_gbp.0)
        .sum();
    assert_eq!(
        count(&db, "SELECT coalesce(sum(amount_pence), 0) FROM payments"),
        paid
    );

    // Child rows carry the decision's key, evidence line and sentence.
    for rec in records.iter().filter(|r| !r.payments.is_empty()).take(20) {
        let got: Vec<(i64, i64, String)> = db
            .prepare(
                "SELECT p.amount_pence, p.evidence_line, p.evidence FROM payments p \
                 JOIN decisions d ON d.id = p.decision_id WHERE d.file = ? ORDER BY p.position",
            )
            .unwrap()
            .query_map([&rec.file], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let want: Vec<(i64, i64, String)> = rec
            .payments
            .iter()
            .map(|p| {
                (
                    p.amount_gbp.0,
                    p.evidence.line as i64,
                    p.evidence.text.clone(),
                )
            })
            .collect();
        assert_eq!(got, want, "{}", rec.file);
    }

    // Foreign keys hold, and the file is sound.
    assert_eq!(
        count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    records
}

#[test]
fn issue_12_database_agrees_with_the_jsonl_on_the_corpus() {
    let out = tempfile::tempdir().unwrap();
    let corpus = root().join("corpus");
    run_ok(&[&corpus], out.path(), 0);
    let records = check_against_jsonl(out.path(), &corpus);
    assert_eq!(
        records.len(),
        23,
        "15 LGSCO pages, the two hard-wrapped ones, and 6 of other ombudsmen (issue 14)"
    );
    // Issue 10's remedied closures can be counted either way in SQL too:
    // 20 007 115a is recorded as Upheld.
    let db = open(out.path());
    assert_eq!(
        strings(
            &db,
            "SELECT reference || ' ' || outcome FROM decisions WHERE remedied_closure"
        ),
        ["20 007 115a Upheld"]
    );
    let db = open(out.path());

    // The duplicates pass reached the database: the HTML copy of seed 000 is
    // the record, the text file its duplicate.
    let dups = strings(
        &db,
        "SELECT d.file || ' <- ' || x.file FROM duplicates x JOIN decisions d ON d.id = x.decision_id ORDER BY x.file",
    );
    assert_eq!(
        dups,
        [
            "html/000_397a35b6c4e47fb0.html <- seeds/000_397a35b6c4e47fb0.txt",
            "html/003_3361a64780ec40b8.html <- seeds/003_3361a64780ec40b8.txt",
        ]
    );

    // Foreign keys declared from each child table, indexes where people
    // filter, used by the query planner.
    for (table, parent) in [
        ("decisions", "organisations"),
        ("payments", "decisions"),
        ("remedies", "decisions"),
        ("deadlines", "decisions"),
        ("duplicates", "decisions"),
    ] {
        let parents = strings(
            &db,
            &format!("SELECT \"table\" FROM pragma_foreign_key_list('{table}')"),
        );
        assert_eq!(parents, [parent], "{table}");
    }
    for (column, sql) in [
        (
            "organisation_id",
            "SELECT * FROM decisions WHERE organisation_id = 1",
        ),
        (
            "decision_date",
            "SELECT * FROM decisions WHERE decision_date >= '2024-01-01'",
        ),
        (
            "outcome",
            "SELECT * FROM decisions WHERE outcome = 'Upheld'",
        ),
        (
            "category",
            "SELECT * FROM decisions WHERE category = 'Education > Other'",
        ),
        (
            "reference",
            "SELECT * FROM decisions WHERE reference = '24 012 297'",
        ),
    ] {
        let plan: Vec<String> = db
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter()
                .any(|p| p.contains(&format!("INDEX decisions_{column}"))),
            "{column}: {plan:?}"
        );
    }

    // Full-text search: exactly the decisions whose text holds the phrase.
    let phrase = "agreed to pay";
    let found = fts_files(&db, phrase);
    let want = files_holding(&records, &root().join("corpus"), phrase);
    assert_eq!(found, want);
    assert!(found.len() >= 3 && found.len() < records.len(), "{found:?}");
    // The index is sqlite-utils' external-content table on decisions.
    let sql: String = db
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'decisions_fts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("content=[decisions]"), "{sql}");
    assert_eq!(
        count(&db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('decisions_ai', 'decisions_ad', 'decisions_au')"),
        3
    );
}

#[test]
fn issue_12_organisations_hold_the_figures_of_councils_csv() {
    let out = tempfile::tempdir().unwrap();
    run_ok(&[&root().join("corpus")], out.path(), 0);
    let db = open(out.path());
    let mut csv = csv::Reader::from_path(out.path().join("councils.csv")).unwrap();
    let headers: Vec<String> = csv
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(
        count(&db, "SELECT count(*) FROM organisations"),
        rows.len() as i64
    );
    let col = |row: &csv::StringRecord, name: &str| -> String {
        row[headers.iter().position(|h| h == name).unwrap()].to_string()
    };
    for row in &rows {
        let name = col(row, "organisation");
        let (decisions, upheld, not_upheld, rate, total, pence, typ): (
            i64,
            i64,
            i64,
            Option<f64>,
            f64,
            i64,
            String,
        ) = db
            .query_row(
                "SELECT decisions, upheld, not_upheld, uphold_rate, remedy_total_gbp, \
                 remedy_total_pence, type FROM organisations WHERE name = ?",
                [&name],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decisions.to_string(), col(row, "decisions"), "{name}");
        assert_eq!(upheld.to_string(), col(row, "upheld"), "{name}");
        assert_eq!(not_upheld.to_string(), col(row, "not_upheld"), "{name}");
        assert_eq!(typ, col(row, "type"), "{name}");
        let csv_rate: Option<f64> = col(row, "uphold_rate").parse().ok();
        match (rate, csv_rate) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-4, "{name}"),
            (a, b) => assert_eq!(a, b, "{name}"),
        }
        let csv_total: f64 = col(row, "remedy_total_gbp").parse().unwrap();
        assert!((total - csv_total).abs() < 0.005, "{name}");
        assert_eq!(pence, (csv_total * 100.0).round() as i64, "{name}");
        // Issue 13's figures: what a rate rests on, the remedied closures
        // and the organisation's page of the report.
        let (investigated, closures, type_investigated, page): (i64, i64, Option<i64>, String) = db
            .query_row(
                "SELECT investigated, remedied_closures, type_investigated, page \
                 FROM organisations WHERE name = ?",
                [&name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(investigated, upheld + not_upheld, "{name}");
        assert_eq!(investigated.to_string(), col(row, "investigated"), "{name}");
        assert_eq!(
            closures.to_string(),
            col(row, "remedied_closures"),
            "{name}"
        );
        assert_eq!(
            type_investigated.map(|n| n.to_string()).unwrap_or_default(),
            col(row, "type_investigated"),
            "{name}"
        );
        assert_eq!(page, col(row, "page"), "{name}");
        assert!(out.path().join(&page).is_file(), "{page}");
    }
    assert_eq!(
        count(&db, "SELECT sum(remedied_closures) FROM organisations"),
        count(&db, "SELECT count(*) FROM decisions WHERE remedied_closure")
    );
    // Every decision with an organisation points at its row; the row's
    // decision count is the number of decisions pointing at it.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM decisions d JOIN organisations o ON o.id = d.organisation_id"
        ),
        count(
            &db,
            "SELECT count(*) FROM decisions WHERE organisation IS NOT NULL AND ombudsman = 'LGSCO'"
        )
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM organisations o WHERE o.key != '' AND o.decisions != \
             (SELECT count(*) FROM decisions d WHERE d.organisation_id = o.id)"
        ),
        0
    );
    // The view of uphold rates per organisation and financial year adds up
    // to the organisations' figures.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM organisations o JOIN (SELECT organisation_id, sum(decisions) AS n, \
             sum(upheld) AS u, sum(not_upheld) AS nu FROM uphold_rate_by_organisation_and_year \
             GROUP BY organisation_id) v ON v.organisation_id = o.id \
             WHERE v.n != o.decisions OR v.u != o.upheld OR v.nu != o.not_upheld"
        ),
        0
    );
    let essex: Vec<(String, i64, i64, Option<f64>)> = db
        .prepare(
            "SELECT coalesce(financial_year, 'undated'), upheld, not_upheld, uphold_rate \
             FROM uphold_rate_by_organisation_and_year WHERE organisation = 'Essex County Council' \
             ORDER BY financial_year",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        essex.contains(&("2022-23".into(), 1, 1, Some(0.5))),
        "{essex:?}"
    );
    // Remedies by category: each remedy counted once.
    assert_eq!(
        count(&db, "SELECT sum(remedies) FROM remedies_by_category"),
        count(&db, "SELECT count(*) FROM remedies")
    );
}

/// The report's pages link the run's database with the dataset's files
/// (issue 13's data links): from extract, from a summary elsewhere (the
/// database beside the dataset), never with --no-db, and never a file of
/// the user's named ombuds.db.
#[test]
fn issue_12_the_reports_link_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run_ok(&[&root().join("corpus")], &out, 0);
    let link = "<li><a href=\"ombuds.db\">ombuds.db</a>: every decision of the dataset";
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains(link), "report.html does not link ombuds.db");
    let essex = std::fs::read_to_string(out.join("councils/essex-county-council.html")).unwrap();
    assert!(essex.contains("<li><a href=\"../ombuds.db\">ombuds.db</a>"));
    let every = &essex[essex.find("Every decision is in").unwrap()..];
    let every = &every[..every.find("</p>").unwrap()];
    assert!(
        every.contains("<a href=\"../ombuds.db\">ombuds.db</a>"),
        "{every}"
    );

    // A summary elsewhere links the database beside its dataset.
    let elsewhere = dir.path().join("essex");
    summary_ok(
        &out.join("decisions.jsonl"),
        &elsewhere,
        &["--council", "Essex County Council"],
    );
    let report = std::fs::read_to_string(elsewhere.join("report.html")).unwrap();
    assert!(report.contains("<a href=\"../run/ombuds.db\">ombuds.db</a>"));

    // --no-db: no database, no link; a user's own ombuds.db beside the
    // dataset is not linked by a summary either.
    let no_db = dir.path().join("no-db");
    let o = ombuds()
        .arg("extract")
        .arg(root().join("corpus"))
        .arg("--out")
        .arg(&no_db)
        .args(["--no-db", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let report = std::fs::read_to_string(no_db.join("report.html")).unwrap();
    assert!(!report.contains("ombuds.db"));
    std::fs::write(no_db.join("ombuds.db"), "mine").unwrap();
    let o = ombuds()
        .arg("summary")
        .arg(no_db.join("decisions.jsonl"))
        .arg("--out")
        .arg(dir.path().join("no-db-summary"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report =
        std::fs::read_to_string(dir.path().join("no-db-summary").join("report.html")).unwrap();
    assert!(!report.contains("ombuds.db"));
}

#[test]
fn issue_12_datasette_metadata_is_written_beside_the_database() {
    let out = tempfile::tempdir().unwrap();
    run_ok(&[&root().join("corpus")], out.path(), 0);
    let meta = read_json(&out.path().join("metadata.json"));
    assert!(meta["license"]
        .as_str()
        .unwrap()
        .contains("Open Government Licence v3.0"));
    assert!(meta["description"].as_str().unwrap().contains(
        "Contains public sector information licensed under the Open Government Licence v3.0"
    ));
    let tables = &meta["databases"]["ombuds"]["tables"];
    // Every column of every table and view of the database is described.
    let db = open(out.path());
    for t in strings(
        &db,
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'decisions_fts%' AND name NOT LIKE 'sqlite_%'",
    ) {
        for c in strings(&db, &format!("SELECT name FROM pragma_table_info('{t}')")) {
            let d = tables[&t]["columns"][&c].as_str().unwrap_or("");
            assert!(d.contains("Unit: "), "{t}.{c} has no description with a unit");
        }
    }
    // The canned queries run on this database.
    for (name, q) in meta["databases"]["ombuds"]["queries"].as_object().unwrap() {
        db.prepare(q["sql"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn issue_12_no_db_writes_neither_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let corpus = root().join("corpus");
    run_ok(&[&corpus], &out, 0);
    assert!(out.join("ombuds.db").exists());
    let no_db = || {
        ombuds()
            .arg("extract")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .args(["--quiet", "--no-db"])
            .output()
            .unwrap()
    };
    let o = no_db();
    assert_eq!(o.status.code(), Some(0));
    // The published set is this run's: no database of an older run beside it.
    assert!(!out.join("ombuds.db").exists());
    assert!(!out.join("metadata.json").exists());
    assert!(out.join("decisions.jsonl").exists());
    let manifest = read_json(&out.join(".ombuds/manifest.json"));
    assert!(manifest["files"].get("ombuds.db").is_none(), "{manifest}");
    assert!(manifest["files"].get("decisions.jsonl").is_some());
}

/// A file of the user's named ombuds.db or metadata.json (their own
/// sqlite-utils database, or ombuds's that they then wrote into) is never
/// deleted or replaced: a run with the database stops before touching
/// anything, naming it; a `--no-db` run leaves it where it is.
#[test]
fn issue_12_a_users_ombuds_db_is_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    let corpus = root().join("corpus");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("ombuds.db"), "my own database").unwrap();
    let run = |args: &[&str]| {
        ombuds()
            .arg("extract")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .arg("--quiet")
            .args(args)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("ombuds.db") && err.contains("not written by ombuds"),
        "{err}"
    );
    assert!(!out.join("decisions.jsonl").exists(), "nothing published");
    let o = run(&["--no-db"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("ombuds.db")).unwrap(),
        "my own database"
    );
    assert!(out.join("decisions.jsonl").exists());
    // Nor does a summary beside that dataset refuse or touch it.
    let o = ombuds()
        .arg("summary")
        .arg(out.join("decisions.jsonl"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("ombuds.db")).unwrap(),
        "my own database"
    );
    // Ombuds's database, which the user then added a table to, is theirs.
    std::fs::remove_file(out.join("ombuds.db")).unwrap();
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(0));
    std::thread::sleep(std::time::Duration::from_millis(20));
    Connection::open(out.join("ombuds.db"))
        .unwrap()
        .execute_batch("CREATE TABLE my_notes (note TEXT); INSERT INTO my_notes VALUES ('mine');")
        .unwrap();
    let o = run(&["--no-db"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        count(&open(&out), "SELECT count(*) FROM my_notes"),
        1,
        "kept by a --no-db run"
    );
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("ombuds.db"));
    assert_eq!(count(&open(&out), "SELECT count(*) FROM my_notes"), 1);
}

/// `ombuds summary` never rewrites the run's database: a filtered summary
/// into the dataset's own folder is refused (issue 11), one elsewhere
/// writes only reports there, and an unfiltered one beside the dataset
/// carries `ombuds.db` over as the very same file (a hard link, never a
/// copy of what can be hundreds of MB).
#[cfg(unix)]
#[test]
fn issue_12_summary_leaves_the_runs_database_alone() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports");
    run_ok(&[&root().join("corpus")], &out, 0);
    let db_path = out.join("ombuds.db");
    let before = std::fs::read(&db_path).unwrap();
    let inode = std::fs::metadata(&db_path).unwrap().ino();
    let meta_before = std::fs::read(out.join("metadata.json")).unwrap();
    let summary = |out_dir: &Path, filtered: bool| {
        let mut cmd = ombuds();
        cmd.arg("summary")
            .arg(out.join("decisions.jsonl"))
            .arg("--out")
            .arg(out_dir);
        if filtered {
            cmd.args(["--council", "Essex County Council", "--outcome", "upheld"]);
        }
        cmd.output().unwrap()
    };
    let unchanged = || {
        assert_eq!(std::fs::read(&db_path).unwrap(), before);
        assert_eq!(std::fs::metadata(&db_path).unwrap().ino(), inode);
        assert_eq!(
            std::fs::read(out.join("metadata.json")).unwrap(),
            meta_before
        );
        assert_eq!(count(&open(&out), "SELECT count(*) FROM decisions"), 23);
    };

    let o = summary(&out, true);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("use --out"));
    unchanged();

    let elsewhere = dir.path().join("essex");
    let o = summary(&elsewhere, true);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let filtered = read_json(&elsewhere.join("summary.json"));
    assert!(filtered["records"].as_u64().unwrap() < 17);
    assert!(!elsewhere.join("ombuds.db").exists());
    assert!(!elsewhere.join("metadata.json").exists());
    unchanged();

    let o = summary(&out, false);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    unchanged();
    // Still part of the published set: the next extract replaces it.
    run_ok(&[&root().join("corpus")], &out, 0);
    assert_ne!(std::fs::metadata(&db_path).unwrap().ino(), inode);
    assert_eq!(count(&open(&out), "SELECT count(*) FROM decisions"), 23);
}

#[test]
fn issue_12_errors_are_rows_and_the_run_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("corpus/seeds/001_88672853f18e77c3.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    std::fs::copy(
        root().join("corpus/seeds/001_88672853f18e77c3.txt"),
        input.join("b.txt"),
    )
    .unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(input.join("notes.pdf"), "%PDF").unwrap();
    let out = dir.path().join("out");
    run_ok(&[&input], &out, 1);
    check_against_jsonl(&out, &input);
    let db = open(&out);
    let kinds = strings(&db, "SELECT file || ':' || kind FROM errors ORDER BY id");
    assert_eq!(kinds, ["empty.txt:empty", "notes.pdf:unsupported_type"]);
    assert_eq!(
        count(&db, "SELECT files_seen FROM run"),
        4,
        "1 decision + 2 errors + 1 duplicate"
    );
    let by_kind: BTreeMap<String, u64> = serde_json::from_str(
        &db.query_row("SELECT errors_by_kind FROM run", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap(),
    )
    .unwrap();
    assert_eq!(by_kind["empty"], 1);
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn issue_12_database_on_the_dev_corpus() {
    let dir = shared("dev-corpus");
    let out = tempfile::tempdir().unwrap();
    // README.md and labels.jsonl are reported as unsupported: exit 1.
    run_ok(&[&dir], out.path(), 1);
    let records = check_against_jsonl(out.path(), &dir);
    assert!(records.len() > 300);
    let db = open(out.path());
    for phrase in [
        "education health and care plan",
        "agreed to pay",
        "fault causing injustice",
    ] {
        let found = fts_files(&db, phrase);
        let want = files_holding(&records, &dir, phrase);
        assert_eq!(found, want, "{phrase}");
        assert!(
            !found.is_empty() && found.len() < records.len(),
            "{phrase}: {}",
            found.len()
        );
    }
}
