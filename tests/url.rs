//! `url` (issue 12): the decision's page on the LGSCO website, checked
//! against the real addresses of ../shared/dev-corpus (SOURCES.jsonl, read in
//! place), from an HTML page's canonical link, and in every output that
//! carries it (CSVs, xlsx links, the report).

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::*;

/// An address without its scheme, host and query: `/decisions/a/b/1-2-3`.
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &rest[rest.find('/').unwrap_or(rest.len())..];
    path.split(['?', '#']).next().unwrap()
}

#[test]
#[cfg_attr(shared_absent, ignore = "../shared is absent")]
fn issue_12_urls_equal_the_dev_corpus_addresses() {
    let dir = shared("dev-corpus");
    let out = tempfile::tempdir().unwrap();
    let o = extract(&[&dir], out.path());
    assert_eq!(
        o.status.code(),
        Some(1),
        "README and labels are not decisions"
    );
    let records = read_records(out.path());
    let sources: BTreeMap<String, String> = read_jsonl(&dir.join("SOURCES.jsonl"))
        .into_iter()
        .map(|s| {
            (
                s["file"].as_str().unwrap().to_string(),
                s["url"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let (mut compared, mut odd) = (0, Vec::new());
    for r in &records {
        let Some(source) = sources.get(&r.file) else {
            continue;
        };
        match (&r.category_sub, &r.url) {
            (Some(_), Some(url)) => {
                assert_eq!(path_of(url), path_of(source), "{}", r.file);
                assert!(url.starts_with("https://www.lgo.org.uk/decisions/"));
                compared += 1;
                // The odd ones: apostrophes, hyphens, suffix letters.
                if url.contains("children-s-") || url.contains("covid-19") {
                    odd.push(url.clone());
                }
                if r.reference
                    .as_deref()
                    .is_some_and(|x| x.ends_with(char::is_alphabetic))
                {
                    odd.push(url.clone());
                }
            }
            // No category on the page (and no canonical link in a .txt):
            // the address cannot be known.
            (None, url) => assert_eq!(*url, None, "{}", r.file),
            (Some(_), None) => panic!("{}: a category and no url", r.file),
        }
    }
    assert!(compared > 250, "only {compared} pages compared");
    assert!(odd.iter().any(|u| u.contains("/children-s-care-services/")));
    assert!(odd.iter().any(|u| u.contains("/covid-19/")));
    assert!(odd.iter().any(|u| u.ends_with("a")), "{odd:?}");
}

/// The bundled LGSCO-style page with `head` added to its `<head>`.
fn page_with(dir: &Path, name: &str, head: &str) {
    let html = std::fs::read_to_string(root().join("corpus/html/essex-closed.html")).unwrap();
    let html = html.replacen("<head>", &format!("<head>{head}"), 1);
    std::fs::write(dir.join(name), html).unwrap();
}

#[test]
fn issue_12_canonical_link_gives_the_url() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    page_with(
        &input,
        "a.html",
        r#"<link rel="canonical" href="https://www.lgo.org.uk/decisions/highways-and-transport/other/23-011-078">"#,
    );
    page_with(
        &input,
        "b.html",
        r#"<LINK REL="Canonical" HREF="/decisions/x/y/23-011-079">"#,
    );
    page_with(
        &input,
        "c.html",
        r#"<link rel="canonical" href="javascript:alert(1)">"#,
    );
    for (name, reference) in [("b.html", "23 011 079"), ("c.html", "23 011 080")] {
        let p = input.join(name);
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replace("23 011 078", reference)).unwrap();
    }
    let out = dir.path().join("out");
    let o = extract(&[&input], &out);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let records = read_records(&out);
    let url = |f: &str| find_record(&records, f).unwrap().url.clone();
    // The page's own address wins over the one built from its category.
    assert_eq!(
        url("a.html").as_deref(),
        Some("https://www.lgo.org.uk/decisions/highways-and-transport/other/23-011-078")
    );
    assert_eq!(
        url("b.html").as_deref(),
        Some("https://www.lgo.org.uk/decisions/x/y/23-011-079")
    );
    // Not an address of the web: not used, and said so.
    let c = find_record(&records, "c.html").unwrap();
    assert_eq!(
        c.url.as_deref(),
        Some("https://www.lgo.org.uk/decisions/highways-and-transport/highway-repair-and-maintenance/23-011-080")
    );
    assert!(
        c.warnings.iter().any(|w| w.contains("canonical link")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn issue_12_url_in_the_csvs_the_xlsx_and_the_report() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let out = tempfile::tempdir().unwrap();
    extract_ok(&root().join("corpus"), out.path());
    let records = read_records(out.path());
    let with_url: Vec<_> = records.iter().filter(|r| r.url.is_some()).collect();
    assert!(with_url.len() >= 10 && with_url.len() < records.len());

    let mut csv = csv::Reader::from_path(out.path().join("decisions.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    assert_eq!(headers.iter().next_back(), Some("url"));
    let urls: Vec<String> = csv
        .records()
        .map(|r| r.unwrap().iter().next_back().unwrap().to_string())
        .collect();
    let want: Vec<String> = records
        .iter()
        .map(|r| r.url.clone().unwrap_or_default())
        .collect();
    assert_eq!(urls, want);
    // A text cell: quoted, as issue 11 writes every text cell.
    let raw = std::fs::read_to_string(out.path().join("decisions.csv")).unwrap();
    for u in with_url.iter().filter_map(|r| r.url.as_deref()) {
        assert!(raw.contains(&format!(",\"{u}\"\n")), "{u} not quoted");
    }

    let mut rem = csv::Reader::from_path(out.path().join("remedies.csv")).unwrap();
    assert_eq!(rem.headers().unwrap().iter().next_back(), Some("url"));
    let seed1 = find_record(&records, "seeds/001_88672853f18e77c3.txt").unwrap();
    let rows: Vec<csv::StringRecord> = rem.records().map(Result::unwrap).collect();
    let of_seed1: Vec<_> = rows.iter().filter(|r| &r[1] == "21 017 938").collect();
    assert!(!of_seed1.is_empty());
    for r in of_seed1 {
        assert_eq!(Some(r.iter().next_back().unwrap()), seed1.url.as_deref());
    }

    // xlsx: the url column holds the address, as decisions.csv does; the
    // reference cell shows the decision's label (a `HYPERLINK()` formula to
    // the address: `issue_12_xlsx_references_link_to_the_urls` reads it).
    let mut wb: Xlsx<_> = open_workbook(out.path().join("ombuds.xlsx")).unwrap();
    let values = wb.worksheet_range("Decisions").unwrap();
    let header: Vec<String> = values
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let url_col = header.iter().position(|h| h == "url").unwrap();
    let row = values
        .rows()
        .position(|r| r[0] == Data::String("21 017 938".into()))
        .expect("seed 001 in Decisions");
    let url = seed1.url.as_deref().unwrap();
    assert_eq!(
        values.rows().nth(row).unwrap()[url_col],
        Data::String(url.into())
    );

    // The report: the reference is a link on its organisation's page.
    let page = std::fs::read_to_string(
        out.path()
            .join("councils")
            .join("west-northamptonshire-council.html"),
    )
    .unwrap();
    assert!(page.contains(&format!("<a class=ref href=\"{url}\">21 017 938</a>")));
}

/// The spreadsheet as Excel and LibreOffice read it (openpyxl): every
/// reference of Decisions whose record has a web address links to it, and
/// the others are plain text.
#[test]
#[cfg_attr(tools_absent, ignore = "needs openpyxl (.ci/run installs it)")]
fn issue_12_xlsx_references_link_to_the_urls() {
    let out = tempfile::tempdir().unwrap();
    extract_ok(&root().join("corpus"), out.path());
    let records = read_records(out.path());
    let o = python(
        r#"
import json, re, sys, openpyxl
links = {}
# The formulas as written, and the values a reader shows (their results).
cells = openpyxl.load_workbook(sys.argv[1])["Decisions"].iter_rows(min_row=2)
shown = openpyxl.load_workbook(sys.argv[1], data_only=True)["Decisions"].iter_rows(min_row=2)
for r, v in zip(cells, shown):
    f = re.fullmatch(r'=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)', str(r[0].value))
    if f:
        assert f.group(2).replace('""', '"') == v[0].value, (r[0].value, v[0].value)
        links[v[0].value] = f.group(1).replace('""', '"')
    else:
        assert r[0].hyperlink is None
        links[str(r[0].value)] = None
print(json.dumps(links))
"#,
        &[out.path().join("ombuds.xlsx").as_os_str()],
    );
    let links: BTreeMap<String, Option<String>> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(links.len(), records.len());
    let mut linked = 0;
    for r in &records {
        let label = r.reference.clone().unwrap_or_else(|| r.file.clone());
        assert_eq!(links[&label], r.url, "{label}");
        linked += usize::from(r.url.is_some());
    }
    assert!(linked >= 10, "{links:?}");
}

/// The references as a spreadsheet program computes them: LibreOffice
/// opens ombuds.xlsx, evaluates each `HYPERLINK()` formula and shows the
/// decision's label (saved here as CSV, the values it shows), never an
/// error value.
#[test]
#[cfg_attr(tools_absent, ignore = "needs LibreOffice (.ci/run installs it)")]
fn issue_15_libreoffice_shows_the_reference_links_as_labels() {
    let out = tempfile::tempdir().unwrap();
    extract_ok(&root().join("corpus"), out.path());
    let records = read_records(out.path());
    let work = tempfile::tempdir().unwrap();
    // Comma, double quote, UTF-8.
    soffice_convert(
        work.path(),
        &["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76"],
        &[&out.path().join("ombuds.xlsx")],
    );
    // The first sheet, Decisions.
    let mut shown = csv::Reader::from_path(work.path().join("ombuds.csv")).unwrap();
    assert_eq!(&shown.headers().unwrap()[0], "reference");
    let mut got: Vec<String> = shown.records().map(|r| r.unwrap()[0].to_string()).collect();
    let mut want: Vec<String> = records
        .iter()
        .map(|r| r.reference.clone().unwrap_or_else(|| r.file.clone()))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(records.iter().filter(|r| r.url.is_some()).count() >= 10);
}
