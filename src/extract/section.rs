//! Which section of a decision each cleaned line belongs to: the summary,
//! the complaint, the Ombudsman's role and powers, the findings, the agreed
//! action, the final decision... Headings are the `section.heading` rules
//! (rules/sections.toml); a paragraph can also open the decision or the
//! agreed action where a layout has no heading for it (`section.line`).
//!
//! Sections decide what a sentence can say: the outcome is read from the
//! summary, the findings and the decision, never from the role-and-powers
//! text or the complaint; remedies never from the complaint or the law.

use super::Page;

/// The kind of section a line sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Title and header lines.
    Header,
    Summary,
    /// What the complainant says and wants.
    Complaint,
    /// What happened before the complaint came to us, the facts.
    Background,
    /// What was and was not investigated.
    Scope,
    /// The Ombudsman's role and powers, the law and guidance: standard text.
    Role,
    /// How the complaint was considered.
    Considered,
    /// What I found, my assessment, analysis.
    Findings,
    /// Agreed action, recommendations, remedy.
    Action,
    /// Final decision, decision, finding (2016-17 layout), conclusions.
    Decision,
}

impl Section {
    /// The name written in evidence and accepted as a heading rule's `yields`.
    pub fn name(self) -> &'static str {
        match self {
            Section::Header => "header",
            Section::Summary => "summary",
            Section::Complaint => "complaint",
            Section::Background => "background",
            Section::Scope => "scope",
            Section::Role => "role",
            Section::Considered => "considered",
            Section::Findings => "findings",
            Section::Action => "action",
            Section::Decision => "decision",
        }
    }

    fn from_yields(y: &str) -> Section {
        match y {
            "summary" => Section::Summary,
            "complaint" => Section::Complaint,
            "background" => Section::Background,
            "scope" => Section::Scope,
            "role" => Section::Role,
            "considered" => Section::Considered,
            "action" => Section::Action,
            "decision" => Section::Decision,
            _ => Section::Findings,
        }
    }

    /// The Ombudsman's own words about this complaint: where outcomes and
    /// remedies are read.
    pub fn is_own_words(self) -> bool {
        matches!(
            self,
            Section::Summary | Section::Findings | Section::Action | Section::Decision
        )
    }
}

/// The section of every line of the page.
pub fn sections(page: &Page) -> Vec<Section> {
    let n = page.cleaned.len();
    let mut out = Vec::with_capacity(n);
    // Text after the summary and before any heading is the body.
    let mut current = Section::Findings;
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
            current = Section::Findings;
            continue;
        }
        if let Some(kind) = heading_kind(page, line, current) {
            current = kind;
            out.push(kind);
            continue;
        }
        if let Some(rule) = page
            .rules
            .field("section.line")
            .find(|r| r.regex().is_match(line))
        {
            current = Section::from_yields(rule.yields());
        }
        out.push(current);
    }
    out
}

/// The section a heading line opens, or `None` when the line is not a
/// heading. A line that looks like a heading but matches no rule opens the
/// findings, so that the complaint never runs on under a heading we do not
/// know; under the role and powers or the law it is a sub-heading, and in
/// the agreed action a line that starts like a remedy ("Meet the full cost
/// of the repair") is an item.
fn heading_kind(page: &Page, line: &str, current: Section) -> Option<Section> {
    if let Some(rule) = page.rules.first_matching("section.heading", line) {
        return Some(Section::from_yields(rule.yields()));
    }
    if !looks_like_heading(line) {
        return None;
    }
    match current {
        Section::Role | Section::Considered => Some(current),
        Section::Action if page.rules.any_match("remedy.item_start", line) => None,
        _ => Some(Section::Findings),
    }
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

#[cfg(test)]
mod tests {
    use crate::clean::Cleaner;
    use crate::extract::page_sections;
    use crate::rules::RuleSet;

    fn sections_of(text: &str) -> Vec<(String, &'static str)> {
        let rules = RuleSet::embedded();
        let cleaned = Cleaner::embedded().clean(text);
        page_sections(&rules, &cleaned)
            .into_iter()
            .enumerate()
            .map(|(i, s)| (cleaned.line(i).to_string(), s.name()))
            .collect()
    }

    #[test]
    fn headings_of_the_current_layout() {
        let s = sections_of(
            "Essex County Council (24 019 538)\nThe Ombudsman's final decision:\nSummary: We found fault.\n\
             The complaint\nMr X says the Council should pay him.\nThe Ombudsman’s role and powers\n\
             We may decide not to start or continue an investigation.\nHow I considered this complaint\n\
             I spoke to Mr X.\nWhat I found\nThe Council was at fault.\nSchool transport\nMore findings.\n\
             Agreed action\nMeet the full cost of the repair\nFinal decision\nI uphold the complaint.\n",
        );
        let of = |line: &str| s.iter().find(|(l, _)| l == line).unwrap().1;
        assert_eq!(of("Summary: We found fault."), "summary");
        assert_eq!(of("Mr X says the Council should pay him."), "complaint");
        assert_eq!(
            of("We may decide not to start or continue an investigation."),
            "role"
        );
        assert_eq!(of("I spoke to Mr X."), "considered");
        assert_eq!(of("The Council was at fault."), "findings");
        // An unknown heading under the findings is a sub-heading of them.
        assert_eq!(of("More findings."), "findings");
        assert_eq!(of("Meet the full cost of the repair"), "action");
        assert_eq!(of("I uphold the complaint."), "decision");
    }

    #[test]
    fn older_layouts() {
        let s = sections_of(
            "Category :\nEducation\n>\nSchool transport\nDecision :\nUpheld\nDecision date :\n02 Feb 2017\n\
             Summary\nA family complains.\nThe complaint\nThey complain about transport.\nFinding\n\
             The Ombudsman upheld the complaint.\nRecommendations\napologise to the man\n",
        );
        let of = |line: &str| s.iter().find(|(l, _)| l == line).unwrap().1;
        assert_eq!(of("A family complains."), "summary");
        assert_eq!(of("They complain about transport."), "complaint");
        assert_eq!(of("The Ombudsman upheld the complaint."), "decision");
        assert_eq!(of("apologise to the man"), "action");
        let s = sections_of(
            "15 010 742\nReport summary\nThe Ombudsman found fault.\nIntroduction\nMr X complained.\n\
             Legal and administrative background\nThe law says councils should act.\nConclusions\nThe Council was at fault.\n",
        );
        let of = |line: &str| s.iter().find(|(l, _)| l == line).unwrap().1;
        assert_eq!(of("The law says councils should act."), "role");
        assert_eq!(of("The Council was at fault."), "decision");
    }
}
