//! The output records: one [`Record`] per decision, one [`ErrorRecord`] per
//! file that gave none. Field names are the output contract of
//! `decisions.jsonl` (see README "Output"): add fields, rename none.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::ErrorKind;

/// An amount of money in whole pence, so sums are exact. Serialised as a JSON
/// number of pounds that is always a float (`350.0` for £350, `1250.5` for
/// £1,250.50) and written in CSV with two decimals ([`Gbp::decimal`]): one type per
/// column, so that tools which infer a column's type from its first rows
/// (DuckDB) never read it as an integer and round later values (issue 11).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gbp(pub i64);

impl Gbp {
    pub fn from_pounds(pounds: f64) -> Gbp {
        Gbp((pounds * 100.0).round() as i64)
    }

    pub fn pounds(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl Gbp {
    /// Pounds with two decimals (`350.00`, `1250.50`): how every CSV cell
    /// and tab-separated list writes money.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let pence = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", pence / 100, pence % 100)
    }
}

impl fmt::Display for Gbp {
    /// Plain pounds for people (`350`, `1250.5`); files use
    /// [`Gbp::decimal`] or the JSON form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 100 == 0 {
            write!(f, "{}", self.0 / 100)
        } else {
            write!(f, "{}", self.pounds())
        }
    }
}

impl std::ops::Add for Gbp {
    type Output = Gbp;
    // Saturating: an absurd amount in a page must not overflow a total.
    fn add(self, o: Gbp) -> Gbp {
        Gbp(self.0.saturating_add(o.0))
    }
}

impl std::ops::AddAssign for Gbp {
    fn add_assign(&mut self, o: Gbp) {
        self.0 = self.0.saturating_add(o.0);
    }
}

impl std::iter::Sum for Gbp {
    fn sum<I: Iterator<Item = Gbp>>(iter: I) -> Gbp {
        iter.fold(Gbp(0), |a, b| a + b)
    }
}

impl Serialize for Gbp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.pounds())
    }
}

impl<'de> Deserialize<'de> for Gbp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Gbp, D::Error> {
        Ok(Gbp::from_pounds(f64::deserialize(d)?))
    }
}

/// Where a value came from: a line of the cleaned text (1-based) and that
/// line. Line 0 means the value came from outside the text (the file name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub line: usize,
    pub text: String,
    /// The section of the decision the line sits in (`summary`, `findings`,
    /// `action`, `decision`...), for values read from the prose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// One payment the organisation agreed or was recommended to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub amount_gbp: Gbp,
    /// Who is paid: `Miss X`, `B`, `each of the neighbours`...
    pub recipient: Option<String>,
    /// What for: `avoidable distress`, `time and trouble`, `refund`...
    pub purpose: Option<String>,
    /// `payment`, `refund`, `reimbursement` or `waiver`.
    pub kind: String,
    /// For a rate whose number of periods the text does not state (`£100
    /// per month` while a delay runs on): its period, `month`; `amount_gbp`
    /// is then one period's sum and the decision's total is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<String>,
    pub evidence: Evidence,
}

/// A remedy the organisation agreed or was recommended to carry out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    /// `apology`, `payment`, `reassessment`, `reconsider_complaint`,
    /// `service_improvement`, `provide_service`, `correct_records`, `other`.
    pub kind: String,
    /// `personal` or `service_improvement`, as the LGSCO splits them.
    pub group: String,
    pub evidence: Evidence,
}

/// A deadline for the organisation to act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// As written: `within four weeks`.
    pub text: String,
    /// Weeks × 7, months × 30; null for a deadline written as a date
    /// (`by 18 02 26`), whose length depends on a date the page may not give.
    pub days: Option<u32>,
    /// What it applies to (the action the sentence asks for), when clear.
    pub applies_to: Option<String>,
    pub evidence: Evidence,
}

/// One decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// Path relative to the PATH given on the command line, `/`-separated.
    pub file: String,
    /// The decision's page on the Ombudsman's website: the HTML page's
    /// canonical link, else built from the category and reference
    /// ([`crate::url`]); `None` when neither can be known.
    pub url: Option<String>,
    pub ombudsman: String,
    pub reference: Option<String>,
    pub organisation: Option<String>,
    pub category: Option<String>,
    pub category_area: Option<String>,
    pub category_sub: Option<String>,
    /// ISO date.
    pub decision_date: Option<String>,
    pub outcome: Option<String>,
    /// `stated` (a `Decision :` line) or `inferred`; null with outcome null.
    pub outcome_basis: Option<String>,
    /// `statement` or `report`.
    pub decision_kind: String,
    pub complainant: Option<String>,
    pub summary: Option<String>,
    pub payments: Vec<Payment>,
    /// The sum of `payments`; null when a payment is an open-ended rate
    /// (`£100 per month for the delay`): the text does not settle it.
    pub remedy_total_gbp: Option<Gbp>,
    pub remedies: Vec<Remedy>,
    pub remedy_already_provided: bool,
    /// True when the Ombudsman closed the complaint because the organisation
    /// had already put things right: the LGSCO records such closures
    /// sometimes as upheld and sometimes as closed after initial enquiries.
    pub remedied_closure: bool,
    /// Money already paid, credited or offered before the decision; 0 when
    /// no sum is stated (the labels' convention: `remedy_already_provided`
    /// says whether anything was provided). Kept optional for the contract.
    pub remedy_already_provided_gbp: Option<Gbp>,
    pub deadlines: Vec<Deadline>,
    /// Other files holding the same decision (same reference).
    pub duplicates: Vec<String>,
    pub encoding: String,
    pub warnings: Vec<String>,
    /// Field name to the line it came from.
    pub evidence: BTreeMap<String, Evidence>,
    // Fields of the other ombudsmen (issue 14): absent from LGSCO records,
    // whose lines stay as they were.
    /// Housing Ombudsman: the landlord type as printed (`Housing Association`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_type: Option<String>,
    /// Housing Ombudsman: the resident's tenure as printed (`Secure Tenancy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<String>,
    /// PHSO: the bodies complained about, as the page names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    /// One entry per complaint item (Housing Ombudsman) or per body (PHSO).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    /// Housing Ombudsman: `{complaint, determination}` per complaint item,
    /// the findings without their evidence (the labels' form).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub determinations: Vec<Determination>,
    /// Housing Ombudsman: what the landlord is ordered to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<Order>,
    /// Housing Ombudsman: what the landlord is only recommended to do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Order>,
    /// Housing Ombudsman: the sums ordered (they make `remedy_total_gbp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payments_ordered: Option<Vec<Gbp>>,
    /// Housing Ombudsman: the sums only recommended (not in the total).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payments_recommended: Option<Vec<Gbp>>,
}

/// One complaint item (Housing Ombudsman) or body complained about (PHSO)
/// and what the ombudsman determined of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The complaint item in short, as the page words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<String>,
    /// The body the finding is about (PHSO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// On the ombudsman's scale: `maladministration`, `reasonable redress`,
    /// `partly upheld`...
    pub determination: String,
    pub evidence: Evidence,
}

/// A finding as the Housing Ombudsman labels write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Determination {
    pub complaint: Option<String>,
    pub determination: String,
}

/// One order or recommendation of a Housing Ombudsman determination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// `payment`, `apology`, `repair`, `review`, `other`...
    pub kind: String,
    /// What the landlord must (or should) do, as written.
    pub text: String,
    /// The sum, when the order is a payment; none for a sum the landlord
    /// had already offered that it is only to pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_gbp: Option<Gbp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payee: Option<String>,
    /// The due date as written (`No later than 26 June 2026`, `within four weeks`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    pub evidence: Evidence,
}

impl Record {
    pub fn new(file: String) -> Record {
        Record {
            file,
            url: None,
            ombudsman: "LGSCO".into(),
            reference: None,
            organisation: None,
            category: None,
            category_area: None,
            category_sub: None,
            decision_date: None,
            outcome: None,
            outcome_basis: None,
            decision_kind: "statement".into(),
            complainant: None,
            summary: None,
            payments: Vec::new(),
            remedy_total_gbp: Some(Gbp(0)),
            remedies: Vec::new(),
            remedy_already_provided: false,
            remedied_closure: false,
            remedy_already_provided_gbp: Some(Gbp(0)),
            deadlines: Vec::new(),
            duplicates: Vec::new(),
            encoding: "utf-8".into(),
            warnings: Vec::new(),
            evidence: BTreeMap::new(),
            organisation_type: None,
            occupancy: None,
            organisations: Vec::new(),
            findings: Vec::new(),
            determinations: Vec::new(),
            orders: Vec::new(),
            recommendations: Vec::new(),
            payments_ordered: None,
            payments_recommended: None,
        }
    }

    /// The decision year, from the ISO date.
    pub fn decision_year(&self) -> Option<i32> {
        self.decision_date.as_deref()?.get(..4)?.parse().ok()
    }
}

/// A file that gave no record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorRecord {
    pub file: String,
    pub kind: ErrorKind,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbp_serialises_as_pounds() {
        // Always a float in JSON, always two decimals in CSV (issue 11).
        assert_eq!(serde_json::to_string(&Gbp(35000)).unwrap(), "350.0");
        assert_eq!(serde_json::to_string(&Gbp(0)).unwrap(), "0.0");
        assert_eq!(serde_json::to_string(&Gbp(125050)).unwrap(), "1250.5");
        assert_eq!(serde_json::from_str::<Gbp>("1250.5").unwrap(), Gbp(125050));
        // Datasets of earlier versions wrote whole pounds as integers.
        assert_eq!(serde_json::from_str::<Gbp>("350").unwrap(), Gbp(35000));
        assert_eq!(Gbp(125050).decimal(), "1250.50");
        assert_eq!(Gbp(35000).decimal(), "350.00");
        assert_eq!(Gbp(5).decimal(), "0.05");
        assert_eq!(Gbp(-125050).decimal(), "-1250.50");
        assert_eq!(Gbp(125050).to_string(), "1250.5");
        assert_eq!(Gbp::from_pounds(0.1 + 0.2), Gbp(30));
    }
}
