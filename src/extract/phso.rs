//! Parliamentary and Health Service Ombudsman decisions (issue 14), read
//! with the `phso.*` rule pack (rules/phso/): the bodies complained about,
//! the determination for each, the recommended payments and their
//! deadlines, money the body had already paid.
//!
//! The layout: `The Complaint:`, `Background:`, `Evidence:`, `Findings:`,
//! `Our Decision:`, `Recommendations:` headings, each section one line of
//! numbered paragraphs. Sentences come from the LGSCO splitter, sums from
//! the `money.amount` rules and period deadlines from the `deadline` rules,
//! kept only when tied to the report (`within one month of the date of our
//! final report`).

use std::collections::BTreeSet;

use super::{deadline, evidence_text, file_name_evidence, money, sentence};
use crate::budget::Budget;
use crate::clean::Cleaned;
use crate::record::{Deadline, Evidence, Finding, Gbp, Payment, Record};
use crate::rules::RuleSet;

pub const OMBUDSMAN: &str = "Parliamentary and Health Service Ombudsman";

struct Sent<'a> {
    line: usize,
    text: &'a str,
    section: &'static str,
}

impl Sent<'_> {
    fn evidence(&self) -> Evidence {
        Evidence {
            line: self.line + 1,
            text: evidence_text(self.text),
            section: Some(self.section.to_string()),
        }
    }
}

/// A body complained about: its name as the page writes it, and the name it
/// goes by afterwards.
struct Body {
    name: String,
    short: Option<String>,
    named: bool,
}

impl Body {
    /// Where the sentence names this body, if it does.
    fn position(&self, text: &str) -> Option<usize> {
        let lower = text.to_lowercase();
        let mut names = vec![self.name.to_lowercase()];
        if let Some(s) = &self.short {
            names.push(s.to_lowercase());
            if let Some(bare) = s.to_lowercase().strip_prefix("the ") {
                names.push(bare.to_string());
            }
        }
        names.iter().filter_map(|n| lower.find(n.as_str())).min()
    }
}

/// Reads one PHSO page. Never fails: every field the page does not settle
/// is null or empty, with a warning.
pub fn extract(
    rules: &RuleSet,
    file: String,
    stem: &str,
    cleaned: &Cleaned,
    budget: &Budget,
) -> Result<Record, crate::error::FileError> {
    let mut rec = Record::new(file);
    rec.ombudsman = OMBUDSMAN.into();

    // Sections and sentences.
    let mut section = "complaint";
    let mut sents = Vec::new();
    for (i, line) in cleaned.lines().enumerate() {
        if let Some(y) = rules
            .field("phso.heading")
            .find(|r| r.regex().is_match(line.trim()))
            .map(|r| r.yields())
        {
            section = crate::rules::schema::spec("phso.heading")
                .and_then(|f| f.yields.iter().copied().find(|k| *k == y))
                .unwrap_or("complaint");
            continue;
        }
        for s in sentence::split(rules, line) {
            sents.push(Sent {
                line: i,
                text: s,
                section,
            });
        }
    }
    budget.check("sentences")?;

    // Reference: the pages print none; the file name has it.
    if let Some((_, r)) = rules.first_value("phso.reference.file_name", stem) {
        rec.reference = Some(r.to_string());
        rec.evidence
            .insert("reference".into(), file_name_evidence(stem));
        rec.warnings.push(format!(
            "no reference in the text: {r} taken from the file name"
        ));
    } else {
        rec.warnings.push("no case reference found".into());
    }

    let bodies = bodies(rules, &sents);
    for b in &bodies {
        rec.organisations.push(b.name.clone());
    }
    match bodies.iter().find(|b| b.named) {
        Some(b) => rec.organisation = Some(b.name.clone()),
        None => rec.warnings.push(
            "the body complained about is never named (only `the Trust` or similar): organisation is null".into(),
        ),
    }

    determinations(rules, &sents, &bodies, &mut rec);
    money_and_deadlines(rules, &sents, &mut rec);
    Ok(rec)
}

/// The bodies complained about: those the decision or the complaint
/// introduces by full and short name, else the unnamed one the complaint
/// speaks of (`the Trust`).
fn bodies(rules: &RuleSet, sents: &[Sent]) -> Vec<Body> {
    let mut out: Vec<Body> = Vec::new();
    // The bodies a field's rules name in the decision and the complaint, in
    // order, each once; `short` from group `short` when the field has one.
    let named = |field: &str, out: &mut Vec<Body>| {
        for sect in ["decision", "complaint"] {
            for s in sents.iter().filter(|s| s.section == sect) {
                for rule in rules.field(field) {
                    for c in rule.regex().captures_iter(s.text) {
                        let Some(org) = c.name("org") else { continue };
                        let name = org
                            .as_str()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        if !out.iter().any(|b| b.name == name) {
                            out.push(Body {
                                name,
                                short: c.name("short").map(|m| m.as_str().trim().to_string()),
                                named: true,
                            });
                        }
                    }
                }
            }
        }
    };
    named("phso.body", &mut out);
    if out.is_empty() {
        named("phso.body.plain", &mut out);
    }
    if out.is_empty() {
        for sect in ["complaint", "decision", "findings"] {
            let found = sents
                .iter()
                .filter(|s| s.section == sect)
                .find_map(|s| rules.first_value("phso.body.unnamed", s.text));
            if let Some((_, org)) = found {
                let mut name = org.split_whitespace().collect::<Vec<_>>().join(" ");
                if let Some(rest) = name.strip_prefix("The ") {
                    name = format!("the {rest}");
                }
                out.push(Body {
                    short: Some(name.clone()),
                    name,
                    named: false,
                });
                break;
            }
        }
    }
    out
}

/// One finding per body: the first sentence of the decision (then of the
/// findings and recommendations) that says what was decided, for the body
/// it names, or for the only body.
fn determinations(rules: &RuleSet, sents: &[Sent], bodies: &[Body], rec: &mut Record) {
    let mut found: Vec<Option<(String, Evidence)>> = vec![None; bodies.len()];
    for sect in ["decision", "findings", "recommendations"] {
        for s in sents.iter().filter(|s| s.section == sect) {
            let Some(mark) = rules.marks("phso.outcome", s.text).into_iter().next() else {
                continue;
            };
            let named = bodies
                .iter()
                .enumerate()
                .filter_map(|(i, b)| b.position(s.text).map(|p| (p, i)))
                .min();
            let target = match named {
                Some((_, i)) => Some(i),
                None if bodies.len() == 1 => Some(0),
                None => None,
            };
            if let Some(i) = target {
                if found[i].is_none() {
                    found[i] = Some((mark.yields.to_string(), s.evidence()));
                }
            }
        }
    }
    for (b, f) in bodies.iter().zip(found) {
        if let Some((d, e)) = f {
            rec.findings.push(Finding {
                complaint: None,
                organisation: Some(b.name.clone()),
                determination: d,
                evidence: e,
            });
        }
    }
    let ds: Vec<&str> = rec
        .findings
        .iter()
        .map(|f| f.determination.as_str())
        .collect();
    let outcome = match ds.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        many if many.iter().all(|d| *d == many[0]) => Some(many[0].to_string()),
        many if many
            .iter()
            .any(|d| matches!(*d, "upheld" | "partly upheld")) =>
        {
            Some("partly upheld".to_string())
        }
        _ => Some("not upheld".to_string()),
    };
    match outcome {
        Some(o) => {
            rec.outcome = Some(o);
            rec.outcome_basis = Some("inferred".into());
            if let Some(f) = rec.findings.first() {
                rec.evidence.insert("outcome".into(), f.evidence.clone());
            }
            if rec.findings.len() < bodies.len() {
                rec.warnings
                    .push("no determination found for some of the bodies complained about".into());
            }
        }
        None => rec
            .warnings
            .push("the decision does not say whether the complaint is upheld".into()),
    }
}

/// Recommended payments (each sum once: the pages restate it), money
/// already paid, and the deadlines the recommendations set.
fn money_and_deadlines(rules: &RuleSet, sents: &[Sent], rec: &mut Record) {
    let mut paid: BTreeSet<Gbp> = BTreeSet::new();
    let mut already: BTreeSet<Gbp> = BTreeSet::new();
    for s in sents
        .iter()
        .filter(|s| matches!(s.section, "findings" | "decision" | "recommendations"))
    {
        let mut overflow = false;
        let recommends = rules.any_match("phso.recommends", s.text);
        for am in money::amounts(rules, s.text, &mut overflow) {
            let w = format!("{}£SUM{}", &s.text[..am.start], &s.text[am.end..]);
            if rules.any_match("phso.already", &w) {
                if already.insert(am.gbp) {
                    rec.evidence
                        .entry("remedy_already_provided_gbp".into())
                        .or_insert_with(|| s.evidence());
                }
            } else if recommends && rules.any_match("phso.payment", &w) && paid.insert(am.gbp) {
                rec.payments.push(Payment {
                    amount_gbp: am.gbp,
                    recipient: None,
                    purpose: None,
                    kind: "payment".into(),
                    per: None,
                    evidence: s.evidence(),
                });
            }
        }
        let mut found: Vec<(usize, Deadline)> = Vec::new();
        for f in deadline::find(rules, s.text) {
            // Tied to the report only: the scope phrase is part of the match.
            let bare = rules
                .field("deadline")
                .filter_map(|r| r.regex().find(&s.text[f.start..]))
                .map(|m| m.end())
                .max()
                .unwrap_or(0);
            if f.end - f.start > bare {
                found.push((
                    f.start,
                    Deadline {
                        text: s.text[f.start..f.end].to_string(),
                        days: Some(f.days),
                        applies_to: None,
                        evidence: s.evidence(),
                    },
                ));
            }
        }
        for rule in rules.field("phso.deadline.date") {
            for m in rule.regex().find_iter(s.text) {
                found.push((
                    m.start(),
                    Deadline {
                        text: m.as_str().to_string(),
                        days: None,
                        applies_to: None,
                        evidence: s.evidence(),
                    },
                ));
            }
        }
        found.sort_by_key(|(p, _)| *p);
        rec.deadlines.extend(found.into_iter().map(|(_, d)| d));
    }
    rec.remedy_total_gbp = Some(rec.payments.iter().map(|p| p.amount_gbp).sum());
    rec.remedy_already_provided_gbp = Some(already.iter().copied().sum());
    rec.remedy_already_provided = !already.is_empty();
}
