//! `summary.md`: the national overview, then one section per organisation,
//! sorted by name. Figures a journalist can quote, each with the decision
//! references it rests on where one decision carries it (the largest remedy).

use std::io::Write;

use anyhow::Result;

use super::stats::{Stats, Summary, NO_ORGANISATION};
use super::{money, percent, Filter};
use crate::escape::markdown as md;

fn outcome_line(s: &Stats) -> String {
    s.by_outcome
        .iter()
        .map(|(o, n)| format!("{} {n}", md(o)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn figures(w: &mut impl Write, s: &Stats) -> Result<()> {
    writeln!(w, "- Decisions: {}", s.decisions)?;
    writeln!(w, "- By outcome: {}", outcome_line(s))?;
    writeln!(
        w,
        "- Uphold rate: {} ({} upheld of {} investigated in detail; {} closed after initial enquiries are not investigations)",
        percent(s.uphold_rate()),
        s.upheld,
        s.upheld + s.not_upheld,
        s.closed
    )?;
    writeln!(w, "- Decisions with a payment: {}", s.with_payment)?;
    let largest = s
        .largest
        .as_ref()
        .map(|(g, r)| format!("{} ({})", money(g.pounds()), md(r)))
        .unwrap_or_else(|| "none".into());
    writeln!(
        w,
        "- Money remedies: total {}, median {}, largest {}",
        money(s.remedy_total.pounds()),
        s.median().map_or_else(|| "n/a".into(), money),
        largest
    )?;
    let kinds = if s.remedies_by_kind.is_empty() {
        "none".to_string()
    } else {
        s.remedies_by_kind
            .iter()
            .map(|(k, n)| format!("{} {n}", k.replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(w, "- Non-financial remedies (decisions): {kinds}")?;
    writeln!(
        w,
        "- Remedy already provided by the organisation: {} decision(s), {}",
        s.remedy_already_provided,
        money(s.remedy_already_provided_total.pounds())
    )?;
    let top = s
        .top_categories(3)
        .into_iter()
        .map(|(c, n)| format!("{} ({n})", md(c)))
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
    groups: &std::collections::BTreeMap<String, Stats>,
) -> Result<()> {
    writeln!(w, "\n## {title}\n")?;
    writeln!(
        w,
        "| {label} | decisions | upheld | not upheld | closed | uphold rate | with payment | remedy total | median |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|")?;
    for (k, s) in groups {
        writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            md(k),
            s.decisions,
            s.upheld,
            s.not_upheld,
            s.closed,
            percent(s.uphold_rate()),
            s.with_payment,
            money(s.remedy_total.pounds()),
            s.median().map_or_else(|| "n/a".into(), money)
        )?;
    }
    Ok(())
}

pub fn write(w: &mut impl Write, s: &Summary, filter: &Filter) -> Result<()> {
    writeln!(w, "# Ombudsman decisions: summary\n")?;
    writeln!(w, "Decisions counted: {}.\n", md(&filter.describe()))?;
    writeln!(
        w,
        "Uphold rate = upheld ÷ (upheld + not upheld), as the LGSCO computes it: decisions \
         closed after initial enquiries were not investigated and do not count. Financial \
         years run from 1 April to 31 March. The median remedy is over the decisions with a \
         payment.\n"
    )?;
    writeln!(w, "## National overview\n")?;
    figures(w, &s.overall)?;
    group_table(w, "By financial year", "financial year", &s.financial_years)?;
    group_table(w, "By decision year", "year", &s.decision_years)?;
    group_table(w, "By category area", "category area", &s.category_areas)?;

    let avg = s.type_averages();
    writeln!(w, "\n## Averages by type of organisation\n")?;
    writeln!(
        w,
        "| type | organisations | mean decisions | mean uphold rate | mean remedy total |"
    )?;
    writeln!(w, "|---|---:|---:|---:|---:|")?;
    for (t, a) in &avg {
        writeln!(
            w,
            "| {} | {} | {:.1} | {} | {} |",
            t.label(),
            a.organisations,
            a.decisions_mean,
            percent(a.uphold_rate_mean),
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
        writeln!(w, "{kind}.")?;
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
                "- Average of {} {} organisation(s): {:.1} decisions, uphold rate {}, remedy total {}",
                a.organisations,
                o.org_type.label(),
                a.decisions_mean,
                percent(a.uphold_rate_mean),
                money(a.remedy_total_gbp_mean)
            )?;
        }
        writeln!(w)?;
    }
    Ok(())
}
