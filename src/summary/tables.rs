//! The per-organisation table, with typed cells, shared by `councils.csv`
//! and the Councils sheet of `ombuds.xlsx`.

use std::io::Write;

use anyhow::Result;

use super::html::Site;
use super::stats::{Summary, NO_ORGANISATION};

/// Non-financial remedy kinds with a column of their own.
pub const REMEDY_KINDS: &[&str] = &[
    "apology",
    "reassessment",
    "reconsider_complaint",
    "service_improvement",
    "provide_service",
    "correct_records",
    "other",
];

/// A typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(u64),
    /// Pounds.
    Money(f64),
    /// A fraction, 0 to 1.
    Rate(f64),
    /// Any other number (a mean), 2 decimals in CSV.
    Number(f64),
    /// Text with a link: a web address, or a path relative to the file
    /// (`councils/kent-county-council.html`). CSV writes the text; the
    /// spreadsheet makes it a hyperlink.
    Link {
        text: String,
        url: String,
    },
    Empty,
}

impl Cell {
    fn opt_money(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Money)
    }
    fn opt_rate(v: Option<f64>) -> Cell {
        v.map_or(Cell::Empty, Cell::Rate)
    }
    fn opt_text(v: Option<String>) -> Cell {
        v.map_or(Cell::Empty, Cell::Text)
    }

    /// As written in CSV: money with two decimals, rates to 4 decimals,
    /// text neutralised when it starts like a formula
    /// ([`crate::escape::csv_text`]).
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Link { text: s, .. } => crate::escape::csv_text(s).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Money(p) => crate::record::Gbp::from_pounds(*p).decimal(),
            Cell::Rate(r) => format!("{r:.4}"),
            Cell::Number(n) => format!("{n:.2}"),
            Cell::Empty => String::new(),
        }
    }
}

/// Column names of `councils.csv` (and the Councils sheet).
pub fn council_columns() -> Vec<String> {
    let mut c: Vec<String> = [
        "organisation",
        "type",
        "abolished",
        "successor",
        "decisions",
        "upheld",
        "not_upheld",
        "closed_after_initial_enquiries",
        "other_or_unknown_outcome",
        "uphold_rate",
        "type_average_uphold_rate",
        "type_average_decisions",
        "type_organisations",
        "with_payment",
        "remedy_total_gbp",
        "remedy_median_gbp",
        "remedy_largest_gbp",
        "remedy_largest_reference",
        "type_average_remedy_total_gbp",
        "with_service_improvement",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    c.extend(REMEDY_KINDS.iter().map(|k| format!("remedy_{k}")));
    c.extend(
        [
            "remedy_already_provided",
            "remedy_already_provided_gbp",
            "top_category",
            "top_category_decisions",
            "spellings",
            "matched_by",
            "investigated",
            "type_uphold_rate",
            "type_investigated",
            "remedied_closures",
            "page",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    c
}

/// One row per organisation, sorted by name.
pub fn council_rows(s: &Summary, site: &Site) -> Vec<Vec<Cell>> {
    let avg = s.type_averages();
    s.organisations_by_name()
        .into_iter()
        .map(|(key, o, name)| {
            let st = &o.stats;
            let a = (!key.is_empty()).then(|| avg.get(&o.org_type)).flatten();
            let top = st
                .top_categories(1)
                .first()
                .map(|(c, n)| (c.to_string(), *n));
            let mut row = vec![
                Cell::Link {
                    text: if key.is_empty() {
                        NO_ORGANISATION.into()
                    } else {
                        name
                    },
                    url: site.page(key),
                },
                Cell::Text(o.org_type.as_str().into()),
                o.abolished.map_or(Cell::Empty, |y| Cell::Int(y.into())),
                Cell::opt_text(o.successor.clone()),
                Cell::Int(st.decisions),
                Cell::Int(st.upheld),
                Cell::Int(st.not_upheld),
                Cell::Int(st.closed),
                Cell::Int(st.decisions - st.upheld - st.not_upheld - st.closed),
                Cell::opt_rate(st.uphold_rate()),
                Cell::opt_rate(a.and_then(|a| a.uphold_rate_mean)),
                a.map_or(Cell::Empty, |a| Cell::Number(a.decisions_mean)),
                a.map_or(Cell::Empty, |a| Cell::Int(a.organisations)),
                Cell::Int(st.with_payment),
                Cell::Money(st.remedy_total.pounds()),
                Cell::opt_money(st.median()),
                Cell::opt_money(st.largest.as_ref().map(|l| l.0.pounds())),
                match st.largest.as_ref().map(|l| &l.1) {
                    Some(r) => match &r.url {
                        Some(u) => Cell::Link {
                            text: r.label.clone(),
                            url: u.clone(),
                        },
                        None => Cell::Text(r.label.clone()),
                    },
                    None => Cell::Empty,
                },
                a.map_or(Cell::Empty, |a| Cell::Money(a.remedy_total_gbp_mean)),
                Cell::Int(st.with_service_improvement),
            ];
            for k in REMEDY_KINDS {
                row.push(Cell::Int(st.remedies_by_kind.get(*k).copied().unwrap_or(0)));
            }
            row.push(Cell::Int(st.remedy_already_provided));
            row.push(Cell::Money(st.remedy_already_provided_total.pounds()));
            match top {
                Some((c, n)) => {
                    row.push(Cell::Text(c));
                    row.push(Cell::Int(n));
                }
                None => {
                    row.push(Cell::Empty);
                    row.push(Cell::Empty);
                }
            }
            row.push(Cell::Text(
                o.spellings.keys().cloned().collect::<Vec<_>>().join(" | "),
            ));
            row.push(Cell::Text(o.matched_by.into()));
            let r = st.rate();
            row.push(Cell::Int(r.investigated));
            row.push(Cell::opt_rate(a.and_then(|a| a.uphold_rate)));
            row.push(a.map_or(Cell::Empty, |a| Cell::Int(a.investigated)));
            row.push(Cell::Int(st.remedied_closures));
            row.push(Cell::Text(site.page(key)));
            row
        })
        .collect()
}

/// Writes `councils.csv` (with a UTF-8 BOM when `bom`, for Excel).
pub fn write_councils_csv(w: &mut impl Write, s: &Summary, site: &Site, bom: bool) -> Result<()> {
    if bom {
        w.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut csv = crate::csvout::CsvWriter::new(w);
    csv.write_header(&council_columns())?;
    for row in council_rows(s, site) {
        csv.write_row(row.iter().map(Cell::to_csv))?;
    }
    Ok(())
}
