//! Outcome inference for pages with no `Decision :` line (issue 4).
//!
//! The `outcome.signal` rules (rules/outcome.toml) mark sentences of the
//! summary and the final decision as `upheld`, `closed`, `not_upheld`,
//! `ended` or `remedied`; [`decide`] combines them. Only the Ombudsman's own
//! words count: sentences quoting an earlier stage (`outcome.quotation`) and
//! the complaint section are never read, and an `upheld` signal right after a
//! negation is ignored. With no signal the outcome stays null, with a warning:
//! a wrong outcome is worse than none.

use super::sentence::{Section, Sentence};
use super::Page;
use crate::record::Record;

pub const UPHELD: &str = "Upheld";
pub const NOT_UPHELD: &str = "Not upheld";
pub const CLOSED: &str = "Closed after initial enquiries";

/// The signals found in a set of sentences: for each kind, the first
/// sentence that carries it.
#[derive(Default)]
struct Signals<'a> {
    upheld: Option<Sentence<'a>>,
    closed: Option<Sentence<'a>>,
    not_upheld: Option<Sentence<'a>>,
    ended: Option<Sentence<'a>>,
    remedied: Option<Sentence<'a>>,
}

impl Signals<'_> {
    fn any(&self) -> bool {
        self.upheld.is_some()
            || self.closed.is_some()
            || self.not_upheld.is_some()
            || self.ended.is_some()
            || self.remedied.is_some()
    }
}

/// Sets `outcome` with `outcome_basis: "inferred"` when the page states none
/// and its own findings say clearly what the Ombudsman decided.
pub fn infer(page: &Page, all: &[Sentence], rec: &mut Record) {
    if rec.outcome.is_some() {
        return;
    }
    // The summary and the decision sections first; the rest of the page
    // (never the complaint) only when they say nothing.
    let primary: Vec<_> = all
        .iter()
        .filter(|s| matches!(s.section, Section::Summary | Section::Decision))
        .copied()
        .collect();
    let mut signals = collect(page, &primary);
    if !signals.any() {
        let rest: Vec<_> = all
            .iter()
            .filter(|s| matches!(s.section, Section::Body | Section::Action))
            .copied()
            .collect();
        signals = collect(page, &rest);
    }
    match decide(&signals) {
        Some((outcome, s)) => {
            rec.outcome = Some(outcome.to_string());
            rec.outcome_basis = Some("inferred".into());
            rec.evidence.insert(
                "outcome".into(),
                crate::record::Evidence {
                    line: s.line + 1,
                    text: s.text.to_string(),
                },
            );
        }
        None => rec
            .warnings
            .push("no Decision line and no clear outcome in the text: outcome left null".into()),
    }
}

fn collect<'a>(page: &Page, sentences: &[Sentence<'a>]) -> Signals<'a> {
    let mut sig = Signals::default();
    for s in sentences {
        let signals = page.rules.matching("outcome.signal", s.text);
        if signals.is_empty() {
            continue;
        }
        // Only an `upheld` signal needs these: most sentences have none.
        let quotation = page
            .rules
            .field("outcome.quotation")
            .any(|r| r.regex.is_match(s.text));
        let reported = page
            .rules
            .field("outcome.reported")
            .filter_map(|r| r.regex.find(s.text))
            .map(|m| m.start())
            .min();
        for rule in signals {
            let Some(m) = rule.regex.find(s.text) else {
                continue;
            };
            let slot = match rule.yields() {
                "upheld" => {
                    if quotation
                        || reported.is_some_and(|r| r < m.start())
                        || negated(&s.text[..m.start()])
                    {
                        continue;
                    }
                    &mut sig.upheld
                }
                "closed" => &mut sig.closed,
                "not_upheld" => &mut sig.not_upheld,
                "ended" => &mut sig.ended,
                "remedied" => &mut sig.remedied,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(*s);
            }
        }
    }
    sig
}

/// True when the words just before a signal negate it ("unlikely we would
/// find fault causing injustice", "not satisfied there was fault").
pub(crate) fn negated(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(30)
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    tail.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| matches!(w, "not" | "no" | "unlikely" | "never" | "if" | "whether"))
}

/// The outcome the signals support, with the sentence it rests on.
fn decide<'a>(sig: &Signals<'a>) -> Option<(&'static str, Sentence<'a>)> {
    if let Some(ended) = sig.ended {
        // An investigation ended early: not upheld, unless a remedy was
        // agreed or fault found all the same.
        return Some(match sig.upheld {
            Some(u) => (UPHELD, u),
            None => (NOT_UPHELD, ended),
        });
    }
    if let Some(closed) = sig.closed {
        // "We will not investigate ... because the Council has remedied it"
        // is upheld on LGSCO's pages; so is a closure beside a finding of fault.
        if let Some(u) = sig.upheld {
            return Some((UPHELD, u));
        }
        if let (Some(r), None) = (sig.remedied, sig.not_upheld) {
            return Some((UPHELD, r));
        }
        return Some((CLOSED, closed));
    }
    if let Some(u) = sig.upheld {
        return Some((UPHELD, u));
    }
    if let Some(n) = sig.not_upheld {
        return Some((NOT_UPHELD, n));
    }
    sig.remedied.map(|r| (UPHELD, r))
}

#[cfg(test)]
mod tests {
    use crate::clean::Cleaner;
    use crate::extract::extract;
    use crate::rules::RuleSet;

    fn infer(summary: &str) -> (Option<String>, Option<String>) {
        let text = format!(
            "Essex County Council (24 019 538)\nThe Ombudsman's final decision:\nSummary: {summary}\nThe complaint\n- Mr X says the stage two investigation upheld his complaint and wants £500.\n"
        );
        let rules = RuleSet::embedded();
        let r = extract(
            &rules,
            "x.txt".into(),
            "x",
            &Cleaner::embedded().clean(&text),
        )
        .unwrap();
        if r.outcome.is_some() {
            assert_eq!(r.outcome_basis.as_deref(), Some("inferred"));
        }
        (r.outcome, r.evidence.get("outcome").map(|e| e.text.clone()))
    }

    fn outcome(summary: &str) -> Option<String> {
        infer(summary).0
    }

    #[test]
    fn upheld_forms() {
        assert_eq!(
            outcome("We upheld this complaint.").as_deref(),
            Some("Upheld")
        );
        assert_eq!(
            outcome("Mr X complained. There was fault but it did not cause injustice.").as_deref(),
            Some("Upheld")
        );
        assert_eq!(
            outcome("We do not find fault with the assessment but did find fault with the delay.")
                .as_deref(),
            Some("Upheld")
        );
        assert_eq!(
            outcome("Mrs X complained about care. The Council has agreed to apologise and pay her £200.")
                .as_deref(),
            Some("Upheld")
        );
    }

    #[test]
    fn closed_and_remedied() {
        assert_eq!(
            outcome("We will not investigate this complaint because there is not enough evidence of fault.")
                .as_deref(),
            Some("Closed after initial enquiries")
        );
        assert_eq!(
            outcome("We will not investigate this complaint because the Council has remedied the matter.")
                .as_deref(),
            Some("Upheld")
        );
        assert_eq!(
            outcome("We will not investigate. There is insufficient evidence of fault. The Council has offered a suitable remedy for delay.")
                .as_deref(),
            Some("Closed after initial enquiries")
        );
        assert_eq!(
            outcome("We will not investigate Ms X's complaint. This is because the Council agreed to resolve the complaint early by providing a proportionate remedy.")
                .as_deref(),
            Some("Upheld")
        );
    }

    #[test]
    fn closed_because_already_paid_is_upheld() {
        assert_eq!(
            outcome("We will not investigate Mrs Y's complaint because the Council has already paid her £300 for her distress, which is in line with our guidance on remedies.")
                .as_deref(),
            Some("Upheld")
        );
    }

    #[test]
    fn not_upheld_and_ended() {
        assert_eq!(
            outcome(
                "We find no evidence of fault in the way the Council assessed his application."
            )
            .as_deref(),
            Some("Not upheld")
        );
        assert_eq!(
            outcome("We have ended our investigation because the court is better placed.")
                .as_deref(),
            Some("Not upheld")
        );
        for text in [
            "We have stopped investigating Mr X's complaint because he has started legal action.",
            "Mr X complained about his housing application. We do not find the Council at fault.",
            "We have not found that the Council was at fault.",
        ] {
            assert_eq!(outcome(text).as_deref(), Some("Not upheld"), "{text}");
        }
        // Fault with one part still upholds the complaint.
        assert_eq!(
            outcome("We do not find the Council at fault for the delay, but we found fault in its complaint handling.")
                .as_deref(),
            Some("Upheld")
        );
    }

    #[test]
    fn quotations_of_earlier_stages_are_not_the_decision() {
        // Only the quotation carries "upheld": no outcome, not a wrong one.
        assert_eq!(
            infer("Mr X complained about his child's care. The stage two investigation upheld his complaint."),
            (None, None)
        );
        let (o, ev) = infer(
            "The stage two investigation upheld the complaint. We found no fault in how the Council then acted.",
        );
        assert_eq!(o.as_deref(), Some("Not upheld"));
        assert_eq!(
            ev.unwrap(),
            "We found no fault in how the Council then acted."
        );
    }

    #[test]
    fn weak_evidence_gives_null_and_a_warning() {
        assert_eq!(
            outcome("Mr X complained about a planning application."),
            None
        );
    }
}
