//! Which decisions a summary counts: `--council`, `--category`, `--since`,
//! `--until`, `--outcome`, `--with-payment`, checked once before the
//! dataset is read.

use anyhow::{bail, Result};
use serde::{Deserialize, Serialize};

use super::gazetteer::Gazetteer;
use super::stats::classify;
use super::Decision;

/// The filters as given (plain values, before checking).
#[derive(Debug, Clone, Default)]
pub struct FilterSpec {
    pub council: Option<String>,
    pub category: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub outcome: Option<String>,
    pub with_payment: bool,
}

/// Which decisions to count. Empty filter: all.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// As given, and its normalised row key.
    pub council: Option<(String, String)>,
    /// Lower case; matched anywhere in `category`.
    pub category: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// Lower case; equal to the outcome, ignoring case.
    pub outcome: Option<String>,
    pub with_payment: bool,
}

/// The filters as `summary.json` writes them (null when not used).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FiltersUsed {
    pub council: Option<String>,
    pub category: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub outcome: Option<String>,
    pub with_payment: bool,
}

/// Checks an ISO date `YYYY-MM-DD`.
fn check_date(flag: &str, s: &str) -> Result<String> {
    let ok = s.len() == 10
        && s.as_bytes()[4] == b'-'
        && s.as_bytes()[7] == b'-'
        && s[..4].parse::<u16>().is_ok()
        && s[5..7].parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d));
    if !ok {
        bail!("{flag} {s:?}: expected a date written YYYY-MM-DD");
    }
    Ok(s.to_string())
}

impl FilterSpec {
    /// The checked filter (exit 2 on a bad date or an empty name).
    pub fn check(&self, g: &Gazetteer) -> Result<Filter> {
        let council = match &self.council {
            Some(c) if c.trim().is_empty() => bail!("--council needs a name"),
            Some(c) => Some((c.clone(), g.resolve(c).key)),
            None => None,
        };
        let since = self
            .since
            .as_deref()
            .map(|s| check_date("--since", s))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|s| check_date("--until", s))
            .transpose()?;
        if let (Some(s), Some(u)) = (&since, &until) {
            if s > u {
                bail!("--since {s} is after --until {u}");
            }
        }
        Ok(Filter {
            council,
            category: self.category.as_ref().map(|c| c.to_lowercase()),
            since,
            until,
            outcome: self.outcome.as_ref().map(|o| o.trim().to_lowercase()),
            with_payment: self.with_payment,
        })
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.council.is_none()
            && self.category.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.outcome.is_none()
            && !self.with_payment
    }

    pub fn matches(&self, d: &Decision, g: &Gazetteer) -> bool {
        if let Some((_, key)) = &self.council {
            match d.organisation.as_deref() {
                Some(o) if g.resolve(o).key == *key => {}
                _ => return false,
            }
        }
        if let Some(c) = &self.category {
            match &d.category {
                Some(cat) if cat.to_lowercase().contains(c.as_str()) => {}
                _ => return false,
            }
        }
        // A date filter excludes undated decisions: they cannot be placed.
        if self.since.is_some() || self.until.is_some() {
            let Some(date) = d.decision_date.as_deref() else {
                return false;
            };
            if self.since.as_deref().is_some_and(|s| date < s)
                || self.until.as_deref().is_some_and(|u| date > u)
            {
                return false;
            }
        }
        if let Some(o) = &self.outcome {
            // The outcome as written, or its group as the report's links
            // name it (`closed`, `not-upheld`...).
            let written = d
                .outcome
                .as_deref()
                .is_some_and(|x| x.trim().to_lowercase() == *o);
            let group = classify(d.outcome.as_deref()).slug();
            if !written && group != o.replace(' ', "-") {
                return false;
            }
        }
        if self.with_payment && !d.has_payment() {
            return false;
        }
        true
    }

    /// The filters as written in `summary.json`.
    pub fn used(&self) -> FiltersUsed {
        FiltersUsed {
            council: self.council.as_ref().map(|c| c.0.clone()),
            category: self.category.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            outcome: self.outcome.clone(),
            with_payment: self.with_payment,
        }
    }

    /// One line for people: `organisation "Essex County Council", decided
    /// on or after 2023-01-01`.
    pub fn describe(&self) -> String {
        let mut v = Vec::new();
        if let Some((c, _)) = &self.council {
            v.push(format!("organisation {c:?}"));
        }
        if let Some(c) = &self.category {
            v.push(format!("category contains {c:?}"));
        }
        if let Some(s) = &self.since {
            v.push(format!("decided on or after {s}"));
        }
        if let Some(u) = &self.until {
            v.push(format!("decided on or before {u}"));
        }
        if let Some(o) = &self.outcome {
            v.push(format!("outcome {o:?}"));
        }
        if self.with_payment {
            v.push("with a money remedy".into());
        }
        if v.is_empty() {
            "all decisions".into()
        } else {
            v.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_by_council_dates_and_outcome() {
        let g = Gazetteer::embedded();
        let spec = FilterSpec {
            council: Some("the essex county council".into()),
            since: Some("2023-01-01".into()),
            outcome: Some("Upheld".into()),
            ..FilterSpec::default()
        };
        let f = spec.check(g).unwrap();
        let mut d = Decision {
            organisation: Some("Essex County Council".into()),
            decision_date: Some("2023-01-01".into()),
            outcome: Some("Upheld".into()),
            ..Default::default()
        };
        assert!(f.matches(&d, g));
        d.decision_date = Some("2022-12-31".into());
        assert!(!f.matches(&d, g));
        d.decision_date = None;
        assert!(
            !f.matches(&d, g),
            "undated decisions are out of a date filter"
        );
        d.decision_date = Some("2024-01-01".into());
        d.outcome = Some("Not upheld".into());
        assert!(!f.matches(&d, g));
        d.outcome = Some("upheld".into());
        d.organisation = Some("Kent County Council".into());
        assert!(!f.matches(&d, g));
        let bad = FilterSpec {
            since: Some("2023-1-1".into()),
            ..FilterSpec::default()
        };
        assert!(bad.check(g).is_err());
        // The report's outcome groups are accepted too.
        let closed = FilterSpec {
            outcome: Some("closed".into()),
            ..FilterSpec::default()
        }
        .check(g)
        .unwrap();
        d.outcome = Some("Closed after initial enquiries".into());
        assert!(closed.matches(&d, g));
    }
}
