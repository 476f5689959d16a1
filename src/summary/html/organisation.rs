//! An organisation's page, `councils/<name>.html`: its figures against the
//! average of its type (each rate with the decisions it rests on), charts,
//! categories and years, money (the largest remedies linked to their
//! decisions), non-financial remedies, remedies already provided, and its
//! decisions newest first, each reference linked to the decision's page.
//!
//! Its size is bounded whatever the corpus: at most [`MAX_ROWS`] decision
//! rows and [`ROW_BUDGET`] bytes of them, the [`MAX_CATEGORIES`] largest
//! categories, and years as the whole report has them. Every decision is
//! in `decisions.csv` and `ombuds.xlsx`, linked from the page.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use super::charts;
use super::overview::{figures_list, tally_row, GROUP_HEAD};
use super::{
    cut, data_links, esc, page_head, page_tail, rate_html, reference_html, slug, DataLink,
};
use crate::summary::filter::Filter;
use crate::summary::format::{count, money};
use crate::summary::stats::{
    classify, continuous_years, year_of, OrgStats, Tally, TypeAverage, NOT_STATED, UNDATED,
};
use crate::summary::Decision;

/// Decision rows on a page at most: its newest decisions.
pub const MAX_ROWS: usize = 500;
/// Bytes of decision rows on a page at most (long summaries): with the
/// rest of the page, under 1 MB.
pub const ROW_BUDGET: usize = 700_000;
/// Categories tabulated at most (the largest).
pub const MAX_CATEGORIES: usize = 40;
/// Spellings named at most.
const MAX_SPELLINGS: usize = 20;
/// Characters of a summary shown in a row (the whole text is in the CSV).
const SUMMARY_CHARS: usize = 400;
/// The largest remedies listed.
pub const LARGEST: usize = 5;

/// What an organisation's page shows.
pub struct OrgPage<'a> {
    /// Row key (`""`: decisions that name no organisation).
    pub key: &'a str,
    pub name: &'a str,
    pub org: &'a OrgStats,
    pub type_average: Option<&'a TypeAverage>,
    /// Its newest decisions, newest first (at most [`MAX_ROWS`]).
    pub newest: &'a [Decision],
    /// Its decisions with the largest remedies, largest first.
    pub largest: &'a [Decision],
    pub filter: &'a Filter,
    /// The dataset's files, relative to `report.html`.
    pub data: &'a [DataLink],
}

fn tile(o: &mut String, value: &str, what: &str) {
    let _ = write!(o, "<div class=tile><b>{value}</b>{what}</div>");
}

fn year_key(d: &Decision) -> String {
    d.decision_date
        .as_deref()
        .and_then(|x| x.get(..4))
        .unwrap_or(UNDATED)
        .to_string()
}

/// The labels the filter note uses for the values of the row attributes.
fn filter_labels(p: &OrgPage) -> String {
    let mut area: BTreeMap<String, String> =
        p.org.by_area.keys().map(|a| (slug(a), a.clone())).collect();
    area.insert("_".into(), "category area".into());
    let v = serde_json::json!({
        "outcome": {"_": "outcome", "upheld": "upheld", "not-upheld": "not upheld",
            "closed": "closed after initial enquiries", "other": "another outcome",
            "unknown": "no outcome stated"},
        "year": {"_": "decided in", "undated": "no date"},
        "money": {"_": "", "yes": "with a money remedy", "no": "without a money remedy"},
        "area": area,
    });
    // Inside <script>: no "</" can end it early.
    v.to_string().replace('<', "\\u003c")
}

fn decision_row(o: &mut String, d: &Decision, ids: &mut HashSet<String>) {
    let mut id = format!("d-{}", slug(d.label()));
    let mut n = 1;
    while !ids.insert(id.clone()) {
        n += 1;
        id = format!("d-{}-{n}", slug(d.label()));
    }
    let area = d.category_area.as_deref().unwrap_or(NOT_STATED);
    let money_cell = match d.remedy_total_gbp {
        Some(g) if g.0 > 0 => money(g.pounds()),
        Some(_) => String::new(),
        None if d.has_payment() => "<small class=muted>total not stated</small>".to_string(),
        None => String::new(),
    };
    let already = match d.remedy_already_provided_gbp {
        Some(g) if g.0 > 0 => format!(
            " <small class=muted>{} already provided</small>",
            money(g.pounds())
        ),
        _ => String::new(),
    };
    let _ = write!(
        o,
        "<tr id=\"{id}\" data-outcome={} data-year=\"{}\" data-area=\"{}\" data-money={}><td>{}</td><td class=date>{}</td><td>{}</td><td>{}</td><td class=sum>{}</td><td class=n data-v={:.2}>{money_cell}{already}</td></tr>",
        classify(d.outcome.as_deref()).slug(),
        esc(&year_key(d)),
        slug(area),
        if d.has_payment() { "yes" } else { "no" },
        reference_html(d.label(), d.link()),
        esc(d.decision_date.as_deref().unwrap_or("")),
        esc(&cut(d.outcome.as_deref().unwrap_or("unknown"), 80)),
        esc(&cut(d.category.as_deref().unwrap_or(""), 120)),
        esc(&cut(d.summary.as_deref().unwrap_or(""), SUMMARY_CHARS)),
        d.settled_total().pounds(),
    );
    o.push('\n');
}

/// Writes the page.
pub fn write(w: &mut impl Write, p: &OrgPage) -> Result<()> {
    let st = &p.org.stats;
    let mut o = String::with_capacity(1 << 16);
    let mut kind = esc(p.org.org_type.label());
    if let (Some(y), Some(succ)) = (p.org.abolished, &p.org.successor) {
        let _ = write!(kind, " (abolished {y}; now {})", esc(succ));
    }
    let spellings = if p.org.spellings.len() > 1 {
        let mut names: Vec<String> = p
            .org
            .spellings
            .keys()
            .take(MAX_SPELLINGS)
            .map(|k| esc(k))
            .collect();
        if p.org.spellings.len() > MAX_SPELLINGS {
            names.push(format!(
                "and {} more",
                count((p.org.spellings.len() - MAX_SPELLINGS) as u64)
            ));
        }
        format!(" Written as: {}.", names.join("; "))
    } else {
        String::new()
    };
    let header = format!(
        "<nav><a href=\"../report.html\">← National overview</a><a href=\"../report.html#councils\">All organisations</a><a href=\"#figures\">Figures</a><a href=\"#charts\">Charts</a><a href=\"#categories\">Categories</a><a href=\"#years\">Years</a><a href=\"#money\">Money</a><a href=\"#remedies\">Remedies</a><a href=\"#decisions\">Decisions</a></nav><h1>{}</h1><p class=muted>Type: {kind}.{spellings} Decisions counted: {}. Uphold rate = upheld ÷ (upheld + not upheld); a rate on fewer than {} investigated decisions is greyed.</p>",
        esc(p.name),
        esc(&p.filter.describe()),
        crate::summary::stats::MIN_BASE
    );
    page_head(
        &mut o,
        &format!("{}: Ombudsman decisions", p.name),
        &format!(" data-organisation=\"{}\"", esc(p.name)),
        &header,
    );

    o.push_str("<section id=figures><h2>Figures</h2><div class=tiles>");
    tile(&mut o, &count(st.decisions), "decisions");
    tile(
        &mut o,
        &format!(
            "<a href=\"#decisions?outcome=upheld\">{}</a>",
            count(st.upheld)
        ),
        "upheld",
    );
    tile(
        &mut o,
        &format!(
            "<a href=\"#decisions?outcome=not-upheld\">{}</a>",
            count(st.not_upheld)
        ),
        "not upheld",
    );
    tile(
        &mut o,
        &format!(
            "<a href=\"#decisions?outcome=closed\">{}</a>",
            count(st.closed)
        ),
        "closed after initial enquiries",
    );
    tile(&mut o, &rate_html(st.rate()), "uphold rate");
    tile(
        &mut o,
        &format!(
            "<a href=\"#decisions?money=yes\">{}</a>",
            count(st.with_payment)
        ),
        "with a payment",
    );
    tile(
        &mut o,
        &money(st.remedy_total.pounds()),
        "remedies in total",
    );
    tile(
        &mut o,
        &st.median().map_or_else(|| "n/a".into(), money),
        "median remedy",
    );
    o.push_str("</div>");
    if let Some(a) = p.type_average.filter(|_| !p.key.is_empty()) {
        let t = esc(p.org.org_type.label());
        let _ = write!(
            o,
            "<h3>Against the average of its type</h3><div class=scroll><table id=type-average><thead><tr><th></th><th class=num>{}</th><th class=num>the {} organisations of its type here ({t})</th></tr></thead><tbody>\
             <tr><td>decisions</td><td class=num>{}</td><td class=num>{:.1} on average ({} in all)</td></tr>\
             <tr><td>uphold rate</td><td class=num>{}</td><td class=num>{} all together</td></tr>\
             <tr><td>decisions with a payment</td><td class=num>{}</td><td class=num>{:.1} on average</td></tr>\
             <tr><td>remedy total</td><td class=num>{}</td><td class=num>{} on average</td></tr></tbody></table></div>",
            esc(p.name),
            count(a.organisations),
            count(st.decisions),
            a.decisions_mean,
            count((a.decisions_mean * a.organisations as f64).round() as u64),
            rate_html(st.rate()),
            rate_html(a.rate()),
            count(st.with_payment),
            a.with_payment_mean,
            money(st.remedy_total.pounds()),
            money(a.remedy_total_gbp_mean),
        );
    }
    let largest = st.largest.as_ref().map(|(g, r)| {
        format!(
            "{} ({})",
            money(g.pounds()),
            reference_html(&r.label, r.url.as_deref())
        )
    });
    figures_list(&mut o, st, largest);
    o.push_str("</section>\n");

    o.push_str("<section id=charts><h2>Charts</h2><div class=charts>");
    let years: Vec<(String, Option<Tally>)> = continuous_years(&p.org.by_year, |y| y.to_string())
        .into_iter()
        .filter(|(k, _)| year_of(k).is_some())
        .map(|(k, t)| (k, t.copied()))
        .collect();
    let year_link = |y: &str| format!("#decisions?year={y}");
    let _ = write!(
        o,
        "<figure><figcaption>Decisions and uphold rate by decision year</figcaption>{}</figure>",
        charts::years("chart-years", &years, Some(&year_link))
    );
    let mut areas: Vec<(String, Tally)> =
        p.org.by_area.iter().map(|(k, v)| (k.clone(), *v)).collect();
    areas.sort_by(|a, b| b.1.decisions.cmp(&a.1.decisions).then(a.0.cmp(&b.0)));
    areas.truncate(25);
    let area_link = |a: &str, q: &str| {
        if q.is_empty() {
            format!("#decisions?area={}", slug(a))
        } else {
            format!("#decisions?area={}&outcome={q}", slug(a))
        }
    };
    let _ = write!(
        o,
        "<figure><figcaption>Outcomes by category area</figcaption>{}</figure>",
        charts::areas("chart-areas", &areas, Some(&area_link))
    );
    o.push_str("</div></section>\n");

    let _ = write!(o, "<section id=categories><h2>Categories</h2><div class=scroll><table class=sortable><thead><tr><th>category</th>{GROUP_HEAD}</tr></thead><tbody>");
    let mut cats: Vec<(&String, &Tally)> = p.org.by_category.iter().collect();
    cats.sort_by(|a, b| b.1.decisions.cmp(&a.1.decisions).then(a.0.cmp(b.0)));
    for (c, t) in cats.iter().take(MAX_CATEGORIES) {
        tally_row(&mut o, c, t, "");
    }
    o.push_str("</tbody></table></div>");
    if cats.len() > MAX_CATEGORIES {
        let _ = write!(
            o,
            "<p class=muted>And {} smaller categories (every decision's category is in decisions.csv).</p>",
            count((cats.len() - MAX_CATEGORIES) as u64)
        );
    }
    o.push_str("</section>\n");

    let _ = write!(o, "<section id=years><h2>By decision year</h2><div class=scroll><table class=sortable><thead><tr><th>decision year</th>{GROUP_HEAD}</tr></thead><tbody>");
    for (y, t) in continuous_years(&p.org.by_year, |y| y.to_string()) {
        tally_row(&mut o, &y, &t.copied().unwrap_or_default(), "");
    }
    o.push_str("</tbody></table></div></section>\n");

    let _ = write!(
        o,
        "<section id=money><h2>Money</h2><p>{} decision(s) with a payment: {} in total, median {}.</p>",
        count(st.with_payment),
        money(st.remedy_total.pounds()),
        st.median().map_or_else(|| "n/a".into(), money)
    );
    if !p.largest.is_empty() {
        o.push_str("<p>The largest money remedies:</p><ol>");
        for d in p.largest {
            let mut about = vec![esc(&cut(
                d.outcome.as_deref().unwrap_or("outcome unknown"),
                80,
            ))];
            if let Some(c) = d.category.as_deref() {
                about.push(esc(&cut(c, 120)));
            }
            let _ = write!(
                o,
                "<li><b>{}</b>: {} <span class=date>{}</span>; {}</li>",
                money(d.settled_total().pounds()),
                reference_html(d.label(), d.link()),
                esc(d.decision_date.as_deref().unwrap_or("undated")),
                about.join("; "),
            );
        }
        o.push_str("</ol>");
    }
    let _ = write!(
        o,
        "<p>Remedies already provided by the organisation before the decision: {} decision(s), {} (never part of the remedy total). Closed because the organisation had already put things right: {} (counted as upheld or closed, as the LGSCO's own record has them).</p></section>",
        count(st.remedy_already_provided),
        money(st.remedy_already_provided_total.pounds()),
        count(st.remedied_closures)
    );
    o.push('\n');

    o.push_str("<section id=remedies><h2>Non-financial remedies</h2>");
    if st.remedies_by_kind.is_empty() {
        o.push_str("<p>None in these decisions.</p>");
    } else {
        o.push_str("<ul>");
        for (k, n) in &st.remedies_by_kind {
            let _ = write!(
                o,
                "<li>{}: {} decision(s)</li>",
                esc(&k.replace('_', " ")),
                count(*n)
            );
        }
        o.push_str("</ul>");
    }
    let _ = write!(
        o,
        "<p>Decisions with at least one service improvement: {}.</p></section>",
        count(st.with_service_improvement)
    );
    o.push('\n');

    let mut rows = String::new();
    let mut ids = HashSet::new();
    let mut shown = 0u64;
    for d in p.newest.iter().take(MAX_ROWS) {
        if rows.len() > ROW_BUDGET {
            break;
        }
        decision_row(&mut rows, d, &mut ids);
        shown += 1;
    }
    let csv = p
        .data
        .iter()
        .filter(|l| l.lists_decisions)
        .map(|l| format!("<a href=\"../{}\">{}</a>", esc(&l.href), esc(&l.label)))
        .collect::<Vec<_>>()
        .join(", ");
    let listed = if shown == st.decisions {
        format!("All {} decisions, newest first.", count(st.decisions))
    } else {
        format!(
            "The newest {} of its {} decisions, newest first.",
            count(shown),
            count(st.decisions)
        )
    };
    let _ = write!(
        o,
        "<section id=decisions><h2>Decisions</h2><p class=note>{listed} Every decision is in {csv}.</p><p id=filter-note></p><script type=application/json id=filter-labels>{}</script><div class=scroll><table class=sortable id=decisions-table><thead><tr><th>reference</th><th>date</th><th>outcome</th><th>category</th><th>summary</th><th class=n>money</th></tr></thead><tbody>\n{rows}</tbody></table></div></section>\n",
        filter_labels(p)
    );
    o.push_str("<section id=data><h2>Data</h2>");
    data_links(&mut o, p.data, "../");
    o.push_str("</section>\n");
    page_tail(&mut o);
    w.write_all(o.as_bytes())?;
    Ok(())
}
