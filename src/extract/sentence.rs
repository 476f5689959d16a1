//! Page structure for the prose extractors: which section each cleaned line
//! belongs to (summary, the complaint, findings, agreed action, final
//! decision...) and the sentences of a line.
//!
//! Outcome and remedy rules read sentences, not lines: a line of a decision is
//! a whole paragraph, and "the stage two investigation upheld..." must not
//! lend its verb to the next sentence. Sections tell the Ombudsman's own
//! decision and remedy apart from background and quotations.

use super::Page;

/// The kind of section a line sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Title and header lines.
    Header,
    Summary,
    /// What the complainant says and wants.
    Complaint,
    /// Findings, assessment, what happened, the law.
    Body,
    /// Agreed action, recommendations, remedy.
    Action,
    /// Final decision, decision, finding (2016-17 layout), conclusions.
    Decision,
}

/// A sentence of the cleaned text.
#[derive(Debug, Clone, Copy)]
pub struct Sentence<'a> {
    /// 0-based line.
    pub line: usize,
    pub text: &'a str,
    pub section: Section,
}

/// The section of every line of the page, from its headings.
pub fn sections(page: &Page) -> Vec<Section> {
    let n = page.cleaned.len();
    let mut out = Vec::with_capacity(n);
    let mut current = Section::Body;
    for i in 0..n {
        let line = page.cleaned.line(i);
        if i < page.body_start {
            out.push(if Some(i) == page.summary_line {
                Section::Summary
            } else {
                Section::Header
            });
            continue;
        }
        if Some(i) == page.summary_line {
            out.push(Section::Summary);
            current = Section::Body;
            continue;
        }
        if let Some(kind) = heading_kind(page, line) {
            current = kind;
            out.push(kind);
            continue;
        }
        // A paragraph that opens the decision or the agreed action where the
        // layout has no heading for it.
        if let Some(rule) = page
            .rules
            .field("section.line")
            .find(|r| r.regex.is_match(line))
        {
            current = if rule.yields() == "action" {
                Section::Action
            } else {
                Section::Decision
            };
        }
        out.push(current);
    }
    out
}

/// The section a heading line opens, or `None` when the line is not a
/// heading. Known headings come from the `section.heading` rules; any other
/// short line without closing punctuation is a heading of the body, so that a
/// section never runs on under a heading we do not know.
fn heading_kind(page: &Page, line: &str) -> Option<Section> {
    if let Some(rule) = page
        .rules
        .field("section.heading")
        .find(|r| r.regex.is_match(line))
    {
        return Some(match rule.yields() {
            "action" => Section::Action,
            "decision" => Section::Decision,
            "complaint" => Section::Complaint,
            "summary" => Section::Summary,
            _ => Section::Body,
        });
    }
    looks_like_heading(line).then_some(Section::Body)
}

/// A short line that starts with a capital and does not end like a sentence
/// or a list item.
pub fn looks_like_heading(line: &str) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    first.is_uppercase()
        && line.len() <= 70
        && line.split_whitespace().count() <= 8
        && !line.ends_with(['.', ';', ',', ':', ')'])
        && !line.contains('£')
}

/// The text of a line without its list marker (`- `, `• `, `1. `, `2) `).
pub fn strip_marker(line: &str) -> &str {
    let t = line.trim_start_matches(['-', '•', '*', '–', '·', ' ']);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r.trim_start();
        }
    }
    t.trim_start()
}

/// Splits a line into sentences: at `.`, `!` or `?` followed by a space and a
/// capital, digit, `£` or quote, except after `Mr`, `Mrs`, `Ms`, `Dr`, `No`,
/// `e.g` and `i.e`.
pub fn split(line: &str) -> Vec<&str> {
    // Inline list items ("... £5000. • pay Ms H £5000 • send us evidence")
    // are sentences of their own.
    if line.contains(" • ") {
        return line.split(" • ").flat_map(split_sentences).collect();
    }
    split_sentences(line)
}

fn split_sentences(line: &str) -> Vec<&str> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < b.len() {
        if matches!(b[i], b'.' | b'!' | b'?') && b[i + 1] == b' ' {
            let next = line[i + 1..].trim_start().chars().next().unwrap_or(' ');
            let word_start = line[..i]
                .rfind(|c: char| !c.is_alphanumeric() && c != '.')
                .map_or(0, |p| {
                    p + line[p..].chars().next().map_or(1, char::len_utf8)
                });
            let word = &line[word_start..i];
            let abbrev = matches!(
                word,
                "Mr" | "Mrs" | "Ms" | "Dr" | "No" | "e.g" | "i.e" | "St" | "para"
            );
            if !abbrev
                && (next.is_uppercase()
                    || next.is_ascii_digit()
                    || matches!(next, '£' | '‘' | '“' | '"' | '\''))
            {
                let s = line[start..=i].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = i + 1;
            }
        }
        i += 1;
    }
    let s = line[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// Every sentence of the page after the header, with its line and section.
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
        for text in split(line) {
            out.push(Sentence {
                line: i,
                text,
                section,
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
        assert_eq!(
            split("Summary: We upheld it. The Council paid Mr. X £1250.50 today. It agreed."),
            [
                "Summary: We upheld it.",
                "The Council paid Mr. X £1250.50 today.",
                "It agreed."
            ]
        );
        assert_eq!(
            split("It will pay Miss X. B will get £200."),
            ["It will pay Miss X.", "B will get £200."]
        );
        assert_eq!(
            split("pay £50 per month. A total of £100."),
            ["pay £50 per month.", "A total of £100."]
        );
        assert_eq!(
            split("recommend a remedy of £5000. • pay Ms H £5000 • send us evidence"),
            [
                "recommend a remedy of £5000.",
                "pay Ms H £5000",
                "send us evidence"
            ]
        );
    }

    #[test]
    fn strips_list_markers() {
        assert_eq!(strip_marker("- pay Miss X £150"), "pay Miss X £150");
        assert_eq!(strip_marker("12. Within one month"), "Within one month");
        assert_eq!(strip_marker("• pay the daughter"), "pay the daughter");
        assert_eq!(strip_marker("2020 was a year"), "2020 was a year");
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
