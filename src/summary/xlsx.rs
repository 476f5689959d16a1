//! `ombuds.xlsx`: sheets Decisions, Remedies (one row per payment and per
//! non-financial remedy) and Councils, with typed cells (dates as dates,
//! money as currency, rates as percentages), frozen header rows and an
//! autofilter on every sheet. References link to the decision's page when
//! the dataset has its `url`, through a `HYPERLINK()` formula ([`hyperlink`]);
//! organisations link to their page of the report (hyperlink objects, at
//! most [`MAX_LINKS`] a sheet, as Excel allows).
//!
//! Column names mean what they mean in the CSV files: `payments` is the
//! list of amounts (as in `decisions.csv`), `payment_count` their number.
//!
//! Decisions and Remedies are constant-memory worksheets (rust_xlsxwriter
//! writes each row to a temporary file as it comes), fed while the dataset is
//! streamed a second time; only Councils, one row per organisation, is held.
//!
//! One record's content never fails the workbook (issue 11): a text longer
//! than a cell holds (32,767 characters) is cut, ending with a visible
//! marker ([`CUT_MARK`]), and the record gets a warning
//! ([`overlong_cells`]); rows past a sheet's 1,048,576 go on in a
//! continuation sheet (`Decisions (2)`, `Remedies (2)`...), with the header.

use std::borrow::Cow;
use std::path::Path;

use anyhow::Result;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Url, Workbook, Worksheet};

use super::gazetteer::Gazetteer;
use super::html::Site;
use super::stats::Summary;
use super::tables::{council_columns, council_rows, Cell};
use super::Decision;

const DECISIONS: usize = 0;
const REMEDIES: usize = 1;
const COUNCILS: usize = 2;

/// The deflate level of the workbook's zip (1 to 9; rust_xlsxwriter's
/// default is 6), chosen by measurement (README, "Where issue 15 stands"):
/// on 5,000 generated decisions the save costs 46 k instructions a decision
/// at level 2 against 103 k at 6, for a file 29% larger (1.18 MB against
/// 0.92 MB); level 1 saves 17 k more for a file 64% larger than at 6.
pub const ZIP_LEVEL: u8 = 2;

/// Hyperlinks a sheet may hold (Excel's limit); cells past it are text.
pub const MAX_LINKS: u32 = 65_530;

/// Characters a string in a formula may hold (Excel's limit, counted as
/// [`excel_len`] counts): a reference whose address or label is longer stays
/// plain text.
pub const FORMULA_STRING_MAX_CHARS: usize = 255;

/// A text's length as Excel counts it, and rust_xlsxwriter (since 0.102)
/// with it: UTF-16 code units, so that a character outside the Basic
/// Multilingual Plane (an emoji, a mathematical letter) counts two. Never
/// more than the text's UTF-8 bytes, so a text of at most `n` bytes is
/// within any limit of `n` without being counted.
pub fn excel_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The reference cell's link: `HYPERLINK("url","label")`, each quote
/// doubled, with the label as its result for readers that do not compute
/// formulas. A formula, not a hyperlink object: rust_xlsxwriter keeps every
/// hyperlink object of a sheet in memory until the workbook is saved (about
/// 1.7 KB each, 167 MB at 100,000 decisions), while a formula cell is
/// streamed with its row. `None` when Excel could not hold the formula, or
/// a string holds a control character (a file name may), which a formula's
/// string cannot.
pub fn hyperlink(url: &str, label: &str) -> Option<Formula> {
    let fits = |s: &str| {
        (s.len() <= FORMULA_STRING_MAX_CHARS || excel_len(s) <= FORMULA_STRING_MAX_CHARS)
            && !s.chars().any(char::is_control)
    };
    if !fits(url) || !fits(label) {
        return None;
    }
    let quoted = |s: &str| s.replace('"', "\"\"");
    let formula = format!("HYPERLINK(\"{}\",\"{}\")", quoted(url), quoted(label));
    Some(Formula::new(formula).set_result(label))
}

/// Characters a cell holds (Excel's limit, which rust_xlsxwriter enforces),
/// counted as [`excel_len`] counts.
pub const CELL_MAX_CHARS: usize = 32_767;
/// Rows a sheet holds, its header included.
pub const SHEET_MAX_ROWS: u32 = 1_048_576;
/// Ends a cut cell; the full text is in decisions.jsonl.
pub const CUT_MARK: &str = " [… cut: over 32,767 characters; full text in decisions.jsonl]";

/// `s`, cut to fit a cell (with [`CUT_MARK`]) when it is too long, never
/// inside a character.
pub fn fit(s: &str) -> Cow<'_, str> {
    if s.len() <= CELL_MAX_CHARS || excel_len(s) <= CELL_MAX_CHARS {
        return Cow::Borrowed(s);
    }
    let keep = CELL_MAX_CHARS - excel_len(CUT_MARK);
    let mut units = 0;
    let end = s
        .char_indices()
        .find(|&(_, c)| {
            units += c.len_utf16();
            units > keep
        })
        .map_or(s.len(), |(i, _)| i);
    let mut o = String::with_capacity(end + CUT_MARK.len());
    o.push_str(&s[..end]);
    o.push_str(CUT_MARK);
    Cow::Owned(o)
}

/// The text fields of a decision that `ombuds.xlsx` cuts, with their length
/// in characters as Excel counts them ([`excel_len`]: the number of
/// characters for text within the Basic Multilingual Plane): each becomes a
/// warning on the record (or on stderr for `ombuds summary`, which leaves
/// the dataset as it is).
pub fn overlong_cells(d: &Decision) -> Vec<(&'static str, usize)> {
    let long = |s: &str| {
        (s.len() > CELL_MAX_CHARS)
            .then(|| excel_len(s))
            .filter(|&n| n > CELL_MAX_CHARS)
    };
    let mut v = Vec::new();
    let mut check = |name: &'static str, s: Option<&str>| {
        if let Some(n) = s.and_then(long) {
            if !v.iter().any(|(f, _)| *f == name) {
                v.push((name, n));
            }
        }
    };
    check("reference", d.reference.as_deref());
    check("file", Some(&d.file));
    check("organisation", d.organisation.as_deref());
    check("category", d.category.as_deref());
    check("category_area", d.category_area.as_deref());
    check("outcome", d.outcome.as_deref());
    check("outcome_basis", d.outcome_basis.as_deref());
    check("complainant", d.complainant.as_deref());
    check("summary", d.summary.as_deref());
    check("duplicates", Some(&d.duplicates.join("; ")));
    let amounts: Vec<String> = d.payments.iter().map(|p| p.amount_gbp.decimal()).collect();
    check("payments", Some(&amounts.join("; ")));
    check("url", d.url.as_deref());
    for p in &d.payments {
        check("payments.recipient", p.recipient.as_deref());
        check("payments.purpose", p.purpose.as_deref());
        check(
            "payments.evidence",
            p.evidence.as_ref().map(|e| e.text.as_str()),
        );
    }
    for m in &d.remedies {
        check(
            "remedies.evidence",
            m.evidence.as_ref().map(|e| e.text.as_str()),
        );
    }
    v
}

/// The warning a record gets for a field cut in `ombuds.xlsx`.
pub fn cut_warning(field: &str, chars: usize) -> String {
    format!(
        "{field} is {chars} characters, more than a spreadsheet cell holds ({CELL_MAX_CHARS}): cut in ombuds.xlsx"
    )
}

pub const DECISION_HEADERS: &[&str] = &[
    "reference",
    "decision_date",
    "financial_year",
    "organisation",
    "organisation_type",
    "category_area",
    "category",
    "outcome",
    "outcome_basis",
    "complainant",
    "remedy_total_gbp",
    "payment_count",
    "remedies",
    "remedy_already_provided",
    "remedy_already_provided_gbp",
    "duplicates",
    "file",
    "payments",
    "remedied_closure",
    "summary",
    "url",
];

pub const REMEDY_HEADERS: &[&str] = &[
    "reference",
    "decision_date",
    "organisation",
    "kind",
    "group",
    "amount_gbp",
    "recipient",
    "purpose",
    "per",
    "evidence",
    "file",
];

pub struct Book {
    wb: Workbook,
    date: Format,
    gbp: Format,
    bold: Format,
    /// The reference cells' link style, made once: `write_url` would make
    /// it again for every link.
    link: Format,
    /// For Decisions and Remedies: the index of the sheet being filled and
    /// its next row.
    sheets: [(usize, u32); 2],
    /// How many sheets each has (continuations included).
    parts: [u32; 2],
    /// Sheets filled (index, rows with the header, columns), for their
    /// autofilters.
    filled: Vec<(usize, u32, u16)>,
    /// Rows per sheet, header included ([`SHEET_MAX_ROWS`]; smaller in tests).
    max_rows: u32,
}

/// The formats of a sheet's columns: its dates and sums carry their number
/// format in the column, not in each cell (a cell's own format is looked up
/// by hashing it, which was a sixth of the rows' cost).
struct Columns<'f> {
    bold: &'f Format,
    date: &'f Format,
    gbp: &'f Format,
}

fn decisions_layout(ws: &mut Worksheet, f: &Columns) -> Result<()> {
    for (c, width) in [
        (0, 12),
        (1, 12),
        (3, 36),
        (4, 18),
        (5, 26),
        (6, 44),
        (7, 28),
        (16, 40),
        (19, 80),
    ] {
        ws.set_column_width(c, width)?;
    }
    ws.set_column_format(1, f.date)?;
    ws.set_column_format(10, f.gbp)?;
    ws.set_column_format(14, f.gbp)?;
    header(ws, DECISION_HEADERS, f.bold)
}

fn remedies_layout(ws: &mut Worksheet, f: &Columns) -> Result<()> {
    for (c, width) in [(0, 12), (1, 12), (2, 36), (3, 20), (9, 80)] {
        ws.set_column_width(c, width)?;
    }
    ws.set_column_format(1, f.date)?;
    ws.set_column_format(5, f.gbp)?;
    header(ws, REMEDY_HEADERS, f.bold)
}

fn header(ws: &mut Worksheet, names: &[&str], bold: &Format) -> Result<()> {
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

impl Book {
    /// A workbook with its Decisions and Remedies headers written; the
    /// Councils sheet is filled by [`Book::finish`].
    pub fn new() -> Result<Book> {
        Book::with_max_rows(SHEET_MAX_ROWS)
    }

    /// [`Book::new`] with sheets of `max_rows` rows (header included).
    pub fn with_max_rows(max_rows: u32) -> Result<Book> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let gbp = Format::new().set_num_format("£#,##0.00");

        let columns = Columns {
            bold: &bold,
            date: &date,
            gbp: &gbp,
        };
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name("Decisions")?;
        decisions_layout(ws, &columns)?;

        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name("Remedies")?;
        remedies_layout(ws, &columns)?;

        // Added now so that it stays third, before any continuation sheet.
        let ws = wb.add_worksheet();
        ws.set_name("Councils")?;
        Ok(Book {
            wb,
            date,
            gbp,
            bold,
            link: Format::new().set_hyperlink(),
            sheets: [(DECISIONS, 1), (REMEDIES, 1)],
            parts: [1, 1],
            filled: Vec::new(),
            max_rows: max_rows.max(2),
        })
    }

    /// Fills the Councils sheet from `summary`, sets the autofilters and
    /// saves the workbook.
    pub fn finish(mut self, summary: &Summary, site: &Site, path: &Path) -> Result<()> {
        let pct = Format::new().set_num_format("0.0%");
        let num = Format::new().set_num_format("0.00");
        let gbp = self.gbp.clone();
        let bold = self.bold.clone();
        let cols = council_columns();
        let rows = council_rows(summary, site);
        let ws = self.wb.worksheet_from_index(COUNCILS)?;
        let names: Vec<&str> = cols.iter().map(String::as_str).collect();
        header(ws, &names, &bold)?;
        ws.set_column_width(0, 40)?;
        let mut links = 0u32;
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, c, fit(s))?;
                    }
                    Cell::Link { text, url } => {
                        let link = if url.contains("://") {
                            url.clone()
                        } else {
                            format!("file://{url}")
                        };
                        if links < MAX_LINKS && excel_len(url) <= 2_000 {
                            links += 1;
                            ws.write_url(r, c, Url::new(link).set_text(fit(text)))?;
                        } else {
                            ws.write_string(r, c, fit(text))?;
                        }
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Money(p) => {
                        ws.write_number_with_format(r, c, *p, &gbp)?;
                    }
                    Cell::Rate(x) => {
                        ws.write_number_with_format(r, c, *x, &pct)?;
                    }
                    Cell::Number(x) => {
                        ws.write_number_with_format(r, c, *x, &num)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        self.filled
            .push((COUNCILS, rows.len() as u32 + 1, cols.len() as u16));
        for which in [DECISIONS, REMEDIES] {
            let (index, next) = self.sheets[which];
            self.filled.push((index, next, columns(which)));
        }
        for &(index, rows, cols) in &self.filled {
            let ws = self.wb.worksheet_from_index(index)?;
            ws.autofilter(0, 0, rows.saturating_sub(1), cols.saturating_sub(1))?;
        }
        self.wb.set_zip_compression_level(ZIP_LEVEL);
        self.wb.save(path)?;
        Ok(())
    }

    /// The next row of Decisions (`which` = 0) or Remedies (1), starting a
    /// continuation sheet when the current one is full.
    fn next_row(&mut self, which: usize) -> Result<(usize, u32)> {
        if self.sheets[which].1 >= self.max_rows {
            let (index, rows) = self.sheets[which];
            self.filled.push((index, rows, columns(which)));
            self.parts[which] += 1;
            let base = ["Decisions", "Remedies"][which];
            let ws = self.wb.add_worksheet_with_constant_memory()?;
            ws.set_name(format!("{base} ({})", self.parts[which]))?;
            let columns = Columns {
                bold: &self.bold,
                date: &self.date,
                gbp: &self.gbp,
            };
            if which == 0 {
                decisions_layout(ws, &columns)?;
            } else {
                remedies_layout(ws, &columns)?;
            }
            let index = self.wb.worksheets().len() - 1;
            self.sheets[which] = (index, 1);
        }
        let (index, row) = self.sheets[which];
        self.sheets[which].1 += 1;
        Ok((index, row))
    }

    /// The reference cell: a link to the decision's page when there is one
    /// ([`hyperlink`]).
    fn write_reference(&mut self, index: usize, r: u32, d: &Decision) -> Result<()> {
        let label = fit(d.label());
        let ws = self.wb.worksheet_from_index(index)?;
        match d.link().and_then(|u| hyperlink(u, &label)) {
            Some(f) => ws.write_formula_with_format(r, 0, f, &self.link)?,
            None => ws.write_string(r, 0, label)?,
        };
        Ok(())
    }

    /// A date cell (its number format is the column's, [`Columns`]), or the
    /// text as it is when it is not a date Excel can show (before 1900, or
    /// not a date at all).
    fn write_date(ws: &mut Worksheet, r: u32, c: u16, iso: Option<&str>) -> Result<()> {
        if let Some(d) = iso {
            let excel_year = d
                .get(..4)
                .and_then(|y| y.parse::<u16>().ok())
                .is_some_and(|y| (1900..=9999).contains(&y));
            match ExcelDateTime::parse_from_str(d) {
                Ok(dt) if excel_year => ws.write_datetime(r, c, &dt)?,
                _ => ws.write_string(r, c, fit(d))?,
            };
        }
        Ok(())
    }

    /// Appends a decision to Decisions and its remedies to Remedies. Text is
    /// cut to fit a cell ([`fit`]).
    pub fn add_decision(&mut self, d: &Decision) -> Result<()> {
        let g = Gazetteer::embedded();
        let opt = |s: &Option<String>| fit(s.as_deref().unwrap_or_default()).into_owned();
        let (index, r) = self.next_row(DECISIONS)?;
        self.write_reference(index, r, d)?;
        let ws = self.wb.worksheet_from_index(index)?;
        Self::write_date(ws, r, 1, d.decision_date.as_deref())?;
        if let Some(fy) = d
            .decision_date
            .as_deref()
            .and_then(super::stats::financial_year)
        {
            ws.write_string(r, 2, fy)?;
        }
        ws.write_string(r, 3, opt(&d.organisation))?;
        if let Some(o) = d.organisation.as_deref() {
            ws.write_string(r, 4, g.resolve(o).org_type.as_str())?;
        }
        ws.write_string(r, 5, opt(&d.category_area))?;
        ws.write_string(r, 6, opt(&d.category))?;
        ws.write_string(r, 7, opt(&d.outcome))?;
        ws.write_string(r, 8, opt(&d.outcome_basis))?;
        ws.write_string(r, 9, opt(&d.complainant))?;
        if let Some(g) = d.remedy_total_gbp {
            ws.write_number(r, 10, g.pounds())?;
        }
        ws.write_number(r, 11, d.payments.len() as f64)?;
        let kinds: Vec<&str> = d.remedies.iter().map(|m| m.kind.as_str()).collect();
        ws.write_string(r, 12, fit(&kinds.join("; ")))?;
        ws.write_boolean(r, 13, d.remedy_already_provided)?;
        if let Some(g) = d.remedy_already_provided_gbp {
            ws.write_number(r, 14, g.pounds())?;
        }
        ws.write_string(r, 15, fit(&d.duplicates.join("; ")))?;
        ws.write_string(r, 16, fit(&d.file))?;
        let amounts: Vec<String> = d.payments.iter().map(|p| p.amount_gbp.decimal()).collect();
        ws.write_string(r, 17, fit(&amounts.join("; ")))?;
        ws.write_boolean(r, 18, d.remedied_closure)?;
        ws.write_string(r, 19, opt(&d.summary))?;
        // The dataset's url, as in decisions.csv; the reference cell is the
        // link, and only to a web address.
        if let Some(u) = &d.url {
            ws.write_string(r, 20, fit(u))?;
        }

        let ev = |e: &Option<super::EvidenceText>| {
            fit(e.as_ref().map_or("", |e| e.text.as_str())).into_owned()
        };
        for p in &d.payments {
            let (index, r) = self.next_row(REMEDIES)?;
            self.write_reference(index, r, d)?;
            let ws = self.wb.worksheet_from_index(index)?;
            Self::write_date(ws, r, 1, d.decision_date.as_deref())?;
            ws.write_string(r, 2, opt(&d.organisation))?;
            ws.write_string(
                r,
                3,
                opt(&p.kind.clone().or_else(|| Some("payment".into()))),
            )?;
            ws.write_string(r, 4, "personal")?;
            ws.write_number(r, 5, p.amount_gbp.pounds())?;
            ws.write_string(r, 6, opt(&p.recipient))?;
            ws.write_string(r, 7, opt(&p.purpose))?;
            ws.write_string(r, 8, opt(&p.per))?;
            ws.write_string(r, 9, ev(&p.evidence))?;
            ws.write_string(r, 10, fit(&d.file))?;
        }
        for m in d.remedies.iter().filter(|m| m.kind != "payment") {
            let (index, r) = self.next_row(REMEDIES)?;
            self.write_reference(index, r, d)?;
            let ws = self.wb.worksheet_from_index(index)?;
            Self::write_date(ws, r, 1, d.decision_date.as_deref())?;
            ws.write_string(r, 2, opt(&d.organisation))?;
            ws.write_string(r, 3, fit(&m.kind))?;
            ws.write_string(r, 4, fit(&m.group))?;
            ws.write_string(r, 9, ev(&m.evidence))?;
            ws.write_string(r, 10, fit(&d.file))?;
        }
        Ok(())
    }
}

/// Columns of Decisions (`which` = 0) or Remedies (1).
fn columns(which: usize) -> u16 {
    if which == DECISIONS {
        DECISION_HEADERS.len() as u16
    } else {
        REMEDY_HEADERS.len() as u16
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};

    fn decision(i: usize, remedies: usize, text: &str) -> Decision {
        Decision {
            file: format!("d{i}.txt"),
            reference: Some(format!("24 000 {i:03}")),
            organisation: Some(text.to_string()),
            remedies: (0..remedies)
                .map(|_| super::super::DecisionRemedy {
                    kind: "apology".into(),
                    group: "personal".into(),
                    evidence: None,
                })
                .collect(),
            decision_date: Some("1850-01-01".into()),
            ..Default::default()
        }
    }

    #[test]
    fn long_text_is_cut_with_a_mark_and_named() {
        let long = "x".repeat(2_000_000);
        let d = decision(1, 0, &long);
        assert_eq!(overlong_cells(&d), [("organisation", 2_000_000)]);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), CELL_MAX_CHARS);
        assert!(cut.ends_with(CUT_MARK));
        assert_eq!(fit("short"), "short");
        // Multi-byte text under the limit in characters is not cut.
        let pounds = "£".repeat(20_000);
        assert_eq!(fit(&pounds), pounds);
    }

    /// Excel counts a cell's characters in UTF-16 code units, and so does
    /// rust_xlsxwriter since 0.102 (it refuses a longer string): a character
    /// outside the Basic Multilingual Plane, an emoji say, counts two. Text
    /// of 20,000 of them (40,000 units) is cut to fit, and named.
    #[test]
    fn text_beyond_the_bmp_is_measured_as_excel_measures_it() {
        let wide = "\u{1F600}".repeat(20_000);
        let mut d = decision(0, 0, &wide);
        d.summary = Some(format!("{}{}", "a".repeat(32_766), "\u{1F600}"));
        assert_eq!(
            overlong_cells(&d),
            [("organisation", 40_000), ("summary", 32_768)]
        );
        let cut = fit(&wide);
        assert!(cut.ends_with(CUT_MARK));
        let units = cut.encode_utf16().count();
        assert!(
            (CELL_MAX_CHARS - 1..=CELL_MAX_CHARS).contains(&units),
            "{units}"
        );
        assert_eq!(fit(&"\u{1F600}".repeat(16_383)).len(), 16_383 * 4);
        let values = decisions_sheet_of(&d);
        let org = values.get_value((1, 3)).unwrap().to_string();
        assert!(org.starts_with("\u{1F600}\u{1F600}") && org.ends_with(CUT_MARK));
    }

    /// The Decisions sheet of a workbook holding only `d`, read back.
    fn decisions_sheet_of(d: &Decision) -> calamine::Range<calamine::Data> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.xlsx");
        let mut book = Book::new().unwrap();
        book.add_decision(d).unwrap();
        book.finish(&Summary::default(), &Site::default(), &path)
            .unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        wb.worksheet_range("Decisions").unwrap()
    }

    /// A canonical link can be as long as a page makes it: the url cell is
    /// cut like any other text (a warning on the record), and the reference
    /// stays plain text rather than a link Excel could not hold.
    #[test]
    fn a_long_url_is_cut_not_fatal() {
        let mut d = decision(0, 0, "Kent County Council");
        d.url = Some(format!("https://www.lgo.org.uk/{}", "u".repeat(40_000)));
        assert_eq!(overlong_cells(&d), [("url", 40_023)]);
        let values = decisions_sheet_of(&d);
        let col = DECISION_HEADERS.iter().position(|h| *h == "url").unwrap();
        let url = values.get_value((1, col as u32)).unwrap().to_string();
        assert!(url.starts_with("https://www.lgo.org.uk/uuu"), "{url}");
        assert!(url.ends_with(CUT_MARK));
        assert_eq!(url.chars().count(), CELL_MAX_CHARS);
        assert_eq!(
            values.get_value((1, 0)),
            Some(&Data::String("24 000 000".into()))
        );
    }

    /// A reference links through a `HYPERLINK()` formula whose strings are
    /// page text: each quote is doubled, so a label cannot close the string
    /// and add to the formula; the label is the cell's value for readers that
    /// do not compute. An address longer than a formula string holds leaves
    /// the reference as plain text.
    #[test]
    fn references_link_through_a_formula_with_quotes_doubled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.xlsx");
        let mut book = Book::new().unwrap();
        let mut quoted = decision(0, 1, "Kent County Council");
        quoted.reference = None;
        quoted.file = r#"a "b"),1,2)+("c.txt"#.into();
        quoted.url = Some("https://www.lgo.org.uk/d?q=1".into());
        book.add_decision(&quoted).unwrap();
        let mut long = decision(1, 0, "Kent County Council");
        long.url = Some(format!("https://www.lgo.org.uk/{}", "u".repeat(240)));
        book.add_decision(&long).unwrap();
        book.finish(&Summary::default(), &Site::default(), &path)
            .unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        let formulas = wb.worksheet_formula("Decisions").unwrap();
        assert_eq!(
            formulas.get_value((1, 0)).map(String::as_str),
            Some(r#"HYPERLINK("https://www.lgo.org.uk/d?q=1","a ""b""),1,2)+(""c.txt")"#)
        );
        let values = wb.worksheet_range("Decisions").unwrap();
        assert_eq!(
            values.get_value((1, 0)),
            Some(&Data::String(quoted.file.clone()))
        );
        assert_eq!(
            values.get_value((2, 0)),
            Some(&Data::String("24 000 001".into()))
        );
        assert!(formulas.get_value((2, 0)).is_none_or(|f| f.is_empty()));
        // Remedies' reference cells link too.
        let remedies = wb.worksheet_formula("Remedies").unwrap();
        assert!(remedies
            .get_value((1, 0))
            .unwrap()
            .starts_with("HYPERLINK(\"https://"));
        assert_eq!(hyperlink(&"u".repeat(256), "x").map(drop), None);
        assert_eq!(hyperlink("https://x.org/a", "a\nb.txt").map(drop), None);
        assert!(hyperlink(&"u".repeat(255), "x").is_some());
    }

    /// Rows past a sheet's limit go on in continuation sheets with their
    /// header (here sheets of 4 rows: a header and 3 rows).
    #[test]
    fn rows_spill_into_continuation_sheets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.xlsx");
        let mut book = Book::with_max_rows(4).unwrap();
        let long = "y".repeat(40_000);
        for i in 0..7 {
            book.add_decision(&decision(
                i,
                2,
                if i == 3 { &long } else { "Kent County Council" },
            ))
            .unwrap();
        }
        book.finish(&Summary::default(), &Site::default(), &path)
            .unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(
            wb.sheet_names(),
            [
                "Decisions",
                "Remedies",
                "Councils",
                "Remedies (2)",
                "Decisions (2)",
                "Remedies (3)",
                "Remedies (4)",
                "Decisions (3)",
                "Remedies (5)"
            ]
        );
        let mut decisions = 0;
        let mut remedies = 0;
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name).unwrap();
            if name.starts_with("Decisions") {
                assert_eq!(range.get((0, 0)), Some(&Data::String("reference".into())));
                decisions += range.height() - 1;
            }
            if name.starts_with("Remedies") {
                assert_eq!(range.get((0, 3)), Some(&Data::String("kind".into())));
                remedies += range.height() - 1;
            }
        }
        assert_eq!((decisions, remedies), (7, 14));
        let d2 = wb.worksheet_range("Decisions (2)").unwrap();
        let cell = d2.get((1, 3)).unwrap().to_string();
        assert_eq!(cell.chars().count(), CELL_MAX_CHARS);
        assert!(cell.ends_with(CUT_MARK));
        // A date Excel cannot show stays text.
        assert_eq!(d2.get((1, 1)), Some(&Data::String("1850-01-01".into())));
    }
}
