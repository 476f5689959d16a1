//! What a payment is for: the phrase after the sum ("to acknowledge her
//! avoidable distress", "for the time and trouble"), from a `purpose.lead` to
//! the first `purpose.stop`, without its determiner.

use crate::rules::RuleSet;

/// Purposes are short: a longer phrase is cut here.
const MAX_CHARS: usize = 100;
/// A lead further than this after the sum introduces something else.
const LEAD_WITHIN: usize = 60;

pub fn purpose(rules: &RuleSet, after: &str) -> Option<String> {
    let t = after.trim_start_matches(|c: char| c == ')' || c.is_whitespace());
    let lead = rules
        .field("purpose.lead")
        .filter_map(|r| r.regex().find(t))
        .filter(|m| m.start() < LEAD_WITHIN)
        .min_by_key(|m| (m.start(), std::cmp::Reverse(m.end())))?;
    let t = &t[lead.end()..];
    let mut end = t.find([';', '.', '(', ':', '£']).unwrap_or(t.len());
    for r in rules.field("purpose.stop") {
        if let Some(m) = r.regex().find(&t[..end]) {
            end = m.start();
        }
    }
    // "the time, trouble and inconvenience": a list; otherwise a comma ends
    // the purpose.
    if let Some(c) = t[..end].find(',') {
        if !rules.any_match("purpose.list_end", &t[c..end]) {
            end = c;
        }
    }
    let mut p = t[..end].trim();
    if let Some(end) = rules.prefix_end("purpose.determiner", p) {
        p = p[end..].trim_start();
    }
    let p: String = p.chars().take(MAX_CHARS).collect();
    (!p.is_empty()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes() {
        let r = RuleSet::embedded();
        assert_eq!(
            purpose(&r, " to acknowledge her avoidable distress; and").as_deref(),
            Some("avoidable distress")
        );
        assert_eq!(
            purpose(&r, " for the time and trouble caused by the delay.").as_deref(),
            Some("time and trouble")
        );
        assert_eq!(
            purpose(&r, " for the time, trouble and inconvenience.").as_deref(),
            Some("time, trouble and inconvenience")
        );
        assert_eq!(
            purpose(&r, " in recognition of the distress, within a month").as_deref(),
            Some("distress")
        );
        assert_eq!(purpose(&r, " within one month."), None);
    }
}
