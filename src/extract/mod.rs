//! From cleaned text to a [`Record`]: the fields a page states outright
//! (title, header lines, summary, complainant) here; outcome inference and
//! remedies in their own modules. Every value carries the line it came from.

pub mod clause;
pub mod date;
pub mod deadline;
pub mod housing;
pub mod money;
pub mod outcome;
pub mod phso;
pub mod remedy;
pub mod section;
pub mod sentence;

use crate::budget::Budget;
use crate::clean::Cleaned;
use crate::error::{ErrorKind, FileError};
use crate::record::{Evidence, Record};
use crate::rules::RuleSet;
use section::Section;
use sentence::Sentence;

/// Header lines and the title sit near the top; looking further only costs time
/// and risks matching a quotation.
const TITLE_LINES: usize = 6;
const HEADER_LINES: usize = 40;

/// A cleaned page and what the extractors share about it.
pub struct Page<'a> {
    pub cleaned: &'a Cleaned,
    pub rules: &'a RuleSet,
    /// 0-based line of the summary, when there is one.
    pub summary_line: Option<usize>,
    /// 0-based line after the header block: body text starts here.
    pub body_start: usize,
}

/// Evidence text is the sentence or line a value came from, cut to this
/// many bytes: a page that is one 2 MB sentence must not be copied into
/// every payment it holds.
pub const EVIDENCE_MAX_BYTES: usize = 1000;

/// The evidence of a field taken from the file name (line 0: no line of
/// the text says it).
pub(crate) fn file_name_evidence(stem: &str) -> Evidence {
    Evidence {
        line: 0,
        text: evidence_text(&format!("file name: {stem}")),
        section: None,
    }
}

/// `text`, cut at a char boundary to [`EVIDENCE_MAX_BYTES`] with a `…`.
pub(crate) fn evidence_text(text: &str) -> String {
    if text.len() <= EVIDENCE_MAX_BYTES {
        return text.to_string();
    }
    let cut = outcome::floor_char(text, EVIDENCE_MAX_BYTES);
    format!("{}…", &text[..cut])
}

impl Page<'_> {
    /// Evidence for a whole line (0-based).
    pub fn evidence(&self, i: usize) -> Evidence {
        Evidence {
            line: i + 1,
            text: evidence_text(self.cleaned.line(i)),
            section: None,
        }
    }

    /// Evidence for a sentence: its text and section.
    pub fn evidence_of(&self, s: &Sentence) -> Evidence {
        Evidence {
            line: s.line + 1,
            text: evidence_text(s.text),
            section: Some(s.section.name().to_string()),
        }
    }
}

/// Extracts one record with no time budget (library callers and tests).
pub fn extract(
    rules: &RuleSet,
    file: String,
    stem: &str,
    cleaned: &Cleaned,
) -> Result<Record, FileError> {
    extract_within(rules, file, stem, cleaned, &Budget::none())
}

/// Extracts one record. `file` is the output path, `stem` the file name
/// without extension (a reference fallback for pages with no title line);
/// the prose extractors check `budget` in their loops.
pub fn extract_within(
    rules: &RuleSet,
    file: String,
    stem: &str,
    cleaned: &Cleaned,
    budget: &Budget,
) -> Result<Record, FileError> {
    // Another ombudsman's layout: read with its own rule pack (issue 14).
    match page_ombudsman(rules, cleaned) {
        Some(housing::OMBUDSMAN) => return housing::extract(rules, file, cleaned, budget),
        Some(phso::OMBUDSMAN) => return phso::extract(rules, file, stem, cleaned, budget),
        _ => {}
    }
    let mut rec = Record::new(file);
    let set = rules;
    let n = cleaned.len();
    let (summary_line, body_start) = stated_fields(set, stem, cleaned, &mut rec)?;
    let page = Page {
        cleaned,
        rules: set,
        summary_line,
        body_start,
    };

    // Complainant: the summary first, then the complaint itself.
    let search_from = summary_line.unwrap_or(body_start);
    for i in search_from..n {
        if let Some((_, v)) = set.first_value("complainant", cleaned.line(i)) {
            rec.complainant = Some(
                v.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('.', ""),
            );
            rec.evidence.insert("complainant".into(), page.evidence(i));
            break;
        }
    }

    if let Some(i) = set.first_line("decision_kind.report", cleaned) {
        rec.decision_kind = "report".into();
        rec.evidence
            .insert("decision_kind".into(), page.evidence(i));
    }

    budget.check("sections")?;
    let sections = section::sections(&page);
    let sentences = sentence::sentences(&page, &sections);
    budget.check("sentences")?;
    // Clauses and frames once, for the outcome and the remedies.
    let analyses = remedy::analyse(&page, &sentences, budget)?;
    let signals = outcome::infer(&page, &sentences, &analyses.analysed, &mut rec);
    budget.check("outcome")?;
    remedy::extract(&page, &sentences, &analyses, &signals, &mut rec, budget)?;
    Ok(rec)
}

/// The page of a cleaned text, as [`extract`] sees it.
fn layout<'a>(rules: &'a RuleSet, cleaned: &'a Cleaned) -> Page<'a> {
    let mut rec = Record::new(String::new());
    let (summary_line, body_start) =
        stated_fields(rules, "", cleaned, &mut rec).unwrap_or((None, 0));
    Page {
        cleaned,
        rules,
        summary_line,
        body_start,
    }
}

/// The section of every line of a cleaned page, as [`extract`] sees them
/// (for tests and tools).
pub fn page_sections(rules: &RuleSet, cleaned: &Cleaned) -> Vec<Section> {
    section::sections(&layout(rules, cleaned))
}

/// The sentences of a cleaned page with their sections, as [`extract`]
/// reads them (for tests and tools).
pub fn page_sentences<'a>(rules: &'a RuleSet, cleaned: &'a Cleaned) -> Vec<Sentence<'a>> {
    let page = layout(rules, cleaned);
    let sections = section::sections(&page);
    sentence::sentences(&page, &sections)
}

/// The fields a page states outright: title, summary, header lines, the
/// reference from the file name. Returns the summary's line and the line
/// where the body starts.
fn stated_fields(
    set: &RuleSet,
    stem: &str,
    cleaned: &Cleaned,
    rec: &mut Record,
) -> Result<(Option<usize>, usize), FileError> {
    let n = cleaned.len();

    // Title: organisation and reference.
    let mut title_line = None;
    'title: for i in 0..n.min(TITLE_LINES) {
        let line = cleaned.line(i);
        for rule in set.field("title") {
            if let Some(c) = rule.captures(line) {
                rec.reference = c.name("ref").map(normalise_reference);
                rec.organisation = c
                    .name("org")
                    .map(|m| m.trim().to_string())
                    .filter(|s| !s.is_empty());
                title_line = Some(i);
                break 'title;
            }
        }
    }
    if let Some(i) = title_line {
        let ev = Evidence {
            line: i + 1,
            text: evidence_text(cleaned.line(i)),
            section: None,
        };
        if rec.organisation.is_some() {
            rec.evidence.insert("organisation".into(), ev.clone());
        }
        rec.evidence.insert("reference".into(), ev);
    }

    // Summary: `Summary: text`, or a `Summary` heading and the next line.
    let mut summary_line = None;
    for i in 0..n.min(HEADER_LINES + 10) {
        let line = cleaned.line(i);
        if let Some((_, v)) = set.first_value("summary", line) {
            rec.summary = Some(v.trim().to_string());
            summary_line = Some(i);
            break;
        }
        if set.any_match("summary.heading", line) && i + 1 < n {
            rec.summary = Some(cleaned.line(i + 1).to_string());
            summary_line = Some(i + 1);
            break;
        }
    }
    if let Some(i) = summary_line {
        rec.evidence.insert(
            "summary".into(),
            Evidence {
                line: i + 1,
                text: evidence_text(cleaned.line(i)),
                section: Some(Section::Summary.name().to_string()),
            },
        );
    }

    // Header lines: `Label : value`, or the value on the following lines.
    let mut header_end = title_line.map_or(0, |i| i + 1);
    let mut found_header = false;
    // Header lines come before the summary: looking further costs a regex
    // call per line and risks reading a body paragraph as a header.
    let header_limit = summary_line.unwrap_or(n).min(n).min(HEADER_LINES);
    let mut i = 0;
    while i < header_limit {
        let line = cleaned.line(i);
        let Some((field, rule_value)) = header_label(set, line) else {
            i += 1;
            continue;
        };
        found_header = true;
        let mut value = rule_value.trim().to_string();
        let mut last = i;
        if value.is_empty() {
            // 2016-17 layout: `Category :` / `Children's care services` / `>` / `Other`.
            let max_parts = if field == "category" { 3 } else { 1 };
            let mut parts = Vec::new();
            let mut j = i + 1;
            while j < n && parts.len() < max_parts {
                let next = cleaned.line(j);
                if header_label(set, next).is_some() || is_summary_start(set, next) {
                    break;
                }
                parts.push(next);
                last = j;
                j += 1;
            }
            value = parts.join(" ");
        }
        let ev = Evidence {
            line: i + 1,
            text: evidence_text(
                &(i..=last)
                    .map(|k| cleaned.line(k))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            section: None,
        };
        set_header(set, rec, field, &value, ev);
        header_end = header_end.max(last + 1);
        i = last + 1;
    }

    // Reference from the file name, only when the text has no title line.
    if rec.reference.is_none() {
        for rule in set.field("reference.file_name") {
            if let Some(c) = rule.regex().captures(stem) {
                let r = format!(
                    "{} {} {}{}",
                    &c["yy"],
                    &c["a"],
                    &c["b"],
                    c.name("sfx").map_or("", |m| m.as_str()).to_lowercase()
                );
                rec.warnings.push(format!(
                    "no title line: reference {r} taken from the file name"
                ));
                rec.evidence
                    .insert("reference".into(), file_name_evidence(stem));
                rec.reference = Some(r);
                break;
            }
        }
    }

    if title_line.is_none() && !found_header {
        let mut message = "no title line with a case reference and no Category/Decision header lines in the first lines of the text".to_string();
        if let Some(other) = other_ombudsman(set, cleaned) {
            message.push_str(&format!(
                "; it looks like a {other} decision (ombuds reads LGSCO, Housing Ombudsman and PHSO decisions, in the layouts the README lists)"
            ));
        }
        return Err(FileError::new(ErrorKind::NotADecision, message));
    }
    if rec.reference.is_none() {
        rec.warnings.push("no case reference found".into());
    }

    let body_start = header_end.max(summary_line.map_or(0, |i| i + 1).min(header_end + 3));
    Ok((summary_line, body_start))
}

/// Which header field a line opens, with the value after the colon.
fn header_label<'l>(rules: &RuleSet, line: &'l str) -> Option<(&'static str, &'l str)> {
    // Decision date before Decision: both start with "Decision".
    for (field, name) in [
        ("header.decision_date", "decision_date"),
        ("header.decision", "outcome"),
        ("header.category", "category"),
    ] {
        if let Some((_, v)) = rules.first_value(field, line) {
            return Some((name, v));
        }
    }
    None
}

fn is_summary_start(rules: &RuleSet, line: &str) -> bool {
    rules.first_value("summary", line).is_some() || rules.any_match("summary.heading", line)
}

fn set_header(rules: &RuleSet, rec: &mut Record, field: &str, value: &str, ev: Evidence) {
    if value.is_empty() {
        rec.warnings
            .push(format!("{field} header line has no value"));
        return;
    }
    match field {
        "category" => {
            let cat = normalise_category(value);
            let mut parts = cat.splitn(2, " > ");
            rec.category_area = parts.next().map(str::to_string);
            rec.category_sub = parts.next().map(str::to_string);
            rec.category = Some(cat);
        }
        "outcome" => {
            rec.outcome = Some(value.split_whitespace().collect::<Vec<_>>().join(" "));
            rec.outcome_basis = Some("stated".into());
        }
        "decision_date" => match date::parse(rules, value) {
            Some(d) => rec.decision_date = Some(d),
            None => {
                rec.warnings
                    .push(format!("decision date {value:?} is not a date we can read"));
                return;
            }
        },
        _ => unreachable!("header field {field}"),
    }
    rec.evidence.insert(field.to_string(), ev);
}

/// `24 012 297` with single spaces and a lower-case suffix letter.
fn normalise_reference(r: &str) -> String {
    let digits: String = r.chars().filter(|c| c.is_ascii_digit()).collect();
    let suffix: String = r
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    format!(
        "{} {} {}{}",
        &digits[..2],
        &digits[2..5],
        &digits[5..8],
        suffix
    )
}

/// Straight apostrophes, single spaces, ` > ` between area and sub-category.
pub fn normalise_category(raw: &str) -> String {
    let straight = raw.replace(['’', '‘', '`'], "'").replace("&gt;", ">");
    let parts: Vec<String> = straight
        .split('>')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" > ")
}

/// The ombudsman whose layout a page has (`ombudsman.page` rules on its
/// first lines): `None` for an LGSCO page, read as before.
pub fn page_ombudsman(rules: &RuleSet, cleaned: &Cleaned) -> Option<&'static str> {
    if cleaned.is_empty() {
        return None;
    }
    // At most 40 lines and 64 KB: a page of one 17 MB line is not scanned
    // whole before its time budget is first checked.
    let end = cleaned
        .line_range(cleaned.len().min(40) - 1)
        .end
        .min(64 << 10);
    let head = &cleaned.text[..outcome::floor_char(&cleaned.text, end)];
    let y = rules
        .field("ombudsman.page")
        .find(|r| r.regex().is_match(head))?
        .yields();
    [housing::OMBUDSMAN, phso::OMBUDSMAN]
        .into_iter()
        .find(|o| *o == y)
}

/// Which other ombudsman a page that is not an LGSCO decision seems to come
/// from (`ombudsman.other` rules on its first lines), to make its
/// `not_a_decision` error actionable. A hint only: nothing is extracted from
/// such pages.
fn other_ombudsman<'r>(rules: &'r RuleSet, cleaned: &Cleaned) -> Option<&'r str> {
    // Both layouts say who they are at the top.
    let head: String = cleaned.lines().take(40).collect::<Vec<_>>().join("\n");
    rules
        .field("ombudsman.other")
        .find(|r| r.regex().is_match(&head))
        .map(|r| r.yields())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;

    fn run(text: &str, stem: &str) -> Result<Record, FileError> {
        let rules = RuleSet::embedded();
        let cleaned = Cleaner::embedded().clean(text);
        extract(&rules, format!("{stem}.txt"), stem, &cleaned)
    }

    #[test]
    fn other_ombudsmen_are_read_or_named() {
        // Housing Ombudsman and PHSO layouts are read with their packs.
        let housing = run(
            "Example Homes Limited (202400001)\nCase ID\n202400001\nDecision type\nInvestigation\nLandlord\nExample Homes Limited\n",
            "202400001",
        )
        .unwrap();
        assert_eq!(housing.ombudsman, "Housing Ombudsman");
        assert_eq!(housing.reference.as_deref(), Some("202400001"));
        let phso = run(
            "The Complaint:\n4. Mr B complains about the care the Trust provided to his father.\nBackground:\n5. Mr F was admitted.\nOur Decision:\n1. We do not uphold this complaint.\n",
            "P-000001",
        )
        .unwrap();
        assert_eq!(phso.ombudsman, "Parliamentary and Health Service Ombudsman");
        assert_eq!(phso.outcome.as_deref(), Some("not upheld"));
        assert_eq!(phso.organisations, ["the Trust"]);
        // Wales and Scotland are named in the error until they are read.
        for (text, name) in [
            (
                "Public Services Ombudsman for Wales\nInvestigation report\n",
                "(PSOW)",
            ),
            (
                "Scottish Public Services Ombudsman decision report\n",
                "(SPSO)",
            ),
        ] {
            let e = run(text, "x").unwrap_err();
            assert_eq!(e.kind, ErrorKind::NotADecision);
            assert!(e.message.contains(name), "{}", e.message);
        }
        // A page that only mentions the Housing Ombudsman stays an LGSCO page.
        let lgsco = run(
            "Essex County Council (24 019 538)\nCategory : Housing > Allocations\nSummary: Mrs X complained; the Housing Ombudsman has no role here.\n",
            "x",
        )
        .unwrap();
        assert_eq!(lgsco.ombudsman, "LGSCO");
        // An unknown page gets the plain message.
        let other = run(
            "Minutes of the parish meeting\nApologies were received.\n",
            "x",
        )
        .unwrap_err();
        assert!(!other.message.contains("looks like"), "{}", other.message);
    }

    #[test]
    fn stated_header_fields() {
        let r = run(
            "West Northamptonshire Council (24 012 297)\n\nCategory : Children’s care services > Other\n\
             Decision : Upheld\nDecision date : 06 Apr 2025\nThe Ombudsman's final decision:\n\
             Summary: Mr X complained about an assessment.\n",
            "000",
        )
        .unwrap();
        assert_eq!(
            r.organisation.as_deref(),
            Some("West Northamptonshire Council")
        );
        assert_eq!(r.reference.as_deref(), Some("24 012 297"));
        assert_eq!(
            r.category.as_deref(),
            Some("Children's care services > Other")
        );
        assert_eq!(r.category_area.as_deref(), Some("Children's care services"));
        assert_eq!(r.category_sub.as_deref(), Some("Other"));
        assert_eq!(r.outcome.as_deref(), Some("Upheld"));
        assert_eq!(r.outcome_basis.as_deref(), Some("stated"));
        assert_eq!(r.decision_date.as_deref(), Some("2025-04-06"));
        assert_eq!(r.complainant.as_deref(), Some("Mr X"));
        assert_eq!(
            r.summary.as_deref(),
            Some("Mr X complained about an assessment.")
        );
        assert_eq!(r.evidence["decision_date"].line, 4);
        assert_eq!(
            r.evidence["decision_date"].text,
            "Decision date : 06 Apr 2025"
        );
    }

    #[test]
    fn header_values_on_their_own_lines() {
        let r = run(
            "Category :\nChildren's care services\n>\nFriends and family carers\nDecision :\nUpheld\n\
             Decision date :\n22 Feb 2017\nSummary\nA family complains.\n",
            "15-016-298",
        )
        .unwrap();
        assert_eq!(
            r.category.as_deref(),
            Some("Children's care services > Friends and family carers")
        );
        assert_eq!(r.outcome.as_deref(), Some("Upheld"));
        assert_eq!(r.decision_date.as_deref(), Some("2017-02-22"));
        assert_eq!(r.summary.as_deref(), Some("A family complains."));
        assert_eq!(r.reference.as_deref(), Some("15 016 298"));
        assert_eq!(r.organisation, None);
        assert!(r.warnings[0].contains("file name"));
    }

    #[test]
    fn reference_only_title_and_suffix() {
        let r = run(
            "15 010 742\nCategory : Planning > Planning applications\n",
            "x",
        )
        .unwrap();
        assert_eq!(r.reference.as_deref(), Some("15 010 742"));
        assert_eq!(r.organisation, None);
        let r = run(
            "Sheffield Teaching Hospitals NHS Foundation Trust (17 002 402b)\n",
            "x",
        )
        .unwrap();
        assert_eq!(r.reference.as_deref(), Some("17 002 402b"));
    }

    #[test]
    fn not_a_decision() {
        let e = run("Shopping list\nEggs\nMilk\n", "list").unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotADecision);
    }

    #[test]
    fn unstated_fields_are_null() {
        let r = run(
            "Warwickshire County Council (24 013 077)\nThe Ombudsman's final decision:\nSummary: We upheld this complaint.\n",
            "003",
        )
        .unwrap();
        assert_eq!(r.category, None);
        assert_eq!(r.decision_date, None);
        assert_eq!(r.complainant, None);
    }
}
