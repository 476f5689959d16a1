//! The figures: [`Stats`] for one group of decisions (an organisation, a
//! category area, a year...), folded one decision at a time and merged with
//! `+=`, and [`Summary`], the groups of a whole dataset.
//!
//! Memory is bounded by the number of groups, never by the number of
//! decisions: medians come from a histogram of remedy amounts (amount →
//! number of decisions), which is exact and holds one entry per distinct
//! amount (remedies repeat a few round sums: £100, £250, £500...).

use std::collections::BTreeMap;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

use super::gazetteer::{Gazetteer, OrgType};
use super::{decision::web_link, Decision};
use crate::record::Gbp;

/// Outcome groups for the uphold rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeClass {
    Upheld,
    NotUpheld,
    ClosedAfterInitialEnquiries,
    Other,
    Unknown,
}

impl OutcomeClass {
    /// The group as the report's links write it (`upheld`, `not-upheld`,
    /// `closed`, `other`, `unknown`); `--outcome` accepts it too.
    pub fn slug(self) -> &'static str {
        match self {
            OutcomeClass::Upheld => "upheld",
            OutcomeClass::NotUpheld => "not-upheld",
            OutcomeClass::ClosedAfterInitialEnquiries => "closed",
            OutcomeClass::Other => "other",
            OutcomeClass::Unknown => "unknown",
        }
    }
}

/// Below this many investigated decisions (upheld + not upheld) a rate is
/// shown with its count and greyed, and never ranks by rate: one decision
/// upheld of one is "100%", which says nothing beside a rate on hundreds.
pub const MIN_BASE: u64 = 10;

/// An uphold rate with the decisions it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub upheld: u64,
    /// Upheld + not upheld.
    pub investigated: u64,
}

impl Rate {
    pub fn value(self) -> Option<f64> {
        (self.investigated > 0).then(|| self.upheld as f64 / self.investigated as f64)
    }

    /// Fewer than [`MIN_BASE`] investigated decisions.
    pub fn is_small(self) -> bool {
        self.investigated < MIN_BASE
    }
}

/// Outcome counts and money of a small group (an organisation's year,
/// category area or category): what its tables and charts show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub decisions: u64,
    pub upheld: u64,
    pub not_upheld: u64,
    pub closed: u64,
    pub with_payment: u64,
    pub remedy_total: Gbp,
}

impl Tally {
    pub fn observe(&mut self, d: &Decision) {
        self.decisions += 1;
        match classify(d.outcome.as_deref()) {
            OutcomeClass::Upheld => self.upheld += 1,
            OutcomeClass::NotUpheld => self.not_upheld += 1,
            OutcomeClass::ClosedAfterInitialEnquiries => self.closed += 1,
            _ => {}
        }
        if d.has_payment() {
            self.with_payment += 1;
            self.remedy_total += d.settled_total();
        }
    }

    pub fn rate(&self) -> Rate {
        Rate {
            upheld: self.upheld,
            investigated: self.upheld + self.not_upheld,
        }
    }

    pub fn other_outcomes(&self) -> u64 {
        self.decisions - self.upheld - self.not_upheld - self.closed
    }
}

impl AddAssign<&Tally> for Tally {
    fn add_assign(&mut self, o: &Tally) {
        self.decisions += o.decisions;
        self.upheld += o.upheld;
        self.not_upheld += o.not_upheld;
        self.closed += o.closed;
        self.with_payment += o.with_payment;
        self.remedy_total += o.remedy_total;
    }
}

/// A decision that carries a figure (the largest remedy): how to name it,
/// link it, and the organisation whose page lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct DecisionRef {
    /// The reference, or the file when there is none.
    pub label: String,
    pub url: Option<String>,
    /// The organisation's row key (`""`: not stated).
    pub organisation: String,
}

/// `Upheld`, `Upheld: fault and injustice`... are upheld; `Not upheld...` not
/// upheld; `Closed after initial enquiries...` closed; any other stated value
/// is other; no outcome is unknown.
pub fn classify(outcome: Option<&str>) -> OutcomeClass {
    let Some(o) = outcome else {
        return OutcomeClass::Unknown;
    };
    let o = o.trim().to_ascii_lowercase();
    if o.starts_with("upheld") {
        OutcomeClass::Upheld
    } else if o.starts_with("not upheld") {
        OutcomeClass::NotUpheld
    } else if o.starts_with("closed after initial enquiries") {
        OutcomeClass::ClosedAfterInitialEnquiries
    } else if o.is_empty() {
        OutcomeClass::Unknown
    } else {
        OutcomeClass::Other
    }
}

/// The financial year (1 April to 31 March) of an ISO date, as `2024-25`.
pub fn financial_year(iso: &str) -> Option<String> {
    let y: i32 = iso.get(..4)?.parse().ok()?;
    let m: u32 = iso.get(5..7)?.parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let start = if m >= 4 { y } else { y - 1 };
    Some(financial_year_name(start))
}

/// Exact median of a histogram of amounts, in pounds.
pub fn median(hist: &BTreeMap<Gbp, u64>) -> Option<f64> {
    let n: u64 = hist.values().sum();
    if n == 0 {
        return None;
    }
    // The values at sorted positions (n-1)/2 and n/2 (0-based).
    let (lo, hi) = ((n - 1) / 2, n / 2);
    let (mut a, mut b) = (None, None);
    let mut seen = 0;
    for (v, c) in hist {
        let next = seen + c;
        if a.is_none() && lo < next {
            a = Some(*v);
        }
        if hi < next {
            b = Some(*v);
            break;
        }
        seen = next;
    }
    let (a, b) = (a?, b?);
    Some((a.0 + b.0) as f64 / 200.0)
}

/// The figures of one group of decisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub decisions: u64,
    /// Outcome as written (`unknown` when none).
    pub by_outcome: BTreeMap<String, u64>,
    pub upheld: u64,
    pub not_upheld: u64,
    pub closed: u64,
    /// Decisions with a money remedy (`remedy_total_gbp` > 0, or a payment
    /// whose total the text does not settle).
    pub with_payment: u64,
    /// The sum of the settled totals.
    pub remedy_total: Gbp,
    /// Decisions with a payment whose total is null (an open-ended rate):
    /// left out of `remedy_total`, the median and the largest.
    pub remedy_total_unsettled: u64,
    /// Remedy totals of the decisions with money: amount → decisions.
    pub amounts: BTreeMap<Gbp, u64>,
    /// The largest remedy total and the decision it belongs to.
    pub largest: Option<(Gbp, DecisionRef)>,
    /// Non-financial remedy kind → decisions with at least one.
    pub remedies_by_kind: BTreeMap<String, u64>,
    /// Decisions with at least one service improvement.
    pub with_service_improvement: u64,
    /// Decisions where the organisation had already remedied the injustice.
    pub remedy_already_provided: u64,
    pub remedy_already_provided_total: Gbp,
    /// Closed because the organisation had already put things right
    /// (`remedied_closure`), whatever outcome the LGSCO recorded.
    pub remedied_closures: u64,
    /// Full category (`Area > Sub`, `(not stated)`) → decisions.
    pub by_category: BTreeMap<String, u64>,
}

impl Stats {
    /// Folds one decision in; `org` is its organisation's row key.
    pub fn observe(&mut self, d: &Decision, org: &str) {
        self.decisions += 1;
        *slot(
            &mut self.by_outcome,
            d.outcome.as_deref().unwrap_or("unknown"),
        ) += 1;
        match classify(d.outcome.as_deref()) {
            OutcomeClass::Upheld => self.upheld += 1,
            OutcomeClass::NotUpheld => self.not_upheld += 1,
            OutcomeClass::ClosedAfterInitialEnquiries => self.closed += 1,
            _ => {}
        }
        if d.has_payment() {
            self.with_payment += 1;
        }
        match d.remedy_total_gbp {
            Some(total) if total.0 > 0 => {
                self.remedy_total += total;
                *self.amounts.entry(total).or_default() += 1;
                // A smaller total cannot win: its reference is not copied.
                if !matches!(&self.largest, Some(l) if total < l.0) {
                    let candidate = DecisionRef {
                        label: d.label().to_string(),
                        url: web_link(d.url.as_deref()).map(str::to_string),
                        organisation: org.to_string(),
                    };
                    self.largest = Some(bigger(self.largest.take(), (total, candidate)));
                }
            }
            Some(_) => {}
            None => self.remedy_total_unsettled += 1,
        }
        let mut kinds: Vec<&str> = d
            .remedies
            .iter()
            .map(|m| m.kind.as_str())
            .filter(|k| *k != "payment")
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            *slot(&mut self.remedies_by_kind, k) += 1;
        }
        if d.remedies.iter().any(|m| m.group == "service_improvement") {
            self.with_service_improvement += 1;
        }
        if d.remedy_already_provided {
            self.remedy_already_provided += 1;
            self.remedy_already_provided_total += d.remedy_already_provided_gbp.unwrap_or_default();
        }
        if d.remedied_closure {
            self.remedied_closures += 1;
        }
        *slot(
            &mut self.by_category,
            d.category.as_deref().unwrap_or(NOT_STATED),
        ) += 1;
    }

    /// Upheld ÷ (upheld + not upheld): of the complaints investigated in
    /// detail, as the LGSCO computes it. None when none was.
    pub fn uphold_rate(&self) -> Option<f64> {
        self.rate().value()
    }

    /// The uphold rate with its base.
    pub fn rate(&self) -> Rate {
        Rate {
            upheld: self.upheld,
            investigated: self.upheld + self.not_upheld,
        }
    }

    /// Decisions with another outcome, or none.
    pub fn other_outcomes(&self) -> u64 {
        self.decisions - self.upheld - self.not_upheld - self.closed
    }

    pub fn tally(&self) -> Tally {
        Tally {
            decisions: self.decisions,
            upheld: self.upheld,
            not_upheld: self.not_upheld,
            closed: self.closed,
            with_payment: self.with_payment,
            remedy_total: self.remedy_total,
        }
    }

    pub fn median(&self) -> Option<f64> {
        median(&self.amounts)
    }

    /// The `n` most frequent categories, most frequent first, ties by name.
    pub fn top_categories(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self
            .by_category
            .iter()
            .map(|(k, c)| (k.as_str(), *c))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    /// Everything for `summary.json`.
    pub fn to_json(&self) -> Figures {
        Figures {
            decisions: self.decisions,
            by_outcome: self.by_outcome.clone(),
            upheld: self.upheld,
            not_upheld: self.not_upheld,
            closed_after_initial_enquiries: self.closed,
            investigated: self.upheld + self.not_upheld,
            uphold_rate: self.uphold_rate(),
            with_payment: self.with_payment,
            remedy_total_gbp: self.remedy_total,
            remedy_total_unsettled: self.remedy_total_unsettled,
            remedy_median_gbp: self.median(),
            remedy_largest_gbp: self.largest.as_ref().map(|l| l.0),
            remedy_largest_reference: self.largest.as_ref().map(|l| l.1.label.clone()),
            remedy_largest_url: self.largest.as_ref().and_then(|l| l.1.url.clone()),
            non_financial_remedies: self.remedies_by_kind.clone(),
            with_service_improvement: self.with_service_improvement,
            remedy_already_provided: self.remedy_already_provided,
            remedy_already_provided_gbp: self.remedy_already_provided_total,
            remedied_closures: self.remedied_closures,
            top_categories: self
                .top_categories(5)
                .into_iter()
                .map(|(c, n)| CategoryCount {
                    category: c.to_string(),
                    decisions: n,
                })
                .collect(),
        }
    }
}

/// The entry for `key`, made if new: the key is copied only then (folding
/// copied every decision's outcome, category and year into each group).
fn slot<'m, V: Default>(map: &'m mut BTreeMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_string(), V::default());
    }
    map.get_mut(key).expect("just inserted")
}

/// Larger amount wins; on a tie the smaller label, so merging in any order
/// gives the same answer.
fn bigger(a: Option<(Gbp, DecisionRef)>, b: (Gbp, DecisionRef)) -> (Gbp, DecisionRef) {
    match a {
        None => b,
        Some(a) => {
            if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) {
                b
            } else {
                a
            }
        }
    }
}

pub const NOT_STATED: &str = "(not stated)";
pub const UNDATED: &str = "undated";

fn add_map<K: Ord + Clone>(into: &mut BTreeMap<K, u64>, from: &BTreeMap<K, u64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

impl AddAssign<&Stats> for Stats {
    fn add_assign(&mut self, o: &Stats) {
        self.decisions += o.decisions;
        add_map(&mut self.by_outcome, &o.by_outcome);
        self.upheld += o.upheld;
        self.not_upheld += o.not_upheld;
        self.closed += o.closed;
        self.with_payment += o.with_payment;
        self.remedy_total += o.remedy_total;
        self.remedy_total_unsettled += o.remedy_total_unsettled;
        add_map(&mut self.amounts, &o.amounts);
        if let Some(l) = &o.largest {
            self.largest = Some(bigger(self.largest.take(), l.clone()));
        }
        add_map(&mut self.remedies_by_kind, &o.remedies_by_kind);
        self.with_service_improvement += o.with_service_improvement;
        self.remedy_already_provided += o.remedy_already_provided;
        self.remedy_already_provided_total += o.remedy_already_provided_total;
        self.remedied_closures += o.remedied_closures;
        add_map(&mut self.by_category, &o.by_category);
    }
}

/// The figures of a group as written in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub decisions: u64,
    pub by_outcome: BTreeMap<String, u64>,
    pub upheld: u64,
    pub not_upheld: u64,
    pub closed_after_initial_enquiries: u64,
    /// upheld + not upheld: what the uphold rate rests on.
    pub investigated: u64,
    /// upheld ÷ (upheld + not upheld); null when neither.
    pub uphold_rate: Option<f64>,
    pub with_payment: u64,
    pub remedy_total_gbp: Gbp,
    /// Decisions with a payment but a null total (open-ended rates): not in
    /// `remedy_total_gbp`, the median or the largest.
    pub remedy_total_unsettled: u64,
    pub remedy_median_gbp: Option<f64>,
    pub remedy_largest_gbp: Option<Gbp>,
    pub remedy_largest_reference: Option<String>,
    /// The page of the decision with the largest remedy, when known.
    pub remedy_largest_url: Option<String>,
    pub non_financial_remedies: BTreeMap<String, u64>,
    pub with_service_improvement: u64,
    pub remedy_already_provided: u64,
    pub remedy_already_provided_gbp: Gbp,
    pub remedied_closures: u64,
    pub top_categories: Vec<CategoryCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub category: String,
    pub decisions: u64,
}

/// One organisation's row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrgStats {
    /// The gazetteer's name, or the most frequent spelling.
    pub canonical: Option<String>,
    pub org_type: OrgType,
    pub abolished: Option<u16>,
    pub successor: Option<String>,
    /// How the name was matched: `name`, `alias`, `core`, `pattern`, `none`.
    pub matched_by: &'static str,
    /// Spellings met on decisions → decisions.
    pub spellings: BTreeMap<String, u64>,
    pub stats: Stats,
    /// Decision year (`undated` when none) → its decisions.
    pub by_year: BTreeMap<String, Tally>,
    /// Category area (`(not stated)`) → its decisions.
    pub by_area: BTreeMap<String, Tally>,
    /// Full category → its decisions.
    pub by_category: BTreeMap<String, Tally>,
}

impl OrgStats {
    /// The name to show.
    pub fn name(&self) -> String {
        if let Some(c) = &self.canonical {
            return c.clone();
        }
        // Most frequent spelling; ties by the smaller one, for determinism.
        self.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| NO_ORGANISATION.into())
    }
}

pub const NO_ORGANISATION: &str = "(organisation not stated)";

impl AddAssign<&OrgStats> for OrgStats {
    fn add_assign(&mut self, o: &OrgStats) {
        if self.matched_by.is_empty() {
            self.canonical = o.canonical.clone();
            self.org_type = o.org_type;
            self.abolished = o.abolished;
            self.successor = o.successor.clone();
            self.matched_by = o.matched_by;
        }
        add_map(&mut self.spellings, &o.spellings);
        self.stats += &o.stats;
        add_tallies(&mut self.by_year, &o.by_year);
        add_tallies(&mut self.by_area, &o.by_area);
        add_tallies(&mut self.by_category, &o.by_category);
    }
}

fn add_tallies(into: &mut BTreeMap<String, Tally>, from: &BTreeMap<String, Tally>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

/// Averages over the organisations of one type, as the LGSCO's annual
/// letters compare a council with similar councils.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeAverage {
    pub organisations: u64,
    pub decisions_mean: f64,
    /// Mean of the uphold rates of the organisations that had at least one
    /// decision upheld or not upheld.
    pub uphold_rate_mean: Option<f64>,
    /// All the type's decisions together: upheld ÷ investigated, and its
    /// base. The reports compare an organisation with this rate, which
    /// rests on a known number of decisions.
    pub upheld: u64,
    pub investigated: u64,
    pub uphold_rate: Option<f64>,
    pub with_payment_mean: f64,
    pub remedy_total_gbp_mean: f64,
}

impl TypeAverage {
    pub fn rate(&self) -> Rate {
        Rate {
            upheld: self.upheld,
            investigated: self.investigated,
        }
    }
}

/// One ombudsman's decisions (issue 14): every ombudsman of a dataset,
/// the LGSCO included.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OmbudsmanStats {
    pub decisions: u64,
    /// Outcome as written (`partly upheld`, `Upheld`...) → decisions;
    /// `not stated` when the page does not say.
    pub by_outcome: BTreeMap<String, u64>,
    /// Determination → findings (complaint items or bodies).
    pub findings: BTreeMap<String, u64>,
    pub with_payment: u64,
    pub remedy_total_gbp: Gbp,
    /// Sums only recommended (Housing Ombudsman), apart from the total.
    pub payments_recommended_gbp: Gbp,
    pub remedy_already_provided_gbp: Gbp,
}

/// Findings for one Housing Ombudsman landlord.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FindingTally {
    pub decisions: u64,
    pub findings: u64,
    /// Severe maladministration, maladministration, service failure,
    /// reasonable redress or no maladministration.
    pub findings_determined: u64,
    /// Severe maladministration, maladministration or service failure.
    pub findings_maladministration: u64,
}

/// Determinations the Housing Ombudsman's maladministration rate counts as
/// maladministration, and as determined (its landlord reports' definition).
pub const MALADMINISTRATION: &[&str] = &[
    "severe maladministration",
    "maladministration",
    "service failure",
];
pub const DETERMINED: &[&str] = &[
    "severe maladministration",
    "maladministration",
    "service failure",
    "reasonable redress",
    "no maladministration",
];

impl FindingTally {
    /// findings_maladministration / findings_determined; `None` when none
    /// is determined.
    pub fn maladministration_rate(&self) -> Option<f64> {
        (self.findings_determined > 0)
            .then(|| self.findings_maladministration as f64 / self.findings_determined as f64)
    }
}

/// Every group of a dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Every ombudsman's decisions; the groups below are the LGSCO's.
    pub ombudsmen: BTreeMap<String, OmbudsmanStats>,
    /// Housing Ombudsman landlord (as the header names it) → findings.
    pub landlords: BTreeMap<String, FindingTally>,
    pub overall: Stats,
    /// Normalised organisation key (`""` when not stated) → row.
    pub organisations: BTreeMap<String, OrgStats>,
    pub category_areas: BTreeMap<String, Stats>,
    pub decision_years: BTreeMap<String, Stats>,
    pub financial_years: BTreeMap<String, Stats>,
}

impl Summary {
    /// Folds one decision of any ombudsman into the per-ombudsman figures
    /// (and, for the Housing Ombudsman, its landlord's findings).
    pub fn observe_ombudsman(&mut self, d: &Decision) {
        let o = slot(&mut self.ombudsmen, d.ombudsman_name());
        o.decisions += 1;
        *slot(
            &mut o.by_outcome,
            d.outcome.as_deref().unwrap_or(NOT_STATED),
        ) += 1;
        for f in &d.findings {
            *slot(&mut o.findings, &f.determination) += 1;
        }
        if d.has_payment() {
            o.with_payment += 1;
        }
        o.remedy_total_gbp += d.settled_total();
        o.payments_recommended_gbp += d
            .payments_recommended
            .iter()
            .flatten()
            .copied()
            .sum::<Gbp>();
        o.remedy_already_provided_gbp += d.remedy_already_provided_gbp.unwrap_or_default();
        if d.ombudsman == crate::extract::housing::OMBUDSMAN {
            let t = slot(
                &mut self.landlords,
                d.organisation.as_deref().unwrap_or(NOT_STATED),
            );
            t.decisions += 1;
            for f in &d.findings {
                t.findings += 1;
                let det = f.determination.as_str();
                t.findings_determined += u64::from(DETERMINED.contains(&det));
                t.findings_maladministration += u64::from(MALADMINISTRATION.contains(&det));
            }
        }
    }

    /// Folds one decision in; returns the row key of its organisation.
    pub fn observe(&mut self, d: &Decision, g: &Gazetteer) -> String {
        let (key, org) = match d.organisation.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => {
                let r = g.resolve(name);
                let key = r.key.clone();
                let row = self.organisations.entry(r.key).or_default();
                if row.matched_by.is_empty() {
                    row.canonical = r.canonical;
                    row.org_type = r.org_type;
                    row.abolished = r.abolished;
                    row.successor = r.successor;
                    row.matched_by = r.how;
                }
                *slot(&mut row.spellings, name) += 1;
                (key, row)
            }
            _ => {
                let row = self.organisations.entry(String::new()).or_default();
                row.matched_by = "none";
                (String::new(), row)
            }
        };
        org.stats.observe(d, &key);
        let area = d.category_area.as_deref().unwrap_or(NOT_STATED);
        let year = match d.decision_date.as_deref() {
            Some(date) => date.get(..4).unwrap_or(UNDATED),
            None => UNDATED,
        };
        let category = d.category.as_deref().unwrap_or(NOT_STATED);
        slot(&mut org.by_year, year).observe(d);
        slot(&mut org.by_area, area).observe(d);
        slot(&mut org.by_category, category).observe(d);
        self.overall.observe(d, &key);
        slot(&mut self.category_areas, area).observe(d, &key);
        let fy = match d.decision_date.as_deref() {
            Some(date) => financial_year(date),
            None => None,
        };
        slot(&mut self.decision_years, year).observe(d, &key);
        slot(&mut self.financial_years, fy.as_deref().unwrap_or(UNDATED)).observe(d, &key);
        key
    }

    /// Organisations sorted by display name (then key).
    pub fn organisations_by_name(&self) -> Vec<(&String, &OrgStats, String)> {
        let mut v: Vec<_> = self
            .organisations
            .iter()
            .map(|(k, o)| (k, o, o.name()))
            .collect();
        v.sort_by(|a, b| {
            a.2.to_lowercase()
                .cmp(&b.2.to_lowercase())
                .then(a.0.cmp(b.0))
        });
        v
    }

    pub fn type_averages(&self) -> BTreeMap<OrgType, TypeAverage> {
        let mut groups: BTreeMap<OrgType, Vec<&Stats>> = BTreeMap::new();
        for (k, o) in &self.organisations {
            if !k.is_empty() {
                groups.entry(o.org_type).or_default().push(&o.stats);
            }
        }
        groups
            .into_iter()
            .map(|(t, v)| {
                let n = v.len() as f64;
                let rates: Vec<f64> = v.iter().filter_map(|s| s.uphold_rate()).collect();
                let mean = |f: &dyn Fn(&Stats) -> f64| v.iter().map(|s| f(s)).sum::<f64>() / n;
                let pooled = Rate {
                    upheld: v.iter().map(|s| s.upheld).sum(),
                    investigated: v.iter().map(|s| s.upheld + s.not_upheld).sum(),
                };
                (
                    t,
                    TypeAverage {
                        organisations: v.len() as u64,
                        decisions_mean: mean(&|s| s.decisions as f64),
                        uphold_rate_mean: (!rates.is_empty())
                            .then(|| rates.iter().sum::<f64>() / rates.len() as f64),
                        upheld: pooled.upheld,
                        investigated: pooled.investigated,
                        uphold_rate: pooled.value(),
                        with_payment_mean: mean(&|s| s.with_payment as f64),
                        remedy_total_gbp_mean: mean(&|s| s.remedy_total.pounds()),
                    },
                )
            })
            .collect()
    }

    /// Organisation names the gazetteer does not know (type unknown).
    pub fn unknown_organisations(&self) -> Vec<String> {
        self.organisations
            .iter()
            .filter(|(k, o)| !k.is_empty() && o.org_type == OrgType::Unknown)
            .map(|(_, o)| o.name())
            .collect()
    }
}

/// The row key a decision's organisation is counted under (`""` when the
/// decision names none).
pub fn org_key(d: &Decision, g: &Gazetteer) -> String {
    match d.organisation.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => g.resolve(name).key,
        _ => String::new(),
    }
}

/// The year a group key stands for: `2024` for a decision year, the first
/// year for a financial year (`2024-25`); `None` for `undated`.
pub fn year_of(key: &str) -> Option<i32> {
    key.get(..4)?
        .parse()
        .ok()
        .filter(|_| key.len() == 4 || (key.len() == 7 && key.as_bytes()[4] == b'-'))
}

/// Longest run of years shown continuously; a dataset whose dates span
/// more (a misread year) shows only the years it has.
const MAX_YEAR_SPAN: i32 = 60;

/// The groups by year with the missing years filled in (`None`: no
/// decision that year), oldest first, then `undated` when there is one:
/// so that tables and charts never join two years across a gap. `name`
/// writes a year's key (`2024`, or `2024-25`).
pub fn continuous_years<T>(
    groups: &BTreeMap<String, T>,
    name: impl Fn(i32) -> String,
) -> Vec<(String, Option<&T>)> {
    let dated: BTreeMap<i32, (&String, &T)> = groups
        .iter()
        .filter_map(|(k, s)| year_of(k).map(|y| (y, (k, s))))
        .collect();
    let mut v: Vec<(String, Option<&T>)> = Vec::new();
    match (dated.keys().next(), dated.keys().next_back()) {
        (Some(&first), Some(&last)) if last - first <= MAX_YEAR_SPAN => {
            for y in first..=last {
                match dated.get(&y) {
                    Some((k, s)) => v.push(((*k).clone(), Some(*s))),
                    None => v.push((name(y), None)),
                }
            }
        }
        _ => v.extend(dated.values().map(|(k, s)| ((*k).clone(), Some(*s)))),
    }
    // Anything that is not a year (`undated`) comes last.
    for (k, s) in groups {
        if year_of(k).is_none() {
            v.push((k.clone(), Some(s)));
        }
    }
    v
}

/// `2024-25` for the financial year starting in 2024.
pub fn financial_year_name(start: i32) -> String {
    format!("{start}-{:02}", (start + 1).rem_euclid(100))
}

fn merge_groups(into: &mut BTreeMap<String, Stats>, from: &BTreeMap<String, Stats>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

impl AddAssign<&Summary> for Summary {
    fn add_assign(&mut self, o: &Summary) {
        self.overall += &o.overall;
        for (k, v) in &o.organisations {
            *self.organisations.entry(k.clone()).or_default() += v;
        }
        merge_groups(&mut self.category_areas, &o.category_areas);
        merge_groups(&mut self.decision_years, &o.decision_years);
        merge_groups(&mut self.financial_years, &o.financial_years);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{DecisionPayment, DecisionRemedy};

    fn dec(org: &str, date: Option<&str>, outcome: Option<&str>, money: i64) -> Decision {
        Decision {
            file: format!("{org}-{date:?}.txt"),
            reference: Some(format!("{org} {money}")),
            organisation: Some(org.into()),
            category: Some("Education > Transport".into()),
            category_area: Some("Education".into()),
            decision_date: date.map(Into::into),
            outcome: outcome.map(Into::into),
            remedy_total_gbp: Some(Gbp(money * 100)),
            payments: if money > 0 {
                vec![DecisionPayment {
                    amount_gbp: Gbp(money * 100),
                    ..Default::default()
                }]
            } else {
                vec![]
            },
            remedies: vec![DecisionRemedy {
                kind: "apology".into(),
                group: "personal".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn outcome_groups() {
        assert_eq!(classify(Some("Upheld")), OutcomeClass::Upheld);
        assert_eq!(
            classify(Some("Upheld: fault and injustice")),
            OutcomeClass::Upheld
        );
        assert_eq!(
            classify(Some("not upheld: no fault")),
            OutcomeClass::NotUpheld
        );
        assert_eq!(
            classify(Some("Closed after initial enquiries - out of jurisdiction")),
            OutcomeClass::ClosedAfterInitialEnquiries
        );
        assert_eq!(classify(Some("Advice given")), OutcomeClass::Other);
        assert_eq!(classify(Some(" ")), OutcomeClass::Unknown);
        assert_eq!(classify(None), OutcomeClass::Unknown);
    }

    /// A payment with a null total (an open-ended rate) counts as a
    /// decision with a payment, but adds nothing to the money figures.
    #[test]
    fn an_unsettled_total_counts_apart() {
        let g = Gazetteer::embedded();
        let mut a = Summary::default();
        a.observe(&dec("Essex County Council", None, Some("Upheld"), 300), g);
        let mut open = dec("Essex County Council", None, Some("Upheld"), 100);
        open.remedy_total_gbp = None;
        let mut b = Summary::default();
        b.observe(&open, g);
        a += &b;
        let f = a.overall.to_json();
        assert_eq!(f.with_payment, 2);
        assert_eq!(f.remedy_total_unsettled, 1);
        assert_eq!(f.remedy_total_gbp, Gbp(30000));
        assert_eq!(f.remedy_median_gbp, Some(300.0));
        assert_eq!(f.remedy_largest_gbp, Some(Gbp(30000)));
    }

    #[test]
    fn unknown_organisation_takes_its_most_frequent_spelling() {
        let g = Gazetteer::embedded();
        let mut s = Summary::default();
        for name in [
            "Gotham Council",
            "GOTHAM COUNCIL",
            "Gotham Council",
            "gotham council",
        ] {
            s.observe(&dec(name, None, Some("Upheld"), 0), g);
        }
        assert_eq!(s.organisations.len(), 1);
        assert_eq!(s.organisations["gotham council"].name(), "Gotham Council");
        // A remedy already provided counts apart from the remedy total.
        let mut d = dec(
            "Norfolk County Council",
            Some("2020-11-03"),
            Some("Upheld"),
            0,
        );
        d.remedy_already_provided = true;
        d.remedy_already_provided_gbp = Some(Gbp(20000));
        let mut st = Stats::default();
        st.observe(&d, "norfolk county council");
        assert_eq!(st.remedy_already_provided, 1);
        assert_eq!(st.remedy_already_provided_total, Gbp(20000));
        assert_eq!(st.remedy_total, Gbp(0));
        assert_eq!(st.with_payment, 0);
    }

    #[test]
    fn financial_years_run_april_to_march() {
        assert_eq!(financial_year("2024-03-31").as_deref(), Some("2023-24"));
        assert_eq!(financial_year("2024-04-01").as_deref(), Some("2024-25"));
        assert_eq!(financial_year("1999-12-01").as_deref(), Some("1999-00"));
        assert_eq!(financial_year("2025-01-08").as_deref(), Some("2024-25"));
        assert_eq!(financial_year("2025-13-08"), None);
        assert_eq!(financial_year("bad"), None);
    }

    #[test]
    fn median_is_exact_from_the_histogram() {
        let h = |v: &[i64]| {
            let mut m = BTreeMap::new();
            for x in v {
                *m.entry(Gbp(x * 100)).or_default() += 1;
            }
            m
        };
        assert_eq!(median(&h(&[])), None);
        assert_eq!(median(&h(&[500])), Some(500.0));
        assert_eq!(median(&h(&[350, 500])), Some(425.0));
        assert_eq!(median(&h(&[100, 100, 100, 900])), Some(100.0));
        assert_eq!(median(&h(&[100, 200, 300, 900])), Some(250.0));
        assert_eq!(median(&h(&[900, 1, 5, 5, 7])), Some(5.0));
    }

    #[test]
    fn uphold_rate_ignores_closed_cases() {
        let mut s = Stats::default();
        for o in [
            Some("Upheld"),
            Some("Upheld"),
            Some("Not upheld"),
            Some("Closed after initial enquiries"),
            Some("Closed after initial enquiries"),
            None,
        ] {
            s.observe(
                &dec("Kent County Council", None, o, 0),
                "kent county council",
            );
        }
        assert_eq!(s.decisions, 6);
        assert_eq!(s.uphold_rate(), Some(2.0 / 3.0));
        assert_eq!(s.by_outcome["unknown"], 1);
        let mut closed = Stats::default();
        closed.observe(
            &dec("x", None, Some("Closed after initial enquiries"), 0),
            "x",
        );
        assert_eq!(
            closed.rate(),
            Rate {
                upheld: 0,
                investigated: 0
            }
        );
        assert!(closed.rate().is_small());
        assert_eq!(closed.uphold_rate(), None);
    }

    #[test]
    fn merge_equals_sequential() {
        let g = Gazetteer::embedded();
        let ds = [
            dec(
                "Essex County Council",
                Some("2024-03-14"),
                Some("Upheld"),
                800,
            ),
            dec(
                "essex county council",
                Some("2023-01-20"),
                Some("Not upheld"),
                0,
            ),
            dec(
                "The Kent County Council",
                Some("2024-04-02"),
                Some("Upheld"),
                250,
            ),
            dec("Kent County Council", None, None, 0),
            dec("Gotham Council", Some("2020-11-03"), Some("Upheld"), 800),
        ];
        // Every split point: (first part) += (second part) == all at once.
        let mut all = Summary::default();
        for d in &ds {
            all.observe(d, g);
        }
        for cut in 0..=ds.len() {
            let (mut a, mut b) = (Summary::default(), Summary::default());
            ds[..cut].iter().for_each(|d| {
                a.observe(d, g);
            });
            ds[cut..].iter().for_each(|d| {
                b.observe(d, g);
            });
            let mut ba = b.clone();
            a += &b;
            assert_eq!(a, all, "cut at {cut}");
            // and in the other order, for the order-free parts.
            let mut a2 = Summary::default();
            ds[..cut].iter().for_each(|d| {
                a2.observe(d, g);
            });
            ba += &a2;
            assert_eq!(ba.overall, all.overall, "reversed cut at {cut}");
        }
        assert_eq!(all.organisations.len(), 3);
        let essex = &all.organisations["essex county council"];
        assert_eq!(essex.stats.decisions, 2);
        assert_eq!(essex.spellings.len(), 2);
        assert_eq!(essex.name(), "Essex County Council");
        assert_eq!(
            all.overall.largest,
            Some((
                Gbp(80000),
                DecisionRef {
                    label: "Essex County Council 800".into(),
                    url: None,
                    organisation: "essex county council".into()
                }
            ))
        );
        assert_eq!(all.financial_years["2023-24"].decisions, 1);
        assert_eq!(all.financial_years["2024-25"].decisions, 1);
        assert_eq!(all.financial_years["2022-23"].decisions, 1);
        assert_eq!(all.financial_years[UNDATED].decisions, 1);
        assert_eq!(all.overall.median(), Some(800.0));
        assert_eq!(all.overall.remedies_by_kind["apology"], 5);
        assert_eq!(all.unknown_organisations(), ["Gotham Council"]);
        let avg = all.type_averages();
        assert_eq!(avg[&OrgType::County].organisations, 2);
        // Essex 1/2, Kent 1/1: mean of rates 0.75; together 2 of 3.
        assert_eq!(avg[&OrgType::County].uphold_rate_mean, Some(0.75));
        assert_eq!(
            avg[&OrgType::County].rate(),
            Rate {
                upheld: 2,
                investigated: 3
            }
        );
    }

    #[test]
    fn years_run_continuously() {
        let mut m = BTreeMap::new();
        for y in ["2017", "2020", "2021", UNDATED] {
            m.insert(y.to_string(), Stats::default());
        }
        let v = continuous_years(&m, |y| y.to_string());
        let keys: Vec<(&str, bool)> = v.iter().map(|(k, s)| (k.as_str(), s.is_some())).collect();
        assert_eq!(
            keys,
            [
                ("2017", true),
                ("2018", false),
                ("2019", false),
                ("2020", true),
                ("2021", true),
                (UNDATED, true)
            ]
        );
        let mut fy = BTreeMap::new();
        for y in ["2022-23", "2024-25"] {
            fy.insert(y.to_string(), Stats::default());
        }
        let v = continuous_years(&fy, financial_year_name);
        let keys: Vec<&str> = v.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2022-23", "2023-24", "2024-25"]);
        assert_eq!(financial_year_name(1999), "1999-00");
        // A misread year far away: only the years there are.
        let mut far = BTreeMap::new();
        for y in ["0201", "2020"] {
            far.insert(y.to_string(), Stats::default());
        }
        assert_eq!(continuous_years(&far, |y| y.to_string()).len(), 2);
        assert_eq!(year_of("2024"), Some(2024));
        assert_eq!(year_of("2024-25"), Some(2024));
        assert_eq!(year_of(UNDATED), None);
        assert_eq!(year_of("20245"), None);
    }

    #[test]
    fn remedied_closures_are_counted_apart() {
        let mut d = dec("Kent County Council", None, Some("Upheld"), 0);
        d.remedied_closure = true;
        let mut s = Stats::default();
        s.observe(&d, "kent county council");
        s.observe(
            &dec("Kent County Council", None, Some("Upheld"), 0),
            "kent county council",
        );
        assert_eq!((s.upheld, s.remedied_closures), (2, 1));
        let mut t = Stats::default();
        t += &s;
        assert_eq!(t.to_json().remedied_closures, 1);
    }
}
