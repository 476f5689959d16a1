//! Reassembly of the Housing Ombudsman's broken lines, before anything is
//! read from them.
//!
//! The pages' source text breaks a line wherever the web page changed style
//! (a bold word, a link): inside sentences (`We` / `have not` / `made
//! orders`), inside words (`sever` / `e`) and inside numbers (`£1` / `25`,
//! `2` / `6 June 2026`). This is not the hard wrapping that [`crate::reflow`]
//! undoes for LGSCO pages (breaks at a fixed width, detected from line
//! lengths), so it lives here and runs only on Housing Ombudsman pages:
//! LGSCO output cannot move.
//!
//! A line joins the paragraph before it unless either is a label or a
//! heading (`housing.label`, `housing.heading`, whole lines) or the line is a
//! list marker alone (`b)`). It joins when the paragraph runs on
//! (`housing.runs_on`: it ends in a function word, `£`, a hyphen), when the
//! line continues it (`housing.continues`: a lower-case letter or closing
//! punctuation), when a number is split (digits on both sides), or a date
//! (`21` / `May 2026`). Without a space when digits meet, at punctuation
//! and hyphens, and when the two fragments spell a word (`housing.word`, or
//! a word the page uses whole) that one of them is not.

use std::collections::HashSet;

use crate::clean::Cleaned;
use crate::rules::RuleSet;

/// One reassembled paragraph and the cleaned line it starts on (0-based):
/// evidence points at that line of the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub line: usize,
    pub text: String,
}

/// True for a line that stands alone: a label or heading, whole.
pub fn stands_alone(rules: &RuleSet, line: &str) -> bool {
    rules.any_match("housing.label", line) || rules.any_match("housing.heading", line)
}

fn is_marker(line: &str) -> bool {
    let t = line.trim();
    let inner = t.trim_start_matches('(').trim_end_matches([')', '.']);
    t.len() <= 5
        && t != inner
        && !inner.is_empty()
        && (inner.len() == 1 && inner.chars().all(|c| c.is_ascii_lowercase())
            || inner.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
}

/// The page's paragraphs, broken lines joined.
pub fn paragraphs(rules: &RuleSet, cleaned: &Cleaned) -> Vec<Para> {
    let vocab = vocabulary(cleaned);
    let mut out: Vec<Para> = Vec::new();
    // Whether the last paragraph may take more lines.
    let mut open = false;
    for (i, raw) in cleaned.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            open = false;
            continue;
        }
        let alone = stands_alone(rules, line);
        // A list marker alone, or opening an item (`b. Apologise`).
        let marker = is_marker(line.split(' ').next().unwrap_or(line));
        if open && !alone && !marker {
            if let Some(last) = out.last_mut() {
                if let Some(space) = joins(rules, &vocab, &last.text, line) {
                    if space {
                        last.text.push(' ');
                    }
                    last.text.push_str(line);
                    continue;
                }
            }
        }
        out.push(Para {
            line: i,
            text: line.to_string(),
        });
        open = !alone;
    }
    out
}

/// Whether `next` continues `prev`, and with a space or not.
fn joins(rules: &RuleSet, vocab: &HashSet<String>, prev: &str, next: &str) -> Option<bool> {
    let p_last = prev.chars().last()?;
    let n_first = next.chars().next()?;
    // A list marker alone takes its item.
    if is_marker(prev.rsplit(' ').next().unwrap_or(prev)) && prev.split(' ').count() == 1 {
        return Some(true);
    }
    // `£1,` / `250`: a sum split after its thousands comma.
    let split_sum = p_last == ','
        && prev
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|t| t.starts_with('£'));
    // Never after a year (`8 May 2026` / `2`, the next order's number).
    let short_number = prev
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|t| t.chars().filter(char::is_ascii_digit).count() < 4);
    let digits = (p_last.is_ascii_digit() || split_sum) && short_number && n_first.is_ascii_digit();
    let day_month = (ends_with_day(prev) && starts_with_month(next))
        || (ends_with_month(prev) && starts_with_year(next));
    let runs_on = rules.any_match("housing.runs_on", prev);
    let continues = rules.any_match("housing.continues", next) && !starts_with_month(next);
    if !(digits || day_month || runs_on || continues) {
        return None;
    }
    if digits
        || p_last == '£'
        || is_dash(p_last)
        || is_dash(n_first)
        || matches!(
            n_first,
            '.' | ',' | ';' | ':' | ')' | '!' | '?' | '%' | '’' | '”'
        )
    {
        return Some(false);
    }
    let a = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    let b = next.split(char::is_whitespace).next().unwrap_or("");
    let (wa, wb) = (word(a), word(b));
    if !wa.is_empty() && !wb.is_empty() && wa.chars().all(char::is_alphabetic) {
        let joined = format!("{wa}{wb}");
        let spelt = vocab.contains(&joined) || rules.any_match("housing.word", &joined);
        if spelt && (!vocab.contains(&wa) || !vocab.contains(&wb)) {
            return Some(false);
        }
    }
    Some(true)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‑' | '–')
}

/// The letters of a token, lower case.
fn word(t: &str) -> String {
    t.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn ends_with_day(s: &str) -> bool {
    let last = s.rsplit(char::is_whitespace).next().unwrap_or("");
    matches!(last.parse::<u32>(), Ok(1..=31))
}

fn ends_with_month(s: &str) -> bool {
    starts_with_month(s.rsplit(char::is_whitespace).next().unwrap_or(""))
}

fn starts_with_year(s: &str) -> bool {
    let first = s.split(char::is_whitespace).next().unwrap_or("");
    let y = first.trim_end_matches(['.', ',']);
    y.len() == 4 && matches!(y.parse::<u32>(), Ok(1990..=2100))
}

fn starts_with_month(s: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let first = s.split(char::is_whitespace).next().unwrap_or("");
    MONTHS.contains(&first)
}

/// The words the page uses whole: those inside a line, not at its ends
/// (where a fragment would sit), lower case.
fn vocabulary(cleaned: &Cleaned) -> HashSet<String> {
    let mut out = HashSet::new();
    for line in cleaned.lines() {
        let toks: Vec<&str> = line.split_whitespace().collect();
        if toks.len() < 3 {
            continue;
        }
        for t in &toks[1..toks.len() - 1] {
            let w = word(t);
            if !w.is_empty() {
                out.insert(w);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Cleaner;

    fn paras(text: &str) -> Vec<String> {
        let cleaned = Cleaner::embedded().clean(text);
        paragraphs(&RuleSet::embedded(), &cleaned)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn numbers_dates_and_words_are_reassembled() {
        let p = paras(
            "Date\n21\nMay 2026\nOur recommendations\nThe landlord should pay the resident the £1\n25\nit offered in its stage 2 response.\n\
             No later than\n2\n6\nJune 2026\nWhere we find service failure, maladministration or sever\ne\nmaladministration we can make orders.\n\
             The landlord issued its\ns\ntage 1 response. The stage was late.\nWe\nhave not\nmade orders for the landlord to put things right.\n",
        );
        assert_eq!(
            p,
            [
                "Date",
                "21 May 2026",
                "Our recommendations",
                "The landlord should pay the resident the £125 it offered in its stage 2 response.",
                "No later than 26 June 2026",
                "Where we find service failure, maladministration or severe maladministration we can make orders.",
                "The landlord issued its stage 1 response. The stage was late.",
                "We have not made orders for the landlord to put things right.",
            ]
        );
    }

    #[test]
    fn list_items_and_headings_stay_apart() {
        let p = paras(
            "The complaint is about the landlord’s response to:\na)\nReports\nof\nwater leak\ns\n.\nb)\nThe associated complaint.\n\
             Complaint\nReports of noise disturbance.\nFinding\nNo maladministration\nThis investigation considers the landlord’s response.\n\
             If it has not already done so, the landlord should pay the resident the £\n400\nas agreed.\n",
        );
        assert_eq!(
            p,
            [
                "The complaint is about the landlord’s response to:",
                "a) Reports of water leaks.",
                "b) The associated complaint.",
                "Complaint",
                "Reports of noise disturbance.",
                "Finding",
                "No maladministration",
                "This investigation considers the landlord’s response.",
                "If it has not already done so, the landlord should pay the resident the £400 as agreed.",
            ]
        );
    }
}
