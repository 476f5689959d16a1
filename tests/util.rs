//! Test helpers: paths, a command builder for the `ombuds` binary, and
//! parsers for its outputs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ombuds::record::{ErrorRecord, Record};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<name>` beside the checkout. The tests that call it carry
/// `#[cfg_attr(shared_absent, ignore = ...)]` (see build.rs): without
/// `../shared` they are reported as ignored, and with `CI` set they run and
/// fail here, never pass without checking.
pub fn shared(name: &str) -> PathBuf {
    let p = root().join("..").join("shared").join(name);
    assert!(
        p.is_dir(),
        "{} is absent: this test reads it in place (with CI set it must be there; \
         elsewhere, if it was added after the last build, run `touch build.rs`)",
        p.display()
    );
    p
}

/// The Python tools (DuckDB, pandas, openpyxl, markdown-it-py) and
/// LibreOffice that the tests of what users open in their own tools run.
/// Their tests carry `#[cfg_attr(tools_absent, ignore = ...)]` (build.rs);
/// with `CI` set they run, and fail when a tool is missing.
pub fn python(script: &str, args: &[&std::ffi::OsStr]) -> Output {
    let o = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 (with duckdb, pandas, openpyxl, markdown-it-py: .ci/run installs them)");
    assert!(
        o.status.success(),
        "python failed (CI installs duckdb, pandas, openpyxl, markdown-it-py with pip):\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

pub fn ombuds() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ombuds"))
}

/// Runs `ombuds extract PATHS --out OUT --quiet` and returns the process output.
pub fn extract(paths: &[&Path], out: &Path) -> Output {
    let mut cmd = ombuds();
    cmd.arg("extract");
    for p in paths {
        cmd.arg(p);
    }
    cmd.arg("--out").arg(out).arg("--quiet");
    cmd.output().expect("run ombuds")
}

/// Runs extract on `input` into `out` and asserts it exited 0.
#[track_caller]
pub fn extract_ok(input: &Path, out: &Path) {
    let o = extract(&[input], out);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Runs extract on `dirs` into a fresh folder (exit 0, or 1 for files that
/// are not decisions) and returns the folder with its records.
pub fn extract_records(dirs: &[&Path]) -> (tempfile::TempDir, Vec<Record>) {
    let out = tempfile::tempdir().unwrap();
    let o = extract(dirs, out.path());
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = read_records(out.path());
    (out, recs)
}

pub fn read_records(out: &Path) -> Vec<Record> {
    let text = std::fs::read_to_string(out.join("decisions.jsonl")).expect("decisions.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record {e}: {l}")))
        .collect()
}

pub fn read_errors(out: &Path) -> Vec<ErrorRecord> {
    let text = std::fs::read_to_string(out.join("errors.jsonl")).expect("errors.jsonl");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad error line {e}: {l}")))
        .collect()
}

pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("read json")).expect("parse json")
}

pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .expect("read jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("parse jsonl line"))
        .collect()
}

/// A record's field as JSON, for comparing with label files.
pub fn field(r: &Record, name: &str) -> serde_json::Value {
    let v = serde_json::to_value(r).unwrap();
    match name {
        "payments" => {
            let mut amounts: Vec<f64> = r.payments.iter().map(|p| p.amount_gbp.pounds()).collect();
            amounts.sort_by(|a, b| a.partial_cmp(b).unwrap());
            serde_json::json!(amounts)
        }
        "remedy_kinds" => {
            let mut kinds: Vec<&str> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
            kinds.sort();
            kinds.dedup();
            serde_json::json!(kinds)
        }
        "deadline_days" => {
            let mut days: Vec<u32> = r.deadlines.iter().filter_map(|d| d.days).collect();
            days.sort();
            serde_json::json!(days)
        }
        _ => v[name].clone(),
    }
}

/// The record holding `file`: its own, or the one it is a duplicate of.
/// `file` may be a path suffix after a `/`.
pub fn find_record<'a>(records: &'a [Record], file: &str) -> Option<&'a Record> {
    let is = |f: &str| f == file || f.ends_with(&format!("/{file}"));
    records
        .iter()
        .find(|r| is(&r.file))
        .or_else(|| records.iter().find(|r| r.duplicates.iter().any(|d| is(d))))
}

/// Numbers compare by value (labels write 350, records may write 350.0).
pub fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 0.005,
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        _ => a == b,
    }
}

/// Compares the `fields` of each label line with the record of the same file
/// name; returns the list of mismatches. A field absent from a label line is
/// not scored.
pub fn score(records: &[Record], labels: &[serde_json::Value], fields: &[&str]) -> Vec<String> {
    let mut misses = Vec::new();
    for label in labels {
        let file = label["file"].as_str().unwrap();
        let Some(rec) = find_record(records, file) else {
            misses.push(format!("{file}: no record"));
            continue;
        };
        for f in fields {
            let Some(want) = label.get(*f) else { continue };
            let got = field(rec, f);
            if !same(&got, want) {
                misses.push(format!("{file}: {f} is {got}, label says {want}"));
            }
        }
    }
    misses
}

/// The user-facing output files of a run, by name, as bytes.
pub const OUTPUT_NAMES: &[&str] = &[
    "decisions.jsonl",
    "decisions.csv",
    "remedies.csv",
    "findings.csv",
    "errors.jsonl",
    "summary.json",
    "ombuds.db",
    "metadata.json",
];

/// Reads every output file of `out` (a missing file reads as `None`).
pub fn snapshot(out: &Path) -> std::collections::BTreeMap<String, Option<Vec<u8>>> {
    OUTPUT_NAMES
        .iter()
        .map(|n| (n.to_string(), std::fs::read(out.join(n)).ok()))
        .collect()
}

/// Writes `n` small decision pages from templates into `dir` (in folders of
/// 500), varied by `n` and `salt` so that two salts give different datasets.
pub fn generate_decisions(dir: &Path, n: usize, salt: u32) {
    const ORGS: &[&str] = &[
        "Essex County Council",
        "Kent County Council",
        "London Borough of Hackney",
        "Leeds City Council",
    ];
    const OUTCOMES: &[&str] = &["Upheld", "Not upheld", "Closed after initial enquiries"];
    for i in 0..n {
        let sub = dir.join(format!("batch-{:03}", i / 500));
        if i % 500 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let outcome = OUTCOMES[(i + salt as usize) % OUTCOMES.len()];
        let text = format!(
            "{org} ({yy} {a:03} {b:03})\nCategory : Education > Special educational needs\nDecision : {outcome}\nDecision date : {day:02} Mar 2025\nSummary: Mrs {x} complained about the Council's handling of case {i}. We found fault and the Council agreed to pay Mrs {x} \u{a3}{pay} for distress.\n1. The Council will apologise within four weeks.\n",
            org = ORGS[i % ORGS.len()],
            yy = 20 + i % 5,
            a = i / 1000,
            b = i % 1000,
            day = 1 + i % 28,
            x = (b'A' + (i % 26) as u8) as char,
            pay = 100 + (i % 7) * 50 + salt as usize,
        );
        std::fs::write(sub.join(format!("decision-{i:05}.txt")), text).unwrap();
    }
}

/// Runs `ombuds summary DATASET --out OUT ARGS...`, which must exit 0.
#[track_caller]
pub fn summary_output(dataset: &Path, out: &Path, args: &[&str]) -> Output {
    let o = ombuds()
        .arg("summary")
        .arg(dataset)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// [`summary_output`]'s stderr.
#[track_caller]
pub fn summary_ok(dataset: &Path, out: &Path, args: &[&str]) -> String {
    String::from_utf8_lossy(&summary_output(dataset, out, args).stderr).into_owned()
}

/// Converts `files` with LibreOffice (headless, a profile of its own under
/// `work`) into `work`: `args` name the filters (`--convert-to ...`).
#[track_caller]
pub fn soffice_convert(work: &Path, args: &[&str], files: &[&Path]) {
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("lo-profile").display()
        ))
        .arg("--headless")
        .args(args)
        .arg("--outdir")
        .arg(work)
        .args(files)
        .output()
        .expect("soffice (LibreOffice): .ci/run installs libreoffice-calc");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
