//! Who a payment goes to, and how many people that is.
//!
//! The payee is the words between the remedy verb (or the previous sum) and
//! the sum ("pay Miss X £150", "make Ms E a symbolic payment of £250"), or
//! after the sum ("£500 to Mrs X"), when they name one (`payee.name`). A
//! payment "to each of" several people counts once per person when the page
//! says how many (`recipients.count`, a couple, named people).

use crate::extract::money::{self, Amount};
use crate::extract::Page;
use crate::record::Record;
use crate::rules::RuleSet;

/// Who is paid, when the text names a payee.
pub fn recipient(
    page: &Page,
    rec: &Record,
    text: &str,
    anchor: usize,
    am: &Amount,
) -> Option<String> {
    let rules = page.rules;
    let between = text.get(anchor..am.start).unwrap_or("");
    let t = strip(rules, between);
    if let Some(r) = pick(rules, rec, &t) {
        return Some(r);
    }
    // After the sum: "a payment of £500 to Mrs X for ...".
    let after = &text[am.end..];
    let rest = rules.field("payee.after_sum").find_map(|r| {
        r.captures(after)
            .and_then(|c| c.name("rest"))
            .map(|m| after.len() - m.len())
    })?;
    let rest = &after[rest..];
    let end = rules
        .field("payee.after_sum_end")
        .filter_map(|r| r.regex().find(rest))
        .map(|m| m.start())
        .min()
        .unwrap_or(rest.len());
    pick(rules, rec, rest[..end].trim())
}

/// The words between verb and sum without the connectives and phrases
/// around a payee (`payee.strip`: "and", "a symbolic payment of"...),
/// stripped until none is left at either end.
fn strip(rules: &RuleSet, between: &str) -> String {
    let mut t = between
        .trim()
        .trim_start_matches([',', ';', ':'])
        .trim()
        .trim_end_matches(['(', ','])
        .trim()
        .to_string();
    for _ in 0..4 {
        let before = t.len();
        for r in rules.field("payee.strip") {
            if let Some(m) = r.regex().find(&t) {
                if m.start() == 0 || m.end() == t.len() {
                    t = format!("{}{}", &t[..m.start()], &t[m.end()..])
                        .trim()
                        .to_string();
                }
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// `s` as a payee when it names one; a pronoun payee is the complainant.
fn pick(rules: &RuleSet, rec: &Record, s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || !rules.any_match("payee.name", s) {
        return None;
    }
    if rules.any_match("payee.pronoun", s) {
        return rec.complainant.clone().or(Some(s.to_string()));
    }
    Some(s.to_string())
}

/// True when a payee is each of several people ("each of the neighbours").
pub fn is_each(rules: &RuleSet, recipient: &str) -> bool {
    rules.prefix_end("payee.each", recipient).is_some()
}

/// How many payments one sum stands for: one per person for "each of the
/// neighbours" and "Mr and Mrs Y £250 each"; `None` when the page does not
/// say how many people that is (counted once, with a warning).
pub fn count(page: &Page, rec: &Record, recipient: Option<&str>, after: &str) -> Option<u32> {
    let rules = page.rules;
    let Some(r) = recipient else { return Some(1) };
    if is_each(rules, r) {
        return each_count(page, rec, r);
    }
    // "pay Mrs C £100 for each of her three children": as many sums as the
    // words after it count (`money.each`, group `n`).
    if let Some(n) = rules
        .field("money.each")
        .find_map(|r| r.captures(after).and_then(|c| c.name("n")))
        .and_then(money::number)
    {
        return Some(n);
    }
    // "pay Mr and Mrs Y £250 each".
    let each_after = rules.prefix_end("money.each", after).is_some();
    if each_after {
        return people_in(page, rec, r);
    }
    Some(1)
}

/// How many people a named payee is: "Mr and Mrs Y" two, "the three
/// families" three, "the grandparents" as the page counts them.
fn people_in(page: &Page, rec: &Record, recipient: &str) -> Option<u32> {
    let words: Vec<&str> = recipient.split_whitespace().collect();
    // "a", "an" and "one" are articles here, not a count.
    if let Some(n) = words.iter().filter_map(money::number).find(|&n| n != 1) {
        return Some(n);
    }
    // "Mr and Mrs Y", "Mr A, Mrs A and Miss A": one more than the joins.
    let joins = page
        .rules
        .field("payee.joiner")
        .map(|r| r.regex().find_iter(recipient).count())
        .sum::<usize>();
    if joins > 0 {
        return Some(joins as u32 + 1);
    }
    let noun = words.last()?;
    noun_count(page, rec, noun)
}

/// How many people "each of the neighbours" is.
fn each_count(page: &Page, rec: &Record, recipient: &str) -> Option<u32> {
    let rules = page.rules;
    let rest = rules
        .field("payee.each")
        .find_map(|r| r.captures(recipient).and_then(|c| c.name("rest")))
        .unwrap_or("");
    // "each of her two sons", "each of Mr and Mrs F's three children".
    if let Some(n) = rest
        .split_whitespace()
        .filter_map(money::number)
        .find(|&n| n > 1)
    {
        return Some(n);
    }
    // "each of Mr A and Mrs A": the people are named.
    if rules.prefix_end("payee.title", rest).is_some() {
        return people_in(page, rec, rest);
    }
    let noun = rest.split_whitespace().next().unwrap_or("");
    noun_count(page, rec, noun)
}

/// How many people a plural noun is on this page: a count stated near the
/// top ("Complaint from two men"), or two for a couple.
fn noun_count(page: &Page, rec: &Record, noun: &str) -> Option<u32> {
    let rules = page.rules;
    let noun = noun.to_lowercase();
    let mut any = None;
    for i in 0..page.cleaned.len().min(80) {
        let line = page.cleaned.line(i);
        for rule in rules.field("recipients.count") {
            for c in rule.regex().captures_iter(line) {
                let n = money::number(&c["n"]);
                if c["noun"].eq_ignore_ascii_case(&noun) {
                    return n;
                }
                if any.is_none() {
                    any = n;
                }
            }
        }
    }
    if any.is_some() {
        return any;
    }
    if rules.any_match("payee.couple", &noun)
        || rec
            .complainant
            .as_deref()
            .is_some_and(|c| rules.any_match("payee.joiner", c))
    {
        return Some(2);
    }
    None
}
