//! Issue 13: reports a journalist can quote and share, at any size. The
//! report is a small site (report.html, the national overview, and one page
//! per organisation in councils/); rates say what they rest on; nothing
//! grows with the size of the corpus. Datasets with the shapes that matter
//! (one decision at 100%, a gap year, 3,000 decisions of one council, 3,000
//! organisations) are written directly as decisions.jsonl.

use std::fs;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde_json::{json, Value};

use crate::util::*;

fn extract_corpus() -> tempfile::TempDir {
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

/// One decision line of a synthetic dataset.
fn decision(i: usize, org: &str, date: Option<&str>, outcome: &str, pounds: f64) -> Value {
    json!({
        "file": format!("d{i:05}.txt"),
        "reference": format!("{} {:03} {:03}", 20 + i % 5, i / 1000, i % 1000),
        "organisation": org,
        "category": "Education > Special educational needs",
        "category_area": "Education",
        "decision_date": date,
        "outcome": outcome,
        "summary": format!("Mrs X complained about case {i}."),
        "remedy_total_gbp": pounds,
        "payments": if pounds > 0.0 { json!([{"amount_gbp": pounds, "kind": "payment"}]) } else { json!([]) },
        "remedies": [],
    })
}

fn write_dataset(path: &Path, lines: &[Value]) {
    let mut text = String::new();
    for l in lines {
        text.push_str(&l.to_string());
        text.push('\n');
    }
    fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pages of a report folder: report.html and every organisation page.
fn pages(out: &Path) -> Vec<(PathBuf, String)> {
    let mut v = vec![(out.join("report.html"), read(&out.join("report.html")))];
    let mut names: Vec<PathBuf> = fs::read_dir(out.join("councils"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let text = read(&p);
        v.push((p, text));
    }
    v
}

/// Every percentage with a decimal in `html` (every rate: other figures
/// are not percentages) that is not followed by its base, `(N of M)`, or
/// whose base does not give it.
fn rates_without_base(html: &str) -> Vec<String> {
    let pct = Regex::new(r"(\d+\.\d)%").unwrap();
    let tags = Regex::new(r"<[^>]*>").unwrap();
    let base = Regex::new(r"^\s*\(([\d,]+) of ([\d,]+)\)").unwrap();
    let mut bad = Vec::new();
    for c in pct.captures_iter(html) {
        let m = c.get(0).unwrap();
        let after: String = html[m.end()..].chars().take(120).collect();
        let after = tags.replace_all(&after, "");
        match base.captures(&after) {
            Some(b) => {
                let n = |i: usize| b[i].replace(',', "").parse::<f64>().unwrap();
                let shown: f64 = c[1].parse().unwrap();
                if (100.0 * n(1) / n(2) - shown).abs() > 0.051 {
                    bad.push(format!("{} with base {}", &c[0], &b[0]));
                }
            }
            None => bad.push(format!(
                "{}{}",
                &c[0],
                after.chars().take(40).collect::<String>()
            )),
        }
    }
    bad
}

/// The names in a chart (the `<title>` of each bar: `name: value`).
fn chart_names(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("id={id} ")) else {
        return Vec::new();
    };
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    Regex::new(r"<title>([^<:]+):")
        .unwrap()
        .captures_iter(svg)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn issue_13_report_html_is_an_overview_with_a_page_per_organisation() {
    let out = extract_corpus();
    let s = read_json(&out.path().join("summary.json"));
    let report = read(&out.path().join("report.html"));
    // No decision rows in the overview: they are on the organisations' pages.
    assert!(!report.contains("<tr id=\"d-"));
    assert!(!report.contains("id=decisions-table"));
    let orgs = s["organisations"].as_array().unwrap();
    assert_eq!(orgs.len(), 8);
    let mut rows = 0;
    for o in orgs {
        let page = o["page"].as_str().unwrap();
        assert!(
            page.starts_with("councils/") && page.ends_with(".html"),
            "{page}"
        );
        let html = read(&out.path().join(page));
        let name = o["name"].as_str().unwrap();
        assert!(
            html.contains(&format!("<h1>{}</h1>", name.replace('\'', "&#39;"))),
            "{page}"
        );
        assert!(
            report.contains(&format!("href=\"{page}\"")),
            "report.html does not link {page}"
        );
        assert!(html.contains("href=\"../report.html\""));
        let n = html.matches("<tr id=\"d-").count();
        assert_eq!(
            n as u64,
            o["figures"]["decisions"].as_u64().unwrap(),
            "{page}"
        );
        rows += n;
    }
    // Every decision of the bundled corpus (17) is on exactly one page.
    assert_eq!(rows, 17);
    // Links to the decisions' pages on the Ombudsman's site (issue 12's
    // url) are the only web addresses: no page loads anything from outside.
    for (path, html) in pages(out.path()) {
        let html = html.replace("href=\"https://www.lgo.org.uk/decisions/", "");
        for banned in ["<link", " src=", "@import", "http://", "https://", "url("] {
            assert!(
                !html.contains(banned),
                "{} contains {banned}",
                path.display()
            );
        }
    }
    // Essex's decisions, newest first, each with its date, outcome,
    // category, summary and money: 14 Mar 2024, 2 Sep 2023, 20 Jan 2023,
    // 10 Jun 2022, then the undated seed 004 and essex-no-header-monthly.
    let essex = read(&out.path().join("councils/essex-county-council.html"));
    let table = &essex[essex.find("id=decisions-table").unwrap()..];
    let dates: Vec<&str> = Regex::new(r"<td class=date>([^<]*)</td>")
        .unwrap()
        .captures_iter(table)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(
        dates,
        [
            "2024-03-14",
            "2023-09-02",
            "2023-01-20",
            "2022-06-10",
            "",
            ""
        ]
    );
    let first = table.split("<tr id=").nth(1).unwrap();
    for want in [
        "\"d-23-004-512\"",
        "<a class=ref href=\"https://www.lgo.org.uk/decisions/education/special-educational-needs/23-004-512\">23 004 512</a>",
        "<td>Upheld</td>",
        "Education &gt; Special educational needs",
        "<td class=sum>",
        "£800",
    ] {
        assert!(first.contains(want), "{want} not in {first}");
    }
    assert!(essex.contains("All 6 decisions, newest first."));
    assert!(essex.contains("data-organisation=\"Essex County Council\""));
    // Money: the largest remedy first, then the others with money.
    let money = &essex[essex.find("<section id=money>").unwrap()..];
    let money = &money[..money.find("</section>").unwrap()];
    let amounts: Vec<&str> = Regex::new(r"<li><b>([^<]+)</b>")
        .unwrap()
        .captures_iter(money)
        .map(|c| c.get(1).unwrap().as_str())
        .collect();
    assert_eq!(amounts, ["£800", "£600", "£500"]);
    // Against its type: counties together, 8 of 9 upheld (Essex 4/5,
    // Warwickshire 1/1, Norfolk 2/2, Kent 1/1: the lynx-wrapped and
    // pdftotext pages are county decisions too).
    assert!(
        essex.contains("88.9% <small>(8 of 9)</small></span> all together"),
        "{essex}"
    );
    // The dataset's files are linked from the pages.
    for f in ["decisions.csv", "ombuds.xlsx", "decisions.jsonl"] {
        assert!(report.contains(&format!("<a href=\"{f}\">")), "{f}");
        assert!(essex.contains(&format!("<a href=\"../{f}\">")), "{f}");
    }
}

#[test]
fn issue_13_references_link_to_the_decisions_page() {
    let data = extract_corpus();
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    // The dataset as issue 12 writes it, with each decision's page; one
    // url is not a web address and must not become a link.
    let mut lines = read_jsonl(&data.path().join("decisions.jsonl"));
    for l in &mut lines {
        let r = l["reference"].as_str().unwrap().replace(' ', "-");
        l["url"] = if r == "21-018-224" {
            json!("javascript:alert(1)")
        } else {
            json!(format!("https://www.lgo.org.uk/decisions/x/{r}"))
        };
    }
    write_dataset(&dataset, &lines);
    let out = dir.path().join("out");
    summary_ok(&dataset, &out, &[]);
    let essex = read(&out.join("councils/essex-county-council.html"));
    assert!(essex.contains(
        "<a class=ref href=\"https://www.lgo.org.uk/decisions/x/23-004-512\">23 004 512</a>"
    ));
    assert!(essex.contains("<span class=ref>21 018 224</span>"));
    assert!(!essex.contains("javascript:"));
    // The largest remedy of the overview links to its decision.
    let report = read(&out.join("report.html"));
    assert!(report.contains("href=\"https://www.lgo.org.uk/decisions/x/16-009-421\""));
    let s = read_json(&out.join("summary.json"));
    assert_eq!(
        s["overall"]["remedy_largest_url"],
        "https://www.lgo.org.uk/decisions/x/16-009-421"
    );
    // The dataset is elsewhere: its files are linked relative to the report.
    assert!(
        report.contains("<a href=\"../decisions.jsonl\">"),
        "{report}"
    );
}

/// Kent: one decision, upheld (100% of 1). Essex: 12 of 20. Norfolk: 5 of
/// 15. Years 2019 and 2021, none in 2020.
fn small_numbers_dataset(path: &Path) {
    let mut lines = vec![decision(
        0,
        "Kent County Council",
        Some("2021-05-01"),
        "Upheld",
        0.0,
    )];
    for i in 1..=20 {
        let outcome = if i <= 12 { "Upheld" } else { "Not upheld" };
        let date = if i % 2 == 0 {
            "2019-03-01"
        } else {
            "2021-06-01"
        };
        lines.push(decision(
            i,
            "Essex County Council",
            Some(date),
            outcome,
            100.0,
        ));
    }
    for i in 21..=35 {
        let outcome = if i <= 25 { "Upheld" } else { "Not upheld" };
        lines.push(decision(
            i,
            "Norfolk County Council",
            Some("2019-07-01"),
            outcome,
            0.0,
        ));
    }
    write_dataset(path, &lines);
}

#[test]
fn issue_13_small_numbers_are_shown_with_their_count_and_never_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    small_numbers_dataset(&dataset);
    let out = dir.path().join("out");
    summary_ok(&dataset, &out, &[]);
    let report = read(&out.join("report.html"));
    // Ranked by rate: only rates on 10 or more investigated decisions.
    assert_eq!(
        chart_names(&report, "chart-top-rate"),
        ["Essex County Council", "Norfolk County Council"]
    );
    // Kent's 100% (1 of 1) is greyed and sorts last in the council table.
    let table = &report[report.find("id=council-table").unwrap()..];
    let kent = table
        .split("<tr>")
        .find(|r| r.contains(">Kent County Council</a>"))
        .unwrap();
    assert!(
        kent.contains("<td class=n data-v=\"\"><span class=\"rate few\""),
        "{kent}"
    );
    assert!(kent.contains("100.0% <small>(1 of 1)</small>"), "{kent}");
    let essex = table
        .split("<tr>")
        .find(|r| r.contains(">Essex County Council</a>"))
        .unwrap();
    assert!(essex
        .contains("<td class=n data-v=0.600000><span class=rate>60.0% <small>(12 of 20)</small>"));
    // Every rate on every page says what it rests on, and that base gives it.
    for (path, html) in pages(&out) {
        let bad = rates_without_base(&html);
        assert!(bad.is_empty(), "{}: {bad:?}", path.display());
    }
    let md = read(&out.join("summary.md"));
    assert!(md.contains("100.0% (1 of 1) †"), "{md}");
    assert!(
        md.contains("- Uphold rate: 60.0% (12 of 20): upheld ÷ investigated"),
        "{md}"
    );
    // Years run continuously: 2020 is there with no decision, and the
    // financial year 2020-21 (2019-20 has Norfolk's July 2019).
    assert!(
        report.contains("<tr><td>2020</td><td class=n data-v=0>0</td>"),
        "{report}"
    );
    assert!(md.contains("| 2020 | 0 | 0 | 0 | 0 | n/a (none investigated) |"));
    assert!(report.contains("<tr><td>2020-21</td><td class=n data-v=0>0</td>"));
    // The year chart: 2019 and 2021 are not joined across 2020.
    let years = &report[report.find("id=chart-years").unwrap()..];
    let years = &years[..years.find("</svg>").unwrap()];
    assert!(!years.contains("<polyline"), "{years}");
    assert_eq!(years.matches("<rect class=mark").count(), 2);
}

#[test]
fn issue_13_no_page_grows_with_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    // Leeds has `n` decisions with long summaries full of characters that
    // escaping lengthens; 3,000 care homes have one each.
    let make = |n: usize, name: &str| -> (PathBuf, PathBuf) {
        let mut lines = Vec::new();
        let long = "<b>&amp;</b> \"quoted\" & 'apostrophes' ".repeat(40);
        for i in 0..n {
            let date = format!("{}-{:02}-{:02}", 2010 + i % 15, 1 + i % 12, 1 + i % 28);
            let mut d = decision(i, "Leeds City Council", Some(&date), "Upheld", 250.0);
            d["summary"] = json!(format!("{i}: {long}"));
            lines.push(d);
        }
        for j in 0..3000 {
            lines.push(decision(
                100_000 + j,
                &format!("Gotham Care Home {j} Ltd"),
                Some("2024-01-01"),
                "Not upheld",
                0.0,
            ));
        }
        let dataset = dir.path().join(format!("{name}.jsonl"));
        write_dataset(&dataset, &lines);
        let out = dir.path().join(name);
        summary_ok(&dataset, &out, &[]);
        (dataset, out)
    };
    let (_, small) = make(300, "small");
    let (_, large) = make(3000, "large");
    let size = |p: &Path| fs::metadata(p).unwrap().len();
    // report.html holds no decision: ten times the decisions of Leeds
    // changes it by a few digits.
    let (a, b) = (
        size(&small.join("report.html")),
        size(&large.join("report.html")),
    );
    assert!(b.abs_diff(a) < 2_000, "report.html {a} -> {b} bytes");
    // 3,001 organisations: report.html stays far under 5 MB; its council
    // table lists the 3,000 with the most decisions, and says so; every one
    // has its page.
    assert!(b < 5_000_000 / 2, "report.html {b} bytes");
    let report = read(&large.join("report.html"));
    assert!(report.contains("1 more organisation(s), with fewer decisions, are in councils.csv"));
    assert_eq!(fs::read_dir(large.join("councils")).unwrap().count(), 3001);
    // Leeds's page: its newest 500 decisions, under 1 MB.
    let leeds = large.join("councils/leeds-city-council.html");
    assert!(size(&leeds) < 1_000_000, "{} bytes", size(&leeds));
    let html = read(&leeds);
    let rows = html.matches("<tr id=\"d-").count();
    assert!((100..=500).contains(&rows), "{rows} rows");
    assert!(html.contains(&format!(
        "The newest {rows} of its 3,000 decisions, newest first."
    )));
    let dates: Vec<String> = Regex::new(r"<td class=date>([^<]*)</td>")
        .unwrap()
        .captures_iter(&html[html.find("id=decisions-table").unwrap()..])
        .map(|c| c[1].to_string())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    // The newest of all: the last year and month the generator wrote.
    assert_eq!(dates[0].get(..4), Some("2024"));
    // Page text stays text.
    assert!(!html.contains("<b>&amp;</b>"));
    assert!(html.contains("&lt;b&gt;&amp;amp;&lt;/b&gt;"));
}

#[test]
fn issue_13_counts_have_thousands_separators() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    generate_decisions(&input, 1200, 0);
    let o = extract(&[&input], &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("ombuds: 1,200 files, 1,200 decisions, 0 errors (none), 0 duplicates in "),
        "{stderr}"
    );
    let report = read(&out.join("report.html"));
    assert!(report.contains("<div class=tile><b>1,200</b>decisions</div>"));
    let stderr = summary_ok(&out.join("decisions.jsonl"), &dir.path().join("s"), &[]);
    assert!(stderr.contains("ombuds: 1,200 of 1,200 decisions kept, 4 organisations, uphold rate 50.0% (400 of 800), remedies £"), "{stderr}");
}

#[test]
fn issue_13_remedied_closures_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    let mut lines = Vec::new();
    for i in 0..4 {
        let mut d = decision(i, "Kent County Council", Some("2024-01-01"), "Upheld", 0.0);
        // As issue 10 writes it; absent (an older dataset) reads as false.
        if i < 2 {
            d["remedied_closure"] = json!(true);
        }
        lines.push(d);
    }
    write_dataset(&dataset, &lines);
    let out = dir.path().join("out");
    summary_ok(&dataset, &out, &[]);
    let s = read_json(&out.join("summary.json"));
    assert_eq!(s["overall"]["remedied_closures"], 2);
    assert_eq!(s["overall"]["upheld"], 4);
    assert_eq!(s["organisations"][0]["figures"]["remedied_closures"], 2);
    assert!(s["definitions"]["remedied_closures"]
        .as_str()
        .unwrap()
        .contains("already put things right"));
    let page = read(&out.join("councils/kent-county-council.html"));
    assert!(page.contains("Closed because the organisation had already put things right: 2 (counted as upheld or closed"));
    let md = read(&out.join("summary.md"));
    assert!(md.contains("Closed because the organisation had already put things right: 2"));
}

#[test]
fn issue_13_xlsx_columns_mean_what_the_csv_columns_mean() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let data = extract_corpus();
    let mut wb: Xlsx<_> = open_workbook(data.path().join("ombuds.xlsx")).unwrap();
    let dec = wb.worksheet_range("Decisions").unwrap();
    let head: Vec<String> = dec
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |n: &str| {
        head.iter()
            .position(|h| h == n)
            .unwrap_or_else(|| panic!("no {n}"))
    };
    // Seed 001: £150 to Miss X and £200 to B.
    let row = dec
        .rows()
        .find(|r| {
            r[col("file")]
                .to_string()
                .ends_with("001_88672853f18e77c3.txt")
        })
        .unwrap();
    assert_eq!(row[col("payment_count")], Data::Float(2.0));
    assert_eq!(row[col("payments")], Data::String("150.00; 200.00".into()));
    // decisions.csv: `payments` is the same list of amounts.
    let csv = read(&data.path().join("decisions.csv"));
    let mut rdr = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let h = rdr.headers().unwrap().clone();
    let p = h.iter().position(|x| x == "payments").unwrap();
    let f = h.iter().position(|x| x == "file").unwrap();
    let rec = rdr
        .records()
        .map(|r| r.unwrap())
        .find(|r| r[f].ends_with("001_88672853f18e77c3.txt"))
        .unwrap();
    assert_eq!(&rec[p], "150.00; 200.00");
    assert!(!head.iter().any(|h| h == "payments_count"));
}

/// The spreadsheet as Excel and LibreOffice read it (openpyxl): an
/// autofilter over every sheet, references as `HYPERLINK()` formulas and
/// organisations as hyperlinks.
#[test]
#[cfg_attr(tools_absent, ignore = "needs openpyxl (.ci/run installs it)")]
fn issue_13_xlsx_has_autofilters_and_hyperlinks() {
    let data = extract_corpus();
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("decisions.jsonl");
    let mut lines = read_jsonl(&data.path().join("decisions.jsonl"));
    for l in &mut lines {
        let r = l["reference"].as_str().unwrap().replace(' ', "-");
        l["url"] = json!(format!("https://www.lgo.org.uk/decisions/x/{r}"));
    }
    write_dataset(&dataset, &lines);
    let out = dir.path().join("out");
    summary_ok(&dataset, &out, &[]);
    let o = python(
        r#"
import json, re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    links = {}
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if c.hyperlink is not None:
                links[str(c.value)] = c.hyperlink.target
            elif isinstance(c.value, str) and c.value.startswith("=HYPERLINK("):
                # A reference: =HYPERLINK("url","label"), quotes doubled.
                url, label = re.fullmatch(r'=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)', c.value).groups()
                links[label.replace('""', '"')] = url.replace('""', '"')
    # The number format of each column's first cell with a number in it.
    head = [c.value for c in ws[1]]
    formats = {}
    for row in ws.iter_rows(min_row=2):
        for name, c in zip(head, row):
            if isinstance(c.value, (int, float, __import__("datetime").datetime)) and not isinstance(c.value, bool):
                formats.setdefault(name, c.number_format)
    out[ws.title] = {"filter": ws.auto_filter.ref, "rows": ws.max_row, "cols": ws.max_column, "links": links, "formats": formats}
print(json.dumps(out))
"#,
        &[out.join("ombuds.xlsx").as_os_str()],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    for sheet in ["Decisions", "Remedies", "Councils"] {
        let s = &v[sheet];
        let last = |n: u64| {
            let mut col = String::new();
            let mut n = n;
            while n > 0 {
                col.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
                n = (n - 1) / 26;
            }
            col
        };
        let want = format!("A1:{}{}", last(s["cols"].as_u64().unwrap()), s["rows"]);
        assert_eq!(s["filter"], want.as_str(), "{sheet}");
    }
    // A header row and the bundled corpus's 23 decisions (17 LGSCO).
    assert_eq!(v["Decisions"]["rows"], 24);
    assert_eq!(
        v["Decisions"]["links"]["23 004 512"],
        "https://www.lgo.org.uk/decisions/x/23-004-512"
    );
    // Every reference (the test gives each decision a url), issue 14's too.
    assert_eq!(v["Decisions"]["links"].as_object().unwrap().len(), 23);
    assert_eq!(
        v["Remedies"]["links"]["16 009 421"],
        "https://www.lgo.org.uk/decisions/x/16-009-421"
    );
    assert_eq!(
        v["Councils"]["links"]["Essex County Council"],
        "councils/essex-county-council.html"
    );
    // Dates and sums show as such: their columns carry the number format.
    let formats = |sheet: &str| v[sheet]["formats"].clone();
    assert_eq!(formats("Decisions")["decision_date"], "yyyy-mm-dd");
    assert_eq!(formats("Decisions")["remedy_total_gbp"], "£#,##0.00");
    assert_eq!(
        formats("Decisions")["remedy_already_provided_gbp"],
        "£#,##0.00"
    );
    assert_eq!(formats("Decisions")["payment_count"], "General");
    assert_eq!(formats("Remedies")["decision_date"], "yyyy-mm-dd");
    assert_eq!(formats("Remedies")["amount_gbp"], "£#,##0.00");
}

/// On the published dev corpus (181 decisions, 117 organisations): every
/// organisation has its page, every rate shows its base, and no rate on
/// fewer than 10 investigated decisions ranks.
#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn issue_13_dev_corpus_every_organisation_has_its_page() {
    let dev = shared("dev-corpus");
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&dev], out.path());
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = read_json(&out.path().join("summary.json"));
    let orgs = s["organisations"].as_array().unwrap();
    assert!(orgs.len() > 100);
    let report = read(&out.path().join("report.html"));
    let mut investigated = std::collections::HashMap::new();
    for o in orgs {
        let page = o["page"].as_str().unwrap();
        let html = read(&out.path().join(page));
        assert_eq!(
            html.matches("<tr id=\"d-").count() as u64,
            o["figures"]["decisions"].as_u64().unwrap(),
            "{page}"
        );
        assert!(report.contains(&format!("href=\"{page}\"")), "{page}");
        investigated.insert(
            o["name"].as_str().unwrap().to_string(),
            o["figures"]["investigated"].as_u64().unwrap(),
        );
    }
    assert_eq!(
        fs::read_dir(out.path().join("councils")).unwrap().count(),
        orgs.len()
    );
    for (path, html) in pages(out.path()) {
        let bad = rates_without_base(&html);
        assert!(bad.is_empty(), "{}: {bad:?}", path.display());
    }
    for name in chart_names(&report, "chart-top-rate") {
        assert!(
            investigated[&name] >= 10,
            "{name} ranked by rate on {}",
            investigated[&name]
        );
    }
    // Rates of organisations with one decision never rank: their cells in
    // the council table sort last.
    for row in report
        .split("<tr>")
        .filter(|r| r.contains("href=\"councils/"))
    {
        if row.contains("<span class=\"rate few\"") {
            assert!(
                row.contains("<td class=n data-v=\"\"><span class=\"rate few\""),
                "{row}"
            );
        }
    }
}
