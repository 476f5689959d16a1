//! The kinds of remedy a decision has the organisation agree to or
//! recommends: apology, payment, reassessment, service improvement...
//!
//! Remedies are read where a frame makes them this decision's: after
//! "agreed to", "will", "should", "we recommend", "accepted our
//! recommendations to" (an `agreed` frame); before "... is a satisfactory
//! remedy" (`nominal`); after "This included" when the previous sentence
//! agreed (`carry`); after "offered to" when a sentence of the Ombudsman
//! accepts the offer (`frame.accepted`) and the page is not a closure; and
//! every item of the agreed action. A span is cut into items
//! ([`clause::items`]): "apologise, pay Mr X £200 and review its
//! procedures" is three. Each item takes the kinds whose `remedy.kind` rules
//! it matches; a verb item that no kind names is `other`, unless it only
//! reports back to us (`remedy.report_back`) or only promises a remedy
//! (`remedy.generic`: "take action to remedy the injustice").

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use crate::extract::clause::{self, Analysed, State};
use crate::extract::money;
use crate::extract::section::Section;
use crate::extract::sentence::{strip_marker, Sentence};
use crate::extract::Page;
use crate::record::{Gbp, Remedy};

/// The remedies of the page's sentences (`analysed` aligned with
/// `sentences`; `None` for sentences not analysed), the agreed action's
/// first, then kinds only the rest of the page names, once each.
pub fn remedies(
    page: &Page,
    sentences: &[Sentence],
    analysed: &[Option<Analysed>],
    closure: bool,
    already_sums: &BTreeSet<Gbp>,
) -> Vec<Remedy> {
    let rules = page.rules;
    let mut in_action: Vec<Remedy> = Vec::new();
    let mut elsewhere: Vec<Remedy> = Vec::new();
    // (kind, line) pairs already taken: one remedy of a kind per line, so
    // that a list item split into sentences is one item.
    let mut seen_action: HashSet<(&str, usize)> = HashSet::new();
    let mut seen_elsewhere: HashSet<(&str, usize)> = HashSet::new();
    // After a lead-in that agrees or asks ("We asked the Council to ... the
    // following:"), the list items under it are remedies like the agreed
    // action's, wherever they stand.
    let mut list_open = false;
    let mut list_line = usize::MAX;
    for (k, (s, a)) in sentences.iter().zip(analysed).enumerate() {
        // Cut short once the file's budget is spent: the caller's check
        // then fails the file.
        if k % crate::budget::LOOK_EVERY == 0 && crate::budget::spent() {
            break;
        }
        let Some(a) = a else {
            list_open = false;
            continue;
        };
        if s.line != list_line {
            list_open = list_open && is_list_item(page, s);
            list_line = s.line;
        }
        if s.text.ends_with(':') {
            list_open = matches!(a.last_state(), State::Agreed | State::Obliged);
            list_line = s.line;
            continue;
        }
        if !s.section.is_own_words() {
            continue;
        }
        // A closure after initial enquiries has no findings of its own: its
        // body tells what happened before.
        if closure && s.section == Section::Findings {
            continue;
        }
        if rules.any_match("remedy.not_this_decision", s.text) {
            continue;
        }
        let accepted = || {
            !closure
                && (rules.any_match("frame.accepted", s.text)
                    || sentences
                        .get(k + 1)
                        .is_some_and(|n| rules.any_match("frame.accepted", n.text)))
        };
        let in_list = s.section == Section::Action || list_open;
        let (target, seen) = if in_list {
            (&mut in_action, &mut seen_action)
        } else {
            (&mut elsewhere, &mut seen_elsewhere)
        };
        for scope in a.scopes(in_list) {
            let take = match scope.state {
                State::Agreed | State::Nominal => true,
                // "Councils must ..." in the findings states the law.
                State::Obliged => s.section != Section::Findings,
                State::Offered => accepted(),
                // A list item of the agreed action with no frame of its own.
                State::None => in_list,
                _ => false,
            };
            if !take {
                continue;
            }
            // "reassess his eligibility and, if he is eligible, provide it":
            // what may follow from a decision still to take is no remedy yet.
            let mut reassessed = false;
            let mut after_condition = false;
            for (i, item) in item_texts(page, s.text, scope.range.clone())
                .into_iter()
                .enumerate()
            {
                let conditional = reassessed
                    && (after_condition || rules.any_match("remedy.condition_outcome", item));
                after_condition = rules.any_match("remedy.condition_tail", item);
                if conditional {
                    continue;
                }
                // "The payment of £2000 is sufficient": the offer already made.
                let mut overflow = false;
                if scope.state == State::Nominal
                    && money::amounts(rules, item, &mut overflow)
                        .iter()
                        .any(|a| already_sums.contains(&a.gbp))
                {
                    continue;
                }
                let nominal = scope.state == State::Nominal;
                let mut kinds = classify(page, item, nominal);
                // "The Council's procedures ... will also be reviewed": a
                // bare passive is read with its subject before the frame.
                if kinds.is_empty() && i == 0 && rules.any_match("remedy.passive", item) {
                    let subject = strip_marker(rules, s.text[..scope.range.start].trim());
                    kinds = classify(page, &format!("{subject} {item}"), nominal);
                }
                for kind in kinds {
                    reassessed |= kind == "reassessment";
                    if seen.insert((kind, s.line)) {
                        target.push(Remedy {
                            kind: kind.to_string(),
                            group: group(kind).into(),
                            evidence: page.evidence_of(s),
                        });
                    }
                }
            }
        }
    }
    let mut out = in_action;
    let kinds: HashSet<String> = out.iter().map(|r| r.kind.clone()).collect();
    let mut added: HashSet<String> = HashSet::new();
    for m in elsewhere {
        if !kinds.contains(&m.kind) && added.insert(m.kind.clone()) {
            out.push(m);
        }
    }
    out
}

/// True when the sentence's line is an item of a list of remedies: a list
/// marker, then a remedy verb ("- Apologise to Mrs X").
fn is_list_item(page: &Page, s: &Sentence) -> bool {
    let rules = page.rules;
    let line = page.cleaned.line(s.line);
    let marked = rules.field("text.list_marker").any(|r| {
        r.regex()
            .find(line)
            .is_some_and(|m| m.start() == 0 && m.end() > 0)
    });
    let item = strip_marker(rules, line);
    marked && rules.prefix_end("remedy.item_start", item).is_some()
}

/// The kinds whose `remedy.kind` rules match `text`, each once, in rule
/// order.
fn kinds_of<'r>(rules: &'r crate::rules::RuleSet, text: &str) -> Vec<&'r str> {
    let mut kinds: Vec<&str> = Vec::new();
    for r in rules.matching("remedy.kind", text) {
        if !kinds.contains(&r.yields()) {
            kinds.push(r.yields());
        }
    }
    kinds
}

/// `personal` or `service_improvement`, as the LGSCO splits remedies.
pub(crate) fn group(kind: &str) -> &'static str {
    if kind == "service_improvement" {
        "service_improvement"
    } else {
        "personal"
    }
}

/// The items of a span, each without its list marker, with a general remedy
/// ("remedy the injustice by ...") opening onto the items it names, and a
/// vehicle item ("write to Mr X", then "and apologise") left out.
fn item_texts<'t>(page: &Page, text: &'t str, range: Range<usize>) -> Vec<&'t str> {
    let rules = page.rules;
    let mut range = range;
    if let Some(m) = rules
        .field("remedy.means")
        .filter_map(|r| r.regex().find(&text[range.clone()]))
        .min_by_key(|m| m.start())
    {
        range = range.start + m.end()..range.end;
    }
    let items = clause::items(rules, text, range);
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, r)| (i, strip_subject(rules, strip_marker(rules, text[r].trim()))))
        .filter(|(i, t)| !(i + 1 < n && rules.any_match("remedy.vehicle", t)))
        .map(|(_, t)| t)
        .collect()
}

/// "it will backdate the uplift" (after "has agreed"): the item from its
/// verb, without the organisation restated with a modal.
fn strip_subject<'t>(rules: &crate::rules::RuleSet, item: &'t str) -> &'t str {
    match rules.prefix_end("remedy.item_subject", item) {
        Some(end) if end < item.len() => &item[end..],
        _ => item,
    }
}

/// The kinds of one item. A noun item of a nominal list ("training for
/// officers") that no kind names is nothing; a verb item is `other`.
fn classify<'r>(page: &'r Page, item: &str, nominal: bool) -> Vec<&'r str> {
    let rules = page.rules;
    // "arrange for an occupational therapist to reassess Mr B's needs": what
    // is done is the rest of the item.
    let delegated = rules
        .field("remedy.delegate")
        .find_map(|r| r.regex().find(item))
        .map(|m| classify(page, &item[m.end()..], nominal));
    if let Some(k) = &delegated {
        if !k.is_empty() && k[..] != ["other"] {
            return k.clone();
        }
    }
    // "issue guidance to staff on handling direct payments": the head is
    // the remedy; its topic names no kind of its own.
    let head = rules
        .field("remedy.topic")
        .find_map(|r| r.captures(item))
        .and_then(|c| c.name("head"))
        .map(str::trim_end);
    let mut kinds = head.map(|h| kinds_of(rules, h)).unwrap_or_default();
    if kinds.is_empty() {
        kinds = kinds_of(rules, item);
    }
    if kinds.is_empty() {
        if let Some(k) = delegated {
            return k;
        }
    }
    // "Remind staff of the duty to secure provision" improves the service;
    // it does not provide one.
    if kinds.contains(&"provide_service")
        && (kinds.contains(&"service_improvement") || kinds.contains(&"reassessment"))
    {
        kinds.retain(|k| *k != "provide_service");
    }
    // "reinstate his housing application", "restore her place on the
    // register": the record is the object; no service is provided.
    if kinds.contains(&"provide_service") && kinds.contains(&"correct_records") {
        kinds.retain(|k| *k != "provide_service");
    }
    // "update its information leaflet": a publication is improved; no
    // one's records are corrected.
    if kinds.contains(&"correct_records")
        && kinds.contains(&"service_improvement")
        && rules.any_match("remedy.publication", item)
    {
        kinds.retain(|k| *k != "correct_records");
    }
    // "update the information it holds about her": the person's own
    // records are corrected; no service is improved.
    if kinds.contains(&"correct_records")
        && kinds.contains(&"service_improvement")
        && rules.any_match("remedy.personal_record", item)
        && !rules.any_match("remedy.publication", item)
    {
        kinds.retain(|k| *k != "service_improvement");
    }
    // "reconsider Mrs X's complaint": the complaint goes back through the
    // procedure; no decision is retaken.
    if kinds.contains(&"reconsider_complaint") {
        kinds.retain(|k| *k != "reassessment");
    }
    if kinds.is_empty()
        && !nominal
        && rules.any_match("remedy.action_item", item)
        && !rules.any_match("remedy.report_back", item)
        && !rules.any_match("remedy.generic", item)
    {
        kinds.push("other");
    }
    kinds
}
