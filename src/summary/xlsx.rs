//! `ombuds.xlsx`: sheets Decisions, Remedies (one row per payment and per
//! non-financial remedy) and Councils, with typed cells (dates as dates,
//! money as currency, rates as percentages) and frozen header rows.
//!
//! Decisions and Remedies are constant-memory worksheets (rust_xlsxwriter
//! writes each row to a temporary file as it comes), fed while the dataset is
//! streamed a second time; only Councils, one row per organisation, is held.

use std::path::Path;

use anyhow::Result;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

use super::gazetteer::Gazetteer;
use super::stats::Summary;
use super::tables::{council_columns, council_rows, Cell};
use super::Decision;

const DECISIONS: usize = 0;
const REMEDIES: usize = 1;

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
    "payments",
    "remedies",
    "remedy_already_provided",
    "remedy_already_provided_gbp",
    "duplicates",
    "file",
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
    "evidence",
    "file",
];

pub struct Book {
    wb: Workbook,
    date: Format,
    gbp: Format,
    link: Format,
    rows: [u32; 2],
}

/// Excel's limit on a string inside a formula.
const FORMULA_STRING_MAX: usize = 255;

/// `text` in a cell, as a link to `url` when there is one. The link is a
/// `HYPERLINK()` formula (with `text` as its cached value) rather than an
/// Excel hyperlink object: those are kept in memory until the sheet is
/// saved and Excel stops at 65,530 of them a sheet; a formula streams with
/// its row. An address Excel could not hold stays plain text. Formulas cost
/// several times a string to write, so only the decision's reference is
/// one; the `url` column and the Remedies sheet hold plain text.
fn write_link(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    url: Option<&str>,
    text: &str,
    link: &Format,
) -> Result<()> {
    let quoted = |s: &str| s.replace('"', "\"\"");
    match url {
        Some(u)
            if u.len() <= FORMULA_STRING_MAX
                && text.len() <= FORMULA_STRING_MAX
                && !u.chars().chain(text.chars()).any(char::is_control) =>
        {
            let f = Formula::new(format!(
                "=HYPERLINK(\"{}\",\"{}\")",
                quoted(u),
                quoted(text)
            ))
            .set_result(text);
            ws.write_formula_with_format(r, c, f, link)?;
        }
        _ => {
            ws.write_string(r, c, text)?;
        }
    }
    Ok(())
}

fn header(ws: &mut Worksheet, names: &[&str], bold: &Format) -> Result<()> {
    for (c, n) in names.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *n, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

impl Book {
    /// A workbook with its Decisions and Remedies headers written and its
    /// Councils sheet filled from `summary`.
    pub fn new(summary: &Summary) -> Result<Book> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let gbp = Format::new().set_num_format("£#,##0.00");
        let pct = Format::new().set_num_format("0.0%");
        let num = Format::new().set_num_format("0.00");
        let link = Format::new().set_hyperlink();

        let ws = wb.add_worksheet_with_constant_memory();
        ws.set_name("Decisions")?;
        for (c, width) in [
            (0, 12),
            (1, 12),
            (3, 36),
            (4, 18),
            (5, 26),
            (6, 44),
            (7, 28),
            (16, 40),
            (17, 60),
        ] {
            ws.set_column_width(c, width)?;
        }
        header(ws, DECISION_HEADERS, &bold)?;

        let ws = wb.add_worksheet_with_constant_memory();
        ws.set_name("Remedies")?;
        for (c, width) in [(0, 12), (1, 12), (2, 36), (3, 20), (8, 80)] {
            ws.set_column_width(c, width)?;
        }
        header(ws, REMEDY_HEADERS, &bold)?;

        let ws = wb.add_worksheet();
        ws.set_name("Councils")?;
        let cols = council_columns();
        let names: Vec<&str> = cols.iter().map(String::as_str).collect();
        header(ws, &names, &bold)?;
        ws.set_column_width(0, 40)?;
        for (r, row) in council_rows(summary).iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => {
                        ws.write_string(r, c, s)?;
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
        Ok(Book {
            wb,
            date,
            gbp,
            link,
            rows: [1, 1],
        })
    }

    fn write_date(ws: &mut Worksheet, r: u32, c: u16, iso: Option<&str>, f: &Format) -> Result<()> {
        if let Some(d) = iso {
            match ExcelDateTime::parse_from_str(d) {
                Ok(dt) => ws.write_datetime_with_format(r, c, &dt, f)?,
                Err(_) => ws.write_string(r, c, d)?,
            };
        }
        Ok(())
    }

    /// Appends a decision to Decisions and its remedies to Remedies.
    pub fn add_decision(&mut self, d: &Decision) -> Result<()> {
        let g = Gazetteer::embedded();
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let (date_f, gbp_f, link_f) = (self.date.clone(), self.gbp.clone(), self.link.clone());
        let url = d.url.as_deref();
        let r = self.rows[DECISIONS];
        let ws = self.wb.worksheet_from_index(DECISIONS)?;
        write_link(ws, r, 0, url, d.label(), &link_f)?;
        Self::write_date(ws, r, 1, d.decision_date.as_deref(), &date_f)?;
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
        ws.write_number_with_format(r, 10, d.remedy_total_gbp.pounds(), &gbp_f)?;
        ws.write_number(r, 11, d.payments.len() as f64)?;
        let kinds: Vec<&str> = d.remedies.iter().map(|m| m.kind.as_str()).collect();
        ws.write_string(r, 12, kinds.join("; "))?;
        ws.write_boolean(r, 13, d.remedy_already_provided)?;
        if let Some(g) = d.remedy_already_provided_gbp {
            ws.write_number_with_format(r, 14, g.pounds(), &gbp_f)?;
        }
        ws.write_string(r, 15, d.duplicates.join("; "))?;
        ws.write_string(r, 16, &d.file)?;
        if let Some(u) = url {
            ws.write_string(r, 17, u)?;
        }
        self.rows[DECISIONS] += 1;

        let mut r = self.rows[REMEDIES];
        let ws = self.wb.worksheet_from_index(REMEDIES)?;
        let ev = |e: &Option<super::EvidenceText>| {
            e.as_ref().map(|e| e.text.clone()).unwrap_or_default()
        };
        for p in &d.payments {
            ws.write_string(r, 0, d.label())?;
            Self::write_date(ws, r, 1, d.decision_date.as_deref(), &date_f)?;
            ws.write_string(r, 2, opt(&d.organisation))?;
            ws.write_string(r, 3, p.kind.clone().unwrap_or_else(|| "payment".into()))?;
            ws.write_string(r, 4, "personal")?;
            ws.write_number_with_format(r, 5, p.amount_gbp.pounds(), &gbp_f)?;
            ws.write_string(r, 6, opt(&p.recipient))?;
            ws.write_string(r, 7, opt(&p.purpose))?;
            ws.write_string(r, 8, ev(&p.evidence))?;
            ws.write_string(r, 9, &d.file)?;
            r += 1;
        }
        for m in d.remedies.iter().filter(|m| m.kind != "payment") {
            ws.write_string(r, 0, d.label())?;
            Self::write_date(ws, r, 1, d.decision_date.as_deref(), &date_f)?;
            ws.write_string(r, 2, opt(&d.organisation))?;
            ws.write_string(r, 3, &m.kind)?;
            ws.write_string(r, 4, &m.group)?;
            ws.write_string(r, 8, ev(&m.evidence))?;
            ws.write_string(r, 9, &d.file)?;
            r += 1;
        }
        self.rows[REMEDIES] = r;
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> Result<()> {
        self.wb.save(path)?;
        Ok(())
    }
}
