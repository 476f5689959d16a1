//! The report: a small static site. `report.html` is the national
//! overview ([`overview`]) and links to one page per organisation,
//! `councils/<name>.html` ([`organisation`]). Every page is self-contained
//! (inline style, script and SVG charts; no network), so one page can be
//! sent on its own, and none grows with the size of the whole corpus: the
//! overview holds no decision rows, and an organisation page lists at most
//! its newest [`organisation::MAX_ROWS`] decisions (the full list is in the
//! CSV and the spreadsheet, linked from every page).
//!
//! Each page checks itself on load for `scripts/check_report.sh`: it sets
//! `data-check="ok"` on `<body>` only when every chart has a mark of
//! positive size, `data-fit="ok"` when every chart fits the window's width,
//! and `data-load-ms` when loaded.

pub mod assets;
pub mod charts;
pub mod organisation;
pub mod overview;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::format::{count, money, rate};
use super::stats::{Rate, Summary};

/// The folder of the organisation pages, beside `report.html`.
pub const COUNCILS_DIR: &str = "councils";

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A fragment id or file name: lower-case letters, digits and hyphens.
pub fn slug(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            o.push(c.to_ascii_lowercase());
        } else if !o.ends_with('-') && !o.is_empty() {
            o.push('-');
        }
    }
    while o.ends_with('-') {
        o.pop();
    }
    if o.is_empty() {
        "none".into()
    } else {
        o
    }
}

/// `s` cut to `max` characters, ending with `…` when cut.
pub fn cut(s: &str, max: usize) -> Cow<'_, str> {
    if s.len() <= max || s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let mut o: String = s.chars().take(max.saturating_sub(1)).collect();
    o.push('…');
    Cow::Owned(o)
}

/// Longest organisation file name (before `.html`, a suffix `-2`... aside).
const MAX_FILE_STEM: usize = 80;

/// The pages of the site: one file per organisation row, named after its
/// key, unique even when two keys make the same slug.
#[derive(Debug, Clone, Default)]
pub struct Site {
    files: BTreeMap<String, String>,
}

impl Site {
    pub fn new(s: &Summary) -> Site {
        let mut taken = BTreeSet::new();
        let mut files = BTreeMap::new();
        // Keys in order, so the names are the same from run to run.
        for key in s.organisations.keys() {
            let base = if key.is_empty() {
                "not-stated".to_string()
            } else {
                let mut b = slug(key);
                b.truncate(MAX_FILE_STEM);
                b.trim_end_matches('-').to_string()
            };
            let mut stem = base.clone();
            let mut n = 1;
            while !taken.insert(stem.clone()) {
                n += 1;
                stem = format!("{base}-{n}");
            }
            files.insert(key.clone(), format!("{stem}.html"));
        }
        Site { files }
    }

    /// The page's file name in [`COUNCILS_DIR`].
    pub fn file(&self, key: &str) -> &str {
        self.files
            .get(key)
            .map_or("not-stated.html", String::as_str)
    }

    /// The page, relative to `report.html`: `councils/essex-county-council.html`.
    pub fn page(&self, key: &str) -> String {
        format!("{COUNCILS_DIR}/{}", self.file(key))
    }
}

/// A link to a file of the dataset, as the pages show it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataLink {
    pub label: String,
    /// Relative to the folder of `report.html`.
    pub href: String,
    pub what: String,
    /// It lists every decision counted (the CSV, the spreadsheet).
    pub lists_decisions: bool,
}

/// A rate with its base; greyed, with a note, when it rests on fewer than
/// [`super::stats::MIN_BASE`] decisions.
pub fn rate_html(r: Rate) -> String {
    let text = rate(r);
    let (pct, base) = text.split_once(' ').unwrap_or((&text, ""));
    if r.value().is_none() {
        format!("<span class=\"rate few\">{pct} <small>{base}</small></span>")
    } else if r.is_small() {
        format!(
            "<span class=\"rate few\" title=\"Only {} investigated: too few to compare\">{pct} <small>{base}</small></span>",
            count(r.investigated)
        )
    } else {
        format!("<span class=rate>{pct} <small>{base}</small></span>")
    }
}

/// A table cell holding a rate; a small-base rate sorts after every other
/// whichever way the column is sorted (empty `data-v`), so it never ranks.
pub fn rate_cell(r: Rate) -> String {
    match r.value() {
        Some(v) if !r.is_small() => format!("<td class=n data-v={v:.6}>{}</td>", rate_html(r)),
        _ => format!("<td class=n data-v=\"\">{}</td>", rate_html(r)),
    }
}

pub fn count_cell(n: u64) -> String {
    format!("<td class=n data-v={n}>{}</td>", count(n))
}

pub fn money_cell(pounds: f64) -> String {
    format!("<td class=n data-v={pounds:.2}>{}</td>", money(pounds))
}

pub fn opt_money_cell(pounds: Option<f64>) -> String {
    pounds.map_or_else(|| "<td class=n data-v=\"\">n/a</td>".into(), money_cell)
}

/// A decision's reference, linked to its page when there is one; it never
/// wraps.
pub fn reference_html(label: &str, link: Option<&str>) -> String {
    match link {
        Some(u) => format!("<a class=ref href=\"{}\">{}</a>", esc(u), esc(label)),
        None => format!("<span class=ref>{}</span>", esc(label)),
    }
}

/// The start of a page, up to `<main>`.
pub fn page_head(o: &mut String, title: &str, body_attrs: &str, header: &str) {
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{}</style></head>\n<body data-check=pending{body_attrs}>\n<header>{header}</header>\n<main>\n",
        esc(title),
        assets::STYLE
    );
}

/// The end of a page, with the inline script.
pub fn page_tail(o: &mut String) {
    let _ = write!(
        o,
        "</main>\n<script>{}</script>\n</body></html>\n",
        assets::SCRIPT
    );
}

/// The links to the dataset's files, as a list; `prefix` leads from the
/// page to the folder of `report.html` (`../` from an organisation page).
pub fn data_links(o: &mut String, links: &[DataLink], prefix: &str) {
    o.push_str("<ul>");
    for l in links {
        let _ = write!(
            o,
            "<li><a href=\"{}\">{}</a>: {}</li>",
            esc(&format!("{prefix}{}", l.href)),
            esc(&l.label),
            esc(&l.what)
        );
    }
    o.push_str("</ul>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{gazetteer::Gazetteer, Decision};

    #[test]
    fn slugs_and_escapes() {
        assert_eq!(slug("24 012 297"), "24-012-297");
        assert_eq!(slug("17 002 402b"), "17-002-402b");
        assert_eq!(slug("Children's care services"), "children-s-care-services");
        assert_eq!(slug("(not stated)"), "not-stated");
        assert_eq!(
            esc("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
        assert_eq!(cut("££££££", 3), "££…");
    }

    #[test]
    fn every_organisation_has_its_own_file() {
        let g = Gazetteer::embedded();
        let mut s = Summary::default();
        for org in [
            Some("St. Helens Gotham Council"),
            Some("St Helens Gotham Council"),
            Some("Not Stated"),
            None,
            Some(&"x".repeat(300)),
        ] {
            s.observe(
                &Decision {
                    file: "a".into(),
                    organisation: org.map(str::to_string),
                    ..Default::default()
                },
                g,
            );
        }
        let site = Site::new(&s);
        let files: BTreeSet<&str> = s.organisations.keys().map(|k| site.file(k)).collect();
        assert_eq!(files.len(), s.organisations.len(), "{files:?}");
        assert_eq!(site.page(""), "councils/not-stated.html");
        assert!(files.contains("not-stated-2.html"));
        assert!(files.iter().all(|f| f.len() <= MAX_FILE_STEM + 7));
    }

    #[test]
    fn small_rates_are_greyed_and_never_rank() {
        let few = Rate {
            upheld: 1,
            investigated: 1,
        };
        assert_eq!(
            rate_cell(few),
            "<td class=n data-v=\"\"><span class=\"rate few\" title=\"Only 1 investigated: too few to compare\">100.0% <small>(1 of 1)</small></span></td>"
        );
        let many = Rate {
            upheld: 30,
            investigated: 40,
        };
        assert_eq!(
            rate_cell(many),
            "<td class=n data-v=0.750000><span class=rate>75.0% <small>(30 of 40)</small></span></td>"
        );
    }
}
