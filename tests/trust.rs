//! Issue 11: outputs people can trust in their own tools. Each test
//! reproduces a failure as it was found (with the tool it was found with:
//! DuckDB, pandas, LibreOffice, a Markdown renderer) and checks it is gone.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::util::*;

/// A decision page with the given title, category and summary.
fn page(title: &str, category: &str, summary: &str) -> String {
    format!(
        "{title}\nCategory : {category}\nDecision : Upheld\nDecision date : 06 Apr 2025\nSummary: {summary}\n"
    )
}

fn extract_ok(input: &Path, out: &Path) {
    let o = extract(&[input], out);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The build decided which tests to ignore (build.rs); if what it looked for
/// appeared since, those tests would be ignored for nothing: say so.
#[test]
fn build_saw_what_is_here() {
    let shared_here = root().join("../shared").is_dir();
    assert!(
        !(cfg!(shared_absent) && shared_here),
        "../shared appeared after the last build: `touch build.rs` so that its tests run"
    );
}

/// 21,000 decisions of £100, then one of £1,250.50: DuckDB's default readers
/// inferred an integer column from the first rows and summed 2,101,250
/// (decisions.jsonl) and 2,101,251 (decisions.csv). Every reader must now
/// get 2,101,250.5, from every money column.
#[test]
#[cfg_attr(
    tools_absent,
    ignore = "needs duckdb and pandas (.ci/run installs them)"
)]
fn issue_11_money_sums_exactly_in_duckdb_and_pandas() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    for i in 0..21_000usize {
        let sub = input.join(format!("batch-{:03}", i / 1000));
        if i % 1000 == 0 {
            fs::create_dir_all(&sub).unwrap();
        }
        let text = page(
            &format!("Kent County Council (24 {:03} {:03})", i / 1000, i % 1000),
            "Education > Transport",
            "Mrs X complained. We found fault and the Council agreed to pay Mrs X \u{a3}100 for distress.",
        );
        fs::write(sub.join(format!("d{i:05}.txt")), text).unwrap();
    }
    // Sorted last, so beyond the rows DuckDB samples to infer types.
    fs::create_dir_all(input.join("zz")).unwrap();
    fs::write(
        input.join("zz/last.txt"),
        page(
            "Kent County Council (25 999 999)",
            "Education > Transport",
            "Mr Y complained. We found fault and the Council agreed to pay Mr Y \u{a3}1,250.50 for distress.",
        ),
    )
    .unwrap();
    extract_ok(&input, &out);
    let o = python(
        r#"
import json, sys
import duckdb, pandas as pd
out = sys.argv[1]
j, c, r = out + "/decisions.jsonl", out + "/decisions.csv", out + "/remedies.csv"
q = lambda sql: float(duckdb.sql(sql).fetchall()[0][0])
res = {
    "duckdb_jsonl": q(f"SELECT sum(remedy_total_gbp) FROM '{j}'"),
    "duckdb_jsonl_payments": q(f"SELECT sum(p.amount_gbp) FROM (SELECT unnest(payments) AS p FROM '{j}')"),
    "duckdb_csv": q(f"SELECT sum(remedy_total_gbp) FROM '{c}'"),
    "duckdb_remedies_csv": q(f"SELECT sum(amount_gbp) FROM '{r}'"),
    "pandas_jsonl": float(pd.read_json(j, lines=True)["remedy_total_gbp"].sum()),
    "pandas_csv": float(pd.read_csv(c)["remedy_total_gbp"].sum()),
    "pandas_remedies_csv": float(pd.read_csv(r)["amount_gbp"].sum()),
    "duckdb_jsonl_type": str(duckdb.sql(f"SELECT typeof(remedy_total_gbp) FROM '{j}' LIMIT 1").fetchall()[0][0]),
    "duckdb_csv_type": str(duckdb.sql(f"SELECT typeof(remedy_total_gbp) FROM '{c}' LIMIT 1").fetchall()[0][0]),
    "already_type": str(duckdb.sql(f"SELECT typeof(remedy_already_provided_gbp) FROM '{c}' LIMIT 1").fetchall()[0][0]),
}
print(json.dumps(res))
"#,
        &[out.as_os_str()],
    );
    let res: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "duckdb_jsonl",
        "duckdb_jsonl_payments",
        "duckdb_csv",
        "duckdb_remedies_csv",
        "pandas_jsonl",
        "pandas_csv",
        "pandas_remedies_csv",
    ] {
        assert_eq!(res[key].as_f64(), Some(2_101_250.5), "{key}: {res}");
    }
    for key in ["duckdb_jsonl_type", "duckdb_csv_type", "already_type"] {
        assert_eq!(res[key], "DOUBLE", "{key}: {res}");
    }
}

/// Converts `csvs` with LibreOffice (headless, its CSV import: comma,
/// UTF-8) and returns, per file, every cell as `[row, column, value,
/// openpyxl data type]` (`f` for a formula, `s` text, `n` number).
fn libreoffice_cells(csvs: &[&Path], work: &Path) -> serde_json::Value {
    let profile = work.join("lo-profile");
    let mut cmd = std::process::Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--infilter=CSV:44,34,76,1",
        "--convert-to",
        "xlsx",
        "--outdir",
    ])
    .arg(work);
    for c in csvs {
        cmd.arg(c);
    }
    let o = cmd
        .output()
        .expect("soffice (LibreOffice): .ci/run installs libreoffice-calc");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let xlsx: Vec<std::ffi::OsString> = csvs
        .iter()
        .map(|c| {
            work.join(c.with_extension("xlsx").file_name().unwrap())
                .into_os_string()
        })
        .collect();
    let args: Vec<&OsStr> = xlsx.iter().map(|x| x.as_os_str()).collect();
    let o = python(
        r#"
import json, sys, openpyxl
res = []
for path in sys.argv[1:]:
    ws = openpyxl.load_workbook(path).active
    res.append([[c.row, c.column, c.value, c.data_type] for row in ws.iter_rows() for c in row if c.value is not None])
print(json.dumps(res, default=str))
"#,
        &args,
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Organisation, category and summary cells starting with `=`, `+`, `-` or
/// `@` were written as they were, and LibreOffice opened
/// `=HYPERLINK(...)` from decisions.csv as a live formula. Now every CSV
/// opens with no formula in it, the text intact behind a `'`, and the money
/// still numbers.
#[test]
#[cfg_attr(
    tools_absent,
    ignore = "needs LibreOffice and openpyxl (.ci/run installs them)"
)]
fn issue_11_csv_cells_never_open_as_formulas_in_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("a.txt"),
        page(
            "=HYPERLINK(\"http://example.invalid/x\",\"click me\") (24 012 297)",
            "@SUM(1+1) > -2+3",
            "=1+2 Mrs X complained. We found fault and the Council agreed to pay Mrs X \u{a3}100 for distress.",
        ),
    )
    .unwrap();
    fs::write(
        input.join("b.txt"),
        page(
            "+Kent County Council (24 012 298)",
            "Education > Transport",
            "Mrs Y complained. We found fault and the Council agreed to pay Mrs Y \u{a3}250.50 for distress.",
        ),
    )
    .unwrap();
    extract_ok(&input, &out);
    let names = ["decisions.csv", "remedies.csv", "councils.csv"];
    let csvs: Vec<std::path::PathBuf> = names.iter().map(|n| out.join(n)).collect();
    let refs: Vec<&Path> = csvs.iter().map(|p| p.as_path()).collect();
    let sheets = libreoffice_cells(&refs, dir.path());
    let mut seen_hyperlink = 0;
    for (name, cells) in names.iter().zip(sheets.as_array().unwrap()) {
        for cell in cells.as_array().unwrap() {
            let (value, kind) = (cell[2].to_string(), cell[3].as_str().unwrap());
            assert_ne!(kind, "f", "{name}: a formula cell {cell}");
            if value.contains("HYPERLINK") {
                seen_hyperlink += 1;
                assert_eq!(kind, "s", "{name}: {cell}");
                assert!(
                    cell[2]
                        .as_str()
                        .unwrap()
                        .starts_with("'=HYPERLINK(\"http://example.invalid/x\""),
                    "{name}: {cell}"
                );
            }
        }
    }
    // The organisation in decisions.csv and remedies.csv, and in councils.csv
    // as the name and as the spelling met.
    assert_eq!(seen_hyperlink, 4, "{sheets}");
    // Money is a number in every CSV: decisions.csv remedy_total_gbp (column
    // 15), remedies.csv amount_gbp (column 7).
    let numbers = |sheet: usize, col: u64| -> Vec<f64> {
        sheets[sheet]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c[0].as_u64() > Some(1) && c[1].as_u64() == Some(col))
            .map(|c| {
                assert_eq!(c[3], "n", "{c}");
                c[2].as_f64().unwrap()
            })
            .collect()
    };
    assert_eq!(numbers(0, 15), [100.0, 250.5]);
    assert_eq!(numbers(1, 7), [100.0, 250.5]);
    // The text survives the quote: the category's two halves.
    let text_of = |sheet: usize, row: u64, col: u64| -> String {
        sheets[sheet]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c[0].as_u64() == Some(row) && c[1].as_u64() == Some(col))
            .map(|c| c[2].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!(text_of(0, 2, 6), "'@SUM(1+1)");
    assert_eq!(text_of(0, 2, 7), "'-2+3");
    assert_eq!(text_of(0, 3, 4), "'+Kent County Council");
}

/// summary.md carried raw `<script>` and link markup from a page; rendered
/// with a CommonMark renderer (markdown-it-py, tables on) it must show the
/// text and contain no tag or link the page made.
#[test]
#[cfg_attr(tools_absent, ignore = "needs markdown-it-py (.ci/run installs it)")]
fn issue_11_summary_md_shows_page_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    fs::write(
        input.join("a.txt"),
        page(
            "<script>alert(1)</script> [x](javascript:alert(2)) *Council* (24 012 298)",
            "Education | pipe *x* > Other",
            "Mrs Y complained. We found fault and the Council agreed to pay Mrs Y \u{a3}250 for distress.",
        ),
    )
    .unwrap();
    extract_ok(&input, &out);
    let md = out.join("summary.md");
    let o = python(
        r#"
import sys
from markdown_it import MarkdownIt
print(MarkdownIt("commonmark", {"html": True}).enable("table").render(open(sys.argv[1]).read()))
"#,
        &[md.as_os_str()],
    );
    let html = String::from_utf8(o.stdout).unwrap();
    for banned in ["<script", "<img", "href=\"javascript:", "<em>Council</em>"] {
        assert!(
            !html.contains(banned),
            "summary.md renders {banned}:\n{html}"
        );
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(2)) *Council*"),
        "{html}"
    );
    // The category area is one table cell, its `|` kept as text.
    assert!(html.contains("<td>Education | pipe *x*</td>"), "{html}");
}

/// Terminal control characters from pages reached stderr (the unknown
/// organisations warning) and `summary --list`; a tab in a field shifted the
/// list's columns. A dataset written by hand carries them here.
#[test]
fn issue_11_no_terminal_controls_on_stderr_or_in_list() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    let line = serde_json::json!({
        "file": "evil\u{1b}]0;owned\u{7}.txt",
        "reference": "24 000 001",
        "organisation": "Evil\u{1b}[2J\u{1b}[31m Council\u{202e}",
        "category": "A\tB > C",
        "decision_date": "2024-01-02",
        "outcome": "=HYPERLINK(\"x\")",
        "remedy_total_gbp": 100.0,
    });
    fs::write(&dataset, format!("{line}\n")).unwrap();
    let o = ombuds()
        .arg("summary")
        .arg(&dataset)
        .arg("--out")
        .arg(dir.path().join("out"))
        .arg("--list")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (stdout, stderr) = (
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    );
    let controls = |s: &str| {
        s.chars()
            .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
            .count()
    };
    assert!(stderr.contains("Evil"), "{stderr}");
    assert_eq!(controls(&stderr), 0, "{stderr:?}");
    assert_eq!(controls(&stdout), 0, "{stdout:?}");
    assert!(!stderr.contains('\u{202e}') && !stdout.contains('\u{202e}'));
    let rows: Vec<Vec<&str>> = stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert_eq!(
        rows[1].len(),
        7,
        "a tab inside a field shifted the columns: {stdout:?}"
    );
    assert_eq!(rows[1][3], "A B > C");
    assert_eq!(rows[1][4], "'=HYPERLINK(\"x\")");
    assert_eq!(rows[1][5], "100.00");
}

/// report.html wrote the decision date's first four characters into an
/// attribute unescaped; a dataset can hold any text there.
#[test]
fn issue_11_report_html_escapes_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    let line = serde_json::json!({
        "file": "a.txt",
        "reference": "24 000 001",
        "organisation": "Kent County Council",
        "decision_date": "2\"><script>alert(1)</script>",
        "outcome": "Upheld",
    });
    fs::write(&dataset, format!("{line}\n")).unwrap();
    let out = dir.path().join("out");
    let o = ombuds()
        .arg("summary")
        .arg(&dataset)
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
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script>alert"),
        "unescaped page text in report.html"
    );
    assert!(
        html.contains("data-year=\"2&quot;&gt;&lt;\""),
        "data-year not escaped"
    );
}
