//! Remedies: payments, non-financial remedies, deadlines and remedies the
//! organisation had already provided.
//!
//! One job a module: [`sums`] reads each sentence's sums under its clauses'
//! frames, [`payees`] and [`purposes`] say who a payment goes to and what
//! for, [`merge`] counts money stated twice once, [`kinds`] names the kinds
//! of remedy. Sentences are analysed into clauses and frames once
//! ([`Analysed`]) and shared by all of them.

pub mod kinds;
pub mod merge;
pub mod payees;
pub mod purposes;
pub mod sums;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::clause::{Analysed, State};
use super::deadline;
use super::section::Section;
use super::sentence::Sentence;
use super::Page;
use crate::budget::Budget;
use crate::error::{ErrorKind, FileError};
use crate::record::{Gbp, Payment, Record, Remedy};
use crate::rules::Mark;

/// A payment found in one sentence, before merging the page's sources.
#[derive(Debug, Clone)]
pub struct Found {
    pub payment: Payment,
    /// Index of its sentence on the page.
    pub sentence: usize,
    /// A rate (`£50 per month`) whose number of periods is not stated yet: a
    /// following "a total of £100" replaces it.
    pub open_rate: bool,
    /// Named by a nominal frame ("The payment of £2000 is a suitable
    /// remedy"): the same sum already offered is that offer, not a new one.
    pub nominal: bool,
    /// Introduced as a total ("a total of £700", "£700 in total") without
    /// being the total of its own sentence's sums: it may restate the
    /// page's other sums.
    pub total: bool,
    /// Less money already provided that its sentence does not name ("pay Mr
    /// K £300, less the goodwill payment it has already made",
    /// `money.less_unnamed`): the page's one sum already provided comes off.
    pub less_already: bool,
}

/// Sentences between two checks of the time budget.
const CHECK_EVERY: usize = 64;

/// The clauses and frames of a page's sentences, made once and read by
/// outcome inference and by the remedies.
pub struct Analyses<'a> {
    /// Aligned with the sentences: every sentence that can hold a remedy or
    /// a sum, analysed with the state its paragraph carries; `None` for the
    /// others.
    pub analysed: Vec<Option<Analysed<'a>>>,
    /// Which sentences hold a sum: only they have sums to read.
    pub has_sums: Vec<bool>,
}

/// Analyses every sentence that can hold a remedy or a sum.
pub fn analyse<'a>(
    page: &Page,
    sentences: &[Sentence<'a>],
    budget: &Budget,
) -> Result<Analyses<'a>, FileError> {
    let rules = page.rules;
    let mut analysed: Vec<Option<Analysed>> = Vec::with_capacity(sentences.len());
    let mut has_sums: Vec<bool> = Vec::with_capacity(sentences.len());
    let mut carried = State::None;
    let mut prev_line = usize::MAX;
    for (k, s) in sentences.iter().enumerate() {
        if k % CHECK_EVERY == 0 {
            budget.check("remedies")?;
        }
        if s.line != prev_line && s.line != prev_line.wrapping_add(1) {
            carried = State::None;
        }
        prev_line = s.line;
        let has_sum = rules.any_match("money.amount", s.text);
        has_sums.push(has_sum);
        if !(s.section.is_own_words() || has_sum) || s.section == Section::Role {
            analysed.push(None);
            carried = State::None;
            continue;
        }
        let a = Analysed::new(rules, s.text, carried);
        carried = a.last_state();
        analysed.push(Some(a));
    }
    Ok(Analyses { analysed, has_sums })
}

/// The remedies of a page. `analyses` are its sentences' ([`analyse`]),
/// `signals` the `outcome.signal` marks outcome inference read (aligned
/// with the sentences).
pub fn extract(
    page: &Page,
    sentences: &[Sentence],
    analyses: &Analyses,
    signals: &[Option<Vec<Mark>>],
    rec: &mut Record,
    budget: &Budget,
) -> Result<(), FileError> {
    let analysed = &analyses.analysed[..];
    let has_sums = &analyses.has_sums;

    // Money.
    let mut sums = sums::Sums::default();
    for (k, (s, a)) in sentences.iter().zip(analysed).enumerate() {
        if k % CHECK_EVERY == 0 {
            budget.check("remedies")?;
        }
        sums.track_lead_in(page.rules, s, a.as_ref());
        // A sum named before and paid here ("The Council will reimburse
        // this"); without a `money.amount` match the sentence has no sums of
        // its own to read.
        if let Some(a) = a {
            sums::read_reference(page, k, s, a, &mut sums, false);
            if has_sums[k] {
                sums::read(
                    page,
                    rec,
                    k,
                    s,
                    k.checked_sub(1).map(|j| &sentences[j]),
                    a,
                    &mut sums,
                );
                sums::read_reference(page, k, s, a, &mut sums, true);
            }
        }
    }
    if sums.overflow {
        return Err(FileError::new(
            ErrorKind::Overflow,
            "a sum of money on this page is too large to add up exactly (over 92 million million pounds in pence): the page's money cannot be read",
        ));
    }
    let already_sums: BTreeSet<Gbp> = sums.already.iter().map(|(g, _)| *g).collect();
    // "pay Mr K £300, less the goodwill payment it has already made": less
    // the one sum already provided; with none or several, not settled.
    let single_already = match already_sums.iter().collect::<Vec<_>>().as_slice() {
        [g] => Some(**g),
        _ => None,
    };
    for v in [&mut sums.summary, &mut sums.action, &mut sums.body] {
        for f in v.iter_mut().filter(|f| f.less_already) {
            match single_already {
                Some(g) if g.0 < f.payment.amount_gbp.0 => {
                    f.payment.amount_gbp = Gbp(f.payment.amount_gbp.0 - g.0);
                    f.less_already = false;
                }
                _ => sums.unsettled.push((
                    f.payment.amount_gbp,
                    f.payment.evidence.line.saturating_sub(1),
                )),
            }
        }
        v.retain(|f| !f.less_already);
    }
    merge::drop_restated_totals(&mut sums, &already_sums);
    let body = merge::dedupe(sums.body, true);
    let action = merge::dedupe(sums.action, false);
    let pay = |found: Vec<Found>| -> Vec<Payment> {
        found
            .into_iter()
            // "The payment of £2000 is sufficient": the offer already made.
            .filter(|f| !(f.nominal && already_sums.contains(&f.payment.amount_gbp)))
            .map(|f| f.payment)
            .collect()
    };
    let mut payments = pay(action);
    payments = merge::merge(payments, pay(body));
    payments = merge::merge(payments, pay(sums.summary));
    if sums.unknown_count {
        rec.warnings.push(
            "a payment is made to each of several people whose number the text does not state: counted once"
                .into(),
        );
    }
    let Some(total) = sums::sum(&payments.iter().map(|p| p.amount_gbp).collect::<Vec<_>>()) else {
        return Err(overflow());
    };
    rec.remedy_total_gbp = Some(total);
    if let Some(p) = payments.iter().find(|p| p.per.is_some()) {
        // A wrong total is worse than none: "£100 per month for the delay".
        rec.remedy_total_gbp = None;
        rec.warnings.push(format!(
            "remedy_total_gbp is null: £{} per {} for a number of periods the text does not state",
            p.amount_gbp.decimal(),
            p.per.as_deref().unwrap_or_default()
        ));
    }

    // "reimburse Mr M's costs once he sends evidence": money whose sum the
    // text does not give, unless the page pays costs by a sum or a
    // reference elsewhere (the summary's "reimburse Mrs X's costs", the
    // agreed action's "reimburse these costs").
    let costs_paid = payments
        .iter()
        .any(|p| matches!(p.kind.as_str(), "refund" | "reimbursement"));
    if let (Some(line), None, false) = (sums.unnamed_costs, sums.unsettled.first(), costs_paid) {
        rec.remedy_total_gbp = None;
        rec.warnings.push(format!(
            "remedy_total_gbp is null: line {} refunds or reimburses costs the text puts no figure on",
            line + 1
        ));
    }
    if let Some((g, line)) = sums.unsettled.first() {
        // "consider paying up to £500": the remedy is money, but how much
        // the text does not settle.
        rec.remedy_total_gbp = None;
        rec.warnings.push(format!(
            "remedy_total_gbp is null: £{} (line {}) is a cap, a range, a sum only to be considered or a payment under a condition, which the text does not settle",
            g.decimal(),
            line + 1
        ));
    }

    // Already provided: each distinct sum once.
    let mut seen = BTreeSet::new();
    let mut already_total = Gbp(0);
    for (g, line) in &sums.already {
        if seen.insert(*g) {
            already_total = Gbp(already_total.0.checked_add(g.0).ok_or_else(overflow)?);
            rec.evidence
                .entry("remedy_already_provided".into())
                .or_insert_with(|| page.evidence(*line));
        }
    }
    let already_said = already_remedied(page, sentences, analysed, signals);
    if let Some(s) = already_said {
        rec.evidence
            .entry("remedy_already_provided".into())
            .or_insert_with(|| page.evidence_of(s));
    }

    let closure = rec.remedied_closure
        || rec
            .outcome
            .as_deref()
            .is_some_and(|o| o.starts_with("Closed"));
    let mut remedies = kinds::remedies(page, sentences, analysed, closure, &already_sums);
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
    budget.check("remedies")?;

    rec.deadlines = deadline::deadlines(page, sentences, analysed);
    budget.check("deadlines")?;
    rec.remedy_already_provided = already_total.0 > 0 || already_said.is_some();
    rec.remedy_already_provided_gbp = Some(already_total);
    if let Some((g, line)) = sums.unsettled_already.first() {
        // "It had offered up to £200": something was offered, but how much
        // the text does not settle.
        rec.remedy_already_provided = true;
        rec.remedy_already_provided_gbp = None;
        rec.evidence
            .entry("remedy_already_provided".into())
            .or_insert_with(|| page.evidence(*line));
        rec.warnings.push(format!(
            "remedy_already_provided_gbp is null: £{} (line {}) was offered as a cap, which the text does not settle",
            g.decimal(),
            line + 1
        ));
    }
    rec.payments = payments;
    rec.remedies = remedies;
    Ok(())
}

fn overflow() -> FileError {
    FileError::new(
        ErrorKind::Overflow,
        "the payments on this page add up to more than can be counted exactly (over 92 million million pounds in pence)",
    )
}

/// The sentence of the summary or decision that says the organisation had
/// already remedied the injustice (a `remedied` signal outside an agreed or
/// reported clause, on a page whose summary and decision agree no new
/// remedy), or that reports remedies it had already given.
fn already_remedied<'a>(
    page: &Page,
    sentences: &'a [Sentence],
    analysed: &[Option<Analysed>],
    signals: &[Option<Vec<Mark>>],
) -> Option<&'a Sentence<'a>> {
    let rules = page.rules;
    let decided: Vec<(usize, &Sentence, &Analysed)> = sentences
        .iter()
        .zip(analysed)
        .enumerate()
        .filter(|(_, (s, _))| matches!(s.section, Section::Summary | Section::Decision))
        .filter_map(|(k, (s, a))| a.as_ref().map(|a| (k, s, a)))
        .collect();
    if decided.iter().any(|(_, _, a)| {
        a.frames
            .iter()
            .any(|f| matches!(f.state, State::Agreed | State::Obliged))
    }) {
        return None;
    }
    decided.into_iter().find_map(|(k, s, a)| {
        // Outcome inference read the signals of the summary and decision.
        let found;
        let marks = match signals.get(k).and_then(Option::as_ref) {
            Some(m) => m,
            None => {
                found = rules.marks("outcome.signal", s.text);
                &found
            }
        };
        let remedied = marks.iter().filter(|m| m.yields == "remedied").any(|m| {
            !matches!(
                a.state_at(m.start),
                State::Claim | State::Negated | State::Reported | State::Hypothetical
            )
        });
        let done = a.scopes(false).iter().any(|sc| {
            sc.state == State::Already && rules.any_match("remedy.kind", &s.text[sc.range.clone()])
        });
        (remedied || done).then_some(s)
    })
}
