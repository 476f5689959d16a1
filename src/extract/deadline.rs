//! Deadlines for the organisation to act: "within four weeks of my final
//! decision", "within one month", "no later than one month after ... this
//! report". Lengths in days: weeks × 7, months × 30, years × 365.
//!
//! The pattern is the `deadline` rule; which sentences may carry a deadline
//! (the agreed action, or a sentence tied to the decision or report) is
//! decided in [`super::remedy`], because decisions also quote statutory time
//! limits ("councils must hold the panel within 30 working days") that are
//! not deadlines of this decision.

use crate::rules::RuleSet;

use super::money::number;

/// A deadline phrase found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub days: u32,
}

/// The deadline phrases of `text`, by the `deadline` rules (named groups `n`
/// and `unit`).
pub fn find(rules: &RuleSet, text: &str) -> Vec<Found> {
    // Prefilter: every form starts with "within" or "no later than".
    if !(text.contains("ithin") || text.contains("later than")) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for rule in rules.field("deadline") {
        for c in rule.regex.captures_iter(text) {
            let (Some(n), Some(unit)) = (c.name("n"), c.name("unit")) else {
                continue;
            };
            let Some(n) = number(n.as_str()) else {
                continue;
            };
            let unit = unit.as_str().to_ascii_lowercase();
            let per = if unit.starts_with("day") {
                1
            } else if unit.starts_with("week") {
                7
            } else if unit.starts_with("month") {
                30
            } else {
                365
            };
            let m = c.get(0).unwrap();
            if out.iter().any(|f: &Found| f.start == m.start()) {
                continue;
            }
            out.push(Found {
                start: m.start(),
                end: m.end(),
                days: n * per,
            });
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(t: &str) -> Vec<u32> {
        find(&RuleSet::embedded(), t)
            .into_iter()
            .map(|f| f.days)
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            days("The Council should take this action within four weeks of my final decision."),
            [28]
        );
        assert_eq!(days("within eight weeks of my final decision"), [56]);
        assert_eq!(
            days("Within one month of the final decision, the Council should:"),
            [30]
        );
        assert_eq!(
            days("within three months from the date of this report"),
            [90]
        );
        assert_eq!(days("Within two weeks, the Council has agreed to"), [14]);
        assert_eq!(days("within 3 months"), [90]);
        assert_eq!(days("within 20 working days"), [20]);
        assert_eq!(
            days(
                "send the payments no later than one month after the full council's consideration"
            ),
            [30]
        );
        assert_eq!(days("within six months of the date of this report"), [180]);
    }

    #[test]
    fn not_deadlines() {
        assert!(days("a review of decisions made within the past 12 months").is_empty());
        assert!(days("within the timescale in its policy").is_empty());
        assert!(days("It took four weeks to reply.").is_empty());
        assert!(days("within its powers").is_empty());
    }
}
