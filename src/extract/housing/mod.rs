//! Housing Ombudsman determinations (issue 14), read with the `housing.*`
//! rule pack (rules/housing/): header labels, findings per complaint item on
//! the Ombudsman's scale, orders and recommendations kept apart, and the
//! money in each. Both layouts: the current one (`Case ID` / `Landlord` /
//! ... labels, `Our decision (determination)`, an orders table) and the older
//! `REPORT` / `COMPLAINT 202012345` one (`Determination`, numbered orders).
//!
//! The page's broken lines are reassembled first ([`rejoin`]); every value's
//! evidence is the reassembled paragraph and the cleaned line it starts on.

pub mod rejoin;

use std::collections::BTreeSet;

use super::{date, deadline, evidence_text, money};
use crate::budget::Budget;
use crate::clean::Cleaned;
use crate::error::{ErrorKind, FileError};
use crate::record::{
    Deadline, Determination, Evidence, Finding, Gbp, Order, Payment, Record, Remedy,
};
use crate::rules::RuleSet;
use rejoin::Para;

pub const OMBUDSMAN: &str = "Housing Ombudsman";

/// A paragraph and the section it sits in.
struct Block<'p> {
    para: &'p Para,
    section: &'static str,
    /// The heading or label the paragraph is, whole (`item`, `orders`...).
    heading: Option<&'static str>,
}

fn section_name(rules: &RuleSet, field: &str, text: &str) -> Option<&'static str> {
    let y = rules
        .field(field)
        .find(|r| r.regex().is_match(text))?
        .yields();
    crate::rules::schema::spec(field)?
        .yields
        .iter()
        .copied()
        .find(|k| *k == y)
}

fn ev(b: &Block) -> Evidence {
    Evidence {
        line: b.para.line + 1,
        text: evidence_text(&b.para.text),
        section: Some(b.section.to_string()),
    }
}

/// The earliest determination a text states, the longer on a tie.
pub fn determination<'r>(rules: &'r RuleSet, text: &str) -> Option<&'r str> {
    rules
        .marks("housing.determination", text)
        .first()
        .map(|m| m.yields)
}

/// Reads one Housing Ombudsman page.
pub fn extract(
    rules: &RuleSet,
    file: String,
    cleaned: &Cleaned,
    budget: &Budget,
) -> Result<Record, FileError> {
    let mut rec = Record::new(file);
    rec.ombudsman = OMBUDSMAN.into();
    let paras = rejoin::paragraphs(rules, cleaned);
    budget.check("reassembly")?;
    let mut blocks = Vec::with_capacity(paras.len());
    let mut section = "header";
    for p in &paras {
        let heading = section_name(rules, "housing.heading", &p.text);
        if let Some(h) = heading {
            if !matches!(h, "item" | "finding") {
                section = h;
            }
        }
        blocks.push(Block {
            para: p,
            section,
            heading: heading.or_else(|| section_name(rules, "housing.label", &p.text)),
        });
    }

    header(rules, &blocks, &mut rec);
    if rec.reference.is_none() && rec.organisation.is_none() {
        return Err(FileError::new(
            ErrorKind::NotADecision,
            "a Housing Ombudsman layout with no case id and no landlord",
        ));
    }
    findings(rules, &blocks, &mut rec);
    budget.check("findings")?;
    orders(rules, &blocks, &mut rec);
    Ok(rec)
}

/// Title, labels and their values; the older layout's landlord and date lines.
fn header(rules: &RuleSet, blocks: &[Block], rec: &mut Record) {
    let mut old_layout_from = None;
    for (i, b) in blocks.iter().take(6).enumerate() {
        if let Some(c) = rules
            .field("housing.title")
            .find_map(|r| r.captures(&b.para.text))
        {
            rec.reference = c.name("ref").map(str::to_string);
            rec.evidence.insert("reference".into(), ev(b));
            if let Some(org) = c.name("org") {
                rec.organisation = Some(org.trim().to_string());
                rec.evidence.insert("organisation".into(), ev(b));
            } else {
                old_layout_from = Some(i + 1);
                rec.decision_kind = "report".into();
            }
            break;
        }
    }
    for (i, b) in blocks.iter().enumerate() {
        if b.section != "header" {
            break;
        }
        let Some(label) = section_name(rules, "housing.label", &b.para.text) else {
            continue;
        };
        let Some(v) = blocks.get(i + 1).filter(|n| n.heading.is_none()) else {
            continue;
        };
        let value = v.para.text.trim().to_string();
        let e = ev(v);
        match label {
            "reference" => {
                rec.reference = Some(value);
                rec.evidence.insert("reference".into(), e);
            }
            "organisation" => {
                rec.organisation = Some(value);
                rec.evidence.insert("organisation".into(), e);
            }
            "organisation_type" => {
                rec.organisation_type = Some(value);
                rec.evidence.insert("organisation_type".into(), e);
            }
            "occupancy" => {
                rec.occupancy = Some(value);
                rec.evidence.insert("occupancy".into(), e);
            }
            "decision_date" => set_date(rules, rec, &value, e),
            _ => {}
        }
    }
    // Older layout: the landlord and the date on the lines after the case line.
    if let Some(from) = old_layout_from {
        for b in blocks.iter().skip(from).take(4) {
            if b.heading.is_some() {
                break;
            }
            let t = b.para.text.trim();
            if rec.decision_date.is_none() && date::parse(rules, t).is_some() {
                set_date(rules, rec, t, ev(b));
            } else if rec.organisation.is_none() {
                rec.organisation = Some(t.to_string());
                rec.evidence.insert("organisation".into(), ev(b));
            }
        }
    }
    if rec.reference.is_none() {
        rec.warnings.push("no case reference found".into());
    }
}

fn set_date(rules: &RuleSet, rec: &mut Record, value: &str, e: Evidence) {
    match date::parse(rules, value) {
        Some(d) => {
            rec.decision_date = Some(d);
            rec.evidence.insert("decision_date".into(), e);
        }
        None => rec
            .warnings
            .push(format!("decision date {value:?} is not a date we can read")),
    }
}

/// The complaint item a determination line names, as `Landlord's ...`.
fn complaint_of(rules: &RuleSet, text: &str) -> Option<String> {
    let (_, v) = rules.first_value("housing.complaint", text)?;
    let v = tidy(v);
    if v.is_empty() {
        return None;
    }
    if rules.any_match("housing.complaint_owner", &v) {
        return Some(v);
    }
    Some(format!("Landlord's {v}"))
}

/// Straight apostrophes, single spaces, no list marker or final stop.
fn tidy(s: &str) -> String {
    let s = s.replace(['’', '‘'], "'");
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = strip_marker(&s);
    s.trim_end_matches(['.', ';', ',', ':']).trim().to_string()
}

/// `a) text`, `1. text`, `(ii) text` → `text`.
fn strip_marker(s: &str) -> &str {
    let Some((first, rest)) = s.split_once(' ') else {
        return s;
    };
    let inner = first.trim_start_matches('(').trim_end_matches([')', '.']);
    let is_marker = first != inner
        && !inner.is_empty()
        && inner.len() <= 4
        && (inner.chars().all(|c| c.is_ascii_digit())
            || inner.chars().all(|c| c.is_ascii_lowercase()));
    if is_marker {
        rest.trim_start()
    } else {
        s
    }
}

/// One entry per complaint item: the determination section's lines, each
/// with its item; else the findings' `Complaint` / `Finding` blocks. When
/// both are there and disagree, a warning says so.
fn findings(rules: &RuleSet, blocks: &[Block], rec: &mut Record) {
    // The complaint list, for items a determination line does not word.
    let items: Vec<String> = blocks
        .iter()
        .filter(|b| b.section == "complaint" && b.heading.is_none())
        .filter(|b| !b.para.text.trim_end().ends_with(':'))
        .map(|b| tidy(&b.para.text))
        .collect();

    let mut stated = Vec::new();
    for b in blocks
        .iter()
        .filter(|b| b.section == "determination" && b.heading.is_none())
    {
        for s in super::sentence::split(rules, &b.para.text) {
            if let Some(d) = determination(rules, s) {
                stated.push((d.to_string(), complaint_of(rules, s), ev(b)));
            }
        }
    }

    let mut blocked = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if b.heading != Some("finding") {
            continue;
        }
        let Some(next) = blocks.get(i + 1) else {
            continue;
        };
        let Some(d) = determination(rules, &next.para.text) else {
            continue;
        };
        let complaint = (1..=2)
            .filter_map(|k| i.checked_sub(k))
            .find(|&j| blocks[j].heading == Some("item"))
            .and_then(|j| blocks.get(j + 1))
            .map(|c| tidy(&c.para.text));
        blocked.push((d.to_string(), complaint, ev(next)));
    }

    let use_stated = !stated.is_empty();
    if use_stated && !blocked.is_empty() {
        let a: Vec<&str> = stated.iter().map(|f| f.0.as_str()).collect();
        let b: Vec<&str> = blocked.iter().map(|f| f.0.as_str()).collect();
        if a != b {
            rec.warnings.push(format!(
                "the determination lists {} but the findings say {}",
                a.join(", "),
                b.join(", ")
            ));
        }
    }
    let chosen = if use_stated { stated } else { blocked };
    let n = chosen.len();
    for (k, (d, complaint, e)) in chosen.into_iter().enumerate() {
        let complaint = complaint.or_else(|| (items.len() == n).then(|| items[k].clone()));
        rec.determinations.push(Determination {
            complaint: complaint.clone(),
            determination: d.clone(),
        });
        rec.findings.push(Finding {
            complaint,
            organisation: None,
            determination: d,
            evidence: e,
        });
    }
    if rec.findings.is_empty() {
        rec.warnings
            .push("no determination found for any complaint item".into());
    }
}

/// The text with the sum at `start..end` written `£SUM`, for the money rules.
fn window(text: &str, start: usize, end: usize) -> String {
    format!("{}£SUM{}", &text[..start], &text[end..])
}

/// What the money of one order or recommendation is.
#[derive(Default)]
struct Sums {
    /// Sums to pay.
    pay: Vec<Gbp>,
    /// Sums the landlord had already offered or paid.
    already: Vec<Gbp>,
}

fn sums(rules: &RuleSet, text: &str) -> Sums {
    let mut out = Sums::default();
    let mut overflow = false;
    let components_from = rules
        .field("housing.order.component")
        .filter_map(|r| r.regex().find(text))
        .map(|m| m.end())
        .min();
    for am in money::amounts(rules, text, &mut overflow) {
        let w = window(text, am.start, am.end);
        if rules.any_match("housing.money.inclusive", &w)
            || rules.any_match("housing.money.deduct", &w)
        {
            out.already.push(am.gbp);
            continue;
        }
        if components_from.is_some_and(|c| am.start >= c) {
            continue;
        }
        let payable = rules.any_match("housing.order.pay", &text[..am.start]);
        if rules.any_match("housing.money.offered", &w) {
            out.already.push(am.gbp);
            if payable {
                out.pay.push(am.gbp);
            }
            continue;
        }
        if payable {
            out.pay.push(am.gbp);
        }
    }
    out
}

/// The orders and recommendations, their sums, and the money fields.
fn orders(rules: &RuleSet, blocks: &[Block], rec: &mut Record) {
    let no_orders = blocks
        .iter()
        .find(|b| rules.any_match("housing.no_orders", &b.para.text));
    let ordered = read_list(rules, blocks, "orders");
    let recommended = read_list(rules, blocks, "recommendations");
    if let Some(b) = no_orders {
        if !ordered.is_empty() {
            rec.warnings.push(format!(
                "the page says it makes no orders (line {}) but lists {} order(s)",
                b.para.line + 1,
                ordered.len()
            ));
        }
    }

    let mut already: BTreeSet<Gbp> = BTreeSet::new();
    let mut pay_ordered = Vec::new();
    let mut pay_recommended = Vec::new();
    for (list, is_order) in [(&ordered, true), (&recommended, false)] {
        for item in list.iter() {
            let s = sums(rules, &item.text);
            already.extend(s.already.iter().copied());
            for &g in &s.pay {
                if is_order {
                    pay_ordered.push(g);
                    rec.payments.push(Payment {
                        amount_gbp: g,
                        recipient: item.payee.clone(),
                        purpose: None,
                        kind: "payment".into(),
                        per: None,
                        evidence: item.evidence.clone(),
                    });
                } else {
                    pay_recommended.push(g);
                }
            }
        }
    }
    for o in &ordered {
        rec.remedies.push(Remedy {
            kind: o.kind.clone(),
            group: crate::extract::remedy::kinds::group(&o.kind).into(),
            evidence: o.evidence.clone(),
        });
        if let Some(due) = &o.due {
            rec.deadlines.push(Deadline {
                text: due.clone(),
                days: deadline::find(rules, due).first().map(|f| f.days),
                applies_to: Some(o.kind.clone()),
                evidence: o.evidence.clone(),
            });
        }
    }
    rec.remedy_total_gbp = Some(pay_ordered.iter().copied().sum());
    rec.payments_ordered = Some(pay_ordered);
    rec.payments_recommended = Some(pay_recommended);

    if already.is_empty() {
        // No order or recommendation names an offer: the body text's offers.
        let mut offers: BTreeSet<Gbp> = BTreeSet::new();
        let mut first = None;
        for b in blocks.iter().filter(|b| b.heading.is_none()) {
            let mut overflow = false;
            for am in money::amounts(rules, &b.para.text, &mut overflow) {
                if rules.any_match("housing.offer", &window(&b.para.text, am.start, am.end)) {
                    offers.insert(am.gbp);
                    first.get_or_insert_with(|| ev(b));
                }
            }
        }
        match offers.len() {
            0 => rec.remedy_already_provided_gbp = Some(Gbp(0)),
            1 => {
                rec.remedy_already_provided_gbp = offers.first().copied();
                rec.remedy_already_provided = true;
                if let Some(e) = first {
                    rec.evidence.insert("remedy_already_provided_gbp".into(), e);
                }
            }
            _ => {
                rec.remedy_already_provided_gbp = None;
                rec.remedy_already_provided = true;
                rec.warnings.push(format!(
                    "the landlord's offers before the decision are not settled: the text names {} (no order or recommendation says which stands)",
                    offers.iter().map(|g| format!("£{g}")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    } else {
        rec.remedy_already_provided_gbp = Some(already.iter().copied().sum());
        rec.remedy_already_provided = true;
    }
    rec.orders = ordered;
    rec.recommendations = recommended;
}

/// The items of the orders or the recommendations section. In a table, an
/// order's name (or number) opens it and its text runs to the next; in a
/// list, each paragraph is one item, with the parts of a total (`comprised
/// of:`) kept in the total's item.
fn read_list(rules: &RuleSet, blocks: &[Block], section: &str) -> Vec<Order> {
    let mut out: Vec<Order> = Vec::new();
    let mut table = false;
    let mut open = false;
    let mut lead_due: Option<String> = None;
    for b in blocks.iter().filter(|b| b.section == section) {
        let t = b.para.text.trim();
        if b.heading.is_some() || rules.any_match("housing.boilerplate", t) {
            continue;
        }
        let is_number = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
        let is_name = rules.any_match("housing.order.name", t);
        if is_number || is_name {
            if !(is_name && open && out.last().is_some_and(|o| o.text.is_empty())) {
                out.push(new_order(b, ""));
            }
            if is_name {
                if let Some(o) = out.last_mut() {
                    o.kind = t.to_string();
                }
            }
            table = true;
            open = true;
            continue;
        }
        let due = rules
            .field("housing.order.due")
            .find_map(|r| r.regex().find(t))
            .map(|m| m.as_str().trim_end_matches(['.', ',', ':']).to_string());
        if rules.any_match("housing.order.lead", t) {
            lead_due = due;
            continue;
        }
        let whole_due = due.as_deref().is_some_and(|d| d.len() + 1 >= t.len());
        if whole_due {
            if let Some(o) = out.last_mut() {
                o.due = due;
            }
            continue;
        }
        let part_of_last = out.last().is_some_and(|o| {
            rules.any_match("housing.order.component", &o.text)
                && t.split(' ').next().is_some_and(|m| {
                    m.trim_matches(['(', ')', '.'])
                        .chars()
                        .all(|c| matches!(c, 'i' | 'v' | 'x'))
                })
        });
        let explains = !rules.any_match("housing.order.asks", t) && !out.is_empty();
        if (table && open) || part_of_last || explains {
            if let Some(o) = out.last_mut() {
                if !o.text.is_empty() {
                    o.text.push(' ');
                }
                o.text.push_str(t);
                if o.evidence.text.is_empty() {
                    o.evidence = ev(b);
                }
                if o.due.is_none() {
                    o.due = due;
                }
                continue;
            }
        }
        let mut o = new_order(b, t);
        o.due = due.or_else(|| lead_due.clone());
        out.push(o);
    }
    for o in &mut out {
        // The table's name (`Apology order`) then the text name the kind.
        let hay = format!("{} {}", o.kind, o.text);
        o.kind = rules
            .marks("housing.order.kind", &hay)
            .first()
            .map_or("other", |m| m.yields)
            .to_string();
        let s = sums(rules, &o.text);
        if !s.pay.is_empty() {
            o.amount_gbp = Some(s.pay.iter().copied().sum());
            o.payee = rules
                .first_value("housing.order.payee", &o.text)
                .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        o.text = strip_marker(&o.text).to_string();
    }
    out.into_iter().filter(|o| !o.text.is_empty()).collect()
}

fn new_order(b: &Block, text: &str) -> Order {
    Order {
        kind: String::new(),
        text: text.to_string(),
        amount_gbp: None,
        payee: None,
        due: None,
        evidence: if text.is_empty() {
            Evidence {
                line: b.para.line + 1,
                text: String::new(),
                section: Some(b.section.to_string()),
            }
        } else {
            ev(b)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;

    fn read(text: &str) -> Record {
        let rules = RuleSet::embedded();
        let cleaned = Cleaner::embedded().clean(text);
        extract(&rules, "x.txt".into(), &cleaned, &Budget::none()).unwrap()
    }

    #[test]
    fn determination_scale() {
        let rules = RuleSet::embedded();
        for (t, want) in [
            (
                "No maladministration in its response to reports of noise.",
                "no maladministration",
            ),
            (
                "there was severe maladministration by the landlord",
                "severe maladministration",
            ),
            (
                "A reasonable offer of redress has been made for the landlord’s response",
                "reasonable redress",
            ),
            (
                "A service failure in the landlord’s response to the associated complaint.",
                "service failure",
            ),
            (
                "Maladministration in the landlord’s handling of repairs.",
                "maladministration",
            ),
        ] {
            assert_eq!(determination(&rules, t), Some(want), "{t}");
        }
    }

    #[test]
    fn ordered_recommended_and_already_offered_sums() {
        let rules = RuleSet::embedded();
        let s = sums(&rules, "Pay the resident £650 compensation, comprised of: i. £500 for distress ii. £150 for complaint handling.");
        assert_eq!(s.pay, [Gbp(65000)]);
        let s = sums(
            &rules,
            "The landlord must pay the resident £500, inclusive of the £200 already offered.",
        );
        assert_eq!((s.pay, s.already), (vec![Gbp(50000)], vec![Gbp(20000)]));
        let s = sums(
            &rules,
            "The landlord should pay the resident the £125 it offered in its stage 2 response.",
        );
        assert_eq!((s.pay, s.already), (vec![Gbp(12500)], vec![Gbp(12500)]));
    }

    #[test]
    fn findings_blocks_when_no_determination_lines() {
        let r = read(
            "Example Homes (202400002)\nCase ID\n202400002\nLandlord\nExample Homes\nDate\n3\nMarch 2026\n\
             What we found and why\nComplaint\nThe landlord’s handling of repairs\nFinding\nService failure\n\
             The landlord took too long. It offered £100. At stage 2 it offered £150.\n",
        );
        assert_eq!(r.decision_date.as_deref(), Some("2026-03-03"));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].determination, "service failure");
        assert_eq!(
            r.findings[0].complaint.as_deref(),
            Some("The landlord's handling of repairs")
        );
        // Two different offers and nothing to say which stands: not settled.
        assert_eq!(r.remedy_already_provided_gbp, None);
        assert!(r.remedy_already_provided);
        assert_eq!(r.payments_ordered, Some(vec![]));
    }
}
