//! `summary.md`: the national overview, then one section per organisation,
//! sorted by name, each linking to its page of the report. Figures a
//! journalist can quote: every rate with the decisions it rests on (`†`
//! when fewer than [`MIN_BASE`]), years without a gap, counts with
//! thousands separators, the largest remedy with its reference.

use std::io::Write;

use anyhow::Result;

use super::filter::Filter;
use super::format::{count, money, rate, unsettled_note};
use super::html::Site;
use super::stats::{
    continuous_years, financial_year_name, Rate, Stats, Summary, MIN_BASE, NO_ORGANISATION,
};
use crate::escape::markdown as md;

/// A rate with its base, marked when the base is small.
fn rate_md(r: Rate) -> String {
    if r.value().is_some() && r.is_small() {
        format!("{} †", rate(r))
    } else {
        rate(r)
    }
}

fn outcome_line(s: &Stats) -> String {
    s.by_outcome
        .iter()
        .map(|(o, n)| format!("{} {}", md(o), count(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn figures(w: &mut impl Write, s: &Stats) -> Result<()> {
    writeln!(w, "- Decisions: {}", count(s.decisions))?;
    writeln!(w, "- By outcome: {}", outcome_line(s))?;
    writeln!(
        w,
        "- Uphold rate: {}: upheld ÷ investigated in detail; {} closed after initial enquiries are not investigations",
        rate_md(s.rate()),
        count(s.closed)
    )?;
    writeln!(w, "- Decisions with a payment: {}", count(s.with_payment))?;
    let largest = s
        .largest
        .as_ref()
        .map(|(g, r)| format!("{} ({})", money(g.pounds()), md(&r.label)))
        .unwrap_or_else(|| "none".into());
    writeln!(
        w,
        "- Money remedies: total {}, median {}, largest {}{}",
        money(s.remedy_total.pounds()),
        s.median().map_or_else(|| "n/a".into(), money),
        largest,
        unsettled_note(s.remedy_total_unsettled)
    )?;
    let kinds = if s.remedies_by_kind.is_empty() {
        "none".to_string()
    } else {
        s.remedies_by_kind
            .iter()
            .map(|(k, n)| format!("{} {}", k.replace('_', " "), count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(w, "- Non-financial remedies (decisions): {kinds}")?;
    writeln!(
        w,
        "- Remedy already provided by the organisation: {} decision(s), {}",
        count(s.remedy_already_provided),
        money(s.remedy_already_provided_total.pounds())
    )?;
    writeln!(
        w,
        "- Closed because the organisation had already put things right: {} (counted as upheld or closed, as the LGSCO's own record has them)",
        count(s.remedied_closures)
    )?;
    let top = s
        .top_categories(3)
        .into_iter()
        .map(|(c, n)| format!("{} ({})", md(c), count(n)))
        .collect::<Vec<_>>()
        .join("; ");
    writeln!(
        w,
        "- Top categories: {}",
        if top.is_empty() { "none".into() } else { top }
    )?;
    Ok(())
}

fn group_table(
    w: &mut impl Write,
    title: &str,
    label: &str,
    rows: &[(String, Option<&Stats>)],
) -> Result<()> {
    writeln!(w, "\n## {title}\n")?;
    writeln!(
        w,
        "| {label} | decisions | upheld | not upheld | closed | uphold rate | with payment | remedy total | median |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    let empty = Stats::default();
    for (k, s) in rows {
        let s = s.unwrap_or(&empty);
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md(k),
            count(s.decisions),
            count(s.upheld),
            count(s.not_upheld),
            count(s.closed),
            rate_md(s.rate()),
            count(s.with_payment),
            money(s.remedy_total.pounds()),
            s.median().map_or_else(|| "n/a".into(), money)
        )?;
    }
    Ok(())
}

pub fn write(w: &mut impl Write, s: &Summary, site: &Site, filter: &Filter) -> Result<()> {
    writeln!(w, "# Ombudsman decisions: summary\n")?;
    writeln!(w, "Decisions counted: {}.\n", md(&filter.describe()))?;
    writeln!(
        w,
        "Uphold rate = upheld ÷ (upheld + not upheld), as the LGSCO computes it: decisions \
         closed after initial enquiries were not investigated and do not count. Every rate is \
         followed by the decisions it rests on (upheld of investigated); † marks a rate on fewer \
         than {MIN_BASE} investigated decisions, too few to compare. Financial years run from \
         1 April to 31 March. The median remedy is over the decisions with a payment. Each \
         organisation has a page in the report (`report.html`, `councils/`).\n"
    )?;
    writeln!(w, "## National overview\n")?;
    figures(w, &s.overall)?;
    ombudsmen(w, s)?;
    group_table(
        w,
        "By financial year",
        "financial year",
        &continuous_years(&s.financial_years, financial_year_name),
    )?;
    group_table(
        w,
        "By decision year",
        "year",
        &continuous_years(&s.decision_years, |y| y.to_string()),
    )?;
    let areas: Vec<(String, Option<&Stats>)> = s
        .category_areas
        .iter()
        .map(|(k, v)| (k.clone(), Some(v)))
        .collect();
    group_table(w, "By category area", "category area", &areas)?;

    let avg = s.type_averages();
    writeln!(w, "\n## Averages by type of organisation\n")?;
    writeln!(
        w,
        "| type | organisations | mean decisions | uphold rate, all together | mean of their uphold rates | mean remedy total |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|")?;
    for (t, a) in &avg {
        writeln!(
            w,
            "| {} | {} | {:.1} | {} | {} | {} |",
            t.label(),
            count(a.organisations),
            a.decisions_mean,
            rate_md(a.rate()),
            super::format::percent(a.uphold_rate_mean),
            money(a.remedy_total_gbp_mean)
        )?;
    }
    let unknown = s.unknown_organisations();
    if !unknown.is_empty() {
        writeln!(
            w,
            "\nNot in the gazetteer (type unknown): {}.",
            unknown.iter().map(|u| md(u)).collect::<Vec<_>>().join("; ")
        )?;
    }

    writeln!(w, "\n## Organisations\n")?;
    for (key, o, name) in s.organisations_by_name() {
        let name = if key.is_empty() {
            NO_ORGANISATION.to_string()
        } else {
            name
        };
        writeln!(w, "### {}\n", md(&name))?;
        let mut kind = format!("Type: {}", o.org_type.label());
        if let (Some(y), Some(succ)) = (o.abolished, &o.successor) {
            kind.push_str(&format!(" (abolished {y}; now {})", md(succ)));
        }
        // The page name is a slug: letters, digits, hyphens.
        writeln!(w, "{kind}. Page: [{}]({}).", site.page(key), site.page(key))?;
        if o.spellings.len() > 1 {
            writeln!(
                w,
                "Written as: {}.",
                o.spellings
                    .keys()
                    .map(|k| md(k))
                    .collect::<Vec<_>>()
                    .join("; ")
            )?;
        }
        writeln!(w)?;
        figures(w, &o.stats)?;
        if let Some(a) = (!key.is_empty()).then(|| avg.get(&o.org_type)).flatten() {
            writeln!(
                w,
                "- All {} {} organisations here: {:.1} decisions on average, uphold rate {}, remedy total {} on average",
                count(a.organisations),
                o.org_type.label(),
                a.decisions_mean,
                rate_md(a.rate()),
                money(a.remedy_total_gbp_mean)
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// Every ombudsman's figures and the Housing Ombudsman's landlords (issue
/// 14), when the dataset holds another ombudsman than the LGSCO.
fn ombudsmen(w: &mut impl Write, s: &Summary) -> Result<()> {
    if s.ombudsmen.keys().all(|k| k == "LGSCO") {
        return Ok(());
    }
    writeln!(w, "## By ombudsman\n")?;
    writeln!(
        w,
        "The overview above and the organisations below are the LGSCO's decisions. Findings are one per complaint item (Housing Ombudsman) or body complained about (PHSO).\n"
    )?;
    let list = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, n)| format!("{} {}", md(k), count(*n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (name, st) in &s.ombudsmen {
        writeln!(w, "- {}: {} decisions; outcomes: {}; findings: {}; {} with a payment, remedy total {}, recommended only {}, already provided {}", md(name), count(st.decisions), list(&st.by_outcome), if st.findings.is_empty() { "none".to_string() } else { list(&st.findings) }, count(st.with_payment), money(st.remedy_total_gbp.pounds()), money(st.payments_recommended_gbp.pounds()), money(st.remedy_already_provided_gbp.pounds()))?;
    }
    writeln!(w)?;
    if !s.landlords.is_empty() {
        writeln!(w, "### Housing Ombudsman landlords\n")?;
        writeln!(w, "Maladministration rate = findings of severe maladministration, maladministration or service failure ÷ findings determined (those, reasonable redress and no maladministration).\n")?;
        writeln!(
            w,
            "| landlord | decisions | findings | determined | maladministration | rate |"
        )?;
        writeln!(w, "|---|---:|---:|---:|---:|---:|")?;
        for (name, t) in &s.landlords {
            writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} |",
                md(name),
                count(t.decisions),
                count(t.findings),
                count(t.findings_determined),
                count(t.findings_maladministration),
                super::percent(t.maladministration_rate())
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// The groups of `m` as rows, for tests.
#[cfg(test)]
fn rows(m: &std::collections::BTreeMap<String, Stats>) -> Vec<(String, Option<&Stats>)> {
    continuous_years(m, |y| y.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_continuous_and_small_rates_marked() {
        let mut m = std::collections::BTreeMap::new();
        let st = Stats {
            decisions: 2,
            upheld: 1,
            not_upheld: 1,
            ..Stats::default()
        };
        m.insert("2019".to_string(), st.clone());
        m.insert("2021".to_string(), st);
        let mut out = Vec::new();
        group_table(&mut out, "T", "year", &rows(&m)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("| 2020 | 0 | 0 | 0 | 0 | n/a (none investigated) |"),
            "{text}"
        );
        assert!(
            text.contains("| 2019 | 2 | 1 | 1 | 0 | 50.0% (1 of 2) † |"),
            "{text}"
        );
    }
}
