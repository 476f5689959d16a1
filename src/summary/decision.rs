//! The read model of the reports: the fields of a decision they use, read
//! leniently from `decisions.jsonl` (unknown fields ignored, missing ones
//! empty), so that a dataset written by another version of ombuds still
//! summarises. It is what the reports need of a [`Record`], not a copy of it.

use serde::{Deserialize, Serialize};

use crate::record::{Gbp, Record};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Decision {
    pub file: String,
    /// `LGSCO`, `Housing Ombudsman`...; empty in datasets written before
    /// issue 14, which hold LGSCO decisions only.
    pub ombudsman: String,
    pub reference: Option<String>,
    /// The decision's page on the Ombudsman's site (issue 12 adds it to
    /// every record); the reports link the reference to it.
    pub url: Option<String>,
    pub organisation: Option<String>,
    pub category: Option<String>,
    pub category_area: Option<String>,
    pub decision_date: Option<String>,
    pub outcome: Option<String>,
    pub outcome_basis: Option<String>,
    /// Closed because the organisation had already put things right
    /// (issue 10 adds it to records): counted apart, its outcome as the
    /// LGSCO recorded it.
    pub remedied_closure: bool,
    pub complainant: Option<String>,
    pub summary: Option<String>,
    pub payments: Vec<DecisionPayment>,
    /// Null when a payment is an open-ended rate (the text does not settle
    /// the total): such a decision has a payment but no total.
    pub remedy_total_gbp: Option<Gbp>,
    pub remedies: Vec<DecisionRemedy>,
    pub remedy_already_provided: bool,
    pub remedy_already_provided_gbp: Option<Gbp>,
    pub duplicates: Vec<String>,
    /// Per complaint item or body (issue 14).
    pub findings: Vec<DecisionFinding>,
    /// Housing Ombudsman: the sums only recommended.
    pub payments_recommended: Option<Vec<Gbp>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionFinding {
    pub organisation: Option<String>,
    pub determination: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionPayment {
    pub amount_gbp: Gbp,
    pub recipient: Option<String>,
    pub purpose: Option<String>,
    pub kind: Option<String>,
    /// The period of an open-ended rate (see [`crate::record::Payment`]).
    pub per: Option<String>,
    pub evidence: Option<EvidenceText>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionRemedy {
    pub kind: String,
    pub group: String,
    pub evidence: Option<EvidenceText>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvidenceText {
    pub line: usize,
    pub text: String,
}

impl Decision {
    /// The fields `ombuds.xlsx` checks on a record before it is written
    /// (cells too long for a spreadsheet), without re-reading it.
    pub fn from_record(r: &Record) -> Decision {
        let ev = |e: &crate::record::Evidence| {
            Some(EvidenceText {
                line: e.line,
                text: e.text.clone(),
            })
        };
        Decision {
            file: r.file.clone(),
            ombudsman: r.ombudsman.clone(),
            findings: r
                .findings
                .iter()
                .map(|f| DecisionFinding {
                    organisation: f.organisation.clone(),
                    determination: f.determination.clone(),
                })
                .collect(),
            payments_recommended: r.payments_recommended.clone(),
            reference: r.reference.clone(),
            url: r.url.clone(),
            organisation: r.organisation.clone(),
            category: r.category.clone(),
            category_area: r.category_area.clone(),
            decision_date: r.decision_date.clone(),
            outcome: r.outcome.clone(),
            outcome_basis: r.outcome_basis.clone(),
            remedied_closure: r.remedied_closure,
            complainant: r.complainant.clone(),
            summary: r.summary.clone(),
            payments: r
                .payments
                .iter()
                .map(|p| DecisionPayment {
                    amount_gbp: p.amount_gbp,
                    recipient: p.recipient.clone(),
                    purpose: p.purpose.clone(),
                    kind: Some(p.kind.clone()),
                    per: p.per.clone(),
                    evidence: ev(&p.evidence),
                })
                .collect(),
            remedy_total_gbp: r.remedy_total_gbp,
            remedies: r
                .remedies
                .iter()
                .map(|m| DecisionRemedy {
                    kind: m.kind.clone(),
                    group: m.group.clone(),
                    evidence: ev(&m.evidence),
                })
                .collect(),
            remedy_already_provided: r.remedy_already_provided,
            remedy_already_provided_gbp: r.remedy_already_provided_gbp,
            duplicates: r.duplicates.clone(),
        }
    }

    /// The remedy total, 0 when the text does not settle it (an open-ended
    /// rate): what money figures add up.
    pub fn settled_total(&self) -> Gbp {
        self.remedy_total_gbp.unwrap_or(Gbp(0))
    }

    /// True when the decision orders money: a total above 0, or payments
    /// whose total is unknown.
    pub fn has_payment(&self) -> bool {
        self.remedy_total_gbp
            .map_or(!self.payments.is_empty(), |g| g.0 > 0)
    }

    /// True for an LGSCO decision (the council-by-council figures are theirs).
    pub fn is_lgsco(&self) -> bool {
        self.ombudsman.is_empty() || self.ombudsman == "LGSCO"
    }

    /// The ombudsman, `LGSCO` for datasets written before issue 14.
    pub fn ombudsman_name(&self) -> &str {
        if self.ombudsman.is_empty() {
            "LGSCO"
        } else {
            &self.ombudsman
        }
    }

    /// The reference, or the file when there is none: how reports point to
    /// a decision.
    pub fn label(&self) -> &str {
        self.reference.as_deref().unwrap_or(&self.file)
    }

    /// The decision's page when it is a web address a report may link to
    /// (`http://` or `https://`, at most 2,000 characters): anything else
    /// from a dataset is shown as text, never followed.
    pub fn link(&self) -> Option<&str> {
        web_link(self.url.as_deref())
    }
}

/// `url` when a report may link to it (see [`Decision::link`]).
pub fn web_link(url: Option<&str>) -> Option<&str> {
    let u = url?.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    (web && u.len() <= 2000 && !u.chars().any(|c| c.is_whitespace() || c.is_control())).then_some(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        let u = "https://www.lgo.org.uk/decisions/x/24-012-297";
        assert_eq!(web_link(Some(u)), Some(u));
        assert_eq!(web_link(Some("HTTP://a.b/c")), Some("HTTP://a.b/c"));
        assert_eq!(web_link(Some("javascript:alert(1)")), None);
        assert_eq!(web_link(Some("https://a b")), None);
        assert_eq!(web_link(Some("")), None);
        assert_eq!(web_link(None), None);
        // Missing in a dataset written before issue 12: no link.
        let d: Decision = serde_json::from_str(r#"{"file":"a.txt"}"#).unwrap();
        assert_eq!(d.link(), None);
        assert!(!d.remedied_closure);
    }
}
