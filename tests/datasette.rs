//! `ombuds.db` served by Datasette itself (issue 12): `.ci/run` installs it
//! with pip, and these tests ask it, as `datasette ombuds.db -m
//! metadata.json --get PATH` does, for a search and for the facets. Where
//! Datasette is not installed they are reported as ignored (build.rs), and
//! with `CI` set they run and fail.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::*;

/// How to run Datasette: `datasette` on PATH, else `python3 -m datasette`.
fn datasette() -> Vec<String> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("datasette"))
            .find(|p| p.is_file())
    });
    match on_path {
        Some(p) => vec![p.display().to_string()],
        None => {
            let o = Command::new("python3")
                .args(["-m", "datasette", "--version"])
                .output();
            assert!(
                o.is_ok_and(|o| o.status.success()),
                "datasette is not installed (.ci/run installs it with pip; if it was \
                 installed after the last build, run `touch build.rs`)"
            );
            vec!["python3".into(), "-m".into(), "datasette".into()]
        }
    }
}

/// `datasette DB [-m META] --get PATH`, parsed; panics on an error status.
fn get(datasette: &[String], out: &Path, metadata: bool, path: &str) -> Value {
    let mut cmd = Command::new(&datasette[0]);
    cmd.args(&datasette[1..]).arg(out.join("ombuds.db"));
    if metadata {
        cmd.arg("-m").arg(out.join("metadata.json"));
    }
    let o = cmd.arg("--get").arg(path).output().expect("run datasette");
    assert!(
        o.status.success(),
        "datasette --get {path}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "datasette --get {path}: not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

fn files(v: &Value) -> BTreeSet<String> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_string())
        .collect()
}

/// The files whose decision the FTS index finds for `query`, from SQLite.
fn fts_files(out: &Path, query: &str) -> BTreeSet<String> {
    let db = rusqlite::Connection::open(out.join("ombuds.db")).unwrap();
    let mut st = db
        .prepare(
            "SELECT d.file FROM decisions_fts JOIN decisions d ON d.id = decisions_fts.rowid \
             WHERE decisions_fts MATCH ?",
        )
        .unwrap();
    let rows = st.query_map([query], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn corpus_out() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&root().join("corpus")], out.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

#[test]
#[cfg_attr(
    datasette_absent,
    ignore = "needs Datasette (.ci/run installs it with pip)"
)]
fn issue_12_datasette_searches_the_decisions() {
    let ds = datasette();
    let out = corpus_out();
    // A phrase (raw search mode: FTS5 syntax as typed).
    let phrase = get(
        &ds,
        out.path(),
        true,
        "/ombuds/decisions.json?_search=%22agreed+to+pay%22&_searchmode=raw&_shape=objects&_col=file&_size=max",
    );
    let want = fts_files(out.path(), "\"agreed to pay\"");
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(files(&phrase), want);
    assert_eq!(phrase["filtered_table_rows_count"], want.len() as u64);
    // Plain words, as the search box sends them: every word must appear.
    let words = get(
        &ds,
        out.path(),
        true,
        "/ombuds/decisions.json?_search=remedy+distress&_shape=objects&_col=file&_size=max",
    );
    let want = fts_files(out.path(), "remedy distress");
    assert!(!want.is_empty());
    assert_eq!(files(&words), want);
    // Without the metadata too: Datasette finds the index on its own, the
    // way it finds the ones sqlite-utils makes.
    let bare = get(
        &ds,
        out.path(),
        false,
        "/ombuds/decisions.json?_search=%22agreed+to+pay%22&_searchmode=raw&_shape=objects&_col=file&_size=max",
    );
    assert_eq!(files(&bare), files(&phrase));
}

#[test]
#[cfg_attr(
    datasette_absent,
    ignore = "needs Datasette (.ci/run installs it with pip)"
)]
fn issue_12_datasette_facets_and_metadata() {
    let ds = datasette();
    let out = corpus_out();
    let records = read_records(out.path());
    // The table page opens with the facets metadata.json asks for.
    let page = get(&ds, out.path(), true, "/ombuds/decisions.json?_size=0");
    let facets = page["facet_results"].as_object().unwrap();
    for f in [
        "outcome",
        "organisation_type",
        "category_area",
        "financial_year",
    ] {
        assert!(
            facets.contains_key(f),
            "facet {f} missing: {:?}",
            facets.keys()
        );
    }
    let counts: BTreeMap<String, u64> = facets["outcome"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["value"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut want: BTreeMap<String, u64> = BTreeMap::new();
    // Housing Ombudsman records state no outcome: Datasette does not
    // facet nulls.
    for r in &records {
        if let Some(o) = r.outcome.clone() {
            *want.entry(o).or_default() += 1;
        }
    }
    assert_eq!(counts, want);
    // A facet asked for in the address, on a search.
    let fy = get(
        &ds,
        out.path(),
        true,
        "/ombuds/decisions.json?_search=%22agreed+to+pay%22&_searchmode=raw&_facet=category&_size=0",
    );
    let total: u64 = fy["facet_results"]["category"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    // Facets count the decisions that have a category.
    let db = rusqlite::Connection::open(out.path().join("ombuds.db")).unwrap();
    let with_category: i64 = db
        .query_row(
            "SELECT count(*) FROM decisions WHERE category IS NOT NULL AND id IN \
             (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH '\"agreed to pay\"')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(with_category >= 2);
    assert_eq!(total as i64, with_category);

    // Title, licence and column descriptions as metadata.json gives them.
    let meta = get(&ds, out.path(), true, "/-/metadata.json");
    assert_eq!(meta["license"], "Open Government Licence v3.0");
    assert!(
        meta["databases"]["ombuds"]["tables"]["decisions"]["columns"]["remedy_total_gbp"]
            .as_str()
            .unwrap()
            .contains("pounds")
    );
    // A view and a canned query answer.
    let view = get(
        &ds,
        out.path(),
        true,
        "/ombuds/uphold_rate_by_organisation_and_year.json?_shape=objects&organisation=Essex+County+Council",
    );
    assert!(!view["rows"].as_array().unwrap().is_empty());
    let q = get(
        &ds,
        out.path(),
        true,
        "/ombuds/payments_for_distress.json?_shape=objects",
    );
    assert!(!q["rows"].as_array().unwrap().is_empty());
}
