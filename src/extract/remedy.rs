//! Remedies: payments, non-financial remedies, deadlines and remedies the
//! organisation had already provided (issue 4).
//!
//! Money is read sentence by sentence, only in sentences that contain `£`.
//! A sum is a payment of this decision when a remedy verb (`money.verb`)
//! governs it and the nearest state marker before it (`money.state`) says the
//! organisation agreed, will or should pay (or the sentence is an imperative
//! list item, or sits in the agreed action). Sums already paid or offered go
//! to `remedy_already_provided_gbp`; sums claimed, charged or lost count
//! nowhere. The summary and the agreed action often state the same money
//! twice (`pay Miss X and her child £350`, then `£150` and `£200`): the
//! agreed action wins and a summary sum it covers (equal to one of its sums or
//! to a sum of them) is dropped, so the total is £350, not £700.

use std::collections::BTreeSet;

use regex::Regex;

use super::deadline;
use super::money::{self, Amount};
use super::sentence::{self, Section, Sentence};
use super::Page;
use crate::record::{Deadline, Evidence, Gbp, Payment, Record, Remedy};

/// A payment found in one sentence, before merging the page's sources.
#[derive(Debug, Clone)]
struct Found {
    payment: Payment,
    /// A rate (`£50 per month`) whose number of periods is not stated yet: a
    /// following "a total of £100" replaces it.
    open_rate: bool,
}

pub fn extract(page: &Page, sentences: &[Sentence], rec: &mut Record) {
    let mut summary = Vec::new();
    let mut action = Vec::new();
    let mut body = Vec::new();
    let mut already: Vec<(Gbp, usize)> = Vec::new();
    let mut already_said = false;
    let mut unknown_count = false;

    let mut complaint = Vec::new();
    for s in sentences {
        if !s.text.contains('£') {
            continue;
        }
        let target = match s.section {
            Section::Summary => &mut summary,
            Section::Action => &mut action,
            // The complaint tells history: an offer made before the
            // complaint came to us counts as already provided, never as a
            // payment of this decision.
            Section::Complaint => &mut complaint,
            _ => &mut body,
        };
        money_in_sentence(page, rec, s, target, &mut already, &mut unknown_count);
    }

    // Merge the sources: agreed action, then the rest of the body, then the
    // summary; a later source adds only sums the earlier ones do not cover.
    let body = dedupe(body, true);
    let action = dedupe(action, false);
    let mut payments: Vec<Payment> = action.into_iter().map(|f| f.payment).collect();
    payments = merge(payments, body.into_iter().map(|f| f.payment).collect());
    payments = merge(payments, summary.into_iter().map(|f| f.payment).collect());
    if unknown_count {
        rec.warnings.push(
            "a payment is made to each of several people whose number the text does not state: counted once"
                .into(),
        );
    }
    rec.remedy_total_gbp = payments.iter().map(|p| p.amount_gbp).sum();

    // Already provided: each distinct sum once.
    let mut seen = BTreeSet::new();
    let mut already_total = Gbp(0);
    for (g, line) in &already {
        if seen.insert(*g) {
            already_total += *g;
            if !rec.evidence.contains_key("remedy_already_provided") {
                rec.evidence
                    .insert("remedy_already_provided".into(), page.evidence(*line));
            }
        }
    }

    // "Already remedied" statements: the summary or decision says the
    // organisation had remedied the injustice, in a sentence that does not
    // agree or recommend a new remedy.
    // When the decision agrees a remedy, "a suitable remedy" speaks of that.
    let decided: Vec<_> = sentences
        .iter()
        .filter(|s| matches!(s.section, Section::Summary | Section::Decision))
        .collect();
    let agrees = decided.iter().any(|s| is_agreeing(page, s.text));
    for s in decided.iter().filter(|_| !agrees) {
        let remedied = page
            .rules
            .field("outcome.signal")
            .filter(|r| r.yields() == "remedied")
            .filter_map(|r| r.regex.find(s.text))
            .any(|m| !super::outcome::negated(&s.text[..m.start()]));
        let new_remedy = ["recommend", "agree", "action", "will "]
            .iter()
            .any(|w| s.text.contains(w));
        if remedied && !new_remedy && !is_agreeing(page, s.text) {
            already_said = true;
            rec.evidence
                .entry("remedy_already_provided".into())
                .or_insert_with(|| page.evidence(s.line));
            break;
        }
    }

    // Non-financial remedies: the agreed action's items, then kinds that only
    // the summary, decision or findings mention.
    let mut in_action: Vec<Remedy> = Vec::new();
    let mut elsewhere: Vec<Remedy> = Vec::new();
    for s in sentences {
        // A lead-in ("the Council will also take the following action to
        // improve its services:") announces the items that follow it.
        if s.text.ends_with(':')
            || !is_remedy_sentence(page, s)
            || page
                .rules
                .field("remedy.not_this_decision")
                .any(|r| r.regex.is_match(s.text))
        {
            continue;
        }
        let target = if s.section == Section::Action {
            &mut in_action
        } else {
            &mut elsewhere
        };
        let first_of_sentence = target.len();
        for rule in page.rules.field("remedy.kind") {
            if !rule.regex.is_match(s.text) {
                continue;
            }
            let kind = rule.yields();
            // One remedy of a kind per line: a list item split into
            // sentences is one item.
            if target
                .iter()
                .any(|m| m.kind == kind && m.evidence.line == s.line + 1)
            {
                continue;
            }
            let this_sentence = &target[first_of_sentence..];
            // "Remind staff of the duty to secure provision" improves the
            // service; it does not provide one.
            if this_sentence.iter().any(|m| m.kind == kind)
                || (kind == "provide_service"
                    && this_sentence
                        .iter()
                        .any(|m| m.kind == "service_improvement" || m.kind == "reassessment"))
            {
                continue;
            }
            target.push(Remedy {
                kind: kind.to_string(),
                group: if kind == "service_improvement" {
                    "service_improvement".into()
                } else {
                    "personal".into()
                },
                evidence: evidence(s),
            });
        }
        // An item of the agreed action that no kind names, and that is not
        // the report back to us.
        if s.section == Section::Action
            && target.len() == first_of_sentence
            && page
                .rules
                .field("remedy.action_item")
                .any(|r| r.regex.is_match(sentence::strip_marker(s.text)))
            && !page
                .rules
                .field("remedy.report_back")
                .any(|r| r.regex.is_match(s.text))
        {
            target.push(Remedy {
                kind: "other".into(),
                group: "personal".into(),
                evidence: evidence(s),
            });
        }
    }
    let mut remedies = in_action;
    for m in elsewhere {
        if !remedies.iter().any(|r| r.kind == m.kind) {
            remedies.push(m);
        }
    }
    // Every payment is also a `payment` remedy.
    for p in &payments {
        if !remedies
            .iter()
            .any(|m| m.kind == "payment" && m.evidence.line == p.evidence.line)
        {
            remedies.push(Remedy {
                kind: "payment".into(),
                group: "personal".into(),
                evidence: p.evidence.clone(),
            });
        }
    }
    remedies.sort_by_key(|m| m.evidence.line);

    // Deadlines.
    let mut deadlines: Vec<Deadline> = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        if s.section == Section::Complaint || s.section == Section::Header {
            continue;
        }
        let found = deadline::find(page.rules, s.text);
        if found.is_empty() {
            continue;
        }
        let in_scope = s.section == Section::Action
            || page
                .rules
                .field("deadline.scope")
                .any(|r| r.regex.is_match(s.text))
            || (matches!(s.section, Section::Summary | Section::Decision)
                && page
                    .rules
                    .field("remedy.agreed")
                    .any(|r| r.regex.is_match(s.text)));
        if !in_scope {
            continue;
        }
        for f in found {
            if deadlines
                .iter()
                .any(|d| d.days == f.days && d.evidence.line == s.line + 1)
            {
                continue;
            }
            deadlines.push(Deadline {
                text: s.text[f.start..f.end].to_string(),
                days: f.days,
                applies_to: applies_to(s.text, f.start, f.end, sentences.get(k + 1)),
                evidence: evidence(s),
            });
        }
    }

    rec.remedy_already_provided = already_total.0 > 0 || already_said;
    rec.remedy_already_provided_gbp = Some(already_total);
    rec.payments = payments;
    rec.remedies = remedies;
    rec.deadlines = deadlines;
}

fn evidence(s: &Sentence) -> Evidence {
    Evidence {
        line: s.line + 1,
        text: s.text.to_string(),
    }
}

/// True when a sentence agrees or recommends (a new remedy, not one the
/// organisation already gave).
fn is_agreeing(page: &Page, text: &str) -> bool {
    ["remedy.agreed", "remedy.agreed.future"]
        .iter()
        .any(|f| page.rules.field(f).any(|r| r.regex.is_match(text)))
}

/// A sentence whose remedies are this decision's: in the agreed action, or
/// agreeing or recommending in the summary, decision or findings.
fn is_remedy_sentence(page: &Page, s: &Sentence) -> bool {
    match s.section {
        Section::Action => true,
        Section::Summary | Section::Decision => is_agreeing(page, s.text),
        Section::Body => page
            .rules
            .field("remedy.agreed")
            .any(|r| r.regex.is_match(s.text)),
        _ => false,
    }
}

/// The state of a sum: what the nearest marker before it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Agreed,
    Already,
    Claim,
    None,
}

/// Spans of the matches of every rule of `field` in `text`, with the rule's
/// `yields`.
fn marks<'r>(page: &'r Page, field: &str, text: &str) -> Vec<(usize, usize, &'r str)> {
    let mut out = Vec::new();
    for rule in page.rules.field(field) {
        for m in rule.regex.find_iter(text) {
            out.push((m.start(), m.end(), rule.yields()));
        }
    }
    out
}

/// The mark ending nearest before `pos` (the longest on a tie: `had to pay`
/// beats `pay`).
fn nearest_before<'r>(
    marks: &[(usize, usize, &'r str)],
    pos: usize,
) -> Option<(usize, usize, &'r str)> {
    marks
        .iter()
        .filter(|m| m.1 <= pos)
        .max_by_key(|m| (m.1, m.1 - m.0))
        .copied()
}

fn money_in_sentence(
    page: &Page,
    rec: &Record,
    s: &Sentence,
    out: &mut Vec<Found>,
    already: &mut Vec<(Gbp, usize)>,
    unknown_count: &mut bool,
) {
    let amounts = money::amounts(s.text);
    if amounts.is_empty() {
        return;
    }
    let text = s.text;
    let matches = |field: &str, hay: &str| page.rules.field(field).any(|r| r.regex.is_match(hay));
    if matches("money.background", text) || matches("money.background", page.cleaned.line(s.line)) {
        return;
    }
    let verbs = marks(page, "money.verb", text);
    let mut states = marks(page, "money.state", text);
    // "£600 for lost provision": a claim word used as an adjective in a
    // payment's purpose says nothing about the sums after it.
    states.retain(|m| !(m.2 == "claim" && adjective_use(&text[..m.0])));
    let imperative = matches("money.imperative", sentence::strip_marker(text));
    let earlier_stage = matches("money.earlier_stage", text);
    let first_claim = states.iter().filter(|m| m.2 == "claim").map(|m| m.0).min();
    let mut prev_end = 0;
    let mut counted: Vec<Gbp> = Vec::new();
    let breakdown = breakdown_parts(text, &amounts);
    for (a, &part) in amounts.iter().zip(&breakdown) {
        let anchor_end = prev_end;
        prev_end = a.end;
        if part {
            continue;
        }
        if matches("money.total", &text[..a.start]) {
            // "£50 per month ... A total of £100": the total replaces the
            // open rate just before it.
            if let Some(last) = out.last_mut() {
                if last.open_rate && s.line + 1 - last.payment.evidence.line <= 1 {
                    last.payment.amount_gbp = a.gbp;
                    last.open_rate = false;
                    continue;
                }
            }
            // "£150 and £200, a total of £350": already counted.
            if !counted.is_empty() && counted.iter().copied().sum::<Gbp>() == a.gbp {
                continue;
            }
        }
        let state = match nearest_before(&states, a.start) {
            // Reported speech: "Mr B says the Council should ...".
            Some((start, _, "agreed")) if first_claim.is_some_and(|c| c < start) => State::Claim,
            // "pay Mr X £500, less the £200 it has already paid him": the
            // agreeing marker governs the earlier sum, this one was paid.
            Some((_, end, "agreed")) if end <= anchor_end && already_after(&text[a.end..]) => {
                State::Already
            }
            Some((_, _, "agreed")) => State::Agreed,
            Some((_, _, "already")) => State::Already,
            Some((_, _, "claim")) => State::Claim,
            _ if imperative || s.section == Section::Action => State::Agreed,
            // "in addition to the £100 it had already offered".
            _ if already_after(&text[a.end..]) => State::Already,
            _ => State::None,
        };
        // "The stage two investigation ... recommended a payment of £300":
        // an earlier stage's remedy, not this decision's.
        let state = if state == State::Agreed && earlier_stage {
            if already_after(&text[a.end..]) {
                State::Already
            } else {
                State::None
            }
        } else {
            state
        };
        if s.section == Section::Complaint && state != State::Already {
            continue;
        }
        let verb = nearest_before(&verbs, a.start).or_else(|| {
            // "a £200 payment": the verb just after the sum.
            verbs
                .iter()
                .find(|m| m.0 >= a.end && m.0 - a.end <= 20)
                .copied()
        });
        // "pay the grant of £30,000", "has paid her care fees of £4,200":
        // a sum the text talks about, unless it is refunded or waived.
        let from = verb.map_or(0, |v| v.1.min(a.start)).max(anchor_end);
        if verb.map_or(true, |v| v.2 == "payment")
            && matches("money.not_remedy", &text[from..a.start])
        {
            continue;
        }
        match (state, verb) {
            (State::Already, _) => {
                // "£500, less the £200 it has already paid": the new money is
                // the difference.
                if less_before(&text[anchor_end..a.start]) {
                    if let Some(last) = out.last_mut().filter(|f| {
                        f.payment.evidence.line == s.line + 1
                            && f.payment.amount_gbp.0 > a.total().0
                    }) {
                        last.payment.amount_gbp = Gbp(last.payment.amount_gbp.0 - a.total().0);
                    }
                }
                already.push((a.total(), s.line))
            }
            (State::Agreed, Some(v)) => {
                // "pay Mr X a symbolic payment of £500": the payee follows
                // the first verb of the run, not "payment".
                let recipient = recipient(text, v.1.max(anchor_end), a, rec).or_else(|| {
                    verbs
                        .iter()
                        .filter(|m| m.1 <= v.0 && m.1 >= anchor_end && v.0 - m.1 <= 40)
                        .max_by_key(|m| m.1)
                        .and_then(|m| recipient(text, m.1, a, rec))
                });
                let after = text[a.end..].trim_start();
                let each_after = after.starts_with("each") && !after.starts_with("each of");
                let count = match recipient.as_deref() {
                    Some(r) if r.starts_with("each") => {
                        each_count(page, rec, r).unwrap_or_else(|| {
                            *unknown_count = true;
                            1
                        })
                    }
                    // "pay Mr and Mrs Y £250 each".
                    Some(r) if each_after => people_in(page, rec, r).unwrap_or_else(|| {
                        *unknown_count = true;
                        1
                    }),
                    _ => 1,
                };
                // "pay her £500 for x, £3,000 for y": the later sums go to
                // the same payee.
                let recipient = recipient.or_else(|| {
                    (anchor_end > v.1)
                        .then(|| out.last().and_then(|f| f.payment.recipient.clone()))
                        .flatten()
                        .filter(|r| !r.starts_with("each"))
                });
                let payment = Payment {
                    amount_gbp: a.total(),
                    recipient,
                    purpose: purpose(&text[a.end..])
                        .or_else(|| (v.2 != "payment").then(|| v.2.to_string())),
                    kind: v.2.to_string(),
                    evidence: evidence(s),
                };
                for _ in 0..count {
                    out.push(Found {
                        payment: payment.clone(),
                        open_rate: a.per.is_some() && a.periods.is_none(),
                    });
                }
                counted.push(a.total());
            }
            _ => {}
        }
    }
}

/// True when the text before a word ends with a preposition, article or
/// possessive ("for", "the", "her"...): the word ("lost") describes a noun
/// rather than being the sentence's verb.
fn adjective_use(before: &str) -> bool {
    let last = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    ["for", "the", "of", "any", "her", "his", "their"]
        .iter()
        .any(|w| last.eq_ignore_ascii_case(w))
}

/// Drops payments stated twice in different sentences: the same sum with no
/// payee in one of them ("recommend a financial remedy of £5000" then "pay Ms
/// H £5000"), or, with `same_payee`, the same sum to the same payee (findings
/// that repeat a recommendation). Where a payee is named twice, the one named
/// survives.
fn dedupe(found: Vec<Found>, same_payee: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        let dup = out.iter_mut().find(|o| {
            o.payment.amount_gbp == f.payment.amount_gbp
                && o.payment.evidence.text != f.payment.evidence.text
                && (o.payment.recipient.is_none()
                    || f.payment.recipient.is_none()
                    || (same_payee && o.payment.recipient == f.payment.recipient))
        });
        match dup {
            Some(o) => {
                if o.payment.recipient.is_none() && f.payment.recipient.is_some() {
                    *o = f;
                }
            }
            None => out.push(f),
        }
    }
    out
}

/// Which sums of a sentence only break down the sum just before them, in
/// brackets ("pay Miss R £1,400 (£150 a month for eight months and £200 for
/// time and trouble)", "£2,500 (£500 for each year)"): the bracketed sums,
/// when together they do not exceed it. Sums without such a bracket all
/// count: "£600 for lost provision, £200 for distress and £400 for time" is
/// three payments.
fn breakdown_parts(text: &str, amounts: &[Amount]) -> Vec<bool> {
    let mut part = vec![false; amounts.len()];
    for (i, pair) in amounts.windows(2).enumerate() {
        let (a, next) = (&pair[0], &pair[1]);
        if part[i] || text[a.end..next.start].trim() != "(" {
            continue;
        }
        let close = text[next.start..]
            .find(')')
            .map_or(text.len(), |k| next.start + k);
        let inside = amounts[i + 1..]
            .iter()
            .take_while(|b| b.end <= close)
            .count();
        let sum: Gbp = amounts[i + 1..i + 1 + inside]
            .iter()
            .map(Amount::total)
            .sum();
        if sum.0 <= a.total().0 {
            part[i + 1..i + 1 + inside].fill(true);
        }
    }
    part
}

/// `base` plus the payments of `more` that `base` does not already cover: a
/// sum equal to one of base's sums, or to the total of two or more of them;
/// and none of `more` when together they are the breakdown of one of base's
/// sums (the summary itemises what the action pays as one sum).
fn merge(mut base: Vec<Payment>, more: Vec<Payment>) -> Vec<Payment> {
    let sums: Vec<i64> = base.iter().map(|p| p.amount_gbp.0).collect();
    if sums.is_empty() {
        return more;
    }
    let more_total: i64 = more.iter().map(|p| p.amount_gbp.0).sum();
    if more.len() >= 2 && sums.contains(&more_total) {
        return base;
    }
    base.extend(more.into_iter().filter(|p| !covered(&sums, p.amount_gbp.0)));
    base
}

/// True when `x` is one of `sums` or the sum of a subset of them.
fn covered(sums: &[i64], x: i64) -> bool {
    if sums.contains(&x) {
        return true;
    }
    if sums.len() > 16 {
        return sums.iter().sum::<i64>() == x;
    }
    (1u32..(1 << sums.len())).any(|mask| {
        sums.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, v)| v)
            .sum::<i64>()
            == x
    })
}

fn recipient_re() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:each\s+of\s+(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z](?:,\s+|\s+and\s+))+(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]|each\s+of\s+(?:the\s+)?[\w’']+(?:\s+[\w’']+)?|each|both|him|her|them|the\s+[\w’'-]+(?:\s+(?:and|of)\s+(?:the\s+)?[\w’'-]+)?(?:\s+[\w’'-]+)?|(?:Mr\s+and\s+Mrs|Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z](?:\s+and\s+(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z]|\s+and\s+(?:her|his|their)\s+\w+)?|[A-Z](?:\s+and\s+[A-Z])?|(?:his|her|their)\s+(?:late\s+)?(?:mother|father|son|daughter|child|children|wife|husband|partner|family|parents|grandparents|sister|brother|estate)|(?:first|second|third|fourth|fifth)(?:\s+family)?)$",
        )
        .expect("recipient regex")
    })
}

/// Who is paid: the words between the remedy verb (or the previous sum) and
/// the sum (`pay Miss X £150`, `make Ms E a symbolic payment of £250`), or
/// after the sum (`£500 to Mrs X`).
fn recipient(text: &str, anchor: usize, a: &Amount, rec: &Record) -> Option<String> {
    let between = text.get(anchor..a.start).unwrap_or("");
    let mut t = between
        .trim()
        .trim_start_matches([',', ';', ':'])
        .trim()
        .trim_end_matches(['(', ','])
        .trim();
    for lead in ["and ", "an additional ", "additional "] {
        if let Some(r) = t.strip_prefix(lead) {
            t = r.trim();
        }
    }
    for tail in [
        " a symbolic payment of",
        " a payment of",
        " a financial payment of",
        " an additional",
        " a further",
        " a total of",
        " the sum of",
        " a sum of",
    ] {
        if let Some(r) = t.strip_suffix(tail) {
            t = r.trim();
        }
    }
    let t = t.strip_prefix("to ").unwrap_or(t).trim();
    let t = t.strip_suffix(" the").unwrap_or(t);
    let pick = |s: &str| -> Option<String> {
        let s = s.trim();
        if s.is_empty() || !recipient_re().is_match(s) {
            return None;
        }
        let lower = s.to_lowercase();
        if matches!(lower.as_str(), "him" | "her" | "them") {
            return rec.complainant.clone().or(Some(s.to_string()));
        }
        Some(s.to_string())
    };
    if let Some(r) = pick(t) {
        return Some(r);
    }
    // After the sum: "a payment of £500 to Mrs X for".
    let after = text[a.end..].trim_start();
    if let Some(rest) = after.strip_prefix("to ") {
        let end = rest
            .find([',', ';', '.'])
            .unwrap_or(rest.len())
            .min(rest.find(" for ").unwrap_or(rest.len()))
            .min(rest.find(" to ").unwrap_or(rest.len()))
            .min(rest.find(" in ").unwrap_or(rest.len()));
        if let Some(r) = pick(&rest[..end]) {
            return Some(r);
        }
    }
    None
}

/// What a payment is for: the phrase after the sum (`to acknowledge her
/// avoidable distress`, `for the time and trouble`), without the connective.
fn purpose(after: &str) -> Option<String> {
    let mut t = after.trim_start_matches(|c: char| c == ')' || c.is_whitespace());
    // Skip a rate ("per month for each of the 6 months") and a recipient.
    for lead in [
        "to acknowledge ",
        "to recognise ",
        "to reflect ",
        "to remedy ",
        "in recognition of ",
        "as a symbolic payment for ",
        "as a symbolic payment ",
        "for ",
    ] {
        if let Some(p) = t.find(lead) {
            if p < 60 {
                t = &t[p + lead.len()..];
                let mut end = t.find([';', '.', '(', ':', '£']).unwrap_or(t.len());
                for stop in [
                    " caused",
                    " as a result",
                    " which",
                    " because",
                    " when ",
                    " that ",
                    " in pursuing",
                    " by the",
                    " to be used",
                    " and pay",
                    " and to ",
                ] {
                    if let Some(p) = t[..end].find(stop) {
                        end = p;
                    }
                }
                // "the time, trouble and inconvenience": a list; otherwise a
                // comma ends the purpose.
                if let Some(c) = t[..end].find(',') {
                    if !t[c..end].contains(" and ") {
                        end = c;
                    }
                }
                let mut p = t[..end].trim();
                for det in ["the ", "her ", "his ", "their ", "any "] {
                    if let Some(r) = p.strip_prefix(det) {
                        p = r;
                    }
                }
                let p: String = p.chars().take(100).collect();
                return (!p.is_empty()).then_some(p);
            }
        }
    }
    None
}

/// The words between two sums deduct the second from the first ("£500,
/// less the £200", "£900 minus the £150").
fn less_before(between: &str) -> bool {
    let t = between
        .trim_matches(|c: char| c == ',' || c.is_whitespace())
        .to_lowercase();
    [
        "less",
        "less the",
        "minus",
        "minus the",
        "after deducting",
        "after deducting the",
    ]
    .contains(&t.as_str())
}

/// True when the words after a sum say it was already paid or offered
/// ("£100 it had already offered").
fn already_after(after: &str) -> bool {
    let after = after.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let words: Vec<&str> = after.split_whitespace().take(6).collect();
    let t = words.join(" ").to_lowercase();
    (t.starts_with("it ") || t.starts_with("the council ") || t.starts_with("which "))
        && ["already", " paid", " offered", " refunded", " credited"]
            .iter()
            .any(|w| t.contains(w))
}

/// How many people a named payee is: "Mr and Mrs Y" two, "the three
/// families" three, "the grandparents" as the page counts them.
fn people_in(page: &Page, rec: &Record, recipient: &str) -> Option<u32> {
    let words: Vec<&str> = recipient.split_whitespace().collect();
    if let Some(n) = words
        .iter()
        .filter(|w| !matches!(w.to_lowercase().as_str(), "a" | "an" | "one"))
        .find_map(|w| money::number(w))
    {
        return Some(n);
    }
    // "Mr and Mrs Y", "Mr A, Mrs A and Miss A".
    if recipient.contains(" and ") {
        return Some(
            (recipient.matches(" and ").count() + recipient.matches(", ").count()) as u32 + 1,
        );
    }
    let noun = words.last()?;
    each_count(page, rec, &format!("each of the {noun}"))
}

/// How many people "each of the neighbours" is: a count stated in the page
/// ("Complaint from two men"), or two for a couple.
fn each_count(page: &Page, rec: &Record, recipient: &str) -> Option<u32> {
    // "each of Mr A and Mrs A": the people are named.
    let named = recipient.trim_start_matches("each of ");
    if ["Mr ", "Mrs ", "Ms ", "Miss ", "Mx ", "Dr "]
        .iter()
        .any(|t| named.starts_with(t))
    {
        return people_in(page, rec, named);
    }
    let noun = recipient
        .trim_start_matches("each of the ")
        .trim_start_matches("each of ")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let mut any = None;
    for i in 0..page.cleaned.len().min(80) {
        let line = page.cleaned.line(i);
        for rule in page.rules.field("recipients.count") {
            for c in rule.regex.captures_iter(line) {
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
    if matches!(noun.as_str(), "grandparents" | "parents" | "couple")
        || rec
            .complainant
            .as_deref()
            .is_some_and(|c| c.contains(" and "))
    {
        return Some(2);
    }
    None
}

/// What a deadline applies to: the rest of its sentence, or the list item
/// after a sentence that ends with a colon.
fn applies_to(text: &str, start: usize, end: usize, next: Option<&Sentence>) -> Option<String> {
    let mut rest = format!("{} {}", &text[..start], &text[end..]);
    for scope in [
        "of my final decision",
        "of the final decision",
        "of our final decision",
        "from the date of this report",
        "of the date of this report",
        "of this report",
    ] {
        rest = rest.replacen(scope, "", 1);
    }
    let rest = rest.replace(", ,", ",");
    let rest = sentence::strip_marker(rest.trim())
        .trim_matches(|c: char| c == ',' || c == '.' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if rest.ends_with(':') {
        if let Some(n) = next {
            let item = sentence::strip_marker(n.text).trim_end_matches(['.', ';']);
            return Some(format!("{} {}", rest, item));
        }
    }
    (!rest.is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use crate::clean::Cleaner;
    use crate::extract::extract;
    use crate::record::Record;
    use crate::rules::RuleSet;

    fn run(body: &str) -> Record {
        let text =
            format!("Essex County Council (24 019 538)\nThe Ombudsman's final decision:\n{body}\n");
        extract(
            &RuleSet::embedded(),
            "x.txt".into(),
            "x",
            &Cleaner::embedded().clean(&text),
        )
        .unwrap()
    }

    /// A page whose agreed action is the one item `action`.
    fn agreed(action: &str) -> Record {
        run(&format!(
            "Summary: The Council was at fault.\nAgreed action\n- {action}"
        ))
    }

    #[test]
    fn a_sum_and_its_breakdown_count_once() {
        let r = run("Summary: The Council was at fault. It has agreed to pay Miss R £150 a month for the eight months she lived with the disrepair and £200 for her time and trouble.\n\
             The complaint\n- Miss R paid rent of £135 a week.\n\
             Agreed action\n- Within four weeks of my final decision, the Council will pay Miss R £1,400 (£150 a month for eight months and £200 for time and trouble).");
        let amounts: Vec<_> = r
            .payments
            .iter()
            .map(|p| p.amount_gbp.to_string())
            .collect();
        assert_eq!(amounts, ["1400"]);
        assert_eq!(r.remedy_total_gbp.to_string(), "1400");
    }

    #[test]
    fn a_bracketed_rate_explains_the_sum_before_it() {
        let r = agreed(
            "The Council will pay Mrs Y £2,500 (£500 for each year she went without support).",
        );
        assert_eq!(r.remedy_total_gbp.to_string(), "2500");
        assert_eq!(r.payments.len(), 1);
    }

    #[test]
    fn a_sum_less_what_was_already_paid_is_the_difference() {
        let r = agreed("The Council will pay Mr X £500, less the £200 it has already paid him.");
        assert_eq!(r.remedy_total_gbp.to_string(), "300");
        assert_eq!(
            r.remedy_already_provided_gbp
                .map(|g| g.to_string())
                .as_deref(),
            Some("200")
        );
    }

    #[test]
    fn each_of_named_people() {
        let r =
            agreed("The Council will make a symbolic payment of £200 to each of Mr A and Mrs A.");
        assert_eq!(r.remedy_total_gbp.to_string(), "400");
        assert_eq!(r.payments.len(), 2);
    }

    #[test]
    fn a_charge_reduced_by_a_sum_is_a_waiver() {
        let r = agreed("The Council will reduce Mrs Y's care charges by £450.");
        assert_eq!(r.remedy_total_gbp.to_string(), "450");
        assert_eq!(r.payments[0].kind, "waiver");
    }

    #[test]
    fn separate_sums_in_one_sentence_still_add_up() {
        let r = agreed("The Council will pay Mrs B £600 for lost provision, £200 for distress and £400 for time and trouble.");
        assert_eq!(r.remedy_total_gbp.to_string(), "1200");
    }

    fn amounts(r: &Record) -> Vec<f64> {
        let mut v: Vec<f64> = r.payments.iter().map(|p| p.amount_gbp.pounds()).collect();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v
    }

    #[test]
    fn summary_and_action_count_once() {
        let r = run("Summary: It has agreed to pay Miss X and her child £350.\nAgreed action\n- pay Miss X £150 to acknowledge her avoidable distress; and\n- pay B £200 to acknowledge her avoidable distress.\n- The Council should take this action within four weeks of my final decision.");
        assert_eq!(amounts(&r), [150.0, 200.0]);
        assert_eq!(r.remedy_total_gbp.pounds(), 350.0);
        assert_eq!(r.payments[0].recipient.as_deref(), Some("Miss X"));
        assert_eq!(r.payments[1].recipient.as_deref(), Some("B"));
        assert_eq!(r.payments[0].purpose.as_deref(), Some("avoidable distress"));
        assert_eq!(r.deadlines.len(), 1);
        assert_eq!(r.deadlines[0].days, 28);
    }

    #[test]
    fn each_of_several_people() {
        let r = run("Summary: Complaint from two men about a house.\nThe council should, within three months from the date of this report, apologise and pay each of the neighbours £250 for their time and trouble.");
        assert_eq!(amounts(&r), [250.0, 250.0]);
        assert_eq!(r.remedy_total_gbp.pounds(), 500.0);
        assert_eq!(r.deadlines[0].days, 90);
    }

    #[test]
    fn each_after_the_sum() {
        let r =
            run("Summary: We found fault. The Council has agreed to pay Mr and Mrs Y £250 each.");
        assert_eq!(amounts(&r), [250.0, 250.0]);
        let r = run("Summary: We found fault. The Council has agreed to pay Miss X £300 and £200 for each month of delay.");
        assert_eq!(r.remedy_total_gbp.pounds(), 500.0);
    }

    #[test]
    fn already_offered_after_the_sum() {
        let r = run("Summary: We found fault. The Council agreed to pay Ms B £250.\nWhat I found\n- This is in addition to the £100 it had already offered.");
        assert_eq!(amounts(&r), [250.0]);
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 100.0);
    }

    #[test]
    fn rates() {
        let r = run("Summary: We upheld the complaint.\nAgreed action\n- pay Miss K £100 a month for each of the 6 months L had no transport.");
        assert_eq!(amounts(&r), [600.0]);
        let r = run("Summary: We upheld the complaint.\nMy assessment\n- We therefore asked the Council to consider remedying the injustice caused by completing the following:\n- Make a payment of £50 per month to recognise the frustration caused by the delay. A total of £100.");
        assert_eq!(amounts(&r), [100.0]);
    }

    #[test]
    fn several_sums_after_one_verb() {
        let r = run("Summary: The Council agreed to apologise to Miss X and pay her £500 for the uncertainty, £3,000 for her child’s potential missed education and £100 for the frustration.");
        assert_eq!(amounts(&r), [100.0, 500.0, 3000.0]);
        let r = run("Summary: It has agreed to pay Mrs X £250 for the avoidable distress caused and to waive outstanding fees of £181.");
        assert_eq!(amounts(&r), [181.0, 250.0]);
        assert_eq!(r.payments[1].kind, "waiver");
    }

    #[test]
    fn sums_that_are_not_remedies() {
        for s in [
            "Ms X wants an apology and for the Council to remove the fees of £310.",
            "He paid £220 to obtain medical evidence but the Council said it was not sufficient.",
            "Miss X complained the Council commissioned care home charges of £4,200 per week.",
            "Mrs X also complained the Council incorrectly sent a significant invoice (over £50,000).",
            "Ms X must repay a benefit overpayment of £12164.",
            "Mr B says the Council should apologise and cancel the invoice he received for £1593.00",
            "The rent of £135 a week was due.",
            "The Council agreed to pay the grant of £30,000 once the works are done.",
            "The Council has paid her care fees of £4,200 per week since May.",
            "The stage two investigation upheld her complaint and recommended a payment of £300.",
            "The grant of £30,000 paid for the works, which cost £60,000.",
            "Mrs B says the Council has wrongly refused her compensation claim for repairs over £1,100.",
        ] {
            let r = run(&format!("Summary: We upheld the complaint.\nWhat I found\n- {s}"));
            assert!(r.payments.is_empty(), "{s}: {:?}", r.payments);
            assert_eq!(r.remedy_already_provided_gbp.unwrap().0, 0, "{s}");
        }
    }

    #[test]
    fn already_provided_is_not_in_the_total() {
        let r = run("Summary: We will not investigate. The Council has already apologised and paid Mr F £200 for the repair, which is a suitable remedy.");
        assert!(r.payments.is_empty());
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 200.0);
        assert!(r.remedy_already_provided);
        let r = run("Summary: However, it recognised some fault and offered a payment of £250. We found the Council at fault and recommended an increased remedy.");
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 250.0);
        assert!(r.payments.is_empty());
        let r = run("Summary: The stage two investigation upheld her complaint and recommended a payment of £300, which the Council paid.");
        assert!(r.payments.is_empty());
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 300.0);
        let r = run("Summary: We found fault.\nWhat I found\n- The Council accepted the findings and paid Mrs Y £300.");
        assert_eq!(r.remedy_already_provided_gbp.unwrap().pounds(), 300.0);
        // Paid for an earlier complaint: background.
        let r = run("Summary: We will not investigate.\nMy assessment\n- The Council also paid Miss X £1000 during this time at our request.");
        assert_eq!(r.remedy_already_provided_gbp.unwrap().0, 0);
    }

    #[test]
    fn remedy_kinds() {
        let r = run("Summary: We found the Council at fault. The Council has agreed to consider the complaint through the statutory complaints procedure.\nAgreed Action\n- Within one month of the final decision, the Council should:\n- apologise to Ms A.\n- remind staff of the procedure.");
        let kinds: Vec<_> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
        assert!(kinds.contains(&"reconsider_complaint"));
        assert!(kinds.contains(&"apology"));
        assert!(kinds.contains(&"service_improvement"));
        let si = r
            .remedies
            .iter()
            .find(|m| m.kind == "service_improvement")
            .unwrap();
        assert_eq!(si.group, "service_improvement");
        assert_eq!(r.deadlines[0].days, 30);
        assert_eq!(
            r.deadlines[0].applies_to.as_deref(),
            Some("the Council should: apologise to Ms A")
        );
        // A stage mentioned as background is not a remedy.
        let r = run("Summary: We will not investigate Miss X's complaint. It is reasonable to expect her to request a stage two escalation.");
        assert!(r.remedies.is_empty());
    }

    #[test]
    fn other_remedies_and_report_back() {
        let r = run("Summary: We upheld the complaint.\nAgreed action\n- meet with the woman to decide a way forward;\n- The Council should provide us with evidence it has complied with the above actions.");
        let kinds: Vec<_> = r.remedies.iter().map(|m| m.kind.as_str()).collect();
        assert_eq!(kinds, ["other"]);
    }

    #[test]
    fn statutory_time_limits_are_not_deadlines() {
        let r = run("Summary: We upheld the complaint.\nWhat I found\n- The council must hold the panel within 30 days of the date of request.\n- The whole stage two process should be completed within 25 working days.");
        assert!(r.deadlines.is_empty());
    }
}
