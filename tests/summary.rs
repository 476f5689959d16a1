//! Issue 5: `ombuds summary` and the reports `ombuds extract` writes at the
//! end of a run. The figures below were computed by hand from the pages in
//! corpus/ and their expected fields in tests/expected/corpus.jsonl (17
//! distinct decisions: the HTML copies of seeds 000 and 003 fold into the
//! seed records), not read off the program's output.

use serde_json::Value;

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

fn approx(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-6)
}

#[track_caller]
fn check(figures: &Value, key: &str, want: f64) {
    assert!(
        approx(&figures[key], want),
        "{key}: got {}, expected {want}",
        figures[key]
    );
}

fn org<'a>(summary: &'a Value, name: &str) -> &'a Value {
    summary["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("no organisation {name}"))
}

#[test]
fn issue_5_hand_computed_figures_on_the_bundled_corpus() {
    let out = extract_corpus();
    let s = read_json(&out.path().join("summary.json"));
    // The extract run's own keys stay.
    assert_eq!(s["files_seen"], 25);
    assert_eq!(s["errors"], 0);
    // 17 LGSCO decisions, which the figures below are, and 6 of other
    // ombudsmen (issue 14), counted in by_ombudsman.
    assert_eq!(s["records"], 23);
    assert_eq!(s["by_ombudsman"]["LGSCO"]["decisions"], 17);
    assert_eq!(s["by_ombudsman"]["Housing Ombudsman"]["decisions"], 3);
    assert_eq!(
        s["by_ombudsman"]["Parliamentary and Health Service Ombudsman"]["decisions"],
        3
    );
    let all = &s["overall"];
    check(all, "decisions", 17.0);
    // Upheld: seeds 000, 001, 003, 004; 16-009-421; essex-2022-each,
    // essex-banner-first, essex-no-header-monthly; norfolk; old report;
    // kent-pdftotext, norfolk-lynx-wrapped.
    check(all, "upheld", 12.0);
    // care-provider-not-upheld, essex-not-upheld.
    check(all, "not_upheld", 2.0);
    // seed 002, essex-closed.html, kent-no-header-closed.
    check(all, "closed_after_initial_enquiries", 3.0);
    // 12 / (12 + 2), never 12 / 17.
    check(all, "uphold_rate", 12.0 / 14.0);
    // £350, £500, £3,270, £500, £800, £600, £1,400, £150, £1,545.50.
    check(all, "with_payment", 9.0);
    check(all, "remedy_total_gbp", 9115.5);
    // Sorted 150 350 500 500 600 800 1400 1545.50 3270: the fifth.
    check(all, "remedy_median_gbp", 600.0);
    check(all, "remedy_largest_gbp", 3270.0);
    assert_eq!(all["remedy_largest_reference"], "16 009 421");
    // Norfolk had already paid £200, Kent refunded £120.
    check(all, "remedy_already_provided", 2.0);
    check(all, "remedy_already_provided_gbp", 320.0);
    // Apologies: seed 004, 16-009-421, essex-2022, essex-banner, essex-monthly,
    // old report, kent-pdftotext, norfolk-lynx-wrapped.
    assert_eq!(all["non_financial_remedies"]["apology"], 8);

    // Financial years (1 April to 31 March).
    let fy = &s["financial_years"];
    let years: Vec<&String> = fy.as_object().unwrap().keys().collect();
    assert_eq!(
        years,
        ["2016-17", "2017-18", "2020-21", "2022-23", "2023-24", "2024-25", "2025-26", "undated"]
    );
    // 2022-23: seed 001 (22 Aug 2022, £350), essex-2022-each (10 Jun 2022,
    // £500), essex-not-upheld (20 Jan 2023).
    check(&fy["2022-23"], "decisions", 3.0);
    check(&fy["2022-23"], "uphold_rate", 2.0 / 3.0);
    check(&fy["2022-23"], "remedy_total_gbp", 850.0);
    check(&fy["2022-23"], "remedy_median_gbp", 425.0);
    // 2023-24: essex-closed (2 Sep 2023), Bluebell (9 Feb 2024), essex-banner (14 Mar 2024, £800).
    check(&fy["2023-24"], "decisions", 3.0);
    check(&fy["2023-24"], "uphold_rate", 0.5);
    check(&fy["2023-24"], "remedy_total_gbp", 800.0);
    // 2024-25: seed 002 (8 Jan 2025, closed), kent-pdftotext (9 Oct 2024,
    // £150), norfolk-lynx-wrapped (14 Mar 2025, £1,545.50).
    check(&fy["2024-25"], "decisions", 3.0);
    check(&fy["2024-25"], "uphold_rate", 1.0);
    check(&fy["2024-25"], "remedy_total_gbp", 1695.5);
    // 2025-26: seed 000 (6 Apr 2025).
    check(&fy["2025-26"], "decisions", 1.0);
    // Undated: seeds 003 (£500) and 004, essex-no-header-monthly (£600), kent.
    check(&fy["undated"], "decisions", 4.0);
    check(&fy["undated"], "uphold_rate", 1.0);
    check(&fy["undated"], "remedy_median_gbp", 550.0);
    let dy = &s["decision_years"];
    for (y, n) in [
        ("2017", 2.0),
        ("2020", 1.0),
        ("2022", 2.0),
        ("2023", 2.0),
        ("2024", 3.0),
        ("2025", 3.0),
    ] {
        check(&dy[y], "decisions", n);
    }
    let areas = &s["category_areas"];
    check(&areas["Children's care services"], "decisions", 4.0);
    check(&areas["Adult care services"], "decisions", 4.0);
    check(&areas["Adult care services"], "uphold_rate", 2.0 / 4.0);
    check(&areas["Benefits and tax"], "decisions", 1.0);
    check(&areas["(not stated)"], "decisions", 4.0);

    // Essex County Council: seed 004, essex-closed, essex-2022-each,
    // essex-banner-first, essex-no-header-monthly, essex-not-upheld.
    let essex = org(&s, "Essex County Council");
    assert_eq!(essex["type"], "county");
    let f = &essex["figures"];
    check(f, "decisions", 6.0);
    check(f, "upheld", 4.0);
    check(f, "uphold_rate", 0.8);
    check(f, "remedy_total_gbp", 1900.0);
    check(f, "remedy_median_gbp", 600.0);
    assert_eq!(f["remedy_largest_reference"], "23 004 512");
    // Counties: Essex 4/5, Warwickshire 1/1, Norfolk 2/2, Kent 1/1 (its
    // closed decision is not investigated); 6 + 1 + 2 + 2 decisions.
    check(
        &essex["type_average"],
        "uphold_rate_mean",
        (0.8 + 1.0 + 1.0 + 1.0) / 4.0,
    );
    check(&essex["type_average"], "decisions_mean", 11.0 / 4.0);
    assert_eq!(org(&s, "West Northamptonshire Council")["type"], "unitary");
    assert_eq!(
        org(&s, "Bluebell Home Care Limited")["type"],
        "care_provider"
    );
    assert_eq!(s["unknown_organisations"], serde_json::json!([]));

    for name in ["summary.md", "report.html", "councils.csv", "ombuds.xlsx"] {
        assert!(out.path().join(name).is_file(), "{name} missing");
    }
}

#[test]
fn issue_5_essex_since_2023_checked_by_hand() {
    let data = extract_corpus();
    let out = tempfile::tempdir().unwrap();
    summary_output(
        &data.path().join("decisions.jsonl"),
        out.path(),
        &["--council", "Essex County Council", "--since", "2023-01-01"],
    );
    let s = read_json(&out.path().join("summary.json"));
    assert_eq!(s["filters"]["council"], "Essex County Council");
    assert_eq!(s["filters"]["since"], "2023-01-01");
    // essex-banner-first (Upheld, 14 Mar 2024, £200 + £600), essex-not-upheld
    // (20 Jan 2023), essex-closed.html (Closed, 2 Sep 2023). Out: essex-2022-each
    // (10 Jun 2022) and the undated seed 004 and essex-no-header-monthly.
    let f = &s["overall"];
    check(f, "decisions", 3.0);
    check(f, "upheld", 1.0);
    check(f, "not_upheld", 1.0);
    check(f, "closed_after_initial_enquiries", 1.0);
    check(f, "uphold_rate", 0.5);
    check(f, "with_payment", 1.0);
    check(f, "remedy_total_gbp", 800.0);
    check(f, "remedy_median_gbp", 800.0);
    assert_eq!(f["remedy_largest_reference"], "23 004 512");
    check(&s["financial_years"]["2022-23"], "decisions", 1.0);
    check(&s["financial_years"]["2023-24"], "decisions", 2.0);
    assert!(s["financial_years"].get("undated").is_none());
    assert_eq!(s["organisations"].as_array().unwrap().len(), 1);
    // The same through a spelling of the name and the journalist's one-liner.
    let out2 = tempfile::tempdir().unwrap();
    let o = summary_output(
        &data.path().join("decisions.jsonl"),
        out2.path(),
        &[
            "--council",
            "the essex county council",
            "--since",
            "2023-01-01",
            "--outcome",
            "upheld",
            "--with-payment",
            "--list",
        ],
    );
    let listed = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    assert!(lines[1].starts_with("23 004 512\t2024-03-14\tEssex County Council\t"));
    assert!(lines[1].contains("\t800.00\t"));
}

#[test]
fn issue_5_summary_beside_its_dataset_keeps_the_run_counts() {
    let data = extract_corpus();
    let before = read_json(&data.path().join("summary.json"));
    let dataset = std::fs::read(data.path().join("decisions.jsonl")).unwrap();
    summary_output(&data.path().join("decisions.jsonl"), data.path(), &[]);
    // Published as regular files, through the same staging as extract
    // (issue 11), with the dataset carried over unchanged.
    for n in [
        "summary.json",
        "report.html",
        "councils.csv",
        "ombuds.xlsx",
        "decisions.jsonl",
    ] {
        let m = data.path().join(n).symlink_metadata().unwrap();
        assert!(m.file_type().is_file(), "{n} is not a regular file");
    }
    assert_eq!(
        std::fs::read(data.path().join("decisions.jsonl")).unwrap(),
        dataset
    );
    assert_eq!(ombuds::stage::generations(data.path()).unwrap(), 1);
    let after = read_json(&data.path().join("summary.json"));
    for key in [
        "files_seen",
        "errors",
        "duplicates",
        "records",
        "by_outcome",
        "overall",
    ] {
        assert_eq!(before[key], after[key], "{key}");
    }
    // A filtered summary elsewhere keeps the run's counts beside its own.
    let elsewhere = tempfile::tempdir().unwrap();
    summary_output(
        &data.path().join("decisions.jsonl"),
        elsewhere.path(),
        &["--outcome", "upheld"],
    );
    let filtered = read_json(&elsewhere.path().join("summary.json"));
    assert_eq!(filtered["extract_run"]["files_seen"], before["files_seen"]);
    // `upheld` is the LGSCO's Upheld and the PHSO's upheld (issue 14).
    let phso_upheld = &before["by_ombudsman"]["Parliamentary and Health Service Ombudsman"]
        ["by_outcome"]["upheld"];
    assert_eq!(phso_upheld, 1);
    assert_eq!(
        filtered["records"].as_u64(),
        Some(before["by_outcome"]["Upheld"].as_u64().unwrap() + 1)
    );
}

#[test]
fn issue_5_councils_csv_has_a_bom_and_one_row_per_organisation() {
    let data = extract_corpus();
    let bytes = std::fs::read(data.path().join("councils.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let head = rdr.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    // Bluebell, Essex, Kent, Norfolk, North Somerset, Warwickshire, West
    // Northamptonshire, and the two decisions with no organisation.
    assert_eq!(rows.len(), 8);
    let essex = rows
        .iter()
        .find(|r| &r[0] == "Essex County Council")
        .unwrap();
    assert_eq!(&essex[col("type")], "county");
    assert_eq!(&essex[col("decisions")], "6");
    assert_eq!(&essex[col("uphold_rate")], "0.8000");
    assert_eq!(&essex[col("type_average_uphold_rate")], "0.9500");
    assert_eq!(&essex[col("remedy_total_gbp")], "1900.00");
    let out = tempfile::tempdir().unwrap();
    summary_output(
        &data.path().join("decisions.jsonl"),
        out.path(),
        &["--no-bom"],
    );
    let bytes = std::fs::read(out.path().join("councils.csv")).unwrap();
    assert!(bytes.starts_with(b"organisation,type,"));
}

#[test]
fn issue_5_xlsx_reads_back_with_typed_cells() {
    use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
    let data = extract_corpus();
    let mut wb: Xlsx<_> = open_workbook(data.path().join("ombuds.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Decisions", "Remedies", "Councils"]);
    let dec = wb.worksheet_range("Decisions").unwrap();
    assert_eq!(dec.height(), 1 + 23);
    assert_eq!(dec.get((0, 0)), Some(&Data::String("reference".into())));
    let row = dec
        .rows()
        .find(|r| r[0] == Data::String("23 004 512".into()))
        .expect("essex-banner-first row");
    match &row[1] {
        // A date cell: Excel's serial day 45365 is 14 March 2024.
        Data::DateTime(d) => {
            assert_eq!(d.as_f64(), 45365.0);
        }
        other => panic!("decision_date is not a date: {other:?}"),
    }
    assert_eq!(row[2], Data::String("2023-24".into()));
    assert_eq!(row[10], Data::Float(800.0));
    let rem = wb.worksheet_range("Remedies").unwrap();
    let money: f64 = rem
        .rows()
        .skip(1)
        .filter(|r| r[0] == Data::String("23 004 512".into()))
        .filter_map(|r| r[5].get_float())
        .sum();
    assert_eq!(money, 800.0);
    let councils = wb.worksheet_range("Councils").unwrap();
    let essex = councils
        .rows()
        .find(|r| r[0] == Data::String("Essex County Council".into()))
        .unwrap();
    assert_eq!(essex[4], Data::Float(6.0));
    assert_eq!(essex[9], Data::Float(0.8));
}

#[test]
fn issue_5_report_html_is_self_contained_with_five_charts() {
    let data = extract_corpus();
    let html = std::fs::read_to_string(data.path().join("report.html")).unwrap();
    // Issue 13 added the top list by rate (empty here: no organisation has
    // 10 investigated decisions, so it is a note, not a chart).
    assert_eq!(html.matches("<svg class=chart").count(), 4);
    assert!(html.contains("No organisation has 10 or more investigated decisions here"));
    // Links to the decisions' pages on the Ombudsman's site (issue 12) are
    // the only web addresses: no page loads anything from outside.
    let link = "href=\"https://www.lgo.org.uk/decisions/";
    let councils = data.path().join("councils");
    let mut pages = vec![("report.html".to_string(), html.clone())];
    for e in std::fs::read_dir(&councils).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        pages.push((path.display().to_string(), text));
    }
    assert!(pages.len() > 5);
    for (name, text) in &pages {
        let without_links = text.replace(link, "");
        for banned in ["<link", " src=", "http://", "https://", "@import", "url("] {
            assert!(!without_links.contains(banned), "{name} contains {banned}");
        }
    }
    let page =
        std::fs::read_to_string(councils.join("west-northamptonshire-council.html")).unwrap();
    assert!(page.contains(
        "<a class=ref href=\"https://www.lgo.org.uk/decisions/children-s-care-services/child-protection/21-017-938\">21 017 938</a>"
    ));
    // Every figure points to its decisions: the largest remedy (16 009 421,
    // no organisation named) to its page on the Ombudsman's site and to
    // its group's page, whose decision rows hold it; counts to the pages of
    // their organisations.
    let largest =
        "https://www.lgo.org.uk/decisions/adult-care-services/residential-care/16-009-421";
    assert!(html.contains(&format!("<a href=\"{largest}\">£3,270</a>")));
    assert!(html.contains("<a href=\"councils/not-stated.html\">(organisation not stated)</a>"));
    let page = std::fs::read_to_string(councils.join("not-stated.html")).unwrap();
    assert!(page.contains("<tr id=\"d-16-009-421\""));
    assert!(page.contains(&format!(
        "<li><b>£3,270</b>: <a class=ref href=\"{largest}\">16 009 421</a>"
    )));
    assert!(
        html.contains("<a href=\"councils/essex-county-council.html\">Essex County Council</a>")
    );
}

#[test]
fn issue_5_summary_without_dataset_is_a_clear_fatal_error() {
    let out = tempfile::tempdir().unwrap();
    let o = ombuds()
        .arg("summary")
        .arg(out.path().join("missing.jsonl"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not found"));
    let o = ombuds()
        .args(["summary", "--since", "2023-13-01"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn issue_5_every_dev_corpus_organisation_has_a_type() {
    let dev = shared("dev-corpus");
    let g = ombuds::summary::gazetteer::Gazetteer::embedded();
    let labels = read_jsonl(&dev.join("labels.jsonl"));
    let mut names: Vec<&str> = labels
        .iter()
        .filter_map(|l| l["organisation"].as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert!(names.len() > 100);
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| g.resolve(n).org_type == ombuds::summary::gazetteer::OrgType::Unknown)
        .collect();
    if !unknown.is_empty() {
        eprintln!("WARNING: not in the gazetteer: {unknown:?}");
    }
    assert!(unknown.is_empty(), "not in the gazetteer: {unknown:?}");
    // Councils are found by name, not by pattern.
    for n in &names {
        let r = g.resolve(n);
        if n.contains("Council") {
            assert!(r.canonical.is_some(), "{n} resolved by {}", r.how);
        }
    }
}

#[test]
fn issue_5_category_and_until_filters() {
    let data = extract_corpus();
    let out = tempfile::tempdir().unwrap();
    // Adult care services: 16-009-421 (7 Mar 2017, upheld), Bluebell (9 Feb
    // 2024), essex-not-upheld (20 Jan 2023), norfolk-lynx-wrapped (14 Mar
    // 2025, upheld).
    summary_output(
        &data.path().join("decisions.jsonl"),
        out.path(),
        &["--category", "ADULT CARE"],
    );
    let s = read_json(&out.path().join("summary.json"));
    check(&s["overall"], "decisions", 4.0);
    check(&s["overall"], "uphold_rate", 2.0 / 4.0);
    summary_output(
        &data.path().join("decisions.jsonl"),
        out.path(),
        &["--category", "adult care", "--until", "2023-12-31"],
    );
    let s = read_json(&out.path().join("summary.json"));
    check(&s["overall"], "decisions", 2.0);
    assert_eq!(s["filters"]["until"], "2023-12-31");
}
