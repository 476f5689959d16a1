//! `report.html`: the national overview. Figures, charts, tables by year
//! and by category area, and the council table, each organisation linked
//! to its page. No decision rows: its size grows with the number of
//! organisations, categories and years, never with the number of
//! decisions.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use super::assets::{MONEY, UPHELD};
use super::charts::{self, Bar};
use super::{
    count_cell, data_links, esc, money_cell, opt_money_cell, page_head, page_tail, rate_cell,
    rate_html, reference_html, DataLink, Site,
};
use crate::summary::filter::Filter;
use crate::summary::format::{count, money, rate, unsettled_note};
use crate::summary::stats::{
    continuous_years, financial_year_name, Stats, Summary, Tally, MIN_BASE, NO_ORGANISATION,
};

/// Rows of the council table at most (the organisations with the most
/// decisions; every organisation is in `councils.csv` and has its page).
/// A row is about 540 bytes, at most about 1.1 KB with a name of
/// `MAX_NAME_CHARS` characters that escaping lengthens: the table stays
/// well under report.html's 5 MB.
pub const MAX_COUNCIL_ROWS: usize = 3_000;
/// Characters of an organisation's name in the council table.
const MAX_NAME_CHARS: usize = 100;
/// Category areas charted and tabulated at most.
const MAX_AREAS: usize = 40;
/// Organisations in each top list.
const TOP: usize = 10;

fn tile(o: &mut String, value: &str, what: &str, href: Option<&str>) {
    let v = match href {
        Some(h) => format!("<a href=\"{}\">{value}</a>", esc(h)),
        None => value.to_string(),
    };
    let _ = write!(o, "<div class=tile><b>{v}</b>{what}</div>");
}

/// Where a figure's decision is: its own page on the Ombudsman's site, or
/// the money section of its organisation's page.
pub fn largest_href(site: &Site, r: &crate::summary::stats::DecisionRef) -> String {
    r.url
        .clone()
        .unwrap_or_else(|| format!("{}#money", site.page(&r.organisation)))
}

/// The figures of a group as a list: the overview's and each page's.
pub fn figures_list(o: &mut String, st: &Stats, largest: Option<String>) {
    let kinds = if st.remedies_by_kind.is_empty() {
        "none".to_string()
    } else {
        st.remedies_by_kind
            .iter()
            .map(|(k, n)| format!("{} {}", esc(&k.replace('_', " ")), count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let top = st
        .top_categories(3)
        .into_iter()
        .map(|(c, n)| format!("{} ({})", esc(c), count(n)))
        .collect::<Vec<_>>()
        .join("; ");
    let _ = write!(
        o,
        "<ul><li>Decisions: {} — upheld {}, not upheld {}, closed after initial enquiries {}, other or no outcome {}</li>\
         <li>Uphold rate: <b>{}</b> (upheld ÷ (upheld + not upheld))</li>\
         <li>With a payment: {}; remedies {} in total, median {}, largest {}{}</li>\
         <li>Non-financial remedies (decisions): {kinds}</li>\
         <li>Remedy already provided by the organisation: {} decision(s), {}</li>\
         <li>Closed because the organisation had already put things right: {} (counted as upheld or closed, as the LGSCO's own record has them)</li>\
         <li>Top categories: {}</li></ul>",
        count(st.decisions),
        count(st.upheld),
        count(st.not_upheld),
        count(st.closed),
        count(st.other_outcomes()),
        rate_html(st.rate()),
        count(st.with_payment),
        money(st.remedy_total.pounds()),
        st.median().map_or_else(|| "n/a".into(), money),
        largest.unwrap_or_else(|| "none".into()),
        unsettled_note(st.remedy_total_unsettled),
        count(st.remedy_already_provided),
        money(st.remedy_already_provided_total.pounds()),
        count(st.remedied_closures),
        if top.is_empty() { "none".into() } else { top }
    );
}

pub const GROUP_HEAD: &str = "<th class=n>decisions</th><th class=n>upheld</th><th class=n>not upheld</th><th class=n>closed</th><th class=n>uphold rate</th><th class=n>with payment</th><th class=n>remedy total</th>";

/// A row of a table by year, area or category; `extra` cells follow.
pub fn tally_row(o: &mut String, name: &str, t: &Tally, extra: &str) {
    let _ = write!(
        o,
        "<tr><td>{}</td>{}{}{}{}{}{}{}{extra}</tr>",
        esc(name),
        count_cell(t.decisions),
        count_cell(t.upheld),
        count_cell(t.not_upheld),
        count_cell(t.closed),
        rate_cell(t.rate()),
        count_cell(t.with_payment),
        money_cell(t.remedy_total.pounds()),
    );
}

fn year_table(
    o: &mut String,
    title: &str,
    groups: &BTreeMap<String, Stats>,
    name: fn(i32) -> String,
) {
    let _ = write!(o, "<div class=scroll><table class=sortable><thead><tr><th>{title}</th>{GROUP_HEAD}<th class=n>median</th></tr></thead><tbody>");
    for (k, st) in continuous_years(groups, name) {
        let t = st.map(Stats::tally).unwrap_or_default();
        tally_row(o, &k, &t, &opt_money_cell(st.and_then(Stats::median)));
    }
    o.push_str("</tbody></table></div>");
}

fn top_orgs(
    s: &Summary,
    site: &Site,
    keep: impl Fn(&Stats) -> bool,
    value: impl Fn(&Stats) -> f64,
    shown: impl Fn(&Stats) -> String,
) -> Vec<Bar> {
    let mut v: Vec<Bar> = s
        .organisations
        .iter()
        .filter(|(k, o)| !k.is_empty() && keep(&o.stats) && value(&o.stats) > 0.0)
        .map(|(k, o)| Bar {
            name: o.name(),
            href: site.page(k),
            value: value(&o.stats),
            shown: shown(&o.stats),
        })
        .collect();
    v.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.name.cmp(&b.name)));
    v.truncate(TOP);
    v
}

fn figure(o: &mut String, caption: &str, body: &str) {
    let _ = write!(
        o,
        "<figure><figcaption>{caption}</figcaption>{body}</figure>"
    );
}

/// Writes `report.html`.
pub fn write(
    w: &mut impl Write,
    s: &Summary,
    site: &Site,
    filter: &Filter,
    data: &[DataLink],
) -> Result<()> {
    let mut o = String::with_capacity(1 << 16);
    let st = &s.overall;
    let header = format!(
        "<h1>Ombudsman decisions</h1><p class=muted>Decisions counted: {}. Uphold rate = upheld ÷ (upheld + not upheld), as the LGSCO computes it; decisions closed after initial enquiries were not investigated. Every rate says how many decisions it rests on; a rate on fewer than {MIN_BASE} investigated decisions is greyed and never ranked. Financial years run 1 April–31 March. Each organisation has its own page, with its decisions.</p><nav><a href=\"#overview\">Overview</a><a href=\"#charts\">Charts</a><a href=\"#years\">Years</a><a href=\"#areas\">Category areas</a><a href=\"#councils\">Councils</a><a href=\"#data\">Data</a></nav>",
        esc(&filter.describe())
    );
    page_head(&mut o, "Ombudsman decisions: report", "", &header);

    o.push_str("<section id=overview><h2>Overview</h2><div class=tiles>");
    tile(&mut o, &count(st.decisions), "decisions", None);
    tile(&mut o, &count(st.upheld), "upheld", None);
    tile(&mut o, &count(st.not_upheld), "not upheld", None);
    tile(
        &mut o,
        &count(st.closed),
        "closed after initial enquiries",
        None,
    );
    tile(&mut o, &rate_html(st.rate()), "uphold rate", None);
    tile(&mut o, &count(st.with_payment), "with a payment", None);
    tile(
        &mut o,
        &money(st.remedy_total.pounds()),
        "remedies in total",
        None,
    );
    tile(
        &mut o,
        &st.median().map_or_else(|| "n/a".into(), money),
        "median remedy",
        None,
    );
    let largest = st.largest.as_ref().map(|(g, r)| {
        let name = s
            .organisations
            .get(&r.organisation)
            .map_or_else(|| NO_ORGANISATION.to_string(), |o| o.name());
        (g, r, name)
    });
    if let Some((g, r, name)) = &largest {
        tile(
            &mut o,
            &money(g.pounds()),
            &format!("largest remedy ({}, {})", esc(&r.label), esc(name)),
            Some(&largest_href(site, r)),
        );
    }
    o.push_str("</div>");
    let largest_text = largest.map(|(g, r, name)| {
        format!(
            "{} ({}, <a href=\"{}\">{}</a>)",
            money(g.pounds()),
            reference_html(&r.label, r.url.as_deref()),
            esc(&site.page(&r.organisation)),
            esc(&name)
        )
    });
    figures_list(&mut o, st, largest_text);
    o.push_str("</section>\n");

    o.push_str("<section id=charts><h2>Charts</h2><div class=charts>");
    let years: Vec<(String, Option<Tally>)> =
        continuous_years(&s.decision_years, |y| y.to_string())
            .into_iter()
            .filter(|(k, _)| crate::summary::stats::year_of(k).is_some())
            .map(|(k, t)| (k, t.map(Stats::tally)))
            .collect();
    figure(
        &mut o,
        "Decisions and uphold rate by decision year",
        &charts::years("chart-years", &years, None),
    );
    let mut areas: Vec<(String, Tally)> = s
        .category_areas
        .iter()
        .map(|(k, v)| (k.clone(), v.tally()))
        .collect();
    areas.sort_by(|a, b| b.1.decisions.cmp(&a.1.decisions).then(a.0.cmp(&b.0)));
    let more_areas = areas.len().saturating_sub(MAX_AREAS);
    areas.truncate(MAX_AREAS);
    let mut body = charts::areas("chart-areas", &areas, None);
    if more_areas > 0 {
        let _ = write!(
            body,
            "<p class=muted>And {} smaller areas (in summary.json).</p>",
            count(more_areas as u64)
        );
    }
    figure(&mut o, "Outcomes by category area", &body);
    let upheld = top_orgs(
        s,
        site,
        |_| true,
        |st| st.upheld as f64,
        |st| format!("{} upheld", count(st.upheld)),
    );
    figure(
        &mut o,
        "Top organisations by upheld decisions",
        &if upheld.is_empty() {
            "<p class=muted>No organisation has an upheld decision here.</p>".into()
        } else {
            charts::bars("chart-top-upheld", "upheld decisions", &upheld, UPHELD)
        },
    );
    let paid = top_orgs(
        s,
        site,
        |_| true,
        |st| st.remedy_total.pounds(),
        |st| money(st.remedy_total.pounds()),
    );
    figure(
        &mut o,
        "Top organisations by remedy total",
        &if paid.is_empty() {
            "<p class=muted>No organisation has a money remedy here.</p>".into()
        } else {
            charts::bars("chart-top-money", "money remedies", &paid, MONEY)
        },
    );
    // By rate only where the rate rests on enough decisions.
    let by_rate = top_orgs(
        s,
        site,
        |st| !st.rate().is_small(),
        |st| st.uphold_rate().unwrap_or(0.0),
        |st| rate(st.rate()),
    );
    figure(
        &mut o,
        &format!(
            "Highest uphold rates (organisations with at least {MIN_BASE} investigated decisions)"
        ),
        &if by_rate.is_empty() {
            format!("<p class=muted>No organisation has {MIN_BASE} or more investigated decisions here: too few for rates to be compared.</p>")
        } else {
            charts::bars("chart-top-rate", "uphold rates", &by_rate, UPHELD)
        },
    );
    o.push_str("</div></section>\n");

    o.push_str("<section id=years><h2>By financial year and decision year</h2>");
    year_table(
        &mut o,
        "financial year",
        &s.financial_years,
        financial_year_name,
    );
    o.push_str("<p></p>");
    year_table(&mut o, "decision year", &s.decision_years, |y| {
        y.to_string()
    });
    o.push_str("</section>\n");

    let _ = write!(o, "<section id=areas><h2>By category area</h2><div class=scroll><table class=sortable><thead><tr><th>category area</th>{GROUP_HEAD}</tr></thead><tbody>");
    let mut all_areas: Vec<(&String, &Stats)> = s.category_areas.iter().collect();
    all_areas.sort_by(|a, b| b.1.decisions.cmp(&a.1.decisions).then(a.0.cmp(b.0)));
    for (k, v) in all_areas.iter().take(MAX_AREAS * 5) {
        tally_row(&mut o, k, &v.tally(), "");
    }
    o.push_str("</tbody></table></div></section>\n");

    council_table(&mut o, s, site);
    ombudsmen_section(&mut o, s);

    o.push_str("<section id=data><h2>Data</h2><p>Every decision, with its figures and the sentences they come from:</p>");
    data_links(&mut o, data, "");
    o.push_str("</section>\n");
    page_tail(&mut o);
    w.write_all(o.as_bytes())?;
    Ok(())
}

/// Every ombudsman's figures, and the Housing Ombudsman's landlords with
/// their maladministration rate (issue 14). Only when the dataset holds a
/// decision of another ombudsman than the LGSCO.
fn ombudsmen_section(o: &mut String, s: &Summary) {
    if s.ombudsmen.keys().all(|k| k == "LGSCO") {
        return;
    }
    o.push_str("<section id=ombudsmen><h2>By ombudsman</h2><p class=muted>The figures above are the LGSCO's decisions. Findings are one per complaint item (Housing Ombudsman) or body complained about (PHSO). Money ordered or agreed makes the remedy total; money only recommended is apart.</p><div class=scroll><table class=sortable><thead><tr><th>ombudsman</th><th class=n>decisions</th><th>outcomes</th><th>findings</th><th class=n>with payment</th><th class=n>remedy total</th><th class=n>recommended only</th><th class=n>already provided</th></tr></thead><tbody>");
    let list = |m: &BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, n)| format!("{} {}", esc(k), count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (name, st) in &s.ombudsmen {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=n>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            esc(name),
            count(st.decisions),
            list(&st.by_outcome),
            list(&st.findings),
            count(st.with_payment),
            money(st.remedy_total_gbp.pounds()),
            money(st.payments_recommended_gbp.pounds()),
            money(st.remedy_already_provided_gbp.pounds()),
        );
    }
    o.push_str("</tbody></table></div>");
    if !s.landlords.is_empty() {
        o.push_str("<h3>Housing Ombudsman landlords</h3><p class=muted>Maladministration rate = findings of severe maladministration, maladministration or service failure ÷ findings determined (those, reasonable redress and no maladministration), as the Housing Ombudsman's landlord reports state it.</p><div class=scroll><table class=sortable id=landlord-table><thead><tr><th>landlord</th><th class=n>decisions</th><th class=n>findings</th><th class=n>determined</th><th class=n>maladministration</th><th class=n>maladministration rate</th></tr></thead><tbody>");
        for (name, t) in &s.landlords {
            let _ = write!(
                o,
                "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
                esc(name),
                count(t.decisions),
                count(t.findings),
                count(t.findings_determined),
                count(t.findings_maladministration),
                crate::summary::percent(t.maladministration_rate()),
            );
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("</section>\n");
}

fn council_table(o: &mut String, s: &Summary, site: &Site) {
    let avg = s.type_averages();
    let mut rows = s.organisations_by_name();
    let hidden = rows.len().saturating_sub(MAX_COUNCIL_ROWS);
    if hidden > 0 {
        // The organisations with the most decisions, then by name again.
        rows.sort_by(|a, b| {
            b.1.stats
                .decisions
                .cmp(&a.1.stats.decisions)
                .then(a.2.cmp(&b.2))
        });
        rows.truncate(MAX_COUNCIL_ROWS);
        rows.sort_by(|a, b| {
            a.2.to_lowercase()
                .cmp(&b.2.to_lowercase())
                .then(a.0.cmp(b.0))
        });
    }
    let _ = write!(
        o,
        "<section id=councils><h2>Councils and other organisations</h2><p class=muted>{} organisations, ordered by name; click a heading to sort by it (rates on fewer than {MIN_BASE} investigated decisions always sort last). Each name opens the organisation's page. \"Type rate\" is the uphold rate of all the organisations of the same type here together.{}</p><div class=scroll><table class=sortable id=council-table><thead><tr><th>organisation</th><th>type</th><th class=n>decisions</th><th class=n>upheld</th><th class=n>not upheld</th><th class=n>closed</th><th class=n>uphold rate</th><th class=n>type rate</th><th class=n>with payment</th><th class=n>remedy total</th><th class=n>median</th></tr></thead><tbody>",
        count(s.organisations.len() as u64),
        if hidden > 0 {
            format!(
                " The {} with the most decisions are listed; {} more organisation(s), with fewer decisions, are in councils.csv and have their pages too.",
                count(MAX_COUNCIL_ROWS as u64),
                count(hidden as u64)
            )
        } else {
            String::new()
        }
    );
    for (key, org, name) in rows {
        let st = &org.stats;
        let type_rate = (!key.is_empty())
            .then(|| avg.get(&org.org_type))
            .flatten()
            .map(|a| rate_cell(a.rate()))
            .unwrap_or_else(|| "<td class=n data-v=\"\">n/a</td>".into());
        let _ = write!(
            o,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td>{}{}{}{}{}{type_rate}{}{}{}</tr>",
            esc(&site.page(key)),
            esc(&super::cut(&name, MAX_NAME_CHARS)),
            esc(org.org_type.short_label()),
            count_cell(st.decisions),
            count_cell(st.upheld),
            count_cell(st.not_upheld),
            count_cell(st.closed),
            rate_cell(st.rate()),
            count_cell(st.with_payment),
            money_cell(st.remedy_total.pounds()),
            opt_money_cell(st.median()),
        );
    }
    o.push_str("</tbody></table></div></section>\n");
}
