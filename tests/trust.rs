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
    soffice_convert(
        work,
        &["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx"],
        csvs,
    );
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
        html.contains("<tr><td>2&quot;&gt;&lt;</td>"),
        "year not escaped"
    );
    // The decision rows are on the organisation's page (issue 13).
    let page = fs::read_to_string(out.join("councils/kent-county-council.html")).unwrap();
    assert!(!page.contains("<script>alert"), "unescaped page text");
    assert!(
        page.contains("data-year=\"2&quot;&gt;&lt;\""),
        "data-year not escaped"
    );
}

/// Item 1: a 40,000-character organisation and a 2 MB one-sentence page
/// made the whole run exit 2 ("String exceeds Excel's limit"). Now the run
/// succeeds, the cells are cut with a mark, and the records say so.
#[test]
fn issue_11_text_over_a_cell_costs_a_warning_not_the_run() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    fs::create_dir_all(&input).unwrap();
    let org = format!("{} District Council", "Long".repeat(10_000));
    fs::write(
        input.join("a.txt"),
        page(
            &format!("{org} (24 012 297)"),
            "Education > Transport",
            "Mrs X complained.",
        ),
    )
    .unwrap();
    let sentence = format!(
        "The Council agreed to pay Mrs Y \u{a3}100 for distress, as {}.",
        "the Council was slow ".repeat(100_000)
    );
    fs::write(
        input.join("b.txt"),
        page(
            "Kent County Council (24 012 298)",
            "Education > Transport",
            &sentence,
        ),
    )
    .unwrap();
    let o = ombuds()
        .arg("extract")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--file-timeout", "120"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let recs = read_records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(
        recs[0].organisation.as_deref(),
        Some(org.as_str()),
        "the dataset keeps it whole"
    );
    assert!(
        recs[0]
            .warnings
            .iter()
            .any(|w| w.starts_with("organisation is 40017 characters")),
        "{:?}",
        recs[0].warnings
    );
    // The 2 MB sentence is the summary, cut in the xlsx with a warning; the
    // payment's evidence, which records cut to 1,000 bytes (issue 10), fits.
    assert_eq!(recs[1].payments.len(), 1);
    let ev = &recs[1].payments[0].evidence.text;
    assert!(ev.len() <= ombuds::extract::EVIDENCE_MAX_BYTES + 3 && ev.ends_with('…'));
    let cut: Vec<_> = recs[1]
        .warnings
        .iter()
        .filter(|w| w.contains("more than a spreadsheet cell holds"))
        .collect();
    assert_eq!(cut.len(), 1, "{cut:?}");
    assert!(cut[0].starts_with("summary is "), "{cut:?}");
    let mut wb: Xlsx<_> = open_workbook(out.join("ombuds.xlsx")).unwrap();
    let dec = wb.worksheet_range("Decisions").unwrap();
    let cell = dec.get((1, 3)).unwrap().to_string();
    assert_eq!(cell.chars().count(), 32_767);
    assert!(cell.ends_with(ombuds::summary::xlsx::CUT_MARK));
    let rem = wb.worksheet_range("Remedies").unwrap();
    let ev = rem.get((1, 8)).unwrap().to_string();
    assert!(
        !ev.ends_with(ombuds::summary::xlsx::CUT_MARK),
        "{}",
        &ev[..80]
    );
    // `ombuds summary` names them on stderr instead (the dataset is not its).
    let o = ombuds()
        .arg("summary")
        .arg(out.join("decisions.jsonl"))
        .arg("--out")
        .arg(dir.path().join("again"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("a.txt: organisation is 40017 characters"),
        "{stderr}"
    );
}

/// Item 5: a file of the user's named like an output (`summary.md`) was
/// moved aside and removed. Now the run stops before touching anything.
#[test]
fn issue_11_a_users_file_with_an_output_name_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("summary.md"), "my own notes").unwrap();
    fs::write(out.join("other.txt"), "mine too").unwrap();
    let o = extract(&[&root().join("corpus/seeds")], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&out.join("summary.md").display().to_string()),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.join("summary.md")).unwrap(),
        "my own notes"
    );
    assert!(
        !out.join("decisions.jsonl").exists(),
        "nothing is published"
    );
    // Moved away, the run goes ahead and leaves other.txt alone.
    fs::rename(out.join("summary.md"), dir.path().join("notes.md")).unwrap();
    extract_ok(&root().join("corpus/seeds"), &out);
    assert_eq!(
        fs::read_to_string(out.join("other.txt")).unwrap(),
        "mine too"
    );
    // A published output the user then rewrote is theirs: kept, run refused.
    fs::write(out.join("report.html"), "<p>my edit</p>").unwrap();
    let o = extract(&[&root().join("corpus/seeds")], &out);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        fs::read_to_string(out.join("report.html")).unwrap(),
        "<p>my edit</p>"
    );
}

/// Item 6: the outputs were symlinks into `.ombuds/`, so `tar` and
/// `rsync -a` copied dangling links. Now they are regular files, and a
/// `tar` of the folder extracted elsewhere reads back whole.
#[cfg(unix)]
#[test]
fn issue_11_outputs_are_regular_files_that_tar_copies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    extract_ok(&root().join("corpus"), &out);
    extract_ok(&root().join("corpus"), &out);
    for name in ombuds::write::OUTPUTS {
        let m = fs::symlink_metadata(out.join(name)).unwrap();
        if *name == ombuds::summary::COUNCILS_DIR {
            // The organisation pages (issue 13): a folder of regular files.
            assert!(m.file_type().is_dir(), "{name} is not a folder");
            for e in fs::read_dir(out.join(name)).unwrap() {
                let e = e.unwrap();
                assert!(e.file_type().unwrap().is_file(), "{:?}", e.path());
            }
            continue;
        }
        assert!(m.file_type().is_file(), "{name} is not a regular file");
    }
    let copy = dir.path().join("copy");
    fs::create_dir(&copy).unwrap();
    let tar = std::process::Command::new("sh")
        .arg("-c")
        .arg("tar -C \"$1\" -cf - . | tar -C \"$2\" -xf -")
        .arg("sh")
        .arg(&out)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(tar.success());
    assert_eq!(snapshot(&copy), snapshot(&out));
    assert_eq!(read_records(&copy).len(), 23);
    // Nothing is left beside the folder.
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside.len(), 2, "{beside:?}");
}

/// Item 7: `ombuds summary` rewrote the published files one by one without
/// the lock, and a filtered summary moved the run's counts away for good.
#[cfg(unix)]
#[test]
fn issue_11_summary_keeps_the_set_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    extract_ok(&root().join("corpus"), &out);
    let before = snapshot(&out);
    let dataset = out.join("decisions.jsonl");
    let summary = |args: &[&str]| {
        ombuds()
            .arg("summary")
            .arg(&dataset)
            .arg("--out")
            .arg(&out)
            .args(args)
            .output()
            .unwrap()
    };
    // Filtered into the dataset's own folder: refused, nothing changed.
    let o = summary(&["--outcome", "upheld"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("use --out"), "{stderr}");
    assert_eq!(snapshot(&out), before);
    // Under the lock: refused while another run holds it.
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(out.join(".ombuds/lock"))
        .unwrap();
    // SAFETY: flock on a descriptor we own.
    unsafe {
        use std::os::unix::io::AsRawFd;
        assert_eq!(
            libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB),
            0
        );
    }
    let o = summary(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another ombuds run"));
    drop(lock);
    // Unfiltered: the reports are rewritten, the dataset and counts kept.
    let o = summary(&[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = snapshot(&out);
    for n in [
        "decisions.jsonl",
        "decisions.csv",
        "remedies.csv",
        "errors.jsonl",
    ] {
        assert_eq!(after[n], before[n], "{n} changed");
    }
    let s = read_json(&out.join("summary.json"));
    assert_eq!(s["files_seen"], 25);
    assert_eq!(s["duplicates"], 2);
    assert_eq!(ombuds::stage::generations(&out).unwrap(), 1);
    // --council that matches nothing says so: exit 1, nothing written.
    let elsewhere = dir.path().join("elsewhere");
    let o = ombuds()
        .arg("summary")
        .arg(&dataset)
        .args(["--council", "Nowhere Borough Council", "--out"])
        .arg(&elsewhere)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Nowhere Borough Council"));
    assert!(!elsewhere.join("summary.json").exists());
    // --outcome closed, the word the report's links use: seed 002,
    // essex-closed.html and kent-no-header-closed.
    summary_ok(&dataset, &elsewhere, &["--outcome", "closed"]);
    assert_eq!(
        read_json(&elsewhere.join("summary.json"))["overall"]["decisions"],
        3
    );
    assert!(read_json(&out.join("report.html").with_file_name("summary.json"))["files_seen"] == 25);
}

/// Item 7: a summary killed at any moment leaves the old reports or the new
/// ones, never a new summary.json beside an old report.html.
#[test]
fn issue_11_summary_killed_leaves_old_or_new_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    generate_decisions(&input, 3000, 0);
    extract_ok(&input, &out);
    // The reports of all decisions, then a summary of the upheld ones
    // killed at points spread over its run, written into another folder
    // that holds the full reports.
    let reports = dir.path().join("reports");
    let run = |args: &[&str]| {
        ombuds()
            .arg("summary")
            .arg(out.join("decisions.jsonl"))
            .arg("--out")
            .arg(&reports)
            .args(args)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let t = std::time::Instant::now();
    assert!(run(&[]).wait().unwrap().success());
    let full = t.elapsed();
    // ombuds.xlsx carries its creation time, so it is checked by content:
    // as many decision rows as summary.json counts.
    let names = ["summary.json", "summary.md", "report.html", "councils.csv"];
    let read = || -> Vec<Option<Vec<u8>>> {
        use calamine::{open_workbook, Reader, Xlsx};
        let mut wb: Xlsx<_> =
            open_workbook(reports.join("ombuds.xlsx")).expect("ombuds.xlsx whole");
        let rows = wb.worksheet_range("Decisions").unwrap().height() as u64 - 1;
        let s = read_json(&reports.join("summary.json"));
        assert_eq!(
            s["records"], rows,
            "ombuds.xlsx of another set than summary.json"
        );
        names
            .iter()
            .map(|n| fs::read(reports.join(n)).ok())
            .collect()
    };
    let all = read();
    assert!(run(&["--outcome", "upheld"]).wait().unwrap().success());
    let upheld = read();
    assert!(run(&[]).wait().unwrap().success());
    assert_ne!(all[0], upheld[0]);
    let mut rng = ombuds::fuzz::Rng::new(11);
    let (mut old, mut new, mut current) = (0, 0, all.clone());
    for _ in 0..12 {
        let (args, next): (&[&str], _) = if current == all {
            (&["--outcome", "upheld"], &upheld)
        } else {
            (&[], &all)
        };
        let mut child = run(args);
        std::thread::sleep(full.mul_f64(1.5 * rng.below(1000) as f64 / 1000.0));
        child.kill().unwrap();
        child.wait().unwrap();
        let now = read();
        if now == current {
            old += 1;
        } else if &now == next {
            new += 1;
            current = now;
        } else {
            panic!("a mixed set of reports after a kill");
        }
    }
    assert!(old + new == 12);
}

/// Item 8: exit 2 only before publishing. A problem after the new set is
/// live (here: the previous set cannot be removed, one of its files being
/// immutable) is a warning, and the run exits 0.
#[cfg(unix)]
#[test]
fn issue_11_a_problem_after_publishing_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    extract_ok(&root().join("corpus/seeds"), &out);
    let pinned = out.join("summary.md");
    let chattr = |flag: &str, p: &Path| {
        std::process::Command::new("chattr")
            .arg(flag)
            .arg(p)
            .status()
            .unwrap()
            .success()
    };
    assert!(
        chattr("+i", &pinned),
        "chattr +i (e2fsprogs, root, ext4) is needed for this test"
    );
    let o = extract(&[&root().join("corpus/written")], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // Unpin before any assertion, so that the folder can be cleaned.
    for e in fs::read_dir(dir.path()).unwrap().flatten() {
        let p = e.path().join("summary.md");
        if p.exists() {
            chattr("-i", &p);
        }
    }
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("could not be removed"),
        "{stderr}"
    );
    let s = read_json(&out.join("summary.json"));
    assert_eq!(
        s["run"]["paths"][0],
        root().join("corpus/written").display().to_string()
    );
    // The next run removes what was left.
    extract_ok(&root().join("corpus/seeds"), &out);
    assert_eq!(ombuds::stage::generations(&out).unwrap(), 1);
}

/// Item 8: `--out` inside an input folder: the run read its own outputs.
#[test]
fn issue_11_out_inside_the_input_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for f in ["000_397a35b6c4e47fb0.txt", "001_88672853f18e77c3.txt"] {
        fs::copy(root().join("corpus/seeds").join(f), input.join(f)).unwrap();
    }
    let out = input.join("reports");
    for _ in 0..2 {
        let o = extract(&[&input], &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        assert!(stderr.contains("inside the input"), "{stderr}");
        let s = read_json(&out.join("summary.json"));
        assert_eq!(s["files_seen"], 2, "the outputs were read as input");
    }
}

/// Item 8: `ombuds summary` took `{}`, `[]` and negative amounts as
/// decisions and failed on invalid UTF-8 without saying where.
#[test]
fn issue_11_summary_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"file":"a.txt","reference":"24 000 001","remedy_total_gbp":100.0}"#;
    for (bad, says) in [
        (b"{}".to_vec(), "no `file` field"),
        (b"[]".to_vec(), "not a JSON object"),
        (
            br#"{"file":"b.txt","remedy_total_gbp":-50.0}"#.to_vec(),
            "negative",
        ),
        (
            br#"{"file":"b.txt","payments":[{"amount_gbp":-1}]}"#.to_vec(),
            "negative",
        ),
        (b"{\"file\":\"b\xff.txt\"}".to_vec(), "invalid UTF-8"),
    ] {
        let path = dir.path().join("d.jsonl");
        let mut bytes = format!("{good}\n\n").into_bytes();
        bytes.extend_from_slice(&bad);
        bytes.push(b'\n');
        fs::write(&path, bytes).unwrap();
        let o = ombuds()
            .arg("summary")
            .arg(&path)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("d.jsonl:3: not a decision record"),
            "{stderr}"
        );
        assert!(stderr.contains(says), "{says}: {stderr}");
    }
}
