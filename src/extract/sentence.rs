//! The sentences of a page, each with its line and section.
//!
//! Outcome and remedy rules read sentences, not lines: a line of a decision is
//! a whole paragraph, and "the stage two investigation upheld..." must not
//! lend its verb to the next sentence.

use super::section::{looks_like_heading, Section};
use super::Page;
use crate::rules::RuleSet;

/// A sentence of the cleaned text.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// 0-based line.
    pub line: usize,
    pub text: &'a str,
    pub section: Section,
    /// The section the sentence stood in: `section`, except for the
    /// Ombudsman's standard text (`sentence.boilerplate`) standing elsewhere,
    /// whose `section` is `Role`.
    pub stood_in: Section,
}

/// The text of a line without its list marker (`- `, `• `, `1. `, `(a) `).
pub fn strip_marker<'a>(rules: &RuleSet, line: &'a str) -> &'a str {
    let mut t = line;
    // A marker may follow another ("- 1. "); each is one match at the start.
    for _ in 0..3 {
        match rules.prefix_end("text.list_marker", t) {
            Some(end) if end > 0 => t = &t[end..],
            _ => break,
        }
    }
    t.trim_start()
}

/// Splits a line into sentences: at `.`, `!` or `?` followed by a space and a
/// capital, digit, `£` or quote, except after a `sentence.abbreviation`
/// (`Mr`, `e.g`). Inline list items (`... £5000. • pay Ms H £5000 • send us
/// evidence`) are sentences of their own.
pub fn split<'a>(rules: &RuleSet, line: &'a str) -> Vec<&'a str> {
    if line.contains(" • ") {
        return line
            .split(" • ")
            .flat_map(|part| split_sentences(rules, part))
            .collect();
    }
    split_sentences(rules, line)
}

fn split_sentences<'a>(rules: &RuleSet, line: &'a str) -> Vec<&'a str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len().saturating_sub(1) {
        if !(matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ') {
            continue;
        }
        let next = line[i + 1..].trim_start().chars().next().unwrap_or(' ');
        if !(next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '£' | '‘' | '“' | '"' | '\''))
        {
            continue;
        }
        let word_start = line[..i]
            .rfind(|c: char| !c.is_alphanumeric() && c != '.')
            .map_or(0, |p| {
                p + line[p..].chars().next().map_or(1, char::len_utf8)
            });
        if rules.any_match("sentence.abbreviation", &line[word_start..i]) {
            continue;
        }
        let s = line[start..=i].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = i + 1;
    }
    let s = line[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Every sentence of the page after the header, with its line and section.
/// A sentence of the Ombudsman's standard text (`sentence.boilerplate`) is in
/// the role section wherever it stands.
pub fn sentences<'a>(page: &Page<'a>, sections: &[Section]) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    for (i, &section) in sections.iter().enumerate() {
        if section == Section::Header {
            continue;
        }
        let line = page.cleaned.line(i);
        if i != page.summary_line.unwrap_or(usize::MAX) && looks_like_heading(line) {
            continue;
        }
        for text in split(page.rules, line) {
            let stood_in = section;
            let section =
                if section != Section::Role && page.rules.any_match("sentence.boilerplate", text) {
                    Section::Role
                } else {
                    section
                };
            out.push(Sentence {
                line: i,
                text,
                section,
                stood_in,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_titles_or_decimals() {
        let r = RuleSet::embedded();
        assert_eq!(
            split(
                &r,
                "Summary: We upheld it. The Council paid Mr. X £1250.50 today. It agreed."
            ),
            [
                "Summary: We upheld it.",
                "The Council paid Mr. X £1250.50 today.",
                "It agreed."
            ]
        );
        assert_eq!(
            split(&r, "It will pay Miss X. B will get £200."),
            ["It will pay Miss X.", "B will get £200."]
        );
        assert_eq!(
            split(&r, "pay £50 per month. A total of £100."),
            ["pay £50 per month.", "A total of £100."]
        );
        assert_eq!(
            split(
                &r,
                "recommend a remedy of £5000. • pay Ms H £5000 • send us evidence"
            ),
            [
                "recommend a remedy of £5000.",
                "pay Ms H £5000",
                "send us evidence"
            ]
        );
        assert_eq!(
            split(&r, "See para. 12 and e.g. Mrs. Y here. Then more."),
            ["See para. 12 and e.g. Mrs. Y here.", "Then more."]
        );
    }

    #[test]
    fn strips_list_markers() {
        let r = RuleSet::embedded();
        assert_eq!(strip_marker(&r, "- pay Miss X £150"), "pay Miss X £150");
        assert_eq!(strip_marker(&r, "12. Within one month"), "Within one month");
        assert_eq!(strip_marker(&r, "• pay the daughter"), "pay the daughter");
        assert_eq!(strip_marker(&r, "(b) apologise"), "apologise");
        assert_eq!(strip_marker(&r, "- 3. apologise"), "apologise");
        assert_eq!(strip_marker(&r, "2020 was a year"), "2020 was a year");
    }

    #[test]
    fn headings() {
        assert!(looks_like_heading("Agreed action"));
        assert!(looks_like_heading("Statutory complaints process"));
        assert!(!looks_like_heading("apologise to the man"));
        assert!(!looks_like_heading(
            "To remedy the injustice the council has agreed to:"
        ));
        assert!(!looks_like_heading("- Within two weeks"));
    }
}
