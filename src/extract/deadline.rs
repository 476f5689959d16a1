//! Deadlines for the organisation to act: "within four weeks of my final
//! decision", "within one month", "no later than one month after ... this
//! report". Lengths in days: weeks × 7, months × 30, years × 365.
//!
//! The pattern is the `deadline` rule. Only some sentences carry this
//! decision's deadlines: the agreed action's, a sentence tied to the
//! decision or report (`deadline.scope`), and a summary or decision sentence
//! that agrees a remedy; decisions also quote statutory time limits
//! ("councils must hold the panel within 30 working days") that are not
//! deadlines of this decision.

use super::clause::{Analysed, State};
use super::money::number;
use super::section::Section;
use super::sentence::{strip_marker, Sentence};
use super::Page;
use crate::record::Deadline;
use crate::rules::RuleSet;

/// A deadline phrase found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub days: u32,
}

/// The deadline phrases of `text`, by the `deadline` rules: group `n` (a
/// number) and one of the groups `day`, `week`, `month`, `year` (the unit).
pub fn find(rules: &RuleSet, text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for rule in rules.field("deadline") {
        // Most sentences have no deadline: the plain search is cheaper than
        // setting up capture slots for each of them.
        if !rule.regex().is_match(text) {
            continue;
        }
        for c in rule.regex().captures_iter(text) {
            let Some(n) = c.name("n").and_then(|n| number(n.as_str())) else {
                continue;
            };
            // The unit is whichever of the groups matched.
            let Some(per) = [("day", 1), ("week", 7), ("month", 30), ("year", 365)]
                .iter()
                .find(|(g, _)| c.name(g).is_some())
                .map(|&(_, d)| d)
            else {
                continue;
            };
            let Some(days) = n.checked_mul(per) else {
                continue;
            };
            let Some(m) = c.get(0) else { continue };
            if out.iter().any(|f: &Found| f.start == m.start()) {
                continue;
            }
            // "within six months of the date of this report": the phrase that
            // ties it to the decision is part of the deadline.
            let end = rules
                .field("deadline.scope_phrase")
                .filter_map(|r| r.regex().find(&text[m.end()..]))
                .find(|p| p.start() == 0)
                .map_or(m.end(), |p| m.end() + p.end());
            out.push(Found {
                start: m.start(),
                end,
                days,
            });
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// The deadlines of a page (`analysed` aligned with `sentences`).
pub fn deadlines(
    page: &Page,
    sentences: &[Sentence],
    analysed: &[Option<Analysed>],
) -> Vec<Deadline> {
    let rules = page.rules;
    let mut out: Vec<Deadline> = Vec::new();
    for (k, (s, a)) in sentences.iter().zip(analysed).enumerate() {
        // Cut short once the file's budget is spent: the caller's check
        // then fails the file.
        if k % crate::budget::LOOK_EVERY == 0 && crate::budget::spent() {
            break;
        }
        if matches!(
            s.section,
            Section::Complaint | Section::Header | Section::Role
        ) {
            continue;
        }
        let found = find(rules, s.text);
        if found.is_empty() {
            continue;
        }
        let agrees = || {
            a.as_ref().is_some_and(|a| {
                a.frames
                    .iter()
                    .any(|f| matches!(f.state, State::Agreed | State::Obliged))
            })
        };
        let in_scope = s.section == Section::Action
            || rules.any_match("deadline.scope", s.text)
            || (matches!(s.section, Section::Summary | Section::Decision) && agrees());
        if !in_scope {
            continue;
        }
        for f in found {
            if out
                .iter()
                .any(|d| d.days == Some(f.days) && d.evidence.line == s.line + 1)
            {
                continue;
            }
            out.push(Deadline {
                text: s.text[f.start..f.end].to_string(),
                days: Some(f.days),
                applies_to: applies_to(rules, s.text, f.start, f.end, sentences.get(k + 1)),
                evidence: page.evidence_of(s),
            });
        }
    }
    out
}

/// What a deadline applies to: the rest of its sentence without the phrase
/// that names the decision (`deadline.scope_phrase`), or the list item after
/// a sentence that ends with a colon.
fn applies_to(
    rules: &RuleSet,
    text: &str,
    start: usize,
    end: usize,
    next: Option<&Sentence>,
) -> Option<String> {
    let mut rest = format!("{} {}", &text[..start], &text[end..]);
    if let Some(m) = rules
        .field("deadline.scope_phrase")
        .find_map(|r| r.regex().find(&rest))
    {
        rest.replace_range(m.range(), "");
    }
    let rest = rest.replace(", ,", ",");
    let rest = strip_marker(rules, rest.trim())
        .trim_matches(|c: char| c == ',' || c == '.' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if rest.ends_with(':') {
        if let Some(n) = next {
            let item = strip_marker(rules, n.text).trim_end_matches(['.', ';']);
            return Some(format!("{} {}", rest, item));
        }
    }
    (!rest.is_empty()).then_some(rest)
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
